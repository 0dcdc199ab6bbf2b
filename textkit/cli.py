"""The ``textkit`` command: parses arguments and dispatches; the work lives in other modules."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from .errors import TextkitError, UsageError

DEFAULT_CORPUS = "corpus"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="textkit", description="Read and audit government information-disclosure annual reports.")
    sub = p.add_subparsers(dest="command", required=True)

    def display(cmd: argparse.ArgumentParser) -> None:
        g = cmd.add_argument_group("display")
        g.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default zh)")
        g.add_argument("--script", choices=["auto", "simplified", "traditional", "hk", "tw"], default="auto",
                       help="script to show report text in (auto: the input's own)")

    show = sub.add_parser("show", help="metadata, script, layout and section outline of one report")
    show.add_argument("file")
    show.add_argument("--json", action="store_true", help="print one JSON object (schema in README)")
    display(show)

    convert = sub.add_parser("convert", help="write a report's body converted to another script")
    convert.add_argument("file")
    convert.add_argument("--to", choices=["simplified", "traditional", "hk", "tw"], required=True)
    convert.add_argument("-o", "--output", help="output file (default: standard output)")

    audit = sub.add_parser("audit", help="analyse every report under PATH (default corpus/)")
    audit.add_argument("paths", nargs="*", default=[DEFAULT_CORPUS])
    out = audit.add_argument_group("output")
    out.add_argument("--format", choices=["table", "json", "csv", "html"], default="table")
    out.add_argument("-o", "--output", help="write to this file instead of standard output")
    out.add_argument("--details", metavar="FILE", help="drill into one report of the run")
    run = audit.add_argument_group("execution")
    run.add_argument("--workers", type=int, default=None, help="local processes (default: all cores)")
    run.add_argument("--scheduler", help="address of a Dask scheduler to run on instead of local processes")
    run.add_argument("--no-cache", action="store_true",
                     help="analyse every file again instead of reusing results cached by content hash")
    run.add_argument("--cache-dir", help="cache folder (default $TEXTKIT_CACHE or .textkit-cache)")
    display(audit)

    comp = sub.add_parser("compare", help="two reports side by side, carried-over sentences marked by kind")
    comp.add_argument("earlier")
    comp.add_argument("later")
    display(comp)

    summ = sub.add_parser("summary", help="one-screen summary of each report, with what changed since last year")
    summ.add_argument("files", nargs="+")
    summ.add_argument("--against", metavar="DIR", default=None,
                      help="reports to compare with for keywords and last year (default: corpus/ when present)")
    display(summ)

    for name, helptext in (("items", "problems and improvements of section 五"), ("check", "audit findings")):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("files", nargs="+")
        cmd.add_argument("--json", action="store_true")
        display(cmd)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"textkit: error: {exc}", file=sys.stderr)
        return 2
    except TextkitError as exc:
        print(f"textkit: error: {exc}", file=sys.stderr)
        return 1


def _console(args: argparse.Namespace, file: Any = None) -> Any:
    from rich.console import Console

    from .present.terminal import Renderer

    return Renderer(Console(file=file, width=160 if file else None), getattr(args, "lang", "zh"),
                    getattr(args, "script", "auto"))


def _require_files(paths: Sequence[str]) -> None:
    for path in paths:
        if not Path(path).is_file():
            raise UsageError(f"{path}: no such file")


def _one(path: str) -> Any:
    _require_files([path])
    return _many([path])[0]


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def cmd_show(args: argparse.Namespace) -> int:
    from .present.export import report_dict

    report = _one(args.file)
    if args.json:
        _print_json(report_dict(report))
    else:
        _console(args).outline(report)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from .read.ingest import read
    from .read.normalize import to_display

    text = to_display(read(args.file).text, args.to)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .present.digest import bodies

    reports = _run_with_progress(args)
    if args.details:
        chosen = [r for r in reports if r.path == args.details or Path(r.path).name == Path(args.details).name]
        if not chosen:
            raise UsageError(f"--details {args.details}: not among the {len(reports)} reports of this run")
        renderer = _console(args)
        renderer.outline(chosen[0])
        renderer.items(chosen[0])
        renderer.findings(chosen[0])
        return 0
    text = _format(args, reports, bodies(reports))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({len(reports)} reports)", file=sys.stderr)
    elif text:
        sys.stdout.write(text)
    return 0


def _run_with_progress(args: argparse.Namespace) -> list[Any]:
    from rich.progress import Progress

    from .run.cache import AnalysisCache
    from .run.corpus import analyze_and_link, discover

    files = discover(args.paths)
    if not files:
        raise UsageError(f"no report files (.txt, .html) under {' '.join(args.paths)}")
    cache = None if args.no_cache else AnalysisCache(args.cache_dir)
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("analysing", total=len(files))

        def advance(_: Any) -> None:
            progress.advance(task)
            if progress.tasks[task].finished:
                progress.update(task, description="comparing reports")

        return analyze_and_link(files, args.workers, args.scheduler, advance, cache)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _format(args: argparse.Namespace, reports: list[Any], body_series: list[dict[str, Any]]) -> str:
    from .present.export import report_dict, summary_row

    if args.format == "json":
        return json.dumps({"reports": [report_dict(r) for r in reports], "bodies": body_series},
                          ensure_ascii=False, indent=2, default=str) + "\n"
    if args.format == "csv":
        rows = [summary_row(r) for r in reports]
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    if args.format == "html":
        from .present.html import render_html

        return render_html(reports, body_series, lang=args.lang, script=args.script)
    if args.output:
        buf = io.StringIO()
        renderer = _console(args, file=buf)
    else:
        renderer = _console(args)
    renderer.audit_table(reports)
    renderer.bodies_table(body_series)
    return buf.getvalue() if args.output else ""


def cmd_items(args: argparse.Namespace) -> int:
    return _per_report(args, ("path", "problems", "improvements", "follow_up"), "items")


def cmd_check(args: argparse.Namespace) -> int:
    return _per_report(args, ("path", "error", "findings", "report_card"), "findings")


def _per_report(args: argparse.Namespace, json_keys: tuple[str, ...], view: str) -> int:
    """Analyse FILE... together (so years of one body are linked) and show one view of each."""
    from .present.export import report_dict

    reports = _many(args.files)
    if args.json:
        _print_json([{k: report_dict(r).get(k) for k in json_keys} for r in reports])
        return 0
    renderer = _console(args)
    for r in reports:
        getattr(renderer, view)(r)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    _require_files([args.earlier, args.later])
    earlier, later = _many([args.earlier, args.later])
    for r in (earlier, later):
        if not r.ok:
            raise UsageError(f"cannot compare: {r.error}")
    _console(args).compare(later, earlier)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .present.summary import summary

    background = args.against or (DEFAULT_CORPUS if Path(DEFAULT_CORPUS).is_dir() else None)
    wanted = [str(Path(f)) for f in args.files]
    _require_files(wanted)
    reports = _many(wanted + ([background] if background else []))
    renderer = _console(args)
    by_path = {r.path: r for r in reports}
    for f in wanted:
        renderer.console.print(summary(by_path[f], reports, lang=args.lang, script=args.script))
    return 0


def _many(files: list[str]) -> list[Any]:
    from .run.corpus import analyze_corpus

    return analyze_corpus(files, workers=1)


_COMMANDS = {"show": cmd_show, "convert": cmd_convert, "audit": cmd_audit, "items": cmd_items, "check": cmd_check,
             "summary": cmd_summary, "compare": cmd_compare}

if __name__ == "__main__":
    sys.exit(main())
