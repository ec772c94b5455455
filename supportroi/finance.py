"""Financial appraisal: present values, NPV, ROI, BCR, IRR and payback.

Conventions, as in Forrester Total Economic Impact (TEI) studies:

* Amounts are given for year 0 ("initial") and years 1…N. Year 0 is not
  discounted; year *t* is discounted at year end by ``(1 + rate) ** t``.
* Present values are taken separately for benefits and costs;
  ``npv = pv_benefits − pv_costs``, ``roi = npv / pv_costs`` (a fraction) and
  ``bcr = pv_benefits / pv_costs`` (so ``roi = bcr − 1``, as in the Phillips
  ROI Methodology).
* Payback: year 0 flows happen at once; the flows of year *t* are spread
  evenly over that year, so payback is interpolated within the year in which
  the cumulative net cash flow turns non-negative for good. If it is
  negative at the end of the horizon the investment does not pay back
  within it and payback is None.
* A figure that is undefined (no costs, no sign change for IRR, no payback)
  is None, never NaN or inf.

:func:`appraise` handles one cash-flow stream; :func:`appraise_batch` the
same for many streams at once, returning arrays in which NaN marks an
undefined figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

__all__ = ["Appraisal", "appraise", "internal_rate_of_return", "appraise_batch", "BatchAppraisal", "payback",
           "describe_payback", "payback_unit", "MONTHS_BELOW"]


@dataclass(frozen=True)
class Appraisal:
    """The headline figures of one investment case.

    Money is in the scenario's currency; fractions are decimals (0.25 = 25 %).
    """

    #: Present value of all benefits. [currency]
    pv_benefits: float
    #: Present value of all costs. [currency]
    pv_costs: float
    #: Net present value, ``pv_benefits − pv_costs``. [currency]
    npv: float
    #: Return on investment, ``npv / pv_costs``; None without costs. [fraction]
    roi: float | None
    #: Benefit–cost ratio, ``pv_benefits / pv_costs``; None without costs. [–]
    bcr: float | None
    #: Internal rate of return of the net cash flows; None where undefined. [fraction/year]
    irr: float | None
    #: Undiscounted payback; None if it does not pay back within the horizon. [years]
    payback_years: float | None
    #: Payback on discounted flows; None if not within the horizon. [years]
    discounted_payback_years: float | None
    #: Discount rate used. [fraction/year]
    rate: float
    #: Years after year 0 in the horizon. [years]
    horizon_years: int
    #: Why the IRR is undefined (None when it is defined).
    irr_note: str | None = None

    @property
    def payback_months(self) -> float | None:
        """Undiscounted payback in months, or None. [months]"""
        return None if self.payback_years is None else 12.0 * self.payback_years

    def as_dict(self) -> dict:
        """Plain figures for JSON: None where undefined."""
        return {
            "pv_benefits": self.pv_benefits, "pv_costs": self.pv_costs, "npv": self.npv,
            "roi": self.roi, "bcr": self.bcr, "irr": self.irr, "irr_note": self.irr_note,
            "payback_years": self.payback_years, "payback_months": self.payback_months,
            "discounted_payback_years": self.discounted_payback_years,
            "discount_rate": self.rate, "horizon_years": self.horizon_years,
        }


def _check_flows(name: str, values) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim < 1 or arr.shape[-1] < 1:
        raise ValueError(f"{name}: need amounts for year 0 at least")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: amounts must be finite numbers")
    if np.any(arr < 0):
        where = np.argwhere(arr < 0)[0]
        raise ValueError(f"{name}: amounts must not be negative (year {where[-1]} is "
                         f"{arr[tuple(where)]:g})")
    return arr


def _check_rate(rate) -> np.ndarray:
    r = np.asarray(rate, dtype=float)
    if not np.all(np.isfinite(r)) or np.any(r <= -1):
        raise ValueError("rate: must be a finite number above -1 (a decimal, 0.10 = 10 %)")
    return r


def payback(net) -> np.ndarray:
    """Payback time in years of net cash flows ``net[..., 0:N+1]``; NaN if none.

    Year 0 is an instant; year *t*'s flow is spread evenly over (t−1, t].
    Payback is the moment from which the cumulative flow stays non-negative.
    """
    net = np.asarray(net, dtype=float)
    cum = np.cumsum(net, axis=-1)
    n = cum.shape[-1]
    # Shortfalls within rounding of the flows' size count as break-even.
    tolerance = 1e-9 * np.abs(net).sum(axis=-1, keepdims=True)
    negative = cum < -tolerance
    # Last year whose cumulative total is negative (-1 if none).
    rev = negative[..., ::-1]
    last_neg = np.where(negative.any(axis=-1), n - 1 - np.argmax(rev, axis=-1), -1)
    out = np.full(cum.shape[:-1], np.nan)
    never_neg = last_neg == -1
    out[never_neg] = 0.0
    ok = (last_neg >= 0) & (last_neg < n - 1)
    if np.any(ok):
        idx = np.where(ok, last_neg, 0)
        before = np.take_along_axis(cum, idx[..., None], axis=-1)[..., 0]
        flow = np.take_along_axis(net, (idx + 1)[..., None], axis=-1)[..., 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = -before / flow
        out = np.where(ok, idx + frac, out)
    return out


def _discount_factors(rate: np.ndarray, n: int) -> np.ndarray:
    return (1.0 + rate[..., None]) ** -np.arange(n)


def _npv(rate: float, net: np.ndarray) -> float:
    return float(np.sum(net / (1.0 + rate) ** np.arange(len(net))))


IRR_NO_SIGN_CHANGE = "net cash flows never change sign"
IRR_SEVERAL = "net cash flows change sign more than once: no unique IRR"


def irr_note(net) -> str | None:
    """Why the IRR of ``net`` is undefined, or None if it is defined."""
    net = np.asarray(net, dtype=float)
    changes = int(np.count_nonzero(np.diff(np.sign(net[net != 0]))))
    return None if changes == 1 else (IRR_NO_SIGN_CHANGE if changes == 0 else IRR_SEVERAL)


#: The highest rate :func:`internal_rate_of_return` searches. [fraction/year]
IRR_SEARCH_BOUND = 1e12


def _irr_out_of_reach(net) -> str:
    """Why a conventional stream has no IRR within the search: above the bound, or none."""
    net = np.trim_zeros(np.asarray(net, dtype=float), "f")
    first = np.sign(net[net != 0][0])
    if np.sign(_npv(IRR_SEARCH_BOUND, net)) != first:
        return (f"the IRR is above {IRR_SEARCH_BOUND:.0e} (10^14 %), the upper bound of the "
                "search: the returns dwarf the investment")
    return "no rate above −100 % sets the NPV to zero"


def internal_rate_of_return(net) -> float | None:
    """The rate at which the NPV of ``net[0:N+1]`` is zero, or None.

    Defined only for a conventional stream, whose net flows change sign once
    (invest, then earn — or the reverse): the IRR is then unique, bracketed
    and solved with Brent's method. With no sign change there is none; with
    several there may be several, and quoting one would mislead: None
    (:func:`irr_note` says which).

    >>> round(internal_rate_of_return([-100, 60, 60]), 4)
    0.1307
    >>> internal_rate_of_return([-100, 300, -250]) is None
    True
    """
    net = np.trim_zeros(np.asarray(net, dtype=float), "f")  # leading zeros move no root
    if irr_note(net) is not None:
        return None
    first = np.sign(net[net != 0][0])
    # One sign change: f(r) → sign of the last flow as r → −1 and → net[0] as r → ∞.
    lo, hi = -1.0 + 1e-9, 1.0
    while np.sign(_npv(hi, net)) != first and hi < IRR_SEARCH_BOUND:
        hi *= 10.0
    f_lo, f_hi = _npv(lo, net), _npv(hi, net)
    if not (math.isfinite(f_lo) and np.sign(f_lo) != np.sign(f_hi)):
        return None
    return float(brentq(_npv, lo, hi, args=(net,), xtol=1e-14, rtol=1e-14, maxiter=500))


def appraise(benefits, costs, rate) -> Appraisal:
    """Appraise one investment from yearly benefits and costs.

    Parameters
    ----------
    benefits, costs : sequences of non-negative floats
        Amounts for year 0 (initial, not discounted) and years 1…N, of equal
        length. [currency]
    rate : float
        Discount rate as a decimal per year (0.10 = 10 %). [fraction/year]

    Examples
    --------
    Phillips' worked example (benefits 750,000, costs 425,000, rate 0):

    >>> a = appraise([0, 750_000], [425_000, 0], 0.0)
    >>> round(a.bcr, 2), round(a.roi * 100)
    (1.76, 76)
    >>> a.payback_years is not None and round(a.payback_months, 1)
    6.8
    """
    b = _check_flows("benefits", benefits)
    c = _check_flows("costs", costs)
    if b.ndim != 1 or b.shape != c.shape:
        raise ValueError(f"benefits and costs must be 1-D and of equal length "
                         f"(got {b.shape} and {c.shape})")
    r = float(_check_rate(rate))
    batch = appraise_batch(b[None, :], c[None, :], r)
    irr = internal_rate_of_return(b - c)
    note = irr_note(b - c) if irr is None else None
    if irr is None and note is None:  # conventional, but no root in reach
        note = _irr_out_of_reach(b - c)

    def scalar(x):
        x = float(x[0])
        return x if math.isfinite(x) else None

    return Appraisal(
        pv_benefits=float(batch.pv_benefits[0]), pv_costs=float(batch.pv_costs[0]),
        npv=float(batch.npv[0]), roi=scalar(batch.roi), bcr=scalar(batch.bcr), irr=irr,
        payback_years=scalar(batch.payback_years),
        discounted_payback_years=scalar(batch.discounted_payback_years),
        rate=r, horizon_years=len(b) - 1, irr_note=note,
    )


@dataclass(frozen=True)
class BatchAppraisal:
    """:class:`Appraisal` figures for many cash-flow streams, as arrays.

    NaN marks an undefined figure (no costs, no payback within the horizon).
    IRR is not computed in batches.
    """

    pv_benefits: np.ndarray
    pv_costs: np.ndarray
    npv: np.ndarray
    roi: np.ndarray
    bcr: np.ndarray
    payback_years: np.ndarray
    discounted_payback_years: np.ndarray


def appraise_batch(benefits, costs, rate) -> BatchAppraisal:
    """Appraise many streams at once: ``benefits[k, t]``, ``costs[k, t]``.

    ``rate`` is a scalar or an array broadcasting against ``benefits[..., 0]``.
    Years beyond a stream's horizon should hold zeros.
    """
    b = np.asarray(benefits, dtype=float)
    c = np.asarray(costs, dtype=float)
    r = np.broadcast_to(np.asarray(rate, dtype=float), b.shape[:-1])
    disc = _discount_factors(r, b.shape[-1])
    pv_b = np.sum(b * disc, axis=-1)
    pv_c = np.sum(c * disc, axis=-1)
    npv = pv_b - pv_c
    has_cost = pv_c > 0
    safe = np.where(has_cost, pv_c, 1.0)
    roi = np.where(has_cost, npv / safe, np.nan)
    bcr = np.where(has_cost, pv_b / safe, np.nan)
    net = b - c
    return BatchAppraisal(
        pv_benefits=pv_b, pv_costs=pv_c, npv=npv, roi=roi, bcr=bcr,
        payback_years=payback(net), discounted_payback_years=payback(net * disc),
    )


#: Paybacks shown side by side are all in months when every one is below this. [months]
MONTHS_BELOW = 36


def payback_unit(*years: float | None) -> str:
    """One unit for paybacks shown together: "months" when every defined,
    positive one is below :data:`MONTHS_BELOW` months, else "years".

    >>> payback_unit(1.5, 2.9)
    'months'
    >>> payback_unit(1.5, 3.2, None)
    'years'
    """
    shown = [y for y in years if y is not None and math.isfinite(y) and y > 0]
    return "months" if all(12 * y < MONTHS_BELOW for y in shown) else "years"


def describe_payback(years: float | None, horizon_years: int, unit: str | None = None) -> str:
    """Payback in words: "7.2 months", "2.4 years" or why there is none.

    ``unit`` ("months" or "years") fixes the unit, so that paybacks shown
    together read alike (:func:`payback_unit` picks one); None: months below
    24 months, else years.

    >>> describe_payback(2.0, 3), describe_payback(2.0, 3, unit="months")
    ('2.0 years', '24.0 months')
    """
    if unit not in (None, "months", "years"):
        raise ValueError(f"unit: must be 'months' or 'years', got {unit!r}")
    if years is None or not math.isfinite(years):
        return f"does not pay back within {horizon_years} year{'s' if horizon_years != 1 else ''}"
    if years == 0:
        return "immediately (no net investment)"
    months = 12 * years
    if unit == "months" or (unit is None and months < 24):
        return f"{months:.1f} months"
    return f"{years:.1f} years"
