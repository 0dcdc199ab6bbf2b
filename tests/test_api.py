"""The notebook API named in the README: read, analyze, Corpus."""
from __future__ import annotations

from pathlib import Path

import textkit


def test_read_and_analyze_one_report(sample_corpus: Path) -> None:
    path = sample_corpus / "qinghe-county/2022.txt"
    doc = textkit.read(path)
    assert doc.agency == "青禾县人民政府" and doc.year == 2022 and len(doc.text) == len(doc.analysis_text)
    report = textkit.analyze(path)
    assert [s.key for s in report.sections][:2] == ["overview", "proactive"]
    assert report.problems and report.improvements and report.tables
    overview = report.sections[0]
    at = doc.to_source(overview.start)
    assert doc.source_text[at:at + len(overview.heading)] == overview.heading


def test_public_names_are_exported() -> None:
    for name in textkit.__all__:
        assert hasattr(textkit, name), name
