"""The key words of a promise and whether a sentence names them (jieba words, lexicons/followup_words.tsv synonyms)."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import lexicons
from ..analyze.words import cut
from ..errors import LexiconError

_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


@cache
def word_lexicon() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """From followup_words.tsv: each word's row of `same` words, and the words never key
    (the `generic` rows and stopwords.txt)."""
    same: dict[str, tuple[str, ...]] = {}
    ignored = set(lexicons.words("stopwords.txt"))
    for role, field in lexicons.table("followup_words.tsv", 2):
        row = tuple(field.split())
        if role == "generic":
            ignored.update(row)
        elif role == "same":
            for word in row:
                if word in same:
                    raise LexiconError(f"followup_words.tsv: {word} is in two `same` rows; merge them")
                same[word] = row
        else:
            raise LexiconError(f"followup_words.tsv: unknown role {role!r} (expected same or generic)")
    return same, frozenset(ignored)


@lru_cache(maxsize=1 << 14)
def key_words(text: str) -> tuple[str, ...]:
    """Words of ``text`` that can identify a promise in a later report, in order: jieba words of
    two or more CJK characters that are neither stopwords nor generic (followup_words.tsv).

    >>> key_words("每年组织两次信息员培训，提高公开工作水平")
    ('每年', '组织', '两次', '信息员', '培训', '提高', '水平')
    """
    ignored = word_lexicon()[1]
    return tuple(dict.fromkeys(k for w in cut(text) if _CJK_WORD.fullmatch(w) for k in _content(w, ignored)))


def _content(word: str, ignored: frozenset[str]) -> tuple[str, ...]:
    """``word`` if it is not ignored; of a four-character compound with an ignored half (不断完善,
    继续加强), only the other half when that is not ignored."""
    if word in ignored:
        return ()
    if len(word) == 4 and (word[:2] in ignored or word[2:] in ignored):
        return tuple(h for h in (word[:2], word[2:]) if h not in ignored)
    return (word,)


def names(sentence: str, word: str) -> bool:
    """Whether ``sentence`` names ``word``: the word itself, a word of its `same` row, or both
    halves of a four-character compound whose halves are key words themselves (资金分配 →
    资金的分配; 继续加强 is not split, its halves being generic).

    >>> names("上半年和下半年各举办了1期信息员培训班", "组织")
    True
    >>> names("今年起资金的分配结果上网", "资金分配"), names("今年起资金按时拨付", "资金分配")
    (True, False)
    """
    whole, halves = forms(word)
    if any(w in sentence for w in whole):
        return True
    return bool(halves) and all(any(w in sentence for w in half) for half in halves)


@lru_cache(maxsize=1 << 14)
def forms(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The words that name ``word`` (itself and its `same` row) and, for a four-character
    compound whose halves are not ignored, those that name each half."""
    same, ignored = word_lexicon()
    halves = (word[:2], word[2:]) if len(word) == 4 and not {word[:2], word[2:]} & ignored else ()
    return same.get(word, (word,)), tuple(same.get(h, (h,)) for h in halves)
