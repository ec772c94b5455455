"""What the result charts show, without a drawing library: the groups of cash-flow
lines, their names and amounts, and the payback label.

The dashboard's SVG charts (:mod:`~supportroi.apps.svg_chart`) and the matplotlib
charts of the PDFs and the compare page (:mod:`~supportroi.apps.charts`) both read
these, so an app kernel that draws only SVG never imports matplotlib's fonts.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ..i18n import DEFAULT_LANGUAGE, translator

__all__ = ["LINE_GROUPS", "group_amounts", "group_label", "payback_label"]

#: Lines grouped for charts: (group key, kind, line keys, colour); a group's name is the
#: message ``results.groups.<key>`` (:func:`group_label`).
LINE_GROUPS = (
    ("staffing", "cost", ("staffing_hiring", "staffing_added"), "#c0392b"),
    ("training", "cost", ("training_design", "training_delivery", "training_refresh",
                          "training_time"), "#e67e22"),
    ("technology", "cost", ("technology_one_time", "technology_recurring"), "#8e44ad"),
    ("indirect_costs", "cost", ("indirect_costs",), "#7f8c8d"),
    ("labour_saved", "benefit", ("labour_aht", "labour_fcr", "labour_deflection",
                                 "agents_removed"), "#2471a3"),
    ("retention", "benefit", ("retention",), "#1e8449"),
    ("upsell_referrals", "benefit", ("upsell", "referrals"), "#52be80"),
    ("agent_attrition", "benefit", ("attrition",), "#48c9b0"),
    ("indirect_avoided", "benefit", ("indirect_avoided",), "#a9cce3"),
)


def group_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of a group of :data:`LINE_GROUPS` in ``lang`` ("Labour saved")."""
    return translator(lang)(f"results.groups.{key}")


def payback_label(months: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """The payback mark's text ("payback 17.6 months"), the count as shown.

    >>> payback_label(17.62)
    'payback 17.6 months'
    """
    t = translator(lang)
    # The count as shown, one decimal ("1.0 months" takes the fraction form).
    return t.plural("results.chart.payback", Decimal(f"{months:.1f}"), value=t.number(months, 1))


def group_amounts(table) -> np.ndarray:
    """The amounts of each group of :data:`LINE_GROUPS` by year (rows in that order) of
    an evaluation's yearly ``table``."""
    rows = {key: i for i, key in enumerate(table.index)}
    values = table.to_numpy(dtype=float)
    return np.array([values[[rows[(kind, k)] for k in keys]].sum(axis=0)
                     for _, kind, keys, _ in LINE_GROUPS])
