"""Files of the cache written whole or not at all: another process never reads half a file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def replaced(path: Path, suffix: str = "") -> Iterator[IO[bytes]]:
    """A binary file that becomes ``path`` (its folder made if need be) once the block completes;
    on any failure the partial file (``.tmp-*``, which the cache also sweeps) is removed and the
    error raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
