"""The one-screen summary: key figures from the tables, keywords by TF-IDF, timeliness,
headlines, reuse, findings, and what changed since the body's previous report."""
from __future__ import annotations

import dataclasses

import pytest
from rich.console import Console

from textkit.errors import UsageError
from textkit.read.ingest import from_bytes
from textkit.model import Evidence, Finding, Item, Report
from textkit.run.pipeline import analyze_document
from textkit.analyze.tables import CARRIED, NEW, NEXT, TOTAL
from textkit.model import Cell, Table
from textkit.present.digest import changes, key_figures, keywords, previous_report, timeliness
from textkit.present.summary import summary


def report(year: int, overview: str, published: str = "2023-01-20", agency: str = "青禾县教育局",
           path: str | None = None) -> Report:
    text = (f"发布日期：{published}\n{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n{overview}\n"
            "二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n见下表。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n一是机制不健全。\n"
            "六、其他需要报告的事项\n未收取信息处理费。\n")
    return analyze_document(from_bytes(text.encode("utf-8"), path or f"qinghe-edu/{year}.txt"))


def requests_table(received: float, settled: float) -> Table:
    cells = tuple(Cell(row, "总计", f"{v:g}", v, "number")
                  for row, v in ((NEW, received), (CARRIED, 0.0), (TOTAL, settled), (NEXT, received - settled)))
    return Table("requests", "2021", cells, True, None, 0, 0)


def appeals_table(reconsideration: float, direct: float, after: float) -> Table:
    cells = (Cell("行政复议", "总计", "", reconsideration, "number"),
             Cell("行政诉讼/未经复议直接起诉", "总计", "", direct, "number"),
             Cell("行政诉讼/复议后起诉", "总计", "", after, "number"))
    return Table("appeals", "2021", cells, True, None, 0, 0)


def item(kind: str, headline: str) -> Item:
    return Item(kind, "一是", headline, headline, 0, 1)  # type: ignore[arg-type]


@pytest.fixture()
def years() -> tuple[Report, Report]:
    before = report(2021, "全年开展校园开放日活动。", "2022-01-20")
    now = report(2022, "全年推进智慧校园建设，智慧校园平台上线运行。", "2023-03-02")
    before = dataclasses.replace(before, tables=(requests_table(10, 9), appeals_table(1, 0, 0)),
                                 problems=(item("problem", "机制不健全"),),
                                 improvements=(item("improvement", "完善工作机制"),),
                                 reuse={"new": 1.0, "carried": 0.0, "template": 0.0})
    late = Finding("late", "error", "报告晚于法定期限发布。", "Published after the deadline.",
                   (Evidence("发布日期：2023-03-02", section="metadata"),))
    now = dataclasses.replace(now, tables=(requests_table(12, 12), appeals_table(2, 1, 1)),
                              problems=(item("problem", "机制不健全"), item("problem", "平台功能单一")),
                              improvements=(item("improvement", "升级智慧校园平台"),), findings=(late,),
                              reuse={"new": 0.7, "carried": 0.3, "template": 0.0})
    return before, now


def figures(r: Report) -> dict[str, tuple[float, ...] | None]:
    return {f.key: f.value for f in key_figures(r)}


def test_key_figures_come_from_the_table_cells(years: tuple[Report, Report]) -> None:
    got = figures(years[1])
    assert got["requests_received"] == (12.0,) and got["requests_settled"] == (12.0,)
    assert got["requests_carried_out"] == (0.0,)
    assert got["reconsideration"] == (2.0,) and got["litigation"] == (2.0,)  # 1 direct + 1 after reconsideration
    assert got["proactive_rules"] is None  # no table 二: shown as "—", never guessed


def test_timeliness_uses_the_late_finding_then_the_deadline(years: tuple[Report, Report]) -> None:
    before, now = years
    assert timeliness(now) == (True, "报告晚于法定期限发布。")
    late, note = timeliness(before)  # department, report on 2021: due 2022-01-31
    assert late is False and note == "≤ 2022-01-31"
    undated = dataclasses.replace(before, document=dataclasses.replace(before.document, published=None))
    assert timeliness(undated) == (None, None)


def test_keywords_are_distinctive_against_the_others(years: tuple[Report, Report]) -> None:
    before, now = years
    words = [w for w, _ in keywords(now, [before])]
    assert "智慧校园" in words or "校园" in words or "智慧" in words
    assert "信息处理费" not in words  # in both reports: idf 0
    assert all(score > 0 for _, score in keywords(now, [before]))
    assert keywords(now, []) != []  # nothing to compare with: plain frequency


def test_previous_report_and_changes(years: tuple[Report, Report]) -> None:
    before, now = years
    other_body = report(2021, "全年开展校园开放日活动。", agency="云岭市自然资源局", path="yunling/2021.txt")
    assert previous_report(now, [before, other_body, now]) is before
    assert previous_report(before, [now]) is None
    c = changes(now, before)
    assert c.previous_year == 2021
    assert c.items_added == ("平台功能单一", "升级智慧校园平台") and c.items_removed == ("完善工作机制",)
    changed = {k: (a, b) for k, a, b in c.figures_changed}
    assert changed["requests_received"] == ("10", "12") and changed["litigation"] == ("0", "2")
    assert "requests_carried_in" not in changed  # 0 both years


def render(renderable: object) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_summary_screen_in_chinese_and_english(years: tuple[Report, Report]) -> None:
    before, now = years
    zh = render(summary(now, [before, now]))
    for expected in ("青禾县教育局", "2022", "逾期", "申请 本年新收", "12", "机制不健全", "升级智慧校园平台",
                     "新写 70%", "沿用 30%", "逾期发布", "与上年相比 (2021)", "申请 本年新收 10 → 12"):
        assert expected in zh, expected
    assert len(zh.splitlines()) <= 50  # one screen
    en = render(summary(now, [before], lang="en", script="traditional"))
    assert "requests received" in en and "since last year (2021)" in en and "Published after the deadline." in en
    assert "青禾縣教育局" in en  # report text in the reader's script


def test_summary_of_unreadable_and_non_report_files() -> None:
    broken = Report(path="x.txt", document=None, error="x.txt: file is empty")
    assert "x.txt: file is empty" in render(summary(broken, []))
    notice = analyze_document(from_bytes("关于做好政务公开工作的通知\n各单位：请按要求办理。\n".encode(), "n.txt"))
    assert "非年度报告" in render(summary(notice, []))


def test_bad_arguments() -> None:
    with pytest.raises(UsageError, match="zh, en"):
        summary(Report(path="x", document=None), [], lang="de")
