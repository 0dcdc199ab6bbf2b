"""Boilerplate tracing: carried-over sentences, templates, reuse figures and stale years."""
from __future__ import annotations

from pathlib import Path

import pytest

from textkit.analyze.sentences import narrative_sentences
from textkit.compare.boilerplate import find_reuse
from textkit.config import Settings
from textkit.errors import UsageError
from textkit.read.ingest import from_bytes
from textkit.compare.masking import mask_numbers, year_mentions
from textkit.model import Report
from textkit.read.normalize import match_key, to_simplified
from textkit.run.pipeline import analyze_document, analyze_path
from textkit.compare.stale import stale_years

# ---------------------------------------------------------------------------------------------
# Synthetic reports (wording written for these tests).
# ---------------------------------------------------------------------------------------------
TEMPLATE = "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。"
LONG = "我们建立了信息发布前的保密审查和内容审核机制，并由分管领导签字后方可上网发布。"
SPLIT = ("我们建立了信息发布前的保密审查和内容审核机制。", "信息须由分管领导签字后方可上网发布。")
P1, P2 = "部分单位信息更新不够及时，栏目内容存在空白。", "下一步，我们将加强日常巡查，对发现的问题限期整改到位。"
TRAINING = "县政府办公室组织了三场业务培训，覆盖各乡镇和县直部门工作人员。"
SPECIAL = "我们在门户网站开设了乡村振兴专题，集中发布惠农补贴发放结果。"
LATER_ONLY = "档案馆设置了政府信息查阅点，配备专人为来访群众提供查询帮助。"

BODIES = {
    ("东山县人民政府", 2019): [SPECIAL, "全年办理群众来信四十余件，均在法定期限内答复。", LATER_ONLY],
    ("东山县人民政府", 2020): [
        "2020年，我县围绕年度重点任务，扎实推进政务公开标准化规范化建设。",
        "全年主动公开政府信息1200条，其中政策文件86件。", TRAINING, SPECIAL, LONG],
    ("东山县人民政府", 2021): [
        "2021年，我县紧扣优化营商环境要求，重点公开涉企政策和办事指南。",
        "全年主动公开政府信息1350条，其中政策文件92件。",
        "县政府办公室组织了四场业务培训，覆盖全县各乡镇和县直部门工作人员。",
        SPECIAL, *SPLIT, TEMPLATE,
        "2020年，我县持续加大政策解读力度，发布图文解读二十篇。",
        "今年首次引入第三方评估，对四十个单位的公开质量逐一打分。", LATER_ONLY],
    ("西岭县人民政府", 2021): [
        "2021年，西岭县把重点项目审批结果作为公开的重中之重。", TEMPLATE,
        "全县共设立便民查阅点十二个，分布在各个乡镇的便民服务中心。"],
}
PROBLEMS = {2020: [P1, P2], 2021: [P1[:-1] + "，" + P2]}


def _report(body: str, year: int, overview: list[str], problems: list[str], name: str = "") -> Report:
    text = (f"{body}{year}年政府信息公开工作年度报告\n一、总体情况\n" + "\n".join(overview)
            + "\n二、主动公开政府信息情况\n表格略。\n三、收到和处理政府信息公开申请情况\n表格略。\n"
            + "四、政府信息公开行政复议、行政诉讼情况\n表格略。\n五、存在的主要问题及改进情况\n"
            + ("\n".join(problems) or "暂无。") + "\n六、其他需要报告的事项\n本年度未收取任何信息处理费用。\n")
    return analyze_document(from_bytes(text.encode("utf-8"), f"synthetic/{body}/{year}{name}.txt"))


@pytest.fixture(scope="module")
def synthetic() -> dict[str, tuple]:
    reports = [_report(body, year, lines, PROBLEMS.get(year, []) if body.startswith("东山") else [])
               for (body, year), lines in BODIES.items()]
    reports.append(_report("东山县人民政府", 2021, BODIES[("东山县人民政府", 2021)], PROBLEMS[2021], "_copy"))
    return find_reuse(reports, lambda r: r.document.agency)


