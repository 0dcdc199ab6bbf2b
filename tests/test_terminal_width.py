"""The audit table fits the terminal: at 80, 100 and 120 columns every report is one row that
keeps its year and its file extension, and no number is broken over two lines."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from textkit.cli import main

# Long names as portals give them: the year and the extension sit at the end.
NAMES = {
    "qinghe-county/2021.txt": "80601_青禾县人民政府2021年政府信息公开工作年度报告.txt",
    "qinghe-county/2022.txt": "80602_青禾县人民政府2022年政府信息公开工作年度报告.txt",
    "qinghe-county/2023.txt": "80603_青禾县人民政府2023年政府信息公开工作年度报告.txt",
    "yunling-nrb/2021.html": "90121_云岭市自然资源局2021年政府信息公开工作年度报告.html",
    "misc/notice-2023.txt": "80699_关于印发2023年政务公开工作要点的通知.txt",
}


@pytest.fixture(scope="module")
def long_names(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("width") / "portal"
    folder.mkdir()
    for source, name in NAMES.items():
        shutil.copy(sample_corpus / source, folder / name)
    return folder


def _audit(args: list[str], columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["audit", *args, "--workers", "1"]) == 0
    return capsys.readouterr().out


def _first_table_rows(out: str) -> tuple[str, list[str]]:
    """(header line, row lines) of the first table of the output."""
    lines = out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    body = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    return " ".join(lines[top + 1:body]), lines[body + 1:end]


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_audit_table_fits_and_keeps_year_extension_and_numbers(
        columns: int, long_names: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ["--cache-dir", str(long_names.parent / "cache")]
    data = json.loads(_audit([str(long_names), "--format", "json", *cache], columns, capsys, monkeypatch))
    reports = data["reports"]
    out = _audit([str(long_names), *cache], columns, capsys, monkeypatch)
    assert all(cell_len(line) <= columns for line in out.splitlines()), out
    header, rows = _first_table_rows(out)
    assert "年度" in header and "得分" in header and ("错误/警告/提示" in header or "错/警/提" in header), header
    assert len(rows) == len(reports), out  # one line per report: nothing wrapped
    for row, report in zip(rows, reports):
        cells = [c.strip() for c in row.strip("│").split("│")]
        name = Path(report["path"]).name
        shown = cells[0].split("/", 1)[-1]  # the folder, then the name shortened in the middle
        assert shown.endswith(Path(name).suffix) and shown[:5] == name[:5], (shown, name)
        if report["year"]:
            assert str(report["year"]) in cells, (row, report["year"])
        if report["is_report"]:
            card = report["report_card"]
            assert f"{card['errors']}/{card['warnings']}/{card['infos']}" in cells, row
            assert str(card["score"]) in cells, row


def test_columns_are_dropped_in_the_documented_order(long_names: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide: every column. Narrow: script and layout go first; file, year, findings and score stay."""
    cache = ["--cache-dir", str(long_names.parent / "cache")]
    wide, _ = _first_table_rows(_audit([str(long_names), *cache], 200, capsys, monkeypatch))
    narrow, _ = _first_table_rows(_audit([str(long_names), *cache], 80, capsys, monkeypatch))
    for label in ("文件", "机关", "年度", "格式", "字形", "章节", "得分"):
        assert label in wide
    assert "字形" not in narrow and "格式" not in narrow
    assert all(label in narrow for label in ("文件", "年度", "得分")) and ("错/警/提" in narrow or "错误/警告/提示" in narrow)
    assert re.search(r"\d{4}", _audit([str(long_names), *cache], 80, capsys, monkeypatch))
