"""textkit: read, segment and audit Chinese government information-disclosure annual reports."""
from __future__ import annotations

from pathlib import Path

from .notebook import Corpus
from .run.corpus import analyze_corpus
from .errors import IngestError, LexiconError, TextkitError, UsageError
from .read.ingest import from_bytes, read
from .model import Document, Finding, Item, Report, Section, Sentence

__all__ = ["Corpus", "Document", "Finding", "IngestError", "Item", "LexiconError", "Report", "Section",
           "Sentence", "TextkitError", "UsageError", "analyze", "from_bytes", "read"]


def analyze(path: str | Path) -> Report:
    """One report, fully analysed (corpus-level results need ``Corpus`` over several years)."""
    return analyze_corpus([path], workers=1)[0]
