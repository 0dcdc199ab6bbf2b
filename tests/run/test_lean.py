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


def test_reports_are_held_slim_until_written(sample_corpus: Path, tmp_path: Path) -> None:
    files = discover([sample_corpus])
    analyze_and_link(files, workers=1, cache=AnalysisCache(tmp_path))
    with streamed(files, workers=1, cache=AnalysisCache(tmp_path)) as run:
        first = next(run.reports)
        assert first.document is not None and first.document.source_text  # written whole
        held = [r for r in run.reports.gi_frame.f_locals["reports"] if r.ok]  # type: ignore[attr-defined]
        assert held and all(r.document.source_text == "" and r.tables == () and r.findings == () for r in held)


def test_a_cache_entry_gone_before_writing_is_analysed_again(sample_corpus: Path, in_memory: list, tmp_path: Path) -> None:
    """An entry removed (or damaged) between the analysis and the output costs a re-analysis of
    that file, never the document."""
    files = discover([sample_corpus])
    with streamed(files, workers=1, cache=AnalysisCache(tmp_path)) as run:
        shutil.rmtree(tmp_path)
        assert list(run.reports) == in_memory
