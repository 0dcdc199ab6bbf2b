"""The speed-ups (issue 7, then the per-report steps) return exactly what the simple code they
replaced returned.

Each test keeps the replaced code as the reference and compares on every input it could see
(whole character ranges) or on many random inputs.
"""
from __future__ import annotations

import itertools
import math
import pickle
import random
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from textkit.analyze import digits, extract, markers
from textkit.audit import arithmetic, claims
from textkit.audit.evidence import cues
from textkit.read import headings, normalize
from textkit.read import html as html_text

from textkit import lexicons
from textkit.read import decode as decode_module
from textkit.analyze import sentences as sentences_module
from textkit.compare.boilerplate import CLEARLY_MORE_SIMILAR, _choose
from textkit.compare.vectors import char_ngram_counts
from textkit.read.decode import _CONTROL, decode
from textkit.compare.similarity import Weights, bigrams
from textkit.read.ingest import from_bytes
from textkit.analyze.sentences import (
    _CLOSE_TRAIL,
    _ENDS,
    _OPEN,
    MAX_BRACKET,
    _add,
    _strip_trailing,
    split,
)
from textkit.analyze.tables import (
    CARRIED,
    DISCLOSED,
    NEW,
    NEXT,
    PARTLY,
    REQUEST_COLUMNS,
    RESULT_GROUPS,
    TOTAL,
)
from textkit.analyze.digits import cell_kind
from textkit.model import Cell, Report, Table

CJK_BLOCK = [chr(code) for code in range(0x4E00, 0xA000)]


def test_script_classes_match_per_character_conversion() -> None:
    traditional, simplified = normalize._script_patterns()
    for char in CJK_BLOCK:
        cls = normalize._char_class(char)
        assert bool(traditional.fullmatch(char)) == (cls > 0), char
        assert bool(simplified.fullmatch(char)) == (cls < 0), char


def test_detect_script_counts_every_occurrence() -> None:
    text = "總體情況总体情况總結，政府信息公開" * 3
    info = normalize.detect_script(text)
    traditional = sum(text.count(c) for c in set(text) if normalize._char_class(c) > 0)
    simplified = sum(text.count(c) for c in set(text) if normalize._char_class(c) < 0)
    assert (info.traditional_chars, info.simplified_chars) == (traditional, simplified)


def test_control_characters_counted_as_before() -> None:
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    before = sum(1 for c in every if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    assert len(_CONTROL.findall(every)) == before == 29


def test_match_key_folds_like_two_passes() -> None:
    def before(text: str) -> str:
        folded = re.sub(r"\s+", "", text).translate(normalize._FULLWIDTH)
        return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in folded)

    every = "".join(chr(i) for i in range(0x30000) if not 0xD800 <= i < 0xE000)
    assert normalize.match_key(every) == before(every)
    assert normalize.match_key("（一） 加强，领导。２０２１年") == before("（一） 加强，领导。２０２１年")


def test_strip_trailing_is_the_trailing_pattern() -> None:
    pattern = re.compile(r"(?:方面|工作)?[。：:；;，,.\s]*$")
    rng = random.Random(7)
    alphabet = ["方面", "工作", "方", "作", "。", "：", ",", ".", " ", "\n", "\u3000", "加强", "x"]
    for _ in range(5000):
        label = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert _strip_trailing(label) == pattern.sub("", label), repr(label)


