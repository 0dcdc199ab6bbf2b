# Gold values for textkit's tests on the real reports in /work/shared/corpus.
#
# Written by careful reading of every file (see comments).  Plain data only.
#
# Conventions
# -----------
# * Keys of REAL_GOLD are paths relative to /work/shared/corpus.
# * "title": the page title as it appears in the file (crawler header 标题 /
#   breadcrumb / ArticleTitle; for the 十六团 file the title line of the body,
#   in Traditional).  Where the body's own title line differs it is given in
#   "title_variants".
# * "sections": top-level sections only, (key, heading-as-written).  Headings are
#   copied as written (Traditional for the 十六团 file; a "sections_simplified"
#   copy is given there too).  Table row labels such as 一、本年新收… /
#   三、本年度办理结果 / 四、结转下年度继续办理 are never sections.
# * Headline rule for "problems"/"improvements": the text after the marker up to
#   the first of ，。；：, ; : (the 十六团 file uses ASCII commas).  If that clause
#   is longer than 24 CJK characters it is cut at the last 、 within the first 20
#   characters (else hard-cut at 20), so every headline is a PREFIX of the item.
#   Lead sentences ("…将采取以下措施加以改进") are context, not items.
#   Sub-items nested under an improvement heading (1、2、3、4、) are listed
#   separately in "improvement_subitems", not as top-level items.
# * "fees_stated" is only meaningful for the 2021 layout (section 六 must say
#   whether 信息处理费 was charged); for other layouts it is False and the rule
#   fees_not_stated is listed in "no_findings" (not applicable).
# * Late rule used (per brief): departments -> after 31 Jan of the following year;
#   a county-or-higher people's government's own report (平潭综合实验区 treated as
#   county level, 平潭县人民政府) -> after 31 Mar.  "deadline" gives the date used.
# * "no_findings": rules checked and NOT applicable / not triggered.  A rule that
#   is debatable for a report is left out of both lists (see comments).
# * Table 三 columns: 自然人, 商业企业, 科研机构, 社会公益组织,
#   法律服务机构, 其他, 总计 (see REQ_COLUMNS).
#   Row labels for （六） sub-rows are shortened (the official labels are long).
from typing import Any, Dict, List

REQ_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

RULES = [
    "late", "table_requests_balance", "table_requests_results_sum",
    "table_requests_total_column", "table_appeals_total",
    "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
    "stale_year", "wrong_source", "editor_markup", "missing_section",
]

_TABLE_RULES = ["table_requests_balance", "table_requests_results_sum",
                "table_requests_total_column", "table_appeals_total"]

SECTIONS_2019 = [
    ("overview", "一、总体情况"),  # 项
    ("proactive", "二、主动公开政府信息情况"),  # 项
    ("requests", "三、收到和处理政府信息公开申请情况"),  # 项
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),  # 项
    ("problems", "五、存在的主要问题及改进情况"),  # 项
    ("other", "六、其他需要报告的事项"),  # 项
]

# The 2008-layout five-part structure of the 2011/2012 county and 2011 区
# reports is written out per report below ("一、 概述" has a space after 一、
# in both the txt and the html).

PROBLEMS_2011 = [
    ("一是", "受人员编制限制"),  # 项
    ("二是", "部分单位信息公开属性界定不准确"),  # 项
    ("三是", "依申请公开工作机制仍需进一步规范"),  # 项
    ("四是", "政府信息公开宣传力度还不够"),  # 项
]
IMPROVEMENTS_2011 = [
    ("（一）", "进一步深化政府信息公开内容"),  # 项
    ("（二）", "进一步拓展政府信息公开形式"),  # 项
    ("（三）", "进一步规范政府信息公开行为"),  # 项
]
IMPROVEMENT_SUBITEMS_2011 = [  # nested under （三）
    ("1、", "加强信息公开培训指导工作"),  # 项
    ("2、", "规范政府信息公开行为"),  # 项
    ("3、", "做好主动公开信息巡查工作"),  # 项
    ("4、", "建立健全政府信息公开社会评议制度"),  # 项
]

# --------------------------------------------------------------------------
# Table 三 (requests), read cell by cell.  Archived pingtan files have the digits
# run together; splits were found by enumerating every split of every run into
# 7 non-negative integers (no leading zeros; spaces are forced boundaries) and
# keeping only tables where, per column, 一+二 = （七）+四 and （七） = sum of the
# result rows, and per row 总计 = sum of the six.  Result per report is noted.
# --------------------------------------------------------------------------

# 80576 (2019 layout).  Every run splits uniquely on its own (row 总计 = sum);
# the whole table satisfies all rules.  UNIQUE.
TABLE_80576 = {
    '一、本年新收政府信息公开申请数量': [23, 0, 0, 0, 0, 0, 23],  # 原串 '230 000023'
    '二、上年结转政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（一）予以公开': [7, 0, 0, 0, 0, 0, 7],  # 原串 '7000007'
    '（二）部分公开': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（三）不予公开/1.属于国家秘密': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/4.保护第三方合法权益': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/5.属于三类内部事务信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/6.属于四类过程性信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/7.属于行政执法案卷': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/8.属于行政查询事项': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/1.本机关不掌握相关政府信息': [7, 0, 0, 0, 0, 0, 7],  # 原串 '7000007'
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/3.补正后申请内容仍不明确': [5, 0, 0, 0, 0, 0, 5],  # 原串 '5000005'
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/2.重复申请': [3, 0, 0, 0, 0, 0, 3],  # 原串 '3000003'
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0 0 0 0 0 00'
    '（七）总计': [23, 0, 0, 0, 0, 0, 23],  # 原串 '23 0 00 0 023'
    '四、结转下年度继续办理': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0 0 00 00 0'
}

