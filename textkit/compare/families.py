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
``min_similarity`` form candidate groups (connected components of a sparse graph: report pairs are
compared a block at a time, keeping only links, and each group's similarities are computed again
from its own reports); each group is then split by average-linkage clustering (scikit-learn's
AgglomerativeClustering) at the same similarity, so one body that borrowed
from two models does not merge two families. A family lists its members and its shared sentences: those used by at least
``min_members_share`` of its members.
"""
from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import msgpack

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
    return _masked_key(text)


@lru_cache(maxsize=1 << 15)
def _masked_key(text: str) -> str:
    """``mask_numbers(match_key(text))``, once per text among the last 32,768: once a body's name
    is replaced, model sentences recur across bodies and years."""
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
    reports), in arrays that grow by a few bytes per model sentence: per report its body and the
    64-bit digests of its model-sentence keys. The sentences themselves (a family's shared
    sentences are shown as one of its members wrote them) go to a temporary file, each (key,
    sentence) written once per body as a rule, and only the few a family shows are read back."""

    def __init__(self, body_of: Callable[[Report], str] | None = None, settings: Settings | None = None) -> None:
        self.body_of = body_of or (lambda r: body_key(r.document.agency if r.document else None))
        self.settings = settings or Settings()
        self._agencies: dict[str, str] = {}
        self._bodies: dict[str, int] = {}  # body -> its number, in order of first report
        self._owner = array("i")  # per report: its body's number
        self._digests = array("Q")  # per report, one after another: its keys' digests, in order of first use
        self._ends = array("q")  # per report: where its digests end
        self._spill: Any = None  # per report a block of its (key, first sentence) pairs new to its body
        self._blocks = array("q")  # per report: where its block ends in the file
        self._recent: dict[int, set[int]] = {}  # the keys written for the last few bodies (bodies come in runs)
        self._found: tuple[int, tuple[Family, ...]] | None = None

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
        first: dict[str, str] = {}  # key -> its first sentence in this report
        for sentence in sentences:
            key = model_key(sentence, own)
            if key not in first and _cjk_count(key) >= self.settings.min_chars:
                first[key] = sentence.strip()
        number = self._bodies.setdefault(body, len(self._bodies))
        digests = [_digest(key) for key in first]
        written = self._recent.pop(number, set())
        self._recent[number] = written  # now the most recent
        while len(self._recent) > RECENT_BODIES:
            del self._recent[next(iter(self._recent))]
        block = [part for (key, text), d in zip(first.items(), digests) if d not in written for part in (key, text)]
        written.update(digests)
        if self._spill is None:
            self._spill = tempfile.TemporaryFile(prefix="textkit-families-")
        self._spill.seek(0, io.SEEK_END)
        self._spill.write(zlib.compress(msgpack.packb(block, unicode_errors="surrogatepass"), 1))
        self._blocks.append(self._spill.tell())
        self._owner.append(number)
        self._digests.extend(digests)
        self._ends.append(len(self._digests))
        self._found = None

    def families(self) -> tuple[Family, ...]:
        if self._found is None or self._found[0] != len(self._owner):
            self._found = (len(self._owner), self._families())
        return self._found[1]

    def _families(self) -> tuple[Family, ...]:
        import numpy as np

        settings = self.settings
        names = sorted(self._bodies)
        if not names:
            return ()
        rank = np.empty(len(names), dtype=np.int64)  # body number -> its place in name order
        rank[[self._bodies[b] for b in names]] = np.arange(len(names))
        owner = rank[np.frombuffer(self._owner, dtype=np.int32)] if len(self._owner) else rank[:0]
        ends = np.frombuffer(self._ends, dtype=np.int64) if len(self._ends) else np.zeros(0, dtype=np.int64)
        digests = np.frombuffer(self._digests, dtype=np.uint64) if len(self._digests) else np.zeros(0, dtype=np.uint64)
        keys, key_of = np.unique(digests, return_inverse=True)
        key_of = key_of.ravel()
        n_keys = np.int64(len(keys))
        body_of_use = np.repeat(owner, np.diff(ends, prepend=0))
        # Each (body, key) once, sorted by body then key, with the position of its first use.
        uses, first_use = np.unique(body_of_use * n_keys + key_of, return_index=True)
        use_body, use_key = uses // n_keys, uses % n_keys
        df = np.bincount(use_key, minlength=len(keys))
        cap = max(2, int(settings.max_share * len(names)))
        if not np.any((df >= 2) & (df <= cap)):
            return ()
        # A report's own sentences (used by no other body) count in its norm: a body that borrowed a
        # few model sentences but wrote the rest itself is not of the family.
        column = np.cumsum(df <= cap) - 1
        kept = df[key_of] <= cap
        report_of_use = np.repeat(np.arange(len(owner)), np.diff(ends, prepend=0))
        indptr = np.concatenate(([0], np.cumsum(np.bincount(report_of_use[kept], minlength=len(owner)))))
        starts = np.searchsorted(use_body, np.arange(len(names) + 1))
        texts = _Spill(self._spill, self._blocks)
        out = []
        for members, similarity in _cluster(indptr, column[key_of[kept]], owner, len(names),
                                            int(np.count_nonzero(df <= cap)), settings):
            at = np.concatenate([np.arange(starts[m], starts[m + 1]) for m in members])
            shared_key = (df[use_key[at]] > 1) & (df[use_key[at]] <= cap)
            at = at[shared_key]
            found, first, used = np.unique(use_key[at], return_index=True, return_counts=True)
            least = max(2, -(-settings.min_members_share * len(members) // 1))
            picked = used >= least
            # The first member (in name order) using each key, and its first sentence with it.
            positions = first_use[at[first[picked]]]
            reports = np.searchsorted(ends, positions, side="right")
            shown = [texts.get(int(r), int(d)) for r, d in zip(reports.tolist(), keys[found[picked]].tolist())]
            shared = sorted(zip(used[picked].tolist(), shown), key=lambda u: (-u[0], u[1][0]))
            out.append(([names[m] for m in members], similarity,
                         tuple(SharedSentence(text, n) for n, (_, text) in shared)))
        out.sort(key=lambda f: (-len(f[0]), f[0]))
        return tuple(Family(i + 1, tuple(members), tuple(self._agencies.get(b, b) for b in members), shared,
                            round(similarity, 3)) for i, (members, similarity, shared) in enumerate(out))


@lru_cache(maxsize=1 << 15)
def _cjk_count(key: str) -> int:
    """The number of CJK characters of a key, once per key among the last 32,768."""
    return len(_CJK.findall(key))


# Bodies whose written keys are remembered, so a body's reports (which come one after another as
# a rule) write each of its model sentences once to the temporary file.
RECENT_BODIES = 8


def _digest(key: str) -> int:
    """A key's 64-bit digest: its identity in the collector's arrays."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class _Spill:
    """Reads back (key, sentence) pairs from the collector's temporary file, a report's block at a time."""

    def __init__(self, spill: Any, blocks: array) -> None:
        self.spill, self.blocks = spill, blocks
        self.read: dict[int, dict[int, tuple[str, str]]] = {}

    def get(self, report: int, digest: int) -> tuple[str, str]:
        """The key with this digest and its first sentence, from ``report``'s block."""
        if report not in self.read:
            start = self.blocks[report - 1] if report else 0
            self.spill.seek(start)
            parts = msgpack.unpackb(zlib.decompress(self.spill.read(self.blocks[report] - start)),
                                   unicode_errors="surrogatepass")
            self.read[report] = {_digest(k): (k, t) for k, t in zip(parts[::2], parts[1::2])}
        return self.read[report][digest]


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


# Report pairs computed at once (``_cluster``: a block of rows against every report).
PAIR_ENTRIES = 500000
# Bodies in one group clustered at once (a dense block of their similarities), and how much
# stricter the link level gets for a group larger than that. On a national run, chance links
# just above ``min_similarity`` chain tens of thousands of bodies into one group (100,000
# generated reports: its block took over 10 GB); the weakest links are what chain them.
GROUP_CAP = 500
STRICTER = 0.05


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


def _cluster(indptr: Any, columns: Any, owner: Any, bodies: int, width: int,
             settings: Settings) -> list[tuple[list[int], float]]:
    """(member body indices, mean similarity) of every group of two or more bodies, from each
    report's keys (CSR: ``columns[indptr[r]:indptr[r + 1]]``) and body (``owner``). Two bodies
    are as similar as their most similar pair of reports: a model is followed in a given year."""
    import numpy as np
    from scipy import sparse

    # Rows of unit length (each key 1 / sqrt(the report's keys)): the dot product is the cosine.
    lengths = np.diff(indptr)
    unit = sparse.csr_matrix((np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths), columns, indptr),
                             shape=(len(owner), width))
    of = np.asarray(owner)
    # Which bodies link (a pair of their reports at min_similarity or more): report pairs a block
    # of rows at a time, each block keeping only its links. Template sentences make nearly every
    # pair of reports share something, so all pairs at once would grow with the square of the run.
    links = [_best_per_pair(a, b, v, bodies)
             for a, b, v in _report_pairs(unit, unit.T.tocsr(), of, settings.min_similarity)]
    a, b, v = (np.concatenate(part) for part in zip(*links)) if links else (of[:0], of[:0], np.zeros(0))
    # Each group's similarities, from its own reports only: memory bounded by the group's size.
    order = np.argsort(of, kind="stable")  # reports by body, each body's in corpus order
    body_starts = np.searchsorted(of[order], np.arange(bodies + 1))
    out: list[tuple[list[int], float]] = []
    for members in _groups(a, b, v, bodies, settings.min_similarity):
        rows = np.sort(np.concatenate([order[body_starts[m]:body_starts[m + 1]] for m in members]))
        block = _similarities(unit, of, rows, members)
        labels = np.zeros(2, dtype=int) if len(members) == 2 else _average_linkage(block, 1.0 - settings.min_similarity)
        for label in np.unique(labels):
            part = np.flatnonzero(labels == label)
            if len(part) < 2:
                continue
            sub = block[np.ix_(part, part)]
            mean = (sub.sum() - len(part)) / (len(part) * (len(part) - 1))
            out.append(([int(members[p]) for p in part], float(mean)))
    return out


def _groups(a: Any, b: Any, value: Any, bodies: int, level: float) -> Iterator[Any]:
    """The sorted member indices of each group of two or more bodies linked (``a``-``b`` at
    ``value``) at ``level`` or more; a group of more than ``GROUP_CAP`` bodies is split again
    at a level ``STRICTER``, until every group fits."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    strong = value >= level
    graph = sparse.csr_matrix((np.ones(int(strong.sum())), (a[strong], b[strong])), shape=(bodies, bodies))
    n, component = connected_components(graph, directed=False)
    order = np.argsort(component, kind="stable")
    starts = np.searchsorted(component[order], np.arange(n + 1))
    for c in range(n):
        members = order[starts[c]:starts[c + 1]]
        if len(members) <= GROUP_CAP:
            if len(members) >= 2:
                yield members
            continue
        inside = np.isin(a, members) & np.isin(b, members)
        yield from _groups(a[inside], b[inside], value[inside], bodies, level + STRICTER)


def _report_pairs(unit: Any, right: Any, of: Any, least: float) -> Any:
    """Per block of rows of ``unit``: (body of row, body of column, cosine) of its report pairs
    at ``least`` or more (every pair when ``least`` is 0)."""
    block = max(1, PAIR_ENTRIES // max(right.shape[1], 1))
    for lo in range(0, unit.shape[0], block):
        pairs = (unit[lo:lo + block] @ right).tocoo()
        keep = pairs.data >= least
        yield of[pairs.row[keep] + lo], of[pairs.col[keep]], pairs.data[keep]


def _similarities(unit: Any, of: Any, rows: Any, members: Any) -> Any:
    """The dense similarity block of the bodies ``members`` (sorted), whose reports are ``rows``
    of ``unit``: each pair as similar as its most similar pair of reports, 1 on the diagonal."""
    import numpy as np

    sub = unit[rows]
    local = np.searchsorted(members, of[rows])  # each report's body as its place among members
    best = [_best_per_pair(a, b, v, len(members)) for a, b, v in _report_pairs(sub, sub.T.tocsr(), local, 0.0)]
    a, b, value = (np.concatenate(part) for part in zip(*best))
    a, b, value = _best_per_pair(a, b, value, len(members))
    block = np.zeros((len(members), len(members)))
    block[a, b] = value
    np.fill_diagonal(block, 1.0)
    return block


def _average_linkage(similar: Any, threshold: float) -> Any:
    """A group label per body: average-linkage clustering of the distances ``1 - similar``,
    merges stopped at ``threshold`` (scikit-learn, imported on this path only: a run without
    candidate groups of three or more bodies never loads it)."""
    from sklearn.cluster import AgglomerativeClustering

    return AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                   distance_threshold=threshold).fit_predict(1.0 - similar)
