"""The speed-ups of issue 7 return exactly what the simple code they replaced returned.

Each test keeps the replaced code as the reference and compares on every input it could see
(whole character ranges) or on many random inputs.
"""
from __future__ import annotations

import math
import pickle
import random
import re

import numpy as np
import pytest

from textkit import normalize
from textkit.boilerplate import CLEARLY_MORE_SIMILAR, _choose, char_ngram_counts
from textkit.sentences import _strip_trailing
from textkit.decode import _CONTROL
from textkit.followup import Weights, bigrams
from textkit.sentences import _CLOSE_TRAIL, _ENDS, _OPEN, MAX_BRACKET, _add, split
from textkit.tables import Cell, Table

CJK_BLOCK = [chr(code) for code in range(0x4E00, 0xA000)]


def test_script_classes_match_per_character_conversion() -> None:
    traditional, simplified = normalize._script_patterns()
    for char in CJK_BLOCK:
        cls = normalize._char_class(char)
        assert bool(traditional.fullmatch(char)) == (cls > 0), char
        assert bool(simplified.fullmatch(char)) == (cls < 0), char


def test_detect_script_counts_every_occurrence() -> None:
    text = "總體情況总体情况總結，政府信息公開" * 3
    info = normalize.detect_script(text)
    traditional = sum(text.count(c) for c in set(text) if normalize._char_class(c) > 0)
    simplified = sum(text.count(c) for c in set(text) if normalize._char_class(c) < 0)
    assert (info.traditional_chars, info.simplified_chars) == (traditional, simplified)


def test_control_characters_counted_as_before() -> None:
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    before = sum(1 for c in every if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    assert len(_CONTROL.findall(every)) == before == 29


def test_match_key_folds_like_two_passes() -> None:
    def before(text: str) -> str:
        folded = normalize._SPACE.sub("", text).translate(normalize._FULLWIDTH)
        return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in folded)

    every = "".join(chr(i) for i in range(0x30000) if not 0xD800 <= i < 0xE000)
    assert normalize.match_key(every) == before(every)
    assert normalize.match_key("（一） 加强，领导。２０２１年") == before("（一） 加强，领导。２０２１年")


def test_strip_trailing_is_the_trailing_pattern() -> None:
    pattern = re.compile(r"(?:方面|工作)?[。：:；;，,.\s]*$")
    rng = random.Random(7)
    alphabet = ["方面", "工作", "方", "作", "。", "：", ",", ".", " ", "\n", "\u3000", "加强", "x"]
    for _ in range(5000):
        label = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert _strip_trailing(label) == pattern.sub("", label), repr(label)


