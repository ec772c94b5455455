"""The assumption catalog: every model input, declared once.

Each :class:`Assumption` carries the name used in scenario files and URLs, a
label and unit for people, a default, hard bounds (what is valid), a slider
step, a group, help text and the source of the default. Validation, the CLI
listing, the generated docs and the app's controls are all built from
:data:`CATALOG`; nothing else holds a default.

Labels, help texts and group titles are messages of the language catalogs
(``supportroi/locales/<lang>/assumptions.yaml``, keys ``assumptions.<name>.label``,
``assumptions.<name>.help`` and ``groups.<key>``): ``label`` and ``help`` hold the
English ones, :meth:`Assumption.text` gives them in any language. Sources
(citations) stay here, in their original language.

Conventions (see also ``README.md``):

* Shares, rates and percentage-point changes are decimals: ``0.70`` is 70 %,
  and an FCR improvement of ``0.03`` is 3 percentage points. Their unit is
  ``"fraction"`` and the apps display them as per cent.
* Money is in the scenario's currency (``currency`` in the scenario file);
  ``"currency/year"`` is an amount every year of the horizon.
* Durations are minutes (handle times) or hours (paid and training time).
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .i18n import DEFAULT_LANGUAGE, catalog, translator

from .currency import (DEFAULT_CURRENCY, MONEY_ORIGINS, RateTable, currency_code,
                       money_scale, rate_table)

__all__ = [
    "Assumption",
    "CATALOG",
    "GROUPS",
    "group_label",
    "Message",
    "Phrase",
    "Problem",
    "Shown",
    "defaults",
    "check_value",
    "bounds",
    "validate",
    "suggest",
    "number",
    "number_or_text",
    "benchmark_warnings",
    "money_default_warnings",
    "CROSS_RULES",
]

YOUR_ESTIMATE = "your estimate"


@dataclass(frozen=True)
class Assumption:
    """One model input.

    ``min``/``max`` are hard bounds: a value outside them is refused, never
    clamped. ``benchmark`` is the range the cited source reports; values
    outside it are allowed but flagged by :func:`benchmark_warnings`.
    ``role`` is ``"lever"`` for what the organisation decides (agents,
    training hours, tools, the horizon) and ``"estimate"`` for the
    uncertainties: what it can only estimate or measure (churn reduction,
    deflection, today's workload). (The value stays ``"estimate"``: the risk
    app picks its Monte Carlo defaults by it.)
    ``soft`` is the plausible range (param's "soft bounds"): where real
    centres and cases sit, narrower than the hard bounds; sliders and
    scenario fuzzing use it, and values outside it are allowed.
    """

    name: str
    label: str
    unit: str
    default: float | int | str
    min: float | int | None
    max: float | int | None
    step: float | int | None
    group: str
    help: str
    source: str = YOUR_ESTIMATE
    kind: str = "float"  # "float", "int" or "choice"
    role: str = "estimate"  # "lever" or "estimate" (an uncertainty)
    benchmark: tuple[float, float] | None = None
    #: The allowed values of a "choice" assumption (min, max and step are None).
    choices: tuple[str, ...] = ()
    #: Plausible range (soft bounds) inside [min, max], containing the default; None
    #: for a choice. [unit]
    soft: tuple[float, float] | None = None

    @property
    def numeric(self) -> bool:
        """True for numbers ("float", "int"), False for a "choice"."""
        return self.kind != "choice"

    def text(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
        """(label, help) in ``lang``.

        >>> CATALOG["fcr"].text("ru")
        ('Решение с первого обращения (FCR)', 'Доля вопросов, решённых при первом обращении.')
        """
        t = translator(lang)
        return t(f"assumptions.{self.name}.label"), t(f"assumptions.{self.name}.help")

    def choice_label(self, choice: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """How a value of a "choice" assumption is shown in ``lang`` (the value itself,
        the one scenario files and links hold, stays as it is)."""
        return translator(lang)(f"choices.{self.name}.{choice}")

    def format(self, value, lang: str = DEFAULT_LANGUAGE) -> str:
        """``value`` for people, in this assumption's unit: 0.2 → "20 %" (in ``lang``'s
        number format: 0.125 → "12,5 %" in Russian)."""
        if not self.numeric:
            return self.choice_label(value, lang) if value in self.choices else str(value)
        if lang != DEFAULT_LANGUAGE:
            t = translator(lang)
            if self.unit.startswith("fraction"):
                shown = float(f"{100 * float(value):.4g}")  # per cent, as in English
                return t.percent(shown / 100, digits=_decimals(shown))
            if self.unit.startswith("currency"):
                return t.number(float(value), 0 if abs(float(value)) >= 100 else 2)
            return number(value, lang)
        if self.unit.startswith("fraction"):
            return f"{100 * float(value):.4g} %"
        if self.unit.startswith("currency"):
            return f"{float(value):,.0f}" if abs(float(value)) >= 100 else f"{float(value):,.2f}"
        return number(value)

    def __post_init__(self):
        if self.kind not in ("float", "int", "choice"):
            raise ValueError(f"{self.name}: kind must be 'float', 'int' or 'choice'")
        if self.kind == "choice":
            if self.default not in self.choices or (self.min, self.max, self.step) != (None,) * 3:
                raise ValueError(f"{self.name}: a choice needs choices including the default, "
                                 "and no min, max or step")
        elif not (self.min <= self.default <= self.max):
            raise ValueError(f"{self.name}: default {self.default} outside [{self.min}, {self.max}]")
        elif self.soft is None or not (self.min <= self.soft[0] <= self.default <= self.soft[1]
                                       <= self.max):
            raise ValueError(f"{self.name}: soft bounds {self.soft} must lie in [{self.min}, "
                             f"{self.max}] and contain the default {self.default}")
        if self.role not in ("lever", "estimate"):
            raise ValueError(f"{self.name}: role must be 'lever' or 'estimate'")
        if self.group not in dict(GROUPS):
            raise ValueError(f"{self.name}: unknown group {self.group!r}")


_ENGLISH = catalog(DEFAULT_LANGUAGE)

#: Groups in the order the apps show them: (key, English label).
GROUPS: tuple[tuple[str, str], ...] = tuple(
    (key, _ENGLISH[f"groups.{key}"])
    for key in ("operations", "staffing", "training", "technology", "effects", "customers",
                "finance"))


def group_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The title of group ``key`` in ``lang``."""
    return translator(lang)(f"groups.{key}")

