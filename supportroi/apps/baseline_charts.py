"""Charts of a baseline (:class:`~supportroi.baseline.BaselineKPIs`).

Each helper takes an axis and returns it; none calls ``plt.show()``.
:class:`BaselineFigures` keeps one small figure per chart alive and renders
them to PNG bytes for ``ipywidgets.Image`` widgets, as the dashboard does.
Small separate figures (rather than one grid) let the page put two side by
side on a laptop and stack them on a phone.
"""

from __future__ import annotations

import io
from typing import ClassVar

import matplotlib

matplotlib.use("Agg")  # the apps send PNGs; no GUI backend is ever needed

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from babel.dates import format_date, get_day_names
from PIL import Image

from ..i18n import DEFAULT_LANGUAGE, translator
from .fonts import use_fonts

use_fonts()  # Latin, Cyrillic and Chinese in every chart

__all__ = ["CHANNEL_COLOURS", "CHANNEL_LABELS", "BaselineFigures", "aht_chart",
           "monthly_contacts_chart", "ttr_trend_chart", "weekday_hour_heatmap"]

#: Colour of each catalog channel, in the catalog's order.
CHANNEL_COLOURS = {"phone": "#2471a3", "chat": "#52be80", "email": "#e67e22",
                   "self_service": "#8e44ad"}
#: The message of each channel's name on charts and cards.
_CHANNEL_KEYS = {"phone": "baseline.channels.phone", "chat": "baseline.channels.chat",
                 "email": "baseline.channels.email",
                 "self_service": "baseline.channels.self_service"}
#: How channels are named on charts and cards, in English.
CHANNEL_LABELS = {ch: translator(DEFAULT_LANGUAGE)(key) for ch, key in _CHANNEL_KEYS.items()}
_WEEKDAY_NUMBER = {d: i for i, d in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"))}
_FONT = 8
_LEGEND_PAD = 16  # title above a one-line legend [points]
#: Round durations for a time axis. [hours]
_NICE_HOURS = (1 / 60, 5 / 60, 15 / 60, 0.5, 1, 2, 4, 12, 24, 48, 96, 168, 336, 720, 1440)


def _channel(ch: str, lang: str) -> str:
    return translator(lang)(_CHANNEL_KEYS[ch])


def _thousands_in(lang: str):
    def text(x, _pos=None) -> str:
        if lang == DEFAULT_LANGUAGE:
            return f"{x / 1000:.3g}k" if abs(x) >= 10_000 else f"{x:,.0f}"
        return translator(lang).number(x)
    return text


_thousands = _thousands_in(DEFAULT_LANGUAGE)


def _month_labels(index, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """``Jan 24`` (``янв. 24``, ``24年1月``) for each month of a monthly PeriodIndex."""
    if lang == DEFAULT_LANGUAGE:
        return [p.strftime("%b %y") for p in index]
    locale = translator(lang).locale
    pattern = "yy年M月" if lang == "zh" else "LLL yy"
    return [format_date(p.to_timestamp().date(), pattern, locale=locale) for p in index]


def _weekday_labels(days, lang: str) -> list[str]:
    """``Mon`` (``пн``, ``周一``) for each weekday name of the table."""
    if lang == DEFAULT_LANGUAGE:
        return [d[:3] for d in days]
    names = get_day_names("abbreviated", locale=translator(lang).locale)
    return [names[_WEEKDAY_NUMBER[d]] if d in _WEEKDAY_NUMBER else d for d in days]


def _month_ticks(ax, n: int, labels: list[str]) -> None:
    """Label at most ~12 months so the labels never overlap."""
    step = max(1, int(np.ceil(n / 12)))
    ticks = np.arange(0, n, step)
    ax.set_xticks(ticks)
    ax.set_xticklabels([labels[i] for i in ticks], rotation=45 if n > 6 else 0,
                       ha="right" if n > 6 else "center", fontsize=_FONT - 1)


def weekday_hour_heatmap(ax, kpis, colorbar: bool = True, lang: str = DEFAULT_LANGUAGE):
    """Contacts by weekday (rows) and hour of creation (columns), summed over the
    period, in the export's time zone. [contacts]"""
    t = translator(lang)
    table = kpis.by_weekday_hour
    data = table.to_numpy(dtype=float)
    im = ax.imshow(data, aspect="auto", cmap="Blues", interpolation="nearest",
                   vmin=0, vmax=max(float(data.max()), 1.0))
    ax.set_yticks(range(len(table.index)))
    ax.set_yticklabels(_weekday_labels(table.index, lang), fontsize=_FONT)
    ax.set_xticks(range(0, 24, 3))
    ax.set_xticklabels([f"{h:02d}" for h in range(0, 24, 3)], fontsize=_FONT)
    ax.set_xlabel(t("baseline.charts.hour_axis", timezone=kpis.timezone), fontsize=_FONT)
    ax.set_title(t("baseline.charts.heatmap"), fontsize=_FONT + 1, loc="left")
    ax.tick_params(length=2)
    if colorbar:
        cb = ax.figure.colorbar(im, ax=ax, fraction=0.05, pad=0.02)
        cb.ax.tick_params(labelsize=_FONT - 1, length=2)
        cb.ax.yaxis.set_major_formatter(FuncFormatter(_thousands_in(lang)))
    return ax


def monthly_contacts_chart(ax, kpis, legend: bool = True, lang: str = DEFAULT_LANGUAGE):
    """Contacts by calendar month of creation, stacked by channel. [contacts]"""
    table = kpis.by_month
    n = len(table)
    x = np.arange(n)
    bottom = np.zeros(n)
    for ch, colour in CHANNEL_COLOURS.items():
        values = table[ch].to_numpy(dtype=float)
        if not values.any():
            continue
        ax.bar(x, values, bottom=bottom, color=colour, width=0.75, label=_channel(ch, lang))
        bottom += values
    _month_ticks(ax, n, _month_labels(table.index, lang))
    ax.set_xlim(-0.6, n - 0.4)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands_in(lang)))
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.tick_params(labelsize=_FONT, length=2)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(translator(lang)("baseline.charts.monthly"), fontsize=_FONT + 1, loc="left",
                 pad=_LEGEND_PAD)
    if legend:
        ax.legend(fontsize=_FONT - 1, ncols=4, loc="lower left", bbox_to_anchor=(0, 1.0),
                  frameon=False, handlelength=1, columnspacing=1, borderaxespad=0.2)
    return ax


