"""Follows each body's promised improvements into its next report: done, repeated or silent.

Reports are grouped by body (``body_key``) and year. For every improvement promised in year Y-1,
year Y's report is searched clause by clause: a near-identical clause among Y's improvements
means the promise was made again ("repeated"); a similar sentence in Y's overview or problems
part that reports work done ("done", with cue words such as 已, 完成, 上线, 开展了, or a count)
means it was kept; otherwise it is "silent". Similarity is a weighted char-bigram Dice score
where bigrams common across the body's reports (政府, 信息, 公开…) weigh little; docs/specificity.md
(section "Follow-through") gives the thresholds and why.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Callable, Literal

from . import lexicons
from .agency import body_key
from .extract import FAMILIES
from .model import FollowUp, Item, Report
from .normalize import to_simplified
from .sentences import split

# A promise is "repeated" when one of its clauses scores at least REPEAT_THRESHOLD against a
# clause of one of next year's improvements, or its headline has a difflib ratio of at least
# HEADLINE_RATIO with that improvement's headline; otherwise "done" when a sentence of next
# year's overview (or a sentence of its section 五 with a done cue) scores at least
# DONE_THRESHOLD, by clause Dice or by the share of the promise headline found in it.
REPEAT_THRESHOLD = 0.45
HEADLINE_RATIO = 0.6
DONE_THRESHOLD = 0.38
# Sentences with fewer CJK characters (bare sub-headings) are not evidence of work done.
MIN_SENTENCE_CJK = 10
# Clauses shorter than this many CJK characters say too little to match on.
MIN_CLAUSE_CJK = 4
# Two problems recur when their headlines score at least this (same scale as above).
RECUR_THRESHOLD = 0.6
_CLAUSE = re.compile(r"[，。；：,;:！？!?\n、]")
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a report with its span, as compared across years."""

    text: str
    start: int
    end: int
    bigrams: frozenset[str]


_MARKER = re.compile("|".join(f"(?:{family.pattern})" for family in FAMILIES.values()))


