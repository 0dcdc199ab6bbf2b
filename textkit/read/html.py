"""HTML page to plain text lines, with tables kept as rows of cells and offsets into the page.

Scripts, styles, navigation, headers, footers and forms are dropped here; the remaining page
chrome (breadcrumbs, share buttons, footers without markup) is cut by ``ingest`` like in text.
Tables become one line per row, cells joined by `` | `` (rowspan/colspan resolved). A table's
grid is capped (spans, columns, cells: see the constants) so a page of a few KB cannot ask for
millions of cells; a table the caps cut is named in the notes.

Pages are tokenised by a regex fast path when every tag is well formed (the pages portals
generate); anything else goes through the stdlib ``HTMLParser``. Both feed the same
``_Extractor`` with the same calls and offsets, so the result does not depend on the path.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from ..model import OffsetMap

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
         "button", "iframe", "svg", "template", "object", "head", "title"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "table", "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "center"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_CHROME_CLASS = re.compile(r"\b(nav|menu|header|footer|breadcrumb|share|toolbar|sidebar|login)\b", re.I)
_WS = re.compile(r"[ \t\u3000\xa0]+")
MAX_DEPTH = 400
# Caps on one table's grid: a span, the columns, the grid positions. Real report tables use
# spans under 20, about 30 columns and at most a few thousand positions.
MAX_SPAN = 100
MAX_COLUMNS = 100
MAX_CELLS = 20_000

Attrs = list[tuple[str, str | None]]


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int, int, int]]] = []  # (text, source_offset, rowspan, colspan)
        self.cell: list[str] | None = None
        self.cell_pos = 0
        self.spans = (1, 1)
        self.cut: set[str] = set()  # which caps cut this table

    def grid(self) -> list[list[tuple[str, int]]]:
        """Resolve rowspan/colspan: a spanned cell's text fills every grid position it covers
        (within the caps; what they cut is recorded in ``cut``)."""
        grid: dict[tuple[int, int], tuple[str, int]] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for text, pos, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                if c >= MAX_COLUMNS:
                    self.cut.add(f"columns past {MAX_COLUMNS}")
                    break
                if max(rowspan, colspan) > MAX_SPAN:
                    self.cut.add(f"spans over {MAX_SPAN}")
                    rowspan, colspan = min(rowspan, MAX_SPAN), min(colspan, MAX_SPAN)
                if c + colspan > MAX_COLUMNS:
                    self.cut.add(f"columns past {MAX_COLUMNS}")
                    colspan = MAX_COLUMNS - c
                if len(grid) + rowspan * colspan > MAX_CELLS:
                    self.cut.add(f"cells past {MAX_CELLS}")
                    break
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid.setdefault((r + dr, c + dc), (text, pos))
                c += colspan
            if f"cells past {MAX_CELLS}" in self.cut:
                break
        last_col: dict[int, int] = {}  # row -> its rightmost filled column
        for r, c in grid:
            if c > last_col.get(r, -1):
                last_col[r] = c
        n_rows = max(last_col, default=-1) + 1
        out = [_filled(grid, r, last_col[r]) if r in last_col else [] for r in range(n_rows)]
        return [row for row in out if any(t for t, _ in row)]


def _filled(grid: dict[tuple[int, int], tuple[str, int]], r: int, last: int) -> list[tuple[str, int]]:
    """Row ``r`` of the grid up to column ``last``; a hole (a position no cell covers, as when
    a rowspan reaches past rows that hold fewer cells) is an empty cell at the offset of the
    cell before it, or after it at the row's start."""
    row: list[tuple[str, int]] = []
    for c in range(last + 1):
        cell = grid.get((r, c))
        if cell is None:
            pos = row[-1][1] if row else next(grid[(r, k)][1] for k in range(c, last + 1) if (r, k) in grid)
            cell = ("", pos)
        row.append(cell)
    return row


