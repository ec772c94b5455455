"""Rows: :func:`read_export` maps the columns, parses every value and sets aside each row
it cannot trust, with its reasons (:class:`TicketExport`)."""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .fields import (
    _BOOL,
    _CSAT_WORDS,
    _FLAG_WORDS,
    _NOT_ANSWERED,
    _UNIT_SECONDS,
    CHANNELS,
    FIELDS,
    MAX_EXPANDED_BYTES,
    MAX_HANDLE_TIME_S,
    MAX_REOPENS,
    PLACEHOLDER_IDS,
    REASONS,
    SCALES,
    BaselineError,
    _header_unit,
    channel_of,
    detect_mapping,
    outcome_of,
)
from .messages import Message, detail
from .reading import MAX_ROWS, _layout, _load, _Table
from .values import (
    DateOrderError,
    _as_object,
    _blank,
    _decide_dayfirst,
    _display,
    _head_present,
    _id_texts,
    _parse_dates,
    _parse_duration_series,
    _parse_numbers,
    _present,
)

# -- parsing values -------------------------------------------------------------------------

class _Problems:
    """Problems found so far: (mask over the table's lines, field, reason, detail).

    Problems in a field of ``kept`` blank that value and keep the row; the others
    set the row aside."""

    def __init__(self, kept=frozenset()):
        self.items = []
        self.kept = frozenset(kept)

    def add(self, mask, fld, reason, detail):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.items.append((mask, fld, reason, detail))

    def any_mask(self, n, fields=None):
        """Rows with a problem that sets them aside (or, with ``fields``, in those fields)."""
        out = np.zeros(n, dtype=bool)
        for mask, fld, *_ in self.items:
            if (fld in fields) if fields is not None else (fld not in self.kept):
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
    date_format: str | None = None
    decimal: str | None = None
    #: {field: unit} of plain-number durations, for each duration field
    duration_units: Mapping[str, str] | None = None
    bad_values: str = "blank"


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class TicketExport:
    """A ticket or call export, read and checked by :func:`read_export`."""

    #: Valid rows, one per contact, indexed by file ``row``. Columns: ``ticket_id``
    #: (text), ``agent``, ``customer`` (text ids as categories, each distinct id stored
    #: once); ``created``, ``resolved`` (date-times in
    #: ``timezone``; ``resolved`` NaT while open); ``channel`` (category of
    #: :data:`CHANNELS`); ``handle_time_s``, ``wait_time_s``, ``first_response_s``,
    #: ``talk_time_s``, ``hold_time_s``, ``wrap_time_s`` [s] (without a handle-time
    #: column, handle = talk + hold + wrap-up); ``reopens`` [count]; ``csat``
    #: [1–5]; ``nps`` [0–10]; ``ces`` [1–7]; ``answered`` (1 answered, 0 abandoned);
    #: ``fcr_flag`` (1 resolved at the first contact, 0 not). Fields absent from the
    #: file are all-missing columns; see ``mapping``.
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
    #: What a person must see before trusting the KPIs (many rows set aside, ambiguous
    #: dates, unknown channel labels, placeholder customer ids), in plain words.
    warnings: tuple = ()
    #: How the file was read (:class:`~supportroi.baseline.reading.FileLayout`: encoding,
    #: separator, header row, sheet), so that each guess can be overridden.
    layout: object = None

    @property
    def n_valid(self) -> int:
        """Rows kept."""
        return len(self.tickets)

    @property
    def n_rejected(self) -> int:
        """Rows set aside (each counted once, however many problems it has)."""
        if not len(self.rejections):
            return 0
        aside = self.rejections["action"] == ACTION_SET_ASIDE
        return int(self.rejections.loc[aside, "row"].nunique())

    @property
    def n_blanked(self) -> int:
        """Rows kept with one or more values left blank (``bad_values="blank"``)."""
        if not len(self.rejections):
            return 0
        kept = self.rejections["action"] == ACTION_BLANKED
        return int(self.rejections.loc[kept, "row"].nunique())

    @property
    def set_aside_share(self) -> float:
        """Share of the data rows set aside. [fraction]"""
        return self.n_rejected / self.n_rows if self.n_rows else 0.0

    def mapping_table(self) -> pd.DataFrame:
        """Every canonical field: the column it came from ("" if missing) and what it means."""
        return pd.DataFrame({"field": list(FIELDS),
                             "column": [self.mapping.get(f, "") for f in FIELDS],
                             "meaning": list(FIELDS.values())}).set_index("field")


# -- read_export ------------------------------------------------------------------------------

#: Fields read as text (never converted to numbers by the CSV reader).
_TEXT_FIELDS = ("ticket_id", "created", "resolved", "channel", "agent", "customer",
                "created_time", "outcome", "fcr_flag", "first_response")
