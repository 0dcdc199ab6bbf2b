"""The report card: counts of findings by severity and a score out of 100."""
from __future__ import annotations

from ..config import Settings
from ..model import Finding

SEVERITIES = ("error", "warning", "info")


def report_card(findings: tuple[Finding, ...] | list[Finding], settings: Settings | None = None) -> dict[str, int]:
    """Counts by severity and a score: 100 minus each finding's penalty (``Settings.penalty_*``;
    by default 15 an error, 5 a warning, 1 an info, see docs/audit.md), at least 0.

    >>> report_card([Finding("late", "error", "", ""), Finding("x", "info", "", "")])
    {'errors': 1, 'warnings': 0, 'infos': 1, 'score': 84}
    """
    settings = settings or Settings()
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    score = max(0, 100 - sum(settings.penalty(s) * n for s, n in counts.items()))
    return {"errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"], "score": score}
