"""What the HTML pages show of each report: its text cut into sections with every sentence
addressable and carried-over sentences marked and linked to their source, its findings, items,
promises and tables, as plain views the templates fill in.

Report text reaches a page only through the Jinja templates with autoescape on; nothing here
marks report text safe. Ids are derived from the report's path (``report_id``) so a sentence can
be linked from another page of a split report without knowing the whole run.
"""
from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Generic, Protocol, TypeVar

from ..model import Evidence, Recycled, Report, Section, Sentence
from ..read.agency import body_key
from .charts import SEVERITIES, findings_chart, shares_chart
from .export import summary_row
from .labels import Labels, Shower, check_script
from .labels import labels as view_labels


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)
RECYCLED_KINDS = ("verbatim", "numbers_changed", "near", "template")

def check_options(lang: str, script: str) -> dict[str, str]:
    """The page labels in ``lang``, after a clear error for an unknown language or script."""
    check_script(script)
    return view_labels(lang, "html")


def report_id(path: str) -> str:
    """The id of a report on any page: a short hash of its path (never the path itself).

    >>> report_id("corpus/qinghe-county/2022.txt") == report_id("corpus/qinghe-county/2022.txt")
    True
    """
    return "r" + hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def body_page(body: str | None) -> str:
    """The file name of a body's page in a split report: a hash of the body key, so no text from a
    report ever becomes part of a path."""
    if body is None:
        return "other.html"
    return "body-" + hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest() + ".html"


@dataclass(frozen=True)
class Piece:
    """A run of report text, carried over (``kind``) or not, with a link to where it came from."""

    text: str
    kind: str | None = None
    href: str | None = None
    source_label: str | None = None
    link_text: str | None = None
    source_text: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Run:
    """One sentence (with its anchor) or the text between sentences (no anchor)."""

    anchor: str | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Block:
    key: str
    heading: str
    narrative: bool
    runs: tuple[Run, ...]
    anchors: tuple[str, ...] = ()  # ids of sentences that lie inside the heading (shown once, in the summary)


@dataclass(frozen=True)
class EvidenceView:
    text: str
    href: str | None
    where: str
    cells: tuple[str, ...]


class PageContext:
    """What rendering one page needs: labels, the reader's script, and where every sentence lives.

    ``reports`` are the reports on this page. A sentence of another report is linked when that
    report is on this page or, in a split report (``split``), on its body's page beside this one.
    """

    def __init__(self, reports: Sequence[Report], lang: str, script: str, split: bool = False,
                 prefix: str = "") -> None:
        self.labels = check_options(lang, script)
        self.names = Labels(lang, "html")
        self.lang, self.script, self.split, self.prefix = lang, script, split, prefix
        self.here = {r.path: r for r in reports}
        self._starts = {r.path: [s.start for s in r.sentences] for r in reports}
        self._showers: dict[str | None, Shower] = {}

    def text(self, value: Any, source: str | Report | None = None) -> str:
        """``value`` in the reader's script; a report's string (``source``: the report, or the path
        of the report on this page, it comes from) as that report writes it under ``auto``, as in
        every other command."""
        if isinstance(source, Report):
            return Shower(source.document, self.script)(value)
        report = self.here.get(source) if source is not None else None
        key = report.path if report is not None else None
        if key not in self._showers:
            self._showers[key] = Shower(report.document if report is not None else None, self.script)
        return self._showers[key](value)

    def href(self, path: str | None, offset: int | None, agency: str | None = None) -> str | None:
        """A link to the sentence holding ``offset`` in the report at ``path``.

        On this page the sentence is found exactly. On another body's page (split reports only)
        the link names the sentence starting at ``offset`` (sources of carried-over sentences are
        whole sentences) or, without an offset, the report.
        """
        if path is None:
            return None
        report = self.here.get(path)
        if report is not None:
            rid = report_id(path)
            if offset is None:
                return f"#{rid}"
            starts = self._starts[path]
            k = bisect.bisect_right(starts, offset) - 1
            if k >= 0 and offset < report.sentences[k].end:
                return f"#{rid}-s{starts[k]}"
            return f"#{rid}"
        if not self.split or agency is None:
            return None
        target = self.prefix + body_page(body_key(agency))
        return f"{target}#{report_id(path)}" + (f"-s{offset}" if offset is not None else "")

    def report_href(self, path: str, agency: str | None) -> str:
        """A link to a report: on this page, or on its body's page."""
        if path in self.here or not self.split:
            return f"#{report_id(path)}"
        return f"{self.prefix}{body_page(body_key(agency) if agency else None)}#{report_id(path)}"

    def source_label(self, r: Recycled) -> str:
        parts = [self.text(r.source.agency, r.source.path) if r.source.agency else "", str(r.source.year or "")]
        if r.kind == "template" and r.bodies > 1:
            parts.append(f"×{r.bodies}")
        return " ".join(p for p in parts if p)


