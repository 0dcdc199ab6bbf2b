"""Problems listed in one sentence, joined by 、 (issue 15, section 五): one item each when every
part is a clause of its own; a list of nouns sharing one predicate stays one item."""

from __future__ import annotations

from pathlib import Path

import textkit

REPORT = """柳溪镇人民政府2023年政府信息公开工作年度报告
一、总体情况
本年度，柳溪镇按计划推进政务公开，共主动公开信息三百余条。
五、存在的主要问题及改进情况
本年度政务公开工作虽有进展，但与群众期待相比仍存在一定差距。{problems}下一步，我镇将做好以下工作：一是规范公开流程。二是充实公开队伍。
六、其他需要报告的事项
无。
"""


def _problems(tmp_path: Path, sentence: str) -> list[str]:
    path = tmp_path / "liuxi.txt"
    path.write_text(REPORT.format(problems=sentence), encoding="utf-8")
    return [p.headline for p in textkit.analyze(str(path)).problems]


def test_a_list_of_problem_clauses_is_one_item_each(tmp_path: Path) -> None:
    assert _problems(tmp_path, "如公开目录更新还不够及时、答复文书的规范性有待提高、基层公开栏管理较为薄弱等。") == [
        "公开目录更新还不够及时", "答复文书的规范性有待提高", "基层公开栏管理较为薄弱"]


def test_a_list_of_nouns_sharing_one_predicate_stays_one_item(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "如公开内容、公开形式、公开渠道还有待进一步丰富。")
    assert len(problems) == 1 and problems[0].endswith("公开渠道还有待进一步丰富")
