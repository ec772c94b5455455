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
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties

from ..assumptions import CATALOG
from ..compare import FIGURES, Comparison
from ..formatting import headline, money, payback, percent, unit_label
from ..i18n import DEFAULT_LANGUAGE, translator
from ..model import Evaluation
from .excel_model import RESULT_NAMES, add_model_sheets, money_format, print_setup, safe_text
from .provisional import ProvisionalInput, provisional_inputs

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


#: Sheet kinds of one scenario and their messages (alone: "Inputs"; after a prefix:
#: "1 telecom inputs").
_SHEETS = {"inputs": ("reports.sheets.inputs", "reports.sheets.prefixed.inputs"),
           "workings": ("reports.sheets.workings", "reports.sheets.prefixed.workings"),
           "cash flows": ("reports.sheets.cash_flows", "reports.sheets.prefixed.cash_flows"),
           "how computed": ("reports.sheets.how_computed",
                            "reports.sheets.prefixed.how_computed")}


def _sheet_titles(name: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Sheet names of one scenario: "Inputs"... or, with a prefix, "1 telecom inputs"...
    (in ``lang``; at most 31 characters, as Excel allows)."""
    t = translator(lang)
    if not name:
        return {k: t(alone) for k, (alone, _) in _SHEETS.items()}
    return {k: t(prefixed, name=name)[:31] for k, (_, prefixed) in _SHEETS.items()}


def _conventions(lang: str) -> str:
    """The conventions every report states, with how undefined figures read."""
    t = translator(lang)
    return t("reports.conventions") + " " + t("reports.undefined_note")


def add_scenario_sheets(wb: Workbook, ev: Evaluation, name: str = "", title: str = "",
                        prefix: str = "", lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The sheets of one scenario, named after ``name`` ("" for "Inputs", "Workings",
    "Cash flows", "How computed"; "1 telecom" for "1 telecom inputs"...).

    Inputs, workings and cash flows are live formulas (:mod:`.excel_model`);
    "how computed" explains each line in words with the numbers at export.
    Defined names get ``prefix`` (one per scenario in a comparison); names and
    formulas are the same in every ``lang``, the texts are in it. Returns the
    defined names of the results by appraisal field (``"npv"`` →
    ``"net_present_value"``...).
    """
    t = translator(lang)
    titles = _sheet_titles(name, lang)
    results = add_model_sheets(wb, ev, titles, prefix, lang=lang)
    ws = wb.create_sheet(titles["how computed"])
    rows = [[t("reports.how.line"), t("reports.how.kind"), t("reports.how.formula"),
             t("reports.how.then"), t("reports.how.total"), t("reports.how.factor")]]
    for e in ev.explain(lang):
        label = e.label if lang == DEFAULT_LANGUAGE else t(f"results.lines.{e.key}")
        rows.append([label, t(f"results.kind.{e.kind}") if lang != DEFAULT_LANGUAGE
                     else e.kind, e.formula, e.adjustments, e.total, e.factor])
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


#: The Summary's figures: (label message, appraisal field, number format; "money" for
#: currency).
_SUMMARY_FIGURES = (
    ("reports.summary.roi", "roi", "0.0%"), ("reports.summary.npv", "npv", "money"),
    ("reports.summary.pv_benefits", "pv_benefits", "money"),
    ("reports.summary.pv_costs", "pv_costs", "money"),
    ("reports.summary.bcr", "bcr", "0.00"), ("reports.summary.irr", "irr", "0.0%"),
    ("reports.summary.payback", "payback_years", "0.00"),
    ("reports.summary.discounted_payback", "discounted_payback_years", "0.00"),
)


def _how_to_read(lang: str) -> str:
    t = translator(lang)
    titles = _sheet_titles("", lang)
    return t("reports.how_to_read", inputs=titles["inputs"], workings=titles["workings"],
             cash_flows=titles["cash flows"])


def add_monte_carlo_sheet(wb: Workbook, mc, currency: str = "$",
                          lang: str = DEFAULT_LANGUAGE) -> None:
    """A "Monte Carlo" sheet: the run's settings, chances and percentiles and the
    ranges drawn (values at export: draws are not recomputed by Excel), in ``lang``."""
    t = translator(lang)
    ws = wb.create_sheet(t("reports.mc.sheet"))
    fmt = money_format(currency)
    dist = t("reports.mc.pert") if mc.distribution == "pert" else t("reports.mc.triangular")
    # Rows of figures: (label, value, number format).
    figures = [(t("reports.mc.p_roi"), mc.p_roi_positive, "0.0%"),
               (t("reports.mc.p_npv"), mc.p_npv_positive, "0.0%"),
               (t("reports.mc.p_payback"), mc.p_payback, "0.0%"),
               ("NPV P10", mc.npv_p10, fmt), (t("reports.mc.npv_p50"), mc.npv_p50, fmt),
               ("NPV P90", mc.npv_p90, fmt),
               ("ROI P10", mc.roi_p10, "0.0%"), (t("reports.mc.roi_p50"), mc.roi_p50, "0.0%"),
               ("ROI P90", mc.roi_p90, "0.0%")]
    for row in ([t("reports.mc.title")], [t("reports.mc.draws"), mc.n],
                [t("reports.mc.distribution"), dist], [t("reports.mc.seed"), mc.seed], [],
                [t("reports.summary.figure"), t("reports.mc.value")]):
        ws.append(row)
    for label, value, number_format in figures:
        ws.append([label, value])
        cell = ws.cell(row=ws.max_row, column=2)
        cell.number_format = number_format
        if value is None:
            cell.value = t("reports.mc.undefined")
    ws.append([])
    ws.append([t("reports.mc.ranged"), t("reports.mc.minimum"), t("reports.mc.likely"),
               t("reports.mc.maximum"), t("reports.mc.unit")])
    for name, rng in mc.ranges.items():
        a = CATALOG.get(name)
        unit = "" if a is None else a.unit.replace("currency", currency).replace(
            "fraction", "%")
        if a is not None and lang != DEFAULT_LANGUAGE:
            unit = unit_label(a, currency, lang) or ""
        ws.append([safe_text(a.text(lang)[0] if a else name), *rng, unit])
        for col in (2, 3, 4):
            c = ws.cell(row=ws.max_row, column=col)
            if a is not None and a.unit.startswith("fraction"):
                c.number_format = "0.0##%"
            elif a is not None and a.unit.startswith("currency"):
                c.number_format = fmt
    ws.append([])
    ws.append([t("reports.mc.note", inputs=_sheet_titles("", lang)["inputs"])])
    for r in (1, 6, 17):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (44, 18, 18, 18, 14)):
        ws.column_dimensions[letter].width = width
    print_setup(ws, None, landscape=False)


