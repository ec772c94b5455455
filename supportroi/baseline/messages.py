"""Messages of the reading layer that an app can say in another language.

A :class:`Message` *is* its English text (a ``str``: callers that print notes, warnings
or problems get the words they always got), and also carries a ``code`` (the dotted key
of its words in ``supportroi/locales/<lang>/baseline.yaml``) and the ``fields`` those
words are filled with, as values rather than text (counts as numbers, field names as
codes), so that a page formats them for its own language.

>>> m = Message("baseline.read.blank_rows", "3 blank rows skipped (not data)", n=3)
>>> m, m.code, m.fields
('3 blank rows skipped (not data)', 'baseline.read.blank_rows', {'n': 3})
>>> m.upper()
'3 BLANK ROWS SKIPPED (NOT DATA)'

The details of the problem lines (``export.rejections["detail"]``) stay plain text in
their table; :func:`detail_message` gives the code and fields of one of them.

>>> detail_message(detail("baseline.details.over_limit", hours="9.5", limit="8")).fields
{'hours': 9.5, 'limit': 8}
"""

from __future__ import annotations

import re

__all__ = ["DETAILS", "Message", "detail", "detail_message"]


class Message(str):
    """English text with the ``code`` and ``fields`` of its words in every language."""

    code: str
    fields: dict

    def __new__(cls, code: str, text: str, /, **fields):
        self = super().__new__(cls, text)
        self.code = code
        self.fields = fields
        return self

    def __reduce__(self):
        return (_rebuild, (self.code, str(self), self.fields))


def _rebuild(code: str, text: str, fields: dict) -> Message:
    return Message(code, text, **fields)


#: The words of a problem line's detail, by code (its key in the catalogs): the English
#: detail as the table holds it, with ``{fields}`` filled in by the reader.
DETAILS = {
    "baseline.details.empty": "empty",
    "baseline.details.not_a_date": "not a recognisable date",
    "baseline.details.not_a_duration": "not a recognisable duration",
    "baseline.details.negative": "negative duration",
    "baseline.details.response_before_created": "first response before creation",
    "baseline.details.not_a_channel": "not a known channel label",
    "baseline.details.not_an_outcome": "not a known call outcome",
    "baseline.details.not_yes_no": "not yes or no",
    "baseline.details.before_created": "{hours} h before it was created",
    "baseline.details.over_limit": "{hours} h is over the limit of {limit} h",
    "baseline.details.duplicate_of": "ticket id already on row {row}",
    "baseline.details.off_scale": "not a whole number from {low} to {high}",
}
_NUMBER = r"([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
_PATTERNS = {code: re.compile(re.sub(r"\\\{\w+\\\}", lambda _m: _NUMBER, re.escape(text)))
             for code, text in DETAILS.items()}
_FIELDS = {code: re.findall(r"{(\w+)}", text) for code, text in DETAILS.items()}


def detail(code: str, **fields) -> str:
    """The English detail ``code`` with ``fields`` (already written as text)."""
    return DETAILS[code].format(**fields)


def detail_message(text: str) -> Message | None:
    """The code and fields (numbers as numbers) of a problem line's detail, or None for a
    detail of another kind (a malformed line's text, a reason's own description)."""
    text = str(text)
    for code, pattern in _PATTERNS.items():
        m = pattern.fullmatch(text)
        if m:
            values = [float(v) if any(c in v for c in ".e") else int(v) for v in m.groups()]
            return Message(code, text, **dict(zip(_FIELDS[code], values)))
    return None
