"""Widgets for catalog assumptions, validated on the server side.

Every app builds its inputs here, from :data:`~supportroi.assumptions.CATALOG`:
label with unit, slider or number box, step, display format and a tooltip
with the help text, bounds and source. Nothing a browser sends is trusted:
a websocket client can set any widget value (its min and max too), so each
change is checked against the catalog and the rules spanning several inputs
before it reaches the model. A refused value is put back and a notice says
why; nothing is clamped silently.

The self-service share is shown but not edited: in the apps it is the rest,
100 % − phone − chat − email, so the four shares always add up.

Every text the controls show (labels, tooltips, group titles, units, notices) is in
the language given as ``lang`` (messages in ``supportroi/locales/<lang>/controls.yaml``
and the catalog's own texts); ``set_language`` switches it in place, keeping values.
Sources (citations) stay in their original language.
"""

from __future__ import annotations

import html
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

import ipywidgets as w
import traitlets

from ..assumptions import (
    CATALOG,
    GROUPS,
    Assumption,
    bounds,
    check_value,
    defaults,
    group_label,
    number,
    validate,
)
from ..currency import CURRENCIES as MONEY_CURRENCIES
from ..currency import DEFAULT_CURRENCY, currency_code
from ..formatting import unit_label
from ..i18n import DEFAULT_LANGUAGE, language_problem, translator
from ..initiatives import still_needed
from ..scenarios import MAX_BYTES as SCENARIO_MAX_BYTES
from ..scenarios import Scenario, ScenarioError, load_scenario, parse_scenario, shipped_scenarios
from .base import accept_from_client, guard_choice, guarded, number_problem
from .number_entry import NumberEntry, _decimals, entry_tooltip
from .query import (
    CONFIRMED_PARAMETER,
    INITIATIVES_PARAMETER,
    INTANGIBLE_PARAMETER,
    NOT_MEASURED_PARAMETER,
    TITLE_PARAMETER,
    parse_meta,
    parse_query,
)
from .touch import HelpTip

__all__ = ["AssumptionControls", "ScenarioControls", "DERIVED", "CURRENCIES", "FloatSlider",
           "IntSlider"]

#: The currency picker's options: ("₽ RUB", "RUB"), ... (supportroi.currency.CURRENCIES).
CURRENCIES = tuple((f"{sym} {code}", code) for code, sym in MONEY_CURRENCIES.items())

log = logging.getLogger(__name__)

#: Shares the apps derive rather than let people edit: name → the shares it completes.
DERIVED = {"share_self_service": ("share_phone", "share_chat", "share_email")}

_TEXT_UNITS = ("currency", "contacts/year", "customers", "FTE")

#: A slider is "wide" (far wider than its use) when its range is at least this many times
#: the span from its lower bound to its default (or one step) ...
WIDE_RATIO = 10
#: ... and it has at least this many steps: on a ~115-px track a step is then under ~2 px,
#: too fine to hit by dragging. Wide sliders get − / + buttons that move one step.
WIDE_MIN_STEPS = 50


def is_wide(a: Assumption) -> bool:
    """Whether the slider of ``a`` gets − / + step buttons (decided from the catalog's
    bounds, default and step alone, the same rule for every input).

    >>> is_wide(CATALOG["training_hours_per_agent"]), is_wide(CATALOG["discount_rate"])
    (True, False)
    """
    if not a.numeric or not a.step or a.name in DERIVED:
        return False
    span = a.max - a.min
    return (span >= WIDE_RATIO * max(abs(a.default - a.min), a.step)
            and span / a.step >= WIDE_MIN_STEPS)


def step_value(a: Assumption, value, direction: int):
    """The value one step of ``a`` above (``direction`` 1) or below (-1) ``value``, on the
    slider's step grid (0.662 on a 0.01 grid: 0.67 up, 0.66 down). Not checked against
    the bounds: the caller refuses what is out of them.

    >>> a = CATALOG["training_hours_per_agent"]
    >>> step_value(a, 16, 1), step_value(a, 16, -1), step_value(CATALOG["fcr_improvement"], 0.0312, 1)
    (17.0, 15.0, 0.035)
    """
    steps = (float(value) - a.min) / a.step
    near = round(steps)
    if abs(steps - near) < 1e-6:
        steps = near + direction
    else:
        steps = math.floor(steps) + (1 if direction > 0 else 0)
    new = a.min + steps * a.step
    if a.kind == "int":
        return int(round(new))
    return round(new, _decimals(a.step) + 1) + 0.0


class _Unclamped:
    """Slider mixin: pass out-of-range values through to the observers.

    ipywidgets clamps a slider value to [min, max] in its own validator, which
    would turn a tampered 1e9 into the maximum without a word. Letting it
    through means :class:`AssumptionControls` sees the value a client sent and
    refuses it with a notice.
    """

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        return proposal["value"]


class FloatSlider(_Unclamped, w.FloatSlider):
    """A FloatSlider whose value is checked by the app, not clamped."""


