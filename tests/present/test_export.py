"""JSON-ready dicts and the flat summary row of a report (textkit.present.export)."""
from __future__ import annotations

from pathlib import Path

import textkit
from textkit.audit.card import report_card
from textkit.present.export import report_dict, summary_row


def test_report_dict_follows_the_documented_schema(sample_corpus: Path) -> None:
    report = textkit.analyze(sample_corpus / "qinghe-county" / "2022.txt")
    out = report_dict(report)
    for key in ("path", "title", "agency", "year", "published", "script", "layout", "is_report", "sections",
                "problems", "improvements", "findings", "report_card", "recycled", "reuse", "follow_up"):
        assert key in out, key
    assert out["year"] == 2022 and out["published"] == "2023-01-18"
    assert [s["key"] for s in out["sections"]] == [s.key for s in report.sections]
    doc = report.document
    assert doc is not None
    for s in out["sections"]:  # spans map back into the decoded file
        assert doc.source_text[s["source_start"]:s["source_end"]].strip() == doc.text[s["start"]:s["end"]].strip()
    assert out["report_card"] == report_card(report.findings)


def test_summary_row_counts_what_the_report_holds(sample_corpus: Path) -> None:
    report = textkit.analyze(sample_corpus / "qinghe-county" / "2022.txt")
    row = summary_row(report)
    severities = [f.severity for f in report.findings]
    assert (row["errors"], row["warnings"], row["infos"]) == tuple(severities.count(s) for s in ("error", "warning", "info"))
    assert row["problems"] == len(report.problems) and row["improvements"] == len(report.improvements)
    assert row["n_sections"] == len(report.sections) and row["score"] == report_card(report.findings)["score"]


def test_a_document_that_is_not_a_report_has_no_score_and_says_why(sample_corpus: Path) -> None:
    report = textkit.analyze(sample_corpus / "misc" / "notice-2023.txt")
    row = summary_row(report)
    assert row["is_report"] is False and row["score"] is None and row["error"] is None and row["not_report_reason"]
    shown = report_dict(report)
    assert shown["is_report"] is False and shown["report_card"]["score"] is None and shown["error"] is None
