"""Finds the report's numbered top-level headings (一、总体情况 …) and their consistent sequence.

Reading needs them to tell where the report body starts and ends on a page; ``analyze.sections``
turns them into sections. Headings are matched on the Simplified analysis text, so Traditional
reports and headings glued to the previous sentence on one long line are found alike. Also the
Chinese numerals and the look-behind-free regex search every enumeration matcher uses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicons
from ..model import SectionKey

NUMERALS = "一二三四五六七八九十"
# A numeral preceded by one of these characters is part of a word (第一, 统一, 之一), not a marker.
_MARKER = re.compile(r"(?<![第统唯之单同逐专划任其万百千十一二三四五六七八九（(])([一二三四五六七八九十]{1,3})\s{0,3}[、.．]\s{0,3}")
_STATS = re.compile(r"附(?:件|表)?\s{0,2}\d{0,2}\s{0,2}[:：]?[^。\n；]{0,40}?统计表|[^\s。；：]{0,30}情况统计表")
_END_WORDS = re.compile(r"情况|事项|措施|概述|概况|计划|打算|统计表")
_STOP = re.compile(r"[。；;！？\n|]")
MAX_HEADING = 40
# A heading whose wording maps to no known section must be this short to count at all.
MAX_UNKNOWN_HEADING = 16


@dataclass(frozen=True)
class Heading:
    """A heading candidate: where it starts and ends, its number and mapped key."""

    start: int
    end: int
    number: int
    key: SectionKey


LeadFree = tuple[re.Pattern[str], re.Pattern[str] | None]


def without_lookbehind(pattern: re.Pattern[str]) -> LeadFree:
    """``pattern`` led by a one-character negative look-behind, as (the rest, the look-behind's
    character); (pattern, None) when it has none, or when the rest has a ``|`` (the look-behind
    might then belong to the first alternative only).

    >>> [p.pattern for p in without_lookbehind(re.compile("(?<![第统])([一二])、")) if p]
    ['([一二])、', '[第统]']
    >>> without_lookbehind(re.compile("(?<!第)一|二"))[1] is None
    True
    """
    m = re.fullmatch(r"\(\?<!(\[[^\]]*\]|[^\[\]()\\])\)([^|]*)", pattern.pattern, re.DOTALL)
    return (re.compile(m.group(2), pattern.flags), re.compile(m.group(1), pattern.flags)) if m else (pattern, None)


def finditer_lead_free(split: LeadFree, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text, start, end)``, for ``split`` =
    ``without_lookbehind(pattern)``, in about half the time: the regex engine scans for a
    pattern's leading characters fast, but tries a leading look-behind at every position. Here
    the rest is searched and the character before a hit checked; when it is excluded the search
    goes on one character later, which is where the engine would try next (``pattern`` must
    not match the empty string)."""
    rest, before = split
    pos, stop = start, len(text) if end is None else end
    while m := rest.search(text, pos, stop):
        if before is not None and m.start() > 0 and before.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


_MARKER_SPLIT = without_lookbehind(_MARKER)


def numeral_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 99.

    >>> numeral_value("七"), numeral_value("十二"), numeral_value("二十")
    (7, 12, 20)
    """
    if "十" not in numeral:
        return NUMERALS.index(numeral) + 1 if numeral in NUMERALS else 0
    tens, _, ones = numeral.partition("十")
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)


def classify_heading(phrase: str) -> SectionKey | None:
    """Section key of a heading phrase (Simplified), from lexicons/headings.tsv."""
    for key, stem, _ in lexicons.table("headings.tsv", 3):
        if stem in phrase:
            return key  # type: ignore[return-value]
    return None


def find_headings(analysis: str) -> list[Heading]:
    """Every plausible top-level heading in order of position (not yet a consistent sequence)."""
    found = []
    for m in finditer_lead_free(_MARKER_SPLIT, analysis):
        phrase_end = _heading_end(analysis, m.end())
        if phrase_end is None:
            continue
        key = classify_heading(analysis[m.end():phrase_end]) or "unknown"
        found.append(Heading(m.start(), phrase_end, numeral_value(m.group(1)), key))
    for m in _STATS.finditer(analysis) if "统计表" in analysis else ():  # skip a slow scan when it cannot match
        if not any(h.start <= m.start() < h.end for h in found):
            found.append(Heading(m.start(), m.end(), 99, "statistics"))
    return sorted(found, key=lambda h: h.start)


def _heading_end(text: str, start: int) -> int | None:
    end = _heading_length(text[start:start + MAX_HEADING + 6])
    return None if end is None else start + end


@lru_cache(maxsize=1 << 12)
def _heading_length(window: str) -> int | None:
    """Length of the heading phrase that opens ``window``, if any (once per distinct window:
    headings and the table rows numbered like them recur in every report)."""
    stop = _STOP.search(window)
    limit = stop.start() if stop else len(window)
    nested = _MARKER.search(window, 1)
    if nested and nested.start() < limit:
        limit = nested.start()
    ends = [m.end() for m in _END_WORDS.finditer(window, 0, limit) if not re.search(r"\d", window[:m.end()])]
    for end in ends:
        if classify_heading(window[:end]):
            return end
    short = [end for end in ends if end <= MAX_UNKNOWN_HEADING]
    if short:
        return short[-1]
    line = window[:limit].rstrip()
    if stop and window[stop.start()] == "\n" and len(line) <= MAX_HEADING and not re.search(r"\d|，", line):
        return len(line)
    return None


def heading_sequence(headings: list[Heading]) -> list[Heading]:
    """The best run of headings with increasing numbers (ties: the earliest run).

    Table row labels such as 一、本年新收… are numbered too; a consistent increasing sequence
    separates real section headings from them. Known headings weigh 2, unknown ones 1, so an
    unknown heading joins only where it fits the numbering. Statistics (number 99) end a run.
    """
    # Dynamic programme over heading numbers (at most ~100 distinct), linear in candidates:
    # best[number] = (score, index) of the best run so far ending in a heading with that number.
    best: dict[int, tuple[int, int]] = {}
    scores: list[int] = []
    links: list[int | None] = []
    for i, h in enumerate(headings):
        base, link = 0, None
        for number, (score, index) in best.items():
            if number < h.number and (score, -index) > (base, -(link if link is not None else i)):
                base, link = score, index
        scores.append(base + (1 if h.key == "unknown" else 2))
        links.append(link)
        if h.number not in best or scores[i] > best[h.number][0]:
            best[h.number] = (scores[i], i)
    if not headings:
        return []
    at: int | None = max(range(len(headings)), key=lambda i: (scores[i], -i))
    top: list[Heading] = []
    while at is not None:
        top.append(headings[at])
        at = links[at]
    top.reverse()
    while top and top[0].key == "unknown":
        top = top[1:]
    return top
