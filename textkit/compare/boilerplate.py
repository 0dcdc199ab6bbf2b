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

from ..analyze.sentences import narrative_sentences
from ..config import Settings
from ..model import Recycled, Report, Sentence, SourceRef
from ..read.normalize import match_key
from .masking import mask_numbers
from .near_pairs import Distinct, Mapper
from .template_memory import TemplateMemory
from .templates import Flat, Templates, find_templates
from .vectors import SublinearTfidf, char_ngram_counts

if TYPE_CHECKING:  # scipy loads only when matching runs (fast CLI start).
    from scipy import sparse

KINDS = ("verbatim", "numbers_changed", "near", "template")
CARRIED_KINDS = ("verbatim", "numbers_changed", "near")
# Score matrices are computed this many query rows at a time, bounding memory for big bodies.
CHUNK = 2048


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
    """The report's narrative sentences with their folded and masked matching keys.

    ``cache`` maps a sentence to its keys across reports: boilerplate repeats, so most sentences
    of a large corpus are keyed once."""
    if report.document is None:
        return []
    cache = {} if cache is None else cache
    analysis = report.document.analysis_text
    out = []
    for s in narrative_sentences(report):
        folded, masked = _keys(analysis[s.start:s.end], cache)
        out.append(Unit(index, s.section, s.text, s.start, s.end, folded, masked))
    return out


