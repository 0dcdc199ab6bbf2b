"""The enumeration grammar: list markers (一是, （一）, 1、, ①, 第一，, 首先, 一方面 …), their values and runs."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..read.headings import finditer_lead_free, numeral_value, without_lookbehind

# Enumeration families. Prose markers (第一，, 首先, 一方面) must follow a clause boundary; 一是 is
# also found glued to a run-in heading (5.加强平台建设一是…), words such as 统一是 excepted.
_CN = "一二三四五六七八九十"
FAMILIES: dict[str, re.Pattern[str]] = {
    "shi": re.compile(rf"(?<![统唯之单同其第另万逐专划均归合如不再])([{_CN}]{{1,3}})是"),
    "paren_cn": re.compile(rf"(?<!第)[（(]\s?([{_CN}]{{1,3}})\s?[)）]"),
    "paren_num": re.compile(r"(?<!第)[（(]\s?(\d{1,2})\s?[)）]"),
    "num": re.compile(r"(?<![\d.．:：/\-～~])(\d{1,2})\s?[、.．](?!\d)"),
    "circled": re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])"),
    "di": re.compile(rf"第([{_CN}]{{1,2}})(?=[，,、：:])"),
    "order": re.compile(r"(首先|其次|再次|再者|最后)(?=[，,、：:])"),
    "aspect": re.compile(r"(另一方面|一方面)"),
}
_PROSE_FAMILIES = frozenset({"di", "order", "aspect"})
_SPLIT_FAMILIES = {family: without_lookbehind(pattern) for family, pattern in FAMILIES.items()}
BOUNDARY = set("。；;：:，,！？!?\n\r\t 　）)”】|")
_ORDER = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "最后": 0}


@dataclass(frozen=True)
class Marker:
    """One enumeration marker: its span, family and value (1 for 一是, （一）, 1、 …)."""

    start: int
    end: int
    family: str
    value: int


def _value(family: str, token: str) -> int:
    if family in ("shi", "paren_cn", "di"):
        return numeral_value(token)
    if family == "circled":
        return ord(token) - ord("①") + 1
    if family == "order":
        return _ORDER[token]
    if family == "aspect":
        return 2 if token.startswith("另") else 1
    return int(token)


def _at_boundary(text: str, pos: int, lo: int) -> bool:
    return pos <= lo or text[pos - 1] in BOUNDARY


def find_markers(text: str, start: int, end: int, family: str) -> list[Marker]:
    """Markers of one family in ``text[start:end]`` (prose markers only after a boundary)."""
    out = []
    for m in finditer_lead_free(_SPLIT_FAMILIES[family], text, start, end):
        if family in _PROSE_FAMILIES and not _at_boundary(text, m.start(), start):
            continue
        out.append(Marker(m.start(), m.end(), family, _value(family, m.group(1))))
    return out


def marker_runs(markers: list[Marker]) -> list[list[Marker]]:
    """Group markers into lists: a list starts at 1 and goes on by +1, tolerating a skipped
    or repeated number (kept as a slip); other numbers are cross-references and are ignored.

    >>> [[m.value for m in r] for r in marker_runs([Marker(i, i + 1, "shi", v) for i, v in enumerate([1, 3, 3, 1, 2])])]
    [[1, 3, 3], [1, 2]]
    """
    runs: list[list[Marker]] = []
    current: list[Marker] = []
    for m in markers:
        if m.value == 0:  # 最后: whatever comes next
            if not current:
                continue
            m = replace(m, value=current[-1].value + 1)
        prev = current[-1].value if current else None
        if m.value == 1:
            if current:
                runs.append(current)
            current = [m]
        elif prev is not None and prev <= m.value <= prev + 2:
            current.append(m)
    if current:
        runs.append(current)
    return runs


def top_run(text: str, start: int, end: int) -> list[Marker]:
    """The outermost enumeration in ``text[start:end]``: the earliest list of two or more items."""
    best: list[Marker] = []
    for family in FAMILIES:
        for run in marker_runs(find_markers(text, start, end, family)):
            if len(run) < 2:
                continue
            if not best or run[0].start < best[0].start or (run[0].start == best[0].start and len(run) > len(best)):
                best = run
            break  # later runs of the same family start later
    return best


def all_runs(text: str, start: int, end: int, family: str) -> list[list[Marker]]:
    """Every list of two or more items of one family in ``text[start:end]``."""
    return [r for r in marker_runs(find_markers(text, start, end, family)) if len(r) >= 2]
