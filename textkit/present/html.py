"""The self-contained HTML report: overview, each report's text with carried-over sentences marked,
items, findings, tables, and per-body SVG charts; one file that works offline.

Report text reaches the page only through the Jinja template with autoescape on; the only markup
built here is the SVG charts, whose text is escaped before it is assembled.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .export import summary_row
from .labels import check_script, shown
from .labels import labels as view_labels
from ..model import Evidence, Recycled, Report, Section

RECYCLED_KINDS = ("verbatim", "numbers_changed", "near", "template")
SEVERITIES = ("error", "warning", "info")
# Colours shared by the CSS (marks, legends) and the SVG charts.
COLOURS = {"new": "#4c9a5f", "carried": "#d9822b", "template": "#7b61c9",
           "error": "#c23b3b", "warning": "#e0a526", "info": "#4a7fc1"}

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


@dataclass(frozen=True)
class EvidenceView:
    text: str
    href: str | None
    where: str
    cells: tuple[str, ...]


class _Page:
    """Everything the template needs, computed once for the whole run."""

    def __init__(self, reports: list[Report], lang: str, script: str) -> None:
        self.reports, self.lang, self.script = reports, lang, script
        self.index = {r.path: i for i, r in enumerate(reports)}
        self.starts = [[s.start for s in r.sentences] for r in reports]

    def text(self, value: Any) -> str:
        return shown(value, self.script)

    def anchor(self, path: str | None, offset: int | None) -> str | None:
        """The id of the sentence holding ``offset`` in the report at ``path``, if it is in the run."""
        i = self.index.get(path) if path is not None else None
        if i is None or offset is None:
            return None
        report, starts = self.reports[i], self.starts[i]
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and offset < report.sentences[k].end:
            return f"r{i}-s{starts[k]}"
        return f"r{i}"

    def source_label(self, r: Recycled) -> str:
        parts = [self.text(r.source.agency) if r.source.agency else "", str(r.source.year or "")]
        if r.kind == "template" and r.bodies > 1:
            parts.append(f"×{r.bodies}")
        return " ".join(p for p in parts if p)


def render_html(reports: list[Report], bodies: list[dict[str, Any]], lang: str = "zh", script: str = "auto") -> str:
    """One self-contained HTML page (inline CSS, JS and SVG) for the reports of a run."""
    labels = view_labels(lang, "html")
    check_script(script)
    page = _Page(reports, lang, script)
    template = _environment().get_template("report.html.j2")
    return template.render(
        t=labels, lang=lang, html_lang=_html_lang(lang, script), colours=COLOURS,
        recycled_kinds=RECYCLED_KINDS, severities=SEVERITIES,
        rows=[_overview_row(page, i, r) for i, r in enumerate(reports)],
        reports=[_report_view(page, i, r) for i, r in enumerate(reports)],
        bodies=[_body_view(page, b, labels) for b in bodies],
    )


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("textkit.present", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def _html_lang(lang: str, script: str) -> str:
    if lang == "en":
        return "en"
    return {"traditional": "zh-Hant", "hk": "zh-HK", "tw": "zh-TW"}.get(script, "zh-Hans")


def _overview_row(page: _Page, i: int, r: Report) -> dict[str, Any]:
    row = summary_row(r)
    return row | {"index": i, "name": _short_path(r.path), "agency": page.text(row["agency"]),
                  "error": page.text(row["error"]) if row["error"] else None}


def _short_path(path: str) -> str:
    parts = path.replace("\\", "/").rsplit("/", 2)
    return "/".join(parts[-2:])


def _report_view(page: _Page, i: int, r: Report) -> dict[str, Any]:
    doc = r.document
    view: dict[str, Any] = {"index": i, "id": f"r{i}", "path": r.path, "error": r.error, "doc": None}
    if doc is None:
        return view
    kind_labels = view_labels(page.lang, "html")
    view |= {
        "doc": doc, "title": page.text(doc.title or _short_path(r.path)), "agency": page.text(doc.agency),
        "year": doc.year, "published": doc.published.isoformat() if doc.published else None,
        "layout": r.layout, "script_kind": doc.script.kind, "encoding": doc.encoding, "form": doc.form,
        "notes": [page.text(n) for n in doc.notes],
        "not_report": page.text(doc.not_report_reason) if not doc.is_report else None,
        "reuse": r.reuse or {},
        "blocks": _blocks(page, i, r),
        "recycled_counts": {k: sum(x.kind == k for x in r.recycled) for k in RECYCLED_KINDS},
        "items": [{"kind": kind_labels[item.kind], "kind_key": item.kind, "marker": page.text(item.marker),
                   "headline": page.text(item.headline), "text": page.text(item.text),
                   "href": page.anchor(r.path, item.start), "category": page.text(item.category),
                   "cues": "、".join(page.text(c) for c in item.category_cues),
                   "specificity": item.specificity,
                   "reasons": "、".join(page.text(x) for x in item.specificity_reasons)}
                  for item in (*r.problems, *r.improvements)],
        "follow_up": [{"year": f.promise_year, "headline": page.text(f.promise_headline), "status": f.status,
                       "status_label": kind_labels.get(f.status, f.status), "evidence_year": f.evidence_year,
                       "evidence": page.text(f.evidence_text) if f.evidence_text else None,
                       "href": page.anchor(r.path, f.evidence_start)} for f in r.follow_up],
        "findings": [{"rule": f.rule, "severity": f.severity,
                      "message": page.text(f.message if page.lang == "zh" else f.message_en),
                      "expected": _plain(f.expected), "actual": _plain(f.actual),
                      "evidence": [_evidence(page, i, r, e) for e in f.evidence]}
                     for f in sorted(r.findings, key=lambda f: SEVERITIES.index(f.severity))],
        "tables": [_table_view(page, i, r, t) for t in r.tables],
    }
    return view


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def _evidence(page: _Page, i: int, r: Report, e: Evidence) -> EvidenceView:
    """Evidence linked to its sentence (here or in another report of the run) or to its table."""
    path = e.path or r.path
    where = " ".join(x for x in (e.section or "", str(e.year) if e.year and e.path not in (None, r.path) else "") if x)
    tables = {t.key for t in r.tables}
    href = f"r{i}-table-{e.section}" if path == r.path and e.section in tables else page.anchor(path, e.start)
    return EvidenceView(text=page.text(e.text), href=href, where=where, cells=e.cells)


def _blocks(page: _Page, i: int, r: Report) -> list[Block]:
    """The report text cut at section starts: a preamble, then one block per top-level section."""
    doc = r.document
    assert doc is not None
    text = doc.text
    # Conversion keeps lengths line by line, so converting once lets spans slice the shown text;
    # should a conversion ever change the length, each piece is converted on its own instead.
    shown = page.text(text)
    convert: Callable[[str], str] = _identity
    if len(shown) != len(text):
        shown, convert = text, page.text
    sections = sorted(r.sections, key=lambda s: s.start)
    starts = [s.start for s in sections] + [len(text)]
    bounds: list[tuple[int, int, Section | None]] = [(0, starts[0], None)]
    bounds += [(sec.start, max(starts[k + 1], sec.start), sec) for k, sec in enumerate(sections)]
    recycled = sorted(r.recycled, key=lambda x: x.start)
    blocks = []
    for start, end, sec in bounds:
        if end <= start or (sec is None and not text[start:end].strip()):
            continue
        runs = tuple(_runs(page, i, r, shown, convert, recycled, start, end))
        if sec is None:
            blocks.append(Block("preamble", view_labels(page.lang, "html")["preamble"], True, runs))
        else:
            blocks.append(Block(sec.key, page.text(sec.heading), sec.narrative, runs))
    return blocks


def _identity(s: str) -> str:
    return s


def _runs(page: _Page, i: int, r: Report, shown: str, convert: Callable[[str], str], recycled: list[Recycled],
          start: int, end: int) -> Iterable[Run]:
    """Sentences of [start, end) as anchored runs, the text between them as plain runs."""
    pos = start
    for s in r.sentences:
        if s.end <= start or s.start >= end:
            continue
        s_start, s_end = max(s.start, start), min(s.end, end)
        if s_start > pos:
            yield Run(None, tuple(_pieces(page, shown, convert, recycled, pos, s_start)))
        s_start = max(s_start, pos)
        if s_end > s_start:
            anchor = f"r{i}-s{s.start}" if s_start == s.start else None  # ids stay unique
            yield Run(anchor, tuple(_pieces(page, shown, convert, recycled, s_start, s_end)))
            pos = s_end
    if pos < end:
        yield Run(None, tuple(_pieces(page, shown, convert, recycled, pos, end)))


def _pieces(page: _Page, shown: str, convert: Callable[[str], str], recycled: list[Recycled],
            start: int, end: int) -> Iterable[Piece]:
    """[start, end) cut where carried-over spans begin and end."""
    pos = start
    for x in recycled:
        if x.end <= pos or x.start >= end:
            continue
        a, b = max(x.start, pos), min(x.end, end)
        if a > pos:
            yield Piece(convert(shown[pos:a]))
        yield Piece(convert(shown[a:b]), kind=x.kind, href=page.anchor(x.source.path, x.source.start),
                    source_label=page.source_label(x), link_text=str(x.source.year or "↗"),
                    source_text=page.text(x.source.text),
                    similarity=round(x.similarity, 2))
        pos = b
    if pos < end:
        yield Piece(convert(shown[pos:end]))


def _table_view(page: _Page, i: int, r: Report, table: Any) -> dict[str, Any]:
    """A table of ``tables`` (cells keyed by official row and column labels) as a grid, with the
    cells the audit's table checks point at flagged."""
    rows = list(dict.fromkeys(c.row for c in table.cells))
    columns = list(dict.fromkeys(c.column for c in table.cells))
    raw = {(c.row, c.column): c.raw for c in table.cells}
    checks = [f for f in r.findings if any(e.section == table.key for e in f.evidence)]
    flagged = {cell for f in checks for e in f.evidence for cell in e.cells}
    return {"key": table.key, "id": f"r{i}-table-{table.key}", "template": table.template,
            "readable": table.readable, "reason": page.text(table.reason) if table.reason else None,
            "columns": [page.text(c) for c in columns],
            "grid": [{"label": page.text(row),
                      "cells": [{"raw": page.text(raw.get((row, col), "")), "ref": f"{row}|{col}",
                                 "flagged": f"{row}|{col}" in flagged} for col in columns]} for row in rows],
            "checks": [{"rule": f.rule, "severity": f.severity,
                        "message": page.text(f.message if page.lang == "zh" else f.message_en)} for f in checks]}


