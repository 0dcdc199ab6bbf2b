"""Section 五 items: real reports against tests/real_gold.py, the sample corpus against its gold."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from real_gold import REAL_GOLD
from textkit.analyze.extract import categorize, extract_items, headline_span, specificity
from textkit.analyze.markers import Marker, marker_runs
from textkit.audit.format import numbering_slips
from textkit.read.ingest import read
from textkit.model import Document, Item
from textkit.read.normalize import to_simplified
from textkit.analyze.sections import find_sections

SAMPLE = Path(__file__).resolve().parents[2] / "corpus"
XJBT = "xjbt/第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告.txt"
# Pinned on the sample corpus (measured: 57/57 problems, 65/65 improvements).
SAMPLE_MIN = {"problems": (1.0, 1.0), "improvements": (1.0, 1.0)}


def norm(headline: str) -> str:
    return to_simplified(headline).strip().rstrip("，。；：,;:.")


@lru_cache(maxsize=None)
def extracted(path: str) -> tuple[Document, tuple[Item, ...], tuple[Item, ...], tuple]:
    # Sections straight from find_sections: the 函 in the real corpus is not a report, yet its
    # problem list is gold too.
    doc = read(path)
    sections = find_sections(doc)
    problems, improvements = extract_items(doc, sections)
    return doc, problems, improvements, numbering_slips(doc, sections)


def pairs(items: tuple[Item, ...]) -> list[tuple[str, str]]:
    return [(to_simplified(i.marker), norm(i.headline)) for i in items]


def test_xjbt_problems_and_five_improvements(shared_corpus: Path) -> None:
    doc, problems, improvements, _ = extracted(str(shared_corpus / XJBT))
    assert [norm(i.headline) for i in problems] == ["部分科室、中心信息报送量少、质量不高、公开量相对较低",
                                                   "存在信息时效性较低、信息质量不高"]
    assert problems[1].text.endswith("的現象。")  # the whole 存在…的现象 list, as written
    assert [norm(i.headline) for i in improvements] == [
        "进一步完善工作机制", "不断完善政务公开相关制度建设", "进一步做好信息发布", "进一步加强多方联动", "进一步强化监督"]
    assert improvements[0].headline == "進一步完善工作機制"  # reported as written (Traditional)
    for item in problems + improvements:
        assert doc.text[item.start:item.end] == item.text
    # The lead sentence (针对存在的问题,下一步,我们将…) is context, not part of any item.
    assert not any("針對存在的問題" in i.text for i in problems + improvements)


@pytest.mark.parametrize("key", sorted(k for k, g in REAL_GOLD.items() if "problems" in g))
def test_real_items_match_gold(shared_corpus: Path, key: str) -> None:
    gold = REAL_GOLD[key]
    _, problems, improvements, _ = extracted(str(shared_corpus / key))
    assert pairs(problems) == [(to_simplified(m), norm(h)) for m, h in gold["problems"]]
    assert pairs(improvements) == [(to_simplified(m), norm(h)) for m, h in gold["improvements"]]
    assert {i.kind for i in problems} <= {"problem"} and {i.kind for i in improvements} <= {"improvement"}


@pytest.mark.parametrize("key", sorted(k for k, g in REAL_GOLD.items() if REAL_GOLD[k].get("is_report")))
def test_real_numbering_slips(shared_corpus: Path, key: str) -> None:
    gold = REAL_GOLD[key]
    _, _, _, findings = extracted(str(shared_corpus / key))
    expected = any(f["rule"] == "numbering_slip" for f in gold["findings"])
    if "numbering_slip" in gold.get("no_findings", []) or expected:
        assert bool(findings) == expected, [f.message for f in findings]
    for f in findings:
        assert f.rule == "numbering_slip" and f.severity == "warning" and f.message and f.message_en
        assert f.evidence[0].start is not None


def _sample_gold() -> list[tuple[Path, dict]]:
    return [(SAMPLE / json.loads(g.read_text(encoding="utf-8"))["file"], json.loads(g.read_text(encoding="utf-8")))
            for g in sorted(SAMPLE.rglob("*.gold.json"))]


def test_sample_corpus_precision_recall() -> None:
    golds = _sample_gold()
    if not golds:
        pytest.skip("sample corpus not present")
    tp = dict.fromkeys(SAMPLE_MIN, 0)
    fp, fn = dict(tp), dict(tp)
    for path, gold in golds:
        _, problems, improvements, _ = extracted(str(path))
        for kind, items in (("problems", problems), ("improvements", improvements)):
            mine = {norm(i.headline) for i in items}
            want = {norm(x["headline"]) for x in gold.get(kind) or []}
            tp[kind] += len(mine & want)
            fp[kind] += len(mine - want)
            fn[kind] += len(want - mine)
    for kind, (min_p, min_r) in SAMPLE_MIN.items():
        precision = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0
        recall = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0
        assert precision >= min_p and recall >= min_r, (kind, precision, recall)


def test_sample_planted_numbering_slips() -> None:
    golds = _sample_gold()
    if not golds:
        pytest.skip("sample corpus not present")
    for path, gold in golds:
        planted = any(p["rule"] == "numbering_slip" for p in gold.get("planted") or [])
        _, _, _, findings = extracted(str(path))
        assert bool(findings) == planted, (gold["file"], [f.message for f in findings])


@pytest.mark.parametrize("values, runs", [
    ([1, 2, 3], [[1, 2, 3]]),
    ([1, 3, 3], [[1, 3, 3]]),          # 一是…三是…三是: kept as written
    ([1, 2, 1, 2, 3], [[1, 2], [1, 2, 3]]),
    ([1, 5, 6], [[1]]),                # （一）…第（五）项: cross-references, not a list
    ([1, 2, 0], [[1, 2, 3]]),          # 首先/其次/最后
])
def test_marker_runs(values: list[int], runs: list[list[int]]) -> None:
    markers = [Marker(i, i + 1, "shi", v) for i, v in enumerate(values)]
    assert [[m.value for m in r] for r in marker_runs(markers)] == runs


@pytest.mark.parametrize("text, headline", [
    ("进一步完善工作机制。根据工作形势", "进一步完善工作机制"),
    ("进一步规范政府信息公开行为1、加强培训", "进一步规范政府信息公开行为"),
    ("智能化、数字化手段运用还不够充分等", "智能化、数字化手段运用还不够充分"),
    ("存在信息时效性较低、信息质量不高、更新频次不够的现象。", "存在信息时效性较低、信息质量不高"),
    ("个别部门对政府信息公开工作主动性和自觉性仍待提高，信息", "个别部门对政府信息公开工作主动性和自觉性仍待提高"),
])
def test_headline(text: str, headline: str) -> None:
    start, end = headline_span(text, 0, len(text))
    assert text[start:end] == headline


@pytest.mark.parametrize("text, category", [
    ("进一步强化监督。建立健全政务公开监督制约机制，加强对政务公开的监督", "监督考核"),
    ("进一步加强多方联动。持续加强多方联动，畅通沟通渠道", "机制建设"),
    ("丰富政策解读形式，提升政策解读质量", "政策解读与回应关切"),
    ("做好相关工作", "其他"),
])
def test_categorize(text: str, category: str) -> None:
    got, cues = categorize(text)
    assert got == category
    assert (cues == ()) == (category == "其他")


def test_specificity_rewards_specifics_and_penalises_stock_phrases() -> None:
    vague, reasons = specificity("进一步加强监督，不断完善制度")
    concrete, concrete_reasons = specificity("2023年6月底前制定《信息发布审核办法》，每季度开展一次抽查，组织3次培训")
    assert 0 <= vague < 0.3 < 0.8 <= concrete <= 1
    assert any(r.startswith("套话:进一步加强") for r in reasons)
    assert any(r.startswith("文件:《信息发布审核办法》") for r in concrete_reasons)


def test_items_carry_category_and_specificity(shared_corpus: Path) -> None:
    _, _, improvements, _ = extracted(str(shared_corpus / XJBT))
    assert improvements[4].category == "监督考核" and "监督" in improvements[4].category_cues
    assert all(0 <= i.specificity <= 1 and i.specificity_reasons for i in improvements)


def test_numbering_slip_finding_explains_itself(shared_corpus: Path) -> None:
    key = "pingtan/80774_平潭综合实验区地方税务局2013年信息公开年度报告.txt"
    doc, _, _, findings = extracted(str(shared_corpus / key))
    (slip,) = findings
    assert slip.message == "编号不连续：一是之后是三是" and slip.expected == 2 and slip.actual == 3
    ev = slip.evidence[0]
    assert doc.text[ev.start:ev.end] == ev.text and ev.text.startswith("一是") and ev.text.endswith("三是")
