"""Lays a paragraph-per-line report out the way text pulled out of its printed PDF comes back.

Used by the tests of textkit/read/layout.py and to make the sample corpus's PDF-text variant
(corpus/forms/qinghe-county-2024-pdftext.txt, from qinghe-county/2024.txt): lines wrapped at a
fixed printed width (mid-word, never inside a number or Latin word), a space put between a
number and the characters around it, numbers of table cells grouped by thousands, a running
head on top of every page but the first, ``- N -`` at the foot of every page and a form feed
between pages.
"""
from __future__ import annotations

import re
import unicodedata

_CJK_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%@:/-]+|.", re.S)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(line: str, columns: int) -> list[str]:
    """``line`` cut into printed lines of at most ``columns`` display columns."""
    out, current = [], ""
    for token in _UNBREAKABLE.findall(line):
        if current and width(current + token) > columns:
            out.append(current)
            current = token.lstrip(" ")
        else:
            current += token
    return out + [current] if current else out


def space_numbers(line: str) -> str:
    """``2024年`` -> ``2024 年``; a table cell ``1730`` -> ``1 730``."""
    if re.fullmatch(r"\d{4,}", line):
        head = len(line) % 3 or 3
        return " ".join([line[:head], *[line[i:i + 3] for i in range(head, len(line), 3)]])
    return _CJK_DIGITS.sub(" ", line)


def print_layout(lines: list[str], columns: int = 60, page_lines: int = 34, running_head: str | None = None,
                 title_lines: int = 0) -> str:
    """The printed form of ``lines`` (one paragraph, heading or table cell per line).

    The first ``title_lines`` lines are the title block of page 1, kept as they are.
    """
    printed = list(lines[:title_lines])
    for line in lines[title_lines:]:
        printed.extend(wrap(space_numbers(line), columns) or [""])
    pages, page = [], []
    for line in printed:
        page.append(line)
        if len(page) == page_lines:
            pages.append(page)
            page = [running_head] if running_head else []
    if page:
        pages.append(page)
    return "\x0c".join("\n".join(p) + f"\n- {n} -\n" for n, p in enumerate(pages, 1))
