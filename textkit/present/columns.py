"""Fitting a terminal table to the screen width: which columns stay, how wide, how text is cut.

A table that does not fit is made narrower one documented step at a time (``FitStep``):
shorten a text column to a minimum width, abbreviate the headers, or drop a column. Numbers
are never cut or wrapped; file names are shortened in the middle, so a report's year and
extension stay visible (``80678_平潭综…年度报告.html``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from rich.cells import cell_len

ELLIPSIS = "…"
# Per column, a rich table with the default box and padding adds one border and two spaces.
COLUMN_OVERHEAD = 3


@dataclass(frozen=True)
class Column:
    """One column of a terminal table: ``cut`` says how its text may be shortened (None:
    never, as for numbers); ``short`` is the header used once headers are abbreviated."""

    key: str
    header: str
    short: str
    cut: Literal["middle", "end"] | None = None


@dataclass(frozen=True)
class FitStep:
    """One narrowing step: ``shrink`` a column to ``width`` cells, ``drop`` it, or
    ``abbreviate`` every header (``key`` is then ignored)."""

    action: Literal["shrink", "drop", "abbreviate"]
    key: str = ""
    width: int = 0


@dataclass(frozen=True)
class Fitted:
    """The columns kept (in table order), their widths, and their headers."""

    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    headers: tuple[str, ...]

    def cells(self, row: dict[str, str]) -> list[str]:
        """The cells of ``row`` (keyed by column key) for the kept columns, cut to width."""
        return [cut(row.get(c.key, ""), w, c.cut) for c, w in zip(self.columns, self.widths)]


def cut(text: str, width: int, how: Literal["middle", "end"] | None) -> str:
    """``text`` shortened to ``width`` terminal cells (wide characters count two).

    >>> cut("80678_平潭综合实验区2011年报告.html", 20, "middle")
    '80678_平潭…报告.html'
    >>> cut("平潭综合实验区地方税务局", 10, "end")
    '平潭综合…'
    >>> cut("12/3/0", 3, None)
    '12/3/0'
    """
    if how is None or cell_len(text) <= width:
        return text
    if how == "end":
        return _take(text, width - 1) + ELLIPSIS
    tail_budget = (width - 1) // 2
    tail = _take(text[::-1], tail_budget)[::-1]
    head = _take(text, width - 1 - cell_len(tail))
    return head + ELLIPSIS + tail


def _take(text: str, width: int) -> str:
    """The longest prefix of ``text`` that fits in ``width`` cells."""
    out, used = [], 0
    for ch in text:
        used += cell_len(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)


def fit(columns: Sequence[Column], rows: Sequence[dict[str, str]], width: int,
        steps: Sequence[FitStep]) -> Fitted:
    """The columns and widths that show ``rows`` in ``width`` cells, applying ``steps`` in
    order until the table fits (when even every step is not enough, the last state is
    returned: the terminal then wraps it)."""
    kept = list(columns)
    natural = {c.key: max([cell_len(row.get(c.key, "")) for row in rows] + [0]) for c in columns}
    limit = dict(natural)
    short = False

    def headers() -> list[str]:
        return [c.short if short else c.header for c in kept]

    def widths() -> list[int]:
        return [max(limit[c.key], cell_len(h)) for c, h in zip(kept, headers())]

    def total() -> int:
        return sum(widths()) + COLUMN_OVERHEAD * len(kept) + 1

    for step in steps:
        if total() <= width:
            break
        if step.action == "abbreviate":
            short = True
        elif step.action == "drop":
            kept = [c for c in kept if c.key != step.key]
        elif step.key in limit:
            limit[step.key] = min(limit[step.key], step.width)
    return Fitted(tuple(kept), tuple(widths()), tuple(headers()))
