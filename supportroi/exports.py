"""Take-away files: the results as an Excel workbook.

Every text cell written here goes through :func:`safe_text`, so a label or
intangible that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) cannot run as a spreadsheet formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .assumptions import CATALOG
from .formatting import CONVENTIONS, headline
from .model import LINES, Evaluation

__all__ = ["safe_text", "money_format", "excel_workbook", "add_scenario_sheets"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LABELS = {line.key: line.label for line in LINES} | {
    "costs": "Total costs", "benefits": "Total benefits", "net": "Net cash flow",
    "cumulative net": "Cumulative net cash flow"}


def safe_text(value):
    """Text that a spreadsheet will not read as a formula (OWASP: prefix ``'``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def money_format(currency: str) -> str:
    """An Excel number format showing whole amounts with the currency symbol."""
    cur = currency.replace('"', "")
    return f'"{cur}"#,##0;-"{cur}"#,##0'


def _write_rows(ws, rows: Sequence[Sequence], bold_first: bool = True) -> None:
    for row in rows:
        ws.append([safe_text(v) for v in row])
    if bold_first and rows:
        for cell in ws[1]:
            cell.font = Font(bold=True)


def _autosize(ws, max_width: int = 70) -> None:
    for col in ws.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
        ws.column_dimensions[get_column_letter(col[0].column)].width = min(max(10, width + 2),
                                                                           max_width)


def add_scenario_sheets(wb: Workbook, ev: Evaluation, name: str, title: str = "") -> None:
    """Yearly table, assumptions and explanations of one scenario, as sheets
    prefixed with ``name`` (used by single and comparison workbooks)."""
    cur = ev.currency
    fmt = money_format(cur)
    ws = wb.create_sheet(f"{name} yearly"[:31])
    years = list(ev.table.columns)
    rows = [["Kind", "Line", *[f"Year {y}" for y in years], "Total"]]
    for (kind, key), amounts in zip(ev.table.index, ev.table.to_numpy()):
        total = "" if key == "cumulative net" else float(amounts.sum())
        rows.append([kind, _LABELS[key], *[float(x) for x in amounts], total])
    _write_rows(ws, rows)
    for row in ws.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.number_format = fmt
    ws.freeze_panes = "C2"
    _autosize(ws)

    ws = wb.create_sheet(f"{name} assumptions"[:31])
    rows = [["Name", "Label", "Value", "Unit", "Default", "Min", "Max", "Group", "Source",
             "Help"]]
    for a in CATALOG.values():
        unit = a.unit.replace("currency", cur)
        rows.append([a.name, a.label, ev.values[a.name], unit, a.default, a.min, a.max, a.group,
                     a.source, a.help])
    _write_rows(ws, rows)
    ws.freeze_panes = "C2"
    _autosize(ws)

    ws = wb.create_sheet(f"{name} how computed"[:31])
    rows = [["Line", "Kind", "Full-year amount, with the numbers", "Then", "Total over horizon"]]
    for e in ev.explain():
        rows.append([e.label, e.kind, e.formula, e.adjustments, e.total])
    _write_rows(ws, rows)
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
        row[4].number_format = fmt
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["C"].width = 90
    ws.column_dimensions["D"].width = 60
    ws.column_dimensions["E"].width = 18


def excel_workbook(ev: Evaluation, title: str = "", description: str = "") -> bytes:
    """An .xlsx file: summary, yearly table, assumptions with units and sources,
    and how each line is computed. Returns the file's bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    a = ev.appraisal
    cur = ev.currency
    text = headline(a, cur)
    rows = [
        ["supportroi results", title or "Custom scenario"],
        ["Description", description],
        ["Created", dt.date.today().isoformat()],
        [],
        ["Figure", "Value", "As shown"],
        ["ROI (NPV / PV costs)", a.roi, text["ROI"]],
        ["NPV", a.npv, text["NPV"]],
        ["PV benefits", a.pv_benefits, ""],
        ["PV costs", a.pv_costs, ""],
        ["BCR (PV benefits / PV costs)", a.bcr, text["BCR"]],
        ["IRR", a.irr, text["IRR"]],
        ["Payback (years, undiscounted)", a.payback_years, text["Payback"]],
        ["Discounted payback (years)", a.discounted_payback_years, ""],
        ["Discount rate", a.rate, ""],
        ["Horizon (years)", a.horizon_years, ""],
        ["Terminal value of kept customers (not in ROI)", ev.terminal_value, ""],
        [],
        ["Intangible benefits (not in ROI)"],
        *[[item] for item in ev.intangibles],
        [],
        ["Warnings"],
        *[[str(wn)] for wn in ev.warnings],
        [],
        [CONVENTIONS + " Empty values are undefined (see 'As shown')."],
    ]
    _write_rows(ws, rows, bold_first=False)
    for r in (1, 5, 18):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    fmt = money_format(cur)
    for r, number_format in ((6, "0.0%"), (7, fmt), (8, fmt), (9, fmt), (10, "0.00"),
                             (11, "0.0%"), (12, "0.00"), (13, "0.00"), (14, "0.0%"),
                             (16, fmt)):
        ws.cell(row=r, column=2).number_format = number_format
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 34
    add_scenario_sheets(wb, ev, "Scenario", title)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
