"""From the client's data to the case: the dashboard's guided step for a baseline.

A scenario made by the baseline app (:mod:`supportroi.apps.baseline`) describes the
client's operation as it is, and lists the inputs the export could not give
(``not_measured``: team size, salaries, ...). When the dashboard opens one, this step
asks which initiatives the case is about (:data:`~supportroi.initiatives.INITIATIVES`),
shows only the inputs those need, sets the others' costs and effects to zero (saying
which), marks each input the data could not give "still needed" until someone enters
it, and sets the case against doing nothing. For any other scenario it is hidden.

Its messages are ``workshop.*`` in ``supportroi/locales/<lang>/workshop.yaml``.
"""

from __future__ import annotations

import html
import types

import ipywidgets as w

from ..assumptions import CATALOG
from ..finance import appraise
from ..formatting import headline
from ..i18n import DEFAULT_LANGUAGE, translator
from ..initiatives import INITIATIVES, case_values, doing_nothing, initiative_inputs, \
    switched_off
from ..model import evaluate
from .base import accept_from_client

__all__ = ["InitiativeStep", "INITIATIVE_LABELS"]

#: Each initiative's name on the page (message keys of workshop.yaml).
INITIATIVE_LABELS = {"chatbot": "workshop.initiatives.chatbot",
                     "training": "workshop.initiatives.training",
                     "crm": "workshop.initiatives.crm",
                     "staffing": "workshop.initiatives.staffing",
                     "retention": "workshop.initiatives.retention"}

CSS = """<style>
.sr-workshop .sr-still-needed { color: #b03a2e; font-weight: 600; font-size: 0.85em; }
.sr-workshop .sr-given { color: #1e8449; font-size: 0.85em; }
.sr-workshop .sr-needed-label { margin-top: 4px; }
.sr-workshop table.sr-table { max-width: 640px; }
</style>"""


def _evaluate(values, controls):
    return evaluate(types.SimpleNamespace(overrides=values, currency=controls.currency.value,
                                          intangibles=controls.meta["intangibles"]))


