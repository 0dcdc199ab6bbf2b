"""Generates the sample corpus's PDF and Word forms of a report from its text original.

    python corpus/tools/make_forms.py   # writes corpus/forms/qinghe-county-2024.{pdf,docx} and their gold

Bodies publish most reports as a PDF or .docx attachment: the text wraps at every printed line,
runs over pages with a page number at the foot of each, and the tables of sections 二–四 are
ruled grids with merged cells. This script lays out a sample report the same way, from the
text, sections and table cells that textkit reads from the original (so the forms carry exactly
the same words and figures), with reportlab (PDF, the CID font STSong-Light, no font file
needed) and python-docx. The output is deterministic, so re-running it gives the same files.

Each form's gold is the original's, but for what lives only on the portal page: neither file
has the page's metadata header, so ``published`` is null and the planted ``late`` finding (which
needs that date) is not expected; ``encoding`` names the form the text was taken from. As on
real attachments, the printed title names the body in full (青禾县人民政府2024年…) where the
portal page's title has the place only (青禾县2024年…): without the page's 发布机构 the title is
the file's only statement of its body.
"""
from __future__ import annotations

import argparse
import datetime
import io
import json
import re
import zipfile
from pathlib import Path

import textkit
from textkit import lexicons
from textkit.analyze.tables import CARRIED, NEW, NEXT

CORPUS = Path(__file__).resolve().parents[1]
SOURCE = "qinghe-county/2024.txt"
OUT = CORPUS / "forms"
STEM = "qinghe-county-2024"
FONT = "STSong-Light"

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPEALS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def result_groups() -> dict[str, list[str]]:
    """The 2021 table 三's result groups （三）–（六） and their sub-row labels, from the lexicon."""
    groups: dict[str, list[str]] = {}
    for table, template, label, _stem, _columns in lexicons.table("table_labels.tsv", 5):
        if table == "requests" and template in ("any", "2021") and "/" in label:
            group, sub = label.split("/", 1)
            groups.setdefault(group, []).append(sub)
    return groups


def printed_sub_rows() -> dict[str, str]:
    """（六）'s sub-rows as the source prints them, in full (textkit's row label, from the lexicon,
    is the short form): the source line that starts with the sub-row's number and holds its stem."""
    lines = [line.strip() for line in (CORPUS / SOURCE).read_text(encoding="utf-8").splitlines()]
    printed = {}
    for table, _template, label, stem, _columns in lexicons.table("table_labels.tsv", 5):
        group, _, sub = label.partition("/")
        if table == "requests" and group == "（六）其他处理" and sub:
            number = sub.split(".", 1)[0] + "."
            printed[sub] = next((line for line in lines if line.startswith(number) and stem in line), sub)
    return printed


Grid = list[list[str]]
Span = tuple[int, int, int, int]  # first column, first row, last column, last row


def proactive_grid(table: object) -> tuple[Grid, list[Span]]:
    """Table 二 of the 2021 layout: four blocks, each titled by the article it reports on."""
    v = _values(table)
    rows: Grid = []
    spans: list[Span] = []

    def block(title: str, head: list[str], body: list[list[str]]) -> None:
        spans.append((0, len(rows), 3, len(rows)))
        rows.append([title, "", "", ""])
        for line in [head, *body]:
            if len(line) == 2:
                spans.append((1, len(rows), 3, len(rows)))
                line = [line[0], line[1], "", ""]
            rows.append(line)

    block("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
          [[r, *(v[r, c] for c in ("本年制发件数", "本年废止件数", "现行有效件数"))] for r in ("规章", "行政规范性文件")])
    block("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [["行政许可", v["行政许可", "本年处理决定数量"]]])
    block("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
          [[r, v[r, "本年处理决定数量"]] for r in ("行政处罚", "行政强制")])
    block("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"],
          [["行政事业性收费", v["行政事业性收费", "本年收费金额（万元）"]]])
    return rows, spans


def requests_grid(table: object) -> tuple[Grid, list[Span]]:
    """Table 三: three label columns (row, result group, sub-row) and the seven applicant columns."""
    v = _values(table)
    rows: Grid = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *[""] * 6],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *APPLICANTS[1:6], ""],
    ]
    spans: list[Span] = [(0, 0, 2, 2), (3, 0, 9, 0), (3, 1, 3, 2), (4, 1, 8, 1), (9, 1, 9, 2)]

    def counts(label: str) -> list[str]:
        return [v[label, c] for c in APPLICANTS]

    for label in (NEW, CARRIED):
        spans.append((0, len(rows), 2, len(rows)))
        rows.append([label, "", "", *counts(label)])
    first_result = len(rows)
    for group in ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"):
        spans.append((1, len(rows), 2, len(rows)))
        rows.append(["", group, "", *counts(group[:7])])
    printed = printed_sub_rows()
    for group, subs in result_groups().items():
        spans.append((1, len(rows), 1, len(rows) + len(subs) - 1))
        for i, sub in enumerate(subs):
            rows.append(["", group if i == 0 else "", printed.get(sub, sub), *counts(f"{group}/{sub}")])
    spans.append((1, len(rows), 2, len(rows)))
    rows.append(["", "（七）总计", "", *counts("（七）总计")])
    rows[first_result][0] = "三、本年度办理结果"
    spans.append((0, first_result, 0, len(rows) - 1))
    spans.append((0, len(rows), 2, len(rows)))
    rows.append([NEXT, "", "", *counts(NEXT)])
    return rows, spans


