"""Benchmark of boilerplate tracing alone: time and peak memory of ``find_reuse`` as the corpus grows.

Reports are generated in memory (seeded), already split into sentences, so only the boilerplate
step is timed: bodies of five years each, whose sentences are carried over from the previous
year (verbatim, numbers changed, lightly edited), drawn from a pool of template sentences
shared by many bodies, or new. Run: ``python benchmarks/bench_boilerplate.py 1000 2000 5000 10000``
(each size runs in a fresh process so peak memory is per size).
"""
from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time

from textkit.model import Document, OffsetMap, Report, ScriptInfo, Section, Sentence

YEARS = 5
SENTENCES = 45
PHRASES = ("推进政务公开", "加强政策解读", "完善工作机制", "回应社会关切", "规范依申请公开办理", "优化政府网站",
           "深化重点领域信息公开", "强化监督考核", "开展业务培训", "健全发布审核制度", "做好政务新媒体管理",
           "落实信息公开属性源头认定", "推动基层政务公开标准化", "提升公开质量", "拓展公开渠道")
PLACES = ("全县", "全区", "我局", "各乡镇", "县直各部门", "各街道", "局属各单位", "办公室")
# Characters for the body-specific wording (project names, places, measures) that makes most
# sentences of different bodies differ, as in real reports.
CHARS = ("城乡建设交通水利农业教育卫生健康民政财政审计税务市场监管生态环境文化旅游应急消防自然资源"
         "住房保障医疗救助养老服务就业创业社会保险营商环境项目审批征地拆迁预算决算采购招标扶贫乡村")


def _sentence(rng: random.Random) -> str:
    own = ["".join(rng.choice(CHARS) for _ in range(rng.randint(4, 8))) for _ in range(rng.randint(2, 4))]
    parts = [rng.choice(PLACES)] + own + [rng.choice(PHRASES)]
    rng.shuffle(parts)
    return "，".join(parts) + f"，全年完成{rng.randint(1, 999)}项。"


def _edit(rng: random.Random, text: str) -> str:
    cut = rng.randint(2, max(3, len(text) - 4))
    return text[:cut] + rng.choice(("进一步", "持续", "认真")) + text[cut:]


def _renumber(rng: random.Random, text: str) -> str:
    return "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in text)


def _report(body: str, year: int, sentences: list[str]) -> Report:
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    doc = Document(path=f"gen/{body}/{year}.txt", source_text=text, text=text, analysis_text=text,
                   source_map=OffsetMap.identity(len(text)), encoding="utf-8", form="text", metadata={},
                   title=f"{body}{year}年政府信息公开工作年度报告", agency=body, year=year, published=None,
                   is_report=True, script=ScriptInfo("simplified", 0, len(text)))
    section = Section("overview", "一、总体情况", "一", 0, 0, len(text), True)
    return Report(path=doc.path, document=doc, layout="2021", sections=(section,),
                  sentences=tuple(Sentence(text[a:b], a, b, "overview") for a, b in spans))


def generate(n_reports: int, seed: int = 7) -> list[Report]:
    """``n_reports`` reports: n/5 bodies x 5 years with carry-over and shared templates."""
    rng = random.Random(seed)
    templates = [_sentence(rng) for _ in range(400)]
    reports = []
    for b in range(max(1, n_reports // YEARS)):
        body = f"第{b}号县人民政府"
        current = [rng.choice(templates) if rng.random() < 0.2 else _sentence(rng) for _ in range(SENTENCES)]
        for year in range(2019, 2019 + YEARS):
            reports.append(_report(body, year, current))
            nxt = []
            for s in current:
                roll = rng.random()
                nxt.append(s if roll < 0.5 else _renumber(rng, s) if roll < 0.65 else _edit(rng, s)
                           if roll < 0.75 else _sentence(rng))
            current = nxt
    return reports[:n_reports]


def run(n: int) -> dict[str, float]:
    from textkit.compare.boilerplate import find_reuse

    reports = generate(n)
    start = time.perf_counter()
    result = find_reuse(reports, lambda r: r.document.agency if r.document else "")
    elapsed = time.perf_counter() - start
    flagged = sum(len(v[0]) for v in result.values())
    sentences = sum(len(r.sentences) for r in reports)
    return {"reports": n, "sentences": sentences, "flagged": flagged, "seconds": round(elapsed, 2),
            "reports_per_second": round(n / elapsed, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        print(json.dumps(run(int(argv[1]))))
        return 0
    for n in [int(a) for a in argv] or [1000, 2000, 5000, 10000]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        print(out.stdout.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
