"""What the risk app's views share: limits, formatting, notices and range rows.

Every text is a message ``risk.*`` of ``supportroi/locales/<lang>/risk.yaml``, and
every number is written and read the way the page's language does (``lang``: en,
ru, zh): a range box takes ``12,5`` in Russian, parsed here on the server.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable

import ipywidgets as w

from ...assumptions import CATALOG, bounds, number
from ...formatting import decimals, money, unit_label
from ...i18n import DEFAULT_LANGUAGE, translator
from ...risk import DEFAULT_BAND, tornado
from ..base import accept_from_client
from ..number_entry import MAX_CHARS
from ..touch import HelpTip

__all__ = [
    "BANDS",
    "DEFAULT_MC_PICKS",
    "DEFAULT_N",
    "DEFAULT_TOP",
    "LOCAL_CSS",
    "N_CHOICES",
    "PROGRESS_FROM",
    "SEED_MAX",
    "TARGET_BOUNDS",
    "RangeHead",
    "RangeRow",
    "assumption_options",
    "card",
    "default_ranges",
    "finite",
    "format_value",
    "help_lines",
    "label_of",
    "parse_typed",
    "show_number",
    "notice",
    "numeric_names",
    "offer_the_rest",
    "problem_text",
    "relabel",
]

#: Numbers of Monte Carlo draws offered.
N_CHOICES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
#: Draws of a run unless the user picks another number.
DEFAULT_N = 10_000
#: Runs with at least this many draws are evaluated in chunks of
#: :data:`CHUNK` draws, each moving the progress bar.
PROGRESS_FROM = 20_000
CHUNK = 5_000
#: Tornado bands offered: ± this fraction of the current value. [fraction]
BANDS = (0.10, 0.20, 0.30, 0.50)
#: Bars the tornado shows by default (0 = all).
DEFAULT_TOP = 15
#: Assumptions ranged by default in the Monte Carlo: this many of the
#: estimates (role "estimate") with the largest NPV swing in the tornado.
DEFAULT_MC_PICKS = 4
#: Break-even targets accepted. [fraction]
TARGET_BOUNDS = (-10.0, 1_000.0)
#: Largest Monte Carlo seed accepted.
SEED_MAX = 2**32 - 1

#: Styles of the risk app, on top of :data:`supportroi.apps.base.CSS`.
LOCAL_CSS = """
<style>
.sr-app h3 { margin: 14px 0 2px 0; font-size: 1.1em; border-bottom: 1px solid #d5dbe3; }
.sr-scroll { overflow-x: auto; max-width: 100%; }
.sr-wide, .sr-wide .widget-html-content { min-width: 0; max-width: 100%; }
.sr-wide .widget-html-content { line-height: 1.4; }
.sr-app .sr-three table.sr-table td { white-space: normal; }
.sr-app table.sr-table .sr-note { white-space: normal; text-align: left; max-width: 300px;
                                  color: #8a5a00; font-size: 0.9em; }
.sr-be-value { font-size: 1.25em; font-weight: 600; color: #1f2d3d; }
.sr-range-head { font-size: 0.8em; color: #56606b; }
.sr-range-head .sr-help-spacer { display: inline-block; visibility: hidden; font-size: 1.19em;
                                box-sizing: border-box; vertical-align: top; }
/* A label or a choice too long for its box ("Свой диапазон" in 76 px, "Треугольное" in a
   90-px button) wraps at a space or widens, never cut short with "…". */
.sr-risk-views .widget-inline-hbox:has(> .widget-label) { height: auto !important;
  min-height: var(--jp-widgets-inline-height); }
.sr-risk-views .widget-inline-hbox > .widget-label { min-width: min-content;
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; line-height: 1.2;
  align-self: center; }
.sr-risk-views .widget-toggle-button { min-width: max-content; }
</style>
"""


def numeric_names() -> list[str]:
    """Catalog assumptions that take numbers (kind "int" or "float"), in catalog
    order: the ones that can have a range or a break-even value."""
    return [n for n, a in CATALOG.items() if getattr(a, "kind", None) in ("int", "float")]


def label_of(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of assumption ``name`` in ``lang`` (from the assumption catalog)."""
    return CATALOG[name].text(lang)[0]


def assumption_options(names: Iterable[str], currency: str = "$",
                       lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """Dropdown options "Label (unit)" → name for ``names``, in ``lang``."""
    t = translator(lang)
    return [(t("risk.label_unit", label=label_of(n, lang),
               unit=unit_label(CATALOG[n], currency, lang)), n) for n in names]


def finite(x) -> bool:
    """Whether ``x`` is a finite real number (not a bool, not None)."""
    return (x is not None and not isinstance(x, bool) and isinstance(x, numbers.Real)
            and math.isfinite(float(x)))


def format_value(name: str, x, currency: str = "$", per: bool = True,
                 lang: str = DEFAULT_LANGUAGE) -> str:
    """A value of assumption ``name`` for people, with its unit: "35.86 %",
    "$401,160 a year", "6.35 min", "166,675 contacts/year"; "undefined" for
    None or NaN. ``per=False`` leaves out the unit after money and per cent
    (for table cells under a labelled column). In ``lang``'s formats and words.

    >>> format_value("discount_rate", 0.125)
    '12.5 % a year'
    >>> format_value("tech_annual_cost", 401_160.4, "€")
    '€401,160 a year'
    >>> format_value("confidence", None)
    'undefined'
    >>> format_value("discount_rate", 0.125, lang="ru"), format_value("aht_phone_min", 6.35, lang="zh")
    ('12,5\xa0% в год', '6.35 分钟')
    """
    t = translator(lang)
    if not finite(x):
        return t("results.undefined")
    a = CATALOG[name]
    x = float(x)
    english = lang == DEFAULT_LANGUAGE
    if a.unit.startswith("fraction"):
        shown = float(f"{100 * x:.4g}")
        text = (f"{100 * x:.4g} %".replace("-", "−") if english
                else t.percent(shown / 100, decimals(shown)))
        rest = a.unit[len("fraction"):]
    elif a.unit.startswith("currency"):
        text, rest = money(x, currency, lang=lang), a.unit[len("currency"):]
    else:
        if english:
            text = number(x) if (a.kind == "int" or x.is_integer()) else f"{x:,.4g}"
        else:
            shown = x if (a.kind == "int" or x.is_integer()) else float(f"{x:.4g}")
            text = t.number(shown, decimals(shown))
        rest = " " + unit_label(a, currency, lang)
    if not per:
        return text
    if rest == "/year":
        return t("risk.per_year", value=text)
    if rest == "/minute":
        return t("risk.per_minute", value=text)
    return text + rest


def show_number(x: float, lang: str = DEFAULT_LANGUAGE, most: int = 6) -> str:
    """A number for an entry box in ``lang``'s format, with the decimals it has:
    ``12,5`` (ru), ``48,000`` (en)."""
    x = float(x)
    return translator(lang).number(x, decimals(x, most=most))


def parse_typed(text, lang: str = DEFAULT_LANGUAGE, whole: bool = False) -> float:
    """A number typed in an entry box in ``lang`` (``12,5`` in Russian; a trailing per
    cent sign is allowed and ignored: the boxes take per cent). ``whole``: refuse a
    fraction. Raises ValueError with a message for a person, in ``lang``."""
    t = translator(lang)
    raw = str(text).strip().rstrip("%％").strip()
    value = t.parse_number(raw)   # ValueError with a message in lang
    if whole and not float(value).is_integer():
        raise ValueError(t("risk.not_whole", text=str(text)))
    return value


def _text_sent(key, raw) -> str | None:
    """What is wrong with text a client sent an entry box, or None."""
    if not isinstance(raw, str):
        return "no text was sent"
    if len(raw) > MAX_CHARS:
        return f"more than {MAX_CHARS} characters were sent"
    return None


def entry_box(on_typed, **layout) -> w.Text:
    """A text box for a number, read on the server: ``on_typed(text)`` is called when a
    person presses Enter or leaves it; a client can send only short text."""
    box = w.Text(continuous_update=False, **layout)
    box.add_class("sr-number")
    accept_from_client(box, ("value",), _text_sent)
    box._sr_holding = False

    def typed(change):
        if not box._sr_holding:
            on_typed(change.new)
    box.observe(typed, names="value")
    return box


def show_in(box: w.Text, text: str) -> None:
    """Put ``text`` in an :func:`entry_box` without calling it back."""
    box._sr_holding = True
    try:
        box.value = text
    finally:
        box._sr_holding = False


def default_ranges(values, names: Iterable[str], band: float = DEFAULT_BAND) -> dict:
    """Three-point ranges ``{name: (min, most_likely, max)}`` pre-filled for
    the Monte Carlo: the current value ± ``band`` (0.20 = ±20 %) as the
    tornado tests it, i.e. cut to the catalog bounds and the cross-field
    rules with the other assumptions at their values, whole numbers for
    whole-number assumptions. The most likely value is the current value.
    A value of 0 gives (0, 0, 0): enter a range for it."""
    names = [n for n in names if n in CATALOG]
    if not names:
        return {}
    table = tornado(values, names=names, band=band).table.set_index("name")
    out = {}
    for name in names:
        a = CATALOG[name]
        lo, hi, mode = table.at[name, "low"], table.at[name, "high"], table.at[name, "base"]
        if a.kind == "int":
            out[name] = (int(lo), int(mode), int(hi))
        else:  # 12 significant digits: 0.8 × 1.2 is 0.96, not 0.9600000000000001
            out[name] = tuple(float(f"{float(x):.12g}") for x in (lo, mode, hi))
    return out


def _to_display(name: str, x):
    """Model unit → what the input box shows (fractions in per cent)."""
    a = CATALOG[name]
    if a.kind == "int":
        return int(x)
    return round(100 * float(x), 8) if a.unit.startswith("fraction") else float(x)


def _from_display(name: str, x):
    a = CATALOG[name]
    if a.kind == "int":
        return x
    return round(float(x) / 100, 12) if a.unit.startswith("fraction") else float(x)


def help_lines(pairs, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The lines of an ⓘ help text (:class:`~supportroi.apps.touch.HelpTip`): "label:
    what it does" for each ``(label, help)`` of ``pairs``, in ``lang``."""
    t = translator(lang)
    return [t("risk.help.item", label=label, help=help_) for label, help_ in pairs]


def problem_text(p, lang: str = DEFAULT_LANGUAGE) -> str:
    """A :class:`~supportroi.assumptions.Problem` with labels (in ``lang``) instead of
    names."""
    keys = [k for k in str(p.key).split(" + ") if k]
    labels = " + ".join(label_of(k, lang) if k in CATALOG else k for k in keys)
    return translator(lang)("risk.problem", labels=labels, message=p.text(lang)) if labels \
        else p.text(lang)


def notice(title: str, messages: list[str], kind: str = "sr-warning") -> str:
    """A notice box: a bold title over a list of messages (all escaped)."""
    items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    return (f'<div class="{kind}" role="alert"><b>{html.escape(title)}</b>'
            f"<ul>{items}</ul></div>")


def card(cls: str, label: str, value: str, tone: str = "", undefined: bool = False) -> str:
    """One figure card; an ``undefined`` value (a reason in words) is shown smaller."""
    if undefined:
        tone += " sr-undefined"
    return (f'<div class="sr-card {cls}"><div class="sr-label">{html.escape(label)}</div>'
            f'<div class="sr-value {tone}">{html.escape(value)}</div></div>')


#: The column heads of range rows, by part.
_PART_HEADS = {"min": "risk.range.min", "mode": "risk.range.mode", "max": "risk.range.max",
               "low": "risk.range.low", "high": "risk.range.high"}


class RangeHead:
    """The column heads over range rows: "Assumption (unit)", then ``parts``
    (``box`` is the widget; :meth:`set_language` relabels it)."""

    def __init__(self, parts: Iterable[str], lang: str = DEFAULT_LANGUAGE):
        self.parts = tuple(parts)
        self.first = w.HTML(layout=w.Layout(flex="0 1 300px", min_width="150px"))
        self.heads = [w.HTML(layout=w.Layout(width="96px")) for _ in self.parts]
        # As wide as the rows' ⓘ, so that the heads stand over their boxes.
        spacer = w.HTML('<span class="sr-help-toggle sr-help-spacer" aria-hidden="true">'
                        "</span>", layout=w.Layout(width="auto", flex="0 0 auto"))
        spacer.add_class("sr-help-button")
        self.box = w.HBox([spacer, w.HBox([self.first, *self.heads],
                                          layout=w.Layout(flex="1 1 0%", min_width="0",
                                                          flex_flow="row wrap"))],
                          layout=w.Layout(width="98%"))
        self.box.add_class("sr-range-head")
        self.set_language(lang)

    @property
    def layout(self):
        return self.box.layout

    def set_language(self, lang: str) -> None:
        t = translator(lang)
        self.first.value = html.escape(t("risk.range.assumption"))
        for head, part in zip(self.heads, self.parts):
            head.value = html.escape(t(_PART_HEADS[part]))


def relabel(view, picker: w.Widget, options: list) -> None:
    """Give ``picker`` (a dropdown or multiple selection) new option labels, keeping what
    is chosen; ``view``'s callbacks ignore the change (``view._hold``)."""
    if list(picker.options) == options:
        return
    chosen = picker.value
    view._hold = True
    try:
        picker.options = options
        picker.value = chosen
    finally:
        view._hold = False


def offer_the_rest(picker: w.Dropdown, button: w.Button, taken, currency: str,
                   lang: str = DEFAULT_LANGUAGE) -> None:
    """Let ``picker`` offer every numeric assumption not in ``taken`` with its unit in
    ``currency`` (the one chosen stays chosen if still free, else the first), and
    enable ``button`` while there is one to add; labels in ``lang``."""
    chosen = picker.value
    free = assumption_options([n for n in numeric_names() if n not in taken], currency, lang)
    picker.options = free
    names = [n for _, n in free]
    picker.value = chosen if chosen in names else (names[0] if names else None)
    button.disabled = not free


class RangeRow:
    """One assumption's range inputs (fractions in per cent): min / most likely /
    max for the Monte Carlo, or low / high (``parts=("low", "high")``) for the
    tornado. The boxes take text typed the way ``lang`` writes numbers, read here
    (``12,5`` in Russian); ``on_change()`` is called after a value was taken,
    ``refuse(message)`` when a text is not a number (the old value stays)."""

    def __init__(self, name: str, currency: str, parts: tuple = ("min", "mode", "max"),
                 lang: str = DEFAULT_LANGUAGE, on_change=None, refuse=None):
        a = CATALOG[name]
        self.name, self.parts, self.lang, self.currency = name, tuple(parts), lang, currency
        self.on_change, self.refuse = on_change, refuse
        self.label = w.HTML(layout=w.Layout(flex="0 1 300px", min_width="150px"))
        self.values = [a.default if a.kind == "int" else float(a.default)] * len(self.parts)
        self.inputs = []
        for i, part in enumerate(self.parts):
            box = entry_box(lambda text, i=i: self._typed(i, text), layout=w.Layout(width="96px"))
            box.add_class(f"sr-range-{part}")
            self.inputs.append(box)
        self.remove = w.Button(icon="times", layout=w.Layout(width="36px"))
        self.remove.add_class("sr-range-remove")
        #: The ⓘ before the label: on a touch screen the range's help, the valid values
        #: and what ✕ does (the label's tooltip needs a mouse).
        self.tip = HelpTip(f"range-{name}")
        self.box = self.tip.wrap(w.HBox([self.label, *self.inputs, self.remove],
                                        layout=w.Layout(flex_flow="row wrap",
                                                        align_items="center")))
        self.box.add_class("sr-range")
        self.box.add_class(f"sr-range-{name}")
        self.remove_key = "risk.range.remove"
        self.set_currency(currency)

    def set_currency(self, currency: str) -> None:
        """Show the unit in ``currency`` (and the texts in the row's language)."""
        self.currency = currency
        a, lang = CATALOG[self.name], self.lang
        t = translator(lang)
        label, help_ = a.text(lang)
        lo, hi = bounds(self.name, currency)
        tip = t("risk.range.tip", help=help_,
                low=format_value(self.name, lo, currency, lang=lang),
                high=format_value(self.name, hi, currency, lang=lang))
        shown = t("risk.label_unit", label=label, unit=unit_label(a, currency, lang))
        self.label.value = f'<span title="{html.escape(tip)}">{html.escape(shown)}</span>'
        self.remove.tooltip = t(self.remove_key, label=label)
        self.tip.show(shown, [tip, t("risk.help.remove", action=self.remove.tooltip)], lang)

    def set_language(self, lang: str) -> None:
        """Relabel the row and show its values in ``lang``'s format (values stay)."""
        self.lang = lang
        self.set_currency(self.currency)
        self.show()

    def set(self, rng) -> None:
        """Put ``rng`` (in the assumption's unit, fractions as decimals) in the boxes."""
        self.values = [_plain(self.name, x) for x in rng]
        self.show()

    def show(self) -> None:
        for box, x in zip(self.inputs, self.values):
            show_in(box, show_number(_to_display(self.name, x), self.lang, most=8))

    def get(self) -> tuple:
        """(min, most likely, max) or (low, high) in the assumption's unit
        (fractions as decimals)."""
        return tuple(self.values)

    def _typed(self, i: int, text: str) -> None:
        a = CATALOG[self.name]
        t = translator(self.lang)
        try:
            shown = parse_typed(text, self.lang, whole=a.kind == "int")
        except ValueError as exc:
            self.show()
            if self.refuse is not None:
                kept = show_number(_to_display(self.name, self.values[i]), self.lang, most=8)
                self.refuse(t("risk.range.refused", label=a.text(self.lang)[0],
                              part=t(_PART_HEADS[self.parts[i]]), problem=str(exc), kept=kept))
            return
        self.values[i] = _from_display(self.name, int(shown) if a.kind == "int" else shown)
        self.show()
        if self.on_change is not None:
            self.on_change()


def _plain(name: str, x):
    return int(x) if CATALOG[name].kind == "int" else float(x)
