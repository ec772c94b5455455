"""The dashboard's two charts as inline SVG text, drawn by the browser.

A slider move sends a few KB of text to a ``widgets.HTML`` instead of a PNG: the
kernel only formats numbers and the browser paints the vectors, so the chart
follows the ROI figure within a few tens of ms. The charts say what
:func:`~supportroi.apps.charts.cumulative_chart` and
:func:`~supportroi.apps.charts.lines_chart` say on paper (same titles, colours,
groups and money ticks); those stay for the PDF reports.

Pure functions, no widgets:

>>> from supportroi.model import evaluate
>>> page = result_charts(evaluate({}), lang="en")
>>> page.count("<svg "), "Cumulative net cash flow" in page
(2, True)

Each chart is its own ``<svg viewBox=… width="100%">`` in a wrapping flex box:
side by side where there is room for two (≥ about 680 px), stacked at the full
width on a phone. Text inherits the page's font, so Cyrillic and Chinese use
the browser's fonts. A figure that is not a finite number (or too large for the
money format, from about 10²⁸) is never drawn: the chart then says so in words.
"""

from __future__ import annotations

import decimal
import hashlib
import html
import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..i18n import DEFAULT_LANGUAGE, translator
from .chart_lines import LINE_GROUPS, group_amounts, group_label, payback_label

__all__ = ["CHART_HEIGHT", "CHART_WIDTH", "cumulative_svg", "lines_svg", "result_charts",
           "ticks"]

#: The drawing's own units (``viewBox``); the browser scales them to the width it has. At
#: the width of a phone (390 px, about 350 px for the chart) 12 units are still ≥ 11 px.
CHART_WIDTH = 360
CHART_HEIGHT = 250   # without the legend
FONT = 12            # tick labels, legend, notes [viewBox units]
TITLE_FONT = 13
ROW = 17             # height of a legend row
PLOT_TOP, PLOT_BOTTOM, PLOT_RIGHT = 30, 206, 350   # the plot area, y down [viewBox units]
BAR_WIDTH = 0.6      # [years]

AXIS_COLOUR, GRID_COLOUR = "#555", "#e3e3e3"
LINE_COLOUR, ABOVE, BELOW = "#1f4e79", "#27ae60", "#c0392b"
PAYBACK_COLOUR, NEVER_COLOUR = "#1e8449", "#c0392b"

#: What every chart's root carries: the page's font, drawn at the width it is given.
_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" lang="{lang}" aria-label="{label}" class="sr-svg-chart {cls}" '
        'style="display:block;font-family:inherit;max-width:100%;height:auto" '
        'font-family="inherit" font-size="{font}">')


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _f(x: float) -> str:
    """A coordinate as written in the SVG (one decimal, no "-0")."""
    s = f"{x:.1f}"
    return "0" if s in ("0.0", "-0.0") else s.removesuffix(".0")


def _text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of ``text`` [viewBox units]: Chinese characters
    are about square, others about 0.6 of the font size."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in text)


def ticks(lo: float, hi: float, nbins: int = 5) -> np.ndarray | None:
    """Round tick values from below ``min(lo, 0)`` to above ``max(hi, 0)`` (0 is always one
    of them), or None where the range cannot be written in finite numbers. Amounts all
    under one unit of money get the ticks of −1 to 1.

    >>> ticks(-168000, 1151916).tolist()
    [-500000.0, 0.0, 500000.0, 1000000.0, 1500000.0]
    >>> ticks(0, 0).tolist() == ticks(0, 5e-324).tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    True
    """
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    if max(-lo, hi) < 1.0:   # all under one unit of money (all 0, or fractions of a cent)
        lo, hi = -1.0, 1.0
    # Located on numbers near 1 and scaled back, so that the span never overflows.
    scale = 10.0 ** math.floor(math.log10(max(-lo, hi)))
    a, b = lo / scale, hi / scale
    values = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(a, b)
    step = values[1] - values[0]
    # The locator lets the end ticks fall short of the data by a rounding error: not here.
    if values[0] > a:
        values = np.concatenate([[values[0] - step], values])
    if values[-1] < b:
        values = np.concatenate([values, [values[-1] + step]])
    values = values[(values >= values[values <= a].max()) & (values <= values[values >= b].min())]
    with np.errstate(over="ignore"):
        out = np.round(values, 10) * scale
    return out if np.isfinite(out).all() and out[-1] > out[0] else None


