"""Customer-experience metrics: NPS, CSAT and CES.

Each takes survey answers (any sequence or array of numbers) and refuses
answers off the scale instead of dropping them; missing answers (NaN or None)
are ignored, as unanswered surveys are.
"""

from __future__ import annotations

import numpy as np

__all__ = ["nps", "csat", "ces"]


def _scores(scores, name: str, low: int, high: int) -> np.ndarray:
    if isinstance(scores, np.ndarray) and scores.dtype.kind in "fiu":  # checked at once
        values = scores.astype(float).ravel()
        values = values[~np.isnan(values)]
        if values.size and np.all((values == np.floor(values)) & (values >= low)
                                  & (values <= high)):
            return values
    arr = np.asarray(scores, dtype=object).ravel()
    present = np.array([x is not None and not (isinstance(x, float) and np.isnan(x))
                        for x in arr], dtype=bool)
    values = arr[present]
    bad = [i for i, x in zip(np.flatnonzero(present), values)
           if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating))
           or not float(x).is_integer() or not (low <= x <= high)]
    if bad:
        shown = ", ".join(f"#{i}: {arr[i]!r}" for i in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ValueError(f"{name}: scores must be whole numbers from {low} to {high}; "
                         f"off the scale: {shown}{more}")
    if values.size == 0:
        raise ValueError(f"{name}: no scores to compute from")
    return values.astype(float)


def nps(scores) -> float:
    """Net Promoter Score: % promoters (9–10) − % detractors (0–6), from −100 to 100.

    >>> round(nps([10] * 75 + [8] * 5 + [3] * 20), 6)
    55.0
    """
    s = _scores(scores, "NPS", 0, 10)
    return float(100.0 * (np.mean(s >= 9) - np.mean(s <= 6)))


def csat(scores) -> float:
    """Customer satisfaction: share of 4 and 5 answers on a 1–5 scale, in %.

    >>> csat([5, 4, 3, 2])
    50.0
    """
    s = _scores(scores, "CSAT", 1, 5)
    return float(100.0 * np.mean(s >= 4))


def ces(scores) -> float:
    """Customer effort score: mean answer on a 1–7 scale (7 = very easy).

    >>> ces([7, 6, 5])
    6.0
    """
    return float(np.mean(_scores(scores, "CES", 1, 7)))
