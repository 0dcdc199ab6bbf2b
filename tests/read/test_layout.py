"""textkit.read.layout: the print layout of extracted text undone, every kept character mapped back."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from print_layout import print_layout
from textkit.read.layout import chain, fold_width, unwrap
from textkit.model import OffsetMap

# A fictional report in the plain form (one paragraph, heading or table cell per line).
PLAIN = [
    "本报告由白鹭镇人民政府党政办公室依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为2023年1月1日至2023年12月31日。",
    "一、总体情况",
    "2023年，白鹭镇围绕上海市对口帮扶项目和乡村道路改造，通过镇政府网页主动公开信息312条，比上年增加18条，其中政策解读27篇。",
    "（一）主动公开。镇党政办公室每周汇总各站所拟公开的信息，经分管领导审核后统一发布，全年没有出现因审核把关不严被撤回的信息。",
    "（二）依申请公开。全年收到申请5件，均在法定期限内答复，其中予以公开3件、无法提供2件，没有收取任何费用。",
    "五、存在的主要问题及改进情况",
    "一是公开栏更新不及时。二是解读材料形式单一。下一步，我镇将每月检查一次村务公开栏，并在2024年6月底前完成解读材料模板的修订。",
    "行政许可",
    "1730",
    "行政处罚",
    "12",
]


def _maps_back(original: str, result) -> None:  # type: ignore[no-untyped-def]
    for i, char in enumerate(result.text):
        assert original[result.source_map.to_source(i)] == char, (i, char)


def test_printed_report_comes_back_as_written() -> None:
    printed = print_layout(PLAIN, columns=40, page_lines=9, running_head="白鹭镇2023年政府信息公开工作年度报告")
    assert "\x0c" in printed and "- 2 -" in printed and "2023 年" in printed and "1 730" in printed
    result = unwrap(printed)
    assert result.text.rstrip("\n") == "\n".join(PLAIN)
    _maps_back(printed, result)
    assert any("page numbers" in n for n in result.notes) and any("joined" in n for n in result.notes)


@pytest.mark.parametrize(("text", "expected"), [
    # mid-word wraps inside a sentence are joined; the heading after a short line is not
    ("本报告由白鹭镇党政办公室依据《中华人民共和\n国政府信息公开条例》编写，数据统计至年底，现\n将有关情况报告如下。\n一、总体情况\n", "中华人民共和国"),
    ("今年五月，本镇组织二十名村务公开专管员赴上\n海市参加培训，学习公开栏规范化建设的做法，并在回\n来后完成了全部公开栏的改造。\n", "赴上海市参加"),
])
def test_wrapped_words_are_joined(text: str, expected: str) -> None:
    page = text * 4  # a printed page has many full lines
    result = unwrap(page)
    assert expected in result.text
    assert "\n一、总体情况" in result.text or "一、总体情况" not in page
    _maps_back(page, result)


@pytest.mark.parametrize("mark", ["- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页", "3/9", "\x0c3", "3\x0c"])
def test_page_numbers_and_form_feeds_are_dropped(mark: str) -> None:
    page = "全年新收申请12件。\n" + mark + "\n二、主动公开政府信息情况\n"
    result = unwrap(page)
    assert result.text == "全年新收申请12件。\n二、主动公开政府信息情况\n"
    _maps_back(page, result)


def test_a_number_cell_is_not_a_page_number_without_a_page_break() -> None:
    page = "行政许可\n3\n行政处罚\n12\n"
    assert unwrap(page).text == page


def test_running_head_is_dropped_but_title_on_page_one_kept() -> None:
    title = "白鹭镇2023年政府信息公开工作年度报告"
    pages = [f"{title}\n一、总体情况\n第一页正文。\n- 1 -", f"{title}\n第二页正文。\n- 2 -", f"{title}\n第三页正文。\n- 3 -"]
    result = unwrap("\x0c".join(pages))
    assert result.text.count(title) == 1 and result.text.startswith(title)
    assert "第二页正文。\n第三页正文。" in result.text


@pytest.mark.parametrize(("text", "expected"), [
    ("2024 年 1 月", "2024年1月"),
    ("办结 12 件。", "办结 12件。"),  # the space before the number stays outside printed text
    ("２０２２ 年", "２０２２年"),
    ("一、总体情况 2022年，", "一、总体情况 2022年，"),  # a flattened page: heading, space, body
    ("一、本年新收 21 0 0 0 0 0 21", "一、本年新收 21 0 0 0 0 0 21"),
])
def test_spaces_between_numbers_and_units(text: str, expected: str) -> None:
    assert unwrap(text).text == expected


def test_thousands_in_a_one_cell_per_line_table_are_one_number() -> None:
    assert unwrap("行政许可\n1 730\n行政处罚\n").text == "行政许可\n1730\n行政处罚\n"
    # a row of cells is left alone
    row = "行政许可 1 730 行政处罚\n"
    assert unwrap(row).text == row


def test_paragraph_per_line_text_is_untouched() -> None:
    page = "\n".join(PLAIN) + "\n"
    assert unwrap(page).text == page and unwrap(page).notes == ()


def test_fold_width_keeps_length_and_punctuation() -> None:
    text = "２０２２年（一）ＡＢ，ｃ　１２．５％"
    folded = fold_width(text)
    assert len(folded) == len(text) and folded == "2022年（一）AB，c　12.5％"


def test_chain_composes_maps() -> None:
    inner = OffsetMap(((0, 0, 3), (3, 5, 4)))  # text1 = src[0:3] + src[5:9]
    outer = OffsetMap(((0, 1, 2), (2, 4, 3)))  # text2 = text1[1:3] + text1[4:7]
    assert [chain(outer, inner).to_source(i) for i in range(5)] == [1, 2, 6, 7, 8]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="政府信息公开年报告，。、一二三（）0123 \n\x0c-第页", max_size=60), max_size=12))
def test_every_kept_character_maps_to_itself(parts: list[str]) -> None:
    page = "\n".join(parts)
    result = unwrap(page)
    _maps_back(page, result)