#: Share of rows set aside above which the export carries a warning. [fraction]
MAX_SET_ASIDE_SHARE = 0.2
ACTION_SET_ASIDE = "row set aside"
ACTION_BLANKED = "value left blank"
#: Fields whose bad values may be blanked instead of setting the row aside.
_OPTIONAL = ("resolved", "handle_time", "wait_time", "first_response", "reopens", "csat",
             "nps", "ces", "outcome", "fcr_flag", "talk_time", "hold_time", "wrap_time")
_DURATION_FIELDS = ("handle_time", "wait_time", "first_response", "talk_time", "hold_time",
                    "wrap_time")
#: The parts of a call's handle time (handle = talk + hold + wrap-up).
_HANDLE_PARTS = ("talk_time", "hold_time", "wrap_time")


def _check_tz(name: str, what: str) -> str:
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{what}: unknown time zone {name!r} (use an IANA name such as "
                         "'Europe/Berlin' or 'UTC')") from None
    return str(name)


def read_export(source, filename: str | None = None, mapping: Mapping | None = None,
                timezone: str = "UTC", *, source_timezone: str | None = None,
                dayfirst: bool | None = None, duration_unit=None,
                default_channel: str | None = None, channel_map: Mapping | None = None,
                max_handle_time_s: float = MAX_HANDLE_TIME_S,
                sheet: int | str | None = None,
                max_expanded_bytes: int = MAX_EXPANDED_BYTES,
                encoding: str | None = None, delimiter: str | None = None,
                header_row: int | None = None, date_format: str | None = None,
                decimal: str | None = None, bad_values: str = "blank",
                max_rows: int | None = MAX_ROWS,
                max_set_aside_share: float = MAX_SET_ASIDE_SHARE) -> TicketExport:
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
    more than about this much in memory; ``max_rows`` (default
    :data:`MAX_ROWS`) caps the data rows, so that memory stays bounded.

    Each guess about the file has an override: ``encoding`` (a codec name such
    as "cp1251" or "gb18030"; default: detected with charset-normalizer),
    ``delimiter`` (default: the separator that splits many lines alike),
    ``header_row`` (the file row of the column names; default: the first row
    that looks like names, below any title rows), ``sheet`` (default: the
    first sheet with a creation-date column), ``dayfirst``, ``date_format``
    (a strptime format such as "%d.%m.%Y %H:%M" for every date), ``decimal``
    ("," or "."; default: per value) and ``duration_unit`` (one unit, or
    {field: unit} for ``handle_time``, ``wait_time``, ``first_response``).
    ``bad_values="blank"`` (the default) keeps a row whose optional value
    (resolution time, durations, scores, reopens, outcome, flags) is bad, with
    that value left blank and listed in ``rejections`` (action "value left
    blank"; ``n_blanked`` counts the rows), so the row still counts as a
    contact; ``bad_values="set aside"`` sets the whole row aside instead. A bad
    creation date, channel or ticket id always sets the row aside. When more than
    ``max_set_aside_share`` of the rows are set aside, ``export.warnings`` says so.

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
    opts = _check_options(timezone, source_timezone, dayfirst, duration_unit, default_channel,
                          channel_map, max_handle_time_s, max_expanded_bytes, date_format,
                          decimal, bad_values)
    name, table, found = _load_mapped(source, filename, mapping, sheet, max_expanded_bytes,
                                      encoding=encoding, delimiter=delimiter,
                                      header_row=header_row, max_rows=max_rows)
    _check_required(name, table, found, default_channel)
    try:
        export = _build(name, table, found, opts)
    except DateOrderError as exc:
        raise BaselineError(name, [exc.args[0]]) from None
    return _with_warnings(export, _layout(table), max_set_aside_share)


def _check_options(timezone, source_timezone, dayfirst, duration_unit, default_channel,
                   channel_map, max_handle_time_s, max_expanded_bytes, date_format, decimal,
                   bad_values) -> _Options:
    """:func:`read_export`'s options, checked before the file is read (ValueError)."""
    tz = _check_tz(timezone, "timezone")
    src_tz = _check_tz(source_timezone, "source_timezone") if source_timezone else tz
    units = _check_units(duration_unit)
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
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',' or '.', got {decimal!r}")
    if bad_values not in ("set aside", "blank"):
        raise ValueError(f"bad_values must be 'set aside' or 'blank', got {bad_values!r}")
    return _Options(tz, src_tz, dayfirst, units.get("handle_time"), default_channel,
                    channel_map, float(max_handle_time_s), date_format or None, decimal,
                    units, bad_values)


def _load_mapped(source, filename, mapping, sheet, max_expanded_bytes,
                 **reading) -> tuple[str, _Table, dict]:
    """The file's name, its table and ``{field: column}``: the columns detected (or
    given in ``mapping``), then checked by their values (:func:`_check_content`).
    A CSV's mapping is found from its header before the rows are read, so that
    text fields are read as text."""
    found: dict = {}

    def text_columns(columns):
        found.update(_mapping_for(columns, mapping, source_name))
        return [found[f] for f in _TEXT_FIELDS if f in found]

    source_name = filename or (Path(str(source)).name if isinstance(source, (str, Path))
                               else "upload")
    name, table = _load(source, filename, sheet, text_columns, max_expanded_bytes, **reading)
    if table.kind != "CSV":
        found.update(_mapping_for(list(table.raw.columns), mapping, name))
    _check_content(table, found, mapping or {})
    return name, table, found


def _check_required(name: str, table: _Table, found: Mapping, default_channel) -> None:
    """BaselineError unless a column gives the creation date and one (or
    ``default_channel``) the channel; the message lists the file's columns."""
    problems = []
    if "created" not in found:
        problems.append(Message(
            "baseline.read.no_created", "no column gives the creation date (looked for names "
            "such as “Created at”, “created”, “opened”, “Start time”, “Дата создания”, "
            "“创建时间”): choose the column of the creation date"))
    if "channel" not in found and default_channel is None:
        problems.append(Message(
            "baseline.read.no_channel", "no column gives the channel (looked for names such "
            "as “Channel”, “Via”, “Source”, “Origin”, “Media type”, “Канал”, “渠道”): choose "
            "the channel column, or a channel for every row (phone for a call log; "
            "default_channel='phone' in the API)"))
    if problems:
        problems.append(_columns_message(table.raw.columns))
        raise BaselineError(name, problems)


def _check_units(duration_unit) -> dict:
    units = (dict(duration_unit) if isinstance(duration_unit, Mapping) else
             {f: duration_unit for f in _DURATION_FIELDS} if duration_unit else {})
    for f, u in units.items():
        if f not in _DURATION_FIELDS:
            raise ValueError(f"duration_unit: {f!r} is not a duration field; they are "
                             + ", ".join(_DURATION_FIELDS))
        if u is not None and u not in _UNIT_SECONDS:
            raise ValueError(f"duration_unit must be one of {', '.join(_UNIT_SECONDS)}, "
                             f"got {u!r}")
    return {f: u for f, u in units.items() if u}


_YES_NO = re.compile(r"^\s*(y|n|yes|no|true|false|да|нет|是|否|0|1)\s*$", re.I)


def _check_content(table, found: dict, given: Mapping) -> None:
    """A column found by its name is also checked by its values: a date field whose values
    are yes/no answers, or a time-of-day field whose values are whole date-times, is not
    used (and the notes say so). Columns chosen in ``mapping`` are used as given."""
    raw = table.raw
    for f in ("created", "resolved", "created_time"):
        col = found.get(f)
        if col is None or f in given:
            continue
        sample = [str(v) for v in _head_present(raw[col], 200)]
        if not sample:
            continue
        yes_no = sum(bool(_YES_NO.match(v)) for v in sample)
        if yes_no >= 0.8 * len(sample) and not pd.api.types.is_numeric_dtype(raw[col].dtype):
            del found[f]
            table.notes.append(Message(
                "baseline.read.yes_no_not_dates", f"the column “{col}” holds yes/no answers, "
                f"not dates: it is not used as the {f.replace('_', ' ')} date", column=col,
                field=f))
            if f == "resolved" and "fcr_flag" not in found and _looks_fcr(col):
                found["fcr_flag"] = col
        elif f == "created_time":
            times = sum(bool(_TIME_OF_DAY.match(v)) for v in sample)
            if times < 0.8 * len(sample):
                del found[f]


def _looks_fcr(column: str) -> bool:
    return bool(re.search(r"first|перв|首次|一次", column, re.I))


_TIME_OF_DAY = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*$")


def _mapping_for(columns, mapping, name):
    try:
        return detect_mapping(columns, mapping)
    except BaselineError as exc:
        raise BaselineError(name, exc.problems + [_columns_message(columns)]) from None


def _columns_message(columns) -> Message:
    return Message("baseline.read.columns", "columns in the file: "
                   + ", ".join(f"“{c}”" for c in columns), columns=[str(c) for c in columns])


@dataclass
class _Step:
    """What every parsing step of :func:`_build` reads and adds to."""

    raw: pd.DataFrame
    rows: np.ndarray
    mapping: dict
    opts: _Options
    P: _Problems
    notes: list
    warnings: list = field(default_factory=list)
    #: {column: which of its values are present}, each computed once (a look for missing
    #: values in a million text cells takes tens of milliseconds)
    masks: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.raw)

    def col(self, f: str) -> pd.Series:
        return self.raw[self.mapping[f]]

    def present(self, f: str) -> np.ndarray:
        """Which values of ``f``'s column are not missing (read-only: copy to change it)."""
        column = self.mapping[f]
        if column not in self.masks:
            mask = _present(self.raw[column])
            mask.flags.writeable = False
            self.masks[column] = mask
        return self.masks[column]

    def detail(self, mask, texts) -> np.ndarray:
        out = np.full(self.n, "", dtype=object)
        out[mask] = texts
        return out


