"""Splits section 五 into problem and improvement items and scores them.

Section 五 (存在的主要问题及改进情况; 2008 layout: …改进措施) comes in three shapes: sub-headed
parts (（一）存在的主要问题 / （二）改进措施), one stretch where a lead sentence (2023年，我区将采取以下
措施加以改进) turns from problems to improvements, or a single kind. Inside a part, items are the
top-level enumeration (一是…, （一）, 1、, （1）, ①, 第一，, 首先/其次/最后, 一方面/另一方面) or, when
there is none, the clauses of unnumbered prose. Everything is matched on the Simplified
``analysis_text``; markers and headlines are reported from ``text`` as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Literal

from .. import lexicons
from ..model import Document, Item, Section
from .markers import BOUNDARY, FAMILIES, all_runs, top_run
from .sentences import split

Kind = Literal["problem", "improvement"]

_CLAUSE_END = re.compile(r"[，。；：,;:！？!?\n]")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_TRIM = " \t\r\n　|"
_LEAD_PUNCT = " \t\r\n　|，,、：:．.。；;"
# Headline rule: the clause after the marker; one of HEADLINE_LIST_CJK or more CJK characters is
# cut at its last 、 within the first HEADLINE_CUT characters, one of more than HEADLINE_MAX_CJK
# with no such 、 is cut at HEADLINE_CUT (tests/real_gold.py follows the same rule).
HEADLINE_LIST_CJK = 24
HEADLINE_MAX_CJK = 24
HEADLINE_CUT = 20
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SIGNATURE = re.compile(
    r"(?:[。\s]|^)((?:[^\s。；，,]{2,30}\s*)?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年"
    r"[\d〇○零一二三四五六七八九十]{1,2}\s*月[\d〇○零一二三四五六七八九十]{1,3}\s*日)\s*$")
_SUB_HEAD = re.compile(r"(?:[（(][一二三四][)）]|[一二三四][、.．]|\d[、.．])\s*")
_NEW_EXISTS = re.compile(r"[，,](?=存在)")
_CONTEXT = re.compile(r"取得[了]?[^。；]{0,12}(成绩|成效|进展|成果|进步)")
# A run-in sub-heading (its title glued to its text) is at least this many characters long.
RUN_IN_MIN = 4
# An unnumbered piece with fewer CJK characters, or opening with a conjunction, says nothing on
# its own: it is the tail of the lead-in before it, or joins the item before it.
MIN_ITEM_CJK = 4
_CONJUNCTION = re.compile(r"(和|与|及|以及|并且?|或者?)(?![\u4e00-\u9fff]{0,1}[，,])")


@dataclass(frozen=True)
class Part:
    """A stretch of section 五 that holds items of one kind; ``start`` is after any sub-heading.
    ``previous``: the part reports on last year's problems (the two-year 五 of some 2021-layout
    reports: （一）上年度存在问题的改进情况 before （二）本年度存在的主要问题)."""

    kind: Kind
    start: int
    end: int
    previous: bool = False


@lru_cache(maxsize=None)
def _cues(role: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for r, p in lexicons.table("markers.tsv", 2) if r == role)


# ---------------------------------------------------------------- parts of section 五

def _body_end(analysis: str, start: int, end: int) -> int:
    """End of the section body without a trailing signature and date (落款)."""
    m = _SIGNATURE.search(analysis, start, end)
    return m.start(1) if m else end


def _sub_headings(analysis: str, start: int, end: int) -> list[tuple[int, int, Kind, bool]]:
    """Sub-headings that open a part: (start, body start, kind, whether it is last year's)."""
    found: list[tuple[int, int, Kind, bool]] = []
    roles: tuple[tuple[Kind, str, bool], ...] = (
        ("improvement", "previous_head", True), ("problem", "problem_head", False),
        ("improvement", "improvement_head", False))
    for m in _SUB_HEAD.finditer(analysis, start, end):
        if m.start() > start and analysis[m.start() - 1] not in BOUNDARY and analysis[m.start()] not in "（(":
            continue
        title_end = _CLAUSE_END.search(analysis, m.end(), min(m.end() + 16, end))
        window = analysis[m.end():title_end.start() if title_end else min(m.end() + 16, end)]
        for kind, role, previous in roles:
            hit = _full_match_prefix(window, role)
            if hit:
                body = m.end() + hit
                while body < end and analysis[body] in " \t　：:。.":
                    body += 1
                found.append((m.start(), body, kind, previous))
                break
    return found


def _full_match_prefix(window: str, role: str) -> int:
    """Length of the longest cue of ``role`` matching a heading title at ``window`` start.

    The title must end there (clause end, whitespace or end of window), so an item such as
    （一）解决存在的问题… is not taken for the heading （一）存在的问题 — unless the title is a
    run-in head: four characters or more ending in a head word (markers.tsv `run_in_end`), as
    in （一）存在问题对照上级要求… or （二）改进措施一是… on a page written as one line.
    """
    best = 0
    for cue in _cues(role):
        m = cue.match(window)
        if not m or m.end() <= best:
            continue
        ends = m.end() == len(window) or window[m.end()] in " \t　\n"
        if ends or (m.end() >= RUN_IN_MIN and any(e.fullmatch(window, m.end() - 2, m.end()) for e in _cues("run_in_end"))):
            best = m.end()
    return best


def _pivot(analysis: str, start: int, end: int) -> int | None:
    """Start of the sentence that turns from problems to improvements, if any."""
    for s, e in split(analysis[start:end], start):
        if any(cue.search(analysis, s, min(e, s + 30)) for cue in _cues("improvement_lead")):
            if not any(f.match(analysis, s) for name, f in FAMILIES.items() if name != "aspect"):
                return s
    return None


def _guess_kind(analysis: str, start: int, end: int) -> Kind:
    text = analysis[start:end]
    problem = len(re.findall(r"不够|不足|有待|欠缺|不高|较少|滞后|薄弱|单一|不到位|不完善|不规范|不及时|不均衡|仍需|尚未|缺乏|不强", text))
    improvement = len(re.findall(r"将|加强|推进|完善|提升|强化|做好|加大|持续|深化|健全|建立|优化", text))
    return "problem" if problem > improvement / 2 else "improvement"


def find_parts(doc: Document, section: Section) -> list[Part]:
    """The problems and improvements parts of section 五, in order."""
    a = doc.analysis_text
    start, end = section.body_start, _body_end(doc.analysis_text, section.body_start, section.end)
    heads = _sub_headings(a, start, end)
    if heads:
        parts: list[Part] = []
        for i, (_, body, kind, previous) in enumerate(heads):
            part_end = heads[i + 1][0] if i + 1 < len(heads) else end
            part = Part(kind, body, part_end, previous)
            parts.extend(_split_at_pivot(a, part) if kind == "problem" else [part])
        return parts
    pivot = _pivot(a, start, end)
    if pivot is not None:
        return [p for p in (Part("problem", start, pivot), Part("improvement", pivot, end)) if p.end > p.start]
    run = top_run(a, start, end)
    if run:
        runs = all_runs(a, start, end, run[0].family)
        if len(runs) >= 2:
            cut = _sentence_start(a, start, runs[1][0].start)
            return [Part("problem", start, cut), Part("improvement", cut, end)]
    return [Part(_guess_kind(a, start, end), start, end)]


def _split_at_pivot(analysis: str, part: Part) -> list[Part]:
    pivot = _pivot(analysis, part.start, part.end)
    if pivot is None or pivot <= part.start:
        return [part]
    return [Part("problem", part.start, pivot), Part("improvement", pivot, part.end)]


def _sentence_start(analysis: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and analysis[i - 1] not in "。！？!?\n":
        i -= 1
    return i


# ---------------------------------------------------------------- items

def headline_span(analysis: str, start: int, end: int) -> tuple[int, int]:
    """Span of the headline: the clause after ``start`` up to the first ，。；：, cut before a
    nested marker, and shortened when long (see HEADLINE_MAX_CJK)."""
    while start < end and analysis[start] in _LEAD_PUNCT:
        start += 1
    stop = _CLAUSE_END.search(analysis, start, end)
    h_end = stop.start() if stop else end
    for family in ("num", "paren_num", "paren_cn", "circled"):
        nested = FAMILIES[family].search(analysis, start + 1, h_end)
        if nested:
            h_end = nested.start()
    while h_end > start and analysis[h_end - 1] in _TRIM:
        h_end -= 1
    clause = analysis[start:h_end]
    cjk = len(_CJK.findall(clause))
    comma = clause.rfind("、", 0, HEADLINE_CUT)
    if cjk >= HEADLINE_LIST_CJK and comma > 0:
        h_end = start + comma
    elif cjk > HEADLINE_MAX_CJK:
        h_end = start + HEADLINE_CUT
    if h_end - start > 1 and analysis[h_end - 1] == "等":
        h_end -= 1
    return start, h_end


def _make_item(doc: Document, kind: Kind, marker: tuple[int, int], text: tuple[int, int],
               head: tuple[int, int]) -> Item:
    start, end = text
    while end > start and doc.text[end - 1] in _TRIM:
        end -= 1
    analysis = doc.analysis_text[start:end]
    category, cues, score, reasons = (_scores if len(analysis) <= CACHED_ITEM else _scores.__wrapped__)(analysis)
    return Item(kind=kind, marker=doc.text[marker[0]:marker[1]].strip(), headline=doc.text[head[0]:head[1]],
                text=doc.text[start:end], start=start, end=end, category=category, category_cues=cues,
                specificity=score, specificity_reasons=reasons)


# Items up to this long are scored once and remembered: carried-over items recur year after year.
CACHED_ITEM = 300


@lru_cache(maxsize=1 << 12)
def _scores(text: str) -> tuple[str, tuple[str, ...], float, tuple[str, ...]]:
    """``categorize`` and ``specificity`` of an item's text."""
    return (*categorize(text), *specificity(text))


def items_in_part(doc: Document, part: Part) -> list[Item]:
    """The items of one part: its outermost enumeration, else its unnumbered clauses."""
    a = doc.analysis_text
    run = top_run(a, part.start, part.end)
    if not run:
        return _unnumbered(doc, part)
    items = []
    for i, m in enumerate(run):
        end = run[i + 1].start if i + 1 < len(run) else part.end
        items.append(_make_item(doc, part.kind, (m.start, m.end), (m.start, end), headline_span(a, m.end, end)))
    return items


def _unnumbered(doc: Document, part: Part) -> list[Item]:
    """Items written as plain sentences: …存在一些问题，主要是X，存在Y的现象。 / A；B；C。 /
    下一步，我们将…。 A problem lead-in (…存在一些不足) is context; when the list goes on in the
    lead's own sentence, each 存在… clause there is an item of its own."""
    a = doc.analysis_text
    start = part.start
    while start < part.end and a[start] in _LEAD_PUNCT:
        start += 1
    lead_sentence_end = start
    if part.kind == "problem":
        first = _SENTENCE_END.search(a, start, part.end)
        first_end = first.start() if first else part.end
        lead = max((m for m in (c.search(a, start, first_end) for c in _cues("problem_lead")) if m),
                   key=lambda m: m.end(), default=None)
        if lead:
            start, lead_sentence_end = lead.end(), first_end
    items: list[Item] = []
    for s, e in _clauses(a, start, part.end, lead_sentence_end if part.kind == "problem" else start):
        text = a[s:e]
        if _CONTEXT.search(text) or not _CJK.search(text):
            continue
        if part.kind == "improvement" and _is_improvement_lead(text):
            continue
        if _fragment(text):
            if s >= lead_sentence_end and items:  # joins the item before it
                last = items.pop()
                items.append(_make_item(doc, part.kind, (last.start, last.start), (last.start, e),
                                        headline_span(a, a.find(last.headline, last.start) if last.headline else last.start, e)))
            continue  # else the tail of the lead-in (…存在一些不足和薄弱环节。): context
        head_start = s
        for cue in _cues("improvement_open" if part.kind == "improvement" else "problem_open"):
            m = cue.match(a, s, e)
            if m and m.end() > head_start:
                head_start = m.end()
        listed = _listed(a, head_start, e) if part.kind == "problem" else []
        for p_start, p_end in listed:
            items.append(_make_item(doc, part.kind, (p_start, p_start), (p_start, p_end), headline_span(a, p_start, p_end)))
        head = headline_span(a, head_start, e)
        if not listed and head[1] > head[0]:
            items.append(_make_item(doc, part.kind, (s, s), (s, e), head))
    return items


_LIST_OPEN = re.compile(r"(?:例如|比如|如)[，,：:]?")
_LIST_CLOSE = re.compile(r"等(?:方面|问题|情况)?[。；;]?\s*$|[。；;]\s*$")


def _listed(analysis: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a sentence that lists several problems joined by 、 (如A有待提高、B有待提升、
    C有待加强等。), each a clause with its own problem word (lexicon role problem_listed); ``[]``
    when the sentence is not such a list (a list of nouns sharing one predicate stays one item)."""
    opened = _LIST_OPEN.match(analysis, start, end)
    s = opened.end() if opened else start
    close = _LIST_CLOSE.search(analysis, s, end)
    e = close.start() if close else end
    body = analysis[s:e]
    if "，" in body or "," in body or "：" in body:
        return []
    spans, pos = [], s
    for piece in body.split("、"):
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    words = _cues("problem_listed")
    if len(spans) < 2 or not all(len(_CJK.findall(analysis[a:b])) >= MIN_ITEM_CJK
                                 and any(w.search(analysis, a, b) for w in words) for a, b in spans):
        return []
    return spans


def _fragment(piece: str) -> bool:
    """A piece too short to be an item, or the rest of a cut sentence (和薄弱环节)."""
    return len(_CJK.findall(piece)) < MIN_ITEM_CJK or bool(_CONJUNCTION.match(piece))


def _is_improvement_lead(sentence: str) -> bool:
    """A sentence that only announces the improvements (…将采取以下措施：)."""
    announces = any(c.search(sentence[:30]) for c in _cues("improvement_lead"))
    return "以下" in sentence[:30] or (announces and sentence.rstrip()[-1:] in "：:")


def _clauses(analysis: str, start: int, end: int, split_until: int) -> list[tuple[int, int]]:
    """Sentences (split at 。；), and before ``split_until`` a new 存在… clause after a comma."""
    out = []
    for s, e in split(analysis[start:end], start, semicolons=True):
        cuts = [s] + [m.end() for m in _NEW_EXISTS.finditer(analysis, s, min(e, split_until))]
        for i, c in enumerate(cuts):
            c_end = cuts[i + 1] - 1 if i + 1 < len(cuts) else e
            while c < c_end and analysis[c] in _LEAD_PUNCT:
                c += 1
            if c_end > c:
                out.append((c, c_end))
    return out


# ---------------------------------------------------------------- category and specificity

def categorize(text: str) -> tuple[str, tuple[str, ...]]:
    """Category with the most cue hits in ``text`` (ties: first in categories.tsv), else 其他.

    >>> categorize("建立健全政务公开监督制约机制，加强监督")
    ('监督考核', ('监督',))
    """
    best, most = "其他", 0
    best_hits: tuple[str, ...] = ()
    for category, cues in _category_cues():
        counts = [text.count(cue) for cue in cues]
        total = sum(counts)
        if total > most:  # strictly more: the first of equals wins
            best, most, best_hits = category, total, tuple(c for c, n in zip(cues, counts) if n)
    return best, best_hits


@lru_cache(maxsize=1)
def _category_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """categories.tsv as (category, its cues) in the order each category first appears."""
    grouped: dict[str, list[str]] = {}
    for category, cue in lexicons.table("categories.tsv", 2):
        grouped.setdefault(category, []).append(cue)
    return tuple((category, tuple(cues)) for category, cues in grouped.items())


# Specificity weights (docs/specificity.md explains them; change both together).
BASE = 0.3
WEIGHTS = {"数字": (0.10, 0.20), "日期期限": (0.15, 0.30), "文件": (0.10, 0.20),
           "单位系统": (0.05, 0.10), "动作": (0.05, 0.20), "套话": (-0.10, -0.30)}
_DATE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:底|前|内|以前)?|\d{1,2}月(?:底|前|份|中旬|上旬|下旬)|年底前?|年内|"
                   r"上半年|下半年|第[一二三四]季度|每(?:月|季度|季|周|年|半年)|定期|限时|\d+个?工作日内?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个|项|次|期|家|条|件|场|篇|人|万|余)|[两二三四五六七八九十百千]+(?:个|项|次|期|家|条|场|篇)")
_DOCUMENT = re.compile(r"《[^《》]{2,60}》")
_UNIT = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:办公室|信息公开办|领导小组|委员会|中心|平台|系统|专栏|窗口|热线|公众号|小程序|APP|App)")


def specificity(text: str) -> tuple[float, tuple[str, ...]]:
    """Score in [0, 1] with its reasons: BASE plus capped bonuses for numbers, dates and
    deadlines, named documents, named units/systems and concrete actions, minus stock phrases.

    >>> specificity("进一步加强监督")
    (0.2, ('套话:进一步加强 -0.10',))
    """
    found: dict[str, list[str]] = {
        "数字": _distinct(_NUMBER.findall(_DATE.sub("", text))),
        "日期期限": _distinct(_DATE.findall(text)),
        "文件": _distinct(_DOCUMENT.findall(text)),
        "单位系统": _distinct(_UNIT.findall(_DOCUMENT.sub("", text))),
        "动作": [w for w in _words("action_words.txt") if w in text],
        "套话": [w for w in _words("stock_phrases.txt") if w in text],
    }
    score, reasons = BASE, []
    for label, hits in found.items():
        each, cap = WEIGHTS[label]
        total = 0.0
        for hit in hits:
            if abs(total + each) > abs(cap) + 1e-9:
                break
            total += each
            reasons.append(f"{label}:{hit} {each:+.2f}")
        score += total
    return round(min(max(score, 0.0), 1.0), 2), tuple(reasons)


@cache
def _words(name: str) -> tuple[str, ...]:
    return lexicons.words(name)


def _distinct(hits: list[str]) -> list[str]:
    return list(dict.fromkeys(h.strip() for h in hits))


# ---------------------------------------------------------------- entry point

def extract_items(doc: Document, sections: tuple[Section, ...]) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """(problems, improvements) of a report, from the section with key ``problems``.

    Numbering slips are reported by ``audit.format``, for every narrative section, since
    auditors flag them wherever they occur.
    """
    problems: list[Item] = []
    improvements: list[Item] = []
    for section in sections:
        if section.key != "problems":
            continue
        for part in find_parts(doc, section):
            year = doc.year - 1 if part.previous and doc.year else doc.year
            found = [replace(item, year=year) for item in items_in_part(doc, part)]
            (problems if part.kind == "problem" else improvements).extend(found)
    return tuple(problems), tuple(improvements)
