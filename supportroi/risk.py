"""Risk: which assumptions matter, how sure the case is, where it breaks even.

Four views over the model, each a function returning a documented result:

* :func:`tornado` — NPV and ROI with one assumption at a time at its low and
  its high value, the others at their base values, sorted by NPV swing.
* :func:`monte_carlo` — many scenarios drawn from three-point ranges (beta-PERT
  or triangular): the distribution of NPV, ROI and payback, P(ROI > 0),
  P10/P50/P90.
* :func:`break_even` — the value of one assumption at which ROI (or NPV)
  reaches a target, the others fixed.
* :func:`three_scenarios` — conservative, likely and optimistic cases built
  from the same three-point ranges.

The tornado, the Monte Carlo draws and the break-even scan each go through
:func:`~supportroi.model.evaluate_batch` in one vectorised call (the Monte
Carlo in chunks only when the arrays would be large); the three scenarios go
through :func:`~supportroi.model.evaluate`, so undefined figures come as None.

Conventions
-----------
**Values.** ``values`` is a :class:`~supportroi.scenarios.Scenario` or a
mapping of assumption names to values; missing assumptions take their catalog
defaults. Invalid values raise :class:`~supportroi.model.ModelInputError`.

**Ranges.** Ranges are in the assumption's own unit (fractions as decimals,
0.05 = 5 %). The tornado takes ``{name: (low, high)}``; the Monte Carlo and the
three scenarios take ``{name: (min, most_likely, max)}``. A range given by the
caller must lie inside the catalog bounds and respect the cross-field rules, or
it is refused with a :class:`RangeError` naming the assumption — never
clamped. Only the tornado's *default* band (± :data:`DEFAULT_BAND` of the base
value) is cut to what is valid, and the table records every cut.

**Cross-field rules** (``CROSS_RULES`` in :mod:`supportroi.assumptions`):

* *Channel shares add up to 100 %.* When a phone, chat or email share moves,
  the self-service share moves the other way by the same amount (more phone
  contacts, fewer self-service ones). When the self-service share moves, the
  phone, chat and email shares are scaled together so that their mix stays
  the same. A range may not move the self-service share together with an
  agent-handled share.
* *Pairs* (FCR + its improvement ≤ 100 %, churn reduction ≤ annual churn,
  attrition reduction ≤ agent attrition, agents removed ≤ team, one-time
  spread ≤ horizon + 1): with the other value fixed, each narrows the range
  of one assumption; the tornado cuts its default band there (and says so)
  and :func:`break_even` searches only the valid part. For the Monte Carlo
  and the three scenarios every combination of range ends is checked up
  front; the rules are linear, so if all combinations of ends are valid every
  draw is, and ranges that could break a rule are refused.

**Whole-number assumptions** (kind ``"int"``: contacts, agents, customers,
years). Monte Carlo draws are rounded to the nearest whole number (ties to
even); range ends must be whole numbers, and each end collects the draws of a
half-unit interval only (an interior value those of a whole unit). The tornado's default band is
rounded to the nearest whole number. :func:`break_even` returns the smallest
(or largest) whole value that reaches the target.

Correlated inputs are out of scope: the Monte Carlo draws every assumption
independently of the others.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from .assumptions import (CROSS_RULES, CATALOG, Problem, bounds, defaults, number, suggest,
                          validate)
from .currency import DEFAULT_CURRENCY, currency_code
from .i18n import DEFAULT_LANGUAGE, translator
from .model import LINES, Evaluation, evaluate, evaluate_batch

__all__ = [
    "DEFAULT_BAND", "DEFAULT_SEED", "MODELLING_KNOBS", "PERT_LAMBDA", "TORNADO_EXCLUDED",
    "RangeError", "business_drivers",
    "Tornado", "tornado", "MonteCarlo", "monte_carlo", "pert_parameters", "BreakEven",
    "break_even", "break_even_curve", "Case", "ThreeScenarios", "three_scenarios",
]

#: Half-width of the tornado's default band, relative to the base value:
#: 0.20 tests each assumption at 80 % and 120 % of its base value. [fraction]
DEFAULT_BAND = 0.20
#: Assumptions the tornado leaves out unless named: the horizon and the spread
#: of one-time costs are choices about how the case is framed (whole years),
#: not uncertain quantities, and ±20 % of 3 years is not a meaningful test.
TORNADO_EXCLUDED = ("horizon_years", "one_time_spread_years")
#: Modelling knobs: how the model turns hours into FTE (paid hours, shrinkage,
#: occupancy) and today's team size. Workforce planning measures or sets them; they
#: are not the initiative's uncertain business drivers, though they move the result a
#: lot (the team bounds the staff saving, the productive hours turn hours into FTE).
#: :func:`business_drivers` leaves them out; the risk app starts from those.
MODELLING_KNOBS = ("agent_fte", "paid_hours_per_fte", "shrinkage", "occupancy")


def business_drivers() -> list[str]:
    """The uncertain business drivers, in catalog order: numeric assumptions with
    role "estimate" (what you estimate, not what you decide), neither a modelling
    knob (:data:`MODELLING_KNOBS`) nor excluded from the tornado
    (:data:`TORNADO_EXCLUDED`). The risk app's tornado, Monte Carlo picks and
    break-even start from these.

    >>> names = business_drivers()
    >>> "confidence" in names and "churn_reduction" in names
    True
    >>> any(n in names for n in ("occupancy", "agent_fte", "tech_annual_cost"))
    False
    """
    return [n for n, a in CATALOG.items() if a.numeric and a.role == "estimate"
            and n not in MODELLING_KNOBS and n not in TORNADO_EXCLUDED]


#: Seed the Monte Carlo uses unless told otherwise.
DEFAULT_SEED = 20_240_601
#: Weight λ of the most likely value in the beta-PERT distribution (the classic 4).
PERT_LAMBDA = 4.0

_ASSISTED = ("share_phone", "share_chat", "share_email")
_SELF = "share_self_service"
#: Assumptions named by a cross-field rule that :func:`_limits` and
#: :func:`_apply_shares` know how to handle (a test checks it covers the catalog's rules).
_RULED = frozenset({*_ASSISTED, _SELF, "fcr", "fcr_improvement", "annual_churn",
                    "churn_reduction", "agent_attrition", "attrition_reduction", "agent_fte",
                    "agents_added", "one_time_spread_years", "horizon_years"})
#: Evenly spaced values :func:`break_even` scans before refining with Brent's method.
_SCAN_POINTS = 257
#: Whole-number assumptions with at most this many valid values are scanned value by value.
_MAX_ENUMERATED = 2_001
#: Monte Carlo chunk size: at most this many elements in the model's flow array
#: (rows × lines × years; 16 million float64 are 128 MB).
_CHUNK_ELEMENTS = 16_000_000


class RangeError(ValueError):
    """Ranges the risk functions refuse; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("invalid ranges:\n" + "\n".join(f"  {p}" for p in self.problems))


# -- shared helpers -----------------------------------------------------------


def _base(values) -> dict:
    """Every assumption's value: defaults overridden by ``values`` (validated)."""
    from .model import ModelInputError

    overrides = getattr(values, "overrides", values)
    if not isinstance(overrides, Mapping):
        raise TypeError(f"values must be a Scenario or a mapping of assumption names to values, "
                        f"got {type(values).__name__}")
    problems = validate(overrides, _currency(values))
    if problems:
        raise ModelInputError(problems)
    return defaults() | dict(overrides)


