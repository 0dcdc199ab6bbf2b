"""Audit findings: what a careful reader raises on the real reports and the sample corpus, and
for every rule a report that breaks it (finding) and one that keeps it (no finding)."""
from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from textkit.audit.across_years import check_across_years
from textkit.audit.card import report_card
from textkit.audit.checks import check_report
from textkit.audit.claims import narrative_claims
from textkit.audit.timeliness import deadline, is_county_government
from textkit.read.agency import body_key
from textkit.model import Item, Report
from textkit.run.pipeline import analyze_path
from textkit.analyze.tables import NEXT, parse_tables
from textkit.model import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import SAMPLE_CORPUS, sample_gold
from real_gold import REAL_GOLD

# The rules this module owns among those the gold files list.
OWN_RULES = {"late", "table_requests_balance", "table_requests_results_sum", "table_requests_total_column",
             "table_appeals_total", "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
             "missing_section", "carry_over_mismatch", "regulations_stock", "table_template_mismatch",
             "section_order", "placeholder_narrative", "problems_incomplete", "narrative_percentage"}

# Where textkit knowingly differs from tests/real_gold.py, and why.
GOLD_DISAGREEMENTS = {
    # A 2013 report fell under the 2007 条例, whose Art. 31 gave every body until 31 March;
    # the 31 January rule for departments dates from the 2019 revision. 2014-02-25 is on time.
    ("pingtan/80774_平潭综合实验区地方税务局2013年信息公开年度报告.txt", "late"),
    # The county's own narrative parts (县直2475 + 乡镇1503) exceed its stated 主动公开 total 2026,
    # but the statistics table cannot be split without last year's 历年累计, so there is no
    # table figure to compare against (see test_tables.test_statistics_table_2008).
    ("pingtan/80725_平潭县人民政府2012年政府信息公开工作年度报告.txt", "narrative_table_mismatch"),
}


def _items(kind: str, pairs: list) -> tuple[Item, ...]:
    return tuple(Item(kind, marker, headline, headline, 0, 0)  # type: ignore[arg-type]
                 for marker, headline in (tuple(p.values()) if isinstance(p, dict) else p for p in pairs))


def _with_items(report: Report, problems: list, improvements: list) -> Report:
    """The extract step fills these; here they come from the gold so section 五 checks run."""
    return dataclasses.replace(report, problems=_items("problem", problems),
                               improvements=_items("improvement", improvements))


def _audit(report: Report) -> tuple:
    tables = parse_tables(report.document, report.sections) if report.document and report.document.is_report else ()
    return tables, check_report(report, tables)


@pytest.fixture(scope="module")
def real(shared_corpus: Path) -> dict:
    out = {}
    for rel, gold in REAL_GOLD.items():
        report = _with_items(analyze_path(shared_corpus / rel), gold.get("problems", []), gold.get("improvements", []))
        out[rel] = (report, *_audit(report))
    return out


@pytest.fixture(scope="module")
def sample() -> dict:
    out = {}
    for path, gold in sample_gold():
        report = _with_items(analyze_path(path), [(p["marker"], p["headline"]) for p in gold.get("problems", [])],
                             [(p["marker"], p["headline"]) for p in gold.get("improvements", [])])
        out[gold["file"]] = (report, *_audit(report), gold)
    return out


def _rules(findings: tuple) -> set[str]:
    return {f.rule for f in findings}


# --- the real reports ---------------------------------------------------------------------------

def test_real_findings_match_a_careful_reader(real: dict) -> None:
    for rel, gold in REAL_GOLD.items():
        _, _, findings = real[rel]
        found = _rules(findings)
        for item in gold["findings"]:
            rule = item["rule"]
            if rule in OWN_RULES and (rel, rule) not in GOLD_DISAGREEMENTS:
                assert rule in found, (rel, item)
        for rule in gold["no_findings"]:
            if rule in OWN_RULES:
                assert rule not in found, (rel, rule, [f.message for f in findings if f.rule == rule])


