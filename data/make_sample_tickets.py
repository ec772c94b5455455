"""Write a synthetic helpdesk ticket export for trying :mod:`supportroi.baseline`.

Every value is made up by a seeded random generator: no client data. The
export looks like a helpdesk CSV export (Zendesk-style headers, wall-clock
times in Europe/Berlin without an offset, handle time as ``HH:MM:SS``) and
holds a handful of deliberate defects of every class that
:func:`supportroi.baseline.read_export` rejects. How it is made and what it
contains: ``data/README_sample_tickets.md``.

Run::

    python data/make_sample_tickets.py                       # data/sample_tickets.csv
    python data/make_sample_tickets.py --rows 1000000 --out /tmp/big.csv

:func:`make_tickets` returns the export and the list of its deliberate
defects (file row, field, reason), which the tests compare with what the
reader rejects.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

#: Where the shipped sample lives.
SAMPLE_PATH = Path(__file__).resolve().parent / "sample_tickets.csv"
#: Rows in the shipped sample (data rows, defects included; the blank line is not a row).
SAMPLE_ROWS = 52_000
#: Seed of the shipped sample.
SAMPLE_SEED = 20240101
#: Year the export covers (wall-clock times in this time zone, no offset written).
YEAR = 2024
TIMEZONE = "Europe/Berlin"

COLUMNS = ["Ticket ID", "Created at", "Solved at", "Channel", "Handle time", "Reopens",
           "Satisfaction score", "NPS score", "Effort score (CES)", "Assignee", "Requester ID",
           "Priority", "Status"]

CHANNELS = ("phone", "chat", "email", "self_service")
#: Share of new issues by channel (before repeat contacts).
ISSUE_SHARES = {"phone": 0.38, "chat": 0.26, "email": 0.24, "self_service": 0.12}
#: Labels written in the "Channel" column, with their frequency within the channel.
LABELS = {"phone": (("Phone", "Voice"), (0.85, 0.15)),
          "chat": (("Chat", "WhatsApp", "Messaging"), (0.75, 0.15, 0.10)),
          "email": (("Email", "Web form"), (0.7, 0.3)),
          "self_service": (("Help Center", "Answer Bot"), (0.6, 0.4))}
#: Share of issues not resolved by their first contact, by channel.
UNRESOLVED = {"phone": 0.25, "chat": 0.28, "email": 0.33, "self_service": 0.45}
#: Handle time: lognormal median [s] and sigma, by agent channel (self-service has none).
HANDLE = {"phone": (330.0, 0.55), "chat": (480.0, 0.60), "email": (360.0, 0.70)}
#: Time to resolution: lognormal median [h] and sigma, by channel.
RESOLUTION = {"phone": (0.25, 1.6), "chat": (0.4, 1.5), "email": (9.0, 1.1),
              "self_service": (0.05, 1.0)}
WEEKDAY = np.array([1.25, 1.12, 1.05, 1.0, 0.92, 0.45, 0.30])  # Monday … Sunday
N_AGENTS = 64


def _hour_profile(hours: np.ndarray) -> np.ndarray:
    """Contacts by hour of day: morning and afternoon peaks, a small evening one."""
    h = hours + 0.5
    return (np.exp(-((h - 10.5) / 2.5) ** 2) + 0.85 * np.exp(-((h - 14.5) / 2.8) ** 2)
            + 0.25 * np.exp(-((h - 20.0) / 2.5) ** 2) + 0.02)


def _hourly_weights(channel: str) -> tuple[np.ndarray, np.ndarray]:
    """Start of every hour of the year and the relative contact rate in it."""
    start = np.datetime64(f"{YEAR}-01-01T00")
    hours = np.arange(start, np.datetime64(f"{YEAR + 1}-01-01T00"), np.timedelta64(1, "h"))
    hod = (hours - hours.astype("datetime64[D]")).astype(int)
    weekday = (hours.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 1970-01-01: Thursday
    doy = (hours.astype("datetime64[D]") - start.astype("datetime64[D]")).astype(int)
    season = (1 + 0.12 * np.cos(2 * np.pi * (doy - 20) / 366)
              + 0.25 * np.exp(-((doy - 335) / 12.0) ** 2)   # December peak
              + 0.08 * doy / 366)                            # growth over the year
    w = season * WEEKDAY[weekday] * _hour_profile(hod)
    if channel == "phone":  # open Mon–Fri 8–20, Sat 9–14
        open_ = ((weekday < 5) & (hod >= 8) & (hod < 20)) | ((weekday == 5) & (hod >= 9)
                                                              & (hod < 14))
        w = np.where(open_, w, 0.0)
    elif channel == "chat":  # staffed 8–22 every day
        w = np.where((hod >= 8) & (hod < 22), w, 0.0)
    elif channel == "self_service":  # evenings matter more
        w = w * (1 + 0.8 * ((hod >= 18) | (hod < 7)))
    return hours, w / w.sum()


def _phone_hours(t: np.ndarray, rng) -> np.ndarray:
    """Move phone repeat contacts outside opening hours to the next morning."""
    day = t.astype("datetime64[D]")
    hod = (t - day).astype("timedelta64[s]").astype(np.int64) / 3600
    weekday = (day.astype(np.int64) + 3) % 7
    shift_days = np.where(hod >= 20, 1, 0)
    shift_days = shift_days + np.where((weekday + shift_days) % 7 == 6, 1, 0)  # Sunday → Monday
    late = (hod >= 20) | (hod < 8) | (weekday == 6)
    morning = (day + shift_days.astype("timedelta64[D]")).astype("datetime64[s]") + (
        (8 * 3600 + rng.integers(0, 3 * 3600, t.size)).astype("timedelta64[s]"))
    return np.where(late, morning, t)


def _contacts(n: int, rng) -> pd.DataFrame:
    """Issues and their repeat contacts: created, channel, customer, repeat flag."""
    unresolved_mean = sum(ISSUE_SHARES[c] * UNRESOLVED[c] for c in CHANNELS)
    per_issue = 1 + unresolved_mean * 1.3
    n_issues = int(np.ceil(n * 1.04 / per_issue))
    chan = rng.choice(len(CHANNELS), size=n_issues, p=[ISSUE_SHARES[c] for c in CHANNELS])
    created = np.empty(n_issues, dtype="datetime64[s]")
    for i, c in enumerate(CHANNELS):
        idx = np.flatnonzero(chan == i)
        hours, p = _hourly_weights(c)
        pick = hours[rng.choice(hours.size, size=idx.size, p=p)]
        created[idx] = pick.astype("datetime64[s]") + rng.integers(0, 3600, idx.size).astype(
            "timedelta64[s]")
    pool = max(1000, int(n * 0.45))
    weight = 1.0 / np.arange(1, pool + 1) ** 0.6
    customer = rng.choice(pool, size=n_issues, p=weight / weight.sum())
    customer = rng.permutation(pool)[customer]  # ids not ordered by activity
    unresolved = rng.random(n_issues) < np.array([UNRESOLVED[c] for c in CHANNELS])[chan]
    repeats = np.where(unresolved, 1 + rng.poisson(0.3, n_issues), 0)

    # Repeat contacts follow their issue after exponential gaps (mean 1.2 days).
    issue = np.repeat(np.arange(n_issues), repeats)
    gaps = (600 + rng.exponential(1.2 * 86400, issue.size)).astype(np.int64)
    csum = np.cumsum(gaps)
    start = np.repeat(np.cumsum(repeats) - repeats, repeats)  # first repeat of each issue
    offset = csum - np.where(start > 0, csum[start - 1], 0)  # cumulative gap within the issue
    rep_created = created[issue] + offset.astype("timedelta64[s]")
    first_chan = chan[issue]
    same = rng.random(issue.size) < 0.65
    hop = rng.choice(3, size=issue.size, p=[0.5, 0.3, 0.2])  # phone, chat, email
    rep_chan = np.where(same & (first_chan != 3), first_chan, hop)
    is_phone = rep_chan == 0
    rep_created[is_phone] = _phone_hours(rep_created[is_phone], rng)

    frame = pd.DataFrame({
        "created": np.concatenate([created, rep_created]),
        "channel": np.concatenate([chan, rep_chan]),
        "customer": np.concatenate([customer, customer[issue]]),
        "unresolved": np.concatenate([unresolved, np.zeros(issue.size, bool)]),
        "repeat": np.concatenate([np.zeros(n_issues, bool), np.ones(issue.size, bool)]),
    })
    frame = frame[frame["created"] < np.datetime64(f"{YEAR + 1}-01-01T00:00:00")]
    if len(frame) < n:  # pragma: no cover - the 4 % margin covers the year-end cut
        raise RuntimeError(f"generated {len(frame)} contacts, fewer than {n}")
    keep = np.sort(rng.choice(len(frame), size=n, replace=False))
    frame = frame.iloc[keep].sort_values("created", kind="stable").reset_index(drop=True)
    return frame


def _fmt_times(t: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD HH:MM:SS`` text; NaT → empty."""
    out = np.char.replace(np.datetime_as_string(t.astype("datetime64[s]"), unit="s"), "T", " ")
    return np.where(np.isnat(t), "", out).astype(object)


