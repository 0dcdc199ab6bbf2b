"""Every word the tool itself prints, in each label language (zh, en), and how report text is
shown in the reader's script.

Words: field and column labels (one table, with the few words a view says differently kept per
view), and the names of values: severities, rule names, kinds of carried-over sentence, section
names, scripts, forms, item categories, follow-up statuses, and the notes and reasons that reading
and table parsing give in English (``Labels.note`` words them in Chinese by the patterns below;
an unknown note is shown as it is, and the language test in tests/test_cli_first_hour.py fails:
add its pattern here).

Report text: ``Shower`` shows a report's strings in the reader's script, as the report writes
them by default. Some strings textkit derives from a report are kept in Simplified (the body
name, found in the analysis text); shown "as written" they are taken back from the report at
the same place, never converted again: a Traditional report that writes 發布 is not shown 發佈.
"""
from __future__ import annotations

import re
from typing import Any, cast

from ..errors import UsageError
from ..model import Document
from ..read.normalize import DisplayScript, to_display, to_simplified
from .shown import plain

SCRIPTS = ("auto", "simplified", "traditional", "hk", "tw")
TRADITIONAL = ("traditional", "hk", "tw")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "path": "文件", "agency": "机关", "year": "年度", "layout": "格式", "script": "字形", "sections": "章节",
        "title": "标题", "published": "发布日期", "report": "年报", "error": "错误", "not_report": "非年度报告", "kind": "类型",
        "marker": "序号", "headline": "要点", "category": "类别", "specificity": "具体度", "rule": "规则",
        "severity": "级别", "message": "说明", "audit": "年报审查", "body": "机关年度序列", "heading": "标题（原文）", "key": "键",
        "span": "位置", "narrative": "叙述", "new": "新写", "score": "得分", "evidence": "证据", "timeliness": "时效",
        "on_time": "按时", "late": "逾期", "unknown": "—", "figures": "关键数据", "proactive_items": "主动公开信息数 本年",
        "keywords": "本年特征词", "carried": "沿用", "template": "模板", "no_findings": "无审查发现", "changes": "与上年相比",
        "previous": "上年报告", "sections_added": "新增章节", "sections_removed": "缺少上年章节", "items_added": "新增要点",
        "items_removed": "不再出现的要点", "figures_changed": "数据变化", "done": "已落实", "repeated": "重复承诺",
        "silent": "未提及", "none": "无", "figure": "项目", "value": "数值", "proactive_rules": "规章 本年制发/现行有效",
        "proactive_normative": "规范性文件 本年制发/现行有效", "requests_received": "申请 本年新收",
        "requests_carried_in": "申请 上年结转", "requests_settled": "申请 办理结果总计", "requests_carried_out": "结转下年度",
        "reconsideration": "行政复议 总计", "litigation": "行政诉讼 总计", "carried_kinds": "沿用句",
        "page_title": "政府信息公开工作年度报告审查", "overview": "总览", "bodies": "机关年度序列", "reports": "各报告", "errors": "错误",
        "warnings": "警告", "infos": "提示", "encoding": "编码", "form": "形式", "pages": "页数", "notes": "读取说明", "text": "正文",
        "preamble": "导言", "reasons": "依据", "problem": "问题", "improvement": "改进", "tables": "表格核对",
        "promise": "承诺", "status": "状态", "recycled": "沿用句", "verbatim": "逐字沿用", "numbers_changed": "仅改数字",
        "near": "近似沿用", "source": "来源", "similarity": "相似度", "legend": "图例", "shares_chart": "新写/沿用/模板占比",
        "findings_chart": "各年审查发现", "generated": "由 textkit 生成", "cells": "单元格", "expected": "应为",
        "actual": "实为", "open": "查看", "sort_hint": "点击表头排序", "bodies_count": "个机关", "reports_count": "份文件",
        "table_proactive": "表二 主动公开", "table_requests": "表三 申请办理", "table_appeals": "表四 复议诉讼",
        "table_statistics": "统计表", "checks_pass": "核对无误", "unreadable": "无法可靠读取",
    },
    "en": {
        "path": "file", "agency": "body", "year": "year", "layout": "layout", "script": "script",
        "sections": "sections", "title": "title", "published": "published", "report": "report",
        "error": "error", "not_report": "not an annual report", "kind": "kind", "marker": "marker",
        "headline": "headline", "category": "category", "specificity": "specificity", "problems": "problems",
        "improvements": "improvements", "rule": "rule", "severity": "severity", "message": "message",
        "audit": "report audit", "body": "bodies by year", "heading": "heading (as written)", "key": "key",
        "span": "span", "narrative": "narrative", "new": "new", "score": "score", "evidence": "evidence",
        "timeliness": "timeliness", "on_time": "on time", "late": "late", "unknown": "—",
        "figures": "key figures", "proactive_items": "items published proactively",
        "keywords": "distinctive keywords", "carried": "carried", "template": "template",
        "no_findings": "no findings", "changes": "since last year", "previous": "previous report",
        "sections_added": "new sections", "sections_removed": "sections dropped", "items_added": "new items",
        "items_removed": "items dropped", "figures_changed": "figures changed", "done": "kept",
        "repeated": "repeated", "silent": "not mentioned", "none": "none", "figure": "figure",
        "value": "value", "proactive_rules": "rules issued / in force",
        "proactive_normative": "normative documents issued / in force",
        "requests_received": "requests received", "requests_carried_in": "requests carried in",
        "requests_settled": "requests settled (total)", "requests_carried_out": "carried to next year",
        "reconsideration": "reconsideration total", "litigation": "litigation total",
        "carried_kinds": "carried-over sentences",
        "page_title": "Government information-disclosure annual reports: audit", "overview": "Overview",
        "bodies": "Bodies by year", "reports": "Reports", "errors": "errors", "warnings": "warnings",
        "infos": "infos", "encoding": "encoding", "form": "form", "pages": "pages", "notes": "reading notes", "text": "Text",
        "preamble": "preamble", "reasons": "reasons", "problem": "problem", "improvement": "improvement",
        "tables": "Table checks", "promise": "promise", "status": "status",
        "recycled": "carried-over sentences", "verbatim": "verbatim", "numbers_changed": "numbers changed",
        "near": "near", "source": "source", "similarity": "similarity", "legend": "legend",
        "shares_chart": "new / carried / template shares", "findings_chart": "findings by year",
        "generated": "generated by textkit", "cells": "cells", "expected": "expected", "actual": "actual",
        "open": "open", "sort_hint": "click a header to sort", "bodies_count": "bodies",
        "reports_count": "files", "table_proactive": "Table 二 proactive disclosure",
        "table_requests": "Table 三 requests", "table_appeals": "Table 四 reconsideration and litigation",
        "table_statistics": "statistics table", "checks_pass": "checks pass",
        "unreadable": "not read reliably",
    },
}
# Where a view says it differently today (the terminal's counts, the summary's short titles).
VIEW_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "terminal": {
        "zh": {"items": "问题/改进", "reuse": "新/沿用/模板", "findings": "错误/警告/提示",
               "problems": "存在的主要问题", "improvements": "改进措施"},
        "en": {"items": "problems/improvements", "reuse": "new/carried/template", "findings": "errors/warnings/infos"},
    },
    "summary": {
        "zh": {"reuse": "新写与沿用", "findings": "主要审查发现", "problems": "存在的主要问题", "improvements": "改进措施",
               "follow_up": "上年承诺"},
        "en": {"reuse": "new and carried over", "findings": "top findings", "follow_up": "last year's promises"},
    },
    "html": {
        "zh": {"items": "问题与改进", "findings": "审查发现", "problems": "问题", "improvements": "改进",
               "follow_up": "上年承诺落实",
               "summary": "概况", "bodies_n": "机关", "unreadable_files": "无法读取", "generated_at": "生成时间",
               "inputs": "输入", "files": "文件", "not_reports": "非年度报告", "annual_reports": "年度报告",
               "with_errors": "有错误的报告", "late": "逾期公布",
               "most_copied": "沿用最多的报告", "copied_share": "沿用+模板占比", "top_rules": "最常触发的规则",
               "reports_hit": "涉及报告", "findings_n": "发现数", "mean_score": "平均得分",
               "legend_score": "得分 = max(0, 100 − 15×错误 − 5×警告 − 1×提示)；一个错误（表格不平、叙述与表格矛盾、逾期）抵三个警告；非年度报告不评分。",
               "legend_specificity": "具体度 0–1：从 0.30 起，写明数字、期限、文件名、责任单位或具体动作加分，套话减分；“依据”列出每一项加减。",
               "legend_marks": "正文标记", "filter_severity": "级别", "filter_body": "机关",
               "all": "全部", "any_finding": "有任何发现", "no_finding": "无发现", "has": "有", "shown": "显示",
               "back": "返回索引", "body_pages": "各机关（每个机关一页）", "years": "年度",
               "reports_n": "报告数", "worst_score": "最低得分", "other_files": "未归入机关的文件",
               "pages_note": "报告较多，已按机关分页：点击机关名称打开该机关的页面。",
               "families": "模板家族", "family_members": "成员", "family_similarity": "相似度",
               "family_shared_n": "共用句数", "family_shared": "共用的范本句（前三句）",
               "families_note": "同一范本写成的机关：共用的句子去掉名称和数字后相同。"},
        "en": {"items": "Problems and improvements", "findings": "Findings", "follow_up": "Last year's promises",
               "summary": "Summary", "bodies_n": "bodies", "unreadable_files": "unreadable", "generated_at": "generated",
               "inputs": "inputs", "files": "files", "not_reports": "not annual reports",
               "annual_reports": "annual reports", "with_errors": "reports with errors",
               "late": "published late", "most_copied": "most copied reports",
               "copied_share": "carried + template share", "top_rules": "rules that fire most", "reports_hit": "reports",
               "findings_n": "findings", "mean_score": "mean score",
               "legend_score": "score = max(0, 100 − 15×errors − 5×warnings − 1×infos): one error (a table that does not add up, a narrative figure the table contradicts, a late report) costs as much as three warnings; documents that are not annual reports get no score.",
               "legend_specificity": "specificity 0–1: starts at 0.30; numbers, deadlines, named documents, named units and concrete actions raise it, stock phrases lower it; 'reasons' lists every step.",
               "legend_marks": "marks in the text", "filter_severity": "severity", "filter_body": "body",
               "all": "all", "any_finding": "any finding", "no_finding": "no findings", "has": "with", "shown": "shown",
               "back": "back to the index", "body_pages": "Bodies (one page each)", "years": "years",
               "reports_n": "reports", "worst_score": "lowest score", "other_files": "files outside any body",
               "pages_note": "A large run: one page per body; open a body by its name.",
               "families": "Template families", "family_members": "members", "family_similarity": "similarity",
               "family_shared_n": "shared sentences", "family_shared": "shared model sentences (first three)",
               "families_note": "Bodies written from one model: their shared sentences are the same once names and figures are masked."},
    },
}