def _split_per_character(text: str, offset: int = 0, semicolons: bool = False) -> list[tuple[int, int]]:
    """sentences.split as first written: one step per character."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    start = 0
    i, n = 0, len(text)
    ends = _ENDS | ({"；", ";"} if semicolons else set())
    while i < n:
        c = text[i]
        if stack and i - stack[-1][1] > MAX_BRACKET:
            stack.clear()
        if c in _OPEN:
            stack.append((_OPEN[c], i))
        elif stack and c == stack[-1][0]:
            stack.pop()
        elif c == "\n" or (c in ends and not stack):
            end = i + 1 if c != "\n" else i
            while end < n and (text[end] in _ENDS or text[end] in _CLOSE_TRAIL):
                end += 1
            _add(text, start, end, spans)
            start = i = max(end, i + 1)
            stack.clear()
            continue
        i += 1
    _add(text, start, n, spans)
    return [(s + offset, e + offset) for s, e in spans]


def test_split_jumps_to_the_same_sentences() -> None:
    rng = random.Random(3)
    alphabet = list("《》“”（）()「」『』。！？!?；;\n”’ |\u3000中文") + ["x" * 40]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for semicolons in (False, True):
            assert split(text, 5, semicolons) == _split_per_character(text, 5, semicolons), repr(text)


def test_table_lookup_finds_the_first_cell_and_pickles_without_its_index() -> None:
    cells = (Cell("甲", "总计", "1", 1.0, "number"), Cell("乙", "总计", "0", 0.0, "zero"),
             Cell("甲", "总计", "9", 9.0, "number"))
    table = Table("requests", "2021", cells, True, None, 0, 10)
    assert table.cell("甲", "总计") is cells[0] and table.cell("丙", "总计") is None
    assert table.rows() == ("甲", "乙")
    copy = pickle.loads(pickle.dumps(table))
    assert copy == table and "_by_label" not in copy.__dict__ and copy.value("乙", "总计") == 0.0


def test_cell_pickled_before_slots_still_loads() -> None:
    cell = Cell("甲", "总计", "1", 1.0, "number")
    fresh = object.__new__(Cell)
    fresh.__setstate__({"row": "甲", "column": "总计", "raw": "1", "value": 1.0, "kind": "number"})
    assert fresh == cell == pickle.loads(pickle.dumps(cell))


def test_bigrams_and_weights_as_before() -> None:
    text = "一是加强政府信息公开平台建设，提升公开质量"
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", text[2:])
    assert list(bigrams(text)) == list(frozenset(cjk[i:i + 2] for i in range(len(cjk) - 1)))
    weights = Weights([])
    a, b = bigrams("加强政府信息公开平台建设"), bigrams("推进政府信息公开平台建设")

    def weight(g: str) -> float:
        return math.log((weights._n + 1) / (weights._df.get(g, 0) + 1)) + 1.0

    total = sum(weight(g) for g in a) + sum(weight(g) for g in b)
    assert weights.dice(a, b) == 2 * sum(weight(g) for g in a & b) / total
    assert weights.dice(a, bigrams("完全不同的内容")) == 0.0


def _best_one_at_a_time(cands: list[tuple[int, float, int, int]], year: int) -> int:
    """boilerplate._best as first written, on (column, similarity, rank, source year) tuples."""
    def earlier(y: int) -> bool:
        return year >= 0 and y >= 0 and y < year

    def distance(y: int) -> int:
        return abs(year - y) if year >= 0 and y >= 0 else 9999

    top = min((not earlier(c[3]), c[2]) for c in cands)
    ordered = sorted((c for c in cands if (not earlier(c[3]), c[2]) == top), key=lambda c: (distance(c[3]), -c[1]))
    best = ordered[0]
    for c in ordered[1:]:
        if c[1] > best[1] + CLEARLY_MORE_SIMILAR:
            best = c
    return best[0]


def test_choose_picks_what_one_at_a_time_picked() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(1, 30))
        query = np.sort(rng.integers(0, 4, n))
        column = rng.integers(0, 12, n)
        sims = [round(float(x), 4) for x in rng.choice([0.7, 0.75, 0.85, 0.9, 1.0], n)]
        rank = rng.integers(0, 3, n)
        q_year = np.array([[2021, 2022, -1, 2019][q] for q in query])
        c_year = rng.choice([-1, 2018, 2019, 2020, 2021, 2022], n)
        # one candidate per (query, column), listed by column as np.nonzero lists them
        seen, keep = set(), []
        for k in np.lexsort((column, query)):
            if (query[k], column[k]) not in seen:
                seen.add((query[k], column[k]))
                keep.append(k)
        idx = np.array(keep)
        chosen = _choose(query[idx], column[idx], [sims[k] for k in idx], rank[idx], q_year[idx], c_year[idx])
        for pos in chosen:
            q = query[idx][pos]
            cands = [(int(column[k]), sims[k], int(rank[k]), int(c_year[k])) for k in idx if query[k] == q]
            assert int(column[idx][pos]) == _best_one_at_a_time(cands, int(q_year[idx][pos]))


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_ngram_counts_do_not_depend_on_batching(batch: int) -> None:
    rng = random.Random(11)
    texts = ["".join(rng.choice("政府信息公开#年条,()") for _ in range(rng.randint(0, 30))) for _ in range(200)]
    whole, parts = char_ngram_counts(texts, batch=10_000), char_ngram_counts(texts, batch=batch)
    assert (whole != parts).nnz == 0 and (whole.indices == parts.indices).all()