_CB = "ContactBabel 2014 (US)"
_TEI = "Forrester Total Economic Impact (TEI) methodology"
_PHILLIPS = "Phillips ROI Methodology"



def _A(name: str, unit: str, *args, **kwargs) -> Assumption:
    """An :class:`Assumption` with its English label and help from the language catalog."""
    label, help_ = (_ENGLISH[f"assumptions.{name}.{part}"] for part in ("label", "help"))
    return Assumption(name, label, unit, *args[:4], args[4], help_, *args[5:], **kwargs)


_ITEMS: tuple[Assumption, ...] = (
    # -- operations baseline -------------------------------------------------
    _A("annual_contacts", "contacts/year", 1_000_000, 0, 100_000_000, 1_000, "operations",
       kind="int", soft=(10000, 20000000)),
    _A("share_phone", "fraction", 0.50, 0.0, 1.0, 0.01, "operations", soft=(0.0, 0.9)),
    _A("share_chat", "fraction", 0.20, 0.0, 1.0, 0.01, "operations", soft=(0.0, 0.6)),
    _A("share_email", "fraction", 0.20, 0.0, 1.0, 0.01, "operations", soft=(0.0, 0.6)),
    _A("share_self_service", "fraction", 0.10, 0.0, 1.0, 0.01, "operations", soft=(0.0, 0.6)),
    _A("aht_phone_min", "minutes", 6.35, 0.5, 60.0, 0.05, "operations",
       source=_CB + ": service call 6 min 21 s", benchmark=(4.0, 10.0), soft=(2.0, 20.0)),
    _A("aht_chat_min", "minutes", 10.0, 0.5, 60.0, 0.05, "operations", soft=(3.0, 30.0)),
    _A("aht_email_min", "minutes", 8.0, 0.5, 120.0, 0.05, "operations", soft=(2.0, 30.0)),
    _A("fcr", "fraction", 0.70, 0.0, 1.0, 0.01, "operations",
       source="SQM Group: average about 70 %, world class 80 % or more", benchmark=(0.60, 0.85), soft=(0.4, 0.95)),
    _A("repeat_contacts_per_unresolved", "contacts", 1.0,
       0.0, 10.0, 0.1, "operations", soft=(0.3, 3.0)),
    _A("agent_fte", "FTE", 100, 0, 50_000, 1, "operations", kind="int", soft=(5, 5000)),
    _A("agent_salary", "currency/year", 35_000.0, 0.0, 500_000.0, 500.0, "operations",
       source=_CB + ": new agent $27.5k, experienced $34.8k", benchmark=(27_500.0, 45_000.0), soft=(15000.0, 120000.0)),
    _A("benefits_load", "fraction", 0.30, 0.0, 1.5, 0.01, "operations", soft=(0.1, 0.6)),
    _A("overhead_per_agent", "currency/year", 15_000.0, 0.0, 500_000.0,
       500.0, "operations", soft=(3000.0, 50000.0)),
    _A("paid_hours_per_fte", "hours/year", 2080.0, 500.0, 3000.0, 8.0,
       "operations", soft=(1600.0, 2300.0)),
    _A("shrinkage", "fraction", 0.30, 0.0, 0.8, 0.01, "operations",
       source="industry WFM glossaries: 15–35 % of paid time", benchmark=(0.15, 0.35), soft=(0.1, 0.45)),
    _A("occupancy", "fraction", 0.80, 0.3, 1.0, 0.01, "operations",
       source="Call Centre Helper, WFM Labs: sustainable 75–85 %, cap about 85 %",
       benchmark=(0.75, 0.85), soft=(0.6, 0.92)),
    _A("agent_attrition", "fraction/year", 0.30, 0.0, 1.5, 0.01, "operations",
       source="ContactBabel, ICMI: about 30–45 % a year (27 % mean 2011–14; outsourcers 56 %)",
       benchmark=(0.27, 0.56), soft=(0.05, 0.8)),
    _A("cost_to_replace_agent", "currency", 14_113.0, 0.0, 200_000.0, 100.0, "operations",
       source="Gartner ($14,113); SWPP ($10–15k)", benchmark=(10_000.0, 15_000.0), soft=(3000.0, 40000.0)),
    # -- staffing ------------------------------------------------------------
    _A("agents_added", "FTE", 0, -10_000, 10_000, 1, "staffing",
       kind="int", role="lever", soft=(-100, 100)),
    _A("staffing_method", "choice", "linear", None, None, None, "staffing",
       source="Erlang C; service-leadership literature: workload → staff → waiting",
       kind="choice", choices=("linear", "erlang"), role="lever"),
    _A("target_service_level", "fraction", 0.80, 0.5, 0.99, 0.01, "staffing",
       source="industry convention 80/20: 80 % of calls answered in 20 s", soft=(0.6, 0.95), role="lever"),
    _A("target_answer_time_s", "seconds", 20.0, 5.0, 600.0, 5.0,
       "staffing", source="industry convention 80/20: 80 % of calls answered in 20 s", soft=(10.0, 120.0), role="lever"),
    _A("hiring_cost_per_agent", "currency", 10_000.0, 0.0, 200_000.0, 100.0, "staffing",
       source="your estimate; replacement costs $10–15k (Gartner, SWPP)", soft=(2000.0, 30000.0)),
    # -- training ------------------------------------------------------------
    _A("training_hours_per_agent", "hours/year", 16.0, 0.0, 400.0,
       1.0, "training", role="lever", soft=(0.0, 80.0)),
    _A("training_design_cost", "currency", 40_000.0, 0.0, 10_000_000.0, 1_000.0, "training",
       role="lever", soft=(0.0, 500000.0)),
    _A("training_delivery_cost_per_agent", "currency/year", 400.0, 0.0, 50_000.0, 10.0, "training",
       role="lever", soft=(0.0, 3000.0)),
    _A("training_refresh_cost", "currency/year", 8_000.0, 0.0,
       5_000_000.0, 500.0, "training", role="lever", soft=(0.0, 100000.0)),
    # -- technology ----------------------------------------------------------
    _A("tech_one_time_cost", "currency", 120_000.0, 0.0, 100_000_000.0, 5_000.0, "technology",
       role="lever", soft=(0.0, 5000000.0)),
    _A("tech_annual_cost", "currency/year", 60_000.0, 0.0, 50_000_000.0, 1_000.0, "technology",
       role="lever", soft=(0.0, 2000000.0)),
    _A("deflection_rate", "fraction", 0.05, 0.0, 0.9, 0.01, "technology",
       source="vendor sources only: 20–35 % at go-live", benchmark=(0.0, 0.35), soft=(0.0, 0.35)),
    _A("tooling_aht_reduction", "fraction", 0.03, 0.0, 0.8, 0.01, "technology", soft=(0.0, 0.15)),
    # -- effects of the initiative -------------------------------------------
    _A("aht_reduction", "fraction", 0.05, 0.0, 0.8, 0.01, "effects", soft=(0.0, 0.15)),
    _A("fcr_improvement", "fraction", 0.03, 0.0, 0.5, 0.005, "effects",
       source="your estimate; SQM Group: +1 pt FCR ≈ +1 % CSAT and −1 % operating cost", soft=(0.0, 0.1)),
    _A("churn_reduction", "fraction", 0.005, 0.0, 0.5, 0.001, "effects",
       source="your estimate; Reichheld & Sasser (HBR 1990): −5 pts defections raised "
              "profits 30–85 %", soft=(0.0, 0.03)),
    _A("upsell_rate", "fraction", 0.002, 0.0, 0.5, 0.001, "effects", soft=(0.0, 0.02)),
    _A("upsell_value", "currency", 60.0, 0.0, 1_000_000.0, 5.0, "effects", soft=(0.0, 2000.0)),
    _A("attrition_reduction", "fraction", 0.03, 0.0, 1.5, 0.01, "effects", soft=(0.0, 0.1)),
    _A("referral_uplift", "fraction", 0.001, 0.0, 0.5, 0.001, "effects",
       source="your estimate; McKinsey: 20–50 % of purchase decisions driven by word of mouth", soft=(0.0, 0.01)),
    _A("indirect_costs_avoided", "currency/year", 0.0, 0.0,
       100_000_000.0, 1_000.0, "effects", soft=(0.0, 500000.0)),
    _A("capture_rate", "fraction", 0.75, 0.0, 1.0, 0.05, "effects", soft=(0.25, 1.0)),
    # -- customers -----------------------------------------------------------
    _A("active_customers", "customers", 200_000, 0, 1_000_000_000, 1_000,
       "customers", kind="int", soft=(1000, 10000000)),
    _A("revenue_per_customer", "currency/year", 300.0, 0.0,
       10_000_000.0, 10.0, "customers", soft=(20.0, 20000.0)),
    _A("gross_margin", "fraction", 0.40, 0.0, 1.0, 0.01, "customers", soft=(0.1, 0.8)),
    _A("annual_churn", "fraction/year", 0.20, 0.0, 1.0, 0.005, "customers", soft=(0.02, 0.4)),
    _A("wait_churn_per_minute", "fraction/minute", 0.0,
       0.0, 0.05, 0.0005, "customers", soft=(0.0, 0.005)),
    _A("wait_churn_threshold_s", "seconds", 60.0, 0.0,
       1800.0, 10.0, "customers", soft=(0.0, 300.0)),
    _A("caller_patience_s", "seconds", 180.0, 5.0, 3600.0, 5.0, "customers", soft=(30.0, 600.0)),
    _A("abandonment_churn", "fraction", 0.0, 0.0, 1.0, 0.01, "customers", soft=(0.0, 0.2)),
    _A("acquisition_cost_per_customer", "currency", 150.0, 0.0,
       1_000_000.0, 5.0, "customers", soft=(10.0, 5000.0)),
    # -- finance and risk ----------------------------------------------------
    _A("indirect_costs", "currency/year", 10_000.0, 0.0, 100_000_000.0, 1_000.0,
       "finance", role="lever", soft=(0.0, 500000.0)),
    _A("horizon_years", "years", 3, 1, 10, 1, "finance", source=_TEI + ": usually 3",
       kind="int", role="lever", soft=(1, 7)),
    _A("discount_rate", "fraction/year", 0.10, 0.0, 0.5, 0.005, "finance",
       source=_TEI + ": usually 10 % (organisations use 8–16 %)", benchmark=(0.08, 0.16),
       role="lever", soft=(0.04, 0.16)),
    _A("ramp_year_1", "fraction", 0.50, 0.0, 1.0, 0.05, "finance", soft=(0.2, 1.0)),
    _A("ramp_year_2", "fraction", 0.90, 0.0, 1.0, 0.05, "finance", soft=(0.5, 1.0)),
    _A("ramp_later", "fraction", 1.0, 0.0, 1.0, 0.05, "finance", soft=(0.8, 1.0)),
    _A("one_time_spread_years", "years", 1, 1, 3, 1, "finance",
       kind="int", role="lever", soft=(1, 3)),
    _A("benefit_risk", "fraction", 0.10, 0.0, 0.9, 0.01, "finance",
       source=_TEI + " (implementation risk): typically 5–20 %",
       benchmark=(0.05, 0.20), soft=(0.0, 0.3)),
    _A("cost_risk", "fraction", 0.05, 0.0, 2.0, 0.01, "finance", source=_TEI + ": typically 5–20 %",
       benchmark=(0.05, 0.20), soft=(0.0, 0.3)),
    _A("attribution", "fraction", 1.0, 0.0, 1.0, 0.05, "finance", source=_PHILLIPS, soft=(0.3, 1.0)),
    _A("confidence", "fraction", 0.90, 0.0, 1.0, 0.05, "finance", source=_PHILLIPS, soft=(0.5, 1.0)),
)
del _A

