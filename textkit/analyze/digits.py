"""The digit-run solver: the values printed in a table row, and the one way to read runs of digits as cells.

A row may arrive flattened into one run of digits ("693665"); every way to cut it into the
row's cells is enumerated, and a table's own arithmetic picks the one reading. When no reading
or more than one fits, the caller is told why: textkit never guesses.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from ..model import CellKind

# Beyond these counts a table is called unreadable rather than searched further.
MAX_SPLITS_PER_ROW = 20_000
MAX_READINGS = 200_000
# Rows of printed values are read once and remembered (most recur from report to report) when
# no longer than these: a region of so many characters, a row of so many atoms, with so many
# readings at most kept.
CACHED_REGION = 200
CACHED_ATOMS = 40
CACHED_READINGS = 16


# "1." before a row label is the label's own number, not a value: "…00000002.其他法律…".
_NUMBERING = re.compile(r"\d[.．、](?=\s*(?:[\u4e00-\u9fff“\"（(]|$))")
# A slash between two words is text (本年增/减), not a "/" cell.
_TEXT_SLASH = re.compile(r"(?<=[\u4e00-\u9fff])\s*[/／]\s*(?=[\u4e00-\u9fff])")
_ATOM = re.compile(r"-?\d+(?:\.\d+)?|[/／]|[—－–]+|-")
_VALID = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")

class Atom(NamedTuple):
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

def atoms(region: str) -> list[Atom]:
    """The values printed in a region, in order; each atom is one cell or a run of digits.

    >>> [a.text for a in atoms("（区分处理的）500000 5")]
    ['500000', '5']
    >>> [a.kind for a in atoms("| 3 | | / | — |")]
    ['num', 'blank', 'slash', 'dash']
    """
    return list(_atoms(region) if len(region) <= CACHED_REGION else _atoms.__wrapped__(region))


@lru_cache(maxsize=1 << 12)
def _atoms(region: str) -> tuple[Atom, ...]:
    """``atoms`` once per distinct region: rows of zeros and blanks repeat across reports."""
    region = _NUMBERING.sub(" ", _TEXT_SLASH.sub("", region))
    if "|" not in region:
        return tuple(_atom(t) for t in _ATOM.findall(region))
    out: list[Atom] = []
    pieces = region.split("|")
    for i, piece in enumerate(pieces):
        found = _ATOM.findall(piece)
        if found:
            out += [_atom(t) for t in found]
        elif 0 < i < len(pieces) - 1 and not piece.strip() and "\n" not in piece:
            out.append(Atom("", "blank"))  # an empty cell between two bars
    return tuple(out)


def fit(found: list[Atom], n: int) -> list[Atom]:
    """Drop padding blanks at the ends of a row that has more cells than its template."""
    found = list(found)
    while len(found) > n and found[-1].kind == "blank":
        found.pop()
    while len(found) > n and found[0].kind == "blank":
        found.pop(0)
    return found


_NUMBER_ATOM = re.compile(r"-?\d.*")


def _atom(text: str) -> Atom:
    if text in ("/", "／"):
        return Atom(text, "slash")
    if _NUMBER_ATOM.fullmatch(text):
        return Atom(text, "num")
    return Atom(text, "dash")


def splits(found: list[Atom], n: int,
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


def readings(found: tuple[Atom, ...], n: int, limit: int) -> tuple[tuple[str, ...], ...]:
    """The first ``limit`` of ``splits(found, n)``; from the remembered first readings of the
    row when there are no more than those or no more are asked for."""
    if len(found) <= CACHED_ATOMS:
        first = _first_readings(found, n)
        if len(first) <= CACHED_READINGS or limit <= len(first):
            return first[:limit]
    return tuple(itertools.islice(splits(list(found), n), limit))


@lru_cache(maxsize=1 << 12)
def _first_readings(found: tuple[Atom, ...], n: int) -> tuple[tuple[str, ...], ...]:
    return tuple(itertools.islice(splits(list(found), n), CACHED_READINGS + 1))

Reading = dict[str, tuple[str, ...]]


def solve(rows: dict[str, tuple[list[Atom], int]],
           row_ok: Callable[[str, tuple[str, ...]], bool],
           table_ok: Callable[[Reading], bool]) -> tuple[Reading, str | None]:
    """The one reading of the table, or the rows read with certainty and the reason why not.

    A row whose digits can be read only one way is read as printed even if the table then
    fails its arithmetic: that failure belongs to the report and the audit reports it.
    """
    choices: dict[str, Sequence[tuple[str, ...]]] = {}
    problems = []
    for label, (found, n) in rows.items():
        found = fit(found, n)
        every = readings(tuple(found), n, MAX_SPLITS_PER_ROW + 1)
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
