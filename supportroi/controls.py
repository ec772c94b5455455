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
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterable, Mapping

import ipywidgets as w

from .assumptions import CATALOG, GROUPS, Assumption, check_value, defaults, number, validate

__all__ = ["AssumptionControls", "unit_label", "DERIVED"]

log = logging.getLogger(__name__)

#: Shares the apps derive rather than let people edit: name → the shares it completes.
DERIVED = {"share_self_service": ("share_phone", "share_chat", "share_email")}

_TEXT_UNITS = ("currency", "contacts/year", "customers", "FTE")


def unit_label(a: Assumption, currency: str = "$") -> str:
    """The unit as shown beside a label: "%", "€/year", "min"..."""
    unit = a.unit
    if unit.startswith("fraction"):
        return "%" + unit[len("fraction"):]
    if unit.startswith("currency"):
        return currency + unit[len("currency"):]
    return {"minutes": "min", "hours/year": "h/year", "years": "years"}.get(unit, unit)


def _percent_format(step: float) -> str:
    return ".0%" if step >= 0.01 else (".1%" if step >= 0.001 else ".2%")


def _make_widget(a: Assumption, value, currency: str) -> w.Widget:
    label = f"{a.label} ({unit_label(a, currency)})"
    tooltip = (f"{a.help}\nValid: {number(a.min)} to {number(a.max)} {a.unit}.\n"
               f"Source: {a.source}")
    common = dict(description=label, tooltip=tooltip,
                  style={"description_width": "48%"}, layout=w.Layout(width="98%"))
    if a.name in DERIVED:
        return w.FloatSlider(value=value, min=a.min, max=a.max, step=a.step, disabled=True,
                             readout_format=_percent_format(a.step),
                             **common | {"description": f"{a.label} (%, the rest)"})
    if a.unit.startswith(_TEXT_UNITS):
        cls = w.IntText if a.kind == "int" else w.FloatText
        return cls(value=value, step=a.step, **common)
    if a.kind == "int":
        return w.IntSlider(value=value, min=a.min, max=a.max, step=a.step,
                           continuous_update=False, **common)
    fmt = _percent_format(a.step) if a.unit.startswith("fraction") else (
        ".2f" if a.step < 0.1 else (".1f" if a.step < 1 else ".0f"))
    return w.FloatSlider(value=value, min=a.min, max=a.max, step=a.step, readout_format=fmt,
                         continuous_update=False, **common)


class AssumptionControls:
    """Widgets for some or all assumptions, grouped, with server-side checks.

    ``on_change(names)`` is called with the names whose values changed after
    every accepted change (one call for a scenario load). ``values`` always
    holds a complete, valid set.
    """

    def __init__(self, names: Iterable[str] | None = None,
                 on_change: Callable[[set[str]], None] | None = None,
                 values: Mapping[str, object] | None = None, currency: str = "$"):
        self.names = list(names or CATALOG)
        self.on_change = on_change
        self._values = defaults() | dict(values or {})
        self._hold = False
        self.notice = w.HTML(layout=w.Layout(width="100%"))
        self.notice.add_class("sr-notice")
        self.widgets: dict[str, w.Widget] = {}
        for name in self.names:
            a = CATALOG[name]
            widget = _make_widget(a, self._values[name], currency)
            widget.add_class("sr-input")
            widget.add_class(f"sr-{name}")
            widget.observe(self._on_value, names="value")
            if hasattr(widget, "max"):
                widget.observe(self._on_bounds, names=["min", "max", "step"])
            self.widgets[name] = widget
        self._names = {id(wid): name for name, wid in self.widgets.items()}

    # -- reading -------------------------------------------------------------
    @property
    def values(self) -> dict:
        """Every assumption's current valid value."""
        return dict(self._values)

    def panel(self, groups: Iterable[str] | None = None) -> w.Widget:
        """The controls in one tab per group (only groups with controls)."""
        wanted = list(groups) if groups else [g for g, _ in GROUPS]
        titles, pages = [], []
        for key, title in GROUPS:
            members = [self.widgets[n] for n in self.names if CATALOG[n].group == key]
            if key in wanted and members:
                titles.append(title)
                pages.append(w.VBox(members, layout=w.Layout(width="100%")))
        tabs = w.Accordion(children=pages, titles=tuple(titles), selected_index=0)
        tabs.add_class("sr-controls")
        return tabs

    # -- writing -------------------------------------------------------------
    def set_values(self, values: Mapping[str, object]) -> list[str]:
        """Set several values at once (a scenario, URL parameters).

        Valid values are applied together; invalid ones are left out and
        returned as messages (also shown in the notice).
        """
        candidate = dict(self._values)
        messages = []
        for name, value in values.items():
            if name not in CATALOG:
                messages.append(f"{name}: unknown assumption")
                continue
            msg = check_value(name, value)
            if msg:
                messages.append(f"{CATALOG[name].label}: {msg}")
            else:
                candidate[name] = value
        for p in validate(candidate):  # rules spanning several inputs
            keys = p.key.split(" + ")
            messages.append(f"{p.message} — kept the previous values of "
                            + ", ".join(CATALOG[k].label for k in keys))
            for k in keys:
                candidate[k] = self._values[k]
        if validate(candidate):  # still inconsistent: keep everything as it was
            candidate = dict(self._values)
        changed = {k for k in candidate if candidate[k] != self._values[k]}
        self._values = candidate
        self._sync(changed)
        self.show_notice(messages)
        if changed and self.on_change:
            self.on_change(changed)
        return messages

    def set_currency(self, currency: str) -> None:
        for name, widget in self.widgets.items():
            a = CATALOG[name]
            if a.unit.startswith("currency"):
                widget.description = f"{a.label} ({unit_label(a, currency)})"

    def show_notice(self, messages: list[str]) -> None:
        if not messages:
            self.notice.value = ""
            return
        items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
        self.notice.value = (f'<div class="sr-warning" role="alert"><b>Not applied:</b>'
                             f"<ul>{items}</ul></div>")

    # -- internals -----------------------------------------------------------
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
        a = CATALOG[name]
        value = change.new
        if a.kind == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        msg = check_value(name, value)
        candidate = dict(self._values) | {name: value}
        if not msg:
            self._derive(candidate)
            for derived, parts in DERIVED.items():
                if name in parts and candidate[derived] < -1e-9:
                    msg = (f"phone, chat and email shares would add up to "
                           f"{100 * sum(candidate[p] for p in parts):.0f} %, over 100 %")
        if not msg:
            problems = validate(candidate)
            if problems:
                msg = "; ".join(p.message for p in problems)
        if msg:
            log.info("refused %s=%r: %s", name, value, msg)
            self.show_notice([f"{a.label}: {msg}. Kept {a.format(self._values[name])}."])
            self._sync([name])
            return
        changed = {k for k in candidate if candidate[k] != self._values[k]}
        self._values = candidate
        self.show_notice([])
        self._sync(changed - {name})
        if self.on_change:
            self.on_change(changed)

    def _on_bounds(self, change) -> None:
        """A client changed a slider's bounds: put the catalog's back."""
        name = self._names[id(change.owner)]
        a = CATALOG[name]
        want = {"min": a.min, "max": a.max, "step": a.step}[change.name]
        if change.new == want or self._hold:
            return
        log.warning("client changed %s.%s to %r; restored", name, change.name, change.new)
        self._hold = True  # restoring a bound may move the value: ignore that
        try:
            setattr(change.owner, change.name, want)
            change.owner.value = self._values[name]
        finally:
            self._hold = False
