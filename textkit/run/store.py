"""The results store: a run written as a columnar dataset (Parquet), one folder per table.

``textkit audit … --store DIR`` writes, as the linked reports come, ``DIR/<table>/part-<n>.parquet``
for the tables of ``TABLES`` (schema in docs/store.md), plus ``DIR/_textkit_store.json`` naming
the textkit version and the tables once the run is complete. Rows are buffered for
``BATCH`` reports and then written as one row group, so writing holds at most one
batch in memory whatever the size of the run. DuckDB (``read_parquet('DIR/findings/*.parquet')``),
pandas (``pd.read_parquet('DIR/findings')``) and polars read the tables directly.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from ..analyze.tables import table_records
from ..audit.card import report_card
from ..errors import UsageError
from ..model import Finding, Report

MARKER = "_textkit_store.json"
FORMAT = 1

_STR, _INT, _F64, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_EVIDENCE = pa.struct([("text", _STR), ("start", _INT), ("end", _INT), ("section", _STR),
                       ("cells", pa.list_(_STR)), ("path", _STR), ("year", _INT)])
_OF_REPORT = [("report", _STR), ("body", _STR), ("year", _INT)]

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema([
        ("report", _STR), ("body", _STR), ("agency", _STR), ("year", _INT), ("title", _STR), ("published", pa.date32()),
        ("is_report", _BOOL), ("layout", _STR), ("script", _STR), ("encoding", _STR), ("form", _STR),
        ("sections", _STR), ("n_sections", _INT), ("n_sentences", _INT), ("problems", _INT), ("improvements", _INT),
        ("narrative_chars", _INT), ("new", _F64), ("carried", _F64), ("template", _F64),
        ("errors", _INT), ("warnings", _INT), ("infos", _INT), ("score", _INT), ("error", _STR),
        ("not_report_reason", _STR), ("reuse", _STR)]),
    "sections": pa.schema([*_OF_REPORT, ("key", _STR), ("heading", _STR), ("number", _STR), ("level", _INT),
                           ("parent", _STR), ("start", _INT), ("body_start", _INT), ("end", _INT),
                           ("narrative", _BOOL)]),
    "sentences": pa.schema([*_OF_REPORT, ("index", _INT), ("section", _STR), ("text", _STR), ("start", _INT),
                            ("end", _INT), ("kind", _STR), ("similarity", _F64), ("source_report", _STR),
                            ("source_agency", _STR), ("source_year", _INT), ("source_text", _STR),
                            ("source_start", _INT), ("source_end", _INT), ("bodies", _INT)]),
    "items": pa.schema([*_OF_REPORT, ("kind", _STR), ("marker", _STR), ("headline", _STR), ("text", _STR),
                        ("start", _INT), ("end", _INT), ("category", _STR), ("category_cues", pa.list_(_STR)),
                        ("specificity", _F64), ("specificity_reasons", pa.list_(_STR)), ("item_year", _INT)]),
    "follow_ups": pa.schema([*_OF_REPORT, ("promise_year", _INT), ("promise_headline", _STR), ("promise_text", _STR),
                             ("status", _STR), ("evidence_year", _INT), ("evidence_text", _STR),
                             ("evidence_start", _INT), ("evidence_end", _INT)]),
    "findings": pa.schema([*_OF_REPORT, ("rule", _STR), ("severity", _STR), ("message", _STR), ("message_en", _STR),
                           ("evidence", pa.list_(_EVIDENCE)), ("expected", _STR), ("actual", _STR)]),
    "cells": pa.schema([*_OF_REPORT, ("table", _STR), ("row", _STR), ("column", _STR), ("value", _F64), ("raw", _STR)]),
    "bodies": pa.schema([("body", _STR), ("agency", _STR), ("years", pa.list_(_INT)), ("n_reports", _INT),
                         ("recurring_problems", pa.list_(pa.struct([("headline", _STR), ("years", pa.list_(_INT))])))]),
    "families": pa.schema([("family", _INT), ("body", _STR), ("agency", _STR), ("similarity", _F64)]),
    "family_sentences": pa.schema([("family", _INT), ("rank", _INT), ("text", _STR), ("members", _INT)]),
}
_OF_RUN = ("bodies", "families", "family_sentences")  # tables of the whole run, not of one report
TABLES = tuple(SCHEMAS)


# Reports buffered before their rows are written as one row group.
BATCH = 500


def _json(value: Any) -> str | None:
    """Finding values (numbers, lists, dicts) as JSON text: one column type for any value."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def report_rows(report: Report, body: str) -> dict[str, list[dict[str, Any]]]:
    """The rows a linked report adds to each table (all but the run's: bodies and families)."""
    doc = report.document
    year = doc.year if doc else None
    of = {"report": report.path, "body": body, "year": year}
    reuse = report.reuse or {}
    severities = [f.severity for f in report.findings]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES if name not in _OF_RUN}
    rows["reports"].append(of | {
        "agency": doc.agency if doc else None, "title": doc.title if doc else None,
        "published": doc.published if doc else None, "is_report": doc.is_report if doc else None,
        "layout": report.layout, "script": doc.script.kind if doc else None,
        "encoding": doc.encoding if doc else None, "form": doc.form if doc else None,
        "sections": ",".join(s.key for s in report.sections), "n_sections": len(report.sections),
        "n_sentences": len(report.sentences), "problems": len(report.problems),
        "improvements": len(report.improvements), "narrative_chars": reuse.get("chars"),
        "new": reuse.get("new"), "carried": reuse.get("carried"), "template": reuse.get("template"),
        "errors": severities.count("error"), "warnings": severities.count("warning"),
        "infos": severities.count("info"),
        "score": report_card(report.findings)["score"] if doc and doc.is_report else None,
        "error": report.error, "not_report_reason": doc.not_report_reason if doc else None,
        "reuse": _json(reuse) if reuse else None})
    for s in report.sections:
        for sub in (s, *s.subsections):
            rows["sections"].append(of | {"key": sub.key, "heading": sub.heading, "number": sub.number,
                                          "level": sub.level, "parent": None if sub is s else s.key,
                                          "start": sub.start, "body_start": sub.body_start, "end": sub.end,
                                          "narrative": sub.narrative})
    recycled = {(r.start, r.end): r for r in report.recycled}
    for i, sentence in enumerate(report.sentences):
        row: dict[str, Any] = of | {"index": i, "section": sentence.section, "text": sentence.text,
                                    "start": sentence.start, "end": sentence.end}
        r = recycled.get((sentence.start, sentence.end))
        if r is not None:
            row |= {"kind": r.kind, "similarity": r.similarity, "source_report": r.source.path,
                    "source_agency": r.source.agency, "source_year": r.source.year, "source_text": r.source.text,
                    "source_start": r.source.start, "source_end": r.source.end, "bodies": r.bodies}
        rows["sentences"].append(row)
    for item in (*report.problems, *report.improvements):
        fields = asdict(item)
        fields["item_year"] = fields.pop("year")  # ``year`` stays the report's, as in every table
        rows["items"].append(of | fields)
    for f in report.follow_up:
        rows["follow_ups"].append(of | asdict(f))
    rows["findings"] += [of | _finding(f) for f in report.findings]
    rows["cells"] += [of | {k: v for k, v in cell.items() if k != "report"} for cell in table_records(report.path, report.tables)]
    return rows


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "message": f.message, "message_en": f.message_en,
            "evidence": [asdict(e) for e in f.evidence], "expected": _json(f.expected), "actual": _json(f.actual)}


