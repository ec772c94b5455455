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
from .common import format_value

__all__ = ["ThreeScenariosView", "three_table"]


def three_table(three, currency: str = "$") -> str:
    """The table of a :class:`~supportroi.risk.ThreeScenarios`, in ``currency``."""
    cur = currency
    cases = three.cases
    head = "".join(f"<th>{c.name.capitalize()}</th>" for c in cases)
    rows = [("NPV", [money(c.appraisal.npv, cur) for c in cases]),
            ("ROI", [percent(c.appraisal.roi, "no costs") for c in cases]),
            ("Payback", [payback(c.appraisal.payback_years, c.appraisal.horizon_years)
                         .replace(" months", "\u00a0months").replace(" years", "\u00a0years")
                         for c in cases]),
            ("Benefit–cost ratio", [ratio(c.appraisal.bcr, "no costs") for c in cases])]
    body = [f"<tr><td>{label}</td>{''.join(f'<td>{html.escape(x)}</td>' for x in xs)}</tr>"
            for label, xs in rows]
    body.append(f"<tr class='sr-total'><td colspan='{len(cases) + 1}'>Values used</td></tr>")
    for name, s in three.settings.iterrows():
        xs = [format_value(name, s[c.name], cur, per=False) for c in cases]
        body.append(f"<tr><td>{html.escape(s['label'])}</td>"
                    f"{''.join(f'<td>{html.escape(x)}</td>' for x in xs)}</tr>")
    note = ("" if three.ordered else "<div class='sr-muted'>Interactions between the "
            "assumptions break the usual order of the cases here.</div>")
    return ("<b>Three scenarios</b> <span class='sr-muted'>(each assumption at the end of "
            "its range that is worst / most likely / best for NPV)</span>"
            f"<div class='sr-scroll'><table class='sr-table'><thead><tr><th></th>{head}"
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{note}")


class ThreeScenariosView:
    """The three cases' table (``widget``, CSS class ``sr-three``); empty until :meth:`show`."""

    def __init__(self):
        self.result = None
        self.widget = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.widget.add_class("sr-three")
        self.widget.add_class("sr-wide")

    def show(self, three, currency: str = "$") -> None:
        """Show ``three`` (a :class:`~supportroi.risk.ThreeScenarios`) in ``currency``."""
        self.result = three
        self.widget.value = three_table(three, currency)
