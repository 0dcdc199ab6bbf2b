"""Traces narrative sentences to the body's other years (carried over) or to other bodies (templates).

Sentences are compared on the Simplified analysis text with punctuation and whitespace folded
(``normalize.match_key``) and numbers, Chinese numerals used as numbers and years masked
(``masking.mask_numbers``). Within a body: identical folded text is ``verbatim``, identical
masked text ``numbers_changed``, and a TF-IDF cosine over character 2–4-grams of the masked text
at or above ``Settings.near`` is ``near``; a sentence is also compared with two consecutive
source sentences (merged) and two consecutive sentences with one source sentence (split).
Across bodies, sentences shared (near-)verbatim are ``template`` with the number of bodies.

Cost grows with the number of reports: sentences are hashed and vectorised once per distinct
masked text; near matches are scored inside each body group (one TF-IDF weighting per body,
bounded by the body's years); templates come from a hash index of masked sentences plus
MinHash banding on character shingles (bounded candidate windows), verified with the cosine.
See docs/boilerplate.md for thresholds and measured precision/recall.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from .errors import UsageError
from .masking import mask_numbers
from .model import Recycled, Report, SourceRef
from .normalize import match_key
from .sentences import narrative_sentences
from .tfidf import SublinearTfidf

if TYPE_CHECKING:  # scipy loads only when matching runs (fast CLI start).
    from scipy import sparse

KINDS = ("verbatim", "numbers_changed", "near", "template")
CARRIED_KINDS = ("verbatim", "numbers_changed", "near")
N_FEATURES = 1 << 20
# Score matrices are computed this many query rows at a time, bounding memory for big bodies.
CHUNK = 2048


@dataclass(frozen=True)
class Settings:
    """Thresholds of the matcher (calibrated on the sample corpus gold, see docs/boilerplate.md).

    near: cosine (TF-IDF, char 2–4-grams of masked text) from which a same-body sentence is ``near``.
    template: cosine from which a sentence of another body counts as the same template sentence.
    split_part: cosine a part of a split sentence must reach against the whole it came from.
    later: also take a later year as the source when no earlier year matches (a sentence whose
        first use is missing from the corpus); off by default, as the first report in which a
        sentence appears is where it is new (the sample corpus gold counts it so).
    min_chars: masked sentences shorter than this are too generic to attribute on their own.
    bands, rows: MinHash banding (bands x rows hash functions); a pair of sentences becomes a
        candidate when all ``rows`` values of one band agree (about Jaccard >= (1/bands)**(1/rows)).
    window: in a band bucket, each sentence is paired with at most this many following ones,
        so a bucket of n sentences costs n x window comparisons, not n squared.
    """

    near: float = 0.7
    template: float = 0.7
    split_part: float = 0.45
    later: bool = False
    min_chars: int = 8
    bands: int = 20
    rows: int = 4
    window: int = 20

    def __post_init__(self) -> None:
        for name in ("near", "template", "split_part"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UsageError(f"Settings.{name}={value!r}: a cosine threshold must be in (0, 1]")
        for name in ("min_chars", "bands", "rows", "window"):
            if getattr(self, name) < 1:
                raise UsageError(f"Settings.{name}={getattr(self, name)!r}: must be a positive integer")


@dataclass(frozen=True, slots=True)
class Unit:
    """One narrative sentence prepared for matching (``report`` indexes the input list)."""

    report: int
    section: str
    text: str
    start: int
    end: int
    folded: str
    masked: str


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate source for one sentence; ``units`` are one sentence or two consecutive ones."""

    kind: str
    similarity: float
    report: int
    units: tuple[int, ...]


def prepare(index: int, report: Report, cache: dict[str, tuple[str, str]] | None = None) -> list[Unit]:
    """The report's narrative sentences with their folded and masked matching keys (map step).

    ``cache`` maps a sentence to its keys across reports: boilerplate repeats, so most sentences
    of a large corpus are keyed once."""
    if report.document is None:
        return []
    cache = {} if cache is None else cache
    analysis = report.document.analysis_text
    out = []
    for s in narrative_sentences(report):
        raw = analysis[s.start:s.end]
        keys = cache.get(raw)
        if keys is None:
            folded = match_key(raw)
            keys = cache[raw] = (folded, mask_numbers(folded))
        out.append(Unit(index, s.section, s.text, s.start, s.end, keys[0], keys[1]))
    return out


