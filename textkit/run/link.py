"""Links the analysed reports: the steps that compare them, per body (follow-up, carried-over
sentences) on the workers, and across bodies and years (templates, cross-year checks) here.

``report_body`` is the one key reports are grouped by body with.
"""
from __future__ import annotations

import pickle
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..config import Settings
from ..model import Finding, FollowUp, OffsetMap, Report, Sentence
from ..read.agency import body_key
from .cache import AnalysisCache
from .runner import Failure, Runner, gc_paused

if TYPE_CHECKING:
    from ..compare.boilerplate import Carried
    from ..compare.near_pairs import Mapper
    from ..compare.template_memory import TemplateMemory


def report_body(report: Report) -> str:
    """The body a report belongs to: its agency's normalized name."""
    return body_key(report.document.agency if report.document else None)


def annual_reports(reports: list[Report]) -> list[Report]:
    """The inputs that were read and are annual reports: the ones a body's year series holds."""
    return [r for r in reports if r.ok and r.document is not None and r.document.is_report]


def link_reports(reports: list[Report], workers: int | None = None, scheduler: str | None = None,
                 settings: Settings | None = None) -> list[Report]:
    """The corpus-level steps: every report enriched with what comparing it to the others shows.

    Follow-up and same-body matching look at one body at a time: they run per body on the
    local processes or the Dask cluster (``_BodySteps``) while this process finds the
    cross-body templates and the cross-year checks. (``analyze_corpus`` starts its local
    processes before the reports exist; processes forked here share this one's pages and copy
    those it keeps writing to: more memory for the same result.)
    """
    with Runner(workers, scheduler, len(reports), MIN_PARALLEL_LINK) as run:
        return link(reports, run, settings=settings)


def link(reports: list[Report], run: Runner, cache: AnalysisCache | None = None,
         settings: Settings | None = None) -> list[Report]:
    """``linked`` as a list; ``reports`` is left as it was."""
    return list(linked(list(reports), run, cache, settings))


def linked(reports: list[Report], run: Runner, cache: AnalysisCache | None = None,
           settings: Settings | None = None) -> Iterator[Report]:
    """The linked reports, in input order, as a writer takes them: the comparisons run at the
    first ``next``, then each report is enriched and handed over. ``reports`` is emptied on the
    way (this process lets go of each analysed report once its linked copy is out), so a writer
    that drops what it has written holds one report at a time, not two copies of the run.
    ``settings`` (default ``Settings()``) are the matcher's thresholds. Copies of one report are
    merged first (``compare.copies``). This is the run that holds every report here (no cache,
    or a library caller's list); ``run.bounded`` is the one that keeps them on disk."""
    from ..audit.across_years import check_across_years
    from ..compare.boilerplate import find_reuse
    from ..compare.copies import merge_copies

    reports[:] = merge_copies(reports, report_body)

    def same_body() -> "Carried":
        found = per_body.carried()
        run.release()  # no more jobs: the workers' memory is freed before the results are assembled
        return found

    with gc_paused():
        settings = settings or Settings()
        per_body = _BodySteps(reports, run, cache, settings)
        across = check_across_years([(r, r.tables) for r in reports])
        reuse = find_reuse(reports, report_body, settings, carried=same_body, memory=template_memory(cache),
                           mapper=on_cluster(run))
        follow = per_body.follow_ups()
    reports.reverse()
    while reports:
        r = reports.pop()
        recycled, figures = reuse.get(r.path, ((), {}))
        failed = (comparison_failed(per_body.failed[r.path]),) if r.path in per_body.failed else ()
        yield replace(r, follow_up=follow.get(r.path, ()), findings=r.findings + across.get(r.path, ()) + failed,
                      recycled=recycled, reuse=figures)


def template_memory(cache: AnalysisCache | None) -> "TemplateMemory | None":
    """Where the template step keeps its work between runs: the cache folder (none without a cache)."""
    from ..compare.template_memory import TemplateMemory

    return TemplateMemory(cache.directory, cache.step_key("templates")) if cache is not None else None


def on_cluster(run: Runner) -> "Mapper | None":
    """On Dask, the template step's per-sentence work runs on the cluster, ahead of queued
    per-body jobs (the client waits for it); locally this process does it while the workers
    compare bodies."""
    if run.client is None:
        return None

    def mapper(fn: Callable[[Any], Any], jobs: list[Any]) -> list[Any]:
        return run.submit(fn, jobs, priority=1)()
    return mapper


def comparison_failed(error: str) -> Finding:
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
    """``steps_of_bodies`` on a worker: ``job`` is the pickle of the chunk's slim reports, their
    sentences as spans, per body the indices of its reports in that list, and the settings."""
    with gc_paused():
        slim, spans, groups, settings = pickle.loads(job)
        reports = [replace(r, sentences=tuple(Sentence(r.document.text[start:end], start, end, section)
                                              for start, end, section in sentences))
                   for r, sentences in zip(slim, spans)]
        return steps_of_bodies(reports, groups, settings)


def steps_of_bodies(reports: list[Report], groups: list[list[int]], settings: Settings | None = None) -> _BodyResult:
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
            body_follow = follow_up([reports[i] for i in members], settings=settings)
            body_carried = carried_in_body(reports, members, settings)
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

    def __init__(self, reports: list[Report], run: Runner, cache: AnalysisCache | None = None,
                 settings: Settings | None = None) -> None:
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
        # Sent now as jobs to the workers (their copies made), or computed here from ``reports`` later.
        self.dispatched = run.parallel and (run.client is not None or len(reports) >= MIN_PARALLEL_LINK)
        if self.dispatched:
            chunks = balanced(groups, run.workers * 8)
            self.indexes: list[list[int] | None] = [[i for members in chunk for i in members] for chunk in chunks]
            self._wait = run.submit(_body_steps, [_body_job(reports, chunk, settings) for chunk in chunks])
        else:
            self.indexes = [None]  # computed on the corpus itself: indices are already the corpus's
            self._wait = lambda: [steps_of_bodies(reports, groups, settings)]

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
            for index, result in zip(self.indexes, wait()):
                if isinstance(result, Failure):  # its worker died twice: these bodies go uncompared
                    self.failed.update({self.reports[i].path: result.error for i in index or ()})
                    continue
                follow, matches, failed = result
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


def balanced(groups: list[list[int]], n: int) -> list[list[list[int]]]:
    """``groups`` dealt into at most ``n`` chunks of similar size, biggest body first to the
    lightest chunk (a body's cost grows with its reports)."""
    chunks: list[list[list[int]]] = [[] for _ in range(min(n, len(groups)))]
    loads = [0] * len(chunks)
    for members in sorted(groups, key=len, reverse=True):
        k = loads.index(min(loads))
        chunks[k].append(members)
        loads[k] += len(members)
    return chunks


def _body_job(reports: list[Report], chunk: list[list[int]], settings: Settings | None = None) -> bytes:
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
    return pickle.dumps((slim, spans, groups, settings), protocol=pickle.HIGHEST_PROTOCOL)


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
