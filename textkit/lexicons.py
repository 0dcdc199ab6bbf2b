"""Loads the data files in lexicons/ (headings, cue words, dictionaries), validated and cached.

Each file is TSV or one-entry-per-line text; lines starting with ``#`` are comments. A user
folder named by ``TEXTKIT_LEXICONS`` overrides packaged files of the same name.

The files live in the top-level lexicons/ folder of the checkout; the wheel ships that folder as
``textkit.lexicon_data``. Running from a checkout (the local textkit/ is then imported even when
a wheel is installed too) reads lexicons/ itself.
"""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError

PACKAGED = "textkit.lexicon_data"
CHECKOUT = Path(__file__).resolve().parent.parent / "lexicons"


def packaged_folder() -> Path:
    """The folder of textkit's own lexicons: lexicons/ beside the package in a checkout (or an
    editable install), else the wheel's ``textkit.lexicon_data``."""
    if (CHECKOUT / "headings.tsv").is_file():
        return CHECKOUT
    try:
        return Path(str(resources.files(PACKAGED)))
    except ModuleNotFoundError:
        raise LexiconError(f"no lexicons: neither {CHECKOUT} (a checkout) nor {PACKAGED} (an installed wheel) "
                           "exists; reinstall with `pip install .`") from None


def lexicon_path(name: str) -> Path:
    """Path of lexicon ``name``: the user override when present, else the packaged file."""
    override = os.environ.get("TEXTKIT_LEXICONS")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    packaged = packaged_folder() / name
    if not packaged.is_file():
        raise LexiconError(f"{name}: no such lexicon (looked in {packaged.parent})")
    return packaged


def _lines(name: str) -> list[tuple[int, str]]:
    text = lexicon_path(name).read_text(encoding="utf-8")
    return [(n, line.rstrip("\n")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def table(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV lexicon, each checked to have exactly ``columns`` fields."""
    rows = []
    for n, line in _lines(name):
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) != columns:
            raise LexiconError(f"{name}:{n}: expected {columns} columns, got {len(fields)}")
        if not all(fields):
            raise LexiconError(f"{name}:{n}: empty field")
        rows.append(fields)
    return tuple(rows)


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[tuple[str, ...], ...]:
    """Whitespace-separated fields of each entry of a one-per-line lexicon."""
    return tuple(tuple(line.split()) for _, line in _lines(name))


def words(name: str) -> tuple[str, ...]:
    """Entries of a one-per-line lexicon (the first field of each line)."""
    return tuple(fields[0] for fields in entries(name))


ALL = {
    "headings.tsv": 3,
    "chrome.txt": 0,
    "categories.tsv": 2,
    "stock_phrases.txt": 0,
    "action_words.txt": 0,
    "userdict.txt": 0,
    "stopwords.txt": 0,
    "layout_labels.txt": 0,
    "markers.tsv": 2,
    "table_labels.tsv": 5,
    "table_names.tsv": 4,
    "audit_cues.tsv": 3,
    "followup_words.tsv": 2,
}


def load_all() -> dict[str, int]:
    """Load and validate every packaged lexicon; returns entry counts (used by the wheel test)."""
    counts = {}
    for name, columns in ALL.items():
        counts[name] = len(table(name, columns) if columns else words(name))
    return counts
