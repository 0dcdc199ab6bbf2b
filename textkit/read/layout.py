"""Undoes the print layout of text pulled out of PDFs and Word files, with offsets kept.

``unwrap`` drops form feeds, page numbers and running heads, joins lines a printed page wrapped
inside a sentence, and folds the spaces that extraction leaves between digits and their units
(``2024 年``) or inside numbers (``4 119``); every character it keeps maps back to the input.
``fold_width`` reads full-width digits and letters as ASCII without changing the length, for
the analysis text only (the text as written keeps ``２０２２年``).

Text that was not printed (web pages, paragraph-per-line files) has no fixed line width: no
line is joined and nothing but spaces between a digit and its unit is touched.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..model import OffsetMap

# Horizontal white space (not line breaks): ASCII, no-break and ideographic spaces.
_SPACE = "[ \t\u00a0\u3000]"
_PAGE_NUMBER = re.compile(
    rf"{_SPACE}*(?:[-—–]{_SPACE}*\d{{1,4}}{_SPACE}*[-—–]|第{_SPACE}*\d{{1,4}}{_SPACE}*页"
    rf"(?:{_SPACE}*[，,/]?{_SPACE}*共{_SPACE}*\d{{1,4}}{_SPACE}*页)?|\d{{1,4}}{_SPACE}*/{_SPACE}*\d{{1,4}}"
    rf"|[Pp]age{_SPACE}*\d{{1,4}}(?:{_SPACE}*of{_SPACE}*\d{{1,4}})?){_SPACE}*\r?")
_BARE_NUMBER = re.compile(rf"{_SPACE}*\d{{1,4}}{_SPACE}*\r?")
# Units a number is written against: 2024年, 12件, 3次, 41.2万元, 50%.
_UNITS = "年月日号件条个次项人家篇期批份万亿元天小时分秒届所宗起户名位%％"
_DIGIT_UNIT = re.compile(rf"(?<=\d){_SPACE}+(?=[{_UNITS}])|(?<=\d[年月]){_SPACE}+(?=\d{{1,2}}{_SPACE}*[月日])"
                         rf"|(?<=\d{_SPACE}[年月]){_SPACE}+(?=\d{{1,2}}{_SPACE}*[月日])")
_IDEOGRAPH = "\u4e00-\u9fff"
# In printed text: a number spaced from the words around it (申请 21 件, 拨打 12345 热线).
_TEXT_NUMBER = re.compile(
    rf"(?<=[{_IDEOGRAPH}]){_SPACE}+(?=\d+(?:\.\d+)?{_SPACE}*[{_IDEOGRAPH}%％])|(?<=\d){_SPACE}+(?=[{_IDEOGRAPH}])")
_PROSE = re.compile("[，。、；：]")
# In printed text only: spaces a justified line put around Chinese punctuation (号 ， 邮 编 ：).
_PUNCT_SPACE = re.compile(rf"{_SPACE}+(?=[，。；：、！？）》”])|(?<=[，。；：、！？（《“]){_SPACE}+(?=\S)")
_NUMBER_CELL = re.compile(rf"{_SPACE}*[\d.,%]+{_SPACE}*\r?")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?:\.\d+)?")
_GROUP_GAP = re.compile(r"\d[ \u00a0]\d{3}")
# A line starting like this opens a new block: a heading, an item, a table row label.
_BLOCK_START = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|[①-⑳]"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，、,]|(?:首先|其次|再次|最后)[，,]|附[件表:：]")
# A printed line ending here ends its sentence (or introduces a list): joined to the next only
# when it fills the line to within one character (a paragraph rarely ends exactly there).
_SENTENCE_END = "。！？!?：:"
# A printed page's full line holds at least 20 CJK characters (display width 40: a CJK
# character counts 2); narrower lines (headers, table cells) never decide the width.
MIN_WRAP_WIDTH = 40
# A wrapped line is at most this much narrower than the page's full line width.
WRAP_SLACK = 8
# The page's full width must account for this many lines, and this share of its long lines.
MIN_WRAPPED_LINES, MIN_WRAPPED_SHARE = 6, 0.3


@dataclass(frozen=True)
class Unwrapped:
    """The text with its print layout undone; ``source_map`` maps its offsets into the input."""

    text: str
    source_map: OffsetMap
    notes: tuple[str, ...] = ()


def unwrap(text: str) -> Unwrapped:
    r"""Drop page furniture, join wrapped lines, fold spaces around numbers; offsets kept.

    >>> page = "- 1 -\n" + "本报告由青禾县人民政府办公室依照《中华人民共和\n国政府信息公开条例》编制，数据统计至 2024 年\n底，现公布如下。\n" * 4
    >>> u = unwrap(page)
    >>> u.text.splitlines()[0]
    '本报告由青禾县人民政府办公室依照《中华人民共和国政府信息公开条例》编制，数据统计至2024年底，现公布如下。'
    >>> page[u.source_map.to_source(u.text.index("国"))]
    '国'
    """
    cut = _page_furniture(fold_width(text))
    text1, map1 = _delete(text, cut.spans)
    folded1 = fold_width(text1)
    width = _full_width(folded1)
    joined = _joins(folded1, width) if width else _Cut((), ())
    text2, map2 = _delete(text1, joined.spans)
    folded2 = fold_width(text2)
    spaced = _spaces(folded2, printed=width is not None)
    text3, map3 = _delete(text2, spaced.spans)
    notes = tuple(n for step in (cut, joined, spaced) for n in step.notes)
    return Unwrapped(text3, chain(map3, chain(map2, map1)), notes)


def fold_width(text: str) -> str:
    """Full-width digits and letters read as ASCII (and ``．－／`` between digits as ``.-/``);
    same length, Chinese punctuation kept.

    >>> fold_width("２０２３－０１－１７收到ＡＢ类申请１２．５件，（一）")
    '2023-01-17收到AB类申请12.5件，（一）'
    """
    if not _WIDE_ALNUM.search(text):
        return text
    out = text.translate(_WIDE_TABLE)
    return _WIDE_JOINER.sub(lambda m: _JOINERS[m.group()], out)


_WIDE_TABLE = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_WIDE_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Between two digits, a full-width point, hyphen or slash is part of the number or date.
_JOINERS = {"．": ".", "－": "-", "／": "/"}
_WIDE_JOINER = re.compile(r"(?<=\d)[．－／](?=\d)")


def chain(first: OffsetMap, then: OffsetMap) -> OffsetMap:
    """The map of ``first`` followed by ``then``: offsets of a text derived twice, into the original.

    >>> chain(OffsetMap(((0, 2, 3),)), OffsetMap(((0, 0, 2), (2, 5, 10)))).segments
    ((0, 5, 3),)
    """
    out: list[tuple[int, int, int]] = []
    starts = [t[0] for t in then.segments]
    for d_start, s_start, length in first.segments:
        pos, end = s_start, s_start + length
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        while i < len(starts) and starts[i] < end:
            t_start, o_start, t_len = then.segments[i]
            lo, hi = max(pos, t_start), min(end, t_start + t_len)
            if lo < hi:
                out.append((d_start + lo - s_start, o_start + lo - t_start, hi - lo))
            i += 1
    return OffsetMap(tuple(_merge(out)))


def display_width(line: str) -> int:
    """Printed width of a line: wide characters (CJK, full-width forms) count 2, others 1.

    >>> display_width("2023 年，")
    9
    """
    return 2 * len(line) - len(_NARROW.findall(line))  # the narrow ones: few in Chinese text


# Characters that are not East Asian wide or full-width (Unicode east_asian_width W or F).
_NARROW = re.compile("[^\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                     "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


@dataclass(frozen=True)
class _Cut:
    spans: tuple[tuple[int, int], ...]  # (start, end) to delete, sorted, not overlapping
    notes: tuple[str, ...]


def _delete(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, OffsetMap]:
    pieces, segments, pos, out_len = [], [], 0, 0
    for start, end in spans:
        if start > pos:
            pieces.append(text[pos:start])
            segments.append((out_len, pos, start - pos))
            out_len += start - pos
        pos = max(pos, end)
    if pos < len(text) or not segments:
        pieces.append(text[pos:])
        segments.append((out_len, pos, len(text) - pos))
    return "".join(pieces), OffsetMap(tuple(segments))


def _merge(segments: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for seg in segments:
        if merged and merged[-1][0] + merged[-1][2] == seg[0] and merged[-1][1] + merged[-1][2] == seg[1]:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + seg[2])
        else:
            merged.append(seg)
    return merged


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the line break excluded; form feeds also end a line."""
    spans, start = [], 0
    for brk in _BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return spans