class InitiativeStep:
    """The guided step for a baseline scenario, on top of ``controls``
    (:class:`~supportroi.apps.controls.ScenarioControls`). :attr:`widget` is hidden
    unless the scenario lists inputs its data could not give. Call :meth:`refresh` with
    each new evaluation of the page."""

    def __init__(self, controls, lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.lang = lang
        self.picked: list[str] = []
        self._saved: dict[str, object] = {}  # values an initiative had before it was left out
        self._applying = False
        self.checks: dict[str, w.Checkbox] = {}
        for key in INITIATIVES:
            box = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
            box.add_class("sr-initiative")
            box.add_class(f"sr-initiative-{key}")
            box.observe(self._on_pick, names="value")
            accept_from_client(box, ("value",), lambda _k, raw: None if isinstance(
                raw, bool) else "true or false was expected")
            self.checks[key] = box
        self.intro = w.HTML()
        self.picks = w.Box(list(self.checks.values()),
                           layout=w.Layout(display="flex", flex_flow="row wrap",
                                           grid_gap="0 16px"))
        self.switched = w.HTML()
        self.switched.add_class("sr-switched-off")
        self.needed_heading = w.HTML()
        self.needed = w.VBox(layout=w.Layout(width="100%", max_width="560px"))
        self.needed.add_class("sr-needed")
        self.inputs_heading = w.HTML()
        self.inputs = w.VBox(layout=w.Layout(width="100%", max_width="560px"))
        self.inputs.add_class("sr-initiative-inputs")
        self.result = w.HTML()
        self.result.add_class("sr-case")
        self._marks: dict[str, w.HTML] = {}
        body = w.VBox([w.HTML(CSS), self.intro, self.picks, self.switched,
                       self.needed_heading, self.needed, self.inputs_heading, self.inputs,
                       self.result], layout=w.Layout(width="100%"))
        self.widget = w.Accordion(children=[body], selected_index=0,
                                  layout=w.Layout(display="none", width="100%"))
        self.widget.add_class("sr-workshop")
        self.set_language(lang)

    # -- reading -------------------------------------------------------------
    @property
    def active(self) -> bool:
        """Whether the open scenario is a baseline (it lists inputs its data lacked)."""
        return bool(self.not_measured)

    @property
    def not_measured(self) -> list[str]:
        """The numeric inputs the scenario's data could not give, in catalog order."""
        names = set(self.controls.meta.get("not_measured", ()))
        return [n for n in CATALOG if n in names and n in self.controls.assumptions.rows]

    def still_needed(self) -> list[str]:
        """Of :attr:`not_measured`, those still at the value the scenario file gave (its
        catalog default): nobody has entered them yet."""
        values, base = self.controls.values, self.controls.base_values
        return [n for n in self.not_measured if values[n] == base[n]]

    # -- writing -------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Every text in ``lang``; the choice and values stay."""
        self.lang = lang
        t = translator(lang)
        self.widget.titles = (t("workshop.title"),)
        for key, box in self.checks.items():
            box.description = t(INITIATIVE_LABELS[key])
        self.intro.value = (f"<div class='sr-muted' lang='{lang}'>"
                            f"{html.escape(t('workshop.intro'))}</div>"
                            f"<b>{html.escape(t('workshop.pick'))}</b>")
        self.needed_heading.value = f"<b>{html.escape(t('workshop.needed_heading'))}</b>"
        self._render_switched()

    def loaded(self) -> None:
        """A scenario was opened: show the step for a baseline (nothing picked yet)."""
        self._applying = True
        try:
            for box in self.checks.values():
                box.value = False
        finally:
            self._applying = False
        self.picked, self._saved = [], {}
        self.widget.layout.display = "" if self.active else "none"
        names = self.not_measured
        self._marks = {n: w.HTML() for n in names}
        for n, mark in self._marks.items():
            mark.add_class("sr-needed-label")
            mark.add_class(f"sr-needed-{n}")
        self.needed.children = tuple(x for n in names
                                     for x in (self._marks[n], self.controls.assumptions.rows[n]))
        self._render_inputs()
        self._render_switched()

    def refresh(self, ev) -> None:
        """The marks and the case against doing nothing, for evaluation ``ev``."""
        if not self.active:
            self.result.value = ""
            return
        t = translator(self.lang)
        needed = set(self.still_needed())
        for n, mark in self._marks.items():
            label = html.escape(CATALOG[n].text(self.lang)[0])
            if n in needed:
                mark.value = (f"<span class='sr-still-needed'>{html.escape(t('workshop.still_needed'))}"
                              f"</span> {label}")
            else:
                mark.value = f"<span class='sr-given'>{html.escape(t('workshop.given'))}</span> {label}"
        self.result.value = self._case_html(ev, sorted(needed, key=list(CATALOG).index))

    # -- internals -----------------------------------------------------------
    def _names(self) -> str:
        t = translator(self.lang)
        return t("workshop.joiner").join(t(INITIATIVE_LABELS[k]) for k in self.picked)

    def _on_pick(self, _change) -> None:
        if self._applying:
            return
        picked = [k for k, box in self.checks.items() if box.value]
        values = self.controls.values
        before = set(switched_off(self.picked)) if self.picked else set()
        after = set(switched_off(picked)) if picked else set()
        for n in after - before:
            self._saved[n] = values[n]
        changes = {n: self._saved.pop(n) for n in before - after if n in self._saved}
        changes |= {n: v for n, v in case_values(values, picked).items()
                    if n in after - before} if picked else {}
        self.picked = picked
        self._render_inputs()
        self._render_switched()
        if changes:
            self.controls.assumptions.set_values(changes)
        else:
            self.controls.on_change(set())

    def _render_inputs(self) -> None:
        t = translator(self.lang)
        rows = self.controls.assumptions.rows
        shown = set(self.not_measured)
        names = [n for n in initiative_inputs(self.picked) if n in rows and n not in shown]
        self.inputs.children = tuple(rows[n] for n in names)
        self.inputs_heading.value = (f"<b>{html.escape(t('workshop.inputs_heading', initiatives=self._names()))}</b>"
                                     if names else "")

    def _render_switched(self) -> None:
        t = translator(self.lang)
        if not self.picked:
            self.switched.value = (f"<div class='sr-muted'>{html.escape(t('workshop.none_picked'))}"
                                   "</div>")
            return
        off = [CATALOG[n].text(self.lang)[0] for n in switched_off(self.picked)]
        parts = []
        if off:
            parts.append(t("workshop.switched_off", labels=", ".join(off)))
        if {"chatbot", "crm"} <= set(self.picked):
            parts.append(t("workshop.shared_costs"))
        self.switched.value = "".join(f"<div class='sr-muted'>{html.escape(p)}</div>"
                                      for p in parts)

    def _case_html(self, ev, needed: list[str]) -> str:
        """The case (the page's evaluation ``ev``) against doing nothing, as a table."""
        t = translator(self.lang)
        esc = html.escape
        parts = []
        if needed:
            labels = ", ".join(CATALOG[n].text(self.lang)[0] for n in needed)
            parts.append(f"<div class='sr-warning sr-needed-note'>"
                         f"{esc(t.plural('workshop.needed_note', len(needed), labels=labels))}"
                         "</div>")
        if not self.picked:
            return "".join(parts)
        nothing = _evaluate(doing_nothing(ev.values), self.controls)
        # The initiative's own cash flows: the case's minus doing nothing's.
        gain = appraise(ev.benefits - nothing.benefits, ev.costs - nothing.costs,
                        ev.values["discount_rate"])
        cur = ev.currency
        text_nothing = headline(nothing.appraisal, cur, self.lang)
        text_gain = headline(gain, cur, self.lang)
        q0, q1 = nothing.quantities, ev.quantities
        rows = [
            (t("workshop.row_contacts"), t.number(float(q0["contacts_after_fcr"])),
             t.number(float(q1["contacts_after_fcr"]))),
            (t("workshop.row_fte"), t.number(float(q0["fte_freed"]), 1),
             t.number(float(q1["fte_freed"]), 1)),
            (t.plural("workshop.row_npv", int(ev.values["horizon_years"])),
             text_nothing["NPV"], text_gain["NPV"]),
            (t("results.figures.roi"), text_nothing["ROI"], text_gain["ROI"]),
            (t("results.figures.payback"), text_nothing["Payback"], text_gain["Payback"]),
        ]
        body = "".join(f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td class='sr-case-value'>"
                       f"{esc(c)}</td></tr>" for a, b, c in rows)
        parts.insert(0, f"<b>{esc(t('workshop.result_heading'))}</b>")
        parts.append(f"<div class='sr-scroll'><table class='sr-table' lang='{self.lang}'>"
                     f"<thead><tr><th></th><th>{esc(t('workshop.col_nothing'))}</th>"
                     f"<th>{esc(t('workshop.col_case', initiatives=self._names()))}</th></tr>"
                     f"</thead><tbody>{body}</tbody></table></div>"
                     f"<div class='sr-muted'>{esc(t('workshop.result_note'))}</div>")
        return "".join(parts)
