"""Audit checks: tables that add up, narrative that agrees with them, format and timeliness.

Each check returns ``Finding`` objects with their evidence; docs/audit.md lists the rules, their
severities and the report-card score. A document that is not an annual report is not checked.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from .. import lexicons
from ..read.agency import body_key
from ..analyze.extract import numbering_slips
from ..model import Evidence, Finding, Report, Section, Severity
from ..read.normalize import to_simplified
from ..analyze.sections import numeral_value
from ..analyze.tables import (
    APPEAL_COLUMNS,
    CARRIED,
    DISCLOSED,
    NEW,
    NEXT,
    PARTLY,
    REQUEST_COLUMNS,
    RESULT_GROUPS,
    TOTAL,
    Table,
)

# Report card: points taken off per finding of each severity (docs/audit.md).
PENALTY = {"error": 15, "warning": 5, "info": 1}

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
TABLE_NAMES = {"proactive": "表二", "requests": "表三", "appeals": "表四", "statistics": "统计表"}


@cache
def _cues(kind: str) -> tuple[str, ...]:
    return tuple(cue for k, cue, _ in lexicons.table("audit_cues.tsv", 3) if k == kind)


# --- entry points ------------------------------------------------------------------------

def check_report(report: Report, tables: tuple[Table, ...]) -> tuple[Finding, ...]:
    """Every per-report finding; a non-report or unreadable file gets none."""
    doc = report.document
    if doc is None or report.error or not doc.is_report:
        return ()
    checks: list[Callable[[Report, tuple[Table, ...]], Iterator[Finding]]] = [
        _timeliness, _missing_sections, _section_order, _numbering, _template_mismatch,
        _table_sums, _narrative_vs_tables, _percentages, _problems_incomplete, _fees, _placeholders]
    return tuple(f for check in checks for f in check(report, tables))


def check_across_years(reports_with_tables: list[tuple[Report, tuple[Table, ...]]]) -> dict[str, tuple[Finding, ...]]:
    """Findings that need the same body's previous year: carry-over and regulation stock."""
    by_body: dict[str, dict[int, tuple[Report, tuple[Table, ...]]]] = defaultdict(dict)
    for report, tables in reports_with_tables:
        doc = report.document
        if doc is not None and doc.is_report and doc.year and doc.agency:
            by_body[body_key(doc.agency)][doc.year] = (report, tables)
    out: dict[str, list[Finding]] = {r.path: [] for r, _ in reports_with_tables}
    for years in by_body.values():
        for year, (report, tables) in years.items():
            if year - 1 in years:
                previous, prev_tables = years[year - 1]
                out[report.path] += _carry_over(report, tables, previous, prev_tables)
                out[report.path] += _stock(report, tables, previous, prev_tables)
    return {path: tuple(f) for path, f in out.items()}


def report_card(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    """Counts by severity and a score: 100 − 15·errors − 5·warnings − 1·infos, at least 0.

    >>> report_card([Finding("late", "error", "", ""), Finding("x", "info", "", "")])
    {'errors': 1, 'warnings': 0, 'infos': 1, 'score': 84}
    """
    counts = {s: sum(1 for f in findings if f.severity == s) for s in PENALTY}
    score = max(0, 100 - sum(PENALTY[s] * n for s, n in counts.items()))
    return {"errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"], "score": score}


# --- timeliness --------------------------------------------------------------------------

def is_county_government(agency: str | None) -> bool:
    """True for a people's government at county level or above (its report is due 31 March).

    >>> [is_county_government(n) for n in ("青禾县人民政府", "平潭综合实验区", "云岭市自然资源局",
    ...                                    "第一师阿拉尔市十六团新开岭镇", "某镇人民政府")]
    [True, True, False, False, False]
    """
    name = to_simplified(agency or "").strip()
    if not name or re.search(r"(镇|乡|街道|苏木|团)(人民政府)?$", name):
        return False
    if name.endswith("人民政府"):
        return True
    if re.search(r"(局|委|委员会|办|办公室|中心|厅|部|院|所|站|队|处|署|会|公司|馆)$", name):
        return False
    return bool(re.search(r"(省|市|县|区|州|盟|旗)$", name))