# 80613 (2021 layout).  Two runs are ambiguous on their own:
#   '270020130' -> 27,0,0,2,0,1,30  or  2,7,0,0,20,1,30
#   '220000325' -> 22,0,0,0,0,3,25  or  2,20,0,0,0,3,25
# The column rules leave exactly one table (below).  UNIQUE.  It agrees with the
# narrative (70 received, 69 settled, 1 carried over).
TABLE_80613 = {
    '一、本年新收政府信息公开申请数量': [64, 0, 0, 2, 0, 4, 70],  # 原串 '640020470'
    '二、上年结转政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（一）予以公开': [27, 0, 0, 2, 0, 1, 30],  # 原串 '270020130'
    '（二）部分公开': [5, 0, 0, 0, 0, 0, 5],  # 原串 '500000 5'
    '（三）不予公开/1.属于国家秘密': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/4.保护第三方合法权益': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/5.属于三类内部事务信息': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（三）不予公开/6.属于四类过程性信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/7.属于行政执法案卷': [6, 0, 0, 0, 0, 0, 6],  # 原串 '6000006'
    '（三）不予公开/8.属于行政查询事项': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（四）无法提供/1.本机关不掌握相关政府信息': [22, 0, 0, 0, 0, 3, 25],  # 原串 '220000325'
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/3.补正后申请内容仍不明确': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/2.重复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/1.申请人逾期不补正': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/2.申请人逾期未缴费': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/3.其他': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（七）总计': [63, 0, 0, 2, 0, 4, 69],  # 原串 '630020469'
    '四、结转下年度继续办理': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
}

# 80595 (2020, 2019 layout).  Every run splits uniquely, but NO reading satisfies
# the rules: results rows sum to 26 (自然人) / 27 (总计) while （七）总计 says
# 20 / 21.  Balance 一+二 = 七+四 holds (21).  Reading below = the unique per-row
# split (as printed).
TABLE_80595 = {
    '一、本年新收政府信息公开申请数量': [20, 0, 0, 0, 0, 1, 21],  # 原串 '200 000121'
    '二、上年结转政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（一）予以公开': [6, 0, 0, 0, 0, 1, 7],  # 原串 '6000017'
    '（二）部分公开': [6, 0, 0, 0, 0, 0, 6],  # 原串 '6000006'
    '（三）不予公开/1.属于国家秘密': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/4.保护第三方合法权益': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/5.属于三类内部事务信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/6.属于四类过程性信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/7.属于行政执法案卷': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/8.属于行政查询事项': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/1.本机关不掌握相关政府信息': [4, 0, 0, 0, 0, 0, 4],  # 原串 '4000004'
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/3.补正后申请内容仍不明确': [3, 0, 0, 0, 0, 0, 3],  # 原串 '3000003'
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/2.重复申请': [3, 0, 0, 0, 0, 0, 3],  # 原串 '3000003'
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理': [4, 0, 0, 0, 0, 0, 4],  # 原串 '4 0 0 0 0 0 4'
    '（七）总计': [20, 0, 0, 0, 0, 1, 21],  # 原串 '20 0 00 0 121'
    '四、结转下年度继续办理': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0 0 00 00 0'
}

# 80629 (2022).  UNIQUE; all table rules hold.
TABLE_80629 = {
    '一、本年新收政府信息公开申请数量': [71, 3, 0, 0, 0, 0, 74],  # 原串 '713000074'
    '二、上年结转政府信息公开申请数量': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（一）予以公开': [21, 0, 0, 0, 0, 0, 21],  # 原串 '210000021'
    '（二）部分公开': [8, 1, 0, 0, 0, 0, 9],  # 原串 '8100009'
    '（三）不予公开/1.属于国家秘密': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/4.保护第三方合法权益': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/5.属于三类内部事务信息': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（三）不予公开/6.属于四类过程性信息': [2, 0, 0, 0, 0, 0, 2],  # 原串 '2000002'
    '（三）不予公开/7.属于行政执法案卷': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（三）不予公开/8.属于行政查询事项': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/1.本机关不掌握相关政府信息': [37, 0, 0, 0, 0, 0, 37],  # 原串 '370000037'
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/3.补正后申请内容仍不明确': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/2.重复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/1.申请人逾期不补正': [2, 0, 0, 0, 0, 0, 2],  # 原串 '2000002'
    '（六）其他处理/2.申请人逾期未缴费': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/3.其他': [0, 2, 0, 0, 0, 0, 2],  # 原串 '0200002'
    '（七）总计': [72, 3, 0, 0, 0, 0, 75],  # 原串 '723000075'
    '四、结转下年度继续办理': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
}

# 97791 (2024).  UNIQUE; matches the HTML table cell for cell.
TABLE_97791 = {
    '一、本年新收政府信息公开申请数量': [217, 1, 0, 0, 0, 0, 218],  # 原串 '21710000218'
    '二、上年结转政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（一）予以公开': [71, 0, 0, 0, 0, 0, 71],  # 原串 '710000071'
    '（二）部分公开': [29, 0, 0, 0, 0, 0, 29],  # 原串 '290000029'
    '（三）不予公开/1.属于国家秘密': [4, 0, 0, 0, 0, 0, 4],  # 原串 '4000004'
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/4.保护第三方合法权益': [3, 0, 0, 0, 0, 0, 3],  # 原串 '3000003'
    '（三）不予公开/5.属于三类内部事务信息': [32, 0, 0, 0, 0, 0, 32],  # 原串 '320000032'
    '（三）不予公开/6.属于四类过程性信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/7.属于行政执法案卷': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（三）不予公开/8.属于行政查询事项': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/1.本机关不掌握相关政府信息': [75, 0, 0, 0, 0, 0, 75],  # 原串 '750000075'
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（四）无法提供/3.补正后申请内容仍不明确': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/2.重复申请': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/1.申请人逾期不补正': [1, 0, 0, 0, 0, 0, 1],  # 原串 '1000001'
    '（六）其他处理/2.申请人逾期未缴费': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
    '（六）其他处理/3.其他': [1, 1, 0, 0, 0, 0, 2],  # 原串 '1100002'
    '（七）总计': [217, 1, 0, 0, 0, 0, 218],  # 原串 '21710000218'
    '四、结转下年度继续办理': [0, 0, 0, 0, 0, 0, 0],  # 原串 '0000000'
}

