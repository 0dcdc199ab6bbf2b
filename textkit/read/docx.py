"""Text of a Word report (.docx, through python-docx): paragraphs in order, tables as rows.

Paragraphs come out one per line and each table row as ``| cell | cell |``, the form the table
parsers read; a cell merged across columns or rows is written once. The old binary formats
(.doc, .wps) are refused with how to convert them: no pure-Python reader of them is kept well
enough to trust with report tables.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

from ..errors import IngestError
from ..model import Extracted

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and WPS files are OLE containers
OLD_FORMATS = {".doc": "Word 97-2003 document (.doc)", ".wps": "WPS Office document (.wps)",
               ".dot": "Word 97-2003 template (.dot)"}
CONVERT = "convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`"


def is_docx(data: bytes) -> bool:
    """True for a zip archive holding ``word/document.xml`` (a .docx, whatever its name)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def old_word_problem(data: bytes, path: str) -> str | None:
    """Why an old binary Word/WPS file cannot be read, or None for any other file."""
    if not data.startswith(OLE_MAGIC):
        return None
    kind = OLD_FORMATS.get(PurePath(path).suffix.lower(), "old binary Office file (OLE: .doc/.wps/.xls)")
    return f"{kind} is an old binary format textkit does not read: {CONVERT}"


def read_docx(data: bytes, path: str) -> Extracted:
    """Paragraphs and table rows of the document body, in order. Raises ``IngestError`` for a
    damaged file."""
    import docx  # imported here: only Word files need it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines += list(_rows(block))
            elif block.text.strip():
                lines.append(block.text.strip())
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        raise IngestError(path, f"damaged Word file, cannot be read ({type(exc).__name__}: {exc})") from exc
    return Extracted("\n".join(lines), (), "docx")


def _rows(table: object) -> Iterator[str]:
    """``| a | b |`` per row: a merged cell once (python-docx repeats it in every grid column
    and row it covers), empty cells before the row's first text left out."""
    above: list[object] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells = row.cells
        texts, seen = [], set()
        for col, cell in enumerate(cells):
            tc = cell._tc
            if id(tc) in seen or (col < len(above) and above[col] is tc):
                continue
            seen.add(id(tc))
            texts.append(cell.text.replace("\n", "").strip())
        above = [c._tc for c in cells]
        while texts and not texts[0]:
            texts.pop(0)
        if any(texts):
            yield "| " + " | ".join(texts) + " |"
