"""Text of a PDF report, page by page: the text layer through pypdfium2, ruled tables as rows.

A published report is a PDF whose text layer holds the printed lines in reading order. Each page
is read top to bottom; where a page draws a ruled table, the table comes out as one
``| cell | cell |`` row per printed row, the form the table parsers read, instead of the cells'
text line by line. The rulings are taken from the page's drawing with pdfium, pdfplumber's
table finder turns them into cells (merged cells included) and pdfium reads each cell's text:
pdfplumber never parses the page itself, which would cost ten times the rest. Pages are joined
by a form feed and the offset where each page starts is kept, so any later offset can be cited
as "page 3".

A PDF with no text layer (a scan) cannot be read without OCR, which textkit does not do: it is
refused by name, as are encrypted and broken files.
"""
from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import IngestError
from ..model import Extracted

if TYPE_CHECKING:
    import pypdfium2 as pdfium

MAGIC = b"%PDF-"
# A page draws at least this many straight rulings before it is searched for tables.
MIN_RULINGS = 8
# A ruled box is a table when this many of its rows have two filled cells or more; WPS and
# Word draw single-cell frames around prose, which stays prose.
MIN_TABLE_ROWS = 2
# Above this share of undecodable characters the text layer is garbage, not a report.
MAX_UNDECODABLE = 0.3
# A segment this close to horizontal or vertical (points) is a ruling; others are drawings.
STRAIGHT = 1.0
PAGE_BREAK = "\f"
# pdfplumber's table finder fed the rulings only (it would otherwise parse the page again).
_GRID = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}

Box = tuple[float, float, float, float]  # left, top, right, bottom, in points from the top left
Ruling = dict[str, Any]  # a pdfplumber line object


def is_pdf(data: bytes) -> bool:
    """True for the bytes of a PDF file (its header may follow a little junk, as readers allow)."""
    return MAGIC in data[:1024]


def read_pdf(data: bytes, path: str) -> Extracted:
    """The text of every page (pages joined by a form feed) and where each page starts.

    Raises ``IngestError`` naming the file for an encrypted, broken or scanned PDF.
    """
    import pypdfium2 as pdfium  # imported here: text and HTML reports never need it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError(path, _open_problem(str(exc))) from exc
    try:
        tables = _find_tables(data, document, path)
        pages, empty = [], []
        for i, page in enumerate(document):
            text = _page_text(page, tables.get(i, []))
            if not text.strip():
                empty.append(i + 1)
            pages.append(text)
    except pdfium.PdfiumError as exc:
        raise IngestError(path, f"broken PDF, a page cannot be read ({str(exc).rstrip('.')})") from exc
    finally:
        document.close()
    if not pages:
        raise IngestError(path, "PDF has no pages")
    if len(empty) == len(pages):
        raise IngestError(path, "scanned PDF, no text layer: OCR is not supported")
    if undecodable_share("".join(pages)) > MAX_UNDECODABLE:
        raise IngestError(path, "PDF text layer cannot be decoded (its fonts map glyphs to no characters): "
                                "OCR is not supported")
    starts, pos = [], 0
    for text in pages:
        starts.append(pos)
        pos += len(text) + len(PAGE_BREAK)
    notes: tuple[str, ...] = ()
    if empty:
        notes = (f"page{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))} of {len(pages)} "
                 "have no text layer (scanned?); their content is missing",)
    return Extracted(PAGE_BREAK.join(pages), tuple(starts), "pdf", notes)


def undecodable_share(text: str) -> float:
    """Share of the visible characters that are no character at all: private-use code points,
    replacement and control characters, what a font without a Unicode map extracts to.

    >>> undecodable_share("2023年报告"), undecodable_share("\ue001\ue002\ue003年")
    (0.0, 0.75)
    """
    visible = [c for c in text if not c.isspace()]
    bad = sum(1 for c in visible if "\ue000" <= c <= "\uf8ff" or c == "\ufffd" or ord(c) < 32)
    return bad / len(visible) if visible else 0.0


def _open_problem(message: str) -> str:
    if "password" in message.lower():
        return "encrypted PDF: it needs a password to open; save a copy without the password and read that"
    return f"broken PDF, cannot be opened ({message.rstrip('.')})"


