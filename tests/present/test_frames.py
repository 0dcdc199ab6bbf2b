"""Flat records and DataFrames of analysed reports, one kind at a time (textkit.present.frames)."""
from __future__ import annotations

from pathlib import Path

import pytest

import textkit
from textkit.present.frames import KINDS, frame, records


@pytest.fixture(scope="module")
def reports(sample_corpus: Path) -> list[textkit.Report]:
    return textkit.Corpus(sample_corpus / "qinghe-county", workers=1).reports


def test_each_kind_has_a_record_per_thing_and_names_its_report(reports: list[textkit.Report]) -> None:
    expected = {"reports": len(reports), "sections": sum(len(r.sections) for r in reports),
                "sentences": sum(len(r.sentences) for r in reports),
                "items": sum(len(r.problems) + len(r.improvements) for r in reports),
                "recycled": sum(len(r.recycled) for r in reports), "findings": sum(len(r.findings) for r in reports),
                "follow_up": sum(len(r.follow_up) for r in reports),
                "cells": sum(len(t.cells) for r in reports for t in r.tables)}
    assert set(expected) == set(KINDS)
    paths = {r.path for r in reports}
    for kind, n in expected.items():
        rows = records(reports, kind)
        assert len(rows) == n, kind
        key = "path" if kind == "reports" else "report"
        assert all(row[key] in paths for row in rows), kind
    assert expected["follow_up"] > 0 and expected["cells"] > 0


def test_frame_is_a_dataframe_of_the_records(reports: list[textkit.Report]) -> None:
    df = frame(reports, "findings")
    assert len(df) == len(records(reports, "findings"))
    assert {"report", "rule", "severity"} <= set(df.columns)


def test_unknown_kind_is_a_clear_error(reports: list[textkit.Report]) -> None:
    with pytest.raises(ValueError, match="unknown frame 'tables'"):
        records(reports, "tables")