# Words the terminal views print beyond the table above (short headers for a narrow table,
# compare's messages, merged copies, the audit's "wrote" line).
TERMINAL_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "section": "章节", "traditional_chars": "繁体字", "simplified_chars": "简体字", "traditional_share": "繁体占比",
        "copies": "同一报告的多个文件已合并（保留的文件 ← 合并的副本）", "missing": "缺",
        "path_short": "文件", "agency_short": "机关", "year_short": "年度", "layout_short": "格式",
        "script_short": "字形", "sections_short": "章节", "items_short": "问/改", "reuse_short": "新/沿/模",
        "findings_short": "错/警/提", "score_short": "得分",
        "compare_order": "按年度排列：{earlier} 在前，{later} 在后",
        "compare_bodies": "注意：两份报告来自不同机关（{earlier} / {later}），沿用句只在同一机关的报告之间标出",
        "compare_copies": "两个文件是同一份报告（{body} {year} 年），没有可比的内容",
        "compare_hidden": "另有 {n} 句新写的句子未列出（--all 列出全部）",
        "wrote": "已写入 {path}（{n} 份报告）",
    },
    "en": {
        "section": "section", "traditional_chars": "traditional characters", "simplified_chars": "simplified characters",
        "traditional_share": "traditional share", "copies": "files holding one report, merged (kept file ← merged copies)",
        "missing": "no ", "path_short": "file", "agency_short": "body", "year_short": "year", "layout_short": "layout",
        "script_short": "script", "sections_short": "sect.", "items_short": "prob/impr", "reuse_short": "new/carr/tmpl",
        "findings_short": "e/w/i", "score_short": "score",
        "compare_order": "ordered by year: {earlier} first, then {later}",
        "compare_bodies": "note: the two reports are from different bodies ({earlier} / {later}); carried-over "
                          "sentences are marked only between one body's reports",
        "compare_copies": "the two files are one report ({body}, {year}): nothing to compare",
        "compare_hidden": "{n} new sentences not listed (--all lists every sentence)",
        "wrote": "wrote {path} ({n} reports)",
    },
}