def _by_prefix(result: tuple, prefix: str):
    hits = [r for r in result[0] if r.text.startswith(prefix)]
    return hits[0] if hits else None


def test_verbatim_prefers_closest_earlier_year(synthetic):
    hit = _by_prefix(synthetic["synthetic/东山县人民政府/2021.txt"], SPECIAL[:8])
    assert (hit.kind, hit.source.year, hit.similarity) == ("verbatim", 2020, 1.0)
    assert hit.source.path == "synthetic/东山县人民政府/2020.txt" and hit.source.text == SPECIAL


def test_numbers_changed_and_near(synthetic):
    result = synthetic["synthetic/东山县人民政府/2021.txt"]
    assert _by_prefix(result, "全年主动公开").kind == "numbers_changed"
    near = _by_prefix(result, "县政府办公室组织")
    assert near.kind == "near" and 0.8 <= near.similarity < 1.0 and near.source.text == TRAINING


def test_merged_and_split_sentences(synthetic):
    result = synthetic["synthetic/东山县人民政府/2021.txt"]
    merged = _by_prefix(result, P1[:6])
    assert merged.kind == "near" and merged.similarity > 0.85
    assert match_key(merged.source.text) == match_key(P1 + P2)
    for part in SPLIT:
        hit = _by_prefix(result, part[:6])
        assert hit.kind == "near" and hit.source.text == LONG


def test_later_years_are_sources_only_on_request(synthetic):
    assert _by_prefix(synthetic["synthetic/东山县人民政府/2019.txt"], LATER_ONLY[:6]) is None
    reports = [_report(body, year, lines, []) for (body, year), lines in BODIES.items()]
    later = find_reuse(reports, lambda r: r.document.agency, Settings(later=True))
    hit = _by_prefix(later["synthetic/东山县人民政府/2019.txt"], LATER_ONLY[:6])
    assert hit.kind == "verbatim" and hit.source.year == 2021


def test_template_shared_with_another_body(synthetic):
    hit = _by_prefix(synthetic["synthetic/东山县人民政府/2021.txt"], TEMPLATE[:6])
    assert hit.kind == "template" and hit.bodies == 2 and hit.source.agency == "西岭县人民政府"
    other = _by_prefix(synthetic["synthetic/西岭县人民政府/2021.txt"], TEMPLATE[:6])
    assert other.kind == "template" and other.source.agency == "东山县人民政府"


def test_new_sentences_and_same_year_copies_are_not_flagged(synthetic):
    result = synthetic["synthetic/东山县人民政府/2021.txt"]
    for prefix in ("2021年，我县紧扣", "今年首次引入", "2020年，我县持续"):
        assert _by_prefix(result, prefix) is None, prefix
    assert _by_prefix(synthetic["synthetic/西岭县人民政府/2021.txt"], "全县共设立") is None


def test_reuse_figures_add_up(synthetic):
    figures = synthetic["synthetic/东山县人民政府/2021.txt"][1]
    assert figures["new"] + figures["carried"] + figures["template"] == pytest.approx(1.0, abs=1e-3)
    assert figures["carried"] == pytest.approx(
        sum(figures["by_kind"][k] for k in ("verbatim", "numbers_changed", "near")), abs=1e-3)
    assert 0 < figures["template"] < figures["carried"] < 1
    assert set(figures["by_section"]) == {"overview", "problems", "other"}
    assert figures["by_section"]["problems"]["carried"] == 1.0


def test_stale_year_in_synthetic_report():
    report = _report("东山县人民政府", 2021, BODIES[("东山县人民政府", 2021)], [])
    findings = stale_years(report)
    assert [(f.rule, f.actual, f.expected) for f in findings] == [("stale_year", 2020, 2021)]
    assert findings[0].evidence[0].text.startswith("2020年，我县持续")


