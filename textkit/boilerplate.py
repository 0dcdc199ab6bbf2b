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
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from .errors import UsageError
from .masking import mask_numbers
from .model import NARRATIVE_KEYS, Recycled, Report, Sentence, SourceRef
from .normalize import match_key

if TYPE_CHECKING:  # scikit-learn and scipy load only when matching runs (fast CLI start).
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

KINDS = ("verbatim", "numbers_changed", "near", "template")
CARRIED_KINDS = ("verbatim", "numbers_changed", "near")
_KIND_RANK = {"verbatim": 0, "numbers_changed": 1, "near": 2}
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class Settings:
    """Thresholds of the matcher (calibrated on the sample corpus gold, see docs/boilerplate.md).

    near: cosine (TF-IDF, char 2–4-grams of masked text) from which a same-body sentence is ``near``.
    template: cosine from which a sentence of another body counts as the same template sentence.
    split_part: cosine a part of a split sentence must reach against the whole it came from.
    min_chars: masked sentences shorter than this are too generic to attribute on their own.
    bands, rows: MinHash banding (bands x rows hash functions); a pair of sentences becomes a
        candidate when all ``rows`` values of one band agree (about Jaccard >= (1/bands)**(1/rows)).
    window: in a band bucket, each sentence is paired with at most this many following ones,
        so a bucket of n sentences costs n x window comparisons, not n squared.
    """

    near: float = 0.8
    template: float = 0.8
    split_part: float = 0.45
    min_chars: int = 8
    bands: int = 20
    rows: int = 4
    window: int = 40

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
    """Sentences of the intro and of narrative sections (overview, problems, other, or flagged)."""
    if not report.ok:
        return []
    spans = [(s.body_start, s.end) for s in report.sections if s.narrative or s.key in NARRATIVE_KEYS]
    return [s for s in report.sentences
            if s.section == "intro" or s.section in NARRATIVE_KEYS or any(a <= s.start < b for a, b in spans)]


def prepare(index: int, report: Report) -> list[Unit]:
    """The report's narrative sentences with their folded and masked matching keys (map step)."""
    if report.document is None:
        return []
    analysis = report.document.analysis_text
    out = []
    for s in narrative_sentences(report):
        folded = match_key(analysis[s.start:s.end])
        out.append(Unit(index, s.section, s.text, s.start, s.end, folded, mask_numbers(folded)))
    return out


