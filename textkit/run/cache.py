"""On-disk cache of per-report analysis results, keyed by file content, so re-runs skip unchanged files.

An entry's key is the SHA-256 of the file's bytes together with a fingerprint of everything
that shapes the result: textkit's version, the source of its modules in every subfolder (an editable install
changes code without changing the version), the bytes of every lexicon file, packaged or
overridden through ``TEXTKIT_LEXICONS``, and the versions of the libraries whose output
becomes results (``LIBRARIES``). Changing any of them simply misses; old entries
are never served. Entries are written to a temporary file and renamed into place, so a
reader never sees half an entry; an unreadable entry (truncated, garbage, from another
textkit) is a miss and is removed. Per-report results are cached, and so is each body's
comparison across its years (follow-up and carried-over matches), keyed by the paths and
contents of its reports and the ``Settings`` it was made with; the cross-body template step keeps
its last run's work under ``step_key`` (``compare.template_memory``) and recomputes only what changed.

Entries are data (MessagePack, see ``codec``, compressed with Zstandard), never pickles: a planted or damaged entry can at
worst be a miss, never run code. The default folder is the user's cache folder
(``platformdirs.user_cache_dir("textkit")``), or ``$TEXTKIT_CACHE``. Temporary files left by a
run killed mid-write are removed by the next run once they are an hour old.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
import time
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import Settings
from ..files import replaced
from ..lexicons import packaged_folder
from ..model import Report

_MAGIC = b"TKC3"
_DIGEST = 32
# Zstandard level 1: entries shrink about 6x; packing takes a third of the time zlib level 1
# took (0.06 against 0.18 ms per report), reading back a quarter (0.02 against 0.08 ms).
_LEVEL = 1
# Distributions whose output becomes results: segmentation, script conversion, encoding
# detection, the numerics of matching, and the readers of PDF and DOCX where installed.
LIBRARIES = ("jieba", "opencc-python-reimplemented", "charset-normalizer", "numpy", "scipy", "scikit-learn",
             "msgpack", "pypdfium2", "python-docx")
# An entry inflates to less than this (a report's is about 60 KB; a body's a few MB at most).
MAX_ENTRY = 256 * 2**20
# A temporary entry file older than this was left by a run that died mid-write.
STALE_TEMPORARY = 3600.0


def default_directory() -> Path:
    """``$TEXTKIT_CACHE`` when set, else the user's cache folder for textkit."""
    if os.environ.get("TEXTKIT_CACHE"):
        return Path(os.environ["TEXTKIT_CACHE"])
    import platformdirs  # imported when first needed, like every dependency of a step

    return Path(platformdirs.user_cache_dir("textkit"))


def fingerprint() -> str:
    """Hash of textkit's version, module sources and lexicon files: part of every key."""
    h = hashlib.sha256()
    try:
        h.update(metadata.version("zfxxgk-textkit").encode())
    except metadata.PackageNotFoundError:
        h.update(b"unversioned")
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"\0{name}={version}".encode())
    h.update(b"\0lexicons\0")
    for folder in _lexicon_folders():
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _lexicon_folders() -> list[Path]:
    folders = [packaged_folder()]
    override = os.environ.get("TEXTKIT_LEXICONS")
    if override and Path(override).is_dir():
        folders.append(Path(override))
    return folders


