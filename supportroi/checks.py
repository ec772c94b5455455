"""Argument checks shared by the numeric modules, with one message style:
``name: must be … (got …)``."""

from __future__ import annotations

import numpy as np

__all__ = ["finite_array"]


def finite_array(name: str, value, what: str) -> np.ndarray:
    """``value`` as a float array, or a ValueError naming ``name`` and saying
    what it must be (``what``, e.g. "a number ≥ 0 [seconds]").

    >>> finite_array("aht", [180, 240], "a number > 0 [seconds]")
    array([180., 240.])
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be {what} (got {value!r})") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: must be {what} (got a NaN or infinite value)")
    return arr
