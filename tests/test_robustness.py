"""Bad input gives a clear error naming the file, never a crash; a batch never loses a file."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.read import ingest
from textkit.run.corpus import analyze_corpus
from textkit.errors import IngestError
from textkit.read.ingest import from_bytes, read
from textkit.analyze.sections import find_sections
from textkit.analyze.sentences import split

REPORT = ("青禾县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息120条。\n"
          "二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n收到申请3件。\n"
          "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n一是机制不健全。\n"
          "六、其他需要报告的事项\n未收取信息处理费。\n")


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (bytes(range(256)) * 40, "binary"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "binary"),
])
def test_unreadable_bytes_name_file_and_problem(data: bytes, problem: str) -> None:
    with pytest.raises(IngestError) as err:
        from_bytes(data, "inbox/report.txt")
    assert "inbox/report.txt" in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_decode_to_the_same_report(encoding: str) -> None:
    doc = from_bytes(REPORT.encode(encoding), "r.txt")
    assert doc.title == "青禾县人民政府2022年政府信息公开工作年度报告"
    assert len(find_sections(doc)) == 6


def test_big5_traditional_report() -> None:
    from textkit.read.normalize import to_display

    traditional = to_display(REPORT, "traditional").replace("台", "臺")
    doc = from_bytes(traditional.encode("big5", errors="replace"), "r.txt")
    assert doc.encoding == "big5" and doc.script.kind == "traditional"
    assert [s.key for s in find_sections(doc)] == ["overview", "proactive", "requests", "appeals", "problems", "other"]


def test_wrong_declared_charset_loses_to_the_bytes() -> None:
    page = f"<html><head><meta charset='gbk'></head><body><p>{REPORT.replace(chr(10), '</p><p>')}</p></body></html>"
    doc = from_bytes(page.encode("utf-8"), "page.html")
    assert doc.encoding == "utf-8" and doc.form == "html" and len(find_sections(doc)) == 6
    page_gbk = page.replace("gbk", "utf-8").encode("gbk")
    assert len(find_sections(from_bytes(page_gbk, "page.html"))) == 6


def test_truncated_and_deeply_nested_html() -> None:
    nested = "<div>" * 5000 + REPORT + "</div>" * 10
    assert len(find_sections(from_bytes(nested.encode(), "deep.html"))) == 6
    truncated = f"<html><body><table><tr><td rowspan='2'>{REPORT}"
    assert from_bytes(truncated.encode(), "cut.html").title is not None


def test_html_tables_resolve_spans_and_drop_chrome() -> None:
    page = ("<html><head><script>alert('x')</script><style>p{}</style></head><body><nav>首页 政务公开</nav>"
            "<h1>青禾县人民政府2022年政府信息公开工作年度报告</h1><div class='article'><p>一、总体情况</p><p>全年公开信息5条。</p>"
            "<table><tr><td rowspan='2'>行政复议</td><td colspan='2'>结果</td></tr><tr><td>维持</td><td>纠正</td></tr></table>"
            "</div><div class='footer'>版权所有</div></body></html>")
    doc = from_bytes(page.encode(), "p.html")
    assert "alert" not in doc.text and "首页" not in doc.text and "版权所有" not in doc.text
    assert "行政复议 | 结果 | 结果" in doc.text and "行政复议 | 维持 | 纠正" in doc.text


_SPAN = st.tuples(st.sampled_from(["甲", "乙", ""]), st.integers(1, 4), st.integers(1, 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_SPAN, max_size=4), min_size=1, max_size=5))
def test_any_span_pattern_gives_a_table(rows: list[list[tuple[str, int, int]]]) -> None:
    """Rowspans reaching past short or empty rows leave holes in the grid: they read as empty
    cells, never as an error (a page with one used to fail as an internal error)."""
    from textkit.read.html import html_to_text

    cells = ["".join(f"<td rowspan='{r}' colspan='{c}'>{t}</td>" for t, r, c in row) for row in rows]
    text = html_to_text("<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>")[0]
    assert all(t in text for row in rows for t, _, _ in row)


def test_rowspan_over_an_empty_row_reads_as_an_empty_cell() -> None:
    from textkit.read.html import html_to_text

    page = "<table><tr><td>办结</td><td rowspan=2>3</td></tr><tr></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>"
    assert html_to_text(page)[0].splitlines() == ["办结 | 3", " | 3", "a | b | c"]


def test_size_limit_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.txt"
    big.write_bytes(REPORT.encode() * 50)
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    with pytest.raises(IngestError, match="huge.txt.*limit"):
        read(big)


def test_million_character_line_and_pathological_markers() -> None:
    line = ("一是" * 200_000) + ("（" * 100_000) + ("1." * 100_000)
    doc = from_bytes((REPORT + line).encode(), "long.txt")
    assert find_sections(doc)[0].key == "overview"
    assert split(line)


def test_batch_keeps_every_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "letter.txt").write_text("标题: 关于2023年政务公开工作要点的通知\n各单位：请做好工作。\n", encoding="utf-8")
    reports = analyze_corpus([tmp_path], workers=1)
    by_name = {Path(r.path).name: r for r in reports}
    assert sorted(by_name) == ["binary.html", "empty.txt", "good.txt", "letter.txt"]
    assert by_name["good.txt"].ok and len(by_name["good.txt"].sections) == 6
    assert "empty.txt" in (by_name["empty.txt"].error or "") and "binary" in (by_name["binary.html"].error or "")
    assert by_name["letter.txt"].document is not None and not by_name["letter.txt"].document.is_report


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("政府公开。！？；，（）《》“”\n 12.3一、")), max_size=300))
def test_sentence_spans_cover_text_in_order(text: str) -> None:
    spans = split(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    kept = "".join(text[s:e] for s, e in spans)
    assert [c for c in kept if c not in " \t|"] == [c for c in text if c not in " \t|\n"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_text_reads_or_fails_cleanly(text: str) -> None:
    try:
        doc = from_bytes(text.encode("utf-8"), "fuzz.txt")
    except IngestError as err:
        assert "fuzz.txt" in str(err)
        return
    for section in find_sections(doc):
        assert 0 <= section.start <= section.body_start <= section.end <= len(doc.text)
        assert 0 <= doc.to_source(section.start) <= len(doc.source_text)
