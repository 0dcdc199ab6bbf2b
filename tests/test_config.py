"""One Settings object reaches every step that compares reports, and keys a body's cached comparison."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textkit import Corpus
from textkit.config import Settings
from textkit.errors import UsageError
from textkit.run import link
from textkit.run.cache import AnalysisCache
from textkit.run.corpus import analyze_corpus


def _near(reports: list) -> int:
    return sum(1 for r in reports for x in r.recycled if x.kind == "near")


@pytest.fixture(scope="module")
def one_body(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bodies of four years each: eight files, enough for the run to start workers."""
    folder = tmp_path_factory.mktemp("bodies")
    for body in ("qinghe-county", "dongxi-county"):
        shutil.copytree(sample_corpus / body, folder / body, ignore=shutil.ignore_patterns("*.json", "*.md"))
    return folder


def test_defaults_are_the_default_run(one_body: Path) -> None:
    assert analyze_corpus([one_body], workers=1, settings=Settings()) == analyze_corpus([one_body], workers=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_corpus_carries_settings_to_the_matcher(one_body: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also to the per-body steps on the workers (started for any corpus size here)."""
    monkeypatch.setattr(link, "MIN_PARALLEL_LINK", 0)
    default = Corpus(one_body, workers=workers).reports
    strict = Corpus(one_body, workers=workers, settings=Settings(near=0.999)).reports
    assert _near(default) > 0
    assert _near(strict) < _near(default)


def test_cached_body_comparison_is_keyed_by_settings(one_body: Path, tmp_path: Path) -> None:
    strict = Settings(near=0.999)
    analyze_corpus([one_body], workers=1, cache=AnalysisCache(tmp_path, Settings()))
    # every report is cached now; only the body's comparison must be made again under other settings
    again = analyze_corpus([one_body], workers=1, cache=AnalysisCache(tmp_path, strict), settings=strict)
    assert again == analyze_corpus([one_body], workers=1, settings=strict)


def test_out_of_range_threshold_is_a_clear_error() -> None:
    with pytest.raises(UsageError, match="Settings.near"):
        Settings(near=1.5)
