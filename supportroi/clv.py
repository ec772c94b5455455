"""Customer lifetime value (CLV), churn and lifetime, service recovery, referrals.

The simple infinite-horizon CLV of Gupta & Lehmann ("Customers as assets",
Journal of Interactive Marketing 17(1), 2003; *Managing Customers as
Investments*, 2005): a customer yields margin ``m`` each period and stays
from one period to the next with probability ``r`` (the retention rate); money
is discounted at ``i`` per period; winning the customer cost ``AC``.

Two timing conventions, named explicitly (``convention=``):

* ``"end"`` (Gupta & Lehmann, the default): margins arrive at the *end* of
  each period the customer is still there; the current period is not counted.
  ``CLV = Σ_{t≥1} m·r^t/(1+i)^t − AC = m·r/(1 + i − r) − AC``.
* ``"start"``: margins arrive at the *start* of each period, so the current
  period's margin counts now, undiscounted and for sure.
  ``CLV = Σ_{t≥0} m·r^t/(1+i)^t − AC = m(1 + i)/(1 + i − r) − AC``,
  which is the ``"end"`` value plus one margin ``m``.

Churn is ``c = 1 − r`` per period. The number of periods a customer stays
(counting the current one) is geometric with mean ``1/c``, the *expected
lifetime*; with no discounting the ``"start"`` CLV is therefore margin ×
expected lifetime, and the ``"end"`` CLV margin × (expected lifetime − 1).

Rates and shares are decimals per period (0.80 = 80 %); money is in any one
currency. Every function broadcasts over numpy arrays.

Service recovery: :data:`SERVICE_RECOVERY` holds the TARP figures on how many
customers stay loyal after a problem, by how it was handled, and
:func:`recovery_gain` values moving customers from one outcome to another.
The often-quoted Marriott figures (89 % of customers with no problem and 94 %
with a resolved problem likely to return) are deliberately *not* here: no
primary study could be found, hotel-survey research (Maritz) found guests with
a resolved problem *less* likely to return, and the "service-recovery
paradox" holds only for minor, first-time failures (Magnini et al. 2007).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import finite_array

__all__ = [
    "CONVENTIONS", "clv", "expected_lifetime", "cumulative_value", "referral_margin",
    "RecoveryOutcome", "SERVICE_RECOVERY", "TARP_SOURCE", "RECOVERY_CAVEAT", "loyal_share",
    "recovery_gain",
]

#: Timing conventions of :func:`clv`: name → what it means.
CONVENTIONS = {
    "end": "margins at the end of each period the customer stays (Gupta & Lehmann): "
           "m·r / (1 + i − r) − AC",
    "start": "margins at the start of each period, the current one included: "
             "m(1 + i) / (1 + i − r) − AC",
}




def _check(name: str, value, what: str, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> np.ndarray:
    arr = finite_array(name, value, what)
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr <= low if low_open else arr < low
    if high is not None:
        bad |= arr >= high if high_open else arr > high
    if np.any(bad):
        raise ValueError(f"{name}: must be {what} (got {arr[bad].flat[0]:g})")
    return arr


def _check_convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"convention: must be one of {', '.join(map(repr, CONVENTIONS))} "
                         f"(got {convention!r})")
    return convention


def _scalar(x: np.ndarray):
    """A numpy scalar for 0-d results, the array otherwise."""
    x = np.asarray(x)
    return x[()] if x.ndim == 0 else x


def _inputs(margin, retention, discount_rate):
    m = finite_array("margin", margin, "a finite number [currency/period]")
    r = _check("retention", retention, "between 0 and 1 (a decimal: 0.80 = 80 %)",
               low=0.0, high=1.0)
    i = _check("discount_rate", discount_rate, "a number ≥ 0 (a decimal: 0.10 = 10 %)",
               low=0.0)
    if np.any((r >= 1) & (i <= 0)):
        raise ValueError("retention and discount_rate: a customer who never leaves, with no "
                         "discounting, is worth an infinite amount (need retention < 1 or "
                         "discount_rate > 0)")
    return m, r, i


def clv(margin, retention, discount_rate, acquisition_cost=0.0, *, convention: str = "end"):
    """Customer lifetime value over an infinite horizon. [currency]

    Parameters
    ----------
    margin : array_like
        Margin a customer yields per period (revenue × gross margin, less the
        cost to serve). [currency/period]
    retention : array_like
        Probability of staying from one period to the next, 1 − churn, in
        [0, 1]. [fraction/period]
    discount_rate : array_like
        Discount rate per period, ≥ 0. [fraction/period]
    acquisition_cost : array_like, default 0
        Cost of winning the customer, spent now. [currency]
    convention : {"end", "start"}, keyword only
        ``"end"`` (default, Gupta & Lehmann): ``m·r/(1 + i − r) − AC``, the
        current period not counted. ``"start"``: ``m(1 + i)/(1 + i − r) − AC``,
        the current period's margin counted now.

    Examples
    --------
    Margin 100 a year, retention 80 %, discount rate 10 %, acquisition 50:

    >>> round(float(clv(100, 0.8, 0.10, 50)), 2)      # 100·0.8/0.3 − 50
    216.67
    >>> round(float(clv(100, 0.8, 0.10, 50, convention="start")), 2)   # 100·1.1/0.3 − 50
    316.67

    With no discounting, "start" is margin × expected lifetime (1/churn):

    >>> round(float(clv(100, 0.8, 0.0, convention="start")), 9), float(expected_lifetime(0.2))
    (500.0, 5.0)
    """
    _check_convention(convention)
    m, r, i = _inputs(margin, retention, discount_rate)
    ac = _check("acquisition_cost", acquisition_cost, "a number ≥ 0 [currency]", low=0.0)
    first = r if convention == "end" else 1.0 + i
    return _scalar(m * first / (1.0 + i - r) - ac)


def expected_lifetime(churn):
    """Expected number of periods a customer stays, the current one included: 1/churn. [periods]

    Churn is the share lost per period (1 − retention), in (0, 1]; with no
    churn a customer never leaves and the lifetime is not finite, so 0 is
    refused.

    >>> float(expected_lifetime(0.2))
    5.0
    >>> expected_lifetime([0.5, 0.25, 0.1]).tolist()
    [2.0, 4.0, 10.0]
    """
    c = _check("churn", churn, "above 0 and at most 1 (a decimal: 0.20 = 20 %)",
               low=0.0, high=1.0, low_open=True)
    return _scalar(1.0 / c)


def cumulative_value(margin, retention, discount_rate, periods: int, *,
                     convention: str = "end"):
    """Expected discounted margin earned by the end of each of ``periods`` periods. [currency]

    Element ``k`` (k = 0 … periods) is the present value of the margins
    received up to and including time ``k``; as ``k`` grows it approaches
    ``clv(...) + acquisition cost``. Shape: the broadcast shape of the inputs
    plus one axis of length ``periods + 1``.

    >>> v = cumulative_value(100, 0.8, 0.10, 40)
    >>> round(float(v[1]), 2), round(float(v[-1]), 2), round(float(clv(100, 0.8, 0.10)), 2)
    (72.73, 266.67, 266.67)
    """
    _check_convention(convention)
    m, r, i = _inputs(margin, retention, discount_rate)
    n = _check("periods", periods, "a whole number ≥ 0", low=0.0)
    if n.ndim or n != np.floor(n):
        raise ValueError(f"periods: must be a whole number ≥ 0 (got {periods!r})")
    n = int(n)
    t = np.arange(n + 1)
    with np.errstate(divide="ignore"):
        survive = (r[..., None] / (1.0 + i[..., None])) ** t  # r^t / (1+i)^t
    if convention == "end":
        terms = np.where(t == 0, 0.0, m[..., None] * survive)
    else:  # the margin received at time k is for period k + 1
        terms = m[..., None] * survive
    return np.cumsum(terms, axis=-1)


def referral_margin(margin, referrals_per_period, acquisition_cost):
    """Margin per period with referrals counted: ``margin + referrals × acquisition cost``.

    Each referred customer is one the business would otherwise have had to
    win at full acquisition cost, so a referral is worth (at least) that cost
    saved. Referrals come only while the customer stays, exactly like margin,
    so the result can go straight into :func:`clv` as the margin. [currency/period]

    Parameters
    ----------
    margin : array_like
        Margin per period. [currency/period]
    referrals_per_period : array_like
        New customers won by this customer's referrals per period, ≥ 0. [customers/period]
    acquisition_cost : array_like
        Acquisition cost saved per referred customer, ≥ 0. [currency]

    >>> float(referral_margin(120, 0.1, 150))
    135.0
    """
    m = finite_array("margin", margin, "a finite number [currency/period]")
    k = _check("referrals_per_period", referrals_per_period, "a number ≥ 0 [customers/period]",
               low=0.0)
    ac = _check("acquisition_cost", acquisition_cost, "a number ≥ 0 [currency]", low=0.0)
    return _scalar(m + k * ac)


# --------------------------------------------------------------------------- service recovery

@dataclass(frozen=True)
class RecoveryOutcome:
    """Share of customers still loyal after a problem, by how it was handled (TARP)."""

    #: Short name used by :func:`loyal_share` and :func:`recovery_gain`.
    key: str
    #: How the problem was handled, in words.
    label: str
    #: Share still loyal when the problem cost them little. [fraction]
    small_loss: float
    #: Share still loyal when the problem cost them a lot. [fraction]
    large_loss: float


#: Where :data:`SERVICE_RECOVERY` comes from.
TARP_SOURCE = ("TARP (Technical Assistance Research Programs) studies, as quoted in the "
               "customer-service ROI literature; US figures, second-hand")

#: TARP: share of customers still loyal after a problem, small / large loss.
SERVICE_RECOVERY: tuple[RecoveryOutcome, ...] = (
    RecoveryOutcome("did_not_complain", "Had a problem, did not complain", 0.37, 0.09),
    RecoveryOutcome("not_satisfied", "Complained, not satisfied", 0.46, 0.19),
    RecoveryOutcome("satisfied", "Complained, satisfied", 0.70, 0.54),
    RecoveryOutcome("satisfied_quickly", "Complained, satisfied quickly", 0.95, 0.82),
)
_OUTCOMES = {o.key: o for o in SERVICE_RECOVERY}
_LOSSES = ("small", "large")

#: Why the Marriott "94 % return after a resolved problem" figures are not used.
RECOVERY_CAVEAT = (
    "The often-quoted Marriott figures (89 % of customers who had no problem and 94 % of those "
    "whose problem was resolved are likely to return) have no primary study we could find, and "
    "hotel-survey research (Maritz) found guests with a resolved problem less likely to return. "
    "The service-recovery paradox (a well-handled problem leaves a customer more loyal than no "
    "problem at all) holds only for minor, first-time failures (Magnini et al. 2007). Use it as "
    "an optional, labelled assumption, never as a default.")


def loyal_share(outcome: str, loss: str = "small") -> float:
    """TARP share of customers still loyal after ``outcome`` with a ``loss`` ("small"/"large").

    >>> loyal_share("satisfied_quickly"), loyal_share("did_not_complain", "large")
    (0.95, 0.09)
    """
    if outcome not in _OUTCOMES:
        raise ValueError(f"outcome: must be one of {', '.join(_OUTCOMES)} (got {outcome!r})")
    if loss not in _LOSSES:
        raise ValueError(f"loss: must be 'small' or 'large' (got {loss!r})")
    o = _OUTCOMES[outcome]
    return o.small_loss if loss == "small" else o.large_loss


def recovery_gain(customers, value_per_customer, from_outcome: str, to_outcome: str,
                  loss: str = "small"):
    """Value of handling problems better: extra customers kept × value per customer. [currency]

    ``customers`` had a problem [customers]; moving them from ``from_outcome``
    to ``to_outcome`` keeps ``customers × (loyal_share(to) − loyal_share(from))``
    more of them, each worth ``value_per_customer`` (e.g. a :func:`clv` with
    no acquisition cost) [currency].

    1,000 customers with a small problem who complained and were left
    unsatisfied, now satisfied quickly, each worth 300:

    >>> round(float(recovery_gain(1000, 300, "not_satisfied", "satisfied_quickly")), 2)
    147000.0
    """
    n = _check("customers", customers, "a number ≥ 0 [customers]", low=0.0)
    v = finite_array("value_per_customer", value_per_customer, "a finite number [currency]")
    gain = loyal_share(to_outcome, loss) - loyal_share(from_outcome, loss)
    return _scalar(n * gain * v)
