"""How alike two passages of one body's reports are: clauses, char bigrams weighted by IDF, headline ratios."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
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


# Texts whose bigrams are kept (a set of 30 bigrams takes about 4 KB), and whose clauses' bigrams.
BIGRAM_CACHE = 8192
CLAUSE_CACHE = 2048


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


@lru_cache(maxsize=CLAUSE_CACHE)
def clause_bigrams(text: str) -> tuple[frozenset[str], ...]:
    """The bigrams of each clause of ``text`` (split at ，。；：、) long enough to compare.
    Cached: a body's reports repeat sentences year after year, and each report is compared
    as promise and as later report.

    >>> [sorted(g) for g in clause_bigrams("一是加强培训，提高")]
    [['加强', '培训', '强培']]
    """
    out = []
    for part in _CLAUSE.split(text):
        cjk = NON_CJK.sub("", strip_marker(part.strip()))
        if len(cjk) >= MIN_CLAUSE_CJK:
            out.append(frozenset(map(str.__add__, cjk, cjk[1:])))  # bigrams(part), uncached
    return tuple(out)


class _Idf(dict[str, float]):
    """Bigram -> weight, each computed on first use from the document frequencies ``df`` (by
    ``_gram_code``) of ``n`` sentences."""

    def __init__(self, df: dict[int, int], n: int) -> None:
        super().__init__()
        self._df, self._n = df, n

    def __missing__(self, gram: str) -> float:
        value = self[gram] = math.log((self._n + 1) / (self._df.get(_gram_code(gram), 0) + 1)) + 1.0
        return value


def _gram_code(gram: str) -> int:
    """A CJK bigram as one number (two 16-bit code points); -1 for anything else, which no
    sentence's bigrams hold."""
    if len(gram) != 2 or not ("\u4e00" <= gram[0] <= "\u9fff" and "\u4e00" <= gram[1] <= "\u9fff"):
        return -1
    return (ord(gram[0]) << 16) | ord(gram[1])


def _document_frequencies(texts: Counter[str]) -> dict[int, int]:
    """In how many sentences each bigram occurs (keyed by ``_gram_code``), ``texts`` counting
    how many sentences say each text: the bigrams of ``bigrams``, found with array operations
    over all the texts at once instead of a set per sentence."""
    import numpy as np

    cut = [strip_marker(text.strip()) for text in texts]
    lengths = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut))
    codes = np.frombuffer("".join(cut).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(cut), dtype=np.int64), lengths)
    cjk = (codes >= 0x4E00) & (codes <= 0x9FFF)  # what NON_CJK keeps
    codes, owner = codes[cjk], owner[cjk]
    same = owner[1:] == owner[:-1]
    # (bigram, text) as one number, sorted: each pair once, the pairs of a bigram side by side.
    keys = np.sort((((codes[:-1] << 16) | codes[1:]) << 31 | owner[1:])[same])
    pairs = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    grams = pairs >> 31
    first = np.flatnonzero(np.concatenate(([True], grams[1:] != grams[:-1]))) if len(grams) else grams
    times = np.fromiter(texts.values(), dtype=np.int64, count=len(texts))
    df = np.add.reduceat(times[pairs & 0x7FFFFFFF], first) if len(grams) else grams
    return dict(zip(grams[first].tolist(), df.tolist()))


class _Totals(dict[frozenset[str], float]):
    """Bigram set -> its summed weight, each computed on first use (``math.fsum`` is exact, so
    equal sets sum to the same total whatever their order)."""

    def __init__(self, idf: _Idf) -> None:
        super().__init__()
        self._weight = idf.__getitem__

    def __missing__(self, grams: frozenset[str]) -> float:
        value = self[grams] = math.fsum(map(self._weight, grams))
        return value


class Weights:
    """Inverse document frequency of bigrams over the sentences of one body's reports.

    Also memoises what the comparisons of one body reuse: the weight of each bigram and of each
    bigram set, and each report's pieces, done candidates and key words. Carries the thresholds
    (``settings``) the comparisons of the body apply.
    """

    def __init__(self, reports: list[Report], settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        # Document frequencies only count bigrams, so a sentence repeated across years is cut once.
        texts: Counter[str] = Counter()
        for report in reports:
            assert report.document is not None
            a = report.document.analysis_text
            texts.update(a[s.start:s.end] for s in report.sentences)
        self._idf = _Idf(_document_frequencies(texts), max(texts.total(), 1))
        self._totals = _Totals(self._idf)
        self.total = self._totals.__getitem__
        self._memo: dict[tuple[str, int, int, int], tuple[Report, Any]] = {}

    def __call__(self, gram: str) -> float:
        return self._idf[gram]

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

    def best_dice(self, these: Sequence[frozenset[str]], those: Sequence[frozenset[str]]) -> float | None:
        """Highest ``dice`` of any set of ``these`` against any of ``those``; None when either is
        empty. (The comparisons' inner loop: one call per promise and candidate sentence.)"""
        if not these or not those:
            return None
        total, weight, fsum = self.total, self._idf.__getitem__, math.fsum
        best = 0.0
        for a in these:
            own = total(a)
            for b in those:
                if a.isdisjoint(b):
                    continue
                score = 2 * fsum(map(weight, a & b)) / (own + total(b))
                if score > best:
                    best = score
        return best

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
