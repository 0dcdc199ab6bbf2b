"""How many reports textkit still recognises, with the right year and body, once their title is removed.

Usage: ``python benchmarks/untitled.py [SHARED_CORPUS]`` from the checkout. For every report of
the sample corpus (gold in corpus/**/*.gold.json) and of the real corpus (tests/real_gold.py), every
occurrence of its title (also wrapped across lines) is cut out of the file, as scraped bodies and
archives keep them; the document is then read again. Prints, per corpus, how many are still reports,
with the gold year, and with the gold body (same grouping key), and every miss.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from untitled_reports import without_title  # noqa: E402

from textkit import from_bytes  # noqa: E402
from textkit.read.agency import body_key  # noqa: E402


def cases(shared: Path) -> dict[str, list[tuple[str, bytes, dict]]]:
    out: dict[str, list[tuple[str, bytes, dict]]] = {"sample": [], "real": []}
    for gold_file in sorted((REPO / "corpus").rglob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if not gold["file"].endswith((".txt", ".html")):
            continue  # a title is cut out of text; PDF/.docx are read without title by their own tests
        data = (REPO / "corpus" / gold["file"]).read_bytes()
        out["sample"].append((gold["file"], without_title(data, [gold.get("title") or ""]), gold))
    if shared.is_dir():
        from real_gold import REAL_GOLD

        for name, gold in sorted(REAL_GOLD.items()):
            data = (shared / name).read_bytes()
            out["real"].append((name, without_title(data, [gold["title"], *gold.get("title_variants", [])]), gold))
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else REPO.parent / "shared" / "corpus"
    for corpus, items in cases(shared).items():
        reports = [(n, d, g) for n, d, g in items if g["is_report"]]
        kept = year = body = 0
        misses = []
        for name, data, gold in items:
            doc = from_bytes(data, name)
            if not gold["is_report"]:
                if doc.is_report:
                    misses.append(f"{name}: called a report")
                continue
            kept += doc.is_report
            year += doc.is_report and doc.year == gold["year"]
            same = doc.is_report and body_key(doc.agency) == body_key(gold["agency"])
            body += same
            if not (doc.is_report and doc.year == gold["year"] and same):
                misses.append(f"{name}: is_report={doc.is_report} year={doc.year} agency={doc.agency} "
                              f"({getattr(doc, 'agency_source', '?')}) reason={doc.not_report_reason}")
        others = len(items) - len(reports)
        print(f"{corpus}: {len(reports)} reports without title: {kept} still reports, {year} with the gold year, "
              f"{body} with the gold body; {others} non-reports, "
              f"{sum('called a report' in m for m in misses)} called a report")
        for miss in misses:
            print("   ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
