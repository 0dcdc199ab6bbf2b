"""How often follow-through finds a promise "kept" by chance: in the reports of other bodies.

Usage: ``python benchmarks/followup_chance.py [SHARED_CORPUS]`` from the checkout (default
../shared/corpus; needs scikit-learn, the ``bench`` extra). Reads the sample corpus (gold in
corpus/**/*.gold.json) and the real corpus, one copy per body and year, and prints:

1. The current rules (``followup.assess``) applied to every promise against every report of
   *another* body: any "done" or "repeated" there is chance, or a promise so general that any body's
   work keeps it.
2. The variants measured for issue 15 (docs/specificity.md, "Clause coverage"): the share of a
   promise's clauses that some new work sentence of a report matches. For each: the four real
   "done" promises of tests/real_gold.py, the highest gold-silent sample promise, and the chance
   baseline of docs/specificity.md: every long promise (20 key words or more) against every report of
   another body, with its 95th and 99th percentile and maximum. "new words": only the clauses that
   the promise's own report does not already match count.
3. The same coverage as a z-score against the promise's own scores in the other bodies' reports.
4. The current key-word share (best sentence or two-sentence window, any number of words) of each
   real promise in its next report, against its best share in each report of another body (a
   permutation test: rank 0 = no other body's report names more of it).

Nothing here is a rule textkit applies: it reproduces the figures that decided against them.
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from real_gold import REAL_REPEATS  # noqa: E402

from textkit.compare import followup as F  # noqa: E402
from textkit.compare.keywords import key_words, names  # noqa: E402
from textkit.compare.similarity import NON_CJK, Weights  # noqa: E402
from textkit.model import Item, Report  # noqa: E402
from textkit.read.normalize import to_simplified  # noqa: E402
from textkit.run.pipeline import analyze_path  # noqa: E402

# Verbs and nouns of the disclosure routine that say how, not what (继续完善…机制): dropped from clauses.
ROUTINE = frozenset("继续 进一步 加强 完善 强化 提高 提升 健全 推进 推动 深化 加大 做好 不断 切实 全面 积极 努力 注重 "
                    "坚持 确保 优化 持续 着力 扎实 力度 建设 相关 有关 规范 工作 机制 制度 水平 能力 质量 效果 开展 "
                    "按照 围绕 通过 做到 实现 进行 及时 有效 依法 严格 规定".split())
# A promise's clauses: cut at punctuation and at 并/和/及/与 between two CJK characters.
CLAUSE = re.compile(r"[，。；：,;:、！？\n]|(?<=[\u4e00-\u9fff])(?:并且|并|以及|及|和|与)(?=[\u4e00-\u9fff])")
LONG = 20  # key words: a long promise, as in docs/specificity.md


def norm(headline: str) -> str:
    return to_simplified(headline).strip().rstrip("，。；：,;:.")


class Corpus:
    """One report per body and year, the gold of each later report, the work sentences of each."""

    def __init__(self, shared: Path) -> None:
        sample = REPO / "corpus"
        golds = [json.loads(g.read_text(encoding="utf-8")) for g in sorted(sample.rglob("*.gold.json"))]
        reports = [analyze_path(sample / g["file"]) for g in golds]
        reports += [analyze_path(p) for p in sorted(shared.glob("*/*")) if p.suffix in (".txt", ".html")]
        self.gold = {(str(sample / g["file"]), x["promise_year"], norm(x["promise_headline"])): x["status"]
                     for g in golds for x in g.get("follow_up") or []}
        real_done = {(g["promise_year"], g["promise_headline"]) for g in REAL_REPEATS if g["status"] == "done"}
        self.groups = F.by_body(reports)
        self.weights = {key: Weights([r for c in years.values() for r in c]) for key, years in self.groups.items()}
        self.reps = [(key, year, F._representative(copies)) for key, years in self.groups.items()
                     for year, copies in sorted(years.items())]
        # (body, promise report, promise, next report, status): sample gold, or "real done" / "real other"
        self.cases: list[tuple[str, Report, Item, Report, str]] = []
        for key, years in self.groups.items():
            ordered = sorted(years)
            for prev, year in zip(ordered, ordered[1:]):
                if year - prev > 1:
                    continue
                earlier = F._representative(years[prev])
                for later in years[year]:
                    real = later.path.startswith(str(shared))
                    if real and not later.path.endswith(".txt"):
                        continue
                    for item in F.promises(earlier):
                        head = norm(item.headline)
                        status = (("real done" if (prev, head) in real_done else "real other") if real
                                  else self.gold.get((later.path, prev, head)))
                        if status:
                            self.cases.append((key, earlier, item, later, status))
        self._work: dict[tuple[int, int], list[str]] = {}
        sentences = [to_simplified(r.document.analysis_text[s.start:s.end])
                     for _, _, r in self.reps if r.document for s in r.sentences]
        self.sentences = sentences
        self._df: dict[str, float] = {}

    def idf(self, word: str) -> float:
        """IDF of a word over the sentences of every body (a sentence names it as keywords.names does)."""
        if word not in self._df:
            df = sum(1 for s in self.sentences if names(s, word))
            self._df[word] = math.log((len(self.sentences) + 1) / (df + 1))
        return self._df[word]

    def work(self, key: str, earlier: Report, later: Report) -> list[str]:
        """Single work sentences of ``later`` (as ``followup._done`` reads them) that ``earlier`` did not have."""
        hit = self._work.get((id(earlier), id(later)))
        if hit is None:
            w = self.weights[key]
            before = F._said_in(earlier, F._report_pieces(w, earlier))
            lkey = next(k for k, years in self.groups.items() if any(later in c for c in years.values()))
            cands = F._done_candidates(later, F._report_pieces(self.weights[lkey], later))
            hit = self._work[(id(earlier), id(later))] = [to_simplified(c.text) for c in cands
                                                          if c.second < 0 and c.work and before.isdisjoint(c.said)]
        return hit

    def own(self, key: str, report: Report) -> list[str]:
        """Single work sentences of the promise's own report."""
        cands = F._done_candidates(report, F._report_pieces(self.weights[key], report))
        return [to_simplified(c.text) for c in cands if c.second < 0 and c.work]

    def long_promises(self) -> list[tuple[str, Report, Item]]:
        return [(key, r, item) for key, _, r in self.reps for item in F.promises(r)
                if len(F._key_words(self.weights[key], r, item).words) >= LONG]


