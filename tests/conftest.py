"""Shared fixtures: the real reports in ../shared/corpus and the project's sample corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE_CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real reports; tests using them skip where ../shared is not beside the checkout."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real reports not available: {SHARED_CORPUS} is missing (clone with ../shared beside it)")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_CORPUS


def sample_gold() -> list[tuple[Path, dict]]:
    """(report file, gold annotation) for every report of the sample corpus."""
    pairs = []
    for gold_file in sorted(SAMPLE_CORPUS.rglob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pairs.append((SAMPLE_CORPUS / gold["file"], gold))
    return pairs


@pytest.fixture(scope="session")
def real_reports(shared_corpus: Path) -> dict:
    """Every real file analysed once, keyed by its path relative to ../shared/corpus. A file
    merged into another as a copy of one report (pingtan 2011 and 2024, text and HTML) is also
    there on its own, analysed but not linked: per-file gold describes each file."""
    from textkit.run.corpus import analyze_corpus
    from textkit.run.pipeline import analyze_path

    reports = analyze_corpus([shared_corpus], workers=1)
    copies = [analyze_path(path) for r in reports for path in r.copies]
    return {str(Path(r.path).relative_to(shared_corpus)): r for r in reports + copies}


@pytest.fixture(scope="session")
def sample_reports(sample_corpus: Path) -> dict:
    """Every sample-corpus report analysed once, keyed by its path relative to corpus/ (a file
    merged into another as a copy of one report is only in that report's ``copies``)."""
    from textkit.run.corpus import analyze_corpus

    reports = analyze_corpus([sample_corpus], workers=1)
    return {str(Path(r.path).relative_to(sample_corpus)): r for r in reports}


@pytest.fixture(scope="session")
def sample_files(sample_corpus: Path, sample_reports: dict) -> dict:
    """``sample_reports`` plus each file merged as a copy (qinghe-county 2024 and its forms in
    corpus/forms/) on its own, analysed but not linked: per-file gold describes each file."""
    from textkit.run.pipeline import analyze_path

    copies = [analyze_path(path) for r in sample_reports.values() for path in r.copies]
    return sample_reports | {str(Path(r.path).relative_to(sample_corpus)): r for r in copies}