def html_lang(lang: str, script: str) -> str:
    if lang == "en":
        return "en"
    return {"traditional": "zh-Hant", "hk": "zh-HK", "tw": "zh-TW"}.get(script, "zh-Hans")


def severities_of(r: Report) -> str:
    """The severities of a report's findings, for the page's severity filter (``data-sev``)."""
    found = {f.severity for f in r.findings}
    return " ".join(s for s in SEVERITIES if s in found)


def overview_row(page: PageContext, r: Report) -> dict[str, Any]:
    row = summary_row(r)
    doc = r.document
    body = body_key(doc.agency) if doc is not None and doc.is_report and r.ok else ""
    return row | {"id": report_id(r.path), "href": page.report_href(r.path, row["agency"]), "name": short_path(r.path),
                  "agency": page.text(row["agency"], r.path), "body": body, "sev": severities_of(r),
                  "error": page.text(page.names.note(row["error"] or row["not_report_reason"]))
                  if row["error"] or row["not_report_reason"] else None}


def short_path(path: str) -> str:
    parts = path.replace("\\", "/").rsplit("/", 2)
    return "/".join(parts[-2:])


def report_view(page: PageContext, r: Report) -> dict[str, Any]:
    doc = r.document
    rid = report_id(r.path)
    view: dict[str, Any] = {"id": rid, "path": r.path, "error": r.error, "doc": None, "sev": severities_of(r),
                            "body": body_key(doc.agency) if doc is not None and doc.is_report and r.ok else "",
                            "agency": page.text(doc.agency, r.path) if doc is not None else ""}
    if doc is None:
        return view
    labels = page.labels
    view |= {
        "doc": doc, "title": page.text(doc.title or short_path(r.path), r.path),
        "year": doc.year, "published": doc.published.isoformat() if doc.published else None,
        "layout": r.layout, "script_kind": doc.script.kind, "encoding": doc.encoding, "form": doc.form,
        "notes": [page.text(page.names.note(n)) for n in doc.notes],
        "not_report": page.text(page.names.note(doc.not_report_reason)) if not doc.is_report else None,
        "reuse": r.reuse or {},
        "blocks": _blocks(page, rid, r),
        "recycled_counts": {k: sum(x.kind == k for x in r.recycled) for k in RECYCLED_KINDS},
        "items": [{"kind": labels[item.kind], "kind_key": item.kind, "marker": page.text(item.marker, r.path),
                   "headline": page.text(item.headline, r.path), "href": page.href(r.path, item.start),
                   "category": page.text(page.names.category(item.category)),
                   "cues": "、".join(page.text(c, r.path) for c in item.category_cues),
                   "specificity": item.specificity,
                   "reasons": "、".join(page.text(x) for x in item.specificity_reasons)}
                  for item in (*r.problems, *r.improvements)],
        "follow_up": [{"year": f.promise_year, "headline": page.text(f.promise_headline, r.path), "status": f.status,
                       "status_label": labels.get(f.status, f.status), "evidence_year": f.evidence_year,
                       "evidence": page.text(f.evidence_text, r.path) if f.evidence_text else None,
                       "href": page.href(r.path, f.evidence_start)} for f in r.follow_up],
        "findings": [{"rule": f.rule, "severity": f.severity,
                      "message": page.text(f.message if page.lang == "zh" else f.message_en),
                      "expected": _plain(f.expected), "actual": _plain(f.actual),
                      "evidence": [_evidence(page, rid, r, e) for e in f.evidence]}
                     for f in sorted(r.findings, key=lambda f: SEVERITIES.index(f.severity))],
        "tables": [_table_view(page, rid, r, t) for t in r.tables],
    }
    return view


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def _evidence(page: PageContext, rid: str, r: Report, e: Evidence) -> EvidenceView:
    """Evidence linked to its sentence (here or in another report of the run) or to its table."""
    path = e.path or r.path
    where = " ".join(x for x in (e.section or "", str(e.year) if e.year and e.path not in (None, r.path) else "") if x)
    tables = {t.key for t in r.tables}
    if path == r.path and e.section in tables:
        href: str | None = f"#{rid}-table-{e.section}"
    elif path == r.path or path in page.here:
        href = page.href(path, e.start)
    else:  # an earlier report of the same body (rules across years stay within a body), on its page
        agency = r.document.agency if r.document is not None else None
        href = page.href(path, None, agency)
    return EvidenceView(text=page.text(e.text, path), href=href, where=where, cells=e.cells)


