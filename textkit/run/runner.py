"""Maps a step over jobs: on local worker processes, a Dask cluster, or in this process.

Local workers are a ``pool.WorkerPool``: a worker that dies is replaced and its job retried once
alone, a job over the time limit is stopped, and each such job comes back as a ``Failure``
(the caller records it as that file's error) while every other result is kept.
"""
from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable, TypeVar

from .pool import Failure, WorkerPool

# Below this many files a process pool costs more than it saves.
MIN_PARALLEL = 8
# Seconds one file may take in a local worker before it is stopped and reported (the slowest
# real report takes a few seconds; a 20 MB one about a minute).
TIME_LIMIT = 300.0
Job = TypeVar("Job")
Out = TypeVar("Out")


class Runner:
    """Maps a function over jobs on a process pool, a Dask cluster, or in this process."""

    def __init__(self, workers: int | None, scheduler: str | None, n_jobs: int, min_parallel: int = MIN_PARALLEL,
                 time_limit: float | None = TIME_LIMIT) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.time_limit = time_limit
        self.scheduler = scheduler
        self.parallel = bool(scheduler) or (self.workers > 1 and n_jobs >= min_parallel)
        self.pool: Any = None
        self.client: Any = None

    def __enter__(self) -> "Runner":
        if self.scheduler:
            from dask.distributed import Client

            self.client = Client(self.scheduler)
        elif self.parallel:
            self.pool = WorkerPool(self.workers).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        self.release(cancel=exc[0] is not None)

    def release(self, cancel: bool = False) -> None:
        """Stop the local workers now that no more jobs will come: their memory is freed before
        this process assembles the results (the run's peak otherwise). ``cancel`` (Ctrl-C, an
        error) stops them at once."""
        if self.pool is not None:
            self.pool.shutdown(cancel=cancel)
            self.pool = None

    def submit(self, fn: Callable[[Job], Out], jobs: list[Job], priority: int = 0) -> Callable[[], list[Out | Failure]]:
        """Start ``fn`` over ``jobs``; the returned call waits for the results, in job order
        (a ``Failure`` for a job whose local worker died twice). On Dask, jobs of a higher
        ``priority`` run before queued ones."""
        if self.client is not None:
            futures = self.client.map(fn, jobs, pure=False, priority=priority)
            return lambda: list(self.client.gather(futures))
        if self.pool is not None:
            # The pool drops a job's input once its result is in. This process does not take
            # queued jobs itself while it waits: with a worker per core that gains nothing
            # (measured) and costs it the jobs' working memory.
            started = self.pool.submit(fn, jobs, time_limit=None)
            return lambda: [f.result() for f in started]
        return lambda: [fn(job) for job in jobs]

    def __call__(self, fn: Callable[[Job], Out], jobs: list[Job]) -> Iterator[Out | Failure]:
        """``fn`` over ``jobs`` (the per-report analysis: many small jobs), in order. Local
        results come as they are done, so the caller handles them while the workers go on; a
        job whose worker died twice or that ran over the time limit gives a ``Failure``."""
        if self.client is not None:
            return iter(self.client.gather(self.client.map(fn, jobs, pure=False)))
        if self.pool is not None:
            return self.pool.map(fn, jobs, time_limit=self.time_limit)
        return map(fn, jobs)


@contextmanager
def gc_paused() -> Iterator[None]:
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


# Jobs sent to a Dask cluster at a time by ``in_flight`` (each may carry its reports' cache entries).
DASK_IN_FLIGHT = 16


def in_flight(run: Runner, fn: Callable[[Job], Out], jobs: Iterator[Job]) -> Iterator[tuple[Job, Out | Failure]]:
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

