"""The reading options of the baseline app: every guess the reader makes, with a control to
override it (encoding, separator, sheet, header row, date order and format, decimal mark,
duration units, what to do with bad values, unknown channel labels)."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from ...baseline import CHANNELS
from ...baseline.reading import encoding_name
from ...i18n import DEFAULT_LANGUAGE, translator
from .common import ENCODING_KEYS, ROW, channel_label, relabel

__all__ = ["ReadingPanel"]

AUTO = ""
#: Options of each control: (message of its label, value).
_ENCODINGS = [("baseline.reading.detect", AUTO), ("UTF-8", "utf-8-sig"),
              ("baseline.reading.cp1251", "cp1251"), ("baseline.reading.gb18030", "gb18030"),
              ("baseline.reading.cp1252", "cp1252"), ("baseline.reading.koi8_r", "koi8_r"),
              ("baseline.reading.big5", "big5"), ("baseline.reading.shift_jis", "shift_jis"),
              ("UTF-16", "utf-16"), ("Latin-1", "latin_1")]
_DELIMITERS = [("baseline.reading.detect", AUTO), ("baseline.reading.comma", ","),
               ("baseline.reading.semicolon", ";"), ("baseline.reading.tab", "\t"),
               ("baseline.reading.bar", "|")]
_DAYFIRST = [("baseline.reading.detect", AUTO), ("baseline.reading.day_first", "day"),
             ("baseline.reading.month_first", "month")]
_DECIMAL = [("baseline.reading.detect", AUTO), ("baseline.reading.decimal_comma", ","),
            ("baseline.reading.decimal_point", ".")]
_UNITS = [("baseline.reading.unit_auto", AUTO), ("baseline.units.seconds", "seconds"),
          ("baseline.units.minutes", "minutes"), ("baseline.units.hours", "hours"),
          ("baseline.units.milliseconds", "milliseconds")]
_BAD = [("baseline.reading.bad_blank", "blank"), ("baseline.reading.bad_set_aside", "set aside")]
_UNIT_FIELDS = {"handle_time": "baseline.reading.handle_time_in",
                "wait_time": "baseline.reading.wait_time_in",
                "first_response": "baseline.reading.first_response_in"}
_SEPARATED = {",": "baseline.reading.by_commas", ";": "baseline.reading.by_semicolons",
              "\t": "baseline.reading.by_tabs", "|": "baseline.reading.by_bars"}
#: Unknown channel labels offered for mapping.
MAX_LABELS = 12


def _options(options, lang):
    """(label, value) pairs with each label that is a message said in ``lang``."""
    t = translator(lang)
    return [(t(label) if label.startswith("baseline.") else label, value)
            for label, value in options]


def _dd(options, css, width="305px"):
    d = w.Dropdown(options=options, value=options[0][1],
                   layout=w.Layout(width=width, max_width="100%"),
                   style={"description_width": "110px"})
    d.add_class(css)
    return d


class ReadingPanel:
    """Controls for how the file is read. :meth:`options` gives the keyword arguments of
    :func:`~supportroi.baseline.read_export` they choose (values are checked: a client can
    send anything), :meth:`file_options` the ones that change the columns, and
    :meth:`show_guesses` says what was detected; :meth:`set_language` says it all in
    another language, keeping every choice."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self._choices = {}  # control → its options, as messages
        self.encoding = self._control(_ENCODINGS, "sr-encoding")
        self.delimiter = self._control(_DELIMITERS, "sr-delimiter")
        self.sheet = _dd([("", AUTO)], "sr-sheet")
        self.header_row = w.Text(value="", layout=w.Layout(width="305px", max_width="100%"),
                                 style={"description_width": "110px"})
        self.header_row.add_class("sr-header-row")
        self.dayfirst = self._control(_DAYFIRST, "sr-dayfirst")
        self.date_format = w.Text(value="", layout=w.Layout(width="305px", max_width="100%"),
                                  style={"description_width": "110px"})
        self.date_format.add_class("sr-date-format")
        self.decimal = self._control(_DECIMAL, "sr-decimal")
        self.units = {f: self._control(_UNITS, f"sr-unit-{f.replace('_', '-')}")
                      for f in _UNIT_FIELDS}
        self.bad_values = self._control(_BAD, "sr-bad-values")
        self.labels_box = w.Box([], layout=w.Layout(**ROW, grid_gap="2px 10px"))
        self.labels: dict[str, w.Dropdown] = {}
        self.on_change = None  # called when a label dropdown changes
        self.guesses = w.HTML()
        self.guesses.add_class("sr-guesses")
        self.message = w.HTML()
        self.message.add_class("sr-reading-message")
        self.intro = w.HTML()
        self._layout = self._export = None
        self.box = w.VBox([
            self.intro,
            self.guesses,
            w.Box([self.encoding, self.delimiter, self.sheet, self.header_row, self.dayfirst,
                   self.date_format, self.decimal, *self.units.values(), self.bad_values],
                  layout=w.Layout(**ROW, grid_gap="2px 10px")),
            self.labels_box, self.message,
        ], layout=w.Layout(width="100%"))
        self.set_language(lang)

    def _control(self, options, css):
        d = _dd(_options(options, self.lang), css)
        self._choices[css] = (d, options)
        return d

    def set_language(self, lang: str) -> None:
        """Every label and option in ``lang``; every choice stays."""
        self.lang = lang
        t = translator(lang)
        for d, options in self._choices.values():
            relabel(d, _options(options, lang))
        self.encoding.description = t("baseline.reading.encoding")
        self.delimiter.description = t("baseline.reading.separator")
        self.sheet.description = t("baseline.reading.sheet")
        self.header_row.description = t("baseline.reading.header_row")
        self.header_row.placeholder = t("baseline.reading.detect")
        self.dayfirst.description = t("baseline.reading.date_order")
        self.date_format.description = t("baseline.reading.date_format")
        self.date_format.placeholder = t("baseline.reading.date_format_placeholder")
        self.decimal.description = t("baseline.reading.decimal")
        for f, d in self.units.items():
            d.description = t(_UNIT_FIELDS[f])
        self.bad_values.description = t("baseline.reading.bad_value")
        self.intro.value = (f"<div class='sr-muted' style='margin-top:6px'>"
                            f"{html.escape(t('baseline.reading.intro'))}</div>")
        relabel(self.sheet, [(t("baseline.reading.detect"), AUTO)]
                + [(o, o) for _, o in self.sheet.options[1:]])
        if self._layout is not None:
            self.show_guesses(self._layout, self._export)
        elif self.labels:
            self._relabel_labels()

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
                raise ValueError(translator(self.lang)("baseline.reading.bad_header_row",
                                                       text=row[:20]))
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
                raise ValueError(translator(self.lang)("baseline.reading.format_codes"))
            try:
                dt.datetime(2024, 12, 31, 23, 59).strftime(fmt)
            except ValueError:
                raise ValueError(translator(self.lang)("baseline.reading.not_a_format",
                                                       text=fmt)) from None
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
        self._layout, self._export = layout, export
        if layout is None:
            self.guesses.value = ""
            return
        t = translator(self.lang)
        parts = [t("baseline.reading.gzip_kind", kind=layout.kind) if layout.gzip
                 else layout.kind]
        if layout.encoding:
            parts.append(t("baseline.reading.encoding_is",
                           encoding=_encoding_text(layout.encoding, self.lang)))
        if layout.delimiter:
            parts.append(t(_SEPARATED[layout.delimiter]) if layout.delimiter in _SEPARATED
                         else t("baseline.reading.by_other", delimiter=layout.delimiter))
        if layout.sheet:
            parts.append(t("baseline.reading.sheet_is", sheet=layout.sheet))
        parts.append(t("baseline.reading.header_on", row=layout.header_row))
        self.guesses.value = ("<div class='sr-muted'>" + html.escape(t(
            "baseline.reading.read_as", parts=t("baseline.words.list_separator").join(parts)))
            + "</div>")
        options = [(t("baseline.reading.detect"), AUTO)] + [(s, s) for s in layout.sheets]
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
        options = self._label_options()
        for label in unknown[:MAX_LABELS]:
            d = _dd(options, "sr-label-map")
            d.description = label[:30]
            d.value = chosen.get(label, AUTO) if chosen.get(label, AUTO) in dict(
                options).values() else AUTO
            if self.on_change is not None:
                d.observe(self.on_change, names="value")
            self.labels[label] = d
            items.append(d)
        self._labels_head = w.HTML() if items else None
        self.labels_box.children = ([self._labels_head] if items else []) + items
        self._relabel_labels()

    def _label_options(self):
        t = translator(self.lang)
        return [(t("baseline.reading.not_a_contact"), AUTO)] + [
            (channel_label(c, self.lang), c) for c in CHANNELS]

    def _relabel_labels(self) -> None:
        for d in self.labels.values():
            relabel(d, self._label_options())
        head = getattr(self, "_labels_head", None)
        if head is not None:
            head.value = (f"<div class='sr-muted' style='width:100%'>"
                          f"{html.escape(translator(self.lang)('baseline.reading.labels_intro'))}"
                          "</div>")


def _encoding_text(codec: str, lang: str) -> str:
    """A codec's name in ``lang`` ("cp1251" → "Windows-1251 (кириллица)")."""
    name = encoding_name(codec)
    return translator(lang)(ENCODING_KEYS[name]) if name in ENCODING_KEYS else name