#: All assumptions by name, in display order.
CATALOG: dict[str, Assumption] = {a.name: a for a in _ITEMS}
if len(CATALOG) != len(_ITEMS):  # pragma: no cover - guards the table above
    raise RuntimeError("duplicate assumption name in the catalog")


def defaults() -> dict[str, float | int]:
    """Every assumption's default, by name."""
    return {a.name: a.default for a in CATALOG.values()}


def number_or_text(x) -> str:
    """:func:`number` for numbers, the text itself for choices, "–" for None."""
    if x is None:
        return "–"
    return x if isinstance(x, str) else number(x)


@dataclass(frozen=True)
class Shown:
    """A figure inside a :class:`Message` that is shown its own way in each language:
    ``how`` "assumption" (``value`` in the unit of assumption ``arg``, as
    :meth:`Assumption.format`) or "amount" (money in currency ``arg``: ``£21.5k`` in
    English, the language's own format otherwise)."""

    how: str
    value: object
    arg: str

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if self.how == "assumption":
            return CATALOG[self.arg].format(self.value, lang)
        return _amount(float(self.value), self.arg, lang)


@dataclass(frozen=True)
class Message:
    """A text for people that can be shown in any language: the catalog message ``key``
    with its ``fields`` ((name, value) pairs) filled in for the language, numbers in its
    format (``{x:,.0f}``, ``{x:.0%}``, ``{x:money}`` in ``currency``; see
    :func:`supportroi.formatting.fill`). A field may itself be a :class:`Message` or a
    :class:`Shown`.

    >>> m = Message("warnings.rates_shipped", (("year", 2025),))
    >>> m.text(), m.text("ru")
    ('at 2025 average exchange rates', 'по среднегодовым курсам 2025 г.')
    """

    key: str
    fields: tuple = ()
    currency: str = DEFAULT_CURRENCY

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        from .formatting import fill

        values = {k: v.text(lang) if isinstance(v, (Message, Shown, Phrase)) else v
                  for k, v in self.fields}
        return fill(translator(lang)(self.key), lang, self.currency, **values)


