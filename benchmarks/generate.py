"""Writes a seeded synthetic corpus of disclosure annual reports for benchmarks.

Usage: ``python benchmarks/generate.py --reports 10000 --out benchmarks/out/c10k --seed 1``

Many bodies x several consecutive years each. Per body, narrative sentences persist from year
to year the way real reports drift: some carried verbatim (stale years included), some with
only their figures changed, some lightly edited, the rest rewritten. Template sentences are
shared by many bodies. Layouts follow the years (2021 layout from 2021, 2019 layout for
2019-2020, 2008 layout before), tables add up, and some bodies publish machine Traditional
text, GBK bytes or saved HTML pages. All prose is written for this generator from phrase
fragments; nothing is taken from real reports. Output goes to benchmarks/out/ (git-ignored),
with ``manifest.csv`` naming body, year, layout, script, encoding and form of every file.
"""
from __future__ import annotations

import argparse
import csv
import html
import random
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# --- names ---------------------------------------------------------------------------------
_PLACE_A = "东西南北青云清长安平永兴宁和泰丰嘉临新华江鹤凤龙石金玉"
_PLACE_B = "江山河阳川湖林溪原城台岭桥州泉坪口塘"
_PLACE_KIND = ("县", "区", "市", "县", "区")
_AGENCIES = (
    ("人民政府", "我{p}"), ("发展和改革局", "本局"), ("教育局", "本局"), ("自然资源局", "本局"),
    ("市场监督管理局", "本局"), ("人力资源和社会保障局", "本局"), ("卫生健康委员会", "本委"),
    ("财政局", "本局"), ("住房和城乡建设局", "本局"), ("交通运输局", "本局"), ("生态环境局", "本局"),
    ("司法局", "本局"), ("民政局", "本局"), ("应急管理局", "本局"), ("农业农村局", "本局"),
    ("水利局", "本局"), ("文化和旅游局", "本局"), ("统计局", "本局"), ("城市管理局", "本局"),
    ("退役军人事务局", "本局"),
)

# --- phrase fragments (written for this generator) -----------------------------------------
_LEAD = ("{year}年，", "过去一年，", "本年度，", "{year}年度，", "一年来，")
_ACTION = (
    "把政务公开列入年度重点工作清单", "按照上级部署逐项细化公开任务", "将公开要求嵌入公文办理的每个环节",
    "坚持以公开促落实、以公开促规范", "围绕中心工作确定公开重点", "结合机构职能梳理公开事项目录",
    "对照考核指标查找公开短板", "把信息发布与政策落实同步推进", "以标准化规范化建设带动公开质量提升",
    "持续优化公开栏目和内容分类", "分级分类明确各科室的公开职责", "建立月度通报和季度点评制度",
)
_GOAL = (
    "保障群众依法获取政府信息", "让企业和群众办事少跑腿", "推动权力在阳光下运行",
    "为营商环境改善提供支撑", "提升政府工作的透明度和公信力", "增进社会各方对政策的理解",
    "回应群众对重点领域的关切", "促进依法行政水平稳步提高", "助力各项民生政策落地见效",
)
_MANNER = ("扎实", "有序", "稳步", "持续", "全面", "深入")
_CHANNEL = ("门户网站", "政务微信公众号", "政务微博", "政务服务大厅电子屏", "公开栏", "报刊和广播电视")
_TOPIC = ("财政预决算", "重大建设项目", "行政执法", "就业创业", "义务教育", "医疗卫生", "社会救助",
          "环境保护", "安全生产", "食品药品监管", "乡村振兴", "征地补偿", "住房保障", "公共资源配置")

