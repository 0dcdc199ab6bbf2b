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
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple

from .. import lexicons
from ..model import Document, Section

CellKind = Literal["number", "zero", "blank", "slash", "dash"]
TableKey = Literal["proactive", "requests", "appeals", "statistics"]

REQUEST_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# Row labels of table 三 that the checks and the narrative comparison refer to.
NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
RESULTS, TOTAL, NEXT = "三、本年度办理结果", "（七）总计", "四、结转下年度继续办理"
DISCLOSED, PARTLY = "（一）予以公开", "（二）部分公开"
RESULT_GROUPS = ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")

# Beyond these counts a table is called unreadable rather than searched further.
MAX_SPLITS_PER_ROW = 20_000
MAX_READINGS = 200_000
# Rows of printed values are read once and remembered (most recur from report to report) when
# no longer than these: a region of so many characters, a row of so many atoms, with so many
# readings at most kept.
CACHED_REGION = 200
CACHED_ATOMS = 40
CACHED_READINGS = 16

_SEP = r"[\s|]*"
# "1." before a row label is the label's own number, not a value: "…00000002.其他法律…".
_NUMBERING = re.compile(r"\d[.．、](?=\s*(?:[\u4e00-\u9fff“\"（(]|$))")
# A slash between two words is text (本年增/减), not a "/" cell.
_TEXT_SLASH = re.compile(r"(?<=[\u4e00-\u9fff])\s*[/／]\s*(?=[\u4e00-\u9fff])")
_ATOM = re.compile(r"-?\d+(?:\.\d+)?|[/／]|[—－–]+|-")
_VALID = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: official row and column label, the text as printed and its number.
    Slotted: a report holds hundreds of cells and a corpus run holds every report."""

    row: str
    column: str
    raw: str
    value: float | None
    kind: CellKind

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a constructor call that shares the labels: a corpus run unpickles every
        report's cells, and the official row and column labels repeat in every report."""
        return (_cell, (self.row, self.column, self.raw, self.value, self.kind))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle a Cell pickled before it had slots (a dict of its fields)."""
        for name, value in state.items():
            object.__setattr__(self, name, value)


def _cell(row: str, column: str, raw: str, value: float | None, kind: CellKind) -> Cell:
    return Cell(sys.intern(row), sys.intern(column), sys.intern(raw), value, sys.intern(kind))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Table:
    """One table of a report. ``template`` is the layout that introduced it ("2019" for
    table 四, identical since); an unreadable table keeps only the cells read with certainty."""

    key: TableKey
    template: str
    cells: tuple[Cell, ...]
    readable: bool
    reason: str | None
    start: int
    end: int

    def cell(self, row: str, column: str) -> Cell | None:
        return self._index().get((row, column))

    def value(self, row: str, column: str) -> float | None:
        """The number in a cell; None when the cell is absent, blank, "/" or "—"."""
        found = self.cell(row, column)
        return found.value if found else None

    def rows(self) -> tuple[str, ...]:
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = tuple(dict.fromkeys(c.row for c in self.cells))
            object.__setattr__(self, "_rows", rows)
        return rows  # type: ignore[no-any-return]

    def _index(self) -> dict[tuple[str, str], Cell]:
        """Cells by (row, column), the first one printed winning; built once per table, as the
        audit looks cells up hundreds of times per report."""
        index = self.__dict__.get("_by_label")
        if index is None:
            index = {}
            for c in self.cells:
                index.setdefault((c.row, c.column), c)
            object.__setattr__(self, "_by_label", index)
        return index  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fields only: the lookup caches are rebuilt on demand."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


@dataclass(frozen=True)
class _Spec:
    label: str
    stem: str
    columns: tuple[str, ...]
    group: bool


class _Atom(NamedTuple):
    """A value printed in a row (a tuple: rows of atoms are cache keys)."""

    text: str
    kind: Literal["num", "slash", "dash", "blank"]


@lru_cache(maxsize=1 << 14)
def cell_kind(raw: str) -> tuple[CellKind, float | None]:
    """Kind and value of a printed cell.

    >>> cell_kind("0"), cell_kind("12"), cell_kind("/"), cell_kind("—"), cell_kind("")
    (('zero', 0.0), ('number', 12.0), ('slash', None), ('dash', None), ('blank', None))
    """
    text = raw.strip()
    if not text:
        return "blank", None
    if text in ("/", "／"):
        return "slash", None
    if _VALID.fullmatch(text):
        value = float(text)
        return ("zero" if value == 0 else "number"), value
    return "dash", None


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
        elif s.key == "requests" and "本年新收" in compact:
            out.append(_requests(body, compact, s))
        elif s.key == "appeals" and "结果维持" in compact and "尚未审结" in compact:
            out.append(_appeals(body, s))
        elif s.key == "statistics":
            out.append(_statistics(body, s) if "主动公开信息数" in compact else Table(
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


def atoms(region: str) -> list[_Atom]:
    """The values printed in a region, in order; each atom is one cell or a run of digits.

    >>> [a.text for a in atoms("（区分处理的）500000 5")]
    ['500000', '5']
    >>> [a.kind for a in atoms("| 3 | | / | — |")]
    ['num', 'blank', 'slash', 'dash']
    """
    return list(_atoms(region) if len(region) <= CACHED_REGION else _atoms.__wrapped__(region))


@lru_cache(maxsize=1 << 12)
def _atoms(region: str) -> tuple[_Atom, ...]:
    """``atoms`` once per distinct region: rows of zeros and blanks repeat across reports."""
    region = _NUMBERING.sub(" ", _TEXT_SLASH.sub("", region))
    if "|" not in region:
        return tuple(_atom(t) for t in _ATOM.findall(region))
    out: list[_Atom] = []
    pieces = region.split("|")
    for i, piece in enumerate(pieces):
        found = _ATOM.findall(piece)
        if found:
            out += [_atom(t) for t in found]
        elif 0 < i < len(pieces) - 1 and not piece.strip() and "\n" not in piece:
            out.append(_Atom("", "blank"))  # an empty cell between two bars
    return tuple(out)


def _fit(found: list[_Atom], n: int) -> list[_Atom]:
    """Drop padding blanks at the ends of a row that has more cells than its template."""
    found = list(found)
    while len(found) > n and found[-1].kind == "blank":
        found.pop()
    while len(found) > n and found[0].kind == "blank":
        found.pop(0)
    return found


_NUMBER_ATOM = re.compile(r"-?\d.*")


def _atom(text: str) -> _Atom:
    if text in ("/", "／"):
        return _Atom(text, "slash")
    if _NUMBER_ATOM.fullmatch(text):
        return _Atom(text, "num")
    return _Atom(text, "dash")


def splits(found: list[_Atom], n: int,
           accept: Callable[[tuple[str, ...]], bool] | None = None) -> Iterator[tuple[str, ...]]:
    """Every way to read the atoms as ``n`` cells (runs of digits cut, no leading zeros).

    ``accept`` sees each growing prefix and prunes the search when it returns False.

    >>> list(splits(atoms("230 000023"), 7, lambda c: len(c) < 7 or int(c[6]) == sum(map(int, c[:6]))))
    [('23', '0', '0', '0', '0', '0', '23')]
    """
    lengths = [len(a.text) if a.kind == "num" else 1 for a in found]
    suffix_max = list(itertools.accumulate(reversed(lengths)))[::-1] + [0]

    def rec(i: int, j: int, cells: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if i == len(found):
            if len(cells) == n:
                yield cells
            return
        atom = found[i]
        if atom.kind != "num":
            options = [(atom.text, i + 1, 0)]
        else:
            options = [(atom.text[j:end], i + (end == len(atom.text)), 0 if end == len(atom.text) else end)
                       for end in range(j + 1, len(atom.text) + 1)]
        for part, ni, nj in options:
            if atom.kind == "num" and not _VALID.fullmatch(part):
                continue
            grown = cells + (part,)
            # every atom still to read gives at least one cell and at most one per character
            if len(grown) + len(found) - ni > n or len(grown) + suffix_max[ni] - nj < n:
                continue
            if accept is not None and not accept(grown):
                continue
            yield from rec(ni, nj, grown)

    yield from rec(0, 0, ())


def _readings(found: tuple[_Atom, ...], n: int, limit: int) -> tuple[tuple[str, ...], ...]:
    """The first ``limit`` of ``splits(found, n)``; from the remembered first readings of the
    row when there are no more than those or no more are asked for."""
    if len(found) <= CACHED_ATOMS:
        first = _first_readings(found, n)
        if len(first) <= CACHED_READINGS or limit <= len(first):
            return first[:limit]
    return tuple(itertools.islice(splits(list(found), n), limit))


@lru_cache(maxsize=1 << 12)
def _first_readings(found: tuple[_Atom, ...], n: int) -> tuple[tuple[str, ...], ...]:
    return tuple(itertools.islice(splits(list(found), n), CACHED_READINGS + 1))


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


# --- a generic solver: per-row readings, then the readings of the whole table ----------

Reading = dict[str, tuple[str, ...]]


def _solve(rows: dict[str, tuple[list[_Atom], int]],
           row_ok: Callable[[str, tuple[str, ...]], bool],
           table_ok: Callable[[Reading], bool]) -> tuple[Reading, str | None]:
    """The one reading of the table, or the rows read with certainty and the reason why not.

    A row whose digits can be read only one way is read as printed even if the table then
    fails its arithmetic: that failure belongs to the report and the audit reports it.
    """
    choices: dict[str, Sequence[tuple[str, ...]]] = {}
    problems = []
    for label, (found, n) in rows.items():
        found = _fit(found, n)
        every = _readings(tuple(found), n, MAX_SPLITS_PER_ROW + 1)
        if not every:
            printed = " ".join(a.text or "∅" for a in found) or "nothing"
            problems.append(f"{label}: {n} cells expected, found {printed}")
            continue
        if len(every) > MAX_SPLITS_PER_ROW:
            problems.append(f"{label}: too many ways to split {''.join(a.text for a in found)}")
            continue
        choices[label] = every if len(every) == 1 else [c for c in every if row_ok(label, c)]
        if not choices[label]:
            problems.append(f"{label}: no split of {''.join(a.text for a in found)} fits the row total")
    certain = {label: c[0] for label, c in choices.items() if len(c) == 1}
    if problems:
        return certain, "; ".join(problems)
    if len(certain) == len(choices):
        return certain, None
    open_rows = [label for label, c in choices.items() if len(c) > 1]
    if math.prod(len(choices[label]) for label in open_rows) > MAX_READINGS:
        return certain, f"too many readings of the digit runs in rows {', '.join(open_rows)}"
    solutions = []
    for combo in itertools.product(*(choices[label] for label in open_rows)):
        reading = dict(certain, **dict(zip(open_rows, combo)))
        if table_ok(reading):
            solutions.append(reading)
    if len(solutions) == 1:
        return solutions[0], None
    if not solutions:
        runs = ", ".join(f"{label} ({''.join(a.text for a in rows[label][0])})" for label in open_rows)
        return certain, f"no split of the digit runs satisfies the table's arithmetic: {runs}"
    # rows on which every fitting reading agrees are still certain
    agreed = {label: solutions[0][label] for label in open_rows
              if all(s[label] == solutions[0][label] for s in solutions)}
    runs = ", ".join(f"{label} ({''.join(a.text for a in rows[label][0])})"
                     for label in open_rows if label not in agreed)
    return dict(certain, **agreed), f"{len(solutions)} splits satisfy the table's arithmetic; undecided: {runs}"


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
    if "本年制发件数" in compact or "现行有效件数" in compact:
        template = "2021"
    elif "本年新制作数量" in compact or "对外公开总数量" in compact:
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
        row_atoms = _fit(row_atoms, n)
        every = _readings(tuple(row_atoms), n, 2)
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
    template = "2021" if "逾期不补正" in compact else "2019"
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
        reading, reason = _solve(rows, _row_total_ok, lambda r: True)
        reason = "; ".join(filter(None, ["rows not found: " + ", ".join(missing), reason]))
        return _table("requests", template, specs, reading, reason, section)
    groups = _groups(specs)
    reading, reason = _solve(rows, _row_total_ok, lambda r: not requests_violations(r, groups))
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
    heads = list(_stem_pattern("总计").finditer(body))
    region = _cut_trailing_text(body[heads[-1].end():]) if heads else ""
    n = sum(len(s.columns) for s in specs)
    found = tuple(_fit(atoms(region), n))
    cells, reason = (_appeals_split if len(found) <= CACHED_ATOMS else _appeals_split.__wrapped__)(found, n)
    reading = {}
    if cells is not None:
        for k, spec in enumerate(specs):
            reading[spec.label] = cells[5 * k:5 * k + 5]
    return _table("appeals", "2019", specs, reading, reason, section)


@lru_cache(maxsize=1 << 12)
def _appeals_split(found: tuple[_Atom, ...], n: int) -> tuple[tuple[str, ...] | None, str | None]:
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

# total row → (prefix of its 其中 rows, whether they are exhaustive: = rather than ≥)
_STAT_PARTS = {
    "主动公开信息数": ("主动公开/", False),
    "受理依申请公开信息总数": ("受理/", True),
    "对申请的答复数": ("答复/", False),
}


def _statistics(body: str, section: Section) -> Table:
    specs = _specs("statistics", "2008")
    found = _locate(body, specs)
    regions = _regions(body, found)
    rows = {spec.label: (atoms(regions[spec.label]), len(spec.columns)) for spec, _, _ in found}

    def row_ok(label: str, raws: tuple[str, ...]) -> bool:
        return _num(raws[1]) >= _num(raws[0])  # 历年累计 includes this year

    def table_ok(reading: Reading) -> bool:
        for total, (prefix, exhaustive) in _STAT_PARTS.items():
            parts = [label for label in reading if label.startswith(prefix)]
            if total in reading and parts:
                for i in range(2):
                    whole, summed = _num(reading[total][i]), sum(_num(reading[p][i]) for p in parts)
                    if (not math.isclose(whole, summed)) if exhaustive else whole < summed:
                        return False
        return True

    reading, reason = _solve(rows, row_ok, table_ok)
    return _table("statistics", "2008", specs, reading, reason, section)
