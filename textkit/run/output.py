"""Where results are written: an output path is checked before the run starts, never lands on
an input, and is written to a temporary file renamed into place (a failed or interrupted write
leaves the previous file as it was)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable

from ..errors import TextkitError, UsageError


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """``path`` if results can be written there; ``UsageError`` (one line, naming it) when it
    is a folder, sits in a missing or read-only folder, is not a regular file, or is an input."""
    out = Path(path)
    if out.is_dir():
        raise UsageError(f"-o {out}: is a folder; name a file")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"-o {out}: folder {folder} does not exist")
    if out.exists() and not out.is_file():
        raise UsageError(f"-o {out}: not a regular file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"-o {out}: cannot write in folder {folder}")
    if out.exists():
        for given in inputs:
            if _covers(Path(given), out):
                raise UsageError(f"-o {out}: is one of the inputs; name another file")
    return out


def _covers(given: Path, out: Path) -> bool:
    """Whether the input ``given`` (a file or a folder) is or holds the existing file ``out``."""
    try:
        if given.is_dir():
            real = os.path.realpath(given)
            return os.path.realpath(out).startswith(real + os.sep) and out.suffix.lower() in _READ_SUFFIXES
        return given.exists() and os.path.samefile(given, out)
    except OSError:
        return False


# Suffixes a folder input would read (an output of another kind inside an input folder is fine).
_READ_SUFFIXES = {".txt", ".html", ".htm", ".text", ".pdf", ".docx"}


@contextmanager
def atomic_output(path: str | Path, encoding: str = "utf-8", errors: str = "strict") -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only once the block completes; a write that fails
    (full disk) raises ``TextkitError`` naming the file and leaves any previous one intact."""
    out = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise TextkitError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, errors=errors, newline="") as f:
            yield f
        if out.exists():
            os.chmod(tmp, out.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise TextkitError(f"{out}: cannot write ({exc.strerror or exc}); nothing was written") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
