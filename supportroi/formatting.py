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
import re
import string
from decimal import Decimal

from .currency import currency_problem, symbol
from .finance import IRR_NO_SIGN_CHANGE, IRR_SEVERAL, describe_payback
from .i18n import DEFAULT_LANGUAGE, catalog, translator

__all__ = [
    "CONVENTIONS",
    "currency_problem",
    "decimals",
    "fill",
    "headline",
    "money",
    "payback",
    "percent",
    "ratio",
    "safe_text",
    "unit_label",
]

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


#: Reasons a figure is undefined, as the model states them, and their messages.
_WHY = {"no costs": "results.why.no_costs", "no churn": "results.why.no_churn",
        "no discount rate and no churn": "results.why.no_rate_no_churn",
        IRR_NO_SIGN_CHANGE: "results.why.irr_no_sign_change",
        IRR_SEVERAL: "results.why.irr_several"}
#: The model's other IRR reasons, by how they begin (finance._irr_out_of_reach).
_WHY_STARTS = {"the IRR is above": "results.why.irr_above_bound",
               "no rate above": "results.why.irr_no_rate"}


def decimals(x: float, least: int = 0, most: int = 6) -> int:
    """The fewest decimals (``least`` to ``most``) that show ``x`` without rounding it:
    12.5 → 1, 300.0 → 0, 0.125 → 3.

    >>> decimals(12.5), decimals(300.0), decimals(0.125), decimals(1 / 3), decimals(2.0, least=2)
    (1, 0, 3, 6, 2)
    """
    for d in range(least, most + 1):
        if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)):
            return d
    return most


