"""The ``textkit`` command: parses arguments and dispatches; the work lives in other modules."""
from __future__ import annotations

import argparse
import json
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn, Sequence

from .config import Settings
from .errors import TextkitError, UsageError
from .present.write import FORMAT_OF_SUFFIX, FORMATS

DEFAULT_CORPUS = "corpus"


def _version() -> str:
    try:
        return metadata.version("zfxxgk-textkit")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="textkit", description="Read and audit government information-disclosure annual reports.")
    p.add_argument("--version", action="version", version=f"textkit {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    def display(cmd: argparse.ArgumentParser) -> None:
        g = cmd.add_argument_group("display")
        g.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default zh)")
        g.add_argument("--script", choices=["auto", "simplified", "traditional", "hk", "tw"], default="auto",
                       help="script to show report text in (auto: the input's own)")

    show = sub.add_parser("show", help="metadata, script, layout and section outline of one report")
    show.add_argument("file", help="one report file (.txt, .html)")
    show.add_argument("--json", action="store_true", help="print one JSON object (schema in README)")
    display(show)

    convert = sub.add_parser("convert", help="write a report's body converted to another script")
    convert.add_argument("file", help="one report file (.txt, .html)")
    convert.add_argument("--to", choices=["simplified", "traditional", "hk", "tw"], required=True,
                         help="script to write the report in")
    convert.add_argument("-o", "--output", help="output file (default: standard output)")

    audit = sub.add_parser("audit", help="analyse every report under PATH (default corpus/)")
    audit.add_argument("paths", nargs="*", default=[DEFAULT_CORPUS], metavar="PATH",
                       help="report files and folders (searched recursively; default corpus/)")
    out = audit.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, default=None,
                     help="output format (default: from the extension of -o, else table); json: one document; "
                          "jsonl: JSON Lines, a report per line (both written report by report); "
                          "html: one page, or an index and a page per body past 100 reports; "
                          "xlsx: a workbook with a sheet per kind (needs -o)")
    out.add_argument("-o", "--output", help="write to this file instead of standard output "
                                            f"({', '.join(FORMAT_OF_SUFFIX)} pick the format)")
    out.add_argument("--details", metavar="FILE", help="drill into one report of the run")
    out.add_argument("--store", metavar="DIR",
                     help="also write the run as Parquet tables in DIR, for DuckDB, pandas or polars (docs/store.md)")
    out.add_argument("--timings", action="store_true",
                     help="print on standard error when each step ends (analysed, linked, written), with this process's CPU time")
    run = audit.add_argument_group("execution")
    run.add_argument("--workers", type=int, default=None, help="local processes (default: all cores)")
    run.add_argument("--scheduler", help="address of a Dask scheduler to run on instead of local processes")
    run.add_argument("--no-cache", action="store_true",
                     help="analyse every file again instead of reusing results cached by content hash")
    run.add_argument("--cache-dir", help="cache folder (default $TEXTKIT_CACHE or the user's cache folder)")
    run.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                     help="stop a file that takes longer in a worker and report it (default 300)")
    display(audit)

    comp = sub.add_parser("compare", help="two reports side by side, carried-over sentences marked by kind")
    comp.add_argument("earlier", help="one report file, usually the earlier year (the pair is ordered by year)")
    comp.add_argument("later", help="another report file of the same body, usually the later year")
    comp.add_argument("--all", action="store_true", help="list every sentence, new ones too (default: carried-over only)")
    display(comp)

    summ = sub.add_parser("summary", help="one-screen summary of each report, with what changed since last year")
    summ.add_argument("files", nargs="+", metavar="FILE", help="report files to summarise")
    summ.add_argument("--against", metavar="DIR", default=None,
                      help="reports to compare with for keywords and last year (default: each file's own folder)")
    display(summ)

    for name, helptext in (("items", "problems and improvements of section 五"), ("check", "audit findings")):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("files", nargs="+", metavar="FILE",
                         help="report files (several years of one body are linked: follow-up, carried-over)")
        cmd.add_argument("--json", action="store_true", help="print a JSON list, one object per report (README schema)")
        display(cmd)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Exit codes (README): 0 done, 1 a named file cannot be read or the
    output cannot be written, 2 a usage error, 130 interrupted (one line, no traceback), 141 the
    reader of the output closed early (``| head``: nothing printed, as a process ended by SIGPIPE)."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # argparse would name the top-level usage: show the command's own
        _subparser(parser, args.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        if not _stdout_closed():
            raise
        return _reader_gone()
    except UsageError as exc:
        print(f"textkit: error: {_plain(exc)}", file=sys.stderr)
        return 2
    except TextkitError as exc:
        print(f"textkit: error: {_plain(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("textkit: interrupted; nothing was written", file=sys.stderr)
        if argv is None:  # the program itself, not a caller's main([...])
            _end_interrupted()
        return 130


def _end_interrupted() -> NoReturn:
    """End the process now with status 130. Returning 130 is not enough: a Ctrl-C that lands
    while the parent is still importing its libraries (lazily, as the workers start) can leave
    the interpreter marked as interrupted, and Python then ends itself by SIGINT once ``main``
    has returned: status -2 in 19 of 25 runs of the Ctrl-C test, 0 of 25 with this. The workers
    are already stopped and partial files removed: the ``with`` blocks the interrupt passed
    through have closed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(130)


def _stdout_closed() -> bool:
    """Whether the reader of standard output went away (``textkit ... | head``)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows) or no real stdout
        return True


def _reader_gone() -> int:
    """Stop quietly, as Unix tools do when their reader closes early: no traceback, the status
    of a process ended by SIGPIPE (128 + 13), and nothing more written to the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 128 + int(signal.SIGPIPE) if hasattr(signal, "SIGPIPE") else 1


def _console(args: argparse.Namespace) -> Any:
    """The terminal renderer in the reader's language and script."""
    from .present.terminal import renderer

    return renderer(getattr(args, "lang", "zh"), getattr(args, "script", "auto"))


def _plain(value: object) -> str:
    """Input (a file name, report text in an error) made safe to print: see ``present.shown``."""
    from .present.shown import plain

    return plain(value)


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[command]  # type: ignore[no-any-return]


def _require_files(paths: Sequence[str]) -> None:
    """A named path that does not exist, or is a folder, is a usage error; one that exists but
    cannot be read (a pipe, a device, bad bytes) is that file's error, exit code 1."""
    for path in paths:
        if Path(path).is_dir():
            raise UsageError(f"{path}: is a folder; `textkit audit {path}` analyses every report in it")
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file")


def _one(path: str) -> Any:
    _require_files([path])
    return _many([path])[0]


def _unreadable(reports: Sequence[Any], named: Sequence[str]) -> int:
    """Exit code for the files named on the command line: 1 (each error printed on one line)
    when any of them could not be read, else 0."""
    wanted = {str(Path(p)) for p in named}
    failed = [r for r in reports if r.document is None and str(Path(r.path)) in wanted]
    for r in failed:
        print(f"textkit: error: {_plain(r.error)}", file=sys.stderr)
    return 1 if failed else 0


def _print_json(data: Any) -> None:
    from .present.shown import json_safe

    print(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def cmd_show(args: argparse.Namespace) -> int:
    from .present.export import report_dict

    report = _one(args.file)
    if args.json:
        _print_json(report_dict(report))
    elif report.document is not None:
        _console(args).outline(report)
    return _unreadable([report], [args.file])


def cmd_convert(args: argparse.Namespace) -> int:
    from .read.ingest import read
    from .read.normalize import to_display
    from .run.output import atomic_output, check_output

    _require_files([args.file])
    if args.output:
        check_output(args.output, [args.file])
    doc = read(args.file)
    title = [doc.title] if doc.title and not doc.text.startswith(doc.title) else []
    text = to_display("\n".join(title + [doc.text]), args.to)
    if args.output:
        with atomic_output(args.output) as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .present.write import Output, output_format, write
    from .run.corpus import streamed
    from .run.inputs import find_inputs
    from .run.output import check_output
    from .run.runner import TIME_LIMIT

    args.format = output_format(args.format, args.output)
    if args.output:  # checked before the run: a bad path fails at once, not after the analysis
        check_output(args.output, args.paths)
    found = find_inputs(args.paths)
    files = found.files
    if not files:
        raise UsageError(f"no report files (.txt, .html, .pdf, .docx) under {' '.join(args.paths)}")
    from .present.stream import BodySeries

    clock = _Clock(args.timings)
    settings = Settings()  # every threshold, defaults; carried by the run and the cache key
    limit = args.time_limit if args.time_limit is not None else TIME_LIMIT
    with _progress(len(files)) as advance, \
            streamed(files, args.workers, args.scheduler, advance, _cache(args, settings), settings,
                     found.refused, limit) as run:
        clock.mark("analysed")
        series = BodySeries(run.annual, run.recurring)
        reports = series.fed(clock.first(run.reports, "linked"))
        if args.store:
            reports = _stored(reports, Path(args.store), series)
        if args.details:
            return _details(args, reports)
        n = write(Output(args.format, args.output, args.lang, args.script, tuple(args.paths)), reports, series)
    clock.mark("written")
    if args.output:
        from .present.labels import Labels

        print(Labels(args.lang)["wrote"].format(path=_plain(args.output), n=n), file=sys.stderr)
    return 0


def _cache(args: argparse.Namespace, settings: Settings) -> Any:
    from .run.cache import AnalysisCache

    return None if args.no_cache else AnalysisCache(args.cache_dir, settings)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar on standard error while the files are analysed, then "comparing reports"."""
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("analysing", total=total)

        def advance(_: Any) -> None:
            progress.advance(task)
            if progress.tasks[task].finished:
                progress.update(task, description="comparing reports")

        yield advance


class _Clock:
    """``--timings``: a line on standard error at the end of each step (what benchmarks read)."""

    def __init__(self, on: bool) -> None:
        self.on, self.start = on, time.perf_counter()

    def mark(self, step: str) -> None:
        if self.on:
            print(f"textkit timing: {step} wall={time.perf_counter() - self.start:.2f}s "
                  f"cpu={time.process_time():.2f}s", file=sys.stderr, flush=True)

    def first(self, reports: Iterable[Any], step: str) -> Iterator[Any]:
        """``reports``, marking ``step`` when the first one comes (the comparisons are done)."""
        marked = False
        for report in reports:
            if not marked:
                self.mark(step)
                marked = True
            yield report
        if not marked:
            self.mark(step)


def _stored(reports: Iterable[Any], directory: Path, series: Any) -> Iterator[Any]:
    """``reports``, each also written to the results store as it goes by; the body series once
    the last has gone."""
    from .run.link import report_body
    from .run.store import StoreWriter

    with StoreWriter(directory) as store:
        for report in reports:
            store.add(report, report_body(report))
            yield report
        store.add_bodies(series.series())
        store.add_families(series.family_records())


def _details(args: argparse.Namespace, reports: Iterable[Any]) -> int:
    """Show the report ``--details`` names: by path (the same file, however written), else by a
    file name that only one report of the run has."""
    wanted, n, by_name = args.details, 0, []
    for report in reports:
        n += 1
        if report.path == wanted or _same_file(report.path, wanted):
            return _show_details(args, report)
        if os.sep not in wanted and Path(report.path).name == wanted:
            by_name.append(report)
    if len(by_name) > 1:
        raise UsageError(f"--details {wanted}: {len(by_name)} reports of this run have that name "
                         f"({', '.join(r.path for r in by_name[:5])}); give the path")
    if by_name:
        return _show_details(args, by_name[0])
    raise UsageError(f"--details {wanted}: not among the {n} reports of this run")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _show_details(args: argparse.Namespace, report: Any) -> int:
    renderer = _console(args)
    renderer.outline(report)
    renderer.items(report)
    renderer.findings(report)
    return 0


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def cmd_items(args: argparse.Namespace) -> int:
    return _per_report(args, ("path", "error", "problems", "improvements", "follow_up"), "items")


def cmd_check(args: argparse.Namespace) -> int:
    return _per_report(args, ("path", "error", "findings", "report_card"), "findings")


def _per_report(args: argparse.Namespace, json_keys: tuple[str, ...], view: str) -> int:
    """Analyse FILE... together (so years of one body are linked) and show one view of each."""
    from .present.export import report_dict

    _require_files(args.files)
    reports = _many(args.files)
    if args.json:
        _print_json([{k: report_dict(r).get(k) for k in json_keys} for r in reports])
    else:
        renderer = _console(args)
        for r in reports:
            if r.document is not None:
                getattr(renderer, view)(r)
    return _unreadable(reports, args.files)


def cmd_compare(args: argparse.Namespace) -> int:
    """Two reports, the earlier year first whatever the argument order; a warning on stderr
    when the pair was reordered or the bodies differ; two copies of one report say so."""
    from .present.labels import Labels
    from .run.link import report_body

    _require_files([args.earlier, args.later])
    reports = _many([args.earlier, args.later])
    for r in reports:
        if not r.ok:
            raise TextkitError(f"cannot compare: {r.error}")
    t, renderer = Labels(args.lang), _console(args)
    if len(reports) == 1:  # the two files were merged as copies of one report
        (report,) = reports
        show = renderer.shower(report)
        print(t["compare_copies"].format(body=show(report.document.agency), year=report.document.year))
        return 0
    earlier, later = sorted(reports, key=lambda r: r.document.year or 0)
    names = {r.path: renderer.shower(r)(r.document.title or r.path) for r in reports}
    if earlier.path != reports[0].path:
        print(t["compare_order"].format(earlier=names[earlier.path], later=names[later.path]), file=sys.stderr)
    if report_body(earlier) != report_body(later):
        print(t["compare_bodies"].format(earlier=renderer.shower(earlier)(earlier.document.agency),
                                         later=renderer.shower(later)(later.document.agency)), file=sys.stderr)
    renderer.compare(earlier, later, every=args.all)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .present.summary import summary

    wanted = [str(Path(f)) for f in args.files]
    _require_files(wanted)
    from .run.corpus import discover

    folders = [args.against] if args.against else sorted({str(Path(f).parent) for f in wanted})
    others = [str(f) for f in discover(folders)]
    reports = _many(wanted + [f for f in others if f not in wanted])
    renderer = _console(args)
    by_path = {p: r for r in reports for p in (r.path, *r.copies)}
    for f in wanted:
        if by_path[f].document is not None:
            renderer.console.print(summary(by_path[f], reports, lang=args.lang, script=args.script))
    return _unreadable([by_path[f] for f in wanted], wanted)


def _many(files: list[str]) -> list[Any]:
    from .run.corpus import analyze_corpus

    return analyze_corpus(files, workers=1)


_COMMANDS = {"show": cmd_show, "convert": cmd_convert, "audit": cmd_audit, "items": cmd_items, "check": cmd_check,
             "summary": cmd_summary, "compare": cmd_compare}

if __name__ == "__main__":
    sys.exit(main())
