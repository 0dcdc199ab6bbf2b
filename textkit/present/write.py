"""Writes a run's reports in the format the user chose, to standard output or a file: report by
report where the format allows (JSON, JSON Lines, CSV, the workbook, HTML pages), whole where it
cannot (the terminal table, the one-page HTML report)."""
from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO, cast

from ..errors import UsageError
from ..model import Report

# Output formats of ``audit``, and the one ``-o FILE`` picks from its extension when --format is not given.
FORMATS = ("table", "json", "jsonl", "csv", "html", "xlsx")
FORMAT_OF_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html",
                    ".xlsx": "xlsx", ".txt": "table"}


@dataclass(frozen=True, slots=True)
class Output:
    """Where and how a run is written: the format, the file (None: standard output), the reader's
    language and script, and the inputs named in the HTML report's header."""

    format: str
    path: str | None
    lang: str = "zh"
    script: str = "auto"
    inputs: tuple[str, ...] = ()


def output_format(given: str | None, output: str | None) -> str:
    """--format when given, else the one ``-o FILE``'s extension names, else the table.

    >>> output_format(None, "run.xlsx"), output_format("csv", "run.txt"), output_format(None, None)
    ('xlsx', 'csv', 'table')
    """
    if given or not output:
        return given or "table"
    suffix = Path(output).suffix.lower()
    if suffix not in FORMAT_OF_SUFFIX:
        raise UsageError(f"-o {output}: cannot tell the format from {suffix or 'no extension'!r}; name a file ending "
                         f"in {', '.join(FORMAT_OF_SUFFIX)} or give --format {{{','.join(FORMATS)}}}")
    return FORMAT_OF_SUFFIX[suffix]


def write(output: Output, reports: Iterator[Report], series: Any) -> int:
    """Write the chosen format, report by report where the format allows; returns the count."""
    from .stream import write_csv, write_json, write_json_lines

    if output.format == "xlsx" or (output.format == "html" and output.path):
        return _write_files(output, reports, series)
    # a CSV file starts with a BOM so that Excel and WPS read it as UTF-8
    with _open_output(output.path, "utf-8-sig" if output.format == "csv" else "utf-8",
                      exact_names=output.format in ("json", "jsonl")) as out:
        if output.format == "json":
            return write_json(out, reports, series.series, series.family_records)
        if output.format == "jsonl":
            return write_json_lines(out, reports, series.series, series.family_records)
        if output.format == "csv":
            return write_csv(out, reports)
        held = list(reports)  # the HTML page and the terminal table are built from the whole run
        out.write(_whole(output, held, series))
        return len(held)


def _write_files(output: Output, reports: Iterator[Report], series: Any) -> int:
    """The outputs their own writers put on disk: the workbook, the HTML pages."""
    if output.format == "xlsx":
        from .xlsx import SpreadsheetWriter

        if not output.path:
            raise UsageError("--format xlsx writes a workbook: name it with -o FILE.xlsx")
        n = 0
        with SpreadsheetWriter(output.path) as workbook:  # row by row, as the reports come
            for report in reports:
                workbook.add_report(report)
                n += 1
            for body in series.series():
                workbook.add_body(body)
        return n
    from .html_pages import BodyReports, RunInfo, write_html

    assert output.path is not None
    counted = _Counted(reports)
    groups = (BodyReports(body, group) for body, group in series.groups(counted))  # a body at a time
    files = write_html(output.path, groups, RunInfo.now(output.inputs), lang=output.lang, script=output.script,
                       families=series.family_records)
    if len(files) > 1:
        print(f"{len(files) - 1} body pages in {files[1].parent}", file=sys.stderr)
    return counted.n


class _Counted:
    """An iterable that counts what has gone through it."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items, self.n = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.n += 1
            yield item


@contextmanager
def _open_output(path: str | None, encoding: str = "utf-8", exact_names: bool = False) -> Iterator[TextIO]:
    """Standard output, or ``path`` written atomically (a temporary file renamed into place).
    File names that are not UTF-8 are kept exactly (``\\udcNN``) when ``exact_names`` (JSON),
    else shown as ``\\xNN``."""
    from ..run.output import atomic_output
    from .shown import json_safe, names_shown

    escape = json_safe if exact_names else names_shown
    if path is None:
        yield cast(TextIO, _Escaping(sys.stdout, escape))
        return
    with atomic_output(path, encoding) as out:
        yield cast(TextIO, _Escaping(out, escape))


class _Escaping:
    """A text stream that passes what is written through ``escape`` (lone surrogates of file
    names that are not UTF-8, which no UTF-8 stream can hold)."""

    def __init__(self, stream: IO[str], escape: Callable[[str], str]) -> None:
        self.stream, self.escape = stream, escape

    def write(self, text: str) -> int:
        return self.stream.write(self.escape(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _whole(output: Output, reports: list[Report], series: Any) -> str:
    """The one-page HTML report, or the terminal table (printed directly when going to the terminal)."""
    from .terminal import renderer

    body_series = series.series()
    if output.format == "html":
        from .html_pages import RunInfo, render_html

        return render_html(reports, body_series, lang=output.lang, script=output.script,
                           info=RunInfo.now(output.inputs), families=series.family_records())
    buf = io.StringIO() if output.path else None
    view = renderer(output.lang, output.script, file=buf)
    view.audit_table(reports)
    view.bodies_table(body_series, reports)
    return buf.getvalue() if buf is not None else ""
