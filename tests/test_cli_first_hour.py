"""Every command as a newcomer meets it (issue 16): output format from -o, one language, one
script, compare, summary, and the small things (--version, help, exit codes...)."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import textkit
from textkit.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "corpus"
COUNTY = SAMPLE / "qinghe-county"
SONGSHAN = SAMPLE / "songshan-regiment"
NOTICE = SAMPLE / "misc/notice-2023.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: int = 200, code: int = 0) -> tuple[str, str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(args) == code
    done = capsys.readouterr()
    return done.out, done.err


# --- 4. -o picks the format from the extension ---------------------------------------------

@pytest.mark.parametrize("suffix", [".json", ".csv", ".html", ".xlsx"])
def test_output_format_follows_the_extension(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / f"audit{suffix}"
    run(["audit", str(COUNTY / "2021.txt"), str(NOTICE), "-o", str(out), "--workers", "1", "--no-cache"],
        capsys, monkeypatch)
    if suffix == ".xlsx":
        assert out.read_bytes()[:2] == b"PK"  # a workbook (a zip), not text
        return
    written = out.read_text(encoding="utf-8-sig")
    if suffix == ".json":
        assert len(json.loads(written)["reports"]) == 2
    elif suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(written)))
        assert [Path(r["path"]).name for r in rows] == ["2021.txt", "notice-2023.txt"]
    else:
        assert written.lstrip().lower().startswith("<!doctype html") and "┏" not in written


def test_unknown_output_extension_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "audit.docx"
    _, err = run(["audit", str(COUNTY / "2021.txt"), "-o", str(out), "--workers", "1"], capsys, monkeypatch, code=2)
    assert ".docx" in err and "--format" in err and not out.exists()


def test_explicit_format_wins_over_the_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "audit.txt"
    run(["audit", str(COUNTY / "2021.txt"), "--format", "json", "-o", str(out), "--workers", "1"], capsys, monkeypatch)
    assert json.loads(out.read_text(encoding="utf-8"))["reports"]


# --- 5. one language ------------------------------------------------------------------------

ENCODINGS = {"utf", "gbk", "gb", "big", "bom"}
COMMANDS = ("audit", "show", "items", "check", "summary", "compare")


def _report_strings(files: list[Path]) -> str:
    """Everything a report itself may contribute to the output, in both scripts."""
    parts = []
    for f in files:
        doc = textkit.read(f)
        parts += [str(f), doc.source_text, doc.text, doc.analysis_text, doc.title or "", doc.agency or ""]
    return "\n".join(parts)


def _outputs(command: str, files: list[Path], lang: str, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> str:
    args = [command, *map(str, files), "--lang", lang]
    if command == "summary":
        args += ["--against", str(files[0].parent)]
    if command in ("show", "summary"):
        args[1:1 + len(files)] = [str(files[-1])]
    if command == "audit":
        args += ["--workers", "1", "--no-cache"]
    out, err = run(args, capsys, monkeypatch, columns=250)
    return out + err


def _stray_english(output: str, files: list[Path]) -> set[str]:
    allowed = _report_strings(files)
    output = re.sub(r"--[a-z-]+", "", output)  # options of the command, named in hints
    return {w for w in re.findall(r"[A-Za-z][A-Za-z_]+", output) if w.lower() not in ENCODINGS and w not in allowed}


def _stray_chinese(output: str, files: list[Path]) -> set[str]:
    allowed = _report_strings(files)
    return {w for w in re.findall(r"[\u3400-\u9fff]+", output) if w not in allowed}


@pytest.mark.parametrize("command", COMMANDS)
def test_zh_mode_prints_no_english_word(command: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    files = [COUNTY / "2021.txt", COUNTY / "2022.txt"] if command != "show" else [SONGSHAN / "2022.txt"]
    output = _outputs(command, files, "zh", capsys, monkeypatch)
    assert not _stray_english(output, files), output


@pytest.mark.parametrize("command", COMMANDS)
def test_en_mode_prints_chinese_only_from_the_report(command: str, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    files = [COUNTY / "2022.txt", COUNTY / "2023.txt"]
    output = _outputs(command, files, "en", capsys, monkeypatch)
    assert not _stray_chinese(output, files), output


def test_zh_mode_on_a_notice_and_a_repeated_body(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    files = [NOTICE, SONGSHAN / "2022.txt"]
    output = _outputs("audit", files, "zh", capsys, monkeypatch)
    output += _outputs("show", [NOTICE], "zh", capsys, monkeypatch)
    assert not _stray_english(output, files), output


def test_zh_mode_on_real_reports(shared_corpus: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((shared_corpus / "pingtan").glob("*.txt")) + sorted((shared_corpus / "xjbt").glob("*.txt"))
    output = _outputs("check", files, "zh", capsys, monkeypatch)
    output += _outputs("audit", files, "zh", capsys, monkeypatch)
    assert not _stray_english(output, files), output


# --- 6. one script --------------------------------------------------------------------------

@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "compare"])
def test_auto_script_shows_the_report_as_written(command: str, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    f = SONGSHAN / "2021.txt"
    args = [command, str(f)] + {"audit": ["--workers", "1", "--no-cache"], "summary": ["--against", str(SONGSHAN)],
                                "check": [], "items": [], "show": []}[command]
    out, _ = run(args, capsys, monkeypatch, columns=250)
    assert "第九師松杉團" in out and "第九师松杉团" not in out
    assert "發佈" not in out  # the source writes 發布: nothing is converted back and forth


def test_summary_keeps_labels_in_the_tool_language(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["summary", str(SONGSHAN / "2021.txt"), "--against", str(SONGSHAN)], capsys, monkeypatch, columns=250)
    items, _ = run(["items", str(SONGSHAN / "2021.txt")], capsys, monkeypatch, columns=250)
    assert "信息发布质量与时效" in out and "信息发布质量与时效" in items
    assert "監督考覈" not in out


def test_simplified_script_converts_every_report_string(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for command in ("items", "check"):
        out, _ = run([command, str(SONGSHAN / "2021.txt"), "--script", "simplified"], capsys, monkeypatch, columns=250)
        assert "第九师松杉团" in out and "第九師" not in out


# --- 7. compare -----------------------------------------------------------------------------

def _header_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("┃"))


def _rows(out: str) -> list[str]:
    """First cell of each row of the compare table."""
    cells = []
    lines = out.splitlines()
    for prev, line in zip(lines, lines[1:]):
        if prev.startswith(("┡", "├")) and line.startswith("│"):
            cells.append(line.strip("│").split("│")[0].strip())
    return cells


def test_compare_columns_follow_the_arguments_and_show_carried_only(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["compare", str(COUNTY / "2021.txt"), str(COUNTY / "2022.txt"), "--lang", "en"],
                 capsys, monkeypatch, columns=250)
    header = _header_line(out)
    assert header.index("2021") < header.index("2022")
    kinds = _rows(out)
    assert kinds and all(k.split()[0] in ("verbatim", "numbers", "near", "template") for k in kinds), kinds
    everything, _ = run(["compare", str(COUNTY / "2021.txt"), str(COUNTY / "2022.txt"), "--lang", "en", "--all"],
                        capsys, monkeypatch, columns=250)
    assert "new" in _rows(everything) and len(_rows(everything)) > len(kinds)


def test_compare_orders_the_pair_by_year_and_says_so(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    forward, _ = run(["compare", str(COUNTY / "2021.txt"), str(COUNTY / "2022.txt")], capsys, monkeypatch)
    reverse, warning = run(["compare", str(COUNTY / "2022.txt"), str(COUNTY / "2021.txt")], capsys, monkeypatch)
    assert reverse == forward
    assert "2021" in warning and "2022" in warning


def test_compare_warns_when_bodies_differ(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, warning = run(["compare", str(COUNTY / "2022.txt"), str(SAMPLE / "qinghe-edu/2023.txt")], capsys, monkeypatch)
    assert "青禾县人民政府" in warning and "青禾县教育局" in warning


def test_compare_recognises_two_copies_of_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from test_copies import _as_web_page

    page = tmp_path / "2022.html"
    _as_web_page(COUNTY / "2022.txt", page)
    out, err = run(["compare", str(COUNTY / "2022.txt"), str(page)], capsys, monkeypatch)
    assert "同一份报告" in out + err and "新写" not in out


def test_compare_highlights_changed_numbers(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["audit", str(COUNTY / "2021.txt"), str(COUNTY / "2022.txt"), "--format", "json", "--workers", "1"],
                 capsys, monkeypatch)
    recycled = [r for r in json.loads(out)["reports"][1]["recycled"] if r["kind"] == "numbers_changed"]
    assert recycled
    monkeypatch.setenv("FORCE_COLOR", "1")
    shown, _ = run(["compare", str(COUNTY / "2021.txt"), str(COUNTY / "2022.txt")], capsys, monkeypatch, columns=300)
    changes = [set(re.findall(r"\d+", r["text"])) - set(re.findall(r"\d+", r["source"]["text"])) for r in recycled]
    assert any(changes)
    for changed in changes:
        assert all(re.search(r"\x1b\[[0-9;]*m" + n, shown) for n in changed), changed


# --- 8. summary -----------------------------------------------------------------------------

def test_summary_reads_the_proactive_count_from_the_text(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["summary", str(COUNTY / "2023.txt"), "--against", str(COUNTY)], capsys, monkeypatch)
    line = next(line for line in out.splitlines() if "主动公开信息数" in line)
    assert "4376" in line and "4105" in line  # this year, and last year's beside it


def test_summary_proactive_count_on_a_real_report(shared_corpus: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    f = next((shared_corpus / "pingtan").glob("80576_*.txt"))
    out, _ = run(["summary", str(f), "--against", str(f)], capsys, monkeypatch)
    assert "856" in next(line for line in out.splitlines() if "主动公开信息数" in line)


def test_summary_compares_with_the_files_own_folder_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out, _ = run(["summary", str(COUNTY / "2023.txt")], capsys, monkeypatch)
    assert "与上年相比 (2022)" in out


# --- 11. small things -----------------------------------------------------------------------

def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"textkit {version('zfxxgk-textkit')}"


def test_python_dash_m_textkit() -> None:
    done = subprocess.run([sys.executable, "-m", "textkit", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("textkit ")


@pytest.mark.parametrize("command", ["show", "items", "check", "summary", "compare", "convert", "audit"])
def test_every_argument_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    lines = capsys.readouterr().out.splitlines()
    entries = [(i, line) for i, line in enumerate(lines) if re.match(r"^  [^ ]", line)]
    assert entries
    for i, line in entries:
        same_line = re.match(r"^  \S.*?\s{2,}\S", line)
        next_line = i + 1 < len(lines) and re.match(r"^\s{6,}\S", lines[i + 1])
        assert same_line or next_line, f"no help for: {line.strip()}"


def test_a_notice_has_no_score_in_json_and_csv(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["audit", str(NOTICE), "--format", "json", "--workers", "1"], capsys, monkeypatch)
    (report,) = json.loads(out)["reports"]
    assert report["is_report"] is False and report["error"] is None and report["not_report_reason"]
    assert report["report_card"]["score"] is None
    out, _ = run(["audit", str(NOTICE), "--format", "csv", "--workers", "1"], capsys, monkeypatch)
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["score"] == "" and row["error"] == "" and row["not_report_reason"] == report["not_report_reason"]


def test_convert_keeps_the_title_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(["convert", str(SONGSHAN / "2021.txt"), "--to", "simplified"], capsys, monkeypatch)
    assert out.splitlines()[0] == "第九师松杉团2021年政府信息公开工作年度报告"


def test_a_bad_option_prints_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["audit", "--bogus"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("usage: textkit audit") and "--bogus" in err


def test_show_a_folder_says_it_is_a_folder(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, err = run(["show", str(COUNTY)], capsys, monkeypatch, code=2)
    assert "is a folder" in err and "textkit audit" in err


@pytest.mark.parametrize("args", [["show"], ["items"], ["check"], ["summary"], ["convert", "--to", "simplified"],
                                  ["compare", str(COUNTY / "2021.txt")]])
def test_a_missing_file_is_a_usage_error_for_every_command(args: list[str], capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    command, *rest = args
    _, err = run([command, *rest, "no/such/report.txt"] if command == "compare" else [command, "no/such/report.txt", *rest],
                 capsys, monkeypatch, code=2)
    assert "no/such/report.txt" in err and len(err.strip().splitlines()) == 1