# (zh, en) names of the values textkit puts in its results.
SEVERITIES = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
RULES = {
    "late": ("逾期发布", "published late"),
    "timeliness_unknown": ("发布日期不明", "publication date unknown"),
    "missing_section": ("缺少章节", "section missing"),
    "section_order": ("章节顺序不符", "sections out of order"),
    "numbering_slip": ("序号错漏", "numbering slip"),
    "table_template_mismatch": ("表格模板与年度不符", "table of another layout"),
    "table_requests_balance": ("表三收支不平", "table 三 does not balance"),
    "table_requests_results_sum": ("表三办理结果合计不符", "table 三 results do not add up"),
    "table_requests_total_column": ("表三总计列不符", "table 三 total column does not add up"),
    "table_appeals_total": ("表四总计不符", "table 四 totals do not add up"),
    "narrative_table_mismatch": ("正文数字与表格不符", "prose figure differs from the table"),
    "narrative_percentage": ("增减百分比有误", "percentage change miscomputed"),
    "problems_incomplete": ("问题或改进缺失", "problems or improvements missing"),
    "fees_not_stated": ("未说明信息处理费", "processing fees not stated"),
    "placeholder_narrative": ("内容仅为占位", "placeholder text only"),
    "comparison_failed": ("跨年比对失败", "comparison across years failed"),
    "carry_over_mismatch": ("结转数前后不符", "carried-over requests differ from last year"),
    "regulations_stock": ("现行有效件数前后不符", "documents in force do not follow from last year"),
    "stale_year": ("沿用旧年份", "stale year"),
    "recurring_problems": ("问题年年重复", "problem repeated year after year"),
}
KINDS = {"verbatim": ("逐字沿用", "verbatim"), "numbers_changed": ("仅改数字", "numbers changed"),
         "near": ("近似沿用", "near"), "template": ("模板", "template"), "new": ("新写", "new")}
