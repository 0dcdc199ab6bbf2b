"""Times the ``textkit`` command itself, as a user runs it, on a generated corpus.

Usage (generate the corpora first with benchmarks/generate.py):

    python benchmarks/cli_bench.py benchmarks/out/c10k --naive-sample 100       # the 10k run
    python benchmarks/cli_bench.py benchmarks/out/c100k --naive-sample 0         # the 100k run
    python benchmarks/cli_bench.py benchmarks/out/c10k --add benchmarks/out/c10k-next --naive-sample 0
    python benchmarks/cli_bench.py benchmarks/out/c1k --formats json,csv,html,table --runs 3

Each run is ``textkit audit CORPUS --format F -o FILE`` in a subprocess with the CLI's defaults
(local workers on every core, the analysis cache on and, unless said otherwise, cold: a new
cache folder). While it runs, a thread samples the whole process tree (the command and its
workers): the summed PSS every 0.5 s (PSS splits the pages a worker shares with the parent
instead of counting them twice: the memory the run really holds), and each process's CPU time
every 0.1 s, so the CPU of workers that have already exited still counts. When the command
prints its step timings (``--timings``, on standard error), the CPU of the tree at the end of
each step gives the CPU per report by step.

``--add DIR`` measures an incremental run: a cold run on CORPUS fills a cache; then the same
command on CORPUS and DIR (reports of a new year: ``generate.py --next-year``) with that cache,
against a cold run on both. The naive baseline (``bench.py``: OpenCC, jieba and one TF-IDF per
comparison, on whole bodies sampled from CORPUS, one core) runs in the same call, so the ratio
is taken on the machine as loaded at that moment.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import Result, files_of, machine, naive, naive_sample  # noqa: E402

TIMING_PREFIX = "textkit timing: "


@dataclass
class Run:
    """One run of the command: wall time, CPU of the whole tree, peak PSS/RSS, and per step."""

    label: str
    argv: list[str]
    reports: int
    wall: float = 0.0
    cpu: float = 0.0
    peak_pss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    peak_parent_pss_mb: float = 0.0  # the command's own process alone
    returncode: int = 0
    load_before: float = 0.0
    output_mb: float = 0.0
    steps: list[dict[str, Any]] = field(default_factory=list)
    unfinished: bool = False

    @property
    def rate(self) -> float:
        return self.reports / self.wall if self.wall else 0.0


class TreeSampler:
    """Samples a process and its descendants: CPU per process (the last value seen is kept for
    processes that exit) every ``interval`` s, summed PSS and RSS every ``pss_every`` samples."""

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 5) -> None:
        self.root = psutil.Process(pid)
        self.interval, self.pss_every = interval, pss_every
        self.cpu_by_pid: dict[int, float] = {}
        self.peak_pss = self.peak_rss = self.peak_parent_pss = 0
        self.step_peak_pss = 0  # the highest summed PSS since the last step mark
        self._n = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        with_pss = self._n % self.pss_every == 0
        self._n += 1
        pss = rss = 0
        for p in procs:
            try:
                t = p.cpu_times()
                info = p.memory_full_info() if with_pss else p.memory_info()
            except psutil.Error:
                continue
            with self._lock:
                self.cpu_by_pid[p.pid] = t.user + t.system
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
            if p.pid == self.root.pid and with_pss:
                self.peak_parent_pss = max(self.peak_parent_pss, getattr(info, "pss", info.rss))
        self.peak_rss = max(self.peak_rss, rss)
        if with_pss:
            self.peak_pss = max(self.peak_pss, pss)
            self.step_peak_pss = max(self.step_peak_pss, pss)

    def step_peak(self) -> float:
        """The highest summed PSS (MB) since the previous call: the peak of the step just ended."""
        peak, self.step_peak_pss = self.step_peak_pss, 0
        return peak / 2**20

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far: the whole tree, and the command's own process."""
        self.sample_cpu()
        with self._lock:
            return sum(self.cpu_by_pid.values()), self.cpu_by_pid.get(self.root.pid, 0.0)

    def sample_cpu(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            try:
                t = p.cpu_times()
            except psutil.Error:
                continue
            with self._lock:
                self.cpu_by_pid[p.pid] = t.user + t.system

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "TreeSampler":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _supports_timings(textkit: str) -> bool:
    return "--timings" in subprocess.run([textkit, "audit", "--help"], capture_output=True, text=True).stdout


def run_audit(label: str, paths: list[Path], reports: int, fmt: str, cache: Path | None, out: Path,
              extra: list[str] | None = None, timeout: float | None = None) -> Run:
    """``textkit audit PATHS --format FMT -o OUT`` (cache in ``cache``, or ``--no-cache``), measured.
    A run still going after ``timeout`` seconds is stopped (its process group) and reported as
    unfinished, with the steps it reached and its peak memory until then."""
    textkit = shutil.which("textkit", path=str(Path(sys.executable).parent)) or "textkit"
    argv = [textkit, "audit", *map(str, paths), "--format", fmt, "-o", str(out)]
    argv += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    if _supports_timings(textkit):
        argv.append("--timings")
    argv += extra or []
    run = Run(label, argv, reports, load_before=os.getloadavg()[0])
    before = time.perf_counter()
    children_before = os.times()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    timer = threading.Timer(timeout, _stop, (proc, run)) if timeout else None
    if timer:
        timer.start()
    with TreeSampler(proc.pid) as tree:
        assert proc.stderr is not None
        errors = []
        for line in proc.stderr:  # the command's step marks, as they come
            if line.startswith(TIMING_PREFIX):
                total, parent = tree.cpu()
                run.steps.append({"step": line[len(TIMING_PREFIX):].split()[0], "at": time.perf_counter() - before,
                                  "cpu": total, "parent_cpu": parent, "peak_pss_mb": tree.step_peak()})
            else:
                errors.append(line)
        run.returncode = proc.wait()
    if timer:
        timer.cancel()
    run.wall = time.perf_counter() - before
    children = os.times()
    # The operating system's own accounting of the finished tree (workers included once reaped).
    run.cpu = (children.children_user - children_before.children_user
               + children.children_system - children_before.children_system)
    run.peak_pss_mb, run.peak_rss_mb = tree.peak_pss / 2**20, tree.peak_rss / 2**20
    run.peak_parent_pss_mb = tree.peak_parent_pss / 2**20
    run.output_mb = out.stat().st_size / 2**20 if out.exists() else 0.0
    if run.unfinished:
        run.label += f" (stopped after {timeout:.0f} s: unfinished)"
    elif run.returncode != 0:
        sys.stderr.write("".join(errors[-20:]))
        raise SystemExit(f"{label}: textkit exited with {run.returncode}")
    return run


def _stop(proc: subprocess.Popen[str], run: Run) -> None:
    """Stop a run that went past its time: the command and its workers (one process group)."""
    run.unfinished = True
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def step_table(run: Run) -> str:
    """CPU per report of each step, from the tree's CPU at each step mark."""
    if not run.steps:
        return "(this textkit prints no step timings: only the totals are known)"
    lines = ["| step | ends at s | wall s | CPU s (tree) | of which the command's own process | CPU ms per report "
             "| peak PSS MB in the step (tree) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    at = cpu = parent = 0.0
    for s in run.steps:
        lines.append(f"| {s['step']} | {s['at']:.1f} | {s['at'] - at:.1f} | {s['cpu'] - cpu:.1f} | {s['parent_cpu'] - parent:.1f} "
                     f"| {1000 * (s['cpu'] - cpu) / run.reports:.2f} | {s.get('peak_pss_mb', 0):.0f} |")
        at, cpu, parent = s["at"], s["cpu"], s["parent_cpu"]
    lines.append(f"\npeak PSS of the command's own process: {run.peak_parent_pss_mb:.0f} MB")
    return "\n".join(lines)


def row(run: Run) -> str:
    return (f"| {run.label} | {run.reports} | {run.wall:.1f} | **{run.rate:.1f}** | {run.cpu:.1f} "
            f"| {1000 * run.cpu / run.reports:.2f} | **{run.peak_pss_mb:.0f}** | {run.peak_rss_mb:.0f} "
            f"| {run.output_mb:.0f} | {run.load_before:.1f} |")


HEADER = ("| run | reports | wall s | reports/s | CPU s (tree) | CPU ms per report | peak PSS MB | peak RSS MB (sum) "
          "| output MB | load avg before |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def count_files(paths: list[Path]) -> int:
    from textkit.run.corpus import discover

    return len(discover(paths))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="a folder written by benchmarks/generate.py")
    ap.add_argument("--formats", default="json", help="comma-separated output formats to time (default json)")
    ap.add_argument("--runs", type=int, default=1, help="cold runs per format (the median is reported too)")
    ap.add_argument("--warm", action="store_true", help="also time a re-run with the cache the cold run filled")
    ap.add_argument("--add", type=Path, metavar="DIR", help="incremental run: reports of a new year to add to CORPUS")
    ap.add_argument("--naive-sample", type=int, default=100, help="reports (whole bodies) for the naive baseline; 0: none")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--extra", default="", help="more arguments for textkit audit (one string, split on spaces)")
    ap.add_argument("--timeout", type=float, help="stop a run after this many seconds and report it unfinished")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    (HERE / "out").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".cli-bench-", dir=HERE / "out"))
    extra = args.extra.split()
    runs: list[Run] = []
    print(machine(), f"load average {os.getloadavg()[0]:.1f}", flush=True)
    try:
        n = count_files([args.corpus])
        for fmt in args.formats.split(","):
            cold = []
            for k in range(args.runs):
                cache = scratch / f"cache-{fmt}-{k}"
                cold.append(run_audit(f"cold, --format {fmt}", [args.corpus], n, fmt, cache, scratch / f"out.{fmt}", extra,
                                      args.timeout))
                print(row(cold[-1]), flush=True)
                if args.warm and k == args.runs - 1:
                    runs.append(run_audit(f"warm re-run, --format {fmt}", [args.corpus], n, fmt, cache,
                                          scratch / f"out.{fmt}", extra))
                    print(row(runs[-1]), flush=True)
                if not (args.add and k == 0 and fmt == args.formats.split(",")[0]):  # kept: the incremental run's base
                    shutil.rmtree(cache, ignore_errors=True)
                (scratch / f"out.{fmt}").unlink(missing_ok=True)
            runs.extend(cold)
        if args.add:
            both = [args.corpus, args.add]
            n_both = count_files(both)
            # The base is the first cold run above: its cache is the one a user has before adding the year.
            fmt0 = args.formats.split(",")[0]
            cache = scratch / f"cache-{fmt0}-0"
            grown = run_audit(f"incremental: + {n_both - n} reports of a new year, with the cache of the first cold run",
                              both, n_both, fmt0, cache, scratch / f"out.{fmt0}", extra, args.timeout)
            print(row(grown), flush=True)
            shutil.rmtree(cache, ignore_errors=True)
            full = run_audit("full cold run on the grown corpus", both, n_both, fmt0, scratch / "cache-full",
                             scratch / f"out.{fmt0}", extra, args.timeout)
            shutil.rmtree(scratch / "cache-full", ignore_errors=True)
            runs += [grown, full]
            print(row(full), flush=True)
            print(f"incremental run {grown.wall:.1f} s against a full run {full.wall:.1f} s: "
                  f"{full.wall / grown.wall:.1f}x faster, {grown.cpu:.1f} against {full.cpu:.1f} CPU s", flush=True)
        naive_result: Result | None = None
        if args.naive_sample:
            results: list[Result] = []
            _, rows = files_of(args.corpus)
            naive(naive_sample(rows, args.corpus, args.naive_sample, args.seed), results)
            naive_result = results[-1]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\n{machine()}; load average after {os.getloadavg()[0]:.1f}\n")
    print(HEADER)
    for r in runs:
        print(row(r))
    first = runs[0]
    if args.runs > 1:
        fmt0 = [r for r in runs if r.label == first.label]
        print(f"\nmedian of {len(fmt0)} cold runs: {statistics.median(r.rate for r in fmt0):.1f} reports/s, "
              f"peak PSS {statistics.median(r.peak_pss_mb for r in fmt0):.0f} MB")
    if naive_result is not None:
        ratio = first.rate / naive_result.rate
        print(f"\nnaive baseline (1 core, same call): {naive_result.reports} reports in {naive_result.seconds:.2f} s = "
              f"{naive_result.rate:.1f} reports/s; {first.label}: {first.rate:.1f} reports/s = {ratio:.1f}x naive")
    print(f"\nsteps of the first run ({first.label}):\n" + step_table(first))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": [asdict(r) | {"rate": r.rate} for r in runs],
                                         "naive": asdict(naive_result) if naive_result else None},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
