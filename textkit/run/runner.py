"""Maps a step over jobs: on a local process pool, a Dask cluster, or in this process."""
from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, TypeVar

# Below this many files a process pool costs more than it saves.
MIN_PARALLEL = 8
Job = TypeVar("Job")
Out = TypeVar("Out")


class Runner:
    """Maps a function over jobs on a process pool, a Dask cluster, or in this process."""

    def __init__(self, workers: int | None, scheduler: str | None, n_jobs: int, min_parallel: int = MIN_PARALLEL) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.parallel = bool(scheduler) or (self.workers > 1 and n_jobs >= min_parallel)
        self.pool: Any = None
        self.client: Any = None

    def __enter__(self) -> "Runner":
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
