"""Header fields, dates, the year covered and the reporting body (textkit.read.metadata)."""
from __future__ import annotations

from datetime import date

from textkit.read.identify import identify
from textkit.read.metadata import agency_from_title, parse_date, parse_header, published_date


def test_header_lines_with_full_width_colons_and_an_empty_field() -> None:
    header = "索引号：000-2023-01\n发布机构：云岭市自然资源局\n发布日期：2023-01-18\n文号：\n主题分类：政务公开\n"
    fields = parse_header(header)
    assert fields["索引号"] == "000-2023-01"
    assert fields["发布机构"] == "云岭市自然资源局"
    assert fields["发布日期"] == "2023-01-18"
    assert fields["文号"] == ""


def test_first_value_of_a_repeated_key_wins() -> None:
    assert parse_header("发布日期：2023-01-18\n发布日期：2024-05-05\n")["发布日期"] == "2023-01-18"


def test_dates_in_the_usual_forms_and_impossible_ones() -> None:
    assert parse_date("2023年1月8日") == date(2023, 1, 8)
    assert parse_date("2023/01/08 09:00") == date(2023, 1, 8)
    assert parse_date("2023-02-30") is None
    assert parse_date(None) is None


def test_published_date_prefers_the_publication_field() -> None:
    fields = {"生成日期": "2023-03-01", "发布日期": "2023-01-18"}
    assert published_date(fields) == date(2023, 1, 18)
    assert published_date({"成文日期": "2023-03-01"}) == date(2023, 3, 1)
    assert published_date({"文号": "x"}) is None


def test_year_from_title_then_statistics_period_then_body() -> None:
    """The year ingest keeps (read/identify, the one place that reads it)."""
    def year(title: str, body: str) -> tuple[int | None, str | None]:
        found = identify(title, "", {}, body, 0)
        return found.year, found.year_source

    assert year("青禾县2022年政府信息公开工作年度报告", "2023年1月") == (2022, "title")
    assert year("", "本报告统计期限为2021年1月1日至12月31日。2022年计划") == (2021, "period")
    assert year("", "2020年，本局持续推进") == (2020, "body")
    assert year("", "没有年份") == (None, None)


def test_agency_completed_from_the_publisher_only_when_it_names_the_same_body() -> None:
    assert agency_from_title("青禾县2022年政府信息公开工作年度报告", "青禾县人民政府办公室") == "青禾县人民政府"
    assert agency_from_title("青禾县教育局2022年政府信息公开工作年度报告", "青禾县人民政府办公室") == "青禾县教育局"
    assert agency_from_title("2022年政府信息公开工作年度报告", "青禾县卫生健康局") == "青禾县卫生健康局"
    assert agency_from_title("2022年政府信息公开工作年度报告", None) is None
