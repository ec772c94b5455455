"""Reading a file: bytes, gzip, encodings, CSV and XLSX → a table of text cells with
the file's row numbers (:func:`preview` and the loader :func:`read_export` uses)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd

from .fields import _GZIP_CHUNK, MAX_EXPANDED_BYTES, BaselineError
from .messages import Message

# -- reading ----------------------------------------------------------------------------------

#: Most data rows an import reads. Memory grows with rows (a row of a dozen text cells costs
#: several hundred bytes in pandas), so the expanded size alone does not bound it: a 6 MB
#: gzip file of short valid rows expands to millions of rows. 2,000,000 rows is two years of
#: a 100-agent centre; ``read_export(..., max_rows=)`` changes it. [rows]
MAX_ROWS = 2_000_000
#: Longest line (one row) read. [bytes]
MAX_ROW_BYTES = 1_000_000
#: Bytes of the file's start used to detect the encoding, separator and header row.
_HEAD_BYTES = 256 * 1024
#: Lines of the file's start used to detect the separator and the header row.
_HEAD_LINES = 200
#: Encodings the detector chooses among when the file is not UTF-8 (charset-normalizer).
_ENCODINGS = ["cp1251", "gb18030", "cp1252", "koi8_r", "big5", "shift_jis", "latin_1"]
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16",
                   "cp1251": "Windows-1251 (Cyrillic)", "gb18030": "GB18030 (GBK, Chinese)",
                   "gbk": "GBK (Chinese)", "cp1252": "Windows-1252 (Western European)",
                   "koi8_r": "KOI8-R (Cyrillic)", "big5": "Big5 (traditional Chinese)",
                   "shift_jis": "Shift JIS (Japanese)", "latin_1": "Latin-1",
                   "latin-1": "Latin-1", "cp866": "DOS 866 (Cyrillic)"}
#: Separators the sniffer chooses among.
DELIMITERS = (",", ";", "\t", "|")


@dataclass
class _Table:
    raw: pd.DataFrame          # columns as in the file, one line per parsed row
    rows: np.ndarray           # file row number of each line of raw
    malformed: list            # (row, detail) of lines the parser could not split
    kind: str
    notes: list
    layout: dict = field(default_factory=dict)  # encoding, delimiter, header_row, sheet(s)


@dataclass(frozen=True)
class FileLayout:
    """How a file was read: each guess, so that a person can check and override it."""

    #: "CSV", "XLSX" or "DataFrame".
    kind: str
    #: Codec name the text was read with ("utf-8-sig", "cp1251", "gb18030", ...); None for XLSX.
    encoding: str | None
    #: Field separator; None for XLSX.
    delimiter: str | None
    #: File row of the column names (1 = the first row; title rows above it are skipped).
    header_row: int
    #: Sheet read, and every sheet of the workbook (XLSX only).
    sheet: str | None
    sheets: tuple
    #: Whether a gzip-compressed file was expanded.
    gzip: bool = False


def preview(source, filename: str | None = None, n: int = 5, sheet=None, *,
            max_expanded_bytes: int = MAX_EXPANDED_BYTES, encoding: str | None = None,
            delimiter: str | None = None, header_row: int | None = None):
    """A file's name, its columns and its first ``n`` rows as text, indexed by
    file row number (the header is row 1 unless title rows come first), read
    as :func:`read_export` reads it (separators, encodings, gzip, XLSX) but
    only its first rows. Raises :class:`BaselineError` for a file that cannot
    be read (or a gzip file expanding to more than ``max_expanded_bytes``).

    >>> name, columns, head = preview(b"created,channel\\n2024-01-01,phone\\n", "t.csv")
    >>> columns, list(head.index)
    (['created', 'channel'], [2])
    """
    name, columns, head, _ = inspect_file(source, filename, n, sheet=sheet,
                                          max_expanded_bytes=max_expanded_bytes,
                                          encoding=encoding, delimiter=delimiter,
                                          header_row=header_row)
    return name, columns, head


def inspect_file(source, filename: str | None = None, n: int = 5, *, sheet=None,
                 max_expanded_bytes: int = MAX_EXPANDED_BYTES, encoding: str | None = None,
                 delimiter: str | None = None, header_row: int | None = None):
    """(name, columns, first ``n`` rows, :class:`FileLayout`): :func:`preview` and the
    guesses it made (encoding, separator, header row, sheet), reading only the first rows."""
    name, table = _load(source, filename, sheet, lambda columns: list(columns),
                        max_expanded_bytes, encoding=encoding, delimiter=delimiter,
                        header_row=header_row, nrows=n)
    head = table.raw.head(n).copy()
    head.index = table.rows[:len(head)]
    return name, [str(c) for c in table.raw.columns], head, _layout(table)


def _layout(table: _Table) -> FileLayout:
    lay = table.layout
    return FileLayout(kind=table.kind, encoding=lay.get("encoding"),
                      delimiter=lay.get("delimiter"), header_row=int(lay.get("header_row", 1)),
                      sheet=lay.get("sheet"), sheets=tuple(lay.get("sheets", ())),
                      gzip=bool(lay.get("gzip")))


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
        raise BaselineError(str(path), [Message(
            "baseline.read.cannot_open", f"cannot read the file: {exc.strerror or exc}",
            detail=str(exc.strerror or exc))]) from None


def _size(n: int) -> str:
    """A byte count for people: "1,000 MB", "4 MB", "2.5 MB", "49 KB"."""
    if n >= 10_000_000:
        return f"{n / 1e6:,.0f} MB"
    return f"{n / 1e6:.3g} MB" if n >= 1_000_000 else f"{max(n, 1) / 1e3:.3g} KB"


class _Limits:
    """Counts lines while a file streams in and stops at the row and line-length caps."""

    def __init__(self, name: str, max_rows: int | None, max_row_bytes: int = MAX_ROW_BYTES):
        self.name, self.max_rows, self.max_row_bytes = name, max_rows, max_row_bytes
        self.lines = 0
        self.open_line = 0  # bytes since the last line break

    def feed(self, chunk, start: int = 0, end: int | None = None) -> None:
        """Count the lines of ``chunk[start:end]`` (read in place: no copy of a slice)."""
        end = len(chunk) if end is None else min(end, len(chunk))
        k = chunk.count(b"\n", start, end)
        if k:
            self.lines += k
            self.open_line = end - 1 - chunk.rfind(b"\n", start, end)
        else:
            self.open_line += end - start
        if self.open_line > self.max_row_bytes:
            raise BaselineError(self.name, [Message(
                "baseline.read.line_too_long", f"a line of the file is longer than "
                f"{_size(self.max_row_bytes)}: it is not a ticket or call export (or its line "
                "breaks are missing)", bytes=self.max_row_bytes)])
        # a header, a few title rows and a last line without a break are not data rows
        if self.max_rows is not None and self.lines > self.max_rows + 50:
            raise BaselineError(self.name, [Message(
                "baseline.read.too_many_rows", f"the file has more than {self.max_rows:,} "
                "rows, the most one import reads (so that memory stays bounded): export a "
                "shorter period or split the file", n=self.max_rows)])


def _gunzip(name: str, data: bytes, limit: int, max_rows: int | None = None,
            stop_after: int | None = None) -> bytes:
    """``data`` decompressed (every gzip member), streamed in
    :data:`_GZIP_CHUNK` steps; a :class:`BaselineError` as soon as the output
    passes ``limit`` bytes or ``max_rows`` lines, so memory stays below about
    the limit + one step. ``stop_after`` ends early (a preview needs the start only)."""
    chunks, total = [], 0
    limits = _Limits(name, max_rows)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as f:
            while chunk := f.read(_GZIP_CHUNK):
                if total + len(chunk) > limit:
                    raise BaselineError(name, [Message(
                        "baseline.read.gzip_too_large",
                        f"the gzip-compressed file expands to more than {_size(limit)} "
                        f"(from {_size(len(data))} compressed); reading stops there "
                        "so that memory stays bounded: export a shorter period or split the "
                        "file", bytes=limit, compressed=len(data))])
                limits.feed(chunk)
                chunks.append(chunk)
                total += len(chunk)
                if stop_after is not None and total >= stop_after:
                    break
    except (OSError, EOFError, zlib.error) as exc:
        raise BaselineError(name, [Message("baseline.read.bad_gzip",
                                           f"not a readable gzip file: {exc}",
                                           detail=str(exc))]) from None
    return b"".join(chunks)


def _load(source, filename, sheet, text_columns,
          max_expanded_bytes: int = MAX_EXPANDED_BYTES, *, encoding=None, delimiter=None,
          header_row=None, nrows=None, max_rows=MAX_ROWS) -> tuple[str, _Table]:
    if isinstance(source, pd.DataFrame):
        raw = source.reset_index(drop=True).copy()
        raw.columns = _unique_names(raw.columns)
        return filename or "DataFrame", _Table(raw, np.arange(2, len(raw) + 2), [], "DataFrame",
                                               [])
    name, data = _bytes_of(source, filename)
    notes = []
    gz = data[:2] == b"\x1f\x8b"
    if gz:
        data = _gunzip(name, data, max_expanded_bytes, max_rows,
                       stop_after=4 * _HEAD_BYTES if nrows is not None else None)
        notes.append(Message("baseline.read.gzip", "gzip-compressed"))
    if not data[:_HEAD_BYTES].strip() and not data.strip():
        raise BaselineError(name, [Message("baseline.read.empty", "the file is empty")])
    if data[:4] == b"PK\x03\x04":
        table = _load_xlsx(name, data, sheet, notes, header_row, nrows, text_columns)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise BaselineError(name, [Message("baseline.read.xls", "old Excel 97–2003 (.xls) "
                                           "files are not supported: save the sheet as .xlsx "
                                           "or CSV")])
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise BaselineError(name, [Message("baseline.read.not_xlsx", "not a valid .xlsx file "
                                           "(it is not a zip archive)")])
    else:
        if not gz and nrows is None:
            _check_rows(name, data, max_rows)
        table = _load_csv(name, data, notes, text_columns, encoding, delimiter, header_row,
                          nrows)
    table.layout["gzip"] = gz
    return name, table


def _check_rows(name: str, data: bytes, max_rows: int | None) -> None:
    """Row and line-length caps for a file already in memory, in 1 MB steps."""
    limits = _Limits(name, max_rows)
    for i in range(0, len(data), _GZIP_CHUNK):
        limits.feed(data, i, i + _GZIP_CHUNK)


def _unique_names(columns) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, c in enumerate(columns):
        c = f"Unnamed: {i}" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c)
        c = c.strip() or f"Unnamed: {i}"
        if c in seen:
            seen[c] += 1
            c = f"{c}.{seen[c]}"
        else:
            seen[c] = 0
        out.append(c)
    return out


def encoding_name(codec: str | None) -> str:
    """A codec's name for people ("cp1251" → "Windows-1251 (Cyrillic)")."""
    if codec is None:
        return ""
    return _ENCODING_NAMES.get(codecs.lookup(codec).name.replace("-", "_"),
                               _ENCODING_NAMES.get(codec, codec))


