"""A corpus run through the cache (the CLI's default) whose memory does not grow with the reports:
this process keeps a compact ``Record`` per report, every whole report stays in its cache entry.

The map's workers analyse each file, write its cache entry and send back only its record: path,
body, year, and a number per narrative sentence (its masked text, the cross-body template step's
input). The per-body jobs (follow-up, same-body matching, cross-year checks) load their reports
from the cache in the workers and write each report's results to a folder of this run; the
writer reads each report back whole, with those results, one at a time. Dask workers may not see
the cache's file system: this process reads the entries a job needs and sends them with it (a
bounded number of jobs out at a time), and writes what the workers send back.
"""
from __future__ import annotations

import itertools
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..analyze.sentences import narrative_sentences
from ..config import Settings
from ..model import Finding, FollowUp, Recycled, Report, SourceRef
from ..read.agency import body_key
from .cache import AnalysisCache, load_report, pack, read_entry, unpack, unpack_report, write_entry
from .inputs import read_input
from .runner import Failure, Runner, gc_paused

if TYPE_CHECKING:
    from ..compare.near_pairs import Mapper
    from ..compare.template_memory import TemplateMemory

# Reports whose cited template sentences one job reads back from the cache.
SOURCES_PER_JOB = 500
# Reports per per-body job, about (bodies are not split).
REPORTS_PER_BODY_JOB = 400
# Jobs sent to a Dask cluster at a time (each carries its reports' cache entries).
DASK_IN_FLIGHT = 16
Job = TypeVar("Job")
Out = TypeVar("Out")


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


# --- the map -------------------------------------------------------------------------------

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
            blob = _blob(entry) if run.client is not None else None
            jobs.append((i, (name, data, key, str(entry), blob, run.client is None, analyse)))
        for (i, job), result in zip(jobs, run(_analyse_to_record, [job for _, job in jobs])):
            if isinstance(result, Failure):
                done[i] = Report(path=job[0], document=None, error=f"{job[0]}: {result.error}")
                continue
            if isinstance(result, Report):  # an error, or a report whose entry could not be written
                if not result.ok:
                    done[i] = result
                    continue
                head, texts, payload = _head(result, job[2], job[3]), _masked_texts(result), None
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


def _masked_texts(report: Report) -> list[str]:
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
    return _head(report, key, entry), _masked_texts(report), payload


def _blob(entry: Path) -> bytes | None:
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


def _as_record(item: Item) -> Record:
    assert isinstance(item, Record)
    return item


# --- the cross-body template step ------------------------------------------------------------

@dataclass(frozen=True)
class _Cited:
    """Template citations of the run, only the sentences that are templates: flat position,
    the similarity, the number of bodies, and the cited (report, sentence) as a number into
    ``sources``."""

    position: np.ndarray
    similarity: np.ndarray
    bodies: np.ndarray
    source: np.ndarray


def _templates(items: list[Item], masked: list[str], settings: Settings, memory: "TemplateMemory | None" = None,
               mapper: "Mapper | None" = None) -> tuple[_Cited, list[tuple[int, int]]] | None:
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
    cited = _Cited(hit, found.similarity[hit], found.bodies[hit], source.ravel())
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
class _Sources:
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
        record = _as_record(items[int(self.report[k])])
        texts.seek(int(self.offset[k]))
        text = texts.read(int(self.size[k])).decode("utf-8", "surrogatepass")
        return SourceRef(record.path, record.agency, record.year, text, int(self.start[k]), int(self.end[k]))


def _sources(items: list[Item], pairs: list[tuple[int, int]], run: Runner, path: str) -> _Sources:
    """The cited (report, sentence) ``pairs``, read back from the cache on the workers, their
    texts written to ``path``."""
    by_report: dict[int, list[int]] = {}
    for report, unit in pairs:
        by_report.setdefault(report, []).append(unit)
    record_index = {id(items[r]): r for r in by_report}
    reports = list(by_report)
    remote = run.client is not None  # a Dask worker gets the entries' bytes, a job at a time
    jobs = ([(_as_record(items[r]), by_report[r], _blob(Path(_as_record(items[r]).entry)) if remote else None)
             for r in chunk] for chunk in _chunks(reports))
    number = {pair: k for k, pair in enumerate(pairs)}
    start, end, size = (np.zeros(len(pairs), dtype=np.int32) for _ in range(3))
    offset = np.zeros(len(pairs), dtype=np.int64)
    at = 0
    with open(path, "wb") as out:
        for job, result in _in_flight(run, _source_texts, jobs):
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
    return _Sources(np.array([r for r, _ in pairs], dtype=np.int64), start, end, offset, size, path)


