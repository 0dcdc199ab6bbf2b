"""Bytes to text: BOMs, UTF-8, GB18030/GBK, Big5 and UTF-16, judged by the bytes themselves.

A charset declared inside the file (HTML ``<meta charset>``) is ignored on purpose: portals
often declare one and serve another, and the bytes are the evidence. Where the text is clearly
readable it is read: a UTF-8 file with a handful of invalid bytes (a damaged byte, a last
character cut short, an encoded surrogate) has them replaced by U+FFFD and says how many, and
UTF-16 without a BOM is recognised by decoding to Chinese text.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..errors import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Candidate legacy encodings, tried in this order when the bytes are not valid UTF-8.
_LEGACY = ("gb18030", "big5")
# A decoded text with more than this share of control characters is treated as binary.
_MAX_CONTROL_SHARE = 0.01
# Control characters other than \t \n \f \r, and the replacement character of failed decoding.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# UTF-8 with invalid bytes is read as UTF-8 when it holds at least this many correctly encoded
# CJK characters per invalid byte run, and the runs are at most this share of its characters
# (a GBK or Big5 file decoded as UTF-8 gives almost no valid CJK character).
_CJK_PER_DAMAGE = 50
_MAX_DAMAGE_SHARE = 0.002
# UTF-16 without a BOM: the share of decoded characters that must be CJK, CJK punctuation or
# printable ASCII (binary data decoded as UTF-16 gives mostly other code points).
_MIN_UTF16_PLAUSIBLE = 0.95
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\t\n\r]")
_ESCAPED = re.compile(r"[\udc80-\udcff]+")


def decode(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Return ``(text, encoding, notes)`` or raise ``IngestError`` naming ``path`` and the
    problem; ``notes`` says what reading it took (invalid bytes replaced)."""
    if not data.strip():
        raise IngestError(path, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return (*_checked(data.decode(encoding, errors="replace"), encoding, path), ())
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return (*_checked(data.decode(encoding, errors="replace"), encoding, path), ())
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise IngestError(path, "binary file (contains NUL bytes), not a text or HTML report")
        return (*_checked(found[0], found[1], path), ())
    try:
        return (*_checked(data.decode("utf-8"), "utf-8", path), ())
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, note = damaged
        return (*_checked(text, "utf-8", path), (note,))
    return (*_checked(*_decode_legacy(data), path), ())


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few invalid bytes, each run replaced by U+FFFD, and a note saying how many;
    None when the bytes are not mostly valid UTF-8 Chinese."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs = _ESCAPED.findall(escaped)
    bad = sum(len(run) for run in runs)
    cjk = len(_CJK.findall(escaped[:200_000]))
    if cjk < _CJK_PER_DAMAGE * len(runs) or len(runs) > _MAX_DAMAGE_SHARE * len(escaped) + 1:
        return None
    text = _ESCAPED.sub("\ufffd", escaped)
    return text, f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced by \ufffd ({len(runs)} place{'s' if len(runs) > 1 else ''})"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text and encoding of UTF-16 without a BOM, when one byte order decodes to plausible
    Chinese text (CJK characters, punctuation, ASCII); None otherwise."""
    even = data[:len(data) - len(data) % 2]
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        share = len(_PLAUSIBLE.findall(sample)) / len(sample) if sample else 0.0
        if share >= _MIN_UTF16_PLAUSIBLE and _CJK.search(sample) and (best is None or share > best[0]):
            best = (share, text, encoding)
    return None if best is None else (best[1], best[2])


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NUL bytes many, and nearly all on one side (ASCII's high byte)."""
    sample = data[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return len(sample) >= 4 and even + odd > len(sample) // 4 and (even > 3 * odd or odd > 3 * even)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick among GB18030 and Big5 by which decodes cleanly and reads as common Chinese."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8"]).best()
    order = list(_LEGACY)
    if best is not None and best.encoding in ("big5", "big5hkscs"):
        order = ["big5", "gb18030"]
    scored = []
    for encoding in order:
        text = data.decode(encoding, errors="replace")
        scored.append((text.count("\ufffd"), -_common_share(text), encoding, text))
    scored.sort(key=lambda s: s[:2])
    _, _, encoding, text = scored[0]
    return text, "gbk" if encoding == "gb18030" and _is_gbk(data) else encoding


# The most frequent characters in reports (all in the CJK block).
_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
_CJK = re.compile("[\u4e00-\u9fff]")


def _common_share(text: str) -> float:
    """Share of CJK characters that are among the most frequent in reports (的 公 开 政 府 ...)."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    return len(_common_re().findall(sample)) / cjk if cjk else 0.0


@lru_cache(maxsize=1)
def _common_re() -> re.Pattern[str]:
    """_COMMON as a regex class, counted in one C-level pass (compiled when first needed: only
    legacy-encoded files are judged by it)."""
    return re.compile(f"[{_COMMON}]")


def _is_gbk(data: bytes) -> bool:
    try:
        data.decode("gbk")
        return True
    except UnicodeDecodeError:
        return False


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    sample = text[:100_000]
    if not sample.strip():
        raise IngestError(path, "file holds no text")
    control = len(_CONTROL.findall(sample))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise IngestError(path, f"not readable as text in any supported encoding (best guess {encoding}: "
                                f"{control} control or undecodable characters in the first {len(sample)})")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
