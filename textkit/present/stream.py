"""Writes a run's results as the reports come, one report at a time: the JSON document, JSON
Lines and CSV. Nothing here holds the run: each report is formatted, written and let go, and
the per-body year series are gathered on the way (``BodySeries``)."""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator, TextIO

from ..model import OffsetMap, Report
from .export import report_dict, summary_row


def _dumps(value: Any) -> str:
    """Compact JSON (the C encoder: an indented dump runs in pure Python, three times slower)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def write_json(out: TextIO, reports: Iterable[Report], bodies: Callable[[], list[dict[str, Any]]],
               families: Callable[[], list[dict[str, Any]]] | None = None) -> int:
    """The ``audit --format json`` document, ``{"reports": [...], "bodies": [...], "families":
    [...]}``, written report by report, one report per line (``bodies`` and ``families`` are
    called once every report is out). Returns the number of reports written."""
    out.write('{"reports": [')
    n = 0
    for report in reports:
        out.write(("\n" if n == 0 else ",\n") + _dumps(report_dict(report)))
        n += 1
    out.write("\n],\n" if n else "],\n")
    out.write('"bodies": ' + _dumps(bodies()))
    if families is not None:
        out.write(',\n"families": ' + _dumps(families()))
    out.write("}\n")
    return n


def write_json_lines(out: TextIO, reports: Iterable[Report], bodies: Callable[[], list[dict[str, Any]]],
                     families: Callable[[], list[dict[str, Any]]] | None = None) -> int:
    """JSON Lines: one line per report (the objects of the JSON document's ``reports``), then one
    line per body, ``{"body_series": {...}}`` (an element of ``bodies``), then one per template
    family, ``{"family": {...}}`` (an element of ``families``)."""
    n = 0
    for report in reports:
        out.write(_dumps(report_dict(report)) + "\n")
        n += 1
    for body in bodies():
        out.write(_dumps({"body_series": body}) + "\n")
    for family in families() if families is not None else ():
        out.write(_dumps({"family": family}) + "\n")
    return n


# A cell starting with one of these opens as a formula in Excel, WPS and LibreOffice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet: text that would start a formula (a title, path or
    error message from a report or folder beginning with = + - @, tab or CR) gets a leading single
    quote, as OWASP's CSV-injection guidance advises; numbers and other values are left as they are.

    >>> spreadsheet_text("=HYPERLINK(1)"), spreadsheet_text(-3), spreadsheet_text("青禾县")
    ("'=HYPERLINK(1)", -3, '青禾县')
    """
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_csv(out: TextIO, reports: Iterable[Report]) -> int:
    """One summary row per report (``export.summary_row``), written as each report comes; text
    that would open as a formula is quoted (``spreadsheet_text``)."""
    writer: csv.DictWriter[str] | None = None
    n = 0
    for report in reports:
        row = {k: spreadsheet_text(v) for k, v in summary_row(report).items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        n += 1
    return n


# Summary-row columns whose values recur from report to report (kept once per distinct value).
_REPEATED = frozenset({"agency", "published", "layout", "script", "sections", "copies"})


class BodySeries:
    """The per-body year series of ``present.digest.bodies``, gathered from reports one at a time.

    A body's summary rows are kept (a few hundred bytes per report); its reports are kept, slimmed
    to what ``recurring_problems`` reads, only until its last annual report has come (``expected``
    counts them per body), when its recurring problems are found and the reports let go. Reports
    of one body that arrive next to each other (files in one folder) are held a few at a time.
    """

    def __init__(self, expected: Counter[str], recurring: Callable[[str], list[tuple[str, list[int]]]] | None = None
                 ) -> None:
        self.expected = expected
        # A body's recurring problems found elsewhere (a run's per-body jobs): its reports are
        # then only counted here, not held until the body closes.
        self.given = recurring
        # Per body: (year, order, the summary row's values, agency); the rows' keys once (``_columns``),
        # and repeated values (section lists, layouts) shared: a run keeps a row per report.
        self._rows: dict[str, list[tuple[int, int, tuple[Any, ...], str | None]]] = {}
        self._columns: tuple[str, ...] = ()
        self._shared: dict[Any, Any] = {}
        self._waiting: dict[str, list[Report | None]] = {}
        self._recurring: dict[str, list[dict[str, Any]]] = {}
        self._n = 0
        from ..compare.families import FamilyCollector
        from ..run.link import report_body

        self.families = FamilyCollector(report_body)  # template families, gathered on the way

    @classmethod
    def of(cls, reports: Iterable[Report]) -> "BodySeries":
        """Expecting the annual reports of ``reports`` (slim records will do: body and kind only)."""
        from ..run.link import annual_reports, report_body

        return cls(Counter(report_body(r) for r in annual_reports(list(reports))))

    def fed(self, reports: Iterable[Report]) -> Iterator[Report]:
        """``reports``, each added to the series before it is handed on."""
        for report in reports:
            self.add(report)
            yield report

    def add(self, report: Report) -> None:
        from ..run.link import annual_reports, report_body

        self._n += 1
        if not annual_reports([report]):
            return
        doc = report.document
        assert doc is not None
        body = report_body(report)
        self.families.add(report)
        row = summary_row(report) | {"year": doc.year}
        if tuple(row) != self._columns:
            assert not self._columns, "summary rows changed keys"
            self._columns = tuple(row)
        values = tuple(self._shared.setdefault(v, v) if k in _REPEATED and isinstance(v, str) else v
                       for k, v in row.items())
        self._rows.setdefault(body, []).append((doc.year or 0, self._n, values, doc.agency))
        waiting = self._waiting.setdefault(body, [])
        waiting.append(_for_recurring(report) if self.given is None else None)
        if len(waiting) >= self.expected.get(body, 0):
            self._close(body)

    def _close(self, body: str) -> None:
        from ..compare.followup import recurring_problems

        group = [r for r in self._waiting.pop(body, []) if r is not None]
        group.sort(key=lambda r: (r.document.year or 0) if r.document else 0)
        found = self.given(body) if self.given is not None else recurring_problems(group)
        self._recurring[body] = [{"headline": h, "years": y} for h, y in found]

    def series(self) -> list[dict[str, Any]]:
        """Every body's series, sorted by body (the bodies still waiting are closed first)."""
        for body in list(self._waiting):
            self._close(body)
        return [self._entry(body) for body in sorted(self._rows)]

    def _entry(self, body: str) -> dict[str, Any]:
        rows = sorted(self._rows[body], key=lambda row: (row[0], row[1]))
        return {"body": body, "agency": rows[-1][3], "years": [dict(zip(self._columns, row[2])) for row in rows],
                "recurring_problems": self._recurring.get(body, [])}

    def groups(self, reports: Iterable[Report]) -> Iterator[tuple[dict[str, Any] | None, list[Report]]]:
        """``reports`` (already ``fed`` to this series) as (body series, the body's reports), each
        body handed on once its last annual report is in, so only the bodies still open are held;
        then (None, the reports outside every body: unreadable files, documents that are not
        annual reports). Bodies come in the order they close, not sorted."""
        from ..run.link import annual_reports, report_body

        held: dict[str, list[Report]] = {}
        others: list[Report] = []
        for report in reports:
            if not annual_reports([report]):
                others.append(report)
                continue
            body = report_body(report)
            held.setdefault(body, []).append(report)
            if body in self._recurring:  # closed: its last report is in
                yield self._entry(body), held.pop(body)
        self.series()  # closes any body still open (none when ``expected`` was right)
        for body, group in held.items():
            yield self._entry(body), group
        if others:
            yield None, others


    def family_records(self) -> list[dict[str, Any]]:
        """The template families of the reports seen (``compare.families``), as JSON records."""
        from dataclasses import asdict

        return [asdict(family) for family in self.families.families()]


def _for_recurring(report: Report) -> Report:
    """``report`` without what ``recurring_problems`` never reads (tables, findings, the source page)."""
    doc = report.document
    assert doc is not None
    return replace(report, tables=(), findings=(), recycled=(), follow_up=(), reuse={},
                   document=replace(doc, source_text="", source_map=OffsetMap(()), metadata={}))
