"""How large a run's HTML report is and how fast a browser opens it: the split report (index plus
one page per body) that ``textkit audit DIR --format html -o FILE`` writes, against the whole run
on one page (what the command wrote before issue 16), measured in the same call.

Usage: ``python benchmarks/html_pages.py benchmarks/out/c2k [--cache-dir DIR]``
(generate the corpus with ``benchmarks/generate.py``; needs chromium for the open times).

Open time = wall time of ``chromium --headless --dump-dom`` on the page (parse, layout, scripts)
minus the same for an empty page (browser start-up), best of three.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_seconds(page: Path, profile: Path) -> float:
    """Best of three wall times of loading ``page`` and dumping its DOM."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                       capture_output=True, timeout=600, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache-dir", default=None, help="textkit's cache (a warm cache skips the analysis)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="html-bench-"))
    split = work / "split" / "report.html"
    split.parent.mkdir()
    command = [sys.executable, "-m", "textkit.cli", "audit", str(args.corpus), "--format", "html", "-o", str(split)]
    if args.cache_dir:
        command += ["--cache-dir", args.cache_dir]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    command_seconds = time.perf_counter() - start

    # the same run on one page, as before: reports come back from the warm cache
    from textkit.present.digest import bodies
    from textkit.present.html_pages import render_html
    from textkit.run.corpus import analyze_corpus

    reports = analyze_corpus([args.corpus], workers=None)
    start = time.perf_counter()
    one = work / "one.html"
    one.write_text(render_html(reports, bodies(reports)), encoding="utf-8")
    one_seconds = time.perf_counter() - start

    pages = sorted((split.parent / "report_files").glob("*.html"), key=lambda p: p.stat().st_size)
    total = split.stat().st_size + sum(p.stat().st_size for p in pages)
    print(f"reports: {len(reports)}; bodies: {len(pages)} pages")
    print(f"command (analysis + split report): {command_seconds:.1f} s; one page rendered in {one_seconds:.1f} s")
    print(f"split: index {split.stat().st_size / 1e3:.0f} KB, largest body page {pages[-1].stat().st_size / 1e3:.0f} KB,"
          f" all files {total / 1e6:.1f} MB")
    print(f"one page: {one.stat().st_size / 1e6:.1f} MB")
    if CHROMIUM is None:
        print("chromium not installed: no open times")
        return 0
    empty = work / "empty.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    base = open_seconds(empty, work / "profile")
    index_s, body_s, one_s = (open_seconds(p, work / "profile") for p in (split, pages[-1], one))
    print(f"open, wall (an empty page: {base:.2f} s of browser start): index {index_s:.2f} s, "
          f"largest body page {body_s:.2f} s, one page {one_s:.2f} s")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