class IntSlider(_Unclamped, w.IntSlider):
    """An IntSlider whose value is checked by the app, not clamped."""


def _percent_format(step: float) -> str:
    return ".0%" if step >= 0.01 else (".1%" if step >= 0.001 else ".2%")


def _texts(a: Assumption, currency: str, lang: str) -> tuple[str, str]:
    """The description (label with unit) and tooltip of ``a``'s widget in ``lang``."""
    description, help_, valid, source = _help_parts(a, currency, lang)
    return description, translator(lang)("controls.tooltip", help=help_, valid=valid,
                                         source=source)


def _help_parts(a: Assumption, currency: str, lang: str) -> tuple[str, str, str, str]:
    """The description (label with unit), help, valid range and source of ``a`` in ``lang``
    (the tooltip and the ⓘ help text are made of them)."""
    t = translator(lang)
    label, help_ = a.text(lang)
    unit = unit_label(a, currency, lang)
    if not a.numeric:
        valid = t("controls.valid_choice",
                  choices=", ".join(a.choice_label(c, lang) for c in a.choices))
        description = label
    else:
        if a.unit.startswith("fraction"):
            valid = t("controls.valid_range", min=a.format(a.min, lang), max=a.format(a.max, lang))
        else:
            valid = t("controls.valid_range_unit", min=number(a.min, lang),
                      max=number(a.max, lang), unit=unit)
        description = t("controls.label_rest" if a.name in DERIVED else "controls.label_unit",
                        label=label, unit=unit)
    return description, help_, valid, a.source


def _choice_options(a: Assumption, lang: str) -> list[tuple[str, str]]:
    return [(a.choice_label(c, lang), c) for c in a.choices]


def _make_widget(a: Assumption, value, currency: str, lang: str = DEFAULT_LANGUAGE) -> w.Widget:
    label, tooltip = _texts(a, currency, lang)
    common = dict(description=label, tooltip=tooltip,
                  style={"description_width": "48%"}, layout=w.Layout(width="98%"))
    if not a.numeric:
        return w.Dropdown(options=_choice_options(a, lang), value=value, **common)
    if a.name in DERIVED:
        return FloatSlider(value=value, min=a.min, max=a.max, step=a.step, disabled=True,
                             readout=False, **common)
    if a.unit.startswith(_TEXT_UNITS):
        cls = w.IntText if a.kind == "int" else w.FloatText
        return cls(value=value, step=a.step, **common)
    if a.kind == "int":
        return IntSlider(value=value, min=a.min, max=a.max, step=a.step, readout=False,
                           continuous_update=False, **common)
    fmt = _percent_format(a.step) if a.unit.startswith("fraction") else (
        ".2f" if a.step < 0.1 else (".1f" if a.step < 1 else ".0f"))
    return FloatSlider(value=value, min=a.min, max=a.max, step=a.step, readout_format=fmt,
                         readout=False, continuous_update=False, **common)


