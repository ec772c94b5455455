"""The model of :mod:`supportroi.model` as live Excel formulas, for an auditable workbook.

:func:`add_model_sheets` writes three sheets for one evaluated scenario:

* **Inputs** — every assumption in a named cell (``=annual_contacts*share_phone``
  reads as it does in the model), with its unit, number format, bounds (as
  data validation), group and source;
* **Workings** — the model's intermediate quantities (:func:`supportroi.model.quantities`),
  each a named formula of the inputs, with its unit and the formula in words;
* **Cash flows** — one row per cost and benefit line (the model's
  :data:`~supportroi.model.LINES`, in order): its full-year amount and, per
  year, that amount × timing × risk; totals, discount factors, present
  values, and NPV, ROI, BCR, IRR, payback and terminal value as formulas.

Changing an input in Excel recomputes the case: the FTE each effect frees
that the team staffs (``MAX(MIN(team, need before) − MIN(team, need after),
0)``), the one staff saving of freed capacity and removed agents
(``MAX(agents_removed, capture_rate × fte_freed)``) and the combined factor of
each line are formulas. A quantity the model computes by a method that is not
closed-form (the half-hourly Erlang C staffing and Erlang A abandonment of
``staffing_method: erlang``, see :mod:`supportroi.queueing`) is written as a
value, in a grey cell that says so; everything downstream of it stays a
formula. Inputs that feed such a value say so too: changing them in Excel
does not update it.

Where the model changes, change the matching entry here: :data:`WORKINGS`
(one per quantity; its label, words and unit in ``supportroi/locales/*/reports.yaml``,
``reports.workings``), :data:`LINE_AMOUNTS` (one per line, in ``LINES`` order)
and :func:`line_year_formula` (timing and risk of a line in year *t*).
``tests/test_exports.py`` recalculates the workbook with the ``formulas``
engine and compares it with :func:`~supportroi.model.evaluate`, so it says
which entry no longer matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..assumptions import CATALOG, bounds, group_label
from ..currency import symbol
from ..finance import IRR_NO_SIGN_CHANGE, IRR_SEVERAL
from ..formatting import decimals, payback, ratio, safe_text, unit_label
from ..i18n import DEFAULT_LANGUAGE, translator
from ..model import LINES, Evaluation, Line

__all__ = [
    "ERLANG_INPUTS",
    "ERLANG_WORKINGS",
    "FACTOR_HEADER",
    "FIXED_INPUTS",
    "LINE_AMOUNTS",
    "RESULT_NAMES",
    "WORKINGS",
    "Working",
    "add_model_sheets",
    "input_format",
    "line_factor",
    "line_year_formula",
    "money_format",
    "print_setup",
    "safe_text",
]

INPUT_FILL = PatternFill("solid", fgColor="DDEBF7")  # inputs: blue on light blue
INPUT_FONT = Font(color="0000CC")
FIXED_FILL = PatternFill("solid", fgColor="E7E6E6")  # values computed outside Excel: grey
FIXED_FONT = Font(italic=True, color="595959")
BOLD = Font(bold=True)

#: Inputs the sheet layout depends on: shown, but changing them in Excel changes nothing
#: (one column per year; the Erlang C values are computed for the method chosen).
FIXED_INPUTS = {
    "horizon_years": "fixed in this file: the cash-flow sheet has one column per year; "
                     "change the horizon in supportroi",
    "staffing_method": "fixed in this file: the staffing figures were computed for this "
                       "method; change it in supportroi",
}
#: Inputs of the Erlang C phone staffing and the Erlang A abandonment (see
#: supportroi.model._erlang_staffing): with erlang staffing, changing them in Excel does not
#: update the grey Erlang values.
ERLANG_INPUTS = ("annual_contacts", "share_phone", "share_chat", "share_email",
                 "aht_phone_min", "aht_chat_min", "aht_email_min", "deflection_rate", "fcr",
                 "fcr_improvement", "repeat_contacts_per_unresolved", "aht_reduction",
                 "tooling_aht_reduction", "target_service_level", "target_answer_time_s",
                 "shrinkage", "paid_hours_per_fte", "occupancy", "agent_fte", "agents_added",
                 "capture_rate", "wait_churn_per_minute", "wait_churn_threshold_s",
                 "caller_patience_s")

#: Header of the cash-flow sheet's column of combined factors (one per line).
FACTOR_HEADER = ("Combined factor on the full-year amount: benefits (1 − delivery risk) × "
                 "attribution × confidence (agents removed: 1 − delivery risk); costs "
                 "1 + cost risk")

#: Defined names of the results, by :class:`~supportroi.finance.Appraisal` field.
RESULT_NAMES = {
    "pv_benefits": "pv_benefits", "pv_costs": "pv_costs", "npv": "net_present_value",
    "roi": "return_on_investment", "bcr": "benefit_cost_ratio",
    "irr": "internal_rate_of_return", "payback_years": "payback_years",
    "discounted_payback_years": "discounted_payback_years", "terminal_value": "terminal_value",
}


@dataclass(frozen=True)
class Working:
    """One intermediate quantity: a named cell of the Workings sheet.

    ``label_key`` and ``words_key`` are catalog keys (``reports.workings.labels.*``,
    ``reports.workings.steps.*``) of its label and its formula in words, in every
    language (:meth:`text`). ``formula`` is an Excel expression over input and
    working names (without ``=``); ``None`` marks a value the model computes by a
    method Excel cannot reproduce: it is written as a value (``value_key`` in
    :attr:`Evaluation.quantities`, default ``name``). ``erlang``, if given,
    replaces ``formula`` for ``staffing_method: erlang`` (the phone part comes
    from :data:`ERLANG_WORKINGS`). ``fmt`` is a key of :data:`_FORMATS`; ``unit``
    a key of :data:`_UNITS`.
    """

    name: str
    label_key: str
    unit: str  # "currency" is replaced by the scenario's symbol
    formula: str | None
    fmt: str = "number"
    words_key: str = ""
    value_key: str | None = None
    erlang: str | None = None

    def text(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
        """The label and the formula in words, in ``lang``."""
        t = translator(lang)
        return t(self.label_key), t(self.words_key) if self.words_key else ""

    @property
    def label(self) -> str:
        """The label in English."""
        return self.text()[0]

    @property
    def words(self) -> str:
        """The formula in words, in English."""
        return self.text()[1]


#: Messages of the workings' units (``Working.unit``); ``{currency}`` is the scenario's symbol.
_UNITS = {"currency/year": "reports.workings.units.currency_year",
          "currency/hour": "reports.workings.units.currency_hour",
          "hours/year": "reports.workings.units.hours_year",
          "hours": "reports.workings.units.hours",
          "minutes": "reports.workings.units.minutes",
          "fraction": "reports.workings.units.fraction",
          "fraction/year": "reports.workings.units.fraction_year",
          "contacts/year": "reports.workings.units.contacts_year",
          "customers/year": "reports.workings.units.customers_year",
          "FTE": "reports.workings.units.fte",
          "×": "reports.workings.units.factor"}


def _unit_text(w: Working, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A working's unit in ``lang``, with the scenario's currency symbol ("₽/год")."""
    return translator(lang)(_UNITS[w.unit], currency=symbol(currency))