def _decodes(data: bytes, codec: str) -> bool:
    """Whether all of ``data`` decodes with ``codec`` (in 1 MB steps: no copy of the text)."""
    dec = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)  # its slices are not copies
    try:
        for i in range(0, len(data), _GZIP_CHUNK):
            dec.decode(view[i:i + _GZIP_CHUNK], final=False)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(name: str, data: bytes, notes, given: str | None = None) -> tuple[bytes, str]:
    """(bytes pandas can read, codec). UTF-16 is re-encoded as UTF-8; BOMs decide; else
    UTF-8 if all of it decodes, else the best of :data:`_ENCODINGS` by charset-normalizer."""
    if given:
        try:
            codec = codecs.lookup(given).name
        except LookupError:
            raise BaselineError(name, [Message(
                "baseline.read.unknown_encoding", f"unknown encoding “{given}” (use a name "
                "such as utf-8, cp1251, gb18030 or latin-1)", encoding=str(given))]) from None
        if codec.startswith("utf-16") or codec.startswith("utf_16"):
            text = data.decode(given, errors="replace")
            notes.append(Message("baseline.read.encoding_chosen", f"{encoding_name(codec)} "
                                 "text (as chosen)", encoding=encoding_name(codec)))
            return text.lstrip("\ufeff").encode("utf-8"), "utf-8"
        if not _decodes(data, codec):
            notes.append(Message(
                "baseline.read.encoding_replaced", f"{encoding_name(codec)} text as chosen; "
                "bytes it cannot decode are replaced by �", encoding=encoding_name(codec)))
            return data.decode(codec, errors="replace").encode("utf-8"), "utf-8"
        notes.append(Message("baseline.read.encoding_chosen", f"{encoding_name(codec)} text "
                             "(as chosen)", encoding=encoding_name(codec)))
        return data, codec
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data[:4096]):
        codec = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        notes.append(Message("baseline.read.utf16", "UTF-16 text"))
        return data.decode(codec, errors="replace").lstrip("\ufeff").encode("utf-8"), "utf-8"
    if _decodes(data, "utf-8"):
        return data, "utf-8-sig"
    head = data[:_HEAD_BYTES]
    cut = head.rfind(b"\n")
    sample = head[:cut] if cut > 0 else head
    found = charset_normalizer.from_bytes(sample, cp_isolation=_ENCODINGS)
    order = [m.encoding for m in found] + [c for c in _ENCODINGS if c not in
                                           [m.encoding for m in found]]
    for codec in order:
        if _decodes(data, codec):
            notes.append(Message(
                "baseline.read.encoding_guessed", f"{encoding_name(codec)} text (detected, not "
                "UTF-8; choose another encoding if the text looks wrong)",
                encoding=encoding_name(codec)))
            return data, codec
    return data, "latin-1"  # every byte decodes in Latin-1  # pragma: no cover


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is zero."""
    return len(head) >= 8 and (head[1::2].count(0) > 0.4 * len(head) / 2
                               or head[0::2].count(0) > 0.4 * len(head) / 2)


def _sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number (> 1) of fields;
    quotes respected (a decimal comma in ``"12,5"`` or in a ``;`` file does not count)."""
    best, best_score = ",", (0.0, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=d) if r]
        counts = [c for c in counts if c > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode) / max(len(lines), 1), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _header_index(rows: list[list]) -> int:
    """Index of the header among a file's first rows: the first row with at least half as
    many filled cells as the widest rows have, most of them text (not numbers or dates).
    Title rows above it ("Report for March", a date, blank lines) are skipped."""
    filled = [[c for c in r if c is not None and str(c).strip()] for r in rows[:_HEAD_LINES]]
    widths = [len(f) for f in filled]
    if not widths or max(widths) < 2:
        return 0
    common = sorted(widths)[len(widths) // 2] if len(widths) > 2 else max(widths)
    need = max(2, int(np.ceil(0.5 * max(common, 2))))
    for i, cells in enumerate(filled[:50]):
        if len(cells) >= need:
            texts = [str(c) for c in cells]
            wordy = sum(bool(_WORDY.search(c)) and not _DATEISH.match(c) for c in texts)
            if wordy >= 0.6 * len(texts):
                return i
    return 0


_WORDY = re.compile(r"[^\W\d_]", re.UNICODE)  # a letter of any script
_DATEISH = re.compile(r"^\s*(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[A-Za-z]{3} \d{1,2},? \d{4})")


def _head_lines(data: bytes, enc: str) -> list[str]:
    head = data[:_HEAD_BYTES]
    cut = head.rfind(b"\n")
    text = (head[:cut] if 0 < cut and len(data) > len(head) else head).decode(
        enc, errors="replace").lstrip("\ufeff")
    return text.splitlines()[:_HEAD_LINES] or [""]


def _load_csv(name, data: bytes, notes, text_columns, encoding=None, delimiter=None,
              header_row=None, nrows=None) -> _Table:
    data, enc = _encoding(name, data, notes, encoding)
    lines = _head_lines(data, enc)
    skip = 0
    if lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:  # Excel's "sep=;"
        sep, skip = lines[0][4], 1
    else:
        sep = _sniff_delimiter(lines)
    if delimiter:
        sep = "\t" if delimiter in ("tab", "\\t") else delimiter
        if len(sep) != 1:
            raise BaselineError(name, [Message(
                "baseline.read.bad_separator", "the separator must be one character, got "
                f"“{delimiter}”", separator=str(delimiter))])
    if header_row is not None:
        if not (isinstance(header_row, (int, np.integer)) and header_row >= 1):
            raise BaselineError(name, [Message("baseline.read.bad_header_row", "the header row "
                                               "must be a row number from 1 on")])
        skip = int(header_row) - 1
    else:
        rows = list(csv.reader(lines[skip:], delimiter=sep))
        found = _header_index(rows)
        if found:
            notes.append(Message(
                "baseline.read.title_rows", f"{found} title row{'s' if found != 1 else ''} "
                f"above the column names skipped (the column names are on row "
                f"{skip + found + 1})", n=found, row=skip + found + 1))
        skip += found
    notes.append(Message("baseline.read.separator",
                         f"separated by {'tab' if sep == chr(9) else repr(sep)}", delimiter=sep))
    kw = dict(sep=sep, encoding=enc, skiprows=skip)
    try:
        header = pd.read_csv(io.BytesIO(data), nrows=0, **kw).columns
        dtype = {c: object for c in text_columns(list(header))}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            raw = pd.read_csv(io.BytesIO(data), dtype=dtype, skip_blank_lines=False,
                              on_bad_lines="warn", nrows=nrows, **kw)
    except BaselineError:
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = str(exc).strip().replace("Error tokenizing data. C error: ", "")
        raise BaselineError(name, [Message("baseline.read.bad_csv", f"cannot read as CSV: "
                                           f"{msg}", detail=msg)]) from None
    raw.columns = _unique_names(raw.columns)
    first = 2 + skip
    malformed = []
    for w in caught:
        for m in re.finditer(r"Skipping line (\d+): ([^\n]*)", str(w.message)):
            malformed.append((int(m.group(1)), m.group(2).strip()))  # counts the skipped line
    malformed.sort()
    bad = np.array([r for r, _ in malformed], dtype=np.int64)
    rows = np.arange(first, first + len(raw) + len(bad), dtype=np.int64)
    rows = np.setdiff1d(rows, bad, assume_unique=True)[:len(raw)]
    return _Table(raw, rows, malformed, "CSV", notes,
                  {"encoding": enc, "delimiter": sep, "header_row": skip + 1})


def _cell_text(x):
    """XLSX cells as the text a CSV export would hold (dates ISO, durations in seconds)."""
    if isinstance(x, dt.datetime):
        return x.isoformat(sep=" ")
    if isinstance(x, (dt.date, dt.time)):
        return x.isoformat()
    if isinstance(x, dt.timedelta):
        return f"{x.total_seconds():g}s"
    if isinstance(x, str) and not x.strip():
        return None
    return x


def list_sheets(source, filename: str | None = None) -> list[str]:
    """The sheet names of an XLSX workbook ([] for a CSV)."""
    name, data = _bytes_of(source, filename)
    if data[:4] != b"PK\x03\x04":
        return []
    return list(_workbook(name, data).sheet_names)


def _workbook(name, data):
    from python_calamine import CalamineWorkbook
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise BaselineError(name, [Message("baseline.read.bad_xlsx", "cannot read as .xlsx: "
                                           f"{str(exc)[:200]}", detail=str(exc)[:200])]) from None


def _sheet_rows(wb, sheet_name, nrows=None) -> list[list]:
    sheet = wb.get_sheet_by_name(sheet_name)
    return sheet.to_python(skip_empty_area=False, nrows=nrows)


def _load_xlsx(name, data, sheet, notes, header_row=None, nrows=None,
               text_columns=None) -> _Table:
    wb = _workbook(name, data)
    names = list(wb.sheet_names)
    if isinstance(sheet, (int, np.integer)) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise BaselineError(name, [Message(
                "baseline.read.no_sheet_number", f"no sheet number {sheet}; the workbook has "
                f"{len(names)}", number=int(sheet), n=len(names))])
        chosen = names[int(sheet)]
    elif sheet is None:
        chosen = _choose_sheet(wb, names, text_columns)
        if len(names) > 1:
            notes.append(Message(
                "baseline.read.sheet_chosen", f"sheet “{chosen}” chosen of {len(names)} "
                f"({', '.join(names)}): the first with a creation-date column; choose another "
                "if needed", sheet=chosen, sheets=list(names)))
    elif str(sheet) in names:
        chosen = str(sheet)
    else:
        raise BaselineError(name, [Message("baseline.read.no_sheet", f"no sheet “{sheet}”; "
                                           f"sheets: {', '.join(names)}", sheet=str(sheet),
                                           sheets=list(names))])
    rows = _sheet_rows(wb, chosen, None if nrows is None else nrows + _HEAD_LINES)
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    if header_row is not None:
        h = int(header_row) - 1
    else:
        h = _header_index(rows)
        if h:
            notes.append(Message(
                "baseline.read.title_rows", f"{h} title row{'s' if h != 1 else ''} above the "
                f"column names skipped (the column names are on row {h + 1})", n=h, row=h + 1))
    if h >= len(rows) or all(v is None or v == "" for v in rows[h]):
        raise BaselineError(name, [Message(
            "baseline.read.empty_header", f"row {h + 1} of the sheet is empty: it must hold "
            "the column names (choose the header row)", row=h + 1)])
    header = rows[h]
    width = len(header)
    body = rows[h + 1:] if nrows is None else rows[h + 1:h + 1 + nrows]
    body = [[_cell_text(x) for x in r[:width]] + [None] * (width - len(r)) for r in body]
    raw = pd.DataFrame(body, columns=_unique_names(header), dtype=object)
    notes.append(Message("baseline.read.sheet", f"sheet “{chosen}”", sheet=chosen))
    return _Table(raw, np.arange(h + 2, h + 2 + len(raw), dtype=np.int64), [], "XLSX", notes,
                  {"header_row": h + 1, "sheet": chosen, "sheets": names})


def _choose_sheet(wb, names: list[str], text_columns) -> str:
    """The first sheet whose column names give a creation date, else the first sheet."""
    from .fields import detect_mapping
    for sheet_name in names:
        rows = _sheet_rows(wb, sheet_name, _HEAD_LINES)
        if not rows:
            continue
        header = rows[_header_index(rows)]
        try:
            if "created" in detect_mapping(_unique_names(header)):
                return sheet_name
        except BaselineError:
            continue
    return names[0]