def why_text(why: str | None, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """A reason the model gives (in English) in ``lang``; unknown reasons stay as given.

    >>> why_text("no costs", "ru")
    'нет затрат'
    """
    if not why:
        return why
    key = _WHY.get(why) or next((k for start, k in _WHY_STARTS.items()
                                 if why.startswith(start)), None)
    return translator(lang)(key) if key else why


def _undefined(why: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    return (t("results.undefined_because", why=why_text(why, lang)) if why
            else t("results.undefined"))


def _ok(x) -> bool:
    return x is not None and math.isfinite(x)


def money(x: float | None, currency: str = "$", why: str | None = None,
          compact: bool = False, digits: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """``€1,234,568``; with ``compact``, ``€1.23m`` / ``€12.3k``; ``digits`` for cents.
    ``currency`` is an ISO code (shown by its symbol: ``RUB`` → ``₽``) or a symbol.
    In another language, the language's format (Babel): ``1 234 568 €``, ``12 млн €``.

    >>> money(1234567.8, "RUB", lang="ru")
    '1\xa0234\xa0568\xa0₽'
    """
    if not _ok(x):
        return _undefined(why, lang)
    currency = symbol(currency)  # ₽ in every language (Babel's Chinese would write "RUB")
    if lang != DEFAULT_LANGUAGE:
        return translator(lang).money(x, currency, compact=compact, digits=digits)
    sign = "−" if x < 0 else ""
    a = abs(x)
    if compact and a >= 1e9:
        return f"{sign}{currency}{a / 1e9:.3g}bn"
    if compact and a >= 1e6:
        return f"{sign}{currency}{a / 1e6:.3g}m"
    if compact and a >= 1e4:
        return f"{sign}{currency}{a / 1e3:.3g}k"
    return f"{sign}{currency}{a:,.{digits}f}"


def percent(x: float | None, why: str | None = None, digits: int = 1,
            lang: str = DEFAULT_LANGUAGE) -> str:
    """A fraction as per cent: 0.6039 → ``60.4 %`` (``60,4 %`` in Russian, ``60.4%`` in
    Chinese)."""
    if not _ok(x):
        return _undefined(why, lang)
    if lang != DEFAULT_LANGUAGE:
        return translator(lang).percent(x, digits)
    return f"{100 * x:,.{digits}f} %".replace("-", "−")


def ratio(x: float | None, why: str | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A ratio such as BCR: ``1.60`` (``1,60`` in Russian)."""
    if not _ok(x):
        return _undefined(why, lang)
    return f"{x:.2f}" if lang == DEFAULT_LANGUAGE else translator(lang).number(x, 2)


def payback(years: float | None, horizon_years: int, unit: str | None = None,
            lang: str = DEFAULT_LANGUAGE) -> str:
    """Payback in months or years (``unit``, "months" or "years", fixes which; None:
    months below 24 months), or why there is none, in ``lang``.

    >>> payback(0.6, 3), payback(None, 1), payback(2.5, 5, lang="ru")
    ('7.2 months', 'does not pay back within 1 year', '2,5 года')
    """
    if lang == DEFAULT_LANGUAGE:
        return describe_payback(years, horizon_years, unit)
    if unit not in (None, "months", "years"):
        raise ValueError(f"unit: must be 'months' or 'years', got {unit!r}")
    t = translator(lang)
    if years is None or not math.isfinite(years):
        return t.plural("results.payback.never", horizon_years)
    if years == 0:
        return t("results.payback.immediately")
    months = 12 * years
    in_months = unit == "months" or (unit is None and months < 24)
    key, x = ("results.payback.months", months) if in_months else ("results.payback.years",
                                                                    years)
    # The count as shown, one decimal: "2,0 месяца" takes the fraction form.
    return t.plural(key, Decimal(f"{x:.1f}"), value=t.number(x, 1))


def headline(appraisal, currency: str = "$", lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The five headline figures of an :class:`~supportroi.finance.Appraisal` as text."""
    a = appraisal
    return {
        "ROI": percent(a.roi, "no costs", lang=lang),
        "NPV": money(a.npv, currency, lang=lang),
        "Payback": payback(a.payback_years, a.horizon_years, lang=lang),
        "BCR": ratio(a.bcr, "no costs", lang),
        "IRR": percent(a.irr, a.irr_note, lang=lang),
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


_SPEC = re.compile(r",?\.(\d)([f%])")


class _LocalFormatter(string.Formatter):
    """``str.format`` with numbers in a language's format: ``{x:,.0f}``, ``{x:.1%}``,
    ``{x:g}``, ``{x:,}`` and ``{x:money}`` / ``{x:money2}`` (the scenario's currency)."""

    def __init__(self, lang: str, currency: str):
        self.t, self.lang, self.currency = translator(lang), lang, currency

    def format_field(self, value, spec):
        t = self.t
        if isinstance(value, str) or not spec:
            return str(value) if isinstance(value, str) else format(value, spec)
        if spec in ("money", "money2"):
            return money(float(value), self.currency, digits=2 if spec == "money2" else 0,
                         lang=self.lang)
        m = _SPEC.fullmatch(spec)
        if m:
            digits, pct = int(m[1]), m[2] == "%"
            if round(float(value), digits + 2 * pct) == 0:
                value = 0.0  # −0.0001 shows as 0.0, not "−0.0"
            return t.percent(float(value), digits) if pct else t.number(value, digits)
        if spec == ",":
            return t.number(value)
        if spec == "g":
            text = format(float(value), "g")
            digits = len(text.split(".")[1]) if "." in text and "e" not in text else 0
            return t.number(float(value), digits)
        return format(value, spec)


def fill(template: str, lang: str = DEFAULT_LANGUAGE, currency: str = "$", **fields) -> str:
    """``template`` with its ``{fields}`` formatted for ``lang`` (see :class:`_LocalFormatter`).

    >>> fill("{n:,.0f} × {r:.1%} = {x:money}", "ru", "₽", n=1234, r=0.125, x=154.25)
    '1\xa0234 × 12,5\xa0% = 154\xa0₽'
    >>> fill("{n:,.0f} × {r:.1%} = {x:money}", n=1234, r=0.125, x=154.25)
    '1,234 × 12.5% = $154'
    """
    return _LocalFormatter(lang, currency).vformat(template, (), fields)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will not read as a formula (OWASP CSV injection: prefix
    ``'``), for every cell of a take-away file (CSV or workbook) that holds user or file text.

    >>> safe_text("=HYPERLINK(1)"), safe_text("plain"), safe_text(3)
    ("'=HYPERLINK(1)", 'plain', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