def _fmt_durations(seconds: np.ndarray) -> np.ndarray:
    """``HH:MM:SS`` text for durations under a day; NaN → empty."""
    ok = ~np.isnan(seconds)
    s = np.where(ok, seconds, 0).astype(np.int64).astype("timedelta64[s]")
    text = np.datetime_as_string(np.datetime64("2000-01-01T00:00:00") + s, unit="s")
    hms = np.ascontiguousarray(text.astype("U19").view("U1").reshape(-1, 19)[:, 11:19])
    return np.where(ok, hms.view("U8").ravel(), "").astype(object)


def _scores(rng, n, answered, p, low):
    values = (low + rng.choice(len(p), size=n, p=p)).astype(object)
    return np.where(answered, values, "").astype(object)


def make_tickets(n: int = SAMPLE_ROWS, seed: int = SAMPLE_SEED) -> tuple[str, pd.DataFrame]:
    """A synthetic export as CSV text, and its deliberate defects.

    Returns ``(csv_text, defects)``: ``defects`` has one line per deliberate
    problem with the file ``row`` (header = row 1), the canonical ``field``
    and the ``reason`` code :func:`supportroi.baseline.read_export` gives.
    ``n`` counts data rows including the defective ones (the one blank line
    is extra).
    """
    if n < 2000:
        raise ValueError("n must be at least 2,000 rows")
    rng = np.random.default_rng(seed)
    f = _contacts(n, rng)
    chan = f["channel"].to_numpy()
    created = f["created"].to_numpy().astype("datetime64[s]")
    unresolved = f["unresolved"].to_numpy()
    repeat = f["repeat"].to_numpy()

    handle = np.full(n, np.nan)
    resolve_h = np.empty(n)
    for i, c in enumerate(CHANNELS):
        idx = np.flatnonzero(chan == i)
        med, sig = RESOLUTION[c]
        resolve_h[idx] = med * np.exp(sig * rng.standard_normal(idx.size))
        if c in HANDLE:
            med, sig = HANDLE[c]
            handle[idx] = np.clip(np.round(med * np.exp(sig * rng.standard_normal(idx.size))
                                           * np.where(repeat[idx], 1.15, 1.0)), 20, 3 * 3600)
    resolve_s = np.clip(resolve_h * 3600, np.nan_to_num(handle, nan=30.0) + 30, 60 * 86400)
    resolved = created + resolve_s.astype(np.int64).astype("timedelta64[s]")
    end = np.datetime64(f"{YEAR + 1}-01-01T00:00:00")
    still_open = (resolved >= end) | (rng.random(n) < 0.005)
    resolved = np.where(still_open, np.datetime64("NaT"), resolved)

    p_reopen = np.where(unresolved, 0.25, 0.05)
    reopens = np.where(rng.random(n) < p_reopen, 1 + rng.poisson(0.2, n), 0)
    reopens = np.where(chan == 3, 0, reopens)
    done = ~still_open
    csat_p = np.where(unresolved[:, None], [0.15, 0.12, 0.20, 0.28, 0.25],
                      [0.04, 0.04, 0.10, 0.30, 0.52])
    cum = csat_p.cumsum(axis=1)
    csat_values = 1 + (rng.random(n)[:, None] > cum).sum(axis=1)
    csat = np.where(done & (rng.random(n) < 0.14), csat_values.astype(object), "")
    nps = _scores(rng, n, done & (rng.random(n) < 0.07),
                  [0.03, 0.02, 0.03, 0.03, 0.04, 0.06, 0.07, 0.12, 0.16, 0.20, 0.24], 0)
    ces = _scores(rng, n, done & (rng.random(n) < 0.06),
                  [0.03, 0.04, 0.07, 0.12, 0.22, 0.28, 0.24], 1)

    labels = np.empty(n, dtype=object)
    for i, c in enumerate(CHANNELS):
        idx = np.flatnonzero(chan == i)
        names, p = LABELS[c]
        labels[idx] = np.asarray(names, dtype=object)[rng.choice(len(names), idx.size, p=p)]
    agents = np.array([f"agent_{i:03d}" for i in range(1, N_AGENTS + 1)], dtype=object)
    agent = np.where(chan == 3, "", agents[rng.integers(0, N_AGENTS, n)])
    priority = np.asarray(["low", "normal", "high", "urgent"], dtype=object)[
        rng.choice(4, n, p=[0.2, 0.6, 0.15, 0.05])]
    status = np.where(still_open, np.where(rng.random(n) < 0.5, "open", "pending"),
                      np.where(rng.random(n) < 0.7, "closed", "solved")).astype(object)
    customer = np.char.add("C", np.char.zfill(f["customer"].to_numpy().astype(str), 7))

    out = pd.DataFrame({
        "Ticket ID": (100_001 + np.arange(n)).astype(object),
        "Created at": _fmt_times(created),
        "Solved at": _fmt_times(resolved),
        "Channel": labels,
        "Handle time": _fmt_durations(handle),
        "Reopens": reopens.astype(object),
        "Satisfaction score": csat,
        "NPS score": nps,
        "Effort score (CES)": ces,
        "Assignee": agent,
        "Requester ID": customer.astype(object),
        "Priority": priority,
        "Status": status,
    }, columns=COLUMNS)
    out, defects, blank_before, malformed = _inject_defects(out, rng)

    lines = out.to_csv(index=False, lineterminator="\n").split("\n")
    for i in malformed:  # an unquoted comma in a free-text field: one field too many
        lines[i + 1] += ",see note"
    lines.insert(blank_before + 1, "")  # one blank line (not a row of data, not a rejection)

    def row(i):
        return i + 2 + (1 if i >= blank_before else 0)

    defects = pd.DataFrame(defects, columns=["index", "field", "reason"])
    defects.insert(0, "row", defects.pop("index").map(row))
    defects = defects.sort_values(["row", "field", "reason"], ignore_index=True)
    return "\n".join(lines), defects


