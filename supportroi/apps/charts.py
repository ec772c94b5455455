"""Charts of an evaluation on matplotlib axes. Each helper takes an axis and returns it.

The PDF reports and the compare page draw with these; the dashboard draws the
same two charts as SVG text in the browser (:mod:`supportroi.apps.svg_chart`).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # the apps send PNGs; no GUI backend is ever needed

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from ..compare import Comparison
from ..formatting import money, percent
from ..i18n import DEFAULT_LANGUAGE, translator
from .chart_lines import LINE_GROUPS, group_label, payback_label
from .fonts import has_glyph, use_fonts

use_fonts()  # Latin, Cyrillic and Chinese in every chart

__all__ = ["BLANK_PNG", "COLOURS", "COMPARE_SCALES", "LINE_GROUPS", "comparison_chart",
           "comparison_panels", "cumulative_chart", "lines_chart", "money_axis", "printable",
           "roi_to_date"]


def _blank_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (1, 1), (255, 255, 255, 0)).save(buf, format="PNG")
    return buf.getvalue()


#: A 1×1 transparent PNG: the value of an ``ipywidgets.Image`` before its chart is drawn
#: (an Image with no bytes shows the browser's broken-image icon).
BLANK_PNG = _blank_png()

def money_axis(ax, currency: str, axis: str = "y", lang: str = DEFAULT_LANGUAGE) -> None:
    """Compact money ticks (``$1.2M``, ``12 млн ₽``) on ``axis`` ("x" or "y") of ``ax``."""
    fmt = FuncFormatter(lambda v, _: money(v, currency, compact=True, lang=lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _years_and_money(ax, currency: str, lang: str = DEFAULT_LANGUAGE) -> None:
    """Whole years along x, compact money along y."""
    money_axis(ax, currency, lang=lang)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def cumulative_chart(ax, evaluation, currency: str | None = None,
                     lang: str = DEFAULT_LANGUAGE):
    """Cumulative net cash flow by year end, with the payback point marked."""
    t = translator(lang)
    cur = evaluation.currency if currency is None else currency
    years = np.asarray(evaluation.table.columns, dtype=float)
    cum = np.cumsum(evaluation.net)
    ax.axhline(0, color="#555", lw=0.8)
    ax.plot(years, cum, marker="o", color="#1f4e79", lw=2)
    ax.fill_between(years, cum, 0, where=cum >= 0, color="#27ae60", alpha=0.15,
                    interpolate=True)
    ax.fill_between(years, cum, 0, where=cum < 0, color="#c0392b", alpha=0.15,
                    interpolate=True)
    pb = evaluation.appraisal.payback_years
    if pb is not None and pb > 0:
        ax.axvline(pb, color="#27ae60", ls="--", lw=1.2)
        ax.text(pb, 0.97, " " + payback_label(12 * pb, lang),
                transform=ax.get_xaxis_transform(), va="top", color="#1e8449", fontsize=9)
    elif pb is None:
        ax.text(0.02, 0.95, t.plural("results.payback.never", len(years) - 1),
                transform=ax.transAxes, va="top", color="#c0392b", fontsize=9)
    ax.set_title(t("results.chart.cumulative_title"), fontsize=10, loc="left")
    ax.set_xlabel(t("results.chart.year"))
    _years_and_money(ax, cur, lang)
    ax.grid(axis="y", alpha=0.3)
    return ax


def lines_chart(ax, evaluation, currency: str | None = None, legend: bool = True,
                lang: str = DEFAULT_LANGUAGE):
    """Benefits (up) and costs (down) by year, stacked by group of lines."""
    t = translator(lang)
    cur = evaluation.currency if currency is None else currency
    table = evaluation.table
    years = np.asarray(table.columns, dtype=float)
    up = np.zeros(len(years))
    down = np.zeros(len(years))
    for group, kind, keys, colour in LINE_GROUPS:
        amounts = table.loc[[(kind, k) for k in keys]].to_numpy().sum(axis=0)
        if not amounts.any():
            continue
        label = group_label(group, lang)
        if kind == "benefit":
            ax.bar(years, amounts, bottom=up, color=colour, label=label, width=0.6)
            up += amounts
        else:
            ax.bar(years, -amounts, bottom=-down, color=colour, label=label, width=0.6)
            down += amounts
    ax.axhline(0, color="#555", lw=0.8)
    ax.set_title(t("results.chart.lines_title"), fontsize=10, loc="left")
    ax.set_xlabel(t("results.chart.year"))
    _years_and_money(ax, cur, lang)
    ax.grid(axis="y", alpha=0.3)
    if legend:
        ax.legend(fontsize=7.5, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


# -- scenarios overlaid -----------------------------------------------------------------------

#: Scenario colours (Okabe–Ito, distinguishable with colour-vision deficiencies) and markers.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
MARKERS = ("o", "s", "^", "D", "v")


def printable(text) -> str:
    """``text`` on one line, with characters no font can draw shown as "?"."""
    text = " ".join(str(text).split())
    return "".join(ch if ch.isascii() or has_glyph(ch) else "?" for ch in text)


def short(text: str, n: int) -> str:
    text = printable(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


#: What the compare chart's y axis shows: (key, English label; the page's labels are the
#: messages ``compare.scale.<key>``).
COMPARE_SCALES = (
    ("money", "Cash flow, one scale"),
    ("roi", "ROI to date (%)"),
    ("each", "Each on its own scale"),
)


def roi_to_date(evaluation) -> np.ndarray:
    """ROI if the case stopped at the end of each year: present value of the net
    cash flows so far ÷ present value of the costs so far [fraction]; NaN
    while there are no costs yet. The last year's value is the ROI.

    Year 0 is not discounted, year *t* by ``(1 + rate) ** t`` (as in
    :func:`supportroi.finance.appraise`).
    """
    table = evaluation.table
    years = np.asarray(table.columns, dtype=float)
    factor = (1.0 + evaluation.appraisal.rate) ** -years
    benefits = np.cumsum(table.loc[("total", "benefits")].to_numpy(float) * factor)
    costs = np.cumsum(table.loc[("total", "costs")].to_numpy(float) * factor)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(costs > 0, (benefits - costs) / np.where(costs > 0, costs, 1.0), np.nan)


def comparison_chart(ax, comparison: Comparison, title_chars: int = 48, scale: str = "money",
                     lang: str = DEFAULT_LANGUAGE):
    """Each scenario's curve by year, overlaid; returns ``ax``. Title, axes and figures
    are in ``lang``; the legend holds the scenarios' titles as written.

    ``scale="money"``: cumulative net cash flow, payback marked on the zero
    line, in the scenarios' common currency (no symbol if they differ).
    ``scale="roi"``: ROI to date [%] (:func:`roi_to_date`), which puts a
    small case and a large one on the same footing; its last point is the
    ROI. (Each scenario on its own scale: :func:`comparison_panels`.)
    """
    if scale not in ("money", "roi"):
        raise ValueError(f"scale: must be 'money' or 'roi', got {scale!r}")
    t = translator(lang)
    cur = comparison.currency
    ax.axhline(0, color="#555", lw=0.8)
    longest = 0
    for i, name in enumerate(comparison.names):
        ev = comparison.evaluations[name]
        years = np.asarray(ev.table.columns, dtype=float)
        longest = max(longest, len(years) - 1)
        colour, marker = COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)]
        ys = np.cumsum(ev.net) if scale == "money" else 100 * roi_to_date(ev)
        ax.plot(years, ys, marker=marker, color=colour, lw=2, ms=5,
                label=short(comparison.titles[name], title_chars))
        pb = ev.appraisal.payback_years
        if scale == "money" and pb is not None and pb > 0:
            ax.plot([pb], [0], marker="|", color=colour, ms=14, mew=2.5, ls="none")
    ax.set_xlabel(t("compare.chart.year"))
    ax.set_xlim(-0.25, longest + 0.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if scale == "money":
        ax.set_title(t("compare.chart.money_title"), fontsize=10, loc="left")
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda y, _: money(y, cur or "", compact=True, lang=lang)))
        if cur is None:
            ax.set_ylabel(t("compare.chart.own_currency"), fontsize=8)
    else:
        ax.set_title(t("compare.chart.roi_title"), fontsize=10, loc="left")
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda y, _: percent(y / 100, digits=0, lang=lang)))
        ax.set_ylabel(t("compare.chart.roi_axis"), fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    legend = ax.legend(fontsize=8, loc="upper left", frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)
    return ax


def comparison_panels(axes, comparison: Comparison, title_chars: int = 40, names=None,
                      lang: str = DEFAULT_LANGUAGE):
    """Small multiples: each scenario's cumulative net cash flow on its own
    axis of ``axes`` (one per scenario of ``names``, default all; spare axes
    are hidden), each on its own money scale and in its own currency, so a
    small case is not flattened by a large one. Colours are the scenarios'
    in the whole comparison; money in ``lang``'s format. Returns ``axes``."""
    axes = list(np.ravel(axes))
    names = list(comparison.names if names is None else names)
    if len(axes) < len(names):
        raise ValueError(f"axes: need {len(names)}, got {len(axes)}")
    for j, name in enumerate(names):
        i = comparison.names.index(name)
        ax, ev = axes[j], comparison.evaluations[name]
        years = np.asarray(ev.table.columns, dtype=float)
        colour, marker = COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)]
        ax.axhline(0, color="#555", lw=0.8)
        ax.plot(years, np.cumsum(ev.net), marker=marker, color=colour, lw=2, ms=4)
        pb = ev.appraisal.payback_years
        if pb is not None and pb > 0:
            ax.plot([pb], [0], marker="|", color=colour, ms=12, mew=2.5, ls="none")
        title = ax.set_title(short(comparison.titles[name], title_chars), fontsize=9,
                             loc="left", color=colour)
        title.set_parse_math(False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda y, _, c=ev.currency: money(y, c, compact=True, lang=lang)))
        ax.tick_params(labelsize=7.5)
        ax.grid(axis="y", alpha=0.3)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    return axes
