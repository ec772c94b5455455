"""Charts of the risk views. Each helper takes an axis and returns it.

* :func:`tornado_chart` — NPV (or ROI) with each assumption at its low and its
  high value, the others at base, one bar per assumption, largest swing on top,
  the base case as a vertical line.
* :func:`npv_histogram` — the Monte Carlo distribution of NPV with P10, P50
  and P90 marked.
* :func:`npv_cdf` — the same draws as a cumulative distribution: the chance
  that NPV is at most a value, with the chance of a loss marked.
* :func:`break_even_chart` — ROI (or NPV) as one assumption moves over the
  interval the break-even search covered, the target and the value found.

:class:`PngFigure` keeps one figure alive and renders a helper into it as PNG
bytes, which is what the risk app pushes into an ``ipywidgets.Image``. Only
matplotlib's object-oriented API is used (no pyplot, no backend switch).

Each helper takes ``lang`` (en, ru, zh): titles, axes, legends and figures are then
``risk.chart.*`` messages and the language's number formats (English by default,
as the reports draw them).
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
from babel.numbers import format_compact_decimal
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter
from PIL import Image

from ..assumptions import CATALOG
from ..formatting import decimals, money, percent, unit_label
from ..i18n import DEFAULT_LANGUAGE, translator
from .fonts import use_fonts

use_fonts()  # Latin, Cyrillic and Chinese in every chart

__all__ = [
    "HIGH_COLOUR",
    "LOW_COLOUR",
    "PngFigure",
    "break_even_chart",
    "npv_cdf",
    "npv_histogram",
    "tornado_chart",
    "tornado_rows",
]

#: Bar colours: the assumption at its low value, at its high value.
LOW_COLOUR = "#2471a3"
HIGH_COLOUR = "#e67e22"


def _value_text(name: str, x: float, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A tested value, short: "72 %", "$48k", "6.35", "800k" (in ``lang``'s format)."""
    a = CATALOG[name]
    v = float(x)
    if lang != DEFAULT_LANGUAGE:
        t = translator(lang)
        if a.unit.startswith("fraction"):
            shown = float(f"{100 * v:.3g}") if abs(100 * v) < 100 else round(100 * v)
            return t.percent(shown / 100, decimals(shown))
        if a.unit.startswith("currency"):
            return money(v, currency, compact=True, lang=lang)
        if abs(v) >= 10_000:
            return _minus(format_compact_decimal(v, locale=t.locale, fraction_digits=1))
        shown = v if v.is_integer() else float(f"{v:.3g}")
        return t.number(shown, decimals(shown))
    if a.unit.startswith("fraction"):
        v = 100 * v
        return f"{v:.3g} %" if abs(v) < 100 else f"{v:,.0f} %"
    if a.unit.startswith("currency"):
        return money(v, currency, compact=True)
    if abs(v) >= 10_000:
        return money(v, "", compact=True)
    return f"{v:,.0f}" if v.is_integer() else f"{v:.3g}"


def _minus(text: str) -> str:
    return text.replace("-", "−")


