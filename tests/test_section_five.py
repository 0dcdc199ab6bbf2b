"""Section 五 items, exactly: every report of the sample corpus gives its gold items (markers,
headlines, in order, and the year each item answers), and no item is a fragment."""
from __future__ import annotations

import pytest

from conftest import sample_gold
from textkit import Report, from_bytes
from textkit.read.normalize import to_simplified
from textkit.run.pipeline import analyze_document

GOLD = [g for _, g in sample_gold() if g["is_report"]]


def _norm(headline: str) -> str:
    return to_simplified(headline).strip().rstrip("，。；：,;:.")


def _report(sample_reports: dict, file: str) -> Report:
    """The report of a gold file, also when the run merged it into another copy of itself."""
    if file in sample_reports:
        return sample_reports[file]  # type: ignore[no-any-return]
    return next(r for r in sample_reports.values() if any(c.endswith(file) for c in r.copies))


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["file"]) for g in GOLD])
def test_items_exact(sample_reports: dict, gold: dict) -> None:
    report = _report(sample_reports, gold["file"])
    for kind in ("problems", "improvements"):
        mine = [(to_simplified(i.marker), _norm(i.headline)) for i in getattr(report, kind)]
        want = [(to_simplified(x["marker"]), _norm(x["headline"])) for x in gold[kind]]
        assert mine == want, kind
        assert [i.year for i in getattr(report, kind)] == [x.get("year", gold["year"]) for x in gold[kind]]


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["file"]) for g in GOLD])
def test_no_item_is_a_fragment(sample_reports: dict, gold: dict) -> None:
    """An item says something: its headline has at least four Chinese characters, and no item
    starts with a conjunction left over from a cut sentence (和, 与, 及)."""
    report = _report(sample_reports, gold["file"])
    for item in report.problems + report.improvements:
        head = to_simplified(item.headline)
        assert sum("\u4e00" <= c <= "\u9fff" for c in head) >= 4 and head[:1] not in "和与及", item.headline


def _five(body: str, year: int = 2022) -> tuple[list[tuple[str, str, int | None]], list[tuple[str, str, int | None]]]:
    text = (f"松林县民政局{year}年政府信息公开工作年度报告\n一、总体情况\n本年度按要求推进各项公开工作，全年发布信息一百余条。\n"
            "二、主动公开政府信息情况\n表格略。\n三、收到和处理政府信息公开申请情况\n表格略。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n表格略。\n五、存在的主要问题及改进情况\n" + body
            + "\n六、其他需要报告的事项\n本年度未收取信息处理费。\n")
    report = analyze_document(from_bytes(text.encode("utf-8"), f"synthetic/{year}.txt"))
    return ([(i.marker, _norm(i.headline), i.year) for i in report.problems],
            [(i.marker, _norm(i.headline), i.year) for i in report.improvements])


def test_run_in_numbered_sub_headings() -> None:
    problems, improvements = _five("1.主要问题一是救助信息更新慢；二是办事指南表述不清。2.下一步工作打算一是每月更新救助名单。二是重写办事指南。")
    assert problems == [("一是", "救助信息更新慢", 2022), ("二是", "办事指南表述不清", 2022)]
    assert improvements == [("一是", "每月更新救助名单", 2022), ("二是", "重写办事指南", 2022)]


def test_a_lead_in_tail_is_context_and_a_short_piece_joins_its_neighbour() -> None:
    problems, _ = _five("我局公开工作还存在一些不足与短板弱项。主要是：救助资金公示不够及时；养老机构信息较少；等等。"
                        "针对上述问题，我局将完善公示制度。")
    assert problems == [("", "救助资金公示不够及时", 2022), ("", "养老机构信息较少", 2022)]


def test_the_two_year_five_marks_last_years_remedies() -> None:
    problems, improvements = _five("（一）上一年度问题整改落实情况\n一是救助名单实现按月更新。二是办事指南全部重写。\n"
                                   "（二）本年度存在的主要问题\n养老服务信息公开不够全面。\n（三）改进措施\n扩大养老服务信息公开范围。", 2023)
    assert problems == [("", "养老服务信息公开不够全面", 2023)]
    assert improvements == [("一是", "救助名单实现按月更新", 2022), ("二是", "办事指南全部重写", 2022),
                            ("", "扩大养老服务信息公开范围", 2023)]
