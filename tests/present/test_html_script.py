"""The HTML report follows ``--script`` as every other command does (issue 16, point 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from textkit.cli import main

SONGSHAN = Path(__file__).resolve().parents[2] / "corpus" / "songshan-regiment"


def _page(tmp_path: Path, *script: str) -> str:
    """The text a reader sees (tags and their attributes, such as filter keys, left out)."""
    out = tmp_path / "report.html"
    assert main(["audit", str(SONGSHAN / "2021.txt"), "--workers", "1", "--no-cache", "-o", str(out), *script]) == 0
    return re.sub(r"<[^>]*>", "", out.read_text(encoding="utf-8"))


def test_auto_script_shows_a_traditional_report_as_written(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert "第九師松杉團" in page and "第九师松杉团" not in page
    assert "發佈" not in page  # the source writes 發布: nothing is converted back and forth
    assert "信息发布质量与时效" in page  # a category is a tool word, in the tool's script


@pytest.mark.parametrize("script, body, other", [("simplified", "第九师松杉团", "第九師"),
                                                 ("traditional", "第九師松杉團", "第九师")])
def test_a_chosen_script_converts_every_report_string(tmp_path: Path, script: str, body: str, other: str) -> None:
    page = _page(tmp_path, "--script", script)
    assert body in page and other not in page
