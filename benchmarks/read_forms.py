"""What reading a report as PDF or Word costs, against the same report as text, in the same run.

    python benchmarks/read_forms.py [--repeat 20]

Pairs: the sample corpus's qinghe-county 2024 as .txt, .pdf and .docx (corpus/forms/, generated
by corpus/tools/make_forms.py) and, when ../shared/corpus is beside the checkout, the real PDF
there against its own extracted text saved as a .txt (so both sides hold the same words).
For each file: the median CPU time (this machine is shared, so wall time mostly measures the
neighbours) of ``textkit.read`` (bytes to Document) and of read + every per-report step, per
report and per printed page, and the ratio to the text form. The first call of each form is left out (imports: pypdfium2, pdfplumber,
python-docx) and reported on its own line.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus"
REAL_PDF = REPO.parent / "shared" / "corpus" / "pdf" / "洪泽区人民政府2023年政府信息公开工作年度报告.pdf"


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per file (median kept)")
    args = parser.parse_args(argv)
    import textkit
    from textkit.run.pipeline import analyze_document

    groups: list[tuple[str, list[Path]]] = [
        ("sample qinghe-county 2024", [SAMPLE / "qinghe-county/2024.txt", SAMPLE / "forms/qinghe-county-2024.pdf",
                                       SAMPLE / "forms/qinghe-county-2024.docx"])]
    scratch = tempfile.TemporaryDirectory()
    if REAL_PDF.is_file():
        as_text = Path(scratch.name) / "real-pdf-as-text.txt"
        as_text.write_text(textkit.read(REAL_PDF).source_text, encoding="utf-8")
        groups.append(("real 2023 district PDF", [as_text, REAL_PDF]))
    texts = sorted(p for p in SAMPLE.rglob("*.txt") if "forms" not in p.parts)
    start = time.perf_counter()
    for path in texts:
        analyze_document(textkit.read(path))
    per_report = (time.perf_counter() - start) / len(texts)
    print(f"reference: read + analyse each of the {len(texts)} sample .txt reports once: "
          f"{per_report * 1e3:.1f} ms per report (repeated calls below hit warm caches)")
    for label, paths in groups:
        print(f"\n{label}")
        print(f"{'file':<28}{'pages':>6}{'first read':>12}{'read':>10}{'per page':>10}{'x text':>8}"
              f"{'+analyse':>10}{'x text':>8}")
        base_read = base_analyze = 0.0
        for path in paths:
            start = time.perf_counter()
            doc = textkit.read(path)
            first = time.perf_counter() - start
            read = median_seconds(lambda: textkit.read(path), args.repeat)
            analyze = median_seconds(lambda: analyze_document(textkit.read(path)), max(args.repeat // 4, 3))

            if not base_read:
                base_read, base_analyze = read, analyze
            pages = len(doc.pages) or None
            per_page = f"{read / pages * 1e3:.1f}" if pages else "–"
            print(f"{path.suffix + ' ' + path.name[:20]:<28}{pages or '–':>6}{first * 1e3:>10.1f}ms"
                  f"{read * 1e3:>8.1f}ms{per_page:>8}ms{read / base_read:>7.1f}x"
                  f"{analyze * 1e3:>8.1f}ms{analyze / base_analyze:>7.1f}x")
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
