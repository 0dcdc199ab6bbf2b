"""Runs the per-report steps in order and returns a ``Report``; never raises for bad input.

Corpus-level steps (boilerplate, follow-up, cross-year checks) live in ``corpus``.
"""
from __future__ import annotations

from pathlib import Path

from .errors import TextkitError
from .extract import extract_items
from .ingest import read
from .model import Document, Report
from .sections import detect_layout, find_sections
from .sentences import sentences


def analyze_document(doc: Document) -> Report:
    """All per-report steps on an ingested document."""
    if not doc.is_report:
        return Report(path=doc.path, document=doc)
    sections = find_sections(doc)
    problems, improvements, slips = extract_items(doc, sections)
    return Report(
        path=doc.path, document=doc, layout=detect_layout(doc, sections), sections=sections,
        sentences=sentences(doc, sections), problems=problems, improvements=improvements, findings=slips)


def analyze_path(path: str | Path) -> Report:
    """Read and analyse one file; a file that cannot be read becomes a Report with ``error``."""
    try:
        return analyze_document(read(path))
    except TextkitError as exc:
        return Report(path=str(path), document=None, error=str(exc))