def _rulings(page: pdfium.PdfPage) -> list[Ruling]:
    """The straight horizontal and vertical segments the page draws (rectangles' sides too),
    in pdfplumber's coordinates."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    x, y = ctypes.c_float(), ctypes.c_float()
    found: list[Ruling] = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        matrix = path.get_matrix()
        first = previous = None
        for i in range(pdfium_c.FPDFPath_CountSegments(path.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(path.raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = matrix.on_point(x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                found += _straight(previous, point, height)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                first = point
            previous = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and first is not None:
                found += _straight(point, first, height)
                previous = first
    return found


def _straight(a: tuple[float, float], b: tuple[float, float], height: float) -> list[Ruling]:
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) > STRAIGHT and abs(x0 - x1) > STRAIGHT:
        return []
    top, bottom = height - max(y0, y1), height - min(y0, y1)
    return [{"object_type": "line", "x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom,
             "width": abs(x1 - x0), "height": bottom - top}]


def _find_tables(data: bytes, document: pdfium.PdfDocument, path: str) -> dict[int, list[tuple[Box, list[str]]]]:
    """Ruled tables of each page (0-based): each one's box and its rows as ``|`` lines."""
    rulings = {i: found for i, page in enumerate(document) if len(found := _rulings(page)) >= MIN_RULINGS}
    if not rulings:
        return {}
    import pdfplumber  # imported here: only pages with rulings need it

    tables: dict[int, list[tuple[Box, list[str]]]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for i, lines in rulings.items():
                settings = _GRID | {"explicit_vertical_lines": lines, "explicit_horizontal_lines": lines}
                textpage, page = document[i].get_textpage(), plumber.pages[i]
                for table in page.find_tables(settings):
                    cells = [[None if box is None else _cell_text(textpage, box, page.height)
                              for box in row.cells] for row in table.rows]
                    rows = list(_rows(cells))
                    if sum(row.startswith("| ") for row in rows) >= MIN_TABLE_ROWS:
                        tables.setdefault(i, []).append((table.bbox, rows))
                textpage.close()
    except Exception as exc:  # pdfminer raises many kinds on odd files
        raise IngestError(path, f"tables of the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    return tables


def _cell_text(textpage: pdfium.PdfTextPage, box: Box, height: float) -> str:
    left, top, right, bottom = box
    return _lines(textpage.get_text_bounded(left=left, bottom=height - bottom, right=right, top=height - top))


def _rows(cells: list[list[str | None]]) -> Iterator[str]:
    """``| a | b |`` lines: a cell merged into its neighbour (None) is left out, as are the
    empty cells before a row's first text (the label column of a group printed above). A row
    of one cell (a block title, or prose in a ruled frame) is a plain line."""
    for row in cells:
        texts = [c.strip() for c in row if c is not None]
        while texts and not texts[0]:
            texts.pop(0)
        if sum(map(bool, texts)) == 1 and texts[0]:
            yield texts[0]  # its printed lines kept: a frame's prose wraps like any other
        elif texts:
            texts = [t.replace("\n", "") for t in texts]  # a cell's label wraps inside the cell
            yield "| " + " | ".join(texts) + " |"


def _page_text(page: pdfium.PdfPage, tables: list[tuple[Box, list[str]]]) -> str:
    """The page top to bottom: the text layer in the bands between tables, each table's rows."""
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        parts, top = [], 0.0
        for (_, t_top, _, t_bottom), rows in sorted(tables, key=lambda t: t[0][1]):
            parts.append(_band(textpage, width, height, top, t_top))
            printed = _band(textpage, width, height, t_top, t_bottom)
            # A cell the grid missed (a ruling not drawn) would lose its text: keep the lines.
            parts.append("\n".join(rows) if _letters(rows) == _letters([printed]) else printed)
            top = t_bottom
        parts.append(_band(textpage, width, height, top, height))
        return "\n".join(p for p in parts if p)
    finally:
        textpage.close()


def _letters(lines: list[str]) -> int:
    return sum(len(line) - sum(line.count(c) for c in " |\n\t") for line in lines)


def _band(textpage: pdfium.PdfTextPage, width: float, height: float, top: float, bottom: float) -> str:
    """Text between two heights (from the top) across the page; pdfium counts from the bottom."""
    if bottom - top < 1:
        return ""
    return _lines(textpage.get_text_bounded(left=0, bottom=height - bottom, right=width, top=height - top))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
