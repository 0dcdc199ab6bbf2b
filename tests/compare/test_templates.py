"""The cross-body template reduce (textkit.compare.templates) against the rule it implements, checked
by brute force on random corpora: a sentence that two or more bodies use cites another body's
occurrence, the closest in year, then the first in corpus order."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.config import Settings
from textkit.compare.near_pairs import Distinct
from textkit.compare.templates import Flat, find_templates

# Masked sentences far apart from each other (no near-identical pairs), one too short to count.
TEXTS = ["本机关全年主动公开政府信息若干条", "依申请公开办理情况总体平稳有序", "政策解读材料同步起草同步发布",
         "网站栏目整合优化工作持续推进中", "短句"]

reports_strategy = st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.integers(2018, 2022)),
                                      st.lists(st.integers(0, len(TEXTS) - 1), max_size=5)), min_size=1, max_size=12)


def _brute_force(reports: list[tuple[int, int | None, list[int]]], min_chars: int) -> list[tuple[int, int, int, float]]:
    flat = [(r, j, body, -1 if year is None else year, text)
            for r, (body, year, texts) in enumerate(reports) for j, text in enumerate(texts)]
    out = []
    for r, j, body, year, text in flat:
        users = {b for _, _, b, _, t in flat if t == text}
        others = [(abs(y - year), k) for k, (_, _, b, y, t) in enumerate(flat) if t == text and b != body]
        if len(TEXTS[text]) < min_chars or len(users) < 2 or not others:
            out.append((-1, -1, 0, 0.0))
            continue
        source = flat[min(others)[1]]
        out.append((source[0], source[1], len(users), 1.0))
    return out


@settings(max_examples=150, deadline=None)
@given(reports_strategy)
def test_templates_cite_the_closest_year_of_another_body(reports: list[tuple[int, int | None, list[int]]]) -> None:
    lengths = [len(texts) for _, _, texts in reports]
    flat = Flat(np.array([t for _, _, texts in reports for t in texts], dtype=np.int64),
                np.repeat(np.arange(len(reports)), lengths),
                np.repeat(np.array([-1 if y is None else y for _, y, _ in reports], dtype=np.int64), lengths),
                np.repeat(np.array([b for b, _, _ in reports], dtype=np.int64), lengths))
    found = find_templates(flat, Distinct.of(TEXTS), Settings())
    got = list(zip(found.report.tolist(), found.unit.tolist(), found.bodies.tolist(), found.similarity.tolist()))
    assert got == _brute_force(reports, Settings().min_chars)


def test_no_sentences_no_templates() -> None:
    empty = np.empty(0, dtype=np.int64)
    found = find_templates(Flat(empty, empty, empty, empty), Distinct.of([]), Settings())
    assert len(found.report) == 0