def _build(name: str, table: _Table, mapping: dict, opts: _Options) -> TicketExport:
    raw, rows = table.raw, table.rows
    notes = [Message("baseline.read.read_as", f"read as {table.kind}"
                     + (f": {', '.join(table.notes)}" if table.notes else ""), kind=table.kind,
                     parts=list(table.notes))]
    first = _present(raw.iloc[:, 0]) if raw.shape[1] else np.ones(len(raw), dtype=bool)
    blank = ~first
    if blank.any():  # only rows with an empty first cell can be blank: check those alone
        idx = np.flatnonzero(blank)
        blank[idx] = raw.iloc[idx].isna().all(axis=1).to_numpy()
    n_blank = int(blank.sum())
    if n_blank:
        notes.append(Message("baseline.read.blank_rows", f"{n_blank:,} blank "
                             f"row{'s' if n_blank != 1 else ''} skipped (not data)", n=n_blank))
        raw, rows = raw.loc[~blank].reset_index(drop=True), rows[~blank]
        table.raw = raw  # the copy without blank rows replaces the table read (memory)
        first = first[~blank]
    kept = _OPTIONAL if opts.bad_values == "blank" else ()
    st = _Step(raw, rows, mapping, opts, _Problems(kept), notes)
    if raw.shape[1]:  # column names are unique (_unique_names)
        first.flags.writeable = False
        st.masks[raw.columns[0]] = first
    created, resolved = _dates(st)
    ch_codes, labels = _channels(st)
    values = {"created": created, "resolved": resolved, "channel": ch_codes,
              "handle_time_s": _durations(st, "handle_time"),
              "wait_time_s": _durations(st, "wait_time"),
              "first_response_s": _first_response(st, created),
              "reopens": _reopens(st), **_scores(st), "answered": _outcome(st),
              "fcr_flag": _flag(st, "fcr_flag"), **_ids(st),
              **{f"{f}_s": _durations(st, f) for f in _HANDLE_PARTS}}
    if "handle_time" not in mapping and "talk_time" in mapping:
        values["handle_time_s"] = _handle_from_parts(st, values)
    if kept and "resolved" in mapping:  # a resolution before creation is blanked, not kept
        bad = st.P.any_mask(st.n, {"resolved"})
        values["resolved"] = np.where(bad, np.datetime64("NaT"), resolved)
    del created, resolved, raw  # _assemble frees the table and each array once used
    return _assemble(name, table, st, values, n_blank, labels)