_W = Working
#: FTE a step frees that the team staffs (supportroi.model._staffed_steps).
_STAFFED = "MAX(MIN({team},{before})-MIN({team},{after}),0)"


def _freed(step: str, label_key: str, before: str, after: str) -> Working:
    """FTE freed by one effect that the team staffs; with erlang staffing the linear
    part is chat and email only and the phone part is the Erlang C one."""
    linear = _STAFFED.format(team="agent_fte", before=before, after=after)
    return Working(f"fte_freed_{step}", label_key, "FTE", linear, "decimal",
                   "reports.workings.steps.freed",
                   erlang=f"{linear}*(1-phone_hours_share)+phone_staffed_{step}")


#: The model's quantities (supportroi.model.quantities), in dependency order.
WORKINGS: tuple[Working, ...] = (
    _W("loaded_cost", "reports.workings.labels.loaded_cost", "currency/year",
       "agent_salary*(1+benefits_load)+overhead_per_agent", "money",
       "reports.workings.steps.loaded_cost"),
    _W("productive_hours", "reports.workings.labels.productive_hours", "hours/year",
       "paid_hours_per_fte*(1-shrinkage)*occupancy", "number",
       "reports.workings.steps.productive_hours"),
    _W("hourly_cost", "reports.workings.labels.hourly_cost", "currency/hour",
       "loaded_cost/paid_hours_per_fte", "money2", "reports.workings.steps.hourly_cost"),
    _W("assisted_share", "reports.workings.labels.assisted_share", "fraction",
       "share_phone+share_chat+share_email", "percent", "reports.workings.steps.assisted_share"),
    _W("assisted_contacts", "reports.workings.labels.assisted_contacts", "contacts/year",
       "annual_contacts*assisted_share", "number", "reports.workings.steps.assisted_contacts"),
    _W("handle_minutes", "reports.workings.labels.handle_minutes", "minutes",
       "share_phone*aht_phone_min+share_chat*aht_chat_min+share_email*aht_email_min",
       "decimal", "reports.workings.steps.handle_minutes"),
    _W("aht_min", "reports.workings.labels.aht_min", "minutes",
       "IF(assisted_share=0,0,handle_minutes/assisted_share)", "decimal",
       "reports.workings.steps.aht_min"),
    _W("hours_per_contact", "reports.workings.labels.hours_per_contact", "hours",
       "aht_min/60", "decimal4", "reports.workings.steps.hours_per_contact"),
    _W("workload_fte", "reports.workings.labels.workload_fte", "FTE",
       "IF(productive_hours=0,0,assisted_contacts*hours_per_contact/productive_hours)",
       "decimal", "reports.workings.steps.workload_fte"),
    _W("deflected", "reports.workings.labels.deflected", "contacts/year",
       "assisted_contacts*deflection_rate", "number", "reports.workings.steps.deflected"),
    _W("after_deflection", "reports.workings.labels.after_deflection", "contacts/year",
       "assisted_contacts-deflected", "number", "reports.workings.steps.after_deflection"),
    _W("first_contacts", "reports.workings.labels.first_contacts", "contacts/year",
       "after_deflection/(1+repeat_contacts_per_unresolved*(1-fcr))", "number",
       "reports.workings.steps.first_contacts"),
    _W("repeats_avoided", "reports.workings.labels.repeats_avoided", "contacts/year",
       "first_contacts*repeat_contacts_per_unresolved*fcr_improvement", "number",
       "reports.workings.steps.repeats_avoided"),
    _W("contacts_after_fcr", "reports.workings.labels.contacts_after_fcr", "contacts/year",
       "after_deflection-repeats_avoided", "number", "reports.workings.steps.contacts_after_fcr"),
    _W("aht_cut", "reports.workings.labels.aht_cut", "fraction",
       "1-(1-aht_reduction)*(1-tooling_aht_reduction)", "percent2",
       "reports.workings.steps.aht_cut"),
    _W("hours_deflection", "reports.workings.labels.hours_deflection", "hours/year",
       "deflected*hours_per_contact", "number", "reports.workings.steps.hours_deflection"),
    _W("hours_fcr", "reports.workings.labels.hours_fcr", "hours/year",
       "repeats_avoided*hours_per_contact", "number", "reports.workings.steps.hours_fcr"),
    _W("hours_aht", "reports.workings.labels.hours_aht", "hours/year",
       "contacts_after_fcr*hours_per_contact*aht_cut", "number",
       "reports.workings.steps.hours_aht"),
    _W("workload_fte_after_deflection", "reports.workings.labels.workload_fte_after_deflection",
       "FTE", "workload_fte-IF(productive_hours=0,0,hours_deflection/productive_hours)",
       "decimal", "reports.workings.steps.workload_fte_after_deflection"),
    _W("workload_fte_after_fcr", "reports.workings.labels.workload_fte_after_fcr", "FTE",
       "workload_fte_after_deflection-IF(productive_hours=0,0,hours_fcr/productive_hours)",
       "decimal", "reports.workings.steps.workload_fte_after_fcr"),
    _W("workload_fte_after", "reports.workings.labels.workload_fte_after", "FTE",
       "workload_fte_after_fcr-IF(productive_hours=0,0,hours_aht/productive_hours)", "decimal",
       "reports.workings.steps.workload_fte_after"),
    _freed("deflection", "reports.workings.labels.fte_freed_deflection", "workload_fte",
           "workload_fte_after_deflection"),
    _freed("fcr", "reports.workings.labels.fte_freed_fcr", "workload_fte_after_deflection",
           "workload_fte_after_fcr"),
    _freed("aht", "reports.workings.labels.fte_freed_aht", "workload_fte_after_fcr",
           "workload_fte_after"),
    _W("fte_freed", "reports.workings.labels.fte_freed", "FTE",
       "fte_freed_deflection+fte_freed_fcr+fte_freed_aht", "decimal",
       "reports.workings.steps.fte_freed"),
    _W("agents_hired", "reports.workings.labels.agents_hired", "FTE", "MAX(agents_added,0)",
       "number", "reports.workings.steps.agents_hired"),
    _W("agents_removed", "reports.workings.labels.agents_removed", "FTE",
       "MAX(-agents_added,0)", "number", "reports.workings.steps.agents_removed"),
    _W("headcount", "reports.workings.labels.headcount", "FTE", "agent_fte+agents_added",
       "number", "reports.workings.steps.headcount"),
    _W("fte_captured", "reports.workings.labels.fte_captured", "FTE", "capture_rate*fte_freed",
       "decimal", "reports.workings.steps.fte_captured"),
    _W("staff_saving_fte", "reports.workings.labels.staff_saving_fte", "FTE",
       "MAX(agents_removed,fte_captured)", "decimal", "reports.workings.steps.staff_saving_fte"),
    _W("fte_labour", "reports.workings.labels.fte_labour", "FTE",
       "staff_saving_fte-agents_removed", "decimal", "reports.workings.steps.fte_labour"),
    _W("fte_labour_deflection", "reports.workings.labels.fte_labour_deflection", "FTE",
       "IF(fte_freed=0,0,fte_labour*fte_freed_deflection/fte_freed)", "decimal",
       "reports.workings.steps.share_of_saving"),
    _W("fte_labour_fcr", "reports.workings.labels.fte_labour_fcr", "FTE",
       "IF(fte_freed=0,0,fte_labour*fte_freed_fcr/fte_freed)", "decimal",
       "reports.workings.steps.share_of_saving"),
    _W("fte_labour_aht", "reports.workings.labels.fte_labour_aht", "FTE",
       "IF(fte_freed=0,0,fte_labour*fte_freed_aht/fte_freed)", "decimal",
       "reports.workings.steps.share_of_saving"),
    _W("margin_per_customer", "reports.workings.labels.margin_per_customer", "currency/year",
       "revenue_per_customer*gross_margin", "money2",
       "reports.workings.steps.margin_per_customer"),
    _W("churn_cut", "reports.workings.labels.churn_cut", "fraction/year",
       "MIN(churn_reduction,annual_churn)", "percent2", "reports.workings.steps.churn_cut",
       erlang="MIN(churn_reduction+wait_churn_reduction+abandon_churn_reduction,annual_churn)"),
    _W("kept_per_year", "reports.workings.labels.kept_per_year", "customers/year",
       "active_customers*churn_cut", "number", "reports.workings.steps.kept_per_year"),
    _W("referred_customers", "reports.workings.labels.referred_customers", "customers/year",
       "active_customers*referral_uplift", "number",
       "reports.workings.steps.referred_customers"),
    _W("cost_factor", "reports.workings.labels.cost_factor", "×", "1+cost_risk", "factor",
       "reports.workings.steps.cost_factor"),
    _W("benefit_factor", "reports.workings.labels.benefit_factor", "×", "1-benefit_risk",
       "factor", "reports.workings.steps.benefit_factor"),
    _W("effect_factor", "reports.workings.labels.effect_factor", "×",
       "(1-benefit_risk)*attribution*confidence", "factor",
       "reports.workings.steps.effect_factor"),
)