def _keys(raw: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Folded and masked matching keys of one sentence's analysis text, computed once per text."""
    keys = cache.get(raw)
    if keys is None:
        folded = match_key(raw)
        keys = cache[raw] = (folded, mask_numbers(folded))
    return keys


# Same-body matches of a corpus: (report index, sentence index) -> the source it cites.
Carried = dict[tuple[int, int], "Match"]


def find_reuse(reports: list[Report], body_of: Callable[[Report], str], settings: Settings | None = None,
               carried: Callable[[], Carried] | None = None, memory: TemplateMemory | None = None,
               mapper: Mapper | None = None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    """Recycled sentences and reuse figures of every report, keyed by report path.

    Reports are grouped by ``body_of``; reports of one body and one year (a page saved twice)
    are never compared with each other. A sentence the body already wrote in an earlier year is
    carried over even when other bodies share it; otherwise a sentence shared with another body
    is a template (docs/boilerplate.md).

    ``carried``, when given, supplies the same-body matches computed elsewhere (``carried_in_body``
    over each body, e.g. in worker processes); it is called after the cross-body template step,
    so that work can run meanwhile. ``memory`` and ``mapper`` go to the template step
    (``templates.find_templates``).
    """
    return _find_reuse(reports, body_of, settings or Settings(), carried, memory, mapper)


def carried_in_body(reports: Sequence[Report], members: list[int], settings: Settings | None = None,
                    keys: dict[str, tuple[str, str]] | None = None) -> Carried:
    """Same-body matches of the reports ``members`` (indices into ``reports``, all of one body,
    in input order): exactly what ``find_reuse`` finds for that body, computed from that body
    alone, so bodies can be matched in parallel. Report indices in the result index ``reports``.
    ``keys`` caches each sentence's matching keys across calls (see ``prepare``)."""
    cache: dict[str, tuple[str, str]] = {} if keys is None else keys
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
                carried: Callable[[], Carried] | None, memory: TemplateMemory | None,
                mapper: Mapper | None) -> dict[str, tuple[tuple[Recycled, ...], dict[str, Any]]]:
    said = [narrative_sentences(r) for r in reports]
    body_ids: dict[str, int] = {}
    bodies = [body_ids.setdefault(body_of(r), len(body_ids)) if r.ok else -1 for r in reports]
    years = [_year(r) for r in reports]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        if said[i]:
            groups[bodies[i]].append(i)
    # One report (textkit show) or one body's years have no other body: skip the template
    # reduce, and with it the scipy import.
    templates = _templates(reports, said, bodies, years, settings, memory, mapper) if len(groups) > 1 else None
    if carried is not None:
        same_body = carried()
    else:
        same_body = {}
        keys: dict[str, tuple[str, str]] = {}  # shared by the bodies: boilerplate recurs
        for members in groups.values():
            if len(members) > 1:
                same_body.update(carried_in_body(reports, members, settings, keys))

    out = {}
    sources: dict[tuple[int, tuple[int, ...]], SourceRef] = {}
    start = 0
    for i, report in enumerate(reports):
        recycled = []
        if templates is not None:
            cited = templates.report[start:start + len(said[i])].tolist()
            cited_unit = templates.unit[start:start + len(said[i])].tolist()
            similarity = templates.similarity[start:start + len(said[i])].tolist()
            spread = templates.bodies[start:start + len(said[i])].tolist()
        for j, sentence in enumerate(said[i]):
            match = same_body.get((i, j))
            template = templates is not None and cited[j] >= 0
            if match is not None and (not template or _earlier(match, years[i], years)):
                recycled.append(_recycled(sentence, match, reports, said, 1, sources))
            elif template:
                match = Match("template", similarity[j], cited[j], (cited_unit[j],))
                recycled.append(_recycled(sentence, match, reports, said, spread[j], sources))
            elif match is not None:
                recycled.append(_recycled(sentence, match, reports, said, 1, sources))
        start += len(said[i])
        out[report.path] = (tuple(recycled), reuse_figures(said[i], recycled))
    return out


def _templates(reports: list[Report], said: list[list[Sentence]], bodies: list[int], years: list[int | None],
               settings: Settings, memory: TemplateMemory | None, mapper: Mapper | None) -> Templates:
    """The cross-body reduce over every narrative sentence's masked text (``templates``)."""
    masked: dict[str, int] = {}  # masked sentence -> its number
    row_of: dict[str, int] = {}  # sentence -> the number of its masked text: boilerplate recurs
    rows: list[int] = []
    for report, sentences in zip(reports, said):
        analysis = report.document.analysis_text if report.document is not None else ""
        for s in sentences:
            raw = analysis[s.start:s.end]
            row = row_of.get(raw)
            if row is None:
                row = row_of[raw] = masked.setdefault(mask_numbers(match_key(raw)), len(masked))
            rows.append(row)
    del row_of
    lengths = np.array([len(sentences) for sentences in said], dtype=np.int64)
    flat = Flat(np.array(rows, dtype=np.int64), np.repeat(np.arange(len(reports)), lengths),
                np.repeat(np.array([y if y is not None else -1 for y in years], dtype=np.int64), lengths),
                np.repeat(np.array(bodies, dtype=np.int64), lengths))
    return find_templates(flat, Distinct.of(list(masked)), settings, memory, mapper)


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


def _rounded(scores: np.ndarray, ceiling: bool) -> np.ndarray:
    """Similarities as reported: at most 1 when ``ceiling``, rounded to 4 places as Python's
    ``round`` does. In arrays: ``rint(x * 10000) / 10000`` is the same float wherever ``x *
    10000`` lies clearly off a half (its rounding error is about 1e-12); the few that lie
    within 1e-6 of one are left to ``round``."""
    values = scores.astype(np.float64)
    if ceiling:
        values = np.minimum(values, 1.0)
    scaled = values * 10000.0
    out = np.rint(scaled) / 10000.0
    halfway = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if halfway.any():
        out[halfway] = [round(x, 4) for x in values[halfway].tolist()]
    return out


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
    """Which (query, column) pairs, given side by side, may be compared: other reports, other
    years (earlier only unless ``later``); a report of unknown year (-1) is compared with every
    other report."""
    years_ok = (c_year != q_year) if later else ((c_year < q_year) & (c_year >= 0))
    return (c_report != q_report) & (years_ok | (q_year < 0))  # type: ignore[no-any-return]


def _grouped(of: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The occurrences (positions in ``of``) of each of ``n`` distinct values: those of value v
    are ``order[starts[v]:starts[v + 1]]``, in ascending position."""
    order = np.argsort(of, kind="stable")
    starts = np.concatenate(([0], np.cumsum(np.bincount(of, minlength=n))))
    return order, starts


def _expand(hit_rows: np.ndarray, hit_cols: np.ndarray, rows: tuple[np.ndarray, np.ndarray],
            cols: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (row occurrence, column occurrence) of the distinct (row, column) hits, as (the
    hit it comes from, row occurrence, column occurrence); ``rows`` and ``cols`` are
    ``_grouped`` occurrences."""
    (row_order, row_starts), (col_order, col_starts) = rows, cols
    n_rows = row_starts[hit_rows + 1] - row_starts[hit_rows]
    n_cols = col_starts[hit_cols + 1] - col_starts[hit_cols]
    sizes = n_rows * n_cols
    hit = np.repeat(np.arange(len(hit_rows)), sizes)
    k = np.arange(len(hit)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    per_row = n_cols[hit]
    return (hit, row_order[row_starts[hit_rows][hit] + k // per_row],
            col_order[col_starts[hit_cols][hit] + k % per_row])


def _hits(rows: "sparse.csr_matrix", columns: "sparse.csr_matrix", threshold: float, ceiling: bool,
          keep_first: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(distinct row, distinct column, similarity as reported) of every score of ``rows``
    against ``columns`` at or above ``threshold``, scored CHUNK rows at a time, and the dense
    scores against the first ``keep_first`` columns."""
    right = columns.T.tocsr()  # what each product would convert it to, once
    found_rows, found_cols, found_scores, kept = [], [], [], []
    for lo in range(0, rows.shape[0], CHUNK):
        scores = (rows[lo:lo + CHUNK] @ right).toarray()
        kept.append(scores[:, :keep_first].copy())
        hit_rows, hit_cols = np.nonzero(scores >= threshold)
        found_rows.append(hit_rows + lo)
        found_cols.append(hit_cols)
        found_scores.append(scores[hit_rows, hit_cols])
    return (np.concatenate(found_rows), np.concatenate(found_cols),
            _rounded(np.concatenate(found_scores), ceiling), np.vstack(kept))


def _match_body(members: list[int], units: Mapping[int, list[Unit]], years: Mapping[int, int | None],
                rows: Mapping[int, list[int]], counts: "sparse.csr_matrix", settings: Settings) -> Carried:
    """Same-body matches: every narrative sentence against the body's other years, with one
    TF-IDF weighting fitted on the body's own sentences. ``units``, ``years`` and ``rows`` are
    indexed by the report's index in the corpus; ``rows`` number the masked sentences as the
    rows of ``counts``."""
    from scipy import sparse

    where = [(r, j) for r in members for j in range(len(units[r]))]
    flat = {key: n for n, key in enumerate(where)}
    pairs = [(r, i) for r in members for i in _pairs(units[r])]
    # Sentences repeat across a body's years: vectors and scores are computed once per distinct
    # masked sentence (and distinct pair of them); only the scores that reach the threshold are
    # spread to their occurrences (``_expand``). Each score is the same dot product either way.
    distinct, position = np.unique([rows[r][j] for r, j in where], return_inverse=True)
    position = position.ravel()
    vocab = _local(counts, distinct)
    weigh = SublinearTfidf(vocab)
    singles = weigh.transform(vocab)
    first = np.array([flat[(r, i)] for r, i in pairs], dtype=np.int64)
    n = np.int64(len(distinct))
    pair_keys, pair_position = np.unique(position[first] * n + position[first + 1], return_inverse=True)
    pair_position = pair_position.ravel()
    merged = weigh.transform(vocab[pair_keys // n] + vocab[pair_keys % n]) if pairs else None
    columns = sparse.vstack([singles, merged]).tocsr() if merged is not None else singles
    column_of = np.concatenate([position, len(distinct) + pair_position])
    col_where = where + [(r, i) for r, i in pairs]
    col_units = [(j,) for _, j in where] + [(i, i + 1) for _, i in pairs]
    c_report = np.array([r for r, _ in col_where])
    c_year = np.array([years[r] if years[r] is not None else -1 for r, _ in col_where])
    short = np.array([len(units[r][j].masked) < settings.min_chars for r, j in where])
    folded = _ids([units[r][j].folded for r, j in where] + [units[r][i].folded + units[r][i + 1].folded for r, i in pairs])
    masked = _ids([units[r][j].masked for r, j in where] + [units[r][i].masked + units[r][i + 1].masked for r, i in pairs])
    out: dict[tuple[int, int], Match] = {}
    by_single = _grouped(position, len(distinct))
    hit_rows, hit_cols, similarity, single_scores = _hits(singles, columns, settings.near, True, len(distinct))
    single_scores[position[short]] = 0.0  # a short sentence is no part of a split either
    hit, queries, cols = _expand(hit_rows, hit_cols, by_single, _grouped(column_of, columns.shape[0]))
    keep = _allowed(c_report[queries], c_year[queries], c_report[cols], c_year[cols], settings.later) & ~short[queries]
    hit, queries, cols = hit[keep], queries[keep], cols[keep]
    sims = similarity[hit].tolist()
    rank = np.where(folded[queries] == folded[cols], 0, np.where(masked[queries] == masked[cols], 1, 2))
    for k in _choose(queries, cols, sims, rank, c_year[queries], c_year[cols]):
        c = int(cols[k])
        out[where[queries[k]]] = Match(_KIND_BY_RANK[rank[k]], sims[k], col_where[c][0], col_units[c])
    if merged is not None:
        _splits(pairs, (merged, _grouped(pair_position, merged.shape[0])), (singles, by_single, position),
                single_scores, flat, where, c_report[:len(where)], c_year[:len(where)], years, settings, out)
    return out


def _splits(pairs: list[tuple[int, int]], merged: tuple["sparse.csr_matrix", tuple[np.ndarray, np.ndarray]],
            singles: tuple["sparse.csr_matrix", tuple[np.ndarray, np.ndarray], np.ndarray], single_scores: np.ndarray,
            flat: dict[tuple[int, int], int], where: list[tuple[int, int]], c_report: np.ndarray,
            c_year: np.ndarray, years: Mapping[int, int | None], settings: Settings,
            out: dict[tuple[int, int], Match]) -> None:
    """Two consecutive sentences that together match one source sentence: a split sentence.
    Each part must itself resemble the source (``split_part``), so a new sentence next to a
    carried one is not swept in. ``merged`` and ``singles`` are the distinct vectors with their
    ``_grouped`` occurrences (and, for singles, each occurrence's distinct row);
    ``single_scores`` the distinct singles' scores against each other."""
    (merged_rows, by_pair), (single_rows, by_single, position) = merged, singles
    p_report = np.array([r for r, _ in pairs])
    p_year = np.array([years[r] if years[r] is not None else -1 for r, _ in pairs])
    hit_rows, hit_cols, similarity, _ = _hits(merged_rows, single_rows, settings.near, False)
    hit, queries, cols = _expand(hit_rows, hit_cols, by_pair, by_single)
    keep = _allowed(p_report[queries], p_year[queries], c_report[cols], c_year[cols], settings.later)
    hit, queries, cols = hit[keep], queries[keep], cols[keep]
    sims = similarity[hit].tolist()
    for k in _choose(queries, cols, sims, np.full(len(queries), 2), p_year[queries], c_year[cols]):
        r, i = pairs[int(queries[k])]
        c = int(cols[k])
        best = Match("near", sims[k], where[c][0], (where[c][1],))
        for j in (i, i + 1):
            if (r, j) not in out and single_scores[position[flat[(r, j)]], position[c]] >= settings.split_part:
                out[(r, j)] = best


def _recycled(sentence: Sentence, match: Match, reports: list[Report], said: list[list[Sentence]],
              bodies: int, sources: dict[tuple[int, tuple[int, ...]], SourceRef]) -> Recycled:
    """``sources`` shares one SourceRef among the sentences citing the same source (a template
    sentence is cited by thousands): less to build, hold and pickle."""
    ref = sources.get((match.report, match.units))
    if ref is None:
        source = reports[match.report]
        first, last = said[match.report][match.units[0]], said[match.report][match.units[-1]]
        doc = source.document
        assert doc is not None
        ref = sources[(match.report, match.units)] = SourceRef(
            source.path, doc.agency, doc.year, doc.text[first.start:last.end], first.start, last.end)
    return Recycled(sentence.section, sentence.text, sentence.start, sentence.end, match.kind,  # type: ignore[arg-type]
                    match.similarity, ref, bodies)


def reuse_figures(sentences: Iterable[Sentence], recycled: Iterable[Recycled]) -> dict[str, Any]:
    """Shares of narrative characters: new, carried (and by kind), template, and per section."""
    units = list(sentences)
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