def _currency(values) -> str:
    """The currency of ``values`` (a Scenario's; a mapping's is the default): money bounds
    are that currency's (:func:`~supportroi.assumptions.bounds`)."""
    return currency_code(getattr(values, "currency", DEFAULT_CURRENCY))


def _unknown(names: Iterable[str]) -> list[Problem]:
    """Names that are not numeric assumptions (unknown, or a choice)."""
    out = []
    for n in names:
        if n not in CATALOG:
            out.append(Problem(str(n), "unknown assumption" + suggest(str(n))))
        elif not CATALOG[n].numeric:
            out.append(Problem(n, f"is a choice ({', '.join(CATALOG[n].choices)}), not a "
                                  "number: compare the choices as scenarios instead"))
    return out


def _lower(label: str) -> str:
    """"Discount rate" → "discount rate"; "AHT reduction …" stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _label(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of assumption ``name`` in ``lang``, as it reads inside a sentence (the
    other languages quote it as written)."""
    label = CATALOG[name].text(lang)[0]
    return _lower(label) if lang == DEFAULT_LANGUAGE else label


def _pct(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    v = 100 * x
    if lang != DEFAULT_LANGUAGE:
        shown = round(v) if abs(v) >= 100 else float(f"{v:.3g}")
        return translator(lang).percent(shown / 100, _decimals(shown))
    return f"{v:,.0f} %" if abs(v) >= 100 else f"{v:.3g} %"


def _decimals(x: float) -> int:
    """Decimals of a number as :func:`_pct` shows it: 12.5 → 1, 300.0 → 0."""
    for d in range(6):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return 6


def _metric_name(metric: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """"ROI" or "NPV" as ``lang`` names them."""
    return translator(lang)("results.figures.roi" if metric == "roi" else "results.figures.npv")


def _metric_text(metric: str, x: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    if x is None or not math.isfinite(x):
        return t("results.undefined_because", why=t("results.why.no_costs"))
    if metric == "roi":
        return _pct(x, lang)
    return f"{x:,.0f}" if lang == DEFAULT_LANGUAGE else t.number(x)


def _show(name: str, x, lang: str = DEFAULT_LANGUAGE) -> str:
    """``x`` with its unit for a sentence: "20 %", "60,000", "5 years", "6.35 minutes"
    (in ``lang``: "6,35 мин")."""
    a = CATALOG[name]
    if a.unit.startswith(("fraction", "currency")):
        return a.format(x, lang)
    if lang == DEFAULT_LANGUAGE:
        return f"{a.format(x)} {a.unit}"
    from .formatting import unit_label
    return translator(lang)("risk.model.value_unit", value=a.format(x, lang),
                            unit=unit_label(a, lang=lang))


def _scalar(x) -> float | None:
    """A float, or None where undefined (NaN)."""
    x = float(x)
    return x if math.isfinite(x) else None


def _plain(name: str, x):
    """A Python int for whole-number assumptions, else a float."""
    return int(round(float(x))) if CATALOG[name].kind == "int" else float(x)


@dataclass(frozen=True)
class _Limits:
    """Valid interval of one assumption with the others fixed, and what set each end
    (None: the catalog bound)."""

    lo: float
    hi: float
    lo_why: str | None = None
    hi_why: str | None = None


def _limits(base: Mapping, name: str, currency: str = DEFAULT_CURRENCY,
            lang: str = DEFAULT_LANGUAGE) -> _Limits:
    """Where ``name`` may go with every other assumption at its base value,
    given the catalog bounds and the cross-field rules (channel shares move as
    described in the module docstring); the reasons in ``lang``."""
    a = CATALOG[name]
    lo, hi = map(float, bounds(name, currency))
    lo_why = hi_why = None
    v = base

    def upper(x, why):
        nonlocal hi, hi_why
        if x < hi:
            hi, hi_why = float(x), why

    def lower(x, why):
        nonlocal lo, lo_why
        if x > lo:
            lo, lo_why = float(x), why

    def shown(key):
        return CATALOG[key].format(v[key], lang)

    t = translator(lang)

    if name in _ASSISTED:
        upper(v[name] + v[_SELF], t("risk.model.self_share_below_0"))
        lower(v[name] + v[_SELF] - 1.0, t("risk.model.self_share_above_100"))
    elif name == _SELF:
        if sum(v[s] for s in _ASSISTED) <= 0:
            lower(v[_SELF], t("risk.model.no_contacts_to_scale"))
    elif name == "fcr":
        upper(1.0 - v["fcr_improvement"],
              t("risk.model.fcr_with_improvement", improvement=shown("fcr_improvement")))
    elif name == "fcr_improvement":
        upper(1.0 - v["fcr"], t("risk.model.improvement_with_fcr", fcr=shown("fcr")))
    elif name == "churn_reduction":
        upper(v["annual_churn"], t("risk.model.churn_reduction_max", churn=shown("annual_churn")))
    elif name == "annual_churn":
        lower(v["churn_reduction"],
              t("risk.model.annual_churn_min", reduction=shown("churn_reduction")))
    elif name == "attrition_reduction":
        upper(v["agent_attrition"],
              t("risk.model.attrition_reduction_max", attrition=shown("agent_attrition")))
    elif name == "agent_attrition":
        lower(v["attrition_reduction"],
              t("risk.model.agent_attrition_min", reduction=shown("attrition_reduction")))
    elif name == "agents_added":
        lower(-v["agent_fte"], t("risk.model.agents_removed_max",
                                 team=number(v["agent_fte"], lang)))
    elif name == "agent_fte":
        lower(-v["agents_added"], t("risk.model.team_min",
                                    removed=number(-v["agents_added"], lang)))
    elif name == "one_time_spread_years":
        upper(v["horizon_years"] + 1, t("risk.model.spread_max",
                                        last=number(v["horizon_years"], lang)))
    elif name == "horizon_years":
        lower(v["one_time_spread_years"] - 1,
              t("risk.model.horizon_min", spread=number(v["one_time_spread_years"], lang)))
    if a.kind == "int":
        lo, hi = float(math.ceil(lo)), float(math.floor(hi))
    return _Limits(lo, hi, lo_why, hi_why)


def _snap(x: np.ndarray, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """Remove rounding noise (≤ 1e-9) that would put a share just outside [lo, hi]."""
    x = np.asarray(x, float)
    return np.where((x < lo) & (x > lo - 1e-9), lo, np.where((x > hi) & (x < hi + 1e-9), hi, x))


def _apply_shares(base: Mapping, changed: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``changed`` plus the channel shares that must move with it.

    Agent-handled shares that change move the self-service share by the
    opposite amount; a changed self-service share scales the agent-handled
    shares together. Both together are refused earlier (:func:`_check_ranges3`).
    """
    out = {k: np.asarray(v, float) for k, v in changed.items()}
    moved = [s for s in _ASSISTED if s in out]
    if moved:
        delta = sum(out[s] - base[s] for s in moved)
        out[_SELF] = _snap(base[_SELF] - delta)
    elif _SELF in out:
        assisted = sum(base[s] for s in _ASSISTED)
        if assisted > 0:
            scale = (1.0 - out[_SELF]) / assisted
            for s in _ASSISTED:
                out[s] = _snap(base[s] * scale)
    return out


def _check_rules(p: Mapping) -> None:
    """Guard: every case obeys the catalog's cross-field rules.

    The functions above keep them by construction; failing here means the
    catalog gained a rule this module does not handle yet.
    """
    for keys, ok, message in CROSS_RULES:
        good = np.asarray(ok({k: np.asarray(p[k]) for k in keys}))
        if not good.all():
            i = int(np.argmin(good.reshape(-1)))
            example = {k: np.broadcast_to(np.asarray(p[k]), good.shape).reshape(-1)[i].item()
                       for k in keys}
            raise RuntimeError("a risk case breaks a cross-field rule that supportroi.risk does "
                               f"not handle: {message(example)}")


def _metrics(values: Mapping, check: bool = True, currency: str = DEFAULT_CURRENCY):
    """NPV [currency] and ROI [fraction] arrays (NaN: undefined), payback [years]."""
    res = evaluate_batch(values, check=check, currency=currency)
    return res.appraisal.npv, res.appraisal.roi, res.appraisal.payback_years


# -- tornado -------------------------------------------------------------------


@dataclass(frozen=True)
class Tornado:
    """One-at-a-time sensitivity of NPV and ROI.

    ``table`` has one row per assumption, sorted by NPV swing (largest
    first), with columns:

    ``name``, ``label``, ``unit``
        The assumption, from the catalog.
    ``base``
        Its base value. [unit]
    ``low``, ``high``
        The values tested (after any cut, see ``cut``). [unit]
    ``npv_low``, ``npv_high``
        NPV with the assumption at ``low`` / ``high``, the others at base. [currency]
    ``roi_low``, ``roi_high``
        ROI likewise; NaN where undefined (no costs). [fraction]
    ``swing``
        ``|npv_high − npv_low|``. [currency]
    ``roi_swing``
        ``|roi_high − roi_low|``. [fraction]
    ``band_low``, ``band_high``
        The range asked for before any cut: the caller's range, or base ∓
        ``band`` × |base| (before whole-number rounding). [unit]
    ``cut``
        Empty, or which end a catalog bound or a cross-field rule cut, from
        what to what and why.
    ``note``
        Empty, or what else moved (channel shares) or why a row has no range.
    """

    table: pd.DataFrame
    #: NPV with every assumption at its base value. [currency]
    base_npv: float
    #: ROI at base; None if undefined (no costs). [fraction]
    base_roi: float | None
    #: Relative half-width of the default band. [fraction]
    band: float
    #: Every assumption's base value.
    values: dict = field(repr=False)

    def values_at(self, name: str, end: str = "low") -> dict:
        """Every assumption's value in the case tested for row ``name`` at
        ``end`` ("low" or "high"), channel shares moved as in the table."""
        if end not in ("low", "high"):
            raise ValueError(f"end: must be 'low' or 'high', got {end!r}")
        row = self.table.set_index("name").loc[name]
        changes = _apply_shares(self.values, {name: np.asarray(row[end], float)})
        return self.values | {k: _plain(k, v) for k, v in changes.items()}


def tornado(values, names=None, ranges=None, band: float = DEFAULT_BAND,
            lang: str = DEFAULT_LANGUAGE) -> Tornado:
    """NPV and ROI with each assumption at a low and a high value, the others fixed.

    Parameters
    ----------
    values : Scenario or mapping
        The base case (missing assumptions take their defaults).
    names : iterable of str, optional
        Assumptions to vary. Default: every catalog assumption except
        :data:`TORNADO_EXCLUDED` (horizon and spread of one-time costs).
        Assumptions named in ``ranges`` are always included.
    ranges : mapping of name to (low, high), optional
        Values to test, in the assumption's unit. They must be valid with the
        other assumptions at base (catalog bounds, cross-field rules, whole
        numbers for whole-number assumptions), else :class:`RangeError`.
    band : float
        For assumptions without a range: test base ∓ ``band`` × |base|
        (0.20 = ±20 %), rounded to whole numbers for whole-number assumptions,
        then cut to the catalog bounds and cross-field rules; the ``cut``
        column records every cut. A base of 0 gives no range (``note`` says so):
        give a range for those.

    Channel shares: when a phone, chat or email share is tested, the
    self-service share moves the other way; when the self-service share is
    tested, the phone, chat and email shares are scaled together (``note``).
    Every case, and the base case, is evaluated in one
    :func:`~supportroi.model.evaluate_batch` call (2 × k + 1 rows).
    ``lang`` is the language of the ``cut`` and ``note`` columns and of the
    problems of a refused range (en, ru or zh).

    >>> t = tornado({}, names=["tech_annual_cost", "ramp_later"])
    >>> print(t.table[["name", "low", "high"]].to_string(index=False))
                name     low    high
          ramp_later     0.8     1.0
    tech_annual_cost 48000.0 72000.0
    >>> t.table.loc[0, "cut"]
    'high 120 % → 100 %: catalog bound'
    >>> # 12,000 less a year × (1 + cost risk 5 %) × (1.1⁻¹ + 1.1⁻² + 1.1⁻³):
    >>> round(t.table.loc[1, "npv_low"] - t.base_npv)
    31334
    """
    base, currency = _base(values), _currency(values)
    band = float(band)
    if not (math.isfinite(band) and band > 0):
        raise ValueError(f"band: must be a positive fraction (0.2 = ±20 %), got {band:g}")
    ranges = dict(ranges or {})
    rows = _tornado_names(names, ranges)
    specs, problems = [], []
    for name in rows:
        spec = _tornado_row(base, name, ranges, band, currency, lang)
        if isinstance(spec, Problem):
            problems.append(spec)
        else:
            specs.append(spec)
    if problems:
        raise RangeError(problems)
    p = _one_at_a_time(base, base, [{s.name: np.array([s.low, s.high])} for s in specs])
    _check_rules(p)
    npv, roi, _ = _metrics(p, currency=currency)
    return Tornado(table=_tornado_table(base, specs, npv, roi), base_npv=float(npv[0]),
                   base_roi=_scalar(roi[0]), band=band, values=base)


def _tornado_names(names, ranges: Mapping) -> list[str]:
    """The tornado's rows: ``names`` (default: every numeric assumption but
    :data:`TORNADO_EXCLUDED`), then any other assumption given a range."""
    if isinstance(names, str):
        names = [names]
    default = [n for n in CATALOG if n not in TORNADO_EXCLUDED and CATALOG[n].numeric]
    rows = list(dict.fromkeys(default if names is None else names))
    rows += [n for n in ranges if n not in rows]
    if not rows:
        raise RangeError([Problem("", "choose at least one assumption for the tornado")])
    problems = _unknown(rows)
    if problems:
        raise RangeError(problems)
    return rows


class _TornadoRow(NamedTuple):
    """One tornado row before evaluation (columns of :class:`Tornado`'s table)."""

    name: str
    low: float
    high: float
    band_low: float
    band_high: float
    cut: str
    note: str


def _tornado_row(base: Mapping, name: str, ranges: Mapping, band: float,
                 currency: str = DEFAULT_CURRENCY,
                 lang: str = DEFAULT_LANGUAGE) -> _TornadoRow | Problem:
    """The values to test for ``name``: its range checked, or the default band cut to
    what is valid (each cut recorded); a :class:`Problem` for a range refused
    (texts in ``lang``)."""
    a = CATALOG[name]
    t = translator(lang)
    x0 = float(base[name])
    lim = _limits(base, name, currency, lang)
    cut, note = [], []
    if name in ranges:
        lo, hi, msg = _check_range2(name, ranges[name], lim, lang)
        if msg:
            return Problem(name, msg)
        band_lo, band_hi = lo, hi
    else:
        width = band * abs(x0)
        band_lo, band_hi = x0 - width, x0 + width
        lo, hi = band_lo, band_hi
        if a.kind == "int":
            lo, hi = float(np.rint(lo)), float(np.rint(hi))
        if lo < lim.lo:
            cut.append(t("risk.model.cut_low", value=a.format(lo, lang),
                         limit=a.format(lim.lo, lang),
                         why=lim.lo_why or t("risk.model.catalog_bound")))
            lo = lim.lo
        if hi > lim.hi:
            cut.append(t("risk.model.cut_high", value=a.format(hi, lang),
                         limit=a.format(lim.hi, lang),
                         why=lim.hi_why or t("risk.model.catalog_bound")))
            hi = lim.hi
        if lo == hi:
            note.append(t("risk.model.no_range_zero") if x0 == 0
                        else t("risk.model.no_range_cut"))
    if name in _ASSISTED:
        note.append(t("risk.model.note_self_share_moves"))
    elif name == _SELF:
        note.append(t("risk.model.note_shares_scaled"))
    joint = t("risk.model.separator")
    return _TornadoRow(name, lo, hi, band_lo, band_hi, joint.join(cut), joint.join(note))


def _one_at_a_time(base: Mapping, centre: Mapping, changes: list[Mapping]) -> dict:
    """One batch of 2 × k + 1 cases: row 0 is ``centre``; rows 1 + 2i and 2 + 2i
    apply ``changes[i]`` (each value a pair: low, high) to ``base``, channel
    shares moved with them. Columns nobody changes keep ``base``'s scalar."""
    cols: dict[str, np.ndarray] = {}
    for i, change in enumerate(changes):
        for key, arr in _apply_shares(base, change).items():
            col = cols.setdefault(key, np.full(2 * len(changes) + 1, float(centre[key])))
            col[1 + 2 * i: 3 + 2 * i] = arr
    return base | cols


def _tornado_table(base: Mapping, specs: list[_TornadoRow], npv: np.ndarray,
                   roi: np.ndarray) -> pd.DataFrame:
    """:class:`Tornado`'s table from the batch's NPV and ROI (row 0 the base case),
    sorted by NPV swing."""
    names = [s.name for s in specs]
    table = pd.DataFrame({
        "name": names,
        "label": [CATALOG[n].label for n in names],
        "unit": [CATALOG[n].unit for n in names],
        "base": [float(base[n]) for n in names],
        "low": [s.low for s in specs],
        "high": [s.high for s in specs],
        "npv_low": npv[1::2],
        "npv_high": npv[2::2],
        "roi_low": roi[1::2],
        "roi_high": roi[2::2],
        "swing": np.abs(npv[2::2] - npv[1::2]),
        "roi_swing": np.abs(roi[2::2] - roi[1::2]),
        "band_low": [s.band_low for s in specs],
        "band_high": [s.band_high for s in specs],
        "cut": [s.cut for s in specs],
        "note": [s.note for s in specs],
    })
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _number(x) -> float | None:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(float(x)):
        return None
    return float(x)


def _check_range2(name: str, rng, lim: _Limits, lang: str = DEFAULT_LANGUAGE):
    """(low, high, problem or None) for a tornado range (the problem in ``lang``; the
    shape of ``rng`` is a programming error and said in English)."""
    a = CATALOG[name]
    t = translator(lang)
    try:
        lo, hi = rng
    except (TypeError, ValueError):
        return 0.0, 0.0, f"range must be (low, high), got {rng!r}"
    lo, hi = _number(lo), _number(hi)
    if lo is None or hi is None:
        return 0.0, 0.0, f"range ends must be finite numbers, got {rng!r}"
    if lo > hi:
        return lo, hi, t("risk.model.low_above_high", low=a.format(lo, lang),
                         high=a.format(hi, lang))
    if a.kind == "int" and not (lo.is_integer() and hi.is_integer()):
        return lo, hi, t("risk.model.ends_not_whole", low=_g(lo, lang), high=_g(hi, lang))
    msgs = []
    bound = t("risk.model.catalog_bound_unit", unit=_unit_name(a, lang))
    if lo < lim.lo:
        msgs.append(t("risk.model.low_below", value=a.format(lo, lang),
                      limit=a.format(lim.lo, lang), why=lim.lo_why or bound))
    if hi > lim.hi:
        msgs.append(t("risk.model.high_above", value=a.format(hi, lang),
                      limit=a.format(lim.hi, lang), why=lim.hi_why or bound))
    return lo, hi, t("risk.model.separator").join(msgs) or None


def _g(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """``f"{x:g}"`` with the decimal sign of ``lang``."""
    return f"{x:g}" if lang == DEFAULT_LANGUAGE else number(float(f"{x:g}"), lang)


def _unit_name(a, lang: str = DEFAULT_LANGUAGE) -> str:
    """The unit of ``a`` spelt out ("fraction", "доля"), as the validation messages say it."""
    return a.unit if lang == DEFAULT_LANGUAGE else translator(lang)(f"unit_names.{a.unit}")


# -- three-point ranges (Monte Carlo, three scenarios) --------------------------


def _check_ranges3(base: Mapping, ranges, currency: str = DEFAULT_CURRENCY,
                   lang: str = DEFAULT_LANGUAGE) -> dict[str, tuple[float, float, float]]:
    """Validate ``{name: (min, most_likely, max)}``; every problem at once.

    Each range must lie inside the catalog bounds (whole numbers for
    whole-number assumptions) with min ≤ most likely ≤ max, and every
    combination of range ends (the other assumptions at base) must obey the
    cross-field rules, so that every draw does. Problems are said in ``lang``.
    """
    if not isinstance(ranges, Mapping) or not ranges:
        raise RangeError([Problem("", "ranges must be a non-empty mapping of assumption names "
                                      "to (min, most_likely, max)")])
    problems = _unknown(ranges)
    out: dict[str, tuple[float, float, float]] = {}
    for name, rng in ranges.items():
        if name not in CATALOG or not CATALOG[name].numeric:
            continue  # reported by _unknown
        checked = _check_range3(name, rng, currency, lang)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            out[name] = checked
    if problems:
        raise RangeError(problems)
    problems = (_share_range_problems(base, out, lang)
                or _range_end_problems(base, out, lang))
    if problems:
        raise RangeError(problems)
    return out


def _check_range3(name: str, rng, currency: str = DEFAULT_CURRENCY,
                  lang: str = DEFAULT_LANGUAGE) -> tuple[float, float, float] | Problem:
    """One three-point range as floats, or what is wrong with it on its own (in ``lang``;
    the shape of ``rng`` is a programming error and said in English)."""
    a = CATALOG[name]
    t = translator(lang)
    try:
        lo, mode, hi = rng
    except (TypeError, ValueError):
        return Problem(name, f"range must be (min, most_likely, max), got {rng!r}")
    nums = [_number(x) for x in (lo, mode, hi)]
    if None in nums:
        return Problem(name, f"range values must be finite numbers, got {rng!r}")
    lo, mode, hi = nums
    if not lo <= mode <= hi:
        return Problem(name, t("risk.model.range_order", low=a.format(lo, lang),
                               mode=a.format(mode, lang), high=a.format(hi, lang)))
    if a.kind == "int" and not all(x.is_integer() for x in (lo, mode, hi)):
        return Problem(name, t("risk.model.range_not_whole", low=_g(lo, lang),
                               mode=_g(mode, lang), high=_g(hi, lang)))
    a_min, a_max = bounds(name, currency)
    if lo < a_min or hi > a_max:
        return Problem(name, t("risk.model.range_leaves_bounds", low=a.format(lo, lang),
                               high=a.format(hi, lang), min=a.format(a_min, lang),
                               max=a.format(a_max, lang), unit=_unit_name(a, lang)))
    return lo, mode, hi


def _share_range_problems(base: Mapping, out: Mapping,
                          lang: str = DEFAULT_LANGUAGE) -> list[Problem]:
    """Channel-share ranges that cannot work together: the self-service share ranged
    with an agent-handled one, or scaled with no agent-handled contacts to scale."""
    moved = [s for s in _ASSISTED if s in out]
    if moved and _SELF in out:
        return [Problem(" + ".join([*moved, _SELF]),
                        translator(lang)("risk.model.one_side_only"))]
    if _SELF in out and out[_SELF][0] < 1 and sum(base[s] for s in _ASSISTED) <= 0:
        return [Problem(_SELF, translator(lang)("risk.model.self_share_stays"))]
    return []


def _range_end_problems(base: Mapping, out: Mapping,
                        lang: str = DEFAULT_LANGUAGE) -> list[Problem]:
    """Cross-field rules some combination of range ends breaks (one problem per rule).

    The rules are linear, so if every combination of ends obeys every rule,
    every value inside the ranges does too."""
    problems = []
    moved = [s for s in _ASSISTED if s in out]
    for keys, ok, message in CROSS_RULES:
        involved = [k for k in keys if k in out]
        if keys == ("share_phone", "share_chat", "share_email", "share_self_service"):
            involved = moved or ([_SELF] if _SELF in out else [])
        if not involved:
            continue
        for ends in itertools.product(*[(out[k][0], out[k][2]) for k in involved]):
            case = base | {k: _plain(k, v.item()) for k, v in
                           _apply_shares(base, dict(zip(involved, ends))).items()}
            if moved and not 0.0 <= case[_SELF] <= 1.0:
                problems.append(Problem(" + ".join(moved), translator(lang)(
                    "risk.model.self_share_left_at", share=_pct(case[_SELF], lang))))
                break
            if not ok(case):
                problems.append(Problem(" + ".join(involved), translator(lang)(
                    "risk.model.case_breaks_rule", rule=message(case, lang))))
                break
    return problems


# -- Monte Carlo --------------------------------------------------------------


def pert_parameters(low: float, mode: float, high: float,
                    lam: float = PERT_LAMBDA) -> tuple[float, float]:
    """Shape parameters (α, β) of the beta-PERT distribution on [low, high].

    ``α = 1 + λ (mode − low) / (high − low)``, ``β = 1 + λ (high − mode) /
    (high − low)``; the draw is ``low + (high − low) × Beta(α, β)``. Its mean is
    ``(low + λ·mode + high) / (λ + 2)`` — with λ = 4, ``(a + 4m + b) / 6`` —
    and its variance ``(mean − low)(high − mean) / (λ + 3)``.

    >>> pert_parameters(0.0, 0.25, 1.0)
    (2.0, 4.0)
    """
    if not high > low:
        raise ValueError(f"need low < high, got {low:g} and {high:g}")
    return 1 + lam * (mode - low) / (high - low), 1 + lam * (high - mode) / (high - low)


def _draw(rng: np.random.Generator, lo: float, mode: float, hi: float, n: int,
          distribution: str) -> np.ndarray:
    if hi == lo:
        return np.full(n, lo)
    if distribution == "pert":
        alpha, beta = pert_parameters(lo, mode, hi)
        x = lo + (hi - lo) * rng.beta(alpha, beta, n)
    else:
        x = rng.triangular(lo, mode, hi, n)
    # lo + (hi − lo) × u can round one ulp past hi: keep draws inside the range.
    return np.clip(x, lo, hi)


@dataclass(frozen=True)
class MonteCarlo:
    """The outcome of many scenarios drawn from three-point ranges.

    Arrays hold one entry per draw; NaN marks an undefined figure (ROI
    without costs; payback not within the horizon). Probabilities are shares
    of the draws; percentiles interpolate linearly between draws
    (``numpy.percentile``). Scalars are None where undefined.
    """

    #: The drawn values, one row per draw, one column per assumption drawn
    #: (plus channel shares moved with them). [each assumption's unit]
    draws: pd.DataFrame
    #: NPV of each draw. [currency]
    npv: np.ndarray
    #: ROI of each draw; NaN without costs. [fraction]
    roi: np.ndarray
    #: Undiscounted payback of each draw; NaN if not within the horizon. [years]
    payback_years: np.ndarray
    #: Share of draws with NPV > 0. [fraction]
    p_npv_positive: float
    #: Share of draws with ROI > 0, among draws where ROI is defined. [fraction]
    p_roi_positive: float | None
    #: Share of draws that pay back within the horizon. [fraction]
    p_payback: float
    #: 10th, 50th and 90th percentiles of NPV. [currency]
    npv_p10: float
    npv_p50: float
    npv_p90: float
    #: 10th, 50th and 90th percentiles of ROI, among defined ROIs. [fraction]
    roi_p10: float | None
    roi_p50: float | None
    roi_p90: float | None
    #: Draws whose ROI is undefined (no costs).
    n_roi_undefined: int
    #: Seed of the random draws: the same seed and ranges give the same draws.
    seed: int
    #: Number of draws.
    n: int
    #: "pert" or "triangular".
    distribution: str
    #: The ranges used: name → (min, most likely, max). [unit]
    ranges: dict

    def probability(self, metric: str = "roi", above: float = 0.0) -> float | None:
        """Share of draws with ``metric`` ("roi" or "npv") above ``above``
        (ROI: among draws where it is defined)."""
        x = {"roi": self.roi, "npv": self.npv}[metric]
        x = x[np.isfinite(x)]
        return float(np.mean(x > above)) if x.size else None

    def summary(self) -> pd.DataFrame:
        """NPV and ROI: mean, P10, P50, P90 and P(> 0), one row each."""
        def row(x):
            x = x[np.isfinite(x)]
            if not x.size:
                return [np.nan] * 5
            return [x.mean(), *np.percentile(x, [10, 50, 90]), np.mean(x > 0)]
        return pd.DataFrame([row(self.npv), row(self.roi)], index=["npv", "roi"],
                            columns=["mean", "p10", "p50", "p90", "p_positive"])


def monte_carlo(values, ranges, n: int = 10_000, seed: int | None = DEFAULT_SEED,
                distribution: str = "pert",
                progress: Callable[[float], object] | None = None,
                chunk_size: int | None = None, lang: str = DEFAULT_LANGUAGE) -> MonteCarlo:
    """Draw ``n`` scenarios from three-point ranges and appraise them all.

    Parameters
    ----------
    values : Scenario or mapping
        The base case; assumptions without a range keep these values.
    ranges : mapping of name to (min, most_likely, max)
        In the assumption's unit, inside its catalog bounds (whole numbers for
        whole-number assumptions). Ranges that could break a cross-field rule
        at some combination of range ends are refused (:class:`RangeError`),
        never clamped; see the module docstring for channel shares.
    n : int
        Number of draws.
    seed : int or None
        Seed of the random draws. Each assumption draws from its own stream
        (seeded by ``seed`` and its place in the catalog), so adding or
        removing a range leaves the other assumptions' draws unchanged. None
        picks fresh entropy and records it in the result's ``seed``.
    distribution : "pert" or "triangular"
        Beta-PERT with λ = 4 (see :func:`pert_parameters`: mean
        ``(min + 4·most_likely + max) / 6``) or triangular (mean
        ``(min + most_likely + max) / 3``). A range with min = max is that value.
    progress : callable, optional
        Called as ``progress(fraction_done)`` after each chunk evaluated, e.g.
        to move a progress bar; the last call passes 1.0.
    chunk_size : int, optional
        Draws per :func:`~supportroi.model.evaluate_batch` call. Default: all
        at once unless the model's flow array would exceed about 128 MB.
    lang : str
        Language of the problems of refused ranges (:class:`RangeError`): en, ru or zh.

    Draws of whole-number assumptions are rounded to the nearest whole
    number. Inputs are drawn independently: correlations between them
    (e.g. a bigger AHT cut with a bigger FCR gain) are not modelled.

    >>> mc = monte_carlo({}, {"churn_reduction": (0.0, 0.005, 0.01)}, n=1_000, seed=1)
    >>> mc.n, mc.seed, list(mc.draws.columns)
    (1000, 1, ['churn_reduction'])
    >>> 0.0 <= mc.p_roi_positive <= 1.0 and mc.npv_p10 <= mc.npv_p50 <= mc.npv_p90
    True
    """
    base, currency = _base(values), _currency(values)
    n, seed = _check_draw_request(n, seed, distribution)
    spec = _check_ranges3(base, ranges, currency, lang)
    changes = _draw_all(base, spec, n, seed, distribution)
    p = base | changes
    _check_rules(p)
    npv, roi, pay = _evaluate_in_chunks(p, changes, n, chunk_size, progress, currency)

    defined = roi[np.isfinite(roi)]
    npv_q = np.percentile(npv, [10, 50, 90])
    roi_q = np.percentile(defined, [10, 50, 90]) if defined.size else [None] * 3
    columns = [k for k in CATALOG if k in changes]
    draws = pd.DataFrame({k: (changes[k].astype(np.int64) if CATALOG[k].kind == "int"
                              else changes[k]) for k in columns})
    return MonteCarlo(
        draws=draws, npv=npv, roi=roi, payback_years=pay,
        p_npv_positive=float(np.mean(npv > 0)),
        p_roi_positive=float(np.mean(defined > 0)) if defined.size else None,
        p_payback=float(np.mean(np.isfinite(pay))),
        npv_p10=float(npv_q[0]), npv_p50=float(npv_q[1]), npv_p90=float(npv_q[2]),
        roi_p10=_scalar(roi_q[0]) if defined.size else None,
        roi_p50=_scalar(roi_q[1]) if defined.size else None,
        roi_p90=_scalar(roi_q[2]) if defined.size else None,
        n_roi_undefined=int(n - defined.size), seed=seed, n=n, distribution=distribution,
        ranges={k: spec[k] for k in CATALOG if k in spec},
    )


def _check_draw_request(n, seed, distribution: str) -> tuple[int, int]:
    """``n`` and ``seed`` as ints (a None seed: fresh entropy), or ValueError."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n: must be a whole number of draws ≥ 1, got {n!r}")
    if distribution not in ("pert", "triangular"):
        raise ValueError(f"distribution: must be 'pert' or 'triangular', got {distribution!r}")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed: must be a whole number ≥ 0 (or None), got {seed!r}")
    return int(n), int(seed)


def _draw_all(base: Mapping, spec: Mapping, n: int, seed: int,
              distribution: str) -> dict[str, np.ndarray]:
    """``n`` draws of every ranged assumption (whole-number ones rounded), each from
    its own stream seeded by ``seed`` and its place in the catalog, plus the channel
    shares that move with them."""
    index = {name: i for i, name in enumerate(CATALOG)}
    drawn: dict[str, np.ndarray] = {}
    for name in CATALOG:  # catalog order: the result does not depend on the dict's order
        if name not in spec:
            continue
        rng = np.random.default_rng([seed, index[name]])
        x = _draw(rng, *spec[name], n, distribution)
        drawn[name] = np.rint(x) if CATALOG[name].kind == "int" else x
    return _apply_shares(base, drawn)


def _evaluate_in_chunks(p: Mapping, changes: Mapping, n: int, chunk_size, progress,
                        currency: str = DEFAULT_CURRENCY
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NPV, ROI and payback of the ``n`` draws, ``chunk_size`` draws per
    :func:`~supportroi.model.evaluate_batch` call (default: all at once unless
    the flow array would exceed :data:`_CHUNK_ELEMENTS`), reporting ``progress``."""
    n_years = int(max(np.max(np.asarray(p["horizon_years"])), 0)) + 1
    if chunk_size is None:
        chunk_size = max(1, _CHUNK_ELEMENTS // (len(LINES) * n_years))
    elif isinstance(chunk_size, bool) or not isinstance(chunk_size, numbers.Integral) \
            or chunk_size < 1:
        raise ValueError(f"chunk_size: must be a whole number ≥ 1, got {chunk_size!r}")
    npv, roi, pay = np.empty(n), np.empty(n), np.empty(n)
    for start in range(0, n, int(chunk_size)):
        stop = min(n, start + int(chunk_size))
        part = {k: (v[start:stop] if k in changes else v) for k, v in p.items()}
        npv[start:stop], roi[start:stop], pay[start:stop] = _metrics(part, currency=currency)
        if progress is not None:
            progress(stop / n)
    return npv, roi, pay


# -- break-even ------------------------------------------------------------------


@dataclass(frozen=True)
class BreakEven:
    """Where one assumption makes ROI (or NPV) reach a target, the others fixed."""

    #: The assumption searched.
    name: str
    #: "roi" or "npv".
    metric: str
    #: The target. [fraction for ROI, currency for NPV]
    target: float
    #: The value at which the metric reaches the target; for whole-number
    #: assumptions the smallest (metric rising) or largest (metric falling)
    #: whole value at which it is at least the target. None if no value in
    #: [low, high] reaches it. [unit]
    value: float | int | None
    #: What was found, or why nothing was, in words.
    reason: str
    #: The interval searched: the catalog bounds, narrowed by cross-field rules. [unit]
    low: float
    high: float
    #: What set ``low`` / ``high`` if not the catalog bound, else None.
    low_reason: str | None
    high_reason: str | None
    #: The metric with the assumption at ``low`` / ``high``; None if undefined.
    at_low: float | None
    at_high: float | None
    #: The assumption's base value [unit] and the metric there.
    base_value: float
    base_metric: float | None
    #: The metric at ``value`` (None if no value).
    metric_at_value: float | None = None
    #: Every value found, ascending (the metric may cross the target more than
    #: once; ``value`` is the one nearest the base value). [unit]
    values: tuple = ()


def break_even_curve(values, be: BreakEven, n: int = 121) -> tuple[np.ndarray, np.ndarray]:
    """The metric of a :class:`BreakEven` over the interval it searched, for a
    chart: ``n`` evenly spaced values of ``be.name`` from ``be.low`` to
    ``be.high`` [unit] and the metric there (ROI [fraction] or NPV
    [currency]; NaN where undefined), the others as in ``values`` and
    channel shares moving as in :func:`break_even`.

    >>> be = break_even({}, "tech_annual_cost")
    >>> xs, roi = break_even_curve({}, be, n=5)
    >>> float(xs[0]) == be.low and float(xs[-1]) == be.high
    True
    """
    base = _base(values)
    if be.name not in CATALOG:
        raise ValueError(f"be.name: unknown assumption {be.name!r}")
    xs = np.linspace(float(be.low), float(be.high), max(int(n), 2))
    # Between the searched bounds every value is valid (whole-number ones are
    # evaluated between whole values, as break_even's solver does).
    npv, roi, _ = _metrics(base | _apply_shares(base, {be.name: xs}), check=False)
    return xs, np.asarray(roi if be.metric == "roi" else npv, float)


def break_even(values, name: str, target: float = 0.0, metric: str = "roi",
               lang: str = DEFAULT_LANGUAGE) -> BreakEven:
    """The value of ``name`` at which ``metric`` reaches ``target``, others fixed.

    Parameters
    ----------
    values : Scenario or mapping
        The base case.
    name : str
        The assumption to move (channel shares move as in the module docstring).
    target : float
        ROI as a decimal (0.0 = break-even, 0.25 = 25 %) or, with
        ``metric="npv"``, NPV. [fraction or currency]
    metric : "roi" or "npv"
    lang : str
        Language of ``reason``, ``low_reason`` and ``high_reason`` (en, ru or zh).

    The search covers the catalog bounds of ``name``, narrowed where a
    cross-field rule does (e.g. churn reduction ≤ annual churn). It evaluates
    257 evenly spaced values, 257 more over the plausible range (soft bounds)
    and the base value in one batch, then refines each crossing with
    Brent's method (``scipy.optimize.brentq``); a crossing that dips in and
    out between two scanned values can be missed. Whole-number assumptions
    with at most 2,001 valid values are scanned value by value; larger ones
    are solved as if continuous, then rounded to the first whole value that
    reaches the target.

    >>> be = break_even({}, "tech_annual_cost")
    >>> r = evaluate({"tech_annual_cost": be.value}).appraisal.roi
    >>> abs(r) < 1e-9
    True
    >>> break_even({}, "discount_rate").reason
    'ROI stays above 0 % for every discount rate between 0 % and 50 %'
    """
    base, currency = _base(values), _currency(values)
    t = _check_break_even_request(name, target, metric)
    a = CATALOG[name]
    lim = _limits(base, name, currency, lang)
    tr = translator(lang)

    def evaluate_at(xs, check=True) -> np.ndarray:
        xs = np.atleast_1d(np.asarray(xs, float))
        npv, roi, _ = _metrics(base | _apply_shares(base, {name: xs}), check=check,
                               currency=currency)
        return roi if metric == "roi" else npv

    x0 = float(base[name])
    f0 = _scalar(evaluate_at(x0)[0])
    enumerate_ = a.kind == "int" and lim.hi - lim.lo < _MAX_ENUMERATED
    xs = np.arange(lim.lo, lim.hi + 1) if enumerate_ else _scan_points(name, lim, x0)
    # Whole-number assumptions solved as continuous are evaluated between whole values.
    relaxed = a.kind == "int" and not enumerate_
    f = evaluate_at(xs, check=not relaxed)
    common = dict(name=name, metric=metric, target=t, low=lim.lo, high=lim.hi,
                  low_reason=lim.lo_why, high_reason=lim.hi_why, at_low=_scalar(f[0]),
                  at_high=_scalar(f[-1]), base_value=x0, base_metric=f0)
    m_name, label, between = (_metric_name(metric, lang), _label(name, lang),
                              _interval_text(name, lim, lang))

    finite = f[np.isfinite(f)]
    if finite.size == f.size and np.ptp(f) <= 1e-12 * max(1.0, float(np.max(np.abs(f)))):
        reason = tr("risk.model.does_not_depend", metric=m_name, label=label,
                    value=_metric_text(metric, f0, lang), between=between)
        if abs(f0 - t) <= 1e-12 * max(1.0, abs(t)):  # already at the target, everywhere
            return BreakEven(**common, value=_plain(name, x0), reason=reason,
                             metric_at_value=f0, values=(_plain(name, x0),))
        return BreakEven(**common, value=None, reason=reason)

    if enumerate_:
        found = _crossings_between_values(xs, f, t)
    else:
        found = _crossings_solved(xs, f, t, lambda x: float(evaluate_at(x, check=False)[0]),
                                  lim, relaxed)
    if not found:
        return BreakEven(**common, value=None,
                         reason=_no_crossing_reason(m_name, metric, t, label, between, finite,
                                                    lang))

    ordered = sorted(found)
    value = min(ordered, key=lambda v: (abs(v - x0), v))
    at_value = _scalar(evaluate_at(value, check=not relaxed)[0])
    reason = _found_reason(name, metric, t, value, found[value],
                           [v for v in ordered if v != value], x0, f0, lang)
    return BreakEven(**common, value=_plain(name, value), reason=reason,
                     metric_at_value=at_value, values=tuple(_plain(name, v) for v in ordered))


def _check_break_even_request(name: str, target, metric: str) -> float:
    """The target as a float, once ``name`` and ``metric`` are known to be valid."""
    problems = _unknown([name])
    if problems:
        raise ValueError(str(problems[0]))
    if metric not in ("roi", "npv"):
        raise ValueError(f"metric: must be 'roi' or 'npv', got {metric!r}")
    t = _number(target)
    if t is None:
        raise ValueError(f"target: must be a finite number, got {target!r}")
    return t


def _scan_points(name: str, lim: _Limits, x0: float) -> np.ndarray:
    """Where :func:`break_even` first evaluates a continuous search: evenly over the
    whole valid interval, and as densely again over the plausible range (the
    catalog's soft bounds) and at the base value, where crossings that matter sit
    (a team-sized peak is narrow on a 0–50,000 scale)."""
    soft_lo, soft_hi = CATALOG[name].soft
    inner = np.linspace(max(lim.lo, soft_lo), min(lim.hi, soft_hi), _SCAN_POINTS)
    return np.unique(np.concatenate([np.linspace(lim.lo, lim.hi, _SCAN_POINTS),
                                     inner[(inner >= lim.lo) & (inner <= lim.hi)],
                                     [min(max(x0, lim.lo), lim.hi)]]))


def _crossings_between_values(xs: np.ndarray, f: np.ndarray, t: float) -> dict[float, bool]:
    """Whole values (scanned one by one) where the metric ``f`` starts or stops
    reaching ``t``: value → does the metric rise through the target?"""
    found: dict[float, bool] = {}
    reach = np.isfinite(f) & (f >= t)
    for i in range(len(xs) - 1):
        if np.isfinite(f[i]) and np.isfinite(f[i + 1]) and reach[i] != reach[i + 1]:
            rising = bool(reach[i + 1])
            found[float(xs[i + 1] if rising else xs[i])] = rising
    return found


def _crossings_solved(xs: np.ndarray, f: np.ndarray, t: float, at: Callable[[float], float],
                      lim: _Limits, relaxed: bool) -> dict[float, bool | None]:
    """Roots of ``at(x) = t`` between scanned values, refined with Brent's method:
    value → does the metric rise through the target (None: it touches it at a
    scanned value). ``relaxed``: a whole-number assumption solved as continuous;
    each root becomes the first whole value on the side where the target is reached."""
    found: dict[float, bool | None] = {}
    g = f - t
    scale = max(1.0, float(np.max(np.abs(xs))))

    from scipy.optimize import brentq  # ~0.3 s to import: only where a root is solved

    def solve(lo, hi):
        return brentq(lambda x: at(x) - t, lo, hi,
                      xtol=1e-13 * scale, rtol=4 * np.finfo(float).eps, maxiter=200)

    for i in range(len(xs)):
        if g[i] == 0 and not relaxed:
            found.setdefault(float(xs[i]), None)
        elif i + 1 < len(xs) and np.isfinite(g[i]) and np.isfinite(g[i + 1]) \
                and (g[i] * g[i + 1] < 0 or (relaxed and g[i] == 0 != g[i + 1])):
            rising = bool(g[i + 1] > g[i])
            root = float(xs[i]) if g[i] == 0 else solve(xs[i], xs[i + 1])
            if relaxed:  # the first whole value on the side where the target is reached
                v = math.ceil(root) if rising else math.floor(root)
                step = 1 if rising else -1
                while lim.lo <= v <= lim.hi and not at(v) >= t:
                    v += step
                if lim.lo <= v <= lim.hi:
                    found.setdefault(float(v), rising)
            else:
                found.setdefault(root, rising)
    return found


def _interval_text(name: str, lim: _Limits, lang: str = DEFAULT_LANGUAGE) -> str:
    """"between 0 % and 50 %", with what set each end that is not a catalog bound."""
    t = translator(lang)
    low, high = _show(name, lim.lo, lang), _show(name, lim.hi, lang)
    ends = [w for w in (t("risk.model.low_end", why=lim.lo_why) if lim.lo_why else None,
                        t("risk.model.high_end", why=lim.hi_why) if lim.hi_why else None) if w]
    if ends:
        return t("risk.model.between_with_ends", low=low, high=high,
                 ends=t("risk.model.separator").join(ends))
    return t("risk.model.between", low=low, high=high)


def _found_reason(name: str, metric: str, t: float, value: float, rising: bool | None,
                  others: list[float], x0: float, f0: float | None,
                  lang: str = DEFAULT_LANGUAGE) -> str:
    """Where the metric reaches the target (for whole numbers: at least / at most
    which value), the base for comparison, and any other crossings (in ``lang``)."""
    tr = translator(lang)
    m_name, label = _metric_name(metric, lang), _label(name, lang)
    fields = dict(metric=m_name, target=_metric_text(metric, t, lang), label=label,
                  value=_show(name, value, lang))
    if CATALOG[name].kind == "int":
        reason = tr("risk.model.reaches_at_least" if rising else "risk.model.reaches_at_most",
                    **fields)
    else:
        reason = tr("risk.model.reaches_at", **fields)
    reason = tr("risk.model.with_base", reason=reason, base=_show(name, x0, lang),
                metric=m_name, at_base=_metric_text(metric, f0, lang))
    if others:
        reason = tr("risk.model.also_crosses", reason=reason, values=tr(
            "risk.model.comma").join(_show(name, v, lang) for v in others))
    return reason


def _no_crossing_reason(m_name: str, metric: str, t: float, label: str, between: str,
                        finite: np.ndarray, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why no value reaches the target: undefined everywhere, or on one side of it."""
    tr = translator(lang)
    fields = dict(metric=m_name, label=label, between=between,
                  target=_metric_text(metric, t, lang))
    if not finite.size:
        return tr("risk.model.undefined_everywhere", **fields)
    if np.all(finite > t):
        return tr("risk.model.stays_above", **fields)
    if np.all(finite < t):
        return tr("risk.model.stays_below", **fields)
    return tr("risk.model.never_reaches", **fields)


# -- three scenarios -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One of the three scenarios."""

    #: "conservative", "likely" or "optimistic".
    name: str
    #: Every assumption's value in this case.
    values: dict = field(repr=False)
    #: The evaluated case (table, appraisal with None where undefined).
    evaluation: Evaluation = field(repr=False)

    @property
    def appraisal(self):
        """NPV, ROI, payback, … of this case (:class:`~supportroi.finance.Appraisal`)."""
        return self.evaluation.appraisal


@dataclass(frozen=True)
class ThreeScenarios:
    """Conservative, likely and optimistic cases from three-point ranges.

    ``settings`` has one row per ranged assumption (index: name) with columns
    ``label``, ``unit``, ``conservative``, ``likely``, ``optimistic`` (the value
    used in each case) [unit].
    """

    conservative: Case
    likely: Case
    optimistic: Case
    settings: pd.DataFrame
    #: True if NPV(conservative) ≤ NPV(likely) ≤ NPV(optimistic). Each end is
    #: chosen one assumption at a time; in rare cases interactions between
    #: assumptions can break the order, which this flag then reports.
    ordered: bool

    @property
    def cases(self) -> tuple[Case, Case, Case]:
        return self.conservative, self.likely, self.optimistic

    def table(self) -> pd.DataFrame:
        """One row per case: NPV, ROI, BCR, payback [years], PV of benefits and
        costs; NaN where a figure is undefined."""
        def nan(x):
            return np.nan if x is None else x
        return pd.DataFrame(
            [{"npv": c.appraisal.npv, "roi": nan(c.appraisal.roi), "bcr": nan(c.appraisal.bcr),
              "payback_years": nan(c.appraisal.payback_years),
              "pv_benefits": c.appraisal.pv_benefits, "pv_costs": c.appraisal.pv_costs}
             for c in self.cases], index=pd.Index([c.name for c in self.cases], name="case"))


def three_scenarios(values, ranges, lang: str = DEFAULT_LANGUAGE) -> ThreeScenarios:
    """Conservative, likely and optimistic cases from ``{name: (min, most_likely, max)}``.

    *Likely* puts every ranged assumption at its most likely value. Each
    assumption's effect is then tested alone (one batch): *conservative* puts
    it at whichever of min, most likely and max gives the lowest NPV,
    *optimistic* at the one giving the highest (ties keep the most likely, so
    an assumption with no effect stays there). Ranges are validated as for
    :func:`monte_carlo` (problems in ``lang``). Each case goes through
    :func:`~supportroi.model.evaluate`, so figures are None where undefined;
    a :class:`~supportroi.scenarios.Scenario` keeps its currency and intangibles.

    >>> s = three_scenarios({}, {"aht_reduction": (0.0, 0.05, 0.10),
    ...                          "tech_annual_cost": (50_000, 60_000, 90_000)})
    >>> s.settings[["conservative", "likely", "optimistic"]].to_numpy().tolist()
    [[90000.0, 60000.0, 50000.0], [0.0, 0.05, 0.1]]
    >>> s.ordered
    True
    """
    base, currency = _base(values), _currency(values)
    spec = _check_ranges3(base, ranges, currency, lang)
    names = [k for k in CATALOG if k in spec]
    likely = {k: spec[k][1] for k in names}

    # One-at-a-time from the likely case: rows 0 likely, then (min, max) per name.
    centre = base | {k: v.item() for k, v in _apply_shares(base, likely).items()}
    p = _one_at_a_time(base, centre, [likely | {name: np.array([spec[name][0], spec[name][2]])}
                                      for name in names])
    _check_rules(p)
    npv, _, _ = _metrics(p, currency=currency)
    tol = 1e-9 * max(1.0, float(np.max(np.abs(npv))))
    worst, best = {}, {}
    for i, name in enumerate(names):
        lo, mode, hi = spec[name]
        options = [(npv[0], mode), (npv[1 + 2 * i], lo), (npv[2 + 2 * i], hi)]
        low_npv = min(o[0] for o in options)
        high_npv = max(o[0] for o in options)
        worst[name] = next(x for v, x in options if v <= low_npv + tol)
        best[name] = next(x for v, x in options if v >= high_npv - tol)

    def case(label: str, chosen: dict) -> Case:
        changes = {k: _plain(k, v) for k, v in _apply_shares(base, chosen).items()}
        full = base | changes
        if hasattr(values, "with_values"):
            ev = evaluate(values.with_values(**changes))
        else:
            ev = evaluate(full)
        return Case(label, full, ev)

    cons, like, opt = case("conservative", worst), case("likely", likely), case("optimistic", best)
    settings = pd.DataFrame(
        {"label": [CATALOG[k].label for k in names], "unit": [CATALOG[k].unit for k in names],
         "conservative": [float(worst[k]) for k in names],
         "likely": [float(likely[k]) for k in names],
         "optimistic": [float(best[k]) for k in names]},
        index=pd.Index(names, name="name"))
    ordered = cons.appraisal.npv <= like.appraisal.npv <= opt.appraisal.npv
    return ThreeScenarios(cons, like, opt, settings, bool(ordered))
