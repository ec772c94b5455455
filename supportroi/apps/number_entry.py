"""Numbers typed the way the page's language writes them, parsed on the server.

ipywidgets 8 reads a slider's readout and a number box with the browser's
``parseFloat``: a Russian ``0,08`` becomes 0, ``1 234`` becomes 1. So the
inputs of the apps take text instead: a :class:`NumberEntry` is a text box
(beside a slider, whose own readout is off, or in place of a number box) that,
when a person presses Enter or leaves it, reads the text with the language's
:meth:`~supportroi.i18n.Translator.parse_number`, checks it against the
catalog's bounds and hands the value on; it then shows the value kept, in the
language's format (``8 %``, ``1 234 567``). A bad entry gets a plain message and
the old value stays; nothing is clamped.

Percentages (assumptions whose unit is a fraction): text with a ``%`` sign is
per cent (``8 %``, ``8,5%`` → 0.08, 0.085); text without it is the fraction, as
the slider readouts took it (``0,08`` → 8 %).

>>> from supportroi.assumptions import CATALOG
>>> read_entry(CATALOG["discount_rate"], "8,5 %", "ru"), read_entry(CATALOG["discount_rate"], "0,08", "ru")
(0.085, 0.08)
>>> show_entry(CATALOG["discount_rate"], 0.105, "ru"), show_entry(CATALOG["discount_rate"], 0.08, "zh")
('10,5\\xa0%', '8%')
"""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as w

from ..assumptions import Assumption
from ..i18n import DEFAULT_LANGUAGE, translator
from .base import accept_from_client

__all__ = ["EntryError", "NumberEntry", "read_entry", "show_entry"]

#: Longest text a client may send an entry box (a number is far shorter).
MAX_CHARS = 60
_PERCENT_SIGNS = ("%", "％", "٪")


class EntryError(ValueError):
    """Typed text that is not a value of the assumption; the message is for a person."""


def _is_percent(a: Assumption) -> bool:
    return a.unit.startswith("fraction")


def _decimals(x: float) -> int:
    """Decimals of a step: 0.005 → 3, 1 → 0."""
    for d in range(10):
        if abs(round(x, d) - x) < 1e-12:
            return d
    return 10


def _digits(a: Assumption, value: float) -> int:
    """Decimals to show: as many as the value has (8 %, 10.5 %, a scenario's 0.662 on a
    0.01 slider: 66.2 %), at most four."""
    x = float(value) * (100 if _is_percent(a) else 1)
    for d in range(5):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return 4