SECTIONS = {
    "intro": ("导言", "introduction"), "overview": ("总体情况", "overview"), "proactive": ("主动公开", "proactive"),
    "requests": ("依申请公开", "requests"), "appeals": ("复议诉讼", "appeals"), "problems": ("问题及改进", "problems"),
    "other": ("其他事项", "other"), "fees": ("收费及减免", "fees"), "statistics": ("统计表", "statistics"),
    "unknown": ("未识别", "unknown"),
}
SCRIPT_KINDS = {"simplified": ("简体", "simplified"), "traditional": ("繁体", "traditional"),
                "mixed": ("简繁混合", "mixed"), "none": ("无汉字", "none")}
FORMS = {"text": ("文本", "text"), "html": ("网页", "web page"), "pdf": ("PDF", "PDF"), "docx": ("Word", "Word")}
LAYOUTS = {"2008": ("2008", "2008"), "2019": ("2019", "2019"), "2021": ("2021", "2021"), "unknown": ("不明", "unknown")}
STATUSES = {"done": ("已落实", "kept"), "repeated": ("重复承诺", "repeated"), "silent": ("未提及", "not mentioned")}
# Section 五 categories are named in Chinese in lexicons/categories.tsv; their English names.
CATEGORIES_EN = {
    "机制建设": "mechanisms", "制度规范": "rules and standards", "信息发布质量与时效": "publishing quality and timeliness",
    "平台与政务新媒体": "platforms and new media", "政策解读与回应关切": "policy explanation and responses",
    "依申请公开办理": "handling requests", "公众参与": "public participation", "监督考核": "supervision and assessment",
    "队伍与培训": "staff and training", "其他": "other",
}
# Notes and reasons worded in English by reading and table parsing: pattern -> Chinese.
NOTES_ZH: tuple[tuple[str, str], ...] = (
    (r"the page repeats the report body at character (\d+); the copy was dropped", r"网页在第 \1 字处重复了报告正文，重复部分已删去"),
    (r"title names another kind of document: (.*)", r"标题表明是另一类文件：\1"),
    (r"no annual-report title and fewer than 3 report sections found", "没有年度报告标题，报告章节也不足 3 个"),
    (r"dropped (\d+) page numbers", r"删去页码 \1 处"),
    (r"dropped (\d+) form feeds", r"删去分页符 \1 个"),
    (r"dropped a running head or footer repeated on (\d+) pages: (.*)", r"删去在 \1 页重复的页眉或页脚：\2"),
    (r"joined (\d+) lines wrapped at a printed width of (\d+) characters", r"合并按每行 \2 字折行的 \1 行"),
    (r"folded (\d+) spaces around numbers", r"去掉数字两侧的空格 \1 处"),
    (r"table 二 has no sums to split digits that run together, or cells are missing: (.*)",
     r"表二没有可用于拆分连在一起的数字的合计，或缺少单元格：\1"),
    (r"rows not found: (.*)", r"未找到的行：\1"),
    (r"too many readings of the digit runs in rows (.*)", r"以下各行的数字串有多种读法：\1"),
    (r"no split of the digit runs satisfies the table's arithmetic: (.*)", r"数字串的任何拆分都不满足表内合计：\1"),
    (r"(\d+) cells expected, found (.*)", r"应有 \1 个单元格，实为：\2"),
    (r"no split of (.*) satisfies 总计 = the four results per block", r"\1 的任何拆分都不满足各组“总计 = 四项结果之和”"),
    (r"more than one split of (.*) satisfies 总计 = the four results per block",
     r"\1 有多种拆分满足各组“总计 = 四项结果之和”"),
)
_NOTE_WORDS_ZH = {"nothing": "无"}


