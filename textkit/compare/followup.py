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
evidence. Clauses, bigram weights and headline ratios are in compare/similarity.py, key words in
compare/keywords.py. docs/specificity.md (section "Follow-through") gives the thresholds and why; they are
``config.Settings.followup_*`` fields.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .. import lexicons
from ..analyze.sentences import split
from ..config import Settings
from ..model import FollowUp, Item, Report
from ..read.agency import body_key
from ..read.normalize import to_simplified
from .keywords import forms, key_words, names
from .similarity import NON_CJK, Weights, bigrams, clause_bigrams, headline_ratio, strip_marker

# The thresholds (repeated, done, key words, recurring problems) are Settings.followup_* fields.
# Sections whose sentences all report the year's work (the 2008 layout's 主动公开 is prose).
WORK_SECTIONS = ("overview", "proactive")
# Sentences with fewer CJK characters (bare sub-headings) are not evidence of work done.
MIN_SENTENCE_CJK = 10
_SPACE = re.compile(r"\s+")


@cache
def _done_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for r, p in lexicons.table("markers.tsv", 2) if r == "done_cue")


@dataclass(frozen=True, slots=True)
class _Match:
    score: float
    year: int
    start: int
    end: int


def _item_clauses(report: Report, item: Item) -> tuple[frozenset[str], ...]:
    """The bigrams of each clause of the item."""
    assert report.document is not None
    return clause_bigrams(report.document.analysis_text[item.start:item.end])


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sentence that may report a promise as done, with what the comparisons reuse."""

    start: int
    end: int
    text: str  # Simplified
    clauses: tuple[frozenset[str], ...]  # the bigrams of each clause (none for two sentences: not compared by clause)
    bigrams: frozenset[str] | None  # None for two sentences: cut only if they name the promise's headline
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
        if any(ps <= s < pe for ps, pe in promised) or len(NON_CJK.sub("", a[s:e])) < MIN_SENTENCE_CJK:
            continue
        work = section in WORK_SECTIONS or any(rs <= s < r_end for rs, r_end in remedies)
        if work or any(cue.search(a, s, e) for cue in _done_cues()):
            singles.append((section, _candidate(a, s, e, work)))
    windows = [_Candidate(first.start, second.end, a[first.start:second.end], (), None,
                          first.said + second.said, True, second.start)
               for (section, first), (other, second) in itertools.pairwise(singles)
               if first.work and second.work and section == other and not a[first.end:second.start].strip(_BETWEEN)]
    return [c for _, c in singles] + windows


# What may stand between two consecutive sentences of one window.
_BETWEEN = " \t\r\n　。；;！？!?"


def _candidate(a: str, s: int, e: int, work: bool) -> _Candidate:
    text = a[s:e]
    return _Candidate(s, e, text, clause_bigrams(text), bigrams(text), (_said(text),), work)


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
    for word in head + key_words(text[at:] if at >= 0 else strip_marker(text)):
        rows.setdefault(forms(word)[0], word)
    found = tuple(rows.values())
    weight = tuple(weights.word(w) * (weights.settings.followup_headline_weight if w in head else 1.0) for w in found)
    grams: set[str] = set()
    for word in found:
        whole, halves = forms(word)
        for form in whole + tuple(w for half in halves for w in half):
            grams.update(bigrams(form))
    return _KeyWords(found, weight, math.fsum(weight), frozenset(grams), tuple(w for w in found if w in head))


def _key_share(keys: _KeyWords, candidate: _Candidate, min_words: int) -> float:
    """Weighted share of the promise's key words the sentence names; 0 when it names fewer than
    ``min_words`` (a word or two in common is chance, not a report of the work), and for section
    五, whose problems restate what was promised in its own words (政策解读的深度不够 against
    把政策解读做深做细) and where a done cue can be incidental (政策出台背景)."""
    grams = candidate.bigrams if candidate.bigrams is not None else bigrams(candidate.text)
    if not candidate.work or keys.bigrams.isdisjoint(grams):
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


def _done(weights: Weights, promise: Item, mine: tuple[frozenset[str], ...], earlier: Report, later: Report) -> _Match | None:
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
            clause = weights.best_dice(mine, c.clauses)
            assert c.bigrams is not None
            like = max(clause if clause is not None else 0.0, weights.containment(head, c.bigrams))
            score = max(like / settings.followup_done,
                        _key_share(keys, c, settings.followup_min_key_words) / settings.followup_key_share)
        if best is None or score > best.score:
            best = _Match(score, later.document.year, c.start, c.end)
    return best if best is not None and best.score >= 1.0 else None


def _repeat(weights: Weights, promise: Item, mine: tuple[frozenset[str], ...], later: Report) -> _Match | None:
    """The later improvement most like the promise, if it passes either threshold
    (``followup_repeat``, ``followup_headline_ratio``)."""
    assert later.document is not None and later.document.year is not None
    best: _Match | None = None
    for item in promises(later):
        clause = weights.best_dice(mine, _item_clauses(later, item))
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
    mine = _item_clauses(promise_report, promise)
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
