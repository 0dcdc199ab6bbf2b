"""The run at a glance: how many reports were read, failed or late, which copy the most, which
audit rules fire most; gathered report by report so a run of any size needs little memory."""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from ..model import Report

TOP_COPIED = 10  # reports listed under "most copied"
TOP_RULES = 10  # rules listed under "fire most"
LISTED_LATE = 20  # late reports named one by one (the count covers all)


@dataclass(frozen=True)
class ReportRef:
    """Enough of a report to name it and link to it."""

    path: str
    agency: str | None
    year: int | None
    body: str | None
    share: float | None = None  # the share that put it in a list (carried + template text)


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str
    findings: int
    reports: int


@dataclass(frozen=True)
class CorpusSummary:
    files: int
    read: int  # decoded and analysed (annual reports or not)
    unreadable: int  # the file could not be read: its error is listed
    not_reports: int  # read, but a notice or letter filed among the reports
    reports: int  # annual reports
    bodies: int
    with_errors: int  # annual reports with at least one error-severity finding
    with_findings: int
    late: int
    late_reports: tuple[ReportRef, ...]
    most_copied: tuple[ReportRef, ...]
    rules: tuple[RuleCount, ...]
    mean_score: float | None


class SummaryCounter:
    """Feed every report once (``add``), then read ``summary()``.

    >>> SummaryCounter().summary().files
    0
    """

    def __init__(self) -> None:
        self.files = self.read = self.unreadable = self.not_reports = self.reports = 0
        self.with_errors = self.with_findings = self.late = 0
        self._bodies: set[str] = set()
        self._late: list[tuple[str, int, str, ReportRef]] = []
        self._copied: list[tuple[float, str, ReportRef]] = []  # min-heap of the TOP_COPIED largest shares
        self._findings: Counter[tuple[str, str]] = Counter()
        self._rule_reports: Counter[tuple[str, str]] = Counter()
        self._score_total, self._scored = 0, 0

    def add(self, report: Report, body: str | None) -> None:
        """One report of the run; ``body`` is its grouping key (None outside every body)."""
        from ..audit.card import report_card

        self.files += 1
        doc = report.document
        if doc is None or report.error:
            self.unreadable += 1
            return
        self.read += 1
        if not doc.is_report:
            self.not_reports += 1
            return
        self.reports += 1
        if body is not None:
            self._bodies.add(body)
        ref = ReportRef(report.path, doc.agency, doc.year, body)
        severities = {f.severity for f in report.findings}
        self.with_errors += "error" in severities
        self.with_findings += bool(report.findings)
        rules = {(f.rule, f.severity) for f in report.findings}
        self._findings.update((f.rule, f.severity) for f in report.findings)
        self._rule_reports.update(rules)
        if any(f.rule == "late" for f in report.findings):
            self.late += 1
            self._late.append((ref.body or "", ref.year or 0, ref.path, ref))
            if len(self._late) > 4 * LISTED_LATE:  # keep the list short: the first ones by body and year
                self._late = heapq.nsmallest(LISTED_LATE, self._late, key=lambda k: k[:3])
        reuse = report.reuse or {}
        copied = float(reuse.get("carried") or 0) + float(reuse.get("template") or 0)
        if copied > 0:
            entry = (copied, report.path, ReportRef(report.path, doc.agency, doc.year, body, round(copied, 4)))
            (heapq.heappush if len(self._copied) < TOP_COPIED else heapq.heappushpop)(self._copied, entry)
        self._score_total += report_card(report.findings)["score"]
        self._scored += 1

    def summary(self) -> CorpusSummary:
        rules = sorted(((rule, sev, n, self._rule_reports[(rule, sev)]) for (rule, sev), n in self._findings.items()),
                       key=lambda r: (-r[3], -r[2], r[0]))
        return CorpusSummary(
            files=self.files, read=self.read, unreadable=self.unreadable, not_reports=self.not_reports,
            reports=self.reports, bodies=len(self._bodies), with_errors=self.with_errors,
            with_findings=self.with_findings, late=self.late,
            late_reports=tuple(k[3] for k in heapq.nsmallest(LISTED_LATE, self._late, key=lambda k: k[:3])),
            most_copied=tuple(e[2] for e in sorted(self._copied, key=lambda e: (-e[0], e[1]))),
            rules=tuple(RuleCount(*r) for r in rules[:TOP_RULES]),
            mean_score=round(self._score_total / self._scored, 1) if self._scored else None,
        )