def labels(lang: str, view: str) -> dict[str, str]:
    """The labels of one view (terminal, summary, html) in ``lang``; a clear error for another language."""
    if lang not in LABELS:
        raise UsageError(f"unknown label language {lang!r}: use one of {', '.join(LABELS)}")
    return LABELS[lang] | VIEW_LABELS[view].get(lang, {})


def check_script(script: str) -> None:
    """A clear error for a script the renderers cannot show."""
    if script not in SCRIPTS:
        raise UsageError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")


class Labels:
    """The words of one label language as one view says them: ``t["year"]`` for fixed words,
    methods for the names of values (severities, rules, kinds, sections, ...)."""

    def __init__(self, lang: str, view: str = "terminal") -> None:
        if lang not in LABELS:
            raise UsageError(f"unknown label language {lang!r}: use one of {', '.join(LABELS)}")
        self.lang = lang
        self._words = labels(lang, view) | TERMINAL_WORDS[lang]
        self._i = ("zh", "en").index(lang)

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def _name(self, table: dict[str, tuple[str, str]], value: str | None) -> str:
        if value is None:
            return ""
        return table[value][self._i] if value in table else value

    def severity(self, value: str) -> str:
        return self._name(SEVERITIES, value)

    def rule(self, value: str) -> str:
        return self._name(RULES, value)

    def kind(self, value: str) -> str:
        return self._name(KINDS, value)

    def section(self, value: str) -> str:
        return self._name(SECTIONS, value)

    def script(self, value: str | None) -> str:
        return self._name(SCRIPT_KINDS, value)

    def form(self, value: str | None) -> str:
        return self._name(FORMS, value)

    def layout(self, value: str | None) -> str:
        return self._name(LAYOUTS, value)

    def status(self, value: str) -> str:
        return self._name(STATUSES, value)

    def category(self, value: str) -> str:
        """A section 五 category (named in Chinese in the lexicon)."""
        return CATEGORIES_EN.get(value, value) if self.lang == "en" else value

    def note(self, text: str | None) -> str:
        """A note or reason from reading or table parsing, in this language (parts joined by
        "; " are worded one by one).

        >>> Labels("zh").note("rows not found: 规章; too many readings of the digit runs in rows 本年新收")
        '未找到的行：规章；以下各行的数字串有多种读法：本年新收'
        >>> Labels("zh").note("the page repeats the report body at character 90; the copy was dropped")
        '网页在第 90 字处重复了报告正文，重复部分已删去'
        >>> Labels("en").note("dropped 3 page numbers")
        'dropped 3 page numbers'
        """
        if not text or self.lang == "en":
            return text or ""
        parts = [_note_zh(part) for part in text.split("; ")]
        if all(parts):
            return "；".join(p for p in parts if p)
        return _note_zh(text) or text