def _split_per_character(text: str, offset: int = 0, semicolons: bool = False) -> list[tuple[int, int]]:
    """sentences.split as first written: one step per character."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    start = 0
    i, n = 0, len(text)
    ends = _ENDS | ({"；", ";"} if semicolons else set())
    while i < n:
        c = text[i]
        if stack and i - stack[-1][1] > MAX_BRACKET:
            stack.clear()
        if c in _OPEN:
            stack.append((_OPEN[c], i))
        elif stack and c == stack[-1][0]:
            stack.pop()
        elif c == "\n" or (c in ends and not stack):
            end = i + 1 if c != "\n" else i
            while end < n and (text[end] in _ENDS or text[end] in _CLOSE_TRAIL):
                end += 1
            _add(text, start, end, spans)
            start = i = max(end, i + 1)
            stack.clear()
            continue
        i += 1
    _add(text, start, n, spans)
    return [(s + offset, e + offset) for s, e in spans]


def test_split_jumps_to_the_same_sentences() -> None:
    rng = random.Random(3)
    alphabet = list("《》“”（）()「」『』。！？!?；;\n”’ |\u3000中文") + ["x" * 40]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for semicolons in (False, True):
            assert split(text, 5, semicolons) == _split_per_character(text, 5, semicolons), repr(text)


def test_table_lookup_finds_the_first_cell_and_pickles_without_its_index() -> None:
    cells = (Cell("甲", "总计", "1", 1.0, "number"), Cell("乙", "总计", "0", 0.0, "zero"),
             Cell("甲", "总计", "9", 9.0, "number"))
    table = Table("requests", "2021", cells, True, None, 0, 10)
    assert table.cell("甲", "总计") is cells[0] and table.cell("丙", "总计") is None
    assert table.rows() == ("甲", "乙")
    copy = pickle.loads(pickle.dumps(table))
    assert copy == table and "_by_label" not in copy.__dict__ and copy.value("乙", "总计") == 0.0


def test_cell_pickled_before_slots_still_loads() -> None:
    cell = Cell("甲", "总计", "1", 1.0, "number")
    fresh = object.__new__(Cell)
    fresh.__setstate__({"row": "甲", "column": "总计", "raw": "1", "value": 1.0, "kind": "number"})
    assert fresh == cell == pickle.loads(pickle.dumps(cell))


def test_bigrams_and_weights_as_before() -> None:
    text = "一是加强政府信息公开平台建设，提升公开质量"
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", text[2:])
    assert list(bigrams(text)) == list(frozenset(cjk[i:i + 2] for i in range(len(cjk) - 1)))
    weights = Weights([])  # a body with no sentence: n counts as 1, no bigram has a document
    a, b = bigrams("加强政府信息公开平台建设"), bigrams("推进政府信息公开平台建设")

    def weight(g: str) -> float:
        return math.log((1 + 1) / (0 + 1)) + 1.0

    total = sum(weight(g) for g in a) + sum(weight(g) for g in b)
    assert weights.dice(a, b) == 2 * sum(weight(g) for g in a & b) / total
    assert weights.dice(a, bigrams("完全不同的内容")) == 0.0


def _best_one_at_a_time(cands: list[tuple[int, float, int, int]], year: int) -> int:
    """boilerplate._best as first written, on (column, similarity, rank, source year) tuples."""
    def earlier(y: int) -> bool:
        return year >= 0 and y >= 0 and y < year

    def distance(y: int) -> int:
        return abs(year - y) if year >= 0 and y >= 0 else 9999

    top = min((not earlier(c[3]), c[2]) for c in cands)
    ordered = sorted((c for c in cands if (not earlier(c[3]), c[2]) == top), key=lambda c: (distance(c[3]), -c[1]))
    best = ordered[0]
    for c in ordered[1:]:
        if c[1] > best[1] + CLEARLY_MORE_SIMILAR:
            best = c
    return best[0]


def test_choose_picks_what_one_at_a_time_picked() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(1, 30))
        query = np.sort(rng.integers(0, 4, n))
        column = rng.integers(0, 12, n)
        sims = [round(float(x), 4) for x in rng.choice([0.7, 0.75, 0.85, 0.9, 1.0], n)]
        rank = rng.integers(0, 3, n)
        q_year = np.array([[2021, 2022, -1, 2019][q] for q in query])
        c_year = rng.choice([-1, 2018, 2019, 2020, 2021, 2022], n)
        # one candidate per (query, column), listed by column as np.nonzero lists them
        seen, keep = set(), []
        for k in np.lexsort((column, query)):
            if (query[k], column[k]) not in seen:
                seen.add((query[k], column[k]))
                keep.append(k)
        idx = np.array(keep)
        chosen = _choose(query[idx], column[idx], [sims[k] for k in idx], rank[idx], q_year[idx], c_year[idx])
        for pos in chosen:
            q = query[idx][pos]
            cands = [(int(column[k]), sims[k], int(rank[k]), int(c_year[k])) for k in idx if query[k] == q]
            assert int(column[idx][pos]) == _best_one_at_a_time(cands, int(q_year[idx][pos]))


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_ngram_counts_do_not_depend_on_batching(batch: int) -> None:
    rng = random.Random(11)
    texts = ["".join(rng.choice("政府信息公开#年条,()") for _ in range(rng.randint(0, 30))) for _ in range(200)]
    whole, parts = char_ngram_counts(texts, batch=10_000), char_ngram_counts(texts, batch=batch)
    assert (whole != parts).nnz == 0 and (whole.indices == parts.indices).all()


# --- per-report steps: each faster path against the code it replaced ------------------------

def _general_html(source: str) -> object:
    sink = html_text._Extractor()
    parser = html_text._Parser(source, sink)
    parser.feed(source)
    parser.close()
    return html_text._assemble(sink)


def _fast_html(source: str) -> object:
    sink = html_text._Extractor()
    return html_text._assemble(sink) if html_text._fast(source, sink) else None


def _outcome(read: Callable[[str], object], source: str) -> object:
    """The result, or the KeyError a row with a hole in its spans raises on either path."""
    try:
        return read(source)
    except KeyError as exc:
        return ("KeyError", exc.args)


HTML_PIECES = [
    "<p>", "</p>", "<P>", "</P >", "<div class=\"nav\">", "<div class='content'>", "</div>", "<br>", "<br/>", "<br />",
    "<p/>", "<table>", "<table border=\"1\">", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", "<TD>",
    "</TD>", "<td rowspan=\"2\">", "<td colspan=2>", "<td rowspan='3' colspan=\"2\">", "<td class=x>", "<td class=x/>",
    "<td/>", "<td>0</td>", "<td>12</td>", "<td> 3 </td>", "<td>&nbsp;</td>", "<td></td>", "<th>a</td>", "<td>x</th>",
    "<a href=\"/x\">", "</a>", "<a href=/x>", "<a href=x/>", "<a b=\"1\"c=\"2\">", "<a  b = \"1\" >", "<a b==c>", "<a b>",
    "<input disabled/>", "<img src=\"x.png\">", "<meta name=\"PubDate\" content=\"2022-01-01\">",
    "<meta name=ArticleTitle content='标题'>", "<script>var a = '<p>';</script>", "<script>x</script >",
    "<SCRIPT>y</SCRIPT>", "<script>z</ſcript>", "<script>", "</script>", "<style>p{}</style>", "<style/>", "<nav>",
    "</nav>", "<header>", "</footer>", "<span class=\"share\">", "</span>", "<span>", "<!-- c -->", "<!--", "-->", "-- >",
    "<!---->", "<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE", "<?xml v?>", "<?x", "<![CDATA[x]]>", "<!x>", "<", "< ",
    "<5", "</>", "</ p>", "</p\t>", "<p\xa0class=\"a\">", "<p\x0bclass=a>", "<p\nclass=\"a\">", "<o:p>", "</o:p>", "<h1>",
    "</h1>", "<li>", "<ul>", "<a title=\"a>b\">", "<a title='x\ny'>", "<td style=\"a:b\" valign=center>", "&amp;",
    "&nbsp;", "&#20013;", "&#x4e2d;", "&", "&;", "&lt;p&gt;", "一、总体情况", "本年度共公开信息120条。", "0", " | ", "\n",
    " ", "\t", "\u3000", "\xa0", "文字", "abc", "<title>标题</title>", "<head>", "</head>", "<body>", "</body>",
    "<td>a<td>b</td>", "<tr><td>1</td><td rowspan=2>2</td></tr><tr><td>3</td></tr>", "<iframe>", "<select><option>",
    "<td class=\"menu\">m</td>", "<div id=\"footer\">", "<div role=navigation>", "<B>", "</b>", "<a href=\"x\"/>",
    "<x-y z>", "<a\n>",
]


def test_html_fast_path_reads_pages_as_html_parser_does() -> None:
    rng = random.Random(13)
    taken = 0
    for _ in range(12000):
        page = "".join(rng.choice(HTML_PIECES) for _ in range(rng.randint(0, 30)))
        fast = _outcome(_fast_html, page)
        if fast is not None:  # None: the page has a tag the fast path leaves to HTMLParser
            taken += 1
            assert fast == _outcome(_general_html, page), repr(page)
    assert taken > 2000


def _html_pages(folder: Path) -> list[str]:
    return [decode(p.read_bytes(), str(p))[0] for p in sorted(folder.rglob("*.html"))]


def test_html_fast_path_taken_on_sample_pages(sample_corpus: Path) -> None:
    pages = _html_pages(sample_corpus)
    assert pages and all(_fast_html(page) == _general_html(page) for page in pages)


def test_html_fast_path_taken_on_real_pages(shared_corpus: Path) -> None:
    pages = _html_pages(shared_corpus)
    assert pages and all(_fast_html(page) == _general_html(page) for page in pages)


def test_lead_free_search_finds_what_finditer_finds() -> None:
    rng = random.Random(17)
    alphabet = list("一二三四五六七八九十第统唯之单同逐专划任其万百千（()）是、.．:：/-～~ 0123456789１２①②另合如不再，,\n　") + [
        "一是", "（一）", "1、", "12.", "二、", "第一，", "首先，", "一方面"]
    patterns = [headings._MARKER, *markers.FAMILIES.values()]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for pattern in patterns:
            split_pattern = headings.without_lookbehind(pattern)
            assert [m.span() + m.groups() for m in pattern.finditer(text, start, end)] == \
                [m.span() + m.groups() for m in headings.finditer_lead_free(split_pattern, text, start, end)], \
                (pattern.pattern, text, start, end)


def _convert_line_whole(line: str, config: str) -> str:
    """normalize._convert_line as first written: OpenCC on the whole line."""
    converted = normalize._converter(config).convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(c if len(c) == 1 else char
                   for char in line for c in [normalize._converter(config).convert(char)])


def test_conversion_run_by_run_is_conversion_of_the_line(sample_corpus: Path) -> None:
    lines = [line for p in sorted(sample_corpus.rglob("*.txt"))
             for line in normalize.to_display(decode(p.read_bytes(), str(p))[0], "traditional").split("\n")]
    rng = random.Random(19)
    alphabet = list("發佈與國務院辦公廳關於政府資訊公開條例實施，。、；：（）“” \t-.0123") + ["乾隆", "頭髮", "後來"]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for line in lines:
        assert normalize._convert_line.__wrapped__(line, "t2s") == _convert_line_whole(line, "t2s"), line


def test_common_share_counts_as_before() -> None:
    common = set(decode_module._COMMON)
    rng = random.Random(23)
    alphabet = list(decode_module._COMMON[:40]) + list("鑫淼犇abc，。 1\u4e00\u9fff\u3400")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        assert decode_module._common_share(text) == (sum(c in common for c in cjk) / len(cjk) if cjk else 0.0)


def test_body_script_is_the_script_of_the_body(sample_corpus: Path) -> None:
    for path in sorted(p for p in sample_corpus.rglob("*") if p.suffix in (".txt", ".html")):
        for data in (path.read_bytes(), normalize.to_display(decode(path.read_bytes(), str(path))[0], "traditional").encode()):
            doc = from_bytes(data, str(path))
            assert doc.script == normalize.detect_script(doc.text), path


def _categorize_counting(text: str) -> tuple[str, tuple[str, ...]]:
    """extract.categorize as first written."""
    counts: dict[str, int] = {}
    hits: dict[str, list[str]] = {}
    for category, cue in lexicons.table("categories.tsv", 2):
        n = text.count(cue)
        counts.setdefault(category, 0)
        if n:
            counts[category] += n
            hits.setdefault(category, []).append(cue)
    best = max(counts, key=lambda c: counts[c], default=None)
    if best is None or counts[best] == 0:
        return "其他", ()
    return best, tuple(hits[best])


def test_categorize_as_before() -> None:
    cues = [cue for _, cue in lexicons.table("categories.tsv", 2)]
    rng = random.Random(29)
    for _ in range(3000):
        text = "，".join(rng.choice(cues + ["加强", "工作"]) for _ in range(rng.randint(0, 6)))
        assert extract.categorize(text) == _categorize_counting(text), text


def test_covered_is_any_span() -> None:
    rng = random.Random(31)
    for _ in range(3000):
        bounds = sorted(rng.sample(range(60), 2 * rng.randint(0, 5)))
        spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        if rng.random() < 0.3:  # out of order or overlapping: the plain scan
            spans = [(rng.randint(0, 50), rng.randint(0, 60)) for _ in range(rng.randint(0, 5))]
        covered = sentences_module._covered(spans)
        assert all(covered(pos) == any(a <= pos < b for a, b in spans) for pos in range(-1, 62)), spans


def _sentence_claims_every_pattern(text: str) -> list[claims.Claim]:
    """audit's claims of one sentence as first written: every pattern tried on every sentence."""
    region, own, part = cues("scope_region"), cues("scope_own"), cues("scope_part")

    def claim(what: str, value: float, m: re.Match[str]) -> claims.Claim:
        return claims.Claim(what, value, m.start(), m.end(), claims._scope(claims._clause(text, m.start()), region, own, part))

    out = []
    for what, patterns in claims._claim_patterns() if claims._DIGIT.search(text) else ():
        if what in ("disclosed", "partly", "withheld", "unable", "not_processed", "settled") and \
                not claims._REQUEST_CONTEXT.search(text):
            continue
        out += [claim(what, float(m.group(1)), m) for pattern in patterns for m in pattern.finditer(text)]
    if any(c.what == "received" for c in out):
        out += [claim(f"received|{m.group(1)}", float(m.group(2)), m) for m in claims._BY_APPLICANT.finditer(text)]
    out += [claim("received", 0.0, m) for m in claims._NONE_RECEIVED.finditer(text)
            if not claims._CHANNEL.search(m.group(0)) and not re.search("复议|诉讼", m.group(0))]
    out += [claim("next", 0.0, m) for m in claims._NONE_FORWARD.finditer(text)]
    out += [claim(what, 0.0, m) for m in claims._NONE_APPEALS.finditer(text)
            for what, word in (("review", "复议"), ("litigation", "诉讼")) if word in m.group(1) and "败诉" not in m.group(1)]
    return out


