"""Narrative claims: counts stated in the prose, held against the tables, and stated growth rates recomputed."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..analyze.tables import (
    CARRIED,
    DISCLOSED,
    NEW,
    NEXT,
    PARTLY,
    RESULT_GROUPS,
    TOTAL,
    Table,
    label,
    labels,
)
from ..model import Evidence, Finding, Report, Severity
from ..read.normalize import to_simplified
from .arithmetic import group_value
from .evidence import cues, figure, fmt, section_of
from .timeliness import is_county_government


@dataclass(frozen=True)
class Claim:
    """A count stated in the narrative: what it counts, the number, where, and its scope."""

    what: str
    value: float
    start: int
    end: int
    scope: str  # region | own | part | none


_N = r"(\d+)\s*(?:件|条|宗|个|起)"
# what → patterns; group 1 is the number ("0" patterns state that there were none)
CLAIMS: dict[str, tuple[str, ...]] = {
    "received": (r"(?:收到|受理|新收|接收|接到)[^。；，,\d]{0,14}?申请(?:共|数量?为?)?" + _N,
                 r"(?:收到|受理|新收|接收|接到)(?:各类|有关)?" + _N + r"[^。；，,\d]{0,8}?申请"),
    "handled": (r"办理[^。；，,\d]{0,14}?申请" + _N, r"共需办理" + _N),
    "settled": (r"办结(?:了)?" + _N,),
    "carried": (r"上年结转(?:的)?(?:申请)?" + _N,),
    "next": (_N + r"(?:(?!没有|未|无)[^。；\d]){0,16}?结转下年度", r"结转下年度[^。；，,\d]{0,6}?" + _N),
    "disclosed": (r"(?<!部分)予以公开" + _N, r"同意公开(?:答复)?(?:数)?" + _N),
    "partly": (r"部分公开" + _N,),
    "withheld": (r"(?<!同意)不予公开" + _N,),
    "unable": (r"无法提供" + _N,),
    "not_processed": (r"不予处理" + _N,),
    "review": (r"行政复议(?:案件|申请)?(?:共)?" + _N,),
    "litigation": (r"行政诉讼(?:案件)?(?:共)?" + _N,),
    "rules_issued": (r"制发(?:的)?(?:行政)?规范性文件" + _N,),
    "rules_repealed": (r"废止(?:行政)?(?:规范性文件)?" + _N,),
    "rules_valid": (r"现行有效(?:的)?(?:行政)?(?:规范性文件)?" + _N,),
    "proactive": (r"主动公开(?:政府)?信息(?:数为|共|达)?" + _N,),
}
_NONE_RECEIVED = re.compile(r"未(?:收到|接到|受理)[^。；，,]{0,16}申请")
# the applicant columns of table 三 when the text breaks the received requests down
_BY_APPLICANT = re.compile(r"(自然人|商业企业|科研机构|社会公益组织|法律服务机构)(?:提出|申请)?(\d+)\s*件")
_NONE_FORWARD = re.compile(r"(?:没有|无|未)(?:需要?)?结转下年度")
_NONE_APPEALS = re.compile(r"未(?:发生|收到|出现|产生)([^。；，,]{0,16})")
_CHANNEL = re.compile(r"网络|网上|当面|信函|电子邮件|传真")
_REQUEST_CONTEXT = re.compile(r"申请|办结|答复")


_DIGIT = re.compile(r"\d")
# Sentences up to this long have their claims read once and remembered.
CACHED_SENTENCE = 300


@lru_cache(maxsize=1)
def _claim_patterns() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """CLAIMS compiled once, in order."""
    return tuple((what, tuple(re.compile(p) for p in patterns)) for what, patterns in CLAIMS.items())


@lru_cache(maxsize=1)
def _any_claim() -> re.Pattern[str]:
    """Matches where any pattern of CLAIMS matches."""
    return re.compile("|".join(f"(?:{p})" for patterns in CLAIMS.values() for p in patterns))


def narrative_claims(report: Report) -> list[Claim]:
    """Counts stated in the report's own prose (not in the tables), with their scope."""
    doc = report.document
    assert doc is not None
    # in the 2008 layout every section is prose; later layouts put tables in 二–四
    narrative = {s.key for s in report.sections if s.narrative or (report.layout == "2008" and s.key != "statistics")}
    out = []
    for sentence in report.sentences:
        if sentence.section not in narrative:
            continue
        read = _sentence_claims if sentence.end - sentence.start <= CACHED_SENTENCE else _sentence_claims.__wrapped__
        for c in read(doc.analysis_text[sentence.start:sentence.end]):
            out.append(Claim(c.what, c.value, sentence.start + c.start, sentence.start + c.end, c.scope))
    return _dedupe(out)


