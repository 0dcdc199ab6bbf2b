"""The spreadsheet output: one .xlsx sheet per kind of result, written report by report.

Excel and WPS are what auditors open first, so every kind of result gets its own sheet with a
frozen, filterable header row and columns sized to their content. The workbook is written in
xlsxwriter's constant-memory mode: each row goes to disk as soon as it is written, so a run of
any size needs the memory of one report, not of the whole workbook.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import UsageError
from ..model import Report
from .frames import records

# Sheet name -> its columns, in order (the documented schema; README "Spreadsheet output").
SHEETS: dict[str, tuple[str, ...]] = {
    "reports": ("path", "agency", "year", "title", "published", "is_report", "layout", "script", "sections",
                "n_sections", "problems", "improvements", "new", "carried", "template", "errors", "warnings",
                "infos", "score", "error"),
    "findings": ("report", "agency", "year", "severity", "rule", "message", "message_en", "expected", "actual",
                 "evidence", "cells"),
    "items": ("report", "agency", "year", "kind", "marker", "headline", "category", "category_cues",
              "specificity", "specificity_reasons", "start", "end", "text"),
    "carried": ("report", "agency", "year", "section", "kind", "similarity", "bodies", "text", "start", "end",
                "source_path", "source_agency", "source_year", "source_text"),
    "follow_up": ("report", "agency", "year", "promise_year", "promise_headline", "status", "evidence_year",
                  "evidence_text", "promise_text"),
    "cells": ("report", "agency", "year", "table", "row", "column", "value", "raw"),
    "bodies": ("body", "agency", "years", "reports", "errors", "warnings", "infos", "recurring_problems"),
}
# The frame kind (frames.KINDS) each per-report sheet is filled from.
_FRAME_OF = {"reports": "reports", "findings": "findings", "items": "items", "carried": "recycled",
             "follow_up": "follow_up", "cells": "cells"}
_PERCENT = {"new", "carried", "template"}  # shares, shown as percentages on the reports sheet
_MAX_CELL = 32767  # Excel's limit on the characters of one cell
MAX_ROWS = 1_048_576  # Excel's rows per sheet, header included; more rows go on to "cells_2", "cells_3" …
_MIN_WIDTH, _MAX_WIDTH = 6, 60


class SpreadsheetWriter:
    """Writes reports, then bodies, into one workbook; ``close`` (or leaving ``with``) finishes it.

    The file appears only when it is complete: it is written beside the target and renamed.
    """

    def __init__(self, path: str | Path) -> None:
        import xlsxwriter

        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".part")
        self._book = xlsxwriter.Workbook(str(self._partial), {"constant_memory": True, "strings_to_numbers": False,
                                                               "strings_to_formulas": False, "strings_to_urls": False})
        self._header = self._book.add_format({"bold": True, "bg_color": "#EEF1F6", "bottom": 1})
        self._percent = self._book.add_format({"num_format": "0%"})
        self._parts: dict[str, list[tuple[Any, int]]] = {}  # sheet -> its worksheets and their data rows
        self.rows = {name: 0 for name in SHEETS}
        self._widths = {name: [_width(c) for c in columns] for name, columns in SHEETS.items()}
        for name in SHEETS:
            self._parts[name] = []
            self._add_part(name)

    def add_report(self, report: Report) -> None:
        for sheet, kind in _FRAME_OF.items():
            for record in records([report], kind):
                self._write(sheet, _flatten(sheet, record))

    def add_body(self, series: Mapping[str, Any]) -> None:
        """One element of ``corpus.bodies()``: a body's year series."""
        years = list(series.get("years", []))
        self._write("bodies", {
            "body": series.get("body"), "agency": series.get("agency"),
            "years": ", ".join(str(y.get("year")) for y in years), "reports": len(years),
            **{k: sum(int(y.get(k) or 0) for y in years) for k in ("errors", "warnings", "infos")},
            "recurring_problems": "\n".join(f"{p.get('headline')} ({', '.join(map(str, p.get('years', [])))})"
                                            for p in series.get("recurring_problems", [])),
        })

    def close(self) -> None:
        from xlsxwriter.exceptions import FileCreateError

        for name, parts in self._parts.items():
            for sheet, rows in parts:
                for col, width in enumerate(self._widths[name]):
                    sheet.set_column(col, col, max(_MIN_WIDTH, min(width + 2, _MAX_WIDTH)),
                                     self._percent if name == "reports" and SHEETS[name][col] in _PERCENT else None)
                sheet.autofilter(0, 0, max(rows, 1), len(SHEETS[name]) - 1)
        try:
            self._book.close()
        except (FileCreateError, OSError) as exc:
            raise UsageError(f"{self.path}: cannot write the spreadsheet: {exc}") from exc
        os.replace(self._partial, self.path)

    def __enter__(self) -> SpreadsheetWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self._partial.unlink(missing_ok=True)

    def _add_part(self, name: str) -> None:
        parts = self._parts[name]
        sheet = self._book.add_worksheet(name if not parts else f"{name}_{len(parts) + 1}")
        sheet.write_row(0, 0, SHEETS[name], self._header)
        sheet.freeze_panes(1, 0)
        parts.append((sheet, 0))

    def _write(self, sheet: str, record: Mapping[str, Any]) -> None:
        if self._parts[sheet][-1][1] + 1 >= MAX_ROWS:
            self._add_part(sheet)
        ws, row = self._parts[sheet][-1]
        row += 1
        self._parts[sheet][-1] = (ws, row)
        self.rows[sheet] += 1
        widths = self._widths[sheet]
        for col, key in enumerate(SHEETS[sheet]):
            value = record.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_boolean(row, col, value)
                widths[col] = max(widths[col], 5)
            elif isinstance(value, (int, float)):
                ws.write_number(row, col, value)
                widths[col] = max(widths[col], min(len(f"{value:g}"), 12))
            else:
                text = str(value)[:_MAX_CELL]
                ws.write_string(row, col, text)  # never a formula or a link, whatever the text says
                widths[col] = max(widths[col], _width(text))


def write_xlsx(path: str | Path, reports: Iterable[Report], bodies: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """The whole run as a workbook; returns the number of data rows of each sheet."""
    with SpreadsheetWriter(path) as writer:
        for report in reports:
            writer.add_report(report)
        for series in bodies:
            writer.add_body(series)
    return dict(writer.rows)


def _flatten(sheet: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """Lists become one cell: cue words joined, a finding's evidence one quote per line."""
    out = dict(record)
    if sheet == "findings":
        evidence = record.get("evidence") or []
        out["evidence"] = "\n".join(str(e.get("text", "")) for e in evidence)
        out["cells"] = "、".join(c for e in evidence for c in e.get("cells", ()))
    for key, value in out.items():
        if isinstance(value, (list, tuple)):
            out[key] = "、".join(map(str, value))
        elif isinstance(value, dict):
            out[key] = ", ".join(f"{k}={v}" for k, v in value.items())
    return out


def _width(text: str) -> int:
    """Display width of the longest line, CJK characters counting two (capped: only a guide)."""
    line = max(text[:200].split("\n"), key=len)
    return (len(line) + len(line.encode("utf-8"))) // 2