def test_one_search_rules_out_the_same_sentences() -> None:
    rng = random.Random(37)
    pieces = ["收到", "申请", "受理", "共", "12", "0", "件", "条", "办结", "结转下年度", "上年结转", "予以公开", "部分公开",
              "不予公开", "无法提供", "不予处理", "行政复议", "行政诉讼", "案件", "制发", "规范性文件", "废止", "现行有效",
              "主动公开", "政府信息", "，", "。", "；", "各类", "没有", "未", "同意公开答复数", "本级", "全区", "其中",
              "自然人", "商业企业", "提出", "发生", "败诉", "网上", "收到政府信息公开申请", "共12件", "办结12件",
              "3件结转下年度", "予以公开3件", "行政复议案件2件", "未收到申请", "没有结转下年度", "未发生行政复议和诉讼",
              "自然人提出3件", "收到各类申请5件", "主动公开信息120条", "答复"]
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = _sentence_claims_every_pattern(text)
        found += len(expected)
        assert list(claims._sentence_claims.__wrapped__(text)) == expected, text
    assert found > 1000


def _requests_sums_cell_by_cell(t: Table) -> list[tuple[object, ...]]:
    """(rule, cells, expected, actual) of the request-table sums (arithmetic.table_sums) as first written: every figure
    looked up through Table.cell, a group's sub-rows found again for every column."""
    def v(row: str, column: str) -> float | None:
        cell = t.cell(row, column)
        return None if cell is None else (cell.value if cell.value is not None else 0.0)

    def group_value(head: str, column: str) -> float | None:
        subs = [r for r in t.rows() if r.startswith(head + "/")]
        if t.cell(head, column) is not None:
            return v(head, column)
        if subs:
            values = [v(r, column) for r in subs]
            return None if any(x is None for x in values) else sum(x for x in values if x is not None)
        return None

    out: list[tuple[object, ...]] = []
    for col in REQUEST_COLUMNS:
        new, carried, total, nxt = (v(r, col) for r in (NEW, CARRIED, TOTAL, NEXT))
        if None not in (new, carried, total, nxt):
            left, right = new + carried, total + nxt  # type: ignore[operator]
            if not math.isclose(left, right):
                out.append(("table_requests_balance", tuple(f"{r}|{col}" for r in (NEW, CARRIED, TOTAL, NEXT)), left, right))
        parts = [v(DISCLOSED, col), v(PARTLY, col)] + [group_value(g, col) for g in RESULT_GROUPS]
        if total is not None and None not in parts:
            summed = sum(p for p in parts if p is not None)
            if not math.isclose(summed, total):
                out.append(("table_requests_results_sum",
                            tuple(f"{r}|{col}" for r in (DISCLOSED, PARTLY, *RESULT_GROUPS, TOTAL)), summed, total))
        for head in RESULT_GROUPS:
            subs = [r for r in t.rows() if r.startswith(head + "/")]
            sub_values = [v(r, col) for r in subs]
            head_value = v(head, col)
            if subs and head_value is not None and None not in sub_values:
                summed = sum(x for x in sub_values if x is not None)
                if not math.isclose(summed, head_value):
                    out.append(("table_requests_results_sum", tuple(f"{r}|{col}" for r in (head, *subs)), summed, head_value))
    for row in t.rows():
        values = [v(row, c) for c in REQUEST_COLUMNS]
        if None not in values:
            summed = sum(x for x in values[:-1] if x is not None)
            if not math.isclose(summed, values[-1] or 0.0):
                out.append(("table_requests_total_column", tuple(f"{row}|{c}" for c in REQUEST_COLUMNS), summed,
                            values[-1] or 0.0))
    return out


