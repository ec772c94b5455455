"""The three-scenario view: conservative, likely and optimistic cases from the Monte Carlo ranges.

Each case puts every ranged assumption at the end of its range that is worst /
most likely / best for NPV (:func:`supportroi.risk.three_scenarios`); the
table shows the cases' NPV, ROI, payback and benefit–cost ratio and the
values used.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...formatting import money, payback, percent, ratio
from ...i18n import DEFAULT_LANGUAGE, translator
from .common import format_value, label_of

__all__ = ["ThreeScenariosView", "three_table"]

#: The message naming each case.
_CASES = {"conservative": "risk.three.conservative", "likely": "risk.three.likely",
          "optimistic": "risk.three.optimistic"}


def three_table(three, currency: str = "$", lang: str = DEFAULT_LANGUAGE) -> str:
    """The table of a :class:`~supportroi.risk.ThreeScenarios`, in ``currency`` and ``lang``."""
    cur = currency
    t = translator(lang)
    esc = html.escape
    cases = three.cases
    head = "".join(f"<th>{esc(t(_CASES[c.name]))}</th>" for c in cases)
    rows = [(t("results.figures.npv"), [money(c.appraisal.npv, cur, lang=lang) for c in cases]),
            (t("results.figures.roi"), [percent(c.appraisal.roi, "no costs", lang=lang)
                                        for c in cases]),
            (t("results.figures.payback"),
             [payback(c.appraisal.payback_years, c.appraisal.horizon_years, lang=lang)
              .replace(" months", "\u00a0months").replace(" years", "\u00a0years")
              for c in cases]),
            (t("results.figures.bcr"), [ratio(c.appraisal.bcr, "no costs", lang) for c in cases])]
    body = [f"<tr><td>{esc(label)}</td>{''.join(f'<td>{esc(x)}</td>' for x in xs)}</tr>"
            for label, xs in rows]
    body.append(f"<tr class='sr-total'><td colspan='{len(cases) + 1}'>"
                f"{esc(t('risk.three.values_used'))}</td></tr>")
    for name, s in three.settings.iterrows():
        xs = [format_value(name, s[c.name], cur, per=False, lang=lang) for c in cases]
        body.append(f"<tr><td>{esc(label_of(name, lang))}</td>"
                    f"{''.join(f'<td>{esc(x)}</td>' for x in xs)}</tr>")
    note = ("" if three.ordered else
            f"<div class='sr-muted'>{esc(t('risk.three.not_ordered'))}</div>")
    return (f"<b>{esc(t('risk.three.title'))}</b> <span class='sr-muted'>"
            f"{esc(t('risk.three.note'))}</span>"
            f"<div class='sr-scroll'><table class='sr-table' lang='{lang}'><thead><tr><th></th>"
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}")


class ThreeScenariosView:
    """The three cases' table (``widget``, CSS class ``sr-three``); empty until :meth:`show`."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.result = None
        self.lang = lang
        self.widget = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.widget.add_class("sr-three")
        self.widget.add_class("sr-wide")

    def show(self, three, currency: str = "$") -> None:
        """Show ``three`` (a :class:`~supportroi.risk.ThreeScenarios`) in ``currency``."""
        self.result = three
        self.widget.value = three_table(three, currency, self.lang)