_PROACTIVE = (
    "全年通过{ch}发布各类政府信息{n1}条，其中政策性文件{n2}件。",
    "通过{ch}推送信息{n1}期，累计阅读{n2}万人次。",
    "围绕{tp}领域公开信息{n1}条，做到应公开尽公开。",
    "组织政策解读{n1}次，制作图解和短视频{n2}个，方便群众理解政策要点。",
    "及时更新机构职能、领导分工、办事指南等基础信息{n1}项。",
    "在{ch}开设{tp}专题，集中发布相关信息{n1}条。",
    "对涉及{tp}的政策文件实行起草、审核、解读同步进行，全年同步解读{n1}件。",
    "举办新闻发布会{n1}场，回应社会关切问题{n2}个。",
)
_REQUESTS = (
    "全年共收到政府信息公开申请{n1}件，均在法定期限内答复。",
    "申请事项主要集中在{tp}和{tp2}等方面。",
    "对需要补正的申请，{unit}一次性告知申请人补正的内容和期限。",
    "办理过程中坚持登记、审核、答复、归档全程留痕。",
    "对疑难复杂申请，组织法律顾问会商后再行答复。",
    "全年办结申请{n1}件，另有{n2}件结转下一年度继续办理。",
)
_MANAGEMENT = (
    "严格执行信息发布前的保密审查制度，做到先审查、后公开。",
    "对以往发布的规范性文件开展清理，及时标注失效和废止文件{n1}件。",
    "修订完善信息公开指南和公开目录，明确{n1}类主动公开事项。",
    "落实公开属性源头认定，在拟文时同步确定公开方式。",
    "建立信息公开工作台账，按月统计各科室的发布情况。",
    "对网站历史信息进行全面排查，整改错链断链{n1}处。",
)
_PLATFORM = (
    "按照集约化要求推进网站栏目整合，优化调整栏目{n1}个。",
    "加强政务新媒体管理，关停整合长期不更新的账号{n1}个。",
    "完善政府信息公开专栏，统一设置法定公开内容栏目。",
    "升级网站智能搜索和无障碍浏览功能，方便不同群体查询。",
    "在政务服务大厅设置查阅点{n1}个，提供纸质资料免费查阅。",
)
_SUPERVISION = (
    "将政务公开纳入年度绩效考核，分值占比{n1}%。",
    "组织开展业务培训{n1}期，参训人员{n2}人次。",
    "聘请社会监督员{n1}名，定期收集对公开工作的意见建议。",
    "开展专项督查{n1}次，对发现的问题建立清单限期整改。",
    "畅通意见反馈渠道，对群众留言做到件件有回复。",
)
_PROBLEM_HEADS = (
    ("政策解读形式比较单一", "图表、视频等方式运用不多，解读的可读性有待增强"),
    ("基层公开人员力量薄弱", "多数科室由兼职人员负责，业务熟悉程度参差不齐"),
    ("公开内容更新不够及时", "个别栏目存在长时间未更新的情况"),
    ("依申请公开办理不够规范", "答复文书的说理还不够充分"),
    ("公众参与的渠道不多", "听取群众意见的方式以线上留言为主"),
    ("重点领域信息公开深度不足", "部分信息只公开结果，未公开过程和依据"),
    ("政务新媒体运维水平不高", "互动回应的时效性还有差距"),
)
_IMPROVEMENT_HEADS = (
    ("丰富解读方式", "计划每季度至少推出{n1}期图解或视频解读，由办公室牵头于{next}年6月底前完成"),
    ("加强队伍建设", "组织不少于{n1}次专题培训，提升工作人员的业务能力"),
    ("健全更新机制", "对各栏目实行责任到人，每月检查一次更新情况"),
    ("规范申请办理", "完善答复文书模板，由法制机构对复杂答复进行合法性审查"),
    ("拓宽参与渠道", "在重要政策出台前公开征求意见，并公开意见采纳情况"),
    ("深化重点领域公开", "推动{tp}领域公开向决策、执行、管理全过程延伸"),
    ("加强平台管理", "开展政务新媒体季度检查，年内完成全部账号的规范整改"),
)
# Shared by many bodies (templates); {agency}, {unit} and years are filled in.
_TEMPLATES = (
    "本报告依照《中华人民共和国政府信息公开条例》的要求编写，由{agency}负责编制。",
    "报告所列数据的统计时段为{year}年1月1日至{year}年12月31日。",
    "报告的电子文本可以在{agency}门户网站的政府信息公开专栏查阅和下载。",
    "对本报告如有疑问，请与{agency}办公室联系。",
    "报告分为总体情况、主动公开、依申请公开、复议诉讼、问题与改进、其他事项六个部分。",
    "{unit}始终把政务公开作为建设法治政府的一项基础性工作来抓。",
    "按照公开为常态、不公开为例外的原则，积极推进决策、执行、管理、服务、结果公开。",
    "严格落实三审三校制度，确保发布信息准确无误。",
    "本年度未发生因政府信息公开引起的行政复议和行政诉讼案件。",
    "本年度{unit}未向申请人收取信息处理费。",
    "本年度没有其他需要报告的事项。",
    "下一步，{unit}将继续对标上级要求，推动政务公开工作再上新台阶。",
    "虽然取得了一定成效，但对照上级要求和群众期待，工作中仍存在一些不足。",
    "进一步压实各科室的公开责任，形成主要领导负总责、分管领导具体抓的工作格局。",
)
_NEAR_SWAPS = (("加强", "强化"), ("完善", "健全"), ("及时", "第一时间"), ("群众", "公众"),
               ("持续", "不断"), ("进一步", "更加"), ("开展", "组织"), ("全年", "本年度"), ("信息", "资讯"))
