"""Fuzzing ingest + sections: any bytes give a Document or an IngestError, and every span is sound.

Two generators: arbitrary bytes, and report-like pages (headings, numerals, pipes, brackets, HTML
tags, several encodings) with random byte damage. Bounded by max_examples so CI stays fast.
"""
from __future__ import annotations

import time

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textkit.errors import IngestError
from textkit.read.ingest import from_bytes
from textkit.model import Document, Section
from textkit.analyze.sections import find_sections
from textkit.analyze.sentences import sentences

FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PIECES = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "七、", "十二、", "一、概述", "一、總體情況", "五、存在的主要問題",
    "（一）", "(二)", "（十）", "1.", "2、", "（1）", "①", "一是", "二是", "第一，", "首先，",
    "东山县教育局2021年政府信息公开工作年度报告", "2021年度政府信息公开工作年度报告", "标题: ", "发布时间: 2022-01-20",
    "索引号：", "发布机构：", "当前位置：首页 > 政务公开", "本年度共公开信息120条。", "全年收到申请3件", "，", "。", "；",
    "：", "！", "？", "《条例》", "《", "》", "“", "”", "（", "）", "(", ")", "【", "】", " | ", "|", "||||", "0 | 0 | 0 |",
    "<p>", "</p>", "<table><tr><td>", "</td><td>", "</td></tr></table>", "<br>", "<div>", "</div>", "<!--", "-->",
    "<script>var a='一、总体情况';</script>", "<style>p{}</style>", "&nbsp;", "&amp;", "&#20013;", "<meta charset=\"big5\">",
    "<td rowspan=\"3\" colspan=\"2\">", "<html><body>", "</body></html>", "\n", "\n\n", "\r\n", "\t", "\u3000", " ",
    "網站地圖", "用户登录", "版权所有", "一" * 30, "、" * 40, "（" * 30, "1." * 20, "\ufeff", "\x00", "\x1b",
]

ENCODINGS = ["utf-8", "utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"]


@st.composite
def report_like(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=80))
    text = "".join(parts)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "insert"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "cut":
            data = data[:pos]
        elif kind == "flip" and pos < len(data):
            data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1:]
        else:
            data = data[:pos] + draw(st.binary(max_size=8)) + data[pos:]
    return data


def check_span(doc: Document, start: int, end: int) -> None:
    assert 0 <= start <= end <= len(doc.text)
    for offset in (start, end):
        assert 0 <= doc.to_source(offset) <= len(doc.source_text)
    if start < end and doc.form == "text":
        assert doc.source_text[doc.to_source(start)] == doc.text[start]


def check_section(doc: Document, s: Section, parent: Section | None = None) -> None:
    check_span(doc, s.start, s.end)
    assert s.start <= s.body_start <= s.end
    if parent is not None:
        assert parent.body_start <= s.start and s.end <= parent.end
    for sub in s.subsections:
        check_section(doc, sub, s)


def run(data: bytes) -> None:
    try:
        doc = from_bytes(data, "fuzz.txt")
    except IngestError as exc:
        assert "fuzz.txt" in str(exc)
        return
    assert len(doc.analysis_text) == len(doc.text)
    sections = find_sections(doc)
    for s in sections:
        check_section(doc, s)
    for a, b in zip(sections, sections[1:]):
        assert a.end <= b.start
    for sentence in sentences(doc, sections):
        check_span(doc, sentence.start, sentence.end)
        assert doc.text[sentence.start:sentence.end] == sentence.text


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    run(data)


@FUZZ
@given(report_like())
def test_report_like_pages(data: bytes) -> None:
    run(data)


@pytest.mark.parametrize("piece, repeats", [
    ("一、", 20_000), ("（一）", 20_000), ("、", 50_000), ("（", 50_000), ("|", 50_000), ("1.", 20_000),
    ("<td>", 20_000), ("一是", 20_000),
    ("一一一、情况", 6_000), ("五、存在的主要问题", 6_000),
])
def test_pathological_runs_stay_fast(piece: str, repeats: int) -> None:
    """Long runs of markers and brackets must not make a step backtrack or go quadratic.

    Not a speed target (those live in benchmarks/): the bound only tells a hang from a run."""
    data = ("东山县2021年政府信息公开工作年度报告\n" + piece * repeats).encode()
    t0 = time.perf_counter()
    run(data)
    assert time.perf_counter() - t0 < 5.0
