"""Checks that a speed-up changed no result: a digest of every linked Report, saved and compared.

Usage: ``python benchmarks/identical.py save DIGESTS.json FOLDER...`` before a change, then
``python benchmarks/identical.py check DIGESTS.json FOLDER...`` after it. Each report (after
``link_reports``: findings, follow-ups, recycled sentences, reuse figures included) is reduced to
a SHA-256 of the ``repr`` of each field; ``check`` names every file and field that changed.
``--cache-dir=DIR`` (first argument) runs through an analysis cache in DIR, as ``textkit audit``
does by default: run it twice for a cold and a warm pass. Run both with the same
``PYTHONHASHSEED``: follow-up scores sum floats in set order, so a tie between two candidates
can fall either way under another seed.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def digests(folders: list[str], workers: int = 2, cache: str | None = None) -> dict[str, dict[str, str]]:
    from dataclasses import fields

    from textkit.run.cache import AnalysisCache
    from textkit.run.corpus import analyze_corpus

    return {r.path: {f.name: hashlib.sha256(repr(getattr(r, f.name)).encode("utf-8")).hexdigest()[:16]
                     for f in fields(r)}
            for r in analyze_corpus(folders, workers=workers, cache=AnalysisCache(cache) if cache else None)}


def main(argv: list[str]) -> int:
    cache = None
    if argv and argv[0].startswith("--cache-dir="):  # the CLI's default path: results through the cache
        cache, argv = argv[0].split("=", 1)[1], argv[1:]
    mode, target, *folders = argv
    found = digests(folders, cache=cache)
    if mode == "save":
        Path(target).write_text(json.dumps(found, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"saved {len(found)} digests")
        return 0
    saved = json.loads(Path(target).read_text(encoding="utf-8"))
    changed = sorted(p for p in saved.keys() | found.keys() if saved.get(p) != found.get(p))
    by_field: dict[str, int] = {}
    for p in changed:
        old, new = saved.get(p, {}), found.get(p, {})
        names = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for k in names:
            by_field[k] = by_field.get(k, 0) + 1
        if len(changed) <= 20 or p in changed[:20]:
            print("changed:", p, ", ".join(names))
    print(f"{len(found)} reports, {len(changed)} changed", by_field or "")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
