"""Report or not, year and reporting body from the whole evidence (textkit/read/identify.py), and
the same answers for every real and sample report read without its title (issue 14)."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLE_CORPUS, SHARED_CORPUS, sample_gold
from real_gold import REAL_GOLD
from textkit import from_bytes
from textkit.read.agency import body_key
from textkit.read.identify import identify
from untitled_reports import without_title

# --- identify() on its own ----------------------------------------------------------------------

NOTICE = "《云岭市人民政府办公室关于做好2021年政府信息公开工作年度报告有关事项的通知》"


@pytest.mark.parametrize(("body", "agency", "source"), [
    (f"根据《条例》和{NOTICE}要求，现公布白石街道办事处（以下简称本街道）2021年政府信息公开工作年度报告。", "白石街道办事处", "preamble"),
    ("本报告由云岭市林业和草原局办公室编制，统计期限自2022年1月1日起至2022年12月31日止。", "云岭市林业和草原局", "preamble"),
    ("根据《条例》要求，松杉团党政办公室编制了本年度报告。", "松杉团", "preamble"),
    ("本报告依照《条例》编写。如有疑问，请与青禾县人民政府办公室政务公开股联系。", "青禾县人民政府", "preamble"),
    ("2023年，本机关做好公开工作，统计期限为2023年全年。\n青禾县水利局\n2024年1月22日", "青禾县水利局", "signature"),
])
def test_body_named_in_preamble_or_signature(body: str, agency: str, source: str) -> None:
    found = identify("", "", {}, body, 0)
    assert (found.agency, found.agency_source) == (agency, source)
    assert found.agency_evidence and agency[:3] in found.agency_evidence


@pytest.mark.parametrize("body", [
    f"根据{NOTICE}要求,现公布如下。",  # the clause fragment 要求,现公布… is no name
    "本报告由以及有关部门共同编制。",
    "本报告依照《条例》编写，统计期限为2022年全年。",
])
def test_clause_fragments_are_never_a_body(body: str) -> None:
    assert identify("", "", {}, body, 0).agency is None


def test_order_title_then_metadata_then_preamble() -> None:
    body = "本报告由白石街道办事处编制，统计期限为2021年全年。"
    assert identify("青禾县2021年政府信息公开工作年度报告", "", {}, body, 6).agency_source == "title"
    meta = identify("", "", {"发布机构": "青禾县教育局"}, body, 6)
    assert (meta.agency, meta.agency_source) == ("青禾县教育局", "metadata")
    # a generic publisher (政府办公室) names no body: the preamble does
    assert identify("", "", {"发布机构": "政府办公室"}, body, 6).agency == "白石街道办事处"


def test_a_cited_notice_is_not_the_documents_own_title() -> None:
    found = identify("", "", {}, f"根据{NOTICE}要求，现公布白石街道办事处2021年政府信息公开工作年度报告。", 0)
    assert found.is_report and (found.year, found.year_source) == (2021, "preamble")


def test_letters_and_notices_say_what_they_are() -> None:
    letter = f"省政府办公厅：根据{NOTICE}要求，现将我区2014年工作要点落实情况函告如下：\n一、工作情况\n二、存在问题\n三、下一步打算"
    found = identify("", "", {}, letter, 3)
    assert not found.is_report and "函" in (found.not_report_reason or "")
    notice = "各乡镇人民政府，县直各单位：\n《青禾县2023年政务公开工作要点》已经县政府同意，现印发给你们，请结合实际认真抓好落实。"
    assert not identify("", "", {}, notice, 0).is_report


def test_full_width_year_and_period() -> None:
    assert identify("", "", {}, "本报告所列数据的统计期限为2022年1月1日至2022年12月31日。", 6).year_source == "period"


# --- whole documents without their title ----------------------------------------------------------

def _same_body(found: str | None, gold: str) -> bool:
    """Same grouping key, or the body's short name (松杉团 for 第九师松杉团)."""
    a, b = body_key(found), body_key(gold)
    return bool(a) and (a == b or (len(a) >= 3 and b.endswith(a)))


REAL = sorted(n for n in REAL_GOLD if n.endswith((".txt", ".html")))
# The text of these, once their title is cut out, never names the body the title names.
UNNAMED = {
    "xjbt/第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告.txt": "only 我团/十六团党政办公室 remain",
    "pingtan/80774_平潭综合实验区地方税务局2013年信息公开年度报告.txt": "its preamble calls the body 平潭县地税局",
}


@pytest.mark.parametrize("name", REAL)
def test_real_report_without_title(shared_corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    gold = REAL_GOLD[name]
    doc = from_bytes(without_title((shared_corpus / name).read_bytes(), [gold["title"], *gold.get("title_variants", [])]), name)
    assert doc.is_report == gold["is_report"], doc.not_report_reason
    if not gold["is_report"]:
        assert "函" in (doc.not_report_reason or "")
        return
    assert doc.year == gold["year"]
    if name in UNNAMED:
        assert not _same_body(doc.agency, gold["agency"]), "now named: drop it from UNNAMED"
    else:
        assert _same_body(doc.agency, gold["agency"]), (doc.agency, doc.agency_source)


# Text forms only: a title is cut out of bytes; the PDF/.docx forms are read without title in their own tests.
TEXT_GOLD = [(p, g) for p, g in sample_gold() if p.suffix in (".txt", ".html")]


@pytest.mark.parametrize(("path", "gold"), TEXT_GOLD, ids=[g["file"] for _, g in TEXT_GOLD])
def test_sample_report_without_title(path, gold: dict) -> None:  # type: ignore[no-untyped-def]
    doc = from_bytes(without_title(path.read_bytes(), [gold.get("title") or ""]), str(path))
    assert doc.is_report == gold["is_report"], doc.not_report_reason
    if gold["is_report"]:
        assert doc.year == gold["year"]
        assert _same_body(doc.agency, gold["agency"]), (doc.agency, doc.agency_source)


@pytest.mark.parametrize(("path", "gold"), [(p, g) for p, g in sample_gold() if "agency_source" in g],
                         ids=[g["file"] for _, g in sample_gold() if "agency_source" in g])
def test_body_comes_with_its_evidence(path, gold: dict) -> None:  # type: ignore[no-untyped-def]
    doc = from_bytes(path.read_bytes(), str(path))
    assert doc.agency_source == gold["agency_source"] and doc.agency_evidence


def test_no_body_is_a_clause_fragment(shared_corpus) -> None:  # type: ignore[no-untyped-def]
    files = [p for p, _ in TEXT_GOLD] + [shared_corpus / n for n in REAL]
    for path in files:
        agency = from_bytes(path.read_bytes(), str(path)).agency or ""
        assert not any(c in agency for c in "，,、。；") and not agency.startswith(("要求", "以及", "根据")), (path, agency)