def appeals_grid(table: object) -> tuple[Grid, list[Span]]:
    """Table 四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of figures."""
    v = _values(table)
    rows: Grid = [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*APPEALS, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", *APPEALS, *APPEALS],
        [*(v["行政复议", c] for c in APPEALS), *(v["行政诉讼/未经复议直接起诉", c] for c in APPEALS),
         *(v["行政诉讼/复议后起诉", c] for c in APPEALS)],
    ]
    spans: list[Span] = [(0, 0, 4, 0), (5, 0, 14, 0), (5, 1, 9, 1), (10, 1, 14, 1)]
    spans += [(c, 1, c, 2) for c in range(5)]
    return rows, spans


GRIDS = {"proactive": proactive_grid, "requests": requests_grid, "appeals": appeals_grid}


def _values(table: object) -> dict[tuple[str, str], str]:
    return {(c.row, c.column): c.raw for c in table.cells}  # type: ignore[attr-defined]


def blocks(report: textkit.Report) -> list[tuple[str, object]]:
    """The report as ("title" | "heading" | "paragraph" | "table", content) in reading order."""
    doc = report.document
    assert doc is not None and doc.title
    tables = {t.key: t for t in report.tables}
    # The attachment prints the body's full name where the portal page's title has the place only.
    printed_title = re.sub(r"^.*?(?=(?:19|20)\d\d)", doc.agency or "", doc.title)
    out: list[tuple[str, object]] = [("title", printed_title)]
    first = report.sections[0].start
    out += [("paragraph", p) for p in doc.text[:first].split("\n") if p.strip()]
    for section in report.sections:
        out.append(("heading", section.heading))
        if section.key in GRIDS:
            out.append(("table", GRIDS[section.key](tables[section.key])))
            continue
        body = doc.text[section.body_start:section.end]
        out += [("paragraph", p.strip()) for p in body.split("\n") if p.strip()]
    return out


def write_pdf(parts: list[tuple[str, object]], path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=14, leading=24, firstLineIndent=28, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=28)
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=30, alignment=TA_CENTER, wordWrap="CJK",
                           spaceAfter=12)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9, alignment=TA_CENTER, wordWrap="CJK")

    def footer(canvas: object, document: object) -> None:
        canvas.setFont(FONT, 11)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 40, f"- {document.page} -")  # type: ignore[attr-defined]

    flow: list[object] = []
    width = A4[0] - 2 * 80
    for kind, content in parts:
        if kind == "title":
            flow.append(Paragraph(str(content), title))
        elif kind == "heading":
            flow.append(Paragraph(str(content), heading))
        elif kind == "paragraph":
            flow.append(Paragraph(str(content), body))
        else:
            grid, spans = content  # type: ignore[misc]
            ncols = len(grid[0])
            label_share = {4: 0.4, 10: 0.4, 15: 0.0}[ncols]
            if label_share:
                labels = 1 if ncols == 4 else 3
                widths = [width * label_share / labels] * labels
                widths += [width * (1 - label_share) / (ncols - labels)] * (ncols - labels)
            else:
                widths = [width / ncols] * ncols
            data = [[Paragraph(c, cell) if c else "" for c in row] for row in grid]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (a, b), (c, d)) for a, b, c, d in spans]
            flow += [Table(data, colWidths=widths, style=TableStyle(style), repeatRows=0), Spacer(1, 8)]
    # invariant=1: a fixed creation date and document id, so re-running gives the same bytes.
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=80, rightMargin=80, topMargin=72,
                                 bottomMargin=72, title=str(parts[0][1]), author="textkit sample corpus",
                                 creator="corpus/tools/make_forms.py", invariant=1)
    document.build(flow, onFirstPage=footer, onLaterPages=footer)


def write_docx(parts: list[tuple[str, object]], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "textkit sample corpus"
    document.core_properties.created = datetime.datetime(2025, 4, 18, 9, 0, 0)
    document.core_properties.modified = datetime.datetime(2025, 4, 18, 9, 0, 0)
    document.core_properties.last_modified_by = "textkit sample corpus"
    for kind, content in parts:
        if kind == "title":
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(str(content)).font.size = Pt(18)
        elif kind in ("heading", "paragraph"):
            document.add_paragraph(str(content))
        else:
            grid, spans = content  # type: ignore[misc]
            table = document.add_table(rows=len(grid), cols=len(grid[0]))
            table.style = "Table Grid"
            for r, row in enumerate(grid):
                for c, text in enumerate(row):
                    if text:
                        table.cell(r, c).text = text
            for a, b, c, d in spans:
                table.cell(b, a).merge(table.cell(d, c))
    buffer = io.BytesIO()
    document.save(buffer)
    _fix_zip_times(buffer.getvalue(), path)


def _fix_zip_times(data: bytes, path: Path) -> None:
    """Write the .docx zip with one fixed time on every member, so re-running gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2025, 4, 18, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(member.filename))


def write_gold(form: str, path: Path) -> None:
    """The original's gold, for the same report published as ``form`` (see the module docstring)."""
    gold = json.loads((CORPUS / SOURCE).with_suffix(".gold.json").read_text(encoding="utf-8"))
    title = re.sub(r"^.*?(?=(?:19|20)\d\d)", gold["agency"], gold["title"])
    file = path.relative_to(CORPUS).as_posix() if path.is_relative_to(CORPUS) else path.name
    gold.update(file=file, encoding=form, published=None, title=title,
                planted=[p for p in gold["planted"] if p["rule"] != "late"],
                note=f"the same report as {SOURCE}, laid out and published as a {form} file by corpus/tools/make_forms.py")
    gold_path = path.with_name(path.name + ".gold.json")
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into (default corpus/forms)")
    args = parser.parse_args(argv)
    report = textkit.analyze(CORPUS / SOURCE)
    parts = blocks(report)
    args.out.mkdir(parents=True, exist_ok=True)
    for form, write in (("pdf", write_pdf), ("docx", write_docx)):
        path = args.out / f"{STEM}.{form}"
        write(parts, path)
        write_gold(form, path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
