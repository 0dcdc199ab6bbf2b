"""How alike two passages of one body's reports are: clauses, char bigrams weighted by IDF, headline ratios."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..analyze.markers import FAMILIES
from ..config import Settings
from ..model import Report
from ..read.normalize import to_simplified

# Clauses shorter than this many CJK characters say too little to match on.
MIN_CLAUSE_CJK = 4
_CLAUSE = re.compile(r"[，。；：,;:！？!?\n、]")
NON_CJK = re.compile(r"[^\u4e00-\u9fff]")


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


def strip_marker(text: str) -> str:
    m = _MARKER.match(text)  # the first family that matches, as a loop over FAMILIES would find
    return text[m.end():] if m else text


@lru_cache(maxsize=BIGRAM_CACHE)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK characters of ``text`` (markers and punctuation dropped).
    Cached: boilerplate sentences recur across the bodies a process compares.

    >>> sorted(bigrams("一是加强培训"))
    ['加强', '培训', '强培']
    """
    cjk = NON_CJK.sub("", strip_marker(text.strip()))
    return frozenset(map(str.__add__, cjk, cjk[1:]))  # cjk[i:i + 2] for each i, in order


def clauses(analysis: str, start: int, end: int) -> list[Clause]:
    """Clauses of ``analysis[start:end]`` (split at ，。；：、) long enough to compare."""
    out = []
    pos = start
    for m in list(_CLAUSE.finditer(analysis, start, end)) + [None]:
        stop = m.start() if m else end
        text = analysis[pos:stop]
        if len(NON_CJK.sub("", strip_marker(text.strip()))) >= MIN_CLAUSE_CJK:
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


def headline_ratio(a: str, b: str) -> float:
    """difflib ratio of two headlines' CJK characters (Simplified): catches short rewordings
    such as 加强政府信息的日常管理 → 加强重点政务信息管理 that share few bigrams.

    >>> round(headline_ratio("丰富政策解读形式", "丰富政策解读形式和方式"), 2)
    0.84
    """
    return _ratio(_simplified_cjk(a), _simplified_cjk(b))


@lru_cache(maxsize=1 << 14)
def _simplified_cjk(text: str) -> str:
    return NON_CJK.sub("", to_simplified(text))


@lru_cache(maxsize=1 << 16)
def _ratio(x: str, y: str) -> float:
    return SequenceMatcher(None, x, y, autojunk=False).ratio() if x and y else 0.0
