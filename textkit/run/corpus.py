"""Many reports at once: find the files, analyse them in parallel, group them by body, and
run the steps that compare reports (across years and across bodies).

Every input comes back as a Report, analysed or carrying its error: a batch never loses a file.
"""
from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from ..read.agency import body_key
from .cache import AnalysisCache, pack, write_entry
from ..errors import IngestError, UsageError
from ..read.ingest import read_bytes
from ..model import Finding, FollowUp, OffsetMap, Report, Sentence
from .pipeline import analyze_bytes

if TYPE_CHECKING:
    from ..compare.boilerplate import Carried

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".text"}
# Below this many files a process pool costs more than it saves.
MIN_PARALLEL = 8
# Files read and analysed per round, so a huge corpus is never all in memory as bytes.
WINDOW = 1000
Job = TypeVar("Job")
Out = TypeVar("Out")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Report files under ``paths`` (folders recursively), sorted; explicit files always count."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
                                and not f.name.startswith(".")))
        elif p.exists():
            found.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return found


def report_body(report: Report) -> str:
    return body_key(report.document.agency if report.document else None)


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
    with _Runner(workers, scheduler, len(files)) as run:
        return _analyze(files, run, progress, cache)


def _analyze(files: list[Path], run: "_Runner", progress: Callable[[Report], None] | None,
             cache: AnalysisCache | None) -> list[Report]:
    reports: list[Report] = []
    for start in range(0, len(files), WINDOW):
        for report in _window([str(f) for f in files[start:start + WINDOW]], run, cache):
            reports.append(report)
            if progress:
                progress(report)
        # Finished reports live until the end of the run: keep the collector from rescanning them.
        gc.freeze()
    return reports


def _window(names: list[str], run: "_Runner", cache: AnalysisCache | None) -> list[Report]:
    """Reports for one window of files: cache hits and read errors directly, the rest analysed."""
    done: dict[int, Report] = {}
    jobs: list[tuple[int, str, bytes, bytes | None]] = []
    for i, name in enumerate(names):
        try:
            data = read_bytes(name)
        except IngestError as exc:
            done[i] = Report(path=name, document=None, error=str(exc))
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
        for (i, _, _, _), report in zip(jobs, run(_safe_analyze, [(name, data) for _, name, data, _ in jobs])):
            done[i] = report
    elif run.client is None:  # local processes share this file system: each writes its own entries
        stored = [(i, (name, data, key, str(cache.entry(key)))) for i, name, data, key in jobs if key is not None]
        for (i, _), report in zip(stored, run(_analyze_and_store, [job for _, job in stored])):
            done[i] = report
    else:
        entries = []
        for (i, _, _, key), (report, payload) in zip(jobs, run(_analyze_packed, [(name, data) for _, name, data, _ in jobs])):
            done[i] = report
            if key and report.error is None:
                entries.append((key, payload))
        # Written once the window is in: each write's system calls give up the interpreter lock,
        # and while the client's threads still handle results, taking it back waits.
        for key, payload in entries:
            cache.store_packed(key, payload)
    return [done[i] for i in range(len(names))]


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


