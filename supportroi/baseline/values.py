"""Parsing values: dates (formats, day-first, time zones), durations, numbers, ids."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .fields import _SAMPLE, _UNIT_SECONDS, DATE_RANGE, normalise_header
from .messages import Message


def _display(values) -> np.ndarray:
    """Original values as short text for reports (4.0 → "4", NaN → "")."""
    out = []
    for v in values:
        if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return np.asarray(out, dtype=object)


def _present(s: pd.Series) -> np.ndarray:
    """Not missing. (Text of only spaces is told apart where a value fails to parse.)"""
    return np.array(s.notna().to_numpy(), dtype=bool)  # a writable copy


def _blank(values) -> np.ndarray:
    """Which of a few values are text of only spaces."""
    return np.array([isinstance(v, str) and not v.strip() for v in values], dtype=bool)


def _as_object(s: pd.Series) -> pd.Series:
    return s if s.dtype == object else s.astype(object)


_ISO_RE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
                     r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$", re.I)
_NUM_RE = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:(?P<dt>\s+|T|,\s*)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<f>[.,]\d+)?)?"
    r"(?P<sp>\s*)(?P<p>[AaPp]\.?[Mm]\.?)?)?(?P<tzsp>\s*)(?P<tz>Z|[+-]\d{2}:?\d{2})?$")
_TZ_END = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\bUTC|\bGMT)\s*$", re.I)


def _shape(value: str, dayfirst: bool) -> str | None:
    """strptime format of one date text; "ISO8601"; "mixed" for text dates; None."""
    v = value.strip()
    if _ISO_RE.match(v):
        return "ISO8601"
    m = _NUM_RE.match(v)
    if m:
        d, mo = ("%d", "%m") if dayfirst else ("%m", "%d")
        fmt = f"{d}{m['sep']}{mo}{m['sep']}{'%Y' if len(m['y']) == 4 else '%y'}"
        if m["H"]:
            fmt += m["dt"] + ("%I" if m["p"] else "%H") + ":%M"
            if m["S"]:
                fmt += ":%S" + (m["f"][0] + "%f" if m["f"] else "")
            if m["p"]:
                fmt += m["sp"] + "%p"
        if m["tz"]:
            fmt += m["tzsp"] + "%z"
        return fmt
    if re.search(r"[A-Za-z]{3}", v):
        return "mixed"
    return None


def _localize(values, tz: str) -> np.ndarray:
    """Naive wall-clock times in ``tz`` → UTC, as datetime64[us].

    Times far outside :data:`DATE_RANGE` (rejected later) are left as they are:
    time-zone rules do not reach year 10000.
    """
    out = np.array(pd.DatetimeIndex(values).as_unit("us").to_numpy(), dtype="datetime64[us]")
    if tz != "UTC":
        lo, hi = (np.datetime64(t.to_datetime64(), "us") for t in DATE_RANGE)
        near = ~np.isnat(out) & (out >= lo - np.timedelta64(2, "D")) & (
            out < hi + np.timedelta64(2, "D"))
        idx = pd.DatetimeIndex(out[near])
        out[near] = idx.tz_localize(tz, ambiguous=np.ones(len(idx), dtype=bool),
                                    nonexistent="shift_forward").tz_convert("UTC") \
            .tz_localize(None).as_unit("us").to_numpy()
    return out


def _parse_with(sub: pd.Series, fmt: str, aware: bool | None, dayfirst: bool, tz: str):
    """Parse ``sub`` with one format; returns UTC datetime64[us] (NaT where it fails)."""
    kw = dict(format=fmt, errors="coerce")
    if fmt == "mixed":
        kw["dayfirst"] = dayfirst
    if aware is None:  # some with an offset, some without: split
        has_tz = sub.str.contains(_TZ_END).fillna(False).to_numpy(dtype=bool)
        out = np.full(len(sub), np.datetime64("NaT"), dtype="datetime64[us]")
        if has_tz.any():
            out[has_tz] = _parse_with(sub[has_tz], fmt, True, dayfirst, tz)
        if (~has_tz).any():
            out[~has_tz] = _parse_with(sub[~has_tz], fmt, False, dayfirst, tz)
        return out
    if aware or "%z" in fmt:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # dateutil fallbacks in "mixed"
            r = pd.to_datetime(sub, utc=True, **kw)
        return r.dt.tz_localize(None).dt.as_unit("us").to_numpy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            r = pd.to_datetime(sub, **kw)
    except ValueError:  # an offset where the sample had none
        return _parse_with(sub, fmt, None, dayfirst, tz)
    if getattr(r.dtype, "tz", None) is not None:
        return r.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy()
    return _localize(r, tz)


def _spread(s: pd.Series, mask: np.ndarray, k: int = _SAMPLE) -> list[str]:
    """Up to ``k`` values of ``s`` where ``mask``, spread evenly over them, as text
    (positions picked among the masked values: ``s[mask]`` itself is never copied)."""
    idx = np.flatnonzero(mask)
    if len(idx) > k:
        idx = idx[np.linspace(0, len(idx) - 1, k).astype(np.int64)]
    return [str(v) for v in s.iloc[idx].tolist()]


def _text_sample(s: pd.Series, present: np.ndarray | None = None) -> list[str]:
    """Up to 2,000 present values spread over the column, as text (``present``: the
    column's :func:`_present` mask, if known)."""
    if not (s.dtype == object or isinstance(s.dtype, pd.StringDtype)):
        return []
    return _spread(s, _present(s) if present is None else present)


def _head_present(s: pd.Series, k: int) -> list:
    """The first ``k`` present values of ``s`` (``s.dropna().head(k)``), reading no more
    of the column than it takes (a million-row column is rarely read to its end)."""
    out, start, step = [], 0, max(4 * k, 1024)
    while start < len(s) and len(out) < k:
        part = s.iloc[start:start + step]
        out.extend(part[part.notna().to_numpy()].tolist()[:k - len(out)])
        start += step
        step *= 4
    return out


class DateOrderError(ValueError):
    """Numeric dates whose day-month order cannot be decided without a person (its one
    argument is the :class:`~supportroi.baseline.messages.Message` saying so)."""


def joined(parts, sep: str = "; ") -> Message:
    """Notes said one after another (``a; b``), each in its own words."""
    parts = [p for p in parts if p]
    return Message("baseline.read.joined", sep.join(parts), parts=parts)


def _decide_dayfirst(columns: dict[str, pd.Series], given: bool | None,
                     present: Mapping[str, np.ndarray] | None = None):
    """How numeric dates (05/03/2024) are read: (plan, note, warnings).

    ``plan`` maps each column to True (day-first), False (month-first) or an
    array with one flag per value. Each value whose first number is above 12
    can only be day-first, and one whose second number is above 12 only
    month-first: it is read so. The other values (both numbers 12 or less)
    follow the values with the same separator: if those are all day-first,
    day-first, and so on. If values of both orders share a separator, a value
    that could be either cannot be read without a person: a
    :class:`DateOrderError` says so (pass ``dayfirst`` or ``date_format``).
    If no value decides, dots mean day-first and slashes or dashes month-first,
    with a warning. ``present`` ({column: :func:`_present` mask}) saves computing them.
    """
    if given is not None:
        return {c: bool(given) for c in columns}, Message(
            "baseline.read.order_chosen", f"{'day' if given else 'month'}-first as chosen",
            dayfirst=bool(given)), []
    parts = {}
    for c, s in columns.items():
        sample = _text_sample(s, (present or {}).get(c))
        if not any(_NUM_RE.match(v.strip()) for v in sample):
            continue
        p = _as_object(s).str.extract(r"^\s*(\d{1,2})([./-])(\d{1,2})[./-]\d")
        parts[c] = (pd.to_numeric(p[0], errors="coerce").to_numpy(float), p[1].to_numpy(),
                    pd.to_numeric(p[2], errors="coerce").to_numpy(float))
    if not parts:
        return {c: False for c in columns}, "", []
    seps: dict[str, list[int]] = {}
    for a, sep, b in parts.values():
        for sp in ("/", ".", "-"):
            here = sep == sp
            if here.any():
                k = seps.setdefault(sp, [0, 0, 0])
                k[0] += int((here & (a > 12)).sum())
                k[1] += int((here & (b > 12)).sum())
                k[2] += int((here & (a <= 12) & (b <= 12)).sum())
    order, notes, warnings = {}, [], []
    for sp, (day, month, either) in seps.items():
        label = {"/": "slashes", ".": "dots", "-": "dashes"}[sp]
        if day and month and either:
            raise DateOrderError(Message(
                "baseline.read.order_mixed",
                f"dates with {label} are written both day-first ({day:,} values such as "
                f"13{sp}03) and month-first ({month:,} values such as 03{sp}13), so "
                f"{either:,} values such as 05{sp}03 could be either: choose day-first or "
                "month-first, or give the date format", sep=sp, day=day, month=month,
                either=either))
        if day and month:
            order[sp] = None
            notes.append(Message(
                "baseline.read.order_per_value", f"{label}: {day:,} values read day-first "
                f"and {month:,} month-first, each the only way it can be read", sep=sp,
                day=day, month=month))
        elif day or month:
            order[sp] = bool(day)
            notes.append(Message(
                "baseline.read.order_detected", f"{label}: {'day' if day else 'month'}-first "
                f"(detected: {'a first' if day else 'a second'} number is above 12)", sep=sp,
                dayfirst=bool(day)))
        else:
            order[sp] = sp == "."
            warnings.append(Message(
                "baseline.read.order_ambiguous",
                f"AMBIGUOUS dates: no date with {label} has a number above 12 before the "
                f"year; read as {'day' if sp == '.' else 'month'}-first, as "
                f"{'dots' if sp == '.' else 'slashes or dashes'} usually mean. Choose "
                f"{'month' if sp == '.' else 'day'}-first if that is wrong (dayfirst="
                f"{sp != '.'} in the API)", sep=sp, dayfirst=sp == "."))
    plan = {}
    for c in columns:
        if c not in parts:
            plan[c] = False
            continue
        a, sep, b = parts[c]
        flags = np.zeros(len(a), dtype=bool)
        for sp, first in order.items():
            here = sep == sp
            flags[here] = (a[here] > 12) if first is None else first
        uniform = [v for v in order.values() if v is not None]
        plan[c] = (bool(uniform[0]) if len(order) == 1 and uniform else flags)
    how = joined(notes) if notes else ""
    return plan, how, warnings


def _parse_dates(s: pd.Series, column: str, opts, dayfirst: bool = False, how: str = "",
                 present: np.ndarray | None = None):
    """Returns (UTC datetime64[us], present, unparseable, out_of_range, note).

    ``present`` is the column's :func:`_present` mask if known (it is not changed)."""
    n = len(s)
    present = _present(s) if present is None else np.array(present, dtype=bool)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    src_tz = "UTC" if re.search(r"\b(utc|gmt)\b", normalise_header(column)) else opts.source_tz
    note = ""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        if getattr(s.dtype, "tz", None) is not None:
            out = s.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy()
        else:
            out = _localize(s, src_tz)
        note = Message("baseline.read.date_times", "date-times")
    elif pd.api.types.is_numeric_dtype(s.dtype):
        out, note = _numeric_dates(s, present, src_tz)
    elif getattr(opts, "date_format", None):
        out = _parse_with(_as_object(s).where(present, None), opts.date_format, None, False,
                          src_tz)
        note = Message("baseline.read.format_chosen", f"the date format {opts.date_format} "
                       "as chosen", format=opts.date_format)
    elif isinstance(dayfirst, np.ndarray):  # per value: the only way each can be read
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
        note = ""
        for flag in (True, False):
            part = present & (dayfirst == flag)
            if part.any():
                got, sub_note = _text_dates(s[part], present[part], flag, "", src_tz)
                if got is not None:
                    out[part] = got
                    note = note or sub_note
        note = joined([note, how])
    else:
        out, note = _text_dates(s, present, dayfirst, how, src_tz)
        if out is None:  # numbers as text
            return _parse_dates(pd.to_numeric(_as_object(s), errors="coerce"), column, opts)
    out = np.array(out, dtype="datetime64[us]")  # a writable copy
    parsed = ~np.isnat(out)
    unparseable = present & ~parsed
    idx = np.flatnonzero(unparseable)
    if idx.size:  # text of only spaces is missing, not unparseable
        b = idx[_blank(s.to_numpy()[idx])]
        present[b] = unparseable[b] = False
    lo, hi = (np.datetime64(t.to_datetime64(), "us") for t in DATE_RANGE)
    out_of_range = parsed & ((out < lo) | (out >= hi))
    out[out_of_range] = np.datetime64("NaT")
    return out, present, unparseable, out_of_range, note


def _numeric_dates(s: pd.Series, present, src_tz: str):
    """Unix times or spreadsheet serial days → (UTC datetime64[us], note)."""
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[us]")
    v = s.to_numpy(dtype=float)
    med = np.nanmedian(v) if present.any() else np.nan
    if 1e9 <= med < 1e10:
        out = pd.to_datetime(v, unit="s", errors="coerce").as_unit("us").to_numpy()
        note = Message("baseline.read.unix_seconds", "Unix time in seconds (UTC)")
    elif 1e12 <= med < 1e13:
        out = pd.to_datetime(v, unit="ms", errors="coerce").as_unit("us").to_numpy()
        note = Message("baseline.read.unix_ms", "Unix time in milliseconds (UTC)")
    elif 20_000 <= med < 80_000:  # Excel serial days since 1899-12-30
        us = np.round(np.nan_to_num(v) * 86400e6).astype(np.int64).astype("timedelta64[us]")
        naive = np.datetime64("1899-12-30T00:00:00", "us") + us
        out = _localize(np.where(np.isnan(v), np.datetime64("NaT"), naive), src_tz)
        note = Message("baseline.read.serial_days", f"spreadsheet serial days, {src_tz} "
                       "wall-clock time", tz=src_tz)
    else:
        note = Message("baseline.read.not_dates", "numbers that are not dates")
    return out, note


def _text_dates(s: pd.Series, present, dayfirst: bool, how: str, src_tz: str):
    """Date texts → (UTC datetime64[us], note); (None, "") if they are all numbers."""
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[us]")
    texts = _as_object(s)
    todo = present.copy()
    sample = _spread(texts, todo)
    if sample and pd.to_numeric(pd.Series(sample), errors="coerce").notna().all():
        return None, ""
    if not any(_NUM_RE.match(v.strip()) for v in sample):
        how = ""  # the day-first decision does not concern this column
    formats: dict[str, list] = {}
    for v in sample:
        fmt = _shape(v, dayfirst)
        if fmt is not None:
            aware = bool(_TZ_END.search(v.strip()))
            formats.setdefault(fmt, []).append(aware)
    order = sorted(formats, key=lambda f: -len(formats[f]))
    used = []
    for fmt in order:
        flags = formats[fmt]
        aware = True if all(flags) else False if not any(flags) else None
        idx = np.flatnonzero(todo)
        if not idx.size:
            break
        got = _parse_with(texts.iloc[idx], fmt, aware, dayfirst, src_tz)
        ok = ~np.isnat(got)
        out[idx[ok]] = got[ok]
        todo[idx[ok]] = False
        if ok.any():
            used.append(fmt)
    if todo.any():  # values in another format than the sample's, or defects
        idx = np.flatnonzero(todo)
        left = texts.iloc[idx].astype(str).str.strip().str.replace(
            r"\s*\b(?:UTC|GMT)$", "Z", regex=True, case=False)
        codes, uniq = pd.factorize(left)
        shapes = np.array([_shape(u, dayfirst) or "" for u in uniq], dtype=object)[codes]
        for fmt in pd.unique(shapes):
            if not fmt:
                continue
            sel = np.flatnonzero(shapes == fmt)
            got = _parse_with(left.iloc[sel], fmt, None, dayfirst, src_tz)
            out[idx[sel]] = got
            if (~np.isnat(got)).any() and fmt not in used:
                used.append(fmt)
    names = {"ISO8601": "ISO 8601", "mixed": "text dates"}
    shown = ", ".join(names.get(f, f) for f in used[:3]) or "no recognisable format"
    shown += f" and {len(used) - 3} more formats" if len(used) > 3 else ""
    offsets = any(any(v) for v in formats.values())
    local = any(not all(v) for v in formats.values())
    note = shown + (f"; {how}" if how else "")
    note += (" (offsets converted)" if offsets else "")
    if local:
        note += f"; times without offset read as {src_tz} wall-clock time"
    return out, Message("baseline.read.date_formats", note, formats=used[:3],
                        more=max(0, len(used) - 3), how=how, offsets=offsets,
                        tz=src_tz if local else "")


_CLOCK_RE = r"^(?P<neg>-)?(?P<a>\d+):(?P<b>\d{1,2})(?::(?P<c>\d{1,2}))?(?:[.,](?P<frac>\d+))?$"
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT_RE = (r"^(?P<neg>-)?\s*(?:pt)?\s*"
            rf"(?:(?P<d>{_NUMBER})\s*(?:d|days?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<h>{_NUMBER})\s*(?:h|hrs?|hours?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<m>{_NUMBER})\s*(?:m|mins?|minutes?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<s>{_NUMBER})\s*(?:s|secs?|seconds?)(?![a-z])\s*)?$")


def _number_texts(text: pd.Series, decimal: str | None = None) -> pd.Series:
    """Number texts with thousands separators removed and a decimal point: "1 234,5" →
    "1234.5", "1.234,5" → "1234.5", "1,234.5" → "1234.5", "12,5" → "12.5". With
    ``decimal`` None, a value with both "," and "." has its last one as the decimal mark,
    and a lone comma is a decimal comma unless it groups thousands twice ("1,234,567")."""
    t = text.str.replace(r"(?<=\d)[\s\u00a0\u202f'’](?=\d{3}(?!\d))", "", regex=True)
    if decimal == ",":
        return t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    if decimal == ".":
        return t.str.replace(",", "", regex=False)
    comma_last = t.str.contains(r"\.\d*,\d+$", regex=True)
    t = t.where(~comma_last, t.str.replace(".", "", regex=False))
    t = t.str.replace(r"^(-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?)$",
                      lambda m: m.group(1).replace(",", ""), regex=True)
    t = t.str.replace(r"^(-?\d{1,3}(?:,\d{3})+)\.(\d+)$",
                      lambda m: m.group(1).replace(",", "") + "." + m.group(2), regex=True)
    t = t.str.replace(r"^(-?\d{1,3}(?:\.\d{3}){2,})$",
                      lambda m: m.group(1).replace(".", ""), regex=True)
    return t.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)


