"""Currencies: the ISO 4217 codes a scenario can be in, a dated exchange-rate table, and
where each money default of the catalog comes from.

A scenario's ``currency`` is one of :data:`CURRENCIES` (``USD``, ``EUR``, ``GBP``, ``RUB``,
``CNY``). For files and links written before codes, the symbols ``$ € £ ₽ ¥`` are accepted
and read as those codes (``¥`` is the yuan here: the yen is not offered).

Money benchmarks and defaults are figures of one market in one year (:data:`MONEY_ORIGINS`:
currency, year and market of every money input). A price set on an international market
(software) converts to another currency by exchange rate; a wage or another local cost does
not, so a US salary benchmark says nothing about a Russian salary and is not compared with it.

Rates are the annual averages in ``supportroi/data/rates.yaml`` (units of each currency for
1 euro; see that file for the year and sources); a scenario's ``exchange_rates`` overrides
any of them. Nothing is fetched at run time.

>>> round(convert(27_500, "USD", "GBP"), 2)
21509.65
>>> round(convert(100, "EUR", "RUB", {"RUB": 95.0}), 2)
9500.0
>>> currency_code("₽"), symbol("CNY")
('RUB', '¥')
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .i18n import load_yaml, translator

__all__ = [
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "MONEY_ORIGINS",
    "RATES_FILE",
    "MoneyOrigin",
    "RateTable",
    "convert",
    "currency_code",
    "currency_problem",
    "kind_of",
    "money_scale",
    "rate_table",
    "rates_problems",
    "symbol",
]

#: The currencies offered, by ISO 4217 code, with the symbol money is shown with.
CURRENCIES: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "CNY": "¥"}
DEFAULT_CURRENCY = "USD"
#: Symbols that older scenario files and links used for the currency, read as codes.
_SYMBOL_CODES = {sym: code for code, sym in CURRENCIES.items()}
#: The rate table shipped with the package.
RATES_FILE = Path(__file__).resolve().parent / "data" / "rates.yaml"


def currency_problem(text, lang: str = "en") -> str | None:
    """Why ``text`` is not a currency of the apps, or None (in ``lang``).

    >>> currency_problem("GBP") is None, currency_problem("£") is None
    (True, True)
    >>> currency_problem("CHF")
    "must be one of USD, EUR, GBP, RUB, CNY (or the symbols $ € £ ₽ ¥), got 'CHF'"
    """
    if isinstance(text, str) and (text in CURRENCIES or text in _SYMBOL_CODES):
        return None
    t = translator(lang)
    shown = repr(text[:12] + ("…" if len(text) > 12 else "")) if isinstance(text, str) else \
        kind_of(text, lang)
    hint = ""
    if isinstance(text, str) and text.strip().upper() in CURRENCIES:
        hint = t("validation.currency.write", code=text.strip().upper())
    return t("validation.currency.not_offered", codes=", ".join(CURRENCIES),
             symbols=" ".join(_SYMBOL_CODES), shown=shown, hint=hint)


def kind_of(value, lang: str = "en") -> str:
    """What kind of value ``value`` is, for a message: in English the Python type's name
    (as the messages always gave it), in another language plain words ("число")."""
    if lang == "en":
        return type(value).__name__
    if value is None:
        key = "validation.kinds.nothing"
    elif isinstance(value, bool):
        key = "validation.kinds.yes_no"
    elif isinstance(value, numbers.Number):
        key = "validation.kinds.number"
    elif isinstance(value, str):
        key = "validation.kinds.text"
    elif isinstance(value, Mapping):
        key = "validation.kinds.mapping"
    elif isinstance(value, list | tuple | set):
        key = "validation.kinds.list"
    else:
        key = "validation.kinds.other"
    return translator(lang)(key)


def currency_code(text) -> str:
    """The ISO code of ``text`` (a code or an old symbol); ValueError if it is neither."""
    problem = currency_problem(text)
    if problem:
        raise ValueError(f"currency {problem}")
    return _SYMBOL_CODES.get(text, text)


def symbol(currency: str) -> str:
    """The symbol money in ``currency`` is shown with: ``RUB`` → ``₽``. Text that is not an
    offered code (a symbol already) is returned as it is."""
    return CURRENCIES.get(currency, currency)


# -- exchange rates ----------------------------------------------------------------------
@dataclass(frozen=True)
class RateTable:
    """Exchange rates: units of each currency for one unit of ``base``.

    ``own`` names the currencies whose rate the user set (overriding the table of ``year``).
    """

    year: int
    base: str
    rates: Mapping[str, float]
    sources: Mapping[str, str] = field(default_factory=dict)
    own: frozenset[str] = frozenset()

    def rate(self, source: str, target: str) -> float:
        """Units of ``target`` for one unit of ``source``. [target/source]"""
        return self.rates[currency_code(target)] / self.rates[currency_code(source)]

    def convert(self, amount, source: str, target: str):
        """``amount`` of ``source`` in ``target``; broadcasts over arrays. [target]"""
        r = self.rate(source, target)
        out = np.asarray(amount, dtype=float) * r
        return float(out) if out.ndim == 0 else out

    def uses_own(self, *currencies: str) -> bool:
        """True if converting between ``currencies`` uses a rate the user set."""
        return any(currency_code(c) in self.own for c in currencies)

    def with_overrides(self, overrides: Mapping | None) -> RateTable:
        """This table with some rates replaced (units per one ``base``); ValueError listing
        every problem with ``overrides``."""
        if not overrides:
            return self
        problems = rates_problems(overrides, self.base)
        if problems:
            raise ValueError("exchange_rates: " + "; ".join(problems))
        own = {k: float(v) for k, v in overrides.items()}
        return RateTable(self.year, self.base, dict(self.rates) | own, self.sources,
                         self.own | frozenset(own))


@functools.cache
def _shipped() -> RateTable:
    with open(RATES_FILE, encoding="utf-8") as f:
        doc = load_yaml(f)
    rates = {str(k): float(v) for k, v in doc["rates"].items()}
    missing = sorted(set(CURRENCIES) - set(rates))
    if missing or doc["base"] not in rates or rates[doc["base"]] != 1.0:
        raise RuntimeError(f"{RATES_FILE}: needs a rate for every currency (missing: "
                           f"{', '.join(missing) or 'none'}) and 1 for its base")
    return RateTable(int(doc["year"]), str(doc["base"]), rates, dict(doc.get("sources", {})))


def rate_table(overrides: Mapping | None = None) -> RateTable:
    """The shipped rate table, with ``overrides`` (units per euro, e.g. ``{"USD": 1.10}``)
    replacing some of its rates."""
    return _shipped().with_overrides(overrides)


def convert(amount, source: str, target: str, rates: Mapping | RateTable | None = None):
    """``amount`` in currency ``source`` expressed in ``target`` at the shipped annual
    average rates, or at ``rates`` (a :class:`RateTable`, or overrides of the shipped one in
    units per euro). Broadcasts over arrays. [target]"""
    table = rates if isinstance(rates, RateTable) else rate_table(rates)
    return table.convert(amount, source, target)


def rates_problems(value, base: str = "EUR", lang: str = "en") -> list[str]:
    """Every problem with exchange-rate overrides: a mapping of offered currency codes to
    positive finite numbers, units of that currency for one ``base`` (empty if none), in
    ``lang``."""
    t = translator(lang)
    if not isinstance(value, Mapping):
        return [t("validation.rates.not_mapping", base=base, kind=kind_of(value, lang))]
    out = []
    for code, rate in value.items():
        if code == base:
            out.append(t("validation.rates.base_given", base=base))
            continue
        if code not in CURRENCIES:
            hint = ""
            if isinstance(code, str) and code in _SYMBOL_CODES:
                hint = t("validation.currency.write", code=_SYMBOL_CODES[code])
            elif isinstance(code, str) and code.strip().upper() in CURRENCIES:
                hint = t("validation.currency.write", code=code.strip().upper())
            out.append(t("validation.rates.not_offered", code=repr(code),
                         codes=", ".join(c for c in CURRENCIES if c != base), hint=hint))
            continue
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
            out.append(t("validation.rates.not_a_number", code=code, base=base,
                         kind=kind_of(rate, lang)))
        elif not math.isfinite(float(rate)) or float(rate) <= 0:
            shown = f"{float(rate):g}"
            if lang != "en" and math.isfinite(float(rate)) and "e" not in shown:
                shown = translator(lang).number(float(rate), len(shown.partition(".")[2]))
            out.append(t("validation.rates.not_positive", code=code, base=base, value=shown))
    return out


def money_scale(currency: str) -> float:
    """What the catalog's money bounds (US dollars) are multiplied by in ``currency``: the
    power of ten at or above the dollar's shipped rate in it, and 1 for a currency worth
    more than a tenth of a dollar (bounds are sanity limits, not benchmarks).

    >>> money_scale("USD"), money_scale("GBP"), money_scale("CNY"), money_scale("RUB")
    (1.0, 1.0, 10.0, 100.0)
    """
    rate = rate_table().rate(DEFAULT_CURRENCY, currency)
    return 1.0 if rate <= 1.0 else float(10 ** math.ceil(math.log10(rate)))


# -- where money figures come from ---------------------------------------------------------
@dataclass(frozen=True)
class MoneyOrigin:
    """The currency, year and market of a money default (and its benchmark, if any).

    ``market`` is ``"global"`` for a price set on an international market, which carries
    over to another currency by exchange rate (software licences and subscriptions), and
    ``"local"`` for a cost or price set by a local market (wages, recruiting, facilities,
    what customers spend), which does not: its benchmark applies in ``currency`` only.
    """

    currency: str
    year: int
    market: str
    #: What the figure is and why the market is what it is.
    basis: str

    def __post_init__(self):
        if self.currency not in CURRENCIES or self.market not in ("global", "local"):
            raise ValueError(f"bad money origin {self}")


_EST = "the catalog's illustrative estimate"
_O = MoneyOrigin
#: Every money input of the catalog (unit "currency…"): currency, year and market of its
#: default and benchmark. The source of the figure itself is the assumption's ``source``.
MONEY_ORIGINS: dict[str, MoneyOrigin] = {
    "agent_salary": _O("USD", 2014, "local", "US agent salaries (ContactBabel 2014); a wage"),
    "overhead_per_agent": _O("USD", 2024, "local", _EST + "; facilities and supervision are "
                             "local costs"),
    "cost_to_replace_agent": _O("USD", 2020, "local", "US replacement cost (Gartner, as cited "
                                "about 2020; the study's own year is not given); recruiting, "
                                "training and lost productivity are wages"),
    "hiring_cost_per_agent": _O("USD", 2024, "local", _EST + "; recruiting is a local cost"),
    "training_design_cost": _O("USD", 2024, "local", _EST + "; designers' and trainers' time"),
    "training_delivery_cost_per_agent": _O("USD", 2024, "local", _EST + "; instructors and "
                                           "facilities"),
    "training_refresh_cost": _O("USD", 2024, "local", _EST + "; content writers' time"),
    "tech_one_time_cost": _O("USD", 2024, "global", _EST + "; software licences and "
                             "implementation are priced on an international market (local "
                             "integration work may cost less)"),
    "tech_annual_cost": _O("USD", 2024, "global", _EST + "; software subscriptions are priced "
                           "on an international market"),
    "upsell_value": _O("USD", 2024, "local", _EST + "; what your customers pay"),
    "indirect_costs_avoided": _O("USD", 2024, "local", _EST + "; legal and PR costs are local"),
    "revenue_per_customer": _O("USD", 2024, "local", _EST + "; what your customers pay"),
    "acquisition_cost_per_customer": _O("USD", 2024, "local", _EST + "; marketing in your "
                                        "market"),
    "indirect_costs": _O("USD", 2024, "local", _EST + "; management time is a wage"),
}
del _O
