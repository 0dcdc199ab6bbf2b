"""Sentences shared across bodies (``template``): a reduce over the masked sentences of the
whole corpus, in array operations (a corpus of 10,000 reports holds about a million sentences).

Which bodies use each distinct masked sentence gives the exact templates; MinHash banding over
their character n-grams, verified by the TF-IDF cosine, joins near-identical ones. A sentence
used by two or more bodies cites another body's occurrence: of the most similar sentence, the
occurrence of the closest year (then the first in corpus order).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..config import Settings
from .vectors import SublinearTfidf, char_ngram_counts

if TYPE_CHECKING:
    from scipy import sparse


# Candidate pairs verified per sparse product: each batch gathers two rows per pair.
VERIFY_BATCH = 10_000


@dataclass(frozen=True)
class Flat:
    """The corpus's narrative sentences in one sequence: report after report, in sentence order."""

    row: np.ndarray  # the distinct masked sentence of each (an index into the masked texts)
    report: np.ndarray  # the report index of each
    year: np.ndarray  # its report's year, -1 when unknown
    body: np.ndarray  # its report's body number


@dataclass(frozen=True)
class Templates:
    """Per flat sentence: the other body's sentence it cites, as its report and its position
    among that report's sentences (-1: not a template), the similarity and the number of
    bodies that use the sentence."""

    report: np.ndarray
    unit: np.ndarray
    similarity: np.ndarray
    bodies: np.ndarray


def find_templates(flat: Flat, masked: list[str], settings: Settings) -> Templates:
    """Templates of the corpus. Sentences shorter than ``settings.min_chars`` (masked) never are."""
    n = len(flat.row)
    source = np.full(n, -1, dtype=np.int64)
    similarity = np.zeros(n, dtype=np.float64)
    spread = np.zeros(n, dtype=np.int64)
    short = np.fromiter((len(t) < settings.min_chars for t in masked), dtype=bool, count=len(masked))
    units = np.flatnonzero(~short[flat.row]) if n else np.empty(0, dtype=np.int64)
    if len(units) == 0:
        return _cited(flat, source, similarity, spread)
    row, body, year = flat.row[units], flat.body[units], flat.year[units]
    # Which bodies use each distinct sentence (exact templates need nothing else).
    width = np.int64(body.max() + 1)
    used = np.unique(row * width + body)
    used_row, used_body = used // width, used % width
    keys, first, n_bodies = np.unique(used_row, return_index=True, return_counts=True)
    sole = np.where(n_bodies == 1, used_body[first], -1)
    near = _near_keys(keys, sole, char_ngram_counts([masked[k] for k in keys.tolist()]), settings, len(masked))
    bodies_of_key = np.zeros(len(masked), dtype=np.int64)
    bodies_of_key[keys] = n_bodies
    linked = np.flatnonzero(np.diff(near.start))
    if len(linked):  # a sentence's bodies include those of its near-identical sentences
        joined = np.union1d(linked, near.row)
        sets: dict[int, set[int]] = {k: set() for k in joined.tolist()}
        involved = np.isin(used_row, joined)
        for k, b in zip(used_row[involved].tolist(), used_body[involved].tolist()):
            sets[k].add(b)
        for key in linked.tolist():
            others = near.row[near.start[key]:near.start[key + 1]].tolist()
            bodies_of_key[key] = len(sets[key].union(*(sets[m] for m in others)))
    shared = bodies_of_key[row] >= 2
    units, row, body, year = units[shared], row[shared], body[shared], year[shared]
    if len(units) == 0:
        return _cited(flat, source, similarity, spread)
    cited = _Occurrences(flat, np.union1d(row, near.row))
    # A sentence cites another body's occurrence of its own masked text; failing that, of its
    # near-identical ones, most similar first.
    own = cited.cite(row, year, body)
    source[units] = own
    similarity[units[own >= 0]] = 1.0
    left, step = np.flatnonzero(own < 0), 0
    while True:  # the step-th most similar sentence, for those still without a source
        left = left[near.start[row[left] + 1] - near.start[row[left]] > step]
        if not len(left):
            break
        link = near.start[row[left]] + step
        found = cited.cite(near.row[link], year[left], body[left])
        hit = found >= 0
        source[units[left[hit]]] = found[hit]
        similarity[units[left[hit]]] = near.similarity[link[hit]]
        left, step = left[~hit], step + 1
    spread[units] = bodies_of_key[row]
    return _cited(flat, source, similarity, spread)


