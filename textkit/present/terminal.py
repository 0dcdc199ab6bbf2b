"""Rich tables and outlines for the terminal; the only module besides ``cli`` that imports rich."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from .export import summary_row
from ..model import Finding, Report
from .labels import labels, shown

# Characters of evidence text shown per finding in the terminal (JSON and HTML carry all).
EVIDENCE_CHARS = 40
# compare: shorter sentences are sub-headings (（一）主动公开。), not worth a row.
MIN_SHOWN = 10
_REQUIRED = ("overview", "proactive", "requests", "appeals", "problems", "other")


def _sections_cell(report: Report) -> str:
    """Count of sections and the standard ones missing, e.g. ``4 -requests -other``."""
    keys = {s.key for s in report.sections}
    missing = [k for k in _REQUIRED if k not in keys] if report.layout in ("2019", "2021") else []
    return " ".join([str(len(report.sections))] + [f"-{k}" for k in missing])


def _evidence_cell(finding: Finding) -> str:
    """The first pieces of evidence, short: quoted text with its span, or the cells involved."""
    parts = []
    for e in finding.evidence[:2]:
        where = f"@{e.start}" if e.start is not None else ""
        if e.text:
            parts.append(f"「{e.text[:EVIDENCE_CHARS]}{'…' if len(e.text) > EVIDENCE_CHARS else ''}」{where}")
        if e.cells:
            parts.append("; ".join(e.cells[:4]))
    return "\n".join(parts)


class Renderer:
    """Terminal output in the reader's language (zh|en) and script (simplified|traditional|auto)."""

    def __init__(self, console: Console, lang: str = "zh", script: str = "auto") -> None:
        if not console.is_terminal:
            console.width = max(console.width, 150)  # files and pipes: no need to squeeze
        self.console, self.lang, self.script = console, lang, script
        self.t = labels(lang, "terminal")

    def text(self, value: Any) -> str:
        """Report text shown in the reader's script; ``auto`` keeps the input's own."""
        return shown(value, self.script)

    def share(self, value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    def audit_table(self, reports: list[Report]) -> None:
        t = self.t
        table = Table(title=t["audit"], show_lines=False)
        for col in ("path", "agency", "year", "layout", "script", "sections", "items", "reuse", "findings", "score"):
            table.add_column(t[col], overflow="ellipsis" if col == "path" else "fold", no_wrap=col in ("path", "agency"),
                             max_width=28 if col == "path" else None)
        for r in reports:
            row = summary_row(r)
            name = r.path.rsplit("/", 2)[-2] + "/" + r.path.rsplit("/", 1)[-1] if "/" in r.path else r.path
            if row["error"]:
                label = t["not_report"] if r.document and not r.document.is_report else t["error"]
                table.add_row(name, self.text(row["agency"]), str(row["year"] or ""), "", "", f"[red]{label}[/]",
                              "", "", self.text(row["error"]))
                continue
            reuse = "/".join(self.share(row[k]) for k in ("new", "carried", "template"))
            table.add_row(name, self.text(row["agency"]), str(row["year"] or ""), row["layout"], row["script"] or "",
                          _sections_cell(r), f"{row['problems']}/{row['improvements']}",
                          reuse, f"{row['errors']}/{row['warnings']}/{row['infos']}", str(row["score"]))
        self.console.print(table)

    def bodies_table(self, bodies: list[dict[str, Any]]) -> None:
        t = self.t
        table = Table(title=t["body"])
        for col in ("agency", "year", "reuse", "findings"):
            table.add_column(t[col])
        for body in bodies:
            for i, row in enumerate(body["years"]):
                reuse = "/".join(self.share(row[k]) for k in ("new", "carried", "template"))
                table.add_row(self.text(body["agency"]) if i == 0 else "", str(row["year"] or ""), reuse,
                              f"{row['errors']}/{row['warnings']}/{row['infos']}")
        self.console.print(table)

    def outline(self, report: Report) -> None:
        """``textkit show``: metadata, script, layout and the section outline."""
        t, doc = self.t, report.document
        if doc is None:
            self.console.print(f"[red]{t['error']}[/]: {report.error}")
            return
        s = doc.script
        self.console.print(f"[bold]{self.text(doc.title)}[/]")
        self.console.print(f"{t['agency']}: {self.text(doc.agency)}   {t['year']}: {doc.year}   "
                           f"{t['published']}: {doc.published or '—'}   {t['layout']}: {report.layout}")
        self.console.print(f"{t['script']}: {s.kind} (traditional {s.traditional_chars}, simplified {s.simplified_chars}, "
                           f"{s.traditional_share:.0%} traditional)   encoding: {doc.encoding}   form: {doc.form}")
        if not doc.is_report:
            self.console.print(f"[yellow]{t['not_report']}[/]: {self.text(doc.not_report_reason)}")
        for note in doc.notes:
            self.console.print(f"[dim]{note}[/]")
        table = Table()
        for col in ("key", "heading", "span", "narrative"):
            table.add_column(t[col])
        for sec in report.sections:
            table.add_row(sec.key, self.text(sec.heading), f"{sec.start}–{sec.end}", "✓" if sec.narrative else "")
            for sub in sec.subsections:
                table.add_row("", "  " + self.text(sub.heading), f"{sub.start}–{sub.end}", "")
        self.console.print(table)

    def compare(self, later: Report, earlier: Report) -> None:
        """``textkit compare``: the later report's narrative beside the earlier one's, each
        carried-over sentence marked by kind and shown next to the sentence it came from."""
        t = self.t
        colour = {"verbatim": "red", "numbers_changed": "magenta", "near": "yellow", "template": "cyan"}
        by_start = {r.start: r for r in later.recycled}
        title = [self.text(r.document.title if r.document else r.path) for r in (later, earlier)]
        table = Table(title=f"{title[0]}  ⇐  {title[1]}", show_lines=True)
        table.add_column(t["kind"], no_wrap=True)
        table.add_column(title[0], ratio=1, overflow="fold")
        table.add_column(title[1], ratio=1, overflow="fold")
        counts: dict[str, int] = {}
        for sentence in later.sentences:
            if sentence.section not in ("intro", "overview", "problems", "other") or len(sentence.text) < MIN_SHOWN:
                continue
            hit = by_start.get(sentence.start)
            if hit is None:
                table.add_row(f"[green]{t['new']}[/]", self.text(sentence.text), "")
                counts["new"] = counts.get("new", 0) + 1
                continue
            counts[hit.kind] = counts.get(hit.kind, 0) + 1
            source = hit.source.text if hit.source.path == earlier.path else f"{hit.source.year} {hit.source.agency}: {hit.source.text}"
            table.add_row(f"[{colour[hit.kind]}]{hit.kind}[/] {hit.similarity:.2f}", self.text(sentence.text), self.text(source))
        self.console.print(table)
        self.console.print("  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))

    def items(self, report: Report) -> None:
        t = self.t
        for kind, items in (("problems", report.problems), ("improvements", report.improvements)):
            table = Table(title=f"{self.text(report.document.title if report.document else report.path)} · {t[kind]}")
            for col in ("marker", "headline", "category", "specificity"):
                table.add_column(t[col])
            for item in items:
                table.add_row(self.text(item.marker), self.text(item.headline), item.category, f"{item.specificity:.2f}")
            self.console.print(table)

    def findings(self, report: Report) -> None:
        t = self.t
        card = summary_row(report)
        table = Table(title=f"{self.text(report.document.title if report.document else report.path)}",
                      caption=f"{t['findings']} {card['errors']}/{card['warnings']}/{card['infos']} · "
                              f"{t['score']} {card['score'] if card['score'] is not None else '—'}")
        for col in ("severity", "rule", "message", "evidence"):
            table.add_column(t[col], overflow="fold")
        colour = {"error": "red", "warning": "yellow", "info": "blue"}
        for f in sorted(report.findings, key=lambda f: ("error", "warning", "info").index(f.severity)):
            message = f.message if self.lang == "zh" else f.message_en
            table.add_row(f"[{colour[f.severity]}]{f.severity}[/]", f.rule, self.text(message),
                          self.text(_evidence_cell(f)))
        self.console.print(table)