def _axis_text(metric: str, x: float, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return (money(x, currency, compact=True, lang=lang) if metric == "npv"
            else percent(x, digits=0, lang=lang))


def tornado_rows(tornado, metric: str = "npv", top: int | None = None,
                 keep=()) -> pd.DataFrame:
    """The rows of a :class:`~supportroi.risk.Tornado` table as the chart shows
    them: sorted by the swing of ``metric`` ("npv" or "roi"; largest first,
    undefined swings last), the first ``top`` only (None or 0: all), plus the
    rows named in ``keep`` wherever they rank (e.g. those given the user's own
    range)."""
    if metric not in ("npv", "roi"):
        raise ValueError(f"metric: must be 'npv' or 'roi', got {metric!r}")
    key = "swing" if metric == "npv" else "roi_swing"
    rows = tornado.table.sort_values(key, ascending=False, kind="stable", na_position="last")
    if top:
        rank = pd.Series(range(len(rows)), index=rows.index)
        rows = rows[(rank < top) | rows["name"].isin(list(keep))]
    return rows.reset_index(drop=True)


def tornado_chart(ax, tornado, metric: str = "npv", top: int | None = 15,
                  currency: str = "$", keep=(), lang: str = DEFAULT_LANGUAGE):
    """Tornado of ``metric`` ("npv" [currency] or "roi" [fraction]).

    One horizontal bar per assumption, from the base case to the metric with
    the assumption at its low value (blue) and at its high value (orange);
    the tested values are written at the bar ends. Largest swing on top;
    ``top`` limits the bars (None or 0: all rows). A swing that is undefined
    (ROI without costs) is drawn as no bar and said in the label.
    """
    t = translator(lang)
    rows = tornado_rows(tornado, metric, top, keep)
    base = tornado.base_npv if metric == "npv" else tornado.base_roi
    name = t("results.figures.npv" if metric == "npv" else "results.figures.roi")
    ax.set_title(t("risk.chart.tornado_title", metric=name), fontsize=10, loc="left")
    if base is None or not math.isfinite(base):
        ax.text(0.5, 0.5, t("risk.chart.roi_undefined"),
                transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#b03a2e")
        ax.set_axis_off()
        return ax
    if rows.empty:
        ax.text(0.5, 0.5, t("risk.chart.nothing"), transform=ax.transAxes, ha="center",
                va="center", fontsize=10)
        ax.set_axis_off()
        return ax

    k = len(rows)
    y = np.arange(k)[::-1].astype(float)
    lows = rows[f"{metric}_low"].to_numpy(float)
    highs = rows[f"{metric}_high"].to_numpy(float)
    lo_w = np.where(np.isfinite(lows), lows - base, 0.0)
    hi_w = np.where(np.isfinite(highs), highs - base, 0.0)
    ax.barh(y, lo_w, left=base, height=0.72, color=LOW_COLOUR,
            label=t("risk.chart.at_low"))
    ax.barh(y, hi_w, left=base, height=0.72, color=HIGH_COLOUR, alpha=0.9,
            label=t("risk.chart.at_high"))

    ends = np.concatenate([lows[np.isfinite(lows)], highs[np.isfinite(highs)], [base]])
    lo_x, hi_x = float(ends.min()), float(ends.max())
    span = (hi_x - lo_x) or max(abs(base), 1.0)
    ax.set_xlim(lo_x - 0.2 * span, hi_x + 0.2 * span)
    pad = 0.01 * span
    labels = []
    for i, row in rows.iterrows():
        undefined = not (np.isfinite(lows[i]) and np.isfinite(highs[i]))
        label = (CATALOG[row["name"]].text(lang)[0] if lang != DEFAULT_LANGUAGE
                 else row["label"])
        if undefined:
            label = t("risk.chart.undefined_row", label=label)
        labels.append(textwrap.fill(label, 24 if lang != "zh" else 14))
        for x, value in ((lows[i], row["low"]), (highs[i], row["high"])):
            if not np.isfinite(x):
                continue
            right = x >= base
            ax.text(x + (pad if right else -pad), y[i],
                    _value_text(row["name"], value, currency, lang),
                    ha="left" if right else "right", va="center", fontsize=8, color="#333")
    ax.set_yticks(y, labels, fontsize=9, linespacing=0.95)
    ax.set_ylim(-0.7, k - 0.3)
    ax.axvline(base, color="#1f2d3d", lw=1.2,
               label=t("risk.chart.base_case", metric=name,
                       value=_axis_text(metric, base, currency, lang)))
    if metric == "roi" or lo_x < 0 < hi_x:
        ax.axvline(0, color="#b03a2e", lw=0.8, ls=":")
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: _axis_text(metric, v, currency, lang)))
    ax.set_xlabel(t("risk.chart.axis", name=name, unit=currency if metric == "npv" else "%"),
                  fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3,
              frameon=False, handlelength=1.2, columnspacing=1.0)
    return ax


