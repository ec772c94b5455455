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
* A bad **optional value** (resolution time, handle, wait, talk, hold or wrap-up
  time, first response, score, reopens, outcome, resolved-first-time flag) is
  left blank and the row kept, so its volume still counts; each such value is
  listed in ``export.rejections`` with the action "value left blank" and
  ``export.n_blanked`` counts the rows (``bad_values="set aside"`` sets such rows
  aside instead). A bad creation date or channel, or a duplicate ticket id, sets
  the row aside. Missing optional values (no score, no handle time, still open)
  are not problems. A CSV line with more fields than the header (usually an unquoted
  comma) is set aside as ``malformed_line``; a line with fewer fields is read
  with the missing fields empty.

:func:`compute_kpis` documents the KPI definitions (FCR, repeat contacts,
time to resolution) and :func:`to_scenario` the annualisation.

The package follows those steps: :mod:`.fields` (the canonical fields, column names, channel
labels, limits), :mod:`.reading` (bytes → a table), :mod:`.values` (dates, durations, numbers,
ids), :mod:`.rows` (:func:`read_export`: validation and rejections), :mod:`.kpis` and
:mod:`.scenario`.
"""

from .fields import (
    CHANNELS,
    DATE_RANGE,
    DEFAULT_REPEAT_WINDOW_DAYS,
    FIELDS,
    HEADER_NAMES,
    MAX_EXPANDED_BYTES,
    MAX_HANDLE_TIME_S,
    MAX_REOPENS,
    REASONS,
    REQUIRED,
    SCALES,
    BaselineError,
    channel_of,
    detect_mapping,
    normalise_header,
)
from .kpis import BaselineKPIs, compute_kpis
from .profile import arrival_profile, arrival_profile_csv, write_arrival_profile
from .reading import FileLayout, inspect_file, list_sheets, preview
from .rows import TicketExport, read_export
from .scenario import measured_not_inputs, not_measured, to_scenario
from .values import parse_durations

__all__ = [
    "preview",
    "FIELDS", "REQUIRED", "HEADER_NAMES", "CHANNELS", "SCALES", "REASONS", "MAX_HANDLE_TIME_S",
    "MAX_REOPENS", "MAX_EXPANDED_BYTES", "DATE_RANGE", "DEFAULT_REPEAT_WINDOW_DAYS",
    "BaselineError", "TicketExport", "BaselineKPIs",
    "read_export", "detect_mapping", "normalise_header", "channel_of", "parse_durations",
    "compute_kpis", "to_scenario", "not_measured", "measured_not_inputs", "FileLayout",
    "inspect_file", "list_sheets", "arrival_profile", "arrival_profile_csv",
    "write_arrival_profile",
]
