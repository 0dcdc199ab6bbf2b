"""Masks numbers, years and dates so sentences that differ only in their figures compare equal.

Works on a ``normalize.match_key`` string (full-width digits already folded to ASCII). Every
run of Arabic digits (with decimals, thousands separators and a trailing %) becomes ``#``;
Chinese numerals count as numbers only where they are used as one: before a measure word or
date unit (三个, 二十条, 二〇二一年, 十九届), after 第, and as list markers (（二）, 三是), so a
paragraph renumbered between years still compares equal. Numerals inside words (统一,
一窗通办, 进一步) stay.
"""
from __future__ import annotations

import re

MASK = "#"
_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
# Units after which a run of Chinese numerals is a quantity or a date part.
_UNITS = "个件条项次家人名篇期场批类户份届余多亿万元年月日号倍所座位支轮季"
_NUMBER = re.compile(
    rf"\d+(?:[.,:]\d+)*%?"
    rf"|第[{_CN_DIGITS}]+"
    rf"|(?<=[（(])[{_CN_DIGITS}]+(?=[)）])"
    rf"|(?<![{_CN_DIGITS}\u4e00-\u9fff])[{_CN_DIGITS}]+(?=是)"
    rf"|[{_CN_DIGITS}]+(?=[{_UNITS}])"
    rf"|百分之[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?"
)
_RUNS = re.compile(rf"{re.escape(MASK)}+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s{0,2}年)")


def mask_numbers(key: str) -> str:
    """``key`` with every number, year and date part replaced by one ``#``.

    >>> mask_numbers("2020年共公开信息1,234条,占95.5%,召开第三次会议")
    '#年共公开信息#条,占#,召开#次会议'
    >>> mask_numbers("(三)二是统一部署,一窗通办")
    '(#)#是统一部署,一窗通办'
    """
    return _RUNS.sub(MASK, _NUMBER.sub(MASK, key))


def year_mentions(text: str) -> list[tuple[int, int, int]]:
    """``(year, start, end)`` of every four-digit year written before 年 in ``text``.

    >>> year_mentions("2020年以来，2021年")
    [(2020, 0, 4), (2021, 8, 12)]
    """
    return [(int(m.group(1)), m.start(1), m.end(1)) for m in _YEAR.finditer(text)]
