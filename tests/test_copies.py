"""Copies of one report (same body and year, saved as text and as a web page) count once: one
report that keeps every path, one year in the body's series, no carry-over against itself."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from textkit.cli import main


def _as_web_page(text_file: Path, target: Path) -> None:
    """The text report saved as a portal page: one paragraph per line."""
    lines = text_file.read_text(encoding="utf-8").splitlines()
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    target.write_text(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title></head>"
                      f"<body>{body}</body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def with_copy(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("copies") / "qinghe"
    folder.mkdir()
    for year in (2021, 2022, 2023):
        shutil.copy(sample_corpus / f"qinghe-county/{year}.txt", folder / f"{year}.txt")
    _as_web_page(sample_corpus / "qinghe-county/2022.txt", folder / "2022.html")
    return folder


def _json(paths: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["audit", *paths, "--format", "json", "--workers", "1", "--no-cache"]) == 0
    return json.loads(capsys.readouterr().out)


def test_text_and_web_copies_are_one_report(with_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(json.dumps(_json([str(with_copy)], capsys)))
    years = [r["year"] for r in data["reports"]]
    assert sorted(years) == [2021, 2022, 2023]
    merged = next(r for r in data["reports"] if r["year"] == 2022)
    paths = {merged["path"], *merged["copies"]}
    assert paths == {str(with_copy / "2022.txt"), str(with_copy / "2022.html")}
    (body,) = data["bodies"]
    assert [row["year"] for row in body["years"]] == [2021, 2022, 2023]
    # carried-over sentences of 2022 come from 2021, never from its own copy
    sources = {r["source"]["path"] for r in merged["recycled"]}
    assert sources and not sources & paths, sources
    later = next(r for r in data["reports"] if r["year"] == 2023)
    assert all(r["source"]["path"] not in merged["copies"] for r in later["recycled"])


def test_audit_table_shows_which_paths_were_merged(with_copy: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["audit", str(with_copy), "--workers", "1", "--no-cache"]) == 0
    out = capsys.readouterr().out
    table = out.split("机关年度序列")[0]
    assert "2022.txt" in table and "2022.html" in table and "合并" in table
    assert len([line for line in table.splitlines() if line.startswith("│") and " 2022 " in line]) == 1


def test_real_text_and_html_copies_merge(shared_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json([str(shared_corpus / "pingtan")], capsys)
    body = next(b for b in data["bodies"] if b["body"] == "平潭综合实验区")
    years = [row["year"] for row in body["years"]]
    assert years == sorted(set(years)) and {2011, 2024} <= set(years)
    for year in (2011, 2024):
        (report,) = [r for r in data["reports"] if r["year"] == year and r["agency"] == "平潭综合实验区"]
        assert {Path(p).suffix for p in (report["path"], *report["copies"])} == {".txt", ".html"}
    every = {p for r in data["reports"] for p in (r["path"], *r.get("copies", []))}
    assert every == {str(p) for p in (shared_corpus / "pingtan").iterdir() if p.suffix in (".txt", ".html")}
