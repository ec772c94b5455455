"""From the client's data to the case: the dashboard's guided step for a baseline.

A scenario made by the baseline app (:mod:`supportroi.apps.baseline`) describes the
client's operation as it is, and lists the inputs the export could not give
(``not_measured``: team size, salaries, ...). When the dashboard opens one, this step
asks which initiatives the case is about (:data:`~supportroi.initiatives.INITIATIVES`),
shows only the inputs those need, sets the others' costs and effects to zero (saying
which), marks each input the data could not give "still needed" until someone enters
it or confirms the value shown as right for the client (a box beside each: the
confirmations are the controls' ``meta["confirmed"]``, saved in the scenario file and the
share link), and sets the case against doing nothing. While any is still needed, the
page's headline figures and the case are marked provisional (:meth:`InitiativeStep.provisional`),
naming the defaults they use. For any other scenario it is hidden.

The picks are the controls' ``meta["initiatives"]``, saved in the scenario file
(``initiatives: [chatbot, crm]``) and the share link (``initiatives=chatbot,crm``): a file
or link reopens with the same picks, inputs, marks and case, and its values as they are.

Its messages are ``workshop.*`` in ``supportroi/locales/<lang>/workshop.yaml``.
"""

from __future__ import annotations

import html
import types

import ipywidgets as w
from babel.lists import format_list

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
.sr-workshop .sr-confirm { margin: 0 0 6px 0; }
.sr-workshop .sr-confirm label { font-size: 0.85em; }
.sr-provisional-note { background: #fff4e5; border-left: 4px solid #e67e22; padding: 3px 10px;
                       margin: 4px 0; font-size: 0.9em; }
.sr-provisional-tag { color: #b03a2e; font-size: 0.8em; font-weight: 600;
                      text-transform: uppercase; margin-left: 6px; }
.sr-sticky-bar .sr-sticky-provisional { color: #ffcc80; font-weight: 600; font-size: 0.85em;
                                       text-transform: uppercase; }