@dataclass(frozen=True)
class Phrase:
    """A text for people worded afresh for each language by ``say(lang)`` (a check that
    formats its own figures, e.g. :func:`check_value`); it stands where a
    :class:`Message` does (:attr:`Problem.note`)."""

    say: Callable[[str], str]

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.say(lang)


def note(key: str, currency: str = DEFAULT_CURRENCY, /, **fields) -> Message:
    """A :class:`Message` of ``key`` with ``fields`` (keyword arguments; money fields in
    ``currency``)."""
    return Message(key, tuple(fields.items()), currency)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong.

    ``message`` is English; a problem built from a :class:`Message` (:meth:`of`) can say
    it in any language (:meth:`text`).
    """

    key: str
    message: str
    file: str | None = None
    line: int | None = None
    #: The message in every language (a :class:`Message` or :class:`Phrase`); None:
    #: English only (``message``).
    note: Message | Phrase | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, key: str, message: Message) -> Problem:
        """A problem of ``key`` saying ``message`` (English in :attr:`message`)."""
        return cls(key, message.text(DEFAULT_LANGUAGE), note=message)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What is wrong, in ``lang`` (English if the problem has no :attr:`note`)."""
        return self.note.text(lang) if self.note is not None else self.message

    def where(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Where the problem is, in ``lang``: ``scenario.yaml, line 3, agent_fte``
        (file, line and key, those it has); "" if it names none."""
        t = translator(lang)
        parts = [self.file or "", t("validation.where_line", line=self.line)
                 if self.line is not None else "", self.key or ""]
        return t("validation.where_join").join(p for p in parts if p)

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The problem with where it is, for a person reading ``lang``; in English exactly
        ``str(self)`` (``scenario.yaml:3: agent_fte: …``)."""
        if lang == DEFAULT_LANGUAGE:
            return str(self)
        where = self.where(lang)
        what = self.text(lang)
        return translator(lang)("validation.where_what", where=where, what=what) if where \
            else what

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}" if where else f"line {self.line}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.key}: {self.message}" if self.key else f"{prefix}{self.message}"