def _warning_text(problem, lang: str) -> str:
    """A warning as the Summary lists it: "agent_fte: …" in English, the assumption's
    label and the message in another language."""
    if lang == DEFAULT_LANGUAGE:
        return str(problem)
    a = CATALOG.get(problem.key)
    return f"{a.text(lang)[0] if a else problem.key}: {problem.text(lang)}"


#: Cells of inputs a provisional workbook names (a catalog default nobody entered or
#: confirmed): dark red on orange, as the dashboard's notice.
PROVISIONAL_FILL = PatternFill("solid", fgColor="FCE4D6")
PROVISIONAL_FONT = Font(bold=True, color="B03A2E")


def _provisional_block(ws, needed: Sequence[ProvisionalInput], lang: str) -> None:
    """The Summary's "Provisional" rows: the notice, then each input still needed with
    the value used and why it is provisional."""
    t = translator(lang)
    inputs = _sheet_titles("", lang)["inputs"]
    ws.append([t("reports.provisional.title"),
               t.plural("reports.provisional.sheet_notice", len(needed), inputs=inputs)])
    r = ws.max_row
    ws.cell(r, 1).font = PROVISIONAL_FONT
    ws.cell(r, 1).fill = PROVISIONAL_FILL
    ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=r, end_row=r, start_column=2, end_column=4)
    ws.row_dimensions[r].height = 78  # five lines of the notice
    ws.append([t("reports.provisional.heading"), t("reports.provisional.value_used"),
               t("reports.provisional.status")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for item in needed:
        ws.append([safe_text(item.label), safe_text(item.value), t("reports.provisional.status_default"
                                             if item.default else "reports.provisional.status_file")])
        for cell in ws[ws.max_row][:3]:
            cell.fill = PROVISIONAL_FILL


def _mark_inputs(ws, needed: Sequence[ProvisionalInput], lang: str) -> None:
    """On the Inputs sheet ``ws``, the value cell of each input still needed: filled, with
    a comment, and the same words in its note column. Formulas and names unchanged."""
    t = translator(lang)
    words = t("reports.provisional.cell_note")
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for item in needed:
        r = rows[item.name]
        value, note = ws.cell(r, 3), ws.cell(r, 11)
        value.fill = PROVISIONAL_FILL
        value.comment = Comment(words, "supportroi", height=90, width=260)
        note.value = f"{words}. {note.value}" if note.value else words


def excel_workbook(ev: Evaluation, title: str = "", description: str = "",
                   monte_carlo=None, lang: str = DEFAULT_LANGUAGE,
                   still_needed: Sequence[str] = ()) -> bytes:
    """An .xlsx file: summary, inputs (named cells with units and sources), workings and
    cash flows as live formulas, and how each line is computed; with a
    :class:`~supportroi.risk.MonteCarlo` run, its summary on a "Monte Carlo"
    sheet. Texts, sheet names and figures as shown are in ``lang`` (en, ru, zh);
    formulas and defined names are the same in every language. Returns the file's
    bytes.

    ``still_needed`` names the inputs of a baseline still at a default nobody entered or
    confirmed (:func:`supportroi.initiatives.still_needed`): the Summary then says
    "Provisional" above the figures and lists them with the values used, and their cells
    on the Inputs sheet are filled and carry a comment. Without it the workbook is as it
    always was."""
    t = translator(lang)
    needed = provisional_inputs(still_needed, ev.values, ev.currency, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("reports.sheets.summary")
    cur = ev.currency
    names = add_scenario_sheets(wb, ev, "", title, lang=lang)
    if needed:
        _mark_inputs(wb[_sheet_titles("", lang)["inputs"]], needed, lang)
    a = ev.appraisal
    text = headline(a, cur, lang)
    shown = {"roi": text["ROI"], "npv": text["NPV"], "bcr": text["BCR"], "irr": text["IRR"],
             "payback_years": text["Payback"],
             "discounted_payback_years": payback(a.discounted_payback_years, a.horizon_years,
                                                 lang=lang),
             "pv_benefits": money(a.pv_benefits, cur, lang=lang),
             "pv_costs": money(a.pv_costs, cur, lang=lang)}
    ws.append([t("reports.summary.results"), safe_text(title or t("reports.custom_scenario"))])
    ws.append([t("reports.description"), safe_text(description)])
    ws.append([t("reports.created"), dt.date.today().isoformat()])
    if needed:
        _provisional_block(ws, needed, lang)
    ws.append([])
    ws.append([t("reports.summary.figure"), t("reports.summary.live"),
               t("reports.summary.as_shown"), t("reports.summary.computed")])
    head = ws.max_row  # 5 (below a provisional block, further down)
    # Column B holds the only formulas here, built from defined names; text is made safe.
    for label, key, _ in _SUMMARY_FIGURES:
        ws.append([t(label), "=" + names[key], safe_text(shown[key]), getattr(a, key)])
    ws.append([t("reports.summary.discount_rate"), "=discount_rate",
               percent(a.rate, lang=lang), a.rate])
    ws.append([t("reports.summary.horizon"), "=horizon_years", str(a.horizon_years),
               a.horizon_years])
    ws.append([t("reports.summary.terminal_value"), "=" + names["terminal_value"],
               safe_text(money(ev.terminal_value, cur, lang=lang,
                               why="no discount rate and no churn" if lang == DEFAULT_LANGUAGE
                               else "no churn")),
               ev.terminal_value])
    bold_rows = [1, head, ws.max_row + 2]
    extra = [[], [t("reports.intangibles")], *[[item] for item in ev.intangibles], [],
             [t("reports.warnings")], *[[_warning_text(wn, lang)] for wn in ev.warnings], [],
             [_conventions(lang)], [_how_to_read(lang)]]
    _write_rows(ws, extra, bold_first=False)
    bold_rows.append(bold_rows[-1] + len(ev.intangibles) + 2)
    for r in bold_rows:
        for cell in ws[r]:
            cell.font = Font(bold=True)
    fmt = money_format(cur)
    formats = [f for _, _, f in _SUMMARY_FIGURES] + ["0.0%", "0", "money"]
    for r, number_format in enumerate(formats, head + 1):
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
        add_monte_carlo_sheet(wb, monte_carlo, cur, lang=lang)
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


#: Labels of the headline figures (:data:`~supportroi.compare.FIGURES`) in other languages.
_FIGURE_LABELS = {"roi": "reports.cash.roi", "npv": "reports.summary.npv",
                  "pv_benefits": "reports.summary.pv_benefits",
                  "pv_costs": "reports.summary.pv_costs", "bcr": "reports.cash.bcr",
                  "irr": "reports.summary.irr", "payback_years": "reports.figures.payback"}


def _figure_label(key: str, label: str, lang: str) -> str:
    """A headline figure's label (:data:`~supportroi.compare.FIGURES`) in ``lang``."""
    return label if lang == DEFAULT_LANGUAGE else translator(lang)(_FIGURE_LABELS[key])


def _figure_shown(c: Comparison, key: str, name: str, lang: str) -> str:
    """A scenario's headline figure as shown (the comparison's own text in English)."""
    if lang == DEFAULT_LANGUAGE:
        return c.results_text.loc[key, name]
    ev = c.evaluations[name]
    a = ev.appraisal
    if key in ("pv_benefits", "pv_costs"):
        return money(getattr(a, key), ev.currency, lang=lang)
    text = headline(a, ev.currency, lang)
    return text[{"roi": "ROI", "npv": "NPV", "bcr": "BCR", "irr": "IRR",
                 "payback_years": "Payback"}[key]]


def _assumption_value(a, value, currency: str, lang: str) -> str:
    """An assumption's value as a comparison shows it, in ``lang``."""
    if a.unit.startswith("currency"):
        return money(float(value), currency, lang=lang, digits=0 if abs(value) >= 100 else 2)
    return a.format(value, lang)


def comparison_workbook(comparison: Comparison, title: str = "", description: str = "",
                        date: dt.date | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """An .xlsx file comparing the scenarios; returns the file's bytes.

    The first sheet, "Comparison", has the headline figures side by side
    (live formulas of each scenario's sheets, and as shown at export), the
    assumptions that differ (linked to each scenario's inputs), each
    scenario's intangibles and the conventions. Then, for each scenario, the
    sheets of :func:`add_scenario_sheets` named "<n> <name> inputs / workings
    / cash flows / how computed", its defined names prefixed "case<n>_" (a
    prefix that cannot be mistaken for a cell address, as "s1_" might). Texts
    and sheet names in ``lang``; formulas and defined names the same in every
    language.
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
    t = translator(lang)
    en = lang == DEFAULT_LANGUAGE

    wb = Workbook()
    ws = wb.active
    ws.title = t("reports.sheets.comparison")
    bold_rows, formats = [], []  # formats: (row, column, number format)

    def add(row, bold=False):
        ws.append([safe_text(v) for v in row])
        if bold:
            bold_rows.append(ws.max_row)
        return ws.max_row

    add([t("reports.comparison.heading"), title or t("reports.comparison.default_title")],
        bold=True)
    add([t("reports.description"), description])
    add([t("reports.created"), date.isoformat()])
    add([])
    add([t("reports.comparison.scenario"), "", *titles], bold=True)
    add([t("reports.comparison.name"), "", *names])
    add([t("reports.comparison.currency"), "", *currencies])
    add([t("reports.comparison.sheets"), "", *[
        ", ".join(f"'{s}'" for s in _sheet_titles(p, lang).values()) for p in prefixes]])
    add([])
    add([t("reports.summary.figure"), t("reports.comparison.unit"), *titles], bold=True)
    unit_shown = {"fraction": "%", "currency": t("reports.comparison.units.currency"),
                  "ratio": t("reports.comparison.units.ratio"),
                  "years": t("reports.comparison.units.years")}
    for f in FIGURES:
        r = add([_figure_label(f.key, f.label, lang), unit_shown[f.unit]])
        for j, cur in enumerate(currencies):  # the scenario's own result cell
            ws.cell(r, 3 + j, f"={name_prefixes[j]}{RESULT_NAMES[f.key]}")
            formats.append((r, 3 + j, _number_format(f.unit, cur)))
    add([])
    add([t("reports.comparison.as_shown"), "", *titles], bold=True)
    for f in FIGURES:
        add([_figure_label(f.key, f.label, lang), "",
             *[_figure_shown(c, f.key, k, lang) for k in names]])
    add([])
    add([t("reports.comparison.differ"), t("reports.comparison.unit"), *titles], bold=True)
    if c.differences.empty:
        add([t("reports.comparison.none_differ")])
    for key in c.differences.index:
        a = CATALOG[key]
        values = [c.difference_values.loc[key, k] for k in names]
        if en:
            unit = c.differences.loc[key, "unit"]
        elif a.unit.startswith("currency") and len(set(currencies)) > 1:
            unit = t("reports.comparison.own_currency")
        else:
            unit = unit_label(a, currencies[0], lang)
        if not en and not getattr(a, "numeric", True):
            values = [a.format(v, lang) for v in values]
        r = add([a.text(lang)[0], unit, *values])
        if getattr(a, "numeric", True):  # a choice ("linear") stays text
            for j, cur in enumerate(currencies):  # linked to the scenario's input cell
                ws.cell(r, 3 + j, f"={name_prefixes[j]}{key}")
                formats.append((r, 3 + j, _number_format(a.unit, cur)))
    add([])
    add([t("reports.intangibles"), "", *titles], bold=True)
    longest = max((len(ev.intangibles) for ev in evs), default=0)
    for i in range(longest):
        add(["", "", *[ev.intangibles[i] if i < len(ev.intangibles) else "" for ev in evs]])
    if not longest:
        add([t("reports.comparison.none_listed")])
    notes = c.notes if en else _comparison_notes(c, lang)
    if notes:
        add([])
        add([t("reports.comparison.notes")], bold=True)
        for note in notes:
            add([note])
    add([])
    add([_conventions(lang) + " " + t("reports.comparison.reading")])

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
    for prefix, ev, title_of, names_at in zip(prefixes, evs, titles, name_prefixes):
        add_scenario_sheets(wb, ev, prefix, title_of, prefix=names_at, lang=lang)
    _finish(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _comparison_notes(c: Comparison, lang: str) -> list[str]:
    """The remarks of :attr:`Comparison.notes` in ``lang`` (different currencies,
    horizons or discount rates)."""
    t = translator(lang)
    evs = [c.evaluations[k] for k in c.names]
    notes = []
    currencies = list(dict.fromkeys(ev.currency for ev in evs))
    if len(currencies) > 1:
        notes.append(t("reports.comparison.notes_currencies", currencies=", ".join(currencies)))
    for key, message in (("horizon_years", "reports.comparison.notes_horizons"),
                         ("discount_rate", "reports.comparison.notes_rates")):
        if key in c.differences.index:
            shown = ", ".join(CATALOG[key].format(ev.values[key], lang) for ev in evs)
            notes.append(t(message, values=shown))
    return notes
