"""Every threshold of the comparison between reports and of the report card, in one frozen object the CLI, Corpus and the cache key carry."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Settings:
    """Thresholds of the matcher (calibrated on the sample corpus gold, see docs/boilerplate.md),
    of the follow-through of promises (docs/specificity.md, "Follow-through") and of the report card
    (docs/audit.md).

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

    Follow-through (compare/followup.py; each score is a weighted char-bigram Dice or share in [0, 1]):
    followup_repeat: a promise is "repeated" when one of its clauses scores at least this against a
        clause of one of next year's improvements ...
    followup_headline_ratio: ... or its headline has at least this difflib ratio with that
        improvement's headline.
    followup_done: a sentence of next year's account of its work that scores at least this by
        clause Dice, or by the share of the promise headline's bigrams found in it, reports it "done".
    followup_key_share: ... as does one naming at least this weighted share of the promise's key words
    followup_min_key_words: ... and at least this many of them (a word or two in common is chance).
    followup_headline_weight: a key word of the promise's headline weighs this many times its IDF
        (the headline says what was promised, the detail how).
    followup_recur: two problems of one body recur across years when their headlines score at least
        this (or one headline contains the other).

    Report card (audit/card.py): the score is 100 minus, per finding, penalty_error, penalty_warning
    or penalty_info points by its severity, at least 0.
    """

    near: float = 0.7
    template: float = 0.7
    split_part: float = 0.45
    later: bool = False
    min_chars: int = 8
    bands: int = 20
    rows: int = 4
    window: int = 20
    followup_repeat: float = 0.45
    followup_headline_ratio: float = 0.6
    followup_done: float = 0.38
    followup_key_share: float = 0.31
    followup_min_key_words: int = 3
    followup_headline_weight: float = 2.0
    followup_recur: float = 0.6
    penalty_error: int = 15
    penalty_warning: int = 5
    penalty_info: int = 1

    def __post_init__(self) -> None:
        for name in ("near", "template", "split_part", "followup_repeat", "followup_headline_ratio",
                     "followup_done", "followup_key_share", "followup_recur"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UsageError(f"Settings.{name}={value!r}: a similarity threshold must be in (0, 1]")
        for name in ("min_chars", "bands", "rows", "window", "followup_min_key_words"):
            if getattr(self, name) < 1:
                raise UsageError(f"Settings.{name}={getattr(self, name)!r}: must be a positive integer")
        if self.followup_headline_weight <= 0:
            raise UsageError(f"Settings.followup_headline_weight={self.followup_headline_weight!r}: must be positive")
        for name in ("penalty_error", "penalty_warning", "penalty_info"):
            if getattr(self, name) < 0:
                raise UsageError(f"Settings.{name}={getattr(self, name)!r}: a penalty cannot be negative")

    def penalty(self, severity: str) -> int:
        """Points the report card takes off for one finding of ``severity``."""
        return {"error": self.penalty_error, "warning": self.penalty_warning, "info": self.penalty_info}[severity]
