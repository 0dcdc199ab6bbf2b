"""Measures textkit's throughput and peak memory per stage and end to end on a generated corpus.

Usage: ``python benchmarks/bench.py benchmarks/out/c10000 [--workers 2] [--naive-sample 60]``
(generate the corpus first with benchmarks/generate.py). Extra modes: ``--profile N`` prints
where the time goes on N reports (cProfile), ``--startup FILE`` times ``textkit --help`` and
``textkit show FILE`` and lists their heaviest imports (``python -X importtime``).

Stages run one after the other in this process on one core; peak memory is the highest RSS of
the process (and, end to end, of its whole process tree) sampled every 10 ms while the stage
runs. The naive baseline runs in the same process on a sample of whole bodies (every year of
each sampled body): per report, opencc-python-reimplemented t2s on the whole text, jieba on the
whole text, and one TfidfVectorizer fitted per comparison with each other year of the body.
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Self

import psutil

HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    stage: str
    reports: int
    seconds: float
    peak_mb: float
    note: str = ""
    cpu_seconds: float = 0.0
    peak_pss_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.reports / self.seconds if self.seconds else float("inf")


class PeakRSS:
    """Highest summed RSS (MB) of a process and its children, sampled on a thread, and the
    highest summed PSS (every ``pss_every`` samples): pool workers share pages with the parent,
    which RSS counts once per process and PSS splits between them. Sampling every 0.1 s costs
    about 2% of a core; every 0.01 s cost 13%, taken from the two cores being measured."""

    def __init__(self, pid: int | None = None, interval: float = 0.1, pss_every: int = 5) -> None:
        self.proc = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.pss_every = pss_every  # PSS reads every page table entry: too costly at every sample
        self._samples = 0
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:
            return
        with_pss = self._samples % self.pss_every == 0
        self._samples += 1
        total = pss = 0
        for p in procs:
            try:
                info = p.memory_full_info() if with_pss else p.memory_info()
            except psutil.Error:
                continue
            total += info.rss
            pss += getattr(info, "pss", info.rss)
        self.peak = max(self.peak, total)
        if with_pss:
            self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def mb(self) -> float:
        return self.peak / 2**20

    @property
    def pss_mb(self) -> float:
        return self.peak_pss / 2**20


@contextmanager
def stage(results: list[Result], name: str, reports: int, note: str = "") -> Iterator[None]:
    with PeakRSS() as mem:
        t0, c0 = time.perf_counter(), time.process_time()
        yield
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    results.append(Result(name, reports, seconds, mem.mb, note, cpu, mem.pss_mb))
    show(results[-1])


def show(r: Result) -> None:
    print(f"  {r.stage:<40} {r.reports:>6} reports {r.seconds:8.2f} s {r.rate:8.1f}/s  cpu {r.cpu_seconds:7.2f} s"
          f"  peak RSS {r.peak_mb:6.0f} MB PSS {r.peak_pss_mb:6.0f} MB  {r.note}", flush=True)


def files_of(corpus: Path) -> tuple[list[Path], list[dict[str, str]]]:
    with open(corpus / "manifest.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [corpus / r["file"] for r in rows], rows


# --- end to end --------------------------------------------------------------------------
_E2E = """
import json, resource, sys, time
import psutil
from textkit.run import link
from textkit.run.corpus import analyze_and_link, discover

if sys.argv[3] == "serial-link":  # the per-body steps in the parent, as before issue 7's partitioning
    link.MIN_PARALLEL_LINK = 1 << 62
me = psutil.Process()
files = discover([sys.argv[1]])
mark = {}

def reaped():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime

def live_workers():
    total = 0.0
    for child in me.children(recursive=True):
        try:
            t = child.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total

def progress(_):
    mark["n"] = mark.get("n", 0) + 1
    if mark["n"] == len(files):  # the last report is in: the link step starts
        mark.update(t1=time.perf_counter(), p1=time.process_time(), c1=live_workers() + reaped() - c0)

