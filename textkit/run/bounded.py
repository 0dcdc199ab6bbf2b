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

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..analyze.sentences import narrative_sentences
from ..config import Settings
from ..model import Recycled, Report, SourceRef
from .body_jobs import body_jobs, compare_bodies
from .cache import AnalysisCache, read_entry, write_entry
from .cited import Cited, Sources, sources_of, templates_of
from .records import Item, whole
from .runner import Failure, Runner, gc_paused, in_flight


def linked(items: list[Item], masked: list[str], run: Runner, cache: AnalysisCache,
           settings: Settings | None = None, recurring: dict[str, list[tuple[str, list[int]]]] | None = None
           ) -> Iterator[Report]:
    """The linked reports in input order, as ``link.linked`` gives them: the comparisons run at
    the first ``next`` (per-body jobs on the workers while this process finds the templates),
    then each report is read back whole with its results and handed over. ``recurring`` is
    filled with each body's recurring problems (found by the per-body jobs) before the first
    report is handed over."""
    from ..compare.boilerplate import reuse_figures
    from .link import comparison_failed, on_cluster, template_memory

    settings = settings or Settings()
    try:
        cache.directory.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix=".run-", dir=cache.directory)
    except OSError:  # a cache folder that cannot be written (which only warned): the system's
        folder = tempfile.mkdtemp(prefix="textkit-run-")
    texts = None
    try:
        with gc_paused():
            jobs = body_jobs(items, cache, settings, folder, run.workers * 8, run.client is not None)
            # Local workers start on the bodies now, while this process finds the templates.
            compared = in_flight(run, compare_bodies, jobs) if run.client is None else None
            found = templates_of(items, masked, settings, template_memory(cache), on_cluster(run))
            masked.clear()
            failed: dict[int, str] = {}
            for job, result in compared or in_flight(run, compare_bodies, jobs):
                if isinstance(result, Failure):  # its worker died twice: these bodies go uncompared
                    failed.update({i: result.error for i, _ in job.records})
                    continue
                found_recurring, writes = result
                if recurring is not None:
                    recurring.update(found_recurring)
                for file, key, payload in writes:  # a Dask worker's, which may not see this disk
                    write_entry(Path(file), key, payload)
            cited, sources = ((found[0], sources_of(items, found[1], run, str(Path(folder) / "sources")))
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
            findings = report.findings + tuple(across) + ((comparison_failed(error),) if error else ())
            yield replace(report, follow_up=tuple(follow), findings=findings, recycled=recycled,
                          reuse=reuse_figures(said, recycled))
    finally:
        if texts is not None:
            texts.close()
        shutil.rmtree(folder, ignore_errors=True)


def _cited_of(cited: Cited | None, sources: Sources | None, items: list[Item], texts: Any, start: int, n: int
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

