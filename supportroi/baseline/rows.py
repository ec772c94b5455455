"""Rows: :func:`read_export` maps the columns, parses every value and sets aside each row
it cannot trust, with its reasons (:class:`TicketExport`)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .fields import (
    _BOOL,
    _CSAT_WORDS,
    _NOT_ANSWERED,
    _UNIT_SECONDS,
    CHANNELS,
    FIELDS,
    MAX_EXPANDED_BYTES,
    MAX_HANDLE_TIME_S,
    MAX_REOPENS,
    REASONS,
    SCALES,
    BaselineError,
    _header_unit,
    channel_of,
    detect_mapping,
)
from .reading import _load, _Table
from .values import (
    _as_object,
    _blank,
    _decide_dayfirst,
    _display,
    _id_texts,
    _parse_dates,
    _parse_duration_series,
    _parse_numbers,
    _present,
)

# -- parsing values -------------------------------------------------------------------------

class _Problems:
    """Problems found so far: (mask over the table's lines, field, reason, detail)."""

    def __init__(self):
        self.items = []

    def add(self, mask, fld, reason, detail):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.items.append((mask, fld, reason, detail))

    def any_mask(self, n):
        out = np.zeros(n, dtype=bool)
        for mask, *_ in self.items:
            out |= mask
        return out


@dataclass(frozen=True)
class _Options:
    timezone: str
    source_tz: str
    dayfirst: bool | None
    duration_unit: str | None
    default_channel: str | None
    channel_map: Mapping[str, str] | None
    max_handle_time_s: float


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class TicketExport:
    """A ticket or call export, read and checked by :func:`read_export`."""

    #: Valid rows, one per contact, indexed by file ``row``. Columns: ``ticket_id``,
    #: ``agent``, ``customer`` (text); ``created``, ``resolved`` (date-times in
    #: ``timezone``; ``resolved`` NaT while open); ``channel`` (category of
    #: :data:`CHANNELS`); ``handle_time_s`` [s]; ``reopens`` [count]; ``csat``
    #: [1–5]; ``nps`` [0–10]; ``ces`` [1–7]. Fields absent from the file are
    #: all-missing columns; see ``mapping``.
    tickets: pd.DataFrame
    #: One line per problem: ``row`` (in the file, header = 1), ``field``,
    #: ``column`` (as in the file), ``value`` (as in the file), ``reason``
    #: (a key of :data:`REASONS`) and ``detail``. A row with several problems has
    #: several lines.
    rejections: pd.DataFrame
    #: The set-aside rows as read, indexed by ``row``, with a ``problems`` column.
    #: Malformed lines could not be split into fields and appear only in
    #: ``rejections``.
    rejected: pd.DataFrame
    #: Problems by reason: ``reason`` (index), ``description``, ``rows`` (rows
    #: with the problem), ``problems`` (lines of ``rejections``: a row may have the
    #: same problem in several fields), ``fields`` and ``first_rows`` (up to five
    #: row numbers).
    summary: pd.DataFrame
    #: Column of the file used for each canonical field: ``{field: column}``.
    mapping: dict
    #: Canonical fields not found in the file (their KPIs are unavailable).
    missing: tuple
    #: Columns of the file not used.
    unmapped: tuple
    #: Name of the file (or "upload").
    source: str
    #: Time zone of ``created``/``resolved`` and of every count by hour or month.
    timezone: str
    #: Data rows in the file, set-aside and malformed rows included, blank rows not.
    n_rows: int
    #: Blank rows skipped (not data, not problems).
    n_blank: int
    #: How the file was read: format, separator, date formats and the day-first
    #: decision, duration unit, channel labels, anything ambiguous.
    notes: tuple
    #: Each channel label found in the file and the channel it was read as
    #: (None: unknown, rejected).
    channel_labels: dict = field(default_factory=dict)

    @property
    def n_valid(self) -> int:
        """Rows kept."""
        return len(self.tickets)

    @property
    def n_rejected(self) -> int:
        """Rows set aside (each counted once, however many problems it has)."""
        return int(self.rejections["row"].nunique()) if len(self.rejections) else 0

    def mapping_table(self) -> pd.DataFrame:
        """Every canonical field: the column it came from ("" if missing) and what it means."""
        return pd.DataFrame({"field": list(FIELDS),
                             "column": [self.mapping.get(f, "") for f in FIELDS],
                             "meaning": list(FIELDS.values())}).set_index("field")


# -- read_export ------------------------------------------------------------------------------

def _check_tz(name: str, what: str) -> str:
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{what}: unknown time zone {name!r} (use an IANA name such as "
                         "'Europe/Berlin' or 'UTC')") from None
    return str(name)


def read_export(source, filename: str | None = None, mapping: Mapping | None = None,
                timezone: str = "UTC", *, source_timezone: str | None = None,
                dayfirst: bool | None = None, duration_unit: str | None = None,
                default_channel: str | None = None, channel_map: Mapping | None = None,
                max_handle_time_s: float = MAX_HANDLE_TIME_S,
                sheet: int | str = 0,
                max_expanded_bytes: int = MAX_EXPANDED_BYTES) -> TicketExport:
    """Read a helpdesk or call export, map its columns and set aside every row in doubt.

    ``source`` is a path, the file's bytes (an upload), a binary file object or
    a DataFrame; CSV (``,``, ``;``, tab or ``|`` separated, optionally gzip-
    compressed) or XLSX (``sheet``: index or name). ``filename`` names it in
    reports. ``mapping`` ({field: column or None}) overrides column detection.
    ``timezone`` is where times are counted; ``source_timezone`` (default
    ``timezone``) is how times without an offset are read. ``dayfirst``
    forces how numeric dates are read (default: detected). ``duration_unit``
    ("seconds", "minutes", "hours", "milliseconds") is the unit of plain-number
    handle times (default: named by the column, else seconds).
    ``default_channel`` is the channel of every row when the file has no channel
    column. ``channel_map`` ({label: channel}) adds or overrides channel labels.
    ``max_handle_time_s`` is the longest valid handle time [s].
    ``max_expanded_bytes`` caps what a gzip-compressed file may expand to
    (default :data:`MAX_EXPANDED_BYTES`, 1 GB); decompression is streamed and
    a larger file is refused with a :class:`BaselineError` without holding
    more than about this much in memory.

    Raises :class:`BaselineError` only for problems with the whole file: it
    cannot be read, or no column gives the creation date (or the channel, with
    no ``default_channel``). Every row-level problem is reported in the result
    (see the module documentation for the conventions).

    >>> csv = (b"Ticket ID,Created at,Solved at,Via,Handle time (sec),CSAT\\n"
    ...        b"1,2024-03-04 09:00,2024-03-04 09:30,Phone,300,5\\n"
    ...        b"2,2024-03-04 10:00,,Web form,90,\\n"
    ...        b"3,2024-03-04 11:00,2024-03-04 10:00,Fax,-5,9\\n")
    >>> export = read_export(csv, filename="tickets.csv")
    >>> export.n_rows, export.n_valid, export.n_rejected
    (3, 2, 1)
    >>> print(export.rejections[["row", "field", "reason"]].to_string(index=False))
     row       field                  reason
       4    resolved resolved_before_created
       4     channel         channel_unknown
       4 handle_time       duration_negative
       4        csat         score_off_scale
    >>> list(export.tickets["channel"]), list(export.tickets["handle_time_s"])
    (['phone', 'email'], [300.0, 90.0])
    """
    tz = _check_tz(timezone, "timezone")
    src_tz = _check_tz(source_timezone, "source_timezone") if source_timezone else tz
    if duration_unit is not None and duration_unit not in _UNIT_SECONDS:
        raise ValueError(f"duration_unit must be one of {', '.join(_UNIT_SECONDS)}, "
                         f"got {duration_unit!r}")
    if default_channel is not None and default_channel not in CHANNELS:
        raise ValueError(f"default_channel must be one of {', '.join(CHANNELS)}, "
                         f"got {default_channel!r}")
    for label, ch in (channel_map or {}).items():
        if ch not in CHANNELS:
            raise ValueError(f"channel_map: {label!r} → {ch!r}: channels are "
                             + ", ".join(CHANNELS))
    if not max_handle_time_s > 0:
        raise ValueError(f"max_handle_time_s must be positive, got {max_handle_time_s}")
    if not max_expanded_bytes > 0:
        raise ValueError(f"max_expanded_bytes must be positive, got {max_expanded_bytes}")
    opts = _Options(tz, src_tz, dayfirst, duration_unit, default_channel, channel_map,
                    float(max_handle_time_s))

    found: dict = {}

    def text_columns(columns):
        found.update(_mapping_for(columns, mapping, source_name))
        text = ("ticket_id", "created", "resolved", "channel", "agent", "customer")
        return [found[f] for f in text if f in found]

    source_name = filename or (Path(str(source)).name if isinstance(source, (str, Path))
                               else "upload")
    name, table = _load(source, filename, sheet, text_columns, max_expanded_bytes)
    if table.kind != "CSV":
        found.update(_mapping_for(list(table.raw.columns), mapping, name))
    problems = []
    if "created" not in found:
        problems.append("no column gives the creation date (looked for names such as "
                        "'Created at', 'created', 'opened', 'Start time'); pass "
                        "mapping={'created': '<column>'}")
    if "channel" not in found and default_channel is None:
        problems.append("no column gives the channel (looked for names such as 'Channel', "
                        "'Via', 'Source', 'Origin', 'Media type'); pass mapping={'channel': "
                        "'<column>'}, or default_channel='phone' for a call log")
    if problems:
        problems.append("columns in the file: " + ", ".join(map(repr, table.raw.columns)))
        raise BaselineError(name, problems)
    return _build(name, table, found, opts)


def _mapping_for(columns, mapping, name):
    try:
        return detect_mapping(columns, mapping)
    except BaselineError as exc:
        raise BaselineError(name, exc.problems + ["columns in the file: "
                                                  + ", ".join(map(repr, columns))]) from None


@dataclass
class _Step:
    """What every parsing step of :func:`_build` reads and adds to."""

    raw: pd.DataFrame
    rows: np.ndarray
    mapping: dict
    opts: _Options
    P: _Problems
    notes: list

    @property
    def n(self) -> int:
        return len(self.raw)

    def col(self, f: str) -> pd.Series:
        return self.raw[self.mapping[f]]

    def detail(self, mask, texts) -> np.ndarray:
        out = np.full(self.n, "", dtype=object)
        out[mask] = texts
        return out


def _build(name: str, table: _Table, mapping: dict, opts: _Options) -> TicketExport:
    raw, rows = table.raw, table.rows
    notes = [f"read as {table.kind}" + (f": {', '.join(table.notes)}" if table.notes else "")]
    blank = raw.isna().all(axis=1).to_numpy()
    n_blank = int(blank.sum())
    if n_blank:
        notes.append(f"{n_blank:,} blank row{'s' if n_blank != 1 else ''} skipped (not data)")
        raw, rows = raw.loc[~blank].reset_index(drop=True), rows[~blank]
    st = _Step(raw, rows, mapping, opts, _Problems(), notes)
    created, resolved = _dates(st)
    ch_codes, labels = _channels(st)
    values = {"created": created, "resolved": resolved, "channel": ch_codes,
              "handle_time_s": _handle_times(st), "reopens": _reopens(st), **_scores(st),
              **_ids(st)}
    return _assemble(name, table, st, values, n_blank, labels)


def _dates(st: _Step):
    mapping, opts, P = st.mapping, st.opts, st.P
    dayfirst, how = _decide_dayfirst({mapping[f]: st.col(f) for f in ("created", "resolved")
                                      if f in mapping}, opts.dayfirst)
    created = np.full(st.n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "created" in mapping:
        created, present, bad, far, note = _parse_dates(st.col("created"), mapping["created"],
                                                        opts, dayfirst, how)
        st.notes.append(f"{mapping['created']!r} (created): {note}")
        P.add(~present, "created", "date_missing", "empty")
        P.add(bad, "created", "date_unparseable", "not a recognisable date")
        P.add(far, "created", "date_out_of_range", REASONS["date_out_of_range"])
    resolved = np.full(st.n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "resolved" in mapping:
        resolved, present, bad, far, note = _parse_dates(st.col("resolved"), mapping["resolved"],
                                                         opts, dayfirst, how)
        st.notes.append(f"{mapping['resolved']!r} (resolved): {note}")
        P.add(bad, "resolved", "date_unparseable", "not a recognisable date")
        P.add(far, "resolved", "date_out_of_range", REASONS["date_out_of_range"])
        before = ~np.isnat(created) & ~np.isnat(resolved) & (resolved < created)
        if before.any():
            gap_h = ((created[before] - resolved[before]) / np.timedelta64(1, "h")).round(2)
            P.add(before, "resolved", "resolved_before_created",
                  st.detail(before, [f"{g:g} h before it was created" for g in gap_h]))
    return created, resolved


def _channels(st: _Step):
    if "channel" not in st.mapping:
        st.notes.append(f"no channel column: every row is {st.opts.default_channel}")
        return np.full(st.n, CHANNELS.index(st.opts.default_channel), dtype=np.int8), {}
    codes, uniq = pd.factorize(_as_object(st.col("channel")))
    mapped = [channel_of(u, st.opts.channel_map) for u in uniq]
    labels = {str(u): m for u, m in zip(uniq, mapped)}
    lookup = np.array([CHANNELS.index(m) if m else -1 for m in mapped] + [-1], dtype=np.int8)
    ch_codes = lookup[codes]  # codes −1 (empty) → last entry, −1
    detail = np.where(codes < 0, "empty", "not a known channel label")
    st.P.add(ch_codes < 0, "channel", "channel_unknown", detail)
    named = {k: v for k, v in labels.items() if v}
    if named:
        st.notes.append("channel labels: " + ", ".join(f"{k!r} → {v}"
                                                        for k, v in sorted(named.items())))
    return ch_codes, labels


def _handle_times(st: _Step) -> np.ndarray:
    if "handle_time" not in st.mapping:
        return np.full(st.n, np.nan)
    s, column, opts, P = st.col("handle_time"), st.mapping["handle_time"], st.opts, st.P
    named = _header_unit(column)
    unit = opts.duration_unit or named or "seconds"
    handle = _parse_duration_series(s, _UNIT_SECONDS[unit])
    present = _present(s)
    is_num = pd.api.types.is_numeric_dtype(s.dtype)
    how = ("plain numbers in " + unit + ("" if opts.duration_unit or named
                                         else " (the column name names no unit)")) if is_num \
        else f"clock or unit text; plain numbers in {unit}"
    st.notes.append(f"{column!r} (handle time): {how}")
    ok = handle[~np.isnan(handle) & (handle > 0)]
    if is_num and unit == "seconds" and ok.size and np.median(ok) < 30:
        st.notes.append(f"handle times read as seconds have a median of {np.median(ok):.3g} s;"
                        " if they are minutes, pass duration_unit='minutes'")
    bad = present & np.isnan(handle)
    idx = np.flatnonzero(bad)
    bad[idx[_blank(s.to_numpy()[idx])]] = False
    P.add(bad, "handle_time", "duration_unparseable", "not a recognisable duration")
    P.add(handle < 0, "handle_time", "duration_negative", "negative duration")
    too_long = handle > opts.max_handle_time_s
    if too_long.any():
        limit = f"{opts.max_handle_time_s / 3600:g} h"
        P.add(too_long, "handle_time", "duration_too_long", st.detail(
            too_long, [f"{h:.4g} h is over the limit of {limit}" for h in handle[too_long] / 3600]))
    return np.where((handle < 0) | too_long, np.nan, handle)


def _reopens(st: _Step) -> np.ndarray:
    if "reopens" not in st.mapping:
        return np.full(st.n, np.nan)
    reopens, missing = _parse_numbers(st.col("reopens"), _BOOL)
    present = _present(st.col("reopens")) & ~missing
    bad = present & (np.isnan(reopens) | (reopens < 0) | (reopens > MAX_REOPENS)
                     | (reopens != np.floor(reopens)))
    st.P.add(bad, "reopens", "reopens_invalid", REASONS["reopens_invalid"])
    return np.where(bad | missing, np.nan, reopens)


def _scores(st: _Step) -> dict:
    scores = {}
    for f, (lo, hi) in SCALES.items():
        scores[f] = np.full(st.n, np.nan)
        if f not in st.mapping:
            continue
        words = _CSAT_WORDS if f == "csat" else None
        values, missing = _parse_numbers(st.col(f), words,
                                         _NOT_ANSWERED if f == "csat" else ())
        present = _present(st.col(f)) & ~missing
        bad = present & (np.isnan(values) | (values < lo) | (values > hi)
                         | (values != np.floor(values)))
        st.P.add(bad, f, "score_off_scale", f"not a whole number from {lo} to {hi}")
        scores[f] = np.where(bad | missing, np.nan, values)
    return scores


def _ids(st: _Step) -> dict:
    texts = {f: _id_texts(st.col(f)) if f in st.mapping else pd.Series([None] * st.n,
                                                                        dtype=object)
             for f in ("ticket_id", "agent", "customer")}
    if "ticket_id" in st.mapping:
        ids = texts["ticket_id"]
        dup = (ids.duplicated(keep="first") & ids.notna()).to_numpy()
        if dup.any():
            dup_ids = ids[dup]
            firsts = ids[ids.isin(set(dup_ids)) & ~dup]
            first_row = pd.Series(st.rows[firsts.index.to_numpy()], index=firsts.to_numpy())
            st.P.add(dup, "ticket_id", "duplicate_id", st.detail(dup, (
                "ticket id already on row "
                + first_row.reindex(dup_ids.to_numpy()).astype("int64").astype(str)).to_numpy()))
    return {f: s.to_numpy() for f, s in texts.items()}


_TICKET_COLUMNS = ("ticket_id", "created", "resolved", "channel", "handle_time_s", "reopens",
                   "csat", "nps", "ces", "agent", "customer")


def _assemble(name, table: _Table, st: _Step, values: dict, n_blank: int,
              labels: dict) -> TicketExport:
    """The valid rows as :attr:`TicketExport.tickets`, and the report of the others."""
    raw, rows, mapping, opts = st.raw, st.rows, st.mapping, st.opts
    rejections = _rejections(st.P, raw, rows, mapping, table.malformed)
    rejected_mask = st.P.any_mask(st.n)
    valid = ~rejected_mask
    columns = {}
    for f in _TICKET_COLUMNS:
        v = values[f][valid]
        if f in ("created", "resolved"):
            v = pd.DatetimeIndex(v).tz_localize("UTC").tz_convert(opts.timezone)
        elif f == "channel":
            v = pd.Categorical.from_codes(v.astype(np.int8), categories=list(CHANNELS))
        columns[f] = v
    tickets = pd.DataFrame(columns, index=pd.Index(rows[valid], name="row"))
    rejected = raw.loc[rejected_mask].copy()
    rejected.index = pd.Index(rows[rejected_mask], name="row")
    if len(rejections):
        by_row = _problem_texts(rejections).groupby(rejections["row"].to_numpy(),
                                                   sort=False).agg("; ".join)
        rejected["problems"] = by_row.reindex(rejected.index).to_numpy()
    else:
        rejected["problems"] = pd.Series(dtype=object)
    missing = tuple(f for f in FIELDS if f not in mapping)
    unmapped = tuple(c for c in table.raw.columns if c not in mapping.values())
    notes = st.notes
    if len(table.malformed):
        notes.append(f"{len(table.malformed):,} line(s) with more fields than the header")
    return TicketExport(
        tickets=tickets, rejections=rejections, rejected=rejected,
        summary=_summary(rejections), mapping=dict(mapping), missing=missing,
        unmapped=unmapped, source=name, timezone=opts.timezone,
        n_rows=st.n + len(table.malformed), n_blank=n_blank, notes=tuple(notes),
        channel_labels=labels)


_FIELD_ORDER = {f: i for i, f in enumerate(("",) + tuple(FIELDS))}
_REJECTION_COLUMNS = ["row", "field", "column", "value", "reason", "detail"]


def _rejections(P: _Problems, raw, rows, mapping, malformed) -> pd.DataFrame:
    parts = []
    for mask, fld, reason, detail in P.items:
        idx = np.flatnonzero(mask)
        column = mapping.get(fld, "")
        value = _display(raw[column].to_numpy()[idx]) if column else np.full(idx.size, "")
        det = detail[idx] if isinstance(detail, np.ndarray) else detail
        parts.append(pd.DataFrame({"row": rows[idx], "field": fld, "column": column,
                                   "value": value, "reason": reason, "detail": det}))
    if malformed:
        parts.append(pd.DataFrame({"row": [r for r, _ in malformed], "field": "", "column": "",
                                   "value": "", "reason": "malformed_line",
                                   "detail": [d for _, d in malformed]}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object)
                             for c in _REJECTION_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype("int64")
    for c in _REJECTION_COLUMNS[1:]:
        out[c] = out[c].astype(object)
    order = np.lexsort((out["field"].map(_FIELD_ORDER).to_numpy(), out["row"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)[_REJECTION_COLUMNS]


def _problem_texts(rejections: pd.DataFrame) -> pd.Series:
    """``field 'value': detail`` for each problem."""
    f, v, d = (rejections[c].astype(str) for c in ("field", "value", "detail"))
    with_value = f + " '" + v + "': " + d
    return with_value.where(v != "", (f + ": " + d).where(f != "", d))


def _summary(rejections: pd.DataFrame) -> pd.DataFrame:
    cols = ["description", "rows", "problems", "fields", "first_rows"]
    if not len(rejections):
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("rows", "problems") else object)
                             for c in cols}, index=pd.Index([], name="reason", dtype=object))
    g = rejections.groupby("reason", sort=False)
    out = pd.DataFrame({
        "rows": g["row"].nunique(),
        "problems": g.size(),
        "fields": g["field"].agg(lambda s: ", ".join(x for x in pd.unique(s) if x) or "(line)"),
        "first_rows": g["row"].agg(lambda s: ", ".join(map(str, sorted(pd.unique(s))[:5]))),
    })
    out = out.reindex([r for r in REASONS if r in out.index])
    out.insert(0, "description", [REASONS[r] for r in out.index])
    out.index.name = "reason"
    return out


