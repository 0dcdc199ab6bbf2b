"""The analysis cache: hits return the same Report, anything that changes the result misses."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textkit.run.cache import AnalysisCache, compress, default_directory
from textkit.read.ingest import from_bytes
from textkit.lexicons import lexicon_path
from textkit.run.pipeline import analyze_document

REPORT = """标题: 东山县教育局2021年政府信息公开工作年度报告
发布时间: 2022-01-20 09:30
东山县教育局2021年政府信息公开工作年度报告
一、总体情况
2021年，本局把政务公开列入年度重点工作清单。全年通过门户网站发布信息120条。
二、主动公开政府信息情况
规章 | 0 | 0 | 0 |
三、收到和处理政府信息公开申请情况
全年共收到申请3件，均已按期答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议和行政诉讼。
五、存在的主要问题及改进情况
一是政策解读形式比较单一；二是更新不够及时。
六、其他需要报告的事项
本年度未收取信息处理费。
""".encode()


def analyze(data: bytes, path: str = "a/2021.txt"):
    return analyze_document(from_bytes(data, path))


@pytest.fixture
def cache(tmp_path: Path) -> AnalysisCache:
    return AnalysisCache(tmp_path / "cache")


def test_hit_returns_an_equal_report(cache: AnalysisCache) -> None:
    report = analyze(REPORT)
    assert cache.get(REPORT) is None
    cache.put(REPORT, report)
    hit = cache.get(REPORT)
    assert hit == report
    assert [s.key for s in hit.sections] == ["overview", "proactive", "requests", "appeals", "problems", "other"]


def test_hit_under_another_path_is_relabelled(cache: AnalysisCache) -> None:
    cache.put(REPORT, analyze(REPORT))
    hit = cache.get(REPORT, "copy/2021.txt")
    assert hit is not None and hit.path == "copy/2021.txt" and hit.document.path == "copy/2021.txt"


def test_a_new_cache_object_reads_old_entries(cache: AnalysisCache) -> None:
    cache.put(REPORT, analyze(REPORT))
    assert AnalysisCache(cache.directory).get(REPORT) == analyze(REPORT)


def test_changed_file_misses(cache: AnalysisCache) -> None:
    cache.put(REPORT, analyze(REPORT))
    changed = REPORT.replace("120条".encode(), "121条".encode())
    assert cache.get(changed) is None


@pytest.mark.parametrize("damage", [b"", b"garbage", b"TKC3" + b"\0" * 40, None])
def test_corrupt_entry_is_a_miss_and_is_removed(cache: AnalysisCache, damage: bytes | None) -> None:
    cache.put(REPORT, analyze(REPORT))
    (entry,) = [p for p in cache.directory.rglob("*.tkc")]
    blob = entry.read_bytes()
    entry.write_bytes(blob[: len(blob) // 2] if damage is None else damage)
    assert cache.get(REPORT) is None
    assert not entry.exists()
    cache.put(REPORT, analyze(REPORT))
    assert cache.get(REPORT) == analyze(REPORT)


def test_entry_that_inflates_past_its_stated_size_is_a_miss(cache: AnalysisCache) -> None:
    """A planted frame may claim a small size and inflate to gigabytes, or state none: neither is
    inflated beyond what it states, nor past MAX_ENTRY."""
    import struct

    import zstandard

    from textkit.run.codec import encode

    key = cache.key(REPORT)
    entry = cache.entry(key)
    entry.parent.mkdir(parents=True)
    frame = bytearray(compress(bytes(200_000)))  # a bomb in small
    assert frame[4] >> 5 == 0b101  # one segment, its size in the 4 bytes from byte 5 on
    frame[5:9] = struct.pack("<I", 100)
    sizeless = zstandard.ZstdCompressor(write_content_size=False).compress(encode(analyze(REPORT)))
    for payload in (bytes(frame), sizeless):
        entry.write_bytes(b"TKC3" + key + payload)
        assert cache.get(REPORT) is None and not entry.exists()
    entry.write_bytes(b"TKC3" + key + compress(encode(analyze(REPORT))))
    assert cache.get(REPORT) == analyze(REPORT)


def test_entry_of_another_key_is_a_miss(cache: AnalysisCache) -> None:
    other = REPORT + "补充。\n".encode()
    cache.put(other, analyze(other))
    (entry,) = list(cache.directory.rglob("*.tkc"))
    target = cache.entry(cache.key(REPORT))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(entry, target)
    assert cache.get(REPORT) is None


def test_lexicon_change_invalidates(cache: AnalysisCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.put(REPORT, analyze(REPORT))
    override = tmp_path / "lexicons"
    override.mkdir()
    chrome = lexicon_path("chrome.txt").read_text(encoding="utf-8")
    (override / "chrome.txt").write_text(chrome + "返回顶部\n", encoding="utf-8")
    monkeypatch.setenv("TEXTKIT_LEXICONS", str(override))
    assert AnalysisCache(cache.directory).get(REPORT) is None
    monkeypatch.delenv("TEXTKIT_LEXICONS")
    assert AnalysisCache(cache.directory).get(REPORT) == analyze(REPORT)


def test_writes_are_atomic_and_leave_no_temporary_files(cache: AnalysisCache) -> None:
    for i in range(5):
        data = REPORT + f"附{i}。\n".encode()
        cache.put(data, analyze(data))
    files = [p.name for p in cache.directory.rglob("*") if p.is_file()]
    assert len(files) == 5 and all(name.endswith(".tkc") and not name.startswith(".tmp") for name in files)


def test_unwritable_directory_only_warns(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AnalysisCache(blocker / "cache")
    with pytest.warns(RuntimeWarning, match="cannot write"):
        cache.put(REPORT, analyze(REPORT))
    assert cache.get(REPORT) is None


def test_default_directory_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TEXTKIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "textkit"  # the user's cache folder, not the current one
    monkeypatch.setenv("TEXTKIT_CACHE", str(tmp_path))
    assert default_directory() == tmp_path


def test_key_based_load_and_store_match_get_and_put(cache: AnalysisCache) -> None:
    key = cache.key(REPORT)
    cache.store(key, analyze(REPORT))
    assert cache.get(REPORT) == cache.load(key) == analyze(REPORT)