def test_known_gold_disagreements_still_hold(real: dict) -> None:
    for rel, rule in GOLD_DISAGREEMENTS:
        assert rule not in _rules(real[rel][2])
    assert deadline("平潭综合实验区地方税务局", 2013) == date(2014, 3, 31)


def test_sixteenth_regiment_section_six_omits_fees(real: dict) -> None:
    findings = real["xjbt/第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告.txt"][2]
    assert [f.rule for f in findings] == ["fees_not_stated"]
    assert findings[0].evidence[0].section == "other"


def test_pingtan_narrative_contradicts_table(real: dict) -> None:
    report, _, findings = real["pingtan/80629_平潭综合实验区2022年度政府信息公开工作年度报告.txt"]
    mismatch = [f for f in findings if f.rule == "narrative_table_mismatch"]
    assert len(mismatch) == 2  # 收到75件 vs 新收74; 自然人72件 vs 71
    assert {(f.actual, f.expected) for f in mismatch} == {(75.0, 74.0), (72.0, 71.0)}
    quoted = mismatch[0].evidence[0]
    assert report.document.text[quoted.start:quoted.end] == quoted.text


def test_pingtan_2020_results_do_not_add_up(real: dict) -> None:
    findings = real["pingtan/80595_平潭综合实验区2020年度政府信息公开工作年度报告.txt"][2]
    sums = [f for f in findings if f.rule == "table_requests_results_sum"]
    assert {(f.expected, f.actual) for f in sums} == {(26.0, 20.0), (27.0, 21.0)}
    assert all(f.severity == "error" for f in sums)


def test_the_2014_letter_is_not_checked(real: dict) -> None:
    report, tables, findings = real["pingtan/80787_关于2014年政府信息公开工作要点落实情况的函.txt"]
    assert not report.document.is_report
    assert tables == () and findings == ()


def test_real_across_years(real: dict) -> None:
    pairs = [(r, t) for r, t, _ in real.values()]
    across = check_across_years(pairs)
    found = {(Path(path).name[:5], f.rule) for path, fs in across.items() for f in fs}
    # 2020 table 二 (2019 template): 规章 对外公开总数量 7, but 2019 had 0 and 2020 published 0 new
    assert found == {("80595", "regulations_stock")}


# --- the sample corpus --------------------------------------------------------------------------

def test_sample_planted_errors_found_and_clean_reports_quiet(sample: dict) -> None:
    assert sample, f"no sample corpus under {SAMPLE_CORPUS}"
    for name, (_, _, findings, gold) in sample.items():
        planted = {p["rule"] for p in gold.get("planted", [])} & OWN_RULES
        found = {f.rule for f in findings if f.severity != "info"}
        assert planted <= found, (name, planted - found)
        assert found <= planted, (name, [f.message for f in findings if f.rule in found - planted])
        if not gold.get("planted"):
            assert not [f for f in findings if f.severity == "error"], name


def test_sample_across_years_is_consistent(sample: dict) -> None:
    across = check_across_years([(r, t) for r, t, _, _ in sample.values()])
    assert all(fs == () for fs in across.values())


# --- every rule, both ways, on mutations of a clean sample report ---------------------------------

CLEAN = "qinghe-county/2021.txt"


def _mutated(tmp_path: Path, replacements: list[tuple[str, str]], source: str = CLEAN) -> tuple:
    text = (SAMPLE_CORPUS / source).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / source
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report = _with_items(analyze_path(path), [("一是", "x")], [("一是", "y")])
    tables, findings = _audit(report)
    return report, tables, findings


def test_clean_report_has_no_findings(tmp_path: Path) -> None:
    assert _mutated(tmp_path, [])[2] == ()


ROW_NEW = "| 一、本年新收政府信息公开申请数量 | 16 | 2 | 0 | 0 | 0 | 0 | 18 |"
ROW_NEXT = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"
ROW_DISCLOSED = "| 三、本年度办理结果 | （一）予以公开 | 8 | 1 | 0 | 0 | 0 | 0 | 9 |"
ROW_APPEALS = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


