"""Rich tables and outlines for the terminal; the only module besides ``cli`` that imports rich.

Every word of the tool comes from ``present.labels`` in the reader's language; every string
from a report goes through ``present.script`` (the reader's script) and into a rich ``Text``
(never parsed as markup). The audit table is fitted to the width by ``present.columns``.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Document, Finding, Recycled, Report
from .columns import Column, FitStep, cut, fit
from .export import summary_row
from .labels import Labels, Shower
from .shown import plain

# Characters of evidence text shown per finding in the terminal (JSON and HTML carry all).
EVIDENCE_CHARS = 40
# compare: shorter sentences are sub-headings (（一）主动公开。), not worth a row.
MIN_SHOWN = 10
_REQUIRED = ("overview", "proactive", "requests", "appeals", "problems", "other")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

AUDIT_COLUMNS = ("path", "agency", "year", "layout", "script", "sections", "items", "reuse", "findings", "score")
# How the audit table is narrowed, step by step, until it fits (README, "The audit table"):
# file names are shortened in the middle (the year and extension stay), body names at the end;
# year, findings and score are never dropped, and no number is ever cut or wrapped.
AUDIT_FIT = (
    FitStep("shrink", "path", 34), FitStep("shrink", "agency", 16), FitStep("abbreviate"),
    FitStep("drop", "script"), FitStep("drop", "layout"), FitStep("drop", "sections"),
    FitStep("shrink", "path", 24), FitStep("shrink", "agency", 10), FitStep("drop", "items"),
    FitStep("drop", "agency"), FitStep("drop", "reuse"), FitStep("shrink", "path", 14),
)
_CUT = {"path": "middle", "agency": "end"}
KIND_STYLE = {"verbatim": "red", "numbers_changed": "magenta", "near": "yellow", "template": "cyan", "new": "green"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}


# Width of the terminal table written to a file or a pipe, unless COLUMNS says otherwise.
PIPE_WIDTH = 160


def renderer(lang: str = "zh", script: str = "auto", file: Any = None) -> Renderer:
    """The renderer, as wide as the terminal; $COLUMNS wins, and a file or pipe gets PIPE_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    # Markup off: report text is data, brackets in it print as themselves.
    console = Console(file=file, width=int(columns) if columns.isdigit() else None, markup=False)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]  # rich's own exits 1
    if not columns.isdigit() and (file is not None or not console.is_terminal):
        console.width = PIPE_WIDTH
    return Renderer(console, lang, script)


def _broken_pipe() -> None:
    """rich's console on a closed pipe: raised like any other write, for the CLI to handle."""
    raise BrokenPipeError


def short_path(path: str) -> str:
    """The file's folder and name (``pingtan/80678_….txt``): enough to tell reports apart
    (``plain``: a file name is input too)."""
    parts = path.replace("\\", "/").rsplit("/", 2)
    return plain("/".join(parts[-2:]))


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


