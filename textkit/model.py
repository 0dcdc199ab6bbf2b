"""The plain, frozen dataclasses that pass between textkit's steps.

Every span is a pair of character offsets into ``Document.text`` (the cleaned body in the
original script). ``Document.analysis_text`` (Simplified, for analysis) has the same length, so
the same span addresses both; ``Document.to_source`` maps a text offset back to the decoded file.
"""
from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SectionKey = Literal[
    "overview", "proactive", "requests", "appeals", "problems", "other", "fees", "statistics", "unknown"
]
Layout = Literal["2008", "2019", "2021", "unknown"]
Severity = Literal["error", "warning", "info"]
CellKind = Literal["number", "zero", "blank", "slash", "dash"]
TableKey = Literal["proactive", "requests", "appeals", "statistics"]
NARRATIVE_KEYS = frozenset({"overview", "problems", "other"})


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets of a derived text back to the text it was cut from.

    ``segments`` holds ``(derived_start, source_start, length)`` runs sorted by derived_start;
    an offset between runs maps to the end of the previous run.

    >>> m = OffsetMap(((0, 10, 5), (5, 30, 5)))
    >>> m.to_source(0), m.to_source(6), m.to_source(10)
    (10, 31, 35)
    """

    segments: tuple[tuple[int, int, int], ...]

    def to_source(self, offset: int) -> int:
        if not self.segments:
            return offset
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        derived_start, source_start, length = self.segments[i]
        return source_start + min(max(offset - derived_start, 0), length)

    @classmethod
    def identity(cls, length: int, base: int = 0) -> "OffsetMap":
        return cls(((0, base, length),))


@dataclass(frozen=True)
class ScriptInfo:
    """Which Chinese script a document is written in, with the evidence counts."""

    kind: Literal["simplified", "traditional", "mixed", "none"]
    traditional_chars: int
    simplified_chars: int

    @property
    def traditional_share(self) -> float:
        total = self.traditional_chars + self.simplified_chars
        return self.traditional_chars / total if total else 0.0

    @property
    def simplified_share(self) -> float:
        total = self.traditional_chars + self.simplified_chars
        return self.simplified_chars / total if total else 0.0


@dataclass(frozen=True)
class Document:
    """One input file, decoded and cleaned: the unit every later step reads."""

    path: str
    source_text: str
    text: str
    analysis_text: str
    source_map: OffsetMap
    encoding: str
    form: Literal["text", "html", "pdf", "docx"]
    metadata: dict[str, str]
    title: str | None
    agency: str | None
    year: int | None
    published: date | None
    is_report: bool
    script: ScriptInfo
    notes: tuple[str, ...] = ()
    not_report_reason: str | None = None
    # Where the answers came from (read/identify.py): title | metadata | preamble | signature, and
    # title | preamble | period | body; the words the body was read from; the report evidence
    # found when the document has no title.
    agency_source: str | None = None
    agency_evidence: str | None = None
    year_source: str | None = None
    report_evidence: tuple[str, ...] = ()
    # Offset in ``source_text`` where each printed page starts (a PDF); empty for files
    # without pages (text, HTML, Word).
    pages: tuple[int, ...] = ()

    def to_source(self, offset: int) -> int:
        """Offset in ``source_text`` (the decoded file) of ``text[offset]``."""
        return self.source_map.to_source(offset)

    def page_at(self, offset: int) -> int | None:
        """Printed page (from 1) of ``text[offset]``, or None for a file without pages.

        >>> doc = Document("r.pdf", "ab\fcd", "ab\fcd", "ab\fcd", OffsetMap.identity(5), "pdf", "pdf", {},
        ...                None, None, None, None, True, ScriptInfo("none", 0, 0), pages=(0, 3))
        >>> doc.page_at(1), doc.page_at(4)
        (1, 2)
        """
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, self.to_source(offset))


@dataclass(frozen=True)
class Extracted:
    """Text pulled out of a PDF or Word file, before cleaning: what ``source_text`` holds for
    such a file. ``page_starts`` are the offsets in ``text`` where printed pages start (empty
    for Word, which paginates only when displayed)."""

    text: str
    page_starts: tuple[int, ...]
    form: Literal["pdf", "docx"]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the report; ``start``/``end`` cover heading and body."""

    key: SectionKey
    heading: str
    number: str
    start: int
    body_start: int
    end: int
    narrative: bool
    level: int = 1
    subsections: tuple["Section", ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the body: its text (original script), span and section key."""

    text: str
    start: int
    end: int
    section: str

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a constructor call that shares the section key: a corpus run unpickles
        about a hundred sentences per report, all naming one of a handful of sections."""
        return (_sentence, (self.text, self.start, self.end, self.section))


def _sentence(text: str, start: int, end: int, section: str) -> Sentence:
    return Sentence(text, start, end, sys.intern(section))


@dataclass(frozen=True, slots=True)
class Item:
    """One problem or planned improvement from section 五."""

    kind: Literal["problem", "improvement"]
    marker: str
    headline: str
    text: str
    start: int
    end: int
    category: str = "其他"
    category_cues: tuple[str, ...] = ()
    specificity: float = 0.0
    specificity_reasons: tuple[str, ...] = ()
    # The year whose problems the item answers: the report's year, or the year before for the
    # remedies of last year's problems that some reports give first (two-year 五).
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a finding points at: a span of the report text, optionally named cells."""

    text: str
    start: int | None = None
    end: int | None = None
    section: str | None = None
    cells: tuple[str, ...] = ()
    path: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    message_en: str
    evidence: tuple[Evidence, ...] = ()
    expected: Any = None
    actual: Any = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a carried-over sentence came from."""

    path: str
    agency: str | None
    year: int | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Recycled:
    section: str
    text: str
    start: int
    end: int
    kind: Literal["verbatim", "numbers_changed", "near", "template"]
    similarity: float
    source: SourceRef
    bodies: int = 1


@dataclass(frozen=True, slots=True)
class FollowUp:
    promise_year: int
    promise_headline: str
    promise_text: str
    status: Literal["done", "repeated", "silent"]
    evidence_year: int | None = None
    evidence_text: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: official row and column label, the text as printed and its number.
    Slotted: a report holds hundreds of cells and a corpus run holds every report."""

    row: str
    column: str
    raw: str
    value: float | None
    kind: CellKind

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a constructor call that shares the labels: a corpus run unpickles every
        report's cells, and the official row and column labels repeat in every report."""
        return (_cell, (self.row, self.column, self.raw, self.value, self.kind))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle a Cell pickled before it had slots (a dict of its fields)."""
        for name, value in state.items():
            object.__setattr__(self, name, value)


def _cell(row: str, column: str, raw: str, value: float | None, kind: CellKind) -> Cell:
    return Cell(sys.intern(row), sys.intern(column), sys.intern(raw), value, sys.intern(kind))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Table:
    """One table of a report. ``template`` is the layout that introduced it ("2019" for
    table 四, identical since); an unreadable table keeps only the cells read with certainty."""

    key: TableKey
    template: str
    cells: tuple[Cell, ...]
    readable: bool
    reason: str | None
    start: int
    end: int

    def cell(self, row: str, column: str) -> Cell | None:
        return self._index().get((row, column))

    def value(self, row: str, column: str) -> float | None:
        """The number in a cell; None when the cell is absent, blank, "/" or "—"."""
        found = self.cell(row, column)
        return found.value if found else None

    def rows(self) -> tuple[str, ...]:
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = tuple(dict.fromkeys(c.row for c in self.cells))
            object.__setattr__(self, "_rows", rows)
        return rows  # type: ignore[no-any-return]

    def _index(self) -> dict[tuple[str, str], Cell]:
        """Cells by (row, column), the first one printed winning; built once per table, as the
        audit looks cells up hundreds of times per report."""
        index = self.__dict__.get("_by_label")
        if index is None:
            index = {}
            for c in self.cells:
                index.setdefault((c.row, c.column), c)
            object.__setattr__(self, "_by_label", index)
        return index  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fields only: the lookup caches are rebuilt on demand."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


@dataclass(frozen=True)
class Report:
    """Everything textkit knows about one input; corpus-level steps return enriched copies."""

    path: str
    document: Document | None
    error: str | None = None
    layout: Layout = "unknown"
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    tables: tuple[Table, ...] = ()
    problems: tuple[Item, ...] = ()
    improvements: tuple[Item, ...] = ()
    findings: tuple[Finding, ...] = ()
    recycled: tuple[Recycled, ...] = ()
    reuse: dict[str, Any] = field(default_factory=dict)
    follow_up: tuple[FollowUp, ...] = ()
    # Other files holding this same report (the body's report on this year saved again, e.g.
    # as text and as the portal page): merged into this one by compare.copies.
    copies: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and self.document is not None
