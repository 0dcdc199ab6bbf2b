"""Many reports at once: find the files, analyse them in parallel, group them by body, and
run the steps that compare reports (across years and across bodies).

Every input comes back as a Report, analysed or carrying its error: a batch never loses a file.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import UsageError
from .agency import body_key
from .model import Report
from .pipeline import analyze_path

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".text"}
# Below this many files a process pool costs more than it saves.
MIN_PARALLEL = 8


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


def _safe_analyze(path: str) -> Report:
    """Analyse one file; an unexpected failure is recorded on the Report, never raised."""
    try:
        return analyze_path(path)
    except Exception as exc:  # noqa: BLE001 - a batch must never lose a document
        return Report(path=path, document=None, error=f"{path}: internal error while analysing ({type(exc).__name__}: {exc})")


def analyze_files(files: list[Path], workers: int | None = None, scheduler: str | None = None,
                  progress: Callable[[Report], None] | None = None) -> list[Report]:
    """Per-report analysis of ``files`` in input order, on local processes or a Dask cluster."""
    names = [str(f) for f in files]
    reports: list[Report] = []
    for report in _map(names, workers, scheduler):
        reports.append(report)
        if progress:
            progress(report)
    return reports


def _map(names: list[str], workers: int | None, scheduler: str | None) -> Iterator[Report]:
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler) as client:
            futures = client.map(_safe_analyze, names, pure=False)
            yield from client.gather(futures)
        return
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(names) < MIN_PARALLEL:
        yield from map(_safe_analyze, names)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_safe_analyze, names, chunksize=max(1, len(names) // (workers * 8)))


def link_reports(reports: list[Report]) -> list[Report]:
    """The corpus-level steps: every report enriched with what comparing it to the others shows."""
    from .audit import check_across_years
    from .boilerplate import find_reuse
    from .followup import follow_up

    follow = follow_up(reports)
    across = check_across_years([(r, r.tables) for r in reports])
    reuse = find_reuse(reports, report_body)
    linked = []
    for r in reports:
        recycled, figures = reuse.get(r.path, ((), {}))
        linked.append(replace(r, follow_up=follow.get(r.path, ()), findings=r.findings + across.get(r.path, ()),
                              recycled=recycled, reuse=figures))
    return linked


def analyze_corpus(paths: Iterable[str | Path], workers: int | None = None, scheduler: str | None = None,
                   progress: Callable[[Report], None] | None = None) -> list[Report]:
    """Discover, analyse and link: the whole batch job behind ``textkit audit``."""
    return link_reports(analyze_files(discover(paths), workers, scheduler, progress))


def bodies(reports: list[Report]) -> list[dict[str, Any]]:
    """Per-body year series: which years are present and the headline figures of each."""
    from .export import summary_row

    groups: dict[str, list[Report]] = {}
    for r in reports:
        if r.ok and r.document and r.document.is_report:
            groups.setdefault(report_body(r), []).append(r)
    out = []
    for key, group in sorted(groups.items()):
        group.sort(key=lambda r: (r.document.year or 0) if r.document else 0)
        out.append({"body": key, "agency": group[-1].document.agency if group[-1].document else key,
                    "years": [summary_row(r) | {"year": r.document.year if r.document else None} for r in group]})
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
        from .frames import frame

        return frame(self.reports, kind)

    def bodies(self) -> list[dict[str, Any]]:
        return bodies(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __repr__(self) -> str:
        ok = sum(r.ok for r in self.reports)
        return f"<Corpus {len(self.reports)} files, {ok} read, {len(bodies(self.reports))} bodies>"

    def _repr_html_(self) -> str:
        return self.to_frame("reports")._repr_html_()  # type: ignore[no-any-return]
