"""The textkit command: exit codes, JSON schema, and what a user sees."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from textkit.cli import main

XJBT = "xjbt/第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告.txt"


def test_show_json_schema_on_traditional_report(shared_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(shared_corpus / XJBT), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("path", "title", "agency", "year", "published", "script", "layout", "is_report", "sections", "error"):
        assert key in data
    assert data["script"] == "traditional" and data["layout"] == "2021" and data["error"] is None
    assert 0 < data["script_shares"]["simplified_chars"] < data["script_shares"]["traditional_chars"]
    assert [s["key"] for s in data["sections"]] == ["overview", "proactive", "requests", "appeals", "problems", "other"]
    assert data["published"] == "2022-01-28"


def test_show_outline_english_labels(shared_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(shared_corpus / XJBT), "--lang", "en", "--script", "simplified"]) == 0
    out = capsys.readouterr().out
    assert "script: traditional" in out and "layout: 2021" in out
    assert "五、存在的主要问题及改进情况" in out  # shown in the reader's script


def test_convert_to_simplified(shared_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.txt"
    assert main(["convert", str(shared_corpus / XJBT), "--to", "simplified", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    title, first = text.splitlines()[:2]
    assert title.endswith("年度报告") and first == "一、总体情况" and "總" not in text


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no/such/report.txt"]) == 2
    assert "no/such/report.txt" in capsys.readouterr().err


def test_unreadable_single_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["convert", str(bad), "--to", "traditional"]) == 1
    assert "empty.txt: file is empty" in capsys.readouterr().err


def test_audit_formats_keep_every_input(shared_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.json"
    assert main(["audit", str(shared_corpus), "--format", "json", "-o", str(out), "--workers", "1"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    files = sorted(str(p) for p in shared_corpus.rglob("*") if p.suffix in (".txt", ".html", ".pdf"))
    assert sorted(p for r in data["reports"] for p in (r["path"], *r["copies"])) == files
    assert {b["body"] for b in data["bodies"]} >= {"平潭综合实验区", "平潭县", "第一师阿拉尔市十六团新开岭镇"}
    assert main(["audit", str(shared_corpus), "--format", "csv", "--workers", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("path,agency,year") and len(lines) == len(data["reports"]) + 1


def test_compare_marks_carried_sentences(sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = sample_corpus / "qinghe-county/2021.txt", sample_corpus / "qinghe-county/2022.txt"
    assert main(["compare", str(a), str(b), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "verbatim" in out and "numbers changed" in out and "new" in out


def test_summary_names_body_year_and_changes(sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(sample_corpus / "qinghe-county/2023.txt"), "--against", str(sample_corpus)]) == 0
    out = capsys.readouterr().out
    assert "青禾县人民政府" in out and "2023" in out and "与上年相比" in out


def test_items_json_has_follow_up(sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(sample_corpus / f"songshan-regiment/{y}.txt") for y in (2021, 2022)]
    assert main(["items", *files, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    later = next(d for d in data if d["path"].endswith("2022.txt"))
    assert later["improvements"] and later["follow_up"]
    assert {f["status"] for f in later["follow_up"]} <= {"done", "repeated", "silent"}
    assert all(set(f["promise"]) == {"year", "headline", "text"} for f in later["follow_up"])