def char_ngram_counts(texts: list[str], n_features: int = N_FEATURES, batch: int = 20_000) -> "sparse.csr_matrix":
    """Hashed counts of the character 2–4-grams of each text, one row per text.

    The same features as scikit-learn's ``HashingVectorizer(analyzer="char", ngram_range=(2, 4))``
    but computed with array arithmetic over the whole batch: about 50x faster, which matters
    when a corpus holds hundreds of thousands of distinct sentences. Texts are counted
    ``batch`` at a time (rows do not depend on each other), bounding the per-character arrays.
    """
    from scipy import sparse

    if len(texts) <= batch:
        return _ngram_counts(texts, n_features)
    return sparse.vstack([_ngram_counts(texts[lo:lo + batch], n_features)
                          for lo in range(0, len(texts), batch)], format="csr")


def _ngram_counts(texts: list[str], n_features: int) -> "sparse.csr_matrix":
    from scipy import sparse

    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    row_of = np.repeat(np.arange(len(texts)), lengths)
    offset = np.arange(len(codes)) - np.repeat(starts, lengths)
    rows, features = [], []
    with np.errstate(over="ignore"):
        for n in (2, 3, 4):
            valid = np.flatnonzero(offset <= np.repeat(lengths, lengths) - n)
            h = np.zeros(len(valid), dtype=np.uint64)
            for k in range(n):
                h = (h ^ codes[valid + k]) * np.uint64(0x100000001B3) + np.uint64(n)
            h ^= h >> np.uint64(29)
            rows.append(row_of[valid])
            features.append((h % np.uint64(n_features)).astype(np.int64))
    row = np.concatenate(rows)
    counts = sparse.csr_matrix((np.ones(len(row), dtype=np.float32), (row, np.concatenate(features))),
                               shape=(len(texts), n_features))
    counts.sum_duplicates()
    return counts


# Same-body matches of a corpus: (report index, sentence index) -> the source it cites.
Carried = dict[tuple[int, int], "Match"]


