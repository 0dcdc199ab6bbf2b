"""Word segmentation with jieba, through one tokenizer loaded with lexicons/userdict.txt.

jieba is imported lazily: its dictionary takes about a second to load, and commands that do
not need words (``show``, ``--help``) should not pay for it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import lexicons

_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The shared jieba Tokenizer with the disclosure vocabulary added."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word, *rest in lexicons.entries("userdict.txt"):
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tok.add_word(word, freq, rest[1] if len(rest) > 1 else None)
    return tok


@lru_cache(maxsize=100_000)
def _cut(sentence: str) -> tuple[str, ...]:
    return tuple(tokenizer().lcut(sentence, HMM=True))


def cut(text: str) -> list[str]:
    """Words of ``text`` (Simplified), cached per line because boilerplate repeats.

    >>> "依申请公开" in cut("本机关依申请公开工作")
    True
    """
    words: list[str] = []
    for line in text.split("\n"):
        words.extend(_cut(line))
    return words


def content_words(text: str) -> list[str]:
    """Words worth counting: no punctuation, digits or stopwords, at least two characters."""
    stop = set(lexicons.words("stopwords.txt"))
    return [w for w in cut(text) if len(w) >= 2 and _WORDLIKE.search(w) and w not in stop]
