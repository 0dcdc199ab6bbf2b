"""Near-identical distinct masked sentences, for the template step: MinHash banding over character
n-grams proposes candidate pairs, the TF-IDF cosine verifies them; with a ``TemplateMemory``
only what changed since the last run is computed again.

Reused: the n-gram counts and band hashes of every sentence the last run saw (new sentences
only are counted and hashed), and the cosines of candidate pairs. A cosine depends on the whole
corpus through the IDF, so an old cosine decides its pair only when a bound proves the decision
unchanged: with the ratio r of new to old IDF of each feature, between lo and hi over a
sentence's features (so within max(lo_a, lo_b) and min(hi_a, hi_b) on the features two sentences
share), the new cosine ``sum(x y r^2) / (|x r| |y r|)`` lies between
``c * max(lo_a, lo_b)^2 / (hi_a * hi_b)`` and ``c * min(hi_a, hi_b)^2 / (lo_a * lo_b)`` (all
weights are positive). Pairs the bound leaves open, and
every similarity the output shows, are computed again under the current IDF: the result is the
one a run without memory gives, bit for bit.

The per-sentence work (n-gram counts and MinHash of new sentences, cosines of candidate batches)
can run as a map elsewhere (``mapper``: the Dask cluster); this process keeps the reduce over
integer arrays.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from ..config import Settings
from .template_memory import MAX_GENERATIONS, Remembered, TemplateMemory, digests
from .vectors import N_FEATURES, SublinearTfidf, char_ngram_counts

if TYPE_CHECKING:
    from scipy import sparse

# Runs ``fn`` over ``jobs`` somewhere (e.g. on a Dask cluster) and returns the results in job order.
Mapper = Callable[[Callable[[Any], Any], list[Any]], list[Any]]
# Candidate pairs verified per job (each gathers two rows per pair).
VERIFY_BATCH = 10_000
# New sentences counted and hashed per job.
FEATURE_BATCH = 5_000
# A computed cosine is a float32 sum of about a hundred products: within 1e-5 of the exact value.
MARGIN = 1e-4


@dataclass(frozen=True)
class Distinct:
    """The distinct masked sentences a ``Flat`` numbers: each one's digest (``template_memory.digests``)
    and length in characters, and their texts on demand (asked only for sentences no memory knows)."""

    digest: np.ndarray
    length: np.ndarray
    texts: Callable[[np.ndarray], list[str]]

    @classmethod
    def of(cls, texts: Sequence[str]) -> "Distinct":
        """From the texts themselves."""
        return cls(digests(list(texts)), np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)),
                   lambda rows: [texts[i] for i in rows.tolist()])


class NearPairs:
    """The near-identical pairs (cosine >= ``settings.template``) among ``n`` key sentences (in key
    order), excluding pairs inside one body (``sole``: the one body using a sentence, -1 if several).
    ``first``/``second`` (first < second) list them in pair order."""

    def __init__(self, digest: np.ndarray, sole: np.ndarray, texts: Callable[[np.ndarray], list[str]],
                 settings: Settings, memory: TemplateMemory | None = None, mapper: Mapper | None = None) -> None:
        self.settings, self.memory, self.mapper = settings, memory, mapper
        self.digest = digest
        known = memory.load(settings.bands) if memory is not None else None
        old = _positions(known.digest, digest) if known is not None else np.full(len(digest), -1, dtype=np.int64)
        fresh = np.flatnonzero(old < 0)
        features = _map(sentence_features, [(texts(fresh[lo:lo + FEATURE_BATCH]), settings.bands, settings.rows)
                                    for lo in range(0, len(fresh), FEATURE_BATCH)], mapper)
        self.counts, self.bands = _assemble(known, old, fresh, features, settings.bands)
        self.idf = SublinearTfidf(self.counts).idf
        self._weighted: "sparse.csr_matrix | None" = None
        candidates = band_pairs(self.bands, sole, settings.window)
        self.candidates = candidates
        # Per candidate: its cosine and the IDF generation it is under (0: the current one), or -1.
        self.cosine = np.zeros(len(candidates), dtype=np.float32)
        self.generation = np.full(len(candidates), -1, dtype=np.int8)
        self.old_idf: list[tuple[np.ndarray, np.ndarray]] = []  # per older generation: features, values
        self._kept = np.zeros(len(candidates), dtype=bool)  # of the pairs decided by a bound: kept
        # ... and the factors the bound puts on their cosine (least, greatest; only with a memory)
        self._down = self._up = np.ones(0, dtype=np.float32)
        decided = np.zeros(len(candidates), dtype=bool)
        if known is not None and len(candidates):
            self._down, self._up = np.ones(len(candidates), dtype=np.float32), np.ones(len(candidates), dtype=np.float32)
            decided = self._reuse(known, old, candidates)
        todo = np.flatnonzero(self.generation < 0)
        self._compute(todo)
        keep = np.where(decided, self._kept, self.cosine >= settings.template)
        self.links = np.flatnonzero(keep)  # indices into candidates
        self.first, self.second = candidates[self.links, 0], candidates[self.links, 1]

    def bounds(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Least and greatest values the cosine of each link ``wanted`` can have (equal where it
        is known exactly), without computing any."""
        pick = self.links[wanted]
        cosine = self.cosine[pick].astype(np.float64)
        exact = self.generation[pick] == 0
        if exact.all():
            return cosine, cosine
        down, up = self._down[pick].astype(np.float64), self._up[pick].astype(np.float64)
        return (np.where(exact, cosine, (cosine - MARGIN) * down - MARGIN),
                np.where(exact, cosine, (cosine + MARGIN) * up + MARGIN))

    def similarities(self, wanted: np.ndarray) -> np.ndarray:
        """The exact similarity (rounded to 4 places) of the links ``wanted`` (indices into
        ``first``/``second``), computing those an older IDF decided."""
        pick = self.links[wanted]
        self._compute(pick[self.generation[pick] != 0])
        return np.array([round(c, 4) for c in self.cosine[pick].tolist()], dtype=np.float64)

    def remember(self) -> None:
        """Save this run's work for the next one (when there is a memory)."""
        if self.memory is None:
            return
        keep = self.generation >= 0
        keep &= self.generation < MAX_GENERATIONS
        present = np.flatnonzero(np.bincount(self.counts.indices, minlength=N_FEATURES))
        idf = [(present, self.idf[present])] + self.old_idf[:MAX_GENERATIONS - 1]
        width = max(len(f) for f, _ in idf)
        features = np.full((len(idf), width), -1, dtype=np.int32)
        values = np.zeros((len(idf), width), dtype=np.float32)
        for g, (f, v) in enumerate(idf):
            features[g, :len(f)], values[g, :len(v)] = f, v
        counts = self.counts
        self.memory.save(Remembered(
            self.digest, counts.indptr.astype(np.int64), counts.indices.astype(np.int32), counts.data.astype(np.float32),
            self.bands, self.candidates[keep, 0].astype(np.int32), self.candidates[keep, 1].astype(np.int32),
            self.cosine[keep], self.generation[keep].astype(np.uint8), features, values))

    def _reuse(self, known: Remembered, old: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Take the last run's cosines of candidates it verified: as they are under an identical
        IDF, else as a decision where the bound settles it. Sets ``_kept`` for decided pairs;
        returns which are decided without a cosine under the current IDF."""
        a, b = old[candidates[:, 0]], old[candidates[:, 1]]
        both = np.flatnonzero((a >= 0) & (b >= 0))
        m = np.int64(len(known.digest))
        query = np.minimum(a[both], b[both]) * m + np.maximum(a[both], b[both])
        del a, b
        stored = known.first.astype(np.int64) * m + known.second
        # saved in pair order, so already sorted (sorted here only if not)
        order = None if np.all(stored[1:] > stored[:-1]) else np.argsort(stored, kind="stable")
        if order is not None:
            stored = stored[order]
        at = np.minimum(np.searchsorted(stored, query), max(len(stored) - 1, 0))
        found = (stored[at] == query) if len(stored) else np.zeros(len(query), dtype=bool)
        del stored, query
        hit, at = both[found], (at[found] if order is None else order[at[found]])
        cosine, generation = known.cosine[at], known.generation[at].astype(np.int64)
        features = np.flatnonzero(np.bincount(self.counts.indices, minlength=N_FEATURES))
        present = self.idf[features]
        decided = np.zeros(len(candidates), dtype=bool)
        t = self.settings.template
        renumber = np.full(len(known.idf_features), -1, dtype=np.int64)
        for g in range(len(known.idf_features)):
            idf = known.idf(g)
            mine = generation == g
            if not mine.any():
                continue
            if np.array_equal(idf[features], present):  # the same corpus statistics: the cosines are exact
                self.cosine[hit[mine]] = cosine[mine]
                self.generation[hit[mine]] = 0
                continue
            renumber[g] = len(self.old_idf) + 1
            self.old_idf.append((known.idf_features[g][known.idf_features[g] >= 0],
                                 known.idf_values[g][known.idf_features[g] >= 0]))
            lo, hi = _ratio_bounds(self.counts, self.idf, idf)
            i, j = candidates[hit[mine], 0], candidates[hit[mine], 1]
            # A shared feature's ratio is within both sentences' ranges.
            up = np.minimum(hi[i], hi[j]) ** 2 / (lo[i] * lo[j])
            down = np.maximum(lo[i], lo[j]) ** 2 / (hi[i] * hi[j])
            c = cosine[mine].astype(np.float64)
            below = (c + MARGIN) * up + MARGIN < t
            above = (c - MARGIN) * down - MARGIN >= t
            settled = hit[mine][below | above]
            decided[settled] = True
            self._kept[hit[mine][above]] = True
            self.cosine[settled] = cosine[mine][below | above]
            self.generation[settled] = renumber[g]
            # kept in float32, rounded outwards: the bounds stay bounds
            self._down[settled] = np.nextafter(down[below | above].astype(np.float32), np.float32(0))
            self._up[settled] = np.nextafter(up[below | above].astype(np.float32), np.float32(np.inf))
        return decided

    def _compute(self, which: np.ndarray) -> None:
        """Cosines under the current IDF of the candidates ``which``."""
        if not len(which):
            return
        pairs = self.candidates[which]
        batches = [pairs[lo:lo + VERIFY_BATCH] for lo in range(0, len(pairs), VERIFY_BATCH)]
        if self.mapper is None:
            if self._weighted is None:
                self._weighted = SublinearTfidf(self.counts).transform(self.counts)
            found = [cosines(self._weighted, batch[:, 0], batch[:, 1]) for batch in batches]
        else:
            found = self.mapper(pair_cosines, [_local_job(self.counts, self.idf, batch) for batch in batches])
        self.cosine[which] = np.concatenate(found)
        self.generation[which] = 0
        if len(self._down):
            self._down[which] = self._up[which] = 1.0


def cosines(weighted: "sparse.csr_matrix", a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The cosine (float32, as the verification has always summed it) of rows a[k] and b[k]."""
    return np.asarray(weighted[a].multiply(weighted[b]).sum(axis=1), dtype=np.float32).ravel()


def _ratio_bounds(counts: "sparse.csr_matrix", now: np.ndarray, then: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``counts``: the least and greatest ratio now/then of its features' IDF (1 for
    a row without features, or a feature ``then`` did not weigh: no pair of that IDF has it)."""
    ratio = np.ones(len(now), dtype=np.float64)
    known = then > 0
    ratio[known] = now[known].astype(np.float64) / then[known]
    per = ratio[counts.indices]
    lengths = np.diff(counts.indptr)
    lo, hi = np.ones(counts.shape[0]), np.ones(counts.shape[0])
    full = np.flatnonzero(lengths > 0)
    if len(full):
        lo[full] = np.minimum.reduceat(per, counts.indptr[full])
        hi[full] = np.maximum.reduceat(per, counts.indptr[full])
    return lo, hi


def _map(fn: Callable[[Any], Any], jobs: list[Any], mapper: Mapper | None) -> list[Any]:
    return [fn(job) for job in jobs] if mapper is None or not jobs else mapper(fn, jobs)


def sentence_features(job: tuple[list[str], int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """N-gram counts (CSR arrays) and MinHash band hashes of a batch of texts (a map job)."""
    texts, bands, rows = job
    counts = char_ngram_counts(texts)
    hashed = band_hashes(minhash(counts, bands * rows), bands, rows)
    return counts.indptr.astype(np.int64), counts.indices.astype(np.int32), counts.data.astype(np.float32), hashed


def _local_job(counts: "sparse.csr_matrix", idf: np.ndarray,
               pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A verification job: the rows its pairs use, over their own features (renumbered in
    order, so every weight and sum is the same), those features' IDF, and the pairs renumbered."""
    rows, local = np.unique(pairs.ravel(), return_inverse=True)
    block = counts[rows]
    features, columns = np.unique(block.indices, return_inverse=True)
    return (block.indptr.astype(np.int64), columns.ravel().astype(np.int32), block.data, idf[features],
            local.reshape(pairs.shape))


def pair_cosines(job: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Cosines of a verification job (``_local_job``), on a worker."""
    from scipy import sparse

    indptr, indices, data, idf, pairs = job
    counts = sparse.csr_matrix((data.copy(), indices, indptr), shape=(len(indptr) - 1, len(idf)))
    return cosines(SublinearTfidf.of_idf(idf).transform(counts, copy=False), pairs[:, 0], pairs[:, 1])


def _assemble(known: Remembered | None, old: np.ndarray, fresh: np.ndarray, features: list[Any],
              bands: int) -> tuple["sparse.csr_matrix", np.ndarray]:
    """The counts (CSR, one row per key) and band hashes of every key: remembered ones from
    ``known``, new ones (``fresh``) from the map's results."""
    from scipy import sparse

    n = len(old)
    parts, hashes = [], np.zeros((n, bands), dtype=np.uint64)
    order = []
    if known is not None:
        kept = np.flatnonzero(old >= 0)
        stored = sparse.csr_matrix((known.counts, known.indices, known.indptr), shape=(len(known.digest), N_FEATURES))
        parts.append(stored[old[kept]])
        hashes[kept] = known.bands[old[kept]]
        order.append(kept)
    start = 0
    for indptr, indices, data, hashed in features:
        rows = fresh[start:start + len(hashed)]
        parts.append(sparse.csr_matrix((data, indices, indptr), shape=(len(hashed), N_FEATURES)))
        hashes[rows] = hashed
        order.append(rows)
        start += len(hashed)
    if not parts:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32), hashes
    stacked = sparse.vstack(parts, format="csr")
    position = np.empty(n, dtype=np.int64)
    position[np.concatenate(order)] = np.arange(n)
    counts = stacked[position]
    counts.sort_indices()
    return counts, hashes


def _positions(known: np.ndarray, digest: np.ndarray) -> np.ndarray:
    """Index in ``known`` of each digest, -1 where absent."""
    as_bytes = np.dtype((np.void, 16))
    keys = np.ascontiguousarray(known).view(as_bytes).ravel()
    order = np.argsort(keys)
    wanted = np.ascontiguousarray(digest).view(as_bytes).ravel()
    at = np.minimum(np.searchsorted(keys[order], wanted), max(len(keys) - 1, 0))
    if not len(keys):
        return np.full(len(digest), -1, dtype=np.int64)
    return np.where(keys[order][at] == wanted, order[at], -1).astype(np.int64)


def minhash(counts: "sparse.csr_matrix", n: int, chunk: int = 5_000) -> np.ndarray:
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


def band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One hash per band of ``rows`` signature values (n x bands): two sentences share a band's
    bucket when they agree on all its rows."""
    out = np.zeros((len(signatures), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.zeros(len(signatures), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = (h ^ signatures[:, col].astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            out[:, band] = h
    return out


def band_pairs(hashes: np.ndarray, sole: np.ndarray, window: int) -> np.ndarray:
    """Distinct index pairs (i < j, sorted) that share some band's bucket, at most ``window``
    neighbours per bucket member (in index order), skipping pairs that lie inside one body. Each
    pair is kept as one number (``i * n + j`` sorts like the pair), made distinct band by band,
    so memory stays near the number of distinct pairs."""
    n = np.int64(len(hashes))
    codes = np.empty(0, dtype=np.int64)
    for band in range(hashes.shape[1]):
        h = hashes[:, band]
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
    return np.stack([codes // n, codes % n], axis=1).astype(np.int32)  # sentences are fewer than 2**31


def _distinct(codes: np.ndarray) -> np.ndarray:
    """np.unique(codes), sorting only (stable: two sorted runs merge in linear time)."""
    codes = np.sort(codes, kind="stable")
    return np.concatenate((codes[:1], codes[1:][codes[1:] != codes[:-1]]))
