"""One Settings object reaches every step that compares reports, and keys a body's cached comparison."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textkit import Corpus
from textkit.audit.card import report_card
from textkit.config import Settings
from textkit.errors import UsageError
from textkit.model import Finding
from textkit.run import link
from textkit.run.cache import AnalysisCache
from textkit.run.corpus import analyze_corpus


def _near(reports: list) -> int:
    return sum(1 for r in reports for x in r.recycled if x.kind == "near")


def _done(reports: list) -> int:
    return sum(1 for r in reports for f in r.follow_up if f.status == "done")


# Stricter than the defaults in the matcher and in the follow-through of promises.
STRICT = Settings(near=0.999, followup_done=1.0, followup_key_share=1.0, followup_min_key_words=50)


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
    strict = Corpus(one_body, workers=workers, settings=STRICT).reports
    assert _near(default) > 0 and _done(default) > 0
    assert _near(strict) < _near(default)
    assert _done(strict) < _done(default)


@pytest.mark.parametrize("strict", [Settings(near=0.999), Settings(followup_done=1.0, followup_key_share=1.0)])
def test_cached_body_comparison_is_keyed_by_settings(one_body: Path, tmp_path: Path, strict: Settings) -> None:
    analyze_corpus([one_body], workers=1, cache=AnalysisCache(tmp_path, Settings()))
    # every report is cached now; only the body's comparison must be made again under other settings
    again = analyze_corpus([one_body], workers=1, cache=AnalysisCache(tmp_path, strict), settings=strict)
    assert again == analyze_corpus([one_body], workers=1, settings=strict)


@pytest.mark.parametrize("field, value", [("near", 1.5), ("followup_done", 0.0), ("followup_recur", 2.0),
                                          ("followup_min_key_words", 0), ("followup_headline_weight", -1.0),
                                          ("penalty_error", -5)])
def test_out_of_range_threshold_is_a_clear_error(field: str, value: float) -> None:
    with pytest.raises(UsageError, match=f"Settings.{field}="):
        Settings(**{field: value})


def test_report_card_takes_its_penalties_from_settings() -> None:
    findings = [Finding("a", "error", "", ""), Finding("b", "warning", "", ""), Finding("c", "info", "", "")]
    assert report_card(findings)["score"] == 100 - 15 - 5 - 1
    assert report_card(findings, Settings(penalty_error=50, penalty_warning=0, penalty_info=2))["score"] == 48
    assert report_card(findings * 3, Settings(penalty_error=40))["score"] == 0
