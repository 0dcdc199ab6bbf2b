"""CPU of the per-report map by stage, in one process: what a worker spends on each file.

Usage: ``python benchmarks/map_stages.py FOLDER... [--rounds N]``. Reads every file once into
memory, analyses the first five (lexicons, OpenCC and regexes loaded: not timed), then times
each stage of ``pipeline.analyze_document`` on every file (``process_time``), then what a worker
of the command's default run (``run.bounded``) adds: packing the cache entry (``cache.pack``:
MessagePack + compression) and the masked text of each narrative sentence it sends back; and,
apart from the total, the pickle round trip a whole Report takes to the parent on the in-memory
path (``--no-cache``). Prints ms of CPU per report. To compare with older code, run
the same command with ``PYTHONPATH=`` an extracted checkout of it (``git archive REV textkit
lexicons | tar -x -C DIR``): the two print the same stages.
"""
from __future__ import annotations

import argparse
import pickle
import time
from collections import defaultdict
from dataclasses import replace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the files (times summed)")
    args = parser.parse_args()

    import textkit
    from textkit.analyze.extract import extract_items
    from textkit.analyze.sections import detect_layout, find_sections
    from textkit.analyze.sentences import sentences
    from textkit.analyze.tables import parse_tables
    from textkit.audit.checks import check_report
    from textkit.compare.stale import stale_years
    from textkit.errors import TextkitError
    from textkit.model import Report
    from textkit.read.ingest import from_bytes
    from textkit.run.records import masked_texts as _masked_texts
    from textkit.run.cache import pack
    from textkit.run.inputs import find_inputs

    files = [(p.read_bytes(), str(p)) for p in find_inputs(args.folders).files]
    spent: dict[str, float] = defaultdict(float)
    apart: dict[str, float] = defaultdict(float)

    def one(data: bytes, path: str, spent: dict[str, float], apart: dict[str, float]) -> None:
        clock = time.process_time
        t0 = clock()
        try:
            doc = from_bytes(data, path)
        except TextkitError:
            spent["ingest"] += clock() - t0
            return
        t1 = clock()
        spent["ingest"] += t1 - t0
        if not doc.is_report:
            return
        found = find_sections(doc)
        t2 = clock()
        problems, improvements = extract_items(doc, found)
        t3 = clock()
        layout = detect_layout(doc, found)
        said = sentences(doc, found)
        t4 = clock()
        tables = parse_tables(doc, found)
        t5 = clock()
        report = Report(path=doc.path, document=doc, layout=layout, sections=found, sentences=said,
                        tables=tables, problems=problems, improvements=improvements)
        findings = check_report(report, tables)
        t6 = clock()
        report = replace(report, findings=findings + stale_years(report))
        t7 = clock()
        pack(report)
        t8 = clock()
        _masked_texts(report)
        t9 = clock()
        pickle.loads(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
        apart["pickle round trip"] += clock() - t9
        for stage, took in (("sections", t2 - t1), ("items", t3 - t2), ("sentences", t4 - t3), ("tables", t5 - t4),
                            ("checks", t6 - t5), ("stale years", t7 - t6), ("pack entry", t8 - t7),
                            ("masked texts", t9 - t8)):
            spent[stage] += took

    for data, path in files[:5]:
        one(data, path, defaultdict(float), defaultdict(float))
    for _ in range(args.rounds):
        for data, path in files:
            one(data, path, spent, apart)
    n = len(files) * args.rounds
    print(f"{len(files)} files x {args.rounds} round(s), textkit from {textkit.__file__}")
    print(f"total {1000 * sum(spent.values()) / n:.3f} ms of CPU per report: "
          + ", ".join(f"{stage} {1000 * took / n:.3f}" for stage, took in spent.items())
          + f"; apart: pickle round trip {1000 * apart['pickle round trip'] / n:.3f}")


if __name__ == "__main__":
    main()
