"""What the summaries show, computed: a report's timeliness, previous report, key figures,
distinctive keywords and changes since the same body's previous report; each body's year series.

Keywords are TF-IDF over jieba content words, computed here by hand (only ``boilerplate`` may
import scikit-learn): a word scores by its frequency in this report times ``log(N / df)`` over
this report and the others, so words every report uses score zero.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..analyze.tables import CARRIED, NEW, NEXT, TOTAL, label, labels
from ..analyze.words import content_words
from ..audit.timeliness import deadline
from ..compare.followup import recurring_problems
from ..config import Settings
from ..model import NARRATIVE_KEYS, Report, Table
from ..read.normalize import match_key, to_simplified
from ..run.link import annual_reports, report_body
from .export import summary_row

TOP_KEYWORDS = 12


@dataclass(frozen=True)
class Figure:
    """One key figure read from the report's tables; ``value`` is None when not found."""

    key: str
    value: tuple[float, ...] | None


def timeliness(report: Report, lang: str = "zh") -> tuple[bool | None, str | None]:
    """(late?, the audit's message in ``lang``): the ``late`` finding when the audit ran,
    otherwise the published date against the audit's deadline for the body and year."""
    for f in report.findings:
        if f.rule == "late":
            return True, f.message if lang == "zh" else f.message_en
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


# (figure, table, row labels, column labels): the first label pair that has a number counts;
# two columns give "issued / in force". Labels are those of lexicons/table_labels.tsv.
_ISSUED, _IN_FORCE = labels("issued"), labels("in_force")
_TOTAL, _APPEALS_TOTAL = (label("requests_total_column"),), (label("appeals_total_column"),)
FIGURES: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    ("proactive_items", "statistics", labels("proactive_items"), (labels("this_year"),)),
    ("proactive_rules", "proactive", labels("rules"), (_ISSUED, _IN_FORCE)),
    ("proactive_normative", "proactive", labels("normative"), (_ISSUED, _IN_FORCE)),
    ("requests_received", "requests", (NEW,), (_TOTAL,)),
    ("requests_carried_in", "requests", (CARRIED,), (_TOTAL,)),
    ("requests_settled", "requests", (TOTAL,), (_TOTAL,)),
    ("requests_carried_out", "requests", (NEXT,), (_TOTAL,)),
    ("reconsideration", "appeals", labels("reconsideration"), (_APPEALS_TOTAL,)),
    ("litigation", "appeals", labels("litigation"), (_APPEALS_TOTAL,)),
)


# The 2019 and 2021 layouts have no table row for the count of items published proactively;
# their text states it ("全年主动公开政府信息4105条"): the first such count in 总体情况 or 二.
PROACTIVE_IN_TEXT = re.compile(r"主动公开[^。；，,\n]{0,20}?(\d+)\s*条")


def proactive_count_in_text(report: Report) -> float | None:
    """The count of items published proactively as the report's text states it, if it does.

    Read in the Simplified analysis text of the overview, then of section 二.
    """
    doc = report.document
    if doc is None:
        return None
    for key in ("overview", "proactive"):
        for section in report.sections:
            if section.key == key:
                found = PROACTIVE_IN_TEXT.search(doc.analysis_text, section.body_start, section.end)
                if found:
                    return float(found.group(1))
    return None


def key_figures(report: Report) -> list[Figure]:
    """Proactive publication, requests and appeals figures from the report's tables.

    Litigation adds its two blocks (direct suits and suits after reconsideration); a figure
    whose cells are absent or not numbers is None, shown as "—". Without a statistics table
    (2019 and 2021 layouts), the proactive count is the one the text states.
    """
    by_key: dict[str, Table] = {t.key: t for t in report.tables}
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
        if name == "proactive_items" and value is None:
            count = proactive_count_in_text(report)
            value = None if count is None else (count,)
        out.append(Figure(name, value))
    return out


def _first(table: Table, rows: tuple[str, ...], columns: tuple[str, ...]) -> float | None:
    for row in rows:
        for column in columns:
            value = table.value(row, column)
            if value is not None:
                return float(value)
    return None


def format_figure(value: tuple[float, ...] | None) -> str:
    """Figures as printed: whole numbers without decimals, pairs as ``a / b``."""
    if value is None:
        return "—"
    return " / ".join(f"{v:g}" for v in value)


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
    changed = tuple((f.key, format_figure(old.get(f.key)), format_figure(f.value)) for f in key_figures(report)
                    if f.value is not None and old.get(f.key) is not None and old.get(f.key) != f.value)
    return Changes(
        previous_year=previous.document.year if previous.document else None,
        sections_added=tuple(k for k in keys if k not in before),
        sections_removed=tuple(k for k in before if k not in keys),
        items_added=tuple(v for k, v in now.items() if k not in then),
        items_removed=tuple(v for k, v in then.items() if k not in now),
        figures_changed=changed,
    )


def bodies(reports: list[Report], settings: Settings | None = None) -> list[dict[str, Any]]:
    """Per-body year series: which years are present, the headline figures of each, and the
    problems the body reports again year after year (scores and recurrence by ``settings``)."""
    groups: dict[str, list[Report]] = {}
    for r in annual_reports(reports):
        groups.setdefault(report_body(r), []).append(r)
    out = []
    for key, group in sorted(groups.items()):
        group.sort(key=lambda r: (r.document.year or 0) if r.document else 0)
        out.append({"body": key, "agency": group[-1].document.agency if group[-1].document else key,
                    "years": [summary_row(r, settings) | {"year": r.document.year if r.document else None} for r in group],
                    "recurring_problems": [{"headline": h, "years": y} for h, y in recurring_problems(group, settings)]})
    return out
