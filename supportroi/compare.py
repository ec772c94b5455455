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
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .assumptions import CATALOG, Assumption
from .currency import symbol
from .finance import payback_unit
from .formatting import unit_label, money, payback, percent, ratio
from .model import Evaluation, evaluate
from .scenarios import Scenario

__all__ = [
    "FIGURES",
    "MAX_SCENARIOS",
    "MIN_SCENARIOS",
    "Comparison",
    "Figure",
    "compare",
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


def _figure_text(figure: Figure, value: float | None, ev: Evaluation,
                 payback_in: str | None = None) -> str:
    a = ev.appraisal
    if figure.key == "payback_years":  # one unit for every scenario (payback_in)
        return payback(value, a.horizon_years, payback_in)
    if figure.unit == "currency":
        return money(value, ev.currency)
    if figure.unit == "ratio":
        return ratio(value, "no costs")
    why = "cash flows never change sign" if figure.key == "irr" else "no costs"
    return percent(value, why)


def value_text(a: Assumption, value, currency: str = "$") -> str:
    """An assumption's value for people: 0.2 → "20 %", 35000 → "€35,000"."""
    if a.unit.startswith("currency"):
        currency = symbol(currency)
        return f"{currency}0" if value == 0 else f"{currency}{a.format(value)}"
    return a.format(value)


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


def compare(scenarios: Mapping[str, Scenario]) -> Comparison:
    """Evaluate 2–5 scenarios and put them side by side.

    ``scenarios`` maps a short name (a file stem, say) to a
    :class:`~supportroi.scenarios.Scenario` (a mapping of assumption values
    is accepted too). Raises ``ValueError`` for fewer than two or more than
    five scenarios and :class:`~supportroi.model.ModelInputError` for
    invalid values.
    """
    if not isinstance(scenarios, Mapping):
        raise TypeError("scenarios: expected a mapping of names to scenarios")
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
    payback_in = payback_unit(*results.loc["payback_years"])
    text = pd.DataFrame(
        [[_figure_text(f, results.loc[f.key, n], evaluations[n], payback_in) for n in names]
         for f in FIGURES],
        index=results.index, columns=list(names), dtype=object)

    currencies = [evaluations[n].currency for n in names]
    common = currencies[0] if len(set(currencies)) == 1 else None
    rows, raw = {}, {}
    for key, a in CATALOG.items():
        values = [evaluations[n].values[key] for n in names]
        if _same(values):
            continue
        raw[key] = values
        unit = (unit_label(a, common) if common is not None or not a.unit.startswith("currency")
                else "each scenario's currency" + a.unit[len("currency"):])
        rows[key] = [a.label, unit,
                     *[value_text(a, v, cur) for v, cur in zip(values, currencies)]]
    index = pd.Index(list(rows), name="assumption", dtype=object)
    differences = pd.DataFrame(list(rows.values()), index=index,
                               columns=["label", "unit", *names], dtype=object)
    difference_values = pd.DataFrame(list(raw.values()), index=index, columns=list(names),
                                     dtype=object)

    notes = []
    if common is None:
        notes.append("The scenarios use different currencies ("
                     + ", ".join(dict.fromkeys(currencies))
                     + "): ROI, BCR, IRR and payback compare directly, money amounts do not "
                       "without an exchange rate.")
    for key, what in (("horizon_years", "horizons"), ("discount_rate", "discount rates")):
        if key in rows:
            shown = rows[key][2:]
            notes.append(f"The scenarios use different {what} ("
                         + ", ".join(shown[:-1]) + " and " + shown[-1]
                         + (" years" if key == "horizon_years" else "")
                         + "); ROI and NPV depend on "
                         + ("how many years count." if key == "horizon_years"
                            else "how later years are discounted."))
    return Comparison(names=names, titles=titles, scenarios=chosen, evaluations=evaluations,
                      results=results, results_text=text, differences=differences,
                      difference_values=difference_values, notes=tuple(notes))