def deadline(agency: str | None, year: int) -> date:
    """Publication deadline of the report on ``year``.

    Reports on 2008–2018 fell under the 2007 条例 (Art. 31: 31 March for every body); from
    2019 the revised 条例 (Art. 49) sets 31 January, and 31 March for the report of a
    county-or-higher people's government.
    """
    if year <= 2018 or is_county_government(agency):
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def _timeliness(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    if doc.year is None or doc.published is None:
        yield Finding("timeliness_unknown", "info", "未找到发布日期或报告年度，无法判断是否按时公布。",
                      "No publication date or report year found: timeliness unknown.",
                      (Evidence(doc.title or "", section="metadata"),))
        return
    due = deadline(doc.agency, doc.year)
    if doc.published > due:
        days = (doc.published - due).days
        yield Finding(
            "late", "error",
            f"报告于{doc.published.isoformat()}发布，晚于法定期限{due.isoformat()}（逾期{days}天）。",
            f"Published {doc.published.isoformat()}, {days} days after the deadline {due.isoformat()}.",
            (Evidence(f"发布日期：{doc.published.isoformat()}", section="metadata"),),
            expected=due.isoformat(), actual=doc.published.isoformat())


# --- format --------------------------------------------------------------------------------

def _evidence(report: Report, section: Section) -> Evidence:
    assert report.document is not None
    return Evidence(report.document.text[section.start:section.body_start].strip(), section.start,
                    section.body_start, section.key)


def _missing_sections(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
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
            tuple(_evidence(report, s) for s in report.sections), expected=list(required),
            actual=[s.key for s in report.sections])


def _section_order(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    if report.layout not in ("2019", "2021"):
        return
    keys = [s.key for s in report.sections if s.key in MODERN_ORDER]
    ranks = [MODERN_ORDER.index(k) for k in keys]
    if ranks != sorted(ranks):
        yield Finding("section_order", "warning", "各部分顺序与规定格式不一致。",
                      "Sections are not in the order the layout prescribes.",
                      tuple(_evidence(report, s) for s in report.sections), expected=sorted(keys, key=MODERN_ORDER.index),
                      actual=keys)




def _numbering(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    """Section numbers 一、二、… without gaps, and enumerations (一是…, （一）…, 1. …) without
    jumps or repeats (the marker families are extract's)."""
    doc = report.document
    assert doc is not None
    numbered = [s for s in report.sections if s.number]
    values = [numeral_value(s.number) for s in numbered]
    for prev, cur, s in zip(values, values[1:], numbered[1:]):
        if cur != prev + 1:
            yield Finding("numbering_slip", "warning", f"部分序号不连续：{s.heading}之前应为第{prev + 1}部分。",
                          f"Section numbering skips: '{s.heading}' follows number {prev}.",
                          (_evidence(report, s),), expected=prev + 1, actual=cur)
    yield from numbering_slips(doc, report.sections)


def _template_mismatch(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
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


def _problems_incomplete(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    section = next((s for s in report.sections if s.key == "problems"), None)
    if section is None:
        return
    lacking = [zh for items, zh in ((report.problems, "存在的问题"), (report.improvements, "改进措施")) if not items]
    if lacking:
        yield Finding("problems_incomplete", "warning", f"第五部分未列出{'和'.join(lacking)}。",
                      "Section 五 lists no " + " and no ".join(
                          "problems" if zh == "存在的问题" else "improvements" for zh in lacking) + ".",
                      (_evidence(report, section),), expected="problems and improvements",
                      actual={"problems": len(report.problems), "improvements": len(report.improvements)})


def _fees(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    if report.layout != "2021":
        return
    other = next((s for s in report.sections if s.key == "other"), None)
    text = doc.analysis_text[other.body_start:other.end] if other else doc.analysis_text
    if any(cue in text for cue in _cues("fees")):
        return
    yield Finding("fees_not_stated", "warning", "第六部分未说明是否收取信息处理费（2021年格式要求）。",
                  "Section 六 does not say whether any information-processing fee was charged (2021 layout).",
                  (_evidence(report, other),) if other else (), expected="信息处理费收取情况",
                  actual=doc.text[other.body_start:other.end].strip()[:60] if other else None)


def _placeholders(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    empty = set(_cues("placeholder"))
    for s in report.sections:
        if s.key not in ("overview", "problems"):
            continue
        body = re.sub(r"[\s\W_]", "", doc.analysis_text[s.body_start:s.end])
        if body in empty or not body:
            yield Finding("placeholder_narrative", "warning", f"“{s.heading}”部分只有占位内容，未作实质说明。",
                          f"Section '{s.heading}' holds only a placeholder, no substance.",
                          (Evidence(doc.text[s.start:s.end].strip(), s.start, s.end, s.key),),
                          expected="substantive text", actual=doc.text[s.body_start:s.end].strip())


# --- tables --------------------------------------------------------------------------------

def _v(table: Table, row: str, column: str) -> float | None:
    cell = table.cell(row, column)
    if cell is None:
        return None
    return cell.value if cell.value is not None else 0.0


def _fmt(x: float | None) -> str:
    return "—" if x is None else (str(int(x)) if float(x).is_integer() else f"{x:g}")


def _values(table: Table) -> dict[tuple[str, str], float]:
    """``_v`` of every cell by (row, column): table 三's sums look cells up hundreds of times."""
    out: dict[tuple[str, str], float] = {}
    for c in table.cells:
        out.setdefault((c.row, c.column), c.value if c.value is not None else 0.0)
    return out


def _subrows(table: Table) -> dict[str, list[str]]:
    """The sub-rows of each result group (（三）不予公开/1.…), in table order."""
    rows = table.rows()
    return {head: [r for r in rows if r.startswith(head + "/")] for head in RESULT_GROUPS}


def _group_value(table: Table, head: str, column: str) -> float | None:
    values = _values(table)
    return _group_figure(values.get((head, column)), [values.get((r, column)) for r in _subrows(table)[head]])


def _group_figure(head_value: float | None, sub_values: list[float | None]) -> float | None:
    """A result group's figure: its own row, else the sum of its sub-rows (None if one is missing)."""
    if head_value is not None:
        return head_value
    if sub_values:
        return None if any(v is None for v in sub_values) else sum(v for v in sub_values if v is not None)
    return None


def _table_sums(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    for t in tables:
        if not t.readable:
            continue
        if t.key == "requests":
            yield from _requests_sums(t)
        elif t.key == "appeals":
            yield from _appeals_sums(t)


def _table_finding(rule: str, t: Table, zh: str, en: str, cells: list[str], expected: float,
                   actual: float) -> Finding:
    return Finding(rule, "error", zh, en, (Evidence(TABLE_NAMES[t.key], t.start, t.end, t.key, tuple(cells)),),
                   expected=expected, actual=actual)


def _requests_sums(t: Table) -> Iterator[Finding]:
    value, subrows = _values(t).get, _subrows(t)
    for col in REQUEST_COLUMNS:
        new, carried, total, nxt = (value((r, col)) for r in (NEW, CARRIED, TOTAL, NEXT))
        if None not in (new, carried, total, nxt):
            left, right = new + carried, total + nxt  # type: ignore[operator]
            if not math.isclose(left, right):
                yield _table_finding(
                    "table_requests_balance", t,
                    f"表三“{col}”列：本年新收{_fmt(new)}+上年结转{_fmt(carried)}={_fmt(left)}，"
                    f"但办理结果总计{_fmt(total)}+结转下年度{_fmt(nxt)}={_fmt(right)}。",
                    f"Table 三, column {col}: new + carried over = {_fmt(left)} but total handled + carried "
                    f"forward = {_fmt(right)}.", [f"{r}|{col}" for r in (NEW, CARRIED, TOTAL, NEXT)], left, right)
        groups = [(head, subrows[head], [value((r, col)) for r in subrows[head]], value((head, col)))
                  for head in RESULT_GROUPS]
        parts = [value((DISCLOSED, col)), value((PARTLY, col))] + [_group_figure(head_value, sub_values)
                                                                    for _, _, sub_values, head_value in groups]
        if total is not None and None not in parts:
            summed = sum(p for p in parts if p is not None)
            if not math.isclose(summed, total):
                yield _table_finding(
                    "table_requests_results_sum", t,
                    f"表三“{col}”列：（一）至（六）合计{_fmt(summed)}，与（七）总计{_fmt(total)}不符。",
                    f"Table 三, column {col}: results (一)–(六) add up to {_fmt(summed)}, (七) total says {_fmt(total)}.",
                    [f"{r}|{col}" for r in (DISCLOSED, PARTLY, *RESULT_GROUPS, TOTAL)], summed, total)
        for head, subs, sub_values, head_value in groups:
            if subs and head_value is not None and None not in sub_values:
                summed = sum(v for v in sub_values if v is not None)
                if not math.isclose(summed, head_value):
                    yield _table_finding(
                        "table_requests_results_sum", t,
                        f"表三“{col}”列：{head}小计{_fmt(head_value)}，其分项合计{_fmt(summed)}。",
                        f"Table 三, column {col}: subtotal {head} = {_fmt(head_value)}, its items add up to {_fmt(summed)}.",
                        [f"{r}|{col}" for r in (head, *subs)], summed, head_value)
    for row in t.rows():
        in_row = [value((row, c)) for c in REQUEST_COLUMNS]
        if None in in_row:
            continue
        summed = sum(v for v in in_row[:-1] if v is not None)
        if not math.isclose(summed, in_row[-1] or 0.0):
            yield _table_finding(
                "table_requests_total_column", t,
                f"表三“{row}”行：各类申请人合计{_fmt(summed)}，总计列为{_fmt(in_row[-1])}。",
                f"Table 三, row {row}: the applicant columns add up to {_fmt(summed)}, the total column says "
                f"{_fmt(in_row[-1])}.", [f"{row}|{c}" for c in REQUEST_COLUMNS], summed, in_row[-1] or 0.0)


def _appeals_sums(t: Table) -> Iterator[Finding]:
    for row in t.rows():
        values = [_v(t, row, c) for c in APPEAL_COLUMNS]
        if None in values:
            continue
        summed = sum(v for v in values[:4] if v is not None)
        if not math.isclose(summed, values[4] or 0.0):
            yield _table_finding(
                "table_appeals_total", t,
                f"表四“{row}”：维持、纠正、其他、尚未审结合计{_fmt(summed)}，总计为{_fmt(values[4])}。",
                f"Table 四, {row}: the four outcomes add up to {_fmt(summed)}, the total says {_fmt(values[4])}.",
                [f"{row}|{c}" for c in APPEAL_COLUMNS], summed, values[4] or 0.0)


# --- narrative against tables -----------------------------------------------------------------

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
    region, own, part = _cues("scope_region"), _cues("scope_own"), _cues("scope_part")
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
        return _v(req, NEW, column), [f"{NEW}|{column}"]
    if req is not None:
        col = "总计"
        rows = {"received": [NEW], "handled": [NEW, CARRIED], "settled": [TOTAL], "carried": [CARRIED],
                "next": [NEXT], "disclosed": [DISCLOSED], "partly": [PARTLY]}
        groups = {"withheld": RESULT_GROUPS[0], "unable": RESULT_GROUPS[1], "not_processed": RESULT_GROUPS[2]}
        if what in rows:
            values = [_v(req, r, col) for r in rows[what]]
            if None not in values:
                return sum(v for v in values if v is not None), [f"{r}|{col}" for r in rows[what]]
        if what in groups:
            return _group_value(req, groups[what], col), [f"{groups[what]}|{col}"]
    if app is not None and what in ("review", "litigation"):
        rows_ = ["行政复议"] if what == "review" else ["行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"]
        values = [_v(app, r, "总计") for r in rows_]
        if None not in values:
            return sum(v for v in values if v is not None), [f"{r}|总计" for r in rows_]
    if pro is not None and pro.template == "2021" and what.startswith("rules_"):
        column = {"rules_issued": "本年制发件数", "rules_repealed": "本年废止件数", "rules_valid": "现行有效件数"}[what]
        return _v(pro, "行政规范性文件", column), [f"行政规范性文件|{column}"]
    if stat is not None:
        row = {"received": "受理依申请公开信息总数", "handled": "对申请的答复数", "disclosed": "答复/1.同意公开答复数",
               "review": "行政复议数", "litigation": "行政诉讼数", "proactive": "主动公开信息数"}.get(what)
        if row:
            return _v(stat, row, "本年"), [f"{row}|本年"]
    return None, []


def aggregates_region(report: Report) -> bool:
    """Whether the report's tables cover a whole region: a government, or a report saying so."""
    doc = report.document
    assert doc is not None
    name = to_simplified(doc.agency or "")
    if is_county_government(doc.agency) or re.search(r"(镇|乡|街道|团)(人民政府)?$", name):
        return True
    head = doc.analysis_text[: (report.sections[0].start if report.sections else 600)]
    return any(cue in head for cue in _cues("aggregate"))


def _narrative_vs_tables(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
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
            f"正文称“{quote}”，表中对应数为{_fmt(actual)}{note_zh}。",
            f"The text says '{quote}' ({_fmt(claim.value)}) but the table gives {_fmt(actual)}{note_en}.",
            (Evidence(quote, claim.start, claim.end, _section_of(report, claim.start)),
             Evidence("", section=cells[0].split("|")[0] if cells else None, cells=tuple(cells))),
            expected=actual, actual=claim.value)
    yield from _all_settled(report, by_key)


def _declares_aggregate(report: Report) -> bool:
    doc = report.document
    assert doc is not None
    head = doc.analysis_text[: (report.sections[0].start if report.sections else 600)]
    return any(cue in head for cue in _cues("aggregate"))


def _all_settled(report: Report, tables: dict[str, Table]) -> Iterator[Finding]:
    """'All requests settled' (办结率100%, 全部办结) against requests carried forward."""
    doc = report.document
    req = tables.get("requests")
    if doc is None or req is None:
        return
    carried = _v(req, NEXT, "总计")
    if not carried:
        return
    for m in re.finditer(r"办结率(?:达到?|为)?100%|全部(?:按时)?办结(?![量率])|均已办结", doc.analysis_text):
        if _section_of(report, m.start()) in {s.key for s in report.sections if s.narrative}:
            quote = doc.text[m.start():m.end()]
            yield Finding("narrative_table_mismatch", "error",
                          f"正文称“{quote}”，但表三有{_fmt(carried)}件结转下年度继续办理。",
                          f"The text says '{quote}' but table 三 carries {_fmt(carried)} requests forward.",
                          (Evidence(quote, m.start(), m.end(), _section_of(report, m.start())),
                           Evidence("", section="requests", cells=(f"{NEXT}|总计",))),
                          expected=0, actual=carried)


def _section_of(report: Report, pos: int) -> str | None:
    return next((s.key for s in report.sections if s.start <= pos < s.end), None)


_GROWTH = re.compile(r"(同比|较上年|比上年|较去年|比去年|较\d{4}年)(?:同期)?(增长|增加|上升|提高|下降|减少|降低)了?"
                     r"(\d+(?:\.\d+)?)\s*[%％]")
_PREVIOUS = re.compile(r"(?:上年|去年|上一年|\d{4}年)(?:同期)?(?:为|的|是)?(\d+(?:\.\d+)?)\s*(件|条|个|次|人次|万元|元|篇|期)")
_AMOUNT = r"(\d+(?:\.\d+)?)\s*(件|条|个|次|人次|万元|元|篇|期)"


def _percentages(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
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
                    f"正文称{g.group(1)}{g.group(2)}{g.group(3)}%，按{_fmt(current)}与{_fmt(previous)}计算应为"
                    f"{abs(computed):.{max(places, 1)}f}%。",
                    f"The text states a change of {stated:g}%, but {_fmt(current)} against {_fmt(previous)} "
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


# --- across years ------------------------------------------------------------------------------

def _table(tables: tuple[Table, ...], key: str) -> Table | None:
    return next((t for t in tables if t.key == key), None)


def _carry_over(report: Report, tables: tuple[Table, ...], previous: Report,
                prev_tables: tuple[Table, ...]) -> Iterator[Finding]:
    now, before = _table(tables, "requests"), _table(prev_tables, "requests")
    if now is None or before is None:
        return
    for col in REQUEST_COLUMNS:
        carried, forward = _v(now, CARRIED, col), _v(before, NEXT, col)
        if carried is None or forward is None or math.isclose(carried, forward):
            continue
        year = report.document.year if report.document else None
        yield Finding(
            "carry_over_mismatch", "error",
            f"表三“{col}”列：本年上年结转{_fmt(carried)}件，上年报告结转下年度{_fmt(forward)}件。",
            f"Table 三, column {col}: carried over {_fmt(carried)}, but last year's report carried forward "
            f"{_fmt(forward)}.",
            (Evidence(TABLE_NAMES["requests"], now.start, now.end, "requests", (f"{CARRIED}|{col}",)),
             Evidence(TABLE_NAMES["requests"], before.start, before.end, "requests", (f"{NEXT}|{col}",),
                      path=previous.path, year=(year - 1) if year else None)),
            expected=forward, actual=carried)


# template → (stock column, this year's additions column, this year's removals column or None)
_STOCK = {"2021": ("现行有效件数", "本年制发件数", "本年废止件数"),
          "2019": ("对外公开总数量", "本年新公开数量", None)}


def _stock(report: Report, tables: tuple[Table, ...], previous: Report,
           prev_tables: tuple[Table, ...]) -> Iterator[Finding]:
    now, before = _table(tables, "proactive"), _table(prev_tables, "proactive")
    if now is None or before is None or now.template != before.template or now.template not in _STOCK:
        return
    stock, added, removed = _STOCK[now.template]
    for row in now.rows():
        if row not in ("规章", "规范性文件", "行政规范性文件"):
            continue
        values = [_v(before, row, stock), _v(now, row, added), _v(now, row, removed) if removed else 0.0,
                  _v(now, row, stock)]
        if None in values:
            continue
        last, plus, minus, current = (v or 0.0 for v in values)
        expected = last + plus - minus
        if math.isclose(expected, current):
            continue
        yield Finding(
            "regulations_stock", "warning",
            f"表二“{row}”：上年{stock}{_fmt(last)}+本年{_fmt(plus)}" + (f"−废止{_fmt(minus)}" if removed else "")
            + f"={_fmt(expected)}，本年表列{_fmt(current)}。",
            f"Table 二, {row}: last year's {stock} {_fmt(last)} + {_fmt(plus)}"
            + (f" − {_fmt(minus)}" if removed else "") + f" = {_fmt(expected)}, this year's table says {_fmt(current)}.",
            (Evidence(TABLE_NAMES["proactive"], now.start, now.end, "proactive", (f"{row}|{stock}", f"{row}|{added}")),
             Evidence(TABLE_NAMES["proactive"], before.start, before.end, "proactive", (f"{row}|{stock}",),
                      path=previous.path)),
            expected=expected, actual=current)