def _cited(flat: Flat, source: np.ndarray, similarity: np.ndarray, spread: np.ndarray) -> Templates:
    """``source`` (flat indices) as report and position within it."""
    report = np.where(source >= 0, flat.report[np.maximum(source, 0)], -1)
    unit = np.where(source >= 0, np.maximum(source, 0) - np.searchsorted(flat.report, report, side="left"), -1)
    return Templates(report, unit, similarity, np.where(source >= 0, spread, 0))


class _Occurrences:
    """The occurrences a sentence may cite, per (distinct sentence, year): the first in corpus
    order, and the first of another body after it. Answers, for a sentence of ``body`` written
    in ``year``: the occurrence of another body closest in year (then first in corpus order)."""

    def __init__(self, flat: Flat, wanted: np.ndarray) -> None:
        every = np.flatnonzero(np.isin(flat.row, wanted))
        o_row, o_year, o_body = flat.row[every], flat.year[every], flat.body[every]
        order = np.lexsort((every, o_year, o_row))
        firsts, seconds = _first_two(np.stack([o_row[order], o_year[order]]), o_body[order])
        kept = np.concatenate([order[firsts], order[seconds[seconds >= 0]]])
        kept = kept[np.lexsort((every[kept], o_row[kept]))]
        self.flat_index, self.row, self.year, self.body = every[kept], o_row[kept], o_year[kept], o_body[kept]

    def cite(self, rows: np.ndarray, years: np.ndarray, bodies: np.ndarray) -> np.ndarray:
        """Flat index of the occurrence each query cites, -1 when every kept one is its own body's."""
        if not len(rows):
            return np.empty(0, dtype=np.int64)
        span = np.int64(max(int(self.year.max()), int(years.max())) + 2)
        codes = rows * span + (years + 1)
        pairs, which = np.unique(codes, return_inverse=True)
        first, first_body, other = self._nearest(pairs // span, pairs % span - 1)
        which = which.ravel()
        return np.where(first_body[which] != bodies, first[which], other[which])

    def _nearest(self, rows: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per (row, year) query: the closest-year occurrence, its body, and the closest one of
        another body (-1 if none)."""
        lo = np.searchsorted(self.row, rows, side="left")
        hi = np.searchsorted(self.row, rows, side="right")
        count = hi - lo
        query = np.repeat(np.arange(len(rows)), count)
        at = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count) + np.repeat(lo, count)
        distance = np.abs(self.year[at] - years[query])
        order = np.lexsort((self.flat_index[at], distance, query))
        firsts, others = _first_two(query[order][None, :], self.body[at][order])
        first = self.flat_index[at][order][firsts]
        first_body = self.body[at][order][firsts]
        other = np.where(others >= 0, self.flat_index[at][order][np.maximum(others, 0)], -1)
        found = np.full(len(rows), -1, dtype=np.int64)
        found_body = np.full(len(rows), -1, dtype=np.int64)
        found_other = np.full(len(rows), -1, dtype=np.int64)
        groups = query[order][firsts]
        found[groups], found_body[groups], found_other[groups] = first, first_body, other
        return found, found_body, found_other


def _first_two(group_keys: np.ndarray, body: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the runs of equal columns of ``group_keys`` (sorted): the position of each run's
    first element, and of its first element of another body than that one (-1 when none)."""
    n = len(body)
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], (group_keys[:, 1:] != group_keys[:, :-1]).any(axis=0))))
    ends = np.append(starts[1:], n)
    run = np.repeat(np.arange(len(starts)), ends - starts)
    differs = np.append(np.flatnonzero(body != body[starts][run]), n)  # n: none left
    candidate = differs[np.searchsorted(differs, starts)]
    return starts, np.where(candidate < ends, candidate, -1)


@dataclass(frozen=True)
class _Near:
    """The near-identical sentences of each distinct sentence k, most similar first:
    ``row[start[k]:start[k + 1]]``, with their cosines (rounded to 4 places) in ``similarity``."""

    start: np.ndarray
    row: np.ndarray
    similarity: np.ndarray