def _note_zh(part: str) -> str | None:
    for pattern, template in NOTES_ZH:
        match = re.fullmatch(pattern, part, re.S)
        if match:
            out = match.expand(template)
            for word, zh in _NOTE_WORDS_ZH.items():
                out = re.sub(rf"\b{word}\b", zh, out)
            return out
    return None


class Shower:
    """Strings of one report in the reader's ``script`` (``auto``: the report's own)."""

    def __init__(self, doc: Document | None, script: str = "auto") -> None:
        self.doc, self.script = doc, script
        own = doc.script.kind if doc is not None else "none"
        # A report already in Traditional is shown as written when a Traditional script is asked for.
        self.as_written = script == "auto" or (script in TRADITIONAL and own == "traditional")
        self._title_simplified = to_simplified(doc.title) if doc is not None and doc.title else ""

    def __call__(self, value: Any) -> str:
        """``value`` in the reader's script, always ``plain``: escape sequences and control
        characters from the input never reach the reader."""
        s = "" if value is None else str(value)
        if not s:
            return s
        if self.as_written:
            return plain(self.written(s))
        return plain(to_display(s, cast(DisplayScript, self.script)))

    def written(self, s: str) -> str:
        """``s`` as the report writes it: found in the report's text (or title) as it is, or
        at the same place of its Simplified analysis text."""
        doc = self.doc
        if doc is None or s in doc.text or (doc.title and s in doc.title):
            return s
        at = doc.analysis_text.find(s)
        if at >= 0:
            return doc.text[at:at + len(s)]
        at = self._title_simplified.find(s)
        if at >= 0 and doc.title:
            return doc.title[at:at + len(s)]
        return s
