"""HTML page to plain text lines, with tables kept as rows of cells and offsets into the page.

Scripts, styles, navigation, headers, footers and forms are dropped here; the remaining page
chrome (breadcrumbs, share buttons, footers without markup) is cut by ``ingest`` like in text.
Tables become one line per row, cells joined by `` | `` (rowspan/colspan resolved).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .model import OffsetMap

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
         "button", "iframe", "svg", "template", "object", "head", "title"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "table", "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "center"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_CHROME_CLASS = re.compile(r"\b(nav|menu|header|footer|breadcrumb|share|toolbar|sidebar|login)\b", re.I)
_WS = re.compile(r"[ \t\u3000\xa0]+")
MAX_DEPTH = 400


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int, int, int]]] = []  # (text, source_offset, rowspan, colspan)
        self.cell: list[str] | None = None
        self.cell_pos = 0
        self.spans = (1, 1)

    def grid(self) -> list[list[tuple[str, int]]]:
        """Resolve rowspan/colspan: a spanned cell's text fills every grid position it covers."""
        grid: dict[tuple[int, int], tuple[str, int]] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for text, pos, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid.setdefault((r + dr, c + dc), (text, pos))
                c += colspan
        n_rows = max((r for r, _ in grid), default=-1) + 1
        out = []
        for r in range(n_rows):
            cols = sorted(c for rr, c in grid if rr == r)
            out.append([grid[(r, c)] for c in range(cols[-1] + 1)] if cols else [])
        return [row for row in out if any(t for t, _ in row)]


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.pieces: list[tuple[str, int | None]] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.tables: list[_Table] = []
        self.meta: dict[str, str] = {}

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[min(line - 1, len(self.line_starts) - 1)] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            named = dict(attrs)
            if named.get("name") and named.get("content"):
                self.meta[str(named["name"])] = str(named["content"]).strip()
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._newline()
            return
        attr = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skip = tag in _SKIP or bool(_CHROME_CLASS.search(attr))
        if len(self.stack) >= MAX_DEPTH:
            return
        self.stack.append((tag, skip))
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
            t.cell, t.cell_pos = [], self._offset()
            t.spans = (_int(attrs, "rowspan"), _int(attrs, "colspan"))
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if not self.skip_depth:
                self._close(open_tag)
            if open_tag == tag:
                break

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
            self._newline()
            for row in grid:
                for i, (text, pos) in enumerate(row):
                    if i:
                        self.pieces.append((" | ", None))
                    self.pieces.append((text, pos))
                self._newline()
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
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
            self.pieces.append((text, self._offset() + max(lead - 1, 0)))

    def _newline(self) -> None:
        self.pieces.append(("\n", None))


def _int(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = re.match(r"\s*(\d{1,3})", value)
            if digits:
                return max(1, min(int(digits.group(1)), 100))
    return 1


def html_to_text(source: str) -> tuple[str, OffsetMap, dict[str, str]]:
    """Visible text of an HTML page, one block per line, the map back into ``source``, and
    the page's ``<meta name=... content=...>`` fields."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    while parser.stack:  # truncated page: close what is open so its tables are kept
        parser.handle_endtag(parser.stack[-1][0])
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    length = 0
    for text, pos in parser.pieces:
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
    return lines, OffsetMap(tuple(segments)), parser.meta


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        head.count("<div") + head.count("<p>") + head.count("<table") >= 3)