def promise_text(report: Report, item: Item) -> str:
    assert report.document is not None
    text = report.document.analysis_text[item.start:item.end]
    at = text.find(to_simplified(item.headline).strip())
    return text[at:] if at >= 0 else text


def clause_words(text: str) -> list[tuple[str, ...]]:
    out = []
    for part in CLAUSE.split(text):
        words = tuple(w for w in key_words(part) if w not in ROUTINE)
        if words:
            out.append(words)
    return out


Score = Callable[[str, Report, Item, Report], float]


def word_coverage(corpus: Corpus, share: float, weight: str, new_only: bool = False) -> Score:
    """Weighted share of the promise's clauses of which one sentence names ``share`` of the IDF
    weight (and two words, or the one); a clause weighs the sum, the max or 1 of its words' IDF.
    ``new_only``: a clause the promise's own report already matches does not count."""
    def hit(words: tuple[str, ...], sentences: list[str]) -> bool:
        total = sum(corpus.idf(w) for w in words)
        for s in sentences:
            named = [w for w in words if names(s, w)]
            if len(named) >= min(2, len(words)) and sum(corpus.idf(w) for w in named) >= share * total:
                return True
        return False

    def score(key: str, earlier: Report, item: Item, later: Report) -> float:
        sentences = corpus.work(key, earlier, later)
        own = corpus.own(key, earlier) if new_only else []
        got = total = 0.0
        for words in clause_words(promise_text(earlier, item)):
            w = {"sum": sum(map(corpus.idf, words)), "max": max(map(corpus.idf, words)), "one": 1.0}[weight]
            total += w
            got += w * (hit(words, sentences) and not (new_only and hit(words, own)))
        return got / total if total else 0.0
    return score