def npv_histogram(ax, mc, currency: str = "$", bins: int = 50, lang: str = DEFAULT_LANGUAGE):
    """Histogram of the Monte Carlo NPVs (share of draws per bin [%]) with
    P10, P50 and P90 as dashed lines; bins below 0 red, the others green."""
    t = translator(lang)
    npv = np.asarray(mc.npv, float)
    npv = npv[np.isfinite(npv)]
    counts, edges = np.histogram(npv, bins=bins)
    share = 100.0 * counts / max(len(npv), 1)
    centres = 0.5 * (edges[:-1] + edges[1:])
    colours = np.where(centres < 0, "#c0392b", "#27ae60")
    ax.bar(edges[:-1], share, width=np.diff(edges), align="edge", color=colours, alpha=0.75,
           edgecolor="white", linewidth=0.3)
    lo, hi = float(edges[0]), float(edges[-1])
    if lo < 0 < hi:
        ax.axvline(0, color="#555", lw=0.9)
    for label, x, height in (("P10", mc.npv_p10, 0.98), ("P50", mc.npv_p50, 0.88),
                             ("P90", mc.npv_p90, 0.98)):
        ax.axvline(x, color="#1f2d3d", ls="--", lw=1.1)
        ax.text(x, height, f"{label}\n{money(x, currency, compact=True, lang=lang)}",
                transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=7.5,
                color="#1f2d3d",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    dist = t("risk.monte_carlo.pert" if mc.distribution == "pert"
             else "risk.monte_carlo.triangular_lower")
    npv_name = t("results.figures.npv")
    ax.set_title(t("risk.chart.histogram_title", metric=npv_name,
                   n=f"{mc.n:,}" if lang == DEFAULT_LANGUAGE else t.number(mc.n),
                   distribution=dist), fontsize=10, loc="left")
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: money(v, currency, compact=True, lang=lang)))
    ax.yaxis.set_major_formatter(_share_formatter(lang))
    ax.set_xlabel(t("risk.chart.axis", name=npv_name, unit=currency), fontsize=8)
    ax.set_ylabel(t("risk.chart.share_of_draws"), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.set_ylim(0, max(share.max(), 1e-9) * 1.3)
    ax.grid(axis="y", alpha=0.3)
    return ax


def _share_formatter(lang: str):
    """Tick labels of a share axis in per cent [0–100]: "40%" in English as before,
    the language's per cent format otherwise ("40 %" in Russian)."""
    if lang == DEFAULT_LANGUAGE:
        return PercentFormatter(100, decimals=0)
    t = translator(lang)
    return FuncFormatter(lambda v, _: t.percent(v / 100, 0))


def npv_cdf(ax, mc, currency: str = "$", lang: str = DEFAULT_LANGUAGE):
    """Cumulative distribution of the Monte Carlo NPVs: the share of draws with
    NPV at most x [%], P10 / P50 / P90 and P(NPV ≤ 0) marked (texts in ``lang``)."""
    t = translator(lang)
    npv = np.sort(np.asarray(mc.npv, float)[np.isfinite(np.asarray(mc.npv, float))])
    share = 100.0 * np.arange(1, len(npv) + 1) / max(len(npv), 1)
    ax.plot(npv, share, color="#1f4e79", lw=1.8)
    for label, x, p in (("P10", mc.npv_p10, 10), ("P50", mc.npv_p50, 50),
                        ("P90", mc.npv_p90, 90)):
        ax.plot([x], [p], marker="o", color="#1f2d3d", ms=4)
        ax.annotate(f"{label} {money(x, currency, compact=True, lang=lang)}", (x, p),
                    xytext=(6, -3),
                    textcoords="offset points", fontsize=7.5, color="#1f2d3d", va="top")
    if len(npv) and npv[0] < 0 < npv[-1]:
        loss = 100.0 * (1.0 - mc.p_npv_positive)
        ax.axvline(0, color="#b03a2e", lw=0.9, ls=":")
        share = f"{loss:.0f} %" if lang == DEFAULT_LANGUAGE else t.percent(loss / 100, 0)
        ax.text(0, 0.02, t("reports.pdf.chart.loss", share=share),
                transform=ax.get_xaxis_transform(),
                fontsize=7.5, color="#b03a2e", va="bottom")
    ax.set_title(t("reports.pdf.chart.cdf_title"), fontsize=10, loc="left")
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: money(v, currency, compact=True, lang=lang)))
    ax.yaxis.set_major_formatter(_share_formatter(lang))
    ax.set_xlabel(t("risk.chart.axis", name=t("results.figures.npv"), unit=currency), fontsize=8)
    ax.set_ylabel(t("reports.pdf.chart.cdf_axis"), fontsize=8)
    ax.set_ylim(0, 100)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    return ax