class AssumptionControls:
    """Widgets for some or all assumptions, grouped, with server-side checks.

    ``on_change(names)`` is called with the names whose values changed after
    every accepted change (one call for a scenario load). ``values`` always
    holds a complete, valid set. Texts are in ``lang`` (see :meth:`set_language`).
    """

    def __init__(self, names: Iterable[str] | None = None,
                 on_change: Callable[[set[str]], None] | None = None,
                 values: Mapping[str, object] | None = None, currency: str = DEFAULT_CURRENCY,
                 lang: str = DEFAULT_LANGUAGE):
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang = lang
        self._t = translator(lang)
        self._panels: list[tuple[w.Accordion, list[str]]] = []
        self.names = list(names or CATALOG)
        self.on_change = on_change
        self._values = defaults() | dict(values or {})
        self._hold = False
        self._currency = currency  # money bounds are the currency's (assumptions.bounds)
        self.notice = w.HTML(layout=w.Layout(width="100%"))
        self.notice.add_class("sr-notice")
        self.widgets: dict[str, w.Widget] = {}
        #: Typed-number boxes (:mod:`~supportroi.apps.number_entry`) and each input's row.
        self.entries: dict[str, NumberEntry] = {}
        self.rows: dict[str, w.Widget] = {}
        #: The ⓘ buttons that show each input's help on tap (:class:`~.touch.HelpTip`).
        self.tips: dict[str, HelpTip] = {}
        #: The − / + buttons of wide sliders (:func:`is_wide`), by name.
        self.steps: dict[str, tuple[w.Button, w.Button]] = {}
        self._notice_about: str | None = None  # the input a typed-number refusal is about
        for name in self.names:
            a = CATALOG[name]
            widget = _make_widget(a, self._values[name], currency, lang)
            widget.add_class("sr-input")
            widget.add_class(f"sr-{name}")
            widget.observe(self._on_value, names="value")
            if hasattr(widget, "max"):
                widget.observe(self._on_bounds, names=["min", "max", "step"])
            self._guard(name, widget)
            self.widgets[name] = widget
            self.rows[name] = self._help_row(
                name, self._entry_row(a, widget) if a.numeric else widget)
        self._names = {id(wid): name for name, wid in self.widgets.items()}

    def _help_row(self, name: str, row: w.Widget) -> w.Widget:
        """``row`` with an ⓘ button before its label and, under it, the help text the
        button shows and hides (for touch screens; the tooltip stays for a mouse)."""
        tip = self.tips[name] = HelpTip(name)
        self._tip_texts(name)
        return tip.wrap(row)

    def _tip_texts(self, name: str) -> None:
        description, help_, valid, source = _help_parts(CATALOG[name], self._currency, self.lang)
        self.tips[name].set(description, help_, valid, source, self.lang)

    def _entry_row(self, a: Assumption, widget: w.Widget) -> w.Widget:
        """The input of ``a`` with a text box typed in the page language: beside the
        slider (whose readout is off), or in place of the number box, which is hidden
        and keeps the value (the browser's parseFloat reads "0,08" as 0)."""
        name = a.name
        slider = hasattr(widget, "max")
        box = dict(layout=w.Layout(width="7.5em", flex="0 0 auto")) if slider else dict(
            description=widget.description, style={"description_width": "48%"},
            layout=w.Layout(width="98%"))
        entry = NumberEntry(a, lambda: self._values[name], lambda v: self._accept(name, v),
                            lambda message: self.show_notice([f"{self._label(name)}: {message}"],
                                                             about=name),
                            lang=self.lang, disabled=name in DERIVED,
                            limits=lambda: bounds(name, self._currency),
                            confirmed=lambda: self._confirmed(name), **box)
        entry.box.tooltip = f"{widget.tooltip}\n{entry_tooltip(a, self.lang)}"
        widget.observe(lambda _change: entry.show(), names="value")
        self.entries[name] = entry
        if slider:
            widget.layout.width = "auto"
            widget.layout.flex = "1 1 auto"
            parts = [widget, entry.box]
            if is_wide(a):
                parts[1:1] = self._step_buttons(a)
            return w.HBox(parts, layout=w.Layout(width="98%", align_items="center"))
        entry.box.add_class("sr-input")
        widget.layout.display = "none"
        return w.HBox([entry.box, widget], layout=w.Layout(width="100%"))

    def _step_buttons(self, a: Assumption) -> list[w.Button]:
        """− and + buttons that move ``a`` one step (checked like any other change; at a
        bound the button is disabled, and a click sent anyway is refused with a notice)."""
        name = a.name
        buttons = []
        for direction, text, cls in ((-1, "\u2212", "sr-step-down"), (1, "+", "sr-step-up")):
            button = w.Button(description=text, layout=w.Layout(width="2.1em", padding="0",
                                                                flex="0 0 auto"))
            button.add_class("sr-step")
            button.add_class(cls)
            button.add_class(f"{cls}-{name}")
            button.on_click(lambda _b, d=direction: self._step(name, d))
            accept_from_client(button, ())
            buttons.append(button)
        self.steps[name] = tuple(buttons)
        self._step_texts(name)
        self.widgets[name].observe(lambda _change: self._step_texts(name), names="value")
        return buttons

    def _step_texts(self, name: str) -> None:
        """The step buttons' tooltips in the controls' language; disabled at a bound."""
        if name not in self.steps:
            return
        a = CATALOG[name]
        low, high = bounds(name, self._currency)
        value = self._values[name]
        down, up = self.steps[name]
        step = a.format(a.step, self.lang) if not a.unit.startswith("fraction") else \
            self._t.percent(a.step, _decimals(round(100 * a.step, 6)))
        down.tooltip = self._t("controls.step_down", step=step)
        up.tooltip = self._t("controls.step_up", step=step)
        down.disabled = not step_value(a, value, -1) >= low
        up.disabled = not step_value(a, value, 1) <= high

    def _step(self, name: str, direction: int) -> None:
        self._accept(name, step_value(CATALOG[name], self._values[name], direction))
        self._step_texts(name)

    def _entries_language(self, lang: str) -> None:
        """Read and show typed numbers the way ``lang`` writes them (labels and tooltips
        as the widgets beside them)."""
        for name, entry in self.entries.items():
            widget = self.widgets[name]
            entry.set_language(lang)
            entry.box.tooltip = f"{widget.tooltip}\n{entry_tooltip(CATALOG[name], lang)}"
            if not hasattr(widget, "max"):  # the box stands in for a hidden number box
                entry.box.description = widget.description

    # -- reading -------------------------------------------------------------
    @property
    def values(self) -> dict:
        """Every assumption's current valid value."""
        return dict(self._values)

    def panel(self, groups: Iterable[str] | None = None) -> w.Widget:
        """The controls in one tab per group (only groups with controls)."""
        wanted = list(groups) if groups else [g for g, _ in GROUPS]
        keys, pages = [], []
        for key, _title in GROUPS:
            members = [self.rows[n] for n in self.names if CATALOG[n].group == key]
            if key in wanted and members:
                keys.append(key)
                pages.append(w.VBox(members, layout=w.Layout(width="100%")))
        tabs = w.Accordion(children=pages, selected_index=0,
                           titles=tuple(group_label(k, self.lang) for k in keys))
        tabs.add_class("sr-controls")
        self._panels.append((tabs, keys))
        return tabs

    # -- writing -------------------------------------------------------------
    def set_values(self, values: Mapping[str, object]) -> list[str]:
        """Set several values at once (a scenario, URL parameters).

        Valid values are applied together; invalid ones are left out and
        returned as messages (also shown in the notice).
        """
        candidate = dict(self._values)
        messages = []
        values = dict(values)
        for name, parts in DERIVED.items():  # e.g. a link that sets only share_phone
            if name in self.widgets and name not in values and any(p in values for p in parts):
                values[name] = round(1.0 - sum(values.get(p, self._values[p]) for p in parts),
                                     12)
        for name, value in values.items():
            if name not in CATALOG:
                messages.append(self._t("controls.named", label=name,
                                        message=self._t("validation.unknown")))
                continue
            msg = check_value(name, value, self._currency, self.lang)
            if msg:
                messages.append(self._t("controls.named", label=self._label(name), message=msg))
            else:
                candidate[name] = value
        for p in validate(candidate, self._currency, self.lang):  # rules spanning several inputs
            keys = p.key.split(" + ")
            messages.append(self._t("controls.kept_previous", message=p.message,
                                    labels=", ".join(self._label(k) for k in keys)))
            for k in keys:
                candidate[k] = self._values[k]
        if validate(candidate, self._currency):  # still inconsistent: keep everything as it was
            candidate = dict(self._values)
        changed = {k for k in candidate if candidate[k] != self._values[k]}
        self._values = candidate
        self._sync(changed)
        self.show_notice(messages)
        if changed and self.on_change:
            self.on_change(changed)
        return messages

    def set_currency(self, currency: str) -> None:
        self._currency = currency
        for name, widget in self.widgets.items():
            a = CATALOG[name]
            if a.unit.startswith("currency"):
                widget.description, widget.tooltip = _texts(a, currency, self.lang)
                self._tip_texts(name)

    def set_language(self, lang: str) -> None:
        """Show every label, tooltip, group title and choice in ``lang``; values stay.

        The notice is cleared (it was written in the previous language)."""
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang, self._t = lang, translator(lang)
        self._hold = True  # new option labels move a dropdown's value: not a change
        try:
            for name, widget in self.widgets.items():
                a = CATALOG[name]
                widget.description, widget.tooltip = _texts(a, self._currency, lang)
                self._tip_texts(name)
                if not a.numeric:
                    widget.options = _choice_options(a, lang)
                    widget.value = self._values[name]
        finally:
            self._hold = False
        for tabs, keys in self._panels:
            tabs.titles = tuple(group_label(k, lang) for k in keys)
        self._entries_language(lang)
        for name in self.steps:
            self._step_texts(name)
        self.show_notice([])

    def show_notice(self, messages: list[str], about: str | None = None) -> None:
        """Show ``messages`` under "Not applied:" (none: clear the notice). ``about``: the
        input whose typed value the notice refuses (cleared once it is valid again)."""
        self._notice_about = about if messages else None
        if not messages:
            self.notice.value = ""
            return
        items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
        title = html.escape(self._t("controls.not_applied"))
        self.notice.value = (f'<div class="sr-warning" role="alert"><b>{title}</b>'
                             f"<ul>{items}</ul></div>")

    def _confirmed(self, name: str) -> None:
        """The box of ``name`` was submitted showing the value in use (a person typed the
        kept value again and pressed Enter): a notice refusing its earlier text is over."""
        if self._notice_about == name:
            self.show_notice([])

    def _label(self, name: str) -> str:
        return CATALOG[name].text(self.lang)[0]

    def _kept(self, name: str, why: str) -> str:
        """"<label>: <why>. Kept <value>." in the controls' language."""
        a = CATALOG[name]
        return self._t("controls.refused_kept", label=self._label(name), why=why,
                       kept=a.format(self._values[name], self.lang))

    # -- internals -----------------------------------------------------------
    def _guard(self, name: str, widget: w.Widget) -> None:
        """Check what clients send this widget before ipywidgets converts,
        clamps or echoes it: ``"0.2"``, ``true``, 4.5 for a whole number, NaN,
        1e309 and out-of-range values are refused with a notice, and so are new
        bounds, options or labels."""
        a = CATALOG[name]

        def refused(problems) -> None:
            if "value" in problems or "index" in problems:
                why = problems.get("value") or problems.get("index")
            else:
                why = self._t("controls.settings_fixed")
            self.show_notice([self._kept(name, why)])

        if not a.numeric:
            guard_choice(widget, refused, lambda: self.lang)
            return

        def check(key, raw):
            if not number_problem(raw) and self._is_echo(a, raw, widget):
                return None  # the browser showing a loaded value at its step (see _is_echo)
            if name in DERIVED:
                return self._t("controls.derived_not_settable")
            return (number_problem(raw, whole=a.kind == "int", lang=self.lang)
                    or check_value(name, raw, self._currency, self.lang))
        accept_from_client(widget, ("value",), check, refused)

    def _sync(self, names: Iterable[str]) -> None:
        self._hold = True
        try:
            for name in names:
                if name in self.widgets:
                    self.widgets[name].value = self._values[name]
            for name, parts in DERIVED.items():
                if name in self.widgets:
                    self.widgets[name].value = self._values[name]
        finally:
            self._hold = False

    def _derive(self, candidate: dict) -> None:
        for name, parts in DERIVED.items():
            if name in self.widgets:
                candidate[name] = round(1.0 - sum(candidate[p] for p in parts), 12)

    def _on_value(self, change) -> None:
        if self._hold:
            return
        name = self._names[id(change.owner)]
        value = change.new
        if self._is_echo(CATALOG[name], value, change.owner):
            return  # the slider showed a loaded value on its step grid: keep the exact value
        self._accept(name, value, shown=True)

    def _accept(self, name: str, value, shown: bool = False) -> None:
        """Use ``value`` for ``name`` if it passes every check, else keep the old value
        with a notice; ``shown``: the widget already shows it (a slider moved)."""
        a = CATALOG[name]
        if name in DERIVED:  # shown, never edited: a client that sets it is refused
            self.show_notice([self._t("controls.derived_kept", label=self._label(name),
                                      kept=a.format(self._values[name], self.lang))])
            self._sync([name])
            return
        if a.kind == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        msg = check_value(name, value, self._currency, self.lang)
        candidate = dict(self._values) | {name: value}
        if not msg:
            self._derive(candidate)
            for derived, parts in DERIVED.items():
                if name in parts and candidate[derived] < -1e-9:
                    msg = self._t("controls.shares_over_100", total=self._t.number(
                        100 * sum(candidate[p] for p in parts)))
        if not msg:
            problems = validate(candidate, self._currency, self.lang)
            if problems:
                msg = "; ".join(p.message for p in problems)
        if msg:
            log.info("refused %s=%r: %s", name, value, msg)
            self.show_notice([self._kept(name, msg)], about=name)
            self._sync([name])
            return
        changed = {k for k in candidate if candidate[k] != self._values[k]}
        self._values = candidate
        self.show_notice([])
        self._sync(changed - {name} if shown else changed)
        if self.on_change:
            self.on_change(changed)

    def _is_echo(self, a, value, widget: w.Widget) -> bool:
        """True if ``value`` is the stored value snapped to the slider's step.

        A browser slider shows a value such as 0.662 (from a scenario or a client
        export) at its nearest step, 0.66, and sends that back without anyone
        touching it. That is display rounding, not a change: the model keeps 0.662.
        A person moving the slider moves it by a whole step. A number box shows the
        value as it is, so what it sends is always typed (27,500 after a loaded
        27,512.5 is a change).
        """
        if not isinstance(widget, w.FloatSlider | w.IntSlider):
            return False
        if not a.numeric or not a.step or isinstance(value, bool):
            return False
        try:
            old = float(self._values[a.name])
            new = float(value)
        except (TypeError, ValueError):
            return False
        steps = (new - a.min) / a.step
        on_grid = abs(steps - round(steps)) < 1e-6
        return new != old and on_grid and abs(new - old) < a.step / 2 + 1e-12

    def _on_bounds(self, change) -> None:
        """A client changed a slider's bounds: put the catalog's back."""
        if self._hold:
            return
        name = self._names[id(change.owner)]
        a = CATALOG[name]
        owner = change.owner
        want = {"min": a.min, "max": a.max, "step": a.step}
        if all(getattr(owner, k) == v for k, v in want.items()):
            return
        log.warning("client changed %s.%s to %r; restored", name, change.name, change.new)
        self._hold = True  # restoring bounds may move the value: ignore that
        try:
            # All at once, validated together (min=1e11, max=1e12 must not trip min > max).
            with owner.hold_sync(), owner.hold_trait_notifications():
                for key, value in want.items():
                    setattr(owner, key, value)
                owner.value = self._values[name]
        finally:
            self._hold = False


