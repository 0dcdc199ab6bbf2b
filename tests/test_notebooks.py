"""The notebooks in notebooks/ run top to bottom on the sample corpus, with the venv's kernel,
and are committed without outputs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="notebook tests need nbformat (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="notebook tests need nbclient (pip install -e '.[test]')")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
TIMEOUT = 180  # seconds per cell
# What a reader must see in each notebook's outputs: proof that the data, not just the code, arrived.
_GOLD = [json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "corpus").rglob("*.gold.json")]
_REPORTS = {(g["agency"], g["year"]) if g["is_report"] else g["file"] for g in _GOLD}
EXPECTED = {
    "01_one_report.ipynb": ["青禾县人民政府", "overview", "problems", "headline"],
    "02_one_body_across_years.ipynb": ["<Corpus 4 files", "carried", "promise_headline"],
    # every report of the sample corpus: one per gold file, the copies of one report (a body's
    # year in several forms, corpus/forms/) merged into one
    "03_corpus_overview.ipynb": [f"<Corpus {len(_REPORTS)} files", "error", "image/png"],
}


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_notebooks_exist() -> None:
    assert [p.name for p in notebooks()] == sorted(EXPECTED)


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    stale = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not stale, f"{path.name}: cells {stale} carry outputs; clear them before committing"


def outputs_text(nb) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime, data in out.get("data", {}).items():
                parts.append(mime)
                if mime.startswith("text/"):
                    parts.append(data if isinstance(data, str) else "".join(data))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample_corpus(path: Path) -> None:
    if not (REPO / "corpus").is_dir():
        pytest.skip("the sample corpus (corpus/) is missing")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the traceback, on the first failing cell
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    text = outputs_text(nb)
    for expected in EXPECTED[path.name]:
        assert expected in text, f"{path.name}: {expected!r} not in the outputs"
    assert "Glyph" not in text and "missing from font" not in text, f"{path.name}: glyph warnings in the outputs"
    if "use_cjk_font()" in "".join(c.source for c in nb.cells):
        assert "CJK font:" in text  # the notebook says which font it uses, or how to get one


def test_without_a_cjk_font_charts_say_how_to_get_one_and_stay_quiet(monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from textkit.present import fonts

    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if f.name.startswith("DejaVu")])
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context():
        warnings.simplefilter("always")
        assert fonts.use_cjk_font() is None
        fig, ax = plt.subplots()
        ax.set_title("青禾县人民政府")
        fig.canvas.draw()
        plt.close(fig)
    assert "apt-get install fonts-noto-cjk" in capsys.readouterr().out
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_with_a_cjk_font_it_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib
    from matplotlib import font_manager

    from textkit.present import fonts

    fake = font_manager.FontEntry(fname="/nonexistent/NotoSansCJK.ttc", name="Noto Sans CJK SC")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [*font_manager.fontManager.ttflist, fake])
    with matplotlib.rc_context():
        assert fonts.use_cjk_font() == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"


@pytest.mark.slow
def test_readme_nbconvert_command_runs_a_notebook(tmp_path: Path) -> None:
    """README "Notebooks": jupyter nbconvert (the `notebooks` extra) executes a notebook headless."""
    import shutil
    import subprocess
    import sys

    if not (REPO / "corpus").is_dir():
        pytest.skip("the sample corpus (corpus/) is missing")
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent))
    if jupyter is None:
        pytest.skip("jupyter nbconvert is not installed (pip install -e '.[notebooks]')")
    result = subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(tmp_path),
                             str(NOTEBOOKS / "02_one_body_across_years.ipynb")],
                            capture_output=True, text=True, timeout=300, cwd=NOTEBOOKS, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    nb = nbformat.read(tmp_path / "02_one_body_across_years.ipynb", as_version=4)
    text = outputs_text(nb)
    assert "image/png" in text and "Glyph" not in text
