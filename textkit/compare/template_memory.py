"""What the cross-body template step keeps between runs: one file of plain arrays in the cache folder.

Per distinct masked sentence of the last run: a 128-bit digest of its text, its character
n-gram counts and its MinHash band hashes; per candidate pair of those sentences: the TF-IDF
cosine and the IDF it was computed with (``compare.near_pairs`` reuses a cosine only where a
bound proves the decision unchanged). The file is NumPy's ``.npz`` read with
``allow_pickle=False``: loading it never runs code, and a damaged, foreign or inconsistent file
is simply a miss (the step computes everything again).
"""
from __future__ import annotations

import hashlib
import warnings
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from ..files import replaced
from .vectors import N_FEATURES

# IDF vectors kept (cosines computed under older ones are dropped and computed again when needed).
MAX_GENERATIONS = 3


def digests(texts: list[str]) -> np.ndarray:
    """A 128-bit BLAKE2b digest of each text (UTF-8), as rows of two uint64: a sentence's identity
    across runs."""
    joined = b"".join(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts)
    return np.frombuffer(joined, dtype=np.uint64).reshape(len(texts), 2).copy()


@dataclass(frozen=True)
class Remembered:
    """The template step's work of one run. Sentences are numbered 0..n-1 (the run's key order)."""

    digest: np.ndarray  # (n, 2) uint64
    indptr: np.ndarray  # (n + 1,) int64: n-gram counts as CSR rows over N_FEATURES hashed features
    indices: np.ndarray  # int32
    counts: np.ndarray  # float32
    bands: np.ndarray  # (n, bands) uint64: the MinHash band hashes
    first: np.ndarray  # int32, per candidate pair: its sentences (first < second)
    second: np.ndarray  # int32
    cosine: np.ndarray  # float32: the pair's TF-IDF cosine ...
    generation: np.ndarray  # uint8: ... under idf[generation]
    idf_features: np.ndarray  # (g, k) int32: per IDF kept, the features it was fitted on (padded with -1) ...
    idf_values: np.ndarray  # (g, k) float32: ... and their weights

    def idf(self, generation: int) -> np.ndarray:
        """The whole IDF vector of a generation (0 where a feature was absent)."""
        out = np.zeros(N_FEATURES, dtype=np.float32)
        present = self.idf_features[generation] >= 0
        out[self.idf_features[generation][present]] = self.idf_values[generation][present]
        return out

    def valid(self, bands: int) -> bool:
        """Shapes, types and ranges consistent (a file that is not ours fails here, not later)."""
        n, pairs = len(self.digest), len(self.first)
        g, k = self.idf_features.shape if self.idf_features.ndim == 2 else (-1, -1)
        return (self.digest.shape == (n, 2) and self.digest.dtype == np.uint64
                and self.indptr.shape == (n + 1,) and self.indptr.dtype == np.int64
                and int(self.indptr[0]) == 0 and int(self.indptr[-1]) == len(self.indices) == len(self.counts)
                and bool(np.all(np.diff(self.indptr) >= 0))
                and self.indices.dtype == np.int32 and self.counts.dtype == np.float32
                and bool(np.all((self.indices >= 0) & (self.indices < N_FEATURES)))
                and self.bands.shape == (n, bands) and self.bands.dtype == np.uint64
                and self.first.dtype == self.second.dtype == np.int32 and self.second.shape == (pairs,)
                and self.cosine.shape == (pairs,) and self.cosine.dtype == np.float32
                and self.generation.shape == (pairs,) and self.generation.dtype == np.uint8
                and bool(np.all((self.first >= 0) & (self.first < self.second) & (self.second < n)))
                and 0 < g <= MAX_GENERATIONS and self.idf_values.shape == (g, k)
                and self.idf_features.dtype == np.int32 and self.idf_values.dtype == np.float32
                and bool(np.all(self.idf_features < N_FEATURES))
                and bool(np.all(self.generation < g)))


class TemplateMemory:
    """The remembered work of the last run made with this code, lexicons and settings (``key``),
    in ``directory/templates/``."""

    def __init__(self, directory: Path | str, key: bytes) -> None:
        self.path = Path(directory) / "templates" / f"{key.hex()}.npz"

    def load(self, bands: int) -> Remembered | None:
        """The last run's work, or None (none yet, or unreadable: removed)."""
        try:
            with np.load(self.path, allow_pickle=False) as stored:
                found = Remembered(**{f.name: stored[f.name] for f in fields(Remembered)})
        except (FileNotFoundError, NotADirectoryError):  # none yet, or no cache folder to hold it
            return None
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
            self.path.unlink(missing_ok=True)
            return None
        if not found.valid(bands):
            self.path.unlink(missing_ok=True)
            return None
        return found

    def save(self, work: Remembered) -> None:
        """Write atomically (a reader never sees half a file); a failed write only warns."""
        try:
            with replaced(self.path, suffix=".npz") as f:
                np.savez(f, **{f.name: getattr(work, f.name) for f in fields(Remembered)})
        except OSError as exc:
            warnings.warn(f"textkit cache: cannot write {self.path} ({exc}); the next run computes templates in full",
                          RuntimeWarning, stacklevel=2)