def _phone_staffed(step: str, label_key: str, before: str, after: str) -> Working:
    return Working(f"phone_staffed_{step}", label_key, "FTE",
                   _STAFFED.format(team="phone_agents_now", before=before, after=after),
                   "decimal", "reports.workings.steps.phone_staffed")


#: Extra quantities for ``staffing_method: erlang``: the phone staffing, waiting and
#: abandonment are values (words: the Erlang C or Erlang A note); what the team staffs
#: of them is a formula.
ERLANG_WORKINGS: tuple[Working, ...] = (
    _W("phone_hours_share", "reports.workings.labels.phone_hours_share", "fraction",
       "IF(handle_minutes=0,0,share_phone*aht_phone_min/handle_minutes)", "percent",
       "reports.workings.steps.phone_hours_share"),
    _W("phone_agents_now", "reports.workings.labels.phone_agents_now", "FTE",
       "agent_fte*phone_hours_share", "decimal", "reports.workings.steps.phone_agents_now"),
    _W("fte_phone_before", "reports.workings.labels.fte_phone_before", "FTE", None, "decimal",
       "reports.workings.steps.erlang_c"),
    _W("fte_saved_deflection", "reports.workings.labels.fte_saved_deflection", "FTE", None,
       "decimal", "reports.workings.steps.erlang_c"),
    _W("fte_saved_fcr", "reports.workings.labels.fte_saved_fcr", "FTE", None, "decimal",
       "reports.workings.steps.erlang_c"),
    _W("fte_saved_aht", "reports.workings.labels.fte_saved_aht", "FTE", None, "decimal",
       "reports.workings.steps.erlang_c"),
    _W("fte_phone_after", "reports.workings.labels.fte_phone_after", "FTE", None, "decimal",
       "reports.workings.steps.erlang_c"),
    _W("fte_phone_after_deflection", "reports.workings.labels.fte_phone_after_deflection",
       "FTE", "fte_phone_before-fte_saved_deflection", "decimal",
       "reports.workings.steps.fte_phone_after_deflection"),
    _W("fte_phone_after_fcr", "reports.workings.labels.fte_phone_after_fcr", "FTE",
       "fte_phone_after_deflection-fte_saved_fcr", "decimal",
       "reports.workings.steps.fte_phone_after_fcr"),
    _phone_staffed("deflection", "reports.workings.labels.phone_staffed_deflection",
                   "fte_phone_before", "fte_phone_after_deflection"),
    _phone_staffed("fcr", "reports.workings.labels.phone_staffed_fcr",
                   "fte_phone_after_deflection", "fte_phone_after_fcr"),
    _phone_staffed("aht", "reports.workings.labels.phone_staffed_aht", "fte_phone_after_fcr",
                   "fte_phone_after"),
    _W("wait_churn_reduction", "reports.workings.labels.wait_churn_reduction", "fraction/year",
       None, "percent2", "reports.workings.steps.erlang_c"),
    _W("abandon_before", "reports.workings.labels.abandon_before", "fraction", None,
       "percent2", "reports.workings.steps.erlang_a"),
    _W("abandon_after", "reports.workings.labels.abandon_after", "fraction", None, "percent2",
       "reports.workings.steps.erlang_a"),
    _W("abandon_churn_reduction", "reports.workings.labels.abandon_churn_reduction",
       "fraction/year", "abandonment_churn*MAX(abandon_before-abandon_after,0)", "percent2",
       "reports.workings.steps.abandon_churn_reduction"),
)
del _W


