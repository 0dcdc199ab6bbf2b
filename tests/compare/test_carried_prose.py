"""Carried-over text is looked for in every prose sentence of every layout, tables left out.

The truth here is computed from the texts alone, with a sentence rule and a masking rule written
for this test (not textkit's own): a sentence of a report is carried over when, with digits
masked and punctuation and spaces dropped, it equals a sentence of an earlier report of the same
body. Every such sentence must be flagged by textkit as carried over (verbatim or numbers_changed).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import textkit

# A sentence: up to 。！？ (a line that ends without one is a heading or a table cell).
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]")
_LEADING_MARKER = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]?")
_DROPPED = re.compile(r"[\s，。；：、,.;:！？!?（）()“”《》\"'|—-]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A table row as text: cells between pipes, or a run of three or more numbers (a flattened table).
_TABLE = re.compile(r"\||\d+\s+\d+\s+\d+")
# A bare sub-heading: a numbering marker and a short title (（三）政府信息管理方面。).
_SUB_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,2}[)）][\u4e00-\u9fff]{1,10}[。：:]?\s*$")


def _prose(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of the prose sentences of ``text`` worth comparing: ending in
    。！？, at least 8 Chinese characters after any leading marker, not a table row, not a bare
    sub-heading."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        core = _LEADING_MARKER.sub("", sentence)
        if len(_CJK.findall(core)) < 8 or _TABLE.search(sentence) or _SUB_HEADING.match(sentence):
            continue
        out.append((m.start(), m.end(), sentence))
    return out


def _masked(sentence: str) -> str:
    return re.sub(r"\d+", "#", _DROPPED.sub("", sentence))


def _unflagged(reports: list[textkit.Report]) -> tuple[int, list[tuple[str, int, str]]]:
    """How many sentences equal an earlier year's after masking, and those not flagged."""
    bodies: dict[str, dict[int, list[textkit.Report]]] = {}
    for r in reports:
        if r.ok and r.document is not None and r.document.is_report and r.document.year:
            bodies.setdefault(r.document.agency or r.path, {}).setdefault(r.document.year, []).append(r)
    truth, missed = 0, []
    for years in bodies.values():
        for year, copies in years.items():
            earlier = {_masked(s) for y, rs in years.items() if y < year for r in rs
                       for *_, s in _prose(r.document.analysis_text)}  # type: ignore[union-attr]
            for r in copies:
                flagged = [(x.start, x.end) for x in r.recycled if x.kind != "template"]
                for s, e, sentence in _prose(r.document.analysis_text):  # type: ignore[union-attr]
                    if _masked(sentence) in earlier:
                        truth += 1
                        if not any(a < e and s < b for a, b in flagged):
                            missed.append((Path(r.path).name, year, sentence[:8]))
    return truth, missed


def test_every_pingtan_sentence_equal_to_an_earlier_years_is_flagged(shared_corpus: Path) -> None:
    corpus = textkit.Corpus(str(shared_corpus / "pingtan"))
    truth, missed = _unflagged(list(corpus.reports))
    assert truth >= 40  # measured: 41 (the .html copies of 2011 and 2024 count on their own)
    assert missed == []


def test_every_sample_sentence_equal_to_an_earlier_years_is_flagged(sample_reports: dict) -> None:
    truth, missed = _unflagged(list(sample_reports.values()))
    assert truth >= 100
    assert missed == []


def test_tables_and_sub_headings_are_not_prose() -> None:
    text = ("（三）政府信息管理方面。| 一、本年新收政府信息公开申请数量 | 3 | 0 | 3 |\n"
            "行政许可 12 0 4 行政处罚 0 0 0 合计。\n本年度收到的申请都在法定期限内办结了。")
    assert [s for *_, s in _prose(text)] == ["本年度收到的申请都在法定期限内办结了。"]