def _handle_from_parts(st: _Step, values: dict) -> np.ndarray:
    """Handle time [s] as talk + hold + wrap-up, for a file with those columns and no
    handle-time column: an empty hold or wrap-up is none; no talk time, no handle time."""
    parts = [f for f in _HANDLE_PARTS if f in st.mapping]
    talk = values["talk_time_s"]
    handle = talk + sum(np.nan_to_num(values[f"{f}_s"]) for f in parts if f != "talk_time")
    st.notes.append(Message("baseline.read.handle_from_parts", "handle time = " + " + ".join(
        f"“{st.mapping[f]}”" for f in parts) + " (no handle-time column; an empty hold or "
        "wrap-up time counts as none)", columns=[st.mapping[f] for f in parts]))
    doubtful = st.P.any_mask(st.n, set(parts))  # a part left blank as bad: no sum
    return np.where(np.isnan(talk) | doubtful, np.nan, handle)


def _date_column(st: _Step, f: str) -> pd.Series:
    """The date texts of ``f``; with a separate time-of-day column, date and time joined."""
    s = st.col(f)
    if not _joined(st, f):
        return s
    date = _as_object(s).astype(str).str.strip().str.replace(
        r"[ T]00:00(?::00(?:\.0+)?)?$", "", regex=True)
    time_ = _as_object(st.col("created_time")).astype(str).str.strip()
    both = s.notna().to_numpy() & st.col("created_time").notna().to_numpy()
    out = pd.Series(np.where(both, date + " " + time_, np.where(s.notna(), date, None)),
                    dtype=object)
    st.notes.append(Message(
        "baseline.read.date_and_time", f"“{st.mapping['created']}” (date) and "
        f"“{st.mapping['created_time']}” (time of day) joined into the creation time",
        date=st.mapping["created"], time=st.mapping["created_time"]))
    return out


def _joined(st: _Step, f: str) -> bool:
    """Whether ``f``'s dates are joined with a time-of-day column (:func:`_date_column`)."""
    return f == "created" and "created_time" in st.mapping


