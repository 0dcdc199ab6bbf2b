"""Every label the renderers print, in one zh/en table, and how report text is shown in the reader's script."""
from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..read.normalize import to_display

SCRIPTS = ("auto", "simplified", "traditional", "hk", "tw")

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
        "warnings": "警告", "infos": "提示", "encoding": "编码", "form": "形式", "notes": "读取说明", "text": "正文",
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
        "infos": "infos", "encoding": "encoding", "form": "form", "notes": "reading notes", "text": "Text",
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
               "pages_note": "报告较多，已按机关分页：点击机关名称打开该机关的页面。"},
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
               "pages_note": "A large run: one page per body; open a body by its name."},
    },
}


def labels(lang: str, view: str) -> dict[str, str]:
    """The labels of one view (terminal, summary, html) in ``lang``; a clear error for another language."""
    if lang not in LABELS:
        raise UsageError(f"unknown label language {lang!r}: use one of {', '.join(LABELS)}")
    return LABELS[lang] | VIEW_LABELS[view].get(lang, {})


def check_script(script: str) -> None:
    """A clear error for a script the renderers cannot show."""
    if script not in SCRIPTS:
        raise UsageError(f"unknown script {script!r}: use one of {', '.join(SCRIPTS)}")


def shown(value: Any, script: str) -> str:
    """Report text in the reader's script; ``auto`` keeps the input's own, None shows as nothing."""
    s = "" if value is None else str(value)
    return s if script == "auto" else to_display(s, script)  # type: ignore[arg-type]