def _chunks(reports: list[int]) -> Iterator[list[int]]:
    for lo in range(0, len(reports), SOURCES_PER_JOB):
        yield reports[lo:lo + SOURCES_PER_JOB]


def _in_flight(run: Runner, fn: Callable[[Job], Out], jobs: Iterator[Job]) -> Iterator[tuple[Job, Out | Failure]]:
    """``fn`` over ``jobs`` with each job's result. Local jobs (records only) are all queued at
    once, now. On Dask at most ``DASK_IN_FLIGHT`` jobs are out at a time, each made only when one
    comes back (a Dask job carries its reports' cache entries: all at once would be the corpus)."""
    if run.client is None:
        queued = list(jobs)
        return _waited(queued, run.submit(fn, queued))
    return _windowed(run, fn, jobs)


def _waited(jobs: list[Job], wait: Callable[[], list[Out | Failure]]) -> Iterator[tuple[Job, Out | Failure]]:
    """The jobs with their results, waited for at the first ``next`` (not when made)."""
    yield from zip(jobs, wait())


def _windowed(run: Runner, fn: Callable[[Job], Out], jobs: Iterator[Job]) -> Iterator[tuple[Job, Out | Failure]]:
    from dask.distributed import as_completed

    out: dict[Any, Job] = {}
    for job in itertools.islice(jobs, DASK_IN_FLIGHT):
        out[run.client.submit(fn, job, pure=False)] = job
    done = as_completed(list(out))
    for future in done:
        job = out.pop(future)
        try:
            result: Out | Failure = future.result()
        except Exception as exc:  # noqa: BLE001 - reported for these reports; the run goes on
            result = Failure(f"{type(exc).__name__}: {exc}")
        following = next(jobs, None)
        if following is not None:
            submitted = run.client.submit(fn, following, pure=False)
            out[submitted] = following
            done.add(submitted)
        yield job, result


# --- per-body jobs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _BodyJob:
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


def _compare_bodies(job: _BodyJob) -> tuple[dict[str, list[tuple[str, list[int]]]], _Writes]:
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
    from .link import _steps_of_bodies

    if isinstance(cached, tuple) and len(cached) == 2:
        cached_follow, matches = cached
        follow = {reports[i].path: fus for i, fus in zip(members, cached_follow) if fus}
        carried = {(members[p], j): Match(kind, similarity, members[source], units)
                   for (p, j), (kind, similarity, source, units) in matches.items()}
        return follow, carried, {}
    return _steps_of_bodies(reports, [members], settings)


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


