"""The reading options of the baseline app: every guess the reader makes, with a control to
override it (encoding, separator, sheet, header row, date order and format, decimal mark,
duration units, what to do with bad values, unknown channel labels)."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from ...baseline import CHANNELS
from ...baseline.reading import encoding_name
from ..baseline_charts import CHANNEL_LABELS
from .common import ROW

__all__ = ["ReadingPanel"]

AUTO = ""
_ENCODINGS = [("detect", AUTO), ("UTF-8", "utf-8-sig"), ("Windows-1251 (Cyrillic)", "cp1251"),
              ("GB18030 / GBK (Chinese)", "gb18030"), ("Windows-1252 (Western)", "cp1252"),
              ("KOI8-R (Cyrillic)", "koi8_r"), ("Big5 (traditional Chinese)", "big5"),
              ("Shift JIS (Japanese)", "shift_jis"), ("UTF-16", "utf-16"),
              ("Latin-1", "latin_1")]
_DELIMITERS = [("detect", AUTO), ("comma ,", ","), ("semicolon ;", ";"), ("tab", "\t"),
               ("bar |", "|")]
_DAYFIRST = [("detect", AUTO), ("day first (31.12.2024)", "day"),
             ("month first (12/31/2024)", "month")]
_DECIMAL = [("detect", AUTO), ("comma (12,5)", ","), ("point (12.5)", ".")]
_UNITS = [("from the column name, else seconds", AUTO), ("seconds", "seconds"),
          ("minutes", "minutes"), ("hours", "hours"), ("milliseconds", "milliseconds")]
_BAD = [("leave the value blank, keep the row", "blank"), ("set the row aside", "set aside")]
_NOT_A_CONTACT = "(not a contact: set aside)"
#: Unknown channel labels offered for mapping.
MAX_LABELS = 12


def _dd(options, description, css, width="305px"):
    d = w.Dropdown(options=options, value=options[0][1], description=description,
                   layout=w.Layout(width=width, max_width="100%"),
                   style={"description_width": "110px"})
    d.add_class(css)
    return d


class ReadingPanel:
    """Controls for how the file is read. :meth:`options` gives the keyword arguments of
    :func:`~supportroi.baseline.read_export` they choose (values are checked: a client can
    send anything), :meth:`file_options` the ones that change the columns, and
    :meth:`show_guesses` says what was detected."""

    def __init__(self):
        self.encoding = _dd(_ENCODINGS, "Encoding", "sr-encoding")
        self.delimiter = _dd(_DELIMITERS, "Separator", "sr-delimiter")
        self.sheet = _dd([("detect", AUTO)], "Sheet", "sr-sheet")
        self.header_row = w.Text(value="", placeholder="detect", description="Header row",
                                 layout=w.Layout(width="305px", max_width="100%"),
                                 style={"description_width": "110px"})
        self.header_row.add_class("sr-header-row")
        self.dayfirst = _dd(_DAYFIRST, "Date order", "sr-dayfirst")
        self.date_format = w.Text(value="", placeholder="detect, or e.g. %d.%m.%Y %H:%M",
                                  description="Date format",
                                  layout=w.Layout(width="305px", max_width="100%"),
                                  style={"description_width": "110px"})
        self.date_format.add_class("sr-date-format")
        self.decimal = _dd(_DECIMAL, "Decimal mark", "sr-decimal")
        self.units = {f: _dd(_UNITS, label, f"sr-unit-{f.replace('_', '-')}")
                      for f, label in (("handle_time", "Handle time in"),
                                       ("wait_time", "Wait time in"),
                                       ("first_response", "First response in"))}
        self.bad_values = _dd(_BAD, "A bad value", "sr-bad-values")
        self.labels_box = w.Box([], layout=w.Layout(**ROW, grid_gap="2px 10px"))
        self.labels: dict[str, w.Dropdown] = {}
        self.on_change = None  # called when a label dropdown changes
        self.guesses = w.HTML()
        self.guesses.add_class("sr-guesses")
        self.message = w.HTML()
        self.message.add_class("sr-reading-message")
        self.box = w.VBox([
            w.HTML("<div class='sr-muted' style='margin-top:6px'>How the file is read "
                   "(detected; change any, then apply).</div>"),
            self.guesses,
            w.Box([self.encoding, self.delimiter, self.sheet, self.header_row, self.dayfirst,
                   self.date_format, self.decimal, *self.units.values(), self.bad_values],
                  layout=w.Layout(**ROW, grid_gap="2px 10px")),
            self.labels_box, self.message,
        ], layout=w.Layout(width="100%"))

    # -- values -------------------------------------------------------------------
    def file_options(self) -> dict:
        """Options that decide the columns: encoding, separator, sheet, header row."""
        out = {}
        if self.encoding.value:
            out["encoding"] = self.encoding.value
        if self.delimiter.value:
            out["delimiter"] = self.delimiter.value
        if self.sheet.value:
            out["sheet"] = self.sheet.value
        row = str(self.header_row.value or "").strip()
        if row:
            if not row.isdigit() or not 1 <= int(row) <= 10_000:
                raise ValueError(f"the header row must be a row number from 1 to 10,000, "
                                 f"not “{row[:20]}”")
            out["header_row"] = int(row)
        return out

    def options(self) -> dict:
        """Every keyword argument of read_export these controls choose. Raises ValueError
        (in plain words) for a typed value that is not valid."""
        out = self.file_options()
        if self.dayfirst.value:
            out["dayfirst"] = self.dayfirst.value == "day"
        fmt = str(self.date_format.value or "").strip()[:60]
        if fmt:
            if "%" not in fmt:
                raise ValueError("a date format uses codes such as %d (day), %m (month), %Y "
                                 "(year), %H:%M (time)")
            try:
                dt.datetime(2024, 12, 31, 23, 59).strftime(fmt)
            except ValueError:
                raise ValueError(f"“{fmt}” is not a date format") from None
            out["date_format"] = fmt
        if self.decimal.value:
            out["decimal"] = self.decimal.value
        units = {f: d.value for f, d in self.units.items() if d.value}
        if units:
            out["duration_unit"] = units
        out["bad_values"] = self.bad_values.value
        labels = {label: d.value for label, d in self.labels.items()
                  if d.value in CHANNELS}
        if labels:
            out["channel_map"] = labels
        return out

    # -- what was found ---------------------------------------------------------------
    def show_guesses(self, layout, export=None) -> None:
        """Say what was detected; offer the workbook's sheets and the unknown labels."""
        if layout is None:
            self.guesses.value = ""
            return
        parts = [layout.kind + (" (gzip-compressed)" if layout.gzip else "")]
        if layout.encoding:
            parts.append(f"encoding {encoding_name(layout.encoding)}")
        if layout.delimiter:
            parts.append("separated by " + {",": "commas", ";": "semicolons", "\t": "tabs",
                                            "|": "bars"}.get(layout.delimiter,
                                                             layout.delimiter))
        if layout.sheet:
            parts.append(f"sheet “{layout.sheet}”")
        parts.append(f"column names on row {layout.header_row}")
        self.guesses.value = ("<div class='sr-muted'>Read as: "
                              + html.escape(", ".join(parts)) + ".</div>")
        options = [("detect", AUTO)] + [(s, s) for s in layout.sheets]
        if [o for _, o in self.sheet.options] != [o for _, o in options]:
            keep = self.sheet.value if self.sheet.value in layout.sheets else AUTO
            self.sheet.options = options
            self.sheet.value = keep
        self.sheet.layout.display = None if layout.sheets else "none"
        if export is not None:
            self._show_labels(export)

    def _show_labels(self, export) -> None:
        chosen = {k: d.value for k, d in self.labels.items()}
        unknown = [k for k, v in export.channel_labels.items() if v is None and k]
        unknown += [k for k, v in chosen.items() if v in CHANNELS and k not in unknown]
        self.labels = {}
        items = []
        options = [(_NOT_A_CONTACT, AUTO)] + [(CHANNEL_LABELS[c], c) for c in CHANNELS]
        for label in unknown[:MAX_LABELS]:
            d = _dd(options, label[:30], "sr-label-map")
            d.value = chosen.get(label, AUTO) if chosen.get(label, AUTO) in dict(
                options).values() else AUTO
            if self.on_change is not None:
                d.observe(self.on_change, names="value")
            self.labels[label] = d
            items.append(d)
        head = (w.HTML("<div class='sr-muted' style='width:100%'>Channel labels not "
                       "recognised: choose the channel of each.</div>") if items else None)
        self.labels_box.children = ([head] if head else []) + items