@pytest.mark.parametrize("rule, replacements, severity", [
    ("table_requests_balance", [(ROW_NEXT, ROW_NEXT.replace("| 1 |", "| 2 |"))], "error"),
    ("table_requests_results_sum", [(ROW_DISCLOSED, ROW_DISCLOSED.replace("| 8 | 1 |", "| 7 | 1 |")
                                     .replace("| 9 |", "| 8 |"))], "error"),
    ("table_requests_total_column", [(ROW_NEW, ROW_NEW.replace("| 18 |", "| 19 |"))], "error"),
    ("table_appeals_total", [(ROW_APPEALS, ROW_APPEALS.replace("| 1 | 0 | 0 | 0 | 1 |", "| 1 | 0 | 0 | 0 | 2 |", 1))],
     "error"),
    ("narrative_table_mismatch", [("全年新收政府信息公开申请18件", "全年新收政府信息公开申请20件")], "error"),
    ("narrative_table_mismatch", [("全年新收政府信息公开申请18件，其中自然人提出16件、商业企业提出2件，",
                                   "全年未收到政府信息公开申请，")], "error"),
    ("narrative_percentage", [("全年通过县政府门户网站主动公开政府信息3862条。",
                               "全年通过县政府门户网站主动公开政府信息3862条，较上年增长10%，上年为3000条。")],
     "warning"),
    ("missing_section", [("六、其他需要报告的事项", "其他需要报告的事项")], "error"),
    ("section_order", [("五、存在的主要问题及改进情况", "五、其他需要报告的事项甲"),
                       ("六、其他需要报告的事项", "六、存在的主要问题及改进情况"),
                       ("五、其他需要报告的事项甲", "五、其他需要报告的事项")], "warning"),
    ("numbering_slip", [("二是政策解读质量不高", "三是政策解读质量不高")], "warning"),
    ("fees_not_stated", [("（一）信息处理费收取情况。本年度我县未向政府信息公开申请人收取信息处理费。", "")],
     "warning"),
    ("late", [("发布日期：2022-01-20", "发布日期：2022-04-20")], "error"),
    ("timeliness_unknown", [("发布日期：2022-01-20\n", "")], "info"),
])
def test_rule_fires_on_a_broken_report(tmp_path: Path, rule: str, replacements: list, severity: str) -> None:
    findings = _mutated(tmp_path, replacements)[2]
    hits = [f for f in findings if f.rule == rule]
    assert hits, (rule, [(f.rule, f.message) for f in findings])
    assert all(f.severity == severity for f in hits)
    assert all(f.message and f.message_en and f.evidence for f in hits)


@pytest.mark.parametrize("replacements", [
    # same figure said differently: still agrees with the table
    [("全年新收政府信息公开申请18件", "本年度共收到政府信息公开申请18件")],
    # a correct percentage (3862 against 3511 is +10.0%)
    [("全年通过县政府门户网站主动公开政府信息3862条。",
      "全年通过县政府门户网站主动公开政府信息3862条，较上年增长10%，上年为3511条。")],
    # a restart of 一是… in a new paragraph is not a slip
    [("一是强化责任落实", "一是强化责任落实")],
    # published on the last day a county government has
    [("发布日期：2022-01-20", "发布日期：2022-03-31")],
])
def test_rule_quiet_on_a_right_report(tmp_path: Path, replacements: list) -> None:
    assert _mutated(tmp_path, replacements)[2] == ()


def test_region_wide_figure_in_a_department_report_is_not_an_error(tmp_path: Path) -> None:
    source = "qinghe-edu/2022.txt"
    text = (SAMPLE_CORPUS / source).read_text(encoding="utf-8")
    sentence = "全县各级行政机关共收到政府信息公开申请999件。"
    anchor = text.index("二、主动公开政府信息情况")
    report, _, findings = _mutated(tmp_path, [(text[anchor - 1:anchor + 12], sentence + text[anchor - 1:anchor + 12])],
                                   source)
    assert any(c.value == 999 and c.scope == "region" for c in narrative_claims(report))
    assert "narrative_table_mismatch" not in _rules(findings)