# 十六团 (2021 layout): every cell 0 (read from the line-per-cell copy, checked
# against the pipe-row copy).
TABLE_XJBT = {
    '一、本年新收政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '二、上年结转政府信息公开申请数量': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（一）予以公开': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（二）部分公开': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/1.属于国家秘密': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/2.其他法律行政法规禁止公开': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/3.危及“三安全一稳定”': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/4.保护第三方合法权益': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/5.属于三类内部事务信息': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/6.属于四类过程性信息': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/7.属于行政执法案卷': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（三）不予公开/8.属于行政查询事项': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（四）无法提供/1.本机关不掌握相关政府信息': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（四）无法提供/2.没有现成信息需要另行制作': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（四）无法提供/3.补正后申请内容仍不明确': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（五）不予处理/1.信访举报投诉类申请': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（五）不予处理/2.重复申请': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（五）不予处理/3.要求提供公开出版物': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（五）不予处理/4.无正当理由大量反复申请': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（五）不予处理/5.要求行政机关确认或重新出具已获取信息': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（六）其他处理/1.申请人逾期不补正': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（六）其他处理/2.申请人逾期未缴费': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（六）其他处理/3.其他': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '（七）总计': [0, 0, 0, 0, 0, 0, 0],  # 全零
    '四、结转下年度继续办理': [0, 0, 0, 0, 0, 0, 0],  # 全零
}

# Table 四 (appeals) as 15 numbers: 复议(维持,纠正,其他,尚未,总计),
# 直接起诉(same five), 复议后起诉(same five).
APPEALS = {
    "80576": [0] * 15,                 # '000000000000000'
    "80595": [0] * 15,
    "80613": [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0],  # '10203120001200000' unique
    "80629": [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],   # spaced, agrees with narrative
    "97791": [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19],  # '21317000001324019' unique; = HTML
    "xjbt": [0] * 15,
}

REAL_GOLD: Dict[str, Dict[str, Any]] = {}

# ==========================================================================
# 十六团 2021 (Traditional, body repeated twice: lines, then pipe rows).
# Boundaries: section 五 opens with one problem sentence holding two problem
# clauses (the 部分科室… clause and the 存在…的現象 clause) -> 2 unnumbered items;
# the 针对存在的问题，下一步… sentence is context; 一是…五是 -> 5 improvements.
# ==========================================================================
REAL_GOLD["xjbt/第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告.txt"] = {  # 键
    "title": "第一師阿拉爾市十六團新開嶺鎮2021年政府信息公開工作年度報告",  # 名
    "title_simplified": "第一师阿拉尔市十六团新开岭镇2021年政府信息公开工作年度报告",  # 名
    "agency": "第一师阿拉尔市十六团新开岭镇",  # 名
    "year": 2021,
    "published": "2022-01-28",   # 生成日期
    "deadline": "2022-01-31",    # township body: department rule
    "layout": "2021",
    "is_report": True,
    "script": "traditional",
    "sections": [
        ("overview", "一、總體情況"),  # 项
        ("proactive", "二、主動公開政府信息情況"),  # 项
        ("requests", "三、收到和處理政府信息公開申請情況"),  # 项
        ("appeals", "四、政府信息公開行政復議、行政訴訟情況"),  # 项
        ("problems", "五、存在的主要問題及改進情況"),  # 项
        ("other", "六、其他需要報告的事項"),  # 项
    ],
    "sections_simplified": SECTIONS_2019,
    "problems": [
        ("", "部分科室、中心信息報送量少、質量不高、公開量相對較低"),  # 项
        ("", "存在信息時效性較低、信息質量不高"),  # 项
    ],
    "problems_simplified": [
        ("", "部分科室、中心信息报送量少、质量不高、公开量相对较低"),  # 项
        ("", "存在信息时效性较低、信息质量不高"),  # 项
    ],
    "improvements": [
        ("一是", "進一步完善工作機制"),  # 项
        ("二是", "不斷完善政務公開相關制度建設"),  # 项
        ("三是", "進一步做好信息發布"),  # 项
        ("四是", "進一步加強多方聯動"),  # 项
        ("五是", "進一步強化監督"),  # 项
    ],
    "improvements_simplified": [
        ("一是", "进一步完善工作机制"),  # 项
        ("二是", "不断完善政务公开相关制度建设"),  # 项
        ("三是", "进一步做好信息发布"),  # 项
        ("四是", "进一步加强多方联动"),  # 项
        ("五是", "进一步强化监督"),  # 项
    ],
    "fees_stated": False,
    "findings": [
        {"rule": "fees_not_stated", "note": "六只写无其他事项，未说明信息处理费"},
    ],
    # narrative: no (online) requests, table 三 all 0 -> consistent.
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "narrative_table_mismatch", "numbering_slip", "stale_year",
                    "wrong_source", "editor_markup", "missing_section"],
    "table_requests": TABLE_XJBT,
    "table_appeals": APPEALS["xjbt"],
    "notes": [
        "正文出现两遍：逐行一遍、竖线表格一遍",
        "机器繁体，并/于/后/范等字未转换",
        "文末残留网站登录链接",
        "“人文兵成”疑为笔误",
        "此文件用半角逗号",
    ],
}