.sr-cards.sr-provisional .sr-card { border-style: dashed; background: #f7f7f7; }
.sr-cards.sr-provisional .sr-card .sr-value,
.sr-workshop table.sr-provisional td { color: #7b8590 !important; font-style: italic; }
</style>"""


def _evaluate(values, controls):
    return evaluate(types.SimpleNamespace(overrides=values, currency=controls.currency.value,
                                          intangibles=controls.meta["intangibles"]))


def _checkbox(kind: str, name: str, value: bool, on_change) -> w.Checkbox:
    """A checkbox of the step (classes ``kind`` and ``kind-name``) calling ``on_change``
    when ticked or unticked; a client may set it only to true or false."""
    box = w.Checkbox(value=value, indent=False, layout=w.Layout(width="auto"))
    box.add_class(kind)
    box.add_class(f"{kind}-{name}")
    box.observe(on_change, names="value")
    accept_from_client(box, ("value",), lambda _k, raw: None if isinstance(
        raw, bool) else "true or false was expected")
    return box


class InitiativeStep:
    """The guided step for a baseline scenario, on top of ``controls``
    (:class:`~supportroi.apps.controls.ScenarioControls`). :attr:`widget` is hidden
    unless the scenario lists inputs its data could not give. Call :meth:`refresh` with
    each new evaluation of the page."""

    def __init__(self, controls, lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.lang = lang
        self.picked: list[str] = []
        #: The values the inputs an initiative left out had before: unpicking puts them back.
        self._saved: dict[str, object] = {}
        self._applying = False
        self.checks: dict[str, w.Checkbox] = {}
        for key in INITIATIVES:
            self.checks[key] = _checkbox("sr-initiative", key, False, self._on_pick)
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
        self._confirms: dict[str, w.Checkbox] = {}
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
        """Of :attr:`not_measured`, those nobody has given yet: still at the value the
        scenario file gave (its catalog default) and not confirmed as right."""
        needed = set(self.controls.still_needed())
        return [n for n in self.not_measured if n in needed]

    def provisional(self, lang: str | None = None) -> str:
        """The line that marks figures made with defaults the data could not give, as
        HTML (``""`` when nothing is still needed, or the scenario is not a baseline)."""
        needed = self.still_needed() if self.active else []
        if not needed:
            return ""
        lang = lang or self.lang
        t = translator(lang)
        labels = format_list([CATALOG[n].text(lang)[0] for n in needed], locale=t.locale)
        return (f"<div class='sr-provisional-note' role='status' lang='{lang}'>"
                f"{html.escape(t.plural('workshop.provisional', len(needed), labels=labels))}"
                "</div>")

    def confirm(self, name: str, right: bool = True) -> None:
        """Say the value shown for ``name`` (one of :attr:`not_measured`) is right for the
        client (``right=False``: take that back); the page is recomputed."""
        if name not in self.not_measured:
            raise ValueError(f"{name!r} is not an input this scenario's data lacked")
        self._confirms[name].value = right

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
        for box in self._confirms.values():
            box.description = t("workshop.confirm")
            box.tooltip = t("workshop.confirm_tooltip")
        self._render_inputs()
        self._render_switched()

    def loaded(self) -> None:
        """A scenario was opened: show the step for a baseline, with the initiatives it
        was saved with (``meta["initiatives"]``; none for a new baseline) picked.

        Opening with picks changes no value: the file or link holds the case's values
        already. What unpicking then puts back in the inputs those picks left out (set to
        zero) are their catalog defaults: the values a baseline has for them (it describes
        the operation as it is, with no initiative), so unpicking shows what it would have
        had the picks been made on this page from the baseline. A value someone set on the
        page before picking is not in the file or link, and cannot come back.

        >>> from supportroi.apps.controls import ScenarioControls
        >>> from supportroi.scenarios import Scenario
        >>> c = ScenarioControls()
        >>> step = InitiativeStep(c)
        >>> c.on_load = step.loaded
        >>> c.load(Scenario({"training_hours_per_agent": 0.0}, not_measured=("agent_fte",),
        ...                 initiatives=("chatbot",)))
        >>> step.picked, c.values["training_hours_per_agent"]
        (['chatbot'], 0.0)
        >>> step.checks["chatbot"].value = False
        >>> c.values["training_hours_per_agent"] == CATALOG["training_hours_per_agent"].default
        True
        """
        picked = [k for k in INITIATIVES if k in self.controls.meta.get("initiatives", ())] \
            if self.active else []
        self._applying = True
        try:
            for key, box in self.checks.items():
                box.value = key in picked
        finally:
            self._applying = False
        self.picked = picked
        self._saved = {n: CATALOG[n].default for n in switched_off(picked)} if picked else {}
        self.widget.layout.display = "" if self.active else "none"
        names = self.not_measured
        self._marks = {n: w.HTML() for n in names}
        for n, mark in self._marks.items():
            mark.add_class("sr-needed-label")
            mark.add_class(f"sr-needed-{n}")
        confirmed = set(self.controls.meta.get("confirmed", ()))
        self._confirms = {n: self._confirm_box(n, n in confirmed) for n in names}
        self.needed.children = tuple(x for n in names for x in (
            self._marks[n], self.controls.assumptions.rows[n], self._confirms[n]))
        self.set_language(self.lang)
        self._render_inputs()
        self._render_switched()

    def refresh(self, ev) -> None:
        """The marks and the case against doing nothing, for evaluation ``ev``."""
        if not self.active:
            self.result.value = ""
            return
        t = translator(self.lang)
        needed = set(self.still_needed())
        values, asked = self.controls.values, self.controls.asked_values
        confirmed = set(self.controls.meta.get("confirmed", ()))
        self._applying = True
        try:
            for n, box in self._confirms.items():
                box.value = n in confirmed
                # An input changed from the scenario's value is given: nothing to confirm.
                box.layout.display = "none" if values[n] != asked.get(n, values[n]) else ""
        finally:
            self._applying = False
        for n, mark in self._marks.items():
            label = html.escape(CATALOG[n].text(self.lang)[0])
            if n in needed:
                mark.value = (f"<span class='sr-still-needed'>{html.escape(t('workshop.still_needed'))}"
                              f"</span> {label}")
            else:
                word = t("workshop.confirmed" if n in confirmed and values[n] == asked.get(
                    n, values[n]) else "workshop.given")
                mark.value = f"<span class='sr-given'>{html.escape(word)}</span> {label}"
        self.result.value = self._case_html(ev, sorted(needed, key=list(CATALOG).index))

    # -- internals -----------------------------------------------------------
    def _names(self) -> str:
        t = translator(self.lang)
        return t("workshop.joiner").join(t(INITIATIVE_LABELS[k]) for k in self.picked)

    def _confirm_box(self, name: str, value: bool) -> w.Checkbox:
        return _checkbox("sr-confirm", name, value, self._on_confirm)

    def _on_confirm(self, _change) -> None:
        if self._applying:
            return
        self.controls.meta = self.controls.meta | {"confirmed": tuple(
            n for n in self.not_measured if self._confirms[n].value)}
        self.controls.on_change(set())

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
        self.controls.meta = self.controls.meta | {"initiatives": tuple(picked)}
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
        tag = (f"<span class='sr-provisional-tag'>{esc(t('workshop.provisional_tag'))}</span>"
               if needed else "")
        parts.insert(0, f"<b>{esc(t('workshop.result_heading'))}</b>{tag}")
        provisional = " sr-provisional" if needed else ""
        parts.append(f"<div class='sr-scroll'><table class='sr-table{provisional}' "
                     f"lang='{self.lang}'>"
                     f"<thead><tr><th></th><th>{esc(t('workshop.col_nothing'))}</th>"
                     f"<th>{esc(t('workshop.col_case', initiatives=self._names()))}</th></tr>"
                     f"</thead><tbody>{body}</tbody></table></div>"
                     f"<div class='sr-muted'>{esc(t('workshop.result_note'))}</div>")
        return "".join(parts)
