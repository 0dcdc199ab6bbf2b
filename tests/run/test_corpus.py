"""Batch runs: every input kept, in order; the cache analyses only new or changed files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import sample_gold
from textkit import Corpus
from textkit.config import Settings
from textkit.errors import UsageError
from textkit.run import corpus, link
from textkit.run.cache import AnalysisCache
from textkit.run.corpus import analyze_corpus, discover


def test_discover_skips_gold_and_readme(sample_corpus: Path) -> None:
    names = [p.name for p in discover([sample_corpus])]
    assert names and not any(n.endswith(".json") or n == "README.md" for n in names)


def test_missing_path_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no/such/folder"):
        discover(["no/such/folder"])


def test_incremental_run_analyses_only_new_or_changed_files(sample_corpus: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(sample_corpus / "qinghe-county", folder)
    analysed: list[str] = []
    real = corpus._safe_analyze

    def counting(job: tuple[str, bytes]) -> corpus.Report:
        analysed.append(Path(job[0]).name)
        return real(job)

    monkeypatch.setattr(corpus, "_safe_analyze", counting)
    cache = AnalysisCache(tmp_path / "cache")
    first = analyze_corpus([folder], workers=1, cache=cache)
    assert sorted(analysed) == ["2021.txt", "2022.txt", "2023.txt", "2024.txt"]

    analysed.clear()
    (folder / "2024.txt").write_text((folder / "2024.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    shutil.copy(sample_corpus / "qinghe-edu/2022.txt", folder / "edu-2022.txt")
    second = analyze_corpus([folder], workers=1, cache=cache)
    assert sorted(analysed) == ["2024.txt", "edu-2022.txt"]
    assert [r.path for r in second] == sorted(str(p) for p in folder.glob("*.txt"))
    by_path = {r.path: r for r in first}
    same = next(r for r in second if r.path.endswith("2022.txt") and "edu" not in r.path)
    assert same.sections == by_path[same.path].sections and same.problems == by_path[same.path].problems
    assert any(r.kind == "template" for r in same.recycled)  # the new file is compared with the cached ones


@pytest.mark.parametrize("workers", [1, 2])
def test_incremental_run_compares_only_bodies_that_changed(sample_corpus: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """A re-run reuses each unchanged body's follow-up and carried-over matches from the cache;
    a body with a changed report is compared again; every result equals an uncached run."""
    folder = tmp_path / "reports"
    shutil.copytree(sample_corpus, folder, ignore=shutil.ignore_patterns("*.json", "*.md"))
    log = tmp_path / "compared.txt"  # written by whichever process compares (a worker, or this one)
    real = link.steps_of_bodies

    def counting(reports: list, groups: list, settings: Settings | None = None) -> tuple:
        with log.open("a") as f:
            f.write(f"{len(groups)}\n")  # bodies compared (the rest came from the cache)
        return real(reports, groups, settings)

    def compared_bodies() -> int:
        counts = log.read_text().split() if log.exists() else []
        log.unlink(missing_ok=True)
        return sum(map(int, counts))

    monkeypatch.setattr(link, "steps_of_bodies", counting)
    monkeypatch.setattr(link, "MIN_PARALLEL_LINK", 0)
    cache = AnalysisCache(tmp_path / "cache")
    analyze_corpus([folder], workers=workers, cache=cache)
    assert compared_bodies() == 7  # seven bodies with two or more years

    again = analyze_corpus([folder], workers=workers, cache=cache)
    assert compared_bodies() == 0
    assert again == analyze_corpus([folder], workers=1)

    compared_bodies()  # the uncached run's
    changed = folder / "qinghe-edu" / "2023.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = analyze_corpus([folder], workers=workers, cache=cache)
    assert compared_bodies() == 1
    assert third == analyze_corpus([folder], workers=1)
    assert sum(len(r.follow_up) for r in third) > 30


def test_parallel_run_equals_serial(sample_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-report analysis and the per-body corpus steps on two processes give what one does."""
    serial = analyze_corpus([sample_corpus], workers=1)
    monkeypatch.setattr(link, "MIN_PARALLEL_LINK", 0)
    parallel = analyze_corpus([sample_corpus], workers=2)
    assert [r.path for r in parallel] == [r.path for r in serial]
    assert [(r.sections, r.problems, r.findings, r.recycled, r.reuse, r.follow_up) for r in parallel] == \
           [(r.sections, r.problems, r.findings, r.recycled, r.reuse, r.follow_up) for r in serial]
    assert sum(len(r.follow_up) for r in parallel) > 30 and sum(len(r.recycled) for r in parallel) > 150


# qinghe-county's four years, and its 2024 report again as PDF text, PDF and .docx (corpus/forms/)
_QINGHE_COUNTY = sum(g["agency"] == "青禾县人民政府" for _, g in sample_gold())


