"""The lessons' building blocks: knobs (one slider each, checked on the server),
the reusable chart, figure cards and the explorer base class."""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import ipywidgets as w
import numpy as np
from IPython.display import HTML, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ...assumptions import CATALOG
from ...currency import kind_of
from ...formatting import money, percent, unit_label
from ...i18n import DEFAULT_LANGUAGE, catalog, language_problem, translator
from ..base import CSS, guarded
from ..controls import FloatSlider, IntSlider
from ..number_entry import NumberEntry, entry_tooltip
from ..touch import HELP_SCRIPT, HelpTip

__all__ = ["LESSON_CSS", "Knob"]

#: Styles of the lesson widgets, on top of :data:`supportroi.apps.controls.CSS`.
LESSON_CSS = """
<style>
.sr-lesson { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sr-lesson-explain { font-size: 0.9em; color: #33404d; }
.sr-lesson-explain code { background: #f3f5f8; padding: 0 3px; }
.sr-exercise-box { border: 1px solid #c9d3df; border-left: 5px solid #2471a3;
                   border-radius: 6px; padding: 6px 12px; background: #f8fbfe; }
.sr-exercise-box .sr-ex-title { font-weight: 600; color: #1f4e79; }
.sr-right { background: #e9f7ef; border-left: 4px solid #1e8449; padding: 4px 10px; }
.sr-wrong { background: #fdf2e9; border-left: 4px solid #d35400; padding: 4px 10px; }
table.sr-recovery { border-collapse: collapse; font-size: 0.9em; margin: 4px 0; }
table.sr-recovery td, table.sr-recovery th { padding: 2px 10px; border-bottom: 1px solid #e3e8ee;
                                             text-align: right; }
table.sr-recovery td:first-child, table.sr-recovery th:first-child { text-align: left; }
</style>
"""

_CHART_WIDTH_PX = 760
_CHART_HEIGHT_PX = 290
_BLUE, _GREEN, _RED, _GREY = "#1f4e79", "#1e8449", "#c0392b", "#7f8c8d"


# --------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Knob:
    """One slider of a lesson: what it is, its unit, default and bounds.

    ``label``, ``help`` and ``source`` are message keys of the lessons' catalog
    (``supportroi/locales/<lang>/lessons.yaml``); a ``source`` that is no message key
    is a citation, shown as written in every language. ``min``/``max`` are hard
    bounds: a value outside them is refused (and the slider put back), never clamped.
    Knobs built with :meth:`from_catalog` take their label, unit, default, bounds,
    help and source from the assumption catalog, so no default lives in two places
    (an empty ``label`` or ``help`` is the catalog's, in the page language);
    ``min``/``max`` may narrow the slider (never widen it past the catalog).
    """

    name: str
    label: str
    unit: str  # "currency", "currency/year", "fraction", "fraction/year", "seconds", …
    default: float
    min: float
    max: float
    step: float
    help: str = ""
    source: str = "lessons.source.example"
    kind: str = "float"  # "float" or "int"
    catalog: bool = False  #: label and help default to the assumption catalog's

    def __post_init__(self):
        if not (self.min <= self.default <= self.max):
            raise ValueError(f"{self.name}: default {self.default} outside "
                             f"[{self.min}, {self.max}]")

    @classmethod
    def from_catalog(cls, name: str, **changes) -> Knob:
        a = CATALOG[name]
        knob = cls(name=a.name, label="", unit=a.unit, default=a.default, min=a.min,
                   max=a.max, step=a.step, help="", source=a.source, kind=a.kind, catalog=True)
        knob = replace(knob, **changes)
        if knob.min < a.min or knob.max > a.max:
            raise ValueError(f"{name}: slider bounds {knob.min}–{knob.max} go past the "
                             f"catalog's {a.min}–{a.max}")
        return knob

    def text(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str, str]:
        """(label, help, source) in ``lang``; sources that are citations stay as written."""
        label, help_ = CATALOG[self.name].text(lang) if self.catalog else ("", "")
        return (_say(self.label, lang) if self.label else label,
                _say(self.help, lang) if self.help else help_, _say(self.source, lang))

    def problem(self, value, lang: str = DEFAULT_LANGUAGE) -> str | None:
        """Why ``value`` is not valid for this knob, or None (in ``lang``)."""
        t = translator(lang)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            return t("lessons.knob.not_a_number", kind=kind_of(value, lang))
        if not math.isfinite(value):
            return t("lessons.knob.not_finite")
        if self.kind == "int" and float(value) != int(value):
            return t("lessons.knob.not_whole", value=_g(value, lang))
        if not (self.min <= value <= self.max):
            return t("lessons.knob.out_of_bounds", value=_g(value, lang),
                     min=_g(self.min, lang), max=_g(self.max, lang))
        return None

    def format(self, value, currency: str = "$", lang: str = DEFAULT_LANGUAGE) -> str:
        """``value`` in this knob's unit, in ``lang``: 12.5 %, $425,000, 180 s."""
        if self.unit.startswith("fraction"):
            return percent(value, digits=1, lang=lang)
        if self.unit.startswith("currency"):
            return money(value, currency, lang=lang)
        digits = _decimals(value)
        text = translator(lang).number(value, digits)
        unit = _unit_label(self, currency, lang)
        return f"{text} {unit}" if unit else text