_AMPM_RE = r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<p>[ap])\.?m\.?$"


def _duration_texts(u: pd.Series, factor: float, decimal: str | None = None) -> np.ndarray:
    """Seconds for unique duration values (text or numbers); NaN where unparseable."""
    text = u.astype(str).str.strip().str.lower()
    num = pd.to_numeric(_number_texts(text, decimal), errors="coerce").to_numpy(
        dtype=float) * factor
    out = num.copy()
    rest = np.isnan(out)
    if rest.any():
        t = text[rest]
        ampm = t.str.extract(_AMPM_RE)  # Excel shows a duration as a time: "12:02:23 AM"
        h = pd.to_numeric(ampm["h"], errors="coerce").to_numpy(float)
        is_ampm = ~np.isnan(h) & (h <= 12)
        if is_ampm.any():
            hours = np.mod(h, 12) + np.where(ampm["p"].to_numpy() == "p", 12, 0)
            mins = pd.to_numeric(ampm["m"], errors="coerce").to_numpy(float)
            secs_ = pd.to_numeric(ampm["s"], errors="coerce").fillna(0).to_numpy(float)
            t = t.where(~is_ampm, pd.Series(
                [f"{int(a)}:{int(b):02d}:{int(c):02d}" if ok else x for a, b, c, ok, x in
                 zip(np.nan_to_num(hours), np.nan_to_num(mins), secs_, is_ampm, t)],
                index=t.index))
        clock = t.str.extract(_CLOCK_RE)
        a, b, c = (pd.to_numeric(clock[k], errors="coerce").to_numpy(dtype=float)
                   for k in ("a", "b", "c"))
        frac = pd.to_numeric("0." + clock["frac"].fillna("0"), errors="coerce").to_numpy()
        three = ~np.isnan(c)
        secs = np.where(three, a * 3600 + b * 60 + np.nan_to_num(c), a * 60 + b) + frac
        secs = np.where((b < 60) & (np.nan_to_num(c) < 60), secs, np.nan)  # 5:75 is no time
        secs = np.where(clock["neg"].notna().to_numpy(), -secs, secs)
        units = t.str.extract(_UNIT_RE)
        parts = [pd.to_numeric(units[k].str.replace(",", "."), errors="coerce")
                 .to_numpy(dtype=float) for k in ("d", "h", "m", "s")]
        any_part = np.any([~np.isnan(p) for p in parts], axis=0)
        total = sum(np.nan_to_num(p) * w for p, w in zip(parts, (86400, 3600, 60, 1)))
        total = np.where(units["neg"].notna().to_numpy(), -total, total)
        got = np.where(~np.isnan(secs), secs, np.where(any_part, total, np.nan))
        out[rest] = got
    return out


