"""The template step's memory (compare.template_memory, compare.near_pairs): a run that reuses an
earlier run's work finds exactly what a run without it finds, and counts only new sentences."""
import pickle
import random

import numpy as np

from textkit.compare.near_pairs import Distinct
from textkit.compare.template_memory import TemplateMemory
from textkit.compare.templates import Flat, Templates, find_templates
from textkit.config import Settings

CHARS = "政府信息公开工作年度报告本机关全年主动公开依申请办理情况总体平稳有序网站栏目整合优化持续推进中解读材料同步起草发布"


def _corpus(seed: int, reports: int) -> tuple[list[str], list[tuple[int, int, list[int]]]]:
    """Texts made of a few models with characters changed (near-identical at many similarities),
    and reports (body, year, sentence numbers) using them."""
    rng = random.Random(seed)
    models = ["".join(rng.choice(CHARS) for _ in range(rng.randint(14, 30))) for _ in range(6)]
    texts: list[str] = []
    for _ in range(reports * 3):
        model = list(rng.choice(models))
        for _ in range(rng.randint(0, 6)):
            model[rng.randrange(len(model))] = rng.choice(CHARS)
        texts.append("".join(model))
    texts = list(dict.fromkeys(texts))
    used = [(rng.randrange(reports // 2), rng.randint(2018, 2023), rng.sample(range(len(texts)), 5)) for _ in range(reports)]
    return texts, used


def _run(texts: list[str], reports: list[tuple[int, int, list[int]]], memory: TemplateMemory | None = None,
         asked: list[int] | None = None) -> Templates:
    # Distinct rows numbered by first use, as the caller numbers them.
    order = list(dict.fromkeys(t for _, _, rows in reports for t in rows))
    number = {t: i for i, t in enumerate(order)}
    distinct = Distinct.of([texts[t] for t in order])
    if asked is not None:
        plain = distinct.texts

        def counted(rows: np.ndarray) -> list[str]:
            asked.extend(rows.tolist())
            return plain(rows)
        distinct = Distinct(distinct.digest, distinct.length, counted)
    lengths = [len(rows) for _, _, rows in reports]
    flat = Flat(np.array([number[t] for _, _, rows in reports for t in rows], dtype=np.int64),
                np.repeat(np.arange(len(reports)), lengths),
                np.repeat(np.array([y for _, y, _ in reports], dtype=np.int64), lengths),
                np.repeat(np.array([b for b, _, _ in reports], dtype=np.int64), lengths))
    return find_templates(flat, distinct, Settings(), memory)


def _same(a: Templates, b: Templates) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("report", "unit", "similarity", "bodies"))


def test_growing_corpus_with_memory_equals_runs_without(tmp_path) -> None:
    texts, reports = _corpus(1, 120)
    memory = TemplateMemory(tmp_path, b"key")
    near_found = 0
    for size in (60, 80, 81, 120, 120):  # each run grows the corpus (IDF changes), the last repeats one
        alone = _run(texts, reports[:size])
        asked: list[int] = []
        remembered = _run(texts, reports[:size], memory, asked)
        assert _same(alone, remembered)
        near_found += int(((alone.similarity > 0) & (alone.similarity < 1)).sum())
    assert near_found > 0  # near-identical (not only identical) sentences were cited
    assert asked == []  # the repeated run counted no sentence again


def test_only_new_sentences_are_counted(tmp_path) -> None:
    texts, reports = _corpus(2, 60)
    memory = TemplateMemory(tmp_path, b"key")
    _run(texts, reports[:50], memory)
    asked: list[int] = []
    _run(texts, reports, memory, asked)
    old = {texts[t] for _, _, rows in reports[:50] for t in rows}
    order = list(dict.fromkeys(t for _, _, rows in reports for t in rows))
    assert asked and all(texts[order[i]] not in old for i in asked)


def test_damaged_or_foreign_memory_is_a_miss(tmp_path) -> None:
    texts, reports = _corpus(3, 40)
    memory = TemplateMemory(tmp_path, b"key")
    _run(texts, reports[:30], memory)
    memory.path.write_bytes(memory.path.read_bytes()[:500])
    assert _same(_run(texts, reports, memory), _run(texts, reports))
    np.savez(memory.path, digest=np.zeros((3, 3)))  # arrays of the wrong shape
    assert memory.load(Settings().bands) is None and not memory.path.exists()
    memory.path.write_bytes(pickle.dumps({"not": "arrays"}))  # never unpickled: a miss
    assert memory.load(Settings().bands) is None and not memory.path.exists()


def test_work_mapped_elsewhere_gives_the_same_templates() -> None:
    texts, reports = _corpus(4, 40)
    order = list(dict.fromkeys(t for _, _, rows in reports for t in rows))
    number = {t: i for i, t in enumerate(order)}
    lengths = [len(rows) for _, _, rows in reports]
    flat = Flat(np.array([number[t] for _, _, rows in reports for t in rows], dtype=np.int64),
                np.repeat(np.arange(len(reports)), lengths),
                np.repeat(np.array([y for _, y, _ in reports], dtype=np.int64), lengths),
                np.repeat(np.array([b for b, _, _ in reports], dtype=np.int64), lengths))
    distinct = Distinct.of([texts[t] for t in order])
    jobs_seen: list[str] = []

    def mapper(fn, jobs):  # as a cluster does: functions and jobs travel pickled
        jobs_seen.append(fn.__name__)
        return [pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(job)))))
                for job in jobs]
    assert _same(find_templates(flat, distinct, Settings(), mapper=mapper), find_templates(flat, distinct, Settings()))
    assert set(jobs_seen) == {"sentence_features", "pair_cosines"}