def _near_keys(keys: np.ndarray, sole: np.ndarray, block: "sparse.csr_matrix", settings: Settings,
               n_rows: int) -> _Near:
    """Near-identical distinct sentences of different bodies (MinHash banding candidates,
    verified by the TF-IDF cosine), for the ``n_rows`` distinct sentences. Pairs whose sentences
    both belong to one and the same body only are dropped before verification: they cannot
    make a template."""
    pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    if len(keys) >= 2:
        signatures = _minhash(block, settings.bands * settings.rows)
        weighted = SublinearTfidf(block).transform(block, copy=False)  # in place: large on a big corpus
        candidates = _band_pairs(signatures, sole, settings.bands, settings.rows, settings.window)
        for lo in range(0, len(candidates), VERIFY_BATCH):
            a, b = candidates[lo:lo + VERIFY_BATCH].T
            cosine = np.asarray(weighted[a].multiply(weighted[b]).sum(axis=1)).ravel()
            keep = cosine >= settings.template
            rounded = np.array([round(c, 4) for c in cosine[keep].tolist()], dtype=np.float64)
            pairs.append((keys[a[keep]], keys[b[keep]], rounded))
    if pairs:
        x, y, cosines = (np.concatenate(part) for part in zip(*pairs))
    else:
        x = y = np.empty(0, dtype=np.int64)
        cosines = np.empty(0, dtype=np.float64)
    # Each pair links both ways; a sentence's links are ordered by cosine, then pair order.
    source, target = np.concatenate([x, y]), np.concatenate([y, x])
    similarity = np.concatenate([cosines, cosines])
    pair = np.tile(np.arange(len(x)), 2)
    order = np.lexsort((pair, -similarity, source))
    start = np.searchsorted(source[order], np.arange(n_rows + 1))
    return _Near(start, target[order], similarity[order])


def _minhash(counts: "sparse.csr_matrix", n: int, chunk: int = 5_000) -> np.ndarray:
    """MinHash signatures (rows x n) over the hashed n-gram features of each sentence."""
    rng = np.random.default_rng(20240531)
    a = rng.integers(1, 1 << 61, size=n, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 61, size=n, dtype=np.uint64)
    signatures = np.empty((counts.shape[0], n), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for lo in range(0, counts.shape[0], chunk):
            block = counts[lo:lo + chunk]
            features = block.indices.astype(np.uint64)
            for k in range(n):
                hashed = ((features * a[k] + b[k]) >> np.uint64(32)).astype(np.uint32)
                signatures[lo:lo + block.shape[0], k] = np.minimum.reduceat(hashed, block.indptr[:-1])
    return signatures


def _band_pairs(signatures: np.ndarray, sole: np.ndarray, bands: int, rows: int, window: int) -> np.ndarray:
    """Distinct index pairs (i < j) that agree on all rows of some band, at most ``window``
    neighbours per bucket member, skipping pairs that lie inside one body. Each pair is kept as
    one number (``i * n + j`` sorts like the pair), made distinct band by band, so memory stays
    near the number of distinct pairs."""
    n = np.int64(len(signatures))
    codes = np.empty(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.zeros(len(signatures), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = (h ^ signatures[:, col].astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            order = np.argsort(h, kind="stable")
            ordered = h[order]
            found = []
            for d in range(1, window + 1):
                same = np.flatnonzero(ordered[:-d] == ordered[d:])
                if not len(same):
                    break
                i, j = order[same], order[same + d]
                useful = (sole[i] != sole[j]) | (sole[i] < 0)
                i, j = i[useful].astype(np.int64), j[useful].astype(np.int64)
                found.append(np.minimum(i, j) * n + np.maximum(i, j))
            if found:
                # the band's codes sorted, then merged with the sorted ones so far (timsort merges runs)
                codes = _distinct(np.concatenate([codes, _distinct(np.concatenate(found))]))
    return np.stack([codes // n, codes % n], axis=1)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """np.unique(codes), sorting only (stable: two sorted runs merge in linear time)."""
    codes = np.sort(codes, kind="stable")
    return np.concatenate((codes[:1], codes[1:][codes[1:] != codes[:-1]]))
