"""Splits section text into sentences with spans.

A sentence ends at 。！？ (or ASCII !?), at ； when ``semicolons`` is set, or at a line end;
never inside 《》“”（）, so quoted titles and bracketed asides stay whole. ASCII ``.`` never ends
a sentence, so decimals (3.5), dates (2021.1.1) and markers (1.) are safe.
"""
from __future__ import annotations

import re

from .model import Document, Section, Sentence

_ENDS = set("。！？!?")
_OPEN = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」", "『": "』"}
_CLOSE_TRAIL = set("”’）)」』》")
# Brackets left open longer than this are treated as unbalanced and stop protecting text.
MAX_BRACKET = 200


# The characters split() acts on; every other character only moves the scan along.
_SPECIAL = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + "".join(_ENDS) + "\n") + "]")
_SPECIAL_SEMICOLONS = re.compile("[" + re.escape("".join(_OPEN) + "".join(_OPEN.values()) + "".join(_ENDS) + "\n；;") + "]")


def split(text: str, offset: int = 0, semicolons: bool = False) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text``, shifted by ``offset``.

    >>> t = "收到申请3.5件。《条例》规定：“公开为常态。”\\n下一步，我们将改进"
    >>> [t[s:e] for s, e in split(t)]
    ['收到申请3.5件。', '《条例》规定：“公开为常态。”', '下一步，我们将改进']
    """
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
        elif c == "\n" or (c in ends and not stack):
            end = i + 1 if c != "\n" else i
            while end < n and (text[end] in _ENDS or text[end] in _CLOSE_TRAIL):
                end += 1
            _add(text, start, end, spans)
            start = max(end, i + 1)
            stack.clear()
            m = special.search(text, start)
            continue
        m = special.search(text, i + 1)
    _add(text, start, n, spans)
    return [(s + offset, e + offset) for s, e in spans]


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