def find_reuse(reports: list[Report], body_of: Callable[[Report], str], settings: Settings | None = None,
               carried: Callable[[], Carried] | None = None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    """Recycled sentences and reuse figures of every report, keyed by report path.

    Reports are grouped by ``body_of``; reports of one body and one year (a page saved twice)
    are never compared with each other. A sentence the body already wrote in an earlier year is
    carried over even when other bodies share it; otherwise a sentence shared with another body
    is a template (docs/boilerplate.md).

    ``carried``, when given, supplies the same-body matches computed elsewhere (``carried_in_body``
    over each body, e.g. in worker processes); it is called after the cross-body template step,
    so that work can run meanwhile.
    """
    return _find_reuse(reports, body_of, settings or Settings(), carried)


def carried_in_body(reports: Sequence[Report], members: list[int], settings: Settings | None = None) -> Carried:
    """Same-body matches of the reports ``members`` (indices into ``reports``, all of one body,
    in input order): exactly what ``find_reuse`` finds for that body, computed from that body
    alone, so bodies can be matched in parallel. Report indices in the result index ``reports``."""
    cache: dict[str, tuple[str, str]] = {}
    units = {i: prepare(i, reports[i], cache) for i in members}
    members = [i for i in members if units[i]]
    if len(members) < 2:
        return {}
    distinct: dict[str, int] = {}
    rows = {i: [distinct.setdefault(u.masked, len(distinct)) for u in units[i]] for i in members}
    years = {i: _year(reports[i]) for i in members}
    return _match_body(members, units, years, rows, char_ngram_counts(list(distinct)), settings or Settings())


def _year(report: Report) -> int | None:
    return report.document.year if report.document is not None else None


def _find_reuse(reports: list[Report], body_of: Callable[[Report], str], settings: Settings,
                carried: Callable[[], Carried] | None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    cache: dict[str, tuple[str, str]] = {}
    units = [prepare(i, r, cache) for i, r in enumerate(reports)]
    del cache
    body_ids: dict[str, int] = {}
    bodies = [body_ids.setdefault(body_of(r), len(body_ids)) if r.ok else -1 for r in reports]
    years = [_year(r) for r in reports]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        if units[i]:
            groups[bodies[i]].append(i)
    distinct: dict[str, int] = {}
    rows = [[distinct.setdefault(u.masked, len(distinct)) for u in us] for us in units]
    # One report (textkit show) or one body's single year has nothing to compare: skip the
    # vectors, and with them the scipy import.
    comparable = len(groups) > 1 or any(len(members) > 1 for members in groups.values())
    counts = char_ngram_counts(list(distinct)) if distinct and comparable else None
    del distinct
    templates: dict[tuple[int, int], tuple[Match, int]] = {}
    if counts is not None:
        templates = _templates(units, bodies, years, rows, counts, settings)
    if carried is not None:
        same_body = carried()
    else:
        same_body = {}
        if counts is not None:
            for members in groups.values():
                if len(members) > 1:
                    same_body.update(_match_body(members, units, years, rows, counts, settings))

    out = {}
    sources: dict[tuple[int, tuple[int, ...]], SourceRef] = {}
    for i, report in enumerate(reports):
        recycled = []
        for j, unit in enumerate(units[i]):
            template = templates.get((i, j))
            match = same_body.get((i, j))
            if match is not None and (template is None or _earlier(match, years[i], years)):
                recycled.append(_recycled(unit, match, reports, units, 1, sources))
            elif template is not None:
                recycled.append(_recycled(unit, template[0], reports, units, template[1], sources))
            elif match is not None:
                recycled.append(_recycled(unit, match, reports, units, 1, sources))
        out[report.path] = (tuple(recycled), reuse_figures(units[i], recycled))
    return out


def _pairs(units: list[Unit]) -> list[int]:
    """Indices i where units i and i+1 are consecutive sentences of one section."""
    return [i for i in range(len(units) - 1) if units[i].section == units[i + 1].section]


def _earlier(match: Match, year: int | None, years: list[int | None]) -> bool:
    source_year = years[match.report]
    return year is not None and source_year is not None and source_year < year


# A farther year's sentence must beat the closest year's by this much to be named the source.
CLEARLY_MORE_SIMILAR = 0.1
# Kind of a candidate by rank: same folded text, same masked text, otherwise similar.
_KIND_BY_RANK = ("verbatim", "numbers_changed", "near")


def _choose(query: np.ndarray, column: np.ndarray, similarity: list[float], rank: np.ndarray,
            q_year: np.ndarray, c_year: np.ndarray) -> list[int]:
    """The source each query cites among its candidates (one candidate per position of the
    arrays; years are -1 when unknown): an earlier year before a later one, the stronger kind
    (``rank``), then the closest year, unless a farther year's sentence is clearly more similar
    (a distant year's nearly identical sentence explains a sentence better than last year's
    loose paraphrase). Ties go to the lower column. Returns the chosen position per query, in
    query order."""
    if not len(query):
        return []
    known = (q_year >= 0) & (c_year >= 0)
    later = ~(known & (c_year < q_year))
    distance = np.where(known, np.abs(q_year - c_year), 9999)
    sim = np.array(similarity, dtype=np.float64)
    order = np.lexsort((column, -sim, distance, rank, later, query))
    queries = query[order]
    starts = np.flatnonzero(np.concatenate(([True], queries[1:] != queries[:-1]))).tolist()
    groups = (later[order].astype(np.int64) * 4 + rank[order]).tolist()
    sims = sim[order].tolist()
    positions = order.tolist()
    chosen = []
    for s, e in zip(starts, starts[1:] + [len(positions)]):
        best, top = s, groups[s]
        for k in range(s + 1, e):
            if groups[k] != top:
                break
            if sims[k] > sims[best] + CLEARLY_MORE_SIMILAR:
                best = k
        chosen.append(positions[best])
    return chosen


def _rounded(scores: np.ndarray, ceiling: bool) -> list[float]:
    """Similarities as reported: at most 1 when ``ceiling``, rounded to 4 places by Python's round."""
    values = scores.astype(np.float64)
    return [round(x, 4) for x in (np.minimum(values, 1.0) if ceiling else values).tolist()]


def _ids(texts: list[str]) -> np.ndarray:
    """A number per text, equal for equal texts."""
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(t, len(seen)) for t in texts], dtype=np.int64)