def _blocks(page: PageContext, rid: str, r: Report) -> list[Block]:
    """The report text cut at section starts: a preamble, then one block per top-level section
    whose heading is shown once, as the block's title, and not again at the start of its text."""
    doc = r.document
    assert doc is not None
    text = doc.text
    # Conversion keeps lengths line by line, so converting once lets spans slice the shown text;
    # should a conversion ever change the length, each piece is converted on its own instead.
    shown = page.text(text, r.path)
    convert: Callable[[str], str] = _identity
    if len(shown) != len(text):
        shown, convert = text, lambda piece: page.text(piece, r.path)
    sections = sorted(r.sections, key=lambda s: s.start)
    starts = [s.start for s in sections] + [len(text)]
    bounds: list[tuple[int, int, Section | None]] = [(0, starts[0], None)]
    bounds += [(sec.start, max(starts[k + 1], sec.start), sec) for k, sec in enumerate(sections)]
    recycled = _Spans(r.recycled)
    sentences = _Spans(r.sentences)
    blocks = []
    for start, end, sec in bounds:
        if end <= start or (sec is None and not text[start:end].strip()):
            continue
        if sec is None:
            runs = tuple(_runs(rid, sentences, shown, convert, page, recycled, start, end))
            blocks.append(Block("preamble", page.labels["preamble"], True, runs))
            continue
        body_start = min(max(sec.body_start, start), end)
        while body_start < end and text[body_start] in "\r\n":
            body_start += 1
        heading_ids = tuple(f"{rid}-s{s.start}" for s in r.sentences if start <= s.start < body_start and s.end <= body_start)
        runs = tuple(_runs(rid, sentences, shown, convert, page, recycled, body_start, end))
        blocks.append(Block(sec.key, page.text(sec.heading, r.path), sec.narrative, runs, heading_ids))
    return blocks


def _identity(s: str) -> str:
    return s


class _Spans(Generic[S]):
    """Spans (sentences, carried-over sentences) sorted by start, and those that overlap a range
    found by bisection, so cutting a long report into blocks stays linear."""

    def __init__(self, spans: Iterable[S]) -> None:
        self.spans = sorted(spans, key=lambda x: x.start)
        self._reach = list(accumulate((x.end for x in self.spans), max))  # furthest end so far

    def overlapping(self, start: int, end: int) -> Iterator[S]:
        for k in range(bisect.bisect_right(self._reach, start), len(self.spans)):
            x = self.spans[k]
            if x.start >= end:
                return
            if x.end > start:
                yield x


def _runs(rid: str, sentences: _Spans[Sentence], shown: str, convert: Callable[[str], str], page: PageContext,
          recycled: _Spans[Recycled], start: int, end: int) -> Iterable[Run]:
    """Sentences of [start, end) as anchored runs, the text between them as plain runs. A sentence
    cut by ``start`` (a run-in heading) keeps its id on the part shown."""
    pos = start
    for s in sentences.overlapping(start, end):
        s_start, s_end = max(s.start, start), min(s.end, end)
        if s_start > pos:
            yield Run(None, tuple(_pieces(page, shown, convert, recycled, pos, s_start)))
        first_part = s_start == s.start or s_start == start
        s_start = max(s_start, pos)
        if s_end > s_start:
            anchor = f"{rid}-s{s.start}" if first_part and s_start in (s.start, start) else None  # ids stay unique
            yield Run(anchor, tuple(_pieces(page, shown, convert, recycled, s_start, s_end)))
            pos = s_end
    if pos < end:
        yield Run(None, tuple(_pieces(page, shown, convert, recycled, pos, end)))