class AnalysisCache:
    """Per-report results stored under ``directory``, one file per distinct input content.

    The fingerprint is taken when the cache is opened: open a new one after changing lexicons.
    """

    def __init__(self, directory: Path | str | None = None, settings: Settings | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()
        self._salt = fingerprint().encode()
        # The thresholds a body's comparison was made with (per-report results do not depend on them).
        self._settings = repr(settings or Settings()).encode()
        # The content key of each file read in this run, by path: what a body's key is made of.
        self.keys: dict[str, bytes] = {}
        remove_stale_temporaries(self.directory)

    def key(self, data: bytes) -> bytes:
        """The 32-byte key of a file's content under the current code and lexicons."""
        return hashlib.sha256(self._salt + hashlib.sha256(data).digest()).digest()

    def entry(self, key: bytes) -> Path:
        """The file that holds (or will hold) the entry under ``key``."""
        name = key.hex()
        return self.directory / name[:2] / f"{name[2:]}.tkc"

    def get(self, data: bytes, path: str | None = None) -> Report | None:
        """The cached Report for these bytes, or None. ``path`` relabels a hit found under another name."""
        return self.load(self.key(data), path)

    def put(self, data: bytes, report: Report) -> None:
        """Store ``report`` as the result for these bytes; a failed write only warns."""
        self.store(self.key(data), report)

    def load(self, key: bytes, path: str | None = None) -> Report | None:
        """``get`` by a key computed earlier, so a batch need not keep file bytes until the result is in."""
        return load_report(self.entry(key), key, path)

    def store(self, key: bytes, report: Report) -> None:
        """``put`` by a key computed earlier."""
        self._write(key, report)

    def body_key(self, members: list[tuple[str, bytes]]) -> bytes:
        """The key of one body's comparison results: the paths and content keys of its reports,
        in order (a body is compared again when any of its reports changes, appears or goes)."""
        h = hashlib.sha256(self._salt + b"\0body" + self._settings)
        for path, key in members:
            h.update(path.encode("utf-8", "surrogatepass") + b"\0" + key)
        return h.digest()

    def step_key(self, name: str) -> bytes:
        """The key of a corpus-level step's remembered work (``compare.template_memory``): this
        code, lexicons and libraries, the settings and the step's name."""
        return hashlib.sha256(self._salt + b"\0step\0" + name.encode() + b"\0" + self._settings).digest()

    def load_body(self, key: bytes) -> tuple[Any, ...] | None:
        """A body's stored comparison results (see ``link._BodySteps``), or None."""
        found = self._read(key)
        return found if isinstance(found, tuple) and len(found) == 2 else None

    def store_body(self, key: bytes, result: tuple[Any, ...]) -> None:
        self._write(key, result)

    def _read(self, key: bytes) -> object | None:
        return read_entry(self.entry(key), key)

    def store_packed(self, key: bytes, payload: bytes) -> None:
        """``store`` of a Report already ``pack``ed (by the worker that analysed it)."""
        write_entry(self.entry(key), key, payload)

    def _write(self, key: bytes, value: object) -> None:
        write_entry(self.entry(key), key, pack(value))


def read_entry(entry: Path, key: bytes) -> object | None:
    """The value stored in ``entry`` under ``key`` (any process may read: workers load the
    reports of their jobs), or None; a damaged entry is removed."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    found = _decode(blob, key)
    if found is None:
        entry.unlink(missing_ok=True)
    return found


def load_report(entry: Path, key: bytes, path: str | None = None) -> Report | None:
    """The Report in ``entry``, relabelled ``path`` when it was found under another name, or None."""
    return _relabelled(read_entry(entry, key), path)


def unpack_report(blob: bytes, key: bytes, path: str | None = None) -> Report | None:
    """``load_report`` of an entry's bytes read elsewhere (a Dask worker gets them from the client)."""
    return _relabelled(unpack(blob, key), path)


def unpack(blob: bytes, key: bytes) -> object | None:
    """The value in an entry's bytes, or None when they are damaged or of another key."""
    return _decode(blob, key)


def _relabelled(report: object, path: str | None) -> Report | None:
    if not isinstance(report, Report):
        return None
    if path is not None and report.path != path:
        document = dataclasses.replace(report.document, path=path) if report.document else None
        report = dataclasses.replace(report, path=path, document=document)
    return report


def write_entry(entry: Path, key: bytes, payload: bytes) -> None:
    """Write an entry atomically (any process may: a worker writes those of the reports it
    analyses); a failed write only warns."""
    blob = _MAGIC + key + payload
    try:
        with replaced(entry) as f:
            f.write(blob)
    except OSError as exc:
        warnings.warn(f"textkit cache: cannot write {entry} ({exc}); continuing without caching it",
                      RuntimeWarning, stacklevel=3)


def pack(value: object) -> bytes:
    """An entry's payload: ``value`` as MessagePack data, compressed."""
    from . import codec

    return compress(codec.encode(value))


def compress(data: bytes) -> bytes:
    """``data`` as one Zstandard frame that states its size (what ``_decode`` checks first)."""
    return _zstd().compressor.compress(data)  # type: ignore[no-any-return]


class _Zstd(threading.local):
    """A compressor and a decompressor per thread (reused: making one costs more than packing a
    report, and neither may serve two threads at once, as a Dask worker's tasks would)."""

    def __init__(self) -> None:
        import zstandard

        self.compressor = zstandard.ZstdCompressor(level=_LEVEL)
        self.decompressor = zstandard.ZstdDecompressor()
        self.error = zstandard.ZstdError
        self.content_size = zstandard.frame_content_size


_ZSTD: _Zstd | None = None


def _zstd() -> _Zstd:
    global _ZSTD
    if _ZSTD is None:
        _ZSTD = _Zstd()
    return _ZSTD


def remove_stale_temporaries(directory: Path, older_than: float = STALE_TEMPORARY) -> int:
    """Delete the ``.tmp-*`` files of runs that died mid-write (older than ``older_than``
    seconds: a younger one may be another run's write in progress); the count removed."""
    cutoff, removed = time.time() - older_than, 0
    for tmp in directory.glob("*/.tmp-*"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _decode(blob: bytes, key: bytes) -> object | None:
    """The value in an entry, or None when the entry is damaged or belongs to another key."""
    head = len(_MAGIC) + _DIGEST
    if len(blob) <= head or blob[:len(_MAGIC)] != _MAGIC or blob[len(_MAGIC):head] != key:
        return None
    from . import codec

    zstd = _zstd()
    try:
        size = zstd.content_size(blob[head:])
        if not 0 <= size <= MAX_ENTRY:
            return None  # a size not stated, or more than any report's entry: not one of ours
        # A frame that inflates past the size it states is an error, not a larger buffer.
        return codec.decode(zstd.decompressor.decompress(blob[head:]))
    except (ValueError, zstd.error):  # damaged, or not an entry of this format: a miss
        return None