def test_placeholder_and_problems_incomplete(tmp_path: Path) -> None:
    text = (SAMPLE_CORPUS / CLEAN).read_text(encoding="utf-8")
    start = text.index("五、存在的主要问题及改进情况") + len("五、存在的主要问题及改进情况")
    body = text[start:text.index("六、其他需要报告的事项")]
    report = analyze_path(_write(tmp_path, text.replace(body, "\n无。\n")))
    findings = check_report(report, parse_tables(report.document, report.sections))
    assert {"placeholder_narrative", "problems_incomplete"} <= _rules(findings)
    clean = analyze_path(SAMPLE_CORPUS / CLEAN)
    assert "problems_incomplete" in _rules(check_report(_with_items(clean, [], [("一是", "b")]), ()))
    assert "problems_incomplete" not in _rules(check_report(_with_items(clean, [("一是", "a")], [("一是", "b")]), ()))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_template_mismatch(tmp_path: Path) -> None:
    report, tables, findings = _mutated(tmp_path, [])
    assert "table_template_mismatch" not in _rules(findings)
    old = tuple(dataclasses.replace(t, template="2019") if t.key == "requests" else t for t in tables)
    assert "table_template_mismatch" in _rules(check_report(report, old))


def _set(table: Table, row: str, column: str, value: float) -> Table:
    cells = tuple(dataclasses.replace(c, value=value, raw=str(int(value))) if (c.row, c.column) == (row, column)
                  else c for c in table.cells)
    return dataclasses.replace(table, cells=cells)


def test_carry_over_and_regulation_stock_across_years(sample: dict) -> None:
    y1, y2 = sample["qinghe-county/2021.txt"], sample["qinghe-county/2022.txt"]
    assert check_across_years([y1[:2], y2[:2]])[y2[0].path] == ()
    broken = tuple(_set(t, NEXT, "总计", 5) if t.key == "requests" else
                   _set(t, "行政规范性文件", "现行有效件数", 99) if t.key == "proactive" else t for t in y1[1])
    rules = [f.rule for f in check_across_years([(y1[0], broken), y2[:2]])[y2[0].path]]
    assert rules == ["carry_over_mismatch", "regulations_stock"]
    severities = {f.rule: f.severity for f in check_across_years([(y1[0], broken), y2[:2]])[y2[0].path]}
    assert severities == {"carry_over_mismatch": "error", "regulations_stock": "warning"}


# --- helpers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("agency, year, due", [
    ("青禾县人民政府", 2024, date(2025, 3, 31)),
    ("青禾县教育局", 2022, date(2023, 1, 31)),
    ("平潭综合实验区", 2020, date(2021, 3, 31)),
    ("第一师阿拉尔市十六团新开岭镇", 2021, date(2022, 1, 31)),
    ("第九师松杉团", 2021, date(2022, 1, 31)),
    ("东溪县人民政府", 2014, date(2015, 3, 31)),
])
def test_deadlines(agency: str, year: int, due: date) -> None:
    assert deadline(agency, year) == due


def test_government_names() -> None:
    assert is_county_government("云岭市人民政府") and not is_county_government("云岭市自然资源局")
    assert body_key("平潭综合实验区管委会") == body_key("平潭综合实验区")


def test_report_card_formula() -> None:
    from textkit.model import Finding

    findings = [Finding("a", "error", "", ""), Finding("b", "warning", "", ""), Finding("c", "warning", "", ""),
                Finding("d", "info", "", "")]
    assert report_card(findings) == {"errors": 1, "warnings": 2, "infos": 1, "score": 74}
    assert report_card([Finding("a", "error", "", "")] * 8)["score"] == 0
    assert report_card([]) == {"errors": 0, "warnings": 0, "infos": 0, "score": 100}


def test_sample_gold_files_exist() -> None:
    assert all(json.loads(p.read_text(encoding="utf-8"))["file"] for p in SAMPLE_CORPUS.rglob("*.gold.json"))
