"""Traditional/Simplified detection and conversion (OpenCC), and matching keys.

Conversion for analysis keeps the text's length, so a span computed on the Simplified
analysis text addresses the original text too. Stored text keeps Chinese punctuation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..model import ScriptInfo

DisplayScript = Literal["simplified", "traditional", "hk", "tw"]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPENCC_CONFIG = {"simplified": "t2s", "traditional": "s2t", "hk": "s2hk", "tw": "s2tw"}
# Below this share of the other script a document counts as written in one script.
MIXED_THRESHOLD = 0.15


@lru_cache(maxsize=None)
def _converter(config: str):  # type: ignore[no-untyped-def]
    from opencc import OpenCC  # opencc-python-reimplemented

    return OpenCC(config)


@lru_cache(maxsize=65536)
def _char_class(char: str) -> int:
    """+1 if the character exists only in Traditional, -1 only in Simplified, 0 if shared."""
    if _converter("t2s").convert(char) != char:
        return 1
    if _converter("s2t").convert(char) != char:
        return -1
    return 0


_DICTIONARIES = ("TSCharacters.txt", "TSPhrases.txt", "STCharacters.txt", "STPhrases.txt")


def _dictionary_chars() -> list[str] | None:
    """Single CJK characters that OpenCC's t2s or s2t dictionaries convert (the only ones a
    one-character conversion can change), or None when the dictionaries are not where
    opencc-python-reimplemented keeps them."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    found: set[str] = set()
    for name in _DICTIONARIES:
        try:
            with open(folder / name, encoding="utf-8") as f:
                found.update(k for k in (line.split("\t", 1)[0] for line in f) if len(k) == 1 and _CJK.match(k))
        except OSError:
            return None
    return sorted(found)


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One character class of Traditional-only and one of Simplified-only CJK characters: a
    document is then counted in two C-level passes instead of one ``str.count`` per character."""
    chars = _dictionary_chars()
    if chars is None:
        chars = [chr(code) for code in range(0x4E00, 0xA000)]
    classes = [(c, _char_class(c)) for c in chars]
    traditional = "".join(c for c, cls in classes if cls > 0)
    simplified = "".join(c for c, cls in classes if cls < 0)
    return re.compile(f"[{traditional}]"), re.compile(f"[{simplified}]")


def detect_script(text: str) -> ScriptInfo:
    """Count script-specific characters and name the document's script.

    >>> detect_script("總體情況").kind, detect_script("总体情况").kind
    ('traditional', 'simplified')
    """
    return script_info(*script_counts(text), text)


def script_counts(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) characters of ``text``: the counts of the pieces of
    a text add up to the counts of the whole."""
    traditional_re, simplified_re = _script_patterns()
    return len(traditional_re.findall(text)), len(simplified_re.findall(text))


def script_info(traditional: int, simplified: int, text: str) -> ScriptInfo:
    """The script of ``text`` from its counts (``text`` is read only when both are 0)."""
    total = traditional + simplified
    if total == 0:
        kind: Literal["simplified", "traditional", "mixed", "none"] = "none" if not _CJK.search(text) else "simplified"
    elif traditional / total >= 1 - MIXED_THRESHOLD:
        kind = "traditional"
    elif traditional / total <= MIXED_THRESHOLD:
        kind = "simplified"
    else:
        kind = "mixed"
    return ScriptInfo(kind, traditional, simplified)


@lru_cache(maxsize=200_000)
def _convert_line(line: str, config: str) -> str:
    # OpenCC converts the runs between its separators (，。、 spaces …) one by one and keeps the
    # separators: converting each run on its own gives the same text, and runs recur in report
    # after report where whole lines do not.
    pieces = _converter(config).split_chars_re.split(line)
    converted = "".join(_convert_run(p, config) if i % 2 == 0 else p for i, p in enumerate(pieces))
    if len(converted) == len(line):
        return converted
    # A phrase changed length: fall back to character-wise conversion, which keeps offsets.
    out = []
    for char in line:
        c = _converter(config).convert(char)
        out.append(c if len(c) == 1 else char)
    return "".join(out)


# Runs up to this long are converted once and remembered.
CACHED_RUN = 200


def _convert_run(run: str, config: str) -> str:
    """One run of text without OpenCC separators, converted."""
    return _convert_short_run(run, config) if len(run) <= CACHED_RUN else _converter(config).convert(run)


@lru_cache(maxsize=1 << 15)
def _convert_short_run(run: str, config: str) -> str:
    return _converter(config).convert(run)


def to_simplified(text: str, script: ScriptInfo | None = None) -> str:
    """Simplified text of the same length as ``text`` (unchanged when already Simplified)."""
    script = script or detect_script(text)
    if script.kind in ("simplified", "none") and script.traditional_chars == 0:
        return text
    return "\n".join(_convert_line(line, "t2s") for line in text.split("\n"))


def to_display(text: str, script: DisplayScript) -> str:
    """Text converted for a reader: simplified, traditional, hk or tw (lengths may change)."""
    if script not in _OPENCC_CONFIG:
        raise ValueError(f"unknown script {script!r}: expected one of {sorted(_OPENCC_CONFIG)}")
    return "\n".join(_convert_line(line, _OPENCC_CONFIG[script]) for line in text.split("\n"))


_FULLWIDTH = {ord(a): ord(b) for a, b in zip("，。；：！？（）【】“”‘’、", ",.;:!?()[]\"\"'',")}
# ... and every other full-width ASCII form (！ to ～) to its ASCII character, in one table.
_MATCH_MAP = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, **_FULLWIDTH}
# The same as a list indexed by code point (a character past its end is kept): str.translate
# looks a list up in half the time of a dict.
_MATCH_TABLE = [_MATCH_MAP.get(code, code) for code in range(max(_MATCH_MAP) + 1)]


def match_key(text: str) -> str:
    """A key for comparing text: ASCII/full-width punctuation and whitespace variants folded.

    >>> match_key("（一） 加强，领导") == match_key("(一)加强,领导")
    True
    """
    return "".join(text.split()).translate(_MATCH_TABLE)  # split() drops what the regex \s matches
