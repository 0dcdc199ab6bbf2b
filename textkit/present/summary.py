"""The one-screen summary of a report for the terminal (``textkit summary``): who, when, key
figures, distinctive keywords, section 五 headlines, reuse, top findings, and what changed
since the same body's previous report.

It renders what ``present.digest`` computes.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..model import Report
from .digest import (
    Figure,
    changes,
    format_figure,
    key_figures,
    keywords,
    previous_report,
    timeliness,
)
from .labels import SCRIPTS, Labels, Shower
from .shown import plain

SEVERITIES = ("error", "warning", "info")
TOP_FINDINGS = 5


def summary(report: Report, others: list[Report], lang: str = "zh", script: str = "auto") -> RenderableType:
    """The one-screen summary of ``report``; ``others`` is the rest of the corpus (the report
    itself is skipped if present): the TF-IDF background and where last year's report is found."""
    t = Labels(lang, "summary")
    if script not in SCRIPTS:
        raise UsageError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")
    doc = report.document
    if doc is None:
        return Panel(Text(f"{t['error']}: {plain(report.error)}", style="red"), title=Text(plain(report.path)))
    show = Shower(doc, script)
    if not doc.is_report:
        return Panel(Text(f"{t['not_report']}: {show(t.note(doc.not_report_reason))}", style="yellow"),
                     title=Text(show(doc.title or report.path)), title_align="left")
    rest = [o for o in others if o.path != report.path]
    previous = previous_report(report, rest)
    figures = key_figures(report)
    parts: list[RenderableType] = [_header(report, show, t)]
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(_figures_table(figures, previous, t),
                 Group(_keywords(report, rest, show, t), _reuse(report, t)))
    parts.append(grid)
    parts.append(_items(report, show, t))
    parts.append(_findings(report, show, t))
    if previous is not None:
        parts.append(_changes(report, previous, show, t))
    return Group(*parts)


def _header(report: Report, show: Shower, t: Labels) -> Panel:
    doc = report.document
    assert doc is not None
    late, note = timeliness(report, t.lang)
    when = t["unknown"] if late is None else (t["late"] if late else t["on_time"])
    line = Text()
    for label, value in ((t["agency"], show(doc.agency) or "—"), (t["year"], str(doc.year or "—")),
                         (t["layout"], t.layout(report.layout)), (t["script"], t.script(doc.script.kind)),
                         (t["published"], doc.published.isoformat() if doc.published else "—")):
        line.append(f"{label} ", style="dim")
        line.append(f"{value}   ")
    line.append(f"{t['timeliness']} ", style="dim")
    line.append(when, style="red" if late else "green" if late is False else "")
    if note:
        line.append(f"  {note}", style="dim")
    return Panel(line, title=Text(show(doc.title or report.path), style="bold"), title_align="left")


# --- key figures -------------------------------------------------------------------------

def _figures_table(figures: list[Figure], previous: Report | None, t: Labels) -> Table:
    table = Table(title=t["figures"], title_justify="left", expand=True, show_edge=False, pad_edge=False)
    table.add_column(t["figure"], style="dim")
    table.add_column(t["value"], justify="right")
    if previous is not None:
        year = previous.document.year if previous.document else None
        table.add_column(str(year or t["previous"]), justify="right", style="dim")
    before = {f.key: f.value for f in key_figures(previous)} if previous else {}
    for f in figures:
        cells = [t[f.key], format_figure(f.value)]
        if previous is not None:
            cells.append(format_figure(before.get(f.key)))
        table.add_row(*cells)
    return table


# --- keywords ----------------------------------------------------------------------------

def _keywords(report: Report, others: list[Report], show: Shower, t: Labels) -> Panel:
    words = keywords(report, others)
    body = Text("  ".join(show(w) for w, _ in words) if words else t["none"], overflow="fold")
    return Panel(body, title=t["keywords"], title_align="left")


# --- items, reuse, findings --------------------------------------------------------------

def _items(report: Report, show: Shower, t: Labels) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    columns = []
    for kind, items in (("problems", report.problems), ("improvements", report.improvements)):
        text = Text(overflow="fold")
        for item in items:
            text.append(f"{show(item.marker)} ", style="dim")
            text.append(show(item.headline))
            text.append(f"  [{t.category(item.category)} · {item.specificity:.2f}]\n", style="dim")
        columns.append(Panel(text if items else Text(t["none"], style="dim"), title=t[kind], title_align="left"))
    table.add_row(*columns)
    return table


def _share(value: Any) -> str:
    return "—" if value is None else f"{float(value):.0%}"


def _reuse(report: Report, t: Labels) -> Panel:
    reuse = report.reuse or {}
    text = Text()
    for part, style in (("new", "green"), ("carried", "yellow"), ("template", "magenta")):
        text.append(f"{t[part]} ", style="dim")
        text.append(f"{_share(reuse.get(part))}   ", style=style)
    kinds = Counter(r.kind for r in report.recycled)
    if kinds:
        text.append(f"\n{t['carried_kinds']} ", style="dim")
        text.append(" · ".join(f"{t.kind(k)} {n}" for k, n in sorted(kinds.items())))
    return Panel(text, title=t["reuse"], title_align="left")


def _findings(report: Report, show: Shower, t: Labels) -> Panel:
    findings = sorted(report.findings, key=lambda f: SEVERITIES.index(f.severity))[:TOP_FINDINGS]
    if not findings:
        return Panel(Text(t["no_findings"], style="dim"), title=t["findings"], title_align="left")
    colour = {"error": "red", "warning": "yellow", "info": "blue"}
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold")
    for f in findings:
        message = Text(f.message if t.lang == "zh" else f.message_en)
        if f.evidence and f.evidence[0].text:
            message.append(f"  「{show(_clip(f.evidence[0].text))}」", style="dim")
        table.add_row(Text(t.severity(f.severity), style=colour[f.severity]), t.rule(f.rule), message)
    return Panel(table, title=f"{t['findings']} ({len(report.findings)})", title_align="left")


def _clip(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --- changes since last year -------------------------------------------------------------

def _changes(report: Report, previous: Report, show: Shower, t: Labels) -> Panel:
    c = changes(report, previous)
    text = Text()

    def line(label: str, values: Iterable[str]) -> None:
        values = list(values)
        text.append(f"{t[label]}: ", style="dim")
        text.append(("；" if t.lang == "zh" else "; ").join(values) if values else t["none"])
        text.append("\n")

    line("sections_added", [t.section(k) for k in c.sections_added])
    line("sections_removed", [t.section(k) for k in c.sections_removed])
    line("items_added", [show(x) for x in c.items_added])
    line("items_removed", [show(x) for x in c.items_removed])
    line("figures_changed", [f"{t[k]} {a} → {b}" for k, a, b in c.figures_changed])
    if report.follow_up:
        status = Counter(f.status for f in report.follow_up)
        line("follow_up", [f"{t.status(s)} {status[s]}" for s in ("done", "repeated", "silent") if status[s]])
    reuse = (previous.reuse or {}).get("carried"), (report.reuse or {}).get("carried")
    if reuse[0] is not None or reuse[1] is not None:
        line("carried", [f"{_share(reuse[0])} → {_share(reuse[1])}"])
    text.rstrip()
    return Panel(text, title=f"{t['changes']} ({c.previous_year})", title_align="left")
