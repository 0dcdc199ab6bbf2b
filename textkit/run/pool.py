"""Local worker processes that a bad file cannot take down: a worker that dies is replaced and
its job retried once alone, a job over the time limit is stopped, and no worker outlives the run.

Each worker runs one job at a time, so the pool always knows which job a dead or stuck worker
held. A job that fails comes back as a ``Failure`` naming why (the caller turns it into an
error for that file); every other job's result is kept. Workers ignore Ctrl-C (the parent
stops them), and on Linux they are killed with their parent (``PR_SET_PDEATHSIG``); elsewhere
they notice a new parent process within a second.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, TypeVar

Job = TypeVar("Job")
Out = TypeVar("Out")
# How often (at most) the dispatcher looks at the clock when no worker reports anything.
_TICK = 0.2


@dataclass(frozen=True)
class Failure:
    """Why a job gave no result: its worker died twice, it ran over the time limit, or it raised."""

    error: str


@dataclass
class _Task:
    fn: Callable[[Any], Any]
    arg: Any
    future: "Future[Any]"
    time_limit: float | None
    retried: bool = False


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: _Task | None = None
    started: float = 0.0
    alone: bool = False  # running a retry: nothing else runs beside it


@dataclass
class _State:
    queue: deque[_Task] = field(default_factory=deque)
    workers: list[_Worker] = field(default_factory=list)
    closing: bool = False


class WorkerPool:
    """``size`` local processes serving ``map`` and ``submit``; use it as a context manager."""

    def __init__(self, size: int, time_limit: float | None = None) -> None:
        self.size = max(1, size)
        self.time_limit = time_limit
        self._context = multiprocessing.get_context("fork")
        self._state = _State()
        self._lock = threading.Condition()
        self._wake_read, self._wake_write = self._context.Pipe(duplex=False)
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "WorkerPool":
        return self.start()

    def start(self) -> "WorkerPool":
        """Start the workers (forked here, on the calling thread, before the dispatcher thread exists)."""
        self._state.workers = [self._start_worker() for _ in range(self.size)]
        self._thread = threading.Thread(target=self._dispatch, name="textkit-pool", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(cancel=exc[0] is not None)

    def submit(self, fn: Callable[[Job], Out], jobs: list[Job], time_limit: float | None = None
               ) -> list["Future[Out | Failure]"]:
        """Queue ``fn`` over ``jobs``; each future gives the result or a ``Failure``."""
        limit = time_limit if time_limit is not None else self.time_limit
        futures: list[Future[Any]] = []
        with self._lock:
            for job in jobs:
                future: Future[Any] = Future()
                self._state.queue.append(_Task(fn, job, future, limit))
                futures.append(future)
        self._wake()
        return futures

    def map(self, fn: Callable[[Job], Out], jobs: list[Job], time_limit: float | None = None
            ) -> Iterator[Out | Failure]:
        """``fn`` over ``jobs``, results in job order as they come (the workers go on meanwhile)."""
        futures = self.submit(fn, jobs, time_limit)
        for i in range(len(futures)):
            yield futures[i].result()
            futures[i] = None  # type: ignore[call-overload]  # the result is the caller's now

    def shutdown(self, cancel: bool = False) -> None:
        """Stop the workers: at once when ``cancel`` (Ctrl-C, an error), else after queued jobs."""
        if self._thread is None:
            return
        with self._lock:
            self._state.closing = True
            if cancel:
                for task in self._state.queue:
                    task.future.cancel()
                self._state.queue.clear()
                for w in self._state.workers:
                    _kill(w.process)
        self._wake()
        self._thread.join()
        self._thread = None
        for w in self._state.workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                _kill(w.process)
                w.process.join()
            w.conn.close()
        self._state.workers = []

    # --- the dispatcher thread -------------------------------------------------------------

    def _wake(self) -> None:
        try:
            self._wake_write.send_bytes(b"")
        except OSError:
            pass

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                state = self._state
                if state.closing and not state.queue and not any(w.task for w in state.workers):
                    for w in state.workers:
                        _stop(w)
                    return
                self._assign()
                busy = [w for w in state.workers if w.task is not None]
            waiting: list[Any] = [self._wake_read]
            for w in busy:
                waiting += [w.conn, w.process.sentinel]
            deadlines = [w.started + w.task.time_limit for w in busy if w.task and w.task.time_limit is not None]
            ready = wait(waiting, timeout=max(0.0, min([_TICK, *(d - time.monotonic() for d in deadlines)])))
            if self._wake_read in ready:
                while self._wake_read.poll():
                    self._wake_read.recv_bytes()
            with self._lock:
                for w in busy:
                    self._check(w, ready)

    def _assign(self) -> None:
        """Give queued tasks to idle workers; a retry waits until it can run alone."""
        state = self._state
        if any(w.alone for w in state.workers):
            return
        for i, w in enumerate(state.workers):
            if not state.queue:
                return
            if w.task is not None:
                continue
            head = state.queue[0]
            if head.retried and any(other.task for other in state.workers):
                return
            if not w.process.is_alive():
                w = state.workers[i] = self._replace(w)
            state.queue.popleft()
            if not head.retried and not head.future.set_running_or_notify_cancel():
                continue
            try:
                w.conn.send((head.fn, head.arg))
            except (OSError, ValueError) as exc:  # a dead pipe: the worker is replaced next round
                self._died(i, head, f"could not reach a worker ({exc})")
                continue
            w.task, w.started, w.alone = head, time.monotonic(), head.retried
            if w.alone:
                return

    def _check(self, w: _Worker, ready: list[Any]) -> None:
        task = w.task
        assert task is not None
        i = self._state.workers.index(w)
        if w.conn in ready:
            try:
                ok, value = w.conn.recv()
            except (EOFError, OSError):
                pass  # died while answering: seen through its sentinel below
            else:
                w.task, w.alone = None, False
                task.arg = None  # kept until now for a retry
                task.future.set_result(value if ok else Failure(value))
                return
        if w.process.sentinel in ready or not w.process.is_alive():
            w.process.join()
            w.task, w.alone = None, False
            self._died(i, task, _how_it_died(w.process.exitcode))
        elif task.time_limit is not None and time.monotonic() - w.started > task.time_limit:
            _kill(w.process)
            w.process.join()
            self._state.workers[i] = self._replace(w)
            task.arg = None
            task.future.set_result(Failure(f"stopped: over the time limit of {task.time_limit:g} s for one file"))

    def _died(self, i: int, task: _Task, how: str) -> None:
        """A worker died holding ``task``: replace it; retry the task once alone, then give up."""
        self._state.workers[i] = self._replace(self._state.workers[i])
        if task.retried:
            task.arg = None
            task.future.set_result(Failure(f"{how}, twice (the second time running alone)"))
        else:
            task.retried = True
            self._state.queue.appendleft(task)

    def _replace(self, w: _Worker) -> _Worker:
        w.conn.close()
        return self._start_worker()

    def _start_worker(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_work, args=(child, os.getpid()), daemon=True, name="textkit-worker")
        process.start()
        child.close()
        return _Worker(process, parent)


def _how_it_died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (the system may have run out of memory)" if -exitcode == signal.SIGKILL else ""
        return f"the worker analysing this file was killed by {name}{hint}"
    return f"the worker analysing this file died (exit code {exitcode})"


def _kill(process: Any) -> None:
    try:
        process.kill()
    except (OSError, ValueError, AttributeError):
        pass


def _stop(w: _Worker) -> None:
    try:
        w.conn.send(None)
    except (OSError, ValueError):
        _kill(w.process)


def _work(conn: Connection, parent: int) -> None:
    """A worker's loop: run each job it is sent, send back ``(True, result)`` or ``(False, error)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    _die_with(parent)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, arg = task
        del task
        try:
            reply = (True, fn(arg))
        except Exception as exc:  # noqa: BLE001 - reported for this job; the worker goes on
            reply = (False, f"{type(exc).__name__}: {exc}")
        del arg
        conn.send(reply)
        del reply


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this process when ``parent`` ends, even by SIGKILL."""
    try:  # the C library is among the process's own symbols
        watched = sys.platform.startswith("linux") and \
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        watched = False
    if os.getppid() != parent:  # the parent was already gone before the watch was set
        os._exit(1)
    if not watched:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
