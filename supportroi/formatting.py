"""Figures as people read them: money, per cent, payback, with undefined
figures spelt out ("undefined: no costs") instead of NaN.

>>> money(1234567.8, "€")
'€1,234,568'
>>> percent(0.6039)
'60.4 %'
>>> percent(None, why="no costs")
'undefined (no costs)'
"""

from __future__ import annotations

import math

from .currency import currency_problem, symbol
from .finance import describe_payback
from .i18n import DEFAULT_LANGUAGE, catalog, translator

__all__ = ["money", "percent", "ratio", "payback", "headline", "unit_label", "CONVENTIONS",
           "currency_problem"]

#: The conventions every report states (Excel summary, PDF footer).
CONVENTIONS = ("Conventions: year 0 is the initial investment and is not discounted; later years "
               "are discounted at year end (Forrester TEI). ROI = NPV ÷ PV costs; benefit–cost "
               "ratio = PV benefits ÷ PV costs; payback is undiscounted, interpolated within the "
               "year. One factor per uncertainty: benefits × (1 − delivery risk) (TEI); "
               "effect-driven ones also × attribution (share of the effect due to the "
               "initiative) × confidence (error of the estimates) (Phillips); costs × (1 + cost "
               "risk). Staff savings: freed time bounded by the team and netted with removed "
               "agents, max(agents removed, capture rate × FTE freed) × loaded cost. "
               "Intangible benefits are listed, not counted in the ROI.")


def _undefined(why: str | None) -> str:
    return f"undefined ({why})" if why else "undefined"


def _ok(x) -> bool:
    return x is not None and math.isfinite(x)


def money(x: float | None, currency: str = "$", why: str | None = None,
          compact: bool = False, digits: int = 0) -> str:
    """``€1,234,568``; with ``compact``, ``€1.23m`` / ``€12.3k``; ``digits`` for cents.
    ``currency`` is an ISO code (shown by its symbol: ``RUB`` → ``₽``) or a symbol."""
    if not _ok(x):
        return _undefined(why)
    currency = symbol(currency)
    sign = "−" if x < 0 else ""
    a = abs(x)
    if compact and a >= 1e9:
        return f"{sign}{currency}{a / 1e9:.3g}bn"
    if compact and a >= 1e6:
        return f"{sign}{currency}{a / 1e6:.3g}m"
    if compact and a >= 1e4:
        return f"{sign}{currency}{a / 1e3:.3g}k"
    return f"{sign}{currency}{a:,.{digits}f}"


def percent(x: float | None, why: str | None = None, digits: int = 1) -> str:
    """A fraction as per cent: 0.6039 → ``60.4 %``."""
    if not _ok(x):
        return _undefined(why)
    return f"{100 * x:,.{digits}f} %".replace("-", "−")


def ratio(x: float | None, why: str | None = None) -> str:
    """A ratio such as BCR: ``1.60``."""
    return f"{x:.2f}" if _ok(x) else _undefined(why)


def payback(years: float | None, horizon_years: int, unit: str | None = None) -> str:
    """Payback in months or years (``unit`` fixes which), or why there is none."""
    return describe_payback(years, horizon_years, unit)


def headline(appraisal, currency: str = "$") -> dict[str, str]:
    """The five headline figures of an :class:`~supportroi.finance.Appraisal` as text."""
    a = appraisal
    return {
        "ROI": percent(a.roi, "no costs"),
        "NPV": money(a.npv, currency),
        "Payback": payback(a.payback_years, a.horizon_years),
        "BCR": ratio(a.bcr, "no costs"),
        "IRR": percent(a.irr, a.irr_note),
    }


def unit_label(a, currency: str = "$", lang: str = DEFAULT_LANGUAGE) -> str:
    """An assumption's unit as shown beside its label: "%", "€/year", "min", "s"... in
    ``lang`` (message ``unit_labels.<unit>``; "₽/год", "分钟"); "" for a choice.

    >>> from supportroi.assumptions import CATALOG
    >>> unit_label(CATALOG["agent_salary"], "€"), unit_label(CATALOG["aht_phone_min"], lang="ru")
    ('€/year', 'мин')
    """
    key = f"unit_labels.{a.unit}"
    if a.unit == "choice" or key not in catalog(DEFAULT_LANGUAGE):
        return "" if a.unit == "choice" else a.unit
    return translator(lang)(key, currency=symbol(currency))


