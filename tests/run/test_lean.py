"""With a cache, the parent keeps slim reports and the writer reads each back whole: the linked
reports are exactly those of a run that kept everything in memory."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textkit.run.cache import AnalysisCache
from textkit.run.corpus import analyze_and_link, discover, streamed


@pytest.fixture(scope="module")
def in_memory(sample_corpus: Path) -> list:
    return analyze_and_link(discover([sample_corpus]), workers=1)


def test_cold_and_warm_cached_runs_equal_the_in_memory_run(sample_corpus: Path, in_memory: list, tmp_path: Path) -> None:
    files = discover([sample_corpus])
    for _ in ("cold", "warm"):
        assert analyze_and_link(files, workers=1, cache=AnalysisCache(tmp_path)) == in_memory


def test_reports_are_held_as_compact_records_until_written(sample_corpus: Path, tmp_path: Path) -> None:
    """With a cache, this process holds a record of a few hundred bytes per report (path, body,
    year, a number per narrative sentence), never the report: memory does not grow with texts."""
    import pickle

    from textkit.run.records import Record

    files = discover([sample_corpus])
    analyze_and_link(files, workers=1, cache=AnalysisCache(tmp_path))
    with streamed(files, workers=1, cache=AnalysisCache(tmp_path)) as run:
        first = next(run.reports)
        assert first.document is not None and first.document.source_text  # written whole
        held = [r for r in run.reports.gi_frame.f_locals["items"] if r is not None]  # type: ignore[attr-defined]
        assert len(held) > 20 and all(isinstance(r, Record) and r.whole is None for r in held)
        assert max(len(pickle.dumps(r)) for r in held) < 2000


def test_a_cache_entry_gone_before_writing_is_analysed_again(sample_corpus: Path, in_memory: list, tmp_path: Path) -> None:
    """An entry removed (or damaged) between the analysis and the output costs a re-analysis of
    that file, never the document."""
    files = discover([sample_corpus])
    with streamed(files, workers=1, cache=AnalysisCache(tmp_path)) as run:
        shutil.rmtree(tmp_path)
        assert list(run.reports) == in_memory


def test_cached_command_writes_what_an_uncached_one_does(sample_corpus: Path, tmp_path: Path) -> None:
    """``textkit audit`` with the cache (records here; follow-ups, matches and each body's
    recurring problems found on the workers) writes the JSON of a run without it."""
    import json

    from textkit.cli import main

    cached, plain = tmp_path / "cached.json", tmp_path / "plain.json"
    assert main(["audit", str(sample_corpus), "--format", "json", "-o", str(cached), "--workers", "1",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    assert main(["audit", str(sample_corpus), "--format", "json", "-o", str(plain), "--workers", "1", "--no-cache"]) == 0
    got, want = json.loads(cached.read_text(encoding="utf-8")), json.loads(plain.read_text(encoding="utf-8"))
    assert got == want
    assert sum(len(body["recurring_problems"]) for body in got["bodies"]) >= 3


def test_a_cache_folder_that_cannot_be_written_costs_no_report(sample_corpus: Path, in_memory: list, tmp_path: Path) -> None:
    """Entries that cannot be written only warn: those reports are kept whole here instead."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(RuntimeWarning, match="cannot write"):
        assert analyze_and_link(discover([sample_corpus]), workers=1, cache=AnalysisCache(blocker / "cache")) == in_memory
