"""The report card: counts of findings by severity and a score out of 100."""
from __future__ import annotations

from ..model import Finding


# Report card: points taken off per finding of each severity (docs/audit.md).
PENALTY = {"error": 15, "warning": 5, "info": 1}


def report_card(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    """Counts by severity and a score: 100 − 15·errors − 5·warnings − 1·infos, at least 0.

    >>> report_card([Finding("late", "error", "", ""), Finding("x", "info", "", "")])
    {'errors': 1, 'warnings': 0, 'infos': 1, 'score': 84}
    """
    counts = {s: sum(1 for f in findings if f.severity == s) for s in PENALTY}
    score = max(0, 100 - sum(PENALTY[s] * n for s, n in counts.items()))
    return {"errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"], "score": score}