def _inject_defects(out: pd.DataFrame, rng):
    """Overwrite a handful of rows with each class of defect."""
    n = len(out)
    # Rows far from the start and end, none used twice (except the multi-problem rows).
    rows = rng.choice(np.arange(50, n - 50), size=60, replace=False)
    it = iter(rows.tolist())
    defects = []

    def put(col, field, reason, value, i=None):
        i = next(it) if i is None else i
        out.loc[i, col] = value
        defects.append((i, field, reason))
        return i

    for v in ("", "", ""):
        put("Created at", "created", "date_missing", v)
    for v in ("2024-02-30 10:15:00", "not recorded", "32/13/2024 10:00"):
        put("Created at", "created", "date_unparseable", v)
    for v in ("2024-13-01 09:00:00", "soon"):
        put("Solved at", "resolved", "date_unparseable", v)
    put("Created at", "created", "date_out_of_range", "1900-01-01 00:00:00")
    put("Solved at", "resolved", "date_out_of_range", "2199-12-31 23:59:59")
    for hours in (2, 30, 400, 5):
        i = next(it)
        created = pd.Timestamp(out.loc[i, "Created at"])
        put("Solved at", "resolved", "resolved_before_created",
            (created - pd.Timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S"), i)
    for v in ("-00:03:10", "-45", "-01:00:00"):
        put("Handle time", "handle_time", "duration_negative", v)
    for v in ("26:40:00", "11:00:00", "99:59:59"):
        put("Handle time", "handle_time", "duration_too_long", v)
    for v in ("approx 5 min", "??:??", "n.a"):
        put("Handle time", "handle_time", "duration_unparseable", v)
    for v in ("6", "0", "4.5", "great!"):
        put("Satisfaction score", "csat", "score_off_scale", v)
    for v in ("11", "-1", "85"):
        put("NPS score", "nps", "score_off_scale", v)
    for v in ("8", "0", "10"):
        put("Effort score (CES)", "ces", "score_off_scale", v)
    for v in ("Fax", "Carrier pigeon", "", "Walk-in"):
        put("Channel", "channel", "channel_unknown", v)
    for v in ("-1", "1.5", "several"):
        put("Reopens", "reopens", "reopens_invalid", v)
    for _ in range(3):
        i = next(it)
        src = int(rng.choice(np.setdiff1d(np.arange(i), rows)))
        put("Ticket ID", "ticket_id", "duplicate_id", out.loc[src, "Ticket ID"], i)
    # Rows with several problems: every one is reported.
    i = put("Channel", "channel", "channel_unknown", "Fax")
    put("Satisfaction score", "csat", "score_off_scale", "7", i)
    i = put("Handle time", "handle_time", "duration_negative", "-00:01:00")
    created = pd.Timestamp(out.loc[i, "Created at"])
    put("Solved at", "resolved", "resolved_before_created",
        (created - pd.Timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S"), i)
    put("NPS score", "nps", "score_off_scale", "12", i)
    i = put("Created at", "created", "date_unparseable", "garbage")
    put("Effort score (CES)", "ces", "score_off_scale", "9", i)
    put("Reopens", "reopens", "reopens_invalid", "-2", i)

    malformed = [next(it), next(it)]
    for i in malformed:
        defects.append((i, "", "malformed_line"))
    # Rows of a malformed line are not parsed: only malformed_line is reported for them.
    blank_before = int(next(it))
    return out, defects, blank_before, malformed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=SAMPLE_ROWS, help="data rows to write")
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=SAMPLE_PATH, help="output .csv or .csv.gz")
    args = parser.parse_args(argv)
    text, defects = make_tickets(args.rows, args.seed)
    data = text.encode("utf-8")
    if args.out.suffix == ".gz":
        import gzip
        data = gzip.compress(data, mtime=0)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({args.rows:,} rows, {len(defects)} deliberate defects, "
          f"{len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