# ==========================================================================
# 平潭综合实验区 2011 (txt).  Almost entirely shared with 平潭县人民政府 2011
# (see REAL_SHARED_2011).  Problems: 一是…四是 -> 4 items; the 因此…三个方面
# sentence is context; improvements （一）（二）（三）, with （三）'s 1、-4、 as
# sub-items.
# ==========================================================================
_G_80678 = {
    "title": "平潭综合实验区2011年政府信息公开工作年度报告",  # 名
    "agency": "平潭综合实验区",  # 名
    "year": 2011,
    "published": "2012-04-11",
    "deadline": "2012-03-31",
    "layout": "2008",
    "is_report": True,
    "script": "simplified",
    "sections": [
        ("overview", "一、 概述"),  # 项
        ("proactive", "二、主动公开政府信息情况"),  # 项
        ("requests", "三、政府信息依申请公开工作情况"),  # 项
        ("problems", "四、政府信息公开工作存在的主要问题及改进情况"),  # 项
        ("statistics", "附件1：平潭综合实验区管委会2011年政府信息公开情况统计表"),  # 项
    ],
    "problems": PROBLEMS_2011,
    "improvements": IMPROVEMENTS_2011,
    "improvement_subitems": IMPROVEMENT_SUBITEMS_2011,
    "fees_stated": False,
    "findings": [
        {"rule": "late", "note": "2012-04-11发布，晚于3月31日"},
        {"rule": "missing_section", "note": "无收费减免、复议诉讼、其他事项节"},
        {"rule": "editor_markup", "note": "正文前残留“-->”注释符"},
    ],
    # 来源 line (管委会办公室) is right; narrative 425 / 0 requests = table.
    "no_findings": ["table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
                    "stale_year", "wrong_source"],
    # statistics table (2008 layout), values (2011年度, 历年累计); spaced in this file.
    "table_statistics": {
        "主动公开信息数": [425, 1516], "其中：1.网站公开": [418, 1509],
        "2.政府公报公开": [7, 7], "受理依申请公开信息总数": [0, 0],
        "对申请的答复数": [0, 0], "行政复议数": [0, 0], "行政诉讼数": [0, 0],
        "行政申诉数": [0, 0],
    },
    "notes": [
        "区报告仍写“我县”“县政府”，抄自县报告",
        "“相关市属单位”疑抄自福清市报告",
        "条例名称误作“…政府信息公开工作条例”",
        "落款二○一二年二月二十日",
    ],
}
REAL_GOLD["pingtan/80678_平潭综合实验区2011年政府信息公开工作年度报告.txt"] = _G_80678

# Same report as HTML: same gold; editor_markup now = Word paste markup
# (MsoNormal, mso-*, <o:p>) and stale links to fuqing.gov.cn / mailto fqgkb@126.com.
REAL_GOLD["pingtan/80678_平潭综合实验区2011年政府信息公开工作年度报告.html"] = dict(  # 键
    _G_80678,
    findings=[
        {"rule": "late", "note": "2012-04-11发布，晚于3月31日"},
        {"rule": "missing_section", "note": "无收费减免、复议诉讼、其他事项节"},
        {"rule": "editor_markup", "note": "Word残留mso样式、o:p及福清网址链接"},
    ],
    notes=_G_80678["notes"] + ["邮箱链接指向fqgkb，文字却是163邮箱"],
)

# ==========================================================================
# 平潭县人民政府 2011.  Same structure/boundaries as the 区 2011 report.
# Statistics runs: '4251516' -> 425/1516 (unique: must equal 网站 418/1509 +
# 公报 7/7, and '41815092.' -> 418/1509 is the only split that works).
# ==========================================================================
REAL_GOLD["pingtan/80716_平潭县人民政府2011年政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭县人民政府2011年政府信息公开工作年度报告",  # 名
    "agency": "平潭县人民政府",  # 名
    "year": 2011,
    "published": "2012-04-18",
    "deadline": "2012-03-31",
    "layout": "2008",
    "is_report": True,
    "script": "simplified",
    "sections": [
        ("overview", "一、 概述"),  # 项
        ("proactive", "二、主动公开政府信息情况"),  # 项
        ("requests", "三、政府信息依申请公开工作情况"),  # 项
        ("problems", "四、政府信息公开工作存在的主要问题及改进情况"),  # 项
        ("statistics", "附件1：平潭县人民政府2011年政府信息公开情况统计表"),  # 项
    ],
    "problems": PROBLEMS_2011,
    "improvements": IMPROVEMENTS_2011,
    "improvement_subitems": IMPROVEMENT_SUBITEMS_2011,
    "fees_stated": False,
    "findings": [
        {"rule": "late", "note": "2012-04-18发布，晚于3月31日"},
        {"rule": "missing_section", "note": "无收费减免、复议诉讼、其他事项节"},
    ],
    # no 来源 line in this file -> wrong_source not applicable.
    "no_findings": ["table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
                    "stale_year", "wrong_source", "editor_markup"],
    "table_statistics": {
        "主动公开信息数": [425, 1516], "其中：1.网站公开": [418, 1509],
        "2.政府公报公开": [7, 7], "受理依申请公开信息总数": [0, 0],
        "对申请的答复数": [0, 0], "行政复议数": [0, 0], "行政诉讼数": [0, 0],
        "行政申诉数": [0, 0],
    },
    "stats_runs": {
        "主动公开信息数": {"run": "4251516", "split": [425, 1516], "unique": True},
        "其中：1.网站公开": {"run": "4181509", "split": [418, 1509], "unique": True},
        "2.政府公报公开": {"run": "77", "split": [7, 7], "unique": True},
    },
    "notes": [
        "与区2011年报告几乎逐字相同",
        "九类信息合计421，叙述称425",
        "条例名称误作“…政府信息公开工作条例”",
    ],
}

