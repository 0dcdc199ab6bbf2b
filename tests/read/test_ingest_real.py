"""Every real report in ../shared/corpus yields the title, body, year, layout and sections read
by hand (tests/real_gold.py)."""
from __future__ import annotations

import pytest

from real_gold import REAL_GOLD
from textkit.read.normalize import to_simplified

FILES = sorted(REAL_GOLD)


@pytest.mark.parametrize("name", FILES)
def test_metadata(real_reports: dict, name: str) -> None:
    gold, report = REAL_GOLD[name], real_reports[name]
    doc = report.document
    assert report.error is None and doc is not None
    assert doc.is_report == gold["is_report"]
    assert doc.year == gold["year"]
    assert (doc.published.isoformat() if doc.published else None) == gold["published"]
    if gold["is_report"]:
        assert doc.title in [gold["title"], *gold.get("title_variants", [])]
        assert to_simplified(doc.agency or "") == gold["agency"]
        assert report.layout == gold["layout"]
        assert doc.script.kind == gold["script"]


@pytest.mark.parametrize("name", [f for f in FILES if REAL_GOLD[f]["is_report"]])
def test_sections(real_reports: dict, name: str) -> None:
    expected = [(key, heading.replace(" ", "")) for key, heading in REAL_GOLD[name]["sections"]]
    found = [(s.key, s.heading.replace(" ", "")) for s in real_reports[name].sections]
    assert found == expected


def test_not_a_report_is_named(real_reports: dict) -> None:
    letters = [real_reports[n] for n, gold in REAL_GOLD.items() if not gold["is_report"]]
    assert letters and all("函" in (r.document.not_report_reason or "") for r in letters)


def test_traditional_report_kept_once(real_reports: dict) -> None:
    name = next(n for n in FILES if n.startswith("xjbt/"))
    doc = real_reports[name].document
    assert doc.script.kind == "traditional" and 0 < doc.script.simplified_chars < doc.script.traditional_chars
    assert doc.analysis_text.count("总体情况") == 1
    assert any("repeats" in note for note in doc.notes)
    assert [s.key for s in real_reports[name].sections] == ["overview", "proactive", "requests", "appeals", "problems", "other"]


@pytest.mark.parametrize("name", FILES)
def test_spans_map_back_to_the_file(real_reports: dict, name: str) -> None:
    """Every section heading found in the body is found at its mapped place in the decoded file."""
    report = real_reports[name]
    doc = report.document
    for section in report.sections:
        at = doc.to_source(section.start)
        first = section.heading.replace(" ", "")[:2]
        assert doc.source_text[at:at + 40].replace(" ", "").startswith(first), (section.heading, doc.source_text[at:at + 40])