#: Each line's full-year amount (one-time lines: the total), in the model's LINES order:
#: an Excel expression, or a function of "is erlang staffing" returning one.
LINE_AMOUNTS: dict[str, str | Callable[[bool], str]] = {
    "staffing_hiring": "agents_hired*hiring_cost_per_agent",
    "staffing_added": "agents_hired*loaded_cost",
    "training_design": "training_design_cost",
    "training_delivery": "headcount*training_delivery_cost_per_agent",
    "training_refresh": "training_refresh_cost",
    "training_time": "headcount*training_hours_per_agent*hourly_cost",
    "technology_one_time": "tech_one_time_cost",
    "technology_recurring": "tech_annual_cost",
    "indirect_costs": "indirect_costs",
    "labour_aht": "fte_labour_aht*loaded_cost",
    "labour_fcr": "fte_labour_fcr*loaded_cost",
    "labour_deflection": "fte_labour_deflection*loaded_cost",
    "agents_removed": "agents_removed*loaded_cost",
    # The first cohort at full effect; the year cells follow the cohorts (row "kept").
    "retention": "kept_per_year*margin_per_customer",
    "upsell": "contacts_after_fcr*upsell_rate*upsell_value*gross_margin",
    "attrition": "headcount*attrition_reduction*cost_to_replace_agent",
    "referrals": "referred_customers*acquisition_cost_per_customer",
    "indirect_avoided": "indirect_costs_avoided",
}


def line_factor(line: Line) -> str:
    """The working holding ``line``'s combined factor (``Explanation.factor``): costs
    × (1 + cost risk); effect-driven benefits × (1 − delivery risk) × attribution ×
    confidence; decisions (agents removed) × (1 − delivery risk)."""
    if line.kind == "cost":
        return "cost_factor"
    return "effect_factor" if line.attributed else "benefit_factor"


def line_year_formula(line: Line, amount: str, year: str, rows: dict[str, str]) -> str:
    """The Excel expression of ``line`` in one year (mirrors ``supportroi.model._flows``).

    ``amount`` is the cell of the line's full-year amount, ``year`` the column
    letter of the year, ``rows`` the row numbers of the timing rows ("one-time",
    "recurring", "recurring from year 2", "ramp", "kept").
    """
    def at(row: str) -> str:
        return f"{year}${rows[row]}"

    factor = line_factor(line)
    if line.kind == "cost":
        return f"{amount}*{at(line.timing)}*{factor}"
    if line.key == "retention":  # customers kept by then, still active, × margin
        return f"{at('kept')}*margin_per_customer*{factor}"
    return f"{amount}*{at('ramp' if line.ramped else 'recurring')}*{factor}"


