"""The HTML report as an auditor opens it: the run summary first (with version, date, inputs and
legends), headings shown once, and past a size an index plus one page per body whose links all
resolve; the writer takes the run body by body."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import textkit
from textkit.model import Report
from textkit.present.html import report_id
from textkit.present.html_pages import BodyReports, RunInfo, group_reports, render_html, write_html
from textkit.present.digest import bodies

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def run(sample_corpus: Path) -> tuple[list[Report], list[dict]]:
    reports = textkit.Corpus(sample_corpus).reports
    return reports, bodies(reports)


class Page(HTMLParser):
    """Ids and links of a page, as a browser's tokenizer sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_page_opens_with_the_run_summary(run: tuple[list[Report], list[dict]]) -> None:
    reports, series = run
    info = RunInfo("9.9.9", RunInfo.now().generated, ("corpus/", "extra/<b>.txt"))
    html = render_html(reports, series, info=info)
    assert html.index('id="summary"') < html.index('id="overview"') < html.index('<article')
    figures = dict(re.findall(r'<dd data-figure="(\w+)">([^<]*)</dd>', html))
    annual = [r for r in reports if r.ok and r.document is not None and r.document.is_report]
    assert int(figures["files"]) == len(reports)
    assert int(figures["reports"]) == len(annual)
    assert int(figures["bodies"]) == len(series)
    assert int(figures["not_reports"]) == sum(r.ok and r.document is not None and not r.document.is_report
                                              for r in reports)
    assert int(figures["with_errors"]) == sum(any(f.severity == "error" for f in r.findings) for r in annual)
    assert int(figures["late"]) == sum(any(f.rule == "late" for f in r.findings) for r in annual) >= 1
    # the rules that fire most, in order of the reports they hit
    rules = re.findall(r'<tr data-rule="(\w+)">', html)
    hits = {rule: sum(any(f.rule == rule for f in r.findings) for r in annual) for rule in rules}
    assert rules and list(hits.values()) == sorted(hits.values(), reverse=True)
    # version, date and inputs, escaped
    assert "textkit 9.9.9" in html and info.generated.strftime("%Y-%m-%d") in html
    assert "<code>corpus/</code>" in html and "extra/&lt;b&gt;.txt" in html
    many = render_html(reports[:1], [], info=RunInfo("1", info.generated, tuple(f"in/{k}.txt" for k in range(500))))
    assert "in/9.txt" in many and "in/10.txt" not in many and "… (500)" in many  # a shell glob stays one line
    assert 'id="legend-score"' in html and "15" in plain(html.split('id="legend-score"')[1][:300])
    assert 'id="legend-specificity"' in html and "0.30" in html


def test_headings_are_shown_once_and_every_sentence_keeps_its_id(run: tuple[list[Report], list[dict]]) -> None:
    reports, series = run
    html = render_html(reports, series)
    blocks = re.findall(r'<summary>((?:<span id="[^"]+"></span>)*)(.*?) <span class="key">[^<]*</span></summary>\s*'
                        r'<div class="text">(.*?)</div>', html, re.DOTALL)
    assert len(blocks) > 50
    for _, heading, text in blocks:
        assert not plain(text).lstrip().startswith(heading.strip()), heading
    ids = Page(html).ids
    for r in reports:
        for s in r.sentences:
            assert f"{report_id(r.path)}-s{s.start}" in ids, (r.path, s.text)


def test_sample_page_is_smaller_than_before_per_character_of_text(run: tuple[list[Report], list[dict]]) -> None:
    reports, series = run
    size = len(render_html(reports, series).encode("utf-8"))
    text = sum(len(r.document.text.encode("utf-8")) for r in reports if r.document is not None)
    # before issue 16 the page took 6.4 bytes per byte of report text (713 KB for 18 reports)
    assert size / text < 4.5, (size, text)


def test_small_run_is_one_page(run: tuple[list[Report], list[dict]], tmp_path: Path) -> None:
    reports, series = run
    written = write_html(tmp_path / "audit.html", group_reports(reports, series), RunInfo.now(["corpus"]))
    assert written == [tmp_path / "audit.html"]
    assert not (tmp_path / "audit_files").exists()
    assert len(re.findall(r'<article class="report"', written[0].read_text(encoding="utf-8"))) == len(reports)


