"""Every report of the sample corpus matches its gold annotation (corpus/**/*.gold.json)."""
from __future__ import annotations

import pytest

from conftest import SAMPLE_CORPUS, sample_gold
from textkit.read.normalize import to_simplified

GOLD = sample_gold()
IDS = [gold["file"] for _, gold in GOLD]


def test_sample_corpus_is_complete() -> None:
    """The brief's shape: >= 16 reports, >= 4 bodies, both script kinds, HTML, GBK and a decoy."""
    reports = [g for _, g in GOLD if g["is_report"]]
    assert len(reports) >= 16 and len({g["agency"] for g in reports}) >= 4
    assert {g["layout"] for g in reports} >= {"2008", "2019", "2021"}
    assert any(g["script"] == "traditional" for g in reports)
    assert any(g["encoding"] == "gbk" for g in reports)
    assert any(g["file"].endswith(".html") for g in reports)
    assert any(not g["is_report"] for _, g in GOLD)
    assert all((SAMPLE_CORPUS / g["file"]).is_file() for _, g in GOLD)


@pytest.mark.parametrize("gold", [g for _, g in GOLD], ids=IDS)
def test_report_matches_gold(sample_files: dict, gold: dict) -> None:
    report = sample_files[gold["file"]]
    doc = report.document
    assert report.error is None and doc is not None
    assert doc.is_report == gold["is_report"]
    if not gold["is_report"]:
        return
    assert doc.title == gold["title"]
    assert to_simplified(doc.agency or "") == gold["agency"]
    assert doc.year == gold["year"]
    assert (doc.published.isoformat() if doc.published else None) == gold["published"]
    assert report.layout == gold["layout"]
    assert doc.script.kind == gold["script"]
    assert doc.encoding.replace("gb18030", "gbk") == gold["encoding"].replace("utf-8-sig", "utf-8")
    expected = [(s["key"], s["heading"].replace(" ", "")) for s in gold["sections"]]
    assert [(s.key, s.heading.replace(" ", "")) for s in report.sections] == expected
