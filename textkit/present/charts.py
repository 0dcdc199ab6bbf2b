"""The SVG charts of the HTML report, drawn in Python from numbers and escaped labels: per body,
new/carried/template shares and findings by severity, year by year."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

SEVERITIES = ("error", "warning", "info")
# Colours shared by the CSS (marks, legends) and the SVG charts.
COLOURS = {"new": "#4c9a5f", "carried": "#d9822b", "template": "#7b61c9",
           "error": "#c23b3b", "warning": "#e0a526", "info": "#4a7fc1"}

_LEFT = 34  # room for the y-axis labels


def _axes(width: int, top: int, height: int, peak: str) -> list[str]:
    return [f'<line x1="{_LEFT}" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#999"/>',
            f'<text x="{_LEFT - 3}" y="{top + 8}" class="axis" text-anchor="end">{peak}</text>',
            f'<text x="{_LEFT - 3}" y="{top + height}" class="axis" text-anchor="end">0</text>']


def _svg_frame(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
                  f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def shares_chart(years: list[dict[str, Any]], labels: dict[str, str]) -> Markup:
    """100 % stacked bars per year: new, carried and template shares of the narrative."""
    bar, gap, height, top, bottom = 36, 18, 160, 10, 22
    width = _LEFT + max(len(years), 1) * (bar + gap) + gap
    out = _axes(width, top, height, "100%")
    for k, y in enumerate(years):
        x = _LEFT + gap + k * (bar + gap)
        base: float = top + height
        for part in ("new", "carried", "template"):
            share = y.get(part)
            if share is None:
                continue
            h = round(float(share) * height, 1)
            base -= h
            out.append(f'<rect class="bar {part}" data-part="{part}" data-year="{int(y["year"])}" x="{x}" y="{base:.1f}" '
                       f'width="{bar}" height="{h}" fill="{COLOURS[part]}"><title>{int(y["year"])} '
                       f'{escape(labels[part])} {float(share):.0%}</title></rect>')
        if all(y.get(p) is None for p in ("new", "carried", "template")):
            out.append(f'<text x="{x + bar / 2}" y="{top + height - 4}" class="axis" text-anchor="middle">—</text>')
        out.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" class="axis" text-anchor="middle">{int(y["year"])}</text>')
    return _svg_frame(width, top + height + bottom, labels["shares_chart"], out)


def findings_chart(years: list[dict[str, Any]], labels: dict[str, str]) -> Markup:
    """Stacked bars per year: findings by severity."""
    bar, gap, height, top, bottom = 36, 18, 120, 14, 22
    width = _LEFT + max(len(years), 1) * (bar + gap) + gap
    counts = [{s: int(y.get(f"{s}s") or 0) for s in SEVERITIES} for y in years]
    peak = max([sum(c.values()) for c in counts] + [1])
    out = _axes(width, top, height, str(peak))
    for k, (y, c) in enumerate(zip(years, counts)):
        x = _LEFT + gap + k * (bar + gap)
        base: float = top + height
        for sev in SEVERITIES:
            if not c[sev]:
                continue
            h = round(c[sev] / peak * height, 1)
            base -= h
            out.append(f'<rect class="bar {sev}" data-severity="{sev}" data-year="{int(y["year"])}" x="{x}" '
                       f'y="{base:.1f}" width="{bar}" height="{h}" fill="{COLOURS[sev]}"><title>{int(y["year"])} '
                       f'{escape(labels[sev + "s"])} {c[sev]}</title></rect>')
        total = sum(c.values())
        out.append(f'<text x="{x + bar / 2}" y="{base - 3:.1f}" class="axis" text-anchor="middle">{total}</text>')
        out.append(f'<text x="{x + bar / 2}" y="{top + height + 16}" class="axis" text-anchor="middle">{int(y["year"])}</text>')
    return _svg_frame(width, top + height + bottom, labels["findings_chart"], out)