class Renderer:
    """Terminal output in the reader's language (zh|en) and script (auto|simplified|traditional|hk|tw)."""

    def __init__(self, console: Console, lang: str = "zh", script: str = "auto") -> None:
        self.console, self.lang, self.script = console, lang, script
        self.t = Labels(lang)

    def shower(self, report: Report | None) -> Shower:
        return Shower(report.document if report is not None else None, self.script)

    def _sections_cell(self, report: Report) -> str:
        """Count of sections and the standard ones missing, e.g. ``4 -依申请公开``."""
        keys = {s.key for s in report.sections}
        missing = [k for k in _REQUIRED if k not in keys] if report.layout in ("2019", "2021") else []
        return " ".join([str(len(report.sections))] + [f"{self.t['missing']}{self.t.section(k)}" for k in missing])

    # --- textkit audit -------------------------------------------------------------------

    def audit_table(self, reports: list[Report]) -> None:
        t = self.t
        rows, styles = [], []
        for r in reports:
            row = summary_row(r)
            show = self.shower(r)
            cells = {"path": short_path(r.path), "year": str(row["year"] or ""), "agency": show(row["agency"])}
            if row["error"] or row["not_report_reason"]:
                label = t["error"] if row["error"] else t["not_report"]
                reason = row["error"] or t.note(row["not_report_reason"])
                cells["agency"] = f"{label}：{show(reason)}" if self.lang == "zh" else f"{label}: {show(reason)}"
                styles.append("red" if row["error"] else "yellow")
            else:
                cells |= {"layout": t.layout(row["layout"]), "script": t.script(row["script"]),
                          "sections": self._sections_cell(r), "items": f"{row['problems']}/{row['improvements']}",
                          "reuse": "/".join(_share(row[k]) for k in ("new", "carried", "template")),
                          "findings": f"{row['errors']}/{row['warnings']}/{row['infos']}", "score": str(row["score"])}
                styles.append("")
            rows.append(cells)
        columns = [Column(key, t[key], t[f"{key}_short"], _CUT.get(key)) for key in AUDIT_COLUMNS]  # type: ignore[arg-type]
        fitted = fit(columns, rows, self.console.width, AUDIT_FIT)
        table = Table(title=t["audit"])
        for column, width, header in zip(fitted.columns, fitted.widths, fitted.headers):
            table.add_column(header, width=width, no_wrap=True, overflow="crop",
                             justify="right" if column.key in ("score",) else "left")
        for cells, style in zip(rows, styles):
            table.add_row(*(Text(c) for c in fitted.cells(cells)), style=style or None)
        self.console.print(table)
        self.copies(reports)

    def copies(self, reports: list[Report]) -> None:
        """Which files were merged as copies of one report (the kept file ← the others)."""
        merged = [r for r in reports if r.copies]
        if not merged:
            return
        self.console.print(Text(self.t["copies"], style="bold"))
        room = max(16, (self.console.width - 6) // 2)
        for r in merged:
            copies = ", ".join(cut(short_path(p), room, "middle") for p in r.copies)
            self.console.print(Text(f"  {cut(short_path(r.path), room, 'middle')} ← {copies}"))

    def bodies_table(self, bodies: list[dict[str, Any]], reports: list[Report]) -> None:
        t = self.t
        by_path = {r.path: r for r in reports}
        rows = []
        for body in bodies:
            for i, row in enumerate(body["years"]):
                show = self.shower(by_path.get(row["path"]))
                rows.append({"agency": show(body["agency"]) if i == 0 else "", "year": str(row["year"] or ""),
                             "reuse": "/".join(_share(row[k]) for k in ("new", "carried", "template")),
                             "findings": f"{row['errors']}/{row['warnings']}/{row['infos']}"})
        columns = [Column(key, t[key], t[f"{key}_short"], _CUT.get(key)) for key in ("agency", "year", "reuse", "findings")]  # type: ignore[arg-type]
        fitted = fit(columns, rows, self.console.width,
                     (FitStep("shrink", "agency", 16), FitStep("abbreviate"), FitStep("shrink", "agency", 8)))
        table = Table(title=t["body"])
        for width, header in zip(fitted.widths, fitted.headers):
            table.add_column(header, width=width, no_wrap=True, overflow="crop")
        for cells in rows:
            table.add_row(*(Text(c) for c in fitted.cells(cells)))
        self.console.print(table)

    # --- textkit show --------------------------------------------------------------------

    def outline(self, report: Report) -> None:
        """``textkit show``: metadata, script, layout and the section outline."""
        t, doc, show = self.t, report.document, self.shower(report)
        if doc is None:
            self.console.print(Text(f"{t['error']}: {plain(report.error)}", style="red"))
            return
        s = doc.script
        colon = "：" if self.lang == "zh" else ": "
        self.console.print(Text(show(doc.title), style="bold"))
        self.console.print(Text(f"{t['agency']}{colon}{show(doc.agency)}   {t['year']}{colon}{doc.year}   "
                                f"{t['published']}{colon}{doc.published or '—'}   {t['layout']}{colon}{t.layout(report.layout)}"))
        self.console.print(Text(f"{t['script']}{colon}{t.script(s.kind)} ({t['traditional_chars']} {s.traditional_chars}, "
                                f"{t['simplified_chars']} {s.simplified_chars}, {t['traditional_share']} "
                                f"{s.traditional_share:.0%})   {t['encoding']}{colon}{doc.encoding}   "
                                f"{t['form']}{colon}{t.form(doc.form)}"
                                + (f"   {t['pages']}{colon}{len(doc.pages)}" if doc.pages else "")))
        if not doc.is_report:
            self.console.print(Text(f"{t['not_report']}{colon}{show(t.note(doc.not_report_reason))}", style="yellow"))
        for note in doc.notes:
            self.console.print(Text(show(t.note(note)), style="dim"))
        if not report.sections:
            return
        table = Table()
        for col in ("section", "heading", "span", "narrative"):
            table.add_column(t[col])
        for sec in report.sections:
            table.add_row(t.section(sec.key), Text(show(sec.heading)), f"{sec.start}–{sec.end}", "✓" if sec.narrative else "")
            for sub in sec.subsections:
                table.add_row("", Text("  " + show(sub.heading)), f"{sub.start}–{sub.end}", "")
        self.console.print(table)

    # --- textkit compare -----------------------------------------------------------------

    def compare(self, earlier: Report, later: Report, every: bool = False) -> None:
        """``textkit compare``: the earlier report beside the later one; each carried-over
        sentence of the later report next to the sentence it came from, its changed numbers
        highlighted; with ``every``, the new sentences too."""
        t = self.t
        old, new = self.shower(earlier), self.shower(later)
        by_start = {r.start: r for r in later.recycled}
        titles = [show(r.document.title if r.document else r.path) for show, r in ((old, earlier), (new, later))]
        table = Table(title=Text(f"{titles[0]}  →  {titles[1]}"), show_lines=True)
        table.add_column(t["kind"], no_wrap=True)
        table.add_column(Text(titles[0]), ratio=1, overflow="fold")
        table.add_column(Text(titles[1]), ratio=1, overflow="fold")
        counts: Counter[str] = Counter()
        for sentence in later.sentences:
            if sentence.section not in ("intro", "overview", "problems", "other") or len(sentence.text) < MIN_SHOWN:
                continue
            hit = by_start.get(sentence.start)
            counts[hit.kind if hit else "new"] += 1
            if hit is None:
                if every:
                    table.add_row(Text(t.kind("new"), style=KIND_STYLE["new"]), "", Text(new(sentence.text)))
                continue
            source = old(hit.source.text) if hit.source.path == earlier.path else \
                f"{hit.source.year} {hit.source.agency}: {hit.source.text}"
            before, after = _highlight_numbers(source, new(sentence.text), hit)
            table.add_row(Text(f"{t.kind(hit.kind)} {hit.similarity:.2f}", style=KIND_STYLE[hit.kind]), before, after)
        self.console.print(table)
        order = ("verbatim", "numbers_changed", "near", "template", "new")
        self.console.print(Text("  ".join(f"{t.kind(k)} {counts[k]}" for k in order if counts[k])))
        if counts["new"] and not every:
            self.console.print(Text(t["compare_hidden"].format(n=counts["new"]), style="dim"))

    # --- textkit items / check -----------------------------------------------------------

    def items(self, report: Report) -> None:
        t, show = self.t, self.shower(report)
        for kind, items in (("problems", report.problems), ("improvements", report.improvements)):
            table = Table(title=Text(f"{show(report.document.title if report.document else report.path)} · {t[kind]}"))
            for col in ("marker", "headline", "category", "specificity"):
                table.add_column(t[col])
            for item in items:
                page = report.document.page_at(item.start) if report.document else None
                marker = f"{item.marker} p.{page}" if page else item.marker  # a PDF's items cite their page
                table.add_row(Text(show(marker)), Text(show(item.headline)), t.category(item.category),
                              f"{item.specificity:.2f}")
            self.console.print(table)

    def findings(self, report: Report) -> None:
        t, show = self.t, self.shower(report)
        card = summary_row(report)
        table = Table(title=Text(show(report.document.title if report.document else report.path)),
                      caption=f"{t['findings']} {card['errors']}/{card['warnings']}/{card['infos']} · "
                              f"{t['score']} {card['score'] if card['score'] is not None else '—'}")
        for col in ("severity", "rule", "message", "evidence"):
            table.add_column(t[col], overflow="fold")
        for f in sorted(report.findings, key=lambda f: ("error", "warning", "info").index(f.severity)):
            message = f.message if self.lang == "zh" else f.message_en
            table.add_row(Text(t.severity(f.severity), style=SEVERITY_STYLE[f.severity]), t.rule(f.rule),
                          Text(message), Text(show(_evidence_cell(f, report.document))))
        self.console.print(table)


def _evidence_cell(finding: Finding, doc: Document | None = None) -> str:
    """The first pieces of evidence, short: quoted text with its span (and printed page, for a
    PDF), or the cells involved."""
    parts = []
    for e in finding.evidence[:2]:
        where = f"@{e.start}" if e.start is not None else ""
        if e.start is not None and doc is not None and doc.pages and e.path in (None, doc.path):
            where += f" p.{doc.page_at(e.start)}"
        if e.text:
            parts.append(f"「{e.text[:EVIDENCE_CHARS]}{'…' if len(e.text) > EVIDENCE_CHARS else ''}」{where}")
        if e.cells:
            parts.append("; ".join(e.cells[:4]))
    return "\n".join(parts)


def _highlight_numbers(before: str, after: str, hit: Recycled) -> tuple[Text, Text]:
    """Both sentences, the numbers found in only one of them highlighted (for a sentence carried
    with its numbers changed, those numbers are what the writer updated)."""
    numbers = [set(_NUMBER.findall(s)) for s in (before, after)]
    texts = []
    for s, own, other in ((before, numbers[0], numbers[1]), (after, numbers[1], numbers[0])):
        text = Text(s)
        if hit.kind != "verbatim":
            for m in _NUMBER.finditer(s):
                if m.group() in own - other:
                    text.stylize("bold reverse", m.start(), m.end())
        texts.append(text)
    return texts[0], texts[1]