def suggest(name: str, candidates=None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A " (did you mean …?)" hint for a misspelt name, or "" (in ``lang``)."""
    close = difflib.get_close_matches(name, list(candidates or CATALOG), n=1, cutoff=0.6)
    return translator(lang)("validation.did_you_mean", name=close[0]) if close else ""


def number(x, lang: str = DEFAULT_LANGUAGE) -> str:
    """A bound or value as people write it: 1000000 → "1,000,000", 0.05 → "0.05"
    (in Russian "1 000 000" and "0,05")."""
    x = float(x)
    if lang != DEFAULT_LANGUAGE and math.isfinite(x) and (x == 0 or 1e-6 <= abs(x) < 1e15):
        shown = float(f"{x:g}")
        return translator(lang).number(shown, digits=_decimals(shown))
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:g}"


def _decimals(x: float) -> int:
    """How many decimals ``x`` needs: 0.05 → 2, 12.5 → 1, 300.0 → 0."""
    return max(0, -Decimal(repr(float(x))).normalize().as_tuple().exponent)


def _shown(value, limit: int = 60) -> str:
    """repr() for messages, cut short (a value in a file can be huge)."""
    if isinstance(value, (list, dict, tuple, set)):
        return type(value).__name__
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def bounds(name: str, currency: str = DEFAULT_CURRENCY) -> tuple:
    """The hard bounds of assumption ``name`` in ``currency``: the catalog's, with money
    bounds (declared in US dollars) scaled by :func:`~supportroi.currency.money_scale`."""
    a = CATALOG[name]
    if not a.unit.startswith("currency") or not a.numeric:
        return a.min, a.max
    k = money_scale(currency_code(currency))
    return a.min * k, a.max * k


def check_value(name: str, value, currency: str = DEFAULT_CURRENCY,
                lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why ``value`` is not valid for assumption ``name``, or None if it is (in ``lang``).

    Types are strict: text, booleans and non-whole numbers for whole-number
    inputs are refused rather than converted. Money bounds are those of
    ``currency`` (:func:`bounds`).

    >>> check_value("fcr", 1.5)
    '1.5 is out of bounds: must be between 0 and 1 (fraction)'
    >>> check_value("fcr", 1.5, lang="ru")
    '1,5 вне допустимых пределов: значение должно быть от 0 до 1 (доля)'
    """
    a = CATALOG[name]
    t = translator(lang)
    if not a.numeric:
        if isinstance(value, str) and value in a.choices:
            return None
        shown = _shown(value)
        hint = suggest(value, a.choices, lang) if isinstance(value, str) else ""
        return t("validation.not_a_choice", choices=", ".join(a.choices), value=shown, hint=hint)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        shown = (t("validation.text", value=_shown(value)) if isinstance(value, str)
                 else type(value).__name__)
        hint = ""
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                pass
            else:
                hint = t("validation.without_quotes_exponent" if "e" in value.lower()
                         else "validation.without_quotes")
        return t("validation.not_a_number", value=shown, hint=hint)
    value = float(value) if not isinstance(value, numbers.Integral) else value
    if isinstance(value, float) and not math.isfinite(value):
        return t("validation.not_finite", value=value)
    if a.kind == "int" and not (isinstance(value, numbers.Integral) or float(value).is_integer()):
        return t("validation.not_whole", value=_g(value, lang, "g"))
    lo, hi = bounds(name, currency)
    if not (lo <= value <= hi):
        return t("validation.out_of_bounds", value=number(value, lang), min=number(lo, lang),
                 max=number(hi, lang), unit=t(f"unit_names.{a.unit}"))
    return None


def _g(x, lang: str, spec: str = ".4g") -> str:
    """``format(x, spec)``, with the decimal sign of ``lang``."""
    text = format(x, spec)
    return text if lang == DEFAULT_LANGUAGE else number(float(text), lang)


#: Rules that involve several assumptions: (keys, test(values) -> bool,
#: message(values, lang="en") -> str).
#: validate() applies them; supportroi.risk reads them to keep ranges consistent.
CROSS_RULES = (
    (("share_phone", "share_chat", "share_email", "share_self_service"),
     lambda v: abs(v["share_phone"] + v["share_chat"] + v["share_email"]
                   + v["share_self_service"] - 1.0) <= 1e-6,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)("validation.channel_shares", total=_g(
         100 * (v["share_phone"] + v["share_chat"] + v["share_email"] + v["share_self_service"]),
         lang))),
    (("fcr", "fcr_improvement"),
     lambda v: v["fcr"] + v["fcr_improvement"] <= 1.0 + 1e-12,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)(
         "validation.fcr_over_100", fcr=_g(v["fcr"], lang),
         improvement=_g(v["fcr_improvement"], lang))),
    (("annual_churn", "churn_reduction"),
     lambda v: v["churn_reduction"] <= v["annual_churn"] + 1e-12,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)(
         "validation.churn_reduction_too_large", reduction=_g(v["churn_reduction"], lang),
         churn=_g(v["annual_churn"], lang))),
    (("agent_attrition", "attrition_reduction"),
     lambda v: v["attrition_reduction"] <= v["agent_attrition"] + 1e-12,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)(
         "validation.attrition_reduction_too_large", reduction=_g(v["attrition_reduction"], lang),
         attrition=_g(v["agent_attrition"], lang))),
    (("agent_fte", "agents_added"),
     lambda v: v["agent_fte"] + v["agents_added"] >= 0,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)(
         "validation.fewer_than_none", removed=-v["agents_added"], team=v["agent_fte"])),
    (("one_time_spread_years", "horizon_years"),
     lambda v: v["one_time_spread_years"] <= v["horizon_years"] + 1,
     lambda v, lang=DEFAULT_LANGUAGE: translator(lang)(
         "validation.spread_beyond_horizon", spread=v["one_time_spread_years"],
         years=v["horizon_years"] + 1, last=v["horizon_years"])),
)


