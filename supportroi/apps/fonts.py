"""Fonts for charts and PDFs: Latin, Cyrillic (and ₽) and Chinese in one family list.

matplotlib falls back glyph by glyph through ``font.family`` (3.6+), so
``["DejaVu Sans", "Noto Sans CJK SC"]`` draws Latin, Cyrillic and ₽ with
DejaVu and Chinese with Noto CJK. The CJK font is used when it is installed
(Debian ``fonts-noto-cjk``, which ``make app`` and ``make test`` install);
without it, Chinese characters are drawn as "?" instead of empty boxes.
"""

from __future__ import annotations

import functools

import matplotlib
from matplotlib.font_manager import FontProperties, findfont, get_font

__all__ = ["font_for", "has_glyph", "use_fonts"]

_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Source Han Sans SC")


@functools.cache
def _family() -> tuple[str, ...]:
    family = ["DejaVu Sans"]
    for name in _CJK:
        try:
            findfont(FontProperties(family=name), fallback_to_default=False)
        except ValueError:
            continue
        family.append(name)
        break
    return tuple(family)


def use_fonts() -> tuple[str, ...]:
    """Draw with DejaVu Sans and, if installed, a CJK font from now on (the chart and
    report modules call it when imported); returns the family list."""
    family = _family()
    matplotlib.rcParams["font.family"] = list(family)
    return family


def font_for(ch: str, weight: str = "normal"):
    """The font matplotlib draws ``ch`` with: the first of the family that has it (the
    first of all when none has it)."""
    fonts = [get_font(findfont(FontProperties(family=name, weight=weight)))
             for name in _family()]
    return next((f for f in fonts if f.get_char_index(ord(ch))), fonts[0])


@functools.lru_cache(maxsize=8192)
def has_glyph(ch: str) -> bool:
    """True if one of the fonts of the family can draw ``ch``."""
    return font_for(ch).get_char_index(ord(ch)) != 0