def _local(counts: "sparse.csr_matrix", rows: np.ndarray) -> "sparse.csr_matrix":
    """Rows of ``counts`` with the columns renumbered to the features they use (a body's vocabulary)."""
    from scipy import sparse

    block = counts[rows]
    # np.unique(block.indices, return_inverse=True), without its argsort: mark, then rank.
    present = np.zeros(counts.shape[1], dtype=bool)
    present[block.indices] = True
    vocabulary = np.flatnonzero(present)
    rank = np.empty(counts.shape[1], dtype=np.int64)
    rank[vocabulary] = np.arange(len(vocabulary))
    return sparse.csr_matrix((block.data, rank[block.indices], block.indptr), shape=(len(rows), len(vocabulary)))


def _allowed(q_report: np.ndarray, q_year: np.ndarray, c_report: np.ndarray, c_year: np.ndarray,
             later: bool) -> np.ndarray:
    """Which (query, column) pairs may be compared: other reports, other years (earlier only
    unless ``later``); a report of unknown year (-1) is compared with every other report."""
    qy, cy = q_year[:, None], c_year[None, :]
    years_ok = (cy != qy) if later else ((cy < qy) & (cy >= 0))
    return (c_report[None, :] != q_report[:, None]) & (years_ok | (qy < 0))


