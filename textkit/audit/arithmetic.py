"""Table arithmetic: the rows and columns of tables 三 and 四 that must add up."""
from __future__ import annotations

import math
from collections.abc import Iterator

from ..analyze.tables import (
    APPEAL_COLUMNS,
    CARRIED,
    DISCLOSED,
    NEW,
    NEXT,
    PARTLY,
    REQUEST_COLUMNS,
    RESULT_GROUPS,
    TOTAL,
    Table,
)
from ..model import Evidence, Finding, Report
from .evidence import TABLE_NAMES, figure, fmt


def _values(table: Table) -> dict[tuple[str, str], float]:
    """``_v`` of every cell by (row, column): table 三's sums look cells up hundreds of times."""
    out: dict[tuple[str, str], float] = {}
    for c in table.cells:
        out.setdefault((c.row, c.column), c.value if c.value is not None else 0.0)
    return out


def _subrows(table: Table) -> dict[str, list[str]]:
    """The sub-rows of each result group (（三）不予公开/1.…), in table order."""
    rows = table.rows()
    return {head: [r for r in rows if r.startswith(head + "/")] for head in RESULT_GROUPS}


def group_value(table: Table, head: str, column: str) -> float | None:
    values = _values(table)
    return _group_figure(values.get((head, column)), [values.get((r, column)) for r in _subrows(table)[head]])


def _group_figure(head_value: float | None, sub_values: list[float | None]) -> float | None:
    """A result group's figure: its own row, else the sum of its sub-rows (None if one is missing)."""
    if head_value is not None:
        return head_value
    if sub_values:
        return None if any(v is None for v in sub_values) else sum(v for v in sub_values if v is not None)
    return None


def table_sums(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    for t in tables:
        if not t.readable:
            continue
        if t.key == "requests":
            yield from _requests_sums(t)
        elif t.key == "appeals":
            yield from _appeals_sums(t)


def _table_finding(rule: str, t: Table, zh: str, en: str, cells: list[str], expected: float,
                   actual: float) -> Finding:
    return Finding(rule, "error", zh, en, (Evidence(TABLE_NAMES[t.key], t.start, t.end, t.key, tuple(cells)),),
                   expected=expected, actual=actual)


def _requests_sums(t: Table) -> Iterator[Finding]:
    value, subrows = _values(t).get, _subrows(t)
    for col in REQUEST_COLUMNS:
        new, carried, total, nxt = (value((r, col)) for r in (NEW, CARRIED, TOTAL, NEXT))
        if None not in (new, carried, total, nxt):
            left, right = new + carried, total + nxt  # type: ignore[operator]
            if not math.isclose(left, right):
                yield _table_finding(
                    "table_requests_balance", t,
                    f"表三“{col}”列：本年新收{fmt(new)}+上年结转{fmt(carried)}={fmt(left)}，"
                    f"但办理结果总计{fmt(total)}+结转下年度{fmt(nxt)}={fmt(right)}。",
                    f"Table 三, column {col}: new + carried over = {fmt(left)} but total handled + carried "
                    f"forward = {fmt(right)}.", [f"{r}|{col}" for r in (NEW, CARRIED, TOTAL, NEXT)], left, right)
        groups = [(head, subrows[head], [value((r, col)) for r in subrows[head]], value((head, col)))
                  for head in RESULT_GROUPS]
        parts = [value((DISCLOSED, col)), value((PARTLY, col))] + [_group_figure(head_value, sub_values)
                                                                    for _, _, sub_values, head_value in groups]
        if total is not None and None not in parts:
            summed = sum(p for p in parts if p is not None)
            if not math.isclose(summed, total):
                yield _table_finding(
                    "table_requests_results_sum", t,
                    f"表三“{col}”列：（一）至（六）合计{fmt(summed)}，与（七）总计{fmt(total)}不符。",
                    f"Table 三, column {col}: results (一)–(六) add up to {fmt(summed)}, (七) total says {fmt(total)}.",
                    [f"{r}|{col}" for r in (DISCLOSED, PARTLY, *RESULT_GROUPS, TOTAL)], summed, total)
        for head, subs, sub_values, head_value in groups:
            if subs and head_value is not None and None not in sub_values:
                summed = sum(v for v in sub_values if v is not None)
                if not math.isclose(summed, head_value):
                    yield _table_finding(
                        "table_requests_results_sum", t,
                        f"表三“{col}”列：{head}小计{fmt(head_value)}，其分项合计{fmt(summed)}。",
                        f"Table 三, column {col}: subtotal {head} = {fmt(head_value)}, its items add up to {fmt(summed)}.",
                        [f"{r}|{col}" for r in (head, *subs)], summed, head_value)
    for row in t.rows():
        in_row = [value((row, c)) for c in REQUEST_COLUMNS]
        if None in in_row:
            continue
        summed = sum(v for v in in_row[:-1] if v is not None)
        if not math.isclose(summed, in_row[-1] or 0.0):
            yield _table_finding(
                "table_requests_total_column", t,
                f"表三“{row}”行：各类申请人合计{fmt(summed)}，总计列为{fmt(in_row[-1])}。",
                f"Table 三, row {row}: the applicant columns add up to {fmt(summed)}, the total column says "
                f"{fmt(in_row[-1])}.", [f"{row}|{c}" for c in REQUEST_COLUMNS], summed, in_row[-1] or 0.0)


def _appeals_sums(t: Table) -> Iterator[Finding]:
    for row in t.rows():
        values = [figure(t, row, c) for c in APPEAL_COLUMNS]
        if None in values:
            continue
        summed = sum(v for v in values[:4] if v is not None)
        if not math.isclose(summed, values[4] or 0.0):
            yield _table_finding(
                "table_appeals_total", t,
                f"表四“{row}”：维持、纠正、其他、尚未审结合计{fmt(summed)}，总计为{fmt(values[4])}。",
                f"Table 四, {row}: the four outcomes add up to {fmt(summed)}, the total says {fmt(values[4])}.",
                [f"{row}|{c}" for c in APPEAL_COLUMNS], summed, values[4] or 0.0)