@lru_cache(maxsize=1 << 13)
def _sentence_claims(text: str) -> tuple[Claim, ...]:
    """The claims of one sentence, spans relative to it: they depend on its text alone, and
    boilerplate sentences recur in report after report."""
    region, own, part = cues("scope_region"), cues("scope_own"), cues("scope_part")
    out = []
    # each pattern reads a number; one search of them all rules most sentences out at once
    counted = bool(_DIGIT.search(text) and _any_claim().search(text))
    request_context = counted and bool(_REQUEST_CONTEXT.search(text))
    for what, patterns in _claim_patterns() if counted else ():
        if what in ("disclosed", "partly", "withheld", "unable", "not_processed", "settled") and not request_context:
            continue
        for pattern in patterns:
            for m in pattern.finditer(text):
                clause = _clause(text, m.start())
                out.append(Claim(what, float(m.group(1)), m.start(), m.end(), _scope(clause, region, own, part)))
    if any(c.what == "received" for c in out):
        for m in _BY_APPLICANT.finditer(text):
            out.append(Claim(f"received|{m.group(1)}", float(m.group(2)), m.start(), m.end(),
                             _scope(_clause(text, m.start()), region, own, part)))
    for m in _NONE_RECEIVED.finditer(text):
        if not _CHANNEL.search(m.group(0)) and not re.search("复议|诉讼", m.group(0)):
            out.append(Claim("received", 0.0, m.start(), m.end(), _scope(_clause(text, m.start()), region, own, part)))
    for m in _NONE_FORWARD.finditer(text):
        out.append(Claim("next", 0.0, m.start(), m.end(), _scope(_clause(text, m.start()), region, own, part)))
    for m in _NONE_APPEALS.finditer(text):
        for what, word in (("review", "复议"), ("litigation", "诉讼")):
            if word in m.group(1) and "败诉" not in m.group(1):
                out.append(Claim(what, 0.0, m.start(), m.end(), _scope(_clause(text, m.start()), region, own, part)))
    return tuple(out)


def _clause(text: str, pos: int) -> str:
    """The text of the sentence up to the claim, back to the previous full stop or semicolon."""
    start = max(text.rfind(p, 0, pos) for p in "。；;") + 1
    return text[start:pos + 1]


def _scope(clause: str, region: tuple[str, ...], own: tuple[str, ...], part: tuple[str, ...]) -> str:
    if any(c in clause for c in part):
        return "part"
    if any(c in clause for c in own):
        return "own"
    if any(c in clause for c in region):
        return "region"
    return "none"


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[str, float, int]] = set()
    out: list[Claim] = []
    for c in sorted(claims, key=lambda c: (c.start, -c.end)):
        key = (c.what, c.value, c.end)
        if key not in seen and not any(o.what == c.what and o.start <= c.start < o.end for o in out):
            seen.add(key)
            out.append(c)
    return out


