"""The cross-body template step of a bounded run: its flat input built from the records, and
the texts of the cited sentences read back from the cache on the workers into a file of the run
(this process keeps five numbers per cited sentence, not its text)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analyze.sentences import narrative_sentences
from ..config import Settings
from ..model import SourceRef
from .records import Item, Record, as_record, entry_bytes, whole
from .runner import Failure, Runner, in_flight

if TYPE_CHECKING:
    from ..compare.near_pairs import Mapper
    from ..compare.template_memory import TemplateMemory

# Reports whose cited template sentences one job reads back from the cache.
SOURCES_PER_JOB = 500

@dataclass(frozen=True)
class Cited:
    """Template citations of the run, only the sentences that are templates: flat position,
    the similarity, the number of bodies, and the cited (report, sentence) as a number into
    ``sources``."""

    position: np.ndarray
    similarity: np.ndarray
    bodies: np.ndarray
    source: np.ndarray


def templates_of(items: list[Item], masked: list[str], settings: Settings, memory: "TemplateMemory | None" = None,
               mapper: "Mapper | None" = None) -> tuple[Cited, list[tuple[int, int]]] | None:
    """``boilerplate._templates`` from the records: the same flat sequence, masked texts numbered
    in order of first use, and bodies numbered in order of first report; ``memory`` keeps the
    step's work between runs."""
    from ..compare.near_pairs import Distinct
    from ..compare.templates import Flat, find_templates

    lengths = np.array([len(r.rows) if isinstance(r, Record) else 0 for r in items], dtype=np.int64)
    body_ids: dict[str, int] = {}
    bodies = [body_ids.setdefault(r.body, len(body_ids)) if isinstance(r, Record) else -1 for r in items]
    if len({b for b, n in zip(bodies, lengths.tolist()) if n}) <= 1:
        return None  # one body (or none) has narrative: no template
    years = [r.year if isinstance(r, Record) and r.year is not None else -1 for r in items]
    rows = np.concatenate([r.rows for r in items if isinstance(r, Record)] + [np.zeros(0, dtype=np.int32)])
    used, first = np.unique(rows, return_index=True)
    order = used[np.argsort(first)]  # masked texts in order of first use
    renumber = np.zeros(len(masked), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    texts = [masked[k] for k in order.tolist()]
    flat = Flat(renumber[rows], np.repeat(np.arange(len(items)), lengths),
                np.repeat(np.array(years, dtype=np.int64), lengths), np.repeat(np.array(bodies, dtype=np.int64), lengths))
    del rows, renumber
    found = find_templates(flat, Distinct.of(texts), settings, memory, mapper)
    hit = np.flatnonzero(found.report >= 0)
    pairs, source = np.unique(found.report[hit] * np.int64(1 << 32) + found.unit[hit], return_inverse=True)
    cited = Cited(hit, found.similarity[hit], found.bodies[hit], source.ravel())
    return cited, [(int(p >> 32), int(p & 0xFFFFFFFF)) for p in pairs.tolist()]


def _source_texts(job: list[tuple[Record, list[int], bytes | None]]) -> list[list[tuple[str, int, int]]]:
    """On a worker: the text and span of the cited narrative sentences of each report."""
    out = []
    for record, units, blob in job:
        report = whole(record, blob)
        said = narrative_sentences(report)
        text = report.document.text if report.document is not None else ""
        out.append([(text[said[u].start:said[u].end], said[u].start, said[u].end) for u in units])
    return out


@dataclass(frozen=True)
class Sources:
    """The cited sentences of the run (``SourceRef`` of each), their texts in a file of the run
    (``path``): per cited sentence this process keeps five numbers, not its text."""

    report: np.ndarray
    start: np.ndarray
    end: np.ndarray
    offset: np.ndarray
    size: np.ndarray
    path: str

    def ref(self, k: int, items: list[Item], texts: Any) -> SourceRef:
        """The SourceRef of cited sentence ``k`` (``texts``: the file, open for reading)."""
        record = as_record(items[int(self.report[k])])
        texts.seek(int(self.offset[k]))
        text = texts.read(int(self.size[k])).decode("utf-8", "surrogatepass")
        return SourceRef(record.path, record.agency, record.year, text, int(self.start[k]), int(self.end[k]))


def sources_of(items: list[Item], pairs: list[tuple[int, int]], run: Runner, path: str) -> Sources:
    """The cited (report, sentence) ``pairs``, read back from the cache on the workers, their
    texts written to ``path``."""
    by_report: dict[int, list[int]] = {}
    for report, unit in pairs:
        by_report.setdefault(report, []).append(unit)
    record_index = {id(items[r]): r for r in by_report}
    reports = list(by_report)
    remote = run.client is not None  # a Dask worker gets the entries' bytes, a job at a time
    jobs = ([(as_record(items[r]), by_report[r], entry_bytes(Path(as_record(items[r]).entry)) if remote else None)
             for r in chunk] for chunk in _chunks(reports))
    number = {pair: k for k, pair in enumerate(pairs)}
    start, end, size = (np.zeros(len(pairs), dtype=np.int32) for _ in range(3))
    offset = np.zeros(len(pairs), dtype=np.int64)
    at = 0
    with open(path, "wb") as out:
        for job, result in in_flight(run, _source_texts, jobs):
            if isinstance(result, Failure):
                result = _source_texts(job)  # its worker died: read here
            for (record, units, _), spans in zip(job, result):
                r = record_index[id(record)]
                for unit, (text, first, last) in zip(units, spans):
                    k = number[(r, unit)]
                    data = text.encode("utf-8", "surrogatepass")
                    out.write(data)
                    start[k], end[k], offset[k], size[k] = first, last, at, len(data)
                    at += len(data)
    return Sources(np.array([r for r, _ in pairs], dtype=np.int64), start, end, offset, size, path)


def _chunks(reports: list[int]) -> Iterator[list[int]]:
    for lo in range(0, len(reports), SOURCES_PER_JOB):
        yield reports[lo:lo + SOURCES_PER_JOB]

