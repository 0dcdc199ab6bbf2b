"""textkit: read, segment and audit Chinese government information-disclosure annual reports."""
from __future__ import annotations

from pathlib import Path

from .errors import IngestError, LexiconError, TextkitError, UsageError
from .model import Document, Finding, Item, Report, Section, Sentence
from .notebook import Corpus
from .read.ingest import from_bytes, read
from .run.link import link_reports
from .run.pipeline import analyze_document

__all__ = ["Corpus", "Document", "Finding", "IngestError", "Item", "LexiconError", "Report", "Section",
           "Sentence", "TextkitError", "UsageError", "analyze", "from_bytes", "read"]


def analyze(path: str | Path) -> Report:
    """One report, fully analysed (corpus-level results need ``Corpus`` over several years).

    Like ``read``, raises ``IngestError`` (naming the file and the problem) when the file
    cannot be read; ``Corpus`` instead keeps such a file as a report with its ``error``.
    """
    return link_reports([analyze_document(read(path))], workers=1)[0]
