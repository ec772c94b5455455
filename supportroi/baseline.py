"""The baseline from the client's own data: a helpdesk or call-log export → KPIs → scenario.

Three steps, each a function with a documented result::

    export = read_export("tickets.csv", timezone="Europe/Berlin")   # TicketExport
    kpis = compute_kpis(export)                                       # BaselineKPIs
    scenario = to_scenario(kpis, title="Acme baseline")               # Scenario

:func:`read_export` reads CSV (optionally gzip-compressed) and XLSX exports,
maps their columns to the canonical fields in :data:`FIELDS`, parses every
value and sets aside each row it cannot trust. Nothing is dropped silently:
every set-aside row is in ``export.rejected`` with its row number in the file
and every problem it has in ``export.rejections``; ``export.summary`` counts
them by reason (:data:`REASONS`).

Conventions
-----------
* **Row numbers** are as in the file: the header is row 1, the first data row
  is row 2 (a spreadsheet's row numbers; a CSV's line numbers unless a quoted
  field holds a line break). Blank rows keep their number, are not data and
  are counted in ``export.n_blank``.
* **Columns** are matched after normalising their names (case, spaces,
  punctuation and camelCase are ignored: ``"Created at"``, ``created_at`` and
  ``CreatedAt`` are the same) against the names of common helpdesk and
  telephony exports (:data:`HEADER_NAMES`). A name may add a unit
  (``"Handle time (sec)"``, ``handle_time_minutes``) or a ``ticket``/``case``/
  ``call`` prefix. ``mapping={field: column}`` overrides detection; ``None``
  leaves a field out.
* **Dates** are ISO 8601 (with or without an offset or ``Z``), numeric
  day-month or month-day dates (``05/03/2024 14:22``, ``5.3.2024``,
  ``3/5/2024 2:22 PM``), or text dates (``Mar 5, 2024``). Whether numeric
  dates are **day-first** is decided per column from the data: a first number
  above 12 means day-first, a second number above 12 means month-first. If no
  value decides (every day ≤ 12), ``dd.mm.yyyy`` (dots) is read day-first and
  slashes or dashes month-first, and ``export.notes`` says so; pass
  ``dayfirst=`` to decide yourself. A date column whose name says ``UTC`` or
  ``GMT`` is read as UTC. Other times without an offset are wall-clock times
  in ``source_timezone`` (default: ``timezone``); times with an offset are
  converted. All times end up in ``timezone``, where weekdays, hours and
  months are counted. In the hour a clock goes back, a time without offset is
  read as the first (summer-time) occurrence; a time in the hour skipped when
  clocks go forward is moved forward by an hour. Dates before 1990 or from
  2100 on are rejected as out of range (placeholders such as 1900-01-01).
* **Durations** (handle time) are clock text (``00:05:31``; two parts are
  minutes:seconds, ``5:31``), unit text (``5m 31s``, ``5 min``, ``1h 2m``,
  ``PT5M31S``) or plain numbers, which are **seconds** unless the column name
  names a unit (``"AHT (min)"``, ``talk_time_minutes``) or ``duration_unit``
  is given. Negative durations and durations over ``max_handle_time_s``
  (default :data:`MAX_HANDLE_TIME_S`, 8 hours: more agent time than a full
  shift on one contact is a timer left running or a unit mix-up) are
  rejected; zero is valid (self-service, abandoned calls).
* **Channels** are normalised to ``phone``, ``chat``, ``email`` and
  ``self_service`` (:func:`channel_of`: voice/call/voicemail → phone;
  messaging/WhatsApp/SMS/live chat/social → chat; web form/web/mail → email;
  portal/help center/bot/IVR/self-service → self_service). A label matching
  none of them is rejected, so the share of unknown labels is visible;
  ``channel_map={"Walk-in": "phone"}`` adds labels. Without a channel column,
  ``default_channel`` (e.g. ``"phone"`` for a call log) applies to every row.
* **Scores** must be whole numbers on their scale (:data:`SCALES`: CSAT 1–5,
  NPS 0–10, CES 1–7). Zendesk's good/bad satisfaction rating counts as CSAT 5
  and 1, so CSAT % is Zendesk's satisfaction score; "offered"/"unoffered"
  mean not answered.
* **Reopens** are whole numbers from 0 to :data:`MAX_REOPENS` (100); yes/no and
  true/false count as 1/0.
* A **ticket id** seen on an earlier row is rejected as a duplicate (a row
  exported twice). Map ``ticket_id`` to ``None`` for call logs that repeat an
  id on each call leg.
* A row is kept whole or set aside whole, so every KPI uses the same rows.
  Missing optional values (no score, no handle time, still open) are not
  problems. A CSV line with more fields than the header (usually an unquoted
  comma) is set aside as ``malformed_line``; a line with fewer fields is read
  with the missing fields empty.

:func:`compute_kpis` documents the KPI definitions (FCR, repeat contacts,
time to resolution) and :func:`to_scenario` the annualisation.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import io
import re
import unicodedata
import warnings
import zlib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .assumptions import CATALOG, Problem, validate
from .metrics import ces as _ces
from .metrics import csat as _csat
from .metrics import nps as _nps
from .scenarios import Scenario, ScenarioError

__all__ = [
    "preview",
    "FIELDS", "HEADER_NAMES", "CHANNELS", "SCALES", "REASONS", "MAX_HANDLE_TIME_S", "MAX_REOPENS",
    "MAX_EXPANDED_BYTES", "DATE_RANGE", "DEFAULT_REPEAT_WINDOW_DAYS", "BaselineError", "TicketExport", "BaselineKPIs",
    "read_export", "detect_mapping", "normalise_header", "channel_of", "parse_durations",
    "compute_kpis", "to_scenario",
]

#: Canonical fields of a ticket or call export, with their meaning and unit.
FIELDS: dict[str, str] = {
    "ticket_id": "Ticket, case or call identifier (text).",
    "created": "When the contact was created or the call started (date-time; required).",
    "resolved": "When the ticket was solved, resolved or closed, or the call ended (date-time).",
    "channel": "Contact channel: phone, chat, email or self_service (required unless "
               "default_channel is given).",
    "handle_time": "Agent handle time of the contact [s once parsed].",
    "reopens": "Times the ticket was reopened [count].",
    "csat": "Satisfaction answer [1–5].",
    "nps": "Likelihood-to-recommend answer [0–10].",
    "ces": "Customer-effort answer [1–7, 7 = very easy].",
    "agent": "Agent, assignee or owner (text).",
    "customer": "Customer, requester, contact or caller identifier (text).",
}
REQUIRED = ("created", "channel")

#: Column names each field is recognised by, best first, as vendors write them
#: (Zendesk, Freshdesk, Salesforce Service Cloud, ServiceNow, Genesys, Five9,
#: Intercom and generic exports). Matching ignores case, spaces and
#: punctuation (see :func:`normalise_header`).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "created": (
        "created", "created at", "created date", "created time", "created on", "creation date",
        "creation time", "date created", "time created", "createddate", "sys created on",
        "opened", "opened at", "opened date", "opened on", "date opened", "date time opened",
        "open date", "open time", "submitted", "submitted at", "received at", "date received",
        "start time", "started at", "start", "start date", "call start", "call start time",
        "conversation start", "interaction start", "timestamp", "date time", "date"),
    "resolved": (
        "solved", "solved at", "solved date", "solved time", "date solved", "resolved",
        "resolved at", "resolved date", "resolved time", "resolved on", "date resolved",
        "resolution date", "closed", "closed at", "closed date", "closed time", "closed on",
        "date closed", "date time closed", "closeddate", "close date", "completed",
        "completed at", "end time", "ended at", "end", "end date", "call end", "call end time",
        "conversation end", "interaction end"),
    "channel": (
        "channel", "via", "source", "medium", "origin", "case origin", "contact type",
        "media type", "mediatype", "media", "channel type", "ticket channel",
        "communication channel", "contact channel", "contact method", "interaction type",
        "queue type"),
    "handle_time": (
        "handle time", "handling time", "aht", "average handle time", "total handle time",
        "handle duration", "talk time", "talk duration", "work time", "agent time",
        "time spent", "time tracked", "duration", "call duration", "conversation duration",
        "interaction duration"),
    "reopens": (
        "reopens", "reopen count", "reopened count", "number of reopens", "times reopened",
        "reopen", "reopened", "reopen times"),
    "csat": (
        "csat", "csat score", "csat rating", "satisfaction", "satisfaction score",
        "satisfaction rating", "customer satisfaction", "customer satisfaction score",
        "satisfaction survey", "survey rating", "conversation rating", "rating"),
    "nps": (
        "nps", "nps score", "net promoter score", "likelihood to recommend", "likely to recommend",
        "recommend score", "recommendation score", "ltr", "recommend"),
    "ces": (
        "ces", "ces score", "customer effort score", "effort score", "customer effort", "effort",
        "ease score"),
    "agent": (
        "agent", "agent name", "agent id", "agent email", "assignee", "assignee name",
        "assignee id", "assigned to", "owner", "owner name", "owner id", "case owner",
        "handled by",
        "responder", "user name"),
    "customer": (
        "customer id", "customer", "customer number", "customer name", "customer email",
        "requester id", "requester", "requester email", "requester name", "requestor",
        "contact id", "contact", "contact name", "contact email", "caller id", "caller", "ani",
        "client id", "client", "end user", "from"),
    "ticket_id": (
        "ticket id", "id", "ticket number", "ticket", "ticket no", "case number", "case id",
        "number", "incident number", "incident id", "issue key", "issue id", "call id",
        "interaction id", "conversation id", "session id", "reference"),
}
#: Leading words a column name may add (``"Ticket created at"``, ``"Call duration"``).
_PREFIXES = ("ticket", "case", "call", "incident", "conversation", "interaction", "chat",
             "request", "total", "average", "avg", "agent")
_UNITS = {"s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
          "seconds": "seconds", "m": "minutes", "min": "minutes", "mins": "minutes",
          "minute": "minutes", "minutes": "minutes", "h": "hours", "hr": "hours",
          "hrs": "hours", "hour": "hours", "hours": "hours", "ms": "milliseconds",
          "msec": "milliseconds", "millis": "milliseconds", "milliseconds": "milliseconds"}
_UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "milliseconds": 0.001}

#: Channels of the assumption catalog, in its order.
CHANNELS = ("phone", "chat", "email", "self_service")
#: Words and phrases that name each channel. The longest phrase found in a
#: label wins, so "voice message" is phone and "web chat" is chat.
_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "self_service": ("self service", "selfservice", "self serve", "self help", "portal",
                     "help center", "help centre", "helpcenter", "knowledge base", "faq",
                     "bot", "chatbot", "chat bot", "answer bot", "answerbot", "virtual agent",
                     "ivr", "community", "forum"),
    "chat": ("chat", "live chat", "livechat", "web chat", "webchat", "messaging", "message",
             "messages", "messenger", "whatsapp", "sms", "text", "text message", "social",
             "facebook", "twitter", "instagram", "wechat", "telegram", "in app", "mobile sdk"),
    "email": ("email", "e mail", "mail", "web form", "webform", "form", "web", "contact form",
              "outbound email", "inbound email"),
    "phone": ("phone", "voice", "call", "calls", "telephone", "telephony", "voicemail",
              "voice mail", "voice message", "callback", "call back", "inbound", "outbound",
              "phone call"),
}

#: Score scales: field → (lowest, highest) whole-number answer.
SCALES: dict[str, tuple[int, int]] = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
#: Longest plausible handle time of one contact: a full 8-hour shift. [s]
MAX_HANDLE_TIME_S = 8 * 3600
#: Most reopens one ticket can plausibly have; more is a data error. [count]
MAX_REOPENS = 100
#: Most bytes a gzip-compressed file may expand to. Decompression is streamed
#: and stops with a :class:`BaselineError` once the output passes this, so a
#: small "gzip bomb" (265 KB of zeros expand to 260 MB) cannot exhaust memory.
#: 1 GB of CSV is millions of tickets, far more than an app upload
#: (``MAX_UPLOAD_BYTES``, 200 MB) of real exports expands to; reading it already
#: needs several GB in pandas. ``read_export(..., max_expanded_bytes=)`` changes
#: it. [bytes]
MAX_EXPANDED_BYTES = 1_000_000_000
#: Bytes decompressed per step while streaming a gzip file.
_GZIP_CHUNK = 1 << 20
#: Dates outside [start, end) are placeholders or typos. [UTC]
DATE_RANGE = (pd.Timestamp("1990-01-01"), pd.Timestamp("2100-01-01"))
#: Days within which a customer's next contact counts as a repeat of the same issue.
DEFAULT_REPEAT_WINDOW_DAYS = 7

#: Why a row is set aside, in report order.
REASONS: dict[str, str] = {
    "malformed_line": "the line has more fields than the header (often an unquoted comma)",
    "date_missing": "no creation date (required)",
    "date_unparseable": "not a recognisable date",
    "date_out_of_range": f"date before {DATE_RANGE[0]:%Y} or from {DATE_RANGE[1]:%Y} on",
    "resolved_before_created": "resolved before it was created",
    "duration_unparseable": "not a recognisable duration",
    "duration_negative": "negative duration",
    "duration_too_long": "duration longer than the limit (max_handle_time_s)",
    "score_off_scale": "score not a whole number on its scale",
    "channel_unknown": "channel empty or not recognised",
    "reopens_invalid": f"reopen count not a whole number from 0 to {MAX_REOPENS}",
    "duplicate_id": "ticket id already on an earlier row",
}

_CSAT_WORDS = {"good": 5.0, "bad": 1.0}
_NOT_ANSWERED = {"offered", "unoffered", "not offered", "not answered", "no rating"}
_BOOL = {"true": 1.0, "yes": 1.0, "y": 1.0, "false": 0.0, "no": 0.0, "n": 0.0}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SAMPLE = 2000


class BaselineError(ValueError):
    """An export that cannot be used at all; ``problems`` lists every reason.

    Row-level problems never raise: they are set aside in the
    :class:`TicketExport`.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(f"{source}: {n} problem{'s' if n != 1 else ''}:\n"
                         + "\n".join(f"  {p}" for p in self.problems))


