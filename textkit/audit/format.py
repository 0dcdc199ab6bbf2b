"""Format rules: required sections in order, numbering without slips, the right table template, section 五 and 六 complete."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..analyze.markers import FAMILIES, Marker, find_markers, marker_runs
from ..analyze.tables import Table
from ..model import Document, Evidence, Finding, Report, Section
from ..read.headings import numeral_value
from .evidence import TABLE_NAMES, cues, section_evidence

SECTION_NAMES = {
    "overview": ("总体情况", "overview"), "proactive": ("主动公开政府信息情况", "proactive disclosure"),
    "requests": ("收到和处理政府信息公开申请情况", "requests"),
    "appeals": ("行政复议、行政诉讼情况", "reconsideration and litigation"),
    "problems": ("存在的主要问题及改进情况", "problems and improvements"),
    "other": ("其他需要报告的事项", "other matters"), "fees": ("收费及减免情况", "fees and waivers"),
}
MODERN_ORDER = ("overview", "proactive", "requests", "appeals", "problems", "other")
REQUIRED = {
    "2019": MODERN_ORDER,
    "2021": MODERN_ORDER,
    # 2007 条例 Art. 32 lists these five; overview and other matters are customary, not required.
    "2008": ("proactive", "requests", "fees", "appeals", "problems"),
}


def missing_sections(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    required = REQUIRED.get(report.layout)
    if not required:
        return
    present = {s.key for s in report.sections}
    missing = [k for k in required if k not in present]
    if missing:
        zh = "、".join(SECTION_NAMES[k][0] for k in missing)
        en = ", ".join(SECTION_NAMES[k][1] for k in missing)
        yield Finding(
            "missing_section", "error" if report.layout != "2008" else "warning",
            f"按{report.layout}年格式应有的部分缺失：{zh}。", f"Sections required by the {report.layout} layout are missing: {en}.",
            tuple(section_evidence(report, s) for s in report.sections), expected=list(required),
            actual=[s.key for s in report.sections])


def section_order(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    if report.layout not in ("2019", "2021"):
        return
    keys = [s.key for s in report.sections if s.key in MODERN_ORDER]
    ranks = [MODERN_ORDER.index(k) for k in keys]
    if ranks != sorted(ranks):
        yield Finding("section_order", "warning", "各部分顺序与规定格式不一致。",
                      "Sections are not in the order the layout prescribes.",
                      tuple(section_evidence(report, s) for s in report.sections), expected=sorted(keys, key=MODERN_ORDER.index),
                      actual=keys)




def numbering(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    """Section numbers 一、二、… without gaps, and enumerations (一是…, （一）…, 1. …) without
    jumps or repeats (the marker families are analyze.markers')."""
    doc = report.document
    assert doc is not None
    numbered = [s for s in report.sections if s.number]
    values = [numeral_value(s.number) for s in numbered]
    for prev, cur, s in zip(values, values[1:], numbered[1:]):
        if cur != prev + 1:
            yield Finding("numbering_slip", "warning", f"部分序号不连续：{s.heading}之前应为第{prev + 1}部分。",
                          f"Section numbering skips: '{s.heading}' follows number {prev}.",
                          (section_evidence(report, s),), expected=prev + 1, actual=cur)
    yield from numbering_slips(doc, report.sections)


def template_mismatch(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    year = report.document.year if report.document else None
    if year is None or year < 2019:
        return
    expected = "2021" if year >= 2021 else "2019"
    for t in tables:
        if t.key in ("proactive", "requests") and t.template in ("2019", "2021") and t.template != expected:
            yield Finding("table_template_mismatch", "warning",
                          f"{TABLE_NAMES[t.key]}使用{t.template}年格式，而{year}年度报告应使用{expected}年格式。",
                          f"Table {t.key} follows the {t.template} template; a report on {year} should use {expected}.",
                          (Evidence(TABLE_NAMES[t.key], t.start, t.end, t.key),), expected=expected, actual=t.template)


def problems_incomplete(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    section = next((s for s in report.sections if s.key == "problems"), None)
    if section is None:
        return
    lacking = [zh for items, zh in ((report.problems, "存在的问题"), (report.improvements, "改进措施")) if not items]
    if lacking:
        yield Finding("problems_incomplete", "warning", f"第五部分未列出{'和'.join(lacking)}。",
                      "Section 五 lists no " + " and no ".join(
                          "problems" if zh == "存在的问题" else "improvements" for zh in lacking) + ".",
                      (section_evidence(report, section),), expected="problems and improvements",
                      actual={"problems": len(report.problems), "improvements": len(report.improvements)})


def fees(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    if report.layout != "2021":
        return
    other = next((s for s in report.sections if s.key == "other"), None)
    text = doc.analysis_text[other.body_start:other.end] if other else doc.analysis_text
    if any(cue in text for cue in cues("fees")):
        return
    yield Finding("fees_not_stated", "warning", "第六部分未说明是否收取信息处理费（2021年格式要求）。",
                  "Section 六 does not say whether any information-processing fee was charged (2021 layout).",
                  (section_evidence(report, other),) if other else (), expected="信息处理费收取情况",
                  actual=doc.text[other.body_start:other.end].strip()[:60] if other else None)


def placeholders(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    empty = set(cues("placeholder"))
    for s in report.sections:
        if s.key not in ("overview", "problems"):
            continue
        body = re.sub(r"[\s\W_]", "", doc.analysis_text[s.body_start:s.end])
        if body in empty or not body:
            yield Finding("placeholder_narrative", "warning", f"“{s.heading}”部分只有占位内容，未作实质说明。",
                          f"Section '{s.heading}' holds only a placeholder, no substance.",
                          (Evidence(doc.text[s.start:s.end].strip(), s.start, s.end, s.key),),
                          expected="substantive text", actual=doc.text[s.body_start:s.end].strip())


def numbering_slips(doc: Document, sections: tuple[Section, ...]) -> tuple[Finding, ...]:
    """A finding for every list in a narrative section whose numbers skip or repeat (一是…三是)."""
    a = doc.analysis_text
    findings = []
    for section in sections:
        if not section.narrative:
            continue
        for family in FAMILIES:
            if family in ("order", "aspect"):
                continue
            for run in marker_runs(find_markers(a, section.body_start, section.end, family)):
                for prev, cur in zip(run, run[1:]):
                    if cur.value != prev.value + 1:
                        findings.append(_slip(doc, section, prev, cur))
    return tuple(sorted(findings, key=lambda f: f.evidence[0].start or 0))


def _slip(doc: Document, section: Section, prev: Marker, cur: Marker) -> Finding:
    before, after = doc.text[prev.start:prev.end], doc.text[cur.start:cur.end]
    return Finding(
        rule="numbering_slip", severity="warning",
        message=f"编号不连续：{before}之后是{after}",
        message_en=f"numbering slip: {after} follows {before}",
        evidence=(Evidence(text=doc.text[prev.start:cur.end], start=prev.start, end=cur.end, section=section.key),),
        expected=prev.value + 1, actual=cur.value)
