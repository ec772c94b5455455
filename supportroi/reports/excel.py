"""Take-away files: the results as Excel workbooks.

* :func:`excel_workbook` — one scenario: summary, yearly table, assumptions
  (units and sources) and how each line is computed.
* :func:`comparison_workbook` — a summary sheet comparing scenarios, then for
  each scenario the sheets of :func:`add_scenario_sheets`.

Every text cell written here goes through :func:`safe_text`, so a label or
intangible that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) cannot run as a spreadsheet formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..assumptions import CATALOG
from ..compare import FIGURES, Comparison
from ..formatting import CONVENTIONS, headline
from ..model import LINES, Evaluation

__all__ = ["safe_text", "money_format", "excel_workbook", "add_scenario_sheets",
           "comparison_workbook"]

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


# -- comparison ----------------------------------------------------------------------------------

def _sheet_prefixes(names: Sequence[str]) -> list[str]:
    """Short, valid, unique sheet-name prefixes: "1 telecom_contact"..."""
    out = []
    for i, name in enumerate(names, 1):
        clean = re.sub(r"[\[\]:*?/\\'\x00-\x1f]", "_", str(name)).strip("=+-@ _") or "scenario"
        out.append(f"{i} {clean[:15]}".rstrip())
    return out


def _number_format(unit: str, currency: str) -> str | None:
    if unit.startswith("fraction"):
        return "0.0%"
    if unit.startswith("currency"):
        return money_format(currency)
    if unit == "ratio":
        return "0.00"
    if unit == "years":
        return "0.00"
    return None


def comparison_workbook(comparison: Comparison, title: str = "", description: str = "",
                        date: dt.date | None = None) -> bytes:
    """An .xlsx file comparing the scenarios; returns the file's bytes.

    The first sheet, "Comparison", has the headline figures side by side (as
    numbers, empty where undefined, and as shown), the assumptions that
    differ, each scenario's intangibles and the conventions. Then, for each
    scenario, three sheets named "<n> <name> yearly / assumptions / how
    computed".
    """
    c = comparison
    names = list(c.names)
    n = len(names)
    evs = [c.evaluations[k] for k in names]
    currencies = [ev.currency for ev in evs]
    titles = [c.titles[k] for k in names]
    prefixes = _sheet_prefixes(names)
    date = date or dt.date.today()

    wb = Workbook()
    ws = wb.active
    ws.title = "Comparison"
    bold_rows, formats = [], []  # formats: (row, column, number format)

    def add(row, bold=False):
        ws.append([safe_text(v) for v in row])
        if bold:
            bold_rows.append(ws.max_row)
        return ws.max_row

    add(["supportroi scenario comparison", title or "Scenario comparison"], bold=True)
    add(["Description", description])
    add(["Created", date.isoformat()])
    add([])
    add(["Scenario", "", *titles], bold=True)
    add(["Name", "", *names])
    add(["Currency", "", *currencies])
    add(["Sheets", "", *[f"'{p} yearly', '{p} assumptions', '{p} how computed'"
                         for p in prefixes]])
    add([])
    add(["Figure", "Unit", *titles], bold=True)
    unit_shown = {"fraction": "%", "currency": "currency", "ratio": "ratio", "years": "years"}
    for f in FIGURES:
        r = add([f.label, unit_shown[f.unit], *[c.results.loc[f.key, k] for k in names]])
        for j, cur in enumerate(currencies):
            formats.append((r, 3 + j, _number_format(f.unit, cur)))
    add([])
    add(["As shown", "", *titles], bold=True)
    for f in FIGURES:
        add([f.label, "", *[c.results_text.loc[f.key, k] for k in names]])
    add([])
    add(["Assumptions that differ", "Unit", *titles], bold=True)
    if c.differences.empty:
        add(["(none: the scenarios have the same assumptions)"])
    for key in c.differences.index:
        a = CATALOG[key]
        values = [c.difference_values.loc[key, k] for k in names]
        r = add([a.label, c.differences.loc[key, "unit"], *values])
        if getattr(a, "numeric", True):  # a choice ("linear") stays text
            for j, cur in enumerate(currencies):
                formats.append((r, 3 + j, _number_format(a.unit, cur)))
    add([])
    add(["Intangible benefits (not in ROI)", "", *titles], bold=True)
    longest = max((len(ev.intangibles) for ev in evs), default=0)
    for i in range(longest):
        add(["", "", *[ev.intangibles[i] if i < len(ev.intangibles) else "" for ev in evs]])
    if not longest:
        add(["(none listed)"])
    if c.notes:
        add([])
        add(["Notes"], bold=True)
        for note in c.notes:
            add([note])
    add([])
    add([CONVENTIONS + " Empty values are undefined (see 'As shown'). Money is in each "
                       "scenario's own currency."])

    for r in bold_rows:
        for cell in ws[r]:
            cell.font = Font(bold=True)
    for r, col, fmt in formats:
        if fmt:
            ws.cell(row=r, column=col).number_format = fmt
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 14
    for j in range(n):
        ws.column_dimensions[get_column_letter(3 + j)].width = 30
    ws.freeze_panes = "C1"

    for prefix, ev, t in zip(prefixes, evs, titles):
        add_scenario_sheets(wb, ev, prefix, t)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