# ==========================================================================
# 平潭县人民政府 2012.  Section 四 is word-for-word the 2011 text (boilerplate):
# same 4 problems, same 3 improvements + 4 sub-items.
# Statistics runs (2012年度, 历年累计), split using 历年累计 = 2011累计 + 2012:
#   '20263542' -> 2026/3542 (1516+2026), '17953304' -> 1795/3304 (1509+1795),
#   '07' -> 0/7, '2121' 21/21, '1818' 18/18, '33' 3/3, '1717' 17/17, '22' 2/2.
# All unique.  But 主动公开 2026 != 网站 1795 + 公报 0 (table does not add up).
# ==========================================================================
REAL_GOLD["pingtan/80725_平潭县人民政府2012年政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭县人民政府2012年政府信息公开工作年度报告",  # 名
    "agency": "平潭县人民政府",  # 名
    "year": 2012,
    "published": "2013-01-17",
    "deadline": "2013-03-31",
    "layout": "2008",
    "is_report": True,
    "script": "simplified",
    "sections": [
        ("overview", "一、 概述"),  # 项
        ("proactive", "二、主动公开政府信息情况"),  # 项
        ("requests", "三、政府信息依申请公开工作情况"),  # 项
        ("problems", "四、政府信息公开工作存在的主要问题及改进情况"),  # 项
        ("statistics", "附件1：平潭县人民政府2012年政府信息公开情况统计表"),  # 项
    ],
    "problems": PROBLEMS_2011,
    "improvements": IMPROVEMENTS_2011,
    "improvement_subitems": IMPROVEMENT_SUBITEMS_2011,
    "fees_stated": False,
    "findings": [
        {"rule": "missing_section", "note": "无收费减免、复议诉讼、其他事项节"},
        {"rule": "narrative_table_mismatch",
         "note": "叙述县直2475+乡镇1503=3978，表主动公开2026"},
    ],
    # requests: narrative 21 received (18 当面 + 3 邮件), 21 answered = table.
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "numbering_slip", "fees_not_stated", "stale_year",
                    "wrong_source", "editor_markup"],
    "table_statistics": {
        "主动公开信息数": [2026, 3542], "其中：1.网站公开": [1795, 3304],
        "2.政府公报公开": [0, 7], "受理依申请公开信息总数": [21, 21],
        "其中：1.当面申请数": [18, 18], "3.电子邮件申请数": [3, 3],
        "对申请的答复数": [21, 21], "其中：1.同意公开答复数": [17, 17],
        "2.同意部分公开答复数": [2, 2], "3.否决公开答复数": [2, 2],
        "行政复议数": [0, 0], "行政诉讼数": [0, 0], "行政申诉数": [0, 0],
    },
    "stats_runs": {
        "主动公开信息数": {"run": "20263542", "split": [2026, 3542], "unique": True},
        "其中：1.网站公开": {"run": "17953304", "split": [1795, 3304], "unique": True},
        "2.政府公报公开": {"run": "07", "split": [0, 7], "unique": True},
    },
    "notes": [
        "统计表主动公开2026≠网站1795+公报0",
        "2026+46+1854=3926，叙述总数3978",
        "九类信息合计1175，远小于2026",
        "问题与改进一节与2011年逐字相同",
    ],
}

# ==========================================================================
# 平潭综合实验区地方税务局 2013.  Own headings.  四、审批事项及处理情况 and
# 六、工作人员及信息公开事务支出情况 map to "unknown": 四 is about tax approval
# business (not disclosure), 六 is staffing and the bureau's own spending on
# publicity -- not 收费及减免 (fees charged to applicants), so not "fees".
# There is no problems/improvements section at all -> empty lists.
# ==========================================================================
REAL_GOLD["pingtan/80774_平潭综合实验区地方税务局2013年信息公开年度报告.txt"] = {  # 键
    "title": "平潭综合实验区地方税务局2013年信息公开年度报告",  # 名
    "title_variants": ["平潭综合实验区地方税务局2013年 信息公开年度报告"],  # 正文标题行
    "agency": "平潭综合实验区地方税务局",  # 名
    "year": 2013,
    "published": "2014-02-25",
    "deadline": "2014-01-31",   # a department
    "layout": "2008",
    "is_report": True,
    "script": "simplified",
    "sections": [
        ("overview", "一、概述"),  # 项
        ("proactive", "二、主动公开政府信息情况"),  # 项
        ("requests", "三、依申请公开、不予公开及咨询政府信息情况"),  # 项
        ("unknown", "四、审批事项及处理情况"),  # 项
        ("appeals", "五、申请行政复议、提起行政诉讼和申诉的情况"),  # 项
        ("unknown", "六、工作人员及信息公开事务支出情况"),  # 项
    ],
    "problems": [],
    "improvements": [],
    "fees_stated": False,
    "findings": [
        {"rule": "late", "note": "部门报告2014-02-25发布，晚于1月31日"},
        {"rule": "wrong_source", "note": "来源写平潭县人民政府，非地税局"},
        {"rule": "editor_markup", "note": "正文前残留“-->”注释符"},
        {"rule": "numbering_slip", "note": "概述第2点一是之后直接三是"},
        {"rule": "missing_section", "note": "缺存在问题及改进、收费减免节"},
    ],
    # no table 三/四 in this layout; narrative only.
    "no_findings": ["table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "fees_not_stated", "stale_year"],
    "notes": [
        "受理审批117件却称办结171件",
        "“今日定安”“全市地税系统”疑抄外地",
        "自称“平潭县地税局”",
        "网上咨询百分比语序颠倒",
    ],
}

# ==========================================================================
# 函 on 2014 work points -- not an annual report.  Its section 二 reuses the
# county's 2011 problem list (我县 -> 我区).  Improvements: （一）（二）, the
# second with sub-items 1、-4、.
# ==========================================================================
REAL_GOLD["pingtan/80787_关于2014年政府信息公开工作要点落实情况的函.txt"] = {  # 键
    "title": "关于2014年政府信息公开工作要点落实情况的函",  # 名
    "agency": "平潭综合实验区",  # 名
    "year": 2014,
    "published": "2014-12-10",
    "deadline": None,
    "layout": None,
    "is_report": False,
    "script": "simplified",
    # mapped: 一 describes the year's work (overview-like), 二 = problems/plan.
    "sections": [
        ("overview", "一、2014年政府信息公开工作情况"),  # 项
        ("problems", "二、存在问题及下一步工作计划"),  # 项
    ],
    "problems": PROBLEMS_2011,
    "improvements": [
        ("（一）", "深化公开内容"),  # 项
        ("（二）", "进一步规范政府信息公开行为"),  # 项
    ],
    "improvement_subitems": [
        ("1、", "加强信息公开培训指导工作"),  # 项
        ("2、", "建立健全政府信息公开工作机制"),  # 项
        ("3、", "做好主动公开信息巡查工作"),  # 项
        ("4、", "建立政府信息梳理和归档、报送制度"),  # 项
    ],
    "fees_stated": False,
    "findings": [
        {"rule": "wrong_source", "note": "来源写平潭县人民政府，落款为管委会办公室"},
        {"rule": "editor_markup", "note": "正文前残留“-->”注释符"},
    ],
    "no_findings": ["late", "missing_section", "fees_not_stated", "stale_year",
                    "numbering_slip"] + _TABLE_RULES,
    "notes": [
        "不是年度报告，是致省政府办公厅的函",
        "问题四条与县2011年报告相同",
    ],
}

# ==========================================================================
# 平潭综合实验区 2019 (2019 layout).  Problems 一是…三是 -> 3; the sentence
# 2020年，我们将采取以下措施加以改进 is context; improvements （一）（二）（三).
# narrative_table_mismatch is deliberately in neither list: narrative says
# 政策、规范性文件类信息68条 while table 二 says 89 规范性文件 published, but the
# two count different things (信息条 vs 文件件).
# ==========================================================================
REAL_GOLD["pingtan/80576_平潭综合实验区2019年度政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭综合实验区2019年度政府信息公开工作年度报告",  # 名
    "title_variants": ["平潭综合实验区2019年政府信息公开工作年度报告"],  # 正文标题行
    "agency": "平潭综合实验区",  # 名
    "year": 2019,
    "published": "2020-01-20",
    "deadline": "2020-03-31",
    "layout": "2019",
    "is_report": True,
    "script": "simplified",
    "sections": SECTIONS_2019,
    "problems": [
        ("一是", "个别部门对政府信息公开工作主动性和自觉性仍待提高"),  # 项
        ("二是", "受人员编制限制"),  # 项
        ("三是", "公开的长效工作机制建设不够“全”"),  # 项
    ],
    "improvements": [
        ("（一）", "继续强化信息公开责任"),  # 项
        ("（二）", "继续完善信息公开机制"),  # 项
        ("（三）", "继续加强督导协调工作"),  # 项
    ],
    "fees_stated": False,
    "findings": [],
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "numbering_slip", "fees_not_stated", "stale_year",
                    "wrong_source", "editor_markup", "missing_section"],
    "table_requests": TABLE_80576,
    "table_appeals": APPEALS["80576"],
    # Table 二 (2019 layout).  Only the 规章 row is unique by itself; the others
    # are read by cross-year consistency with 2020 (上一年 values repeat).
    "proactive_runs": {
        "规章": {"run": "000", "split": [0, 0, 0], "unique": True},
        "规范性文件": {"run": "898989", "split": None, "unique": False,
                  "likely": [89, 89, 89]},   # 2020 total 166 = 89 + 77
        "行政许可": {"run": "3960181", "split": None, "unique": False,
                 "likely": [396, 0, 181]},
        "其他对外管理服务事项": {"run": "100153", "split": None, "unique": False,
                       "likely": [10, 0, 153]},
        "行政处罚": {"run": "26480430", "split": None, "unique": False,
                 "likely": [2648, 0, 430]},
        "行政强制": {"run": "126025", "split": None, "unique": False,
                 "likely": [126, 0, 25]},
        "行政事业性收费": {"run": "350", "split": None, "unique": False,
                    "likely": [35, 0]},
        "政府集中采购": {"run": "13575394432.52元", "split": None, "unique": False},
    },
    "notes": [
        "发布会名称在同一句中重复一遍",
        "“核准企业资质条”缺数字",
        "十一类信息合计2533，叙述称2599",
        "“残差不齐”应为参差不齐",
    ],
}