# -- names ------------------------------------------------------------------------------------

def normalise_header(name) -> str:
    """A column name reduced to lower-case words: case, punctuation and camelCase ignored.

    >>> [normalise_header(x) for x in ("Created at", "created_at", "CreatedAt")]
    ['created at', 'created at', 'created at']
    >>> normalise_header("Date/Time Opened"), normalise_header("Handle Time (sec)")
    ('date time opened', 'handle time sec')
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", _ascii(name))
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def _ascii(text) -> str:
    """Accents folded: "Téléphone" → "Telephone"."""
    text = str(text)
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _header_unit(name) -> str | None:
    """The unit a column name names (``"AHT (min)"`` → ``"minutes"``), or None."""
    for token in reversed(normalise_header(name).split()):
        if token in _UNITS:
            return _UNITS[token]
    return None


def _header_variants(name) -> list[tuple[str, int]]:
    """Forms of a column name to look up, with a penalty for each step away from it."""
    full = normalise_header(name)
    bare = normalise_header(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(name)))
    out = [(full, 0), (bare, 1)]
    for text, pen in list(out):
        words = text.split()
        while words and words[-1] in _UNITS:  # "handle time seconds", "aht in minutes"
            words = words[:-1]
            if words and words[-1] == "in":
                words = words[:-1]
            out.append((" ".join(words), pen + 1))
    for text, pen in list(out):
        words = text.split()
        if len(words) > 1 and words[0] in _PREFIXES:
            out.append((" ".join(words[1:]), pen + 2))
    return [(t, p) for t, p in out if t]


_NAME_RANK = {f: {normalise_header(n): i for i, n in enumerate(names)}
              for f, names in HEADER_NAMES.items()}


def detect_mapping(columns, mapping: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Which column holds each canonical field: ``{field: column}``.

    ``mapping`` entries win; ``None`` leaves a field out. Other fields are
    matched by name (:data:`HEADER_NAMES`), the best-ranked name first, each
    column used once. Raises :class:`BaselineError` for unknown fields or
    columns in ``mapping``.

    >>> detect_mapping(["Ticket ID", "Created at", "Solved at", "Via", "Satisfaction Score"])
    {'ticket_id': 'Ticket ID', 'created': 'Created at', 'resolved': 'Solved at', \
'channel': 'Via', 'csat': 'Satisfaction Score'}
    >>> detect_mapping(["CALL ID", "START TIME", "HANDLE TIME", "ANI"], {"ticket_id": None})
    {'created': 'START TIME', 'handle_time': 'HANDLE TIME', 'customer': 'ANI'}
    """
    columns = [str(c) for c in columns]
    mapping = dict(mapping or {})
    problems, out = [], {}
    for key, col in mapping.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), list(FIELDS), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"mapping: unknown field {key!r}{hint}; fields are "
                            + ", ".join(FIELDS))
        elif col is not None:
            found = _find_column(str(col), columns)
            if found is None:
                close = difflib.get_close_matches(str(col), columns, n=1, cutoff=0.5)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"mapping: {key} → {col!r}: no such column{hint}")
            else:
                out[key] = found
    if problems:
        raise BaselineError("mapping", problems)
    used = set(out.values())
    best: dict[str, tuple[int, str]] = {}
    variants = {c: _header_variants(c) for c in columns}
    for f in HEADER_NAMES:
        if f in mapping:
            continue
        ranks = _NAME_RANK[f]
        scores = [(ranks[t] * 10 + p, i, c) for i, c in enumerate(columns) if c not in used
                  for t, p in variants[c] if t in ranks]
        if scores:
            _, _, col = min(scores)
            best[f] = col
            used.add(col)
    out.update(best)
    return {f: out[f] for f in FIELDS if f in out}