t0, c0, p0 = time.perf_counter(), reaped(), time.process_time()
cache = None
if sys.argv[4] != "-":
    from textkit.run.cache import AnalysisCache
    cache = AnalysisCache(sys.argv[4])
linked = analyze_and_link(files, workers=int(sys.argv[2]), progress=progress, cache=cache)
t2, c2, p2 = time.perf_counter(), reaped() - c0, time.process_time()
print(json.dumps({"map": mark["t1"] - t0, "map_workers_cpu": mark["c1"], "map_parent_cpu": mark["p1"] - p0,
                  "link": t2 - mark["t1"], "link_cpu": p2 - mark["p1"], "link_workers_cpu": c2 - mark["c1"],
                  "n": len(linked), "ok": sum(r.ok for r in linked)}))
"""


def end_to_end(corpus: Path, workers: int, serial_link: bool = False, cache: Path | None = None,
               label: str = "end to end (analyze_corpus, workers={workers})") -> list[Result]:
    """analyze_corpus (analyze_and_link: per-report analysis, then the corpus steps, on one
    set of workers) in a fresh interpreter; the split is taken when the last report arrives.

    Wall time includes imports and pool start-up. On a shared, busy machine wall time
    understates what two idle cores do, so the CPU-bound projection is also given: for each
    of the two steps, the CPU of its workers and the parent divided by the workers, or the
    parent's own CPU where that is larger.
    """
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-c", _E2E, str(corpus), str(workers),
                             "serial-link" if serial_link else "per-body-link", str(cache or "-")], stdout=subprocess.PIPE, text=True)
    with PeakRSS(proc.pid) as mem:
        out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"end-to-end run failed with exit code {proc.returncode}")
    d = json.loads(out.strip().splitlines()[-1])
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    projected = (max((d["map_workers_cpu"] + d["map_parent_cpu"]) / workers, d["map_parent_cpu"])
                 + max((d["link_workers_cpu"] + d["link_cpu"]) / workers, d["link_cpu"]))
    n = d["n"]
    return [
        Result(label.format(workers=workers), n, wall, mem.mb,
               f"{d['ok']} read; idle-machine projection {projected:.1f} s = {n / projected:.0f}/s", cpu, mem.pss_mb),
        Result("  of which analyze_files (parallel)", n, d["map"], mem.mb,
               f"workers' CPU {d['map_workers_cpu']:.1f} s, parent {d['map_parent_cpu']:.1f} s",
               d["map_workers_cpu"] + d["map_parent_cpu"], mem.pss_mb),
        Result(f"  of which link_reports ({'serial' if serial_link else 'per body on the workers'})", n, d["link"], mem.mb,
               f"workers' CPU {d['link_workers_cpu']:.1f} s, parent {d['link_cpu']:.1f} s",
               d["link_workers_cpu"] + d["link_cpu"], mem.pss_mb),
    ]


# --- stages ------------------------------------------------------------------------------
def stages(files: list[Path], results: list[Result], boilerplate_max: int) -> list[Any]:
    from textkit.analyze.sections import detect_layout, find_sections
    from textkit.analyze.sentences import sentences
    from textkit.errors import TextkitError
    from textkit.read.ingest import read
    from textkit.run.link import link_reports, report_body
    from textkit.run.pipeline import analyze_document

    analyze_document(read(files[0]))  # warm lexicon and converter caches
    docs = []
    with stage(results, "ingest (read -> Document)", len(files)):
        for f in files:
            try:
                docs.append(read(f))
            except TextkitError:
                pass
    with stage(results, "sections + sentences", len(docs)):
        for d in docs:
            secs = find_sections(d)
            detect_layout(d, secs)
            sentences(d, secs)
    with stage(results, "per-report analysis (analyze_document)", len(docs)):
        reports = [analyze_document(d) for d in docs]
    with stage(results, "corpus-level (link_reports, one process)", len(reports)):
        linked = link_reports(reports, workers=1)
    try:
        from textkit.compare.boilerplate import find_reuse
    except ImportError:
        return linked
    part = reports[:boilerplate_max]
    with stage(results, "boilerplate.find_reuse alone", len(part), f"first {len(part)} reports (whole bodies)"):
        find_reuse(part, report_body)
    return linked


def cache_stages(files: list[Path], reports: list[Any], results: list[Result], directory: Path) -> None:
    """The recommended cache integration: read bytes once, look up by content, analyse misses."""
    import shutil

    from textkit.run.cache import AnalysisCache

    shutil.rmtree(directory, ignore_errors=True)
    cache = AnalysisCache(directory)
    by_path = {r.path: r for r in reports}
    with stage(results, "cache: store every report (cold run)", len(reports)):
        for f in files:
            report = by_path.get(str(f))
            if report is not None:
                cache.put(f.read_bytes(), report)
    with stage(results, "cache: re-run, every file a hit", len(files)):
        hits = sum(cache.get(f.read_bytes(), str(f)) is not None for f in files)
    if hits != len(reports):
        print(f"  warning: {hits} hits for {len(reports)} stored reports")
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    results[-1].note = f"{hits} hits; cache holds {size / 2**20:.0f} MB"
    shutil.rmtree(directory, ignore_errors=True)


# --- naive baseline ----------------------------------------------------------------------
_TAG = re.compile(r"<[^>]*>")
_SENT = re.compile(r"[^。！？\n]+[。！？]?")


def _naive_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return _TAG.sub("\n", text) if path.suffix == ".html" else text


def naive_sample(rows: list[dict[str, str]], corpus: Path, size: int, seed: int) -> list[tuple[str, Path]]:
    """Whole bodies drawn at random until ``size`` reports: (body, file) pairs."""
    by_body: dict[str, list[Path]] = {}
    for r in rows:
        by_body.setdefault(r["body"], []).append(corpus / r["file"])
    names = sorted(by_body)
    random.Random(seed).shuffle(names)
    sample: list[tuple[str, Path]] = []
    for name in names:
        if len(sample) >= size:
            break
        sample.extend((name, f) for f in by_body[name])
    return sample


def naive(sample: list[tuple[str, Path]], results: list[Result]) -> None:
    import logging

    import jieba
    from opencc import OpenCC
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # dictionary load (~1 s) kept out of the timing
    converter = OpenCC("t2s")
    segmented: dict[Path, list[str]] = {}
    comparisons = 0
    with stage(results, "naive baseline (1 core)", len(sample), "opencc + jieba + TF-IDF per comparison"):
        for _, f in sample:
            simplified = converter.convert(_naive_text(f))
            sentences = (" ".join(jieba.lcut(m.group())) for m in _SENT.finditer(simplified))
            segmented[f] = [s for s in sentences if s.strip()]
        by_body: dict[str, list[Path]] = {}
        for body, f in sample:
            by_body.setdefault(body, []).append(f)
        for body, f in sample:
            for other in by_body[body]:
                if other == f or not segmented[f] or not segmented[other]:
                    continue
                vec = TfidfVectorizer(analyzer=str.split).fit(segmented[f] + segmented[other])
                linear_kernel(vec.transform(segmented[f]), vec.transform(segmented[other])).max(axis=1)
                comparisons += 1
    results[-1].note += f"; {comparisons} comparisons"


# --- profile and start-up ----------------------------------------------------------------
def profile(files: list[Path], limit: int) -> None:
    from textkit.run.link import link_reports
    from textkit.run.pipeline import analyze_path

    analyze_path(files[0])
    prof = cProfile.Profile()
    prof.enable()
    reports = [analyze_path(f) for f in files[:limit]]
    link_reports(reports, workers=1)
    prof.disable()
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(25)
        print(buf.getvalue())


def startup(file: Path, runs: int = 5) -> None:
    exe = Path(sys.executable).with_name("textkit")
    for argv in (["--help"], ["show", str(file)]):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([str(exe), *argv], capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
        code = f"import sys; from textkit.cli import main; sys.argv = ['textkit', *{argv!r}]; main(sys.argv[1:])"
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True).stderr
        own: dict[str, int] = {}
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
            if m:
                own[m.group(2)] = int(m.group(1))
        heavy = sorted(own.items(), key=lambda kv: -kv[1])[:8]
        heavy_names = {"sklearn", "jieba", "scipy", "numpy", "pandas", "opencc", "dask", "rich"}
        loaded = sorted({name.split(".")[0] for name in own} & heavy_names)
        print(f"textkit {' '.join(argv)}: median {statistics.median(times):.2f} s over {runs} runs "
              f"(min {min(times):.2f}); {len(own)} modules imported, heavy packages loaded: {loaded or 'none'}; "
              "slowest modules (own time): " + ", ".join(f"{name} {us / 1e3:.0f} ms" for name, us in heavy))


# --- report ------------------------------------------------------------------------------
def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        model = names[0] if names else model
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d')}")


def markdown(results: list[Result]) -> str:
    lines = ["| stage | reports | wall s | reports/s | CPU s | reports per CPU-s | peak MB | note |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        per_cpu = f"{r.reports / r.cpu_seconds:.1f}" if r.cpu_seconds else ""
        lines.append(f"| {r.stage.strip()} | {r.reports} | {r.seconds:.2f} | {r.rate:.1f} | {r.cpu_seconds:.1f} | {per_cpu} "
                     f"| {r.peak_mb:.0f} | {r.note} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="a folder written by benchmarks/generate.py")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--naive-sample", type=int, default=60, help="reports (whole bodies) for the naive baseline")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--boilerplate-max", type=int, default=2000,
                    help="time boilerplate.find_reuse alone on at most this many reports (it is the slowest step)")
    ap.add_argument("--skip-stages", action="store_true", help="only end to end and the naive baseline")
    ap.add_argument("--serial-link", action="store_true", help="also run end to end with the per-body steps in the parent")
    ap.add_argument("--warm-rerun", action="store_true",
                    help="also time an end-to-end re-run where every file and every body is in the cache")
    ap.add_argument("--profile", type=int, metavar="N", help="profile N reports instead of benchmarking")
    ap.add_argument("--startup", type=Path, metavar="FILE", help="time textkit --help and textkit show FILE")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    if args.startup:
        startup(args.startup)
        return 0
    files, rows = files_of(args.corpus)
    if args.profile:
        profile(files, args.profile)
        return 0
    print(machine(), f"load average {os.getloadavg()[0]:.1f}")
    results: list[Result] = []
    e2e_results = end_to_end(args.corpus, args.workers)
    if args.serial_link:
        e2e_results += end_to_end(args.corpus, args.workers, serial_link=True)
    if args.warm_rerun:
        import shutil

        warm = HERE / "out" / ".bench-e2e-cache"
        shutil.rmtree(warm, ignore_errors=True)
        e2e_results += end_to_end(args.corpus, args.workers, cache=warm,  # the CLI's default: fills the cache
                                  label="end to end, cold cache: every result stored (workers={workers})")
        e2e_results += end_to_end(args.corpus, args.workers, cache=warm,
                                  label="end to end re-run, warm cache (workers={workers})")
        shutil.rmtree(warm, ignore_errors=True)
    e2e = e2e_results[0]
    for r in e2e_results:
        results.append(r)
        show(r)
    if not args.skip_stages:
        reports = stages(files, results, args.boilerplate_max)
        try:
            cache_stages(files, reports, results, HERE / "out" / ".bench-cache")
        except ImportError:
            pass
        del reports
    naive(naive_sample(rows, args.corpus, args.naive_sample, args.seed), results)
    base = results[-1]
    ratio = e2e.rate / base.rate
    cpu_ratio = (e2e.reports / e2e.cpu_seconds) / (base.reports / base.cpu_seconds)
    print(f"end to end {e2e.rate:.1f} reports/s (wall) with {args.workers} workers = {ratio:.1f}x the naive baseline "
          f"({base.rate:.2f} reports/s on 1 core); per CPU-second {cpu_ratio:.1f}x naive, so on {args.workers} idle cores "
          f"about {cpu_ratio * args.workers:.0f}x")
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "ratio_vs_naive": ratio,
                                         "results": [asdict(r) | {"rate": r.rate} for r in results]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