def aht_chart(ax, kpis, lang: str = DEFAULT_LANGUAGE):
    """Average handle time by channel, with the number of contacts it averages.
    [minutes]"""
    t = translator(lang)
    channels = [ch for ch in CHANNEL_COLOURS if kpis.by_channel[ch] > 0]
    y = np.arange(len(channels))[::-1]
    aht = np.array([kpis.aht_min[ch] for ch in channels], dtype=float)
    measured = ~np.isnan(aht)
    ax.barh(y[measured], aht[measured], color=[CHANNEL_COLOURS[c] for c, m in
                                               zip(channels, measured) if m], height=0.6)
    top = float(np.nanmax(aht)) if measured.any() else 1.0
    for yi, ch, value in zip(y, channels, aht):
        if np.isnan(value):
            ax.text(0, yi, " " + t("baseline.charts.no_handle_times"), va="center",
                    fontsize=_FONT, color="#56606b")
        else:
            n = int(kpis.aht_n[ch])
            ax.text(value, yi, " " + t("baseline.charts.aht_bar", value=t.number(value, 2),
                                       n=t.number(n)), va="center", fontsize=_FONT)
    ax.set_yticks(y)
    ax.set_yticklabels([_channel(c, lang) for c in channels], fontsize=_FONT)
    ax.set_xlim(0, top * 1.7)
    ax.set_ylim(-0.6, len(channels) - 0.4)
    ax.set_xlabel(t("baseline.charts.minutes"), fontsize=_FONT)
    ax.tick_params(labelsize=_FONT, length=2)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(t("baseline.charts.aht"), fontsize=_FONT + 1, loc="left")
    return ax


def _hours_in(lang: str):
    t = translator(lang)

    def text(h, _pos=None) -> str:
        if h < 1:
            return t("baseline.units.min_value", value=_g(h * 60, lang))
        if h < 48:
            return t("baseline.units.hours_value", value=_g(h, lang))
        return t("baseline.units.d_value", value=_g(h / 24, lang))
    return text


