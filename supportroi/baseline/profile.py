"""The weekly arrival profile of an export, in the format of ``data/arrival_profile_weekly.csv``
(:func:`supportroi.queueing.load_profile` reads it) for Erlang staffing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .fields import CHANNELS, BaselineError
from .messages import Message
from .rows import TicketExport

__all__ = ["arrival_profile", "arrival_profile_csv", "write_arrival_profile"]

#: Half-hours in a week (7 days × 48).
INTERVALS = 7 * 48
#: Fewest contacts a profile is made from: fewer leave most half-hours empty by chance.
MIN_CONTACTS = 1000


def arrival_profile(export: TicketExport, channel: str | None = "phone") -> pd.DataFrame:
    """Share of the week's contacts arriving in each half-hour (weekday 0 = Monday).

    Columns ``weekday``, ``interval_start`` ("HH:MM") and ``share`` (sums to 1), 336
    rows, Monday 00:00 first: the format of ``data/arrival_profile_weekly.csv``. Counts
    use creation times in the export's time zone, over every week of the export;
    ``channel`` (default phone, the channel Erlang staffs; None: all) selects the rows.
    Raises :class:`BaselineError` with fewer than :data:`MIN_CONTACTS` contacts.

    >>> from supportroi.baseline import read_export
    >>> rows = "".join(f"2024-01-0{1 + i % 7} 09:{i % 60:02d},phone\\n" for i in range(1400))
    >>> p = arrival_profile(read_export(("Created,Channel\\n" + rows).encode(), "t.csv"))
    >>> len(p), round(float(p["share"].sum()), 9), p.loc[p["share"].idxmax(), "interval_start"]
    (336, 1.0, '09:00')
    """
    t = export.tickets
    if channel is not None:
        if channel not in CHANNELS:
            raise ValueError(f"channel must be one of {', '.join(CHANNELS)} or None")
        t = t[t["channel"] == channel]
    what = f"{channel} contacts" if channel else "contacts"
    if len(t) < MIN_CONTACTS:
        raise BaselineError(export.source, [Message(
            "baseline.read.few_for_profile", f"only {len(t):,} {what}: an arrival profile "
            f"needs at least {MIN_CONTACTS:,}, or most half-hours are empty by chance; keep "
            "the shipped profile", n=len(t), channel=channel or "", least=MIN_CONTACTS)])
    local = t["created"].dt.tz_localize(None).dt.as_unit("us").to_numpy()
    day = local.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    half = ((local - day) // np.timedelta64(30, "m")).astype(np.int64)
    counts = np.bincount(weekday * 48 + half, minlength=INTERVALS).astype(float)
    starts = [f"{i // 2:02d}:{30 * (i % 2):02d}" for i in range(48)]
    return pd.DataFrame({"weekday": np.repeat(np.arange(7), 48),
                         "interval_start": starts * 7,
                         "share": counts / counts.sum()})


def arrival_profile_csv(export: TicketExport, channel: str | None = "phone") -> bytes:
    """:func:`arrival_profile` as the bytes of a UTF-8 CSV that
    :func:`supportroi.queueing.load_profile` reads (the staffing app's upload)."""
    return arrival_profile(export, channel).to_csv(index=False, float_format="%.10f").encode()


def write_arrival_profile(export: TicketExport, path, channel: str | None = "phone") -> Path:
    """Write :func:`arrival_profile_csv` to ``path``; returns the path."""
    path = Path(path)
    path.write_bytes(arrival_profile_csv(export, channel))
    return path
