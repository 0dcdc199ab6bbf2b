"""Spreadsheet outputs an auditor opens in Excel or WPS: the .xlsx workbook (one sheet per kind,
frozen and filterable headers, row counts matching the JSON) and the CSV with a UTF-8 BOM."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from textkit.cli import main
from textkit.present.xlsx import SHEETS

openpyxl = pytest.importorskip("openpyxl", reason="the .xlsx tests read the workbook with openpyxl (test extra)")


@pytest.fixture(scope="module")
def run(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample corpus audited once as JSON and once as .xlsx."""
    out = tmp_path_factory.mktemp("sheets")
    files = {"json": out / "audit.json", "xlsx": out / "audit.xlsx"}
    for fmt, path in files.items():
        assert main(["audit", str(sample_corpus), "--no-cache", "--workers", "1", "--format", fmt, "-o", str(path)]) == 0
    return files


def test_workbook_has_the_documented_sheets_with_the_rows_of_the_json(run: dict[str, Path]) -> None:
    data = json.loads(run["json"].read_text(encoding="utf-8"))
    reports = data["reports"]
    expected = {
        "reports": len(reports),
        "findings": sum(len(r.get("findings", [])) for r in reports),
        "items": sum(len(r.get("problems", [])) + len(r.get("improvements", [])) for r in reports),
        "carried": sum(len(r.get("recycled", [])) for r in reports),
        "follow_up": sum(len(r.get("follow_up", [])) for r in reports),
        "bodies": len(data["bodies"]),
    }
    book = openpyxl.load_workbook(run["xlsx"], read_only=True)
    assert book.sheetnames == list(SHEETS)
    for name, count in expected.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[0] == SHEETS[name], name
        assert len(rows) - 1 == count, name
    assert expected["findings"] and expected["carried"] and expected["items"]  # the sample corpus exercises them


def test_workbook_rows_hold_the_values_of_the_json(run: dict[str, Path]) -> None:
    data = json.loads(run["json"].read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(run["xlsx"], read_only=True)
    rows = [dict(zip(SHEETS["reports"], r)) for r in list(book["reports"].iter_rows(values_only=True))[1:]]
    by_path = {r["path"]: r for r in rows}
    for report in data["reports"]:
        row = by_path[report["path"]]
        assert row["year"] == report["year"] and row["agency"] == report["agency"]
        card = report.get("report_card") or {}
        assert row["errors"] == card.get("errors", row["errors"])
    findings = list(book["findings"].iter_rows(values_only=True))[1:]
    json_rules = sorted((r["path"], f["rule"]) for r in data["reports"] for f in r.get("findings", []))
    assert sorted((row[0], row[SHEETS["findings"].index("rule")]) for row in findings) == json_rules


def test_headers_are_frozen_filterable_and_columns_sized(run: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(run["xlsx"])  # full mode: sheet views and column widths
    for name in SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
    reports = book["reports"]
    widths = {c: reports.column_dimensions[c].width for c in "ABCT"}
    assert widths["A"] > widths["C"]  # a path is wider than a year
    assert all(6 <= w <= 62 for w in widths.values())


def test_report_text_is_never_a_formula_or_a_link(tmp_path: Path) -> None:
    from textkit.present.xlsx import SpreadsheetWriter

    target = tmp_path / "x.xlsx"
    with SpreadsheetWriter(target) as writer:
        writer.add_body({"body": "=SUM(1,1)", "agency": '=HYPERLINK("http://example.invalid","x")',
                         "years": [], "recurring_problems": []})
    book = openpyxl.load_workbook(target)
    cells = [c for row in book["bodies"].iter_rows(min_row=2) for c in row if c.value not in (None, 0)]
    assert [c.value for c in cells[:2]] == ["=SUM(1,1)", '=HYPERLINK("http://example.invalid","x")']
    assert all(c.data_type == "s" and c.hyperlink is None for c in cells[:2])
    assert not (tmp_path / "x.xlsx.part").exists()


def test_extension_picks_xlsx_without_format(sample_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "qinghe.xlsx"
    assert main(["audit", str(sample_corpus / "qinghe-county"), "--no-cache", "--workers", "1", "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target, read_only=True)
    assert len(list(book["reports"].iter_rows())) == 1 + 4


def test_csv_starts_with_a_bom_so_excel_reads_utf8(sample_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "audit.csv"
    assert main(["audit", str(sample_corpus / "qinghe-county"), "--no-cache", "--workers", "1",
                 "--format", "csv", "-o", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0])[0] == "path" and len(rows) == 4
    assert {r["agency"] for r in rows} == {"青禾县人民政府"}


def test_rows_past_excels_limit_go_on_to_further_sheets(sample_corpus: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from textkit.notebook import Corpus
    from textkit.present import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 11)  # a header and 10 rows per sheet
    reports = Corpus(sample_corpus / "qinghe-county").reports
    rows = xlsx.write_xlsx(tmp_path / "x.xlsx", reports, [])
    book = openpyxl.load_workbook(tmp_path / "x.xlsx", read_only=True)
    parts = [name for name in book.sheetnames if name == "cells" or name.startswith("cells_")]
    assert rows["cells"] > 20 and len(parts) == -(-rows["cells"] // 10)
    counts = [len(list(book[name].iter_rows(values_only=True))) - 1 for name in parts]
    assert sum(counts) == rows["cells"] and max(counts) == 10
    assert all(next(book[name].iter_rows(values_only=True)) == SHEETS["cells"] for name in parts)


@pytest.fixture
def hostile_report(sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A report in a folder named like a formula (=1+2, given as a relative path) whose title line
    starts with a minus: the path, title and agency cells would all open as formulas."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "=1+2").mkdir()
    text = (sample_corpus / "qinghe-county" / "2023.txt").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.endswith("年度报告"))
    (tmp_path / "=1+2" / "2023.txt").write_text(text.replace(title, "-" + title, 1), encoding="utf-8")
    return "=1+2"


def test_csv_quotes_text_that_would_open_as_a_formula(hostile_report: str) -> None:
    assert main(["audit", hostile_report, "--no-cache", "--workers", "1", "--format", "csv", "-o", "out.csv"]) == 0
    (row,) = csv.DictReader(Path("out.csv").read_text(encoding="utf-8-sig").splitlines())
    assert row["path"] == "'=1+2/2023.txt" and row["title"].startswith("'-")
    assert not [k for k, v in row.items() if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert row["year"] == "2023" and row["score"].isdigit()  # numbers are never quoted


def test_xlsx_stores_report_text_as_strings_never_formulas(hostile_report: str) -> None:
    assert main(["audit", hostile_report, "--no-cache", "--workers", "1", "-o", "out.xlsx"]) == 0
    book = openpyxl.load_workbook("out.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    shown = {c.value for c in cells if c.data_type == "s"}
    assert "=1+2/2023.txt" in shown and any(str(v).startswith("-") for v in shown)  # kept as written
    year = next(c for c in book["reports"][2] if c.column_letter == "C")
    assert year.value == 2023 and year.data_type == "n"
