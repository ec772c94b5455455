"""Take-away files: the results as Excel workbooks a finance person can audit.

* :func:`excel_workbook` — one scenario: a summary, then the inputs (named
  cells with units, formats, bounds and sources), workings and cash flows as
  live formulas (:mod:`.excel_model`), and how each line is computed in words.
* :func:`comparison_workbook` — a sheet comparing the scenarios (linked to
  their sheets), then for each scenario the sheets of :func:`add_scenario_sheets`.

Every text cell that comes from a user or a file (titles, descriptions,
intangibles, scenario names, currency) goes through :func:`safe_text`, so text
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return)
cannot run as a spreadsheet formula when the file is opened; the only
formulas are the ones these modules build from defined names and cell
addresses.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties

from ..assumptions import CATALOG
from ..compare import FIGURES, Comparison
from ..finance import describe_payback
from ..formatting import CONVENTIONS, headline, money, percent
from ..model import Evaluation
from .excel_model import RESULT_NAMES, add_model_sheets, money_format, print_setup, safe_text

__all__ = [
    "add_monte_carlo_sheet",
    "add_scenario_sheets",
    "comparison_workbook",
    "excel_workbook",
    "money_format",
    "safe_text",
]



def _write_rows(ws, rows: Sequence[Sequence], bold_first: bool = True) -> None:
    for row in rows:
        ws.append([safe_text(v) for v in row])
    if bold_first and rows:
        for cell in ws[1]:
            cell.font = Font(bold=True)


def _sheet_titles(name: str) -> dict[str, str]:
    """Sheet names of one scenario: "Inputs"... or, with a prefix, "1 telecom inputs"..."""
    kinds = ("inputs", "workings", "cash flows", "how computed")
    if not name:
        return {k: k.capitalize() for k in kinds}
    return {k: f"{name} {k}"[:31] for k in kinds}


def add_scenario_sheets(wb: Workbook, ev: Evaluation, name: str = "", title: str = "",
                        prefix: str = "") -> dict[str, str]:
    """The sheets of one scenario, named after ``name`` ("" for "Inputs", "Workings",
    "Cash flows", "How computed"; "1 telecom" for "1 telecom inputs"...).

    Inputs, workings and cash flows are live formulas (:mod:`.excel_model`);
    "how computed" explains each line in words with the numbers at export.
    Defined names get ``prefix`` (one per scenario in a comparison). Returns
    the defined names of the results by appraisal field (``"npv"`` →
    ``"net_present_value"``...).
    """
    titles = _sheet_titles(name)
    results = add_model_sheets(wb, ev, titles, prefix)
    ws = wb.create_sheet(titles["how computed"])
    rows = [["Line", "Kind", "Full-year amount, with the numbers at export", "Then",
             "Total over horizon (at export)", "Combined factor (at export)"]]
    for e in ev.explain():
        rows.append([e.label, e.kind, e.formula, e.adjustments, e.total, e.factor])
    _write_rows(ws, rows)
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
        row[4].number_format = money_format(ev.currency)
        row[5].number_format = "0.0%"
    for letter, width in zip("ABCDEF", (40, 10, 90, 60, 18, 14)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    print_setup(ws)
    return results


#: The Summary's figures: (label, appraisal field, number format; "money" for currency).
_SUMMARY_FIGURES = (
    ("ROI (NPV / PV costs)", "roi", "0.0%"), ("NPV", "npv", "money"),
    ("PV benefits", "pv_benefits", "money"), ("PV costs", "pv_costs", "money"),
    ("BCR (PV benefits / PV costs)", "bcr", "0.00"), ("IRR", "irr", "0.0%"),
    ("Payback (years, undiscounted)", "payback_years", "0.00"),
    ("Discounted payback (years)", "discounted_payback_years", "0.00"),
)

_HOW_TO_READ = (
    "How to read this workbook: blue cells on 'Inputs' are the assumptions, each a named cell "
    "(annual_contacts, discount_rate...); 'Workings' derives the model's quantities from them "
    "and 'Cash flows' every cost and benefit line by year, the discount factors, present "
    "values, NPV, ROI, BCR, IRR and payback, all as formulas: change an input and the case "
    "recomputes; the last column of 'Cash flows' is the combined factor (delivery risk, "
    "attribution, confidence; cost risk) applied to each line. Grey cells are values "
    "supportroi computed by a method Excel cannot reproduce (Erlang C staffing, Erlang A "
    "abandonment); they do not change with the inputs. 'As shown' and "
    "'supportroi' columns are fixed at export, for checking.")


def add_monte_carlo_sheet(wb: Workbook, mc, currency: str = "$") -> None:
    """A "Monte Carlo" sheet: the run's settings, chances and percentiles and the
    ranges drawn (values at export: draws are not recomputed by Excel)."""
    ws = wb.create_sheet("Monte Carlo")
    fmt = money_format(currency)
    dist = "PERT" if mc.distribution == "pert" else "triangular"
    rows = [["Monte Carlo (values at export; Excel does not redraw them)"],
            ["Draws", mc.n], ["Distribution", dist], ["Seed", mc.seed], [],
            ["Figure", "Value"],
            ["P(ROI > 0)", mc.p_roi_positive], ["P(NPV > 0)", mc.p_npv_positive],
            ["P(payback within the horizon)", mc.p_payback],
            ["NPV P10", mc.npv_p10], ["NPV P50 (median)", mc.npv_p50], ["NPV P90", mc.npv_p90],
            ["ROI P10", mc.roi_p10], ["ROI P50 (median)", mc.roi_p50], ["ROI P90", mc.roi_p90],
            [], ["Assumption ranged", "Minimum", "Most likely", "Maximum", "Unit"]]
    formats = {"P(": "0.0%", "NPV": fmt, "ROI": "0.0%"}
    for row in rows:
        ws.append(row)
        cell = ws.cell(row=ws.max_row, column=2)
        for start, number_format in formats.items():
            if str(row[0] if row else "").startswith(start) and len(row) == 2:
                cell.number_format = number_format
                if row[1] is None:
                    cell.value = "undefined (no costs in any draw)"
    for name, rng in mc.ranges.items():
        a = CATALOG.get(name)
        unit = "" if a is None else a.unit.replace("currency", currency).replace(
            "fraction", "%")
        ws.append([safe_text(a.label if a else name), *rng, unit])
        for col in (2, 3, 4):
            c = ws.cell(row=ws.max_row, column=col)
            if a is not None and a.unit.startswith("fraction"):
                c.number_format = "0.0##%"
            elif a is not None and a.unit.startswith("currency"):
                c.number_format = fmt
    ws.append([])
    ws.append(["Each draw takes one value of each ranged assumption, independently of the "
               "others (correlations are not modelled); the rest are as on the Inputs sheet. "
               "P10: 10 % of draws are below it."])
    for r in (1, 6, 17):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (44, 18, 18, 18, 14)):
        ws.column_dimensions[letter].width = width
    print_setup(ws, None, landscape=False)


def excel_workbook(ev: Evaluation, title: str = "", description: str = "",
                   monte_carlo=None) -> bytes:
    """An .xlsx file: summary, inputs (named cells with units and sources), workings and
    cash flows as live formulas, and how each line is computed; with a
    :class:`~supportroi.risk.MonteCarlo` run, its summary on a "Monte Carlo"
    sheet. Returns the file's bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    cur = ev.currency
    names = add_scenario_sheets(wb, ev, "", title)
    a = ev.appraisal
    text = headline(a, cur) | {"Discounted payback (years)": describe_payback(
        a.discounted_payback_years, a.horizon_years)}
    shown = {"roi": text["ROI"], "npv": text["NPV"], "bcr": text["BCR"], "irr": text["IRR"],
             "payback_years": text["Payback"],
             "discounted_payback_years": text["Discounted payback (years)"],
             "pv_benefits": money(a.pv_benefits, cur), "pv_costs": money(a.pv_costs, cur)}
    ws.append(["supportroi results", safe_text(title or "Custom scenario")])
    ws.append(["Description", safe_text(description)])
    ws.append(["Created", dt.date.today().isoformat()])
    ws.append([])
    ws.append(["Figure", "Value (live formula)", "As shown (at export)",
               "supportroi (at export)"])
    # Column B holds the only formulas here, built from defined names; text is made safe.
    for label, key, _ in _SUMMARY_FIGURES:
        ws.append([label, "=" + names[key], safe_text(shown[key]), getattr(a, key)])
    ws.append(["Discount rate", "=discount_rate", percent(a.rate), a.rate])
    ws.append(["Horizon (years)", "=horizon_years", str(a.horizon_years), a.horizon_years])
    ws.append(["Terminal value of kept customers (not in ROI)", "=" + names["terminal_value"],
               safe_text(money(ev.terminal_value, cur, why="no discount rate and no churn")),
               ev.terminal_value])
    bold_rows = [1, 5, ws.max_row + 2]
    extra = [[], ["Intangible benefits (not in ROI)"], *[[item] for item in ev.intangibles], [],
             ["Warnings"], *[[str(wn)] for wn in ev.warnings], [],
             [CONVENTIONS + " 'undefined (…)' says why a figure is undefined."], [_HOW_TO_READ]]
    _write_rows(ws, extra, bold_first=False)
    bold_rows.append(bold_rows[-1] + len(ev.intangibles) + 2)
    for r in bold_rows:
        for cell in ws[r]:
            cell.font = Font(bold=True)
    fmt = money_format(cur)
    formats = [f for _, _, f in _SUMMARY_FIGURES] + ["0.0%", "0", "money"]
    for r, number_format in enumerate(formats, 6):
        for col in (2, 4):
            ws.cell(row=r, column=col).number_format = fmt if number_format == "money" \
                else number_format
    for row in ws.iter_rows(min_row=ws.max_row - 1):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=ws.max_row - 1, end_row=ws.max_row - 1, start_column=1,
                   end_column=4)
    ws.merge_cells(start_row=ws.max_row, end_row=ws.max_row, start_column=1, end_column=4)
    ws.row_dimensions[ws.max_row - 1].height = 75
    ws.row_dimensions[ws.max_row].height = 90
    for letter, width in zip("ABCD", (48, 20, 34, 20)):
        ws.column_dimensions[letter].width = width
    print_setup(ws, None, landscape=False)
    if monte_carlo is not None:
        add_monte_carlo_sheet(wb, monte_carlo, cur)
    _finish(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _finish(wb: Workbook) -> None:
    """Ask spreadsheet programs to compute every formula when the file is opened
    (openpyxl stores formulas without their values)."""
    wb.calculation = CalcProperties(fullCalcOnLoad=True)


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

    The first sheet, "Comparison", has the headline figures side by side
    (live formulas of each scenario's sheets, and as shown at export), the
    assumptions that differ (linked to each scenario's inputs), each
    scenario's intangibles and the conventions. Then, for each scenario, the
    sheets of :func:`add_scenario_sheets` named "<n> <name> inputs / workings
    / cash flows / how computed", its defined names prefixed "case<n>_" (a
    prefix that cannot be mistaken for a cell address, as "s1_" might).
    """
    # Long on purpose: it writes the Comparison sheet top to bottom, in reading order.
    c = comparison
    names = list(c.names)
    n = len(names)
    evs = [c.evaluations[k] for k in names]
    currencies = [ev.currency for ev in evs]
    titles = [c.titles[k] for k in names]
    prefixes = _sheet_prefixes(names)
    name_prefixes = [f"case{j}_" for j in range(1, n + 1)]  # case1_discount_rate
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
    add(["Sheets", "", *[f"'{p} inputs', '{p} workings', '{p} cash flows', "
                         f"'{p} how computed'" for p in prefixes]])
    add([])
    add(["Figure", "Unit", *titles], bold=True)
    unit_shown = {"fraction": "%", "currency": "currency", "ratio": "ratio", "years": "years"}
    for f in FIGURES:
        r = add([f.label, unit_shown[f.unit]])
        for j, cur in enumerate(currencies):  # the scenario's own result cell
            ws.cell(r, 3 + j, f"={name_prefixes[j]}{RESULT_NAMES[f.key]}")
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
            for j, cur in enumerate(currencies):  # linked to the scenario's input cell
                ws.cell(r, 3 + j, f"={name_prefixes[j]}{key}")
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
    add([CONVENTIONS + " 'undefined (…)' says why a figure is undefined. Money is in each "
                       "scenario's own currency. Figures and assumptions above are formulas "
                       "linked to each scenario's sheets: change an input there and they "
                       "recompute; 'As shown' is fixed at export."])

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

    print_setup(ws, None)
    for prefix, ev, t, names_at in zip(prefixes, evs, titles, name_prefixes):
        add_scenario_sheets(wb, ev, prefix, t, prefix=names_at)
    _finish(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
