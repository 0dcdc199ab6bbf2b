"""Reads the fixed tables of sections 二, 三 and 四 (and the 2008 statistics table) into cells.

Cells are keyed by the official row and column labels of lexicons/table_labels.tsv. Tables
arrive one cell per line, as ``|`` rows (HTML tables too, via ingest) or flattened into runs of
digits ("行政规范性文件693665"). A run is split by the table's own arithmetic; when no split or
more than one fits, the table is returned unreadable with the reason: textkit never guesses.
0, blank, "/" and "—" stay apart (``Cell.kind``).
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .. import lexicons
from ..errors import LexiconError
from ..model import Cell, Document, Section, Table, TableKey
from .digits import (
    CACHED_ATOMS,
    CACHED_REGION,
    Atom,
    Reading,
    atoms,
    cell_kind,
    fit,
    readings,
    solve,
    splits,
)


@cache
def _names() -> tuple[tuple[str, ...], ...]:
    """lexicons/table_names.tsv, each label checked against lexicons/table_labels.tsv."""
    names = lexicons.table("table_names.tsv", 4)
    applicants = [label for name, _, _, label in names if name == "applicants"]
    known: dict[tuple[str, str], set[str]] = {}
    for table, template, label, stem, columns in lexicons.table("table_labels.tsv", 5):
        cols = applicants if columns in ("applicants", "group") else columns.split(",")
        known.setdefault((table, template), set()).update([label, *cols])
        if stem != "-":
            known[(table, template)].add(stem)
    for name, table, template, label in names:
        found = set().union(*(v for (t, tmpl), v in known.items()
                              if t == table and (template == "any" or tmpl in (template, "any"))))
        if label not in found and not (name.endswith("_cue") and any(label in k for k in found)):
            raise LexiconError(f"table_names.tsv: {name} = {label!r} is no label of table {table} "
                               f"({template}) in table_labels.tsv")
    return names


def labels(name: str, template: str | None = None) -> tuple[str, ...]:
    """The official labels the code calls ``name`` (lexicons/table_names.tsv), in file order;
    with ``template``, those of that template and of any."""
    return tuple(label for n, _, tmpl, label in _names()
                 if n == name and (template is None or tmpl in (template, "any")))


def label(name: str, template: str | None = None) -> str:
    """The one official label the code calls ``name``."""
    found = labels(name, template)
    if len(found) != 1:
        raise LexiconError(f"table_names.tsv: {name} ({template or 'any template'}) names {len(found)} labels, not 1")
    return found[0]


REQUEST_COLUMNS = labels("applicants")
APPEAL_COLUMNS = labels("appeal_columns")
# Row labels of table 三 that the checks and the narrative comparison refer to.
NEW, CARRIED, RESULTS, TOTAL, NEXT = (label(n) for n in ("new", "carried", "results", "total", "next"))
DISCLOSED, PARTLY = label("disclosed"), label("partly")
RESULT_GROUPS = labels("result_groups")

_SEP = r"[\s|]*"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Spec:
    label: str
    stem: str
    columns: tuple[str, ...]
    group: bool


@cache
def _specs(key: str, template: str) -> tuple[_Spec, ...]:
    out = []
    for table, tmpl, label, stem, columns in lexicons.table("table_labels.tsv", 5):
        if table != key or tmpl not in (template, "any"):
            continue
        group = columns == "group"
        cols = REQUEST_COLUMNS if columns in ("applicants", "group") else tuple(columns.split(","))
        out.append(_Spec(label, stem, cols, group))
    return tuple(out)


@cache
def _stem_pattern(stem: str) -> re.Pattern[str]:
    parts = ["[.．、]" if ch == "." else re.escape(ch) for ch in stem]
    return re.compile(_SEP.join(parts))


_SPACE_OR_BAR = re.compile(r"[\s|]")


def _compact(text: str) -> str:
    return _SPACE_OR_BAR.sub("", text)


_TABLE_KEYS = frozenset({"proactive", "requests", "appeals", "statistics"})


def parse_tables(doc: Document, sections: tuple[Section, ...]) -> tuple[Table, ...]:
    """Every fixed table of the report, in section order; prose-only sections give none."""
    out = []
    for s in sections:
        if s.key not in _TABLE_KEYS:
            continue
        body = doc.analysis_text[s.body_start:s.end]
        compact = _compact(body)
        if s.key == "proactive" and "第二十条" in compact:
            out.append(_proactive(body, compact, s))
        elif s.key == "requests" and all(cue in compact for cue in labels("requests_cue")):
            out.append(_requests(body, compact, s))
        elif s.key == "appeals" and all(cue in compact for cue in labels("appeals_cue")):
            out.append(_appeals(body, s))
        elif s.key == "statistics":
            out.append(_statistics(body, s) if all(cue in compact for cue in labels("statistics_cue")) else Table(
                "statistics", "unknown", (), False, "statistics table whose rows match no known template",
                s.body_start, s.end))
    return tuple(out)


def table_records(report_path: str, tables: tuple[Table, ...]) -> list[dict[str, Any]]:
    """DataFrame-ready rows {report, table, row, column, value, raw}, one per cell."""
    return [{"report": report_path, "table": t.key, "row": c.row, "column": c.column,
             "value": c.value, "raw": c.raw} for t in tables for c in t.cells]


# --- finding rows and their printed values ---------------------------------------------

def _locate(body: str, specs: tuple[_Spec, ...]) -> list[tuple[_Spec, int, int]]:
    """Each row label found in order, each after the previous one; absent rows are skipped."""
    found, pos = [], 0
    for spec in specs:
        m = _stem_pattern(spec.stem).search(body, pos)
        if m:
            found.append((spec, m.start(), m.end()))
            pos = m.end()
    return found


def _regions(body: str, found: list[tuple[_Spec, int, int]]) -> dict[str, str]:
    """The printed values of each located row: the text up to the next row's label."""
    out = {}
    for i, (spec, _, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(body)
        region = body[end:stop]
        if i + 1 == len(found):
            region = _cut_trailing_text(region)
        out[spec.label] = region
    return out


def _cut_trailing_text(region: str) -> str:
    digit = re.search(r"\d", region)
    if not digit:
        return region
    text = _CJK.search(region, digit.start())
    return region[:text.start()] if text else region


def _num(raw: str) -> float:
    value = cell_kind(raw)[1]
    return value if value is not None else 0.0


@lru_cache(maxsize=1 << 12)
def _cells(label: str, columns: tuple[str, ...], raws: tuple[str, ...]) -> tuple[Cell, ...]:
    """The cells of one row; equal rows share their (immutable) cells."""
    out = []
    for column, raw in zip(columns, raws):
        kind, value = cell_kind(raw)
        out.append(Cell(label, column, raw, value, kind))
    return tuple(out)


def _table(key: TableKey, template: str, specs: tuple[_Spec, ...], reading: Reading,
           reason: str | None, section: Section) -> Table:
    cells: list[Cell] = []
    for spec in specs:
        if spec.label in reading:
            raws = reading[spec.label]
            row = _cells if sum(map(len, raws)) <= CACHED_REGION else _cells.__wrapped__
            cells += row(spec.label, spec.columns, raws)
    return Table(key, template, tuple(cells), reason is None, reason, section.body_start, section.end)


# --- table 二 ------------------------------------------------------------------------------

def _proactive(body: str, compact: str, section: Section) -> Table:
    if any(cue in compact for cue in labels("template_cue", "2021")):
        template = "2021"
    elif any(cue in compact for cue in labels("template_cue", "2019")):
        template = "2019"
    else:
        return Table("proactive", "unknown", (), False, "column headings match neither the 2019 nor the 2021 template",
                     section.body_start, section.end)
    specs = _specs("proactive", template)
    found = _locate(body, specs)
    regions = _regions(body, found)
    rows = {}
    for spec, _, _ in found:
        row_atoms = atoms(regions[spec.label])
        if len(row_atoms) > len(spec.columns):
            # an HTML cell spanning columns comes back repeated by ingest: "4 | 0 | 0"
            collapsed = [a for i, a in enumerate(row_atoms) if i == 0 or a != row_atoms[i - 1]]
            if len(collapsed) == len(spec.columns):
                row_atoms = collapsed
        rows[spec.label] = (row_atoms, len(spec.columns))
    missing = [s.label for s in specs if s.label not in rows]
    reading: Reading = {}
    undecided = []
    for label, (row_atoms, n) in rows.items():
        row_atoms = fit(row_atoms, n)
        every = readings(tuple(row_atoms), n, 2)
        if len(every) == 1:
            reading[label] = every[0]
        else:
            undecided.append(f"{label} ({' '.join(a.text for a in row_atoms) or 'nothing'})")
    reason = None
    if undecided:
        reason = ("table 二 has no sums to split digits that run together, or cells are missing: "
                  + ", ".join(undecided))
    if missing:
        reason = "; ".join(filter(None, [reason, "rows not found: " + ", ".join(missing)]))
    return _table("proactive", template, specs, reading, reason, section)


# --- table 三 ------------------------------------------------------------------------------

def _requests(body: str, compact: str, section: Section) -> Table:
    template = "2021" if any(cue in compact for cue in labels("template_cue", "2021")) else "2019"
    specs = _specs("requests", template)
    found = _locate(body, specs)
    regions = _regions(body, found)
    n = len(REQUEST_COLUMNS)
    rows = {}
    for spec, _, _ in found:
        row_atoms = atoms(regions[spec.label])
        if spec.group and not row_atoms:
            continue  # a heading row without a subtotal
        rows[spec.label] = (row_atoms, n)
    required = [s.label for s in specs if not s.group]
    missing = [label for label in required if label not in rows]
    if missing:
        reading, reason = solve(rows, _row_total_ok, lambda r: True)
        reason = "; ".join(filter(None, ["rows not found: " + ", ".join(missing), reason]))
        return _table("requests", template, specs, reading, reason, section)
    groups = _groups(specs)
    reading, reason = solve(rows, _row_total_ok, lambda r: not requests_violations(r, groups))
    return _table("requests", template, specs, reading, reason, section)


def _groups(specs: tuple[_Spec, ...]) -> dict[str, list[str]]:
    """Result group → its sub-row labels (empty for a group printed as one row)."""
    groups: dict[str, list[str]] = {}
    for spec in specs:
        head = spec.label.split("/")[0]
        if head in RESULT_GROUPS:
            groups.setdefault(head, [])
            if "/" in spec.label:
                groups[head].append(spec.label)
    return groups


def _row_total_ok(label: str, raws: tuple[str, ...]) -> bool:
    values = [_num(r) for r in raws]
    return math.isclose(values[-1], sum(values[:-1]))


def requests_violations(reading: Reading, groups: dict[str, list[str]]) -> list[tuple[str, str, float, float]]:
    """(rule, column, expected, actual) for every column where table 三 does not add up."""
    out = []
    for i, column in enumerate(REQUEST_COLUMNS):
        def v(label: str, i: int = i) -> float:
            return _num(reading[label][i]) if label in reading else 0.0
        left, right = v(NEW) + v(CARRIED), v(TOTAL) + v(NEXT)
        if not math.isclose(left, right):
            out.append(("table_requests_balance", column, left, right))
        results = v(DISCLOSED) + v(PARTLY)
        for head, subs in groups.items():
            sub_sum = sum(v(s) for s in subs)
            if subs and head in reading and not math.isclose(v(head), sub_sum):
                out.append(("table_requests_results_sum", f"{column}:{head}", sub_sum, v(head)))
            results += v(head) if head in reading else sub_sum
        if not math.isclose(results, v(TOTAL)):
            out.append(("table_requests_results_sum", column, results, v(TOTAL)))
    return out


# --- table 四 ------------------------------------------------------------------------------

def _appeals(body: str, section: Section) -> Table:
    specs = _specs("appeals", "any")
    heads = list(_stem_pattern(label("appeals_total_column")).finditer(body))
    region = _cut_trailing_text(body[heads[-1].end():]) if heads else ""
    n = sum(len(s.columns) for s in specs)
    found = tuple(fit(atoms(region), n))
    cells, reason = (_appeals_split if len(found) <= CACHED_ATOMS else _appeals_split.__wrapped__)(found, n)
    reading = {}
    if cells is not None:
        for k, spec in enumerate(specs):
            reading[spec.label] = cells[5 * k:5 * k + 5]
    return _table("appeals", "2019", specs, reading, reason, section)


@lru_cache(maxsize=1 << 12)
def _appeals_split(found: tuple[Atom, ...], n: int) -> tuple[tuple[str, ...] | None, str | None]:
    """The one reading of table 四's total row as ``n`` cells, or the reason there is none;
    once per distinct row (most reports print the same few)."""
    def blocks_ok(cells: tuple[str, ...]) -> bool:
        if len(cells) % 5:
            return True
        block = [_num(c) for c in cells[-5:]]
        return math.isclose(block[4], sum(block[:4]))

    fitting = list(itertools.islice(splits(list(found), n, blocks_ok), 2))
    if len(fitting) == 1:
        return fitting[0], None
    printed = list(itertools.islice(splits(list(found), n), 2))
    if len(printed) == 1:
        return printed[0], None  # the only reading there is; its sums are the audit's business
    if not printed:
        return None, f"{n} cells expected, found {' '.join(a.text or '∅' for a in found) or 'nothing'}"
    kind = "no split" if not fitting else "more than one split"
    return None, f"{kind} of {''.join(a.text for a in found)} satisfies 总计 = the four results per block"


# --- the 2008 statistics table ---------------------------------------------------------------

@cache
def _stat_parts() -> dict[str, tuple[str, bool]]:
    """Total row → (the prefix of its 其中 rows in table_labels.tsv, whether they are exhaustive:
    = rather than ≥; only the requests received are split by every channel)."""
    rows = [spec.label for spec in _specs("statistics", "2008")]
    out = {}
    for total in labels("stat_totals"):
        after = rows[rows.index(total) + 1:]
        prefix = next(r for r in after if "/" in r).split("/")[0] + "/"
        out[total] = (prefix, total == label("stat_received"))
    return out


def _statistics(body: str, section: Section) -> Table:
    specs = _specs("statistics", "2008")
    found = _locate(body, specs)
    regions = _regions(body, found)
    rows = {spec.label: (atoms(regions[spec.label]), len(spec.columns)) for spec, _, _ in found}

    def row_ok(label: str, raws: tuple[str, ...]) -> bool:
        return _num(raws[1]) >= _num(raws[0])  # 历年累计 includes this year

    def table_ok(reading: Reading) -> bool:
        for total, (prefix, exhaustive) in _stat_parts().items():
            parts = [label for label in reading if label.startswith(prefix)]
            if total in reading and parts:
                for i in range(2):
                    whole, summed = _num(reading[total][i]), sum(_num(reading[p][i]) for p in parts)
                    if (not math.isclose(whole, summed)) if exhaustive else whole < summed:
                        return False
        return True

    reading, reason = solve(rows, row_ok, table_ok)
    return _table("statistics", "2008", specs, reading, reason, section)