def _say(text: str, lang: str) -> str:
    """The message ``text`` in ``lang`` if it is a message key, else ``text`` as written."""
    return translator(lang)(text) if text in catalog(DEFAULT_LANGUAGE) else text


def _decimals(x: float, most: int = 6) -> int:
    """Decimals ``x`` needs (at most ``most``): 12.5 → 1, 180 → 0."""
    for d in range(most + 1):
        if abs(round(float(x), d) - float(x)) < 1e-9 * max(1.0, abs(float(x))):
            return d
    return most


def _g(x, lang: str) -> str:
    """A bound or a refused value: ``1e+09`` in English as before, else in the
    language's number format (``1 000 000 000``)."""
    if lang == DEFAULT_LANGUAGE:
        return format(float(x), "g")
    return translator(lang).number(float(x), _decimals(x))


def _unit_label(knob: Knob, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The unit beside a knob's label: "%", "$/year", "s" ("%/год", "秒"); "" for none."""
    return unit_label(knob, currency, lang) if knob.unit else ""


def _slider(knob: Knob, value, currency: str, lang: str = DEFAULT_LANGUAGE) -> w.Widget:
    """An unclamped slider for ``knob``: a value a client sends outside the
    bounds reaches :class:`_Inputs`, which refuses it with a notice (a plain
    ipywidgets slider would clamp it to min/max without a word). In English the
    slider shows its own readout; in the other languages the readout is off and a
    text box typed in the language stands beside it (see :class:`_Inputs`)."""
    t = translator(lang)
    label = knob.text(lang)[0]
    unit = _unit_label(knob, currency, lang)
    description = t("lessons.knob.label_unit", label=label, unit=unit) if unit else label
    tooltip = "\n".join(x for x in _help_lines(knob, lang) if x)
    common = dict(description=description, tooltip=tooltip, continuous_update=False,
                  style={"description_width": "44%"}, layout=w.Layout(width="98%"),
                  readout=lang == DEFAULT_LANGUAGE)
    if knob.kind == "int":
        return IntSlider(value=int(value), min=int(knob.min), max=int(knob.max),
                         step=int(knob.step), readout_format=",d", **common)
    if knob.unit.startswith("fraction"):
        fmt = ".0%" if knob.step >= 0.01 else (".1%" if knob.step >= 0.001 else ".2%")
    elif knob.unit.startswith("currency") or knob.step >= 1:
        fmt = ",.0f"
    else:
        fmt = ".2f" if knob.step < 0.1 else ".1f"
    return FloatSlider(value=float(value), min=knob.min, max=knob.max, step=knob.step,
                       readout_format=fmt, **common)


def _help_lines(knob: Knob, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str, str]:
    """A knob's help, valid range and source in ``lang`` (its tooltip and ⓘ text)."""
    t = translator(lang)
    _label, help_, source = knob.text(lang)
    return (help_, t("lessons.knob.valid", min=_bound(knob.min, knob, lang),
                     max=_bound(knob.max, knob, lang)), t("lessons.knob.source", source=source))


def _bound(x: float, knob: Knob, lang: str) -> str:
    """A slider bound in the tooltip: 5,000 (en), 5 000 (ru), 10 % for a fraction."""
    if knob.unit.startswith("fraction"):
        return percent(float(x), digits=_decimals(100 * float(x), 2), lang=lang)
    return translator(lang).number(float(x), _decimals(x))


class _Inputs:
    """Sliders for some knobs, checked on the server side.

    ``values`` always holds valid values; a refused value is put back and
    ``notice`` says why (in ``lang``). ``on_change()`` runs after every accepted
    change. Outside English each slider has a text box beside it
    (:class:`~supportroi.apps.number_entry.NumberEntry`, in :attr:`entries`): the
    browser would read a Russian ``0,08`` typed in a slider's readout as 0.
    """

    def __init__(self, knobs: Iterable[Knob], values: Mapping[str, float],
                 on_change: Callable[[], None], currency: str,
                 lang: str = DEFAULT_LANGUAGE):
        self.knobs = {k.name: k for k in knobs}
        self.values = dict(values)
        self.on_change = on_change
        self.currency = currency
        self.lang = lang
        self._hold = False
        self.notice = w.HTML(layout=w.Layout(width="100%"))
        self.notice.add_class("sr-notice")
        self.widgets: dict[str, w.Widget] = {}
        self.entries: dict[str, NumberEntry] = {}
        #: What each knob shows: the slider, or the slider and its text box.
        self.rows: dict[str, w.Widget] = {}
        #: The ⓘ button and help text of each knob (:class:`~supportroi.apps.touch.HelpTip`).
        self.tips: dict[str, HelpTip] = {}
        for name, knob in self.knobs.items():
            widget = _slider(knob, self.values[name], currency, lang)
            widget.add_class("sr-input")
            widget.add_class(f"sr-{name}")
            widget.observe(self._on_value, names="value")
            widget.observe(self._on_bounds, names=["min", "max", "step"])
            self.widgets[name] = widget
            row = widget if lang == DEFAULT_LANGUAGE else self._entry_row(knob, widget)
            self.rows[name] = self._help_row(knob, widget, row)
        self._names = {id(wid): name for name, wid in self.widgets.items()}

    def _help_row(self, knob: Knob, widget: w.Widget, row: w.Widget) -> w.Widget:
        """``row`` with an ⓘ before the label that shows and hides the knob's help (a
        tooltip needs a mouse; the tooltip stays)."""
        tip = self.tips[knob.name] = HelpTip(knob.name)
        tip.show(widget.description, _help_lines(knob, self.lang), self.lang)
        return tip.wrap(row)

    def _entry_row(self, knob: Knob, widget: w.Widget) -> w.Widget:
        """The slider with a text box beside it, read in the page language."""
        name = knob.name

        def submit(value):
            widget.value = value  # checked again by _on_value, like a slider move

        def refuse(message):
            self.notice.value = (f'<div class="sr-warning" role="alert">'
                                 f"{html.escape(knob.text(self.lang)[0])}: "
                                 f"{html.escape(message)}</div>")

        entry = NumberEntry(knob, lambda: self.values[name], submit, refuse, lang=self.lang,
                            layout=w.Layout(width="7.5em", flex="0 0 auto"))
        entry.box.tooltip = f"{widget.tooltip}\n{entry_tooltip(knob, self.lang)}"
        widget.observe(lambda _change: entry.show(), names="value")
        self.entries[name] = entry
        widget.layout.width = "auto"
        widget.layout.flex = "1 1 auto"
        return w.HBox([widget, entry.box], layout=w.Layout(width="98%"))

    def _put_back(self, widget, name: str) -> None:
        self._hold = True
        try:
            widget.value = self.values[name]
        finally:
            self._hold = False

    def _on_value(self, change) -> None:
        if self._hold:
            return
        name = self._names[id(change.owner)]
        knob = self.knobs[name]
        msg = knob.problem(change.new, self.lang)
        if msg:
            t = translator(self.lang)
            kept = knob.format(self.values[name], self.currency, self.lang)
            text = t("lessons.knob.refused", label=knob.text(self.lang)[0], problem=msg,
                     kept=kept)
            self.notice.value = f'<div class="sr-warning" role="alert">{html.escape(text)}</div>'
            self._put_back(change.owner, name)
            return
        self.notice.value = ""
        self.values[name] = int(change.new) if knob.kind == "int" else float(change.new)
        self.on_change()

    def _on_bounds(self, change) -> None:
        """A client changed a slider's bounds: put the knob's back."""
        if self._hold:
            return
        name = self._names[id(change.owner)]
        knob = self.knobs[name]
        want = {"min": knob.min, "max": knob.max, "step": knob.step}[change.name]
        if change.new == want:
            return
        widget = change.owner
        self._hold = True
        try:
            # All bounds at once, validated together at the end: restoring max
            # alone would fail while a tampered min is still above it.
            with widget.hold_sync(), widget.hold_trait_notifications():
                widget.min, widget.max, widget.step = knob.min, knob.max, knob.step
                widget.value = self.values[name]
        finally:
            self._hold = False


# --------------------------------------------------------------------------- charts

class _Chart:
    """One reusable figure rendered to PNG bytes (for an ``ipywidgets.Image``)."""

    def __init__(self, ncols: int = 2, width_px: int = _CHART_WIDTH_PX,
                 height_px: int = _CHART_HEIGHT_PX, dpi: int = 100):
        self.figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi,
                             layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        axes = self.figure.subplots(1, ncols)
        self.axes = list(np.atleast_1d(axes))

    def png(self) -> bytes:
        self.canvas.draw()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(),
                         self.canvas.buffer_rgba()).save(buf, format="PNG", compress_level=1)
        return buf.getvalue()


