"""Many reports at once: find the files, analyse each (in parallel, through the cache), then link them.

Every input comes back as a Report, analysed or carrying its error: a batch never loses a file.
"""
from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..compare.copies import merge_copies
from ..config import Settings
from ..model import Report
from .cache import AnalysisCache, pack, write_entry
from .inputs import find_inputs, read_input
from .link import annual_reports, linked, report_body
from .pipeline import analyze_bytes
from .runner import TIME_LIMIT, Failure, Runner

# Files read and analysed per round, so a huge corpus is never all in memory as bytes.
WINDOW = 1000


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Report files under ``paths`` to read (see ``inputs`` for the link policy), each once."""
    found = find_inputs(paths)
    return [f for f in found.files if str(f) not in found.refused]


def _safe_analyze(job: tuple[str, bytes]) -> Report:
    """Analyse one file's bytes; an unexpected failure is recorded on the Report, never raised."""
    path, data = job
    try:
        return analyze_bytes(data, path)
    except Exception as exc:  # noqa: BLE001 - a batch must never lose a document
        return Report(path=path, document=None, error=f"{path}: internal error while analysing ({type(exc).__name__}: {exc})")


def analyze_files(files: list[Path], workers: int | None = None, scheduler: str | None = None,
                  progress: Callable[[Report], None] | None = None,
                  cache: AnalysisCache | None = None) -> list[Report]:
    """Per-report analysis of ``files`` in input order, on local processes or a Dask cluster.

    The parent reads each file once; with a ``cache``, files whose bytes were analysed before
    (by this textkit version and lexicons) are not analysed again. Workers get bytes, not paths,
    so a Dask cluster needs no shared file system.
    """
    with Runner(workers, scheduler, len(files)) as run:
        return _analyze(files, run, progress, cache)


def _analyze(files: list[Path], run: Runner, progress: Callable[[Report], None] | None,
             cache: AnalysisCache | None, refused: Mapping[str, str] | None = None) -> list[Report]:
    """Analysed reports in input order. ``refused`` names files found but not to be read
    (``inputs.find_inputs``), with the reason."""
    reports: list[Report] = []
    for start in range(0, len(files), WINDOW):
        for report in _window([str(f) for f in files[start:start + WINDOW]], run, cache, refused or {}):
            if progress:
                progress(report)
            reports.append(report)
        # Finished reports live until the end of the run: keep the collector from rescanning them.
        gc.freeze()
    return reports


def _window(names: list[str], run: Runner, cache: AnalysisCache | None,
            refused: Mapping[str, str]) -> list[Report]:
    """Reports for one window of files: refusals, cache hits and read errors directly, the rest analysed."""
    done: dict[int, Report] = {}
    jobs: list[tuple[int, str, bytes, bytes | None]] = []
    for i, name in enumerate(names):
        data = read_input(name, refused)
        if isinstance(data, Report):
            done[i] = data
            continue
        key = cache.key(data) if cache else None
        if cache and key:
            cache.keys[name] = key
        hit = cache.load(key, name) if cache and key else None
        if hit is not None:
            done[i] = hit
        else:
            jobs.append((i, name, data, key))
    if cache is None:
        for (i, name, _, _), report in zip(jobs, run(_safe_analyze, [(name, data) for _, name, data, _ in jobs])):
            done[i] = _failed(name, report)
    elif run.client is None:  # local processes share this file system: each writes its own entries
        stored = [(i, (name, data, key, str(cache.entry(key)))) for i, name, data, key in jobs if key is not None]
        for (i, job), report in zip(stored, run(_analyze_and_store, [job for _, job in stored])):
            done[i] = _failed(job[0], report)
    else:
        entries = []
        for (i, name, _, key), result in zip(jobs, run(_analyze_packed, [(name, data) for _, name, data, _ in jobs])):
            if isinstance(result, Failure):
                done[i] = _failed(name, result)
                continue
            report, payload = result
            done[i] = report
            if key and report.error is None:
                entries.append((key, payload))
        # Written once the window is in: each write's system calls give up the interpreter lock,
        # and while the client's threads still handle results, taking it back waits.
        for key, payload in entries:
            cache.store_packed(key, payload)
    return [done[i] for i in range(len(names))]


