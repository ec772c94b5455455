"""Write ``arrival_profile_weekly.csv``: a synthetic weekly arrival profile.

The profile gives, for each of the 7 × 48 half-hours of a week, the share of
the week's contacts that arrive in it. It is made from a formula, not from
data, and involves no randomness: running this script again writes the same
file byte for byte (tests/test_queueing.py checks that).

Shape encoded (typical of a consumer customer-service contact centre):

* Day totals: Monday is the busiest day (the weekend's backlog), volumes
  ease through the week; Saturday and Sunday are much lower.
* Weekdays: a low night floor, a ramp from about 07:30, the main peak at
  about 10:00–11:00, a dip at lunch, a smaller afternoon peak at about
  14:00–15:00, then a decline into the evening.
* Weekends: a later, flatter morning peak, a weak afternoon and an earlier
  close.

Run: python data/make_arrival_profile.py (writes this folder's copy and the one the
package ships, ``supportroi/data/arrival_profile_weekly.csv``)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().with_name("arrival_profile_weekly.csv")
#: The copy the package ships (``supportroi.queueing.PROFILE_PATH``): the same bytes.
PACKAGE_COPY = Path(__file__).resolve().parents[1] / "supportroi" / "data" / OUT.name

#: Share of the week's contacts by day, Monday … Sunday (sums to 1).
DAY_SHARES = (0.185, 0.165, 0.160, 0.155, 0.145, 0.110, 0.080)

#: Intraday shape parameters: (opens, closes) [hour of day] of the staffed
#: window, the level inside it, and two peaks (centre [h], width [h],
#: height), all relative to the night floor of NIGHT.
NIGHT = 0.02
WEEKDAY = dict(opens=7.5, closes=20.5, level=0.30, peaks=((10.5, 1.3, 1.00), (14.5, 1.5, 0.60)))
WEEKEND = dict(opens=8.5, closes=18.5, level=0.25, peaks=((11.25, 1.6, 0.75), (14.75, 1.4, 0.35)))

DIGITS = 10  # decimals written; rounding moves the total by < 336 × 5e-11


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def intraday_shape(opens, closes, level, peaks) -> np.ndarray:
    """Relative arrival rate in the 48 half-hours of one day (not normalised)."""
    mid = np.arange(48) / 2 + 0.25  # mid-point of each half-hour [h]
    window = _logistic((mid - opens) / 0.5) * _logistic((closes - mid) / 0.6)
    bumps = sum(height * np.exp(-0.5 * ((mid - centre) / width) ** 2)
                for centre, width, height in peaks)
    return NIGHT + window * (level + bumps)


def make_profile() -> pd.DataFrame:
    """The profile as a frame: weekday (0 = Monday), interval_start "HH:MM", share."""
    rows = []
    for day, day_share in enumerate(DAY_SHARES):
        shape = intraday_shape(**(WEEKDAY if day < 5 else WEEKEND))
        shares = day_share * shape / shape.sum()
        for i, share in enumerate(shares):
            rows.append((day, f"{i // 2:02d}:{30 * (i % 2):02d}", round(float(share), DIGITS)))
    frame = pd.DataFrame(rows, columns=["weekday", "interval_start", "share"])
    assert abs(frame["share"].sum() - 1.0) < 1e-6
    return frame


def write(path: Path = OUT) -> Path:
    """Write the profile CSV to ``path`` and return it."""
    make_profile().to_csv(path, index=False, float_format=f"%.{DIGITS}f", lineterminator="\n")
    return path


if __name__ == "__main__":
    for target in (OUT, PACKAGE_COPY):
        print(f"wrote {write(target)}")
