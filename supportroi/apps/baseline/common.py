"""What the baseline app's panels share: field and channel names, messages of the reading
layer in the page's language (:func:`say`), HTML helpers, styles."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping

from ...baseline.messages import Message
from ...formatting import percent
from ...i18n import DEFAULT_LANGUAGE, catalog, translator

__all__ = ["CHANNEL_KEYS", "ENCODING_KEYS", "FIELD_KEYS", "FIELD_LABELS", "NONE", "cell", "channel_label",
           "field_label", "number", "plain", "problem_list", "relabel", "say"]

#: Dropdown value of "(none)": no column name is empty once read.
NONE = ""
#: The message of each canonical field's name.
FIELD_KEYS = {"ticket_id": "baseline.fields.ticket_id", "created": "baseline.fields.created",
              "resolved": "baseline.fields.resolved", "channel": "baseline.fields.channel",
              "handle_time": "baseline.fields.handle_time", "reopens": "baseline.fields.reopens",
              "csat": "baseline.fields.csat", "nps": "baseline.fields.nps",
              "ces": "baseline.fields.ces", "agent": "baseline.fields.agent",
              "customer": "baseline.fields.customer",
              "created_time": "baseline.fields.created_time",
              "wait_time": "baseline.fields.wait_time", "outcome": "baseline.fields.outcome",
              "fcr_flag": "baseline.fields.fcr_flag",
              "first_response": "baseline.fields.first_response",
              "talk_time": "baseline.fields.talk_time", "hold_time": "baseline.fields.hold_time",
              "wrap_time": "baseline.fields.wrap_time"}
#: The English names of the fields (the API's and the CSV download's words).
FIELD_LABELS = {f: translator(DEFAULT_LANGUAGE)(key) for f, key in FIELD_KEYS.items()}
#: The message of each catalog channel's name.
CHANNEL_KEYS = {"phone": "baseline.channels.phone", "chat": "baseline.channels.chat",
                "email": "baseline.channels.email",
                "self_service": "baseline.channels.self_service"}
#: Words of the reading layer's fields that are codes (units, separators, bases).
_WORDS = {
    "unit": {"seconds": "baseline.units.seconds", "minutes": "baseline.units.minutes",
             "hours": "baseline.units.hours", "milliseconds": "baseline.units.milliseconds"},
    "basis": {"chosen": "baseline.words.as_chosen", "named": "baseline.words.named_by_column",
              "assumed": "baseline.words.assumed_unit"},
    "sep": {"/": "baseline.words.slashes", ".": "baseline.words.dots",
            "-": "baseline.words.dashes"},
    "dayfirst": {True: "baseline.words.day_first", False: "baseline.words.month_first"},
    "method": {"repeat": "baseline.words.by_repeats", "reopens": "baseline.words.by_reopens",
               "flag": "baseline.words.by_flag"},
    "outcome": {"answered": "baseline.words.answered", "abandoned": "baseline.words.abandoned",
                "not recognised": "baseline.words.not_recognised"},
}
#: The words of each encoding's name (:func:`~supportroi.baseline.reading.encoding_name`).
ENCODING_KEYS = {"Windows-1251 (Cyrillic)": "baseline.encodings.cp1251",
                 "GB18030 (GBK, Chinese)": "baseline.encodings.gb18030",
                 "GBK (Chinese)": "baseline.encodings.gbk",
                 "Windows-1252 (Western European)": "baseline.encodings.cp1252",
                 "KOI8-R (Cyrillic)": "baseline.encodings.koi8_r",
                 "Big5 (traditional Chinese)": "baseline.encodings.big5",
                 "Shift JIS (Japanese)": "baseline.encodings.shift_jis",
                 "DOS 866 (Cyrillic)": "baseline.encodings.cp866"}
_QUOTED_LISTS = ("columns", "ids", "sheets", "formats")
_FORMAT_NAMES = {"ISO8601": "baseline.words.iso_dates", "mixed": "baseline.words.text_dates"}


def field_label(f: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A canonical field's name for people (``handle_time`` → "Handle time")."""
    return translator(lang)(FIELD_KEYS[f]) if f in FIELD_KEYS else str(f)


