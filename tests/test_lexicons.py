"""Lexicons load, validate, can be overridden, and ship inside the wheel."""
from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from textkit import lexicons
from textkit.errors import LexiconError

REPO = Path(__file__).resolve().parents[1]


def test_every_lexicon_loads_with_entries() -> None:
    counts = lexicons.load_all()
    assert set(counts) == set(lexicons.ALL) and all(n > 0 for n in counts.values())


def test_malformed_lexicon_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "headings.tsv").write_text("# comment\noverview\t总体情况\tany\nproblems\t问题\n", encoding="utf-8")
    monkeypatch.setenv("TEXTKIT_LEXICONS", str(tmp_path))
    lexicons.table.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"headings.tsv:3: expected 3 columns, got 2"):
            lexicons.table("headings.tsv", 3)
    finally:
        lexicons.table.cache_clear()


def test_user_folder_overrides_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "stopwords.txt").write_text("# mine\n政务\n", encoding="utf-8")
    monkeypatch.setenv("TEXTKIT_LEXICONS", str(tmp_path))
    lexicons.entries.cache_clear()
    try:
        assert lexicons.words("stopwords.txt") == ("政务",)
    finally:
        lexicons.entries.cache_clear()


@pytest.mark.slow
def test_wheel_ships_lexicons(tmp_path: Path) -> None:
    """Build the wheel, install it in a fresh venv outside the checkout, load every lexicon; every
    module of the stage folders and the HTML template ship."""
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(REPO)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, system_site_packages=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(tmp_path / "site"), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import textkit.lexicons as L; "
             "assert 'site' in L.__file__, L.__file__; print(sorted(L.load_all().items()))")
    out = subprocess.run([str(python), "-c", probe, str(tmp_path / "site")], cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    assert "headings.tsv" in out.stdout and "userdict.txt" in out.stdout
    # every module of every stage folder and the HTML report template ship, and the template loads
    shipped = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(REPO).as_posix() for p in (REPO / "textkit").rglob("*.py")}
    assert sources <= shipped, sorted(sources - shipped)
    assert "textkit/present/templates/report.html.j2" in shipped
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import textkit; from textkit.present.html_pages import render_html; "
             "assert 'site' in textkit.__file__; print(render_html([], [])[:15])")
    out = subprocess.run([str(python), "-c", probe, str(tmp_path / "site")], cwd=tmp_path, check=True,
                         capture_output=True, text=True)
    assert out.stdout.lower().startswith("<!doctype html"), out.stdout
