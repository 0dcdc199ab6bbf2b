"""The HTML report in a real headless browser (Debian's chromium): it opens offline with no
console errors, carried-over sentences are highlighted, sorting works, the page is not blank."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import textkit
from textkit.present.digest import bodies
from textkit.model import Report
from textkit.present.html import render_html

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


def inject(html: str) -> str:
    head = html.index("<head>") + len("<head>")
    html = html[:head] + ON_ERROR + html[head:]
    end = html.rindex("</body>")
    return html[:end] + SORT_PROBE + html[end:]


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
    html_file.write_text(inject(render_html(reports, series)), encoding="utf-8")
    url = html_file.as_uri()
    dom = chromium(["--dump-dom", url], out / "profile-dom")
    shot = out / "report.png"
    screen = chromium([f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars", url], out / "profile-shot")
    return {"reports": reports, "corpus": corpus, "dom": dom, "screen": screen, "png": shot}


def test_page_opens_without_console_errors(page: dict) -> None:
    dom = page["dom"]
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "</html>" in dom.stdout
    errors = re.findall(r'<html[^>]*data-js-error="([^"]*)"', dom.stdout)
    assert not errors, errors
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console


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
