"""pandas DataFrames over analysed reports, one table per kind of result, for notebooks."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..analyze.tables import table_records
from ..model import Report
from .export import finding_dict, summary_row

KINDS = ("reports", "sections", "sentences", "items", "recycled", "findings", "follow_up", "cells")


def records(reports: list[Report], kind: str) -> list[dict[str, Any]]:
    """Flat records of one kind; every record carries the report's path, body and year."""
    if kind not in KINDS:
        raise ValueError(f"unknown frame {kind!r}: expected one of {', '.join(KINDS)}")
    rows: list[dict[str, Any]] = []
    for r in reports:
        base = {"report": r.path, "agency": r.document.agency if r.document else None,
                "year": r.document.year if r.document else None}
        if kind == "reports":
            rows.append(summary_row(r))
        elif kind == "sections":
            rows += [base | {"key": s.key, "heading": s.heading, "start": s.start, "end": s.end,
                             "narrative": s.narrative, "chars": s.end - s.body_start} for s in r.sections]
        elif kind == "sentences":
            rows += [base | {"section": s.section, "text": s.text, "start": s.start, "end": s.end} for s in r.sentences]
        elif kind == "items":
            rows += [base | asdict(i) for i in (*r.problems, *r.improvements)]
        elif kind == "recycled":
            rows += [base | {k: v for k, v in asdict(x).items() if k != "source"}
                     | {f"source_{k}": v for k, v in asdict(x.source).items()} for x in r.recycled]
        elif kind == "findings":
            rows += [base | finding_dict(f) for f in r.findings]
        elif kind == "follow_up":
            rows += [base | asdict(f) for f in r.follow_up]
        elif kind == "cells":
            rows += [base | cell for cell in table_records(r.path, r.tables)]
    return rows


def frame(reports: list[Report], kind: str) -> Any:
    import pandas as pd

    return pd.DataFrame.from_records(records(reports, kind))
