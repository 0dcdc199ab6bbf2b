"""CPU of the cross-body template step alone (``compare.templates.find_templates``), in this process:
a full run without memory (what every run did before the memory), a cold run that writes the
memory, a warm re-run, and, with ``--add``, a run over the grown corpus that reuses the base's
memory, against a full run of the grown corpus. Every result is checked equal to the full run's.

    python benchmarks/template_step.py CORPUS [--add NEXT_YEAR] [--cache-dir DIR] [--repeat 3]

Reports are read through an analysis cache (``--cache-dir``, default a folder under the system's
temporary folder), so a second call does not analyse them again.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from textkit.analyze.sentences import narrative_sentences
from textkit.compare.boilerplate import _keys
from textkit.compare.near_pairs import Distinct
from textkit.compare.template_memory import TemplateMemory
from textkit.compare.templates import Flat, Templates, find_templates
from textkit.config import Settings
from textkit.run.cache import AnalysisCache
from textkit.run.corpus import analyze_files, discover
from textkit.run.link import report_body


def step_input(folders: list[Path], cache: AnalysisCache) -> tuple[Flat, list[str]]:
    """The template step's input for these folders, as ``boilerplate._templates`` builds it."""
    reports = analyze_files(discover(folders), cache=cache)
    masked: dict[str, int] = {}
    keys: dict[str, tuple[str, str]] = {}
    rows, lengths, bodies, years, numbers = [], [], [], [], {}
    for r in reports:
        said = narrative_sentences(r) if r.ok else []
        text = r.document.analysis_text if r.document is not None else ""
        rows += [masked.setdefault(_keys(text[s.start:s.end], keys)[1], len(masked)) for s in said]
        lengths.append(len(said))
        bodies.append(numbers.setdefault(report_body(r), len(numbers)) if r.ok else -1)
        years.append(r.document.year if r.document is not None and r.document.year is not None else -1)
    n = np.array(lengths, dtype=np.int64)
    return Flat(np.array(rows, dtype=np.int64), np.repeat(np.arange(len(reports)), n),
                np.repeat(np.array(years, dtype=np.int64), n), np.repeat(np.array(bodies, dtype=np.int64), n)), list(masked)


def best_of(repeat: int, run: Callable[[], Templates], before: Callable[[], Any] = lambda: None) -> tuple[float, Templates]:
    """The least CPU seconds of ``repeat`` runs (a shared machine only ever adds time), and the result."""
    times = []
    for _ in range(repeat):
        before()
        start = time.process_time()
        out = run()
        times.append(time.process_time() - start)
    return min(times), out


def same(a: Templates, b: Templates) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("report", "unit", "similarity", "bodies"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--add", type=Path, help="reports of a new year to add to CORPUS")
    ap.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "textkit-template-step")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    settings, cache = Settings(), AnalysisCache(args.cache_dir)
    memory = TemplateMemory(tempfile.mkdtemp(prefix="template-memory-"), b"benchmark")
    flat, masked = step_input([args.corpus], cache)
    print(f"{args.corpus}: {len(flat.row):,} narrative sentences, {len(masked):,} distinct masked")
    full, reference = best_of(args.repeat, lambda: find_templates(flat, Distinct.of(masked), settings))
    cold, out = best_of(args.repeat, lambda: find_templates(flat, Distinct.of(masked), settings, memory),
                        lambda: memory.path.unlink(missing_ok=True))
    assert same(out, reference)
    base_memory = memory.path.read_bytes()
    warm, out = best_of(args.repeat, lambda: find_templates(flat, Distinct.of(masked), settings, memory))
    assert same(out, reference)
    print(f"full run (no memory) {full:.2f} s CPU; cold, writing the memory {cold:.2f} s ({cold / full:.2f}x); "
          f"warm {warm:.2f} s ({warm / full:.2f}x)")
    if args.add:
        flat, masked = step_input([args.corpus, args.add], cache)
        print(f"+ {args.add}: {len(flat.row):,} narrative sentences, {len(masked):,} distinct masked")
        full, reference = best_of(args.repeat, lambda: find_templates(flat, Distinct.of(masked), settings))
        grown, out = best_of(args.repeat, lambda: find_templates(flat, Distinct.of(masked), settings, memory),
                             lambda: memory.path.write_bytes(base_memory))
        assert same(out, reference)
        print(f"grown corpus: full run {full:.2f} s CPU; with the base's memory {grown:.2f} s ({grown / full:.2f}x)")
    print("results identical to the full runs")


if __name__ == "__main__":
    main()
