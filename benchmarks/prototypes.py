"""Prototype fixes for hot spots found by bench.py, checked for identical output and timed.

Usage: ``python benchmarks/prototypes.py benchmarks/out/c1000``. Each prototype is a drop-in
replacement for a function in textkit (named in its docstring); this script checks that it
returns exactly what the original returns on every generated and real report, then times both.
Nothing here is imported by textkit.
"""
from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from textkit.model import ScriptInfo
from textkit.read import normalize


# --- normalize.detect_script: one C-level pass per script instead of a count per distinct char ---
@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Character classes of Traditional-only and Simplified-only characters in the CJK block."""
    trad, simp = [], []
    for code in range(0x4E00, 0xA000):
        cls = normalize._char_class(chr(code))
        if cls > 0:
            trad.append(chr(code))
        elif cls < 0:
            simp.append(chr(code))
    return re.compile("[" + "".join(trad) + "]"), re.compile("[" + "".join(simp) + "]")


def detect_script(text: str) -> ScriptInfo:
    """Drop-in for normalize.detect_script."""
    trad_re, simp_re = _script_patterns()
    traditional, simplified = len(trad_re.findall(text)), len(simp_re.findall(text))
    total = traditional + simplified
    kind: Literal["simplified", "traditional", "mixed", "none"]
    if total == 0:
        kind = "none" if not normalize._CJK.search(text) else "simplified"
    elif traditional / total >= 1 - normalize.MIXED_THRESHOLD:
        kind = "traditional"
    elif traditional / total <= normalize.MIXED_THRESHOLD:
        kind = "simplified"
    else:
        kind = "mixed"
    return ScriptInfo(kind, traditional, simplified)


# --- decode._checked: count control characters with a regex, not a Python loop ---
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def control_count(sample: str) -> int:
    """Drop-in for the generator expression in decode._checked."""
    return len(_CONTROL.findall(sample))


def control_count_original(sample: str) -> int:
    return sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")


def _timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(corpus: Path) -> None:
    from textkit.read.ingest import read

    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    files = sorted(corpus.rglob("*.txt")) + sorted(corpus.rglob("*.html"))
    files += sorted(p for p in shared.rglob("*") if p.suffix in (".txt", ".html")) if shared.is_dir() else []
    docs = [read(f) for f in files]
    texts = [d.text for d in docs] + [d.source_text for d in docs]
    print(f"{len(docs)} documents ({len(files)} files incl. ../shared/corpus)")

    assert all(detect_script(t) == normalize.detect_script(t) for t in texts), "detect_script differs"
    old = _timed(lambda: [normalize.detect_script(t) for t in texts])
    new = _timed(lambda: [detect_script(t) for t in texts])
    print(f"detect_script: identical on {len(texts)} texts; {old:.3f} s -> {new:.3f} s ({old / new:.0f}x)")

    samples = [t[:100_000] for t in texts]
    assert [control_count(s) for s in samples] == [control_count_original(s) for s in samples]
    old = _timed(lambda: [control_count_original(s) for s in samples])
    new = _timed(lambda: [control_count(s) for s in samples])
    print(f"decode control count: identical; {old:.3f} s -> {new:.3f} s ({old / new:.0f}x)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
