"""Checks across a body's consecutive years: requests carried over and the stock of regulations."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from ..analyze.tables import CARRIED, NEXT, REQUEST_COLUMNS, Table, label, labels
from ..model import Evidence, Finding, Report
from ..read.agency import body_key
from .evidence import TABLE_NAMES, figure, fmt


def check_across_years(reports_with_tables: list[tuple[Report, tuple[Table, ...]]]) -> dict[str, tuple[Finding, ...]]:
    """Findings that need the same body's previous year: carry-over and regulation stock."""
    by_body: dict[str, dict[int, tuple[Report, tuple[Table, ...]]]] = defaultdict(dict)
    for report, tables in reports_with_tables:
        doc = report.document
        if doc is not None and doc.is_report and doc.year and doc.agency:
            by_body[body_key(doc.agency)][doc.year] = (report, tables)
    out: dict[str, list[Finding]] = {r.path: [] for r, _ in reports_with_tables}
    for years in by_body.values():
        for year, (report, tables) in years.items():
            if year - 1 in years:
                previous, prev_tables = years[year - 1]
                out[report.path] += _carry_over(report, tables, previous, prev_tables)
                out[report.path] += _stock(report, tables, previous, prev_tables)
    return {path: tuple(f) for path, f in out.items()}


def _table(tables: tuple[Table, ...], key: str) -> Table | None:
    return next((t for t in tables if t.key == key), None)


def _carry_over(report: Report, tables: tuple[Table, ...], previous: Report,
                prev_tables: tuple[Table, ...]) -> Iterator[Finding]:
    now, before = _table(tables, "requests"), _table(prev_tables, "requests")
    if now is None or before is None:
        return
    for col in REQUEST_COLUMNS:
        carried, forward = figure(now, CARRIED, col), figure(before, NEXT, col)
        if carried is None or forward is None or math.isclose(carried, forward):
            continue
        year = report.document.year if report.document else None
        yield Finding(
            "carry_over_mismatch", "error",
            f"表三“{col}”列：本年上年结转{fmt(carried)}件，上年报告结转下年度{fmt(forward)}件。",
            f"Table 三, column {col}: carried over {fmt(carried)}, but last year's report carried forward "
            f"{fmt(forward)}.",
            (Evidence(TABLE_NAMES["requests"], now.start, now.end, "requests", (f"{CARRIED}|{col}",)),
             Evidence(TABLE_NAMES["requests"], before.start, before.end, "requests", (f"{NEXT}|{col}",),
                      path=previous.path, year=(year - 1) if year else None)),
            expected=forward, actual=carried)


# template → (stock column, this year's additions column, this year's removals column or None)
_STOCK = {"2021": (label("in_force", "2021"), label("issued", "2021"), label("repealed", "2021")),
          "2019": (label("in_force", "2019"), label("published", "2019"), None)}


def _stock(report: Report, tables: tuple[Table, ...], previous: Report,
           prev_tables: tuple[Table, ...]) -> Iterator[Finding]:
    now, before = _table(tables, "proactive"), _table(prev_tables, "proactive")
    if now is None or before is None or now.template != before.template or now.template not in _STOCK:
        return
    stock, added, removed = _STOCK[now.template]
    for row in now.rows():
        if row not in (*labels("rules"), *labels("normative")):
            continue
        values = [figure(before, row, stock), figure(now, row, added), figure(now, row, removed) if removed else 0.0,
                  figure(now, row, stock)]
        if None in values:
            continue
        last, plus, minus, current = (v or 0.0 for v in values)
        expected = last + plus - minus
        if math.isclose(expected, current):
            continue
        yield Finding(
            "regulations_stock", "warning",
            f"表二“{row}”：上年{stock}{fmt(last)}+本年{fmt(plus)}" + (f"−废止{fmt(minus)}" if removed else "")
            + f"={fmt(expected)}，本年表列{fmt(current)}。",
            f"Table 二, {row}: last year's {stock} {fmt(last)} + {fmt(plus)}"
            + (f" − {fmt(minus)}" if removed else "") + f" = {fmt(expected)}, this year's table says {fmt(current)}.",
            (Evidence(TABLE_NAMES["proactive"], now.start, now.end, "proactive", (f"{row}|{stock}", f"{row}|{added}")),
             Evidence(TABLE_NAMES["proactive"], before.start, before.end, "proactive", (f"{row}|{stock}",),
                      path=previous.path)),
            expected=expected, actual=current)