def _pieces(page: PageContext, shown: str, convert: Callable[[str], str], recycled: _Spans[Recycled],
            start: int, end: int) -> Iterable[Piece]:
    """[start, end) cut where carried-over spans begin and end. The tooltip quotes the source
    only when it differs from the text shown (a verbatim copy would repeat it)."""
    pos = start
    for x in recycled.overlapping(start, end):
        if x.end <= pos:
            continue
        a, b = max(x.start, pos), min(x.end, end)
        if a > pos:
            yield Piece(convert(shown[pos:a]))
        source = page.text(x.source.text, x.source.path)
        piece = convert(shown[a:b])
        yield Piece(piece, kind=x.kind, href=page.href(x.source.path, x.source.start, x.source.agency),
                    source_label=page.source_label(x), link_text=str(x.source.year or "↗"),
                    source_text=None if source == piece or x.kind == "verbatim" else source,
                    similarity=round(x.similarity, 2))
        pos = b
    if pos < end:
        yield Piece(convert(shown[pos:end]))


def _table_view(page: PageContext, rid: str, r: Report, table: Any) -> dict[str, Any]:
    """A table of ``tables`` (cells keyed by official row and column labels) as a grid, with the
    cells the audit's table checks point at flagged."""
    rows = list(dict.fromkeys(c.row for c in table.cells))
    columns = list(dict.fromkeys(c.column for c in table.cells))
    raw = {(c.row, c.column): c.raw for c in table.cells}
    checks = [f for f in r.findings if any(e.section == table.key for e in f.evidence)]
    flagged = {cell for f in checks for e in f.evidence for cell in e.cells}
    return {"key": table.key, "id": f"{rid}-table-{table.key}", "template": table.template,
            "readable": table.readable, "reason": page.text(page.names.note(table.reason)) if table.reason else None,
            "columns": [page.text(c) for c in columns],
            "grid": [{"label": page.text(row),
                      "cells": [{"raw": page.text(raw.get((row, col), ""), r.path),
                                 "ref": f"{row}|{col}" if f"{row}|{col}" in flagged else None} for col in columns]}
                     for row in rows],
            "checks": [{"rule": f.rule, "severity": f.severity,
                        "message": page.text(f.message if page.lang == "zh" else f.message_en)} for f in checks]}


def series_path(series: Mapping[str, Any]) -> str | None:
    """The latest report of a body's series, whose writing shows the body's name."""
    paths = [str(y["path"]) for y in series.get("years", []) if y.get("path")]
    return paths[-1] if paths else None


def body_view(page: PageContext, series: Mapping[str, Any], page_href: str = "") -> dict[str, Any]:
    """A body's year series with its charts; ``page_href`` is the body's own page (split reports)."""
    years = [y for y in series.get("years", []) if y.get("year") is not None]
    labels = page.labels
    agency = series.get("agency") or series.get("body")
    return {"key": series.get("body", ""), "agency": page.text(agency, series_path(series)), "page": page_href,
            "links": [{"year": y["year"], "href": _year_href(page, str(y.get("path", "")), page_href)} for y in years],
            "shares_svg": shares_chart(years, labels), "findings_svg": findings_chart(years, labels)}


def family_view(page: PageContext, family: Mapping[str, Any], shown_sentences: int = 3) -> dict[str, Any]:
    """A template family (a record of ``compare.families``, as in the JSON): its members, linked to
    their pages in a split report, and its first shared sentences."""
    members = [{"agency": page.text(agency),
                "href": page.prefix + body_page(body) if page.split else None}
               for body, agency in zip(family["members"], family["agencies"])]
    return {"id": family["id"], "members": members, "similarity": family["similarity"],
            "n_shared": len(family["shared"]),
            "shared": [{"text": page.text(s["text"]), "members": s["members"]} for s in family["shared"][:shown_sentences]]}


def _year_href(page: PageContext, path: str, page_href: str) -> str | None:
    if page_href:
        return f"{page_href}#{report_id(path)}"
    return f"#{report_id(path)}" if path in page.here else None
