"""The one-screen summary of a report for the terminal (``textkit summary``): who, when, key
figures, distinctive keywords, section 五 headlines, reuse, top findings, and what changed
since the same body's previous report.

Keywords are TF-IDF over jieba content words, computed here by hand (only ``boilerplate`` may
import scikit-learn): a word scores by its frequency in this report times ``log(N / df)`` over
this report and the others, so words every report uses score zero.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..audit.timeliness import deadline
from ..run.corpus import report_body
from ..errors import UsageError
from ..model import NARRATIVE_KEYS, Report
from ..read.normalize import match_key, to_display, to_simplified
from ..analyze.tables import CARRIED, NEW, NEXT, TOTAL
from ..analyze.words import content_words

SEVERITIES = ("error", "warning", "info")
SCRIPTS = ("auto", "simplified", "traditional", "hk", "tw")
TOP_KEYWORDS = 12
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


@dataclass(frozen=True)
class Figure:
    """One key figure read from the report's tables; ``value`` is None when not found."""

    key: str
    value: tuple[float, ...] | None


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


def timeliness(report: Report) -> tuple[bool | None, str | None]:
    """(late?, the audit's message): the ``late`` finding when the audit ran, otherwise the
    published date against the audit's deadline for the body and year."""
    for f in report.findings:
        if f.rule == "late":
            return True, f.message
    doc = report.document
    if doc is None or doc.published is None or doc.year is None:
        return None, None
    due = deadline(doc.agency, doc.year)
    return doc.published > due, f"≤ {due.isoformat()}"


def previous_report(report: Report, others: Iterable[Report]) -> Report | None:
    """The same body's most recent report on an earlier year, if the run has one."""
    doc = report.document
    if doc is None or doc.year is None:
        return None
    body = report_body(report)
    earlier = [o for o in others if o.ok and o.document and o.document.is_report and o.document.year
               and o.document.year < doc.year and report_body(o) == body]
    return max(earlier, key=lambda o: (o.document.year or 0, len(o.sections)), default=None)  # type: ignore[union-attr]


# --- key figures -------------------------------------------------------------------------

# (figure, table, row labels, column labels): the first label pair that has a number counts;
# two columns give "issued / in force". Labels are those of lexicons/table_labels.tsv.
_ISSUED = ("本年制发件数", "本年新制作数量")
_IN_FORCE = ("现行有效件数", "对外公开总数量")
FIGURES: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    ("proactive_items", "statistics", ("主动公开信息数",), (("本年",),)),
    ("proactive_rules", "proactive", ("规章",), (_ISSUED, _IN_FORCE)),
    ("proactive_normative", "proactive", ("行政规范性文件", "规范性文件"), (_ISSUED, _IN_FORCE)),
    ("requests_received", "requests", (NEW,), (("总计",),)),
    ("requests_carried_in", "requests", (CARRIED,), (("总计",),)),
    ("requests_settled", "requests", (TOTAL,), (("总计",),)),
    ("requests_carried_out", "requests", (NEXT,), (("总计",),)),
    ("reconsideration", "appeals", ("行政复议",), (("总计",),)),
    ("litigation", "appeals", ("行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"), (("总计",),)),
)


def key_figures(report: Report) -> list[Figure]:
    """Proactive publication, requests and appeals figures from the report's tables.

    Litigation adds its two blocks (direct suits and suits after reconsideration); a figure
    whose cells are absent or not numbers is None, shown as "—".
    """
    by_key = {t.key: t for t in report.tables}
    out = []
    for name, key, rows, columns in FIGURES:
        table = by_key.get(key)
        value: tuple[float, ...] | None = None
        if table is not None:
            wanted = [_first(table, rows, labels) for labels in columns]
            if name == "litigation":
                parts = [_first(table, (row,), columns[0]) for row in rows]
                wanted = [sum(p for p in parts if p is not None)] if None not in parts else [None]
            if None not in wanted:
                value = tuple(v for v in wanted if v is not None)
        out.append(Figure(name, value))
    return out


def _first(table: Any, rows: tuple[str, ...], columns: tuple[str, ...]) -> float | None:
    for row in rows:
        for column in columns:
            value = table.value(row, column)
            if value is not None:
                return float(value)
    return None


def _format(value: tuple[float, ...] | None) -> str:
    """Figures as printed: whole numbers without decimals, pairs as ``a / b``."""
    if value is None:
        return "—"
    return " / ".join(f"{v:g}" for v in value)


def _figures_table(figures: list[Figure], previous: Report | None, t: dict[str, str]) -> Table:
    table = Table(title=t["figures"], title_justify="left", expand=True, show_edge=False, pad_edge=False)
    table.add_column(t["figure"], style="dim")
    table.add_column(t["value"], justify="right")
    if previous is not None:
        year = previous.document.year if previous.document else None
        table.add_column(str(year or t["previous"]), justify="right", style="dim")
    before = {f.key: f.value for f in key_figures(previous)} if previous else {}
    for f in figures:
        cells = [t[f.key], _format(f.value)]
        if previous is not None:
            cells.append(_format(before.get(f.key)))
        table.add_row(*cells)
    return table


# --- keywords ----------------------------------------------------------------------------

def _narrative(report: Report) -> str:
    """The Simplified narrative text (tables say the same words in every report)."""
    doc = report.document
    if doc is None:
        return ""
    parts = [doc.analysis_text[s.body_start:s.end] for s in report.sections if s.key in NARRATIVE_KEYS]
    return "\n".join(parts) if parts else doc.analysis_text


def keywords(report: Report, others: list[Report], n: int = TOP_KEYWORDS) -> list[tuple[str, float]]:
    """The ``n`` words of ``report`` with the highest TF-IDF against ``others`` (Simplified).

    Words found in every document score zero and are left out, unless there is nothing to
    compare with, when plain frequency ranks them.
    """
    counts = Counter(content_words(_narrative(report)))
    if not counts:
        return []
    background = [set(content_words(_narrative(o))) for o in others if o.ok and o.document and o.document.is_report]
    total, docs = sum(counts.values()), len(background) + 1
    scores = {}
    for word, count in counts.items():
        df = 1 + sum(word in words for words in background)
        idf = math.log(docs / df) if background else 1.0
        if idf > 0:
            scores[word] = count / total * idf
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


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

@dataclass(frozen=True)
class Changes:
    """What differs from the same body's previous report."""

    previous_year: int | None
    sections_added: tuple[str, ...]
    sections_removed: tuple[str, ...]
    items_added: tuple[str, ...]
    items_removed: tuple[str, ...]
    figures_changed: tuple[tuple[str, str, str], ...]


def changes(report: Report, previous: Report) -> Changes:
    """Sections (by key), section 五 headlines (punctuation-folded) and key figures that changed."""
    keys, before = [s.key for s in report.sections], [s.key for s in previous.sections]

    def headlines(r: Report) -> dict[str, str]:
        return {match_key(to_simplified(i.headline)): i.headline for i in (*r.problems, *r.improvements)}

    now, then = headlines(report), headlines(previous)
    old = {f.key: f.value for f in key_figures(previous)}
    changed = tuple((f.key, _format(old.get(f.key)), _format(f.value)) for f in key_figures(report)
                    if f.value is not None and old.get(f.key) is not None and old.get(f.key) != f.value)
    return Changes(
        previous_year=previous.document.year if previous.document else None,
        sections_added=tuple(k for k in keys if k not in before),
        sections_removed=tuple(k for k in before if k not in keys),
        items_added=tuple(v for k, v in now.items() if k not in then),
        items_removed=tuple(v for k, v in then.items() if k not in now),
        figures_changed=changed,
    )


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
