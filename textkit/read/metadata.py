"""Reads what a page says about itself: header fields, title, reporting body, date.

Works on Simplified analysis text so that Traditional pages (索引號, 發布機構) read alike.
"""
from __future__ import annotations

import re
from datetime import date

_KEYS = ("索引号", "发布机构", "生成日期", "发布日期", "发布时间", "成文日期", "废止日期", "文号",
         "主题分类", "关键词", "来源", "原文链接", "标题", "栏目", "信息来源", "时间")
_KEY_RE = "|".join(r"\s?".join(k) for k in sorted(_KEYS, key=len, reverse=True))
_FIELD = re.compile(rf"(?P<key>{_KEY_RE})\s{{0,3}}[:：]\s{{0,3}}(?:\|\s{{0,3}})?(?P<value>[^|\n]{{0,120}}?)\s*(?=\||\n|$|(?:{_KEY_RE})\s?[:：])")
_HTML_META = {"ArticleTitle": "标题", "PubDate": "发布日期", "ContentSource": "来源", "Url": "原文链接"}
TITLE = re.compile(
    r"(?<![^\s|>】\]）)”。：:])[^\s，。：:|（）()“”《》、/_.\\=]{0,40}?(?:19|20)\d\d\s?年度?\s?[^\s，。|：:]{0,16}?(?:信息公开|政务公开)[^\s，。|：:]{0,8}?(?:年度报告|年报)"
    r"|[^\s，。：:|]{2,40}?(?:信息公开|政务公开)(?:工作)?年度报告[（(](?:19|20)\d\d年?度?[)）]")
NOT_REPORT_TITLE = re.compile(r"[^\s，。：:|]{0,30}?关于[^\n。]{2,60}?的(?:函|通知|意见|报告|请示|批复|方案)")
_DATE = re.compile(r"((?:19|20)\d\d)\s?[-年/.]\s?(\d{1,2})\s?[-月/.]\s?(\d{1,2})")
_AGENCY_SUFFIX = re.compile(r"(办公室|办公厅|政务公开办|信息中心|网站)$")


def parse_header(analysis: str, limit: int = 3000) -> dict[str, str]:
    """``key -> value`` pairs of the metadata header (also pipe-table headers), first value wins.

    >>> parse_header("| 索引号: | 000-2022 | 发布机构: | 政府办公室 |")
    {'索引号': '000-2022', '发布机构': '政府办公室'}
    """
    fields: dict[str, str] = {}
    for m in _FIELD.finditer(analysis[:limit]):
        key = re.sub(r"\s", "", m.group("key"))
        value = m.group("value").strip(" |\t")
        if re.fullmatch(rf"(?:{_KEY_RE})\s?[:：]?", value):
            value = ""
        fields.setdefault(key, value)
    return fields


def from_html_meta(meta: dict[str, str]) -> dict[str, str]:
    return {_HTML_META[k]: v for k, v in meta.items() if k in _HTML_META and v}


def parse_date(value: str | None) -> date | None:
    """First date in ``value`` (2022-01-28, 2022年1月28日, 2022/1/28), or None.

    >>> parse_date("时间：2022-02-08 16:34"), parse_date("无")
    (datetime.date(2022, 2, 8), None)
    """
    m = _DATE.search(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def published_date(fields: dict[str, str]) -> date | None:
    for key in ("发布日期", "发布时间", "生成日期", "成文日期", "时间"):
        found = parse_date(fields.get(key))
        if found:
            return found
    return None


def agency_from_title(title: str, publisher: str | None) -> str | None:
    """The reporting body: the title's text before the year, completed from 发布机构 when that
    names the same body more fully (青禾县 + 青禾县人民政府办公室 -> 青禾县人民政府)."""
    m = re.match(r"\s*(.*?)\s*(?:19|20)\d\d\s?年", title)
    name = m.group(1).strip() if m else ""
    if publisher:
        full = _AGENCY_SUFFIX.sub("", publisher.strip())
        if name and full == name + "人民政府":
            return full
        if not name and full:
            return full
    return name or None
