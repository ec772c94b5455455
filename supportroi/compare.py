"""Several scenarios side by side: headline figures and the assumptions that differ.

:func:`compare` evaluates two to five scenarios and returns a
:class:`Comparison`: a results table (one row per headline figure, one column
per scenario), the same as text for people, a table of only the assumptions
whose values differ, and each scenario's :class:`~supportroi.model.Evaluation`.

>>> from supportroi import Scenario
>>> c = compare({"base": Scenario(title="Base"),
...              "cheaper": Scenario({"tech_one_time_cost": 60_000.0}, title="Cheaper tools")})
>>> list(c.differences.index)
['tech_one_time_cost']
>>> c.differences.loc["tech_one_time_cost", "cheaper"]
'$60,000'
>>> c.results.loc["roi", "cheaper"] > c.results.loc["roi", "base"]
True

Undefined figures (ROI without costs, IRR without a sign change, payback
beyond the horizon) are ``None`` in :attr:`Comparison.results` and spelt out
in :attr:`Comparison.results_text`; never NaN.

The texts (figures, labels, units, notes) are in the language given as ``lang``
(messages ``compare.*`` of ``supportroi/locales/<lang>/compare.yaml``);
:meth:`Comparison.in_language` gives the same comparison in another one without
evaluating the scenarios again. Scenario titles stay as written.

>>> ru = c.in_language("ru")
>>> ru.differences.loc["tech_one_time_cost", "cheaper"], ru.lang
('60\xa0000\xa0$', 'ru')
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .assumptions import CATALOG, Assumption
from .currency import symbol
from .finance import payback_unit
from .finance import IRR_NO_SIGN_CHANGE
from .formatting import unit_label, money, payback, percent, ratio
from .i18n import DEFAULT_LANGUAGE, translator
from .model import Evaluation, evaluate
from .scenarios import Scenario

__all__ = [
    "FIGURES",
    "MAX_SCENARIOS",
    "MIN_SCENARIOS",
    "Comparison",
    "Figure",
    "compare",
    "figure_label",
    "value_text",
]

#: How many scenarios a comparison holds: at least two, at most five.
MIN_SCENARIOS, MAX_SCENARIOS = 2, 5


@dataclass(frozen=True)
class Figure:
    """One headline figure of the results table."""

    key: str  #: attribute of :class:`~supportroi.finance.Appraisal`
    label: str  #: for people, with its definition
    unit: str  #: "fraction", "currency", "ratio" or "years"


#: The rows of :attr:`Comparison.results`, in order.
FIGURES: tuple[Figure, ...] = (
    Figure("roi", "ROI (NPV ÷ PV costs)", "fraction"),
    Figure("npv", "NPV", "currency"),
    Figure("pv_benefits", "PV benefits", "currency"),
    Figure("pv_costs", "PV costs", "currency"),
    Figure("bcr", "Benefit–cost ratio (PV benefits ÷ PV costs)", "ratio"),
    Figure("irr", "IRR", "fraction"),
    Figure("payback_years", "Payback (undiscounted)", "years"),
)

#: The message of each figure's label (the English ones are :attr:`Figure.label`).
_FIGURE_LABELS = {"roi": "compare.figures.roi", "npv": "compare.figures.npv",
                  "pv_benefits": "compare.figures.pv_benefits",
                  "pv_costs": "compare.figures.pv_costs", "bcr": "compare.figures.bcr",
                  "irr": "compare.figures.irr", "payback_years": "compare.figures.payback_years"}


def figure_label(figure: Figure, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of a row of the results table in ``lang``.

    >>> figure_label(FIGURES[0], "ru")
    'ROI (NPV ÷ PV затрат)'
    """
    return translator(lang)(_FIGURE_LABELS[figure.key])