# -- text, formats and names ---------------------------------------------------------------------

def money_format(currency: str, decimals: int = 0) -> str:
    """An Excel number format: amounts with the currency symbol, ``decimals`` places."""
    cur = symbol(currency).replace('"', "")
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f'"{cur}"{digits};-"{cur}"{digits}'


_FORMATS = {"number": "#,##0", "decimal": "#,##0.00", "decimal4": "0.0000",
            "percent": "0.0%", "percent2": "0.00%", "factor": "0.0000"}


def _format(fmt: str, currency: str) -> str:
    if fmt == "money":
        return money_format(currency)
    if fmt == "money2":
        return money_format(currency, 2)
    return _FORMATS[fmt]


def input_format(name: str, value, currency: str) -> str | None:
    """An input's number format: per cent for fractions, money in the scenario's currency,
    with as many decimals as the value needs (a shown value is never a rounded one)."""
    a = CATALOG[name]
    if not a.numeric:
        return None
    v = float(value)
    if a.unit.startswith("fraction"):
        d = decimals(100 * v, 1)
        return "0." + "0" * d + "%"
    if a.unit.startswith("currency"):
        return money_format(currency, decimals(v, 0, 2) and 2)
    d = decimals(v, 0)
    return "#,##0" + ("." + "0" * d if d else "")


_NAME = re.compile(r"(?<![\w.'!$])([a-z][a-z0-9_]*)(?![\w(!])")


def _qualify(expr: str, prefix: str, names: set[str]) -> str:
    """Prefix the defined names in ``expr`` (the comparison workbook holds several
    scenarios: ``s1_loaded_cost``...)."""
    if not prefix:
        return expr
    parts = expr.split('"')  # odd parts are inside text literals: left alone
    for i in range(0, len(parts), 2):
        parts[i] = _NAME.sub(lambda m: prefix + m.group(1) if m.group(1) in names
                             else m.group(1), parts[i])
    return '"'.join(parts)