def body_rows(series: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``bodies`` from the per-body year series (``corpus.bodies``)."""
    return [{"body": b["body"], "agency": b["agency"], "years": [y["year"] for y in b["years"]],
             "n_reports": len(b["years"]), "recurring_problems": b["recurring_problems"]} for b in series]


def family_rows(records: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of ``families`` (one per member) and ``family_sentences`` (one per shared sentence,
    most used first) from the run's family records (``compare.families``, as in the JSON)."""
    rows: dict[str, list[dict[str, Any]]] = {"families": [], "family_sentences": []}
    for f in records:
        rows["families"] += [{"family": f["id"], "body": body, "agency": agency, "similarity": f["similarity"]}
                             for body, agency in zip(f["members"], f["agencies"])]
        rows["family_sentences"] += [{"family": f["id"], "rank": rank, "text": s["text"], "members": s["members"]}
                                     for rank, s in enumerate(f["shared"], 1)]
    return rows


class StoreWriter:
    """Writes a run's tables under ``directory`` as reports are added; ``close`` completes it.

    A folder that already holds a store is replaced; any other non-empty folder is refused,
    so a mistyped ``--store`` never deletes someone's files. ``part`` names this writer's files
    (writers on several machines write their own parts of one store).
    """

    def __init__(self, directory: str | Path, part: str = "part-0", batch: int = BATCH) -> None:
        self.directory = Path(directory)
        self.part = part
        self.batch = batch
        _prepare(self.directory)
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._pending = 0
        self.reports = 0

    def add(self, report: Report, body: str) -> None:
        """Buffer the rows of one linked report; a full batch goes to disk."""
        for name, rows in report_rows(report, body).items():
            self._rows[name] += rows
        self.reports += 1
        self._pending += 1
        if self._pending >= self.batch:
            self.flush()

    def add_bodies(self, series: Iterable[dict[str, Any]]) -> None:
        self._rows["bodies"] += body_rows(series)

    def add_families(self, records: Iterable[Mapping[str, Any]]) -> None:
        for name, rows in family_rows(records).items():
            self._rows[name] += rows

    def flush(self) -> None:
        """Write the buffered rows of every table as one row group each."""
        for name, rows in self._rows.items():
            if rows:
                self._writer(name).write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]))
                rows.clear()
        self._pending = 0

    def _writer(self, name: str) -> pq.ParquetWriter:
        if name not in self._writers:
            folder = self.directory / name
            folder.mkdir(parents=True, exist_ok=True)
            self._writers[name] = pq.ParquetWriter(folder / f"{self.part}.parquet", SCHEMAS[name], compression="zstd")
        return self._writers[name]

    def close(self) -> None:
        """Write what is buffered, an empty part for tables without rows (so every table reads
        with its schema), and the marker that says the store is complete."""
        self.flush()
        for name in TABLES:
            self._writer(name)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        (self.directory / MARKER).write_text(json.dumps({
            "format": FORMAT, "textkit": _version(), "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "reports": self.reports, "tables": list(TABLES)}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def __enter__(self) -> "StoreWriter":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # an interrupted run leaves no marker: readers see an incomplete store
            for writer in self._writers.values():
                writer.close()


def _version() -> str:
    try:
        return metadata.version("zfxxgk-textkit")
    except metadata.PackageNotFoundError:
        return "unknown"


def _prepare(directory: Path) -> None:
    """Make ``directory`` ready for a new store: create it, or clear a previous store in it."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--store {directory}: exists and is not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        names = {p.name for p in directory.iterdir()}
        if not names <= {MARKER, *TABLES}:
            raise UsageError(f"--store {directory}: folder is not empty and holds no textkit store; "
                             "name a new or empty folder")
        for name in names & set(TABLES):
            shutil.rmtree(directory / name)
        (directory / MARKER).unlink(missing_ok=True)
    directory.mkdir(parents=True, exist_ok=True)


def read_table(directory: str | Path, name: str) -> pa.Table:
    """One table of a complete store, every part in order, as a pyarrow Table."""
    directory = Path(directory)
    if name not in SCHEMAS:
        raise UsageError(f"unknown store table {name!r}: expected one of {', '.join(TABLES)}")
    _check_complete(directory)
    parts = sorted((directory / name).glob("*.parquet"))
    return pa.concat_tables([pq.read_table(p, schema=SCHEMAS[name]) for p in parts]) if parts else SCHEMAS[name].empty_table()


def _check_complete(directory: Path) -> None:
    if not (directory / MARKER).is_file():
        raise UsageError(f"{directory}: not a complete textkit store (no {MARKER}: the run that wrote it did not finish)")


def frame(directory: str | Path, name: str) -> Any:
    """One table of a store as a pandas DataFrame."""
    return read_table(directory, name).to_pandas()


def iter_rows(directory: str | Path, name: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """The rows of one table as dicts, a row group at a time (bounded memory)."""
    directory = Path(directory)
    _check_complete(directory)
    for part in sorted((directory / name).glob("*.parquet")):
        for record_batch in pq.ParquetFile(part).iter_batches(batch_size=batch):
            yield from record_batch.to_pylist()
