"""Writers that write a run report by report give what the whole-document writers gave."""
from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from pathlib import Path

from textkit.cli import main
from textkit.present.digest import bodies
from textkit.present.export import report_dict, summary_row
from textkit.present.stream import BodySeries, write_csv, write_json, write_json_lines
from textkit.run.link import annual_reports, report_body


def _expected_series(reports: list) -> Counter:
    return Counter(report_body(r) for r in annual_reports(reports))


def test_streamed_json_is_the_whole_document(sample_reports: dict) -> None:
    reports = list(sample_reports.values())
    out = io.StringIO()
    series = BodySeries(_expected_series(reports))
    assert write_json(out, series.fed(reports), series.series) == len(reports)
    whole = json.dumps({"reports": [report_dict(r) for r in reports], "bodies": bodies(reports)},
                       ensure_ascii=False, default=str)
    assert json.loads(out.getvalue()) == json.loads(whole)
    assert len(out.getvalue().splitlines()) == len(reports) + 3  # a report per line


def test_report_dict_copies_findings_and_recycled_as_asdict_would(sample_reports: dict) -> None:
    """``report_dict`` builds findings and recycled sentences field by field (asdict is slow):
    the same dicts, keys in the same order."""
    from dataclasses import asdict

    from textkit.present.export import finding_dict

    n = 0
    for r in sample_reports.values():
        for f in r.findings:
            old = asdict(f)
            old["evidence"] = [{k: v for k, v in e.items() if v not in (None, ())} for e in old["evidence"]]
            assert list(finding_dict(f).items()) == list(old.items())
            n += 1
        assert [list(d.items()) for d in report_dict(r).get("recycled", [])] == [list(asdict(x).items()) for x in r.recycled]
    assert n > 0


def test_streamed_json_of_no_report_is_valid() -> None:
    out = io.StringIO()
    assert write_json(out, [], list) == 0
    assert json.loads(out.getvalue()) == {"reports": [], "bodies": []}


def test_body_series_from_scattered_reports_equal_the_whole_runs(sample_reports: dict) -> None:
    """Reports of one body need not come together: each body closes when its last report is in."""
    reports = list(sample_reports.values())
    shuffled = reports[:]
    random.Random(3).shuffle(shuffled)
    series = BodySeries(_expected_series(reports))
    for r in shuffled:
        series.add(r)
    assert not series._waiting  # every body closed as its last report came
    assert series.series() == bodies(shuffled)
    assert any(b["recurring_problems"] for b in series.series())


def test_json_lines_hold_every_report_then_every_body(sample_reports: dict) -> None:
    reports = list(sample_reports.values())
    out = io.StringIO()
    series = BodySeries(_expected_series(reports))
    write_json_lines(out, series.fed(reports), series.series)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[:len(reports)] == [json.loads(json.dumps(report_dict(r), ensure_ascii=False, default=str)) for r in reports]
    assert [line["body_series"]["body"] for line in lines[len(reports):]] == [b["body"] for b in bodies(reports)]


def test_streamed_csv_has_a_row_per_report(sample_reports: dict) -> None:
    reports = list(sample_reports.values())
    out = io.StringIO()
    write_csv(out, reports)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["path"] for r in rows] == [summary_row(r)["path"] for r in reports]


def test_audit_jsonl_from_the_command_line(sample_corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "run.jsonl"
    assert main(["audit", str(sample_corpus), "--no-cache", "--workers", "1", "--format", "jsonl", "-o", str(target)]) == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    paths = [line["path"] for line in lines if "path" in line]
    assert len(paths) == len(set(paths)) > 10
    assert all("body_series" in line for line in lines[len(paths):])


def test_groups_hand_each_body_on_once_complete(sample_reports: dict) -> None:
    """The HTML pages are fed body by body: every body once, with all its annual reports and its
    series; the reports outside every body last."""
    reports = list(sample_reports.values())
    shuffled = reports[:]
    random.Random(5).shuffle(shuffled)
    series = BodySeries(_expected_series(reports))
    groups = list(series.groups(series.fed(shuffled)))
    named = [(body, group) for body, group in groups if body is not None]
    assert sorted((b["body"], b["years"]) for b, _ in named) == sorted((b["body"], b["years"]) for b in bodies(reports))
    for body, group in named:
        assert {report_body(r) for r in group} == {body["body"]} and len(group) == len(body["years"])
    rest = [group for body, group in groups if body is None]
    assert groups[-1][0] is None and len(rest) == 1
    assert sum(len(g) for _, g in groups) == len(reports)