def break_even_chart(ax, be, xs, ys, currency: str = "$", lang: str = DEFAULT_LANGUAGE):
    """ROI [%] (or NPV) of a :class:`~supportroi.risk.BreakEven` search against
    the assumption's value: the curve ``xs``, ``ys``
    (:func:`supportroi.risk.break_even_curve`), the target as a dotted line,
    the base value and the break-even value (if any) marked (texts in ``lang``)."""
    t = translator(lang)
    a = CATALOG[be.name]
    label = a.text(lang)[0]
    frac = a.unit.startswith("fraction")
    scale_x = 100.0 if frac else 1.0
    roi = be.metric == "roi"
    scale_y = 100.0 if roi else 1.0
    xs, ys = np.asarray(xs, float) * scale_x, np.asarray(ys, float) * scale_y
    ax.plot(xs, ys, color="#1f4e79", lw=1.8)
    metric = t("results.figures.roi" if roi else "results.figures.npv")
    if lang == DEFAULT_LANGUAGE:
        target = f"{100 * be.target:,.0f} %" if roi else money(be.target, currency)
    else:
        target = t.percent(be.target, 0) if roi else money(be.target, currency, lang=lang)
    ax.axhline(be.target * scale_y, color="#b03a2e", lw=0.9, ls=":",
               label=t("reports.pdf.chart.target", metric=metric, value=target))
    if be.base_metric is not None and math.isfinite(be.base_metric):
        ax.plot([be.base_value * scale_x], [be.base_metric * scale_y], marker="o",
                color="#1f2d3d", ls="none",
                label=t("reports.pdf.chart.scenario",
                        value=_value_text(be.name, be.base_value, currency, lang)))
    if be.value is not None:
        ax.axvline(be.value * scale_x, color="#1e8449", lw=1.2, ls="--",
                   label=t("reports.pdf.chart.break_even",
                           value=_value_text(be.name, be.value, currency, lang)))
    ax.set_title(t("reports.pdf.chart.be_title", metric=metric,
                   label=label.lower() if lang == DEFAULT_LANGUAGE else label), fontsize=10,
                 loc="left")
    unit = unit_label(a, currency, lang)
    ax.set_xlabel(label + (f" [{unit}]" if unit else ""), fontsize=8)
    if roi:
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: f"{v:,.0f} %" if lang == DEFAULT_LANGUAGE else t.percent(v / 100, 0)))
        ax.set_ylabel(t("risk.chart.axis", name=metric, unit="%"), fontsize=8)
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: money(v, currency, compact=True, lang=lang)))
        ax.set_ylabel(t("risk.chart.axis", name=metric, unit=currency), fontsize=8)
    if not frac and a.unit.startswith("currency"):
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda v, _: money(v, currency, compact=True, lang=lang)))
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    legend = ax.legend(fontsize=7.5, loc="best", frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)
    return ax


class PngFigure:
    """One figure kept alive and rendered to PNG bytes by a plotting helper.

    ``render(helper, *args, height_px=None, **kwargs)`` clears the figure,
    draws ``helper(ax, *args, **kwargs)`` on a fresh axis and returns PNG
    bytes; ``height_px`` resizes the figure first (a tornado grows with its
    number of bars). Constrained layout keeps long labels inside.
    """

    def __init__(self, width_px: int = 880, height_px: int = 400, dpi: int = 100):
        self.dpi = dpi
        self.width_px = width_px
        self.figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi,
                             layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)

    def render(self, helper: Callable, *args, height_px: int | None = None, **kwargs) -> bytes:
        self.figure.clear()
        if height_px:
            self.figure.set_size_inches(self.width_px / self.dpi, height_px / self.dpi)
        helper(self.figure.add_subplot(), *args, **kwargs)
        self.canvas.draw()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(),
                         self.canvas.buffer_rgba()).save(buf, format="PNG", compress_level=1)
        return buf.getvalue()
