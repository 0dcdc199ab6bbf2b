"""Which files a run reads: folders walked under the link policy, each file counted once, and
what is found but not read kept with the reason.

Link policy: a link inside an input folder is followed when its target is inside that folder
too (a linked sub-folder is walked, a linked file read); a link whose target lies outside the
folder, or that is broken, is reported and skipped (a corpus archive must not make the run read
``/etc/passwd``); a folder already walked is not walked again, so loops end. A file or folder
named on the command line is the user's choice and is read wherever it points. Inputs that
overlap (``audit A/B A``, a file named and inside a named folder, two links to one file) give
each file once, under the first name it was found by. Named pipes, devices and sockets are
reported, never opened.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import IngestError, UsageError
from ..model import Report
from ..read.ingest import file_kind, read_bytes

# .doc/.wps are listed so that a folder's old Word files get their error (how to convert) rather
# than vanish from the batch.
REPORT_SUFFIXES = {".txt", ".html", ".htm", ".text", ".pdf", ".docx", ".doc", ".wps"}


@dataclass(frozen=True)
class Inputs:
    """The files of a run in order; ``refused`` maps the ones not to read to the reason."""

    files: list[Path]
    refused: dict[str, str]


def find_inputs(paths: Iterable[str | Path], suffixes: set[str] = REPORT_SUFFIXES) -> Inputs:
    """Report files under ``paths`` (folders recursively, sorted), each once. ``UsageError``
    when a path does not exist."""
    files: list[Path] = []
    refused: dict[str, str] = {}
    seen: set[str] = set()

    def add(path: Path, problem: str | None = None) -> None:
        real = os.path.realpath(path)
        if real in seen or str(path) in refused:
            return
        if problem is None:
            seen.add(real)
        else:
            refused[str(path)] = f"{path}: {problem}"
        files.append(path)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for path, problem in sorted(_walk(p, suffixes), key=lambda found: found[0]):
                add(path, problem)
        elif p.exists() or p.is_symlink():
            add(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return Inputs(files, refused)


def _walk(root: Path, suffixes: set[str]) -> list[tuple[Path, str | None]]:
    """Report files under ``root`` with the reason for any not to read, following links whose
    target is inside ``root``."""
    top = os.path.realpath(root)
    found: list[tuple[Path, str | None]] = []
    walked = {top}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, f"cannot list folder ({exc.strerror or exc})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            wanted = path.suffix.lower() in suffixes and not entry.name.startswith(".")
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    if wanted:
                        found.append((path, "broken link: its target does not exist"))
                    continue
                inside = target == top or target.startswith(top + os.sep)
                if os.path.isdir(target):
                    if not inside:
                        found.append((path, f"link to a folder outside {root} ({target}): not read"))
                    elif target not in walked:
                        walked.add(target)
                        folders.append(path)
                    continue
                if wanted and not inside:
                    found.append((path, f"link to a file outside {root} ({target}): not read"))
                    continue
            elif entry.is_dir(follow_symlinks=False):
                real = os.path.realpath(path)
                if real not in walked:
                    walked.add(real)
                    folders.append(path)
                continue
            if wanted:
                found.append((path, _not_regular(path)))
    return found


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file (a pipe, device or socket), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read file ({exc.strerror or exc})"
    return None if stat.S_ISREG(mode) else f"not a regular file ({file_kind(mode)}): not read"


def read_input(name: str, refused: Mapping[str, str]) -> bytes | Report:
    """The bytes of an input file, or the error Report that stands for it in the batch (a file
    found but refused, with the reason; one that cannot be read)."""
    if name in refused:
        return Report(path=name, document=None, error=refused[name])
    try:
        return read_bytes(name)
    except IngestError as exc:
        return Report(path=name, document=None, error=str(exc))
