"""KPIs of the valid rows of an export (:func:`compute_kpis` → :class:`BaselineKPIs`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..metrics import ces as _ces
from ..metrics import csat as _csat
from ..metrics import nps as _nps
from ..scenarios import Scenario
from .fields import _WEEKDAYS, CHANNELS, DEFAULT_REPEAT_WINDOW_DAYS, BaselineError
from .messages import Message
from .rows import TicketExport


@dataclass(frozen=True, eq=False)
class BaselineKPIs:
    """Operational KPIs of an export (:func:`compute_kpis`). None: not measurable from it."""

    #: File the KPIs come from.
    source: str
    #: Time zone of every count by weekday, hour or month.
    timezone: str
    #: Valid contacts (rows) in the export. [contacts]
    n_contacts: int
    #: First and last creation time. [date-time in ``timezone``]
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    #: Calendar days from the first contact's day to the last's, both included. [days]
    covered_days: int
    #: Contacts by weekday (rows Monday…Sunday) and hour of creation (columns 0…23),
    #: summed over the period. [contacts]
    by_weekday_hour: pd.DataFrame
    #: Contacts by calendar month of creation (monthly PeriodIndex; one column per
    #: channel and ``total``). [contacts]
    by_month: pd.DataFrame
    #: Contacts by channel (all of :data:`CHANNELS`). [contacts]
    by_channel: pd.Series
    #: Share of contacts by channel. [fraction, sums to 1]
    channel_shares: pd.Series
    #: Average handle time by channel (NaN where no handle times). [minutes]
    aht_min: pd.Series
    #: Contacts with a handle time, by channel. [contacts]
    aht_n: pd.Series
    #: First-contact resolution used for the scenario (``fcr_method``). [fraction]
    fcr: float | None
    #: "repeat" (repeat contacts by customer), "reopens" (reopen counts) or None.
    fcr_method: str | None
    #: Share of issues whose first contact is not followed by another contact from the
    #: same customer within ``repeat_window_days``. [fraction]
    fcr_repeat: float | None
    #: Share of tickets never reopened. [fraction]
    fcr_reopens: float | None
    #: Share of tickets reopened at least once (1 − ``fcr_reopens``). [fraction]
    reopen_rate: float | None
    #: Repeat contacts per issue not resolved at the first contact, by the method of
    #: ``fcr`` (repeat contacts, or reopens per reopened ticket). [contacts]
    repeat_contacts_per_unresolved: float | None
    #: Share of contacts that repeat an issue (follow a contact from the same customer
    #: within the window). [fraction]
    repeat_contact_rate: float | None
    #: Contacts after a customer's first in the period, per customer. [contacts]
    repeat_contacts_per_customer: float | None
    #: Distinct customers. [customers]
    n_customers: int | None
    #: The repeat window. [days]
    repeat_window_days: int
    #: Median and 90th percentile of created → resolved, resolved tickets only. [hours]
    ttr_median_h: float | None
    ttr_p90_h: float | None
    #: Time to resolution by month of creation: ``resolved`` [tickets], ``median_h`` and
    #: ``p90_h`` [hours]. Recent months look faster while slow tickets are still open.
    ttr_monthly: pd.DataFrame
    #: Tickets without a resolution time. [tickets]
    n_open: int
    #: Share of satisfied (4–5) answers [%], NPS [−100…100], mean effort [1–7] (see
    #: :mod:`supportroi.metrics`), and the number of answers of each.
    csat: float | None
    nps: float | None
    ces: float | None
    csat_n: int
    nps_n: int
    ces_n: int
    #: Caveats for the reader (from the export and from the KPIs).
    notes: tuple
    #: Calls: offered (rows of a call log), answered and abandoned; None for a ticket export
    #: (no outcome or wait-time column). [calls]
    offered: int | None = None
    answered: int | None = None
    abandoned: int | None = None
    #: Abandoned ÷ offered. [fraction]
    abandonment_rate: float | None = None
    #: Mean and 90th percentile of the wait of every offered call with one. [s]
    wait_mean_s: float | None = None
    wait_p90_s: float | None = None
    #: Average speed of answer: mean wait of answered calls. [s]
    asa_s: float | None = None
    #: Calls answered within ``service_level_s`` ÷ calls offered. [fraction]
    service_level: float | None = None
    service_level_s: float = 20.0
    #: Mean caller patience, the Erlang A estimate: mean wait ÷ abandonment rate
    #: (abandonments per second of waiting ≈ abandoned ÷ total wait). [s]
    patience_s: float | None = None
    #: Median and P90 first-response time of tickets, and the share answered within
    #: ``response_target_h``. [hours, fraction]
    frt_median_h: float | None = None
    frt_p90_h: float | None = None
    response_attainment: float | None = None
    response_target_h: float = 24.0
    #: Per agent (index: agent id, sorted): the columns of ``by_channel_kpis`` (without
    #: ``share``); None without an agent column.
    by_agent: pd.DataFrame | None = None
    #: Per channel (index: :data:`CHANNELS`): ``contacts``, ``share`` [fraction],
    #: ``aht_min`` [min, answered contacts with a handle time], ``offered``,
    #: ``abandonment_rate`` [fraction], ``asa_s`` [s], ``service_level`` [fraction, within
    #: ``service_level_s``] (calls only), ``fcr`` [fraction, by ``fcr_method``: resolved
    #: flag, tickets never reopened, or issues opened there without a repeat contact],
    #: ``csat`` [% of answers 4–5] and, when the file has them, ``talk_s``, ``hold_s``,
    #: ``wrap_s`` [s, means over answered calls]. NaN where not measured.
    by_channel_kpis: pd.DataFrame | None = None
    #: Mean talk, hold and wrap-up (after-call work) time of answered calls with one; None
    #: without the column. [s]
    talk_mean_s: float | None = None
    hold_mean_s: float | None = None
    wrap_mean_s: float | None = None
    #: Warnings a person must see (short period, many rows set aside, ...), plain words.
    warnings: tuple = ()

    def annual_contacts(self, annualise: bool = True) -> int:
        """Contacts a year: the export's count scaled from the covered period to a year.

        The year is the one starting on the first covered day, so a full
        calendar year of data (365 or 366 days) is taken as it is. With
        ``annualise=False`` the count is taken as a year's contacts.
        """
        if not annualise:
            return int(self.n_contacts)
        first = self.period_start.normalize().tz_localize(None)
        year_days = ((first + pd.DateOffset(years=1)) - first).days
        return int(round(self.n_contacts * year_days / self.covered_days))

    def scenario_values(self, annualise: bool = True) -> dict:
        """The catalog assumptions the export measures, by name (see :func:`to_scenario`)."""
        values: dict = {"annual_contacts": self.annual_contacts(annualise)}
        shares = self.channel_shares.round(4)
        largest = shares.idxmax()
        shares[largest] = round(1.0 - float(shares.drop(largest).sum()), 4)
        for ch in CHANNELS:
            values[f"share_{ch}"] = float(shares[ch])
        for ch in ("phone", "chat", "email"):
            if self.aht_n[ch] > 0:
                values[f"aht_{ch}_min"] = round(float(self.aht_min[ch]), 2)
        if self.fcr is not None:
            values["fcr"] = round(float(self.fcr), 4)
        if self.fcr_method == "repeat" and self.repeat_contacts_per_unresolved is not None:
            values["repeat_contacts_per_unresolved"] = round(
                float(self.repeat_contacts_per_unresolved), 2)
        return values

    def to_scenario(self, annualise: bool = True, base: Scenario | None = None,
                    **meta) -> Scenario:
        """Same as :func:`to_scenario` (``to_scenario(self, ...)``)."""
        from .scenario import to_scenario  # the scenario step builds on the KPIs
        return to_scenario(self, annualise=annualise, base=base, **meta)


# -- KPIs --------------------------------------------------------------------------------

def compute_kpis(export: TicketExport, *, repeat_window_days: int = DEFAULT_REPEAT_WINDOW_DAYS,
                 fcr_method: str = "auto", service_level_s: float = 20.0,
                 response_target_h: float = 24.0) -> BaselineKPIs:
    """Operational KPIs of the valid rows of an export.

    Definitions:

    * Counts by weekday × hour and by month use creation times in the export's
      ``timezone``; they are totals over the period, not averages.
    * AHT is the mean handle time of the contacts that have one, by channel. [min]
    * **FCR by repeat contacts** (``fcr_method="repeat"``, needs the customer
      column): a contact with no contact from the same customer in the
      ``repeat_window_days`` before it opens an *issue*; later contacts within
      the window of the previous one are *repeats* of it. FCR is the share of
      issues with no repeat; ``repeat_contacts_per_unresolved`` is repeats per
      issue that had one, so contacts = issues × (1 + k × (1 − FCR)) as in
      :mod:`supportroi.model`. Issues opened in the first or last
      ``repeat_window_days`` of the export are left out of both, since their
      earlier or later contacts may lie outside it. Rows without a customer
      id are left out.
    * **FCR by reopens** (``fcr_method="reopens"``): the share of tickets with
      a reopen count of 0; ``repeat_contacts_per_unresolved`` is then the mean
      reopens of reopened tickets (not used for the scenario, since reopens
      are not rows of the export).
    * ``fcr_method="auto"`` uses repeat contacts when the export has customer
      ids and spans more than three windows, since they also catch customers
      who come back through a new ticket or another channel, else reopens.
    * Time to resolution is created → resolved of resolved tickets. [h]
    * CSAT, NPS and CES use :mod:`supportroi.metrics` on the answers given.
    * **Calls.** A row is a call offered. It is answered or abandoned by its
      outcome column; without one, with a wait-time column, a call with no
      handle time (empty or 0) is abandoned. AHT counts answered calls only
      (an abandoned call is not a zero-second handle). Abandonment rate =
      abandoned ÷ offered (calls with a known outcome); wait mean and P90 over
      calls with a wait; ASA = mean wait of answered calls; service level =
      answered within ``service_level_s`` ÷ offered; patience = mean wait ÷
      abandonment rate (the estimate Erlang A uses, see Garnett, Mandelbaum &
      Reiman 2002).
    * ``fcr_method="flag"`` (chosen by "auto" first when the column exists): the
      share of "yes" in a resolved-at-first-contact column.
    * First-response time of tickets with one; attainment = share within
      ``response_target_h``.

    Raises :class:`BaselineError` if the export has no valid rows.
    """
    if fcr_method not in ("auto", "repeat", "reopens", "flag"):
        raise ValueError(f"fcr_method must be 'auto', 'flag', 'repeat' or 'reopens', "
                         f"got {fcr_method!r}")
    if not (isinstance(repeat_window_days, (int, np.integer)) and repeat_window_days >= 1):
        raise ValueError(f"repeat_window_days must be a whole number of days ≥ 1, "
                         f"got {repeat_window_days!r}")
    t = export.tickets
    n = len(t)
    if n == 0:
        raise BaselineError(export.source, [Message(
            "baseline.read.no_valid_rows", f"no valid rows to compute KPIs from "
            f"({export.n_rejected:,} rows set aside; see the export's summary)",
            n=export.n_rejected)])
    notes = list(export.notes)
    created = t["created"]
    local = created.dt.tz_localize(None).dt.as_unit("us").to_numpy()
    month = local.astype("datetime64[M]").astype(np.int64)
    volumes = _volumes(t, local, month)
    ch = t["channel"].cat.codes.to_numpy()
    answered = _answered(export)
    aht, aht_n = _aht(t, ch, volumes["by_channel"], notes, answered)
    calls = _calls(t, answered, float(service_level_s))
    covered = _covered_days(local, notes)
    fcr = _fcr(t, fcr_method, repeat_window_days, notes)
    fcr_rows = fcr.pop("per_row")
    ttr = _resolution_times(t, month, volumes["by_month"].index)
    parts = [f for f in ("talk", "hold", "wrap") if f"{f}_time" in export.mapping]
    groups = _GroupKPIs(t, answered, fcr_rows, float(service_level_s), parts)
    by_channel_kpis = groups.table(ch, list(CHANNELS), "channel")
    by_channel_kpis.insert(1, "share", volumes["channel_shares"].to_numpy())
    return BaselineKPIs(
        source=export.source, timezone=export.timezone, n_contacts=n,
        period_start=created.min(), period_end=created.max(), covered_days=covered,
        **volumes, aht_min=aht, aht_n=aht_n, **fcr,
        repeat_window_days=int(repeat_window_days), **ttr, **_surveys(t), notes=tuple(notes),
        **calls, **_first_responses(t, float(response_target_h)),
        by_agent=_by_agent(t, groups), by_channel_kpis=by_channel_kpis,
        **_handle_parts(t, answered, parts), warnings=_warnings(export, covered))


def _covered_days(local: np.ndarray, notes: list) -> int:
    """Calendar days from the first to the last contact (a note if under a year)."""
    day = local.astype("datetime64[D]")
    covered = int((pd.Timestamp(day.max()) - pd.Timestamp(day.min())).days) + 1
    if covered < 365:
        notes.append(Message("baseline.read.under_a_year", f"the export covers {covered} days, "
                             "less than a year: annual figures scale it up and miss seasons "
                             "outside it", n=covered))
    return covered


def _fcr(t: pd.DataFrame, fcr_method: str, repeat_window_days: int, notes: list) -> dict:
    """FCR by every method measurable, and the one chosen (``fcr``, ``fcr_method``,
    ``repeat_contacts_per_unresolved``), as :class:`BaselineKPIs` fields."""
    reopens = _fcr_by_reopens(t)
    repeat = _fcr_by_repeats(t, repeat_window_days, notes)
    flag = t["fcr_flag"].to_numpy()
    flag = {"fcr": float(np.nanmean(flag)) if (~np.isnan(flag)).any() else None, "k": None}
    method = fcr_method
    if method == "auto":
        method = ("flag" if flag["fcr"] is not None else "repeat" if repeat["fcr"] is not None
                  else "reopens" if reopens["fcr"] is not None else None)
    chosen = {"repeat": repeat, "reopens": reopens, "flag": flag}.get(
        method, {"fcr": None, "k": None})
    per_row = {"repeat": repeat.get("per_row"), "reopens": reopens.get("per_row"),
               "flag": np.asarray(t["fcr_flag"].to_numpy(), dtype=float)}.get(method)
    fcr, k = chosen["fcr"], chosen["k"]
    if fcr is None:
        notes.append(Message("baseline.read.no_fcr", "FCR is not measured: the export needs "
                             "customer ids (repeat contacts) or reopen counts")
                     if method is None else
                     Message("baseline.read.no_fcr_by", f"FCR is not measured: FCR by "
                             f"{method} is not measurable from this export", method=method))
        method = None
    if fcr is None or per_row is None:
        per_row = np.full(len(t), np.nan)
    return {"per_row": per_row, "fcr": fcr, "fcr_method": method, "fcr_repeat": repeat["fcr"],
            "fcr_reopens": reopens["fcr"], "reopen_rate": reopens["rate"],
            "repeat_contacts_per_unresolved": k, "repeat_contact_rate": repeat["rate"],
            "repeat_contacts_per_customer": repeat["per_customer"],
            "n_customers": repeat["customers"]}


def _surveys(t: pd.DataFrame) -> dict:
    """CSAT, NPS and CES of the answers given, and how many answers each."""
    surveys = {}
    for f, fn in (("csat", _csat), ("nps", _nps), ("ces", _ces)):
        v = t[f].to_numpy()
        v = v[~np.isnan(v)]
        surveys[f], surveys[f"{f}_n"] = (fn(v) if v.size else None), int(v.size)
    return surveys


#: Shortest export annualised without a warning. [days]
MIN_COVERED_DAYS = 28


def _warnings(export: TicketExport, covered: int) -> tuple:
    out = list(export.warnings)
    if covered < MIN_COVERED_DAYS:
        out.append(Message(
            "baseline.read.too_short", f"the export covers only {covered} "
            f"day{'s' if covered != 1 else ''}: scaled to a year it misses weekly and "
            f"seasonal swings (at least {MIN_COVERED_DAYS} days, better a year, make a sound "
            "baseline)", n=covered, days=MIN_COVERED_DAYS))
    return tuple(out)


def _answered(export: TicketExport) -> np.ndarray:
    """Per valid row: 1 answered, 0 abandoned, NaN not a call or unknown."""
    t = export.tickets
    out = t["answered"].to_numpy(dtype=float).copy()
    if "outcome" not in export.mapping and "wait_time" in export.mapping:
        ht = t["handle_time_s"].to_numpy()
        out = np.where(np.isnan(ht) | (ht == 0), 0.0, 1.0)
    return out


def _calls(t: pd.DataFrame, answered: np.ndarray, sl_s: float) -> dict:
    known = ~np.isnan(answered)
    out = {"service_level_s": sl_s}
    if not known.any():
        return out
    ans = answered[known] == 1
    offered = int(known.sum())
    out |= {"offered": offered, "answered": int(ans.sum()),
            "abandoned": int((~ans).sum()), "abandonment_rate": float((~ans).mean())}
    wait = t["wait_time_s"].to_numpy()[known]
    has = ~np.isnan(wait)
    if has.any():
        w = wait[has]
        out |= {"wait_mean_s": float(w.mean()), "wait_p90_s": float(np.quantile(w, 0.9))}
        wa = wait[has & ans]
        out["asa_s"] = float(wa.mean()) if wa.size else None
        out["service_level"] = float(np.sum(has & ans & (wait <= sl_s)) / offered)
        rate = out["abandonment_rate"]
        out["patience_s"] = float(w.mean() / rate) if rate > 0 else None
    return out


def _first_responses(t: pd.DataFrame, target_h: float) -> dict:
    frt = t["first_response_s"].to_numpy() / 3600.0
    frt = frt[~np.isnan(frt)]
    out = {"response_target_h": target_h}
    if frt.size:
        out |= {"frt_median_h": float(np.median(frt)),
                "frt_p90_h": float(np.quantile(frt, 0.9)),
                "response_attainment": float(np.mean(frt <= target_h))}
    return out


class _GroupKPIs:
    """The KPIs of :attr:`BaselineKPIs.by_channel_kpis` for any grouping of the rows."""

    def __init__(self, t: pd.DataFrame, answered: np.ndarray, fcr_rows: np.ndarray,
                 sl_s: float, parts: list[str]):
        self.answered, self.fcr_rows, self.sl_s, self.parts = answered, fcr_rows, sl_s, parts
        served = answered != 0  # abandoned calls are no handles
        self.ht_min = np.where(served, t["handle_time_s"].to_numpy(), np.nan) / 60.0
        self.wait = t["wait_time_s"].to_numpy()
        csat = t["csat"].to_numpy()
        self.sat = np.where(np.isnan(csat), np.nan, (csat >= 4) * 100.0)
        self.part_s = {f: np.where(served, t[f"{f}_time_s"].to_numpy(), np.nan) for f in parts}

    def table(self, codes: np.ndarray, labels: list, name: str) -> pd.DataFrame:
        """One row per label; ``codes`` (−1: no group) index ``labels``."""
        ok = codes >= 0
        every = bool(ok.all())  # no copies of a million rows when every row has a group
        c, k = (codes if every else codes[ok]), len(labels)

        def count(mask):
            return np.bincount(c[mask if every else mask[ok]], minlength=k)

        def mean(values):
            v = np.asarray(values, dtype=float)
            v = v if every else v[ok]
            has = ~np.isnan(v)
            n = np.bincount(c, weights=has, minlength=k)  # a missing value adds 0 to both
            sums = np.bincount(c, weights=np.where(has, v, 0.0), minlength=k)
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(n > 0, sums / n, np.nan)

        known = ~np.isnan(self.answered)
        ans = known & (self.answered == 1)
        offered = count(known)
        has_wait = ~np.isnan(self.wait)
        with np.errstate(invalid="ignore", divide="ignore"):
            abandonment = np.where(offered > 0, count(known & ~ans) / offered, np.nan)
            waits = count(known & has_wait)
            sl = np.where((offered > 0) & (waits > 0),
                          count(ans & has_wait & (self.wait <= self.sl_s)) / offered, np.nan)
        out = pd.DataFrame({
            "contacts": np.bincount(c, minlength=k), "aht_min": mean(self.ht_min),
            "offered": offered, "abandonment_rate": abandonment,
            "asa_s": mean(np.where(ans, self.wait, np.nan)), "service_level": sl,
            "fcr": mean(self.fcr_rows), "csat": mean(self.sat),
            **{f"{f}_s": mean(v) for f, v in self.part_s.items()}},
            index=pd.Index(labels, name=name))
        return out


def _by_agent(t: pd.DataFrame, groups: _GroupKPIs) -> pd.DataFrame | None:
    """One row per agent id, in text order (the ids may be text or categories of text)."""
    codes, uniq = pd.factorize(t["agent"])
    if not len(uniq):
        return None
    labels = np.asarray(uniq, dtype=object)
    order = np.argsort(labels, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
    return groups.table(codes, list(labels[order]), "agent")


def _handle_parts(t: pd.DataFrame, answered: np.ndarray, parts: list[str]) -> dict:
    """Mean talk, hold and wrap-up time of answered calls with one. [s]"""
    out = {}
    for f in parts:
        v = t[f"{f}_time_s"].to_numpy()
        v = v[(answered != 0) & ~np.isnan(v)]
        out[f"{f}_mean_s"] = float(v.mean()) if v.size else None
    return out


def _utc(s: pd.Series) -> np.ndarray:
    """tz-aware → datetime64[us] in UTC (never Timestamp objects)."""
    return s.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy()


def _volumes(t: pd.DataFrame, local: np.ndarray, month: np.ndarray) -> dict:
    """Counts by weekday × hour, by month × channel and by channel, and the shares."""
    day = local.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    hour = ((local - day) // np.timedelta64(1, "h")).astype(np.int64)
    wh = np.bincount(weekday * 24 + hour, minlength=168).reshape(7, 24)
    by_weekday_hour = pd.DataFrame(wh, index=pd.Index(_WEEKDAYS, name="weekday"),
                                   columns=pd.RangeIndex(24, name="hour"))
    ch = t["channel"].cat.codes.to_numpy()
    m0, m1 = int(month.min()), int(month.max())
    nm = m1 - m0 + 1
    counts = np.bincount((month - m0) * len(CHANNELS) + ch, minlength=nm * len(CHANNELS))
    periods = pd.period_range(pd.Period(np.datetime64(m0, "M"), "M"), periods=nm, freq="M")
    by_month = pd.DataFrame(counts.reshape(nm, len(CHANNELS)), columns=list(CHANNELS),
                            index=pd.PeriodIndex(periods, name="month"))
    by_month["total"] = by_month.sum(axis=1)
    by_channel = pd.Series(np.bincount(ch, minlength=len(CHANNELS)), index=list(CHANNELS),
                           name="contacts")
    return {"by_weekday_hour": by_weekday_hour, "by_month": by_month, "by_channel": by_channel,
            "channel_shares": (by_channel / len(t)).rename("share")}


def _aht(t: pd.DataFrame, ch: np.ndarray, by_channel: pd.Series, notes: list,
         answered: np.ndarray | None = None):
    """AHT by channel over contacts with a handle time, abandoned calls left out. [min]"""
    ht = t["handle_time_s"].to_numpy()
    has = ~np.isnan(ht)
    if answered is not None and (answered == 0).any():
        left = int(np.sum(has & (answered == 0)))
        has &= answered != 0
        if left:
            notes.append(Message("baseline.read.abandoned_out_of_aht", f"{left:,} abandoned "
                                 "calls are left out of AHT (no one handled them)", n=left))
    elif ((ht == 0) & (ch == CHANNELS.index("phone"))).any():
        zero = int(np.sum((ht == 0) & (ch == CHANNELS.index("phone"))))
        notes.append(Message("baseline.read.zero_handle_times", f"{zero:,} phone contacts "
                             "have a handle time of 0 and count in AHT: if they are "
                             "unanswered calls, choose the call-outcome or wait-time column",
                             n=zero))
    aht_n = pd.Series(np.bincount(ch[has], minlength=len(CHANNELS)), index=list(CHANNELS),
                      name="contacts with a handle time")
    sums = np.bincount(ch[has], weights=ht[has], minlength=len(CHANNELS))
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = pd.Series(sums / aht_n.to_numpy() / 60.0, index=list(CHANNELS), name="AHT [min]")
    for c in ("phone", "chat", "email"):
        if by_channel[c] and not aht_n[c]:
            notes.append(Message("baseline.read.no_handle_times", f"no handle times for {c}: "
                                 "its AHT is not measured", channel=c))
    return aht, aht_n


def _fcr_by_reopens(t: pd.DataFrame) -> dict:
    ro = t["reopens"].to_numpy()
    has_ro = ~np.isnan(ro)
    if not has_ro.any():
        return {"fcr": None, "rate": None, "k": None}
    fcr = float(np.mean(ro[has_ro] == 0))
    reopened = ro[has_ro & (ro > 0)]
    return {"fcr": fcr, "rate": 1.0 - fcr,
            "k": float(reopened.mean()) if reopened.size else None,
            "per_row": np.where(has_ro, (ro == 0) * 1.0, np.nan)}


def _fcr_by_repeats(t: pd.DataFrame, repeat_window_days: int, notes: list) -> dict:
    out = {"fcr": None, "k": None, "rate": None, "per_customer": None, "customers": None}
    cust = t["customer"]
    has_c = cust.notna().to_numpy()
    t_all = _utc(t["created"]).astype(np.int64)  # [µs], UTC: gaps unaffected by clock changes
    w = np.timedelta64(int(repeat_window_days), "D").astype("timedelta64[us]").astype(np.int64)
    span_ok = t_all.max() - t_all.min() > 3 * w
    if not has_c.any():
        return out
    codes, uniq = pd.factorize(cust[has_c])
    out["customers"] = len(uniq)
    out["per_customer"] = float((has_c.sum() - len(uniq)) / len(uniq))
    tc = t_all[has_c]
    order = np.lexsort((tc, codes))
    cs, ts = codes[order], tc[order]
    repeat = np.zeros(cs.size, dtype=bool)
    repeat[1:] = (cs[1:] == cs[:-1]) & (ts[1:] - ts[:-1] <= w)
    length = np.bincount(np.cumsum(~repeat) - 1)
    starts = ts[~repeat]
    eligible = (starts >= t_all.min() + w) & (starts <= t_all.max() - w)
    if span_ok and eligible.any():
        le = length[eligible]
        out["fcr"] = float(np.mean(le == 1))
        first = np.flatnonzero(has_c)[order][~repeat][eligible]  # rows opening an issue
        out["per_row"] = np.full(len(t), np.nan)
        out["per_row"][first] = (le == 1) * 1.0
        unresolved = le > 1
        out["k"] = float((le[unresolved] - 1).mean()) if unresolved.any() else None
        out["rate"] = float((le - 1).sum() / le.sum())
    elif not span_ok:
        notes.append(Message("baseline.read.too_short_for_repeats", f"the export spans less "
                             f"than {3 * repeat_window_days} days: FCR by repeat contacts is "
                             "not measured", n=3 * repeat_window_days))
    if (~has_c).any():
        notes.append(Message("baseline.read.no_customer_id", f"{int((~has_c).sum()):,} "
                             "contacts without a customer id are left out of repeat-contact "
                             "KPIs", n=int((~has_c).sum())))
    return out


def _resolution_times(t: pd.DataFrame, month: np.ndarray, months: pd.PeriodIndex) -> dict:
    res = t["resolved"]
    done = res.notna().to_numpy()
    ttr_h = (_utc(res)[done] - _utc(t["created"])[done]) / np.timedelta64(1, "h")
    nm, m0 = len(months), int(month.min())
    if ttr_h.size:
        g = pd.Series(ttr_h).groupby(month[done] - m0)
        monthly = pd.DataFrame({"resolved": g.size(), "median_h": g.median(),
                                "p90_h": g.quantile(0.9)})
        monthly = monthly.reindex(np.arange(nm))
        monthly["resolved"] = monthly["resolved"].fillna(0).astype("int64")
        monthly.index = months
    else:
        monthly = pd.DataFrame({"resolved": np.zeros(nm, dtype="int64"),
                                "median_h": np.nan, "p90_h": np.nan}, index=months)
    return {"ttr_median_h": float(np.median(ttr_h)) if ttr_h.size else None,
            "ttr_p90_h": float(np.quantile(ttr_h, 0.9)) if ttr_h.size else None,
            "ttr_monthly": monthly, "n_open": int((~done).sum())}
