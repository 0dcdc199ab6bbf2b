"""Sentences shared across bodies (``template``): a reduce over the masked sentences of the
whole corpus, in array operations (a corpus of 10,000 reports holds about a million sentences).

Which bodies use each distinct masked sentence gives the exact templates; MinHash banding over
their character n-grams, verified by the TF-IDF cosine, joins near-identical ones (``near_pairs``,
which reuses an earlier run's work where it can). A sentence
used by two or more bodies cites another body's occurrence: of the most similar sentence, the
occurrence of the closest year (then the first in corpus order).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import Settings
from .near_pairs import Distinct, Mapper, NearPairs
from .template_memory import TemplateMemory


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


def find_templates(flat: Flat, distinct: Distinct, settings: Settings, memory: TemplateMemory | None = None,
                   mapper: Mapper | None = None) -> Templates:
    """Templates of the corpus. Sentences shorter than ``settings.min_chars`` (masked) never are.
    ``memory`` holds an earlier run's work (``near_pairs``: only what changed is computed again, the
    result is the same); ``mapper`` runs the per-sentence work elsewhere (a Dask cluster)."""
    n = len(flat.row)
    source = np.full(n, -1, dtype=np.int64)
    similarity = np.zeros(n, dtype=np.float64)
    spread = np.zeros(n, dtype=np.int64)
    short = distinct.length < settings.min_chars
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
    # Keys in order of first use: band buckets and equally similar sentences are taken in that order.
    order = np.argsort(np.unique(row, return_index=True)[1], kind="stable")
    keys, n_bodies, sole = keys[order], n_bodies[order], sole[order]
    near = NearPairs(distinct.digest[keys], sole, lambda at: distinct.texts(keys[at]), settings, memory, mapper)
    x, y = keys[near.first], keys[near.second]
    bodies_of_key = np.zeros(len(distinct.length), dtype=np.int64)
    bodies_of_key[keys] = n_bodies
    if len(x):  # a sentence's bodies include those of its near-identical sentences
        linked = np.union1d(x, y)
        bodies_of_key[linked] = _bodies_with_near(linked, x, y, used_row, used_body, len(distinct.length))
    shared = bodies_of_key[row] >= 2
    units, row, body, year = units[shared], row[shared], body[shared], year[shared]
    if len(units) == 0:
        near.remember()
        return _cited(flat, source, similarity, spread)
    cited = _Occurrences(flat, np.union1d(row, np.union1d(x, y)))
    # A sentence cites another body's occurrence of its own masked text; failing that, of its
    # near-identical ones, most similar first.
    own = cited.cite(row, year, body)
    source[units] = own
    similarity[units[own >= 0]] = 1.0
    left, step = np.flatnonzero(own < 0), 0
    walk = _walked(near, x, y, row[left], len(distinct.length), top_only=True)
    while True:  # the step-th most similar sentence, for those still without a source
        left = left[walk.start[row[left] + 1] - walk.start[row[left]] > step]
        if not len(left):
            break
        link = walk.start[row[left]] + step
        found = cited.cite(walk.row[link], year[left], body[left])
        hit = found >= 0
        source[units[left[hit]]] = found[hit]
        similarity[units[left[hit]]] = walk.similarity[link[hit]]
        left, step = left[~hit], step + 1
        if step == 1 and len(left):  # past the most similar one: all of theirs, in order
            walk = _walked(near, x, y, row[left], len(distinct.length), top_only=False)
    spread[units] = bodies_of_key[row]
    near.remember()
    return _cited(flat, source, similarity, spread)


# Rows of the key-by-body product counted at once (``_bodies_with_near``).
COUNT_BLOCK = 2_000


def _bodies_with_near(linked: np.ndarray, x: np.ndarray, y: np.ndarray, used_row: np.ndarray,
                      used_body: np.ndarray, n_rows: int) -> np.ndarray:
    """For each sentence of ``linked``, the number of bodies that use it or one of its
    near-identical sentences (links ``x``-``y``): the non-zeros of each row of (links + identity)
    x (sentence-by-body use), a block of rows at a time."""
    from scipy import sparse

    width = int(used_body.max()) + 1
    uses = sparse.csr_matrix((np.ones(len(used_row), dtype=np.int32), (used_row, used_body)), shape=(n_rows, width))
    ends = np.concatenate([x, y, linked])
    near = sparse.csr_matrix((np.ones(len(ends), dtype=np.int32), (ends, np.concatenate([y, x, linked]))),
                             shape=(n_rows, n_rows))[linked]
    counts = [np.diff((near[lo:lo + COUNT_BLOCK] @ uses).indptr) for lo in range(0, len(linked), COUNT_BLOCK)]
    return np.concatenate(counts)


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
    """The near-identical sentences of distinct sentence k, most similar first:
    ``row[start[k]:start[k + 1]]``, with their cosines (rounded to 4 places) in ``similarity``."""

    start: np.ndarray
    row: np.ndarray
    similarity: np.ndarray


def _walked(near: NearPairs, x: np.ndarray, y: np.ndarray, rows: np.ndarray, n_rows: int, top_only: bool) -> _Near:
    """The near-identical sentences of the distinct sentences ``rows`` (of ``x``/``y``'s links,
    both ways, for the ``n_rows`` distinct sentences), ordered by similarity, then pair order; with
    ``top_only``, only the first of each. Only these similarities are ever shown, so only these are
    made exact (for ``top_only``, those whose bounds let them be first: ``NearPairs.bounds``)."""
    wanted = np.flatnonzero(np.isin(x, rows) | np.isin(y, rows))
    source, target = np.concatenate([x[wanted], y[wanted]]), np.concatenate([y[wanted], x[wanted]])
    pair = np.tile(wanted, 2)
    if top_only and len(wanted):
        least, most = (np.tile(bound, 2) for bound in near.bounds(wanted))
        order = np.argsort(source, kind="stable")
        starts = np.flatnonzero(np.concatenate(([True], source[order][1:] != source[order][:-1])))
        best_least = np.zeros(n_rows)
        best_least[source[order][starts]] = np.maximum.reduceat(least[order], starts)
        # Rounding to 4 places moves a value by at most 5e-5: a link whose greatest value is below
        # another's least by more than 1e-4 cannot be the first.
        maybe = np.flatnonzero(most >= best_least[source] - 1e-4)
        source, target, pair = source[maybe], target[maybe], pair[maybe]
        similarity = near.similarities(pair)
    else:
        similarity = np.tile(near.similarities(wanted), 2)
    order = np.lexsort((pair, -similarity, source))
    if top_only and len(order):
        order = order[np.concatenate(([True], source[order][1:] != source[order][:-1]))]
    start = np.searchsorted(source[order], np.arange(n_rows + 1))
    return _Near(start, target[order], similarity[order])
