"""Untrusted text made safe to show: terminal escape sequences and control characters removed,
and file-name bytes that are not UTF-8 written as ``\\xNN`` (or kept exactly in JSON).

Report text, metadata and file names come from the input; on a terminal an escape sequence in
them could clear the screen, retitle the window or plant a hyperlink. The terminal renderer
passes everything it prints through ``plain`` (rich markup is off there, so brackets are text).
File names that are not valid UTF-8 reach Python as lone surrogates (``surrogateescape``),
which no UTF-8 output can hold: text outputs (CSV, HTML, tables) show them as ``\\xNN``
(``names_shown``), JSON as ``\\udcNN`` escapes, which read back to the exact name (``json_safe``).
"""
from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings (ended by BEL or
# ESC \), and two-byte escapes; then any C0/C1 control character left, except tab and newline.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def plain(value: object) -> str:
    """``value`` as text that prints as itself: no escape sequence, no control character
    (tab and newline kept), undecodable file-name bytes as ``\\xNN``."""
    text = "" if value is None else str(value)
    if _ESCAPE_SEQUENCE.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return names_shown(text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def names_shown(text: str) -> str:
    """``text`` with each lone surrogate (an undecodable file-name byte) written as ``\\xNN``."""
    return _SURROGATE.sub(lambda m: _escaped(m.group()), text) if _SURROGATE.search(text) else text


def json_safe(text: str) -> str:
    """JSON text with each lone surrogate written as its ``\\uXXXX`` escape: valid UTF-8, and
    ``json.loads`` gives back the exact name (``os.fsencode`` its bytes)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _SURROGATE.search(text) else text