def _upload_problem(key, raw, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why an uploaded scenario file (as a client sent it) is refused, or None."""
    t = translator(lang)
    if not isinstance(raw, list) or len(raw) > 1 or not all(
            isinstance(f, dict) and isinstance(f.get("content"), memoryview | bytes)
            for f in raw):
        return t("controls.one_file_expected")
    if raw and len(raw[0]["content"]) > SCENARIO_MAX_BYTES:
        return t("controls.file_too_large", size=t.number(len(raw[0]["content"])),
                 limit=t.number(SCENARIO_MAX_BYTES))
    return None


class ScenarioControls:
    """A scenario picker, reset, currency, scenario-file upload and the
    assumption controls, shared by every app.

    ``on_change(names)`` is called after every accepted change with the
    assumption names that changed (all of them on a scenario load; none for a
    currency change). ``meta`` holds the scenario's title, description,
    intangibles and currency, and for a baseline the inputs its data could not give
    (``not_measured``), those of them confirmed as right (``confirmed``) and the
    initiatives picked for the case (``initiatives``, kept up to date by the dashboard's
    :class:`~supportroi.apps.workshop.InitiativeStep`);
    ``base_values`` the loaded scenario's values (what "link to these settings" is
    relative to). Texts are in ``lang`` (see :meth:`set_language`).
    """

    def __init__(self, on_change: Callable[[set[str]], None] | None = None,
                 names: Iterable[str] | None = None, lang: str = DEFAULT_LANGUAGE):
        self.on_change = on_change
        #: Called after a scenario is opened (picked, uploaded, reset), before ``on_change``.
        self.on_load: Callable[[], None] | None = None
        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.assumptions = AssumptionControls(names, on_change=self._changed, lang=lang)
        t = self._t = translator(lang)
        self.meta = {"title": t("controls.catalog_defaults"), "description": "",
                     "intangibles": (), "currency": DEFAULT_CURRENCY}
        self.base_values = defaults()
        #: The values of ``not_measured`` the scenario (or link) opened with: an input
        #: still at its value here, and not confirmed, is still needed.
        self.asked_values: dict = {}
        self.base_name = ""
        self._loading = False
        self._relabeling = False

        self.picker = w.Dropdown(options=self._scenario_options(), value="",
                                 description=t("controls.scenario"),
                                 layout=w.Layout(width="98%"),
                                 style={"description_width": "70px"})
        self.picker.add_class("sr-scenario")
        self.picker.observe(self._on_pick, names="value")
        guard_choice(self.picker, lambda _: self.assumptions.show_notice(
            [self._t("controls.scenario_not_listed")]))
        self.reset = w.Button(description=t("controls.reset"), icon="undo",
                              tooltip=t("controls.reset_tooltip"),
                              layout=w.Layout(width="auto"))
        self.reset.add_class("sr-reset")
        self.reset.on_click(self._on_reset)
        accept_from_client(self.reset, ())
        #: The scenario last picked or opened, and its shipped name ("" for a file opened):
        #: what "Reset to scenario" goes back to (None: the catalog defaults are shown).
        self.loaded: tuple[Scenario, str] | None = None
        self.reset_scenario = w.Button(description=t("controls.reset_scenario"),
                                       icon="history", disabled=True,
                                       tooltip=t("controls.reset_scenario_none"),
                                       layout=w.Layout(width="auto"))
        self.reset_scenario.add_class("sr-reset-scenario")
        self.reset_scenario.on_click(self._on_reset_scenario)
        accept_from_client(self.reset_scenario, ())
        self.currency = w.Dropdown(options=CURRENCIES, value=DEFAULT_CURRENCY,
                                   description=t("controls.currency"),
                                   layout=w.Layout(width="160px"),
                                   style={"description_width": "60px"})
        self.currency.add_class("sr-currency")
        self.currency.observe(self._on_currency, names="value")
        guard_choice(self.currency, lambda _: self.assumptions.show_notice(
            [self._t("controls.currency_not_listed", currency=self.currency.value)]))
        self.upload = w.FileUpload(accept=".yaml,.yml", multiple=False,
                                   description=t("controls.upload"),
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-upload")
        self.upload.observe(self._on_upload, names="value")
        accept_from_client(self.upload, ("value",),
                           lambda key, raw: _upload_problem(key, raw, self.lang), lambda p: (
            self.assumptions.show_notice([self._t("controls.upload_refused", why=p["value"])])
            if "value" in p else None))

    def _scenario_options(self) -> list[tuple[str, str]]:
        """The picker's options: the catalog defaults, then the shipped scenarios (their
        titles are theirs, in the language they are written in)."""
        options = [(self._t("controls.catalog_defaults"), "")]
        for name, path in shipped_scenarios().items():
            try:
                title = load_scenario(path).title or name
            except ScenarioError:
                title = self._t("controls.invalid_file", name=name)
            options.append((title, name))
        return options

    # -- reading -------------------------------------------------------------
    @property
    def values(self) -> dict:
        return self.assumptions.values

    @property
    def lang(self) -> str:
        return self.assumptions.lang

    @property
    def notice(self) -> w.HTML:
        return self.assumptions.notice

    @property
    def widgets(self) -> dict:
        return self.assumptions.widgets

    def still_needed(self) -> list[str]:
        """Of the scenario's ``not_measured`` inputs, those nobody has given yet: still at
        the value the scenario or link opened with, and not confirmed."""
        names = [n for n in self.meta.get("not_measured", ()) if n in self.values]
        return still_needed(names, self.values, self.values | self.asked_values,
                            self.meta.get("confirmed", ()))

    def given(self) -> tuple[str, ...]:
        """Of ``not_measured``, those given (entered or confirmed): what a saved file or a
        link lists as ``confirmed``, so it reopens with the same marks."""
        needed = set(self.still_needed())
        return tuple(n for n in self.meta.get("not_measured", ()) if n not in needed)

    def scenario(self) -> Scenario:
        """The current settings as a scenario (for saving)."""
        m = self.meta
        return Scenario.from_values(self.values, title=m["title"], description=m["description"],
                                    currency=self.currency.value, intangibles=m["intangibles"],
                                    exchange_rates=m.get("exchange_rates", {}),
                                    sources=m.get("sources", {}),
                                    not_measured=m.get("not_measured", ()),
                                    confirmed=self.given(),
                                    initiatives=m.get("initiatives", ()))

    def bar(self) -> w.Widget:
        """Picker, the two resets (to the scenario, to the defaults), currency, upload and
        the notice, stacked."""
        return w.VBox([self.picker,
                       w.HBox([self.reset_scenario, self.reset, self.currency],
                              layout=w.Layout(flex_flow="row wrap")),
                       self.upload, self.notice], layout=w.Layout(width="100%"))

    def panel(self, groups: Iterable[str] | None = None) -> w.Widget:
        return self.assumptions.panel(groups)

    def share_query(self) -> str:
        """The query string that reopens the current settings."""
        params = {}
        # A link can name only shipped scenarios; an uploaded one is spelt out in full.
        base = self.base_values if self.base_name else defaults()
        base_currency = self.meta["currency"] if self.base_name else DEFAULT_CURRENCY
        if self.base_name:
            params["scenario"] = self.base_name
        if self.currency.value != base_currency:
            params["currency"] = self.currency.value
        pairs = list(params.items())
        title, intangibles, not_measured, base_picked = self._base_meta()
        if self.meta["title"] != title:
            pairs.append((TITLE_PARAMETER, self.meta["title"]))
        if tuple(self.meta["intangibles"]) != intangibles:
            pairs += [(INTANGIBLE_PARAMETER, i) for i in self.meta["intangibles"]] or [
                (INTANGIBLE_PARAMETER, "")]  # an empty one: none, where the scenario has some
        asked = tuple(self.meta.get("not_measured", ()))
        if asked != not_measured:
            pairs.append((NOT_MEASURED_PARAMETER, ",".join(asked)))
        if asked and self.given():
            pairs.append((CONFIRMED_PARAMETER, ",".join(self.given())))
        picked = tuple(self.meta.get("initiatives", ()))
        if asked and picked != base_picked:
            pairs.append((INITIATIVES_PARAMETER, ",".join(picked)))
        for name, value in self.values.items():
            if name not in DERIVED and value != base[name]:
                pairs.append((name, repr(value) if isinstance(value, float) else str(value)))
        return urlencode(pairs)

    def _base_meta(self) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The title, intangibles, not_measured and initiatives a link's page starts with
        before it applies the link: the named scenario's, or the catalog defaults' (none)."""
        if self.base_name and self.loaded is not None:
            scenario, name = self.loaded
            return (scenario.title or name, tuple(scenario.intangibles),
                    tuple(scenario.not_measured), tuple(scenario.initiatives))
        return self._t("controls.catalog_defaults"), (), (), ()

    # -- writing -------------------------------------------------------------
    def apply_query(self, query: str) -> list[str]:
        """Apply ``scenario=…&currency=…&name=value`` parameters; returns notices.

        A baseline's link (``not_measured=…``, with ``confirmed=…`` and ``initiatives=…``)
        opens as the case it was made from: the picks come from the link but the values
        too (they are the case's already, nothing is set to zero again). Without a named
        scenario (``scenario=``), such a link is what "Reset to scenario" goes back to."""
        if not query:
            return []
        scenario, currency, values, notices = parse_query(query, self.lang)
        meta, meta_notices = parse_meta(query, self.lang)
        notices += [self._t("controls.url_parameter", message=m) for m in meta_notices]
        if scenario:
            self.picker.value = scenario
        if currency:
            self._set_currency(currency)
        if values:
            notices += [self._t("controls.url_parameter", message=m)
                        for m in self.assumptions.set_values(values)]
        if CONFIRMED_PARAMETER in meta:
            listed = meta.get(NOT_MEASURED_PARAMETER, self.meta.get("not_measured", ()))
            odd = [n for n in meta[CONFIRMED_PARAMETER] if n not in listed]
            if odd:
                del meta[CONFIRMED_PARAMETER]
                notices.append(self._t("controls.url_parameter", message=self._t(
                    "workshop.link.not_listed", names=", ".join(odd))))
        if INITIATIVES_PARAMETER in meta and not meta.get(
                NOT_MEASURED_PARAMETER, self.meta.get("not_measured", ())):
            del meta[INITIATIVES_PARAMETER]
            notices.append(self._t("controls.url_parameter", message=self._t(
                "workshop.link.initiatives_alone")))
        if NOT_MEASURED_PARAMETER in meta:
            meta.setdefault(INITIATIVES_PARAMETER, ())
            # The values the link gives the inputs its data lacked are the scenario's: an
            # input is still needed until it changes from them or is confirmed.
            meta.setdefault(CONFIRMED_PARAMETER, ())
            self.asked_values = {n: self.values[n] for n in meta[NOT_MEASURED_PARAMETER]}
        if meta:
            self.meta = self.meta | meta
            if NOT_MEASURED_PARAMETER in meta and not self.base_name:
                self._keep_link()
            if (NOT_MEASURED_PARAMETER in meta or INITIATIVES_PARAMETER in meta) and \
                    self.on_load is not None:
                self.on_load()
            self._changed(set())
        if notices:
            self.assumptions.show_notice(notices)
        return notices

    def _keep_link(self) -> None:
        """A baseline's link opened: what "Reset to scenario" goes back to is the link's
        case (its values, not_measured, confirmations and initiatives)."""
        self.loaded = (self.scenario(), "")
        self._label_reset_scenario()

    def load(self, scenario: Scenario, name: str = "") -> None:
        """Show ``scenario`` (``name``: the shipped file it came from, if any)."""
        self.meta = {"title": scenario.title or name or self._t("controls.custom_scenario"),
                     "description": scenario.description,
                     "intangibles": tuple(scenario.intangibles), "currency": scenario.currency,
                     "exchange_rates": dict(scenario.exchange_rates),
                     "sources": dict(scenario.sources),
                     "not_measured": tuple(scenario.not_measured),
                     "confirmed": tuple(scenario.confirmed),
                     "initiatives": tuple(scenario.initiatives)}
        self.base_name = name
        self.base_values = scenario.values
        self.asked_values = {n: scenario.values[n] for n in scenario.not_measured}
        self.loaded = (scenario, name) if (name or scenario.title != self._t(
            "controls.catalog_defaults") or scenario.overrides or scenario.not_measured) else None
        self._label_reset_scenario()
        self._loading = True
        try:
            self._set_currency(scenario.currency)
            self.assumptions.set_values(scenario.values)
        finally:
            self._loading = False
        if self.on_load is not None:
            self.on_load()
        self._changed(set(CATALOG))

    def set_language(self, lang: str) -> None:
        """Show the picker, buttons, assumption controls and notices in ``lang``; the
        scenario, currency and values stay."""
        before = self._t
        self.assumptions.set_language(lang)
        t = self._t = translator(lang)
        for key in ("controls.catalog_defaults", "controls.custom_scenario"):
            if self.meta["title"] == before(key):  # a title the controls gave, not a file's
                self.meta = self.meta | {"title": t(key)}
        self._relabeling = True  # new option labels move the picker's value: not a pick
        try:
            value = self.picker.value
            self.picker.options = self._scenario_options()
            self.picker.value = value
        finally:
            self._relabeling = False
        self.picker.description = t("controls.scenario")
        self.reset.description = t("controls.reset")
        self.reset.tooltip = t("controls.reset_tooltip")
        self._label_reset_scenario()
        self.currency.description = t("controls.currency")
        self.upload.description = t("controls.upload")

    # -- callbacks -----------------------------------------------------------
    def _set_currency(self, currency: str) -> None:
        self.currency.value = currency_code(currency)  # scenarios and links hold offered codes

    def _changed(self, names: set[str]) -> None:
        if not self._loading and self.on_change:
            self.on_change(names)

    @guarded
    def _on_pick(self, change) -> None:
        if self._relabeling:
            return
        name = change.new
        if not name:
            self.load(Scenario(title=self._t("controls.catalog_defaults")), "")
            return
        try:
            scenario = load_scenario(shipped_scenarios()[name])
        except ScenarioError as exc:
            self.assumptions.show_notice(exc.lines(self.lang))
            return
        self.load(scenario, name)

    @guarded
    def _on_reset(self, _button) -> None:
        if self.picker.value == "":
            self.load(Scenario(title=self._t("controls.catalog_defaults")), "")
        else:
            self.picker.value = ""

    def _label_reset_scenario(self) -> None:
        """"Reset to scenario" names the scenario it goes back to; disabled without one."""
        b = self.reset_scenario
        b.description = self._t("controls.reset_scenario")
        if self.loaded is None:
            b.disabled, b.tooltip = True, self._t("controls.reset_scenario_none")
        else:
            scenario, name = self.loaded
            title = scenario.title or name or self._t("controls.custom_scenario")
            b.disabled = False
            b.tooltip = self._t("controls.reset_scenario_tooltip", title=title)

    @guarded
    def _on_reset_scenario(self, _button) -> None:
        if self.loaded is not None:
            self.load(*self.loaded)

    @guarded
    def _on_upload(self, change) -> None:
        files = change.new
        if not files:
            return
        item = files[0]
        try:
            scenario = parse_scenario(bytes(item["content"]), item["name"])
        except ScenarioError as exc:
            self.assumptions.show_notice([self._t("controls.nothing_loaded",
                                                  file=item["name"])]
                                         + exc.lines(self.lang))
            return
        self.load(scenario, "")
        self.assumptions.show_notice([])

    @guarded
    def _on_currency(self, change) -> None:
        self.assumptions.set_currency(change.new)
        self._changed(set())