class _Frame:
    """The plot area of one chart: years along x, money along y (the ``ticks``)."""

    def __init__(self, years: np.ndarray, yticks: np.ndarray, labels: list[str], left: float):
        self.years, self.yticks, self.labels = years, yticks, labels
        self.left = left
        self.x0, self.x1 = float(years[0]) - 0.5, float(years[-1]) + 0.5
        self.lo, self.hi = float(yticks[0]), float(yticks[-1])

    def x(self, year) -> float:
        return self.left + (float(year) - self.x0) / (self.x1 - self.x0) * (PLOT_RIGHT - self.left)

    def y(self, value) -> float:
        # (value - lo) / (hi - lo), on numbers near 1 so that no difference overflows
        s = max(-self.lo, self.hi)
        share = (float(value) / s - self.lo / s) / (self.hi / s - self.lo / s)
        return PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)

    def axes(self, lang: str, title: str) -> list[str]:
        """Title, grid, money ticks, year ticks and the year label."""
        t = translator(lang)
        out = [(f'<text class="sr-chart-title" x="4" y="17" font-size="{TITLE_FONT}" '
                f'font-weight="600" fill="#222">{_esc(title)}</text>')]
        for value, label in zip(self.yticks, self.labels):
            y = _f(self.y(value))
            out.append(f'<g class="sr-ytick" data-value="{float(value)!r}">'
                       f'<line x1="{_f(self.left)}" x2="{PLOT_RIGHT}" y1="{y}" y2="{y}" '
                       f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
                       f'<text x="{_f(self.left - 5)}" y="{y}" text-anchor="end" '
                       f'dominant-baseline="middle" fill="#333">{_esc(label)}</text></g>')
        for year in self.years:
            x = _f(self.x(year))
            out.append(f'<g class="sr-xtick" data-value="{int(year)}">'
                       f'<line x1="{x}" x2="{x}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM + 4}" '
                       f'stroke="{AXIS_COLOUR}"/><text x="{x}" y="{PLOT_BOTTOM + 17}" '
                       f'text-anchor="middle" fill="#333">{_esc(t.number(int(year)))}'
                       "</text></g>")
        middle = _f((self.left + PLOT_RIGHT) / 2)
        out.append(f'<text class="sr-xlabel" x="{middle}" y="{PLOT_BOTTOM + 36}" '
                   f'text-anchor="middle" fill="#333">{_esc(t("results.chart.year"))}</text>')
        return out

    def zero_line(self) -> str:
        y = _f(self.y(0.0))
        return (f'<line class="sr-zero" x1="{_f(self.left)}" x2="{PLOT_RIGHT}" y1="{y}" '
                f'y2="{y}" stroke="{AXIS_COLOUR}" stroke-width="1"/>')


def _frame(years: np.ndarray, values: np.ndarray, currency: str, lang: str) -> _Frame | None:
    """The frame for ``values`` (with room on the left for the widest money label)."""
    if not np.isfinite(values).all():
        return None
    yticks = ticks(values.min(), values.max())
    if yticks is None:
        return None
    t = translator(lang)
    labels = [t.money(float(v), currency, compact=True) for v in yticks]
    widest = max(_text_width(label) for label in labels)
    return _Frame(years, yticks, labels, left=min(8 + widest, 0.45 * CHART_WIDTH))


def _not_drawn(cls: str, title: str, lang: str) -> str:
    """A chart whose figures are not finite numbers: its title and why it is not drawn."""
    t = translator(lang)
    why = t("results.chart.not_drawn")
    return (_SVG.format(w=CHART_WIDTH, h=80, lang=lang, label=_esc(f"{title}: {why}"),
                        cls=cls, font=FONT)
            + f"<title>{_esc(f'{title}: {why}')}</title>"
            f'<text class="sr-chart-title" x="4" y="17" font-size="{TITLE_FONT}" '
            f'font-weight="600" fill="#222">{_esc(title)}</text>'
            f'<text class="sr-not-drawn" x="4" y="45" fill="{NEVER_COLOUR}">{_esc(why)}</text>'
            "</svg>")


def _payback_text(payback_years: float | None, horizon: int, lang: str) -> str:
    t = translator(lang)
    if payback_years is None:
        return t.plural("results.payback.never", horizon)
    if payback_years <= 0:
        return t("results.payback.immediately")
    return payback_label(12 * payback_years, lang)


def cumulative_svg(years, net, payback_years: float | None, currency: str,
                   lang: str = DEFAULT_LANGUAGE) -> str:
    """Cumulative net cash flow by year end [money]: the curve with its dots, green
    above 0 and red below, the payback marked by a dashed line and its label (or the
    words "does not pay back within N years"). ``years`` are year numbers from 0,
    ``net`` the net cash flow of each year [currency units], ``payback_years`` [years]."""
    try:
        return _cumulative_svg(years, net, payback_years, currency, lang)
    except decimal.InvalidOperation:   # an amount too large for the money format
        return _not_drawn("sr-cumulative", translator(lang)("results.chart.cumulative_title"),
                          lang)


