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
from ..read.normalize import to_display
from .digest import Figure, changes, format_figure, key_figures, keywords, previous_report, timeliness

SEVERITIES = ("error", "warning", "info")
SCRIPTS = ("auto", "simplified", "traditional", "hk", "tw")
TOP_FINDINGS = 5

LABELS: dict[str, dict[str, str]] = {
    "zh": {"agency": "机关", "year": "年度", "layout": "格式", "script": "字形", "published": "发布日期",
           "timeliness": "时效", "on_time": "按时", "late": "逾期", "unknown": "—",
           "figures": "关键数据", "proactive_items": "主动公开信息数 本年", "keywords": "本年特征词", "problems": "存在的主要问题",
           "improvements": "改进措施", "reuse": "新写与沿用", "new": "新写", "carried": "沿用", "template": "模板",
           "findings": "主要审查发现", "no_findings": "无审查发现", "changes": "与上年相比",
           "previous": "上年报告", "sections_added": "新增章节", "sections_removed": "缺少上年章节",
           "items_added": "新增要点", "items_removed": "不再出现的要点", "figures_changed": "数据变化",
           "follow_up": "上年承诺", "done": "已落实", "repeated": "重复承诺", "silent": "未提及",
           "not_report": "非年度报告", "none": "无", "error": "错误", "figure": "项目", "value": "数值",
           "proactive_rules": "规章 本年制发/现行有效", "proactive_normative": "规范性文件 本年制发/现行有效",
           "requests_received": "申请 本年新收", "requests_carried_in": "申请 上年结转",
           "requests_settled": "申请 办理结果总计", "requests_carried_out": "结转下年度",
           "reconsideration": "行政复议 总计", "litigation": "行政诉讼 总计", "carried_kinds": "沿用句"},
    "en": {"agency": "body", "year": "year", "layout": "layout", "script": "script", "published": "published",
           "timeliness": "timeliness", "on_time": "on time", "late": "late", "unknown": "—",
           "figures": "key figures", "proactive_items": "items published proactively", "keywords": "distinctive keywords", "problems": "problems",
           "improvements": "improvements", "reuse": "new and carried over", "new": "new", "carried": "carried",
           "template": "template", "findings": "top findings", "no_findings": "no findings",
           "changes": "since last year", "previous": "previous report", "sections_added": "new sections",
           "sections_removed": "sections dropped", "items_added": "new items", "items_removed": "items dropped",
           "figures_changed": "figures changed", "follow_up": "last year's promises", "done": "kept",
           "repeated": "repeated", "silent": "not mentioned", "not_report": "not an annual report", "none": "none",
           "error": "error", "figure": "figure", "value": "value",
           "proactive_rules": "rules issued / in force", "proactive_normative": "normative documents issued / in force",
           "requests_received": "requests received", "requests_carried_in": "requests carried in",
           "requests_settled": "requests settled (total)", "requests_carried_out": "carried to next year",
           "reconsideration": "reconsideration total", "litigation": "litigation total",
           "carried_kinds": "carried-over sentences"},
}


def summary(report: Report, others: list[Report], lang: str = "zh", script: str = "auto") -> RenderableType:
    """The one-screen summary of ``report``; ``others`` is the rest of the corpus (the report
    itself is skipped if present): the TF-IDF background and where last year's report is found."""
    if lang not in LABELS:
        raise UsageError(f"unknown label language {lang!r}: use one of {', '.join(LABELS)}")
    if script not in SCRIPTS:
        raise UsageError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")
    t = LABELS[lang]
    doc = report.document
    if doc is None:
        return Panel(Text(f"{t['error']}: {report.error}", style="red"), title=report.path)
    show = _Shower(script, doc.script.kind)
    if not doc.is_report:
        return Panel(Text(f"{t['not_report']}: {show(doc.not_report_reason)}", style="yellow"),
                     title=show(doc.title or report.path), title_align="left")
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
    parts.append(_findings(report, show, lang, t))
    if previous is not None:
        parts.append(_changes(report, previous, show, t))
    return Group(*parts)


class _Shower:
    """Report text in the reader's script; ``auto`` keeps the document's own."""

    def __init__(self, script: str, own: str) -> None:
        self.script = script if script != "auto" else ("traditional" if own == "traditional" else "auto")

    def __call__(self, value: Any) -> str:
        s = "" if value is None else str(value)
        return s if self.script == "auto" else to_display(s, self.script)  # type: ignore[arg-type]