def _table_value(what: str, tables: dict[str, Table]) -> tuple[float | None, list[str]]:
    """The table figure a claim is about, and the cells it comes from."""
    req, app, pro, stat = (tables.get(k) for k in ("requests", "appeals", "proactive", "statistics"))
    if req is not None and what.startswith("received|"):
        column = what.split("|")[1]
        return figure(req, NEW, column), [f"{NEW}|{column}"]
    if req is not None:
        col = label("requests_total_column")
        rows = {"received": [NEW], "handled": [NEW, CARRIED], "settled": [TOTAL], "carried": [CARRIED],
                "next": [NEXT], "disclosed": [DISCLOSED], "partly": [PARTLY]}
        groups = {"withheld": RESULT_GROUPS[0], "unable": RESULT_GROUPS[1], "not_processed": RESULT_GROUPS[2]}
        if what in rows:
            values = [figure(req, r, col) for r in rows[what]]
            if None not in values:
                return sum(v for v in values if v is not None), [f"{r}|{col}" for r in rows[what]]
        if what in groups:
            return group_value(req, groups[what], col), [f"{groups[what]}|{col}"]
    if app is not None and what in ("review", "litigation"):
        rows_ = labels("reconsideration") if what == "review" else labels("litigation")
        total = label("appeals_total_column")
        values = [figure(app, r, total) for r in rows_]
        if None not in values:
            return sum(v for v in values if v is not None), [f"{r}|{total}" for r in rows_]
    if pro is not None and pro.template == "2021" and what.startswith("rules_"):
        column = label({"rules_issued": "issued", "rules_repealed": "repealed", "rules_valid": "in_force"}[what], "2021")
        row = label("normative", "2021")
        return figure(pro, row, column), [f"{row}|{column}"]
    if stat is not None:
        name = {"received": "stat_received", "handled": "stat_answered", "disclosed": "stat_disclosed",
                "review": "stat_review", "litigation": "stat_litigation", "proactive": "proactive_items"}.get(what)
        if name:
            row, year = label(name), label("this_year")
            return figure(stat, row, year), [f"{row}|{year}"]
    return None, []


def aggregates_region(report: Report) -> bool:
    """Whether the report's tables cover a whole region: a government, or a report saying so."""
    doc = report.document
    assert doc is not None
    name = to_simplified(doc.agency or "")
    if is_county_government(doc.agency) or re.search(r"(镇|乡|街道|团)(人民政府)?$", name):
        return True
    head = doc.analysis_text[: (report.sections[0].start if report.sections else 600)]
    return any(cue in head for cue in cues("aggregate"))


