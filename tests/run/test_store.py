"""The results store (``textkit audit --store DIR``): the run as Parquet tables that read back
into the same reports, findings and carried sentences as the run's JSON, and that DuckDB queries."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from textkit.cli import main
from textkit.errors import UsageError
from textkit.run.store import MARKER, TABLES, StoreWriter, frame, iter_rows, read_table

duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def run(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The sample corpus audited once: the store and the JSON document of the same run."""
    out = tmp_path_factory.mktemp("store_run")
    store, doc = out / "store", out / "audit.json"
    assert main(["audit", str(sample_corpus), "--no-cache", "--workers", "1", "--store", str(store),
                 "--format", "json", "-o", str(doc)]) == 0
    return store, json.loads(doc.read_text(encoding="utf-8"))


def test_store_holds_every_report_of_the_run(run: tuple[Path, dict]) -> None:
    store, doc = run
    reports = {r["report"]: r for r in iter_rows(store, "reports")}
    assert sorted(reports) == sorted(r["path"] for r in doc["reports"])
    for r in doc["reports"]:
        row = reports[r["path"]]
        assert (row["agency"], row["year"], row["layout"], row["error"]) == (r["agency"], r["year"], r["layout"], r["error"])
        if r["is_report"]:
            assert row["score"] == r["report_card"]["score"]
    assert sorted(frame(store, "bodies")["body"]) == sorted(b["body"] for b in doc["bodies"])


def test_store_findings_equal_the_runs(run: tuple[Path, dict]) -> None:
    store, doc = run
    stored = Counter((f["report"], f["rule"], f["severity"], f["message"], f["expected"], f["actual"])
                     for f in iter_rows(store, "findings"))
    expected = Counter((r["path"], f["rule"], f["severity"], f["message"],
                        None if f["expected"] is None else json.dumps(f["expected"], ensure_ascii=False),
                        None if f["actual"] is None else json.dumps(f["actual"], ensure_ascii=False))
                       for r in doc["reports"] for f in r.get("findings", []))
    assert stored == expected and sum(expected.values()) > 0


def test_store_carried_sentences_equal_the_runs(run: tuple[Path, dict]) -> None:
    """Every sentence the run marks as carried over (or template) has its kind and source in
    ``sentences``; no other sentence has one."""
    store, doc = run
    stored = {(s["report"], s["start"], s["end"]): (s["kind"], s["similarity"], s["source_report"], s["source_year"], s["text"])
              for s in iter_rows(store, "sentences") if s["kind"] is not None}
    expected = {(r["path"], x["start"], x["end"]): (x["kind"], x["similarity"], x["source"]["path"], x["source"]["year"], x["text"])
                for r in doc["reports"] for x in r.get("recycled", [])}
    assert stored == expected
    assert {kind for kind, *_ in expected.values()} == {"verbatim", "numbers_changed", "near", "template"}


def test_store_follow_ups_and_items_equal_the_runs(run: tuple[Path, dict]) -> None:
    store, doc = run
    assert Counter((f["report"], f["promise_year"], f["promise_headline"], f["status"]) for f in iter_rows(store, "follow_ups")) \
        == Counter((r["path"], f["promise"]["year"], f["promise"]["headline"], f["status"])
                   for r in doc["reports"] for f in r.get("follow_up", []))
    assert Counter((i["report"], i["year"], i["kind"], i["headline"], i["item_year"]) for i in iter_rows(store, "items")) \
        == Counter((r["path"], r["year"], kind, i["headline"], i["year"]) for r in doc["reports"]
                   for kind, key in (("problem", "problems"), ("improvement", "improvements")) for i in r.get(key, []))
    # a two-year 五 (jinhe-justice 2023) answers last year's problems first: item_year is the year before
    assert {i["item_year"] for i in iter_rows(store, "items") if i["year"] == 2023 and "jinhe" in i["report"]} == {2022, 2023}


def test_store_holds_the_template_families(real_reports: dict, tmp_path: Path) -> None:
    """The families of the JSON (平潭县 and 平潭综合实验区 on ../shared/corpus): one row per member,
    one per shared sentence in the family's order."""
    from dataclasses import asdict

    pytest.importorskip("sklearn", reason="template families need scikit-learn")
    from textkit.compare.families import find_families

    records = [asdict(f) for f in find_families(real_reports.values())]
    assert records
    with StoreWriter(tmp_path / "s") as store:
        store.add_families(records)
    members = frame(tmp_path / "s", "families")
    assert sorted(zip(members["family"], members["body"], members["agency"], members["similarity"])) \
        == sorted((f["id"], b, a, f["similarity"]) for f in records for b, a in zip(f["members"], f["agencies"]))
    sentences = sorted(read_table(tmp_path / "s", "family_sentences").to_pylist(), key=lambda s: (s["family"], s["rank"]))
    assert [(s["family"], s["text"], s["members"]) for s in sentences] \
        == [(f["id"], x["text"], x["members"]) for f in sorted(records, key=lambda f: f["id"]) for x in f["shared"]]


def test_duckdb_queries_the_store(run: tuple[Path, dict]) -> None:
    store, doc = run
    con = duckdb.connect()
    by_kind = dict(con.execute(
        f"select kind, count(*) from read_parquet('{store}/sentences/*.parquet') where kind is not null group by kind").fetchall())
    assert by_kind == Counter(x["kind"] for r in doc["reports"] for x in r.get("recycled", []))
    joined = con.execute(
        f"select r.agency, count(*) from read_parquet('{store}/findings/*.parquet') f "
        f"join read_parquet('{store}/reports/*.parquet') r using (report) group by r.agency").fetchall()
    assert sum(n for _, n in joined) == sum(len(r.get("findings", [])) for r in doc["reports"])
    cells = con.execute(f"select count(*) from read_parquet('{store}/cells/*.parquet') where value is not null").fetchone()
    assert cells is not None and cells[0] > 100


def test_every_table_has_its_schema_even_when_empty(tmp_path: Path) -> None:
    with StoreWriter(tmp_path / "s"):
        pass
    assert json.loads((tmp_path / "s" / MARKER).read_text(encoding="utf-8"))["reports"] == 0
    for name in TABLES:
        assert read_table(tmp_path / "s", name).num_rows == 0


def test_store_refuses_a_folder_that_holds_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not empty"):
        StoreWriter(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_new_store_replaces_the_previous_one(sample_reports: dict, tmp_path: Path) -> None:
    reports = list(sample_reports.values())
    for batch in (reports, reports[:2]):
        with StoreWriter(tmp_path) as writer:
            for r in batch:
                writer.add(r, "body")
    assert read_table(tmp_path, "reports").num_rows == 2


def test_an_unfinished_store_is_not_read(sample_reports: dict, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with StoreWriter(tmp_path) as writer:
            writer.add(next(iter(sample_reports.values())), "body")
            raise RuntimeError("interrupted")
    with pytest.raises(UsageError, match="not a complete"):
        read_table(tmp_path, "reports")