def _define(wb, name: str, ws, cell) -> None:
    ref = f"{quote_sheetname(ws.title)}!{absolute_coordinate(cell.coordinate)}"
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def print_setup(ws, title_rows: str | None = "1:1", landscape: bool = True) -> None:
    """A4, fit to one page wide, header rows repeated, sheet name and page in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "page &P of &N"


# -- the sheets ------------------------------------------------------------------------------------

@dataclass
class _Context:
    wb: object
    ev: Evaluation
    prefix: str  # defined-name prefix ("" or "case1_")
    names: set  # unprefixed names defined so far
    erlang: bool
    lang: str = DEFAULT_LANGUAGE

    @property
    def en(self) -> bool:
        return self.lang == DEFAULT_LANGUAGE

    def t(self, key: str, **fields) -> str:
        return translator(self.lang)(key, **fields)

    def q(self, expr: str) -> str:
        return _qualify(expr, self.prefix, self.names)

    def define(self, name: str, ws, cell) -> None:
        self.names.add(name)
        _define(self.wb, self.prefix + name, ws, cell)


def _inputs_sheet(ctx: _Context, title: str) -> None:
    ev, cur = ctx.ev, ctx.ev.currency
    ws = ctx.wb.create_sheet(title[:31])
    t = ctx.t
    header = [t(k) for k in ("reports.inputs.name", "reports.inputs.label",
                             "reports.inputs.value", "reports.inputs.unit",
                             "reports.inputs.default", "reports.inputs.min", "reports.inputs.max",
                             "reports.inputs.group", "reports.inputs.source",
                             "reports.inputs.help", "reports.inputs.note")]
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for a in CATALOG.values():
        note = FIXED_INPUTS.get(a.name, "") if ctx.en else (
            t(_FIXED_NOTES[a.name]) if a.name in FIXED_INPUTS else "")
        if ctx.erlang and a.name in ERLANG_INPUTS:
            note = t("reports.inputs.feeds_erlang")
        lo, hi = bounds(a.name, cur)  # money bounds are the scenario currency's
        label, help_text = a.text(ctx.lang)
        group = a.group if ctx.en else group_label(a.group, ctx.lang)
        ws.append([a.name, label, ev.values[a.name],
                   safe_text(unit_label(a, cur, ctx.lang) or t("reports.inputs.choice")),
                   a.default, lo, hi, group, a.source, help_text, note])
        r = ws.max_row
        value = ws.cell(r, 3)
        value.fill, value.font = INPUT_FILL, INPUT_FONT
        fmt = input_format(a.name, ev.values[a.name], cur)
        for col in (3, 5, 6, 7):
            if fmt:
                ws.cell(r, col).number_format = (fmt if col == 3 else
                                                 input_format(a.name, ws.cell(r, col).value, cur))
        ctx.define(a.name, ws, value)
        _validate_input(ws, a, value, lo, hi, ctx.lang)
    for letter, width in zip("ABCDEFGHIJK", (30, 38, 14, 12, 12, 10, 12, 12, 40, 60, 50)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[8:11]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    print_setup(ws)


def _validate_input(ws, a, cell, lo, hi, lang: str = DEFAULT_LANGUAGE) -> None:
    t = translator(lang)
    label = a.text(lang)[0]
    if a.numeric:
        dv = DataValidation(type="whole" if a.kind == "int" else "decimal", operator="between",
                            formula1=repr(lo), formula2=repr(hi), allow_blank=False)
        if lang == DEFAULT_LANGUAGE:
            dv.error = (f"{a.label}: a {'whole ' if a.kind == 'int' else ''}number from "
                        f"{lo:g} to {hi:g} ({a.unit})")[:255]
        else:
            key = "reports.inputs.whole_between" if a.kind == "int" else "reports.inputs.between"
            dv.error = t(key, label=label, low=a.format(lo, lang),
                         high=a.format(hi, lang))[:255]
    else:
        dv = DataValidation(type="list", formula1='"' + ",".join(a.choices) + '"')
        dv.error = t("reports.inputs.one_of", label=label, choices=", ".join(a.choices))
    dv.errorTitle = t("reports.inputs.outside")
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(cell)


def _workings_sheet(ctx: _Context, title: str) -> None:
    ev, cur = ctx.ev, ctx.ev.currency
    ws = ctx.wb.create_sheet(title[:31])
    t = ctx.t
    ws.append([t("reports.inputs.name"), t("reports.workings.quantity"), t("reports.inputs.value"),
               t("reports.inputs.unit"), t("reports.workings.how"), t("reports.workings.formula")])
    for cell in ws[1]:
        cell.font = BOLD
    rows = list(WORKINGS)
    if ctx.erlang:  # after the hours freed: the freed FTE add the phone part
        at = [w.name for w in rows].index("hours_aht") + 1
        rows = rows[:at] + list(ERLANG_WORKINGS) + rows[at:]
    for w in rows:
        formula = w.erlang if ctx.erlang and w.erlang else w.formula
        if formula is None:
            value = float(ev.quantities[w.value_key or w.name])
            shown = t("reports.workings.value")
        else:
            value = "=" + ctx.q(formula)
            shown = formula
        label, words = w.text(ctx.lang)
        ws.append([w.name, label, value, safe_text(_unit_text(w, cur, ctx.lang)), words, shown])
        cell = ws.cell(ws.max_row, 3)
        cell.number_format = _format(w.fmt, cur)
        if formula is None:
            for c in ws[ws.max_row]:
                c.fill = FIXED_FILL
            cell.font = FIXED_FONT
        ctx.define(w.name, ws, cell)
    for letter, width in zip("ABCDEF", (24, 40, 16, 16, 60, 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    print_setup(ws)



_TIMING_ROWS = (  # key, label, Excel expression for the year in column {c}
    ("one-time", "One-time costs: share falling in the year",
     "IF({c}$2<one_time_spread_years,1/one_time_spread_years,0)"),
    ("recurring", "Recurring: 1 in years 1–N", "IF({c}$2>=1,1,0)"),
    ("recurring from year 2", "Recurring from year 2", "IF({c}$2>=2,1,0)"),
    ("ramp", "Benefit ramp-up",
     "IF({c}$2=0,0,IF({c}$2=1,ramp_year_1,IF({c}$2=2,ramp_year_2,ramp_later)))"),
)


#: Messages of the notes of :data:`FIXED_INPUTS` in other languages than English.
_FIXED_NOTES = {"horizon_years": "reports.inputs.fixed_horizon",
                "staffing_method": "reports.inputs.fixed_staffing_method"}
#: What the first column of the cash-flow sheet says a row is.
_KINDS = {"timing": "reports.cash.kinds.timing", "retention": "reports.cash.kinds.retention",
          "cost": "reports.cash.kinds.cost", "benefit": "reports.cash.kinds.benefit",
          "total": "reports.cash.kinds.total", "discount": "reports.cash.kinds.discount",
          "check": "reports.cash.kinds.check", "result": "reports.cash.kinds.result"}
#: Messages of the timing rows, by the timing a line names.
_TIMING_LABELS = {"one-time": "reports.cash.timings.one_time",
                  "recurring": "reports.cash.timings.recurring",
                  "recurring from year 2": "reports.cash.timings.recurring_from_2",
                  "ramp": "reports.cash.timings.ramp",
                  "cohorts": "reports.cash.timings.cohorts"}


def _sum(col: str, rows: list[int]) -> str:
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({col}{rows[0]}:{col}{rows[-1]})"
    return "=" + "+".join(f"{col}{r}" for r in rows)


class _CashFlows:
    """Writes the Cash flows sheet row by row; ``rows`` maps a row's key to its number.

    Columns: A kind, B line, C timing, D full-year amount, then one per year, then
    the total and, for the cost and benefit lines, the combined factor applied to
    the full-year amount (:func:`line_factor`). Row 2 holds the years, which the
    formulas use.
    """

    def __init__(self, ctx: _Context, title: str):
        self.ctx = ctx
        self.t = ctx.t
        self.ws = ctx.wb.create_sheet(title[:31])
        self.years = [int(t) for t in ctx.ev.table.columns]
        self.cols = [get_column_letter(5 + i) for i in range(len(self.years))]
        self.rows: dict[str, int] = {}
        self.money = money_format(ctx.ev.currency)

    def range(self, key: str) -> str:
        r = self.rows[key]
        return f"${self.cols[0]}${r}:${self.cols[-1]}${r}"

    def row(self, key, kind, label, per_year: Callable[[int, str, int], object], fmt,
            timing="", amount=None, total=False, bold=False) -> int:
        """Append a row; ``per_year(i, column letter, this row)`` gives year i's cell."""
        ws = self.ws
        ws.append([kind, label, timing, None if amount is None else "=" + self.ctx.q(amount)])
        r = ws.max_row
        self.rows[key] = r
        for i, c in enumerate(self.cols):
            value = per_year(i, c, r)
            cell = ws.cell(r, 5 + i, "=" + self.ctx.q(value) if isinstance(value, str)
                           else value)
            cell.number_format = fmt
        if total:
            cell = ws.cell(r, 5 + len(self.cols), f"=SUM({self.range(key).replace('$', '')})")
            cell.number_format = fmt
        ws.cell(r, 4).number_format = fmt
        for cell in ws[r] if bold else ():
            cell.font = BOLD
        return r

    def running(self, key, kind, label, of: str) -> None:
        """Cumulative sum of row ``of``."""
        o = self.rows[of]
        self.row(key, kind, label, lambda i, c, r: f"{c}{o}" if i == 0 else
                 f"{self.cols[i - 1]}{r}+{c}{o}", self.money)

    def write(self) -> None:
        ws = self.ws
        t = self.t
        ws.append([t("reports.cash.kind"), t("reports.cash.line"), t("reports.cash.timing"),
                   t("reports.cash.amount"), *[t("reports.cash.year_n", year=y)
                                               for y in self.years],
                   t("reports.cash.total"),
                   FACTOR_HEADER if self.ctx.en else t("reports.cash.factor")])
        for cell in ws[1]:
            cell.font = BOLD
        self.row("year", "", t("reports.cash.year"), lambda i, c, r: self.years[i], "0")
        for key, label, expr in _TIMING_ROWS:
            self.row(key, self._kind("timing"), label if self.ctx.en else
                     t(_TIMING_LABELS[key]), lambda i, c, r, e=expr: e.format(c=c), "0.0%")
        ramp = self.rows["ramp"]
        # Customers kept in year t (× ramp-up) stay with probability 1 − churn each later year.
        self.row("kept", self._kind("retention"), t("reports.cash.kept"),
                 lambda i, c, r: f"kept_per_year*{c}${ramp}" if i == 0 else
                 f"{self.cols[i - 1]}{r}*(1-annual_churn)+kept_per_year*{c}${ramp}", "#,##0")
        ws.append([])
        self._lines()
        ws.append([])
        self._discounting()
        ws.append([])
        self._helpers()
        ws.append([])
        self._results()
        for letter, width in zip("ABCD", (10, 46, 22, 18)):
            ws.column_dimensions[letter].width = width
        for i in range(len(self.years) + 1):
            ws.column_dimensions[get_column_letter(5 + i)].width = 15
        ws.column_dimensions[get_column_letter(6 + len(self.years))].width = 24
        ws.cell(1, 6 + len(self.years)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "E3"
        print_setup(ws, "1:2")

    def _kind(self, kind: str) -> str:
        """What the first column says a row is ("timing", "cost"...), in the language."""
        return kind if self.ctx.en else self.t(_KINDS[kind])

    def _lines(self) -> None:
        ctx, t = self.ctx, self.t
        for line in LINES:
            amount = LINE_AMOUNTS[line.key]
            label = line.label if ctx.en else t(f"results.lines.{line.key}")
            self.row(line.key, self._kind(line.kind), label,
                     lambda i, c, r, line=line: line_year_formula(line, f"$D{r}", c, self.rows),
                     self.money, timing=line.timing if ctx.en else
                     t(_TIMING_LABELS[line.timing]),
                     amount=amount(ctx.erlang) if callable(amount) else amount, total=True)
            cell = self.ws.cell(self.rows[line.key], 6 + len(self.cols),
                                "=" + ctx.q(line_factor(line)))
            cell.number_format = "0.0%"
        for kind, label in (("cost", "results.totals.costs"),
                            ("benefit", "results.totals.benefits")):
            rows = [self.rows[line.key] for line in LINES if line.kind == kind]
            self.row(kind + "s", self._kind("total"), t(label),
                     lambda i, c, r, rows=rows: _sum(c, rows)[1:],
                     self.money, total=True, bold=True)
        rb, rc = self.rows["benefits"], self.rows["costs"]
        self.row("net", self._kind("total"), t("results.totals.net"),
                 lambda i, c, r: f"{c}{rb}-{c}{rc}", self.money, total=True, bold=True)
        self.running("cumulative", self._kind("total"), t("reports.cash.cumulative"), "net")

    def _discounting(self) -> None:
        t, kind = self.t, self._kind("discount")
        self.row("discount", kind, t("reports.cash.discount_factor"),
                 lambda i, c, r: f"1/(1+discount_rate)^{c}$2", "0.0000",
                 timing=t("reports.cash.discount_timing"))
        d = self.rows["discount"]
        for key, label, of in (("pv_b", "reports.cash.pv_benefits", "benefits"),
                               ("pv_c", "reports.cash.pv_costs", "costs"),
                               ("disc_net", "reports.cash.discounted_net", "net")):
            self.row(key, kind, t(label),
                     lambda i, c, r, o=self.rows[of]: f"{c}{o}*{c}${d}", self.money, total=True)
        self.running("disc_cumulative", kind, t("reports.cash.discounted_cumulative"),
                     "disc_net")

    def _helpers(self) -> None:
        """Rows the IRR and payback formulas read: sign changes and years still short."""
        n = self.rows["net"]
        t, kind = self.t, self._kind("check")
        self.row("sign", kind, t("reports.cash.sign"),
                 lambda i, c, r: f"SIGN({c}{n})" if i == 0 else
                 f"IF({c}{n}=0,{self.cols[i - 1]}{r},SIGN({c}{n}))", "0")
        s = self.rows["sign"]
        self.row("changes", kind, t("reports.cash.sign_changes"),
                 lambda i, c, r: 0 if i == 0 else
                 f"IF(AND({c}{n}<>0,{self.cols[i - 1]}{s}<>0,SIGN({c}{n})<>"
                 f"{self.cols[i - 1]}{s}),1,0)", "0", total=True)
        for key, label, cum, flow in (
                ("short", t("reports.cash.short"), "cumulative", "net"),
                ("disc_short", t("reports.cash.disc_short"), "disc_cumulative", "disc_net")):
            # Shortfalls within rounding of the flows' size count as break-even (as the model).
            tol = f"1E-9*SUMPRODUCT(ABS({self.range(flow)}))"
            self.row(key, kind, label,
                     lambda i, c, r, cr=self.rows[cum], tol=tol: f"IF({c}{cr}<-{tol},{c}$2,-1)",
                     "0")

    def _result(self, key: str, label: str, formula: str, fmt: str, note: str = "") -> None:
        ws = self.ws
        ws.append([self._kind("result"), label, note, "=" + self.ctx.q(formula)])
        cell = ws.cell(ws.max_row, 4)
        cell.number_format = fmt
        cell.font = BOLD
        self.ctx.define(RESULT_NAMES.get(key, key), ws, cell)

    def _words(self, text: str) -> str:
        """``text`` as a text literal of a formula, in the workbook's language (the
        formula is the same in every language but for these words)."""
        return '"' + text.replace('"', '""') + '"'

    def _undefined(self, why: str) -> str:
        return self._words(ratio(None, why=why, lang=self.ctx.lang))

    def _payback(self, short: str, cum: str, flow: str) -> str:
        n = self.years[-1]
        never = self._words(payback(None, n, lang=self.ctx.lang))
        last = f"MAX({self.range(short)})"
        return (f"IF({last}<0,0,IF({last}>={n},{never},{last}-INDEX({self.range(cum)},"
                f"{last}+1)/INDEX({self.range(flow)},{last}+2)))")

    def _results(self) -> None:
        ws, money, n = self.ws, self.money, self.years[-1]
        t = self.t
        ws.append(["", t("reports.cash.results"), "", t("reports.inputs.value")])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
        total = 5 + len(self.cols)
        col = get_column_letter(total)
        self._result("pv_benefits", t("reports.summary.pv_benefits"),
                     f"{col}{self.rows['pv_b']}", money)
        self._result("pv_costs", t("reports.summary.pv_costs"), f"{col}{self.rows['pv_c']}",
                     money)
        self._result("npv", t("reports.cash.npv"), "pv_benefits-pv_costs", money)
        net = self.rows["net"]
        later = f"{self.cols[1]}{net}:{self.cols[-1]}{net}"
        self._result("npv_check", t("reports.cash.npv_check"),
                     f"NPV(discount_rate,{later})+{self.cols[0]}{net}", money,
                     t("reports.cash.npv_check_note"))
        self._result("roi", t("reports.cash.roi"),
                     f'IF(pv_costs>0,net_present_value/pv_costs,{self._undefined("no costs")})',
                     "0.0%")
        self._result("bcr", t("reports.cash.bcr"),
                     f'IF(pv_costs>0,pv_benefits/pv_costs,{self._undefined("no costs")})', "0.00")
        changes = f"{col}{self.rows['changes']}"
        self._result("irr", "IRR", f'IF({changes}=1,IRR({self.range("net")}),IF({changes}=0,'
                                   f'{self._undefined(IRR_NO_SIGN_CHANGE)},'
                                   f'{self._undefined(IRR_SEVERAL)}))', "0.0%",
                     t("reports.cash.irr_note"))
        self._result("payback_years", t("reports.summary.payback"),
                     self._payback("short", "cumulative", "net"), "0.00",
                     t("reports.cash.payback_note"))
        self._result("discounted_payback_years", t("reports.summary.discounted_payback"),
                     self._payback("disc_short", "disc_cumulative", "disc_net"), "0.00")
        alive = f"{self.cols[-1]}{self.rows['kept']}"
        self._result("terminal_value", t("reports.summary.terminal_value"),
                     f"IF(discount_rate+annual_churn>0,{alive}*margin_per_customer*"
                     f"(1-annual_churn)/(discount_rate+annual_churn)*effect_factor/"
                     f"(1+discount_rate)^{n},IF({alive}>0,"
                     f'{self._undefined("no discount rate and no churn")},0))', money,
                     t("reports.cash.terminal_note"))


def add_model_sheets(wb, ev: Evaluation, titles: dict[str, str], prefix: str = "",
                     lang: str = DEFAULT_LANGUAGE) -> dict:
    """Write the Inputs, Workings and Cash flows sheets of ``ev`` into ``wb``.

    ``titles`` gives the sheet names (keys "inputs", "workings", "cash flows");
    ``prefix`` is put before every defined name (several scenarios in one
    workbook). Returns the defined names of the results (:data:`RESULT_NAMES`),
    prefixed. Labels, units and notes are in ``lang``; the formulas and names are the same
    in every language.
    """
    ctx = _Context(wb, ev, prefix, set(), ev.values["staffing_method"] == "erlang", lang)
    _inputs_sheet(ctx, titles["inputs"])
    _workings_sheet(ctx, titles["workings"])
    _CashFlows(ctx, titles["cash flows"]).write()
    return {key: prefix + name for key, name in RESULT_NAMES.items()}
