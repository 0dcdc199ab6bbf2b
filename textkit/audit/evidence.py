"""What findings quote and read: audit cue words, table names and figures, section headings."""
from __future__ import annotations

from functools import cache

from .. import lexicons
from ..analyze.tables import Table
from ..model import Evidence, Report, Section

# How findings name the tables they quote.
TABLE_NAMES = {"proactive": "表二", "requests": "表三", "appeals": "表四", "statistics": "统计表"}


@cache
def cues(kind: str) -> tuple[str, ...]:
    """The cue words of one kind in lexicons/audit_cues.tsv."""
    return tuple(cue for k, cue, _ in lexicons.table("audit_cues.tsv", 3) if k == kind)


def section_evidence(report: Report, section: Section) -> Evidence:
    """Evidence quoting a section's heading."""
    assert report.document is not None
    return Evidence(report.document.text[section.start:section.body_start].strip(), section.start,
                    section.body_start, section.key)


def section_of(report: Report, pos: int) -> str | None:
    """Key of the section holding character ``pos``."""
    return next((s.key for s in report.sections if s.start <= pos < s.end), None)


def figure(table: Table, row: str, column: str) -> float | None:
    """A cell's figure; a printed blank or dash counts 0, a missing cell is None."""
    cell = table.cell(row, column)
    if cell is None:
        return None
    return cell.value if cell.value is not None else 0.0


def fmt(x: float | None) -> str:
    """A figure as a message prints it: 12, 3.5, or — when missing."""
    return "—" if x is None else (str(int(x)) if float(x).is_integer() else f"{x:g}")
