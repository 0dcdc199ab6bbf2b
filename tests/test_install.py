"""The README's install, then the README's Python API, run the way a newcomer runs them: from
inside the checkout (where the local textkit/ folder shadows the installed package)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

import textkit

REPO = Path(__file__).resolve().parents[1]


def _readme_api_lines() -> str:
    """The ``python`` block under "## Python API" in the README, as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block, "README has no python block under ## Python API"
    return block.group(1)


@pytest.mark.slow
def test_readme_install_then_api_from_the_checkout(tmp_path: Path) -> None:
    """``pip install .`` into a fresh venv, then the README's API lines with the checkout as the
    current folder (about 15 s). The venv sees this environment's packages through a .pth file,
    so pip finds the dependencies installed and builds and installs textkit alone: installing
    pyarrow, pandas, scipy... again would take 80 s more and test nothing of textkit (CI's own
    run of the README install, .ci/run, installs them)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    ours = sysconfig.get_paths()["purelib"]
    theirs = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    (Path(theirs) / "_dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "TEXTKIT_LEXICONS")}
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO)], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    probe = _readme_api_lines() + (
        "\nassert doc.year == 2022 and doc.agency, doc\n"
        "assert report.error is None and report.sections and report.findings is not None\n"
        "frame = corpus.to_frame('reports')\n"
        "assert frame['error'].isna().sum() >= len(frame) - 1, frame['error'].tolist()\n"
        "print('api ok', len(frame))\n")
    run = subprocess.run([str(python), "-c", probe], cwd=REPO, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "api ok" in run.stdout
    installed = subprocess.run([str(python), "-c", "import textkit; print(textkit.__file__)"], cwd=tmp_path,
                               env=env, capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in installed  # outside the checkout, the wheel itself is what is imported


def test_analyze_raises_on_an_unreadable_file_like_read(tmp_path: Path) -> None:
    """One named file: ``read`` and ``analyze`` both raise IngestError naming it (a batch,
    ``Corpus``, keeps the file as a row with its ``error`` instead)."""
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(textkit.IngestError, match="empty.txt"):
        textkit.read(bad)
    with pytest.raises(textkit.IngestError, match="empty.txt"):
        textkit.analyze(bad)
    frame = textkit.Corpus([bad]).to_frame("reports")
    assert len(frame) == 1 and "empty.txt" in frame["error"].iloc[0]
