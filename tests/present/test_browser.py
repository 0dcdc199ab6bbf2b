"""The HTML report in a real headless browser (Debian's chromium): it opens offline with no
console errors, the run summary comes first, carried-over sentences are highlighted, sorting and
the severity and body filters work, a split report's index and body pages open and a link into
a closed section opens it, the page is not blank."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import textkit
from textkit.model import Report
from textkit.present.html import report_id
from textkit.present.html_pages import RunInfo, group_reports, render_html, write_html
from textkit.present.digest import bodies

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--enable-logging=stderr", "--v=0"]
# Injected first in <head>: any uncaught error is written onto <html> where --dump-dom shows it.
ON_ERROR = ("<script>window.onerror = function (m) { var d = document.documentElement;"
            " d.setAttribute('data-js-error', (d.getAttribute('data-js-error') || '') + m + ';'); };</script>")
# Injected last in <body>: click the year header, then record the row order the page's own JS produced.
SORT_PROBE = ("<script>var th = document.querySelectorAll('#overview thead th')[2]; th.click();"
              " document.body.setAttribute('data-sorted-years', Array.prototype.map.call("
              "document.querySelectorAll('#overview tbody tr'), function (r) { return r.cells[2].dataset.value; }).join(','));"
              "</script>")

if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install -y chromium); the browser test needs it",
                allow_module_level=True)


def corpus_dir() -> Path:
    """The sample corpus, or the real reports beside the checkout while it is being written."""
    for candidate in (REPO / "corpus", REPO.parent / "shared" / "corpus"):
        if candidate.is_dir() and any(candidate.rglob("*.txt")):
            return candidate
    pytest.skip("no corpus to render: neither corpus/ nor ../shared/corpus has reports")


def known_carried(corpus: Path, reports: list[Report]) -> str:
    """A sentence the gold says is carried over verbatim (sample corpus), else one the run found."""
    found = [x.text for r in reports for x in r.recycled if x.kind == "verbatim"]
    if not found:
        pytest.fail("no report of the run has verbatim carried-over sentences: corpus.link_reports must attach Report.recycled")
    for gold_file in sorted(corpus.rglob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for entry in gold.get("carried", []):
            if entry.get("kind") == "verbatim" and entry.get("text"):
                return str(entry["text"])
    return found[0]


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90, check=False)


# Injected last: use the page's own filters as a reader would, and record what stays visible.
FILTER_PROBE = """<script>(function () {
  function shown(selector, key) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (e) {
      return e.getClientRects().length > 0; }).map(function (e) { return e.getAttribute(key); });
  }
  var out = {}, severity = document.getElementById("filter-severity"), box = document.getElementById("filter-body");
  var summary = document.getElementById("summary"), overview = document.getElementById("overview");
  out.summary_first = summary.getBoundingClientRect().top < overview.getBoundingClientRect().top;
  severity.value = "error"; severity.dispatchEvent(new Event("change"));
  out.error_rows = shown("#overview tbody tr", "data-body");
  out.error_reports = shown("article.report", "id");
  out.error_findings = shown("tr.finding", "data-severity");
  out.count = document.getElementById("filter-count").textContent;
  severity.value = ""; severity.dispatchEvent(new Event("change"));
  if (box) {
    box.value = BODY_NAME; box.dispatchEvent(new Event("input"));
    out.body_rows = shown("#overview tbody tr", "data-body");
    out.body_reports = shown("article.report", "id");
  }
  document.body.setAttribute("data-probe", JSON.stringify(out));
})();</script>"""
# Injected last on a body page opened at #ID: is the element shown, its closed section opened?
REVEAL_PROBE = ("<script>var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
                "document.body.setAttribute('data-revealed', String(!!el && el.closest('details').open"
                " && el.getClientRects().length > 0));</script>")


def inject(html: str, *probes: str) -> str:
    head = html.index("<head>") + len("<head>")
    html = html[:head] + ON_ERROR + html[head:]
    end = html.rindex("</body>")
    return html[:end] + "".join(probes or (SORT_PROBE,)) + html[end:]


def probe(dom: subprocess.CompletedProcess[str]) -> dict:
    found = re.search(r'data-probe="([^"]*)"', dom.stdout)
    assert found, "the filter probe did not run: " + dom.stderr[-1000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def no_errors(dom: subprocess.CompletedProcess[str]) -> None:
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "</html>" in dom.stdout
    errors = re.findall(r'<html[^>]*data-js-error="([^"]*)"', dom.stdout)
    assert not errors, errors
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console


def png_pixels(path: Path):  # type: ignore[no-untyped-def]
    import matplotlib.image as mpimg

    return mpimg.imread(str(path))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    corpus = corpus_dir()
    reports = textkit.Corpus(corpus).reports
    series = bodies(reports)
    out = tmp_path_factory.mktemp("browser")
    html_file = out / "report.html"
    body_name = next(b["agency"] for b in series if any(y["errors"] for y in b["years"]))
    filters = FILTER_PROBE.replace("BODY_NAME", json.dumps(body_name))
    html_file.write_text(inject(render_html(reports, series), SORT_PROBE, filters), encoding="utf-8")
    url = html_file.as_uri()
    dom = chromium(["--dump-dom", url], out / "profile-dom")
    shot = out / "report.png"
    screen = chromium([f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars", url], out / "profile-shot")
    return {"reports": reports, "series": series, "corpus": corpus, "dom": dom, "screen": screen, "png": shot,
            "body_name": body_name}


def test_page_opens_without_console_errors(page: dict) -> None:
    no_errors(page["dom"])


def test_summary_comes_first(page: dict) -> None:
    found = probe(page["dom"])
    assert found["summary_first"]
    files = re.search(r'<dd data-figure="files">(\d+)</dd>', page["dom"].stdout)
    assert files and int(files.group(1)) == len(page["reports"])


def test_severity_filter_shows_only_reports_with_errors(page: dict) -> None:
    found = probe(page["dom"])
    with_errors = [r for r in page["reports"] if any(f.severity == "error" for f in r.findings)]
    assert with_errors, "the sample corpus has reports with errors"
    assert sorted(found["error_reports"]) == sorted(report_id(r.path) for r in with_errors)
    assert len(found["error_rows"]) == len(with_errors)
    assert found["count"] == f"{len(with_errors)} / {len(page['reports'])}"
    assert found["error_findings"] and set(found["error_findings"]) == {"error"}


def test_body_filter_shows_only_that_body(page: dict) -> None:
    found = probe(page["dom"])
    from textkit.read.agency import body_key

    mine = [r for r in page["reports"] if r.ok and r.document is not None and r.document.is_report
            and r.document.agency == page["body_name"]]
    assert mine and set(found["body_rows"]) == {body_key(page["body_name"])}
    assert sorted(found["body_reports"]) == sorted(report_id(r.path) for r in mine)


@pytest.fixture(scope="module")
def split(page: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The same run written as an index and one page per body, opened in the browser."""
    reports, series = page["reports"], page["series"]
    out = tmp_path_factory.mktemp("split")
    files = write_html(out / "report.html", group_reports(reports, series), RunInfo.now(["corpus"]), split_at=5)
    index = files[0]
    filters = FILTER_PROBE.replace("BODY_NAME", json.dumps(page["body_name"]))
    index.write_text(inject(index.read_text(encoding="utf-8"), filters), encoding="utf-8")
    # a sentence inside a section that opens closed (not narrative), on some body page
    target, body_file = None, None
    for file in files[1:]:
        text = file.read_text(encoding="utf-8")
        closed = re.search(r'<details class="block" data-section="\w+">\s*<summary>.*?</summary>\s*<div class="text">'
                           r'.*?<span id="(r[0-9a-f]+-s\d+)">', text, re.DOTALL)
        if closed:
            target, body_file = closed.group(1), file
            file.write_text(inject(text, REVEAL_PROBE), encoding="utf-8")
            break
    assert target and body_file, "no closed section with a sentence on any body page"
    return {"files": files, "index": chromium(["--dump-dom", index.as_uri()], out / "profile-index"),
            "body": chromium(["--dump-dom", f"{body_file.as_uri()}#{target}"], out / "profile-body")}


