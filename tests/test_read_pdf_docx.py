"""Reports published as PDF or Word files read like their text originals (issue 14, part 1).

The sample corpus's corpus/forms/ holds qinghe-county 2024 laid out as a PDF and a .docx by
corpus/tools/make_forms.py; the real PDF in ../shared/corpus/pdf/ is checked against values
read from the PDF itself (counts, keys, years, short prefixes: no sentence of it is copied).
"""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from textkit.cli import main

ORIGINAL = "qinghe-county/2024.txt"
FORMS = {"pdf": "forms/qinghe-county-2024.pdf", "docx": "forms/qinghe-county-2024.docx"}
REAL_PDF = "pdf/洪泽区人民政府2023年政府信息公开工作年度报告.pdf"
# Only the portal page says when it was published: a file without it cannot be judged late.
PAGE_ONLY_RULES = {"late", "timeliness_unknown"}


def _json(command: str, path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main([command, str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return data[0] if isinstance(data, list) else data


def _items(data: dict, kind: str) -> list[tuple[str, str]]:
    return [(i["marker"], i["headline"]) for i in data[kind]]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_reads_like_the_text_original(form: str, sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = _json("show", sample_corpus / ORIGINAL, capsys)
    variant = _json("show", sample_corpus / FORMS[form], capsys)
    assert variant["error"] is None and variant["form"] == form
    for key in ("agency", "year", "layout", "is_report"):
        assert variant[key] == original[key], key
    assert [(s["key"], s["heading"]) for s in variant["sections"]] == [(s["key"], s["heading"]) for s in original["sections"]]
    for kind in ("problems", "improvements"):
        assert _items(variant, kind) == _items(original, kind)
    rules = sorted(f["rule"] for f in original["findings"] if f["rule"] not in PAGE_ONLY_RULES)
    assert sorted(f["rule"] for f in variant["findings"] if f["rule"] not in PAGE_ONLY_RULES) == rules


@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_tables_give_the_same_cells(form: str, sample_corpus: Path) -> None:
    import textkit

    original = textkit.analyze(sample_corpus / ORIGINAL)
    variant = textkit.analyze(sample_corpus / FORMS[form])
    assert [t.key for t in variant.tables] == [t.key for t in original.tables] == ["proactive", "requests", "appeals"]
    for mine, theirs in zip(variant.tables, original.tables):
        assert mine.readable, mine.reason
        assert {(c.row, c.column, c.raw) for c in mine.cells} == {(c.row, c.column, c.raw) for c in theirs.cells}


def test_pdf_keeps_pages(sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json("show", sample_corpus / FORMS["pdf"], capsys)
    assert data["pages"] == 5
    assert main(["show", str(sample_corpus / FORMS["pdf"])]) == 0
    out = capsys.readouterr().out
    assert "pdf" in out and "5" in out
    import textkit

    report = textkit.analyze(sample_corpus / FORMS["pdf"])
    doc = report.document
    assert doc is not None
    # section 一 opens page 1; section 五 is printed on page 5, the last
    assert doc.page_at(report.sections[0].start) == 1
    assert {doc.page_at(i.start) for i in report.improvements} == {5}
    items = _json("items", sample_corpus / FORMS["pdf"], capsys)
    assert {i["page"] for i in items["improvements"]} == {5}
    assert main(["items", str(sample_corpus / FORMS["pdf"])]) == 0
    assert "一是 p.5" in capsys.readouterr().out


def test_docx_has_no_pages(sample_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _json("show", sample_corpus / FORMS["docx"], capsys)["pages"] is None


def test_form_is_read_from_the_content_not_the_name(sample_corpus: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for form, source in FORMS.items():
        renamed = tmp_path / f"attachment-{form}.txt"
        shutil.copy(sample_corpus / source, renamed)
        data = _json("show", renamed, capsys)
        assert data["error"] is None and data["form"] == form and data["year"] == 2024


def test_folders_take_pdf_and_docx(sample_corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(sample_corpus / FORMS["pdf"], folder)
    shutil.copy(sample_corpus / FORMS["docx"], folder / "sub")
    out = tmp_path / "audit.json"
    assert main(["audit", str(folder), "--format", "json", "-o", str(out), "--workers", "1", "--no-cache"]) == 0
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    # the two files are one report: audit keeps one and lists the other as its copy
    assert sorted(Path(p).name for r in reports for p in (r["path"], *r["copies"])) == [
        "qinghe-county-2024.docx", "qinghe-county-2024.pdf"]
    assert all(r["error"] is None and r["year"] == 2024 for r in reports)


# --- files that cannot be read: one clear error naming the file --------------------------------

def _pdf_bytes(draw_text: bool = True, password: str | None = None) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=0)
    page = canvas.Canvas(buffer, encrypt=encrypt, invariant=1)
    if draw_text:
        page.drawString(72, 720, "2023 annual report")
    else:  # a scan: the page is one picture, with no text layer
        from PIL import Image, ImageDraw

        picture = Image.new("L", (400, 200), 255)
        ImageDraw.Draw(picture).rectangle((20, 20, 380, 60), fill=0)
        page.drawImage(ImageReader(picture), 72, 500, 400, 200)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _error(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The error a single named file gets: exit code 1, the file and the problem on stderr."""
    assert main(["convert", str(path), "--to", "simplified"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err
    return err


def test_scanned_pdf_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf_bytes(draw_text=False))
    assert "scanned PDF, no text layer: OCR is not supported" in _error(scan, capsys)


def test_encrypted_pdf_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_pdf_bytes(password="secret"))
    assert "encrypted PDF" in _error(locked, capsys)


def test_broken_pdf_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(_pdf_bytes()[:300])
    assert "broken PDF" in _error(broken, capsys)


@pytest.mark.parametrize("name, kind", [("report.doc", "Word 97-2003 document (.doc)"),
                                        ("report.wps", "WPS Office document (.wps)")])
def test_old_word_formats_say_how_to_convert(name: str, kind: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / name
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    err = _error(old, capsys)
    assert kind in err and "libreoffice --headless --convert-to docx" in err


def test_a_batch_keeps_the_unreadable_pdf(sample_corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(sample_corpus / FORMS["pdf"], folder / "good.pdf")
    (folder / "scan.pdf").write_bytes(_pdf_bytes(draw_text=False))
    out = tmp_path / "audit.json"
    assert main(["audit", str(folder), "--format", "json", "-o", str(out), "--workers", "1", "--no-cache"]) == 0
    by_name = {Path(r["path"]).name: r for r in json.loads(out.read_text(encoding="utf-8"))["reports"]}
    assert by_name["good.pdf"]["error"] is None
    assert "scanned PDF" in by_name["scan.pdf"]["error"]


# --- the real PDF (values read from the PDF itself; no sentence copied) -------------------------

@pytest.fixture(scope="module")
def real_pdf(shared_corpus: Path) -> dict:
    path = shared_corpus / REAL_PDF
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    from textkit.present.export import report_dict
    import textkit

    report = textkit.analyze(path)
    return {"report": report, "json": report_dict(report)}


def test_real_pdf_metadata_and_sections(real_pdf: dict) -> None:
    data = real_pdf["json"]
    assert data["error"] is None and data["form"] == "pdf" and data["pages"] == 5
    assert data["year"] == 2023 and data["layout"] == "2021" and data["is_report"]
    assert [s["key"] for s in data["sections"]] == ["overview", "proactive", "requests", "appeals", "problems", "other"]
    assert [s["heading"][:2] for s in data["sections"]] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_real_pdf_body_is_the_district_government(real_pdf: dict) -> None:
    assert real_pdf["json"]["agency"] == "淮安市洪泽区人民政府"


def test_real_pdf_improvements(real_pdf: dict) -> None:
    items = real_pdf["json"]["improvements"]
    assert [i["marker"] for i in items] == ["一是", "二是", "三是"]
    assert [i["headline"][:4] for i in items] == ["扎实推进", "围绕区委", "继续加强"]
    assert [i["page"] for i in items] == [4, 4, 4]


def test_real_pdf_problems(real_pdf: dict) -> None:
    # Section 五 names its three problems in one sentence, as a list joined by 、.
    problems = real_pdf["json"]["problems"]
    assert [p["headline"][:4] for p in problems] == ["依申请公", "政务公开", "政务公开"]


def test_real_pdf_tables_and_findings(real_pdf: dict) -> None:
    tables = {t.key: t for t in real_pdf["report"].tables}
    assert set(tables) == {"proactive", "requests", "appeals"}
    assert tables["proactive"].readable and tables["appeals"].readable
    assert tables["proactive"].value("行政处罚", "本年处理决定数量") == 4119
    # table 三 misprints one official row label, so that row cannot be told apart: unreadable, and said so
    assert not tables["requests"].readable and "其他法律行政法规禁止公开" in (tables["requests"].reason or "")
    rules = sorted((f["rule"], f["severity"]) for f in real_pdf["json"]["findings"])
    # table 四 prints totals of 0 beside non-zero results (two blocks); table 三 lacks the 2021 sub-rows of （六）
    assert rules == [("table_appeals_total", "error"), ("table_appeals_total", "error"),
                     ("table_template_mismatch", "warning"), ("timeliness_unknown", "info")]


def test_cached_pdf_keeps_its_pages(sample_corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(sample_corpus / FORMS["pdf"], folder / "report.pdf")
    runs = []
    for name in ("cold", "warm"):
        out = tmp_path / f"{name}.json"
        assert main(["audit", str(folder), "--format", "json", "-o", str(out), "--workers", "1",
                     "--cache-dir", str(tmp_path / "cache")]) == 0
        runs.append(json.loads(out.read_text(encoding="utf-8"))["reports"][0])
    assert any((tmp_path / "cache").rglob("*")), "the first run stored nothing"
    assert runs[0] == runs[1] and runs[1]["pages"] == 5 and runs[1]["improvements"][0]["page"] == 5


def test_real_pdf_without_its_title_is_still_a_report(real_pdf: dict) -> None:
    from textkit import from_bytes

    doc = real_pdf["report"].document
    # the printed title: the body's name on one line, the year and 政府信息公开工作年度报告 on the next
    title_lines = doc.source_text.split("\n")[1:3]
    assert title_lines[1].endswith("年度报告")
    text = doc.source_text.replace("\n".join(title_lines) + "\n", "", 1)
    untitled = from_bytes(text.encode("utf-8"), "untitled.txt")
    assert untitled.is_report and untitled.year == 2023
