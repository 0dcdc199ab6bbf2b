"""Bytes or a path in, a cleaned ``Document`` out: decode (or take the text out of a PDF or Word
file), strip HTML and site chrome, read the header, find title, body, year and date, drop a
repeated body, detect the script.

This is the only module that touches file bytes.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from .. import lexicons
from ..errors import IngestError
from ..model import Document, Extracted, OffsetMap, ScriptInfo
from .decode import decode
from .docx import is_docx, old_word_problem, read_docx
from .headings import Heading, find_headings, heading_sequence
from .html import html_to_text, looks_like_html
from .identify import BODY_WORD, identify
from .layout import chain, fold_width, unwrap
from .metadata import TITLE, from_html_meta, parse_header, published_date
from .normalize import detect_script, script_counts, script_info, to_simplified
from .pdf import is_pdf, read_pdf

# Larger files are refused with a clear error: real reports are under 1 MB of text.
MAX_BYTES = 20 * 1024 * 1024
# The page's script is judged on its first characters.
SCRIPT_SAMPLE = 200_000
_CHROME_AFTER_TITLE = re.compile(
    r"\s*(?:来源[:：]\s?[^\s]{0,40}|时间[:：]\s?[\d\-: ]{0,20}|发布时间[:：]\s?[\d\-: ]{0,20}|"
    r"(?:浏览|阅读|点击)(?:次数|量)?[:：]?\s?\d{0,9}|字号[:：]?\s?[大中小 ]{0,6}|微信|微博|QQ空间|全真版|"
    r"文字版|文件下载|相关链接[:：]?|-->|【[^】\n]{0,8}】|打印|分享到[:：]?|\||\d{1,2}:\d{2}(?::\d{2})?)")


@dataclass(frozen=True)
class _Body:
    start: int
    end: int
    title_start: int | None
    title_end: int | None
    notes: tuple[str, ...]
    headings: int  # section headings found inside the body


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one report file. Only a regular file is read (a named pipe would block, a
    device never end), and never more than ``MAX_BYTES`` (counted as read: a size the file
    system reports can lie); anything else is an ``IngestError`` naming the file."""
    name = str(path)
    try:
        # Non-blocking open: opening a named pipe would otherwise wait for a writer.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise IngestError(name, f"cannot read file ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "rb") as f:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise IngestError(name, f"not a regular file ({file_kind(mode)}): not read")
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(name, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise IngestError(name, f"file is over the {MAX_BYTES // 2**20} MB limit for one report")
    return data


def file_kind(mode: int) -> str:
    """A file type in words, for errors about what is not a regular file."""
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def read(path: str | Path) -> Document:
    """Read one report file. Raises ``IngestError`` naming the file and the problem."""
    return from_bytes(read_bytes(path), str(path))


def from_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Build a Document from the raw bytes of a text, HTML, PDF or Word report (told apart by
    their content, whatever the file is called)."""
    if len(data) > MAX_BYTES:
        raise IngestError(path, f"input is {len(data) / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MB limit for one report")
    meta: dict[str, str] = {}
    extracted = _extract(data, path)
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    form: Literal["text", "html", "pdf", "docx"]
    if extracted is not None:
        source, encoding, form, pages = extracted.text, str(extracted.form), extracted.form, extracted.page_starts
        page, page_map, notes = source, OffsetMap.identity(len(source)), extracted.notes
    else:
        source, encoding, notes = decode(data, path)
        if looks_like_html(source):
            page, page_map, html_meta, html_notes = html_to_text(source)
            notes += html_notes
            meta = from_html_meta(html_meta)
            form = "html"
        else:
            page, page_map, form = source, OffsetMap.identity(len(source)), "text"
    if not page.strip():
        raise IngestError(path, "no visible text in the page")
    printed = unwrap(page)  # text pulled out of a PDF or Word file: print layout undone
    if printed.text != page:
        page, page_map = printed.text, chain(printed.source_map, page_map)
    page_counts = script_counts(page[:SCRIPT_SAMPLE])
    script = script_info(*page_counts, page[:SCRIPT_SAMPLE])
    analysis = fold_width(to_simplified(page, script))
    fields = {**meta, **parse_header(analysis)}
    body = _find_body(analysis, fields)
    text = page[body.start:body.end].strip()
    lead = len(page[body.start:body.end]) - len(page[body.start:body.end].lstrip())
    start = body.start + lead
    # Already Simplified: share the body string rather than hold an equal copy.
    analysis_text = text if analysis is page else analysis[start:start + len(text)]
    title = _one_line(page[body.title_start:body.title_end]) if body.title_start is not None else None
    title_analysis = _one_line(analysis[body.title_start:body.title_end]) if body.title_start is not None else ""
    header_title = fields.get("标题", "")
    if TITLE.fullmatch(header_title.strip()):
        title = title_analysis = header_title.strip()
    found = identify(title_analysis, header_title, fields, analysis_text, body.headings)
    if not found.is_report and title is None:
        title = found.other_title or (header_title or None)
    return Document(
        path=path, source_text=source, text=text, analysis_text=analysis_text,
        source_map=_compose(page_map, start, len(text)), encoding=encoding, form=form,
        metadata=fields, title=title, agency=found.agency, year=found.year, published=published_date(fields),
        is_report=found.is_report, script=_body_script(page, page_counts, body, text),
        notes=notes + body.notes + printed.notes, not_report_reason=found.not_report_reason,
        agency_source=found.agency_source, agency_evidence=found.agency_evidence, year_source=found.year_source,
        report_evidence=found.cues, pages=pages)


def _extract(data: bytes, path: str) -> Extracted | None:
    """The text of a PDF or Word file, None for text and HTML; old binary Word files refused."""
    if is_pdf(data):
        return read_pdf(data, path)
    if is_docx(data):
        return read_docx(data, path)
    problem = old_word_problem(data, path)
    if problem:
        raise IngestError(path, problem)
    return None


def _body_script(page: str, page_counts: tuple[int, int], body: _Body, text: str) -> ScriptInfo:
    """``detect_script(text)`` of the body, ``text`` = page[body.start:body.end].strip(): when the
    page was counted whole, the page's counts less those outside the body (strip removes no
    CJK character), which reads only the header and footer again."""
    if len(page) > SCRIPT_SAMPLE:
        return detect_script(text)
    before, after = script_counts(page[:body.start]), script_counts(page[body.end:])
    return script_info(page_counts[0] - before[0] - after[0], page_counts[1] - before[1] - after[1], text)


def _compose(page_map: OffsetMap, start: int, length: int) -> OffsetMap:
    """Map of the body (page[start:start+length]) straight into the decoded source."""
    segments = []
    for d_start, s_start, seg_len in page_map.segments:
        lo, hi = max(d_start, start), min(d_start + seg_len, start + length)
        if lo < hi:
            segments.append((lo - start, s_start + lo - d_start, hi - lo))
    return OffsetMap(tuple(segments))


def _find_body(analysis: str, fields: dict[str, str]) -> _Body:
    """Where the report body starts and ends on the page, and where its title is."""
    heads = heading_sequence(find_headings(analysis))
    first_head = heads[0].start if heads else len(analysis)
    titles = [m for m in TITLE.finditer(analysis, 0, first_head + 1) if not _IN_SENTENCE.match(analysis, m.end())]
    notes: list[str] = []
    header_end = _header_end(analysis[:first_head + 1])
    if titles:
        title = titles[-1]
        start, title_start, title_end = _skip_chrome(analysis, title.end()), _name_line(analysis, title.start()), title.end()
        start = max(start, header_end)
    else:
        start, title_start, title_end = header_end, None, None
    end = len(analysis)
    if heads:
        repeat = _repeat_start(analysis, heads[0])
        if repeat is not None:
            end = repeat
            notes.append(f"the page repeats the report body at character {repeat}; the copy was dropped")
        last_head = max((h.start for h in heads if h.start < end), default=start)
        end = _chrome_start(analysis, last_head, end)
    end = max(end, start)
    return _Body(start, end, title_start, title_end, tuple(notes), sum(start <= h.start < end for h in heads))


# A title is never followed by the rest of a sentence: 现公布XX2021年…年度报告。 cites the report.
_IN_SENTENCE = re.compile(r"[ \t]*[，。；、]")
# A title printed over two lines: the body's name alone on the line above 2024年…年度报告.
_NAME_LINE = re.compile(rf"[\u4e00-\u9fff（）()]{{2,30}}(?:{BODY_WORD})[ \t]*\n[ \t]*")


def _name_line(analysis: str, title_start: int) -> int:
    """Start of the title: the line above when the title names no body and that line is a name."""
    if not re.match(r"(?:19|20)\d\d", analysis[title_start:title_start + 4]):
        return title_start
    line_start = analysis.rfind("\n", 0, max(title_start - 1, 0)) + 1
    if 0 < title_start and _NAME_LINE.fullmatch(analysis, line_start, title_start):
        return line_start
    return title_start


def _one_line(title: str) -> str:
    """A title as one line (one printed over two lines is joined)."""
    return re.sub(r"[ \t]*\n[ \t]*", "", title.strip())


def _skip_chrome(analysis: str, pos: int) -> int:
    while True:
        m = _CHROME_AFTER_TITLE.match(analysis, pos)
        if not m or m.end() == pos:
            return pos
        pos = m.end()


_HEADER_LINE = re.compile(r"[ \t|]*(?:[^\n，。：:|]{1,12}[:：][^\n]{0,280}|={3,}[^\n]{0,40}|页面链接[^\n]{0,80})\n")


def _header_end(analysis: str) -> int:
    """End of the page's metadata header: the first lines that are ``key: value`` fields,
    crawler separators (==== 正文 ====) or breadcrumbs; 0 when the page has none."""
    pos = 0
    while m := _HEADER_LINE.match(analysis, pos):
        pos = m.end()
    return pos


def _repeat_start(analysis: str, first: Heading) -> int | None:
    """Start of a second copy of the body, when the page renders it twice."""
    head_start, head_end = first.start, first.end
    heading = re.escape(analysis[head_start:head_end].strip())
    for m in re.finditer(heading, analysis[head_end:]):
        second = head_end + m.start()
        one = _first_letters(analysis, head_start, second)
        if len(one) <= 200:
            continue
        two = _first_letters(analysis, second, len(analysis))
        if SequenceMatcher(None, one, two, autojunk=False).quick_ratio() > 0.8 \
                and SequenceMatcher(None, one[:600], two[:600], autojunk=False).ratio() > 0.6:
            return second
    return None


def _first_letters(text: str, start: int, end: int, n: int = 3000) -> str:
    """``_letters(text[start:end])[:n]``, reading no more of ``text`` than that needs: a page
    repeating its first heading thousands of times (a hostile table) was read to its end for each."""
    size = 2 * n
    while True:
        stop = min(end, start + size)
        found = _letters(text[start:stop])
        if len(found) >= n or stop == end:
            return found[:n]
        size *= 4


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)


_NOT_LETTER = re.compile(r"[^\u4e00-\u9fff\d]")


def _chrome_start(analysis: str, after: int, end: int) -> int:
    """The first chrome marker (lexicons/chrome.txt) after the last heading, or ``end``."""
    markers = lexicons.words("chrome.txt")
    hits = [p for p in (analysis.find(w, after, end) for w in markers) if p >= 0]
    return min(hits, default=end)