def _failed(name: str, result: Report | Failure) -> Report:
    """The Report of a job, or of its failure (worker died twice, time limit) as that file's error."""
    if isinstance(result, Failure):
        return Report(path=name, document=None, error=f"{name}: {result.error}")
    return result


def _analyze_and_store(job: tuple[str, bytes, bytes, str]) -> Report:
    """``_safe_analyze`` in a local worker, which also writes the report's cache entry (at the
    path the parent named): pickling and writing the reports in the parent would cost it about
    1.2 ms per report on one core, and pickling a string leaves a UTF-8 copy inside it for good,
    nearly as much memory again for every report the parent keeps."""
    name, data, key, entry = job
    report = _safe_analyze((name, data))
    if report.error is None:
        write_entry(Path(entry), key, pack(report))
    return report


def _analyze_packed(job: tuple[str, bytes]) -> tuple[Report, bytes]:
    """``_safe_analyze`` on a Dask worker, which may not see this file system: the Report also
    comes back packed as its cache entry, which the parent writes as it is (see
    ``_analyze_and_store``). The Report itself still travels as usual: reports sent together
    share their common strings, which a report unpacked on its own would not."""
    report = _safe_analyze(job)
    return report, pack(report)


def analyze_corpus(paths: Iterable[str | Path], workers: int | None = None, scheduler: str | None = None,
                   progress: Callable[[Report], None] | None = None,
                   cache: AnalysisCache | None = None, settings: Settings | None = None) -> list[Report]:
    """Discover, analyse and link: the whole batch job behind ``textkit audit``."""
    found = find_inputs(paths)
    return analyze_and_link(found.files, workers, scheduler, progress, cache, settings, found.refused)


def analyze_and_link(files: list[Path], workers: int | None = None, scheduler: str | None = None,
                     progress: Callable[[Report], None] | None = None,
                     cache: AnalysisCache | None = None, settings: Settings | None = None,
                     refused: Mapping[str, str] | None = None, time_limit: float | None = TIME_LIMIT) -> list[Report]:
    """``analyze_files`` then ``link_reports``, with one set of workers serving both steps."""
    with streamed(files, workers, scheduler, progress, cache, settings, refused, time_limit) as run:
        return list(run.reports)


@dataclass
class Streamed:
    """A run whose reports are analysed and compared, handed over one at a time (``reports``,
    in input order, to be consumed once). ``annual`` counts the annual reports of each body,
    known before the first linked report, so a writer can close a body's series once its last
    report has gone by."""

    reports: Iterator[Report]
    annual: Counter[str]
    # Each body's recurring problems (``followup.recurring_problems``: headline, years), once the
    # comparisons are done, when the run found them on the workers (None: the writer finds them).
    recurring: Callable[[str], list[tuple[str, list[int]]]] | None = None


@contextmanager
def streamed(files: list[Path], workers: int | None = None, scheduler: str | None = None,
             progress: Callable[[Report], None] | None = None,
             cache: AnalysisCache | None = None, settings: Settings | None = None,
             refused: Mapping[str, str] | None = None, time_limit: float | None = TIME_LIMIT) -> Iterator[Streamed]:
    """``analyze_and_link`` for writers that write as reports come: the analysis is done on
    entering, the comparisons at the first report taken, and this process holds each linked
    report only until the writer lets it go. ``refused`` names files found but not to be read
    (``inputs.find_inputs``) with the reason; ``time_limit`` caps the seconds one file may take
    in a local worker."""
    with Runner(workers, scheduler, len(files), time_limit=time_limit) as run:
        if cache is not None:  # reports kept on disk, records here (``bounded``)
            from . import bounded, records

            items, masked = records.analysed([str(f) for f in files], run, cache, refused or {}, progress, WINDOW,
                                             _safe_analyze)
            items = records.merged(items)
            recurring: dict[str, list[tuple[str, list[int]]]] = {}  # filled by the per-body jobs
            reports = bounded.linked(items, masked, run, cache, settings, recurring)
            del masked
            yield Streamed(reports, records.annual(items), lambda body: recurring.get(body, []))
            return
        analysed = _analyze(files, run, progress, None, refused)  # no cache: every report held here
        analysed[:] = merge_copies(analysed, report_body)  # before the count: a body's copies are one report
        yield Streamed(linked(analysed, run, None, settings), Counter(report_body(r) for r in annual_reports(analysed)))