def _strip_marker(text: str) -> str:
    m = _MARKER.match(text)  # the first family that matches, as a loop over FAMILIES would find
    return text[m.end():] if m else text


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK characters of ``text`` (markers and punctuation dropped).

    >>> sorted(bigrams("一是加强培训"))
    ['加强', '培训', '强培']
    """
    cjk = _NON_CJK.sub("", _strip_marker(text.strip()))
    return frozenset(map(str.__add__, cjk, cjk[1:]))  # cjk[i:i + 2] for each i, in order


def clauses(analysis: str, start: int, end: int) -> list[Clause]:
    """Clauses of ``analysis[start:end]`` (split at ，。；：、) long enough to compare."""
    out = []
    pos = start
    for m in list(_CLAUSE.finditer(analysis, start, end)) + [None]:
        stop = m.start() if m else end
        text = analysis[pos:stop]
        if len(_NON_CJK.sub("", _strip_marker(text.strip()))) >= MIN_CLAUSE_CJK:
            out.append(Clause(text, pos, stop, bigrams(text)))
        pos = (m.end() if m else end)
    return out


class _Idf(dict[str, float]):
    """Bigram -> weight, each computed on first use."""

    def __init__(self, df: Counter[str], n: int) -> None:
        super().__init__()
        self._df, self._n = df, n

    def __missing__(self, gram: str) -> float:
        value = self[gram] = math.log((self._n + 1) / (self._df.get(gram, 0) + 1)) + 1.0
        return value


class Weights:
    """Inverse document frequency of bigrams over the sentences of one body's reports.

    Also memoises what the comparisons of one body reuse: the weight of each bigram, the total
    weight of each bigram set (summed in the set's own order, as a direct sum would be) and the
    clauses of each report's items and done candidates.
    """

    def __init__(self, reports: list[Report]) -> None:
        df: Counter[str] = Counter()
        n = 0
        # Document frequencies only count bigrams, so a sentence repeated across years is cut once.
        seen: dict[str, frozenset[str]] = {}
        for report in reports:
            assert report.document is not None
            a = report.document.analysis_text
            for sentence in report.sentences:
                text = a[sentence.start:sentence.end]
                grams = seen.get(text)
                if grams is None:
                    grams = seen[text] = bigrams(text)
                df.update(grams)
                n += 1
        self._df, self._n = df, max(n, 1)
        self._idf = _Idf(df, self._n)
        self._totals: dict[int, tuple[frozenset[str], float]] = {}
        self._memo: dict[tuple[int, int, int], tuple[Report, Any]] = {}

    def __call__(self, gram: str) -> float:
        return self._idf[gram]

    def total(self, grams: frozenset[str]) -> float:
        """Summed weight of ``grams`` (memoised per set object: the same object sums in the same order)."""
        hit = self._totals.get(id(grams))
        if hit is not None and hit[0] is grams:
            return hit[1]
        total = math.fsum(map(self._idf.__getitem__, grams))
        self._totals[id(grams)] = (grams, total)
        return total

    def containment(self, part: frozenset[str], whole: frozenset[str]) -> float:
        """Weighted share of ``part``'s bigrams that occur in ``whole``, in [0, 1]."""
        total = self.total(part)
        return math.fsum(map(self._idf.__getitem__, part & whole)) / total if total else 0.0

    def dice(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted Dice coefficient of two bigram sets, in [0, 1]."""
        total = self.total(a) + self.total(b)
        if not total or a.isdisjoint(b):
            return 0.0
        return 2 * math.fsum(map(self._idf.__getitem__, a & b)) / total

    def memo(self, report: Report, start: int, end: int, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per (report, span) while this body is compared."""
        key = (id(report), start, end)
        hit = self._memo.get(key)
        if hit is None or hit[0] is not report:
            hit = self._memo[key] = (report, compute())
        return hit[1]


@lru_cache(maxsize=None)
def _done_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for r, p in lexicons.table("markers.tsv", 2) if r == "done_cue")


@dataclass(frozen=True, slots=True)
class _Match:
    score: float
    year: int
    start: int
    end: int


def _best_score(weights: Weights, promise: list[Clause], cands: list[Clause]) -> float | None:
    """Highest Dice of any promise clause against any candidate clause; None when either is empty."""
    dice = weights.dice
    return max((dice(p.bigrams, c.bigrams) for p in promise for c in cands), default=None)


def _item_clauses(report: Report, item: Item, weights: Weights | None = None) -> list[Clause]:
    assert report.document is not None
    a = report.document.analysis_text
    if weights is None:
        return clauses(a, item.start, item.end)
    return weights.memo(report, item.start, item.end, lambda: clauses(a, item.start, item.end))  # type: ignore[no-any-return]


_Candidate = tuple[int, int, list[Clause], frozenset[str]]


def _done_candidates(report: Report) -> list[_Candidate]:
    """Sentences that may report a promise as done: every sentence of the overview (it reports
    the year's work) and sentences of section 五 outside the improvements that carry a done cue.
    Bare sub-headings (（二）依申请公开。) say nothing and are skipped. Each comes with its
    clauses and its own bigrams."""
    assert report.document is not None
    a = report.document.analysis_text
    promised = [(i.start, i.end) for i in report.improvements]
    out = []
    for sentence in report.sentences:
        if sentence.section not in ("overview", "problems"):
            continue
        for s, e in split(a[sentence.start:sentence.end], sentence.start, semicolons=True):
            if any(ps <= s < pe for ps, pe in promised) or len(_NON_CJK.sub("", a[s:e])) < MIN_SENTENCE_CJK:
                continue
            if sentence.section == "overview" or any(cue.search(a, s, e) for cue in _done_cues()):
                out.append((s, e, clauses(a, s, e), bigrams(a[s:e])))
    return out


def _done(weights: Weights, promise: Item, mine: list[Clause], later: Report) -> _Match | None:
    """The sentence that best reports the promise as done: its score is the larger of the best
    clause Dice and the weighted share of the promise headline's bigrams found in the sentence."""
    assert later.document is not None and later.document.year is not None
    head = bigrams(to_simplified(promise.headline))
    best: _Match | None = None
    candidates: list[_Candidate] = weights.memo(later, -1, -1, lambda: _done_candidates(later))
    for start, end, cands, grams in candidates:
        clause = _best_score(weights, mine, cands)
        score = max(clause if clause is not None else 0.0, weights.containment(head, grams))
        if best is None or score > best.score:
            best = _Match(score, later.document.year, start, end)
    return best if best is not None and best.score >= DONE_THRESHOLD else None


def headline_ratio(a: str, b: str) -> float:
    """difflib ratio of two headlines' CJK characters (Simplified): catches short rewordings
    such as 加强政府信息的日常管理 → 加强重点政务信息管理 that share few bigrams.

    >>> round(headline_ratio("丰富政策解读形式", "丰富政策解读形式和方式"), 2)
    0.84
    """
    return _ratio(_simplified_cjk(a), _simplified_cjk(b))


@lru_cache(maxsize=1 << 14)
def _simplified_cjk(text: str) -> str:
    return _NON_CJK.sub("", to_simplified(text))


@lru_cache(maxsize=1 << 16)
def _ratio(x: str, y: str) -> float:
    return SequenceMatcher(None, x, y, autojunk=False).ratio() if x and y else 0.0


def _repeat(weights: Weights, promise: Item, mine: list[Clause], later: Report) -> _Match | None:
    """The later improvement most like the promise, if it passes either threshold."""
    assert later.document is not None and later.document.year is not None
    best: _Match | None = None
    for item in later.improvements:
        clause = _best_score(weights, mine, _item_clauses(later, item, weights))
        ratio = headline_ratio(promise.headline, item.headline)
        clause_score = clause if clause is not None else 0.0
        if clause_score < REPEAT_THRESHOLD and ratio < HEADLINE_RATIO:
            continue
        score = max(clause_score, ratio)
        if best is None or score > best.score:
            best = _Match(score, later.document.year, item.start, item.end)
    return best


def assess(promise: Item, promise_year: int, promise_report: Report, later: Report,
           weights: Weights) -> FollowUp:
    """Status of one promise of ``promise_report`` in the ``later`` report, with evidence.

    A promise made again is "repeated" even when the later report also describes related work:
    re-promising is what auditors flag.
    """
    assert later.document is not None and later.document.year is not None
    mine = _item_clauses(promise_report, promise, weights)
    evidence = _repeat(weights, promise, mine, later)
    status: Literal["done", "repeated"] = "repeated"
    if evidence is None:
        evidence, status = _done(weights, promise, mine, later), "done"
    if evidence is None:
        return FollowUp(promise_year, promise.headline, promise.text, "silent")
    return FollowUp(promise_year, promise.headline, promise.text, status,
                    evidence_year=evidence.year, evidence_text=later.document.text[evidence.start:evidence.end],
                    evidence_start=evidence.start, evidence_end=evidence.end)


def by_body(reports: list[Report]) -> dict[str, dict[int, list[Report]]]:
    """Reports of each body by year; a year may have several copies (.txt and .html)."""
    groups: dict[str, dict[int, list[Report]]] = {}
    for report in sorted(reports, key=lambda r: r.path):
        doc = report.document
        if not report.ok or doc is None or not doc.agency or doc.year is None or not doc.is_report:
            continue
        groups.setdefault(body_key(doc.agency), {}).setdefault(doc.year, []).append(report)
    return groups


def _representative(copies: list[Report]) -> Report:
    """The copy that stands for a year: the one with most items (then the first path)."""
    return max(copies, key=lambda r: len(r.problems) + len(r.improvements))


def follow_up(reports: list[Report], max_gap: int = 1) -> dict[str, tuple[FollowUp, ...]]:
    """Follow-ups keyed by the path of the later report: how each promise of the body's
    previous report (at most ``max_gap`` years earlier; 1 = consecutive years only) fared there.
    Evidence spans point into the keyed report.
    """
    if max_gap < 1:
        raise ValueError(f"max_gap must be at least 1 (1 = consecutive years), got {max_gap}")
    return _follow_up(reports, max_gap)


def _follow_up(reports: list[Report], max_gap: int) -> dict[str, tuple[FollowUp, ...]]:
    out: dict[str, tuple[FollowUp, ...]] = {}
    for years in by_body(reports).values():
        weights = Weights([r for copies in years.values() for r in copies])
        ordered = sorted(years)
        for prev, year in zip(ordered, ordered[1:]):
            if year - prev > max_gap:
                continue
            earlier = _representative(years[prev])
            for later in years[year]:
                out[later.path] = tuple(assess(item, prev, earlier, later, weights) for item in earlier.improvements)
    return out


def recurring_problems(reports: list[Report]) -> list[tuple[str, list[int]]]:
    """Problems a body reports in two or more years: (headline as first written, years).

    Problems match when their headlines score at least RECUR_THRESHOLD (weighted bigram Dice)
    or one headline contains the other; reports of different bodies are never compared.
    """
    out: list[tuple[str, list[int]]] = []
    for years in by_body(reports).values():
        weights = Weights([r for copies in years.values() for r in copies])
        seen: list[tuple[str, frozenset[str], list[int]]] = []
        for year in sorted(years):
            for item in _representative(years[year]).problems:
                head = to_simplified(item.headline)
                grams = bigrams(head)
                for first, first_grams, found in seen:
                    if year not in found and (weights.dice(grams, first_grams) >= RECUR_THRESHOLD
                                              or head in to_simplified(first) or to_simplified(first) in head):
                        found.append(year)
                        break
                else:
                    seen.append((item.headline, grams, [year]))
        out.extend((head, found) for head, _, found in seen if len(found) > 1)
    return out
