"""Runs every per-report audit check: timeliness, format, table arithmetic, narrative claims.

Each check returns ``Finding`` objects with their evidence; docs/audit.md lists the rules, their
severities and the report-card score. A document that is not an annual report is not checked.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ..analyze.tables import Table
from ..model import Finding, Report
from .arithmetic import table_sums
from .claims import narrative_vs_tables, percentages
from .format import (
    fees,
    missing_sections,
    numbering,
    placeholders,
    problems_incomplete,
    section_order,
    template_mismatch,
)
from .timeliness import timeliness


def check_report(report: Report, tables: tuple[Table, ...]) -> tuple[Finding, ...]:
    """Every per-report finding; a non-report or unreadable file gets none."""
    doc = report.document
    if doc is None or report.error or not doc.is_report:
        return ()
    checks: list[Callable[[Report, tuple[Table, ...]], Iterator[Finding]]] = [
        timeliness, missing_sections, section_order, numbering, template_mismatch,
        table_sums, narrative_vs_tables, percentages, problems_incomplete, fees, placeholders]
    return tuple(f for check in checks for f in check(report, tables))
