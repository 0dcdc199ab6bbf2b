"""The HTML report: report text can never break out of the page, carried-over sentences are
marked by kind and linked to their source sentence, labels follow --lang, text follows --script."""
from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from textkit.present.digest import bodies
from textkit.errors import UsageError
from textkit.read.ingest import from_bytes
from textkit.model import Evidence, Finding, FollowUp, Item, Recycled, Report, SourceRef
from textkit.run.pipeline import analyze_document
from textkit.present.html import report_id
from textkit.present.html_pages import render_html

PAYLOAD = "<script>alert(1)</script>"
QUOTES = "\" onmouseover=\"alert(2)\" x='y'"


def report_text(year: int, overview: str, problems: str = "一是机制不健全。") -> str:
    return (f"青禾县人民政府{year}年政府信息公开工作年度报告\n一、总体情况\n{overview}\n"
            "二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n收到申请3件。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n"
            f"{problems}\n六、其他需要报告的事项\n未收取信息处理费。\n")


CARRIED = "本机关坚持以公开为常态、不公开为例外的原则推进政务公开工作。"


def analysed(text: str, path: str) -> Report:
    return analyze_document(from_bytes(text.encode("utf-8"), path))


def sentence(report: Report, text: str):  # type: ignore[no-untyped-def]
    return next(s for s in report.sentences if s.text == text)


