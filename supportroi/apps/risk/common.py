"""What the risk app's views share: limits, formatting, notices and range rows."""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable

import ipywidgets as w

from ...assumptions import CATALOG, bounds, number
from ...formatting import money, unit_label
from ...risk import DEFAULT_BAND, tornado

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
    "RangeRow",
    "assumption_options",
    "card",
    "default_ranges",
    "finite",
    "format_value",
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
</style>
"""


def numeric_names() -> list[str]:
    """Catalog assumptions that take numbers (kind "int" or "float"), in catalog
    order: the ones that can have a range or a break-even value."""
    return [n for n, a in CATALOG.items() if getattr(a, "kind", None) in ("int", "float")]


def assumption_options(names: Iterable[str], currency: str = "$") -> list[tuple[str, str]]:
    """Dropdown options "Label (unit)" → name for ``names``."""
    return [(f"{CATALOG[n].label} ({unit_label(CATALOG[n], currency)})", n) for n in names]


def finite(x) -> bool:
    """Whether ``x`` is a finite real number (not a bool, not None)."""
    return (x is not None and not isinstance(x, bool) and isinstance(x, numbers.Real)
            and math.isfinite(float(x)))


def format_value(name: str, x, currency: str = "$", per: bool = True) -> str:
    """A value of assumption ``name`` for people, with its unit: "35.86 %",
    "$401,160 a year", "6.35 min", "166,675 contacts/year"; "undefined" for
    None or NaN. ``per=False`` leaves out the unit after money and per cent
    (for table cells under a labelled column).

    >>> format_value("discount_rate", 0.125)
    '12.5 % a year'
    >>> format_value("tech_annual_cost", 401_160.4, "€")
    '€401,160 a year'
    >>> format_value("confidence", None)
    'undefined'
    """
    if not finite(x):
        return "undefined"
    a = CATALOG[name]
    x = float(x)
    if a.unit.startswith("fraction"):
        text, rest = f"{100 * x:.4g} %".replace("-", "−"), a.unit[len("fraction"):]
    elif a.unit.startswith("currency"):
        text, rest = money(x, currency), a.unit[len("currency"):]
    else:
        text = number(x) if (a.kind == "int" or x.is_integer()) else f"{x:,.4g}"
        rest = " " + unit_label(a, currency)
    if not per:
        return text
    return text + (" a year" if rest == "/year" else rest)


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


def problem_text(p) -> str:
    """A :class:`~supportroi.assumptions.Problem` with labels instead of names."""
    keys = [k for k in str(p.key).split(" + ") if k]
    labels = " + ".join(CATALOG[k].label if k in CATALOG else k for k in keys)
    return f"{labels}: {p.message}" if labels else p.message


def notice(title: str, messages: list[str], kind: str = "sr-warning") -> str:
    """A notice box: a bold title over a list of messages (all escaped)."""
    items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    return (f'<div class="{kind}" role="alert"><b>{html.escape(title)}</b>'
            f"<ul>{items}</ul></div>")


def card(cls: str, label: str, value: str, tone: str = "") -> str:
    """One figure card; values starting with "undefined" are shown smaller."""
    if value.startswith("undefined"):
        tone += " sr-undefined"
    return (f'<div class="sr-card {cls}"><div class="sr-label">{html.escape(label)}</div>'
            f'<div class="sr-value {tone}">{html.escape(value)}</div></div>')


def range_head(parts: Iterable[str]) -> w.HBox:
    """The column heads over range rows: "Assumption (unit)", then ``parts``."""
    head = w.HBox([w.HTML("Assumption (unit)", layout=w.Layout(flex="0 1 300px",
                                                               min_width="150px")),
                   *[w.HTML(t, layout=w.Layout(width="96px")) for t in parts]],
                  layout=w.Layout(flex_flow="row wrap", width="100%"))
    head.add_class("sr-range-head")
    return head


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


def offer_the_rest(picker: w.Dropdown, button: w.Button, taken, currency: str) -> None:
    """Let ``picker`` offer every numeric assumption not in ``taken`` with its unit in
    ``currency`` (the one chosen stays chosen if still free, else the first), and
    enable ``button`` while there is one to add."""
    chosen = picker.value
    free = assumption_options([n for n in numeric_names() if n not in taken], currency)
    picker.options = free
    names = [n for _, n in free]
    picker.value = chosen if chosen in names else (names[0] if names else None)
    button.disabled = not free


class RangeRow:
    """One assumption's range inputs (fractions in per cent): min / most likely /
    max for the Monte Carlo, or low / high (``parts=("low", "high")``) for the
    tornado."""

    def __init__(self, name: str, currency: str, parts: tuple = ("min", "mode", "max")):
        a = CATALOG[name]
        self.name = name
        self.label = w.HTML(layout=w.Layout(flex="0 1 300px", min_width="150px"))
        cls = w.IntText if a.kind == "int" else w.FloatText
        self.inputs = []
        for part in parts:
            box = cls(layout=w.Layout(width="96px"))
            box.add_class(f"sr-range-{part}")
            self.inputs.append(box)
        self.remove = w.Button(icon="times", tooltip=f"Remove {a.label}",
                               layout=w.Layout(width="36px"))
        self.remove.add_class("sr-range-remove")
        self.box = w.HBox([self.label, *self.inputs, self.remove],
                          layout=w.Layout(flex_flow="row wrap", align_items="center",
                                          width="100%"))
        self.box.add_class("sr-range")
        self.box.add_class(f"sr-range-{name}")
        self.set_currency(currency)

    def set_currency(self, currency: str) -> None:
        a = CATALOG[self.name]
        lo, hi = bounds(self.name, currency)
        tip = html.escape(f"{a.help} Valid: {format_value(self.name, lo, currency)} to "
                          f"{format_value(self.name, hi, currency)}.")
        self.label.value = (f'<span title="{tip}">{html.escape(a.label)} '
                            f"({html.escape(unit_label(a, currency))})</span>")

    def set(self, rng) -> None:
        for box, x in zip(self.inputs, rng):
            box.value = _to_display(self.name, x)

    def get(self) -> tuple:
        """(min, most likely, max) or (low, high) in the assumption's unit
        (fractions as decimals)."""
        return tuple(_from_display(self.name, box.value) for box in self.inputs)
