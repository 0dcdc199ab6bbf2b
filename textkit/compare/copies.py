"""Copies of one report among the inputs (one body's report on one year saved twice, e.g. as
text and as the portal page), found and merged into one report that keeps every path.

Two reports are copies when they have the same body and year and nearly all the narrative of
the shorter one is found in the other: ``COPY_CONTAINMENT`` of its character 8-grams, digits
included. Same body and year alone is not enough (a body may file a report and a correction);
text alone is not either (two bodies of one place may publish the same text, as the real
平潭 2011 reports do, 95% alike).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..model import Report

# Share of the shorter narrative's 8-grams that must be found in the other. Copies measure
# 1.00 (sample text/HTML pair, real pingtan 2011 and 2024); two bodies' near-identical reports
# of one year 0.95, one body's consecutive years 0.69-0.84.
COPY_CONTAINMENT = 0.97
GRAM = 8


def _grams(report: Report) -> frozenset[str]:
    """Character 8-grams of the narrative sections (Simplified, whitespace removed)."""
    doc = report.document
    assert doc is not None
    text = "".join(doc.analysis_text[s.body_start:s.end] for s in report.sections if s.narrative)
    text = "".join(text.split())
    return frozenset(text[i:i + GRAM] for i in range(len(text) - GRAM + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other (0 when either is empty).

    >>> containment(frozenset("abc"), frozenset("abcd"))
    1.0
    >>> containment(frozenset(), frozenset("a"))
    0.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _preferred(report: Report) -> tuple[int, int, bool]:
    """The copy kept as the report: the one read most fully, then the one reading had to repair
    least (fewer notes: a text pulled out of a PDF has its page numbers and line breaks
    repaired), then the web page (its tables are real tables, where a saved text may have them
    flattened)."""
    doc = report.document
    return len(report.sentences), -len(doc.notes) if doc else 0, bool(doc and doc.form == "html")


def merge_copies(reports: Iterable[Report], body: Callable[[Report], str]) -> list[Report]:
    """``reports`` with each set of copies replaced by one report whose ``copies`` lists the
    other paths; everything else (errors, non-reports, unique reports) is passed through in
    input order, the merged report at the place of its first copy."""
    reports = list(reports)
    groups: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(reports):
        if r.ok and r.document is not None and r.document.is_report and r.document.year is not None:
            groups.setdefault((body(r), r.document.year), []).append(i)
    kept: dict[int, Report] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        for best, cluster in copy_sets([reports[i] for i in members]):
            indices = [members[k] for k in cluster]
            others = tuple(reports[i].path for i in indices if i != members[best])
            kept[min(indices)] = replace(reports[members[best]], copies=reports[members[best]].copies + others)
            dropped.update(i for i in indices if i != min(indices))
    return [kept.get(i, r) for i, r in enumerate(reports) if i not in dropped]


def copy_sets(group: list[Report]) -> list[tuple[int, list[int]]]:
    """The sets of copies among ``group`` (reports of one body and year), each as the position of
    the copy kept and the positions of all its copies (in order); reports without a copy are left
    out. ``merge_copies`` does the rest; a run that keeps reports on disk loads only such groups."""
    sets = []
    for cluster in _clusters(group):
        if len(cluster) >= 2:
            sets.append((max(cluster, key=lambda k: _preferred(group[k])), cluster))
    return sets


def _clusters(group: list[Report]) -> list[list[int]]:
    """Positions in ``group`` joined when their narratives are copies (single linkage)."""
    grams = [_grams(r) for r in group]
    parent = list(range(len(group)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if group[i].path != group[j].path and containment(grams[i], grams[j]) >= COPY_CONTAINMENT:
                parent[root(j)] = root(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(group)):
        clusters.setdefault(root(i), []).append(i)
    return list(clusters.values())
