"""A CJK font for matplotlib charts, so Chinese labels are drawn instead of empty boxes.

matplotlib ships no CJK font, and its default (DejaVu Sans) has no Chinese glyphs: every body
name or category on an axis becomes a box and a "Glyph ... missing" warning. ``use_cjk_font``
picks the first CJK font the machine has and, when there is none, says how to install one and
keeps the charts quiet (labels stay boxes until a font is installed).
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

# Preferred families, best first: free fonts of Linux distributions, then those of macOS and Windows.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "Droid Sans Fallback", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
                "STHeiti", "Microsoft YaHei", "SimHei", "SimSun", "Noto Serif CJK SC", "AR PL UMing CN")
# Words in a family name that mark a font as Chinese when it is not in the list above.
_CJK_HINTS = ("CJK", "WenQuanYi", "Han Sans", "Han Serif", "YaHei", "SimHei", "SimSun", "Heiti", "KaiTi", "FangSong",
              "MingLiU", "STSong", "Droid Sans Fallback")
HOW_TO_INSTALL = ("No CJK font found: Chinese labels will show as boxes. Install one, then restart the kernel: "
                  "Debian/Ubuntu `sudo apt-get install fonts-noto-cjk` (or fonts-wqy-zenhei); "
                  "Fedora `sudo dnf install google-noto-sans-cjk-fonts`; "
                  "conda `conda install -c conda-forge font-ttf-noto-cjk`. macOS and Windows have one already.")


def choose_cjk_font(installed: Iterable[str]) -> str | None:
    """The best CJK family among ``installed`` family names, or None.

    >>> choose_cjk_font(["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK JP"])
    'WenQuanYi Zen Hei'
    >>> choose_cjk_font(["DejaVu Sans", "Noto Sans CJK JP"])
    'Noto Sans CJK JP'
    >>> choose_cjk_font(["DejaVu Sans"]) is None
    True
    """
    names = sorted(set(installed))
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return next((n for n in names if any(h.lower() in n.lower() for h in _CJK_HINTS)), None)


def use_cjk_font(quiet: bool = False) -> str | None:
    """Put the best installed CJK font first in matplotlib's sans-serif list and return its name.

    Without one, print how to get one (unless ``quiet``) and silence the glyph warnings, which
    would otherwise repeat for every label of every chart.
    """
    import matplotlib
    from matplotlib import font_manager

    family = choose_cjk_font(f.name for f in font_manager.fontManager.ttflist)
    if family is None:
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from (current )?font")
        if not quiet:
            print(HOW_TO_INSTALL)
        return None
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    return family
