"""What the baseline app's panels share: field labels, HTML helpers, styles."""

from __future__ import annotations

import html
import math
import re

__all__ = ["FIELD_LABELS", "NONE", "cell", "plain", "problem_list"]

#: Dropdown value of "(none)": no column name is empty once read.
NONE = ""
FIELD_LABELS = {"ticket_id": "Ticket id", "created": "Created", "resolved": "Resolved",
                "channel": "Channel", "handle_time": "Handle time", "reopens": "Reopens",
                "csat": "CSAT", "nps": "NPS", "ces": "CES", "agent": "Agent",
                "customer": "Customer", "created_time": "Time of day", "wait_time": "Wait time",
                "outcome": "Call outcome", "fcr_flag": "Resolved first time",
                "first_response": "First response", "talk_time": "Talk time",
                "hold_time": "Hold time", "wrap_time": "Wrap-up time"}
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


def problem_list(title: str, problems, css: str = "sr-error-box") -> str:
    """A notice: a title and one item per problem (in plain words, :func:`plain`)."""
    items = "".join(f"<li>{html.escape(plain(p))}</li>" for p in problems)
    return f'<div class="{css}" role="alert"><b>{html.escape(title)}</b><ul>{items}</ul></div>'
