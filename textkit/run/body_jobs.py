"""The per-body jobs of a bounded run: each worker loads its bodies' reports from the cache (or
gets their entries, on Dask), runs follow-up, same-body matching, the cross-year checks and the
recurring problems, and writes each report's results to a folder of the run."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analyze.sentences import narrative_sentences
from ..config import Settings
from ..model import Finding, FollowUp, Report, SourceRef
from .cache import (
    AnalysisCache,
    pack,
    read_entry,
    unpack,
    write_entry,
)
from .records import Item, Record, as_record, entry_bytes, whole
from .runner import gc_paused

# Reports per per-body job, about (bodies are not split).
REPORTS_PER_BODY_JOB = 400

@dataclass(frozen=True)
class BodyJob:
    """A worker's share of the bodies: their records (with their index in the run), each body
    as positions among them with its comparison's cache key and entry, and where to write each
    report's results."""

    records: list[tuple[int, Record]]
    groups: list[list[int]]
    keys: list[tuple[bytes, str]]
    settings: Settings
    folder: str
    # For a Dask worker, which may not see the cache: each record's entry and each body's cached
    # comparison, as bytes read by the parent; the worker then sends back what it would write.
    blobs: list[bytes | None] | None = None
    cached: list[bytes | None] | None = None


# A report's results of the per-body steps: follow-ups, cross-year findings, the error of a
# comparison that failed, and per narrative sentence carried over: (kind, similarity, source).
Links = tuple[tuple[FollowUp, ...], tuple[Finding, ...], "str | None", dict[int, tuple[str, float, SourceRef]]]


# Entries a Dask worker sends back for the parent to write: (file, key, payload).
_Writes = list[tuple[str, bytes, bytes]]


def compare_bodies(job: BodyJob) -> tuple[dict[str, list[tuple[str, list[int]]]], _Writes]:
    """On a worker: follow-up, same-body matching (or the body's cached comparison) and the
    cross-year checks of each body of ``job``, on its reports read back from the cache; each
    report's ``Links`` written to the run's folder (by the parent, for a Dask job: returned).
    Returns the recurring problems of each body that has some (what ``present.stream.BodySeries``
    would find holding the body's reports), and the entries left for the parent to write."""
    from ..audit.across_years import check_across_years
    from ..compare.followup import recurring_problems

    recurring = {}
    writes: _Writes = []

    def put(file: str, key: bytes, payload: bytes) -> None:
        if job.blobs is None:
            write_entry(Path(file), key, payload)
        else:
            writes.append((file, key, payload))

    with gc_paused():
        reports: list[Report] = []
        for n, (members, (key, entry)) in enumerate(zip(job.groups, job.keys)):
            # One body's reports in memory at a time: a job's size does not matter.
            reports[:] = [whole(record, job.blobs[i] if job.blobs is not None else None)
                          for i, (_, record) in ((i, job.records[i]) for i in members)]
            members = list(range(len(members)))
            said: dict[int, list[Any]] = {}
            cached = unpack(blob, key) if job.cached is not None and (blob := job.cached[n]) is not None else \
                read_entry(Path(entry), key) if job.cached is None else None
            follow, carried, failed = _compared(reports, members, cached, job.settings)
            if cached is None and not failed:
                put(entry, key, _body_entry(reports, members, follow, carried))
            across = check_across_years([(reports[i], reports[i].tables) for i in members])
            annual = sorted((r for r in reports if r.document is not None and r.document.is_report),
                            key=lambda r: (r.document.year or 0) if r.document else 0)
            found = recurring_problems(annual)
            if found:
                recurring[job.records[job.groups[n][0]][1].body] = found
            mine: dict[int, dict[int, tuple[str, float, SourceRef]]] = {i: {} for i in members}
            for (r, j), m in carried.items():
                mine[r][j] = (m.kind, m.similarity, _source(reports, m.report, m.units, said))
            for i in members:
                path = reports[i].path
                links: Links = (follow.get(path, ()), across.get(path, ()), failed.get(path), mine[i])
                index, record = job.records[job.groups[n][i]]
                put(str(Path(job.folder) / f"{index}.tkl"), record.key, pack(links))
    return recurring, writes


def _compared(reports: list[Report], members: list[int], cached: object, settings: Settings
              ) -> tuple[dict[str, tuple[FollowUp, ...]], Any, dict[str, str]]:
    """Follow-ups, same-body matches and failures of one body: its ``cached`` comparison when its
    reports are those of an earlier run (``AnalysisCache.body_key``), else computed."""
    from ..compare.boilerplate import Match
    from .link import steps_of_bodies

    if isinstance(cached, tuple) and len(cached) == 2:
        cached_follow, matches = cached
        follow = {reports[i].path: fus for i, fus in zip(members, cached_follow) if fus}
        carried = {(members[p], j): Match(kind, similarity, members[source], units)
                   for (p, j), (kind, similarity, source, units) in matches.items()}
        return follow, carried, {}
    return steps_of_bodies(reports, [members], settings)


def _body_entry(reports: list[Report], members: list[int], follow: dict[str, tuple[FollowUp, ...]], carried: Any) -> bytes:
    """A body's comparison as cached (positions relative to the body: ``link._BodySteps._store``)."""
    position = {i: p for p, i in enumerate(members)}
    return pack((tuple(follow.get(reports[i].path, ()) for i in members),
                 {(position[r], j): (m.kind, m.similarity, position[m.report], m.units) for (r, j), m in carried.items()}))


def _source(reports: list[Report], report: int, units: tuple[int, ...], said: dict[int, list[Any]]) -> SourceRef:
    """The SourceRef of sentences ``units`` of ``reports[report]`` (as ``boilerplate._recycled``)."""
    if report not in said:
        said[report] = narrative_sentences(reports[report])
    source = reports[report]
    doc = source.document
    assert doc is not None
    first, last = said[report][units[0]], said[report][units[-1]]
    return SourceRef(source.path, doc.agency, doc.year, doc.text[first.start:last.end], first.start, last.end)


def body_jobs(items: list[Item], cache: AnalysisCache, settings: Settings, folder: str, n: int,
               remote: bool) -> Iterator[BodyJob]:
    """The bodies with two or more readable reports, dealt into at least ``n`` jobs of about
    ``REPORTS_PER_BODY_JOB`` reports at most (a finished job's results are let go); ``remote``
    jobs (for Dask) carry the entries' bytes, read as each job is made."""
    from .link import balanced

    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, Record):
            groups.setdefault(item.body, []).append(i)
    compared = [members for members in groups.values() if len(members) > 1]
    for chunk in balanced(compared, max(n, sum(map(len, compared)) // REPORTS_PER_BODY_JOB)):
        records: list[tuple[int, Record]] = []
        positions, keys = [], []
        for members in chunk:
            positions.append(list(range(len(records), len(records) + len(members))))
            records += [(i, as_record(items[i])) for i in members]
            key = cache.body_key([(items[i].path, as_record(items[i]).key) for i in members])
            keys.append((key, str(cache.entry(key))))
        if remote:
            yield BodyJob(records, positions, keys, settings, folder, [entry_bytes(Path(r.entry)) for _, r in records],
                           [entry_bytes(Path(entry)) for _, entry in keys])
        else:
            yield BodyJob(records, positions, keys, settings, folder)


