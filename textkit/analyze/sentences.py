"""Splits section text into sentences with spans.

A sentence ends at 。！？ (or ASCII !?), at ； when ``semicolons`` is set, or at a line end;
never inside 《》“”（）, so quoted titles and bracketed asides stay whole. ASCII ``.`` never ends
a sentence, so decimals (3.5), dates (2021.1.1) and markers (1.) are safe. Also which
sentences are prose (``narrative_sentences``), the unit that reuse and stale-year checks read.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from functools import lru_cache

from .. import lexicons
from ..model import NARRATIVE_KEYS, Document, Report, Section, Sentence

_ENDS = set("。！？!?")
_OPEN = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」", "『": "』"}
_CLOSE_TRAIL = set("”’）)」』》")
# Brackets left open longer than this are treated as unbalanced and stop protecting text.
MAX_BRACKET = 200
# Lines up to this long are split once and remembered; a longer one (a whole page on one line)
# would hardly recur and would only hold memory.
CACHED_LINE = 500


# The characters a line's split acts on; every other character only moves the scan along.
_SPECIAL = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + "".join(_ENDS)) + "]")
_SPECIAL_SEMICOLONS = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + "".join(_ENDS) + "；;") + "]")


def split(text: str, offset: int = 0, semicolons: bool = False) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text``, shifted by ``offset``.

    A line end always ends a sentence and nothing reaches across one, so each line is split
    on its own, once per distinct line: paragraphs and table rows recur from report to report.

    >>> t = "收到申请3.5件。《条例》规定：“公开为常态。”\\n下一步，我们将改进"
    >>> [t[s:e] for s, e in split(t)]
    ['收到申请3.5件。', '《条例》规定：“公开为常态。”', '下一步，我们将改进']
    """
    spans: list[tuple[int, int]] = []
    for line in text.split("\n"):
        scan = _split_line if len(line) <= CACHED_LINE else _split_line.__wrapped__
        spans += [(s + offset, e + offset) for s, e in scan(line, semicolons)]
        offset += len(line) + 1
    return spans


@lru_cache(maxsize=1 << 13)
def _split_line(text: str, semicolons: bool) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one line (no ``\\n`` in ``text``)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    start = 0
    n = len(text)
    ends = _ENDS | ({"；", ";"} if semicolons else set())
    special = _SPECIAL_SEMICOLONS if semicolons else _SPECIAL
    m = special.search(text)
    while m:
        i = m.start()
        c = text[i]
        # a bracket open too long stops protecting text (checked here rather than at every
        # character: nothing between two special characters touches the stack)
        if stack and i - stack[-1][1] > MAX_BRACKET:
            stack.clear()
        if c in _OPEN:
            stack.append((_OPEN[c], i))
        elif stack and c == stack[-1][0]:
            stack.pop()
        elif c in ends and not stack:
            end = i + 1
            while end < n and (text[end] in _ENDS or text[end] in _CLOSE_TRAIL):
                end += 1
            _add(text, start, end, spans)
            start = end
            m = special.search(text, start)
            continue
        m = special.search(text, i + 1)
    _add(text, start, n, spans)
    return tuple(spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start] in " \t\u3000|":
        start += 1
    while end > start and text[end - 1] in " \t\u3000|":
        end -= 1
    if end > start:
        spans.append((start, end))


def sentences(doc: Document, sections: tuple[Section, ...]) -> tuple[Sentence, ...]:
    """Sentences of every section body (headings excluded) and of the intro before section 一."""
    out: list[Sentence] = []
    first = sections[0].start if sections else len(doc.text)
    parts = [("intro", 0, first)] + [(s.key, s.body_start, s.end) for s in sections]
    for key, start, end in parts:
        for s, e in split(doc.text[start:end], start):
            out.append(Sentence(doc.text[s:e], s, e, key))
    return tuple(out)