class _Runner:
    """Maps a function over jobs on a process pool, a Dask cluster, or in this process."""

    def __init__(self, workers: int | None, scheduler: str | None, n_jobs: int, min_parallel: int = MIN_PARALLEL) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.parallel = bool(scheduler) or (self.workers > 1 and n_jobs >= min_parallel)
        self.pool: Any = None
        self.client: Any = None

    def __enter__(self) -> "_Runner":
        if self.scheduler:
            from dask.distributed import Client

            self.client = Client(self.scheduler)
        elif self.parallel:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        self.release()

    def release(self) -> None:
        """Stop the local workers now that no more jobs will come: their memory is freed before
        this process assembles the results (the run's peak otherwise)."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def submit(self, fn: Callable[[Job], Out], jobs: list[Job]) -> Callable[[], list[Out]]:
        """Start ``fn`` over ``jobs``; the returned call waits for the results, in job order."""
        if self.client is not None:
            futures = self.client.map(fn, jobs, pure=False)
            return lambda: list(self.client.gather(futures))
        if self.pool is not None:
            # The pool drops a job's input once its result is in. This process does not take
            # queued jobs itself while it waits: with a worker per core that gains nothing
            # (measured) and costs it the jobs' working memory.
            started = [self.pool.submit(fn, job) for job in jobs]
            return lambda: [f.result() for f in started]
        return lambda: [fn(job) for job in jobs]

    def __call__(self, fn: Callable[[Job], Out], jobs: list[Job]) -> Iterator[Out]:
        """``fn`` over ``jobs`` (the per-report analysis: many small jobs), in order. Local
        results come as they are done, so the caller handles them while the workers go on."""
        if self.client is not None:
            return iter(self.client.gather(self.client.map(fn, jobs, pure=False)))
        if self.pool is not None:
            return self.pool.map(fn, jobs, chunksize=max(1, len(jobs) // (self.workers * 8)))
        return map(fn, jobs)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the corpus-level steps allocate millions of small
    objects next to the long-lived reports, which each full collection would rescan (about 15%
    of those steps' time on 10,000 reports); any cycle is collected once it resumes."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def link_reports(reports: list[Report], workers: int | None = None, scheduler: str | None = None) -> list[Report]:
    """The corpus-level steps: every report enriched with what comparing it to the others shows.

    Follow-up and same-body matching look at one body at a time: they run per body on the
    local processes or the Dask cluster (``_BodySteps``) while this process finds the
    cross-body templates and the cross-year checks. (``analyze_corpus`` starts its local
    processes before the reports exist; processes forked here share this one's pages and copy
    those it keeps writing to: more memory for the same result.)
    """
    with _Runner(workers, scheduler, len(reports), MIN_PARALLEL_LINK) as run:
        return _link(reports, run)


def _link(reports: list[Report], run: "_Runner", cache: AnalysisCache | None = None) -> list[Report]:
    from ..audit.across_years import check_across_years
    from ..compare.boilerplate import find_reuse

    def same_body() -> "Carried":
        found = per_body.carried()
        run.release()  # no more jobs: the workers' memory is freed before the results are assembled
        return found

    with _gc_paused():
        per_body = _BodySteps(reports, run, cache)
        across = check_across_years([(r, r.tables) for r in reports])
        reuse = find_reuse(reports, report_body, carried=same_body)
        follow = per_body.follow_ups()
    linked = []
    for r in reports:
        recycled, figures = reuse.get(r.path, ((), {}))
        failed = (_comparison_failed(per_body.failed[r.path]),) if r.path in per_body.failed else ()
        linked.append(replace(r, follow_up=follow.get(r.path, ()), findings=r.findings + across.get(r.path, ()) + failed,
                              recycled=recycled, reuse=figures))
    return linked


def _comparison_failed(error: str) -> Finding:
    return Finding("comparison_failed", "warning",
                   f"未能与本单位其他年度的报告比对（{error}）：本报告没有承诺落实情况，也没有标出沿用的句子。",
                   f"Comparing this report with the body's other years failed ({error}): it has no follow-up "
                   "of promises and no carried-over sentences marked.")


# Below this many reports the per-body steps run in this process: starting workers costs more.
MIN_PARALLEL_LINK = 200
# Per chunk of bodies: follow-ups by path, same-body matches, and the error of each report
# whose body could not be compared.
_BodyResult = tuple[dict[str, tuple[FollowUp, ...]], "Carried", dict[str, str]]


def _body_steps(job: bytes) -> _BodyResult:
    """``_steps_of_bodies`` on a worker: ``job`` is the pickle of the chunk's slim reports, their
    sentences as spans, and per body the indices of its reports in that list."""
    with _gc_paused():
        slim, spans, groups = pickle.loads(job)
        reports = [replace(r, sentences=tuple(Sentence(r.document.text[start:end], start, end, section)
                                              for start, end, section in sentences))
                   for r, sentences in zip(slim, spans)]
        return _steps_of_bodies(reports, groups)


def _steps_of_bodies(reports: list[Report], groups: list[list[int]]) -> _BodyResult:
    """Follow-ups and same-body matches of the bodies ``groups`` (indices into ``reports``).
    A body whose comparison fails is recorded with the error, not raised: one odd report must
    not cost the batch every other body's results."""
    from ..compare.boilerplate import carried_in_body
    from ..compare.followup import follow_up

    follow: dict[str, tuple[FollowUp, ...]] = {}
    carried: Carried = {}
    failed: dict[str, str] = {}
    for members in groups:
        try:
            body_follow = follow_up([reports[i] for i in members])
            body_carried = carried_in_body(reports, members)
        except Exception as exc:  # noqa: BLE001 - a batch must never lose a document
            failed.update({reports[i].path: f"{type(exc).__name__}: {exc}" for i in members})
            continue
        follow.update(body_follow)
        carried.update(body_carried)
    return follow, carried, failed


