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

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from . import lexicons
from .errors import UsageError
from .masking import mask_numbers
from .model import NARRATIVE_KEYS, Recycled, Report, Sentence, SourceRef
from .normalize import match_key

if TYPE_CHECKING:  # scikit-learn and scipy load only when matching runs (fast CLI start).
    from scipy import sparse

KINDS = ("verbatim", "numbers_changed", "near", "template")
CARRIED_KINDS = ("verbatim", "numbers_changed", "near")
_KIND_RANK = {"verbatim": 0, "numbers_changed": 1, "near": 2}
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


@dataclass(frozen=True)
class Unit:
    """One narrative sentence prepared for matching (``report`` indexes the input list)."""

    report: int
    section: str
    text: str
    start: int
    end: int
    folded: str
    masked: str


@dataclass(frozen=True)
class _Match:
    """A candidate source for one sentence; ``units`` are one sentence or two consecutive ones."""

    kind: str
    similarity: float
    report: int
    units: tuple[int, ...]


def narrative_sentences(report: Report) -> list[Sentence]:
    """Prose sentences: the intro, narrative sections and, in the 2008 layout, every section but
    the statistics table (its 收费, 复议 parts are prose too, however short); layout labels
    such as （一）主动公开。 are structure, not prose, and are left out."""
    if not report.ok or report.document is None:
        return []
    spans = [(s.body_start, s.end) for s in report.sections
             if s.narrative or s.key in NARRATIVE_KEYS or (report.layout == "2008" and s.key != "statistics")]
    analysis = report.document.analysis_text
    return [s for s in report.sentences
            if (s.section == "intro" or s.section in NARRATIVE_KEYS or any(a <= s.start < b for a, b in spans))
            and not is_layout_label(analysis[s.start:s.end])]


_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]?\s*")
_TRAILING = re.compile(r"(?:方面|工作)?[。：:；;，,.\s]*$")


def is_layout_label(sentence: str) -> bool:
    """True for a sub-heading fixed by the layout (lexicons/layout_labels.txt), e.g. （一）主动公开。

    >>> is_layout_label("（二）依申请公开。"), is_layout_label("（二）建立定期更新机制。")
    (True, False)
    """
    label = _TRAILING.sub("", _MARKER.sub("", sentence.strip()))
    return label in _layout_labels()


@lru_cache(maxsize=1)
def _layout_labels() -> frozenset[str]:
    return frozenset(lexicons.words("layout_labels.txt"))


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


def char_ngram_counts(texts: list[str], n_features: int = N_FEATURES) -> "sparse.csr_matrix":
    """Hashed counts of the character 2–4-grams of each text, one row per text.

    The same features as scikit-learn's ``HashingVectorizer(analyzer="char", ngram_range=(2, 4))``
    but computed with array arithmetic over the whole batch: about 50x faster, which matters
    when a corpus holds hundreds of thousands of distinct sentences.
    """
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