def channel_label(ch: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A catalog channel's name for people (``self_service`` → "Self-service")."""
    return translator(lang)(CHANNEL_KEYS[ch]) if ch in CHANNEL_KEYS else str(ch)


def number(x, lang: str = DEFAULT_LANGUAGE, digits: int | None = None) -> str:
    """A count or measure in the language's format: whole numbers without decimals, others
    with ``digits`` (default: up to three significant digits)."""
    t = translator(lang)
    x = float(x)
    if digits is None:
        digits = 0 if x.is_integer() else max(0, min(3, 2 - int(math.floor(math.log10(abs(x))))))
    return t.number(x, digits)


def _quoted(lang: str, items) -> str:
    t = translator(lang)
    return t("baseline.words.list_separator").join(
        t("baseline.words.quoted", text=str(i)) for i in items)


def _field(lang: str, name: str, value):
    t = translator(lang)
    if isinstance(value, Message):
        return say(value, lang)
    if name == "field":
        return field_label(value, lang).lower() if lang != "zh" else field_label(value, lang)
    if name == "channel":
        return channel_label(value, lang).lower() if lang == "ru" else channel_label(value, lang)
    if name in _WORDS:
        return t(_WORDS[name][value]) if value in _WORDS[name] else str(value)
    if name == "encoding":
        return t(ENCODING_KEYS[value]) if value in ENCODING_KEYS else str(value)
    if name == "delimiter":
        return t("baseline.words.tab") if value == "\t" else t("baseline.words.quoted",
                                                                text=value)
    if name == "formats":
        return _quoted(lang, []) if not value else t("baseline.words.list_separator").join(
            t(_FORMAT_NAMES[f]) if f in _FORMAT_NAMES else f for f in value)
    if name in _QUOTED_LISTS:
        return _quoted(lang, value)
    if name == "parts":
        return t("baseline.words.list_separator").join(say(p, lang) for p in value if p)
    if name == "labels":  # (label, channel) or (label, rows)
        return t("baseline.words.list_separator").join(
            t("baseline.words.maps_to", text=str(k), to=channel_label(v, lang))
            if isinstance(v, str) else
            t.plural("baseline.words.label_rows", v, text=str(k)) for k, v in value)
    if name == "outcomes":
        return t("baseline.words.list_separator").join(
            t("baseline.words.maps_to", text=str(k), to=_field(lang, "outcome", v))
            for k, v in value)
    if name in ("share", "limit") and isinstance(value, float):
        return percent(value, digits=0, lang=lang)
    if name in ("bytes", "compressed"):
        return t("baseline.words.megabytes", n=number(value / 1e6, lang))
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return number(value, lang)
    return str(value)


def say(message, lang: str = DEFAULT_LANGUAGE) -> str:
    """A message of :mod:`supportroi.baseline` in ``lang``: a
    :class:`~supportroi.baseline.messages.Message` in its words of the catalog, its fields
    formatted for the language; in English (and for plain text) the API's own words in
    :func:`plain` form."""
    if lang == DEFAULT_LANGUAGE or not isinstance(message, Message) or message.code not in \
            catalog(DEFAULT_LANGUAGE):
        return plain(message)
    t = translator(lang)
    fields = dict(message.fields)
    if message.code == "baseline.read.date_formats":
        parts = [_field(lang, "formats", fields["formats"]) or t("baseline.words.no_format")]
        if fields["more"]:
            parts[0] += t.plural("baseline.words.more_formats", fields["more"])
        if fields["how"]:
            parts.append(say(fields["how"], lang))
        text = t("baseline.words.note_separator").join(parts)
        if fields["offsets"]:
            text += t("baseline.words.offsets_converted")
        if fields["tz"]:
            text += t("baseline.words.note_separator") + t("baseline.words.local_times",
                                                            tz=fields["tz"])
        return text
    if message.code == "baseline.read.joined":
        return t("baseline.words.note_separator").join(say(p, lang) for p in fields["parts"])
    if message.code == "baseline.read.read_as" and not fields["parts"]:
        return t("baseline.read.read_as_only", kind=fields["kind"])
    shown = {k: _field(lang, k, v) for k, v in fields.items()}
    if message.code == "baseline.read.unknown_labels" and fields["more"]:
        shown["labels"] += t.plural("baseline.words.more_labels", fields["more"])
    if isinstance(catalog(DEFAULT_LANGUAGE)[message.code], Mapping):
        return t.plural(message.code, fields["n"], **{k: v for k, v in shown.items()
                                                       if k != "n"})
    return t(message.code, **shown)


#: Flex rows that wrap on a phone.
ROW = {"display": "flex", "flex_flow": "row wrap", "align_items": "center", "width": "100%"}

EXTRA_CSS = """
<style>
.sr-app h3 { margin: 14px 0 4px 0; font-size: 1.1em; border-bottom: 1px solid #d5dbe3; }
.sr-scroll { overflow-x: auto; max-width: 100%; }
.sr-scroll table.sr-table td, .sr-scroll table.sr-table th { text-align: left; }
table.sr-table th { font-weight: 600; vertical-align: bottom; }
table.sr-table th .sr-muted { font-weight: 400; }
.sr-card .sr-sub { font-size: 0.75em; color: #56606b; }
.sr-working { background: #eaf2fb; border-left: 4px solid #2471a3; padding: 4px 10px; }
.sr-done { padding: 2px 0; }
.sr-spinner { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 8px;
              border: 2px solid #a9cce3; border-top-color: #2471a3; border-radius: 50%;
              animation: sr-spin 0.8s linear infinite; vertical-align: -1px; }
@keyframes sr-spin { to { transform: rotate(360deg); } }
.sr-app ul.sr-notes { margin: 2px 0 6px 0; padding-left: 18px; }
.sr-app .widget-html, .sr-app .widget-html-content { min-width: 0; max-width: 100%; }
.sr-app .sr-card .sr-value { line-height: 1.5; }
.sr-scroll-y { max-height: 420px; overflow-y: auto; }
.sr-app a.sr-download { color: #1f5fa8; font-weight: 600; text-decoration: underline; }
.sr-app a.sr-download:hover { color: #133d6e; }
</style>
"""


def relabel(dropdown, options) -> None:
    """Give ``dropdown`` new option labels (same values), keeping its choice."""
    value = dropdown.value
    if list(dropdown.options) != list(options):
        dropdown.options = options
    values = [v for _, v in options]
    if value in values and dropdown.value != value:
        dropdown.value = value


def cell(value, limit: int = 60) -> str:
    """A table cell's text, escaped and shortened; missing values are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text)


#: Hints for API users inside the package's messages: "(dayfirst=False in the API)" and
#: "; default_channel='phone' in the API" (the page has a control for each instead).
_API_HINT = (re.compile(r"\s*\([a-z_]+=[^()]*? in the API\)"),
             re.compile(r";\s*[a-z_]+=[^();]*? in the API"))
#: Names of the package that a message may hold, as people read them.
_NAMES = {"self_service": "self-service", "default_channel": "a default channel", **{f: label.lower() for f, label in
                                                {"handle_time": "handle time",
                                                 "wait_time": "wait time",
                                                 "first_response": "first response",
                                                 "ticket_id": "ticket id",
                                                 "created_time": "time of day",
                                                 "fcr_flag": "resolved first time",
                                                 "talk_time": "talk time",
                                                 "hold_time": "hold time",
                                                 "wrap_time": "wrap-up time"}.items()}}
_NAME_RE = re.compile(r"\b(" + "|".join(_NAMES) + r")\b")


def plain(message: str) -> str:
    """A message of :mod:`supportroi.baseline` as the page shows it: without hints for API
    users, and with the package's names (``self_service``, ``handle_time``) in words.

    >>> plain("read as month-first. Choose day-first if that is wrong (dayfirst=True in the API)")
    'read as month-first. Choose day-first if that is wrong'
    >>> plain("(phone for a call log; default_channel='phone' in the API)"), plain("→ self_service")
    ('(phone for a call log)', '→ self-service')
    """
    text = str(message)
    for hint in _API_HINT:
        text = hint.sub("", text)
    text = text.replace("``", "")  # reStructuredText literals of the field descriptions
    return _NAME_RE.sub(lambda m: _NAMES[m.group(1)], text)


def problem_list(title: str, problems, css: str = "sr-error-box",
                 lang: str = DEFAULT_LANGUAGE) -> str:
    """A notice: a title and one item per problem (in plain words in ``lang``, :func:`say`)."""
    items = "".join(f"<li>{html.escape(say(p, lang))}</li>" for p in problems)
    return f'<div class="{css}" role="alert"><b>{html.escape(title)}</b><ul>{items}</ul></div>'
