"""Groups the bodies of a corpus into template families: bodies whose reports share model text.

All the townships of a county, or all the departments of a city, often write from one model
report: the same sentences with their own name and figures. A body's *model sentences* are its
narrative sentences keyed with numbers masked and its own name replaced (``#``, ``@``). Keys
used by more than ``max_share`` of all bodies (the legal opening every body writes) are dropped:
they say nothing about a family. Bodies are compared report by report, by the cosine of their sets of keys
(keys two reports share add to it, a report's own sentences lower it), and two bodies are as
similar as their most similar pair of reports: a model is followed in a given year. (Weighting keys by rarity, TF-IDF,
did worse on the planted families of tests/test_families.py: a body's own sentences, the rarest
keys, then outweigh the model it shares; adjusted Rand index 0.77 against 0.997 at 0.2.) Bodies linked by a cosine of at least
``min_similarity`` form candidate groups (connected components of a sparse graph, so nothing
compares all pairs of a large corpus); each group is then split by average-linkage clustering
(scikit-learn) at the same similarity, so one body that borrowed from two models does not merge
two families. A family lists its members and its shared sentences: those used by at least
``min_members_share`` of its members.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..analyze.sentences import narrative_sentences
from ..model import Report
from ..read.agency import body_key
from ..read.normalize import match_key
from .masking import mask_numbers

NAME = "@"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class SharedSentence:
    """A model sentence of a family: as first written by a member, and how many members use it."""

    text: str
    members: int


@dataclass(frozen=True, slots=True)
class Family:
    """Bodies written from one model: ``members`` are body keys (``agency.body_key``), sorted;
    ``agencies`` their names as first written; ``shared`` the model sentences, most used first."""

    id: int
    members: tuple[str, ...]
    agencies: tuple[str, ...]
    shared: tuple[SharedSentence, ...]
    similarity: float  # mean pairwise cosine of the members' model-sentence sets


@dataclass(frozen=True)
class Settings:
    """Thresholds, chosen on the planted families of tests/test_families.py (20 seeds: adjusted
    Rand index at least 0.98 at 0.2, 0.90 at 0.25, 0.61 at 0.3).

    min_similarity: cosine of two bodies' model-sentence sets from which they are of one family.
    max_share: keys used by more than this share of the bodies are everyone's boilerplate.
    min_members_share: a family's shared sentences are those used by at least this share of it.
    min_chars: keys shorter than this (masked, in characters) are too generic to tell a model.
    """

    min_similarity: float = 0.2
    max_share: float = 0.5
    min_members_share: float = 0.5
    min_chars: int = 8

    def __post_init__(self) -> None:
        for name in ("min_similarity", "max_share", "min_members_share"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"families.Settings.{name}={value!r}: must be in (0, 1]")
        if self.min_chars < 1:
            raise ValueError(f"families.Settings.min_chars={self.min_chars!r}: must be a positive integer")


def model_key(sentence: str, names: Iterable[str] = ()) -> str:
    """The key a sentence is compared by: punctuation folded, numbers masked, the body's own
    names replaced by ``@``.

    >>> model_key("2022年，青禾县教育局公开信息612条。", ["青禾县教育局"])
    '#年,@公开信息#条.'
    """
    text = sentence
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, NAME)
    return mask_numbers(match_key(text))


def find_families(reports: Iterable[Report], body_of: Callable[[Report], str] | None = None,
                  settings: Settings | None = None) -> tuple[Family, ...]:
    """Template families among the bodies of ``reports`` (bodies in no family are left out)."""
    collector = FamilyCollector(body_of, settings)
    for report in reports:
        collector.add(report)
    return collector.families()


class FamilyCollector:
    """Gathers what ``find_families`` needs from reports given one at a time (a run streams its
    reports): per report, the keys of its model sentences, and each key's first sentence in each
    body (a family's shared sentences are shown as one of its members wrote them)."""

    def __init__(self, body_of: Callable[[Report], str] | None = None, settings: Settings | None = None) -> None:
        self.body_of = body_of or (lambda r: body_key(r.document.agency if r.document else None))
        self.settings = settings or Settings()
        self._keys: dict[str, list[frozenset[str]]] = {}
        self._agencies: dict[str, str] = {}
        self._texts: dict[str, dict[str, str]] = {}  # key -> body -> the key's first sentence there

    def add(self, report: Report) -> None:
        doc = report.document
        if not report.ok or doc is None or not doc.is_report or not doc.agency:
            return
        body = self.body_of(report)
        self._agencies.setdefault(body, doc.agency)
        analysis = doc.analysis_text
        sentences = [analysis[s.start:s.end] for s in narrative_sentences(report)]
        self.add_texts(body, sentences, (doc.agency,))

    def add_texts(self, body: str, sentences: Iterable[str], names: Iterable[str] = ()) -> None:
        """One report of ``body`` given as its narrative sentences; ``names`` are the body's own."""
        own = tuple(names) or (body,)
        keys = set()
        for sentence in sentences:
            key = model_key(sentence, own)
            if len(_CJK.findall(key)) >= self.settings.min_chars:
                keys.add(key)
                self._texts.setdefault(key, {}).setdefault(body, sentence.strip())
        self._keys.setdefault(body, []).append(frozenset(keys))

    def families(self) -> tuple[Family, ...]:
        return _families(self._keys, self._texts, self._agencies, self.settings)


def families_of_texts(reports: Mapping[str, Sequence[Iterable[str]]], names: Mapping[str, Iterable[str]] | None = None,
                      agencies: Mapping[str, str] | None = None, settings: Settings | None = None) -> tuple[Family, ...]:
    """Template families of bodies given as body -> the narrative sentences of each of its reports.

    ``names`` are each body's own names, replaced before keying (default: the body key itself).
    """
    collector = FamilyCollector(settings=settings)
    for body, texts in reports.items():
        for sentences in texts:
            collector.add_texts(body, sentences, (names or {}).get(body, (body,)))
    collector._agencies.update(agencies or {})
    return collector.families()


def _families(keyed: Mapping[str, list[frozenset[str]]], texts: Mapping[str, Mapping[str, str]], agencies: Mapping[str, str],
              settings: Settings) -> tuple[Family, ...]:
    bodies = sorted(keyed)
    per_body = [frozenset().union(*keyed[b]) for b in bodies]
    df = Counter(key for keys in per_body for key in keys)
    cap = max(2, int(settings.max_share * len(bodies)))
    if not any(2 <= n <= cap for n in df.values()):
        return ()
    # A report's own sentences (used by no other body) count in its norm: a body that borrowed a
    # few model sentences but wrote the rest itself is not of the family.
    vocabulary = {key: i for i, key in enumerate(sorted(k for k, n in df.items() if n <= cap))}
    rows = [[vocabulary[k] for k in keys if k in vocabulary] for b in bodies for keys in keyed[b]]
    owner = [i for i, b in enumerate(bodies) for _ in keyed[b]]
    out = []
    for members, similarity in _cluster(rows, owner, len(bodies), len(vocabulary), settings):
        used = Counter(key for m in members for key in per_body[m] if 1 < df[key] <= cap)
        least = max(2, -(-settings.min_members_share * len(members) // 1))
        shared = sorted((k for k, n in used.items() if n >= least), key=lambda k: (-used[k], k))
        first = {k: next(texts[k][bodies[m]] for m in members if bodies[m] in texts[k]) for k in shared}
        out.append(([bodies[m] for m in members], similarity, tuple(SharedSentence(first[k], used[k]) for k in shared)))
    out.sort(key=lambda f: (-len(f[0]), f[0]))
    return tuple(Family(i + 1, tuple(members), tuple(agencies.get(b, b) for b in members), shared,
                        round(similarity, 3)) for i, (members, similarity, shared) in enumerate(out))


# Reports whose similarities to every other report are computed at once (``_cluster``).
PAIR_BLOCK = 1000


def _best_per_pair(a: Any, b: Any, value: Any, bodies: int) -> tuple[Any, Any, Any]:
    """The highest value of each (a, b) pair of different bodies, sorted by (a, b). One sort of a
    single pair number (a * bodies + b) and a maximum per run of equal numbers: sorting by three
    keys at once (``lexsort``) was the template step's biggest cost after the product itself."""
    import numpy as np

    keep = a != b
    pair = a[keep].astype(np.int64) * bodies + b[keep]
    value = value[keep]
    if not len(pair):
        return pair, pair, value
    order = np.argsort(pair)
    pair, value = pair[order], value[order]
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    pair = pair[starts]
    return pair // bodies, pair % bodies, np.maximum.reduceat(value, starts)


def _cluster(rows: list[list[int]], owner: list[int], bodies: int, width: int,
             settings: Settings) -> list[tuple[list[int], float]]:
    """(member body indices, mean similarity) of every group of two or more bodies. Two bodies
    are as similar as their most similar pair of reports: a model is followed in a given year."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.preprocessing import normalize

    indptr = np.cumsum([0] + [len(row) for row in rows])
    counts = sparse.csr_matrix((np.ones(indptr[-1]), [j for row in rows for j in row], indptr),
                               shape=(len(rows), width))
    unit = normalize(counts)  # rows of unit length: the dot product is the cosine
    of = np.asarray(owner)
    columns = unit.T.tocsr()  # the product's right side in its own format: converted once, not per block
    best: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    # Report pairs a block of rows at a time, each block reduced to its best pair per body pair
    # at once: template sentences make nearly every pair of reports share something, so the
    # whole report-by-report product grows with the square of the run (4.8 GB at 10,000 reports).
    for lo in range(0, unit.shape[0], PAIR_BLOCK):
        pairs = (unit[lo:lo + PAIR_BLOCK] @ columns).tocoo()
        best.append(_best_per_pair(of[pairs.row + lo], of[pairs.col], pairs.data, bodies))
    a, b, value = of[:0], of[:0], np.zeros(0)
    if best:
        a, b, value = (np.concatenate(part) for part in zip(*best))
        a, b, value = _best_per_pair(a, b, value, bodies)
    similar = sparse.csr_matrix((value, (a, b)), shape=(bodies, bodies))
    n, component = connected_components(similar >= settings.min_similarity, directed=False)
    out: list[tuple[list[int], float]] = []
    for c in range(n):
        members = np.flatnonzero(component == c)
        if len(members) < 2:
            continue
        block = similar[members][:, members].toarray()
        np.fill_diagonal(block, 1.0)
        if len(members) == 2:
            labels = np.zeros(2, dtype=int)
        else:
            labels = AgglomerativeClustering(
                n_clusters=None, metric="precomputed", linkage="average",
                distance_threshold=1.0 - settings.min_similarity).fit_predict(1.0 - block)
        for label in np.unique(labels):
            part = np.flatnonzero(labels == label)
            if len(part) < 2:
                continue
            sub = block[np.ix_(part, part)]
            mean = (sub.sum() - len(part)) / (len(part) * (len(part) - 1))
            out.append(([int(members[p]) for p in part], float(mean)))
    return out