def _match_body(members: list[int], units: Mapping[int, list[Unit]] | list[list[Unit]],
                years: Mapping[int, int | None] | list[int | None], rows: Mapping[int, list[int]] | list[list[int]],
                counts: "sparse.csr_matrix", settings: Settings) -> Carried:
    """Same-body matches: every narrative sentence against the body's other years, with one
    TF-IDF weighting fitted on the body's own sentences. ``units``, ``years`` and ``rows`` are
    indexed by report (lists over the corpus, or mappings over the body); ``rows`` number the
    masked sentences as the rows of ``counts``."""
    from scipy import sparse

    where = [(r, j) for r in members for j in range(len(units[r]))]
    flat = {key: n for n, key in enumerate(where)}
    pairs = [(r, i) for r in members for i in _pairs(units[r])]
    # Sentences repeat across a body's years: vectors and scores are computed once per distinct
    # masked sentence (and distinct pair of them), then spread to every occurrence. Each score
    # is the same dot product either way, summed in the same order.
    distinct, position = np.unique([rows[r][j] for r, j in where], return_inverse=True)
    position = position.ravel()
    vocab = _local(counts, distinct)
    weigh = SublinearTfidf(vocab)
    singles = weigh.transform(vocab)
    first = np.array([flat[(r, i)] for r, i in pairs], dtype=np.int64)
    n = np.int64(len(distinct))
    pair_keys, pair_position = np.unique(position[first] * n + position[first + 1], return_inverse=True)
    merged = weigh.transform(vocab[pair_keys // n] + vocab[pair_keys % n]) if pairs else None
    columns = sparse.vstack([singles, merged]).tocsr() if merged is not None else singles
    column_of = np.concatenate([position, len(distinct) + pair_position.ravel()])
    col_where = where + [(r, i) for r, i in pairs]
    col_units = [(j,) for _, j in where] + [(i, i + 1) for _, i in pairs]
    c_report = np.array([r for r, _ in col_where])
    c_year = np.array([years[r] if years[r] is not None else -1 for r, _ in col_where])
    q_report, q_year = c_report[:len(where)], c_year[:len(where)]
    short = np.array([len(units[r][j].masked) < settings.min_chars for r, j in where])
    folded = _ids([units[r][j].folded for r, j in where] + [units[r][i].folded + units[r][i + 1].folded for r, i in pairs])
    masked = _ids([units[r][j].masked for r, j in where] + [units[r][i].masked + units[r][i + 1].masked for r, i in pairs])
    out: dict[tuple[int, int], Match] = {}
    single_scores = []
    for lo in range(0, len(where), CHUNK):
        hi = min(lo + CHUNK, len(where))
        scores = _spread(singles, position[lo:hi], columns, column_of)
        scores[~_allowed(q_report[lo:hi], q_year[lo:hi], c_report, c_year, settings.later)] = 0.0
        single_scores.append(scores[:, :len(where)])
        scores[short[lo:hi]] = 0.0
        hit_rows, hit_cols = np.nonzero(scores >= settings.near)
        queries = hit_rows + lo
        similarity = _rounded(scores[hit_rows, hit_cols], ceiling=True)
        rank = np.where(folded[queries] == folded[hit_cols], 0, np.where(masked[queries] == masked[hit_cols], 1, 2))
        for k in _choose(queries, hit_cols, similarity, rank, c_year[queries], c_year[hit_cols]):
            c = int(hit_cols[k])
            out[where[queries[k]]] = Match(_KIND_BY_RANK[rank[k]], similarity[k], col_where[c][0], col_units[c])
    if merged is not None:
        _splits(pairs, (merged, pair_position.ravel()), (singles, position), np.vstack(single_scores), flat, where,
                c_report[:len(where)], c_year[:len(where)], years, settings, out)
    return out


def _spread(rows: "sparse.csr_matrix", row_of: np.ndarray, columns: "sparse.csr_matrix",
            column_of: np.ndarray) -> np.ndarray:
    """Dense scores of the occurrences ``row_of`` against the occurrences ``column_of``, each
    distinct row scored once against each distinct column."""
    if len(row_of) >= rows.shape[0]:  # (nearly) every distinct row is needed: score them all
        return (rows @ columns.T).toarray()[np.ix_(row_of, column_of)]  # type: ignore[no-any-return]
    needed, inverse = np.unique(row_of, return_inverse=True)
    scores = (rows[needed] @ columns.T).toarray()
    return scores[np.ix_(inverse.ravel(), column_of)]  # type: ignore[no-any-return]


def _splits(pairs: list[tuple[int, int]], merged: tuple["sparse.csr_matrix", np.ndarray],
            singles: tuple["sparse.csr_matrix", np.ndarray], single_scores: np.ndarray,
            flat: dict[tuple[int, int], int], where: list[tuple[int, int]], c_report: np.ndarray,
            c_year: np.ndarray, years: Mapping[int, int | None] | list[int | None], settings: Settings,
            out: dict[tuple[int, int], Match]) -> None:
    """Two consecutive sentences that together match one source sentence: a split sentence.
    Each part must itself resemble the source (``split_part``), so a new sentence next to a
    carried one is not swept in."""
    p_report = np.array([r for r, _ in pairs])
    p_year = np.array([years[r] if years[r] is not None else -1 for r, _ in pairs])
    for lo in range(0, len(pairs), CHUNK):
        hi = min(lo + CHUNK, len(pairs))
        scores = _spread(merged[0], merged[1][lo:hi], singles[0], singles[1])
        scores[~_allowed(p_report[lo:hi], p_year[lo:hi], c_report, c_year, settings.later)] = 0.0
        hit_rows, hit_cols = np.nonzero(scores >= settings.near)
        similarity = _rounded(scores[hit_rows, hit_cols], ceiling=False)
        rank = np.full(len(hit_rows), 2)
        for k in _choose(hit_rows, hit_cols, similarity, rank, p_year[lo + hit_rows], c_year[hit_cols]):
            r, i = pairs[lo + int(hit_rows[k])]
            c = int(hit_cols[k])
            best = Match("near", similarity[k], where[c][0], (where[c][1],))
            for j in (i, i + 1):
                if (r, j) not in out and single_scores[flat[(r, j)], c] >= settings.split_part:
                    out[(r, j)] = best


def _templates(units: list[list[Unit]], bodies: list[int], years: list[int | None],
               rows: list[list[int]], counts: "sparse.csr_matrix",
               settings: Settings) -> dict[tuple[int, int], tuple[Match, int]]:
    """Sentences shared with at least one other body: (best other-body source, number of bodies)."""
    # Reduce over distinct masked sentences: which bodies use each, and a few occurrences per year.
    key_bodies: dict[int, set[int]] = defaultdict(set)
    key_reps: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for r, us in enumerate(units):
        for j, unit in enumerate(us):
            if len(unit.masked) < settings.min_chars:
                continue
            row = rows[r][j]
            key_bodies[row].add(bodies[r])
            year = years[r]
            reps = key_reps[row][year if year is not None else -1]
            if len(reps) < 2 and all(bodies[x] != bodies[r] for x, _ in reps):
                reps.append((r, j))
    keys = np.array(sorted(key_bodies), dtype=np.int64)
    sole = np.array([next(iter(key_bodies[k])) if len(key_bodies[k]) == 1 else -1 for k in keys], dtype=np.int64)
    neighbours = _near_keys(keys, sole, counts, settings)
    out: dict[tuple[int, int], tuple[Match, int]] = {}
    spread: dict[int, int] = {}
    ordered: dict[tuple[int, int], list[tuple[int, int]]] = {}
    made: dict[tuple[int, int, float, int], tuple[Match, int]] = {}
    for r, us in enumerate(units):
        for j in range(len(us)):
            row = rows[r][j]
            if row not in key_bodies:
                continue
            if row not in spread:
                spread[row] = len(key_bodies[row].union(*(key_bodies[n] for n, _ in neighbours.get(row, ()))))
            if spread[row] < 2:
                continue
            source = _template_source(row, r, bodies, years, key_reps, neighbours, ordered)
            if source is not None:
                key = (*source, spread[row])
                found = made.get(key)
                if found is None:  # thousands of sentences cite the same source: share one match
                    s_report, s_unit, similarity = source
                    found = made[key] = (Match("template", similarity, s_report, (s_unit,)), spread[row])
                out[(r, j)] = found
    return out


def _template_source(row: int, r: int, bodies: list[int], years: list[int | None],
                     key_reps: dict[int, dict[int, list[tuple[int, int]]]],
                     neighbours: dict[int, list[tuple[int, float]]],
                     ordered: dict[tuple[int, int], list[tuple[int, int]]]) -> tuple[int, int, float] | None:
    """The other body's occurrence to cite: the most similar, then the same or closest year.
    ``ordered`` memoises each key's nearest occurrences to a year: a template sentence is
    looked up by thousands of reports."""
    own = years[r]
    year = own if own is not None else -1
    body = bodies[r]
    for key, similarity in [(row, 1.0)] + neighbours.get(row, []):
        found = ordered.get((key, year))
        if found is None:
            found = ordered[(key, year)] = _nearest_two(key_reps[key], year, bodies)
        for s_r, s_j in found:
            if bodies[s_r] != body:
                return s_r, s_j, similarity
    return None


def _nearest_two(reps: dict[int, list[tuple[int, int]]], year: int, bodies: list[int]) -> list[tuple[int, int]]:
    """Occurrences (report, unit) in order of (distance from ``year``, report, unit), cut after
    the first one of a second body: whatever body asks, its answer is among these."""
    out: list[tuple[int, int]] = []
    for _, s_r, s_j in sorted((abs(y - year), s_r, s_j) for y, found in reps.items() for s_r, s_j in found):
        out.append((s_r, s_j))
        if bodies[s_r] != bodies[out[0][0]]:
            break
    return out


def _near_keys(keys: np.ndarray, sole: np.ndarray, counts: "sparse.csr_matrix",
               settings: Settings) -> dict[int, list[tuple[int, float]]]:
    """Near-identical distinct sentences of different bodies (MinHash banding candidates,
    verified by the TF-IDF cosine). Pairs whose sentences both belong to one and the same body
    only are dropped before verification: they cannot make a template."""
    if len(keys) < 2:
        return {}
    block = counts[keys]
    signatures = _minhash(block, settings.bands * settings.rows)
    # weighted in place: the block is a copy made for this, and large on a big corpus
    weighted = SublinearTfidf(block).transform(block, copy=False)
    del block
    candidates = _band_pairs(signatures, sole, settings.bands, settings.rows, settings.window)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for lo in range(0, len(candidates), 100_000):
        a, b = candidates[lo:lo + 100_000].T
        cosine = np.asarray(weighted[a].multiply(weighted[b]).sum(axis=1)).ravel()
        keep = cosine >= settings.template
        for x, y, c in zip(keys[a[keep]].tolist(), keys[b[keep]].tolist(), cosine[keep].tolist()):
            c = round(c, 4)
            out[x].append((y, c))
            out[y].append((x, c))
    for near in out.values():
        near.sort(key=lambda item: -item[1])
    return out


def _minhash(counts: "sparse.csr_matrix", n: int, chunk: int = 20_000) -> np.ndarray:
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
    neighbours per bucket member, skipping pairs that lie inside one body."""
    found = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.zeros(len(signatures), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = (h ^ signatures[:, col].astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            order = np.argsort(h, kind="stable")
            ordered = h[order]
            for d in range(1, window + 1):
                same = np.flatnonzero(ordered[:-d] == ordered[d:])
                if not len(same):
                    break
                i, j = order[same], order[same + d]
                useful = (sole[i] != sole[j]) | (sole[i] < 0)
                found.append(np.stack([i[useful], j[useful]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1).astype(np.int64)
    # one number per pair sorts like the pair itself: much faster than np.unique(axis=0)
    n = np.int64(len(signatures))
    codes = np.sort(pairs[:, 0] * n + pairs[:, 1])
    codes = np.concatenate((codes[:1], codes[1:][codes[1:] != codes[:-1]]))  # np.unique, sorting only
    return np.stack([codes // n, codes % n], axis=1)


def _recycled(unit: Unit, match: Match, reports: list[Report], units: list[list[Unit]],
              bodies: int, sources: dict[tuple[int, tuple[int, ...]], SourceRef]) -> Recycled:
    """``sources`` shares one SourceRef among the sentences citing the same source (a template
    sentence is cited by thousands): less to build, hold and pickle."""
    ref = sources.get((match.report, match.units))
    if ref is None:
        source = reports[match.report]
        first, last = units[match.report][match.units[0]], units[match.report][match.units[-1]]
        doc = source.document
        assert doc is not None
        ref = sources[(match.report, match.units)] = SourceRef(
            source.path, doc.agency, doc.year, doc.text[first.start:last.end], first.start, last.end)
    return Recycled(unit.section, unit.text, unit.start, unit.end, match.kind,  # type: ignore[arg-type]
                    match.similarity, ref, bodies)


def reuse_figures(units: Iterable[Unit], recycled: Iterable[Recycled]) -> dict[str, Any]:
    """Shares of narrative characters: new, carried (and by kind), template, and per section."""
    units = list(units)
    kind_of = {(r.start, r.end): r.kind for r in recycled}
    total = sum(u.end - u.start for u in units)
    by_kind = dict.fromkeys(KINDS, 0)
    by_section: dict[str, dict[str, int]] = {}
    for u in units:
        kind = kind_of.get((u.start, u.end))
        n = u.end - u.start
        if kind:
            by_kind[kind] += n
        part = "new" if kind is None else "template" if kind == "template" else "carried"
        by_section.setdefault(u.section, {"new": 0, "carried": 0, "template": 0})[part] += n

    def share(n: int, of: int) -> float:
        return round(n / of, 4) if of else 0.0

    carried = sum(by_kind[k] for k in CARRIED_KINDS)
    return {
        "chars": total,
        "new": share(total - carried - by_kind["template"], total),
        "carried": share(carried, total),
        "template": share(by_kind["template"], total),
        "by_kind": {k: share(v, total) for k, v in by_kind.items()},
        "by_section": {key: {part: share(n, sum(parts.values())) for part, n in parts.items()}
                       for key, parts in by_section.items()},
    }