def test_request_sums_as_cell_by_cell() -> None:
    rows = [NEW, CARRIED, TOTAL, NEXT, DISCLOSED, PARTLY, *RESULT_GROUPS, f"{RESULT_GROUPS[0]}/1.国家秘密",
            f"{RESULT_GROUPS[0]}/2.其他", f"{RESULT_GROUPS[2]}/1.信访举报", "其他行"]
    rng = random.Random(41)
    flagged = 0
    for _ in range(1500):
        cells = []
        for row in rng.sample(rows, rng.randint(0, len(rows))):
            for column in REQUEST_COLUMNS:
                if rng.random() < 0.93:
                    raw = rng.choice(["0", "1", "2", "3", "", "/", "—"])
                    kind, value = cell_kind(raw)
                    cells.append(Cell(row, column, raw, value, kind))
        table = Table("requests", "2021", tuple(cells), True, None, 0, 10)
        found = [(f.rule, f.evidence[0].cells, f.expected, f.actual)
                 for f in arithmetic.table_sums(Report("table-only", None), (table,))]
        assert found == _requests_sums_cell_by_cell(table)
        flagged += bool(found)
    assert flagged > 100


def test_row_readings_as_splits() -> None:
    rng = random.Random(43)
    for _ in range(300):
        region = " ".join("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 4)))
        found = tuple(digits.atoms(region))
        for n in (3, 7):
            for limit in (2, digits.CACHED_READINGS, digits.CACHED_READINGS + 2, digits.MAX_SPLITS_PER_ROW + 1):
                assert digits.readings(found, n, limit) == tuple(itertools.islice(digits.splits(list(found), n), limit))


def test_long_lines_split_as_short_ones() -> None:
    rng = random.Random(47)
    for _ in range(20):
        long_line = "".join(rng.choice(["中文" * 30, "。", "（", "）", "；", "《条例》"]) for _ in range(100))
        text = long_line + "\n" + long_line[:50] + "\n"
        assert len(long_line) > sentences_module.CACHED_LINE
        for semicolons in (False, True):
            assert split(text, 3, semicolons) == _split_per_character(text, 3, semicolons)
