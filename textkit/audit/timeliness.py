"""Timeliness: the publication deadline of a report and the finding when it was published late."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..analyze.tables import Table
from ..model import Evidence, Finding, Report
from ..read.normalize import to_simplified


def is_county_government(agency: str | None) -> bool:
    """True for a people's government at county level or above (its report is due 31 March).

    >>> [is_county_government(n) for n in ("青禾县人民政府", "平潭综合实验区", "云岭市自然资源局",
    ...                                    "第一师阿拉尔市十六团新开岭镇", "某镇人民政府")]
    [True, True, False, False, False]
    """
    name = to_simplified(agency or "").strip()
    if not name or re.search(r"(镇|乡|街道|苏木|团)(人民政府)?$", name):
        return False
    if name.endswith("人民政府"):
        return True
    if re.search(r"(局|委|委员会|办|办公室|中心|厅|部|院|所|站|队|处|署|会|公司|馆)$", name):
        return False
    return bool(re.search(r"(省|市|县|区|州|盟|旗)$", name))


def deadline(agency: str | None, year: int) -> date:
    """Publication deadline of the report on ``year``.

    Reports on 2008–2018 fell under the 2007 条例 (Art. 31: 31 March for every body); from
    2019 the revised 条例 (Art. 49) sets 31 January, and 31 March for the report of a
    county-or-higher people's government.
    """
    if year <= 2018 or is_county_government(agency):
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def timeliness(report: Report, tables: tuple[Table, ...]) -> Iterator[Finding]:
    doc = report.document
    assert doc is not None
    if doc.year is None or doc.published is None:
        yield Finding("timeliness_unknown", "info", "未找到发布日期或报告年度，无法判断是否按时公布。",
                      "No publication date or report year found: timeliness unknown.",
                      (Evidence(doc.title or "", section="metadata"),))
        return
    due = deadline(doc.agency, doc.year)
    if doc.published > due:
        days = (doc.published - due).days
        yield Finding(
            "late", "error",
            f"报告于{doc.published.isoformat()}发布，晚于法定期限{due.isoformat()}（逾期{days}天）。",
            f"Published {doc.published.isoformat()}, {days} days after the deadline {due.isoformat()}.",
            (Evidence(f"发布日期：{doc.published.isoformat()}", section="metadata"),),
            expected=due.isoformat(), actual=doc.published.isoformat())