def validate(values: Mapping[str, object], currency: str = DEFAULT_CURRENCY,
             lang: str = DEFAULT_LANGUAGE) -> list[Problem]:
    """Every problem with a set of assumption values, all at once (messages in ``lang``).

    ``values`` may hold only some assumptions; the defaults fill the rest for
    the rules that involve several inputs. Unknown names are problems too.
    Money is checked against the bounds of ``currency`` (:func:`bounds`).
    """
    problems = []
    for key, value in values.items():
        if key not in CATALOG:
            problems.append(Problem(key, translator(lang)("validation.unknown")
                                    + suggest(key, lang=lang),
                                    note=Phrase(functools.partial(_unknown_text, key))))
            continue
        msg = check_value(key, value, currency, lang)
        if msg:
            problems.append(Problem(key, msg, note=Phrase(functools.partial(
                _value_text, key, value, currency))))
    bad = {p.key for p in problems}
    full = defaults() | {k: v for k, v in values.items() if k in CATALOG and k not in bad}
    for keys, ok, message in CROSS_RULES:
        if bad.isdisjoint(keys) and not ok(full):
            # Blame the keys the caller set; the defaults are not the problem.
            named = [k for k in keys if k in values] or list(keys)
            problems.append(Problem(" + ".join(named), message(full, lang),
                                    note=Phrase(functools.partial(message, full))))
    return problems