def test_one_body_matched_alone_equals_the_whole_corpus(sample_corpus: Path) -> None:
    """carried_in_body (what a worker runs) finds for one body what find_reuse finds for it."""
    from textkit.compare.boilerplate import carried_in_body, find_reuse

    reports = corpus.analyze_files(discover([sample_corpus]), workers=1)
    whole = find_reuse(reports, link.report_body)
    members = [i for i, r in enumerate(reports) if r.ok and link.report_body(r) == "青禾县"]
    assert len(members) == _QINGHE_COUNTY
    alone = find_reuse(reports, link.report_body, carried=lambda: {
        key: match for group in link._body_groups(reports) for key, match in carried_in_body(reports, group).items()})
    assert alone == whole
    assert any(reports[i].path in whole and whole[reports[i].path][0] for i in members)
    from textkit.compare.followup import follow_up

    per_body = {path: fus for group in link._body_groups(reports)
                for path, fus in follow_up([reports[i] for i in group]).items()}
    assert per_body == follow_up(reports) and len(per_body) > 10


@pytest.mark.parametrize("workers", [1, 2])
def test_a_body_that_fails_to_compare_loses_no_report(sample_corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                                      workers: int) -> None:
    """One body's comparison raising leaves that body's reports analysed, with a finding that
    says why they have no follow-up, and every other body compared as usual."""
    from textkit.compare import followup

    real = followup.follow_up

    def fragile(reports: list, max_gap: int = 1, settings: Settings | None = None) -> dict:
        if any(link.report_body(r) == "青禾县" for r in reports):
            raise ValueError("odd report")
        return real(reports, max_gap, settings)

    monkeypatch.setattr(followup, "follow_up", fragile)
    monkeypatch.setattr(link, "MIN_PARALLEL_LINK", 0)
    reports = analyze_corpus([sample_corpus], workers=workers)
    # every file is kept, as a report or as a copy of one (corpus/forms/ holds qinghe 2024 thrice more)
    assert sum(1 + len(r.copies) for r in reports) == len(discover([sample_corpus]))
    qinghe = [r for r in reports if r.ok and link.report_body(r) == "青禾县"]
    assert sum(1 + len(r.copies) for r in qinghe) == _QINGHE_COUNTY
    for r in qinghe:
        assert not r.follow_up and all(x.kind == "template" for x in r.recycled)
        assert [f.message_en for f in r.findings if f.rule == "comparison_failed"] == [
            "Comparing this report with the body's other years failed (ValueError: odd report): it has no "
            "follow-up of promises and no carried-over sentences marked."]
    assert sum(len(r.follow_up) for r in reports) > 20


def test_corpus_frames_cover_every_kind(sample_corpus: Path) -> None:
    c = Corpus(sample_corpus / "qinghe-county")
    assert len(c) == 4 and "4 files" in repr(c)
    for kind in ("reports", "sections", "sentences", "items", "recycled", "findings", "follow_up", "cells"):
        frame = c.to_frame(kind)
        assert len(frame) > 0, kind
    with pytest.raises(ValueError, match="unknown frame"):
        c.to_frame("tables")


def test_bodies_list_recurring_problems_with_years(sample_corpus: Path) -> None:
    series = {b["body"]: b for b in Corpus(sample_corpus / "qinghe-county").bodies()}
    recurring = series["青禾县"]["recurring_problems"]
    assert [y["year"] for y in series["青禾县"]["years"]] == [2021, 2022, 2023, 2024]
    assert {"headline": "部分单位重视程度不够", "years": [2021, 2022, 2023, 2024]} in recurring
    assert all(len(r["years"]) >= 2 for r in recurring)


def test_sending_bodies_to_workers_leaves_the_reports_as_they_were(sample_corpus: Path) -> None:
    """A per-body job carries what the workers need, and building it neither changes the
    reports this process keeps nor grows them: pickling a string in place would attach a
    UTF-8 copy to it for good (sys.getsizeof counts it)."""
    import sys

    reports = corpus.analyze_files(discover([sample_corpus]), workers=1)
    groups = link._body_groups(reports)
    sizes = [(sys.getsizeof(r.document.text), [sys.getsizeof(s.text) for s in r.sentences])
             for r in reports if r.document is not None]
    job = link._body_job(reports, groups)
    assert [(sys.getsizeof(r.document.text), [sys.getsizeof(s.text) for s in r.sentences])
            for r in reports if r.document is not None] == sizes
    assert reports == corpus.analyze_files(discover([sample_corpus]), workers=1)
    follow, carried, failed = link._body_steps(job)
    here_follow, here_carried, _ = link.steps_of_bodies(reports, groups)
    assert failed == {} and follow == here_follow and len(carried) == len(here_carried) > 100


def test_cold_cached_run_stores_what_the_workers_packed(sample_corpus: Path, tmp_path: Path) -> None:
    """With a cache, workers send each Report packed as its cache entry: the run gives what an
    uncached run gives, a re-run is served from the entries, and the reports kept here are
    never pickled here (that would leave a UTF-8 copy inside each of their strings)."""
    import sys

    files = discover([sample_corpus])
    plain = corpus.analyze_files(files, workers=2)
    cold = corpus.analyze_files(files, workers=2, cache=AnalysisCache(tmp_path))
    assert cold == plain
    assert [sys.getsizeof(r.document.text) for r in cold if r.document] == \
           [sys.getsizeof(r.document.text) for r in plain if r.document]
    assert len(list(tmp_path.rglob("*.tkc"))) == sum(r.error is None for r in plain)
    assert corpus.analyze_files(files, workers=2, cache=AnalysisCache(tmp_path)) == plain