class _Vectors:
    """Hashed char 2–4-gram counts of every distinct masked text, computed once."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._hasher = HashingVectorizer(analyzer="char", ngram_range=(2, 4), n_features=2 ** 20,
                                         alternate_sign=False, norm=None)
        self.row: dict[str, int] = {}
        self._pending: list[str] = []
        self.counts: sparse.csr_matrix | None = None

    def add(self, text: str) -> int:
        if text not in self.row:
            self.row[text] = len(self.row)
            self._pending.append(text)
        return self.row[text]

    def build(self) -> sparse.csr_matrix:
        self.counts = self._hasher.transform(self._pending).tocsr()
        self._pending = []
        return self.counts


def find_reuse(reports: list[Report], body_of: Callable[[Report], str],
               settings: Settings | None = None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    """Recycled sentences and reuse figures of every report, keyed by report path.

    Reports are grouped by ``body_of``; reports of one body and one year (a page saved twice)
    are never compared with each other. A sentence the body already wrote in an earlier year is
    carried over even when other bodies share it; otherwise a sentence shared with another body
    is a template (docs/boilerplate.md).
    """
    settings = settings or Settings()
    units = [prepare(i, r) for i, r in enumerate(reports)]
    bodies = [body_of(r) if r.ok else "" for r in reports]
    years = [r.document.year if r.document is not None else None for r in reports]
    vectors = _Vectors()
    single_rows = [[vectors.add(u.masked) for u in us] for us in units]
    pairs = [_pairs(us) for us in units]
    pair_rows = [[vectors.add(us[i].masked + us[i + 1].masked) for i in p] for us, p in zip(units, pairs)]
    counts = vectors.build()

    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        if units[i]:
            groups[bodies[i]].append(i)
    carried: dict[tuple[int, int], _Match] = {}
    for members in groups.values():
        if len(members) > 1:
            carried.update(_match_body(members, units, years, single_rows, pairs, pair_rows, counts, settings))
    templates = _templates(units, bodies, years, single_rows, counts, settings)

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


def _rank(match: _Match, year: int | None, years: list[int | None]) -> tuple[Any, ...]:
    """Sort key: an earlier year first, then the stronger kind, the closer year, the higher score."""
    source_year = years[match.report]
    if year is None or source_year is None:
        return (1, _KIND_RANK.get(match.kind, 3), 9999, -match.similarity)
    return (0 if source_year < year else 1, _KIND_RANK.get(match.kind, 3), abs(year - source_year),
            -match.similarity)


def _match_body(members: list[int], units: list[list[Unit]], years: list[int | None],
                single_rows: list[list[int]], pairs: list[list[int]], pair_rows: list[list[int]],
                counts: sparse.csr_matrix, settings: Settings) -> dict[tuple[int, int], _Match]:
    """Same-body matches: every narrative sentence against the body's other years."""
    # Columns: every single sentence and every consecutive pair of the body's reports.
    col_report, col_units, col_rows = [], [], []
    for r in members:
        for j, row in enumerate(single_rows[r]):
            col_report.append(r)
            col_units.append((j,))
            col_rows.append(row)
        for i, row in zip(pairs[r], pair_rows[r]):
            col_report.append(r)
            col_units.append((i, i + 1))
            col_rows.append(row)
    from sklearn.feature_extraction.text import TfidfTransformer

    fit_rows = sorted({row for r in members for row in single_rows[r]})
    weigh = TfidfTransformer(sublinear_tf=True).fit(counts[fit_rows])
    columns = weigh.transform(counts[col_rows])
    col_report_arr = np.array(col_report)
    col_year = np.array([years[r] if years[r] is not None else -1 for r in col_report])
    is_single = np.array([len(u) == 1 for u in col_units])
    out: dict[tuple[int, int], _Match] = {}
    for r in members:
        if not single_rows[r]:
            continue
        year = years[r]
        other = col_report_arr != r
        if year is not None:
            other &= col_year != year
        if not other.any():
            continue
        queries = weigh.transform(counts[single_rows[r]])
        scores = (queries @ columns.T).toarray()
        scores[:, ~other] = 0.0
        for j, unit in enumerate(units[r]):
            if len(unit.masked) < settings.min_chars:
                continue
            best = None
            for c in np.flatnonzero(scores[j] >= settings.near):
                match = _candidate(unit, col_report[c], col_units[c], float(scores[j, c]), units)
                if best is None or _rank(match, year, years) < _rank(best, year, years):
                    best = match
            if best is not None:
                out[(r, j)] = best
        _splits(r, units, pairs, pair_rows, counts, weigh, columns, scores, other & is_single,
                col_report, col_units, year, years, settings, out)
    return out


def _candidate(unit: Unit, report: int, parts: tuple[int, ...], score: float,
               units: list[list[Unit]]) -> _Match:
    folded = "".join(units[report][k].folded for k in parts)
    masked = "".join(units[report][k].masked for k in parts)
    return _Match(_classify(unit, folded, masked), round(min(score, 1.0), 4), report, parts)


def _splits(r: int, units: list[list[Unit]], pairs: list[list[int]], pair_rows: list[list[int]],
            counts: sparse.csr_matrix, weigh: TfidfTransformer, columns: sparse.csr_matrix,
            single_scores: np.ndarray, allowed: np.ndarray, col_report: list[int],
            col_units: list[tuple[int, ...]], year: int | None, years: list[int | None],
            settings: Settings, out: dict[tuple[int, int], _Match]) -> None:
    """Two consecutive sentences that together match one source sentence: a split sentence."""
    if not pairs[r]:
        return
    scores = (weigh.transform(counts[pair_rows[r]]) @ columns.T).toarray()
    scores[:, ~allowed] = 0.0
    for p, i in enumerate(pairs[r]):
        hits = np.flatnonzero(scores[p] >= settings.near)
        if not len(hits):
            continue
        matches = {c: _Match("near", round(float(scores[p, c]), 4), col_report[c], col_units[c]) for c in hits}
        c = min(matches, key=lambda c: _rank(matches[c], year, years))
        for j in (i, i + 1):
            if (r, j) not in out and single_scores[j, c] >= settings.split_part:
                out[(r, j)] = matches[c]