def _unknown_text(key: str, lang: str) -> str:
    return translator(lang)("validation.unknown") + suggest(key, lang=lang)


def _value_text(key: str, value, currency: str, lang: str) -> str:
    return check_value(key, value, currency, lang) or ""


def benchmark_warnings(values: Mapping[str, object], currency: str = DEFAULT_CURRENCY,
                       exchange_rates: Mapping | RateTable | None = None,
                       lang: str = "en") -> list[Problem]:
    """Inputs that are valid but outside the range their source reports.

    A money benchmark is a figure of one currency (:data:`supportroi.currency.MONEY_ORIGINS`).
    In another ``currency`` it is compared only if it is a price of an international market,
    converted at ``exchange_rates`` (a :class:`~supportroi.currency.RateTable`, or overrides
    of the shipped annual averages in units per euro); a local cost's benchmark (a wage) is
    not compared: the warning says that no benchmark exists in that currency. A money input
    still at its catalog default is left to :func:`money_default_warnings`. Each problem's
    ``message`` is in ``lang``; :meth:`Problem.text` gives it in any language.
    """
    code = currency_code(currency)
    out = []
    for name, value in values.items():
        a = CATALOG.get(name)
        if a is None or a.benchmark is None or not a.numeric:
            continue
        lo, hi = a.benchmark
        origin = MONEY_ORIGINS.get(name)
        if origin is None or origin.currency == code:
            if not (lo <= value <= hi):
                out.append(_problem(name, note(
                    "warnings.benchmark_outside", value=Shown("assumption", value, name),
                    low=Shown("assumption", lo, name), high=Shown("assumption", hi, name),
                    source=a.source), lang))
            continue
        if value == a.default:
            continue
        message = _foreign_note(a, value, code, _rates(exchange_rates))
        if message:
            out.append(_problem(name, message, lang))
    return out