class _BodySteps:
    """The per-body corpus steps, started on the runner's workers as soon as it exists (or run
    here, on a small corpus or without workers, when the parent asks for the results).

    Each worker gets slim copies of its bodies' reports (what follow-up and sentence matching
    read: text, sentences, sections and items; not tables, findings or the source page) and
    sends back follow-ups and matches, renumbered here to the corpus. With a cache, a body
    whose reports (paths and contents) are those of an earlier run is not compared again.
    """

    def __init__(self, reports: list[Report], run: _Runner, cache: AnalysisCache | None = None) -> None:
        self.reports = reports
        self.cache = cache
        self.follow: dict[str, tuple[FollowUp, ...]] = {}
        self.failed: dict[str, str] = {}
        self._carried: Carried = {}
        self._collected = False
        # Bodies whose reports are all unchanged since a cached run reuse that run's comparison.
        self.todo: list[tuple[list[int], bytes | None]] = []
        for members in _body_groups(reports):
            key = self._body_key(members)
            found = cache.load_body(key) if cache is not None and key is not None else None
            if found is None:
                self.todo.append((members, key))
            else:
                self._absorb(members, found)
        groups = [members for members, _ in self.todo]
        if run.parallel and (run.client is not None or len(reports) >= MIN_PARALLEL_LINK):
            chunks = _balanced(groups, run.workers * 8)
            self.indexes: list[list[int] | None] = [[i for members in chunk for i in members] for chunk in chunks]
            self._wait = run.submit(_body_steps, [_body_job(reports, chunk) for chunk in chunks])
        else:
            self.indexes = [None]  # computed on the corpus itself: indices are already the corpus's
            self._wait = lambda: [_steps_of_bodies(reports, groups)]

    def _body_key(self, members: list[int]) -> bytes | None:
        keys = self.cache.keys if self.cache is not None else {}
        paths = [self.reports[i].path for i in members]
        if self.cache is None or not all(p in keys for p in paths):
            return None
        return self.cache.body_key([(p, keys[p]) for p in paths])

    def carried(self) -> "Carried":
        """Same-body matches of every body, renumbered to the corpus (waiting for the workers)."""
        from ..compare.boilerplate import Match

        if not self._collected:
            self._collected = True
            # Dropped once the results are in: it holds the pickled jobs (about 0.2 GB at 10,000 reports).
            wait, self._wait = self._wait, lambda: []
            computed: Carried = {}
            for index, (follow, matches, failed) in zip(self.indexes, wait()):
                self.follow.update(follow)
                self.failed.update(failed)
                if index is None:
                    computed.update(matches)
                else:
                    computed.update({(index[r], j): Match(m.kind, m.similarity, index[m.report], m.units)
                                     for (r, j), m in matches.items()})
            self._carried.update(computed)
            if self.cache is not None:
                self._store(computed)
        return self._carried

    def follow_ups(self) -> dict[str, tuple[FollowUp, ...]]:
        self.carried()
        return self.follow

    def _store(self, computed: "Carried") -> None:
        """Cache each computed body's results, positions relative to the body (paths and corpus
        indices change from run to run; the body key pins its reports)."""
        body_of = {i: n for n, (members, _) in enumerate(self.todo) for i in members}
        matches: list[Carried] = [{} for _ in self.todo]
        for (r, j), m in computed.items():
            matches[body_of[r]][(r, j)] = m
        for (members, key), found in zip(self.todo, matches):
            if key is None or any(self.reports[i].path in self.failed for i in members):
                continue
            assert self.cache is not None
            position = {i: p for p, i in enumerate(members)}
            self.cache.store_body(key, (
                tuple(self.follow.get(self.reports[i].path, ()) for i in members),
                {(position[r], j): (m.kind, m.similarity, position[m.report], m.units) for (r, j), m in found.items()}))

    def _absorb(self, members: list[int], found: tuple[Any, ...]) -> None:
        """Take a cached body's results, renumbered to this corpus."""
        from ..compare.boilerplate import Match

        follow, matches = found
        for i, fus in zip(members, follow):
            if fus:
                self.follow[self.reports[i].path] = fus
        self._carried.update({(members[p], j): Match(kind, similarity, members[source], units)
                              for (p, j), (kind, similarity, source, units) in matches.items()})