def show_entry(a: Assumption, value, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` of ``a`` as its entry box shows it in ``lang``: ``8 %``, ``1 234,5``."""
    t = translator(lang)
    digits = _digits(a, value)
    if _is_percent(a):
        return t.percent(float(value), digits)
    return t.number(value, digits)


def read_entry(a: Assumption, text: str, lang: str = DEFAULT_LANGUAGE, kept=None,
               limits: tuple | None = None):
    """The value of ``a`` that ``text`` names, typed as ``lang`` writes numbers.

    Raises :class:`EntryError` with a message for a person (in ``lang``) when it
    is not a number, not a whole number where one is needed, or outside the
    bounds (``limits``, the catalog's by default; money bounds depend on the currency:
    :func:`~supportroi.assumptions.bounds`). ``kept`` is the value that stays, for the
    message.
    """
    t = translator(lang)
    low_value, high_value = limits if limits is not None else (a.min, a.max)
    raw = str(text).strip()
    percent = _is_percent(a) and raw.endswith(_PERCENT_SIGNS)
    if percent:
        raw = raw.rstrip("".join(_PERCENT_SIGNS)).strip()
    kept_text = show_entry(a, a.default if kept is None else kept, lang)
    try:
        value = t.parse_number(raw)
    except ValueError as exc:
        raise EntryError(t("inputs.kept", problem=str(exc), kept=kept_text)) from None
    if percent:
        value = value / 100
    if a.kind == "int":
        if not float(value).is_integer():
            raise EntryError(t("inputs.not_whole", text=text, kept=kept_text))
        value = int(value)
    if not (low_value <= value <= high_value) or not math.isfinite(value):
        low, high = show_entry(a, low_value, lang), show_entry(a, high_value, lang)
        if _is_percent(a):
            # "8" for a rate meant 8 %: show that both ways; otherwise the value kept.
            meant = value / 100 if not percent and abs(value) >= 1 else None
            example = meant if meant is not None and low_value <= meant <= high_value else (
                a.default if kept is None else kept)
            raise EntryError(t("inputs.out_of_range_percent", text=text, low=low, high=high,
                               percent=t.percent(example, _decimals(round(100 * example, 4))),
                               fraction=t.number(example, _decimals(round(example, 6))),
                               kept=kept_text))
        raise EntryError(t("inputs.out_of_range", text=text, low=low, high=high,
                           kept=kept_text))
    return value + 0 if value == 0 else value  # "-0" is 0


def entry_tooltip(a: Assumption, lang: str = DEFAULT_LANGUAGE) -> str:
    """How to type a value of ``a`` in ``lang`` (the rule for percentages)."""
    t = translator(lang)
    if _is_percent(a):
        return t("inputs.percent_rule", percent=t.percent(0.08, 0), percent_half=t.percent(
            0.085, 1), fraction=t.number(0.08, 2))
    return t("inputs.number_rule", example=t.number(1234.5, 1))


class NumberEntry:
    """A text box for one numeric assumption, parsed on the server.

    ``current()`` gives the value in use, ``limits()`` the bounds; ``submit(value)`` is called with each
    valid typed value (the caller's own checks may still refuse it); ``refuse(message)``
    shows why a typed text was not used. ``confirmed()`` is called when a person presses
    Enter in the box while it shows the value in use: after a refusal the box shows the
    kept value, so typing that value again changes nothing the browser would send, yet
    the refusal is over. :attr:`box` is the widget.
    """

    def __init__(self, a: Assumption, current: Callable[[], object],
                 submit: Callable[[object], None], refuse: Callable[[str], None],
                 lang: str = DEFAULT_LANGUAGE, disabled: bool = False,
                 limits: Callable[[], tuple] | None = None,
                 confirmed: Callable[[], None] | None = None, **box):
        self.a, self.current, self.submit, self.refuse = a, current, submit, refuse
        self.confirmed = confirmed
        self.limits = limits or (lambda: (a.min, a.max))
        self.lang = lang
        self._holding = False
        self.box = w.Text(continuous_update=False, disabled=disabled, **box)
        self.box.add_class("sr-entry")
        self.box.add_class(f"sr-entry-{a.name}")
        accept_from_client(self.box, () if disabled else ("value",), _text_problem,
                           lambda problems: self.show())
        self.box.observe(self._typed, names="value")
        self.box.on_msg(self._message)
        self.show()

    def set_language(self, lang: str) -> None:
        """Read and show numbers the way ``lang`` writes them."""
        self.lang = lang
        self.show()

    def show(self) -> None:
        """Show the value in use, in the language's format."""
        self._holding = True
        try:
            self.box.value = show_entry(self.a, self.current(), self.lang)
        finally:
            self._holding = False

    def _message(self, _widget, content, _buffers) -> None:
        """Enter pressed (the browser sends "submit" after the value, changed or not)."""
        if (isinstance(content, dict) and content.get("event") == "submit"
                and self.confirmed is not None and not self.box.disabled
                and self.box.value == show_entry(self.a, self.current(), self.lang)):
            self.confirmed()

    def _typed(self, change) -> None:
        if self._holding:
            return
        try:
            value = read_entry(self.a, change.new, self.lang, kept=self.current(),
                               limits=self.limits())
        except EntryError as exc:
            self.show()
            self.refuse(str(exc))
            return
        self.submit(value)
        self.show()


def _text_problem(key, raw) -> str | None:
    if not isinstance(raw, str):
        return "no text was sent"
    if len(raw) > MAX_CHARS:
        return f"more than {MAX_CHARS} characters were sent"
    return None