def _find_column(name: str, columns: list[str]) -> str | None:
    if name in columns:
        return name
    same = [c for c in columns if normalise_header(c) == normalise_header(name)]
    return same[0] if len(same) == 1 else None


def _norm_label(label) -> str:
    """A value reduced to lower-case words (no camelCase split: "WhatsApp" is one word)."""
    return re.sub(r"[\W_]+", " ", _ascii(label)).strip().casefold()


def channel_of(label, channel_map: Mapping[str, str] | None = None) -> str | None:
    """The catalog channel a label names, or None if it names none.

    >>> [channel_of(x) for x in ["Phone call (incoming)", "Web form", "WhatsApp", "Answer Bot"]]
    ['phone', 'email', 'chat', 'self_service']
    >>> channel_of("Fax") is None, channel_of("Walk-in", {"walk in": "phone"})
    (True, 'phone')
    """
    text = _norm_label(label) if label is not None else ""
    if channel_map:
        for key, value in channel_map.items():
            if _norm_label(key) == text:
                return value
    if not text:
        return None
    padded = f" {text} "
    best, best_len = None, 0
    for ch in CHANNELS:
        for phrase in _CHANNEL_WORDS[ch] + (_norm_label(ch),):
            if len(phrase) > best_len and f" {phrase} " in padded:
                best, best_len = ch, len(phrase)
    return best


# -- reading ----------------------------------------------------------------------------------

@dataclass
class _Table:
    raw: pd.DataFrame          # columns as in the file, one line per parsed row
    rows: np.ndarray           # file row number of each line of raw
    malformed: list            # (row, detail) of lines the parser could not split
    kind: str
    notes: list


def preview(source, filename: str | None = None, n: int = 5, sheet=0, *,
            max_expanded_bytes: int = MAX_EXPANDED_BYTES):
    """A file's name, its columns and its first ``n`` rows as text, indexed by
    file row number (the header is row 1), read exactly as :func:`read_export`
    reads it (separators, encodings, gzip, XLSX). Raises :class:`BaselineError`
    for a file that cannot be read (or a gzip file expanding to more than
    ``max_expanded_bytes``).

    >>> name, columns, head = preview(b"created,channel\\n2024-01-01,phone\\n", "t.csv")
    >>> columns, list(head.index)
    (['created', 'channel'], [2])
    """
    name, table = _load(source, filename, sheet, lambda columns: list(columns),
                        max_expanded_bytes)
    head = table.raw.head(n).copy()
    head.index = table.rows[:len(head)]
    return name, [str(c) for c in table.raw.columns], head


