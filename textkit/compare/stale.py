"""Finds stale years: an earlier year written where the report describes its own year's work.

A 2021 report that opens a paragraph with "2020年，我区…" was most likely copied from the 2020
report and not updated. Only the shape of a this-year statement counts: the year opens a
clause and is followed by a comma or by the subject or a total (我区, 全年, 共, 累计…). A year
used for comparison (同比, 上年, 去年, 较…, 以来, 截至) is legitimate and skipped, and so are
years inside titles 《》 and document numbers 〔〕. Two more shapes are stale: a statistics
period lying wholly before the report year, and a plan in section 五 announced for a year the
report already covers ("2021年，我们将…" in the 2021 report).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..analyze.sentences import narrative_sentences
from ..model import Evidence, Finding, Report
from .masking import year_mentions

RULE = "stale_year"
# A clause opening: sentence start, after punctuation, a list marker or a glued heading word.
_OPENING = re.compile(r"(?:^|[。；;，,：:！？\s]|[)）、.．]|情况|做法|方面|概况|概述)\s*$")
_THIS_YEAR_TAIL = re.compile(r"^年度?\s*(?:[，,]|(?:我|全[年区县市局]|共|累计|各|本[单部机]|区|县|市|局|镇|乡))")
_PLAN = re.compile(r"^年度?\s*[，,]?\s*(?:我们|我[区县市局镇乡]|本单位)?\s*(?:将|计划|拟|要)")
_COMPARISON = re.compile(r"同比|环比|上年|去年|上一年|前一年|以来|相比|[较比]\d{4}年|较上|截至|截止|至今|连续|与\d{4}年")
_STATISTICS = re.compile(r"统计(?:期限|时限|期间|时间|周期)")
# Sentences up to this long are judged once and remembered.
CACHED_SENTENCE = 300
_PROTECTED = re.compile(r"《[^》]{0,120}》|〔[^〕]{0,20}〕|\[[^\]]{0,20}\]|（[^）]{0,20}号）")


def stale_years(report: Report) -> tuple[Finding, ...]:
    """Stale-year findings of one report (empty when the report year is unknown)."""
    doc = report.document
    if doc is None or doc.year is None:
        return ()
    findings = []
    analysis = doc.analysis_text
    for sentence in narrative_sentences(report):
        if analysis.find("年", sentence.start, sentence.end) < 0:
            continue  # no year written (each is read before 年)
        judge = _stale if sentence.end - sentence.start <= CACHED_SENTENCE else _stale.__wrapped__
        hit = judge(analysis[sentence.start:sentence.end], sentence.section, doc.year)
        if hit is not None:
            year, why = hit
            findings.append(Finding(
                RULE, "warning",
                f"{doc.year}年度报告在叙述本年工作时写作“{year}年”（{why[0]}），疑为沿用旧年报未更新",
                f"the {doc.year} report writes {year} where it describes its own year ({why[1]}): "
                f"probably carried over from an earlier report",
                (Evidence(sentence.text, sentence.start, sentence.end, sentence.section, year=year),),
                expected=doc.year, actual=year))
    return tuple(findings)


@lru_cache(maxsize=1 << 13)
def _stale(text: str, section: str, report_year: int) -> tuple[int, tuple[str, str]] | None:
    """(stale year, (reason zh, reason en)) for one sentence, or None (once per distinct
    sentence: carried-over sentences recur year after year)."""
    mentions = [m for m in year_mentions(text) if not _protected(text, m[1])]
    if not mentions:
        return None
    if _STATISTICS.search(text):
        if all(year < report_year for year, _, _ in mentions):
            return mentions[0][0], ("统计期限早于报告年度", "statistics period before the report year")
        return None
    if _COMPARISON.search(text):
        return None
    for year, start, end in mentions:
        if not _OPENING.search(text[:start]):
            continue
        tail = text[end:end + 12]
        if section == "problems" and year <= report_year and _PLAN.search(tail):
            return year, ("改进计划写作已过去的年度", "a plan set in a year already reported")
        if year < report_year and _THIS_YEAR_TAIL.search(tail) and not _PLAN.search(tail):
            return year, ("以该年度开头叙述工作", "a clause about the year's work opens with it")
    return None


def _protected(text: str, offset: int) -> bool:
    return any(m.start() <= offset < m.end() for m in _PROTECTED.finditer(text))