# ==========================================================================
# 平潭综合实验区 2020 (2019 layout).  Section 五 has sub-heads （一）存在的主要
# 问题 / （二）改进措施; problems are three unnumbered clauses separated by ；
# -> 3 items with marker ""; improvements 一是…四是 -> 4.
# Published 2021-03-05: not late under the 31 March rule for governments.
# ==========================================================================
REAL_GOLD["pingtan/80595_平潭综合实验区2020年度政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭综合实验区2020年度政府信息公开工作年度报告",  # 名
    "title_variants": ["平潭综合实验区2020年政府信息公开工作年度报告"],  # 正文标题行
    "agency": "平潭综合实验区",  # 名
    "year": 2020,
    "published": "2021-03-05",
    "deadline": "2021-03-31",
    "layout": "2019",
    "is_report": True,
    "script": "simplified",
    "sections": SECTIONS_2019,
    "problems": [
        ("", "基层政务公开标准化规范化水平有待进一步提升"),  # 项
        ("", "各部门政府信息公开工作的开展还不够均衡"),  # 项
        ("", "少数政务新媒体“政务”属性不够突出"),  # 项
    ],
    "improvements": [
        ("一是", "持续认真贯彻《中华人民共和国政府信息公开条例》"),  # 项
        ("二是", "加强政府信息的日常管理"),  # 项
        ("三是", "强化政府网站与政务新媒体的日常监管"),  # 项
        ("四是", "加大统筹指导力度"),  # 项
    ],
    "fees_stated": False,
    "findings": [
        {"rule": "table_requests_results_sum",
         "note": "办理结果合计自然人26/总计27，表列总计20/21"},
    ],
    # narrative: 全区 21 requests received = table 一 (21).  The ASCII <…> in the
    # text are nested title marks inside 《》, not markup.
    "no_findings": ["late", "table_requests_balance", "table_requests_total_column",
                    "table_appeals_total", "narrative_table_mismatch",
                    "numbering_slip", "fees_not_stated", "stale_year",
                    "wrong_source", "editor_markup", "missing_section"],
    "table_requests": TABLE_80595,
    "table_appeals": APPEALS["80595"],
    "proactive_runs": {
        "规章": {"run": "007", "split": [0, 0, 7], "unique": True},
        "规范性文件": {"run": "7777166", "split": None, "unique": False,
                  "likely": [77, 77, 166]},  # 89 (2019 total) + 77 = 166
        "行政许可": {"run": "396442278", "split": None, "unique": False},
        "其他对外管理服务事项": {"run": "107105", "split": None, "unique": False,
                       "likely": [10, 7, 105]},
        "行政处罚": {"run": "2648-18538", "split": None, "unique": False},
        "行政强制": {"run": "1262629", "split": None, "unique": False},
        "行政事业性收费": {"run": "35-15", "split": [35, -15], "unique": True},
        "政府集中采购": {"run": "39573802895.90元", "split": None, "unique": False},
    },
    "notes": [
        "规章2019年总数0，2020年新增0却总数7",
        "十一类信息合计2603，叙述称2602",
        "转发的是江苏省的答复规范",
    ],
}

