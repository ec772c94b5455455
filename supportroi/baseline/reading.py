"""Reading a file: bytes, gzip, encodings, CSV and XLSX → a table of text cells with
the file's row numbers (:func:`preview` and the loader :func:`read_export` uses)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .fields import _GZIP_CHUNK, MAX_EXPANDED_BYTES, BaselineError

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