_NEAR_TAILS = ("，确保各项任务落到实处", "，取得了较好效果", "，群众满意度有所提升", "，相关工作有序推进")

NARRATIVE_SUBS = (("主动公开方面", _PROACTIVE), ("依申请公开方面", _REQUESTS),
                  ("政府信息管理方面", _MANAGEMENT), ("平台建设方面", _PLATFORM),
                  ("监督保障方面", _SUPERVISION))

# --- official table vocabulary (facts of the format) ------------------------------------
REQUEST_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_OUTCOMES = (
    ("（一）予以公开", ()), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    ("（三）不予公开", ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                    "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                    "7.属于行政执法案卷", "8.属于行政查询事项")),
    ("（四）无法提供", ("1.本机关不掌握相关政府信息",
                    "2.没有现成信息需要另行制作",
                    "3.补正后申请内容仍不明确")),
    ("（五）不予处理", ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")),
    ("（六）其他处理", ("1.申请人无正当理由逾期不补正、"
                    "行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用、"
                    "行政机关不再处理其政府信息公开申请", "3.其他")),
)
HEADINGS = {
    "2021": ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
    "2008": ("一、概述", "二、主动公开政府信息的情况", "三、依申请公开政府信息的情况",
             "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
             "六、政府信息公开工作存在的主要问题及改进措施", "七、其他需要报告的事项"),
}
HEADINGS["2019"] = HEADINGS["2021"]
_ORDINALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _s2t_table() -> dict[int, str]:
    """Character-wise Simplified->Traditional map, one-to-many characters left as they are.

    That is what machine-rendered Traditional portals serve, so the generated text is as mixed
    as theirs.
    """
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        simp, _, trad = line.partition("\t")
        cands = trad.split()
        if len(simp) == 1 and len(cands) == 1 and cands[0] != simp and len(cands[0]) == 1:
            table[ord(simp)] = cands[0]
    return table


@dataclass
class Slot:
    """One narrative sentence a body keeps writing: its pattern and last year's rendering."""

    pattern: str
    last: str = ""


@dataclass
class Body:
    ident: str
    agency: str
    unit: str
    script: str
    encoding: str
    form: str
    table_style: str
    years: list[int]
    templates: list[str]
    slots: dict[str, list[Slot]] = field(default_factory=dict)
    carry: list[int] = field(default_factory=lambda: [0] * 7)


class Generator:
    """Deterministic for a seed: the same arguments write byte-identical corpora."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # --- bodies ---
    def bodies(self, reports: int) -> list[Body]:
        rng = self.rng
        places = [a + b + k for a in _PLACE_A for b in _PLACE_B for k in ("县", "区", "市")]
        rng.shuffle(places)
        names = [(p, a) for p in places for a in _AGENCIES]
        rng.shuffle(names)
        out: list[Body] = []
        total = 0
        while total < reports:
            place, (kind, unit) = names[len(out) % len(names)]
            n_years = min(rng.choice((2, 3, 3, 4, 4, 5, 5, 6, 8, 10)), reports - total)
            last = rng.choice((2021, 2022, 2023, 2024))
            years = list(range(last - n_years + 1, last + 1))
            agency = place + kind
            suffix = "" if len(out) < len(names) else f"第{len(out) // len(names) + 1}分局"
            roll = rng.random()
            out.append(Body(
                ident=f"b{len(out):05d}", agency=agency + suffix, unit=unit.format(p=place[-1]),
                script="traditional" if roll < 0.05 else "simplified",
                encoding="gbk" if rng.random() < 0.1 else "utf-8",
                form="html" if rng.random() < 0.15 else "text",
                table_style=rng.choice(("pipe", "lines", "pipe")),
                years=years, templates=rng.sample(_TEMPLATES, rng.randint(6, len(_TEMPLATES)))))
            total += n_years
        return out

    # --- sentences ---
    def _fill(self, pattern: str, body: Body, year: int) -> str:
        rng = self.rng
        return pattern.format(
            year=year, next=year + 1, n1=rng.randint(2, 400), n2=rng.randint(1, 90), unit=body.unit,
            agency=body.agency, ch=rng.choice(_CHANNEL), tp=rng.choice(_TOPIC), tp2=rng.choice(_TOPIC))

    def _fresh(self, pool: tuple[str, ...]) -> str:
        rng = self.rng
        if not pool or rng.random() < 0.45:
            return (rng.choice(_LEAD) + "{unit}" + rng.choice(_MANNER) + rng.choice(_ACTION) + "，"
                    + rng.choice(_GOAL) + "。")
        pattern = rng.choice(pool)
        # Fix channel and topic choices into the pattern so later years can carry them.
        return pattern.replace("{ch}", rng.choice(_CHANNEL)).replace("{tp}", rng.choice(_TOPIC), 1)

    def _near(self, pattern: str) -> str:
        rng = self.rng
        swaps = [s for s in _NEAR_SWAPS if s[0] in pattern]
        if swaps and rng.random() < 0.7:
            a, b = rng.choice(swaps)
            return pattern.replace(a, b, 1)
        return pattern[:-1] + rng.choice(_NEAR_TAILS) + pattern[-1]

    def _sentence(self, slot: Slot, pool: tuple[str, ...], body: Body, year: int, first: bool) -> str:
        """Next year's version of a slot: verbatim, numbers changed, near edit or rewritten."""
        roll = self.rng.random()
        if first or roll >= 0.72:
            slot.pattern = self._fresh(pool) if not first or not slot.pattern else slot.pattern
            slot.last = self._fill(slot.pattern, body, year)
        elif roll < 0.36:
            pass  # carried verbatim, stale figures and years included
        elif roll < 0.6:
            slot.last = self._fill(slot.pattern, body, year)
        else:
            slot.pattern = self._near(slot.pattern)
            slot.last = self._fill(slot.pattern, body, year)
        return slot.last

    def _paragraph(self, body: Body, key: str, pool: tuple[str, ...], year: int, first: bool, lo: int, hi: int) -> str:
        slots = body.slots.get(key)
        if slots is None:
            k = self.rng.randint(lo, hi)
            distinct = self.rng.sample(pool, min(k, len(pool)))
            slots = body.slots[key] = [Slot(self._fresh(tuple(distinct[i:i + 1])))
                                       for i in range(k)]
        return "".join(self._sentence(s, pool, body, year, first) for s in slots)

    # --- report ---
    def report(self, body: Body, year: int) -> tuple[str, str]:
        rng = self.rng
        first = year == body.years[0]
        layout = "2021" if year >= 2021 else "2019" if year >= 2019 else "2008"
        heads = HEADINGS[layout]
        tpl = [t.format(agency=body.agency, unit=body.unit, year=year) for t in body.templates]
        parts: list[str] = []
        intro = [t for t in tpl if "报告" in t and "本年度" not in t]
        parts.append("".join(intro[:3]))
        overview = [heads[0]]
        overview.append(self._paragraph(body, "lead", (), year, first, 2, 4))
        for i, (name, pool) in enumerate(NARRATIVE_SUBS):
            overview.append(f"（{_ORDINALS[i]}）{name}")
            text = self._paragraph(body, name, pool, year, first, 5, 9)
            extra = [t for t in tpl[3:] if rng.random() < 0.15]
            overview.append(text + "".join(extra[:1]))
        parts.append("\n".join(overview))
        if layout == "2008":
            parts.append(heads[1] + "\n" + self._paragraph(body, "p08", _PROACTIVE, year, first, 3, 5))
            parts.append(heads[2] + "\n" + self._paragraph(body, "r08", _REQUESTS, year, first, 2, 4))
            parts.append(heads[3] + "\n" + f"本年度{body.unit}未收取检索、复制、邮寄等费用，也未发生减免情况。")
            parts.append(heads[4] + "\n" + "本年度未发生因政府信息公开申请提起的行政复议和行政诉讼。")
            parts.append(heads[5] + "\n" + self._problems(body, year, first))
            parts.append(heads[6] + "\n" + "无。")
        else:
            parts.append(heads[1] + "\n" + self._proactive_table(body, layout))
            parts.append(heads[2] + "\n" + self._requests_table(body, year))
            parts.append(heads[3] + "\n" + self._appeals_table(body))
            parts.append(heads[4] + "\n" + self._problems(body, year, first))
            other = [t for t in tpl if "信息处理费" in t or "其他需要报告" in t] or ["本年度无其他需要报告的事项。"]
            parts.append(heads[5] + "\n" + "".join(other))
        return layout, "\n".join(parts)

    def _problems(self, body: Body, year: int, first: bool) -> str:
        rng = self.rng
        if first or "problems" not in body.slots or rng.random() < 0.5:
            k = rng.randint(2, 4)
            body.slots["problems"] = [Slot(f"{h}，{d}") for h, d in rng.sample(_PROBLEM_HEADS, k)]
            body.slots["improvements"] = [Slot(f"{h}。{d}") for h, d in rng.sample(_IMPROVEMENT_HEADS, k)]
        style = rng.choice(("shi", "paren"))
        lines = []
        probs = body.slots["problems"]
        imps = body.slots["improvements"]
        if style == "shi":
            lines.append("（一）存在的主要问题\n" + "".join(
                f"{_ORDINALS[i]}是{s.pattern}{'；' if i < len(probs) - 1 else '。'}" for i, s in enumerate(probs)))
            lines.append("（二）改进措施\n" + "".join(
                f"{_ORDINALS[i]}是{self._fill(s.pattern, body, year)}{'；' if i < len(imps) - 1 else '。'}"
                for i, s in enumerate(imps)))
        else:
            lines.append("存在的主要问题：" + "".join(f"{i + 1}.{s.pattern}。" for i, s in enumerate(probs)))
            lines.append("下一步工作打算：" + "".join(
                f"{i + 1}.{self._fill(s.pattern, body, year)}。" for i, s in enumerate(imps)))
        return "\n".join(lines)

    # --- tables ---
    def _rows(self, rows: list[list[str]], body: Body) -> str:
        if body.form == "html":
            return "\x00TABLE" + "\x01".join("\x02".join(r) for r in rows) + "\x00"
        if body.table_style == "lines":
            return "\n".join(cell for row in rows for cell in row)
        return "\n".join(" | ".join(row) + " |" for row in rows)

    def _proactive_table(self, body: Body, layout: str) -> str:
        r = self.rng.randint
        if layout == "2019":
            rows = [["第二十条第（一）项", "", "", ""], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                    ["规章", "0", "0", "0"], ["规范性文件", str(r(0, 9)), str(r(0, 9)), str(r(10, 90))],
                    ["第二十条第（五）项", "", "", ""], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                    ["行政许可", str(r(0, 50)), str(r(-5, 5)), str(r(0, 900))],
                    ["第二十条第（九）项", "", "", ""], ["信息内容", "采购总金额", "", ""],
                    ["政府集中采购", str(r(0, 900)), "", ""]]
        else:
            rows = [["第二十条第（一）项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    ["规章", "0", "0", "0"], ["行政规范性文件", str(r(0, 9)), str(r(0, 5)), str(r(5, 80))],
                    ["第二十条第（五）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                    ["行政许可", str(r(0, 3000)), "", ""], ["第二十条第（六）项", "", "", ""],
                    ["信息内容", "本年处理决定数量", "", ""], ["行政处罚", str(r(0, 500)), "", ""],
                    ["行政强制", str(r(0, 40)), "", ""], ["第二十条第（八）项", "", "", ""],
                    ["信息内容", "本年收费金额（单位：万元）", "", ""], ["行政事业性收费", f"{r(0, 9999) / 10:.1f}", "", ""]]
        return self._rows(rows, body)

    def _requests_table(self, body: Body, year: int) -> str:
        rng = self.rng
        cols = len(REQUEST_COLS) - 1
        new = [rng.choice((0, 0, 0, 1, 2, 5, 12, 30)) if c == 0 else rng.choice((0, 0, 0, 0, 1, 3)) for c in range(cols)]
        carried = body.carry[:cols]
        handled = [n + c for n, c in zip(new, carried)]
        nxt = [rng.randint(0, min(h, 2)) if h else 0 for h in handled]
        done = [h - x for h, x in zip(handled, nxt)]
        leaf_labels = []
        for label, subs in _OUTCOMES:
            leaf_labels.extend([(label, s) for s in subs] or [(label, "")])
        leaves = [[0] * cols for _ in leaf_labels]
        for c in range(cols):
            for _ in range(done[c]):
                leaves[rng.choice((0, 0, 0, 1, 2, 10, 11, 15))][c] += 1
        body.carry = nxt + [0]

        def tot(v: list[int]) -> list[str]:
            return [str(x) for x in v + [sum(v)]]

        rows = [["（本列数据的勾稽关系为：第一项加第二项之和，"
                 "等于第三项加第四项之和）", "申请人情况"],
                list(REQUEST_COLS),
                ["一、本年新收政府信息公开申请数量", *tot(new)], ["二、上年结转政府信息公开申请数量", *tot(carried)]]
        i = 0
        for label, subs in _OUTCOMES:
            if not subs:
                rows.append(["三、本年度办理结果" if i == 0 else "", label, *tot(leaves[i])])
                i += 1
                continue
            for j, sub in enumerate(subs):
                rows.append([label if j == 0 else "", sub, *tot(leaves[i])])
                i += 1
        totals = [sum(leaves[k][c] for k in range(len(leaves))) for c in range(cols)]
        if rng.random() < 0.03:  # a planted arithmetic slip, as real tables have
            totals[0] += 1
        rows.append(["（七）总计", *tot(totals)])
        rows.append(["四、结转下年度继续办理", *tot(nxt)])
        return self._rows(rows, body)

    def _appeals_table(self, body: Body) -> str:
        blocks = []
        for _ in range(3):
            v = [self.rng.choice((0, 0, 0, 0, 1)) for _ in range(4)]
            blocks.extend(v + [sum(v)])
        rows = [["行政复议", "行政诉讼"], ["未经复议直接起诉", "复议后起诉"],
                ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3, [str(x) for x in blocks]]
        return self._rows(rows, body)


# --- pages ---------------------------------------------------------------------------------
def _published(rng: random.Random, year: int) -> str:
    if rng.random() < 0.1:
        return f"{year + 1}-0{rng.randint(2, 4)}-{rng.randint(1, 28):02d}"
    return f"{year + 1}-01-{rng.randint(5, 31):02d}"


def _text_page(title: str, published: str, agency: str, body: str, rng: random.Random) -> str:
    header = (f"标题: {title}\n发布时间: {published} 09:{rng.randint(10, 59)}\n发布机构: {agency}\n"
              f"栏目: 政府信息公开年报\n{'=' * 20} 正文 {'=' * 20}\n")
    crumbs = f"当前位置：首页 > 政务公开 > 年度报告\n{title}\n来源：{agency} 时间：{published}\n"
    footer = "\n【打印本页】【关闭窗口】\n网站地图 | 联系我们\n版权所有：" + agency
    return header + crumbs + body + footer


def _html_page(title: str, published: str, agency: str, body: str, charset: str) -> str:
    out = []
    for block in body.split("\x00"):
        if block.startswith("TABLE"):
            rows = block[5:].split("\x01")
            out.append("<table border=\"1\">" + "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r.split("\x02")) + "</tr>" for r in rows)
                + "</table>")
        else:
            out.extend(f"<p>{html.escape(line)}</p>" for line in block.split("\n") if line)
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{html.escape(title)}</title>"
            f"<meta name=\"ArticleTitle\" content=\"{html.escape(title)}\"><meta name=\"PubDate\" content=\"{published}\">"
            f"</head><body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a></div>"
            f"<div class=\"meta\"><span>发布机构：{html.escape(agency)}</span><span>发布日期：{published}</span></div>"
            f"<h1>{html.escape(title)}</h1><div class=\"content\">{''.join(out)}</div>"
            f"<div class=\"footer\">网站地图 | 联系我们 | 版权所有：{html.escape(agency)}</div></body></html>")


def generate(reports: int, out: Path, seed: int, next_year: int = 0, next_out: Path | None = None) -> int:
    """Write ``reports`` files under ``out`` plus manifest.csv; returns the number written.

    With ``next_year``, the first ``next_year`` bodies also get the report of the year after
    their last, written under ``next_out`` (its own manifest.csv): the corpus under ``out`` is
    byte for byte the one written without it, and ``out`` + ``next_out`` is that corpus grown by
    one year of those bodies (what an incremental run adds)."""
    gen = Generator(seed)
    out.mkdir(parents=True, exist_ok=True)
    bodies = gen.bodies(reports)
    written = _write(gen, [(body, body.years) for body in bodies], out)
    if next_year and next_out is not None:
        next_out.mkdir(parents=True, exist_ok=True)
        _write(gen, [(body, [body.years[-1] + 1]) for body in bodies[:next_year]], next_out)
    return written


def _write(gen: Generator, plan: list[tuple[Body, list[int]]], out: Path) -> int:
    """Write each body's reports of the given years under ``out``, plus manifest.csv."""
    rng = gen.rng
    s2t = _s2t_table()
    manifest = []
    for body, years in plan:
        folder = out / body.ident
        folder.mkdir(exist_ok=True)
        for year in years:
            layout, text = gen.report(body, year)
            title = f"{body.agency}{year}年政府信息公开工作年度报告"
            published = _published(rng, year)
            if body.form == "html":
                charset = body.encoding if rng.random() < 0.7 else "utf-8"
                page = _html_page(title, published, body.agency, text, charset)
                name = f"{year}.html"
            else:
                page = _text_page(title, published, body.agency, text, rng)
                name = f"{year}.txt"
            if body.script == "traditional":
                page = page.translate(s2t)
            (folder / name).write_bytes(page.encode(body.encoding))
            manifest.append((f"{body.ident}/{name}", body.ident, body.agency, year, layout, body.script,
                             body.encoding, body.form, published))
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("file", "body", "agency", "year", "layout", "script", "encoding", "form", "published"))
        w.writerows(manifest)
    return len(manifest)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out/c1k"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--next-year", type=int, default=0, metavar="N",
                    help="also write, under --next-out, the next year's report of the first N bodies")
    ap.add_argument("--next-out", type=Path, help="folder for the --next-year reports")
    args = ap.parse_args()
    if args.next_year and args.next_out is None:
        ap.error("--next-year needs --next-out")
    t0 = time.perf_counter()
    n = generate(args.reports, args.out, args.seed, args.next_year, args.next_out)
    print(f"wrote {n} reports to {args.out} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