def _body_view(page: _Page, body: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    years = [y for y in body.get("years", []) if y.get("year") is not None]
    return {"key": body.get("body", ""), "agency": page.text(body.get("agency") or body.get("body")),
            "years": years,
            "links": [{"year": y["year"], "index": page.index.get(y.get("path", ""))} for y in years],
            "shares_svg": shares_chart(years, labels), "findings_svg": findings_chart(years, labels)}


_LEFT = 34  # room for the y-axis labels


def _axes(width: int, top: int, height: int, peak: str) -> list[str]:
    return [f'<line x1="{_LEFT}" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#999"/>',
            f'<text x="{_LEFT - 3}" y="{top + 8}" class="axis" text-anchor="end">{peak}</text>',
            f'<text x="{_LEFT - 3}" y="{top + height}" class="axis" text-anchor="end">0</text>']


def _svg_frame(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
                  f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def shares_chart(years: list[dict[str, Any]], labels: dict[str, str]) -> Markup:
    """100 % stacked bars per year: new, carried and template shares of the narrative."""
    bar, gap, height, top, bottom = 36, 18, 160, 10, 22
    width = _LEFT + max(len(years), 1) * (bar + gap) + gap
    out = _axes(width, top, height, "100%")
    for k, y in enumerate(years):
        x = _LEFT + gap + k * (bar + gap)
        base: float = top + height
        for part in ("new", "carried", "template"):
            share = y.get(part)
            if share is None:
                continue
            h = round(float(share) * height, 1)
            base -= h
            out.append(f'<rect class="bar {part}" data-part="{part}" data-year="{int(y["year"])}" x="{x}" y="{base:.1f}" '
                       f'width="{bar}" height="{h}" fill="{COLOURS[part]}"><title>{int(y["year"])} '
                       f'{escape(labels[part])} {float(share):.0%}</title></rect>')
        if all(y.get(p) is None for p in ("new", "carried", "template")):
            out.append(f'<text x="{x + bar / 2}" y="{top + height - 4}" class="axis" text-anchor="middle">—</text>')
        out.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" class="axis" text-anchor="middle">{int(y["year"])}</text>')
    return _svg_frame(width, top + height + bottom, labels["shares_chart"], out)


def findings_chart(years: list[dict[str, Any]], labels: dict[str, str]) -> Markup:
    """Stacked bars per year: findings by severity."""
    bar, gap, height, top, bottom = 36, 18, 120, 14, 22
    width = _LEFT + max(len(years), 1) * (bar + gap) + gap
    counts = [{s: int(y.get(f"{s}s") or 0) for s in SEVERITIES} for y in years]
    peak = max([sum(c.values()) for c in counts] + [1])
    out = _axes(width, top, height, str(peak))
    for k, (y, c) in enumerate(zip(years, counts)):
        x = _LEFT + gap + k * (bar + gap)
        base: float = top + height
        for sev in SEVERITIES:
            if not c[sev]:
                continue
            h = round(c[sev] / peak * height, 1)
            base -= h
            out.append(f'<rect class="bar {sev}" data-severity="{sev}" data-year="{int(y["year"])}" x="{x}" '
                       f'y="{base:.1f}" width="{bar}" height="{h}" fill="{COLOURS[sev]}"><title>{int(y["year"])} '
                       f'{escape(labels[sev + "s"])} {c[sev]}</title></rect>')
        total = sum(c.values())
        out.append(f'<text x="{x + bar / 2}" y="{base - 3:.1f}" class="axis" text-anchor="middle">{total}</text>')
        out.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" class="axis" text-anchor="middle">{int(y["year"])}</text>')
    return _svg_frame(width, top + height + bottom, labels["findings_chart"], out)