@pytest.mark.parametrize("sentence, year, stale", [
    ("2020年，我区坚持以人民为中心推进公开。", 2021, True),
    ("2020年我区共公开信息120条。", 2021, True),
    ("（一）主动公开情况2020年，全区公开信息。", 2021, True),
    ("本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。", 2021, True),
    ("2021年，我们将采取以下措施加以改进。", 2021, True),
    ("2021年，我区坚持以人民为中心推进公开。", 2021, False),
    ("2020年以来，我区持续推进公开。", 2021, False),
    ("全年公开信息120条，同比2020年增长5%。", 2021, False),
    ("与2020年相比，申请数量有所上升。", 2021, False),
    ("根据《2020年政务公开工作要点》，我区推进公开。", 2021, False),
    ("公开2020年政府预算、2019年政府决算。", 2020, False),
    ("2022年，我们将采取以下措施加以改进。", 2021, False),
    ("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。", 2021, False),
])
def test_stale_year_shapes(sentence, year, stale):
    report = _report("东山县人民政府", year, ["开篇说明。"], [sentence] if "将" in sentence else [])
    if "将" not in sentence:
        report = _report("东山县人民政府", year, [sentence], [])
    assert bool(stale_years(report)) is stale


def test_masking():
    assert mask_numbers(match_key("2021年共公开1,350条，占九成，第十四次会议")) == "#年共公开#条,占九成,#次会议"
    assert year_mentions("自2019年起") == [(2019, 1, 5)]


def test_settings_are_validated():
    with pytest.raises(UsageError, match="near"):
        Settings(near=1.5)
    with pytest.raises(UsageError, match="window"):
        Settings(window=0)


# ---------------------------------------------------------------------------------------------
# Real reports in ../shared/corpus.
# ---------------------------------------------------------------------------------------------
PINGTAN = "平潭综合实验区"


@pytest.fixture(scope="module")
def real(shared_corpus: Path) -> dict[str, tuple]:
    paths = sorted(p for p in shared_corpus.rglob("*") if p.suffix in (".txt", ".html"))
    reports = [analyze_path(p) for p in paths]
    result = find_reuse(reports, lambda r: match_key(to_simplified(r.document.agency or r.path)))
    return {str(Path(path).relative_to(shared_corpus)): value for path, value in result.items()}


def _one(real: dict, fragment: str, suffix: str = ".txt") -> tuple:
    hits = [v for k, v in real.items() if fragment in k and k.endswith(suffix)]
    assert len(hits) == 1, fragment
    return hits[0]


@pytest.mark.parametrize("file_id", ["80576", "80595", "80613", "80629", "97791"])
def test_pingtan_series_carries_over(real, file_id):
    recycled, figures = _one(real, file_id)
    carried = [r for r in recycled if r.kind != "template"]
    assert figures["carried"] > 0 and carried
    assert all(r.source.agency == PINGTAN and r.source.path and r.source.text for r in carried)


def test_pingtan_2012_reuses_its_2011_report(real):
    recycled, figures = _one(real, "80725")
    assert figures["carried"] > 0.8
    assert {r.source.year for r in recycled if r.kind != "template"} == {2011}


@pytest.mark.parametrize("mine, other", [("80716", "平潭综合实验区"), ("80678", "平潭县人民政府")])
def test_2011_shared_paragraphs_are_templates(real, mine, other):
    recycled, figures = _one(real, mine)
    templates = [r for r in recycled if r.kind == "template"]
    assert figures["template"] > 0.85
    assert all(r.source.agency == other and r.bodies >= 2 for r in templates)
    sections = {r.section for r in templates}
    assert {"intro", "overview", "proactive", "problems"} <= sections