def _body_groups(reports: list[Report]) -> list[list[int]]:
    """Indices of the analysed reports of each body with at least two reports (in input order)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        if r.ok:
            groups.setdefault(report_body(r), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def _balanced(groups: list[list[int]], n: int) -> list[list[list[int]]]:
    """``groups`` dealt into at most ``n`` chunks of similar size, biggest body first to the
    lightest chunk (a body's cost grows with its reports)."""
    chunks: list[list[list[int]]] = [[] for _ in range(min(n, len(groups)))]
    loads = [0] * len(chunks)
    for members in sorted(groups, key=len, reverse=True):
        k = loads.index(min(loads))
        chunks[k].append(members)
        loads[k] += len(members)
    return chunks


def _body_job(reports: list[Report], chunk: list[list[int]]) -> bytes:
    """A worker's input: slim copies of the chunk's reports, their sentences as spans (a
    sentence's text is the document's, so it need not travel), and each body's positions among
    them, pickled here: left to the pool's feeder thread, the pickling would wait for the
    interpreter lock while this process finds templates, and the workers would sit idle."""
    slim: list[Report] = []
    spans: list[list[tuple[int, int, str]]] = []
    groups = []
    for members in chunk:
        groups.append(list(range(len(slim), len(slim) + len(members))))
        for i in members:
            slim.append(_slim(reports[i]))
            spans.append([(s.start, s.end, s.section) for s in reports[i].sentences])
    return pickle.dumps((slim, spans, groups), protocol=pickle.HIGHEST_PROTOCOL)


def _slim(report: Report) -> Report:
    """The report without what the per-body steps never read (smaller to send), and with copies
    of its texts: pickling a string leaves a UTF-8 copy of it inside the string object for the
    rest of its life, which on the reports this process keeps would cost about 80 MB per
    10,000 reports."""
    doc = report.document
    assert doc is not None
    text = _copy(doc.text)
    analysis = text if doc.analysis_text is doc.text else _copy(doc.analysis_text)
    return replace(report, sentences=(), tables=(), findings=(),
                   document=replace(doc, text=text, analysis_text=analysis, source_text="",
                                    source_map=OffsetMap(()), metadata={}))


def _copy(text: str) -> str:
    """A new string equal to ``text`` (slicing a whole string or ``str()`` return the same object)."""
    return (text + "\0")[:-1]


def analyze_corpus(paths: Iterable[str | Path], workers: int | None = None, scheduler: str | None = None,
                   progress: Callable[[Report], None] | None = None,
                   cache: AnalysisCache | None = None) -> list[Report]:
    """Discover, analyse and link: the whole batch job behind ``textkit audit``."""
    return analyze_and_link(discover(paths), workers, scheduler, progress, cache)


def analyze_and_link(files: list[Path], workers: int | None = None, scheduler: str | None = None,
                     progress: Callable[[Report], None] | None = None,
                     cache: AnalysisCache | None = None) -> list[Report]:
    """``analyze_files`` then ``link_reports``, with one set of workers serving both steps."""
    with _Runner(workers, scheduler, len(files)) as run:
        return _link(_analyze(files, run, progress, cache), run, cache)


def _annual_reports(reports: list[Report]) -> list[Report]:
    """The inputs that were read and are annual reports: the ones a body's year series holds."""
    return [r for r in reports if r.ok and r.document is not None and r.document.is_report]


def bodies(reports: list[Report]) -> list[dict[str, Any]]:
    """Per-body year series: which years are present, the headline figures of each, and the
    problems the body reports again year after year."""
    from ..present.export import summary_row
    from ..compare.followup import recurring_problems

    groups: dict[str, list[Report]] = {}
    for r in _annual_reports(reports):
        groups.setdefault(report_body(r), []).append(r)
    out = []
    for key, group in sorted(groups.items()):
        group.sort(key=lambda r: (r.document.year or 0) if r.document else 0)
        out.append({"body": key, "agency": group[-1].document.agency if group[-1].document else key,
                    "years": [summary_row(r) | {"year": r.document.year if r.document else None} for r in group],
                    "recurring_problems": [{"headline": h, "years": y} for h, y in recurring_problems(group)]})
    return out


class Corpus:
    """A folder (or list) of reports, analysed and linked; the notebook entry point.

    >>> Corpus([]).reports
    []
    """

    def __init__(self, paths: str | Path | Iterable[str | Path], workers: int | None = None) -> None:
        items = [paths] if isinstance(paths, (str, Path)) else list(paths)
        self.reports: list[Report] = analyze_corpus(items, workers=workers) if items else []

    def to_frame(self, kind: str = "reports") -> Any:
        """A pandas DataFrame: reports, sections, sentences, items, recycled, findings, follow_up, cells."""
        from ..present.frames import frame

        return frame(self.reports, kind)

    def bodies(self) -> list[dict[str, Any]]:
        return bodies(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __repr__(self) -> str:
        ok = sum(r.ok for r in self.reports)
        n_bodies = len({report_body(r) for r in _annual_reports(self.reports)})
        return f"<Corpus {len(self.reports)} files, {ok} read, {n_bodies} bodies>"

    def _repr_html_(self) -> str:
        return self.to_frame("reports")._repr_html_()  # type: ignore[no-any-return]