def _bytes_of(source, filename):
    if isinstance(source, (bytes, bytearray, memoryview)):
        return filename or "upload", bytes(source)
    if hasattr(source, "read"):
        data = source.read()
        name = filename or Path(str(getattr(source, "name", "upload"))).name
        return name, data.encode() if isinstance(data, str) else bytes(data)
    path = Path(source)
    try:
        return filename or path.name, path.read_bytes()
    except OSError as exc:
        raise BaselineError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from None


def _size(n: int) -> str:
    """A byte count for people: "1,000 MB", "4 MB", "2.5 MB", "49 KB"."""
    if n >= 10_000_000:
        return f"{n / 1e6:,.0f} MB"
    return f"{n / 1e6:.3g} MB" if n >= 1_000_000 else f"{max(n, 1) / 1e3:.3g} KB"


def _gunzip(name: str, data: bytes, limit: int) -> bytes:
    """``data`` decompressed (every gzip member), streamed in
    :data:`_GZIP_CHUNK` steps; a :class:`BaselineError` as soon as the output
    passes ``limit`` bytes, so memory stays below about ``limit`` + one step."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as f:
            while chunk := f.read(_GZIP_CHUNK):
                if out.tell() + len(chunk) > limit:
                    raise BaselineError(name, [(
                        f"the gzip-compressed file expands to more than {_size(limit)} "
                        f"(from {_size(len(data))} compressed); reading stops there "
                        "so that memory stays bounded: export a shorter period or split the "
                        "file")])
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise BaselineError(name, [f"not a readable gzip file: {exc}"]) from None
    return out.getvalue()


def _load(source, filename, sheet, text_columns,
          max_expanded_bytes: int = MAX_EXPANDED_BYTES) -> tuple[str, _Table]:
    if isinstance(source, pd.DataFrame):
        raw = source.reset_index(drop=True).copy()
        raw.columns = _unique_names(raw.columns)
        return filename or "DataFrame", _Table(raw, np.arange(2, len(raw) + 2), [], "DataFrame",
                                               [])
    name, data = _bytes_of(source, filename)
    notes = []
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(name, data, max_expanded_bytes)
        notes.append("gzip-compressed")
    if not data.strip():
        raise BaselineError(name, ["the file is empty"])
    if data[:4] == b"PK\x03\x04":
        return name, _load_xlsx(name, data, sheet, notes)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise BaselineError(name, ["old Excel 97–2003 (.xls) files are not supported: save the "
                                   "sheet as .xlsx or CSV"])
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise BaselineError(name, ["not a valid .xlsx file (it is not a zip archive)"])
    return name, _load_csv(name, data, notes, text_columns)


def _unique_names(columns) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, c in enumerate(columns):
        c = f"Unnamed: {i}" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c)
        if c in seen:
            seen[c] += 1
            c = f"{c}.{seen[c]}"
        else:
            seen[c] = 0
        out.append(c)
    return out


def _encoding(data: bytes, notes) -> tuple[bytes, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        notes.append("UTF-16 text")
        return data.decode("utf-16").encode("utf-8"), "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        notes.append("Windows-1252 text (not UTF-8)")
        return data, "cp1252"
    except UnicodeDecodeError:
        notes.append("Latin-1 text (not UTF-8)")
        return data, "latin-1"


def _load_csv(name, data: bytes, notes, text_columns) -> _Table:
    data, enc = _encoding(data, notes)
    head = data[:65536].decode(enc, errors="replace").lstrip("\ufeff")
    lines = head.splitlines() or [""]
    skip = 0
    if lines[0].lower().startswith("sep=") and len(lines[0]) == 5:  # Excel's "sep=;" hint
        sep, skip = lines[0][4], 1
        lines = lines[1:] or [""]
    else:
        counts = {s: lines[0].count(s) for s in (",", ";", "\t", "|")}
        sep = max(counts, key=counts.get) if max(counts.values()) else ","
    notes.append(f"separated by {'tab' if sep == chr(9) else repr(sep)}")
    kw = dict(sep=sep, encoding=enc, skiprows=skip)
    try:
        header = pd.read_csv(io.BytesIO(data), nrows=0, **kw).columns
        dtype = {c: object for c in text_columns(list(header))}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            raw = pd.read_csv(io.BytesIO(data), dtype=dtype, skip_blank_lines=False,
                              on_bad_lines="warn", **kw)
    except BaselineError:
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = str(exc).strip().replace("Error tokenizing data. C error: ", "")
        raise BaselineError(name, [f"cannot read as CSV: {msg}"]) from None
    first = 2 + skip
    malformed = []
    for w in caught:
        for m in re.finditer(r"Skipping line (\d+): ([^\n]*)", str(w.message)):
            malformed.append((int(m.group(1)), m.group(2).strip()))  # counts the skipped line
    malformed.sort()
    bad = np.array([r for r, _ in malformed], dtype=np.int64)
    rows = np.arange(first, first + len(raw) + len(bad), dtype=np.int64)
    rows = np.setdiff1d(rows, bad, assume_unique=True)[:len(raw)]
    return _Table(raw, rows, malformed, "CSV", notes)


def _cell_text(x):
    """XLSX cells as the text a CSV export would hold (dates ISO, durations in seconds)."""
    if isinstance(x, dt.datetime):
        return x.isoformat(sep=" ")
    if isinstance(x, (dt.date, dt.time)):
        return x.isoformat()
    if isinstance(x, dt.timedelta):
        return f"{x.total_seconds():g}s"
    return x


def _load_xlsx(name, data, sheet, notes) -> _Table:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl ships with the app extra
        raise BaselineError(name, ["reading .xlsx needs openpyxl (pip install openpyxl)"]) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise BaselineError(name, [f"cannot read as .xlsx: {exc}"]) from None
    try:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(wb.worksheets):
                raise BaselineError(name, [f"no sheet number {sheet}; the workbook has "
                                           f"{len(wb.worksheets)}"])
            ws = wb.worksheets[sheet]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise BaselineError(name, [f"no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}"])
        it = ws.iter_rows(min_row=1, values_only=True)
        header = next(it, None)
        body = list(it)
    finally:
        wb.close()
    if header is None or all(v is None for v in header):
        raise BaselineError(name, ["the first row of the sheet is empty: it must hold the "
                                   "column names"])
    width = len(header)
    while body and all(v is None for v in body[-1]):
        body.pop()
    body = [tuple(r[:width]) + (None,) * (width - len(r)) for r in body]
    raw = pd.DataFrame(body, columns=_unique_names(header), dtype=object)
    for c in raw.columns:  # per cell, as openpyxl itself reads: spreadsheets are small
        raw[c] = pd.Series([_cell_text(x) for x in raw[c].tolist()], dtype=object)
    notes.append(f"sheet {ws.title!r}")
    return _Table(raw, np.arange(2, len(raw) + 2, dtype=np.int64), [], "XLSX", notes)


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


def _spread_sample(s: pd.Series, k: int = _SAMPLE) -> pd.Series:
    if len(s) <= k:
        return s
    return s.iloc[np.linspace(0, len(s) - 1, k).astype(np.int64)]


def _text_sample(s: pd.Series) -> list[str]:
    """Up to 2,000 present values spread over the column, as text."""
    if not (s.dtype == object or isinstance(s.dtype, pd.StringDtype)):
        return []
    present = s[s.notna().to_numpy()]
    return [str(v) for v in _spread_sample(present).tolist()]


def _decide_dayfirst(columns: dict[str, pd.Series], given: bool | None) -> tuple[bool, str]:
    """Whether numeric dates (05/03/2024) are day-first, decided once for all date columns.

    A first number above 12 can only be a day, a second number above 12 only
    a day in month-first order. A sample of each column decides, else every
    value; if nothing decides, dots mean day-first and slashes or dashes
    month-first.
    """
    if given is not None:
        return bool(given), f"dayfirst={bool(given)} as given"
    matches = {c: [m for m in (_NUM_RE.match(v.strip()) for v in _text_sample(s)) if m]
               for c, s in columns.items()}
    if not any(matches.values()):
        return False, ""
    day = sum(int(m["a"]) > 12 for ms in matches.values() for m in ms)
    month = sum(int(m["b"]) > 12 for ms in matches.values() for m in ms)
    if not day and not month:  # the samples do not decide: look at every value
        for c, s in columns.items():
            if matches[c]:
                parts = s.astype(object).str.extract(r"^\s*(\d{1,2})[./-](\d{1,2})[./-]\d")
                day += int((pd.to_numeric(parts[0], errors="coerce") > 12).sum())
                month += int((pd.to_numeric(parts[1], errors="coerce") > 12).sum())
    if day and not month:
        return True, "day-first (detected: a first number is above 12)"
    if month and not day:
        return False, "month-first (detected: a second number is above 12)"
    if day and month:
        first = day >= month
        return first, (f"{'day' if first else 'month'}-first by majority: {day:,} values can "
                       f"only be day-first and {month:,} only month-first; the others are "
                       "rejected if impossible and may be misread if not")
    first = next(ms for ms in matches.values() if ms)[0]["sep"] == "."
    names = " or ".join(repr(c) for c in columns)
    return first, (f"AMBIGUOUS: no date in {names} has a number above 12 before the year; "
                   f"read as {'day' if first else 'month'}-first ("
                   f"{'dots' if first else 'slashes or dashes'}); pass dayfirst="
                   f"{not first} if that is wrong")


def _parse_dates(s: pd.Series, column: str, opts, dayfirst: bool = False, how: str = ""):
    """Returns (UTC datetime64[us], present, unparseable, out_of_range, note)."""
    n = len(s)
    present = _present(s)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    src_tz = "UTC" if re.search(r"\b(utc|gmt)\b", normalise_header(column)) else opts.source_tz
    note = ""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        if getattr(s.dtype, "tz", None) is not None:
            out = s.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy()
        else:
            out = _localize(s, src_tz)
        note = "date-times"
    elif pd.api.types.is_numeric_dtype(s.dtype):
        v = s.to_numpy(dtype=float)
        med = np.nanmedian(v) if present.any() else np.nan
        if 1e9 <= med < 1e10:
            out = pd.to_datetime(v, unit="s", errors="coerce").as_unit("us").to_numpy()
            note = "Unix time in seconds (UTC)"
        elif 1e12 <= med < 1e13:
            out = pd.to_datetime(v, unit="ms", errors="coerce").as_unit("us").to_numpy()
            note = "Unix time in milliseconds (UTC)"
        elif 20_000 <= med < 80_000:  # Excel serial days since 1899-12-30
            us = np.round(np.nan_to_num(v) * 86400e6).astype(np.int64).astype("timedelta64[us]")
            naive = np.datetime64("1899-12-30T00:00:00", "us") + us
            out = _localize(np.where(np.isnan(v), np.datetime64("NaT"), naive), src_tz)
            note = f"spreadsheet serial days, {src_tz} wall-clock time"
        else:
            note = "numbers that are not dates"
    else:
        texts = _as_object(s)
        todo = present.copy()
        values = texts[todo]
        sample = [str(v) for v in _spread_sample(values).tolist()]
        if sample and pd.to_numeric(pd.Series(sample), errors="coerce").notna().all():
            return _parse_dates(pd.to_numeric(texts, errors="coerce"), column, opts)
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
        note = shown + (f"; {how}" if how else "")
        note += (" (offsets converted)" if any(any(v) for v in formats.values()) else "")
        if any(not all(v) for v in formats.values()):
            note += f"; times without offset read as {src_tz} wall-clock time"
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


_CLOCK_RE = r"^(?P<neg>-)?(?P<a>\d+):(?P<b>\d{1,2})(?::(?P<c>\d{1,2}))?(?:[.,](?P<frac>\d+))?$"
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT_RE = (r"^(?P<neg>-)?\s*(?:pt)?\s*"
            rf"(?:(?P<d>{_NUMBER})\s*(?:d|days?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<h>{_NUMBER})\s*(?:h|hrs?|hours?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<m>{_NUMBER})\s*(?:m|mins?|minutes?)(?![a-z])[\s,]*)?"
            rf"(?:(?P<s>{_NUMBER})\s*(?:s|secs?|seconds?)(?![a-z])\s*)?$")


def _duration_texts(u: pd.Series, factor: float) -> np.ndarray:
    """Seconds for unique duration values (text or numbers); NaN where unparseable."""
    text = u.astype(str).str.strip().str.lower()
    num = pd.to_numeric(text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True),
                        errors="coerce").to_numpy(dtype=float) * factor
    out = num.copy()
    rest = np.isnan(out)
    if rest.any():
        t = text[rest]
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


def _parse_duration_series(s: pd.Series, factor: float) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float) * factor
    codes, uniq = pd.factorize(_as_object(s))
    if not len(uniq):
        return np.full(len(s), np.nan)
    parsed = _duration_texts(pd.Series(uniq, dtype=object), factor)
    return np.where(codes >= 0, parsed[np.maximum(codes, 0)], np.nan)


def _id_text(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    text = str(v).strip()
    return text or None


def _id_texts(s: pd.Series) -> pd.Series:
    """Identifiers as text (1234.0 → "1234"), missing or blank → None."""
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) == "string":
        return s.where(s.notna(), None).reset_index(drop=True)  # as read from a CSV
    codes, uniq = pd.factorize(_as_object(s))
    if pd.api.types.infer_dtype(uniq, skipna=True) == "string":
        text = np.asarray(uniq, dtype=object)
        text = np.where(text == "", None, text)
    else:
        text = np.array([_id_text(u) for u in uniq], dtype=object)
    text = np.append(text, None)  # code −1 (missing) → None
    return pd.Series(text[codes], dtype=object)


def _parse_numbers(s: pd.Series, words: Mapping[str, float] | None = None,
                   missing_words=frozenset()) -> tuple[np.ndarray, np.ndarray]:
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
    num = np.array(pd.to_numeric(text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True),
                                 errors="coerce"), dtype=float)
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
        return to_scenario(self, annualise=annualise, base=base, **meta)


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


def _build(name: str, table: _Table, mapping: dict, opts: _Options) -> TicketExport:
    raw, rows = table.raw, table.rows
    notes = [f"read as {table.kind}" + (f": {', '.join(table.notes)}" if table.notes else "")]
    blank = raw.isna().all(axis=1).to_numpy()
    n_blank = int(blank.sum())
    if n_blank:
        notes.append(f"{n_blank:,} blank row{'s' if n_blank != 1 else ''} skipped (not data)")
        raw, rows = raw.loc[~blank].reset_index(drop=True), rows[~blank]
    n = len(raw)
    P = _Problems()

    def col(f):
        return raw[mapping[f]]

    # dates
    dayfirst, how = _decide_dayfirst({mapping[f]: col(f) for f in ("created", "resolved")
                                      if f in mapping}, opts.dayfirst)
    created = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "created" in mapping:
        created, present, bad, far, note = _parse_dates(col("created"), mapping["created"],
                                                        opts, dayfirst, how)
        notes.append(f"{mapping['created']!r} (created): {note}")
        P.add(~present, "created", "date_missing", "empty")
        P.add(bad, "created", "date_unparseable", "not a recognisable date")
        P.add(far, "created", "date_out_of_range", REASONS["date_out_of_range"])
    resolved = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "resolved" in mapping:
        resolved, present, bad, far, note = _parse_dates(col("resolved"), mapping["resolved"],
                                                         opts, dayfirst, how)
        notes.append(f"{mapping['resolved']!r} (resolved): {note}")
        P.add(bad, "resolved", "date_unparseable", "not a recognisable date")
        P.add(far, "resolved", "date_out_of_range", REASONS["date_out_of_range"])
        before = ~np.isnat(created) & ~np.isnat(resolved) & (resolved < created)
        if before.any():
            gap_h = ((created[before] - resolved[before]) / np.timedelta64(1, "h")).round(2)
            detail = np.full(n, "", dtype=object)
            detail[before] = [f"{g:g} h before it was created" for g in gap_h]
            P.add(before, "resolved", "resolved_before_created", detail)

    # channel
    labels: dict = {}
    if "channel" in mapping:
        codes, uniq = pd.factorize(_as_object(col("channel")))
        mapped = [channel_of(u, opts.channel_map) for u in uniq]
        labels = {str(u): m for u, m in zip(uniq, mapped)}
        lookup = np.array([CHANNELS.index(m) if m else -1 for m in mapped] + [-1], dtype=np.int8)
        ch_codes = lookup[codes]  # codes −1 (empty) → last entry, −1
        unknown = ch_codes < 0
        detail = np.where(codes < 0, "empty", "not a known channel label")
        P.add(unknown, "channel", "channel_unknown", detail)
        named = {k: v for k, v in labels.items() if v}
        if named:
            notes.append("channel labels: " + ", ".join(f"{k!r} → {v}"
                                                         for k, v in sorted(named.items())))
    else:
        ch_codes = np.full(n, CHANNELS.index(opts.default_channel), dtype=np.int8)
        notes.append(f"no channel column: every row is {opts.default_channel}")

    # handle time
    handle = np.full(n, np.nan)
    if "handle_time" in mapping:
        s = col("handle_time")
        unit = opts.duration_unit or _header_unit(mapping["handle_time"]) or "seconds"
        handle = _parse_duration_series(s, _UNIT_SECONDS[unit])
        present = _present(s)
        is_num = pd.api.types.is_numeric_dtype(s.dtype)
        how = ("plain numbers in " + unit + ("" if opts.duration_unit or _header_unit(
            mapping["handle_time"]) else " (the column name names no unit)")) if is_num \
            else f"clock or unit text; plain numbers in {unit}"
        notes.append(f"{mapping['handle_time']!r} (handle time): {how}")
        ok = handle[~np.isnan(handle) & (handle > 0)]
        if is_num and unit == "seconds" and ok.size and np.median(ok) < 30:
            notes.append(f"handle times read as seconds have a median of {np.median(ok):.3g} s;"
                         " if they are minutes, pass duration_unit='minutes'")
        bad = present & np.isnan(handle)
        idx = np.flatnonzero(bad)
        bad[idx[_blank(s.to_numpy()[idx])]] = False
        P.add(bad, "handle_time", "duration_unparseable", "not a recognisable duration")
        P.add(handle < 0, "handle_time", "duration_negative", "negative duration")
        too_long = handle > opts.max_handle_time_s
        if too_long.any():
            detail = np.full(n, "", dtype=object)
            limit = f"{opts.max_handle_time_s / 3600:g} h"
            detail[too_long] = [f"{h:.4g} h is over the limit of {limit}"
                                for h in handle[too_long] / 3600]
            P.add(too_long, "handle_time", "duration_too_long", detail)
        handle = np.where((handle < 0) | too_long, np.nan, handle)

    # reopens
    reopens = np.full(n, np.nan)
    if "reopens" in mapping:
        reopens, missing = _parse_numbers(col("reopens"), _BOOL)
        present = _present(col("reopens")) & ~missing
        bad = present & (np.isnan(reopens) | (reopens < 0) | (reopens > MAX_REOPENS)
                         | (reopens != np.floor(reopens)))
        P.add(bad, "reopens", "reopens_invalid", REASONS["reopens_invalid"])
        reopens = np.where(bad | missing, np.nan, reopens)

    # scores
    scores = {}
    for f, (lo, hi) in SCALES.items():
        scores[f] = np.full(n, np.nan)
        if f not in mapping:
            continue
        words = _CSAT_WORDS if f == "csat" else None
        values, missing = _parse_numbers(col(f), words, _NOT_ANSWERED if f == "csat" else ())
        present = _present(col(f)) & ~missing
        bad = present & (np.isnan(values) | (values < lo) | (values > hi)
                         | (values != np.floor(values)))
        P.add(bad, f, "score_off_scale", f"not a whole number from {lo} to {hi}")
        scores[f] = np.where(bad | missing, np.nan, values)

    # ids
    texts = {f: _id_texts(col(f)) if f in mapping else pd.Series([None] * n, dtype=object)
             for f in ("ticket_id", "agent", "customer")}
    if "ticket_id" in mapping:
        ids = texts["ticket_id"]
        dup = (ids.duplicated(keep="first") & ids.notna()).to_numpy()
        if dup.any():
            dup_ids = ids[dup]
            firsts = ids[ids.isin(set(dup_ids)) & ~dup]
            first_row = pd.Series(rows[firsts.index.to_numpy()], index=firsts.to_numpy())
            detail = np.full(n, "", dtype=object)
            detail[dup] = ("ticket id already on row "
                           + first_row.reindex(dup_ids.to_numpy()).astype("int64").astype(str)
                           ).to_numpy()
            P.add(dup, "ticket_id", "duplicate_id", detail)

    # malformed lines and the report
    rejections = _rejections(P, raw, rows, mapping, table.malformed)
    rejected_mask = P.any_mask(n)
    valid = ~rejected_mask
    utc_created = pd.DatetimeIndex(created[valid]).tz_localize("UTC").tz_convert(opts.timezone)
    utc_resolved = pd.DatetimeIndex(resolved[valid]).tz_localize("UTC").tz_convert(opts.timezone)
    tickets = pd.DataFrame({
        "ticket_id": texts["ticket_id"].to_numpy()[valid],
        "created": utc_created,
        "resolved": utc_resolved,
        "channel": pd.Categorical.from_codes(ch_codes[valid].astype(np.int8),
                                             categories=list(CHANNELS)),
        "handle_time_s": handle[valid],
        "reopens": reopens[valid],
        "csat": scores["csat"][valid],
        "nps": scores["nps"][valid],
        "ces": scores["ces"][valid],
        "agent": texts["agent"].to_numpy()[valid],
        "customer": texts["customer"].to_numpy()[valid],
    }, index=pd.Index(rows[valid], name="row"))
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
    if len(table.malformed):
        notes.append(f"{len(table.malformed):,} line(s) with more fields than the header")
    return TicketExport(
        tickets=tickets, rejections=rejections, rejected=rejected,
        summary=_summary(rejections), mapping=dict(mapping), missing=missing,
        unmapped=unmapped, source=name, timezone=opts.timezone,
        n_rows=n + len(table.malformed), n_blank=n_blank, notes=tuple(notes),
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


# -- KPIs --------------------------------------------------------------------------------

def compute_kpis(export: TicketExport, *, repeat_window_days: int = DEFAULT_REPEAT_WINDOW_DAYS,
                 fcr_method: str = "auto") -> BaselineKPIs:
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

    Raises :class:`BaselineError` if the export has no valid rows.
    """
    if fcr_method not in ("auto", "repeat", "reopens"):
        raise ValueError(f"fcr_method must be 'auto', 'repeat' or 'reopens', got {fcr_method!r}")
    if not (isinstance(repeat_window_days, (int, np.integer)) and repeat_window_days >= 1):
        raise ValueError(f"repeat_window_days must be a whole number of days ≥ 1, "
                         f"got {repeat_window_days!r}")
    t = export.tickets
    n = len(t)

    def utc(s):  # tz-aware → datetime64[us] in UTC (never Timestamp objects)
        return s.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("us").to_numpy()

    if n == 0:
        raise BaselineError(export.source, ["no valid rows to compute KPIs from "
                                            f"({export.n_rejected:,} rows set aside; see the "
                                            "export's summary)"])
    notes = list(export.notes)
    created = t["created"]
    local = created.dt.tz_localize(None).dt.as_unit("us").to_numpy()
    day = local.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    hour = ((local - day) // np.timedelta64(1, "h")).astype(np.int64)
    wh = np.bincount(weekday * 24 + hour, minlength=168).reshape(7, 24)
    by_weekday_hour = pd.DataFrame(wh, index=pd.Index(_WEEKDAYS, name="weekday"),
                                   columns=pd.RangeIndex(24, name="hour"))

    ch = t["channel"].cat.codes.to_numpy()
    month = local.astype("datetime64[M]").astype(np.int64)
    m0, m1 = int(month.min()), int(month.max())
    nm = m1 - m0 + 1
    counts = np.bincount((month - m0) * len(CHANNELS) + ch, minlength=nm * len(CHANNELS))
    periods = pd.period_range(pd.Period(np.datetime64(m0, "M"), "M"), periods=nm, freq="M")
    by_month = pd.DataFrame(counts.reshape(nm, len(CHANNELS)), columns=list(CHANNELS),
                            index=pd.PeriodIndex(periods, name="month"))
    by_month["total"] = by_month.sum(axis=1)

    by_channel = pd.Series(np.bincount(ch, minlength=len(CHANNELS)), index=list(CHANNELS),
                           name="contacts")
    shares = (by_channel / n).rename("share")

    ht = t["handle_time_s"].to_numpy()
    has = ~np.isnan(ht)
    aht_n = pd.Series(np.bincount(ch[has], minlength=len(CHANNELS)), index=list(CHANNELS),
                      name="contacts with a handle time")
    sums = np.bincount(ch[has], weights=ht[has], minlength=len(CHANNELS))
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = pd.Series(sums / aht_n.to_numpy() / 60.0, index=list(CHANNELS), name="AHT [min]")
    for c in ("phone", "chat", "email"):
        if by_channel[c] and not aht_n[c]:
            notes.append(f"no handle times for {c}: its AHT is not measured")

    first_day = pd.Timestamp(day.min())
    last_day = pd.Timestamp(day.max())
    covered = int((last_day - first_day).days) + 1
    if covered < 365:
        notes.append(f"the export covers {covered} days, less than a year: annual figures "
                     "scale it up and miss seasons outside it")

    # FCR by reopens
    ro = t["reopens"].to_numpy()
    has_ro = ~np.isnan(ro)
    fcr_reopens = reopen_rate = k_reopens = None
    if has_ro.any():
        fcr_reopens = float(np.mean(ro[has_ro] == 0))
        reopen_rate = 1.0 - fcr_reopens
        reopened = ro[has_ro & (ro > 0)]
        k_reopens = float(reopened.mean()) if reopened.size else None

    # FCR by repeat contacts
    fcr_repeat = k_repeat = repeat_rate = per_customer = None
    n_customers = None
    cust = t["customer"]
    has_c = cust.notna().to_numpy()
    window = np.timedelta64(int(repeat_window_days), "D")
    t_all = utc(created).astype(np.int64)  # [µs], UTC: gaps unaffected by clock changes
    w = window.astype("timedelta64[us]").astype(np.int64)
    span_ok = t_all.max() - t_all.min() > 3 * w
    if has_c.any():
        codes, uniq = pd.factorize(cust[has_c])
        n_customers = len(uniq)
        per_customer = float((has_c.sum() - n_customers) / n_customers)
        tc = t_all[has_c]
        order = np.lexsort((tc, codes))
        cs, ts = codes[order], tc[order]
        repeat = np.zeros(cs.size, dtype=bool)
        repeat[1:] = (cs[1:] == cs[:-1]) & (ts[1:] - ts[:-1] <= w)
        chain = np.cumsum(~repeat) - 1
        length = np.bincount(chain)
        starts = ts[~repeat]
        lo, hi = t_all.min() + w, t_all.max() - w
        eligible = (starts >= lo) & (starts <= hi)
        if span_ok and eligible.any():
            le = length[eligible]
            fcr_repeat = float(np.mean(le == 1))
            unresolved = le > 1
            k_repeat = float((le[unresolved] - 1).mean()) if unresolved.any() else None
            repeat_rate = float((le - 1).sum() / le.sum())
        elif not span_ok:
            notes.append(f"the export spans less than {3 * repeat_window_days} days: FCR by "
                         "repeat contacts is not measured")
        if (~has_c).any():
            notes.append(f"{int((~has_c).sum()):,} contacts without a customer id are left out "
                         "of repeat-contact KPIs")
    method = fcr_method
    if method == "auto":
        method = "repeat" if fcr_repeat is not None else ("reopens" if fcr_reopens is not None
                                                          else None)
    fcr = {"repeat": fcr_repeat, "reopens": fcr_reopens, None: None}[method]
    k = {"repeat": k_repeat, "reopens": k_reopens, None: None}[method]
    if fcr is None:
        notes.append("FCR is not measured: the export needs customer ids (repeat contacts) or "
                     "reopen counts" if method is None else
                     f"FCR is not measured: FCR by {method} is not measurable from this export")
        method = None

    # time to resolution
    res = t["resolved"]
    done = res.notna().to_numpy()
    n_open = int((~done).sum())
    ttr_h = (utc(res)[done] - utc(created)[done]) / np.timedelta64(1, "h")
    ttr_median = float(np.median(ttr_h)) if ttr_h.size else None
    ttr_p90 = float(np.quantile(ttr_h, 0.9)) if ttr_h.size else None
    if ttr_h.size:
        g = pd.Series(ttr_h).groupby(month[done] - m0)
        monthly = pd.DataFrame({"resolved": g.size(), "median_h": g.median(),
                                "p90_h": g.quantile(0.9)})
        monthly = monthly.reindex(np.arange(nm))
        monthly["resolved"] = monthly["resolved"].fillna(0).astype("int64")
        monthly.index = by_month.index
    else:
        monthly = pd.DataFrame({"resolved": np.zeros(nm, dtype="int64"),
                                "median_h": np.nan, "p90_h": np.nan}, index=by_month.index)

    def survey(f, fn):
        v = t[f].to_numpy()
        v = v[~np.isnan(v)]
        return (fn(v) if v.size else None), int(v.size)

    csat, csat_n = survey("csat", _csat)
    nps, nps_n = survey("nps", _nps)
    ces, ces_n = survey("ces", _ces)

    return BaselineKPIs(
        source=export.source, timezone=export.timezone, n_contacts=n,
        period_start=created.min(), period_end=created.max(), covered_days=covered,
        by_weekday_hour=by_weekday_hour, by_month=by_month, by_channel=by_channel,
        channel_shares=shares, aht_min=aht, aht_n=aht_n, fcr=fcr, fcr_method=method,
        fcr_repeat=fcr_repeat, fcr_reopens=fcr_reopens, reopen_rate=reopen_rate,
        repeat_contacts_per_unresolved=k, repeat_contact_rate=repeat_rate,
        repeat_contacts_per_customer=per_customer, n_customers=n_customers,
        repeat_window_days=int(repeat_window_days), ttr_median_h=ttr_median,
        ttr_p90_h=ttr_p90, ttr_monthly=monthly, n_open=n_open, csat=csat, nps=nps, ces=ces,
        csat_n=csat_n, nps_n=nps_n, ces_n=ces_n, notes=tuple(notes))


# -- scenario ---------------------------------------------------------------------------------

def to_scenario(kpis: BaselineKPIs, annualise: bool = True, base: Scenario | None = None,
                **meta) -> Scenario:
    """A :class:`~supportroi.scenarios.Scenario` with the assumptions the export measures.

    Sets ``annual_contacts`` (:meth:`BaselineKPIs.annual_contacts`: the count
    × days in the year starting on the first covered day ÷ covered days; with
    ``annualise=False`` the count as it is), the four ``share_*`` (rounded to
    0.01 %, the largest share absorbing the rounding so they sum to 1),
    ``aht_phone_min``/``aht_chat_min``/``aht_email_min`` for channels with
    handle times [min, 2 decimals], ``fcr`` when measured and, with FCR by
    repeat contacts, ``repeat_contacts_per_unresolved``. Other assumptions
    keep ``base``'s values (default: the catalog defaults). ``meta`` is
    ``title``, ``description``, ``currency``, ``intangibles``; title and
    description default to the export's name and period.

    A measured value outside the catalog's bounds raises
    :class:`~supportroi.scenarios.ScenarioError` naming it; nothing is clamped.
    """
    values = kpis.scenario_values(annualise)
    problems = []
    for p in validate(values):
        name = p.key.split(" + ")[0]
        unit = CATALOG[name].unit if name in CATALOG else ""
        problems.append(Problem(p.key, f"measured from the export: {p.message}"
                                + (f" [{unit}]" if unit and "(" not in p.message else "")))
    if problems:
        raise ScenarioError(f"baseline from {kpis.source}", problems)
    start = kpis.period_start.strftime("%d %b %Y")
    end = kpis.period_end.strftime("%d %b %Y")
    scaled = (f", annualised to {values['annual_contacts']:,} a year" if annualise else
              ", taken as a year's contacts")
    defaults_meta = {
        "title": f"Baseline from {kpis.source}",
        "description": (f"Measured from {kpis.source}: {kpis.n_contacts:,} contacts from "
                        f"{start} to {end} ({kpis.covered_days} days{scaled}). Set from the "
                        f"data: {', '.join(CATALOG[k].label.lower() for k in values)}; the "
                        "rest (team size, costs, effects) are catalog defaults to replace."),
    }
    if base is not None:
        defaults_meta |= {"currency": base.currency, "intangibles": base.intangibles}
        everything = base.values | values
    else:
        everything = values
    meta = defaults_meta | meta
    if "intangibles" in meta:
        meta["intangibles"] = tuple(meta["intangibles"])
    return Scenario.from_values(everything, **meta)
