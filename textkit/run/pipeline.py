"""Runs the per-report steps in order and returns a ``Report``; never raises for bad input.

Corpus-level steps (boilerplate, follow-up, cross-year checks) live in ``corpus``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..analyze.extract import extract_items
from ..analyze.sections import detect_layout, find_sections
from ..analyze.sentences import sentences
from ..analyze.tables import parse_tables
from ..audit.checks import check_report
from ..compare.stale import stale_years
from ..errors import TextkitError
from ..model import Document, Report
from ..read.ingest import from_bytes, read


def analyze_document(doc: Document) -> Report:
    """All per-report steps on an ingested document."""
    if not doc.is_report:
        return Report(path=doc.path, document=doc)
    sections = find_sections(doc)
    problems, improvements = extract_items(doc, sections)
    report = Report(
        path=doc.path, document=doc, layout=detect_layout(doc, sections), sections=sections,
        sentences=sentences(doc, sections), tables=parse_tables(doc, sections), problems=problems,
        improvements=improvements)
    return replace(report, findings=check_report(report, report.tables) + stale_years(report))


def analyze_path(path: str | Path) -> Report:
    """Read and analyse one file; a file that cannot be read becomes a Report with ``error``."""
    try:
        return analyze_document(read(path))
    except TextkitError as exc:
        return Report(path=str(path), document=None, error=str(exc))


def analyze_bytes(data: bytes, path: str) -> Report:
    """Analyse the bytes of one file (read elsewhere, e.g. by a batch that caches results)."""
    try:
        return analyze_document(from_bytes(data, path))
    except TextkitError as exc:
        return Report(path=path, document=None, error=str(exc))
