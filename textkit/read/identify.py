"""Decides what a document is and whose: annual report or not, the year it covers and the
reporting body, each with where the answer came from.

Bodies are often published or archived without their title, or with a first line that is not
the title, so no single line decides: the title when there is one, else the whole evidence
(preamble cues such as 现公布…年度报告 or 本报告由…编制, the statistics period, the section
headings, the tables). A document title cited inside 《》 is never the document's own.
Works on the Simplified analysis text with full-width digits read as ASCII.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .metadata import NOT_REPORT_TITLE, TITLE, agency_from_title

AgencySource = Literal["title", "metadata", "preamble", "signature"]
YearSource = Literal["title", "preamble", "period", "body"]

# The preamble is read in the first characters of the body.
PREAMBLE = 1500
_CITED = re.compile(r"《[^《》\n]{0,120}》|<[^<>\n]{0,80}>|〈[^〈〉\n]{0,80}〉")
_YEAR = r"((?:19|20)\d\d)"
_PUBLISH = re.compile(r"(?:现|特|予以)?(?:向社会)?公布[^。；]{0,80}?(?:信息公开|政务公开)[^。；]{0,12}?年度报告")
_PUBLISH_YEAR = re.compile(rf"公布[^。；]{{0,50}}?{_YEAR}\s?年度?[^。；]{{0,30}}?(?:信息公开|政务公开)[^。；]{{0,12}}?年度报告")
_COMPILED = re.compile(r"本(?:年度)?报告(?:是|主要)?(?:由|根据|依据|依照|按照)[^。]{0,200}?(?:编制|编写|编撰|制作|汇总)"
                       r"|编制(?:完成)?了?本(?:年度)?报告|内容由[^。]{2,60}?(?:汇总|整理|编制)")
_PERIOD = re.compile(rf"统计(?:期限|时段|时限|时间|期间|区间|截至|截止)[^。]{{0,8}}?{_YEAR}\s?年")
_TABLE_LABELS = re.compile(r"本年新收|上年结转|结转下年度|主动公开政府信息数|依申请公开信息|本年制发件数")
# What only a letter or a notice says of itself.
_OTHER_KIND_CUES = (
    (re.compile(r"函告如下"), "函"),
    (re.compile(r"(?:特此|现将[^。]{0,40})通知如下|现印发给你们|请结合实际[^。]{0,12}(?:贯彻|落实)|请认真贯彻执行"), "通知"),
)
# The body names itself in its preamble ..., each pattern with what a preamble must contain for
# it to match (two of them are slow to rule out: they try every clause start).
_PREAMBLE_NAMES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(rf"现(?:予|将)?(?:向社会)?公布(?P<name>[^，。；：（(《]{{2,40}}?)(?:[（(]以下简称|{_YEAR}\s?年)"), None),
    (re.compile(r"本(?:年度)?报告(?:是|主要)?由(?P<name>[^，。；：《]{2,40}?)(?:根据|依据|依照|按照|汇总|负责|编制|编写|整理)"),
     None),
    (re.compile(r"内容由(?P<name>[^，。；：《]{2,40}?)(?:汇总|整理|编制)"), None),
    (re.compile(r"(?:^|[，。；\n])(?P<name>[^，。；：《\n]{2,30}?)编制(?:完成)?了?本(?:年度)?报告"),
     re.compile(r"编制(?:完成)?了?本(?:年度)?报告")),
    (re.compile(rf"公布{_YEAR}\s?年度?(?P<name>[^，。；：《]{{2,30}}?)(?:政府)?(?:信息公开|政务公开)(?:工作)?年度报告"), None),
    (re.compile(r"请与(?P<name>[^，。；：（(《]{2,40}?)(?:联系|咨询)"), None),
    (re.compile(rf"(?:^|[。\n])\s*{_YEAR}\s?年[，,](?P<name>[^，。；：《\d]{{3,20}}?)(?:坚持|认真|深入|全面|紧紧|紧扣|围绕|以|按照|持续|不断|严格|聚焦|始终)"),
     re.compile(rf"{_YEAR}\s?年[，,]")),
)
# ... or signs it: a name line, then the date (or both on one line), at the end.
_SIGNATURE = re.compile(r"(?:^|[\s。])(?P<name>[^\s，。；：、《》\d]{3,30}?)\s*(?:(?:19|20)\d\d\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"
                        r"|[〇○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)(?:\s\S{0,8})?\s*$")
# Words a body's name ends with (青禾县, 白石街道办事处, 青禾县水利局).
BODY_WORD = "政府|管委会|委员会|局|厅|委|办|署|院|中心|镇|乡|街道办事处|街道|团|师|所|处|站|会|省|市|区|县|州|盟|旗"
_BODY_WORD = re.compile(f"(?:{BODY_WORD})$")
# A contact office or a signature names the body's office: the body is the name before it.
_OFFICE = re.compile(r"(?:党政办公室|综合办公室|办公室|办公厅|政务公开办|政府信息|信息公开|政务公开|政务服务|领导小组|保密).*$")
_NOT_A_NAME = re.compile(r"[，,。；;：:、《》“”\"()（）]|^(?:以及|要求|根据|按照|依照|依据|和|及|与|为|对|在|我|本|全|各|该|其|上级|有关)"
                         r"|(?:及|和|与|等)(?:县|区|市|镇|乡)?政府$|^(?:区|县|市|镇|乡)?(?:人民)?政府$|^(?:区|县|市)?管委会$")


@dataclass(frozen=True)
class Identity:
    """What the document is and whose, with the evidence of each answer."""

    is_report: bool
    not_report_reason: str | None
    year: int | None
    year_source: YearSource | None
    agency: str | None
    agency_source: AgencySource | None
    agency_evidence: str | None  # the words the body was read from
    cues: tuple[str, ...]  # the report evidence found when there is no title
    other_title: str | None = None  # the document's own title when it names another kind


def identify(title: str, header_title: str, fields: dict[str, str], body: str, report_headings: int) -> Identity:
    """Identity of a document from its title (``""`` when none was found on the page), its
    header fields, its body (analysis text) and the number of report section headings in it.

    >>> i = identify("", "", {}, "根据《条例》和《关于做好2020年政府信息公开工作年度报告有关事项的通知》要求，"
    ...              "现公布白石街道办事处（以下简称本街道）2020年政府信息公开工作年度报告。", 0)
    >>> i.is_report, i.year, i.year_source, i.agency, i.agency_source
    (True, 2020, 'preamble', '白石街道办事处', 'preamble')
    """
    own = _outside_citations(body)
    preamble = own[:PREAMBLE]
    verdict, reason, cues, other = _verdict(title, header_title, body, own, preamble, report_headings)
    year, year_source = _year(title or header_title, preamble, own)
    agency, source, evidence = _agency(title, fields, preamble, own) if verdict or title else (None, None, None)
    return Identity(verdict, reason, year, year_source, agency, source, evidence, cues, other)


def _outside_citations(text: str) -> str:
    """``text`` with every title cited in 《》 (or <> 〈〉) blanked out, same length."""
    return _CITED.sub(lambda m: "《" + "　" * (len(m.group()) - 2) + "》", text)


def _verdict(title: str, header_title: str, body: str, own: str, preamble: str,
             report_headings: int) -> tuple[bool, str | None, tuple[str, ...], str | None]:
    if NOT_REPORT_TITLE.search(header_title) and not TITLE.search(header_title):
        return False, f"title names another kind of document: {header_title}", (), None
    if title:
        return True, None, (), None
    cues = []
    if m := _PUBLISH.search(preamble):
        cues.append(f"preamble: {m.group()[:40]}")
    if m := _COMPILED.search(preamble):
        cues.append(f"preamble: {m.group()[:40]}")
    if m := _PERIOD.search(own):
        cues.append(f"statistics period: {m.group()}")
    if report_headings >= 3:
        cues.append(f"{report_headings} report section headings")
    if _TABLE_LABELS.search(own):
        cues.append("report tables")
    own_title = next((m for m in NOT_REPORT_TITLE.finditer(own, 0, PREAMBLE) if _starts_line(own, m.start())), None)
    kind = next((k for cue, k in _OTHER_KIND_CUES if cue.search(own)), None)
    if own_title and len(cues) < 2:
        named = body[own_title.start():own_title.end()].strip()  # as written, citations included
        return False, f"title names another kind of document: {named}", tuple(cues), named
    if kind and len(cues) < 2:
        return False, f"the text says it is a {kind}, not an annual report", tuple(cues), None
    if not cues:
        return False, "no annual-report title and no report evidence (preamble, statistics period, sections, tables)", (), None
    return True, None, tuple(cues), None


def _starts_line(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos]
    return not before.strip() or before.rstrip(" \t").endswith(("\n", "|"))


def _year(title: str, preamble: str, own: str) -> tuple[int | None, YearSource | None]:
    """Year from the title, then the preamble, then the statistics period, then the body."""
    if m := re.search(rf"{_YEAR}\s?年", title):
        return int(m.group(1)), "title"
    if m := _PUBLISH_YEAR.search(preamble):
        return int(m.group(1)), "preamble"
    if m := _PERIOD.search(own):
        return int(m.group(1)), "period"
    if m := re.search(rf"{_YEAR}\s?年", own):
        return int(m.group(1)), "body"
    return None, None


def _agency(title: str, fields: dict[str, str], preamble: str,
            own: str) -> tuple[str | None, AgencySource | None, str | None]:
    """The reporting body from the title, the metadata, the preamble or the signature, in
    that order; the 来源 line (often the portal's own name) only when nothing else names it."""
    publisher = fields.get("发布机构") or fields.get("来源")
    named = [(name, m.group().strip("，。；\n ")[:60]) for pattern, needed in _PREAMBLE_NAMES
             if needed is None or needed.search(preamble) for m in pattern.finditer(preamble)
             if (name := _body_name(m.group("name")))]
    if title and (name := agency_from_title(title, publisher)):
        # The preamble may name the same body in full (洪泽区人民政府 -> 淮安市洪泽区人民政府).
        fuller = next(((full, said) for full, said in named if len(full) > len(name) and full.endswith(name)), None)
        return (fuller[0], "title", f"{title}；{fuller[1]}") if fuller else (name, "title", title)
    if name := _body_name(fields.get("发布机构", "")):
        return name, "metadata", f"发布机构：{fields['发布机构']}"
    if named:
        return named[0][0], "preamble", named[0][1]
    tail = re.sub(r"\s+", " ", own.rstrip()[-200:])
    if (signed := _SIGNATURE.search(tail)) and (name := _body_name(signed.group("name"))):
        return name, "signature", signed.group().strip()[:60]
    if name := _body_name(fields.get("来源", "")):
        return name, "metadata", f"来源：{fields['来源']}"
    return None, None, None


def _body_name(words: str) -> str | None:
    """The body a name, contact office or signature gives, or None when it is not a name.

    >>> _body_name("青禾县人民政府办公室政务公开股"), _body_name("要求,现公布青禾街道"), _body_name("以及")
    ('青禾县人民政府', None, None)
    """
    name = re.sub(r"\s", "", words)
    name = _OFFICE.sub("", name) or name
    if len(name) < 3 or _NOT_A_NAME.search(name) or not _BODY_WORD.search(name):
        return None
    return name