class Tags(HTMLParser):
    """Every start tag and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture()
def hostile() -> Report:
    """A report whose text, title, items, findings and sources all carry markup and quotes."""
    text = report_text(2022, f"本年度主动公开信息120条，标题为“{PAYLOAD}”{QUOTES}。")
    report = analysed(text, f"in/{PAYLOAD}.txt")
    doc = dataclasses.replace(report.document, agency=f"青禾县{PAYLOAD}", notes=(QUOTES,))
    first = report.sentences[0]
    evil = Item("problem", "一是", f"机制{PAYLOAD}", QUOTES, first.start, first.end, category=PAYLOAD,
                category_cues=(QUOTES,), specificity_reasons=(PAYLOAD,))
    finding = Finding("stale_year", "warning", f"说明{PAYLOAD}", f"message {QUOTES}",
                      evidence=(Evidence(PAYLOAD, first.start, first.end, "overview", cells=(QUOTES,)),),
                      expected=PAYLOAD, actual=QUOTES)
    source = SourceRef(f"other/{QUOTES}.txt", PAYLOAD, 2021, QUOTES, 0, 10)
    recycled = Recycled("overview", first.text, first.start, first.end, "near", 0.9, source)
    follow = FollowUp(2021, PAYLOAD, QUOTES, "silent", 2022, PAYLOAD, first.start, first.end)
    return dataclasses.replace(report, document=doc, problems=(evil,), findings=(finding,),
                               recycled=(recycled,), follow_up=(follow,), reuse={"new": 0.5, "carried": 0.5, "template": 0.0})


def test_report_text_with_script_and_quotes_cannot_break_out(hostile: Report) -> None:
    html = render_html([hostile], bodies([hostile]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, escaped
    assert "<script>alert" not in html and PAYLOAD not in html
    assert 'onmouseover="alert' not in html
    parsed = tags(html)
    assert [t for t, _ in parsed].count("script") == 1  # only the page's own sorting script
    assert not [name for _, attrs in parsed for name, _ in attrs if name.startswith("on")]
    # where the payload sits in an attribute, it arrives whole: it stayed inside the quoted value
    inside = [value for _, attrs in parsed for _, value in attrs if value and "alert" in value]
    assert inside and all(PAYLOAD in v or QUOTES in v for v in inside)


def test_html_input_with_escaped_markup_stays_text() -> None:
    lines = report_text(2022, f"标题为{PAYLOAD}和{QUOTES}。").split("\n")
    page = ("<html><head><title>t</title></head><body><h1>" + lines[0] + "</h1>"
            + "".join("<p>" + line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
                      for line in lines[1:]) + "</body></html>")
    report = analyze_document(from_bytes(page.encode("utf-8"), "page.html"))
    assert PAYLOAD in report.document.text  # the reader decoded the entities to text
    html = render_html([report], bodies([report]))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


@pytest.fixture()
def two_years() -> list[Report]:
    old = analysed(report_text(2021, f"{CARRIED}全年公开信息100条。"), "qinghe/2021.txt")
    new = analysed(report_text(2022, f"{CARRIED}全年公开信息120条。"), "qinghe/2022.txt")
    src, dst = sentence(old, CARRIED), sentence(new, CARRIED)
    ref = SourceRef(old.path, old.document.agency, 2021, src.text, src.start, src.end)
    recycled = Recycled("overview", dst.text, dst.start, dst.end, "verbatim", 1.0, ref)
    finding = Finding("stale_year", "warning", "年份疑似沿用上年", "stale year",
                      evidence=(Evidence(dst.text, dst.start, dst.end, "overview"),))
    new = dataclasses.replace(new, recycled=(recycled,), findings=(finding,),
                              reuse={"new": 0.6, "carried": 0.4, "template": 0.0})
    old = dataclasses.replace(old, reuse={"new": 1.0, "carried": 0.0, "template": 0.0})
    return [old, new]


def test_carried_sentence_is_marked_by_kind_and_linked_to_source(two_years: list[Report]) -> None:
    old, new = two_years
    html = render_html(two_years, bodies(two_years))
    src = sentence(old, CARRIED)
    anchor = f"{report_id(old.path)}-s{src.start}"
    assert f'<span id="{anchor}">{CARRIED}</span>' in html  # the source sentence is addressable
    mark = re.search(r'<mark class="recycled verbatim" data-kind="verbatim"[^>]*>(.*?)</mark>', html, re.DOTALL)
    assert mark, "the carried-over sentence is highlighted with its kind"
    assert mark.group(1).startswith(CARRIED)
    assert f'<a class="src" href="#{anchor}">' in mark.group(1)
    # the mark sits inside the 2022 report's own sentence anchor
    dst = sentence(new, CARRIED)
    new_id = report_id(new.path)
    assert re.search(rf'<span id="{new_id}-s{dst.start}"><mark class="recycled verbatim"', html)
    # the finding's evidence links to the same sentence of the 2022 report
    assert f'<a href="#{new_id}-s{dst.start}">{CARRIED}</a>' in html


def test_source_outside_the_run_is_marked_without_a_link(two_years: list[Report]) -> None:
    html = render_html([two_years[1]], bodies([two_years[1]]))
    mark = re.search(r'<mark class="recycled verbatim" data-kind[^>]*>(.*?)</mark>', html, re.DOTALL)
    assert mark and "href" not in mark.group(1)
    assert "青禾县人民政府 2021" in html  # the source is still named (in the tooltip)


def test_overview_and_body_charts(two_years: list[Report]) -> None:
    html = render_html(two_years, bodies(two_years))
    rows = re.findall(r'<tr data-report="(r[0-9a-f]+)"', html)
    assert rows == [report_id(r.path) for r in two_years]
    assert 'table id="overview" class="sortable"' in html and "addEventListener(\"click\"" in html
    # one body, two years: stacked bars of new/carried shares, 160 px = 100 %
    assert re.search(r'<rect class="bar carried" data-part="carried" data-year="2022" [^>]*height="64.0"', html)
    assert re.search(r'<rect class="bar new" data-part="new" data-year="2021" [^>]*height="160.0"', html)
    assert re.search(r'<rect class="bar warning" data-severity="warning" data-year="2022"', html)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing to fetch
    assert "<link" not in html and "src=" not in html


def test_labels_follow_lang_and_text_follows_script(two_years: list[Report]) -> None:
    zh = render_html(two_years, bodies(two_years))
    en = render_html(two_years, bodies(two_years), lang="en")
    assert '<html lang="zh-Hans">' in zh and "总览" in zh and "逐字沿用" in zh
    assert '<html lang="en">' in en and "Overview" in en and "总览" not in en and ">verbatim</mark>" in en
    trad = render_html(two_years, bodies(two_years), script="traditional")
    assert '<html lang="zh-Hant">' in trad
    assert "本機關堅持以公開" in trad and "本机关坚持以公开" not in trad
    assert "总览" in trad  # labels stay in the chosen language; only report text changes script


def test_unreadable_input_is_listed_with_its_error(two_years: list[Report]) -> None:
    broken = Report(path="in/broken.txt", document=None, error="in/broken.txt: file is empty")
    html = render_html([*two_years, broken], bodies(two_years))
    rid = report_id(broken.path)
    assert re.search(rf'<tr data-report="{rid}"[^>]* class="failed">', html) and "in/broken.txt: file is empty" in html
    assert f'<article class="report" id="{rid}" data-path="in/broken.txt"' in html


def test_bad_arguments_say_how_to_fix_the_call(two_years: list[Report]) -> None:
    with pytest.raises(UsageError, match="use one of zh, en"):
        render_html(two_years, [], lang="fr")
    with pytest.raises(UsageError, match="unknown script"):
        render_html(two_years, [], script="latin")
