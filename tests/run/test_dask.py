"""The batch runner on a Dask cluster gives the same Reports, in the same order, as local runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from textkit.run.corpus import analyze_files

distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed (pip install 'dask[distributed]')")

REPORT = """{agency}{year}年政府信息公开工作年度报告
一、总体情况
{year}年，本局把政务公开列入年度重点工作清单，全年发布信息{n}条。
二、主动公开政府信息情况
规章 | 0 | 0 | 0 |
三、收到和处理政府信息公开申请情况
全年共收到申请{n}件。
四、政府信息公开行政复议、行政诉讼情况
无。
五、存在的主要问题及改进情况
一是解读形式单一；二是更新不及时。
六、其他需要报告的事项
无。
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("dask_corpus")
    out = []
    for i, (agency, year) in enumerate([("东山县教育局", 2021), ("东山县教育局", 2022), ("西河区民政局", 2021)]):
        path = root / f"{i}.txt"
        encoding = "gbk" if i == 2 else "utf-8"
        path.write_bytes(REPORT.format(agency=agency, year=year, n=10 + i).encode(encoding))
        out.append(path)
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    return out + [empty]


@pytest.fixture(scope="module")
def scheduler() -> str:
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_matches_local(files: list[Path], scheduler: str) -> None:
    local = analyze_files(files, workers=1)
    remote = analyze_files(files, scheduler=scheduler)
    assert [r.path for r in remote] == [str(f) for f in files]
    assert remote == local
    assert [r.document.agency for r in remote[:3]] == ["东山县教育局", "东山县教育局", "西河区民政局"]
    assert "empty" in remote[3].error


def test_dask_reports_progress(files: list[Path], scheduler: str) -> None:
    seen: list[str] = []
    analyze_files(files, scheduler=scheduler, progress=lambda r: seen.append(r.path))
    assert seen == [str(f) for f in files]


def test_dask_links_bodies_like_local(sample_corpus: Path, scheduler: str) -> None:
    """The per-body corpus steps (follow-up, carried-over sentences) run on the cluster too."""
    from textkit.run.corpus import discover
    from textkit.run.link import link_reports

    reports = analyze_files(discover([sample_corpus]), workers=1)
    remote = link_reports(reports, scheduler=scheduler)
    assert remote == link_reports(reports, workers=1)
    assert sum(len(r.follow_up) for r in remote) > 30 and sum(len(r.recycled) for r in remote) > 150
    # The template step's per-sentence work (n-grams and MinHash, cosines) ran on the cluster too.
    with distributed.Client(scheduler) as client:
        ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert {"sentence_features", "pair_cosines"} <= set(ran)


def test_dask_run_fills_the_cache(files: list[Path], scheduler: str, tmp_path: Path) -> None:
    """Cluster workers may not see this file system: their reports come back packed and the
    entries are written here; a re-run is served from them."""
    from textkit.run.cache import AnalysisCache

    remote = analyze_files(files, scheduler=scheduler, cache=AnalysisCache(tmp_path))
    assert remote == analyze_files(files, workers=1)
    assert len(list(tmp_path.rglob("*.tkc"))) == 3  # the empty file is an error, not cached
    cache = AnalysisCache(tmp_path)
    assert all(cache.get(f.read_bytes(), str(f)) == r for f, r in zip(files[:3], remote[:3]))


def test_audit_on_the_cluster_writes_the_same_store_and_json(sample_corpus: Path, scheduler: str, tmp_path: Path) -> None:
    """``textkit audit --scheduler``: the client streams the same JSON and store as a local run."""
    import json

    from textkit.cli import main
    from textkit.run.store import read_table

    for name, extra in (("local", ["--workers", "1"]), ("dask", ["--scheduler", scheduler])):
        assert main(["audit", str(sample_corpus), "--no-cache", *extra, "--format", "json",
                     "-o", str(tmp_path / f"{name}.json"), "--store", str(tmp_path / name)]) == 0
    assert json.loads((tmp_path / "dask.json").read_text(encoding="utf-8")) == \
        json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    for table in ("reports", "sentences", "findings", "follow_ups"):
        assert read_table(tmp_path / "dask", table).equals(read_table(tmp_path / "local", table))


def test_dask_cached_run_with_records_in_the_client_equals_local(sample_corpus: Path, scheduler: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cache the client keeps a record per report, as a local run's parent does: the jobs
    carry the cache entries they need (a few jobs out at a time) and the workers send back what
    they would write; cold and warm runs give the local run's reports."""
    from textkit.run import body_jobs, cited, runner
    from textkit.run.cache import AnalysisCache
    from textkit.run.corpus import analyze_and_link, discover

    # many small jobs, two out at a time: the window is exercised, not only its first fill
    monkeypatch.setattr(runner, "DASK_IN_FLIGHT", 2)
    monkeypatch.setattr(body_jobs, "REPORTS_PER_BODY_JOB", 4)
    monkeypatch.setattr(cited, "SOURCES_PER_JOB", 3)
    files = discover([sample_corpus])
    expected = analyze_and_link(files, workers=1)
    for _ in ("cold", "warm"):
        assert analyze_and_link(files, scheduler=scheduler, cache=AnalysisCache(tmp_path)) == expected
