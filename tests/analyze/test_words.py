"""Word segmentation with the disclosure vocabulary (textkit.analyze.words)."""
from __future__ import annotations

from textkit import lexicons
from textkit.analyze.words import content_words, cut


def test_disclosure_terms_stay_whole() -> None:
    words = cut("本机关进一步规范依申请公开办理流程，政府信息公开条例宣传到位。")
    assert "依申请公开" in words
    assert "政府信息公开条例" in words


def test_every_line_is_cut_and_nothing_is_lost() -> None:
    text = "主动公开政策文件\n依申请公开办理"
    assert "".join(cut(text)) == text.replace("\n", "")


def test_content_words_drop_punctuation_digits_single_characters_and_stopwords() -> None:
    stop = set(lexicons.words("stopwords.txt"))
    words = content_words("2022年，本局的主动公开工作和依申请公开工作取得了进展。")
    assert "主动公开" in words and "依申请公开" in words
    assert all(len(w) >= 2 and not w.isdigit() and w not in stop for w in words)
    assert "，" not in words and "。" not in words