def _body_jobs(items: list[Item], cache: AnalysisCache, settings: Settings, folder: str, n: int,
               remote: bool) -> Iterator[_BodyJob]:
    """The bodies with two or more readable reports, dealt into at least ``n`` jobs of about
    ``REPORTS_PER_BODY_JOB`` reports at most (a finished job's results are let go); ``remote``
    jobs (for Dask) carry the entries' bytes, read as each job is made."""
    from .link import _balanced

    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, Record):
            groups.setdefault(item.body, []).append(i)
    compared = [members for members in groups.values() if len(members) > 1]
    for chunk in _balanced(compared, max(n, sum(map(len, compared)) // REPORTS_PER_BODY_JOB)):
        records: list[tuple[int, Record]] = []
        positions, keys = [], []
        for members in chunk:
            positions.append(list(range(len(records), len(records) + len(members))))
            records += [(i, _as_record(items[i])) for i in members]
            key = cache.body_key([(items[i].path, _as_record(items[i]).key) for i in members])
            keys.append((key, str(cache.entry(key))))
        if remote:
            yield _BodyJob(records, positions, keys, settings, folder, [_blob(Path(r.entry)) for _, r in records],
                           [_blob(Path(entry)) for _, entry in keys])
        else:
            yield _BodyJob(records, positions, keys, settings, folder)


# --- the linked reports ----------------------------------------------------------------------

def linked(items: list[Item], masked: list[str], run: Runner, cache: AnalysisCache,
           settings: Settings | None = None, recurring: dict[str, list[tuple[str, list[int]]]] | None = None
           ) -> Iterator[Report]:
    """The linked reports in input order, as ``link.linked`` gives them: the comparisons run at
    the first ``next`` (per-body jobs on the workers while this process finds the templates),
    then each report is read back whole with its results and handed over. ``recurring`` is
    filled with each body's recurring problems (found by the per-body jobs) before the first
    report is handed over."""
    from ..compare.boilerplate import reuse_figures
    from .link import _comparison_failed, _on_cluster, _template_memory

    settings = settings or Settings()
    try:
        cache.directory.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix=".run-", dir=cache.directory)
    except OSError:  # a cache folder that cannot be written (which only warned): the system's
        folder = tempfile.mkdtemp(prefix="textkit-run-")
    texts = None
    try:
        with gc_paused():
            jobs = _body_jobs(items, cache, settings, folder, run.workers * 8, run.client is not None)
            # Local workers start on the bodies now, while this process finds the templates.
            compared = _in_flight(run, _compare_bodies, jobs) if run.client is None else None
            found = _templates(items, masked, settings, _template_memory(cache), _on_cluster(run))
            masked.clear()
            failed: dict[int, str] = {}
            for job, result in compared or _in_flight(run, _compare_bodies, jobs):
                if isinstance(result, Failure):  # its worker died twice: these bodies go uncompared
                    failed.update({i: result.error for i, _ in job.records})
                    continue
                found_recurring, writes = result
                if recurring is not None:
                    recurring.update(found_recurring)
                for file, key, payload in writes:  # a Dask worker's, which may not see this disk
                    write_entry(Path(file), key, payload)
            cited, sources = ((found[0], _sources(items, found[1], run, str(Path(folder) / "sources")))
                              if found is not None else (None, None))
            run.release()  # no more jobs: the workers' memory is freed before the writing
        start = 0
        texts = open(sources.path, "rb") if sources is not None else None  # noqa: SIM115 - closed below
        for i, item in enumerate(items):
            if isinstance(item, Report):
                yield replace(item, reuse=reuse_figures([], []))
                continue
            report = whole(item)
            links = read_entry(Path(folder) / f"{i}.tkl", item.key)
            follow, across, error, carried = links if isinstance(links, tuple) else ((), (), None, {})
            error = failed.get(i, error)
            said = narrative_sentences(report)
            templates = _cited_of(cited, sources, items, texts, start, len(said))
            start += len(said)
            recycled = _recycled(said, item.year, carried, templates)
            findings = report.findings + tuple(across) + ((_comparison_failed(error),) if error else ())
            yield replace(report, follow_up=tuple(follow), findings=findings, recycled=recycled,
                          reuse=reuse_figures(said, recycled))
    finally:
        if texts is not None:
            texts.close()
        shutil.rmtree(folder, ignore_errors=True)


def _cited_of(cited: _Cited | None, sources: _Sources | None, items: list[Item], texts: Any, start: int, n: int
              ) -> dict[int, tuple[float, int, SourceRef]]:
    """The template sentences among the flat positions ``start`` .. ``start + n``: sentence ->
    (similarity, bodies, the sentence cited)."""
    if cited is None or sources is None:
        return {}
    lo, hi = np.searchsorted(cited.position, [start, start + n]).tolist()
    refs: dict[int, SourceRef] = {}  # a report may cite one sentence twice: read once
    out = {}
    for p, s, b, k in zip(cited.position[lo:hi].tolist(), cited.similarity[lo:hi].tolist(),
                          cited.bodies[lo:hi].tolist(), cited.source[lo:hi].tolist()):
        if k not in refs:
            refs[k] = sources.ref(k, items, texts)
        out[p - start] = (s, b, refs[k])
    return out


def _recycled(said: list[Any], year: int | None, carried: Mapping[int, tuple[str, float, SourceRef]],
              templates: Mapping[int, tuple[float, int, SourceRef]]) -> tuple[Recycled, ...]:
    """``boilerplate.find_reuse``'s choice per sentence: carried over from the body's earlier
    year before a template, else the template, else carried over from a later year."""
    out = []
    for j, sentence in enumerate(said):
        match, template = carried.get(j), templates.get(j)
        if match is not None and (template is None or _earlier(match[2].year, year)):
            kind, similarity, ref = match
            out.append(Recycled(sentence.section, sentence.text, sentence.start, sentence.end, kind,  # type: ignore[arg-type]
                                similarity, ref, 1))
        elif template is not None:
            similarity, bodies, ref = template
            out.append(Recycled(sentence.section, sentence.text, sentence.start, sentence.end, "template",
                                similarity, ref, bodies))
        elif match is not None:
            kind, similarity, ref = match
            out.append(Recycled(sentence.section, sentence.text, sentence.start, sentence.end, kind,  # type: ignore[arg-type]
                                similarity, ref, 1))
    return tuple(out)


def _earlier(source_year: int | None, year: int | None) -> bool:
    return year is not None and source_year is not None and source_year < year
