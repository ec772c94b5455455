"""The break-even view: the value of one assumption at which ROI reaches a target.

All other assumptions stay as set in the scenario inputs; when no value in
the assumption's valid range reaches the target, the model's reason is shown
(:func:`supportroi.risk.break_even`). The target is typed in per cent the way the page's language writes numbers
(``12,5`` in Russian), read on the server; one outside
:data:`~supportroi.apps.risk.common.TARGET_BOUNDS` or not a number is refused and
the last one kept. Texts are ``risk.break_even.*`` in the page language.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import percent
from ...i18n import DEFAULT_LANGUAGE, translator
from ...risk import break_even
from ..base import guarded
from ..controls import ScenarioControls
from ..touch import HelpTip
from .common import (
    TARGET_BOUNDS,
    assumption_options,
    entry_box,
    finite,
    format_value,
    help_lines,
    label_of,
    notice,
    numeric_names,
    parse_typed,
    relabel,
    show_in,
    show_number,
)

__all__ = ["BreakEvenView"]


class BreakEvenView:
    """The break-even section over ``controls``.

    Widgets: ``be_name``, ``be_target`` (a text box, per cent), ``be_notice``,
    ``be_value``, ``be_reason``; ``be_box`` lays them out. ``result`` is the
    :class:`~supportroi.risk.BreakEven` shown; ``target`` the target ROI in
    use. [fraction] Call :meth:`update` when the scenario inputs change;
    :meth:`set_language` redraws the texts in ``lang`` (en, ru, zh).
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("be_name", "be_target", "be_notice", "be_value", "be_reason", "be_box")

    def __init__(self, controls: ScenarioControls, lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.error = controls.error
        self.lang = lang
        self.result = None
        self.target = 0.0   # [fraction]
        self._refused = None  # the text refused, while its notice is shown
        self._hold = False
        self.be_name = w.Dropdown(options=assumption_options(numeric_names(), lang=lang),
                                  layout=w.Layout(width="98%", max_width="480px"),
                                  style={"description_width": "80px"})
        self.be_name.add_class("sr-be-name")
        self.be_target = entry_box(self._on_target, layout=w.Layout(width="210px"),
                                   style={"description_width": "110px"})
        self.be_target.add_class("sr-be-target")
        self.be_notice = w.HTML()
        self.be_value = w.HTML()
        self.be_value.add_class("sr-be-value")
        self.be_reason = w.HTML()
        self.be_reason.add_class("sr-be-reason")
        self.be_name.observe(self._on_name, names="value")
        self._intro = w.HTML()
        self._tip = HelpTip("be-target")   # what the target's tooltip says, on tap
        self.be_box = w.VBox([
            self._intro,
            self._tip.wrap(w.HBox([self.be_name, self.be_target],
                                  layout=w.Layout(flex_flow="row wrap", align_items="center"))),
            self.be_notice, self.be_value, self.be_reason,
        ], layout=w.Layout(width="100%"))
        self.be_box.add_class("sr-break-even")
        self._label()

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def set_currency(self) -> None:
        """Show the assumptions' units in the current currency (the choice stays)."""
        relabel(self, self.be_name, assumption_options(numeric_names(), self.currency,
                                                       self.lang))

    def set_language(self, lang: str) -> None:
        """Redraw the texts in ``lang``; the assumption and the target stay (the value
        and its reason follow at the next :meth:`update`)."""
        self.lang = lang
        self._label()
        self.set_currency()

    def _label(self) -> None:
        t = translator(self.lang)
        self._intro.value = (f"<h3>{html.escape(t('risk.break_even.title'))}</h3><div "
                             f"class='sr-muted'>{html.escape(t('risk.break_even.intro'))}</div>")
        self.be_name.description = t("risk.break_even.assumption")
        self.be_target.description = t("risk.break_even.target")
        self.be_target.tooltip = t("risk.break_even.target_tip")
        self._tip.show(self.be_target.description, help_lines(
            [(self.be_target.description, self.be_target.tooltip)], self.lang), self.lang)
        show_in(self.be_target, show_number(100 * self.target, self.lang, most=10))
        if self._refused is not None:
            self._refuse(self._refused)

    def select(self, name: str) -> None:
        """Seek ``name``'s break-even value (the first assumption if it has none)."""
        names = dict(self.be_name.options).values()
        self.be_name.value = name if name in names else self.be_name.options[0][1]

    def update(self) -> None:
        """Seek the break-even value for the inputs shown and show it, or why there is none."""
        name = self.be_name.value
        if name not in CATALOG:
            return
        cur, lang = self.currency, self.lang
        t = translator(lang)
        be = break_even(self.controls.values, name, target=self.target, metric="roi",
                        lang=lang)
        self.result = be
        if be.value is None:
            self.be_value.value = (f"<span class='sr-be-none'>"
                                   f"{html.escape(t('risk.break_even.none', label=label_of(name, lang), target=percent(self.target, lang=lang)))}"
                                   "</span>")
        else:
            self.be_value.value = html.escape(format_value(name, be.value, cur, lang=lang))
        searched = t("risk.break_even.searched",
                     low=format_value(name, be.low, cur, lang=lang),
                     high=format_value(name, be.high, cur, lang=lang),
                     at_low=percent(be.at_low, "no costs", lang=lang),
                     at_high=percent(be.at_high, "no costs", lang=lang))
        self.be_reason.value = (f"<div>{html.escape(t('risk.break_even.reason', reason=be.reason))}"
                                f"</div><div class='sr-muted'>{html.escape(searched)}</div>")

    @guarded
    def _on_name(self, _change) -> None:
        if self._hold:
            return
        self.error.value = ""
        self.update()

    def _refuse(self, text: str) -> None:
        t = translator(self.lang)
        lo, hi = TARGET_BOUNDS
        self._refused = text
        self.be_notice.value = notice(t("risk.not_applied"), [t(
            "risk.break_even.target_refused", text=str(text)[:40],
            low=percent(lo, digits=0, lang=self.lang), high=percent(hi, digits=0, lang=self.lang),
            kept=percent(self.target, lang=self.lang))])

    @guarded
    def _on_target(self, text) -> None:
        lo, hi = TARGET_BOUNDS
        try:
            value = parse_typed(text, self.lang)
        except ValueError:
            value = None
        if value is None or not finite(value) or not lo <= value / 100 <= hi:
            self._refuse(text)
            show_in(self.be_target, show_number(100 * self.target, self.lang, most=10))
            return
        self._refused = None
        self.be_notice.value = ""
        self.target = round(value / 100, 12)
        show_in(self.be_target, show_number(100 * self.target, self.lang, most=10))
        self.update()