def test_flagged_sentences_equal_their_source_after_masking(real):
    checked = 0
    for recycled, _ in real.values():
        for r in recycled:
            mine, theirs = match_key(to_simplified(r.text)), match_key(to_simplified(r.source.text))
            if r.kind == "verbatim":
                assert mine == theirs, r.text
            elif r.kind == "numbers_changed":
                assert mine != theirs and mask_numbers(mine) == mask_numbers(theirs), r.text
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("file_id, section, prefix", [
    ("80576", "overview", "区农业农村局紧紧围绕"),
    ("80595", "overview", "创新推出"),
    ("80613", "overview", "2021年，我区以"),
    ("97791", "overview", "2024年，平潭综合"),
    ("80629", "overview", "2022年，平潭综合"),
    ("80774", "overview", None),
])
def test_sentences_judged_new_are_not_flagged(real, file_id, section, prefix):
    recycled, _ = _one(real, file_id)
    flagged = [r for r in recycled if r.section == section and (prefix is None or r.text.startswith(prefix))]
    assert flagged == []


def test_real_reports_have_no_stale_years(shared_corpus):
    for path in sorted(p for p in shared_corpus.rglob("*") if p.suffix in (".txt", ".html")):
        assert stale_years(analyze_path(path)) == (), path.name


def test_narrative_sentences_cover_the_2008_prose(shared_corpus):
    report = analyze_path(next(shared_corpus.rglob("80716_*.txt")))
    assert {s.section for s in narrative_sentences(report)} >= {"intro", "overview", "proactive", "problems"}


# ---------------------------------------------------------------------------------------------
# Sample corpus gold (corpus/**/*.gold.json "carried"): the quality gate of docs/boilerplate.md.
# ---------------------------------------------------------------------------------------------
SAMPLE = Path(__file__).resolve().parents[2] / "corpus"
GATE = 0.95


def _gold_files() -> list[Path]:
    return sorted(SAMPLE.rglob("*.gold.json")) if SAMPLE.is_dir() else []


@pytest.fixture(scope="module")
def gold_scores() -> dict[str, dict[str, int]]:
    import json

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in _gold_files()]
    if not any(g.get("carried") for g in golds):
        pytest.skip(f"no sample corpus gold with carried sentences under {SAMPLE}")
    reports = [analyze_path(SAMPLE / g["file"]) for g in golds]
    result = find_reuse(reports, lambda r: match_key(to_simplified(r.document.agency or r.path)))
    scores: dict[str, dict[str, int]] = {k: {"tp": 0, "fp": 0, "fn": 0, "source": 0}
                                         for k in ("verbatim", "numbers_changed", "near", "template")}
    for gold in golds:
        mine = {match_key(to_simplified(r.text)): r for r in result[str(SAMPLE / gold["file"])][0]}
        expected = {match_key(to_simplified(c["text"])): c for c in gold.get("carried", [])}
        for key, item in expected.items():
            found = mine.get(key)
            if found is not None and found.kind == item["kind"]:
                scores[item["kind"]]["tp"] += 1
                source = Path(found.source.path).resolve().relative_to(SAMPLE.resolve()).as_posix()
                scores[item["kind"]]["source"] += source == item["source_file"]
            else:
                scores[item["kind"]]["fn"] += 1
                if found is not None:
                    scores[found.kind]["fp"] += 1
        for key, found in mine.items():
            if key not in expected:
                scores[found.kind]["fp"] += 1
    return scores


@pytest.mark.parametrize("kind", ["verbatim", "numbers_changed", "near", "template"])
def test_sample_gold_precision_and_recall(gold_scores, kind):
    s = gold_scores[kind]
    assert s["tp"] > 0, f"no {kind} sentence in the gold"
    precision, recall = s["tp"] / (s["tp"] + s["fp"]), s["tp"] / (s["tp"] + s["fn"])
    assert precision >= GATE and recall >= GATE, (kind, s)
    assert s["source"] >= 0.9 * s["tp"], (kind, s)  # the cited source file is the gold's


def test_sample_planted_stale_year_is_the_only_one():
    if not _gold_files():
        pytest.skip(f"sample corpus missing under {SAMPLE}")
    import json

    for gold_file in _gold_files():
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        planted = any(p.get("rule") == "stale_year" for p in gold.get("planted", []))
        assert bool(stale_years(analyze_path(SAMPLE / gold["file"]))) is planted, gold["file"]