def parse_durations(values, unit: str = "seconds") -> np.ndarray:
    """Durations in seconds from clock text, unit text or numbers in ``unit``; NaN if unreadable.

    Empty values are NaN too; the reader tells them apart from unreadable ones.

    >>> parse_durations(["00:05:31", "5:31", "5m 31s", "PT5M31S", 331, "1h", "-0:30", "soon"])
    array([ 331.,  331.,  331.,  331.,  331., 3600.,  -30.,   nan])
    >>> parse_durations([5.5, "2"], unit="minutes")
    array([330., 120.])
    """
    s = pd.Series(values)
    return _parse_duration_series(s, _UNIT_SECONDS[unit])


def _parse_duration_series(s: pd.Series, factor: float, decimal: str | None = None
                           ) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float) * factor
    codes, uniq = pd.factorize(_as_object(s))
    if not len(uniq):
        return np.full(len(s), np.nan)
    parsed = _duration_texts(pd.Series(uniq, dtype=object), factor, decimal)
    return np.where(codes >= 0, parsed[np.maximum(codes, 0)], np.nan)


def _id_text(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    text = str(v).strip()
    return text or None


def _id_texts(s: pd.Series, present: np.ndarray | None = None) -> pd.Series:
    """Identifiers as text (1234.0 → "1234"), missing or blank → None. ``present`` is the
    column's :func:`_present` mask if known."""
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string":
        present = _present(s) if present is None else present  # as read from a CSV
        return pd.Series(np.where(present, s.to_numpy(), None), dtype=object)
    codes, uniq = pd.factorize(_as_object(s))
    if pd.api.types.infer_dtype(uniq, skipna=True) == "string":
        text = np.asarray(uniq, dtype=object)
        text = np.where(text == "", None, text)
    else:
        text = np.array([_id_text(u) for u in uniq], dtype=object)
    text = np.append(text, None)  # code −1 (missing) → None
    return pd.Series(text[codes], dtype=object)


def _parse_numbers(s: pd.Series, words: Mapping[str, float] | None = None,
                   missing_words=frozenset(), decimal: str | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, treated-as-missing) for a score or count column; NaN where not a number."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float), np.zeros(len(s), dtype=bool)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return s.to_numpy(dtype=float), np.zeros(len(s), dtype=bool)
    codes, uniq = pd.factorize(_as_object(s))
    if not len(uniq):
        return np.full(len(s), np.nan), np.zeros(len(s), dtype=bool)
    u = pd.Series(uniq, dtype=object)
    is_bool = np.array([isinstance(x, (bool, np.bool_)) for x in uniq], dtype=bool)
    text = u.astype(str).str.strip().str.lower()
    num = np.array(pd.to_numeric(_number_texts(text, decimal), errors="coerce"), dtype=float)
    if is_bool.any():  # True/False cells of a spreadsheet
        num[is_bool] = [float(x) for x in uniq[is_bool]]
    none = np.zeros(len(uniq), dtype=bool)
    if words:
        for i, t in enumerate(text.tolist()):
            if np.isnan(num[i]):
                key = next((w for w in words if t == w or t.startswith(w + " ")
                            or t.startswith(w + ",")), None)
                if key is not None:
                    num[i] = words[key]
    for i, t in enumerate(text.tolist()):
        if t in missing_words or not t:
            none[i] = True
    valid = codes >= 0
    values = np.where(valid, num[np.maximum(codes, 0)], np.nan)
    missing = np.where(valid, none[np.maximum(codes, 0)], False)
    return values, missing