def _g(x: float, lang: str) -> str:
    """Three significant digits, in the language's format."""
    text = f"{x:.3g}"
    return text if lang == DEFAULT_LANGUAGE or "e" in text else translator(lang).number(
        float(text), len(text.split(".")[1]) if "." in text else 0)


_hours_text = _hours_in(DEFAULT_LANGUAGE)


def ttr_trend_chart(ax, kpis, legend: bool = True, lang: str = DEFAULT_LANGUAGE):
    """Median and 90th percentile of time to resolution by month of creation,
    resolved tickets only. [hours; log scale when they differ tenfold]"""
    table = kpis.ttr_monthly
    n = len(table)
    x = np.arange(n)
    median = table["median_h"].to_numpy(dtype=float)
    p90 = table["p90_h"].to_numpy(dtype=float)
    t = translator(lang)
    ax.set_title(t("baseline.charts.ttr"), fontsize=_FONT + 1, loc="left",
                 pad=_LEGEND_PAD if legend else 6)
    _month_ticks(ax, n, _month_labels(table.index, lang))
    ax.set_xlim(-0.6, n - 0.4)
    ax.tick_params(labelsize=_FONT, length=2)
    ok = ~np.isnan(median)
    if not ok.any():
        ax.text(0.5, 0.5, t("baseline.charts.no_resolved"), transform=ax.transAxes, ha="center",
                va="center", fontsize=_FONT + 1, color="#56606b")
        ax.set_yticks([])
        return ax
    ax.plot(x, p90, marker="o", ms=3, color="#c0392b", lw=1.5, label=t("baseline.charts.p90"))
    ax.plot(x, median, marker="o", ms=3, color="#1f4e79", lw=1.5,
            label=t("baseline.charts.median"))
    lo = float(np.nanmin(np.concatenate([median, p90])))
    hi = float(np.nanmax(np.concatenate([median, p90])))
    if lo > 0 and hi / lo >= 10:
        ax.set_yscale("log")
        ax.set_ylim(lo / 1.6, hi * 1.6)
        ticks = [t for t in _NICE_HOURS if lo / 1.6 <= t <= hi * 1.6]
        ax.set_yticks(ticks[::2] if len(ticks) > 6 else ticks)
    else:
        ax.set_ylim(0, hi * 1.15 if hi > 0 else 1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(_hours_in(lang)))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
    ax.grid(axis="y", alpha=0.3)
    if legend:
        ax.legend(fontsize=_FONT - 1, ncols=2, loc="lower left", bbox_to_anchor=(0, 1.0),
                  frameon=False, handlelength=1.5, borderaxespad=0.2)
    return ax


class BaselineFigures:
    """The baseline's four charts, one persistent figure each, rendered to PNG.

    :meth:`render` redraws every figure for a new set of KPIs (a new file, a
    new mapping or time zone: not a per-keystroke update, so the figures are
    cleared and drawn again) and returns ``{name: PNG bytes}``.
    """

    #: Chart name → (helper, width px, height px).
    CHARTS: ClassVar[dict] = {
        "heatmap": (weekday_hour_heatmap, 460, 250),
        "monthly": (monthly_contacts_chart, 460, 250),
        "aht": (aht_chart, 460, 200),
        "ttr": (ttr_trend_chart, 460, 250),
    }

    def __init__(self, dpi: int = 100, lang: str = DEFAULT_LANGUAGE):
        self.dpi = dpi
        self.lang = lang
        self.figures: dict[str, Figure] = {}
        for name, (_, width, height) in self.CHARTS.items():
            fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")
            FigureCanvasAgg(fig)
            self.figures[name] = fig

    def set_language(self, lang: str) -> None:
        """Draw the next :meth:`render` with the words and formats of ``lang``."""
        self.lang = lang

    def render(self, kpis) -> dict[str, bytes]:
        """Draw every chart for ``kpis``; returns PNG bytes by chart name."""
        out = {}
        for name, (helper, _, _) in self.CHARTS.items():
            fig = self.figures[name]
            fig.clear()
            helper(fig.add_subplot(), kpis, lang=self.lang)
            out[name] = _png(fig)
        return out


def _png(fig: Figure) -> bytes:
    canvas = fig.canvas
    canvas.draw()
    buf = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
        buf, format="PNG", compress_level=1)
    return buf.getvalue()
