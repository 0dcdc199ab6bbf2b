"""Writes the HTML report: one self-contained page for a small run; past ``SPLIT_AT`` reports an
index page plus one page per body, so a run of thousands of reports opens in seconds.

The writer is fed body by body (``BodyReports``) and holds at most ``SPLIT_AT`` reports (while it
cannot yet tell whether the run fits on one page), one body's reports, the running summary and
one index row per body: a results store can hand it bodies one at a time. The interface is
described for other writers in docs/html_report.md.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import Report
from ..read.agency import body_key
from .charts import COLOURS, SEVERITIES
from .corpus_summary import CorpusSummary, SummaryCounter
from .export import summary_row
from .html import (
    RECYCLED_KINDS,
    PageContext,
    body_page,
    body_view,
    check_options,
    family_view,
    html_lang,
    overview_row,
    report_view,
    series_path,
    severities_of,
    short_path,
)
from .labels import Labels
from .shown import names_shown

Families = Sequence[Mapping[str, Any]]  # template families as in the JSON (compare.families records)

SPLIT_AT = 100  # reports on one page at most (about 3 MB); a larger run gets an index and a page per body


@dataclass(frozen=True)
class RunInfo:
    """What the page header says about the run."""

    version: str
    generated: datetime
    inputs: tuple[str, ...] = ()

    @classmethod
    def now(cls, inputs: Iterable[str] = ()) -> RunInfo:
        return cls(_version(), datetime.now(timezone.utc).replace(microsecond=0), tuple(str(p) for p in inputs))


@dataclass(frozen=True)
class BodyReports:
    """One body's reports with its year series (an element of ``run.corpus.bodies``); ``series``
    is None for the reports outside every body (unreadable files, documents that are not reports)."""

    series: Mapping[str, Any] | None
    reports: Sequence[Report] = field(default_factory=tuple)

    @property
    def body(self) -> str | None:
        return None if self.series is None else str(self.series.get("body", ""))


def group_reports(reports: Iterable[Report], bodies: Iterable[Mapping[str, Any]]) -> Iterator[BodyReports]:
    """The reports of an in-memory run, grouped as ``write_html`` takes them (bodies in series order)."""
    by_body: dict[str | None, list[Report]] = {}
    for r in reports:
        doc = r.document
        key = body_key(doc.agency) if r.ok and doc is not None and doc.is_report else None
        by_body.setdefault(key, []).append(r)
    for series in bodies:
        yield BodyReports(series, by_body.pop(str(series.get("body", "")), []))
    rest = [r for group in by_body.values() for r in group]
    if rest:
        yield BodyReports(None, rest)


def render_html(reports: Sequence[Report], bodies: Sequence[Mapping[str, Any]], lang: str = "zh",
                script: str = "auto", info: RunInfo | None = None, families: Families = ()) -> str:
    """The whole run on one self-contained page (inline CSS, JS and SVG), whatever its size."""
    check_options(lang, script)
    return _single_page(list(group_reports(reports, bodies)), info or RunInfo.now(), lang, script, families)


def write_html(output: str | Path, groups: Iterable[BodyReports], info: RunInfo, *, lang: str = "zh",
               script: str = "auto", split_at: int = SPLIT_AT,
               families: Callable[[], Families] | None = None) -> list[Path]:
    """Write the report to ``output``; return the files written, the page (or index) first.

    ``families`` gives the run's template families once every group has been read (they are
    known only at the end of a run); they are shown on the page, or on the index.

    Up to ``split_at`` reports: one page. Past it: ``output`` is the index and ``<stem>_files/``
    beside it holds ``body-<hash>.html`` for each body (and ``other.html`` for files outside
    every body).
    """
    check_options(lang, script)
    output = Path(output)
    stream = iter(groups)
    held: list[BodyReports] = []
    count = 0
    for group in stream:
        held.append(group)
        count += len(group.reports)
        if count > split_at:
            return _split(output, chain(held, stream), info, lang, script, families)
    _write(output, _single_page(held, info, lang, script, families() if families else ()))
    return [output]


def _single_page(groups: list[BodyReports], info: RunInfo, lang: str, script: str, families: Families) -> str:
    reports = [r for g in groups for r in g.reports]
    page = PageContext(reports, lang, script)
    counter = SummaryCounter()
    for g in groups:
        for r in g.reports:
            counter.add(r, g.body)
    summary = counter.summary()
    series = [g.series for g in groups if g.series is not None]
    return _environment().get_template("report.html.j2").render(
        **_common(lang, script, info), summary=_summary_view(page, summary),
        rows=[overview_row(page, r) for r in reports], bodies=[body_view(page, s) for s in series],
        body_names=_body_names(page, series), reports=[report_view(page, r) for r in reports],
        families=[family_view(page, f) for f in families])


def _split(output: Path, groups: Iterable[BodyReports], info: RunInfo, lang: str, script: str,
           families: Callable[[], Families] | None) -> list[Path]:
    folder = output.with_name(f"{output.stem}_files")
    folder.mkdir(parents=True, exist_ok=True)
    env = _environment()
    body_template = env.get_template("body.html.j2")
    counter = SummaryCounter()
    rows: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    written: list[Path] = []
    index_name = output.name
    for group in groups:
        page = PageContext(group.reports, lang, script, split=True)
        for r in group.reports:
            counter.add(r, group.body)
        name = body_page(group.body)
        views = [overview_row(page, r) for r in group.reports]
        body = body_view(page, group.series) if group.series is not None else None
        target = folder / name
        _write(target, body_template.render(
            **_common(lang, script, info), index=f"../{index_name}", body=body, rows=views,
            reports=[report_view(page, r) for r in group.reports]))
        written.append(target)
        if group.series is None:
            other += [v | {"href": f"{folder.name}/{name}#{v['id']}"} for v in views]
        else:
            rows.append(_index_row(page, group, f"{folder.name}/{name}"))
    index_page = PageContext([], lang, script, split=True, prefix=f"{folder.name}/")
    _write(output, env.get_template("index.html.j2").render(
        **_common(lang, script, info), summary=_summary_view(index_page, counter.summary()), bodies=rows,
        body_names=[(r["key"], r["agency"]) for r in rows], other=other, pages=len(written),
        families=[family_view(index_page, f) for f in (families() if families else ())]))
    return [output, *written]


def _common(lang: str, script: str, info: RunInfo) -> dict[str, Any]:
    return {"t": check_options(lang, script), "names": Labels(lang, "html"), "lang": lang, "html_lang": html_lang(lang, script), "colours": COLOURS,
            "recycled_kinds": RECYCLED_KINDS, "severities": SEVERITIES,
            "info": {"version": info.version, "generated": info.generated.strftime("%Y-%m-%d %H:%M %Z").strip(),
                     "inputs": list(info.inputs)}}


def _summary_view(page: PageContext, s: CorpusSummary) -> dict[str, Any]:
    def ref(r: Any) -> dict[str, Any]:
        return {"href": page.report_href(r.path, r.agency), "agency": page.text(r.agency, r.path) or short_path(r.path),
                "year": r.year, "share": r.share}

    return {"s": s, "late": [ref(r) for r in s.late_reports], "copied": [ref(r) for r in s.most_copied],
            "rules": s.rules}


def _body_names(page: PageContext, series: list[Mapping[str, Any]]) -> list[tuple[str, str]]:
    return [(str(s.get("body", "")), page.text(s.get("agency") or s.get("body"), series_path(s))) for s in series]


def _index_row(page: PageContext, group: BodyReports, href: str) -> dict[str, Any]:
    """One row of the index: a body, its years and what the audit found across them."""
    assert group.series is not None
    rows = [summary_row(r) for r in group.reports]
    years = sorted(y for y in (row["year"] for row in rows) if y is not None)
    scores = [row["score"] for row in rows if row["score"] is not None]
    carried = [float(row["carried"]) for row in rows if row["carried"] is not None]
    sev = " ".join(s for s in SEVERITIES if any(s in severities_of(r).split() for r in group.reports))
    return {"key": str(group.series.get("body", "")), "href": href,
            "agency": page.text(group.series.get("agency") or group.series.get("body"), group.reports[-1]),
            "years": years, "reports": len(rows), "sev": sev,
            **{k: sum(int(row[k] or 0) for row in rows) for k in ("errors", "warnings", "infos")},
            "late": sum(any(f.rule == "late" for f in r.findings) for r in group.reports),
            "worst_score": min(scores) if scores else None,
            "carried": sum(carried) / len(carried) if carried else None}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One environment, so each template is compiled once per process."""
    return Environment(loader=PackageLoader("textkit.present", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       trim_blocks=True, lstrip_blocks=True)


def _write(path: Path, text: str) -> None:
    """Whole or not at all: written beside the target, then renamed over it (file names that
    are not UTF-8 shown as \\xNN)."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(names_shown(text), encoding="utf-8")
    os.replace(partial, path)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zfxxgk-textkit")
    except PackageNotFoundError:
        return "unknown"
