"""Section 五 items, exactly: every report of the sample corpus gives its gold items (markers,
headlines, in order, and the year an item belongs to where the report covers two years)."""
from __future__ import annotations

import pytest

from conftest import sample_gold
from textkit.read.normalize import to_simplified

GOLD = [g for _, g in sample_gold() if g["is_report"]]
# Reports whose section 五 shape the parser does not read yet (issue 15): run-in sub-headings
# glued to their text, a lead-in whose tail became an item, the two-year 五.
NOT_YET = {
    "baisha-town/2017.txt": "run-in sub-headings （一）存在问题… （二）改进措施… glued to their text",
    "jinhe-justice/2022.txt": "the tail of the problem lead-in (和薄弱环节) comes out as an item",
    "jinhe-justice/2023.txt": "the two-year 五: last year's remedies and this year's problems",
}


def _norm(headline: str) -> str:
    return to_simplified(headline).strip().rstrip("，。；：,;:.")


def _marks(gold: dict, files: set[str] = set(NOT_YET)) -> list[pytest.MarkDecorator]:
    reason = NOT_YET.get(gold["file"]) if gold["file"] in files else None
    return [pytest.mark.xfail(strict=True, reason=f"issue 15: {reason}")] if reason else []


@pytest.mark.parametrize("gold", [pytest.param(g, marks=_marks(g), id=g["file"]) for g in GOLD])
def test_items_exact(sample_reports: dict, gold: dict) -> None:
    report = sample_reports[gold["file"]]
    for kind in ("problems", "improvements"):
        mine = [(to_simplified(i.marker), _norm(i.headline)) for i in getattr(report, kind)]
        want = [(to_simplified(x["marker"]), _norm(x["headline"])) for x in gold[kind]]
        assert mine == want, kind
        if any("year" in x for x in gold[kind]):
            assert [getattr(i, "year", None) for i in getattr(report, kind)] == [x.get("year", gold["year"]) for x in gold[kind]]


FRAGMENTED = {"jinhe-justice/2022.txt"}


@pytest.mark.parametrize("gold", [pytest.param(g, marks=_marks(g, FRAGMENTED), id=g["file"]) for g in GOLD])
def test_no_item_is_a_fragment(sample_reports: dict, gold: dict) -> None:
    """An item says something: its headline has at least four Chinese characters, and no item
    starts with a conjunction left over from a cut sentence (和, 与, 及)."""
    report = sample_reports[gold["file"]]
    for item in report.problems + report.improvements:
        head = to_simplified(item.headline)
        assert sum("\u4e00" <= c <= "\u9fff" for c in head) >= 4 and head[:1] not in "和与及", item.headline
