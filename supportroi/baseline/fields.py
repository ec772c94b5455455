"""The canonical fields of an export, the names vendors give them, channels, limits and
reasons for setting a row aside; column-name matching (:func:`detect_mapping`) and
channel labels (:func:`channel_of`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

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


