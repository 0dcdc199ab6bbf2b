"""A command piped into a reader that stops early (``| head -1``) ends quietly, as Unix tools do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "qinghe-county"


def _read_one_line(args: list[str]) -> tuple[bytes, int, str]:
    proc = subprocess.Popen([sys.executable, "-m", "textkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as head does after its line
    err = proc.stderr.read().decode("utf-8", "replace")
    return first, proc.wait(timeout=60), err


@pytest.fixture
def long_report(tmp_path: Path) -> Path:
    """A report far longer than a pipe's buffer (64 KB), so the writer meets the closed pipe."""
    lines = [f"第{n}项：本机关第{n}次更新了公开目录，共{n * 7}条。" for n in range(20000)]
    path = tmp_path / "long.txt"
    path.write_text("某县2023年政府信息公开工作年度报告\n" + "\n".join(lines), encoding="utf-8")
    return path


def test_convert_into_head_ends_quietly(long_report: Path) -> None:
    first, rc, err = _read_one_line(["convert", "--to", "traditional", str(long_report)])
    assert first.decode("utf-8").startswith("某縣2023年")
    assert "Traceback" not in err and "Error" not in err, err
    assert rc == 141  # 128 + SIGPIPE, the status `seq 1 100000 | head -1` gives seq


@pytest.mark.parametrize("args", [["show", str(SAMPLE / "2023.txt")], ["items", str(SAMPLE / "2023.txt")],
                                  ["audit", str(SAMPLE / "2023.txt"), "--format", "json", "--workers", "1", "--no-cache"]])
def test_a_reader_gone_before_the_first_line(args: list[str]) -> None:
    """``textkit show FILE | true``: tables (rich) and JSON meet a pipe already closed."""
    proc = subprocess.Popen([sys.executable, "-m", "textkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err.decode("utf-8", "replace"), err
    assert proc.returncode == 141
