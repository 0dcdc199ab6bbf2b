"""The notebook entry point: ``Corpus``, a folder of reports analysed and linked, as lists and DataFrames.

It sits after every stage (like the CLI): it runs the corpus and presents the results.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .config import Settings
from .model import Report
from .run.corpus import analyze_corpus
from .run.link import annual_reports, report_body


class Corpus:
    """A folder (or list) of reports, analysed and linked; the notebook entry point.

    >>> Corpus([]).reports
    []
    """

    def __init__(self, paths: str | Path | Iterable[str | Path], workers: int | None = None,
                 settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        items = [paths] if isinstance(paths, (str, Path)) else list(paths)
        self.reports: list[Report] = analyze_corpus(items, workers=workers, settings=self.settings) if items else []

    def to_frame(self, kind: str = "reports") -> Any:
        """A pandas DataFrame: reports, sections, sentences, items, recycled, findings, follow_up, cells."""
        from .present.frames import frame

        return frame(self.reports, kind)

    def bodies(self) -> list[dict[str, Any]]:
        """Per-body year series (``textkit bodies``)."""
        from .present.digest import bodies

        return bodies(self.reports, self.settings)

    def __len__(self) -> int:
        return len(self.reports)

    def __repr__(self) -> str:
        ok = sum(r.ok for r in self.reports)
        n_bodies = len({report_body(r) for r in annual_reports(self.reports)})
        return f"<Corpus {len(self.reports)} files, {ok} read, {n_bodies} bodies>"

    def _repr_html_(self) -> str:
        return self.to_frame("reports")._repr_html_()  # type: ignore[no-any-return]
