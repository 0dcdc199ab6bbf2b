"""Finds the report's numbered sections (一、总体情况 …) and sub-sections (（一）…) with spans.

Headings are matched on the Simplified analysis text, so Traditional reports and headings glued
to the previous sentence on one long line are found alike; the heading is kept as written.
"""
from __future__ import annotations

import re

from ..model import NARRATIVE_KEYS, Document, Layout, Section
from ..read.headings import NUMERALS, find_headings, heading_sequence, numeral_value
from .tables import labels

_SUB_MARKER = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")
_SUB_STOP = re.compile(r"[。：:；;\n ]")
MAX_SUB_HEADING = 20
_NUMBER = re.compile(r"\d+")


def find_sections(doc: Document) -> tuple[Section, ...]:
    """Top-level sections of ``doc`` with sub-sections; missing sections are simply absent."""
    text, analysis = doc.text, doc.analysis_text
    heads = heading_sequence(find_headings(analysis))
    sections = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        heading = text[h.start:h.end].strip()
        number = heading[: len(heading) - len(heading.lstrip(NUMERALS))] if h.number != 99 else ""
        subs = _subsections(doc, h.end, end) if h.key in NARRATIVE_KEYS else ()
        sections.append(Section(
            key=h.key, heading=heading, number=number, start=h.start, body_start=h.end, end=end,
            narrative=_is_narrative(h.key, analysis[h.end:end]), subsections=subs))
    return tuple(sections)


def _is_narrative(key: str, body: str) -> bool:
    if key in NARRATIVE_KEYS:
        return True
    if key == "statistics":
        return False
    punct = body.count("。")
    return punct >= 3 and punct * 20 > len(_NUMBER.findall(body))  # (numbers counted only when needed)


def _subsections(doc: Document, start: int, end: int) -> tuple[Section, ...]:
    """（一）（二）… sub-headings in order; the heading runs to the first 。：; or line end."""
    analysis = doc.analysis_text
    subs: list[tuple[int, int, str]] = []
    expected = 1
    for m in _SUB_MARKER.finditer(analysis, start, end):
        if numeral_value(m.group(1)) != expected:
            continue
        stop = _SUB_STOP.search(analysis, m.end(), min(m.end() + MAX_SUB_HEADING, end))
        head_end = stop.start() if stop else min(m.end() + MAX_SUB_HEADING, end)
        subs.append((m.start(), head_end, m.group(0)))
        expected += 1
    out = []
    for i, (s, e, marker) in enumerate(subs):
        sub_end = subs[i + 1][0] if i + 1 < len(subs) else end
        out.append(Section(key="unknown", heading=doc.text[s:e].strip(), number=doc.text[s:s + len(marker)],
                           start=s, body_start=e, end=sub_end, narrative=True, level=2))
    return tuple(out)


def detect_layout(doc: Document, sections: tuple[Section, ...]) -> Layout:
    """2008, 2019 or 2021 from the headings and table templates; the year only breaks ties."""
    analysis = doc.analysis_text
    keys = [s.key for s in sections]
    headings = "".join(doc.analysis_text[s.start:s.body_start] for s in sections)
    if not sections:
        return "unknown"
    modern = "总体情况" in headings or "收到和处理" in headings or (
        "其他需要报告" in headings and len(keys) <= 6 and "fees" not in keys and "problems" in keys
        and keys.index("problems") == 4)
    if not modern:
        return "2008" if len(keys) >= 3 else "unknown"
    if any(cue in analysis for cue in labels("layout_cue", "2021")):
        return "2021"
    if any(cue in analysis for cue in labels("layout_cue", "2019")):
        return "2019"
    if doc.year:
        return "2021" if doc.year >= 2021 else "2019"
    return "unknown"