def test_split_index_opens_and_filters_bodies(split: dict, page: dict) -> None:
    no_errors(split["index"])
    found = probe(split["index"])
    assert found["summary_first"]
    errors = {b["body"] for b in page["series"] if any(y["errors"] for y in b["years"])}
    assert set(found["error_rows"]) == errors
    from textkit.read.agency import body_key

    assert found["body_rows"] == [body_key(page["body_name"])]


def test_body_page_opens_a_closed_section_for_a_link(split: dict) -> None:
    no_errors(split["body"])
    assert 'data-revealed="true"' in split["body"].stdout


def test_sorting_runs_in_the_browser(page: dict) -> None:
    found = re.search(r'data-sorted-years="([^"]*)"', page["dom"].stdout)
    assert found, "the sort probe did not run"
    years = [int(y) for y in found.group(1).split(",") if y]
    assert years == sorted(years) and len(years) >= 2


def test_known_carried_sentence_is_highlighted(page: dict) -> None:
    sentence = known_carried(page["corpus"], page["reports"])
    marks = re.findall(r'<mark class="recycled (\w+)" data-kind="\1"[^>]*>(.*?)</mark>', page["dom"].stdout, re.DOTALL)
    texts = [re.sub(r"<a class=\"src\".*?</a>", "", body) for _, body in marks]
    assert any(sentence in t or t in sentence and len(t) > 8 for t in texts), sentence


def test_screenshot_is_not_blank(page: dict) -> None:
    screen, png = page["screen"], page["png"]
    assert screen.returncode == 0 and png.exists(), screen.stderr[-2000:]
    pixels = png_pixels(png)
    height, width = pixels.shape[:2]
    assert (width, height) == (1280, 1600)
    rgb = (pixels[..., :3] * 255).astype(int)
    colours = {tuple(c) for c in rgb[::7, ::7].reshape(-1, 3)}
    assert len(colours) > 50, "the page rendered (almost) one colour"
    # the dark page header, and text drawn on the light body
    assert (rgb[20, 600] < 100).all()
    body = rgb[200:1600]
    assert (body.sum(axis=2) < 300).mean() > 0.005