def _cumulative_svg(years, net, payback_years, currency, lang) -> str:
    t = translator(lang)
    title = t("results.chart.cumulative_title")
    years = np.asarray(years, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        cum = np.cumsum(np.asarray(net, dtype=float))
    frame = _frame(years, cum, currency, lang)
    if frame is None or (payback_years is not None and not math.isfinite(payback_years)):
        return _not_drawn("sr-cumulative", title, lang)
    horizon = len(years) - 1
    pb_text = _payback_text(payback_years, horizon, lang)
    summary = t("results.chart.cumulative_alt", title=title,
                amount=t.money(float(cum[-1]), currency), year=t.number(int(years[-1])),
                payback=pb_text)
    xs = [frame.x(y) for y in years]
    ys = [frame.y(v) for v in cum]
    zero = frame.y(0.0)
    points = " ".join(f"{_f(x)},{_f(y)}" for x, y in zip(xs, ys))
    area = f"{_f(xs[0])},{_f(zero)} {points} {_f(xs[-1])},{_f(zero)}"
    width = PLOT_RIGHT - frame.left
    # Clip paths are found by id in the whole page: an id of what is drawn keeps two
    # charts on one page apart and leaves the same chart the same text.
    key = hashlib.blake2s(area.encode(), digest_size=4).hexdigest()
    out = [_SVG.format(w=CHART_WIDTH, h=CHART_HEIGHT, lang=lang, label=_esc(summary),
                       cls="sr-cumulative", font=FONT), f"<title>{_esc(summary)}</title>"]
    out += frame.axes(lang, title)
    # The area between the curve and 0, cut at 0: green above, red below.
    for name, colour, top, height in (("above", ABOVE, PLOT_TOP, zero - PLOT_TOP),
                                      ("below", BELOW, zero, PLOT_BOTTOM - zero)):
        clip = f"sr-clip-{name}-{key}"
        out.append(f'<clipPath id="{clip}"><rect x="{_f(frame.left)}" y="{_f(top)}" '
                   f'width="{_f(width)}" height="{_f(max(height, 0.0))}"/></clipPath>'
                   f'<polygon class="sr-area-{name}" points="{area}" fill="{colour}" '
                   f'fill-opacity="0.15" clip-path="url(#{clip})"/>')
    out.append(frame.zero_line())
    out.append(f'<polyline class="sr-cumulative-line" points="{points}" fill="none" '
               f'stroke="{LINE_COLOUR}" stroke-width="2"/>')
    out += [f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5" fill="{LINE_COLOUR}"/>'
            for x, y in zip(xs, ys)]
    if payback_years is not None and payback_years > 0:
        x = frame.x(payback_years)
        right = payback_years > 0.6 * years[-1]   # the label stays inside the plot
        anchor, dx = ("end", -4) if right else ("start", 4)
        out.append(f'<g class="sr-payback-mark" data-value="{float(payback_years)!r}">'
                   f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{PLOT_TOP}" y2="{PLOT_BOTTOM}" '
                   f'stroke="{ABOVE}" stroke-width="1.2" stroke-dasharray="5 3"/>'
                   f'<text x="{_f(x + dx)}" y="{PLOT_TOP + 13}" text-anchor="{anchor}" '
                   f'fill="{PAYBACK_COLOUR}" stroke="#fff" stroke-width="3" '
                   f'paint-order="stroke">{_esc(pb_text)}</text></g>')
    elif payback_years is None:
        out.append(f'<text class="sr-never" x="{_f(frame.left + 6)}" y="{PLOT_TOP + 13}" '
                   f'fill="{NEVER_COLOUR}" stroke="#fff" stroke-width="3" '
                   f'paint-order="stroke">{_esc(pb_text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend(entries: list[tuple[str, str, str]], top: float) -> tuple[list[str], float]:
    """Legend entries (group, label, colour) laid out in rows from ``top``; returns the
    elements and the y below the last row."""
    out, x, y = [], 8.0, top
    for group, label, colour in entries:
        width = 16 + _text_width(label) + 14
        if x > 8 and x + width > CHART_WIDTH - 4:
            x, y = 8.0, y + ROW
        out.append(f'<g class="sr-legend-entry" data-group="{_esc(group)}">'
                   f'<rect x="{_f(x)}" y="{_f(y - 9)}" width="11" height="11" '
                   f'fill="{colour}"/><text x="{_f(x + 15)}" y="{_f(y)}" '
                   f'fill="#333">{_esc(label)}</text></g>')
        x += width
    return out, y + (ROW if entries else 0)


def lines_svg(years, amounts, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Benefits (up) and costs (down) by year, stacked by group of
    :data:`~supportroi.apps.charts.LINE_GROUPS` in that order from 0 outwards, with a
    legend of the groups that are not 0 every year. ``amounts``: one row per group, one
    column per year [currency units, costs as positive amounts]."""
    try:
        return _lines_svg(years, amounts, currency, lang)
    except decimal.InvalidOperation:   # an amount too large for the money format
        return _not_drawn("sr-lines", translator(lang)("results.chart.lines_title"), lang)


def _lines_svg(years, amounts, currency, lang) -> str:
    t = translator(lang)
    title = t("results.chart.lines_title")
    years = np.asarray(years, dtype=float)
    amounts = np.asarray(amounts, dtype=float).reshape(len(LINE_GROUPS), len(years))
    benefit = np.array([kind == "benefit" for _, kind, _, _ in LINE_GROUPS])
    with np.errstate(over="ignore", invalid="ignore"):
        up = amounts[benefit].sum(axis=0)
        down = amounts[~benefit].sum(axis=0)
        tops = np.concatenate([np.cumsum(amounts[benefit], axis=0).ravel(),
                               -np.cumsum(amounts[~benefit], axis=0).ravel(), up, -down])
    frame = _frame(years, tops, currency, lang)
    if frame is None:
        return _not_drawn("sr-lines", title, lang)
    with np.errstate(over="ignore", invalid="ignore"):
        totals = float(up.sum()), float(down.sum())
    if not all(math.isfinite(x) for x in totals):
        return _not_drawn("sr-lines", title, lang)
    summary = t("results.chart.lines_alt", title=title, benefits=t.money(totals[0], currency),
                costs=t.money(totals[1], currency))
    shown = [(group, group_label(group, lang), colour)
             for (group, _, _, colour), row in zip(LINE_GROUPS, amounts) if row.any()]
    legend, bottom = _legend(shown, CHART_HEIGHT + 14)
    height = bottom if shown else CHART_HEIGHT
    out = [_SVG.format(w=CHART_WIDTH, h=_f(height), lang=lang, label=_esc(summary),
                       cls="sr-lines", font=FONT), f"<title>{_esc(summary)}</title>"]
    out += frame.axes(lang, title)
    half = BAR_WIDTH / 2
    up_base, down_base = np.zeros(len(years)), np.zeros(len(years))
    for (group, kind, _, colour), row in zip(LINE_GROUPS, amounts):
        if not row.any():
            continue
        for i, (year, amount) in enumerate(zip(years, row)):
            if amount == 0:
                continue
            if kind == "benefit":
                low, high = up_base[i], up_base[i] + amount
                up_base[i] = high
            else:
                low, high = -down_base[i] - amount, -down_base[i]
                down_base[i] += amount
            top, base = frame.y(max(low, high)), frame.y(min(low, high))
            x = frame.x(year - half)
            out.append(f'<rect class="sr-bar" data-group="{group}" data-year="{int(year)}" '
                       f'x="{_f(x)}" y="{_f(top)}" width="{_f(frame.x(year + half) - x)}" '
                       f'height="{_f(base - top)}" fill="{colour}"/>')
    out.append(frame.zero_line())
    out += legend
    out.append("</svg>")
    return "".join(out)


def result_charts(evaluation, currency: str | None = None,
                  lang: str = DEFAULT_LANGUAGE) -> str:
    """Both charts of ``evaluation`` side by side (stacked where the page is narrow), as
    HTML text for a ``widgets.HTML``; money in ``currency`` (default the evaluation's)."""
    cur = evaluation.currency if currency is None else currency
    table = evaluation.table
    years = np.asarray(table.columns, dtype=float)
    charts = (cumulative_svg(years, evaluation.net, evaluation.appraisal.payback_years, cur,
                             lang),
              lines_svg(years, group_amounts(table), cur, lang))
    cell = '<div class="sr-svg-cell" style="flex:1 1 320px;min-width:0;max-width:560px">'
    return (f'<div class="sr-svg-charts" lang="{lang}" style="display:flex;flex-wrap:wrap;'
            f'gap:8px 16px;width:100%">' + "".join(cell + c + "</div>" for c in charts)
            + "</div>")