class _Extractor:
    """Turns tag and text events (with the page offset of each) into text pieces."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, int | None]] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}  # tag -> how many times it is on the stack
        self.tables: list[_Table] = []
        self.meta: dict[str, str] = {}
        self.notes: list[str] = []  # tables cut by the caps

    def start(self, tag: str, attrs: Attrs, pos: int) -> None:
        if tag == "meta":
            named = dict(attrs)
            if named.get("name") and named.get("content"):
                self.meta[str(named["name"])] = str(named["content"]).strip()
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._newline()
            return
        skip = tag in _SKIP or _chrome(attrs)
        if len(self.stack) >= MAX_DEPTH:
            return
        self.stack.append((tag, skip))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skip:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            t.cell, t.cell_pos = [], pos
            t.spans = (_int(attrs, "rowspan"), _int(attrs, "colspan"))
        elif tag in _BLOCK:
            self._newline()

    def end(self, tag: str) -> None:
        if tag in _VOID or not self.open.get(tag):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            self.open[open_tag] -= 1
            if skip:
                self.skip_depth -= 1
            if not self.skip_depth:
                self._close(open_tag)
            if open_tag == tag:
                break

    def cell(self, tag: str, attrs: Attrs, pos: int, text: str, text_pos: int) -> None:
        """``<td ...>text</td>``: what start, data and end do, in one call when nothing is
        skipped (the bulk of a table page)."""
        if self.skip_depth or not self.tables or len(self.stack) >= MAX_DEPTH or _chrome(attrs):
            self.start(tag, attrs, pos)
            self.data(text, text_pos)
            self.end(tag)
            return
        t = self.tables[-1]
        t.cell_pos, t.spans, t.cell = pos, (_int(attrs, "rowspan"), _int(attrs, "colspan")) if attrs else (1, 1), None
        if not t.rows:
            t.rows.append([])
        t.rows[-1].append((_WS.sub(" ", text).strip(), pos, *t.spans))

    def _close(self, tag: str) -> None:
        cell = self.tables[-1].cell if self.tables else None
        if tag in ("td", "th") and cell is not None:
            t = self.tables[-1]
            if not t.rows:
                t.rows.append([])
            text = _WS.sub(" ", "".join(cell)).strip()
            t.rows[-1].append((text, t.cell_pos, *t.spans))
            t.cell = None
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            grid = table.grid()
            if table.cut:
                at = table.rows[0][0][1] if table.rows and table.rows[0] else 0
                self.notes.append(f"a table at character {at} of the page was cut by the caps on tables "
                                  f"({', '.join(sorted(table.cut))}): what it held past them is not read")
            self._newline()
            for row in grid:
                for i, (text, pos) in enumerate(row):
                    if i:
                        self.pieces.append((" | ", None))
                    self.pieces.append((text, pos))
                self._newline()
        elif tag in _BLOCK:
            self._newline()

    def data(self, data: str, pos: int) -> None:
        if self.skip_depth or not data:
            return
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
            return
        if self.tables:
            return  # stray text between cells
        stripped = data.lstrip()
        if stripped:
            # Offsets inside a chunk stay exact up to the first collapsed whitespace run.
            text = _WS.sub(" ", stripped.replace("\n", " "))
            lead = len(data) - len(stripped)
            if lead:  # keep one space for the stripped whitespace, placed just before the text
                text = " " + text
            self.pieces.append((text, pos + max(lead - 1, 0)))

    def _newline(self) -> None:
        self.pieces.append(("\n", None))


def _chrome(attrs: Attrs) -> bool:
    """A class, id or role that names page chrome (nav, footer, share …)."""
    return bool(attrs) and bool(_CHROME_CLASS.search(" ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))))


class _Parser(HTMLParser):
    """The general path: the stdlib tokenizer, offsets from its line and column."""

    def __init__(self, source: str, sink: _Extractor) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.sink = sink

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[min(line - 1, len(self.line_starts) - 1)] + col

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.sink.start(tag, attrs, self._offset())

    def handle_endtag(self, tag: str) -> None:
        self.sink.end(tag)

    def handle_data(self, data: str) -> None:
        self.sink.data(data, self._offset())


# --- the fast path: well-formed tags only, each read as HTMLParser reads it ------------------
# Whitespace inside tags is ASCII only, attributes are separated by it, and an unquoted value
# is followed by whitespace or ">": on anything else (a tag HTMLParser reads by its tolerance
# rules, <![CDATA[, an unclosed comment or script) the fast path gives up.
_S = "[ \t\n\r\f]"
_NAME = "[a-zA-Z][-.a-zA-Z0-9:_]*"
_VALUE = r"\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+(?=[ \t\n\r\f>])"
# on the attribute text of a matched tag, where an unquoted value may also end the text
_ATTR = re.compile(rf"({_NAME})(?:{_S}*={_S}*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+))?")
_START = re.compile(rf"<({_NAME})((?:{_S}+{_NAME}(?:{_S}*={_S}*(?:{_VALUE}))?)*){_S}*(/?)>")
_END = re.compile(rf"</({_NAME}){_S}*>")
# a table cell holding plain text: <td ...>text</td>
_CELL = re.compile(rf"<([tT][dDhH])((?:{_S}+{_NAME}(?:{_S}*={_S}*(?:{_VALUE}))?)*){_S}*>([^<]*)</([tT][dDhH]){_S}*>")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_COMMENT_CLOSE = re.compile(r"--\s*>")  # as _markupbase's
_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")  # as html.parser's endtagfind
_CDATA_CLOSE = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in HTMLParser.CDATA_CONTENT_ELEMENTS}


def _attrs(text: str) -> Attrs:
    """Attributes as HTMLParser gives them: names lowercased, quotes stripped, values unescaped."""
    out: Attrs = []
    for m in _ATTR.finditer(text):
        name, value = m.group(1), m.group(2)
        if value is not None and value[0] in "\"'":
            value = value[1:-1]
        out.append((name.lower(), unescape(value) if value else value))
    return out


def _fast(source: str, sink: _Extractor) -> bool:
    """Feed ``sink`` from ``source`` if every tag is well formed; False (sink half fed) if not."""
    pos, n = 0, len(source)
    while pos < n:
        if source[pos] != "<":
            lt = source.find("<", pos)
            lt = n if lt < 0 else lt
            sink.data(unescape(source[pos:lt]), pos)
            pos = lt
            continue
        nxt = source[pos + 1:pos + 2]
        if nxt in ("t", "T") and (cell := _CELL.match(source, pos)) and cell.group(4).lower() == cell.group(1).lower():
            tag, attrs, text = cell.group(1, 2, 3)
            sink.cell(tag.lower(), _attrs(attrs) if attrs else [], pos, unescape(text), cell.start(3))
            end = cell.end()
        elif nxt in _LETTERS:
            end = _start_tag(source, pos, sink)
        elif nxt == "/":
            m = _END.match(source, pos)
            end = -1 if m is None else m.end()
            if m is not None:
                sink.end(m.group(1).lower())
        elif source.startswith("<!--", pos):
            close = _COMMENT_CLOSE.search(source, pos + 4)
            end = -1 if close is None else close.end()
        elif source[pos:pos + 9].lower() == "<!doctype":
            end = source.find(">", pos + 9)
            end = -1 if end < 0 else end + 1
        elif nxt == "?":  # a processing instruction (<?xml:namespace …>) ends at the first ">"
            end = source.find(">", pos + 2)
            end = -1 if end < 0 else end + 1
        elif nxt and nxt != "!":  # a "<" that opens nothing is text of its own
            sink.data("<", pos)
            end = pos + 1
        else:
            end = -1
        if end < 0:
            return False
        pos = end
    return True


def _start_tag(source: str, pos: int, sink: _Extractor) -> int:
    """Read the start tag at ``pos`` (and a script or style body); its end, or -1."""
    m = _START.match(source, pos)
    if m is None:
        return -1
    tag, attrs = m.group(1).lower(), _attrs(m.group(2)) if m.group(2) else []
    sink.start(tag, attrs, pos)
    if m.group(3):  # <tag/>: HTMLParser's handle_startendtag
        sink.end(tag)
        return m.end()
    if tag not in _CDATA_CLOSE:
        return m.end()
    close = _CDATA_CLOSE[tag].search(source, m.end())
    named = _END_TAG.match(source, close.start()) if close else None
    if close is None or named is None or named.group(1).lower() != tag:
        return -1
    if close.start() > m.end():
        sink.data(source[m.end():close.start()], m.end())
    sink.end(tag)
    return close.end()


def _int(attrs: Attrs, name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = re.match(r"\s*(\d{1,9})", value)
            if digits:
                return max(1, int(digits.group(1)))
    return 1


def html_to_text(source: str) -> tuple[str, OffsetMap, dict[str, str], tuple[str, ...]]:
    """Visible text of an HTML page, one block per line, the map back into ``source``, the
    page's ``<meta name=... content=...>`` fields, and notes (tables cut by the caps)."""
    sink = _Extractor()
    if not _fast(source, sink):
        sink = _Extractor()
        parser = _Parser(source, sink)
        parser.feed(source)
        parser.close()
    return _assemble(sink)


def _assemble(sink: _Extractor) -> tuple[str, OffsetMap, dict[str, str], tuple[str, ...]]:
    while sink.stack:  # truncated page: close what is open so its tables are kept
        sink.end(sink.stack[-1][0])
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    length = 0
    for text, pos in sink.pieces:
        if text == "\n":
            if out and out[-1] != "\n":
                out.append("\n")
                length += 1
            continue
        if pos is not None:
            segments.append((length, pos, len(text)))
        out.append(text)
        length += len(text)
    lines = "".join(out)
    return lines, OffsetMap(tuple(segments)), sink.meta, tuple(sink.notes)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        head.count("<div") + head.count("<p>") + head.count("<table") >= 3)