_BREAK = re.compile("[\n\x0c]")


def _page_furniture(text: str) -> _Cut:
    """Form feeds, page numbers and running heads/footers, with the blank lines around them.

    A page break is a form feed or a line that is only a page number (``- 2 -``, ``第2页``,
    ``2/5``); a bare number counts only next to a form feed. A running head is a line found at
    the top (or bottom) of at least half the pages, on two or more; the first page's top is
    kept, since that is where the title stands.
    """
    lines = _lines(text)
    content = [text[s:e] for s, e in lines]
    feeds = [m.start() for m in re.finditer("\x0c", text)]
    if not feeds and not any(_PAGE_NUMBER.fullmatch(c) for c in content):
        return _Cut((), ())
    after_feed = {i for i, (s, _) in enumerate(lines) if s > 0 and text[s - 1] == "\x0c"}
    before_feed = {i for i, (_, e) in enumerate(lines) if e < len(text) and text[e] == "\x0c"}
    page_mark = [bool(_PAGE_NUMBER.fullmatch(c)) or ((i in after_feed or i in before_feed) and bool(_BARE_NUMBER.fullmatch(c)))
                 for i, c in enumerate(content)]
    # Pages: runs of lines between breaks (a form feed, or a page-number line).
    pages: list[list[int]] = [[]]
    for i, c in enumerate(content):
        if i in after_feed and pages[-1]:
            pages.append([])
        if page_mark[i]:
            if pages[-1]:
                pages.append([])
            continue
        if c.strip():
            pages[-1].append(i)
    pages = [p for p in pages if p]
    heads = _running_heads(content, pages)
    drop = [page_mark[i] or i in heads for i in range(len(lines))]
    furniture = [drop[i] or not content[i].strip() for i in range(len(lines))]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not furniture[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and furniture[j]:
            j += 1
        # Lines i..j-1 are blank or furniture: from the end of the line before them to the start
        # of the line after them, keep a single break (a form feed when no line break is there).
        start = lines[i - 1][1] if i else 0
        end = lines[j][0] if j < len(lines) else len(text)
        between = text[start:end]
        if any(drop[i:j]) or "\x0c" in between:
            keep = between.find("\n") if "\n" in between else between.find("\x0c")
            if i == 0 or j == len(lines) or keep < 0:
                spans.append((start, end))
            else:
                spans += [(start, start + keep), (start + keep + 1, end)]
        i = j
    notes = []
    if marks := sum(page_mark):
        notes.append(f"dropped {marks} page numbers")
    if feeds:
        notes.append(f"dropped {len(feeds)} form feeds")
    if heads:
        head = content[min(heads)].strip()
        notes.append(f"dropped a running head or footer repeated on {len(heads)} pages: {head[:30]}")
    return _Cut(_union(spans), tuple(notes))


def _running_heads(content: list[str], pages: list[list[int]]) -> set[int]:
    if len(pages) < 2:
        return set()
    found: set[int] = set()
    for edge in (0, -1):
        keys = Counter(_head_key(content[p[edge]]) for p in pages)
        for key, count in keys.items():
            if key and count >= 2 and count * 2 >= len(pages) and len(key) <= 60:
                found.update(p[edge] for n, p in enumerate(pages)
                             if _head_key(content[p[edge]]) == key and not (n == 0 and edge == 0))
    return found


def _head_key(line: str) -> str:
    """The line with its digits masked (第3页 repeats as 第#页); empty for a line of fewer than
    two letters, which no running head is (a table cell ending a page)."""
    key = re.sub(r"\d+", "#", re.sub(r"\s", "", line))
    return key if len(re.sub(r"[#\W]", "", key)) >= 2 else ""


def _union(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _full_width(text: str) -> int | None:
    """The page's full line width when ``text`` was wrapped at one (a printed page), else None.

    Printed lines that run on fill the line; paragraph-per-line text has no common width.
    """
    lines = [line for line in (text[s:e].rstrip() for s, e in _lines(text)) if "|" not in line]
    # A line is at most twice as wide as it is long: shorter ones need not be measured.
    widths = {line: display_width(line) for line in lines if 2 * len(line) >= MIN_WRAP_WIDTH - WRAP_SLACK}
    long = sorted(w for line in lines if (w := widths.get(line, 0)) >= MIN_WRAP_WIDTH)
    if len(long) < MIN_WRAPPED_LINES:
        return None
    # The most common width band among the long lines, read from its top.
    best, best_count = 0, 0
    for top in set(long):
        count = bisect.bisect_right(long, top) - bisect.bisect_left(long, top - WRAP_SLACK)
        if count > best_count or (count == best_count and top > best):
            best, best_count = top, count
    if best_count < MIN_WRAPPED_LINES or best_count < MIN_WRAPPED_SHARE * len(long):
        return None
    # No printed line runs past the page's width; paragraph-per-line text has many that do.
    if sum(w > best + 2 * WRAP_SLACK for w in long) * 10 > len(long):
        return None
    # Printed lines run on: most full lines are prose stopped mid-sentence (not headings, not
    # titles, not header fields).
    band = [line for line in lines if best - WRAP_SLACK <= widths.get(line, 0) <= best]
    if sum(line[-1] not in _SENTENCE_END for line in band) * 2 < len(band) \
            or sum(bool(_PROSE.search(line)) for line in band) * 2 < len(band):
        return None
    return best


def _joins(text: str, width: int) -> _Cut:
    """Line breaks inside a sentence: the line fills the page width, does not end a sentence,
    and the next line does not open a heading, an item or a table row."""
    lines = _lines(text)
    spans = []
    for (s, e), (ns, ne) in zip(lines, lines[1:]):
        if ns == 0 or text[ns - 1] not in "\n\x0c":
            continue
        line, following = text[s:e].rstrip(" \t\r\u00a0"), text[ns:ne]
        if not line or not following.strip() or display_width(line) < width - WRAP_SLACK \
                or "|" in line or "|" in following or _NUMBER_CELL.fullmatch(following):
            continue
        if (line[-1] in _SENTENCE_END and display_width(line) < width - 2) or following[0] in " \t\u3000" \
                or _BLOCK_START.match(following):
            continue
        if line[-1].isdigit() and following[0].isdigit():
            continue  # two numbers, maybe two table cells: never glued
        cut_from = s + len(line)
        if line[-1].isascii() and line[-1].isalnum() and following[0].isascii() and following[0].isalnum() \
                and text[cut_from] == " ":
            cut_from += 1  # keep one space between two Latin words
        spans.append((cut_from, ns))
    notes = (f"joined {len(spans)} lines wrapped at a printed width of {width // 2} characters",) if spans else ()
    return _Cut(tuple(spans), notes)


def _digit_unit_spaces(text: str) -> list[tuple[int, int]]:
    """The spans of ``_DIGIT_UNIT.finditer(text)``, found faster: every such span is a whole run
    of spaces after a digit, 年 or 月 (what precedes and follows it is never a space), so only
    those runs are tried, rather than the pattern's look-behinds at every position."""
    return [(m.start(1), m.end()) for m in _SPACE_AFTER.finditer(text) if _DIGIT_UNIT.match(text, m.start(1))]


_SPACE_AFTER = re.compile(rf"[\d年月]({_SPACE}+)")


def _spaces(text: str, printed: bool) -> _Cut:
    """Spaces between a number and its unit (2024 年), inside a number a one-cell-per-line
    table grouped by thousands (4 119), and, in the prose lines of printed text, between a
    number and the words around it (申请 21 件) and around Chinese punctuation. A space between
    text and a number is otherwise kept: in flattened pages it separates a heading or a table
    cell from the next."""
    spans = _digit_unit_spaces(text)
    lines = _lines(text)
    if printed:
        for s, e in lines:
            if _PROSE.search(text, s, e):  # table rows (行政处罚 4119 行政强制 195) keep their spaces
                spans += [m.span() for m in _TEXT_NUMBER.finditer(text, s, e)]
        spans += [m.span() for m in _PUNCT_SPACE.finditer(text)]
    for k, (s, e) in enumerate(lines if _GROUP_GAP.search(text) else ()):  # no gap: no grouped number
        cell = text[s:e].strip()
        if not _GROUPED.fullmatch(cell):
            continue
        neighbours = [text[a:b].strip() for a, b in (lines[k - 1] if k else (0, 0), lines[k + 1] if k + 1 < len(lines) else (0, 0))]
        if all(n and not re.search(r"\s", n) for n in neighbours):
            lead = s + len(text[s:e]) - len(text[s:e].lstrip())
            spans += [(lead + m.start(), lead + m.end()) for m in re.finditer(r"[ \u00a0]", cell)]
    notes = (f"folded {len(spans)} spaces around numbers",) if spans else ()
    return _Cut(_union(spans), notes)