def _figure_text(figure: Figure, value: float | None, ev: Evaluation,
                 payback_in: str | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    a = ev.appraisal
    if figure.key == "payback_years":  # one unit for every scenario (payback_in)
        return payback(value, a.horizon_years, payback_in, lang=lang)
    if figure.unit == "currency":
        return money(value, ev.currency, lang=lang)
    if figure.unit == "ratio":
        return ratio(value, "no costs", lang)
    why = (a.irr_note or IRR_NO_SIGN_CHANGE) if figure.key == "irr" else "no costs"
    return percent(value, why, lang=lang)


def value_text(a: Assumption, value, currency: str = "$", lang: str = DEFAULT_LANGUAGE) -> str:
    """An assumption's value for people: 0.2 → "20 %", 35000 → "€35,000" (in Russian
    "35 000 €").

    >>> value_text(CATALOG["agent_salary"], 35000, "EUR", "ru")
    '35\xa0000\xa0€'
    """
    if a.unit.startswith("currency"):
        if lang != DEFAULT_LANGUAGE:
            return money(float(value), currency, digits=0 if abs(float(value)) >= 100 else 2,
                         lang=lang)
        currency = symbol(currency)
        return f"{currency}0" if value == 0 else f"{currency}{a.format(value)}"
    return a.format(value, lang)


def _same(values: list) -> bool:
    """All equal (numbers within rounding; choices such as "linear" exactly)."""
    first = values[0]
    if any(isinstance(v, str) for v in values):
        return all(v == first for v in values)
    return all(math.isclose(float(v), float(first), rel_tol=1e-12, abs_tol=1e-15)
               for v in values)


@dataclass(frozen=True)
class Comparison:
    """Two to five scenarios, evaluated side by side.

    Columns of the tables are the scenario names (the keys given to
    :func:`compare`), in the order given.
    """

    #: Scenario names, in order (the keys passed to :func:`compare`).
    names: tuple[str, ...]
    #: Title of each scenario for people (its ``title``, else its name; a title
    #: met before gets " (2)", " (3)"…).
    titles: dict[str, str]
    #: The scenarios compared, by name.
    scenarios: dict[str, Scenario]
    #: Each scenario evaluated, by name.
    evaluations: dict[str, Evaluation]
    #: Headline figures: index :data:`FIGURES` keys, columns scenario names; floats, or
    #: None where a figure is undefined (object dtype, never NaN). Money is in each
    #: scenario's own currency; fractions are decimals.
    results: pd.DataFrame
    #: :attr:`results` as people read them ("60.4 %", "€1,234,568", "undefined (no costs)").
    results_text: pd.DataFrame
    #: Only the assumptions whose values differ, in catalog order: index assumption names;
    #: columns "label", "unit", then one per scenario with the value formatted.
    differences: pd.DataFrame
    #: The raw values of :attr:`differences`: index assumption names, columns scenario names.
    difference_values: pd.DataFrame
    #: Remarks on reading the comparison (different currencies, horizons or discount rates).
    notes: tuple[str, ...]
    #: The language of the texts (:attr:`results_text`, :attr:`differences`, :attr:`notes`).
    lang: str = DEFAULT_LANGUAGE

    def in_language(self, lang: str) -> "Comparison":
        """The same comparison with its texts in ``lang`` (nothing is evaluated again)."""
        if lang == self.lang:
            return self
        text, differences, notes = _texts(self.names, self.evaluations, self.results,
                                          self.difference_values, lang)
        return dataclasses.replace(self, results_text=text, differences=differences,
                                   notes=notes, lang=lang)

    @property
    def currency(self) -> str | None:
        """The currency all scenarios share, or None if they differ."""
        currencies = {ev.currency for ev in self.evaluations.values()}
        return currencies.pop() if len(currencies) == 1 else None


def _as_scenario(name: str, s) -> Scenario:
    if isinstance(s, Scenario):
        return s
    if isinstance(s, Mapping):
        return Scenario(dict(s), title=name)
    raise TypeError(f"scenario '{name}': expected a Scenario or a mapping of assumption values, "
                    f"got {type(s).__name__}")


def compare(scenarios: Mapping[str, Scenario], lang: str = DEFAULT_LANGUAGE) -> Comparison:
    """Evaluate 2–5 scenarios and put them side by side, with texts in ``lang``.

    ``scenarios`` maps a short name (a file stem, say) to a
    :class:`~supportroi.scenarios.Scenario` (a mapping of assumption values
    is accepted too). Raises ``ValueError`` for fewer than two or more than
    five scenarios and :class:`~supportroi.model.ModelInputError` for
    invalid values.
    """
    if not isinstance(scenarios, Mapping):
        raise TypeError("scenarios: expected a mapping of names to scenarios")
    translator(lang)  # an unknown language is refused before anything is evaluated
    n = len(scenarios)
    if not MIN_SCENARIOS <= n <= MAX_SCENARIOS:
        raise ValueError(f"scenarios: compare {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios, "
                         f"got {n}")
    names = tuple(scenarios)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"scenarios: names must be non-empty text, got {name!r}")
    chosen = {name: _as_scenario(name, scenarios[name]) for name in names}
    evaluations = {name: evaluate(s) for name, s in chosen.items()}
    titles, seen = {}, {}
    for name, s in chosen.items():   # the same title twice is told apart: "Pilot (2)"
        title = s.title or name
        seen[title] = seen.get(title, 0) + 1
        titles[name] = title if seen[title] == 1 else f"{title} ({seen[title]})"

    results = pd.DataFrame(
        [[getattr(evaluations[n].appraisal, f.key) for n in names] for f in FIGURES],
        index=pd.Index([f.key for f in FIGURES], name="figure"), columns=list(names),
        dtype=object)
    raw = {}
    for key in CATALOG:
        values = [evaluations[n].values[key] for n in names]
        if not _same(values):
            raw[key] = values
    index = pd.Index(list(raw), name="assumption", dtype=object)
    difference_values = pd.DataFrame(list(raw.values()), index=index, columns=list(names),
                                     dtype=object)
    text, differences, notes = _texts(names, evaluations, results, difference_values, lang)
    return Comparison(names=names, titles=titles, scenarios=chosen, evaluations=evaluations,
                      results=results, results_text=text, differences=differences,
                      difference_values=difference_values, notes=notes, lang=lang)


