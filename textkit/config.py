"""The thresholds of the comparison between reports, in one frozen object the CLI, Corpus and the cache key carry."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Settings:
    """Thresholds of the matcher (calibrated on the sample corpus gold, see docs/boilerplate.md).

    One object: the CLI and ``Corpus`` (``analyze_corpus(..., settings=)``) hand it to every step
    that compares reports (on the workers too), and a body's cached comparison is keyed by it.

    near: cosine (TF-IDF, char 2–4-grams of masked text) from which a same-body sentence is ``near``.
    template: cosine from which a sentence of another body counts as the same template sentence.
    split_part: cosine a part of a split sentence must reach against the whole it came from.
    later: also take a later year as the source when no earlier year matches (a sentence whose
        first use is missing from the corpus); off by default, as the first report in which a
        sentence appears is where it is new (the sample corpus gold counts it so).
    min_chars: masked sentences shorter than this are too generic to attribute on their own.
    bands, rows: MinHash banding (bands x rows hash functions); a pair of sentences becomes a
        candidate when all ``rows`` values of one band agree (about Jaccard >= (1/bands)**(1/rows)).
    window: in a band bucket, each sentence is paired with at most this many following ones,
        so a bucket of n sentences costs n x window comparisons, not n squared.
    """

    near: float = 0.7
    template: float = 0.7
    split_part: float = 0.45
    later: bool = False
    min_chars: int = 8
    bands: int = 20
    rows: int = 4
    window: int = 20

    def __post_init__(self) -> None:
        for name in ("near", "template", "split_part"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UsageError(f"Settings.{name}={value!r}: a cosine threshold must be in (0, 1]")
        for name in ("min_chars", "bands", "rows", "window"):
            if getattr(self, name) < 1:
                raise UsageError(f"Settings.{name}={getattr(self, name)!r}: must be a positive integer")
