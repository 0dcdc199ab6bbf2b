"""The map of a bounded run (``run.bounded``): each file analysed (or found in the cache) on the
workers, its cache entry written there, and only a compact ``Record`` sent back to this process,
with the masked text of each narrative sentence numbered (the cross-body template step's input).
Copies of one report are merged by reading back only the reports of a body and year held twice."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..analyze.sentences import narrative_sentences
from ..model import Report
from ..read.agency import body_key
from .cache import (
    AnalysisCache,
    load_report,
    pack,
    unpack_report,
    write_entry,
)
from .inputs import read_input
from .runner import Failure, Runner


@dataclass(frozen=True, slots=True, eq=False)
class Record:
    """What this process keeps of an analysed report while the run goes on (a few hundred
    bytes): the report itself is in the cache ``entry`` (or ``whole``, the rare report whose
    entry could not be written)."""

    path: str
    key: bytes
    entry: str
    body: str
    agency: str | None
    year: int | None
    is_report: bool
    rows: np.ndarray  # per narrative sentence: the number of its masked text in this run
    copies: tuple[str, ...] = ()
    whole: Report | None = None

    @property
    def ok(self) -> bool:
        return True


Item = Record | Report  # a Report here is an input that could not be read or analysed


def whole(record: Record, blob: bytes | None = None) -> Report:
    """The whole report of ``record``, from the cache (or from its entry's bytes ``blob``, read
    by the parent for a Dask worker); analysed again from its file if the entry is gone (removed
    or damaged since): a batch never loses a document."""
    from .pipeline import analyze_path

    found = record.whole or (unpack_report(blob, record.key, record.path) if blob is not None
                             else load_report(Path(record.entry), record.key, record.path))
    if found is None:
        found = analyze_path(record.path)
    return replace(found, copies=record.copies)



def analysed(files: list[str], run: Runner, cache: AnalysisCache, refused: Mapping[str, str],
             progress: Callable[[Any], None] | None, window: int,
             analyse: Callable[[tuple[str, bytes]], Report]) -> tuple[list[Item], list[str]]:
    """A record (or error report) per file in input order, and the masked sentence texts the
    records' ``rows`` number (each distinct text once). ``analyse`` makes the Report of a file's
    bytes, never raising (``corpus._safe_analyze``)."""
    masked: dict[str, int] = {}
    bodies: dict[str, str] = {}  # one string per body name, shared by its records
    items: list[Item] = []
    for start in range(0, len(files), window):
        names = files[start:start + window]
        done: dict[int, Item] = {}
        jobs: list[tuple[int, _MapJob]] = []
        for i, name in enumerate(names):
            data = read_input(name, refused)
            if isinstance(data, Report):
                done[i] = data
                continue
            key = cache.key(data)
            entry = cache.entry(key)
            # A Dask worker may not see the cache: it gets a hit's entry, and sends a new one back.
            blob = entry_bytes(entry) if run.client is not None else None
            jobs.append((i, (name, data, key, str(entry), blob, run.client is None, analyse)))
        for (i, job), result in zip(jobs, run(_analyse_to_record, [job for _, job in jobs])):
            if isinstance(result, Failure):
                done[i] = Report(path=job[0], document=None, error=f"{job[0]}: {result.error}")
                continue
            if isinstance(result, Report):  # an error, or a report whose entry could not be written
                if not result.ok:
                    done[i] = result
                    continue
                head, texts, payload = _head(result, job[2], job[3]), masked_texts(result), None
            else:
                head, texts, payload = result
            if payload is not None:
                cache.store_packed(job[2], payload)
            head["body"] = bodies.setdefault(head["body"], head["body"])
            rows = np.array([masked.setdefault(t, len(masked)) for t in texts], dtype=np.int32)
            done[i] = Record(**head, rows=rows, whole=result if isinstance(result, Report) else None)
        del jobs
        for i in range(len(names)):
            if progress:
                progress(done[i])
            items.append(done[i])
    return items, list(masked)


def _head(report: Report, key: bytes, entry: str) -> dict[str, Any]:
    """A record's fields but its sentences' numbers."""
    doc = report.document
    assert doc is not None
    return {"path": report.path, "key": key, "entry": entry, "body": body_key(doc.agency), "agency": doc.agency,
            "year": doc.year, "is_report": doc.is_report}


def masked_texts(report: Report) -> list[str]:
    """The masked text of each narrative sentence (what ``boilerplate._templates`` numbers)."""
    from ..compare.masking import mask_numbers
    from ..read.normalize import match_key

    analysis = report.document.analysis_text if report.document is not None else ""
    return [mask_numbers(match_key(analysis[s.start:s.end])) for s in narrative_sentences(report)]


# A file of the map: its path, bytes, cache key and entry, and the function that analyses it.
# A file of the map: its path, bytes, cache key and entry (and the entry's bytes, for a Dask
# worker, when it is a hit), whether the worker writes the entry itself (a local worker: it sees
# the cache), and the function that analyses it.
_MapJob = tuple[str, bytes, bytes, str, "bytes | None", bool, Callable[[tuple[str, bytes]], Report]]


def _analyse_to_record(job: _MapJob) -> Report | tuple[dict[str, Any], list[str], bytes | None]:
    """On a worker: the report of one file, from its cache entry or analysed, sent back as its
    record's fields and its narrative sentences' masked texts (or whole, when it failed or, on a
    local worker, its entry could not be written). A local worker writes a new entry itself; a
    Dask worker sends it back packed (the third value)."""
    name, data, key, entry, blob, local, analyse = job
    report = unpack_report(blob, key, name) if blob is not None else load_report(Path(entry), key, name) if local else None
    payload = None
    if report is None:
        report = analyse((name, data))
        if report.error is None:
            payload = pack(report)
            if local:
                write_entry(Path(entry), key, payload)
                payload = None
    if not report.ok or (local and not Path(entry).is_file()):
        return report
    return _head(report, key, entry), masked_texts(report), payload


def entry_bytes(entry: Path) -> bytes | None:
    """An entry's bytes, or None when there is none."""
    try:
        return entry.read_bytes()
    except OSError:
        return None


def merged(items: list[Item]) -> list[Item]:
    """``items`` with copies of one report merged (``compare.copies``): only reports of a body
    and year held by two or more records are read back to compare them."""
    from ..compare.copies import copy_sets

    groups: dict[tuple[str, int], list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, Record) and item.is_report and item.year is not None:
            groups.setdefault((item.body, item.year), []).append(i)
    kept: dict[int, Item] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        records = [items[i] for i in members]
        assert all(isinstance(r, Record) for r in records)
        for best, cluster in copy_sets([whole(r) for r in records if isinstance(r, Record)]):
            indices = [members[k] for k in cluster]
            chosen = records[best]
            assert isinstance(chosen, Record)
            others = tuple(items[i].path for i in indices if i != members[best])
            kept[min(indices)] = replace(chosen, copies=chosen.copies + others)
            dropped.update(i for i in indices if i != min(indices))
    return [kept.get(i, r) for i, r in enumerate(items) if i not in dropped]


def annual(items: list[Item]) -> Counter[str]:
    """The annual reports of each body (what ``present.stream.BodySeries`` expects)."""
    return Counter(r.body for r in items if isinstance(r, Record) and r.is_report)


def as_record(item: Item) -> Record:
    assert isinstance(item, Record)
    return item