def narrative_vs_tables(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    by_key: dict[str, Table] = {t.key: t for t in tables}
    aggregate = aggregates_region(report)
    for claim in narrative_claims(report):
        actual, cells = _table_value(claim.what, by_key)
        if actual is None or math.isclose(actual, claim.value):
            continue
        if claim.scope == "part":
            if claim.value <= actual:
                continue
            severity: Severity = "warning"
            note_zh, note_en = "（该数仅为其中一部分，却大于表中总数）", " (a part that exceeds the table's whole)"
        elif claim.scope == "region" and not aggregate:
            continue  # a region-wide figure in a body's own report: the table counts only the body
        elif claim.scope == "none" and aggregate and not _declares_aggregate(report):
            severity, note_zh, note_en = "warning", "（统计口径不明）", " (scope unclear)"
        else:
            severity, note_zh, note_en = "error", "", ""
        if claim.what == "received" and by_key.get("requests") is not None:
            both, _ = _table_value("handled", by_key)
            if both is not None and math.isclose(both, claim.value):
                severity, note_zh = "warning", "（疑将上年结转计入收到数）"
                note_en = " (the carried-over requests seem counted as received)"
        quote = doc.text[claim.start:claim.end]
        yield Finding(
            "narrative_table_mismatch", severity,
            f"正文称“{quote}”，表中对应数为{fmt(actual)}{note_zh}。",
            f"The text says '{quote}' ({fmt(claim.value)}) but the table gives {fmt(actual)}{note_en}.",
            (Evidence(quote, claim.start, claim.end, section_of(report, claim.start)),
             Evidence("", section=cells[0].split("|")[0] if cells else None, cells=tuple(cells))),
            expected=actual, actual=claim.value)
    yield from _all_settled(report, by_key)


def _declares_aggregate(report: Report) -> bool:
    doc = report.document
    assert doc is not None
    head = doc.analysis_text[: (report.sections[0].start if report.sections else 600)]
    return any(cue in head for cue in cues("aggregate"))


def _all_settled(report: Report, tables: dict[str, Table]) -> Iterator[Finding]:
    """'All requests settled' (办结率100%, 全部办结) against requests carried forward."""
    doc = report.document
    req = tables.get("requests")
    if doc is None or req is None:
        return
    total = label("requests_total_column")
    carried = figure(req, NEXT, total)
    if not carried:
        return
    for m in re.finditer(r"办结率(?:达到?|为)?100%|全部(?:按时)?办结(?![量率])|均已办结", doc.analysis_text):
        if section_of(report, m.start()) in {s.key for s in report.sections if s.narrative}:
            quote = doc.text[m.start():m.end()]
            yield Finding("narrative_table_mismatch", "error",
                          f"正文称“{quote}”，但表三有{fmt(carried)}件结转下年度继续办理。",
                          f"The text says '{quote}' but table 三 carries {fmt(carried)} requests forward.",
                          (Evidence(quote, m.start(), m.end(), section_of(report, m.start())),
                           Evidence("", section="requests", cells=(f"{NEXT}|{total}",))),
                          expected=0, actual=carried)


_GROWTH = re.compile(r"(同比|较上年|比上年|较去年|比去年|较\d{4}年)(?:同期)?(增长|增加|上升|提高|下降|减少|降低)了?"
                     r"(\d+(?:\.\d+)?)\s*[%％]")
_PREVIOUS = re.compile(r"(?:上年|去年|上一年|\d{4}年)(?:同期)?(?:为|的|是)?(\d+(?:\.\d+)?)\s*(件|条|个|次|人次|万元|元|篇|期)")
_AMOUNT = r"(\d+(?:\.\d+)?)\s*(件|条|个|次|人次|万元|元|篇|期)"


def percentages(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    """同比增长 x% recomputed when the sentence states both this year's and last year's figure."""
    doc = report.document
    assert doc is not None
    analysis = doc.analysis_text
    for sentence in report.sentences:
        if analysis.find("%", sentence.start, sentence.end) < 0 and analysis.find("％", sentence.start, sentence.end) < 0:
            continue  # every _GROWTH match ends in a percent sign
        text = analysis[sentence.start:sentence.end]
        for g in _GROWTH.finditer(text):
            found = _growth_figures(text, g.start())
            if found is None:
                continue
            current, previous = found
            stated = float(g.group(3)) * (-1 if g.group(2) in ("下降", "减少", "降低") else 1)
            computed = (current - previous) / previous * 100
            places = len(g.group(3).split(".")[1]) if "." in g.group(3) else 0
            if abs(computed - stated) > 10 ** -places:
                quote = doc.text[sentence.start:sentence.end]
                yield Finding(
                    "narrative_percentage", "warning",
                    f"正文称{g.group(1)}{g.group(2)}{g.group(3)}%，按{fmt(current)}与{fmt(previous)}计算应为"
                    f"{abs(computed):.{max(places, 1)}f}%。",
                    f"The text states a change of {stated:g}%, but {fmt(current)} against {fmt(previous)} "
                    f"is {computed:.{max(places, 1)}f}%.",
                    (Evidence(quote, sentence.start, sentence.end, sentence.section),),
                    expected=round(computed, max(places, 1)), actual=stated)


def _growth_figures(text: str, pos: int) -> tuple[float, float] | None:
    """(this year, last year) when the sentence states both, in the same unit."""
    previous = list(_PREVIOUS.finditer(text))
    if len(previous) != 1:
        return None
    prev = previous[0]
    amounts = [m for m in re.finditer(_AMOUNT, text[:pos])
               if m.group(2) == prev.group(2) and not (prev.start() <= m.start() < prev.end())]
    if not amounts or float(prev.group(1)) == 0:
        return None
    return float(amounts[-1].group(1)), float(prev.group(1))
