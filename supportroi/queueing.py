"""Queueing: from contacts per interval to agents, waiting and FTE (Erlang C).

Service leadership orders it: forecast the workload by interval, compute the
agents each interval needs, and waiting follows from the two. This module
does the second and third steps with the Erlang C model (M/M/n: Poisson
arrivals, exponential handle times, callers wait until answered), then turns
agents on the phones into scheduled FTE with shrinkage.

Every function is a pure function of numpy arrays that broadcast, so one
interval, a week of 336 half-hours and many scenarios go through the same
code, with no Python loop per scenario.

Units and names
---------------
* ``traffic`` — offered load in Erlangs: arrival rate × AHT (contacts per
  second × seconds per contact), i.e. agents' worth of handle time.
* ``agents`` — agents on the phones (not scheduled FTE): whole numbers ≥ 0.
* ``aht`` and ``target_time`` — seconds. ``target_sl``, ``max_occupancy``
  and ``shrinkage`` — decimals (0.80 = 80 %).

Numerics
--------
Erlang B is evaluated in closed form as a ratio of Poisson probabilities,
``B(n, A) = P(X = n) / P(X ≤ n)`` for ``X ~ Poisson(A)``, with the
probability mass taken in log space (Stirling's series, no factorials) and
the distribution function from ``scipy.special.gammaincc``, so it stays
accurate to about 1e-12 (relative) from 1 to 10,000 agents and beyond. In a
heavily overloaded loss system (A ≫ n, where ``P(X ≤ n)`` underflows) the
finite series
``1/B = Σ_j n!/((n − j)! A^j)`` takes over. The staffing search
(:func:`agents_needed`) starts every interval at the fewest agents allowed,
takes Erlang B there in closed form and then walks up all intervals at once
with the recursion ``B(n) = A·B(n−1) / (n + A·B(n−1))``.
Erlang C follows as ``C = n·B / (n − A·(1 − B))``.

Unstable queues
---------------
With ``agents ≤ traffic`` (and some traffic) the queue grows without bound:
waiting times are not finite and there is no service level to speak of. The
functions never return NaN or a negative figure there; instead, by
convention, :func:`erlang_c` gives 1.0 (everyone waits), :func:`service_level`
0.0, :func:`occupancy` 1.0 (agents busy all the time) and
:func:`average_speed_of_answer` ``inf``. ``inf`` is a flag, not a figure to
show: check :func:`is_stable` first and say why the figure is undefined
("unstable queue: more than {traffic:.1f} agents needed"). With no traffic
at all every queue is stable: nobody waits (C = 0, service level 1, ASA 0).

Abandonment (Erlang A)
----------------------
Erlang C assumes callers never hang up; real callers abandon, which shortens
the queue for the others. Erlang A (M/M/n+M: Poisson arrivals, exponential
handle times and exponential patience with mean ``patience`` seconds) adds
that. :func:`erlang_a` gives the probability of waiting, of abandoning, the
service level, the average speed of answer and occupancy; :func:`agents_needed_a`
the fewest agents meeting a target. Every such queue is stable: abandonment
keeps it finite whatever the load.

*Definitions.* The service level is the share of **all offered calls that are
answered within the target time**; a caller who hangs up counts as not
answered within it, whenever they hang up (also within the target time). The
average speed of answer (ASA) is the mean wait of the **answered** calls;
``mean_wait`` is the mean wait of all calls, answered or abandoned (by
Little's law ``P(abandon) × patience``). Occupancy is the carried load
(``traffic × (1 − P(abandon))``) per agent. As ``patience → ∞`` every figure
tends to its Erlang C value.

*Numerics* (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn, "The
M/M/n+G queue: summary of performance measures"). With ``x = n·patience/aht``
and ``y = traffic·patience/aht`` the queue part of the stationary distribution
sums to the Kummer series ``S = Σ_k Π_{i≤k} y/(x + i) = P(x, y)/p(x, y)`` (``P``
the regularised lower incomplete gamma function, ``p(x, y) = y^x e^{−y}/Γ(x+1)``),
so ``P(wait) = S / (1/B + S − 1)`` with ``B`` Erlang B. A caller finding ``k``
others queued is answered within ``t`` with probability
``x/(x + k + 1) · I_{1−e^{−t/patience}}(k + 1, x + 1)``, which sums over ``k`` to
the incomplete gamma function ``γ(x + 1, y·e^{−t/patience})``. Everything is
taken in log space (the Poisson-probability helpers of Erlang B); where the
incomplete gamma function could underflow (``x − y ≫ √x``: very patient
callers, or few calls for many agents) the series, which then converges
geometrically, is summed instead.
The ASA of answered calls is the series ``Σ_k π_{n+k} H_k`` (``H_k`` partial
harmonic sums), summed in log space in blocks.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import gammainc, gammaincc, gammaln

from .assumptions import Message, Phrase, note
from .checks import finite_array
from .i18n import DEFAULT_LANGUAGE, translator

__all__ = [
    "ProfileError",
    "erlang_b", "erlang_c", "is_stable", "service_level", "average_speed_of_answer",
    "occupancy", "agents_needed", "binding_constraint", "scheduled_fte", "load_profile", "interval_staffing",
    "required_fte", "IntervalStaffing", "PROFILE_PATH", "WEEKS_PER_YEAR", "INTERVAL_SECONDS",
    "INTERVALS_PER_WEEK", "ErlangA", "erlang_a", "agents_needed_a", "agents_needed_fractional",
]

#: Weeks in a year used to turn annual contacts into a weekly load and paid
#: hours a year into paid hours a week. 52, not 365/7 = 52.14: the catalog's
#: 2,080 paid hours per FTE are 40 h × 52 weeks, and using the same 52 for
#: both keeps the FTE consistent (the extra day would add 0.3 % to both).
WEEKS_PER_YEAR = 52.0
#: Length of one profile interval (half an hour). [s]
INTERVAL_SECONDS = 1800.0
#: Half-hours in a week (7 × 48). [intervals]
INTERVALS_PER_WEEK = 336
#: The shipped synthetic weekly arrival profile (see data/README.md), package data: an
#: installed package has it (the repository's ``data/`` copy is the same file).
PROFILE_PATH = Path(__file__).resolve().parent / "data" / "arrival_profile_weekly.csv"

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_TINY_CDF = 1e-280  # below this P(X ≤ n) loses precision: use the overload series


# --------------------------------------------------------------------------- input checks



def _first(arr: np.ndarray, bad: np.ndarray) -> str:
    return f"{arr[bad].flat[0]:g}"


def _check(name: str, value, what: str, *, low: float, high: float = math.inf,
           low_open: bool = False, high_open: bool = False) -> np.ndarray:
    """``value`` as a float array, or a ValueError naming ``name``."""
    arr = finite_array(name, value, what)
    bad = (arr <= low if low_open else arr < low) | (arr >= high if high_open else arr > high)
    if np.any(bad):
        raise ValueError(f"{name}: must be {what} (got {_first(arr, bad)})")
    return arr


def _check_traffic(traffic) -> np.ndarray:
    return _check("traffic", traffic, "a number ≥ 0 [Erlangs]", low=0.0)


def _check_agents(agents) -> np.ndarray:
    arr = _check("agents", agents, "a whole number ≥ 0 [agents]", low=0.0)
    bad = arr != np.floor(arr)
    if np.any(bad):
        raise ValueError(f"agents: must be a whole number ≥ 0 [agents] (got {_first(arr, bad)})")
    return arr


def _check_aht(aht, name: str = "aht") -> np.ndarray:
    return _check(name, aht, "a number > 0 [seconds]", low=0.0, low_open=True)


def _check_target_time(target_time) -> np.ndarray:
    return _check("target_time", target_time, "a number ≥ 0 [seconds]", low=0.0)


def _check_fraction_open(name: str, value) -> np.ndarray:
    return _check(name, value, "between 0 and 1, exclusive (a decimal: 0.80 = 80 %)",
                  low=0.0, high=1.0, low_open=True, high_open=True)


def _check_max_occupancy(value) -> np.ndarray:
    return _check("max_occupancy", value, "above 0 and at most 1 (a decimal: 0.85 = 85 %)",
                  low=0.0, high=1.0, low_open=True)


def _check_shrinkage(value) -> np.ndarray:
    return _check("shrinkage", value, "at least 0 and below 1 (a decimal: 0.30 = 30 %)",
                  low=0.0, high=1.0, high_open=True)


# --------------------------------------------------------------------------- Erlang B and C

def _stirlerr(n: np.ndarray) -> np.ndarray:
    """``log(n!) − [(n + ½)·log n − n + ½·log 2π]`` for n ≥ 1, without cancellation."""
    r = 1.0 / n
    r2 = r * r
    # Stirling's series; its first omitted term is < 2e-16 for n ≥ 16.
    series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
    direct = gammaln(n + 1.0) - (n + 0.5) * np.log(n) + n - _HALF_LOG_2PI
    return np.where(n < 16, direct, series)


def _log_poisson_pmf(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``log P(X = n)`` for ``X ~ Poisson(a)``, accurate for large n and a."""
    safe_n = np.maximum(n, 1.0)
    with np.errstate(divide="ignore"):
        # n·log(a/n) + n − a; log1p keeps it from cancelling when a ≈ n, and
        # is only used there (it is ill-conditioned for a ≪ n).
        x = (a - safe_n) / safe_n
        log_ratio = np.where(np.abs(x) < 0.5, np.log1p(x), np.log(a / safe_n))
        deviance = safe_n * log_ratio - (a - safe_n)
    out = deviance - 0.5 * np.log(safe_n) - _HALF_LOG_2PI - _stirlerr(safe_n)
    return np.where(n == 0, -a, out)