def _problem(key: str, message: Message, lang: str) -> Problem:
    return Problem(key, message.text(lang), note=message)


def _rates(exchange_rates) -> RateTable:
    return exchange_rates if isinstance(exchange_rates, RateTable) else rate_table(exchange_rates)


def _amount(x: float, code: str, lang: str) -> str:
    """Money in a warning: ``£21.5k`` in English, the language's own format otherwise."""
    from .formatting import money

    return money(x, code, compact=True) if lang == "en" else translator(lang).money(round(x), code)


def _rates_words(table: RateTable, source: str, target: str) -> Message:
    return (note("warnings.rates_own") if table.uses_own(source, target)
            else note("warnings.rates_shipped", year=table.year))


def _foreign_benchmark(a: Assumption, value, code: str, table: RateTable,
                       lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The warning for a money benchmark of another currency than the scenario's ``code``,
    in ``lang``, or None."""
    message = _foreign_note(a, value, code, table)
    return None if message is None else message.text(lang)


def _foreign_note(a: Assumption, value, code: str, table: RateTable) -> Message | None:
    """:func:`_foreign_benchmark` as a :class:`Message`."""
    origin = MONEY_ORIGINS[a.name]
    lo, hi = a.benchmark
    fields = dict(source=a.source, source_currency=origin.currency, target_currency=code,
                  source_low=Shown("amount", lo, origin.currency),
                  source_high=Shown("amount", hi, origin.currency))
    if origin.market == "local":
        return note("warnings.no_benchmark", **fields)
    low, high = table.convert([lo, hi], origin.currency, code)
    if low <= value <= high:
        return None
    return note("warnings.benchmark_converted", value=Shown("amount", value, code),
                low=Shown("amount", low, code), high=Shown("amount", high, code),
                rates=_rates_words(table, origin.currency, code), **fields)


def money_default_warnings(values: Mapping[str, object], currency: str = DEFAULT_CURRENCY,
                           exchange_rates: Mapping | RateTable | None = None,
                           lang: str = "en") -> list[Problem]:
    """Money inputs still at their catalog default in a scenario whose ``currency`` is not
    the default's own (a $35,000 salary read as ₽35,000): one warning each, with the default
    converted where it is a price of an international market. Zero defaults mean zero in
    any currency and are not reported. Messages in ``lang`` (:meth:`Problem.text`: any)."""
    code = currency_code(currency)
    table = _rates(exchange_rates)
    out = []
    for name, value in values.items():
        origin = MONEY_ORIGINS.get(name)
        a = CATALOG.get(name)
        if origin is None or origin.currency == code or value != a.default or a.default == 0:
            continue
        fields = dict(default=Shown("amount", a.default, origin.currency),
                      shown=Shown("amount", a.default, code), source_currency=origin.currency,
                      year=origin.year)
        if origin.market == "global":
            converted = table.convert(a.default, origin.currency, code)
            out.append(_problem(name, note(
                "warnings.default_global", converted=Shown("amount", converted, code),
                rates=_rates_words(table, origin.currency, code), **fields), lang))
        else:
            out.append(_problem(name, note("warnings.default_local", **fields), lang))
    return out