# ==========================================================================
# 平潭综合实验区 2021 (2021 layout).  Problems: two unnumbered sentences after
# （一）存在的主要问题 -> 2 items; improvements 一是…三是 -> 3.
# ==========================================================================
REAL_GOLD["pingtan/80613_平潭综合实验区2021年度政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭综合实验区2021年度政府信息公开工作年度报告",  # 名
    "agency": "平潭综合实验区",  # 名
    "year": 2021,
    "published": "2022-02-08",
    "deadline": "2022-03-31",
    "layout": "2021",
    "is_report": True,
    "script": "simplified",
    "sections": SECTIONS_2019,
    "problems": [
        ("", "政策解读形式不够丰富"),  # 项
        ("", "政务公开质量水平有待提高"),  # 项
    ],
    "improvements": [
        ("一是", "丰富政策解读形式"),  # 项
        ("二是", "加强重点政务信息管理"),  # 项
        ("三是", "拓宽公开载体和渠道"),  # 项
    ],
    "fees_stated": True,
    "findings": [
        {"rule": "wrong_source", "note": "区报告来源写平潭县人民政府"},
        {"rule": "editor_markup", "note": "正文前残留“-->”注释符"},
    ],
    # narrative 70 received / 69 settled / 1 carried = table; all sums hold.
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
                    "stale_year", "missing_section"],
    "table_requests": TABLE_80613,
    "table_appeals": APPEALS["80613"],
    "proactive_runs": {
        "规章": {"run": "000", "split": [0, 0, 0], "unique": True},
        # Not unique.  2022 gives 698 valid after 88 issued / 55 repealed, so the
        # 2021 valid count should be 665; that still leaves 69/3 or 6/93.
        "行政规范性文件": {"run": "693665", "split": None, "unique": False,
                    "candidates": [[69, 3, 665], [6, 93, 665]],
                    "likely": [69, 3, 665]},
        "行政许可": {"run": "2293", "split": [2293], "unique": True},
        "行政处罚": {"run": "1282", "split": [1282], "unique": True},
        "行政强制": {"run": "42", "split": [42], "unique": True},
        "行政事业性收费": {"run": "24252.311082", "split": [24252.311082],
                    "unique": True},   # odd: six decimals in 万元
    },
    "notes": [
        "来源行写平潭县人民政府",
        "“规范审核审核发布机制”词语重复",
        "收费金额24252.311082万元位数异常",
    ],
}

# ==========================================================================
# 平潭综合实验区 2022 (2021 layout).  Problems 一是…三是 -> 3; the 2023年，我区
# 将采取以下措施加以改进 sentence is context; improvements 一是…三是 -> 3.
# Section 四 heading is written with a typo (行政法复议) -- kept as written.
# ==========================================================================
REAL_GOLD["pingtan/80629_平潭综合实验区2022年度政府信息公开工作年度报告.txt"] = {  # 键
    "title": "平潭综合实验区2022年度政府信息公开工作年度报告",  # 名
    "agency": "平潭综合实验区",  # 名
    "year": 2022,
    "published": "2023-02-20",
    "deadline": "2023-03-31",
    "layout": "2021",
    "is_report": True,
    "script": "simplified",
    "sections": [
        ("overview", "一、总体情况"),  # 项
        ("proactive", "二、主动公开政府信息情况"),  # 项
        ("requests", "三、收到和处理政府信息公开申请情况"),  # 项
        ("appeals", "四、政府信息公开行政法复议、行政诉讼情况"),  # 项
        ("problems", "五、存在的主要问题及改进情况"),  # 项
        ("other", "六、其他需要报告的事项"),  # 项
    ],
    "problems": [
        ("一是", "重大行政决策预公开程度需进一步加强"),  # 项
        ("二是", "部分重点领域信息公开深度不足"),  # 项
        ("三是", "政策解读形式单一"),  # 项
    ],
    "improvements": [
        ("一是", "丰富意见征集形式"),  # 项
        ("二是", "加大重点领域公开信息整合归类力度"),  # 项
        ("三是", "丰富政策解读形式和方式"),  # 项
    ],
    "fees_stated": True,
    "findings": [
        {"rule": "narrative_table_mismatch",
         "note": "叙述收到75件(自然人72)，表新收74(71)另结转1"},
    ],
    # appeals narrative (1 诉讼, 2 复议) = table 四.
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "numbering_slip", "fees_not_stated", "stale_year",
                    "wrong_source", "editor_markup", "missing_section"],
    "table_requests": TABLE_80629,
    "table_appeals": APPEALS["80629"],
    "proactive_runs": {
        "规章": {"run": "000", "split": [0, 0, 0], "unique": True},
        # unique given the narrative (现行有效698件, 本年制发88件).
        "行政规范性文件": {"run": "8855698", "split": [88, 55, 698], "unique": True},
        "行政许可": {"run": "10690", "split": [10690], "unique": True},
        "行政处罚": {"run": "2113", "split": [2113], "unique": True},
        "行政强制": {"run": "0", "split": [0], "unique": True},
        "行政事业性收费": {"run": "9116.36", "split": [9116.36], "unique": True},
    },
    "notes": [
        "第四节标题误作“行政法复议”",
        "叙述把上年结转1件计入收到数",
    ],
}

