"""The break-even view: the value of one assumption at which ROI reaches a target.

All other assumptions stay as set in the scenario inputs; when no value in
the assumption's valid range reaches the target, the model's reason is shown
(:func:`supportroi.risk.break_even`). A target outside
:data:`~supportroi.apps.risk.common.TARGET_BOUNDS` is refused and the last one kept.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import percent
from ...risk import break_even
from ..base import guarded
from ..controls import ScenarioControls
from .common import (
    TARGET_BOUNDS,
    assumption_options,
    finite,
    format_value,
    notice,
    numeric_names,
    relabel,
)

__all__ = ["BreakEvenView"]

_INTRO = ("<h3>Where does it break even? (goal seek)</h3><div class='sr-muted'>The value of "
          "one assumption at which ROI reaches the target, all others as set in the scenario "
          "inputs.</div>")


class BreakEvenView:
    """The break-even section over ``controls``.

    Widgets: ``be_name``, ``be_target`` (per cent), ``be_notice``,
    ``be_value``, ``be_reason``; ``be_box`` lays them out. ``result`` is the
    :class:`~supportroi.risk.BreakEven` shown; ``target`` the target ROI in
    use. [fraction] Call :meth:`update` when the scenario inputs change.
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("be_name", "be_target", "be_notice", "be_value", "be_reason", "be_box")

    def __init__(self, controls: ScenarioControls):
        self.controls = controls
        self.error = controls.error
        self.result = None
        self.target = 0.0   # [fraction]
        self._hold = False
        self.be_name = w.Dropdown(options=assumption_options(numeric_names()),
                                  description="Assumption",
                                  layout=w.Layout(width="98%", max_width="480px"),
                                  style={"description_width": "80px"})
        self.be_name.add_class("sr-be-name")
        self.be_target = w.FloatText(value=0.0, description="Target ROI (%)",
                                     tooltip="ROI to reach, in per cent (0 = break-even)",
                                     layout=w.Layout(width="210px"),
                                     style={"description_width": "110px"})
        self.be_target.add_class("sr-be-target")
        self.be_notice = w.HTML()
        self.be_value = w.HTML()
        self.be_value.add_class("sr-be-value")
        self.be_reason = w.HTML()
        self.be_reason.add_class("sr-be-reason")
        self.be_name.observe(self._on_name, names="value")
        self.be_target.observe(self._on_target, names="value")
        self.be_box = w.VBox([
            w.HTML(_INTRO),
            w.HBox([self.be_name, self.be_target],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.be_notice, self.be_value, self.be_reason,
        ], layout=w.Layout(width="100%"))
        self.be_box.add_class("sr-break-even")

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def set_currency(self) -> None:
        """Show the assumptions' units in the current currency (the choice stays)."""
        relabel(self, self.be_name, assumption_options(numeric_names(), self.currency))

    def select(self, name: str) -> None:
        """Seek ``name``'s break-even value (the first assumption if it has none)."""
        names = dict(self.be_name.options).values()
        self.be_name.value = name if name in names else self.be_name.options[0][1]

    def update(self) -> None:
        """Seek the break-even value for the inputs shown and show it, or why there is none."""
        name = self.be_name.value
        if name not in CATALOG:
            return
        cur = self.currency
        be = break_even(self.controls.values, name, target=self.target, metric="roi")
        self.result = be
        if be.value is None:
            self.be_value.value = (f"<span class='sr-be-none'>No value of "
                                   f"{html.escape(CATALOG[name].label)} reaches ROI "
                                   f"{html.escape(percent(self.target))}</span>")
        else:
            self.be_value.value = html.escape(format_value(name, be.value, cur))
        searched = (f"Searched {format_value(name, be.low, cur)} to "
                    f"{format_value(name, be.high, cur)}; ROI there: "
                    f"{percent(be.at_low, 'no costs')} and {percent(be.at_high, 'no costs')}.")
        self.be_reason.value = (f"<div>{html.escape(be.reason)}.</div>"
                                f"<div class='sr-muted'>{html.escape(searched)}</div>")

    @guarded
    def _on_name(self, _change) -> None:
        if self._hold:
            return
        self.error.value = ""
        self.update()

    @guarded
    def _on_target(self, change) -> None:
        if self._hold:
            return
        value = change.new
        lo, hi = TARGET_BOUNDS
        if not finite(value) or not lo <= value / 100 <= hi:
            self.be_notice.value = notice(
                "Not applied:", [(f"target ROI {value!r} % must be a number between "
                                 f"{100 * lo:,.0f} % and {100 * hi:,.0f} %; kept "
                                 f"{percent(self.target)}")])
            self._hold = True
            try:
                self.be_target.value = 100 * self.target
            finally:
                self._hold = False
            return
        self.be_notice.value = ""
        self.target = round(value / 100, 12)
        self.update()
