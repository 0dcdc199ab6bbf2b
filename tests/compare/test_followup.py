"""Follow-through of promised improvements across years, and recurring problems."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from real_gold import REAL_REPEATS, REAL_REPEATS_ACROSS_GAP

from textkit.compare import keywords

from textkit import lexicons
from textkit.read.agency import body_key
from textkit.errors import LexiconError
from textkit.compare.followup import assess, by_body, follow_up, promises, recurring_problems
from textkit.compare.keywords import key_words, names
from textkit.compare.similarity import Weights, headline_ratio
from textkit.read.ingest import from_bytes
from textkit.model import FollowUp, Report
from textkit.read.normalize import to_simplified
from textkit.run.pipeline import analyze_document, analyze_path

SAMPLE = Path(__file__).resolve().parents[2] / "corpus"
PINGTAN = "平潭综合实验区"
# Pinned on the sample corpus gold follow_up (measured over 41 promises: repeated 8/8 found,
# none false; done 22/22 found, none false; silent 11/11 right, none false). Before the key-word
# rule done was 8/16 and 8 of the 19 silents were done; before issue 15 (two-year 五, remedies
# as evidence, 抽看/每个月 in followup_words.tsv) done was 18/22.
SAMPLE_MIN = {"repeated": (1.0, 1.0), "done": (1.0, 1.0), "silent": (1.0, 1.0)}


def norm(headline: str) -> str:
    return to_simplified(headline).strip().rstrip("，。；：,;:.")


@cache
def real_results(shared: str, max_gap: int) -> tuple[dict[str, tuple[FollowUp, ...]], tuple[Report, ...]]:
    paths = sorted(p for p in Path(shared).glob("pingtan/*") if p.suffix in (".txt", ".html"))
    reports = tuple(analyze_path(p) for p in paths)
    return follow_up(list(reports), max_gap=max_gap), reports


def _find(results: dict[str, tuple[FollowUp, ...]], year: int, headline: str, later: int) -> list[FollowUp]:
    return [f for path, fus in results.items() if f"{later}年" in Path(path).name and PINGTAN in Path(path).name
            for f in fus if f.promise_year == year and norm(f.promise_headline) == headline]


@pytest.mark.parametrize("agency, key", [
    ("平潭综合实验区管委会", "平潭综合实验区"), ("平潭综合实验区", "平潭综合实验区"),
    ("平潭縣人民政府", "平潭县"), ("第一师阿拉尔市十六团新开岭镇", "第一师阿拉尔市十六团新开岭镇"),
    ("云岭市 自然资源局", "云岭市自然资源局"),
])
def test_body_key(agency: str, key: str) -> None:
    assert body_key(agency) == key


def test_headline_ratio() -> None:
    assert headline_ratio("加强政府信息的日常管理", "加强重点政务信息管理") >= 0.6
    assert headline_ratio("丰富意见征集形式", "加快数字化转型") == 0


@pytest.mark.parametrize("gold", [g for g in REAL_REPEATS if g["status"] == "repeated"],
                         ids=lambda g: f"{g['promise_year']}-{g['promise_headline']}")
def test_real_repeated_promises_found_with_evidence(shared_corpus: Path, gold: dict) -> None:
    results, reports = real_results(str(shared_corpus), 1)
    found = _find(results, gold["promise_year"], gold["promise_headline"], gold["later_year"])
    assert found, "promise not followed up"
    texts = {r.path: r.document.text for r in reports if r.document}
    for f in found:
        assert f.status == "repeated" and f.evidence_year == gold["later_year"]
        path = next(p for p, fus in results.items() if f in fus)
        assert texts[path][f.evidence_start:f.evidence_end] == f.evidence_text


def test_real_repeats_across_the_2023_gap(shared_corpus: Path) -> None:
    consecutive, _ = real_results(str(shared_corpus), 1)
    assert not _find(consecutive, 2022, "丰富政策解读形式和方式", 2024)  # 2023 is missing
    results, _ = real_results(str(shared_corpus), 2)
    for gold in REAL_REPEATS_ACROSS_GAP:
        if gold["status"] == "repeated":
            found = _find(results, gold["promise_year"], gold["promise_headline"], gold["later_year"])
            assert found and all(f.status == "repeated" and "丰富政策解读形式" in f.evidence_text for f in found)


def test_real_done_promises(shared_corpus: Path) -> None:
    """Measured: 2 of the 4 consecutive-year "done" promises are found (网站与新媒体, 拓宽载体), as
    before the key-word rule. The two missed (继续完善信息公开机制, 继续加强督导协调工作) are long,
    general promises whose work 2020 reports across a whole sub-section in other words: no one
    sentence names enough of their key words (best shares 0.15 and 0.21, Settings.followup_key_share 0.31)."""
    results, _ = real_results(str(shared_corpus), 1)
    found = {g["promise_headline"]: [f.status for f in _find(results, g["promise_year"], g["promise_headline"], g["later_year"])]
             for g in REAL_REPEATS if g["status"] == "done"}
    assert found["强化政府网站与政务新媒体的日常监管"] == ["done"] and found["拓宽公开载体和渠道"] == ["done"]
    assert all("repeated" not in statuses for statuses in found.values())


# 平潭综合实验区's promises the next year's report keeps, by (promise year, index among that
# year's improvements), decided by reading both reports: 2019 (二) the disclosure mechanisms and
# (三) supervision and coordination (2020 reports both across its sub-section （一）), 2020 三是
# the sites and new media (2021: quarterly checks), 2021 三是 the channels (2022: the portal and
# new media rules). Promises the gold calls repeated must never be called done.
KEPT = {(2019, 1), (2019, 2), (2020, 2), (2021, 2)}


@pytest.mark.xfail(strict=True, reason="issue 15: 2 of 4 found; the two 2019 promises (20 and 40 key "
                                      "words) are kept across a whole sub-section of 2020 in other words: best "
                                      "key-word shares 0.22 and 0.16 (0.31 needed); TF-IDF or LSA cosines "
                                      "(0.14-0.58) stay below those of silent promises (0.29-0.82); whole sub-sections "
                                      "and 3-8 sentence windows match other bodies' reports as well; clause coverage "
                                      "with corpus-wide IDF clears the chance p99 for 2019 (二) only when a clause "
                                      "counts as matched at 0.4-0.5 of its IDF (0.22 at 0.6), half through unrelated sentences, never for 2019 (三) (0.20-0.25); char n-gram "
                                      "coverage, z-scores and permutation ranks do not separate them either "
                                      "(docs/specificity.md, benchmarks/followup_chance.py)")
def test_real_kept_promises_three_of_four(shared_corpus: Path) -> None:
    results, reports = real_results(str(shared_corpus), 1)
    promised = {(r.document.year, i.headline): i for r in reports if r.document and PINGTAN in Path(r.path).name
                and r.path.endswith(".txt") for i in r.improvements}
    index = {key: [i.headline for r in reports if r.document and r.document.year == key[0]
                   and PINGTAN in Path(r.path).name and r.path.endswith(".txt") for i in r.improvements].index(key[1])
             for key in promised}
    done = {(f.promise_year, index[(f.promise_year, f.promise_headline)]) for path, fus in results.items()
            if PINGTAN in Path(path).name and path.endswith(".txt") for f in fus if f.status == "done"}
    repeated = {(g["promise_year"], g["promise_headline"]) for g in REAL_REPEATS if g["status"] == "repeated"}
    assert len(done & KEPT) >= 3, sorted(done)
    assert not {(y, h) for (y, h) in promised if (y, index[(y, h)]) in done} & repeated


def test_real_promises_found_done_are_done_in_no_other_body(shared_corpus: Path) -> None:
    """A promise found kept must be specific to its body: the same rules read against the report of
    any other body (sample and real corpus) must not call it done, or the find is chance (the
    protocol of docs/specificity.md; benchmarks/followup_chance.py: 345 of 3,090 promise x
    other-body pairs are done for the corpus's general promises, none for these)."""
    results, reports = real_results(str(shared_corpus), 1)
    sample = [analyze_path(SAMPLE / json.loads(g.read_text(encoding="utf-8"))["file"]) for g in sorted(SAMPLE.rglob("*.gold.json"))]
    groups = by_body([*reports, *sample])
    own = groups[body_key(PINGTAN)]
    found = {(f.promise_year, norm(f.promise_headline)) for path, fus in results.items()
             if PINGTAN in Path(path).name for f in fus if f.status == "done"}
    assert len(found) >= 2
    others = [copies[0] for key, years in groups.items() if key != body_key(PINGTAN) for copies in years.values()]
    for year, headline in sorted(found):
        report = next(r for r in own[year] if r.path.endswith(".txt"))
        item = next(i for i in promises(report) if norm(i.headline) == headline)
        done_elsewhere = [other.path for other in others
                          if assess(item, year, report, other,
                                    Weights([r for c in own.values() for r in c] + [other])).status == "done"]
        assert not done_elsewhere, (year, headline, done_elsewhere)


def test_real_bodies_are_kept_apart(shared_corpus: Path) -> None:
    results, _ = real_results(str(shared_corpus), 1)
    county = [fus for path, fus in results.items() if "平潭县人民政府2012" in path]
    assert county and {f.status for f in county[0]} == {"repeated"}  # 2012 copies 2011 word for word
    assert not any("地方税务局" in path for path in results)


def test_real_recurring_problems(shared_corpus: Path) -> None:
    _, reports = real_results(str(shared_corpus), 1)
    recurring = recurring_problems(list(reports))
    assert ("受人员编制限制", [2011, 2019]) in recurring  # 平潭综合实验区
    assert ("受人员编制限制", [2011, 2012]) in recurring  # 平潭县人民政府


def test_max_gap_is_validated() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        follow_up([], max_gap=0)


def test_sample_corpus_follow_up() -> None:
    golds = [json.loads(g.read_text(encoding="utf-8")) for g in sorted(SAMPLE.rglob("*.gold.json"))]
    if not golds:
        pytest.skip("sample corpus not present")
    reports = [analyze_path(SAMPLE / g["file"]) for g in golds]
    results = follow_up(reports)
    pairs = []  # (gold status, my status)
    for gold in golds:
        mine = {(f.promise_year, norm(f.promise_headline)): f.status for f in results.get(str(SAMPLE / gold["file"]), ())}
        wanted = {(x["promise_year"], norm(x["promise_headline"])): x["status"] for x in gold.get("follow_up") or []}
        assert set(mine) == set(wanted), gold["file"]
        pairs += [(status, mine[key]) for key, status in wanted.items()]
    for status, (min_p, min_r) in SAMPLE_MIN.items():
        tp = sum(g == m == status for g, m in pairs)
        said = sum(m == status for _, m in pairs)
        real = sum(g == status for g, _ in pairs)
        assert (tp / said if said else 1.0) >= min_p and (tp / real if real else 1.0) >= min_r, (status, tp, said, real)


def test_results_do_not_depend_on_the_hash_seed() -> None:
    """Two interpreters with different PYTHONHASHSEED give the same follow-up and reuse."""
    import os
    import subprocess
    import sys

    probe = ("import hashlib; from textkit.run.corpus import analyze_corpus; "
             "rs = analyze_corpus(['corpus'], workers=1); "
             "print(hashlib.md5(repr([(r.path, r.follow_up, r.recycled) for r in rs]).encode()).hexdigest())")
    repo = Path(__file__).resolve().parents[2]
    outs = {subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=True,
                           env=os.environ | {"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


# --- the key-word rule for "done", on small reports written for these tests ----------------------

OPENING = "本年度，我县围绕年度重点任务扎实推进政务公开各项工作，全年主动公开政府信息{n}条。"
TRAINING = "每年组织两次档案员培训。邀请市档案馆讲解归档规范。"
PROCESS = "完善依申请公开受理流程，统一答复文书格式。"
LAST_YEAR = "全年组织档案员培训2次，参训人员80人次。"


def _body_report(year: int, overview: list[str], improvements: list[str]) -> Report:
    items = "\n".join(f"{i}、{text}" for i, text in enumerate(improvements, 1))
    text = (f"白桦县人民政府{year}年政府信息公开工作年度报告\n一、总体情况\n" + "\n".join(overview)
            + "\n二、主动公开政府信息情况\n表格略。\n三、收到和处理政府信息公开申请情况\n表格略。\n"
            + "四、政府信息公开行政复议、行政诉讼情况\n表格略。\n五、存在的主要问题及改进情况\n"
            + "（一）存在的主要问题\n1.业务人员流动较快，档案整理不够规范。\n（二）改进措施\n" + items
            + "\n六、其他需要报告的事项\n本年度未收取任何信息处理费用。\n")
    return analyze_document(from_bytes(text.encode("utf-8"), f"synthetic/白桦县/{year}.txt"))


def _statuses(later_overview: list[str]) -> dict[str, tuple[str, str | None]]:
    """Status and evidence of the 2022 promises (TRAINING, PROCESS) in a 2023 report."""
    earlier = _body_report(2022, [OPENING.format(n=860), LAST_YEAR], [TRAINING, PROCESS])
    later = _body_report(2023, [OPENING.format(n=910), *later_overview], ["推进政务公开标准化向村级延伸。选取2个乡镇先行试点。"])
    assert [i.headline for i in earlier.improvements] == ["每年组织两次档案员培训", "完善依申请公开受理流程"]
    return {f.promise_headline: (f.status, f.evidence_text) for f in follow_up([earlier, later])[later.path]}


def test_paraphrased_work_is_done() -> None:
    """举办 stands for 组织 and 授课 for 讲解 (followup_words.tsv); the paraphrase shares few bigrams."""
    paraphrase = "上半年和下半年各举办1期档案员培训班，市档案馆派员现场授课。"
    assert _statuses([paraphrase])["每年组织两次档案员培训"] == ("done", paraphrase)


def test_promise_kept_across_two_sentences_is_done() -> None:
    """Neither sentence names enough of the promise (举办 for 组织 and 档案 in the first; 市档案馆,
    授课 for 讲解 and 档案 in the second); the two together report it."""
    first, second = "全年共举办档案员业务班两期。", "市档案馆派员现场授课。"
    assert _statuses([first])["每年组织两次档案员培训"] == ("silent", None)
    assert _statuses([second])["每年组织两次档案员培训"] == ("silent", None)
    assert _statuses([first, second])["每年组织两次档案员培训"] == ("done", first + "\n" + second)


def test_lookalike_naming_two_key_words_is_not_done() -> None:
    """The sentence names 流程 and 文书 (申请, 答复 are generic): too few to report the work."""
    lookalike = "全年召开联席会议1次，通报了申请办理流程和答复文书写作中的常见问题。"
    assert _statuses([lookalike])["完善依申请公开受理流程"] == ("silent", None)


def test_sentence_copied_from_the_promise_year_is_no_evidence() -> None:
    assert _statuses([LAST_YEAR])["每年组织两次档案员培训"] == ("silent", None)
    this_year = "全年组织档案员培训3次，参训人员95人次。"  # same words, this year's figures
    assert _statuses([this_year])["每年组织两次档案员培训"] == ("done", this_year)


@pytest.mark.parametrize("text, words", [
    ("每年组织两次档案员培训", ("每年", "组织", "两次", "档案", "培训")),  # 员 alone is too short
    ("下一步，我们将继续加强政务公开工作", ()),  # stopwords and generic words only
    ("不断完善资金分配公开", ("完善", "资金分配")),  # 不断完善: the generic half is dropped
])
def test_key_words(text: str, words: tuple[str, ...]) -> None:
    assert key_words(text) == words


@pytest.mark.parametrize("sentence, word, named", [
    ("各举办了1期培训班", "组织", True),  # a word of its `same` row
    ("涉农资金的分配结果逐个项目上网", "资金分配", True),  # both halves of a compound
    ("涉农资金按时拨付到位", "资金分配", False),  # one half only
    ("档案员培训", "档案馆", False),
])
def test_names(sentence: str, word: str, named: bool) -> None:
    assert names(sentence, word) is named


def test_followup_words_lexicon_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for rows, message in [("same\t举办 组织\nsame\t组织 召开\n", "组织 is in two `same` rows"),
                          ("alike\t举办 组织\n", "unknown role 'alike'")]:
        (tmp_path / "followup_words.tsv").write_text("# test\n" + rows, encoding="utf-8")
        monkeypatch.setenv("TEXTKIT_LEXICONS", str(tmp_path))
        lexicons.table.cache_clear()
        keywords.word_lexicon.cache_clear()
        try:
            with pytest.raises(LexiconError, match=message):
                keywords.word_lexicon()
        finally:
            monkeypatch.delenv("TEXTKIT_LEXICONS")
            lexicons.table.cache_clear()
            keywords.word_lexicon.cache_clear()
    same, ignored = keywords.word_lexicon()
    assert same["举办"] == same["组织"] and {"公开", "答复", "加强"} <= ignored