def find_reuse(reports: list[Report], body_of: Callable[[Report], str],
               settings: Settings | None = None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    """Recycled sentences and reuse figures of every report, keyed by report path.

    Reports are grouped by ``body_of``; reports of one body and one year (a page saved twice)
    are never compared with each other. A sentence the body already wrote in an earlier year is
    carried over even when other bodies share it; otherwise a sentence shared with another body
    is a template (docs/boilerplate.md).
    """
    settings = settings or Settings()
    cache: dict[str, tuple[str, str]] = {}
    units = [prepare(i, r, cache) for i, r in enumerate(reports)]
    del cache
    body_ids: dict[str, int] = {}
    bodies = [body_ids.setdefault(body_of(r), len(body_ids)) if r.ok else -1 for r in reports]
    years = [r.document.year if r.document is not None else None for r in reports]
    distinct: dict[str, int] = {}
    rows = [[distinct.setdefault(u.masked, len(distinct)) for u in us] for us in units]
    counts = char_ngram_counts(list(distinct)) if distinct else None
    del distinct

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        if units[i]:
            groups[bodies[i]].append(i)
    carried: dict[tuple[int, int], _Match] = {}
    templates: dict[tuple[int, int], tuple[_Match, int]] = {}
    if counts is not None:
        for members in groups.values():
            if len(members) > 1:
                carried.update(_match_body(members, units, years, rows, counts, settings))
        templates = _templates(units, bodies, years, rows, counts, settings)

    out = {}
    for i, report in enumerate(reports):
        recycled = []
        for j, unit in enumerate(units[i]):
            template = templates.get((i, j))
            match = carried.get((i, j))
            if match is not None and (template is None or _earlier(match, years[i], years)):
                recycled.append(_recycled(unit, match, reports, units, 1))
            elif template is not None:
                recycled.append(_recycled(unit, template[0], reports, units, template[1]))
            elif match is not None:
                recycled.append(_recycled(unit, match, reports, units, 1))
        out[report.path] = (tuple(recycled), reuse_figures(units[i], recycled))
    return out


def _pairs(units: list[Unit]) -> list[int]:
    """Indices i where units i and i+1 are consecutive sentences of one section."""
    return [i for i in range(len(units) - 1) if units[i].section == units[i + 1].section]


def _classify(unit: Unit, folded: str, masked: str) -> str:
    if unit.folded == folded:
        return "verbatim"
    if unit.masked == masked:
        return "numbers_changed"
    return "near"


def _earlier(match: _Match, year: int | None, years: list[int | None]) -> bool:
    source_year = years[match.report]
    return year is not None and source_year is not None and source_year < year


# A farther year's sentence must beat the closest year's by this much to be named the source.
CLEARLY_MORE_SIMILAR = 0.1


def _best(matches: list[_Match], year: int | None, years: list[int | None]) -> _Match:
    """The source to cite: an earlier year before a later one, the stronger kind, then the
    closest year, unless a farther year's sentence is clearly more similar (a distant year's
    nearly identical sentence explains a sentence better than last year's loose paraphrase)."""
    def distance(m: _Match) -> int:
        source_year = years[m.report]
        return abs(year - source_year) if year is not None and source_year is not None else 9999

    def group(m: _Match) -> tuple[bool, int]:
        return (not _earlier(m, year, years), _KIND_RANK.get(m.kind, 3))

    top = min(group(m) for m in matches)
    candidates = sorted((m for m in matches if group(m) == top), key=lambda m: (distance(m), -m.similarity))
    best = candidates[0]
    for m in candidates[1:]:
        if m.similarity > best.similarity + CLEARLY_MORE_SIMILAR:
            best = m
    return best


def _local(counts: "sparse.csr_matrix", rows: np.ndarray) -> "sparse.csr_matrix":
    """Rows of ``counts`` with the columns renumbered to the features they use (a body's vocabulary)."""
    from scipy import sparse

    block = counts[rows]
    vocabulary, local = np.unique(block.indices, return_inverse=True)
    return sparse.csr_matrix((block.data, local.ravel(), block.indptr), shape=(len(rows), len(vocabulary)))


def _allowed(q_report: np.ndarray, q_year: np.ndarray, c_report: np.ndarray, c_year: np.ndarray,
             later: bool) -> np.ndarray:
    """Which (query, column) pairs may be compared: other reports, other years (earlier only
    unless ``later``); a report of unknown year (-1) is compared with every other report."""
    qy, cy = q_year[:, None], c_year[None, :]
    years_ok = (cy != qy) if later else ((cy < qy) & (cy >= 0))
    return (c_report[None, :] != q_report[:, None]) & (years_ok | (qy < 0))


def _match_body(members: list[int], units: list[list[Unit]], years: list[int | None],
                rows: list[list[int]], counts: "sparse.csr_matrix",
                settings: Settings) -> dict[tuple[int, int], _Match]:
    """Same-body matches: every narrative sentence against the body's other years, with one
    TF-IDF weighting fitted on the body's own sentences."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    where = [(r, j) for r in members for j in range(len(units[r]))]
    flat = {key: n for n, key in enumerate(where)}
    pairs = [(r, i) for r in members for i in _pairs(units[r])]
    distinct, position = np.unique([rows[r][j] for r, j in where], return_inverse=True)
    vocab = _local(counts, distinct)
    weigh = TfidfTransformer(sublinear_tf=True).fit(vocab)
    singles = weigh.transform(vocab[position.ravel()])
    first = np.array([flat[(r, i)] for r, i in pairs], dtype=np.int64)
    pair_counts = vocab[position.ravel()[first]] + vocab[position.ravel()[first + 1]] if pairs else None
    merged = weigh.transform(pair_counts) if pair_counts is not None else None
    columns = sparse.vstack([singles, merged]).tocsr() if merged is not None else singles
    col_where = where + [(r, i) for r, i in pairs]
    col_units = [(j,) for _, j in where] + [(i, i + 1) for _, i in pairs]
    c_report = np.array([r for r, _ in col_where])
    c_year = np.array([years[r] if years[r] is not None else -1 for r, _ in col_where])
    q_report, q_year = c_report[:len(where)], c_year[:len(where)]
    short = np.array([len(units[r][j].masked) < settings.min_chars for r, j in where])
    out: dict[tuple[int, int], _Match] = {}
    single_scores = []
    for lo in range(0, len(where), CHUNK):
        hi = min(lo + CHUNK, len(where))
        scores = (singles[lo:hi] @ columns.T).toarray()
        scores[~_allowed(q_report[lo:hi], q_year[lo:hi], c_report, c_year, settings.later)] = 0.0
        single_scores.append(scores[:, :len(where)])
        scores[short[lo:hi]] = 0.0
        hit_rows, hit_cols = np.nonzero(scores >= settings.near)
        for q in np.unique(hit_rows):
            r, j = where[lo + q]
            cols = hit_cols[hit_rows == q]
            out[(r, j)] = _best([_candidate(units[r][j], col_where[c][0], col_units[c], float(scores[q, c]), units)
                                 for c in cols], years[r], years)
    if merged is not None:
        _splits(pairs, merged, singles, np.vstack(single_scores), flat, where, c_report[:len(where)],
                c_year[:len(where)], units, years, settings, out)
    return out


def _candidate(unit: Unit, report: int, parts: tuple[int, ...], score: float,
               units: list[list[Unit]]) -> _Match:
    folded = "".join(units[report][k].folded for k in parts)
    masked = "".join(units[report][k].masked for k in parts)
    return _Match(_classify(unit, folded, masked), round(min(score, 1.0), 4), report, parts)


def _splits(pairs: list[tuple[int, int]], merged: "sparse.csr_matrix", singles: "sparse.csr_matrix",
            single_scores: np.ndarray, flat: dict[tuple[int, int], int], where: list[tuple[int, int]],
            c_report: np.ndarray, c_year: np.ndarray, units: list[list[Unit]], years: list[int | None],
            settings: Settings, out: dict[tuple[int, int], _Match]) -> None:
    """Two consecutive sentences that together match one source sentence: a split sentence.
    Each part must itself resemble the source (``split_part``), so a new sentence next to a
    carried one is not swept in."""
    p_report = np.array([r for r, _ in pairs])
    p_year = np.array([years[r] if years[r] is not None else -1 for r, _ in pairs])
    for lo in range(0, len(pairs), CHUNK):
        hi = min(lo + CHUNK, len(pairs))
        scores = (merged[lo:hi] @ singles.T).toarray()
        scores[~_allowed(p_report[lo:hi], p_year[lo:hi], c_report, c_year, settings.later)] = 0.0
        hit_rows, hit_cols = np.nonzero(scores >= settings.near)
        for q in np.unique(hit_rows):
            r, i = pairs[lo + q]
            matches = {int(c): _Match("near", round(float(scores[q, c]), 4), where[c][0], (where[c][1],))
                       for c in hit_cols[hit_rows == q]}
            best = _best(list(matches.values()), years[r], years)
            c = next(c for c, m in matches.items() if m is best)
            for j in (i, i + 1):
                if (r, j) not in out and single_scores[flat[(r, j)], c] >= settings.split_part:
                    out[(r, j)] = best


def _templates(units: list[list[Unit]], bodies: list[int], years: list[int | None],
               rows: list[list[int]], counts: "sparse.csr_matrix",
               settings: Settings) -> dict[tuple[int, int], tuple[_Match, int]]:
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
    out: dict[tuple[int, int], tuple[_Match, int]] = {}
    spread: dict[int, int] = {}
    for r, us in enumerate(units):
        for j in range(len(us)):
            row = rows[r][j]
            if row not in key_bodies:
                continue
            if row not in spread:
                spread[row] = len(key_bodies[row].union(*(key_bodies[n] for n, _ in neighbours.get(row, ()))))
            if spread[row] < 2:
                continue
            source = _template_source(row, r, bodies, years, key_reps, neighbours)
            if source is not None:
                s_report, s_unit, similarity = source
                out[(r, j)] = (_Match("template", similarity, s_report, (s_unit,)), spread[row])
    return out


def _template_source(row: int, r: int, bodies: list[int], years: list[int | None],
                     key_reps: dict[int, dict[int, list[tuple[int, int]]]],
                     neighbours: dict[int, list[tuple[int, float]]]) -> tuple[int, int, float] | None:
    """The other body's occurrence to cite: the most similar, then the same or closest year."""
    own = years[r]
    year = own if own is not None else -1
    for key, similarity in [(row, 1.0)] + neighbours.get(row, []):
        found = [(abs(y - year), s_r, s_j) for y, reps in key_reps[key].items()
                 for s_r, s_j in reps if bodies[s_r] != bodies[r]]
        if found:
            _, s_r, s_j = min(found)
            return s_r, s_j, similarity
    return None


def _near_keys(keys: np.ndarray, sole: np.ndarray, counts: "sparse.csr_matrix",
               settings: Settings) -> dict[int, list[tuple[int, float]]]:
    """Near-identical distinct sentences of different bodies (MinHash banding candidates,
    verified by the TF-IDF cosine). Pairs whose sentences both belong to one and the same body
    only are dropped before verification: they cannot make a template."""
    from sklearn.feature_extraction.text import TfidfTransformer

    if len(keys) < 2:
        return {}
    block = counts[keys]
    signatures = _minhash(block, settings.bands * settings.rows)
    weighted = TfidfTransformer(sublinear_tf=True).fit_transform(block).tocsr()
    del block
    candidates = _band_pairs(signatures, sole, settings.bands, settings.rows, settings.window)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for lo in range(0, len(candidates), 100_000):
        a, b = candidates[lo:lo + 100_000].T
        cosine = np.asarray(weighted[a].multiply(weighted[b]).sum(axis=1)).ravel()
        keep = cosine >= settings.template
        for x, y, c in zip(keys[a[keep]], keys[b[keep]], cosine[keep]):
            out[int(x)].append((int(y), round(float(c), 4)))
            out[int(y)].append((int(x), round(float(c), 4)))
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
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0)


def _recycled(unit: Unit, match: _Match, reports: list[Report], units: list[list[Unit]],
              bodies: int) -> Recycled:
    source = reports[match.report]
    first, last = units[match.report][match.units[0]], units[match.report][match.units[-1]]
    doc = source.document
    assert doc is not None
    ref = SourceRef(source.path, doc.agency, doc.year, doc.text[first.start:last.end], first.start, last.end)
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