def _templates(units: list[list[Unit]], bodies: list[str], years: list[int | None],
               single_rows: list[list[int]], counts: sparse.csr_matrix,
               settings: Settings) -> dict[tuple[int, int], tuple[_Match, int]]:
    """Sentences shared with at least one other body: (best other-body source, number of bodies)."""
    # Reduce over distinct masked sentences: which bodies use each, and a few occurrences per year.
    key_bodies: dict[int, set[str]] = defaultdict(set)
    key_reps: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for r, us in enumerate(units):
        for j, unit in enumerate(us):
            if len(unit.masked) < settings.min_chars:
                continue
            row = single_rows[r][j]
            key_bodies[row].add(bodies[r])
            reps = key_reps[row][years[r] if years[r] is not None else -1]
            if len(reps) < 2 and all(bodies[x] != bodies[r] for x, _ in reps):
                reps.append((r, j))
    keys = sorted(key_bodies)
    neighbours = _near_keys(keys, counts, settings)
    out: dict[tuple[int, int], tuple[_Match, int]] = {}
    spread = {k: set(key_bodies[k]).union(*(key_bodies[n] for n, _ in neighbours.get(k, ()))) for k in keys}
    for r, us in enumerate(units):
        for j, unit in enumerate(us):
            row = single_rows[r][j]
            if row not in spread or len(spread[row]) < 2:
                continue
            source = _template_source(row, r, bodies, years, key_reps, neighbours)
            if source is not None:
                s_report, s_unit, similarity = source
                out[(r, j)] = (_Match("template", similarity, s_report, (s_unit,)), len(spread[row]))
    return out


def _template_source(row: int, r: int, bodies: list[str], years: list[int | None],
                     key_reps: dict[int, dict[int, list[tuple[int, int]]]],
                     neighbours: dict[int, list[tuple[int, float]]]) -> tuple[int, int, float] | None:
    """The other body's occurrence to cite: the most similar, then the same or closest year."""
    year = years[r] if years[r] is not None else -1
    for key, similarity in [(row, 1.0)] + neighbours.get(row, []):
        found = [(abs(y - year), s_r, s_j) for y, reps in key_reps[key].items()
                 for s_r, s_j in reps if bodies[s_r] != bodies[r]]
        if found:
            _, s_r, s_j = min(found)
            return s_r, s_j, similarity
    return None


def _near_keys(keys: list[int], counts: sparse.csr_matrix,
               settings: Settings) -> dict[int, list[tuple[int, float]]]:
    """Near-identical distinct sentences (MinHash banding candidates verified by cosine)."""
    if len(keys) < 2:
        return {}
    from sklearn.feature_extraction.text import TfidfTransformer

    weighted = TfidfTransformer(sublinear_tf=True).fit_transform(counts[keys]).tocsr()
    signatures = _minhash(counts[keys], settings.bands * settings.rows)
    candidates = _band_pairs(signatures, settings.bands, settings.rows, settings.window)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for chunk in range(0, len(candidates), 200_000):
        a, b = candidates[chunk:chunk + 200_000].T
        cosine = np.asarray(weighted[a].multiply(weighted[b]).sum(axis=1)).ravel()
        for x, y, c in zip(a[cosine >= settings.template], b[cosine >= settings.template],
                           cosine[cosine >= settings.template]):
            out[keys[x]].append((keys[y], round(float(c), 4)))
            out[keys[y]].append((keys[x], round(float(c), 4)))
    for near in out.values():
        near.sort(key=lambda item: -item[1])
    return out


def _minhash(counts: sparse.csr_matrix, n: int) -> np.ndarray:
    """MinHash signatures (rows x n) over the hashed n-gram features of each sentence."""
    rng = np.random.default_rng(20240531)
    a = rng.integers(1, 1 << 61, size=n, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 61, size=n, dtype=np.uint64)
    features = counts.indices.astype(np.uint64)
    starts = counts.indptr[:-1]
    signatures = np.empty((counts.shape[0], n), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashed = ((features * a[k] + b[k]) >> np.uint64(32)).astype(np.uint32)
            signatures[:, k] = np.minimum.reduceat(hashed, starts)
    return signatures


def _band_pairs(signatures: np.ndarray, bands: int, rows: int, window: int) -> np.ndarray:
    """Distinct index pairs (i < j) that agree on all rows of some band, windowed per bucket."""
    found = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.zeros(len(signatures), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = (h ^ signatures[:, col].astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            order = np.argsort(h, kind="stable")
            ordered = h[order]
            for d in range(1, window + 1):
                same = ordered[:-d] == ordered[d:]
                if not same.any():
                    break
                found.append(np.stack([order[:-d][same], order[d:][same]], axis=1))
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