def ngram_coverage(corpus: Corpus, theta: float) -> Score:
    """Share of the promise's clauses (weighted as ``word_coverage`` "sum") whose character 2-3-gram
    TF-IDF weight (IDF over every body's sentences, scikit-learn) one sentence contains ≥ ``theta``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def cjk(text: str) -> str:
        return NON_CJK.sub("", text)

    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit(map(cjk, corpus.sentences))

    def score(key: str, earlier: Report, item: Item, later: Report) -> float:
        parts = CLAUSE.split(promise_text(earlier, item))
        clauses = [(p, ws) for p, ws in ((p, tuple(w for w in key_words(p) if w not in ROUTINE)) for p in parts) if ws]
        sentences = corpus.work(key, earlier, later)
        if not clauses or not sentences:
            return 0.0
        p = vectors.transform([cjk(c) for c, _ in clauses])
        s = (vectors.transform(list(map(cjk, sentences))) > 0).astype(float)
        contained = (p @ s.T).toarray().max(axis=1) / np.maximum(np.asarray(p.sum(axis=1)).ravel(), 1e-9)
        w = np.array([sum(map(corpus.idf, ws)) for _, ws in clauses])
        return float((w * (contained >= theta)).sum() / w.sum())
    return score


def measure(corpus: Corpus, name: str, score: Score) -> None:
    by_status: dict[str, list[float]] = {}
    for key, earlier, item, later, status in corpus.cases:
        by_status.setdefault(status, []).append(score(key, earlier, item, later))
    base = np.array([score(key, r, item, other) for key, r, item in corpus.long_promises()
                     for okey, _, other in corpus.reps if okey != key])
    real = ", ".join(f"{v:.2f}" for v in by_status.get("real done", []))
    print(f"{name:28} real done {real:24} silent max {max(by_status.get('silent', [0])):.2f}  "
          f"chance ({len(base)} pairs) p95 {np.percentile(base, 95):.3f} p99 {np.percentile(base, 99):.3f} "
          f"max {base.max():.3f}")


def zscores(corpus: Corpus, score: Score) -> None:
    """Each promise's coverage in its next report against its coverage in other bodies' reports."""
    base: list[float] = []
    real: list[float] = []
    other_real: list[str] = []  # the real promises the gold does not call done
    seen: set[tuple[int, int]] = set()
    for key, earlier, item, later, status in corpus.cases:
        others = [score(key, earlier, item, other) for okey, _, other in corpus.reps if okey != key]
        if status == "real done":
            real.append(_z(score(key, earlier, item, later), others))
        elif status == "real other":
            assert earlier.document is not None
            other_real.append(f"{earlier.document.year} {norm(item.headline)[:6]} {_z(score(key, earlier, item, later), others):.2f}")
        if (id(earlier), item.start) not in seen:
            seen.add((id(earlier), item.start))
            base += [_z(v, others[:i] + others[i + 1:]) for i, v in enumerate(others)]
    print(f"{'z-score of word coverage':28} real done {', '.join(f'{v:.2f}' for v in real):24} "
          f"chance ({len(base)} pairs) p95 {np.percentile(base, 95):.2f} p99 {np.percentile(base, 99):.2f} max {max(base):.2f}"
          f"\n  real, not done in the gold: {'; '.join(other_real)}")


def _z(value: float, null: list[float]) -> float:
    spread = max(float(np.std(null)), 0.05)  # a floor: a promise no other report covers is not infinitely rare
    return (value - float(np.mean(null))) / spread


def current_rules(corpus: Corpus) -> None:
    pairs = done = repeated = 0
    real = {(id(earlier), item.start) for _, earlier, item, _, status in corpus.cases if status == "real done"}
    real_done: list[str] = []
    for key, year, r in corpus.reps:
        for item in F.promises(r):
            mine = 0
            for okey, _, other in corpus.reps:
                if okey == key:
                    continue
                weights = Weights([x for c in corpus.groups[key].values() for x in c] + [other])
                status = F.assess(item, year, r, other, weights).status
                pairs += 1
                mine += status == "done"
                repeated += status == "repeated"
            done += mine
            if (id(r), item.start) in real:
                real_done.append(f"{year} {mine}")
    print(f"current rules, every promise x every report of another body: {pairs} pairs, "
          f"done {done} ({done / pairs:.1%}), repeated {repeated} ({repeated / pairs:.1%}); "
          f"the real done promises are done in this many other-body reports: {', '.join(real_done)}")


def key_share_ranks(corpus: Corpus) -> None:
    """Rank of each real promise's best key-word share in its next report among its best shares in
    the reports of other bodies (0 = above all of them)."""
    def best(key: str, earlier: Report, item: Item, later: Report) -> float:
        keys = F._key_words(corpus.weights[key], earlier, item)
        before = F._said_in(earlier, F._report_pieces(corpus.weights[key], earlier))
        lkey = next(k for k, years in corpus.groups.items() if any(later in c for c in years.values()))
        assert later.document is not None
        top = 0.0
        for c in F._done_candidates(later, F._report_pieces(corpus.weights[lkey], later)):
            if before.isdisjoint(c.said):
                top = max(top, F._window_share(keys, c, later.document.analysis_text, 1) if c.second >= 0
                          else F._key_share(keys, c, 1))
        return top

    for key, earlier, item, later, status in corpus.cases:
        if status.startswith("real"):
            mine = best(key, earlier, item, later)
            others = [best(key, earlier, item, other) for okey, _, other in corpus.reps if okey != key]
            assert earlier.document is not None
            print(f"  {status:10} {earlier.document.year} {norm(item.headline)[:12]:12} share {mine:.2f}  "
                  f"other bodies max {max(others):.2f}, rank {sum(v >= mine for v in others)} of {len(others)}")


def main(argv: list[str]) -> None:
    shared = Path(argv[0]) if argv else REPO.parent / "shared" / "corpus"
    corpus = Corpus(shared)
    current_rules(corpus)
    for share in (0.4, 0.5, 0.6):
        for weight in ("sum", "max", "one"):
            measure(corpus, f"words, share {share}, {weight}", word_coverage(corpus, share, weight))
    for share in (0.4, 0.5, 0.6):
        measure(corpus, f"new words, share {share}, sum", word_coverage(corpus, share, "sum", new_only=True))
    for theta in (0.4, 0.5, 0.6):
        measure(corpus, f"char 2-3-grams, {theta}", ngram_coverage(corpus, theta))
    for share in (0.5, 0.6):
        print(f"share {share}: ", end="")
        zscores(corpus, word_coverage(corpus, share, "sum"))
    print("current key-word share, next report against other bodies' reports:")
    key_share_ranks(corpus)


if __name__ == "__main__":
    main(sys.argv[1:])