def _dates(st: _Step):
    mapping, opts, P = st.mapping, st.opts, st.P
    columns = {f: _date_column(st, f) for f in ("created", "resolved") if f in mapping}
    present = {f: _present(s) if _joined(st, f) else st.present(f)
               for f, s in columns.items()}
    plan, how, warnings = _decide_dayfirst({mapping[f]: s for f, s in columns.items()},
                                           None if opts.date_format else opts.dayfirst,
                                           {mapping[f]: m for f, m in present.items()})
    st.warnings.extend(warnings)
    created = np.full(st.n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "created" in mapping:
        created, got, bad, far, note = _parse_dates(columns["created"], mapping["created"],
                                                    opts, plan[mapping["created"]], how,
                                                    present["created"])
        st.notes.append(Message("baseline.read.column_note", f"“{mapping['created']}” "
                                f"(created): {note}", column=mapping["created"],
                                field="created", note=note))
        P.add(~got, "created", "date_missing", detail("baseline.details.empty"))
        P.add(bad, "created", "date_unparseable", detail("baseline.details.not_a_date"))
        P.add(far, "created", "date_out_of_range", REASONS["date_out_of_range"])
    resolved = np.full(st.n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "resolved" in mapping:
        resolved, _, bad, far, note = _parse_dates(
            columns["resolved"], mapping["resolved"], opts, plan[mapping["resolved"]], how,
            present["resolved"])
        st.notes.append(Message("baseline.read.column_note", f"“{mapping['resolved']}” "
                                f"(resolved): {note}", column=mapping["resolved"],
                                field="resolved", note=note))
        P.add(bad, "resolved", "date_unparseable", detail("baseline.details.not_a_date"))
        P.add(far, "resolved", "date_out_of_range", REASONS["date_out_of_range"])
        before = ~np.isnat(created) & ~np.isnat(resolved) & (resolved < created)
        if before.any():
            gap_h = ((created[before] - resolved[before]) / np.timedelta64(1, "h")).round(2)
            P.add(before, "resolved", "resolved_before_created",
                  st.detail(before, [detail("baseline.details.before_created", hours=f"{g:g}")
                                     for g in gap_h]))
    return created, resolved


def _channels(st: _Step):
    if "channel" not in st.mapping:
        st.notes.append(Message("baseline.read.no_channel_column", "no channel column: every "
                                f"row is {st.opts.default_channel}",
                                channel=st.opts.default_channel))
        return np.full(st.n, CHANNELS.index(st.opts.default_channel), dtype=np.int8), {}
    codes, uniq = pd.factorize(_as_object(st.col("channel")))
    mapped = [channel_of(u, st.opts.channel_map) for u in uniq]
    labels = {str(u): m for u, m in zip(uniq, mapped)}
    lookup = np.array([CHANNELS.index(m) if m else -1 for m in mapped] + [-1], dtype=np.int8)
    ch_codes = lookup[codes]  # codes −1 (empty) → last entry, −1
    bad = ch_codes < 0
    st.P.add(bad, "channel", "channel_unknown", st.detail(bad, np.where(
        codes[bad] < 0, detail("baseline.details.empty"),
        detail("baseline.details.not_a_channel"))))
    named = {k: v for k, v in labels.items() if v}
    if named:
        st.notes.append(Message("baseline.read.channel_labels", "channel labels: " + ", ".join(
            f"“{k}” → {v}" for k, v in sorted(named.items())), labels=sorted(named.items())))
    unknown = [u for u, m in zip(uniq, mapped) if not m]
    if unknown:
        counts = np.bincount(codes[codes >= 0], minlength=len(uniq))
        listed = sorted(((int(counts[i]), str(u)) for i, (u, m) in enumerate(zip(uniq, mapped))
                         if not m), reverse=True)
        st.warnings.append(Message(
            "baseline.read.unknown_labels",
            "channel labels not recognised (their rows are set aside; map each to a channel "
            "if they are contacts): " + ", ".join(f"“{u}” ({c:,} row{'s' if c != 1 else ''})"
                                     for c, u in listed[:10])
            + (f" and {len(listed) - 10} more" if len(listed) > 10 else ""),
            labels=[(u, c) for c, u in listed[:10]], more=max(0, len(listed) - 10)))
    return ch_codes, labels


def _durations(st: _Step, f: str) -> np.ndarray:
    if f not in st.mapping:
        return np.full(st.n, np.nan)
    s, column, opts, P = st.col(f), st.mapping[f], st.opts, st.P
    given = (opts.duration_units or {}).get(f)
    named = _header_unit(column)
    unit = given or named or "seconds"
    handle = _parse_duration_series(s, _UNIT_SECONDS[unit], opts.decimal)
    present = st.present(f)
    is_num = pd.api.types.is_numeric_dtype(s.dtype)
    basis = "as chosen" if given else ("named by the column" if named
                                       else "assumed: the column name names no unit")
    how = (f"plain numbers in {unit} ({basis})" if is_num
           else f"clock or unit text; plain numbers in {unit} ({basis})")
    st.notes.append(Message(
        "baseline.read.duration_numbers" if is_num else "baseline.read.duration_text",
        f"“{column}” ({f.replace('_', ' ')}): {how}", column=column, field=f, unit=unit,
        basis="chosen" if given else "named" if named else "assumed"))
    ok = handle[~np.isnan(handle) & (handle > 0)]
    if f == "handle_time" and is_num and unit == "seconds" and ok.size and np.median(ok) < 30:
        st.warnings.append(Message(
            "baseline.read.seconds_or_minutes", f"handle times read as seconds have a median "
            f"of {np.median(ok):.3g} s: if they are minutes, choose minutes as the unit of the "
            "handle-time column (duration_unit='minutes' in the API)",
            seconds=float(f"{np.median(ok):.3g}")))
    bad = present & np.isnan(handle)
    idx = np.flatnonzero(bad)
    bad[idx[_blank(s.to_numpy()[idx])]] = False
    P.add(bad, f, "duration_unparseable", detail("baseline.details.not_a_duration"))
    P.add(handle < 0, f, "duration_negative", detail("baseline.details.negative"))
    cap = (opts.max_handle_time_s if f == "handle_time" or f in _HANDLE_PARTS
           else _MAX_WAIT_S.get(f, 86400.0))
    too_long = handle > cap
    if too_long.any():
        limit = f"{cap / 3600:g}"
        P.add(too_long, f, "duration_too_long", st.detail(
            too_long, [detail("baseline.details.over_limit", hours=f"{h:.4g}", limit=limit)
                       for h in handle[too_long] / 3600]))
    return np.where((handle < 0) | too_long | bad, np.nan, handle)


#: Longest plausible wait in a queue and first-response time. [s]
_MAX_WAIT_S = {"wait_time": 8 * 3600.0, "first_response": 365 * 86400.0}


def _first_response(st: _Step, created: np.ndarray) -> np.ndarray:
    """First-response time [s]: a duration, or the date-time of the first reply."""
    if "first_response" not in st.mapping:
        return np.full(st.n, np.nan)
    s = st.col("first_response")
    sample = [str(v) for v in _head_present(s, 50)]
    if sample and sum(bool(_DATE_LIKE.match(v)) for v in sample) >= 0.8 * len(sample):
        when, _, bad, far, note = _parse_dates(s, st.mapping["first_response"], st.opts,
                                               present=st.present("first_response"))
        st.notes.append(Message(
            "baseline.read.response_dates", f"“{st.mapping['first_response']}” (first "
            f"response): date-times, {note}", column=st.mapping["first_response"], note=note))
        secs = (when - created) / np.timedelta64(1, "s")
        st.P.add(bad | far, "first_response", "date_unparseable",
                 detail("baseline.details.not_a_date"))
        st.P.add(~np.isnan(secs) & (secs < 0), "first_response", "duration_negative",
                 detail("baseline.details.response_before_created"))
        return np.where(secs >= 0, secs, np.nan)
    return _durations(st, "first_response")


_DATE_LIKE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")


def _reopens(st: _Step) -> np.ndarray:
    if "reopens" not in st.mapping:
        return np.full(st.n, np.nan)
    reopens, missing = _parse_numbers(st.col("reopens"), _BOOL, decimal=st.opts.decimal)
    present = st.present("reopens") & ~missing
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
                                         _NOT_ANSWERED if f == "csat" else (),
                                         decimal=st.opts.decimal)
        present = st.present(f) & ~missing
        bad = present & (np.isnan(values) | (values < lo) | (values > hi)
                         | (values != np.floor(values)))
        st.P.add(bad, f, "score_off_scale", detail("baseline.details.off_scale", low=lo,
                                                   high=hi))
        scores[f] = np.where(bad | missing, np.nan, values)
    return scores


def _outcome(st: _Step) -> np.ndarray:
    """1.0 answered, 0.0 abandoned, NaN unknown, from the outcome column's words."""
    if "outcome" not in st.mapping:
        return np.full(st.n, np.nan)
    codes, uniq = pd.factorize(_as_object(st.col("outcome")))
    got = np.array([outcome_of(u) for u in uniq] + [np.nan], dtype=float)
    values = got[codes]
    unknown = (codes >= 0) & np.isnan(values)
    st.P.add(unknown, "outcome", "outcome_unknown", detail("baseline.details.not_an_outcome"))
    read = {str(u): ("answered" if g == 1 else "abandoned" if g == 0 else "not recognised")
            for u, g in zip(uniq, got)}
    st.notes.append(Message("baseline.read.outcomes", f"“{st.mapping['outcome']}” (outcome): "
                            + ", ".join(f"“{k}” → {v}" for k, v in list(read.items())[:12]),
                            column=st.mapping["outcome"], outcomes=list(read.items())[:12]))
    return values


def _flag(st: _Step, f: str) -> np.ndarray:
    if f not in st.mapping:
        return np.full(st.n, np.nan)
    values, missing = _parse_numbers(st.col(f), _FLAG_WORDS)
    present = st.present(f) & ~missing
    bad = present & ~np.isin(values, (0.0, 1.0))
    st.P.add(bad, f, "flag_invalid", detail("baseline.details.not_yes_no"))
    return np.where(bad | missing, np.nan, values)


def _ids(st: _Step) -> dict:
    """Ticket ids (text, duplicates set aside) and agent and customer ids ((codes, ids):
    :func:`_placeholders`)."""
    out = {f: _placeholders(st, f) if f in st.mapping
           else (np.full(st.n, -1, dtype=np.int64), np.array([], dtype=object))
           for f in ("agent", "customer")}
    if "ticket_id" not in st.mapping:
        return {"ticket_id": np.full(st.n, None, dtype=object), **out}
    ids = _id_texts(st.col("ticket_id"), st.present("ticket_id"))
    known = np.not_equal(ids.to_numpy(), None)  # _id_texts writes None for no id
    dup = ids.duplicated(keep="first").to_numpy() & known
    if dup.any():
        dup_ids = ids[dup]
        firsts = ids[ids.isin(set(dup_ids)) & ~dup]
        first_row = pd.Series(st.rows[firsts.index.to_numpy()], index=firsts.to_numpy())
        st.P.add(dup, "ticket_id", "duplicate_id", st.detail(dup, (
            detail("baseline.details.duplicate_of", row="")
            + first_row.reindex(dup_ids.to_numpy()).astype("int64").astype(str)).to_numpy()))
    # a copy of the references: a view would keep the whole table read alive (memory)
    return {"ticket_id": np.array(ids.to_numpy(), dtype=object), **out}


def _placeholders(st: _Step, f: str) -> tuple[np.ndarray, np.ndarray]:
    """The ids of ``f``'s column as (codes, distinct ids as text): each distinct id is
    stored and checked once (a column of a million ids holds far fewer); code −1: no id.
    Ids such as 0, "unknown" or "n/a" stand for no id: they become missing, so that
    thousands of anonymous contacts do not count as one customer's repeats."""
    s = st.col(f)
    # text as read from a CSV is factorized as it is (_id_texts would only write None for
    # its missing values); other ids are made text first (1234.0 → "1234")
    as_read = s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string"
    codes, uniq = pd.factorize(s if as_read else _id_texts(s, st.present(f)))
    texts = list(uniq)  # every id is a str (missing ones, None or NaN, are not in uniq)
    is_placeholder = np.array([len(u) <= 17 and u.strip().casefold() in PLACEHOLDER_IDS
                               for u in texts] + [False], dtype=bool)
    mask = is_placeholder[codes]  # code −1 (missing) → the last entry, False
    column = st.mapping[f]
    if mask.any():
        found = np.flatnonzero(is_placeholder[:-1])  # in order of first appearance
        shown = ", ".join(f"“{texts[i]}”" for i in found[:8])
        st.notes.append(Message(
            "baseline.read.placeholder_ids", f"“{column}”: {int(mask.sum()):,} placeholder ids "
            f"({shown}) read as no {f} id", column=column, n=int(mask.sum()),
            ids=[texts[i] for i in found[:8]], field=f))
    if f == "customer" and len(uniq):  # one id on many rows: a placeholder the list does not know
        counts = np.bincount(codes[codes >= 0], minlength=len(uniq))
        counts[is_placeholder[:-1]] = 0
        top = int(np.argmax(counts))
        n_top = int(counts[top])
        if n_top >= max(100, 0.05 * st.n):
            st.warnings.append(Message(
                "baseline.read.one_customer", f"the customer id “{texts[top]}” is on "
                f"{n_top:,} rows ({n_top / st.n:.0%}): if it stands for “no id”, choose no "
                "customer column or clean it, or repeat contacts and FCR are wrong",
                id=texts[top], n=n_top, share=n_top / st.n))
    return np.where(mask, -1, codes), np.asarray(texts, dtype=object)


def _categories(codes: np.ndarray, labels: np.ndarray) -> pd.Categorical:
    """``labels[codes]`` (code −1: missing) as a categorical of the labels used, in their
    order in ``labels``."""
    used = np.zeros(len(labels) + 1, dtype=bool)
    used[codes] = True  # code −1 marks the last entry, which is no label
    keep = used[:-1]
    renumber = np.append(np.cumsum(keep) - 1, -1)
    return pd.Categorical.from_codes(renumber[codes], categories=pd.Index(labels[keep]))


_TICKET_COLUMNS = ("ticket_id", "created", "resolved", "channel", "handle_time_s",
                   "wait_time_s", "first_response_s", "reopens", "csat", "nps", "ces",
                   "answered", "fcr_flag", "agent", "customer", "talk_time_s", "hold_time_s",
                   "wrap_time_s")


def _assemble(name, table: _Table, st: _Step, values: dict, n_blank: int,
              labels: dict) -> TicketExport:
    """The valid rows as :attr:`TicketExport.tickets`, and the report of the others."""
    raw, rows, mapping, opts, n = st.raw, st.rows, st.mapping, st.opts, st.n
    rejected_mask = st.P.any_mask(n)
    rejections = _rejections(st.P, raw, rows, mapping, table.malformed, rejected_mask)
    rejected = raw.loc[rejected_mask].copy()
    rejected.index = pd.Index(rows[rejected_mask], name="row")
    unmapped = tuple(c for c in table.raw.columns if c not in mapping.values())
    # The file's cells are not needed any more: free them before the rows are copied (a
    # million rows of text are most of the memory an import takes).
    table.raw = table.raw.iloc[:0]
    st.raw = raw = None
    valid = ~rejected_mask
    columns = {}
    for f in _TICKET_COLUMNS:
        if f in ("agent", "customer"):  # categories of the ids on valid rows
            codes, ids = values.pop(f)
            columns[f] = _categories(codes[valid], ids)
            continue
        v = values.pop(f)[valid]  # each full-length array freed once copied (memory)
        if f in ("created", "resolved"):
            v = pd.DatetimeIndex(v).tz_localize("UTC").tz_convert(opts.timezone)
        elif f == "channel":
            v = pd.Categorical.from_codes(v.astype(np.int8), categories=list(CHANNELS))
        columns[f] = v
    tickets = pd.DataFrame(columns, index=pd.Index(rows[valid], name="row"))
    aside = rejections[rejections["action"] == ACTION_SET_ASIDE]
    if len(aside):
        by_row = _problem_texts(aside).groupby(aside["row"].to_numpy(),
                                               sort=False).agg("; ".join)
        rejected["problems"] = by_row.reindex(rejected.index).to_numpy()
    else:
        rejected["problems"] = pd.Series(dtype=object)
    missing = tuple(f for f in FIELDS if f not in mapping)
    notes = st.notes
    if len(table.malformed):
        notes.append(Message("baseline.read.malformed", f"{len(table.malformed):,} line(s) "
                             "with more fields than the header", n=len(table.malformed)))
    blanked = rejections.loc[rejections["action"] == ACTION_BLANKED, "row"].nunique()
    if blanked:
        notes.append(Message("baseline.read.blanked", f"{blanked:,} "
                             f"row{'s' if blanked != 1 else ''} kept with a bad optional "
                             "value left blank (listed with the rows set aside)",
                             n=int(blanked)))
    return TicketExport(
        tickets=tickets, rejections=rejections, rejected=rejected,
        summary=_summary(rejections), mapping=dict(mapping), missing=missing,
        unmapped=unmapped, source=name, timezone=opts.timezone,
        n_rows=n + len(table.malformed), n_blank=n_blank, notes=tuple(notes),
        channel_labels=labels, warnings=tuple(st.warnings))


def _with_warnings(export: TicketExport, layout, max_share: float) -> TicketExport:
    """The export with its layout, and a warning when too many rows are set aside."""
    warnings = list(export.warnings)
    share = export.set_aside_share
    if share > max_share:
        warnings.insert(0, Message(
            "baseline.read.many_set_aside", f"{export.n_rejected:,} of {export.n_rows:,} rows "
            f"({share:.0%}) are set aside, more than {max_share:.0%}: check the column "
            "mapping, the date order and the channel labels before using these KPIs",
            n=export.n_rejected, total=export.n_rows, share=share, limit=max_share))
    return dataclasses.replace(export, warnings=tuple(warnings), layout=layout)


_FIELD_ORDER = {f: i for i, f in enumerate(("",) + tuple(FIELDS))}
_REJECTION_COLUMNS = ["row", "field", "column", "value", "reason", "detail", "action"]


def _rejections(P: _Problems, raw, rows, mapping, malformed, aside) -> pd.DataFrame:
    """One line per problem; ``aside`` marks the rows set aside (a value that could be
    blanked on a row set aside for another problem is set aside with it)."""
    parts = []
    for mask, fld, reason, why in P.items:
        idx = np.flatnonzero(mask)
        column = mapping.get(fld, "")
        value = _display(raw[column].to_numpy()[idx]) if column else np.full(idx.size, "")
        det = why[idx] if isinstance(why, np.ndarray) else why
        action = (np.where(aside[idx], ACTION_SET_ASIDE, ACTION_BLANKED) if fld in P.kept
                  else ACTION_SET_ASIDE)
        parts.append(pd.DataFrame({"row": rows[idx], "field": fld, "column": column,
                                   "value": value, "reason": reason, "detail": det,
                                   "action": action}))
    if malformed:
        parts.append(pd.DataFrame({"row": [r for r, _ in malformed], "field": "", "column": "",
                                   "value": "", "reason": "malformed_line",
                                   "detail": [d for _, d in malformed],
                                   "action": ACTION_SET_ASIDE}))
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


