"""Follows each body's promised improvements into its next report: done, repeated or silent.

Reports are grouped by body (``body_key``) and year. For every improvement promised in year Y-1,
year Y's report is searched clause by clause: a near-identical clause among Y's improvements
means the promise was made again ("repeated"); a sentence of Y's account of its work (overview,
and the prose of the 2008 layout's 主动公开 section) or of its problems part with a done cue
(已, 完成, 上线, 开展了, a count) that is like the promise means it was kept ("done"); otherwise
it is "silent". "Like" is either a weighted char-bigram Dice score, where bigrams common across
the body's reports (政府, 信息, 公开…) weigh little, or the share of the promise's key words
(jieba words, generic ones dropped, each also matched by the synonyms in
lexicons/followup_words.tsv) that the sentence names, which catches paraphrases such as
每年组织两次信息员培训 → 各举办了1期信息员培训班. A sentence Y-1's report already had is no
evidence. docs/specificity.md (section "Follow-through") gives the thresholds and why; they are
``config.Settings.followup_*`` fields.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any, Literal

from .. import lexicons
from ..read.agency import body_key
from ..config import Settings
from ..errors import LexiconError
from ..analyze.markers import FAMILIES
from ..model import FollowUp, Item, Report
from ..read.normalize import to_simplified
from ..analyze.sentences import split
from ..analyze.words import cut

# The thresholds (repeated, done, key words, recurring problems) are Settings.followup_* fields.
# Sections whose sentences all report the year's work (the 2008 layout's 主动公开 is prose).
WORK_SECTIONS = ("overview", "proactive")
# Sentences with fewer CJK characters (bare sub-headings) are not evidence of work done.
MIN_SENTENCE_CJK = 10
# Clauses shorter than this many CJK characters say too little to match on.
MIN_CLAUSE_CJK = 4
_CLAUSE = re.compile(r"[，。；：,;:！？!?\n、]")
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


# Texts whose bigrams are kept (a set of 30 bigrams takes about 4 KB).
BIGRAM_CACHE = 8192


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


@lru_cache(maxsize=BIGRAM_CACHE)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK characters of ``text`` (markers and punctuation dropped).
    Cached: boilerplate sentences recur across the bodies a process compares.

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
    clauses of each report's items and done candidates. Carries the thresholds (``settings``)
    the comparisons of the body apply.
    """

    def __init__(self, reports: list[Report], settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
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
        self._memo: dict[tuple[str, int, int, int], tuple[Report, Any]] = {}

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

    def word(self, word: str) -> float:
        """Weight of a word: that of its rarest bigram (no sentence has the word without it).

        Bigram counts are already kept, so no extra pass over the body's text is needed.
        """
        return max(map(self._idf.__getitem__, map(str.__add__, word, word[1:])), default=0.0)

    def dice(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted Dice coefficient of two bigram sets, in [0, 1]."""
        total = self.total(a) + self.total(b)
        if not total or a.isdisjoint(b):
            return 0.0
        return 2 * math.fsum(map(self._idf.__getitem__, a & b)) / total

    def memo(self, report: Report, start: int, end: int, compute: Callable[[], Any], kind: str = "") -> Any:
        """``compute()`` once per (kind, report, span) while this body is compared."""
        key = (kind, id(report), start, end)
        hit = self._memo.get(key)
        if hit is None or hit[0] is not report:
            hit = self._memo[key] = (report, compute())
        return hit[1]


@cache
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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sentence that may report a promise as done, with what the comparisons reuse."""

    start: int
    end: int
    text: str  # Simplified
    clauses: list[Clause]
    bigrams: frozenset[str]
    said: tuple[str, ...]  # its sentences without white space, to recognise a verbatim copy
    work: bool  # in WORK_SECTIONS (else a sentence of section 五 with a done cue)
    second: int = -1  # of two consecutive sentences: where the second starts


def _pieces(report: Report) -> list[tuple[str, int, int]]:
    """(section, start, end) of the sentences of the sections that report the year's work and of
    section 五, cut at semicolons too: where a later report may say a promise was kept."""
    assert report.document is not None
    a = report.document.analysis_text
    return [(sentence.section, s, e) for sentence in report.sentences
            if sentence.section in WORK_SECTIONS or sentence.section == "problems"
            for s, e in split(a[sentence.start:sentence.end], sentence.start, semicolons=True)]


def _done_candidates(report: Report, pieces: list[tuple[str, int, int]]) -> list[_Candidate]:
    """Sentences that may report a promise as done: every sentence of the sections that report
    the year's work (WORK_SECTIONS) and of the remedies of last year's problems a two-year 五
    gives first, sentences of section 五 outside this year's improvements that carry a done cue,
    and every two consecutive sentences of the former (a promise kept across two sentences).
    Bare sub-headings (（二）依申请公开。) say nothing and are skipped."""
    assert report.document is not None
    a = report.document.analysis_text
    promised = [(i.start, i.end) for i in promises(report)]
    remedies = [(i.start, i.end) for i in report.improvements if (i.start, i.end) not in promised]
    singles: list[tuple[str, _Candidate]] = []
    for section, s, e in pieces:
        if any(ps <= s < pe for ps, pe in promised) or len(_NON_CJK.sub("", a[s:e])) < MIN_SENTENCE_CJK:
            continue
        work = section in WORK_SECTIONS or any(rs <= s < r_end for rs, r_end in remedies)
        if work or any(cue.search(a, s, e) for cue in _done_cues()):
            singles.append((section, _candidate(a, s, e, work)))
    windows = [replace(_candidate(a, first.start, second.end, True), said=first.said + second.said, second=second.start)
               for (section, first), (other, second) in itertools.pairwise(singles)
               if first.work and second.work and section == other and not a[first.end:second.start].strip(_BETWEEN)]
    return [c for _, c in singles] + windows


# What may stand between two consecutive sentences of one window.
_BETWEEN = " \t\r\n　。；;！？!?"


def _candidate(a: str, s: int, e: int, work: bool) -> _Candidate:
    return _Candidate(s, e, a[s:e], clauses(a, s, e), bigrams(a[s:e]), (_said(a[s:e]),), work)


def promises(report: Report) -> tuple[Item, ...]:
    """The improvements a report promises for the coming year: all of them but the remedies of
    last year's problems that a two-year 五 gives first (their ``year`` is the year before)."""
    year = report.document.year if report.document else None
    return tuple(i for i in report.improvements if i.year is None or year is None or i.year >= year)


def _said(text: str) -> str:
    """``text`` without white space, so that a copy re-wrapped by the portal still matches."""
    return _SPACE.sub("", text)


def _said_in(report: Report, pieces: list[tuple[str, int, int]]) -> frozenset[str]:
    """The pieces of ``report`` (white space dropped): a later sentence copied from one word for
    word, figures included, reports nothing done since, so it is no evidence that a promise was
    kept."""
    assert report.document is not None
    a = report.document.analysis_text
    return frozenset(_said(a[s:e]) for _, s, e in pieces)


@cache
def _word_lexicon() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """From followup_words.tsv: each word's row of `same` words, and the words never key
    (the `generic` rows and stopwords.txt)."""
    same: dict[str, tuple[str, ...]] = {}
    ignored = set(lexicons.words("stopwords.txt"))
    for role, field in lexicons.table("followup_words.tsv", 2):
        row = tuple(field.split())
        if role == "generic":
            ignored.update(row)
        elif role == "same":
            for word in row:
                if word in same:
                    raise LexiconError(f"followup_words.tsv: {word} is in two `same` rows; merge them")
                same[word] = row
        else:
            raise LexiconError(f"followup_words.tsv: unknown role {role!r} (expected same or generic)")
    return same, frozenset(ignored)


@lru_cache(maxsize=1 << 14)
def key_words(text: str) -> tuple[str, ...]:
    """Words of ``text`` that can identify a promise in a later report, in order: jieba words of
    two or more CJK characters that are neither stopwords nor generic (followup_words.tsv).

    >>> key_words("每年组织两次信息员培训，提高公开工作水平")
    ('每年', '组织', '两次', '信息员', '培训', '提高', '水平')
    """
    ignored = _word_lexicon()[1]
    return tuple(dict.fromkeys(k for w in cut(text) if _CJK_WORD.fullmatch(w) for k in _content(w, ignored)))


def _content(word: str, ignored: frozenset[str]) -> tuple[str, ...]:
    """``word`` if it is not ignored; of a four-character compound with an ignored half (不断完善,
    继续加强), only the other half when that is not ignored."""
    if word in ignored:
        return ()
    if len(word) == 4 and (word[:2] in ignored or word[2:] in ignored):
        return tuple(h for h in (word[:2], word[2:]) if h not in ignored)
    return (word,)


def names(sentence: str, word: str) -> bool:
    """Whether ``sentence`` names ``word``: the word itself, a word of its `same` row, or both
    halves of a four-character compound whose halves are key words themselves (资金分配 →
    资金的分配; 继续加强 is not split, its halves being generic).

    >>> names("上半年和下半年各举办了1期信息员培训班", "组织")
    True
    >>> names("今年起资金的分配结果上网", "资金分配"), names("今年起资金按时拨付", "资金分配")
    (True, False)
    """
    whole, halves = _forms(word)
    if any(w in sentence for w in whole):
        return True
    return bool(halves) and all(any(w in sentence for w in half) for half in halves)


@lru_cache(maxsize=1 << 14)
def _forms(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The words that name ``word`` (itself and its `same` row) and, for a four-character
    compound whose halves are not ignored, those that name each half."""
    same, ignored = _word_lexicon()
    halves = (word[:2], word[2:]) if len(word) == 4 and not {word[:2], word[2:]} & ignored else ()
    return same.get(word, (word,)), tuple(same.get(h, (h,)) for h in halves)


@dataclass(frozen=True, slots=True)
class _KeyWords:
    """A promise's key words, their weights, and every bigram of the words that name them (a
    sentence with none of these bigrams names none of the key words)."""

    words: tuple[str, ...]
    weights: tuple[float, ...]
    total: float
    bigrams: frozenset[str]
    headline: tuple[str, ...]  # the key words of the headline


def _key_words(weights: Weights, report: Report, item: Item) -> _KeyWords:
    """Key words of the promise from its headline on (the opening 下一步，我们将 says nothing);
    a headline word weighs ``Settings.followup_headline_weight`` times its IDF."""
    assert report.document is not None
    text = report.document.analysis_text[item.start:item.end]
    headline = to_simplified(item.headline).strip()
    at = text.find(headline) if headline else -1
    head = key_words(headline) if at >= 0 else ()
    rows: dict[tuple[str, ...], str] = {}  # one key word per `same` row: 起草…撰写 is one thing said twice
    for word in head + key_words(text[at:] if at >= 0 else _strip_marker(text)):
        rows.setdefault(_forms(word)[0], word)
    found = tuple(rows.values())
    weight = tuple(weights.word(w) * (weights.settings.followup_headline_weight if w in head else 1.0) for w in found)
    grams: set[str] = set()
    for word in found:
        whole, halves = _forms(word)
        for form in whole + tuple(w for half in halves for w in half):
            grams.update(bigrams(form))
    return _KeyWords(found, weight, math.fsum(weight), frozenset(grams), tuple(w for w in found if w in head))


def _key_share(keys: _KeyWords, candidate: _Candidate, min_words: int) -> float:
    """Weighted share of the promise's key words the sentence names; 0 when it names fewer than
    ``min_words`` (a word or two in common is chance, not a report of the work), and for section
    五, whose problems restate what was promised in its own words (政策解读的深度不够 against
    把政策解读做深做细) and where a done cue can be incidental (政策出台背景)."""
    if not candidate.work or keys.bigrams.isdisjoint(candidate.bigrams):
        return 0.0
    named = [w for w, word in zip(keys.weights, keys.words) if names(candidate.text, word)]
    return math.fsum(named) / keys.total if len(named) >= min_words else 0.0


def _window_share(keys: _KeyWords, window: _Candidate, analysis: str, min_words: int) -> float:
    """``_key_share`` of two consecutive sentences, 0 unless each names a word of the promise's
    headline: two sentences that happen to share a word or two with the promise (办结申请…;
    以公开促规范…) do not report it together."""
    first, second = analysis[window.start:window.second], analysis[window.second:window.end]
    if not all(any(names(part, w) for w in keys.headline) for part in (first, second)):
        return 0.0
    return _key_share(keys, window, min_words)


def _report_pieces(weights: Weights, report: Report) -> list[tuple[str, int, int]]:
    """``_pieces(report)``, cut once per body: each report is compared as promise and as later."""
    return weights.memo(report, -1, -1, lambda: _pieces(report), kind="pieces")  # type: ignore[no-any-return]


def _done(weights: Weights, promise: Item, mine: list[Clause], earlier: Report, later: Report) -> _Match | None:
    """The sentence that best reports the promise as done. Its score is the largest of the best
    clause Dice and the weighted share of the promise headline's bigrams found in it, each over
    ``followup_done``, and the share of the promise's key words it names, over ``followup_key_share``:
    done from 1.0 up. Sentences the promise's own report already had are skipped."""
    assert later.document is not None and later.document.year is not None
    settings = weights.settings
    head = bigrams(to_simplified(promise.headline))
    keys: _KeyWords = weights.memo(earlier, promise.start, promise.end, lambda: _key_words(weights, earlier, promise),
                                   kind="keys")
    before: frozenset[str] = weights.memo(earlier, -1, -1, lambda: _said_in(earlier, _report_pieces(weights, earlier)),
                                          kind="said")
    best: _Match | None = None
    candidates: list[_Candidate] = weights.memo(
        later, -1, -1, lambda: _done_candidates(later, _report_pieces(weights, later)))
    for c in candidates:
        if not before.isdisjoint(c.said):
            continue
        if c.second >= 0:
            if best is not None and best.score >= 1.0:
                break  # two sentences together only when no one sentence reports the promise
            score = (_window_share(keys, c, later.document.analysis_text, settings.followup_min_key_words)
                     / settings.followup_key_share)
        else:
            clause = _best_score(weights, mine, c.clauses)
            like = max(clause if clause is not None else 0.0, weights.containment(head, c.bigrams))
            score = max(like / settings.followup_done,
                        _key_share(keys, c, settings.followup_min_key_words) / settings.followup_key_share)
        if best is None or score > best.score:
            best = _Match(score, later.document.year, c.start, c.end)
    return best if best is not None and best.score >= 1.0 else None


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
    """The later improvement most like the promise, if it passes either threshold
    (``followup_repeat``, ``followup_headline_ratio``)."""
    assert later.document is not None and later.document.year is not None
    best: _Match | None = None
    for item in promises(later):
        clause = _best_score(weights, mine, _item_clauses(later, item, weights))
        ratio = headline_ratio(promise.headline, item.headline)
        clause_score = clause if clause is not None else 0.0
        if clause_score < weights.settings.followup_repeat and ratio < weights.settings.followup_headline_ratio:
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
        evidence, status = _done(weights, promise, mine, promise_report, later), "done"
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


def follow_up(reports: list[Report], max_gap: int = 1,
              settings: Settings | None = None) -> dict[str, tuple[FollowUp, ...]]:
    """Follow-ups keyed by the path of the later report: how each promise of the body's
    previous report (at most ``max_gap`` years earlier; 1 = consecutive years only) fared there,
    judged by the ``Settings.followup_*`` thresholds. Evidence spans point into the keyed report.
    """
    if max_gap < 1:
        raise ValueError(f"max_gap must be at least 1 (1 = consecutive years), got {max_gap}")
    return _follow_up(reports, max_gap, settings or Settings())


def _follow_up(reports: list[Report], max_gap: int, settings: Settings) -> dict[str, tuple[FollowUp, ...]]:
    out: dict[str, tuple[FollowUp, ...]] = {}
    for years in by_body(reports).values():
        weights = Weights([r for copies in years.values() for r in copies], settings)
        ordered = sorted(years)
        for prev, year in itertools.pairwise(ordered):
            if year - prev > max_gap:
                continue
            earlier = _representative(years[prev])
            for later in years[year]:
                out[later.path] = tuple(assess(item, prev, earlier, later, weights) for item in promises(earlier))
    return out


def recurring_problems(reports: list[Report], settings: Settings | None = None) -> list[tuple[str, list[int]]]:
    """Problems a body reports in two or more years: (headline as first written, years).

    Problems match when their headlines score at least ``Settings.followup_recur`` (weighted
    bigram Dice) or one headline contains the other; reports of different bodies are never compared.
    """
    settings = settings or Settings()
    out: list[tuple[str, list[int]]] = []
    for years in by_body(reports).values():
        weights = Weights([r for copies in years.values() for r in copies], settings)
        seen: list[tuple[str, frozenset[str], list[int]]] = []
        for year in sorted(years):
            for item in _representative(years[year]).problems:
                head = to_simplified(item.headline)
                grams = bigrams(head)
                for first, first_grams, found in seen:
                    if year not in found and (weights.dice(grams, first_grams) >= settings.followup_recur
                                              or head in to_simplified(first) or to_simplified(first) in head):
                        found.append(year)
                        break
                else:
                    seen.append((item.headline, grams, [year]))
        out.extend((head, found) for head, _, found in seen if len(found) > 1)
    return out