def _header(report: Report, show: _Shower, t: dict[str, str]) -> Panel:
    doc = report.document
    assert doc is not None
    late, note = timeliness(report)
    when = t["unknown"] if late is None else (t["late"] if late else t["on_time"])
    line = Text()
    for label, value in ((t["agency"], show(doc.agency) or "—"), (t["year"], str(doc.year or "—")),
                         (t["layout"], report.layout), (t["script"], doc.script.kind),
                         (t["published"], doc.published.isoformat() if doc.published else "—")):
        line.append(f"{label} ", style="dim")
        line.append(f"{value}   ")
    line.append(f"{t['timeliness']} ", style="dim")
    line.append(when, style="red" if late else "green" if late is False else "")
    if note:
        line.append(f"  {show(note)}", style="dim")
    return Panel(line, title=Text(show(doc.title or report.path), style="bold"), title_align="left")


# --- key figures -------------------------------------------------------------------------

def _figures_table(figures: list[Figure], previous: Report | None, t: dict[str, str]) -> Table:
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

def _keywords(report: Report, others: list[Report], show: _Shower, t: dict[str, str]) -> Panel:
    words = keywords(report, others)
    body = Text("  ".join(show(w) for w, _ in words) if words else t["none"], overflow="fold")
    return Panel(body, title=t["keywords"], title_align="left")


# --- items, reuse, findings --------------------------------------------------------------

def _items(report: Report, show: _Shower, t: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    columns = []
    for kind, items in (("problems", report.problems), ("improvements", report.improvements)):
        text = Text(overflow="fold")
        for item in items:
            text.append(f"{show(item.marker)} ", style="dim")
            text.append(show(item.headline))
            text.append(f"  [{show(item.category)} · {item.specificity:.2f}]\n", style="dim")
        columns.append(Panel(text if items else Text(t["none"], style="dim"), title=t[kind], title_align="left"))
    table.add_row(*columns)
    return table


def _share(value: Any) -> str:
    return "—" if value is None else f"{float(value):.0%}"


def _reuse(report: Report, t: dict[str, str]) -> Panel:
    reuse = report.reuse or {}
    text = Text()
    for part, style in (("new", "green"), ("carried", "yellow"), ("template", "magenta")):
        text.append(f"{t[part]} ", style="dim")
        text.append(f"{_share(reuse.get(part))}   ", style=style)
    kinds = Counter(r.kind for r in report.recycled)
    if kinds:
        text.append(f"\n{t['carried_kinds']} ", style="dim")
        text.append(" · ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return Panel(text, title=t["reuse"], title_align="left")


def _findings(report: Report, show: _Shower, lang: str, t: dict[str, str]) -> Panel:
    findings = sorted(report.findings, key=lambda f: SEVERITIES.index(f.severity))[:TOP_FINDINGS]
    if not findings:
        return Panel(Text(t["no_findings"], style="dim"), title=t["findings"], title_align="left")
    colour = {"error": "red", "warning": "yellow", "info": "blue"}
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold")
    for f in findings:
        message = Text(show(f.message if lang == "zh" else f.message_en))
        if f.evidence and f.evidence[0].text:
            message.append(f"  「{show(_clip(f.evidence[0].text))}」", style="dim")
        table.add_row(Text(f.severity, style=colour[f.severity]), f.rule, message)
    return Panel(table, title=f"{t['findings']} ({len(report.findings)})", title_align="left")


def _clip(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --- changes since last year -------------------------------------------------------------

def _changes(report: Report, previous: Report, show: _Shower, t: dict[str, str]) -> Panel:
    c = changes(report, previous)
    text = Text()

    def line(label: str, values: Iterable[str]) -> None:
        values = list(values)
        text.append(f"{t[label]}: ", style="dim")
        text.append(("；".join(values) if values else t["none"]) + "\n")

    line("sections_added", c.sections_added)
    line("sections_removed", c.sections_removed)
    line("items_added", [show(x) for x in c.items_added])
    line("items_removed", [show(x) for x in c.items_removed])
    line("figures_changed", [f"{t[k]} {a} → {b}" for k, a, b in c.figures_changed])
    if report.follow_up:
        status = Counter(f.status for f in report.follow_up)
        line("follow_up", [f"{t[s]} {status[s]}" for s in ("done", "repeated", "silent") if status[s]])
    reuse = (previous.reuse or {}).get("carried"), (report.reuse or {}).get("carried")
    if reuse[0] is not None or reuse[1] is not None:
        line("carried", [f"{_share(reuse[0])} → {_share(reuse[1])}"])
    text.rstrip()
    return Panel(text, title=f"{t['changes']} ({c.previous_year})", title_align="left")
