"""Cost of the cache's entry format: MessagePack data (``run.codec``) against the pickles it replaced.

Usage: ``python benchmarks/cache_format.py FOLDER...`` (e.g. a corpus from ``generate.py``).
Analyses the reports once, then times, per report, packing an entry (encode + zlib level 1) and
unpacking it (inflate + decode) in both formats, in this process, best of 3 passes; prints the
ratios against pickle, the entry sizes, and checks that every decoded Report equals the original.
"""
from __future__ import annotations

import pickle
import sys
import time
import zlib
from typing import Any, Callable


def best(fn: Callable[[], Any], passes: int = 3) -> float:
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(folders: list[str]) -> int:
    from textkit.run.codec import decode, encode
    from textkit.run.corpus import analyze_corpus

    reports = [r for r in analyze_corpus(folders, workers=2) if r.ok]
    n = len(reports)
    formats = {
        "pickle": (lambda r: zlib.compress(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL), 1),
                   lambda b: pickle.loads(zlib.decompress(b))),
        "msgpack (codec)": (lambda r: zlib.compress(encode(r), 1), lambda b: decode(zlib.decompress(b))),
    }
    rows = {}
    for name, (pack, unpack) in formats.items():
        blobs = [pack(r) for r in reports]
        rows[name] = (best(lambda: [pack(r) for r in reports]) / n * 1e3,
                      best(lambda: [unpack(b) for b in blobs]) / n * 1e3,
                      sum(map(len, blobs)) / n / 1e3)
        if name != "pickle":
            assert all(unpack(b) == r for b, r in zip(blobs, reports)), "a decoded Report differs"
    base = rows["pickle"]
    print(f"{n} reports; per report, best of 3 passes")
    print(f"{'format':<18}{'pack ms':>9}{'unpack ms':>11}{'entry KB':>10}{'pack x':>8}{'unpack x':>10}")
    for name, (p, u, kb) in rows.items():
        print(f"{name:<18}{p:>9.2f}{u:>11.2f}{kb:>10.1f}{p / base[0]:>8.2f}{u / base[1]:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