def _style(ax, title: str) -> None:
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="y", alpha=0.3)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _cards(items: Iterable[tuple[str, str, str, str]]) -> str:
    """Cards from (css key, label, value, tone) tuples; tone "", "sr-good", "sr-bad",
    with " sr-undefined" added for a figure that does not exist (:func:`_undefined`)."""
    out = []
    for key, label, value, tone in items:
        out.append(f'<div class="sr-card sr-{key}"><div class="sr-label">{html.escape(label)}'
                   f'</div><div class="sr-value {tone}">{html.escape(value)}</div></div>')
    return f'<div class="sr-cards">{"".join(out)}</div>'


def _undefined(x) -> str:
    """The card tone of a figure that is None (undefined, no payback, an unstable queue)."""
    return " sr-undefined" if x is None else ""


def _tone(x: float | None) -> str:
    if x is None:
        return ""
    return "sr-good" if x > 0 else "sr-bad"


# --------------------------------------------------------------------------- explorers

class _Explorer:
    """Sliders on the left; figures, a chart and the formula with the
    current numbers on the right. Subclasses define ``KEY``, ``KNOBS``,
    :meth:`compute` (pure), :meth:`cards_html`, :meth:`explain_html` and
    :meth:`draw`."""

    KEY = ""
    TITLE = ""
    KNOBS: tuple[Knob, ...] = ()
    NCOLS = 2

    def __init__(self, currency: str = "$", lang: str = DEFAULT_LANGUAGE, **values):
        problem = language_problem(lang)
        if problem:
            raise ValueError(problem)
        self.currency = currency
        self.lang = lang
        self.t = translator(lang)
        start = {k.name: k.default for k in self.KNOBS}
        unknown = [n for n in values if n not in start]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not an input of this lesson "
                             f"(inputs: {', '.join(start)})")
        for name, value in values.items():
            msg = self.knob(name).problem(value)
            if msg:
                raise ValueError(f"{name}: {msg}")
        start |= values
        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.inputs = _Inputs(self.KNOBS, start, self._changed, currency, lang)
        self.cards = w.HTML()
        self.cards.add_class("sr-lesson-cards")
        self.explain = w.HTML()
        self.explain.add_class("sr-lesson-explain")
        self.chart = w.Image(format="png", layout=w.Layout(
            width=f"{_CHART_WIDTH_PX}px", max_width="100%", height="auto"))
        self.chart.add_class("sr-lesson-chart")
        self._chart = _Chart(self.NCOLS)
        self.result = None
        self.title = w.HTML(f"<b lang='{lang}'>{html.escape(self.t(self.TITLE))}</b>")
        controls = w.VBox([self.title, *self.inputs.rows.values(), *self.extra_controls(),
                           self.inputs.notice],
                          layout=w.Layout(flex="1 1 340px", max_width="470px", min_width="280px",
                                          padding="0 10px 0 0"))
        results = w.VBox([self.error, self.cards, self.chart, self.explain],
                         layout=w.Layout(flex="3 1 480px", min_width="0"))
        self.widget = w.VBox([w.HTML(CSS + LESSON_CSS),
                              w.Box([controls, results], layout=w.Layout(
                                  display="flex", flex_flow="row wrap", width="100%"))])
        self.widget.add_class("sr-lesson")
        self.widget.add_class(f"sr-lesson-{self.KEY}")
        self._changed()

    @property
    def figure(self) -> Figure:
        """The chart's matplotlib figure (its texts are in the page language)."""
        return self._chart.figure

    @classmethod
    def knob(cls, name: str) -> Knob:
        return next(k for k in cls.KNOBS if k.name == name)

    @property
    def widgets(self) -> dict[str, w.Widget]:
        return self.inputs.widgets

    @property
    def values(self) -> dict:
        """The current, valid input values."""
        return dict(self.inputs.values) | self.extra_values()

    def extra_controls(self) -> list[w.Widget]:
        return []

    def extra_values(self) -> dict:
        return {}

    def _ipython_display_(self):
        display(self.widget)
        display(HTML(HELP_SCRIPT))  # the knobs' ⓘ buttons (apps.touch)

    @guarded
    def _changed(self, *_args) -> None:
        result = self.compute(self.values)
        self.result = result
        self.error.value = ""
        self.cards.value = self.cards_html(result)      # first: the figures people watch
        self.explain.value = self.explain_html(result)
        for ax in self._chart.axes:
            ax.clear()
        self.draw(self._chart.axes, result)
        self.chart.value = self._chart.png()

    # subclasses
    @classmethod
    def compute(cls, values: Mapping[str, float]):  # pragma: no cover - abstract
        raise NotImplementedError

    def cards_html(self, result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def explain_html(self, result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, axes, result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _html(lang: str, key: str, bold: Iterable[str] = (), count: float | None = None,
          **fields) -> str:
    """The message ``key`` in ``lang`` as HTML: the text and every field escaped,
    the fields named in ``bold`` in bold; with ``count``, the plural form for it."""
    t = translator(lang)
    if count is None:
        template = t(key)
    else:  # the form for the count, its other fields left as {placeholders}
        template = t.plural(key, count, **{name: "{" + name + "}" for name in fields})
    shown = {name: (f"<b>{html.escape(str(v))}</b>" if name in bold else html.escape(str(v)))
             for name, v in fields.items()}
    return html.escape(template, quote=False).format_map(shown)


def _n(x: float, digits: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """A plain number with thousands separators in ``lang``: 425000 → "425,000"
    ("425 000" in Russian), with a minus sign."""
    return translator(lang).number(x, digits)