def _texts(names: tuple[str, ...], evaluations: Mapping[str, Evaluation],
           results: pd.DataFrame, difference_values: pd.DataFrame,
           lang: str) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """The texts of a comparison in ``lang``: the results as people read them, the
    assumptions that differ (label, unit, values) and the notes."""
    t = translator(lang)
    payback_in = payback_unit(*results.loc["payback_years"])
    text = pd.DataFrame(
        [[_figure_text(f, results.loc[f.key, n], evaluations[n], payback_in, lang)
          for n in names] for f in FIGURES],
        index=results.index, columns=list(names), dtype=object)

    currencies = [evaluations[n].currency for n in names]
    common = currencies[0] if len(set(currencies)) == 1 else None
    rows = {}
    for key in difference_values.index:
        a = CATALOG[key]
        values = list(difference_values.loc[key])
        if common is not None or not a.unit.startswith("currency"):
            unit = unit_label(a, common or "$", lang)
        else:   # no one symbol: "each scenario's currency/year"
            unit = t(f"unit_labels.{a.unit}", currency=t("compare.each_currency"))
        rows[key] = [a.text(lang)[0], unit,
                     *[value_text(a, v, cur, lang) for v, cur in zip(values, currencies)]]
    differences = pd.DataFrame(list(rows.values()), index=difference_values.index.copy(),
                               columns=["label", "unit", *names], dtype=object)

    notes = []
    if common is None:
        notes.append(t("compare.notes.currencies",
                       currencies=", ".join(dict.fromkeys(currencies))))
    for key, message in (("horizon_years", "compare.notes.horizons"),
                         ("discount_rate", "compare.notes.discount_rates")):
        if key in rows:
            shown = rows[key][2:]
            notes.append(t(message, values=t("compare.notes.and", first=", ".join(shown[:-1]),
                                                last=shown[-1])))
    return text, differences, tuple(notes)