def _erlang_b_overload(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Erlang B for a ≫ n: ``1/B = Σ_{j≤n} Π_{i<j} (n − i)/a``; terms fall by (n − j)/a."""
    total = np.ones_like(a)
    term = np.ones_like(a)
    for j in range(int(n.max())):  # at most n terms; stops once the rest is negligible
        term = term * np.maximum(n - j, 0.0) / a
        total += term
        if not np.any(term > 1e-17 * total):
            break
    return 1.0 / total


def _erlang_b(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Erlang B for checked, broadcast-compatible arrays (a ≥ 0, whole n ≥ 0)."""
    a, n = np.broadcast_arrays(a, n)
    with np.errstate(divide="ignore", under="ignore"):
        cdf = gammaincc(n + 1.0, a)  # P(X ≤ n), X ~ Poisson(a)
        log_b = _log_poisson_pmf(n, a) - np.log(cdf)
        b = np.exp(np.minimum(log_b, 0.0))
    b = np.where(n == 0, 1.0, b)
    overload = (cdf < _TINY_CDF) & (n > 0)
    if np.any(overload):
        b = b.copy()
        b[overload] = _erlang_b_overload(a[overload], n[overload])
    return b


def _stable(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    return (n > a) | (a == 0)


def _erlang_c(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Erlang C with the unstable-queue convention (1.0); checked inputs."""
    a, n = np.broadcast_arrays(a, n)
    stable = _stable(a, n)
    b = _erlang_b(np.where(stable, a, 0.0), n)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    c = np.where(a == 0, 0.0, np.where(stable, c, 1.0))
    return np.clip(c, 0.0, 1.0)


def _service_level(a, n, aht, target_time):
    stable = _stable(a, n)
    with np.errstate(over="ignore"):
        sl = 1.0 - _erlang_c(a, n) * np.exp(-(n - a) * target_time / aht)
    return np.where(stable, np.clip(sl, 0.0, 1.0), 0.0)


def _scalar(x: np.ndarray):
    """A numpy scalar for 0-d results, the array otherwise (like a ufunc)."""
    return x[()] if x.ndim == 0 else x


def erlang_b(traffic, agents):
    """Blocking probability of a loss system (Erlang B). [fraction]

    The share of contacts that find all ``agents`` busy when there is no
    queue (blocked contacts are lost). Also the building block of Erlang C.

    Parameters
    ----------
    traffic : array_like
        Offered load, arrival rate × AHT. [Erlangs]
    agents : array_like of whole numbers
        Servers (agents, lines). [agents]

    Examples
    --------
    >>> round(float(erlang_b(8.108, 15)), 4)  # 15 lines carry 8.108 E at 1 % blocking
    0.01
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    return _scalar(_erlang_b(a, n))


def erlang_c(traffic, agents):
    """Probability that a contact has to wait (Erlang C). [fraction]

    Unstable queues (``agents ≤ traffic``, traffic > 0) give 1.0: everyone
    waits. No traffic gives 0.0.

    Parameters
    ----------
    traffic : array_like
        Offered load, arrival rate × AHT. [Erlangs]
    agents : array_like of whole numbers
        Agents on the phones. [agents]

    Examples
    --------
    100 contacts in 30 minutes with a 180 s AHT are 10 Erlangs; 14 agents:

    >>> round(float(erlang_c(100 * 180 / 1800, 14)), 4)
    0.1741
    >>> float(erlang_c(10, 10))  # unstable queue
    1.0
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    return _scalar(_erlang_c(a, n))


def is_stable(traffic, agents):
    """True where the queue is stable: more agents than traffic (or no traffic). [bool]

    Where it is False the queue grows without bound; :func:`erlang_c`,
    :func:`service_level`, :func:`occupancy` and
    :func:`average_speed_of_answer` then return their documented conventions
    (1, 0, 1, inf) rather than figures.

    >>> is_stable([9.5, 10, 10.5], 10).tolist()
    [True, False, False]
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    return _scalar(np.asarray(_stable(a, n)))


def service_level(traffic, agents, aht, target_time):
    """Share of contacts answered within ``target_time`` seconds. [fraction]

    ``1 − C · exp(−(agents − traffic) · target_time / aht)``; 0.0 for an
    unstable queue, 1.0 with no traffic.

    Parameters
    ----------
    traffic : array_like
        Offered load, arrival rate × AHT. [Erlangs]
    agents : array_like of whole numbers
        Agents on the phones. [agents]
    aht : array_like
        Average handle time, talk + hold + wrap-up. [s]
    target_time : array_like
        Answer-time target ("80 % within 20 seconds": 20). [s]

    Examples
    --------
    >>> round(float(service_level(10, 14, aht=180, target_time=20)), 4)
    0.8884
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    h = _check_aht(aht)
    t = _check_target_time(target_time)
    return _scalar(np.asarray(_service_level(a, n, h, t)))


def average_speed_of_answer(traffic, agents, aht):
    """Mean wait before answer over all contacts (ASA), ``C · aht / (agents − traffic)``. [s]

    ``inf`` for an unstable queue — a flag for "undefined", never a figure to
    show (see :func:`is_stable`); 0.0 with no traffic.

    Examples
    --------
    >>> round(float(average_speed_of_answer(10, 14, aht=180)), 2)
    7.84
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    h = _check_aht(aht)
    a, n, h = np.broadcast_arrays(a, n, h)
    stable = _stable(a, n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: unbounded
        asa = _erlang_c(a, n) * h / (n - a)
    asa = np.where(a == 0, 0.0, np.where(stable, asa, np.inf))
    return _scalar(asa)


def occupancy(traffic, agents):
    """Share of the agents' time spent handling contacts, ``traffic / agents``. [fraction]

    1.0 for an unstable queue (agents are busy all the time; the offered
    load per agent, ``traffic / agents``, is then ≥ 1); 0.0 with no traffic.

    >>> float(occupancy(10, 14))
    0.7142857142857143
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    a, n = np.broadcast_arrays(a, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(_stable(a, n), np.where(n > 0, a / np.maximum(n, 1.0), 0.0), 1.0)
    return _scalar(occ)


def _agents_needed(a, aht, target_sl, target_time, max_occupancy) -> np.ndarray:
    """:func:`agents_needed` for checked arrays; integer array of the broadcast shape."""
    a, aht, target_sl, target_time, max_occupancy = np.broadcast_arrays(
        a, aht, target_sl, target_time, max_occupancy)
    shape = a.shape
    a, aht, target_sl, target_time = (x.ravel() for x in (a, aht, target_sl, target_time))
    # Fewest agents with traffic/agents ≤ max_occupancy; the 1e-12 forgives
    # rounding in a/max_occupancy (8.5 E at 85 % is 10 agents, not 11).
    n_occupancy = np.ceil(a / max_occupancy.ravel() * (1.0 - 1e-12))
    n = np.maximum(n_occupancy, np.floor(a) + 1.0)  # ... and a stable queue
    out = np.zeros(a.size)

    # Service level rises with agents, so the answer is the first n from here
    # on that meets the target. Walk all intervals up together with the
    # Erlang B recursion, dropping each one as soon as it is met.
    idx = np.flatnonzero(a > 0)  # no traffic, no agents
    a, n, aht, target_sl, target_time = (x[idx] for x in (a, n, aht, target_sl, target_time))
    b = _erlang_b(a, n)
    while idx.size:
        c = n * b / (n - a * (1.0 - b))
        met = 1.0 - c * np.exp(-(n - a) * target_time / aht) >= target_sl
        out[idx[met]] = n[met]
        keep = ~met
        idx, a, n, b, aht, target_sl, target_time = (
            x[keep] for x in (idx, a, n, b, aht, target_sl, target_time))
        n = n + 1.0
        ab = a * b
        b = ab / (n + ab)
    return out.reshape(shape).astype(np.int64)


def agents_needed(traffic, aht, target_sl, target_time, max_occupancy=1.0):
    """Fewest agents on the phones meeting a service-level target. [agents]

    The smallest whole ``n`` with ``service_level(traffic, n, aht,
    target_time) ≥ target_sl`` and ``traffic / n ≤ max_occupancy`` (hence
    also a stable queue); 0 where there is no traffic. Vectorised over any
    broadcast shape (e.g. 336 half-hours × many scenarios).

    Parameters
    ----------
    traffic : array_like
        Offered load per interval, arrival rate × AHT. [Erlangs]
    aht : array_like
        Average handle time. [s]
    target_sl : array_like
        Share to answer within ``target_time``, in (0, 1). [fraction]
    target_time : array_like
        Answer-time target. [s]
    max_occupancy : array_like, default 1.0
        Cap on traffic / agents, in (0, 1]; 1.0 means no cap. [fraction]

    Returns
    -------
    numpy.ndarray of int64 (a numpy integer for scalar inputs)

    Examples
    --------
    10 Erlangs, 180 s AHT, 80 % within 20 s, at most 85 % occupancy:

    >>> int(agents_needed(10, aht=180, target_sl=0.8, target_time=20, max_occupancy=0.85))
    14
    >>> agents_needed([0, 0.5, 10, 100], 180, 0.8, 20).tolist()
    [0, 2, 14, 107]
    """
    a = _check_traffic(traffic)
    h = _check_aht(aht)
    sl = _check_fraction_open("target_sl", target_sl)
    t = _check_target_time(target_time)
    occ = _check_max_occupancy(max_occupancy)
    return _scalar(_agents_needed(a, h, sl, t, occ))


def binding_constraint(traffic, aht, target_sl, target_time, max_occupancy=1.0) -> np.ndarray:
    """What sets :func:`agents_needed` in each interval: "service level" (the target alone
    needs that many agents), "occupancy cap" (the cap needs more agents than the target)
    or "no calls". Text array of the broadcast shape.

    >>> binding_constraint([10.0, 100.0, 0.0], 300, 0.8, 20, max_occupancy=0.9).tolist()
    ['service level', 'occupancy cap', 'no calls']
    """
    by_sl = agents_needed(traffic, aht, target_sl, target_time)
    both = agents_needed(traffic, aht, target_sl, target_time, max_occupancy)
    return np.where(both == 0, "no calls",
                    np.where(both > by_sl, "occupancy cap", "service level"))


def agents_needed_fractional(traffic, aht, target_sl, target_time, max_occupancy=1.0):
    """Agents needed as a continuous quantity, for valuation (not schedules). [agents]

    The whole-number answer ``n`` of :func:`agents_needed`, made continuous:
    the service level is interpolated linearly between ``n − 1`` and ``n``
    agents and the point where it reaches the target is taken, or
    ``traffic / max_occupancy`` if the occupancy cap binds higher. The result
    lies in ``(n − 1, n]``, rises continuously and monotonically with traffic,
    handle time and the target service level and falls with the target time,
    so money computed from it does not jump when one more whole agent is
    needed. Schedules need whole agents: use :func:`agents_needed` for those.

    >>> round(float(agents_needed_fractional(10, 180, 0.8, 20, 0.85)), 3)  # 14 whole agents
    13.047
    >>> float(agents_needed_fractional(0, 180, 0.8, 20))
    0.0
    """
    a = _check_traffic(traffic)
    h = _check_aht(aht)
    sl = _check_fraction_open("target_sl", target_sl)
    t = _check_target_time(target_time)
    occ = _check_max_occupancy(max_occupancy)
    return _scalar(_agents_fractional(a, h, sl, t, occ))


def _agents_fractional(a, aht, target_sl, target_time, max_occupancy, whole=None):
    """:func:`agents_needed_fractional` for checked arrays; ``whole`` may pass the
    whole-number answer if it is already known."""
    a, aht, target_sl, target_time, max_occupancy = np.broadcast_arrays(
        a, aht, target_sl, target_time, max_occupancy)
    n = (_agents_needed(a, aht, target_sl, target_time, max_occupancy) if whole is None
         else whole).astype(float)
    below = np.maximum(n - 1.0, 0.0)
    sl_n = _service_level(a, n, aht, target_time)
    sl_below = np.where(n > 0, _service_level(a, below, aht, target_time), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = (target_sl - sl_below) / (sl_n - sl_below)
    # Where n − 1 agents already meet the service level, only the cap sets n.
    by_sl = np.where(sl_below >= target_sl, 0.0, below + np.clip(step, 0.0, 1.0))
    out = np.maximum(by_sl, a / max_occupancy)
    return np.where(a > 0, np.minimum(out, n), 0.0)


# --------------------------------------------------------------------------- Erlang A

def _check_patience(patience) -> np.ndarray:
    return _check("patience", patience, "a number > 0 [seconds]", low=0.0, low_open=True)


def _log_pois(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``log(z^x e^{−z} / Γ(x + 1))`` for real x ≥ 0 and z ≥ 0."""
    x, z = np.broadcast_arrays(x, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = np.where(x == 0, -z, x * np.log(z) - z - gammaln(x + 1.0))
        large = _log_poisson_pmf(np.maximum(x, 16.0), z)  # Stirling form: no cancellation
    return np.where(x < 16, small, large)


#: Where ``x − z`` exceeds this many ``√(x + 1)`` (or z is below half of x + 1) the
#: incomplete gamma function may underflow, and the Kummer series (then geometric) is
#: summed instead.
_SERIES_SPREAD = 20.0


def _log_kummer(x: np.ndarray, z: np.ndarray):
    """``log U`` and ``log K`` for ``U = Σ_k t_k``, ``K = Σ_k k·t_k``, ``t_k = Π_{i≤k} z/(x+i)``.

    Closed form ``U = P(x, z) / p(x, z)`` (regularised lower incomplete gamma over the
    Poisson-like term) and ``K = z·U − x·(U − 1)``; the series where the closed form
    would underflow (very patient callers).
    """
    x, z = (np.array(v, dtype=float) for v in np.broadcast_arrays(x, z))
    log_u = np.zeros(x.shape)
    log_k = np.full(x.shape, -np.inf)
    # The series converges geometrically (ratio ≤ z/(x + 1)) wherever the closed form
    # risks underflow: far below x (at most ~60 terms when z ≤ x/2).
    series = (x - z > _SERIES_SPREAD * np.sqrt(x + 1.0)) | (z <= 0.5 * (x + 1.0))
    closed = ~series
    if np.any(closed):
        xc, zc = x[closed], z[closed]
        with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
            lu = np.where(xc == 0, zc, np.log(gammainc(np.maximum(xc, 1e-300), zc))
                          - _log_pois(xc, zc))
            # K = (z − x)·U + x: positive terms when z ≥ x, a difference otherwise.
            up = np.logaddexp(np.log(np.maximum(zc - xc, 0.0)) + lu, np.log(xc))
            ratio = np.exp(np.log(np.maximum(xc - zc, 0.0)) + lu - np.log(xc))
            down = np.log(xc) + np.log1p(-np.minimum(ratio, 1.0))
        log_u[closed] = lu
        log_k[closed] = np.where(zc >= xc, up, down)
    idx = np.flatnonzero(series & (z > 0))
    if idx.size:
        xs, zs = x.flat[idx], z.flat[idx]
        term = np.ones(idx.size)
        total = np.ones(idx.size)
        weighted = np.zeros(idx.size)
        k = 0
        while True:  # ratio z/(x + k) < 1 − 20/√x: geometric, about 2√x terms at most
            k += 1
            term = term * zs / (xs + k)
            total += term
            weighted += k * term
            if not np.any(k * term > 1e-17 * total):
                break
        log_u.flat[idx] = np.log(total)
        log_k.flat[idx] = np.log(weighted)
    return log_u, log_k


def _log_inv_erlang_b(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``log(1 / B(n, a))`` (Erlang B), finite also where B underflows."""
    a, n = np.broadcast_arrays(a, n)
    with np.errstate(divide="ignore", under="ignore"):
        cdf = gammaincc(n + 1.0, a)  # P(X ≤ n), X ~ Poisson(a)
        out = np.log(cdf) - _log_poisson_pmf(n, a)
    out = np.where(n == 0, 0.0, out)
    overload = (cdf < _TINY_CDF) & (n > 0)
    if np.any(overload):
        out = out.copy()
        out[overload] = -np.log(_erlang_b_overload(a[overload], n[overload]))
    return out


def _erlang_a(a, n, aht, patience, target_time, want_asa: bool = True):
    """Erlang A figures for checked, broadcast-compatible arrays (see :func:`erlang_a`)."""
    a, n, aht, patience, target_time = (np.asarray(v, dtype=float) for v in np.broadcast_arrays(
        a, n, aht, patience, target_time))
    busy = a > 0
    safe_a = np.where(busy, a, 1.0)  # no traffic: figures set by convention below
    x = n * patience / aht  # servers' rate ÷ one caller's abandonment rate
    y = safe_a * patience / aht  # arrival rate ÷ abandonment rate
    log_inv_b = _log_inv_erlang_b(safe_a, n)
    log_s, log_k = _log_kummer(x, y)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_s1 = log_s + np.log(-np.expm1(-log_s))  # log(S − 1)
        log_d = np.logaddexp(log_inv_b, log_s1)  # normalisation, in units of π_n
        p_wait = np.exp(log_s - log_d)
        p_abandon = np.exp(log_k - np.log(y) - log_d)
        q = target_time / patience
        log_u1, _ = _log_kummer(x + 1.0, y * np.exp(-q))
        log_late = (np.log(x / (x + 1.0)) - (x + 1.0) * q - y * np.expm1(-q) + log_u1
                    - log_d)  # answered after waiting longer than the target
        late = np.exp(log_late)
    p_wait = np.clip(p_wait, 0.0, 1.0)
    p_abandon = np.clip(p_abandon, 0.0, p_wait)
    sl = np.clip(1.0 - p_abandon - late, 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(n > 0, a * (1.0 - p_abandon) / np.maximum(n, 1.0), 0.0)
    out = {
        "p_wait": np.where(busy, p_wait, 0.0),
        "p_abandon": np.where(busy, p_abandon, 0.0),
        "service_level": np.where(busy, sl, 1.0),
        "occupancy": np.where(busy, np.clip(occ, 0.0, 1.0), 0.0),
        "mean_wait": np.where(busy, p_abandon * patience, 0.0),
    }
    if want_asa:
        asa = _asa_answered(x, y, log_d, busy & (n > 0), patience, n, safe_a)
        out["asa"] = np.where(busy, np.where(n > 0, asa / np.maximum(1.0 - p_abandon, 1e-300),
                                             np.inf), 0.0)
    return out


def _asa_answered(x, y, log_d, use, patience, n, a, block: int = 1024) -> np.ndarray:
    """Mean wait of answered calls × P(answered): ``patience·(n/a)·Σ_{m≥1} π_{n+m} H_m``,
    ``H_m = Σ_{j≤m} 1/(x + j)``, summed in log space in blocks of ``block`` terms."""
    shape = np.shape(use)
    flat = [v.reshape(-1) for v in np.broadcast_arrays(x, y, log_d, use, patience, n, a)]
    x, y, log_d, use, patience, n, a = flat
    out = np.zeros(x.size)
    idx = np.flatnonzero(use)
    if not idx.size:
        return out.reshape(shape)
    xs, ys, lds = x[idx], y[idx], log_d[idx]
    with np.errstate(divide="ignore"):
        geometric = np.where(xs > ys, 80.0 / np.log(np.maximum(xs / ys, 1.0 + 1e-16)), np.inf)
    needed = np.maximum(ys - xs, 0.0) + np.minimum(12.0 * np.sqrt(ys), geometric) + 40.0
    block = int(min(block, np.ceil(needed.max())))
    log_t = np.zeros(idx.size)  # log t_m at the end of the previous block
    harmonic = np.zeros(idx.size)
    total = np.zeros(idx.size)
    start = 1
    active = np.arange(idx.size)
    while active.size:
        m = start + np.arange(block)
        xa, ya = xs[active, None], ys[active, None]
        logs = log_t[active, None] + np.cumsum(np.log(ya) - np.log(xa + m), axis=1)
        h = harmonic[active, None] + np.cumsum(1.0 / (xa + m), axis=1)
        with np.errstate(under="ignore"):
            total[active] += (np.exp(logs - lds[active, None]) * h).sum(axis=1)
        log_t[active], harmonic[active] = logs[:, -1], h[:, -1]
        start += block
        active = active[needed[active] >= start]
    out[idx] = patience[idx] * n[idx] / a[idx] * total
    return out.reshape(shape)


@dataclass(frozen=True, eq=False)
class ErlangA:
    """Erlang A (M/M/n+M) figures, arrays of the broadcast input shape.

    Definitions are in the module docstring ("Abandonment (Erlang A)").
    """

    #: Share of calls that wait at all (all agents busy on arrival). [fraction]
    p_wait: np.ndarray
    #: Share of calls that hang up before being answered. [fraction]
    p_abandon: np.ndarray
    #: Share of all offered calls answered within the target time; abandoned
    #: calls count as not answered within it. [fraction]
    service_level: np.ndarray
    #: Mean wait of the answered calls (inf where no call is answered: no agents). [s]
    asa: np.ndarray
    #: Mean wait of all calls, answered or abandoned: P(abandon) × patience. [s]
    mean_wait: np.ndarray
    #: Carried load per agent, traffic × (1 − P(abandon)) ÷ agents. [fraction]
    occupancy: np.ndarray


def erlang_a(traffic, agents, aht, patience, target_time=20.0) -> ErlangA:
    """Waiting, abandonment and service level with impatient callers (Erlang A).

    M/M/n+M: Poisson arrivals, exponential handle times, exponential patience
    with mean ``patience``. Vectorised over any broadcast shape; stable for
    any load (abandonment keeps the queue finite) and to thousands of agents.
    As ``patience`` grows the figures tend to Erlang C's (:func:`erlang_c`,
    :func:`service_level`, :func:`average_speed_of_answer`).

    Parameters
    ----------
    traffic : array_like
        Offered load, arrival rate × AHT. [Erlangs]
    agents : array_like of whole numbers
        Agents on the phones. [agents]
    aht : array_like
        Average handle time. [s]
    patience : array_like
        Mean time a caller waits before hanging up, > 0. [s]
    target_time : array_like, default 20
        Answer-time target of the service level. [s]

    Examples
    --------
    pyworkforce's worked example (100 calls in 30 min, AHT 3 min, patience
    5 min, 14 agents, 20 s target):

    >>> r = erlang_a(10, 14, aht=180, patience=300, target_time=20)
    >>> round(float(r.p_abandon), 6), round(float(r.service_level), 6)
    (0.013984, 0.916792)
    """
    a = _check_traffic(traffic)
    n = _check_agents(agents)
    h = _check_aht(aht)
    p = _check_patience(patience)
    t = _check_target_time(target_time)
    r = _erlang_a(a, n, h, p, t)
    return ErlangA(**{k: _scalar(np.asarray(v)) for k, v in r.items()})


def agents_needed_a(traffic, aht, patience, target_sl, target_time, max_occupancy=1.0):
    """Fewest agents meeting a service-level target with impatient callers (Erlang A). [agents]

    The smallest whole ``n`` whose Erlang A service level (share of offered
    calls answered within ``target_time``; see :func:`erlang_a`) is at least
    ``target_sl`` and whose occupancy is at most ``max_occupancy``; 0 with no
    traffic. Found by doubling then bisection on all intervals at once (both
    conditions are monotone in ``n``). Abandonment usually lowers the agents
    needed below Erlang C's, but not always: a caller who hangs up within the
    target time counts against the service level.

    >>> int(agents_needed_a(10, aht=180, patience=300, target_sl=0.8, target_time=20))
    13
    """
    a = _check_traffic(traffic)
    h = _check_aht(aht)
    p = _check_patience(patience)
    sl = _check_fraction_open("target_sl", target_sl)
    t = _check_target_time(target_time)
    occ = _check_max_occupancy(max_occupancy)
    a, h, p, sl, t, occ = np.broadcast_arrays(a, h, p, sl, t, occ)
    shape = a.shape
    a, h, p, sl, t, occ = (v.reshape(-1) for v in (a, h, p, sl, t, occ))

    def ok(n, i):
        r = _erlang_a(a[i], n, h[i], p[i], t[i], want_asa=False)
        return (r["service_level"] >= sl[i]) & (r["occupancy"] <= occ[i] * (1 + 1e-12))

    out = np.zeros(a.size)
    idx = np.flatnonzero(a > 0)
    lo = np.zeros(idx.size)  # never enough: no agents answer no call
    hi = np.maximum(np.ceil(a[idx]), 1.0)
    todo = np.arange(idx.size)
    while todo.size:  # double until enough
        good = ok(hi[todo], idx[todo])
        lo[todo[~good]] = hi[todo[~good]]
        hi[todo[~good]] *= 2.0
        todo = todo[~good]
    todo = np.flatnonzero(hi - lo > 1)
    while todo.size:  # bisect: lo never enough, hi enough
        mid = np.floor((lo[todo] + hi[todo]) / 2.0)
        good = ok(mid, idx[todo])
        hi[todo[good]] = mid[good]
        lo[todo[~good]] = mid[~good]
        todo = todo[hi[todo] - lo[todo] > 1]
    out[idx] = hi
    return _scalar(out.reshape(shape).astype(np.int64))


def scheduled_fte(agents, shrinkage):
    """Scheduled FTE to keep ``agents`` on the phones: ``agents / (1 − shrinkage)``. [FTE]

    Shrinkage is the share of paid time not available for contacts (breaks,
    training, meetings, absence). The result is not rounded.

    >>> round(float(scheduled_fte(14, 0.30)), 2)
    20.0
    """
    n = _check("agents", agents, "a number ≥ 0 [agents]", low=0.0)
    s = _check_shrinkage(shrinkage)
    return _scalar(np.asarray(n / (1.0 - s)))


# --------------------------------------------------------------------------- interval staffing

_COLUMNS = ("weekday", "interval_start", "share")
_STARTS = tuple(f"{i // 2:02d}:{30 * (i % 2):02d}" for i in range(48))


class ProfileError(ValueError):
    """An arrival profile that cannot be used: ``str()`` is the English message
    (``week.csv, row 5: share must not be negative (got '-1')``); :meth:`text` says it in
    any language, :meth:`why` without the file's name (the page names the file)."""

    def __init__(self, source: str, reason: Message, rows: tuple[int, ...] = ()):
        self.source, self.reason, self.rows = str(source), reason, tuple(rows)
        super().__init__(self.text())

    def why(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What is wrong and at which rows (CSV lines), in ``lang``."""
        t = translator(lang)
        reason = self.reason.text(lang)
        if not self.rows:
            return reason
        rows = (t("files.profile.row", row=self.rows[0]) if len(self.rows) == 1 else
                t("files.profile.rows", first=self.rows[0], second=self.rows[1]))
        return t("validation.where_what", where=rows, what=reason)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The whole message, the file's name first, in ``lang``."""
        t = translator(lang)
        reason = self.reason.text(lang)
        if not self.rows:
            return t("validation.where_what", where=self.source, what=reason)
        return t("validation.where_join").join([self.source, self.why(lang)])


def _profile_frame(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Check a profile frame; return it sorted Monday 00:00 first. Rows are CSV lines."""
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ProfileError(source, note("files.profile.missing_columns",
                                        missing=", ".join(missing), need=", ".join(_COLUMNS)))
    if len(frame) != INTERVALS_PER_WEEK:
        raise ProfileError(source, note("files.profile.row_count", expected=INTERVALS_PER_WEEK,
                                        found=len(frame)))
    line = np.arange(len(frame)) + 2  # the header is line 1

    def fail(field: str, i: int, why: str):
        cell = frame[field].iloc[i]
        cell = cell.item() if hasattr(cell, "item") else cell  # -1.0, not np.float64(-1.0)
        raise ProfileError(source, note("files.profile.bad_value", field=field,
                                        why=note(why), value=repr(cell)), (int(line[i]),))

    day = pd.to_numeric(frame["weekday"], errors="coerce").to_numpy(float)
    bad = ~np.isin(day, np.arange(7))
    if bad.any():
        fail("weekday", int(np.argmax(bad)), "files.profile.weekday_rule")
    start = frame["interval_start"].astype(str).str.strip()
    bad = ~start.isin(_STARTS).to_numpy()
    if bad.any():
        fail("interval_start", int(np.argmax(bad)), "files.profile.start_rule")
    share = pd.to_numeric(frame["share"], errors="coerce").to_numpy(float)
    bad = ~np.isfinite(share)
    if bad.any():
        fail("share", int(np.argmax(bad)), "files.profile.share_number")
    bad = share < 0
    if bad.any():
        fail("share", int(np.argmax(bad)), "files.profile.share_negative")
    slot = day.astype(int) * 48 + start.map(_STARTS.index).to_numpy()
    first = np.full(INTERVALS_PER_WEEK, -1)
    for i, s in enumerate(slot):  # 336 rows: report the first repeat by its lines
        if first[s] >= 0:
            raise ProfileError(source, note("files.profile.twice", day=int(day[i]),
                                            start=start.iloc[i]),
                               (int(line[first[s]]), int(line[i])))
        first[s] = i
    total = float(share.sum())
    if abs(total - 1.0) > 1e-6:
        raise ProfileError(source, note("files.profile.sum", total=total))
    out = pd.DataFrame({"weekday": day.astype(int), "interval_start": start.to_numpy(),
                        "share": share})
    return out.iloc[np.argsort(slot, kind="stable")].reset_index(drop=True)


def _unreadable(source, exc) -> ProfileError:
    """A file pandas cannot read as CSV; its own (English) words go in English messages only."""
    return ProfileError(source, note("files.profile.unreadable",
                                     detail=Phrase(functools.partial(_reader_words, str(exc)))))


def _reader_words(detail: str, lang: str) -> str:
    return f" ({detail})" if lang == DEFAULT_LANGUAGE else ""


def _profile_bytes(data: bytes, name: str) -> pd.DataFrame:
    """A profile CSV's bytes (UTF-8, with or without BOM) read and checked."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError(name, note("files.profile.not_utf8")) from None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype={"interval_start": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _unreadable(name, exc) from None
    return _profile_frame(frame, name)


def load_profile(path=None, name: str | None = None) -> pd.DataFrame:
    """Read and check a weekly arrival profile. [share of the week's contacts]

    A CSV with columns ``weekday`` (0 = Monday … 6 = Sunday),
    ``interval_start`` ("HH:MM", on the half hour) and ``share`` (of the
    week's contacts arriving in that half-hour): 336 rows, one per half-hour,
    shares ≥ 0 summing to 1 within 1e-6. Errors (:class:`ProfileError`, a
    ValueError) name the file, row (CSV line) and field, in any language.

    Parameters
    ----------
    path : str, Path or bytes, optional
        Defaults to the shipped synthetic profile, :data:`PROFILE_PATH`; bytes are
        a CSV file's content (an upload), named ``name`` in errors.

    Returns
    -------
    pandas.DataFrame
        Columns weekday, interval_start, share; sorted Monday 00:00 first.

    >>> p = load_profile()
    >>> len(p), round(float(p["share"].sum()), 6)
    (336, 1.0)
    """
    if isinstance(path, (bytes, bytearray, memoryview)):  # an upload: ``name`` names it
        return _profile_bytes(bytes(path), name or "upload")
    path = PROFILE_PATH if path is None else Path(path)
    try:
        frame = pd.read_csv(path, dtype={"interval_start": str})
    except FileNotFoundError:
        raise ProfileError(str(path), note("files.profile.no_file")) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _unreadable(str(path), exc) from None
    return _profile_frame(frame, str(path))


@functools.lru_cache(maxsize=1)
def _default_shares() -> np.ndarray:
    shares = load_profile()["share"].to_numpy(float)
    shares.setflags(write=False)
    return shares


def _shares(profile) -> np.ndarray:
    """The 336 shares of ``profile``: None (shipped file), a frame, or an array."""
    if profile is None:
        return _default_shares()
    if isinstance(profile, pd.DataFrame):
        return _profile_frame(profile, "profile")["share"].to_numpy(float)
    shares = _check("profile", profile, "336 shares ≥ 0 of the week's contacts", low=0.0)
    if shares.shape != (INTERVALS_PER_WEEK,):
        raise ValueError(f"profile: expected {INTERVALS_PER_WEEK} shares (7 days × 48 "
                         f"half-hours), got shape {shares.shape}")
    if abs(float(shares.sum()) - 1.0) > 1e-6:
        raise ValueError(f"profile: shares must sum to 1 within 1e-6 "
                         f"(they sum to {float(shares.sum()):.9f})")
    return shares


def _week(annual_contacts, aht_seconds, target_sl, target_time, shrinkage, paid_hours_per_fte,
          profile, max_occupancy, weeks_per_year, fractional=False):
    """Shared core of :func:`interval_staffing` and :func:`required_fte`; with
    ``fractional`` the agents (and hence hours and FTE) are
    :func:`agents_needed_fractional`'s."""
    contacts = _check("annual_contacts", annual_contacts, "a number ≥ 0 [contacts/year]",
                      low=0.0)
    aht = _check_aht(aht_seconds, "aht_seconds")
    sl = _check_fraction_open("target_sl", target_sl)
    t = _check_target_time(target_time)
    s = _check_shrinkage(shrinkage)
    paid = _check("paid_hours_per_fte", paid_hours_per_fte, "a number > 0 [hours/year]",
                  low=0.0, low_open=True)
    occ = _check_max_occupancy(max_occupancy)
    weeks = _check("weeks_per_year", weeks_per_year, "a number > 0 [weeks/year]", low=0.0,
                   low_open=True)
    shares = _shares(profile)
    contacts, aht, sl, t, s, paid, occ, weeks = np.broadcast_arrays(
        contacts, aht, sl, t, s, paid, occ, weeks)

    def col(x):  # scenario axis first, intervals last
        return x[..., None]

    per_interval = col(contacts / weeks) * shares  # [contacts/interval]
    traffic = per_interval * col(aht) / INTERVAL_SECONDS  # [Erlangs]
    agents = _agents_needed(traffic, col(aht), col(sl), col(t), col(occ))
    if fractional:
        agents = _agents_fractional(traffic, col(aht), col(sl), col(t), col(occ), whole=agents)
    agent_hours = agents.sum(axis=-1) * (INTERVAL_SECONDS / 3600.0)  # [agent-hours/week]
    fte = agent_hours / (1.0 - s) / (paid / weeks)
    return per_interval, traffic, agents, agent_hours, fte, (aht, t, s, paid, weeks)


@dataclass(frozen=True, eq=False)
class IntervalStaffing:
    """Staffing of one week, half-hour by half-hour (Erlang C), and its totals.

    Per-interval arrays have 336 entries, Monday 00:00 first.
    """

    #: Day of each interval, 0 = Monday … 6 = Sunday. [–]
    weekday: np.ndarray
    #: Start of each interval, "HH:MM". [–]
    interval_start: np.ndarray
    #: Contacts arriving in each interval: annual contacts ÷ weeks a year × share. [contacts]
    contacts: np.ndarray
    #: Offered load: contacts × AHT ÷ 1,800 s. [Erlangs]
    traffic: np.ndarray
    #: Fewest agents on the phones meeting the target and the occupancy cap. [agents]
    agents: np.ndarray
    #: Share answered within the target time with those agents (1 with no traffic). [fraction]
    service_level: np.ndarray
    #: Traffic ÷ agents (0 with no traffic). [fraction]
    occupancy: np.ndarray
    #: Agent-hours on the phones: Σ agents × 0.5 h. [agent-hours/week]
    agent_hours_per_week: float
    #: Handle time alone, Σ traffic × 0.5 h (no queueing slack). [hours/week]
    workload_hours_per_week: float
    #: Agent-hours ÷ (1 − shrinkage) ÷ (paid hours per FTE ÷ weeks a year). [FTE]
    scheduled_fte: float
    #: Scheduled FTE × loaded cost per FTE; None without a cost. [currency/year]
    cost_per_year: float | None

    @property
    def weekly_service_level(self) -> float:
        """Contact-weighted service level over the week. [fraction]"""
        total = float(self.contacts.sum())
        return float(self.contacts @ self.service_level) / total if total > 0 else 1.0

    def as_frame(self) -> pd.DataFrame:
        """The per-interval figures as a table, one row per half-hour."""
        return pd.DataFrame({
            "weekday": self.weekday, "interval_start": self.interval_start,
            "contacts": self.contacts, "traffic": self.traffic, "agents": self.agents,
            "service_level": self.service_level, "occupancy": self.occupancy,
        })


def interval_staffing(annual_contacts: float, aht_seconds: float, target_sl: float,
                      target_time: float, shrinkage: float, profile=None,
                      max_occupancy: float = 1.0, weeks_per_year: float = WEEKS_PER_YEAR,
                      paid_hours_per_fte: float = 2080.0,
                      loaded_cost_per_fte: float | None = None) -> IntervalStaffing:
    """Staff a typical week interval by interval and total it up (one scenario).

    Annual contacts are spread over a week (÷ ``weeks_per_year``) and over its
    336 half-hours by ``profile``; each half-hour gets the fewest agents that
    meet the service-level target and occupancy cap (:func:`agents_needed`).
    Agent-hours are then scaled up for shrinkage and divided by the paid hours
    of one FTE a week.

    Parameters
    ----------
    annual_contacts : float
        Agent-handled contacts a year. [contacts/year]
    aht_seconds : float
        Average handle time. [s]
    target_sl, target_time : float
        Service-level target: ``target_sl`` answered within ``target_time``
        seconds (0.80 and 20 for "80/20"). [fraction], [s]
    shrinkage : float
        Share of paid time not available for contacts, in [0, 1). [fraction]
    profile : None, DataFrame or array of 336 shares
        Weekly arrival profile; None uses the shipped synthetic one.
    max_occupancy : float, default 1.0 (no cap)
        Cap on traffic ÷ agents in each interval. [fraction]
    weeks_per_year : float, default :data:`WEEKS_PER_YEAR`
        Weeks a year for contacts and paid hours alike. [weeks/year]
    paid_hours_per_fte : float, default 2080 (40 h × 52 weeks)
        Paid hours of one full-time agent a year. [hours/year]
    loaded_cost_per_fte : float, optional
        Fully loaded cost of one FTE a year; gives :attr:`cost_per_year`.
        [currency/year]

    Examples
    --------
    >>> w = interval_staffing(1_000_000, 381, 0.80, 20, 0.30, max_occupancy=0.85)
    >>> round(w.scheduled_fte), bool(w.service_level.min() >= 0.80)
    (94, True)
    """
    per_interval, traffic, agents, agent_hours, fte, (aht, t, s, paid, weeks) = _week(
        annual_contacts, aht_seconds, target_sl, target_time, shrinkage, paid_hours_per_fte,
        profile, max_occupancy, weeks_per_year)
    if traffic.ndim != 1:
        raise ValueError("interval_staffing: one scenario at a time (scalar inputs); "
                         "use required_fte for many")
    cost = None
    if loaded_cost_per_fte is not None:
        cost_fte = float(_check("loaded_cost_per_fte", loaded_cost_per_fte,
                                "a number ≥ 0 [currency/year]", low=0.0))
        cost = float(fte) * cost_fte
    frame = load_profile() if profile is None else None
    if isinstance(profile, pd.DataFrame):
        frame = _profile_frame(profile, "profile")
    if frame is None:  # bare shares: label the intervals in the standard order
        weekday = np.repeat(np.arange(7), 48)
        starts = np.array(_STARTS * 7)
    else:
        weekday = frame["weekday"].to_numpy()
        starts = frame["interval_start"].to_numpy()
    return IntervalStaffing(
        weekday=weekday, interval_start=starts, contacts=per_interval, traffic=traffic,
        agents=agents, service_level=_service_level(traffic, agents, aht, t),
        occupancy=np.where(agents > 0, traffic / np.maximum(agents, 1), 0.0),
        agent_hours_per_week=float(agent_hours),
        workload_hours_per_week=float(traffic.sum() * INTERVAL_SECONDS / 3600.0),
        scheduled_fte=float(fte), cost_per_year=cost,
    )


def required_fte(annual_contacts, aht_seconds, target_sl, target_time, shrinkage,
                 paid_hours_per_fte, profile=None, max_occupancy=1.0,
                 weeks_per_year=WEEKS_PER_YEAR, fractional=False):
    """Scheduled FTE for many scenarios at once (interval Erlang C staffing). [FTE]

    The same figure as :attr:`IntervalStaffing.scheduled_fte`, for arrays of
    scenarios: every argument but ``profile`` may be an array (shape (k,) or
    anything that broadcasts); all scenarios share one weekly profile. Returns
    an array of the broadcast shape (a numpy float for scalars).

    Parameters are as for :func:`interval_staffing`. With ``fractional`` each
    half-hour counts :func:`agents_needed_fractional` agents instead of whole
    ones: a figure for *valuing* staffing changes, continuous and monotone in
    every input (whole agents jump by one at thresholds, so money computed
    from them moves up and down with the service-level target); schedules
    need the whole agents of the default.

    >>> fte = required_fte([1e6, 2e6], 381, 0.80, 20, 0.30, 2080.0, max_occupancy=0.85)
    >>> [round(x) for x in fte]
    [94, 179]
    >>> frac = required_fte(1e6, 381, 0.80, 20, 0.30, 2080.0, max_occupancy=0.85, fractional=True)
    >>> bool(85 < frac < fte[0])
    True
    """
    return _scalar(np.asarray(_week(annual_contacts, aht_seconds, target_sl, target_time,
                                    shrinkage, paid_hours_per_fte, profile, max_occupancy,
                                    weeks_per_year, fractional=fractional)[4]))
