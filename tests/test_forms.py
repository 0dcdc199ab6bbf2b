"""Reports in the forms bodies publish them (issue 14): text pulled out of a PDF reads as its
original, full-width digits read as numbers, offsets still point into the file as written."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLE_CORPUS
from textkit import analyze, from_bytes

VARIANTS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLE_CORPUS.rglob("*.gold.json"))]
VARIANTS = [g for g in VARIANTS if "variant_of" in g]


def _reading(path):  # type: ignore[no-untyped-def]
    report = analyze(path)
    return {
        "sections": [(s.key, s.heading) for s in report.sections],
        "problems": [(i.marker, i.headline, i.text) for i in report.problems],
        "improvements": [(i.marker, i.headline, i.text) for i in report.improvements],
        "findings": [(f.rule, f.severity, f.expected, f.actual) for f in report.findings],
        "tables": [(t.key, [(c.row, c.column, c.value) for c in t.cells]) for t in report.tables],
        "identity": (report.document.is_report, report.document.year, report.document.agency, report.layout),
    }


@pytest.mark.parametrize("gold", VARIANTS, ids=[g["file"] for g in VARIANTS])
def test_pdf_text_reads_as_its_original(gold: dict) -> None:
    variant, original = _reading(SAMPLE_CORPUS / gold["file"]), _reading(SAMPLE_CORPUS / gold["variant_of"])
    assert variant == original


def test_pdf_text_spans_point_into_the_file_as_written() -> None:
    gold = VARIANTS[0]
    report = analyze(SAMPLE_CORPUS / gold["file"])
    doc = report.document
    for item in [*report.problems, *report.improvements]:
        start, end = doc.to_source(item.start), doc.to_source(item.end - 1)
        printed = doc.source_text[start:end + 1]
        # the item as printed: the same characters, with line breaks, page furniture and spaces between
        letters = [c for c in item.text if not c.isspace()]
        assert [c for c in printed if c in item.text and not c.isspace()][:len(letters)] == letters


def test_full_width_table_is_read_and_its_wrong_total_found() -> None:
    report = analyze(SAMPLE_CORPUS / "forms/songxi-market-2022.txt")
    assert report.document.year == 2022 and report.document.published.isoformat() == "2023-01-17"
    assert "２０２２" in report.document.title  # shown as written
    balance = [f for f in report.findings if f.rule == "table_requests_balance"]
    assert balance, [f.rule for f in report.findings]
    said = " ".join(f"{f.message} {f.expected} {f.actual}" for f in balance)
    assert "1282" in said.replace(" ", "").replace(",", "") or "1292" in said.replace(",", "")


def test_spaced_thousands_in_cells_are_one_number() -> None:
    report = analyze(SAMPLE_CORPUS / "forms/songxi-market-2022.txt")
    cells = {(c.row, c.column): c.value for t in report.tables for c in t.cells}
    assert 1238 in cells.values() and 1206 in cells.values()


def test_title_over_two_lines_is_one_title() -> None:
    doc = from_bytes((SAMPLE_CORPUS / VARIANTS[0]["file"]).read_bytes())
    assert doc.title == VARIANTS[0]["title"] and doc.agency == VARIANTS[0]["agency"]