def narrative_sentences(report: Report) -> list[Sentence]:
    """Prose sentences: the intro, narrative sections and, in the 2008 layout, every section but
    the statistics table (its 收费, 复议 parts are prose too, however short); in the other
    layouts, the prose sentences of the table sections too (本年度收到的申请均按时办结。 before
    or after table 三). Layout labels such as （一）主动公开。 are structure, not prose, and are
    left out."""
    if not report.ok or report.document is None:
        return []
    spans = [(s.body_start, s.end) for s in report.sections
             if s.narrative or s.key in NARRATIVE_KEYS or (report.layout == "2008" and s.key != "statistics")]
    mixed = [(s.body_start, s.end) for s in report.sections if s.key != "statistics"]
    analysis = report.document.analysis_text
    covered, in_mixed = _covered(spans), _covered(mixed)
    return [s for s in report.sentences
            if (s.section == "intro" or s.section in NARRATIVE_KEYS or covered(s.start)
                or (in_mixed(s.start) and is_prose(analysis[s.start:s.end])))
            and not is_layout_label(analysis[s.start:s.end])]


# A table row as text: cells between pipes, or three numbers in a row (a flattened table).
_TABLE_ROW = re.compile(r"[|｜]|\d+\s+\d+\s+\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A prose sentence in a table section has at least this many CJK characters.
MIN_PROSE_CJK = 8


def is_prose(sentence: str) -> bool:
    """A sentence of a table section that is prose, not a table row or label: it ends in 。！？,
    has MIN_PROSE_CJK Chinese characters or more, and no cell separators or number runs. (A
    table's span is no guide: it runs from the section heading, over any prose before it.)

    >>> is_prose("本年度收到的申请均在法定期限内办结。"), is_prose("| 行政许可 | 12 |"), is_prose("三、本年度办理结果")
    (True, False, False)
    """
    text = sentence.strip()
    return (text[-1:] in "。！？!?" and len(_CJK.findall(text)) >= MIN_PROSE_CJK
            and not _TABLE_ROW.search(text))


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """``pos -> any(a <= pos < b for a, b in spans)``; by bisection when the spans run in order
    without overlapping (as sections do): then only the last one starting at or before ``pos``
    can hold it."""
    if not all(a1 <= a2 and b1 <= a2 for (a1, b1), (a2, _) in itertools.pairwise(spans)):
        return lambda pos: any(a <= pos < b for a, b in spans)
    starts = [a for a, _ in spans]

    def covered(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i][1]
    return covered


_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]?\s*")


@lru_cache(maxsize=1 << 16)
def is_layout_label(sentence: str) -> bool:
    """True for a sub-heading fixed by the layout (lexicons/layout_labels.txt), e.g. （一）主动公开。

    >>> is_layout_label("（二）依申请公开。"), is_layout_label("（二）建立定期更新机制。")
    (True, False)
    """
    label = sentence.strip()
    marker = _MARKER.match(label)  # anchored: sub() would try every position of a long sentence
    return _strip_trailing(label[marker.end():] if marker else label) in _layout_labels()


_TRAILING_CHARS = frozenset("。：:；;，,.")


def _strip_trailing(label: str) -> str:
    r"""``label`` without trailing punctuation and whitespace and one 方面 or 工作 before them:
    what ``re.sub(r"(?:方面|工作)?[。：:；;，,.\s]*$", "", label)`` gives, without trying the
    pattern at every position.

    >>> _strip_trailing("主动公开工作。 "), _strip_trailing("工作方面，"), _strip_trailing("政策解读")
    ('主动公开', '工作', '政策解读')
    """
    end = len(label)
    while end and (label[end - 1] in _TRAILING_CHARS or label[end - 1].isspace()):
        end -= 1
    if end >= 2 and label[end - 2:end] in ("方面", "工作"):
        end -= 2
    return label[:end]


@lru_cache(maxsize=1)
def _layout_labels() -> frozenset[str]:
    return frozenset(lexicons.words("layout_labels.txt"))