# ==========================================================================
# 平潭综合实验区 2024 (2021 layout).  Problems: one sentence listing three
# problems separated by ；(如…等) -> 3 unnumbered items; 2025年，将重点从以下
# 方面做好改进 is context; improvements 一是…三是 -> 3.
# ==========================================================================
_G_97791 = {
    "title": "平潭综合实验区2024年度政府信息公开工作年度报告",  # 名
    "agency": "平潭综合实验区",  # 名
    "year": 2024,
    "published": "2025-03-10",
    "deadline": "2025-03-31",
    "layout": "2021",
    "is_report": True,
    "script": "simplified",
    "sections": SECTIONS_2019,
    "problems": [
        ("", "新时代政府信息公开工作机制有待进一步调整和完善"),  # 项
        ("", "政策解读形式仍需创新"),  # 项
        ("", "智能化、数字化手段运用还不够充分"),  # 项
    ],
    "improvements": [
        ("一是", "优化主动公开目录"),  # 项
        ("二是", "增强政策解读效果"),  # 项
        ("三是", "加快数字化转型"),  # 项
    ],
    "fees_stated": True,
    "findings": [],
    # narrative 218 handled = table; 62 规范性文件 issued = table.
    "no_findings": ["late", "table_requests_balance", "table_requests_results_sum",
                    "table_requests_total_column", "table_appeals_total",
                    "narrative_table_mismatch", "numbering_slip", "fees_not_stated",
                    "stale_year", "wrong_source", "editor_markup", "missing_section"],
    "table_requests": TABLE_97791,
    "table_appeals": APPEALS["97791"],
    "proactive_runs": {
        "规章": {"run": "000", "split": [0, 0, 0], "unique": True},
        # narrative fixes 62; the rest '33440' is not unique from the txt
        # (3/3440, 33/440, 334/40, 3344/0); the HTML table says 62/33/440.
        "行政规范性文件": {"run": "6233440", "split": None, "unique": False,
                    "candidates": [[62, 3, 3440], [62, 33, 440], [62, 334, 40],
                                   [62, 3344, 0]],
                    "html": [62, 33, 440]},
        "行政许可": {"run": "4529", "split": [4529], "unique": True},
        "行政处罚": {"run": "1100", "split": [1100], "unique": True},
        "行政强制": {"run": "65", "split": [65], "unique": True},
        "行政事业性收费": {"run": "18651.06", "split": [18651.06], "unique": True},
    },
    "notes": [
        "“仍在不足”应为仍有不足",
        "政策解读形式连续三年列为问题",
    ],
}
REAL_GOLD["pingtan/97791_平潭综合实验区2024年度政府信息公开工作年度报告.txt"] = _G_97791
# HTML page: same content; tables are real HTML tables (no run splitting).
REAL_GOLD["pingtan/97791_平潭综合实验区2024年度政府信息公开工作年度报告.html"] = dict(  # 键
    _G_97791,
    proactive_runs=None,
    table_proactive={"规章": [0, 0, 0], "行政规范性文件": [62, 33, 440],
                     "行政许可": [4529], "行政处罚": [1100], "行政强制": [65],
                     "行政事业性收费": [18651.06]},
)

# --------------------------------------------------------------------------
# 平潭综合实验区 series: promises of Y-1 repeated or reported done in Y.
# --------------------------------------------------------------------------
REAL_REPEATS: List[Dict[str, Any]] = [
    # 2019 -> 2020
    {"promise_year": 2019, "promise_headline": "继续强化信息公开责任",
     "later_year": 2020, "status": "repeated"},   # 2020 一是: 持续认真贯彻《条例》
    {"promise_year": 2019, "promise_headline": "继续完善信息公开机制",
     "later_year": 2020, "status": "done"},       # 2020: 依申请公开完善制度规范
    {"promise_year": 2019, "promise_headline": "继续加强督导协调工作",
     "later_year": 2020, "status": "done"},       # 2020: 季度巡查并入绩效考核
    # 2020 -> 2021
    {"promise_year": 2020, "promise_headline": "加强政府信息的日常管理",
     "later_year": 2021, "status": "repeated"},   # 2021 二是 加强重点政务信息管理
    {"promise_year": 2020, "promise_headline": "强化政府网站与政务新媒体的日常监管",
     "later_year": 2021, "status": "done"},       # 2021: 4次季度检查, 关停2个新媒体
    # 2021 -> 2022
    {"promise_year": 2021, "promise_headline": "丰富政策解读形式",
     "later_year": 2022, "status": "repeated"},   # 2022 三是 丰富政策解读形式和方式
    {"promise_year": 2021, "promise_headline": "加强重点政务信息管理",
     "later_year": 2022, "status": "repeated"},   # 2022 二是 …持续深化重点领域信息公开
    {"promise_year": 2021, "promise_headline": "拓宽公开载体和渠道",
     "later_year": 2022, "status": "done"},       # 2022: 门户网站改版, 新媒体整合
]
# 2023 is not in the corpus, so 2022 -> 2024 is not a Y-1 -> Y pair; kept apart.
REAL_REPEATS_ACROSS_GAP: List[Dict[str, Any]] = [
    {"promise_year": 2022, "promise_headline": "丰富政策解读形式和方式",
     "later_year": 2024, "status": "repeated"},   # 2024 二是 …进一步丰富政策解读形式
    {"promise_year": 2022, "promise_headline": "丰富意见征集形式",
     "later_year": 2024, "status": "done"},       # 2024: 民意征集53期, 网上调查51期
]

# --------------------------------------------------------------------------
# What 平潭县人民政府 2011 (80716) and 平潭综合实验区 2011 (80678) share.
# Measured with difflib on whitespace-free text (blocks >= 30 chars): about
# 2,560 of 2,730 characters of the county text (~94%) reappear in the 区 report;
# differences are mostly 县 -> 区 and the contact block.  chars = shared CJK.
# --------------------------------------------------------------------------
REAL_SHARED_2011: List[Dict[str, Any]] = [
    {"part": "开头编制说明与五部分结构", "chars": 200},
    {"part": "一、概述两段（县区名替换）", "chars": 410},
    {"part": "二、主动公开三小节及全部数字", "chars": 640},
    {"part": "三、依申请公开一句", "chars": 47},
    {"part": "四、问题与改进整节", "chars": 600},
    {"part": "落款日期二○一二年二月二十日", "chars": 9},
    {"part": "附件1统计表全部数值", "chars": 160},
]
REAL_SHARED_2011_TOTAL = {"shared_cjk": 2070, "county_cjk": 2200, "share": 0.94}