def test_past_the_limit_an_index_and_one_page_per_body(run: tuple[list[Report], list[dict]], tmp_path: Path) -> None:
    reports, series = run
    out = tmp_path / "report.html"
    written = write_html(out, group_reports(reports, series), RunInfo.now(["corpus"]), split_at=5)
    folder = tmp_path / "report_files"
    assert written[0] == out and set(written[1:]) == set(folder.iterdir())
    assert all(re.fullmatch(r"body-[0-9a-f]{12}\.html|other\.html", p.name) for p in written[1:])
    index = out.read_text(encoding="utf-8")
    assert 'id="summary"' in index and "<article" not in index
    rows = re.findall(r'<tr data-filter="count" data-body="([^"]*)"', index)
    assert len([b for b in rows if b]) == len(series)
    # every report is on exactly one page, and every link of every page resolves
    pages = {p: Page(p.read_text(encoding="utf-8")) for p in written}
    paths = [m for p in written[1:] for m in re.findall(r'<article class="report" id="[^"]+" data-path="([^"]+)"',
                                                        p.read_text(encoding="utf-8"))]
    assert sorted(paths) == sorted(r.path for r in reports)
    across = 0
    for page, parsed in pages.items():
        for href in parsed.links:
            target, _, fragment = href.partition("#")
            file = (page.parent / target).resolve() if target else page
            assert file in {p.resolve() for p in pages}, (page.name, href)
            assert not fragment or fragment in pages[next(p for p in pages if p.resolve() == file)].ids, (page.name, href)
            across += file not in (page.resolve(), out.resolve())  # a sentence on another body's page
    expected_across = sum(x.source.path not in {y.path for y in _same_body(reports, r)}
                          for r in reports for x in r.recycled)
    assert across >= expected_across > 0


def _same_body(reports: list[Report], report: Report) -> list[Report]:
    from textkit.read.agency import body_key

    agency = report.document.agency if report.document else None
    return [r for r in reports if r.document is not None and body_key(r.document.agency) == body_key(agency)]


def test_the_writer_takes_the_run_body_by_body(run: tuple[list[Report], list[dict]], tmp_path: Path) -> None:
    reports, series = run
    groups = list(group_reports(reports, series))
    folder = tmp_path / "report_files"
    seen: list[int] = []

    def feed() -> Iterator[BodyReports]:
        for k, group in enumerate(groups):
            # how many body pages are on disk when body k is asked for
            seen.append(len(list(folder.glob("*.html"))) if folder.exists() else 0)
            yield group

    write_html(tmp_path / "report.html", feed(), RunInfo.now(), split_at=4)
    # the writer holds bodies only until they pass split_at reports; from then on, every body
    # before the one asked for is already written
    held = next(k for k in range(len(groups)) if sum(len(g.reports) for g in groups[:k + 1]) > 4) + 1
    assert held < len(groups) - 1
    assert seen[held:] == list(range(held, len(groups)))


def test_split_pages_keep_report_text_escaped(run: tuple[list[Report], list[dict]], tmp_path: Path) -> None:
    reports, _ = run
    hostile = [dataclasses.replace(r, document=dataclasses.replace(r.document, agency=f"青禾{PAYLOAD}",
                                                                   title=f"标题{PAYLOAD}"))
               for r in reports if r.document is not None and r.document.is_report][:6]
    written = write_html(tmp_path / "x.html", group_reports(hostile, bodies(hostile)), RunInfo.now([PAYLOAD]),
                         split_at=2)
    assert len(written) >= 2
    for page in written:
        text = page.read_text(encoding="utf-8")
        assert PAYLOAD not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert text.count("<script>") == 1


def test_rules_values_and_notes_are_named_in_the_page_language(run: tuple[list[Report], list[dict]]) -> None:
    reports, series = run
    zh, en = render_html(reports, series), render_html(reports, series, lang="en")
    fired = {f.rule for r in reports for f in r.findings}
    assert "table_requests_balance" in fired
    for page, name in ((zh, "表三收支不平"), (en, "table 三 does not balance")):
        shown = plain(re.sub(r'(title|data-[a-z-]+)="[^"]*"', "", page))  # what a reader sees, ids aside
        assert name in shown
        assert not [rule for rule in fired if "_" in rule and rule in shown]  # ids like stale_year stay out of sight
    assert ">简体<" in zh and ">simplified<" in en
    notice = [r for r in reports if r.document is not None and not r.document.is_report]
    assert notice and "标题表明是另一类文件" in zh


def test_template_families_are_shown_escaped_on_the_page_and_the_index(real_reports: dict, tmp_path: Path) -> None:
    """The run's families (平潭县 and 平潭综合实验区 on ../shared/corpus) in a block of their own: on
    the single page, and on a split report's index with each member linking its body page."""
    pytest.importorskip("sklearn", reason="template families need scikit-learn")
    from textkit.compare.families import find_families

    reports = list(real_reports.values())
    series = bodies(reports)
    records = [dataclasses.asdict(f) for f in find_families(reports)]
    assert [f["members"] for f in records] == [("平潭县", "平潭综合实验区")]
    hostile = [f | {"agencies": [a + PAYLOAD for a in f["agencies"]],
                    "shared": [{"text": s["text"] + PAYLOAD, "members": s["members"]} for s in f["shared"]]}
               for f in records]
    html = render_html(reports, series, families=hostile)
    block = html[html.index('id="families"'):html.index('id="reports"')]
    assert PAYLOAD not in html and block.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2 + 3
    assert 'data-family="1"' in block and f">{len(records[0]['shared'])}<" in block
    assert 'id="families"' not in render_html(reports, series)

    written = write_html(tmp_path / "r.html", group_reports(reports, series), RunInfo.now(), split_at=2,
                         families=lambda: records)
    index = written[0].read_text(encoding="utf-8")
    links = [link for link in Page(index[index.index('id="families"'):].split("</table>")[0]).links]
    assert len(links) == 2 and all((tmp_path / link).is_file() for link in links)
