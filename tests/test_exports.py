"""Excel workbook: recalculated with the `formulas` engine and checked against the model.

The workbook's cash flows, NPV, ROI, IRR and payback are Excel formulas of named input
cells; recalculating them must give what :func:`supportroi.evaluate` gives, for every
shipped scenario, after changing an input cell too. A failure names the line whose
formula (supportroi.reports.excel_model.LINE_AMOUNTS / WORKINGS) no longer matches.
"""

import io
import math
import re

import openpyxl
import pytest

from supportroi import CATALOG, Scenario, evaluate, load_scenario, shipped_scenarios
from supportroi.currency import symbol
from supportroi.finance import describe_payback
from supportroi.model import LINES
from supportroi.reports.excel import excel_workbook, safe_text
from supportroi.reports.excel_model import (
    ERLANG_INPUTS,
    FACTOR_HEADER,
    FIXED_INPUTS,
    LINE_AMOUNTS,
    RESULT_NAMES,
)

from .recalc import Recalculated

REL = 1e-9
SHIPPED = sorted(shipped_scenarios())
#: Beyond the shipped files: the catalog defaults, a team below its workload (the team
#: bound on freed FTE applies) and erlang staffing (with the wait–churn and
#: abandonment–churn links on), whose phone staffing and abandonment are written as values.
EXTRA = {
    "defaults": {},
    "small_team": {"agent_fte": 90},
    "erlang": {"staffing_method": "erlang", "wait_churn_per_minute": 0.01,
               "wait_churn_threshold_s": 20.0, "abandonment_churn": 0.2},
}
NO_COSTS = {k: 0.0 for k in ("training_design_cost", "training_delivery_cost_per_agent",
                             "training_refresh_cost", "tech_one_time_cost", "tech_annual_cost",
                             "indirect_costs", "training_hours_per_agent")}
NEVER_PAYS = {k: 0.0 for k in ("churn_reduction", "aht_reduction", "fcr_improvement",
                               "deflection_rate", "tooling_aht_reduction", "upsell_rate",
                               "attrition_reduction", "referral_uplift")}


def scenario(name):
    if name in EXTRA:
        return Scenario(EXTRA[name], title=name)
    return load_scenario(shipped_scenarios()[name])


def recalculated(tmp_path, ev, title="", description=""):
    path = tmp_path / "case.xlsx"
    path.write_bytes(excel_workbook(ev, title=title, description=description))
    return Recalculated(path)


def assert_same_case(book, ev, solution=None, where=""):
    """Every line in every year, the totals and the headline figures equal the model's."""
    a = ev.appraisal
    for line in LINES:
        r = book.row_of("Cash flows", "B", line.label)
        for t, expected in zip(ev.table.columns, ev.table.loc[(line.kind, line.key)]):
            got = book.cell("Cash flows", f"{chr(ord('E') + t)}{r}", solution)
            assert got == pytest.approx(expected, rel=REL, abs=1e-6), \
                f"{where}line {line.key}, year {t}: workbook {got}, model {expected}"
    for key, name in RESULT_NAMES.items():
        expected = ev.terminal_value if key == "terminal_value" else getattr(a, key)
        got = book.name(name, solution)
        if expected is None:
            assert isinstance(got, str) and got.startswith(("undefined", "does not pay")), \
                f"{where}{key}: {got!r}"
        else:
            assert got == pytest.approx(expected, rel=REL, abs=1e-6), \
                f"{where}{key}: workbook {got}, model {expected}"
    assert book.name("npv_check", solution) == pytest.approx(a.npv, rel=REL, abs=1e-6)


def test_line_formulas_follow_the_models_lines():
    # A line added to or renamed in the model needs its formula here.
    assert list(LINE_AMOUNTS) == [line.key for line in LINES]


@pytest.fixture(scope="module", params=SHIPPED + list(EXTRA))
def case(request, tmp_path_factory):
    s = scenario(request.param)
    ev = evaluate(s)
    book = recalculated(tmp_path_factory.mktemp(request.param), ev, title=s.title,
                        description=s.description)
    return request.param, s, ev, book


def test_workbook_recalculates_to_the_model(case):
    name, _, ev, book = case
    assert_same_case(book, ev, where=f"{name}: ")


#: Inputs changed in the workbook, with a new value each (valid for every scenario tested).
CHANGES = {"discount_rate": 0.13, "agent_salary": 41_000.0, "deflection_rate": 0.12,
           "annual_churn": 0.3, "one_time_spread_years": 2, "agents_added": -3,
           "ramp_year_1": 0.3, "tech_one_time_cost": 400_000.0, "benefit_risk": 0.25,
           "gross_margin": 0.5, "aht_reduction": 0.1, "confidence": 0.6,
           "abandonment_churn": 0.1, "capture_rate": 0.4, "attribution": 0.7}


@pytest.mark.parametrize("changed", sorted(CHANGES))
def test_changing_an_input_cell_recomputes_the_case(case, changed):
    name, s, ev, book = case
    if ev.values["staffing_method"] == "erlang" and changed in ERLANG_INPUTS:
        pytest.skip("the Erlang C staffing is a value in the workbook (tested below)")
    new = {changed: CHANGES[changed]}
    expected = evaluate(Scenario(s.overrides | new, currency=s.currency))
    assert_same_case(book, expected, book.with_inputs(new), where=f"{name}, {new}: ")


def test_typing_into_the_file_recomputes_it(tmp_path):
    """The change made as a user makes it: the input cell edited and the file saved."""
    s = scenario("telecom_contact_centre")
    book = recalculated(tmp_path, evaluate(s), title=s.title)
    wb = openpyxl.load_workbook(book.path)
    for key, value in (("discount_rate", 0.08), ("fcr_improvement", 0.02)):
        sheet, cell = book.address(key)
        wb[sheet][cell].value = value
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    expected = evaluate(Scenario(s.overrides | {"discount_rate": 0.08, "fcr_improvement": 0.02}))
    assert expected.appraisal.npv != pytest.approx(evaluate(s).appraisal.npv, rel=1e-3)
    assert_same_case(Recalculated(edited), expected)


def test_erlang_staffing_is_a_labelled_value_and_the_rest_formulas(case):
    name, _, ev, book = case
    ws = book.book["Workings"]
    grey = {row[0].value: row for row in ws.iter_rows(min_row=2)
            if row[2].data_type != "f"}
    if name != "erlang":
        assert not grey  # every working is a formula
        return
    assert set(grey) == {"fte_phone_before", "fte_phone_after", "fte_saved_deflection",
                         "fte_saved_fcr", "fte_saved_aht", "wait_churn_reduction",
                         "abandon_before", "abandon_after"}
    for key, row in grey.items():
        assert row[2].value == pytest.approx(ev.quantities[key])
        method = "Erlang A" if key.startswith("abandon") else "Erlang C"
        assert method in row[4].value and "supportroi.queueing" in row[4].value
    # What the team staffs of the phone FTE, and the churn abandonment adds, are formulas.
    formulas = {row[0].value: row[2].value for row in ws.iter_rows(min_row=2)}
    assert formulas["phone_staffed_fcr"] == ("=MAX(MIN(phone_agents_now,fte_phone_after_"
                                             "deflection)-MIN(phone_agents_now,"
                                             "fte_phone_after_fcr),0)")
    assert formulas["churn_cut"] == ("=MIN(churn_reduction+wait_churn_reduction+"
                                     "abandon_churn_reduction,annual_churn)")
    for key in ("phone_staffed_deflection", "phone_staffed_fcr", "phone_staffed_aht",
                "abandon_churn_reduction"):
        assert book.name(key) == pytest.approx(ev.quantities[key], rel=REL, abs=1e-12), key
    assert ev.quantities["wait_churn_reduction"] > 0  # the links are on in this case
    assert ev.quantities["abandon_churn_reduction"] > 0
    notes = {r[0]: r[10] for r in book.book["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert all("Erlang C" in notes[k] for k in ERLANG_INPUTS)
    assert "Erlang C" in book.book["Summary"].cell(book.book["Summary"].max_row, 1).value


@pytest.mark.parametrize("overrides,figure,text", [
    (NO_COSTS, "return_on_investment", "undefined (no costs)"),
    (NO_COSTS, "benefit_cost_ratio", "undefined (no costs)"),
    (NO_COSTS, "internal_rate_of_return", "undefined (net cash flows never change sign)"),
    (NEVER_PAYS, "payback_years", describe_payback(None, 3)),
    (NEVER_PAYS, "discounted_payback_years", describe_payback(None, 3)),
    (NO_COSTS | {"agents_added": 5}, "internal_rate_of_return", 1.3),  # invest, then earn
])
def test_undefined_figures_say_why(tmp_path, overrides, figure, text):
    ev = evaluate(overrides)
    book = recalculated(tmp_path, ev)
    got = book.name(figure)
    assert got == text if isinstance(text, str) else isinstance(got, float)
    assert_same_case(book, ev)


def test_sheets_names_formats_and_print_setup(case):
    _, s, ev, book = case
    wb = book.book
    assert wb.sheetnames == ["Summary", "Inputs", "Workings", "Cash flows", "How computed"]
    summary = wb["Summary"]
    assert summary["B1"].value == s.title
    assert summary["A6"].value == "ROI (NPV / PV costs)" and summary["B6"].value == (
        "=" + RESULT_NAMES["roi"])
    assert book.name(RESULT_NAMES["roi"]) == pytest.approx(summary["D6"].value, rel=REL)
    # Inputs: named cells with units, formats, bounds and sources.
    inputs = {r[0].value: r for r in wb["Inputs"].iter_rows(min_row=2)}
    assert set(inputs) == set(CATALOG)
    cur = symbol(ev.currency)  # the workbook shows the symbol: "₽/year"
    assert inputs["agent_salary"][3].value == f"{cur}/year"
    assert f'"{cur}"' in inputs["agent_salary"][2].number_format
    assert inputs["discount_rate"][2].number_format.endswith("%")
    assert inputs["discount_rate"][3].value == "%/year"
    assert "ContactBabel" in inputs["aht_phone_min"][8].value
    for key in CATALOG:
        assert book.address(key) == ("Inputs", f"C{inputs[key][0].row}")
    for key, note in FIXED_INPUTS.items():
        assert inputs[key][10].value == note
    # A shown value is never a rounded one: 0.05 % shows as 0.05 %, not 0.1 %.
    for key, row in inputs.items():
        fmt = row[2].number_format
        if fmt.endswith("%"):
            decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
            assert round(100 * row[2].value, decimals) == pytest.approx(100 * row[2].value), key
    # Readable formulas: names, not cell addresses, for inputs and workings.
    flows = wb["Cash flows"]
    r = book.row_of("Cash flows", "B", "Staffing: added agents")
    assert flows[f"D{r}"].value == "=agents_hired*loaded_cost"
    assert wb["Workings"]["C2"].value == "=agent_salary*(1+benefits_load)+overhead_per_agent"
    for ws in wb:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&A" in ws.oddFooter.left.text
    assert flows.print_title_rows == "$1:$2"
    assert wb.calculation.fullCalcOnLoad


def test_defined_names_are_valid_excel_names(case):
    *_, book = case
    cell_like = re.compile(r"^([A-Za-z]{1,3}\d+|[RrCc]\d*([RrCc]\d*)?)$")
    for name in book.book.defined_names:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) and not cell_like.match(name), name
        assert len(name) <= 255


def test_safe_text_is_applied_to_every_user_text(tmp_path):
    attacks = ["=HYPERLINK(\"http://x\",\"click\")", "+1", "-2", "@SUM(A1)", "\tx",
               "=cmd|' /C calc'!A0"]
    with pytest.raises(ValueError, match="currency"):  # a currency is one of the offered codes
        Scenario({}, currency="=x")
    s = Scenario({}, title=attacks[0], description=attacks[3],
                 intangibles=tuple(attacks[1:]) + ("Morale",))
    ev = evaluate(s)
    book = recalculated(tmp_path, ev, title=s.title, description=s.description)
    cells = [c for ws in book.book for row in ws.iter_rows() for c in row]
    texts = {c.value for c in cells if c.data_type == "s"}
    for attack in attacks:
        assert "'" + attack in texts, attack
    for c in cells:
        if c.data_type == "f":  # only the formulas the workbook builds
            assert not any(word in c.value for word in ("HYPERLINK", "cmd", "SUM(A1)", "=x")), \
                c.coordinate
    units = {r[0]: r[3] for r in book.book["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert units["agent_salary"] == "$/year"
    assert_same_case(book, ev)  # the figures are unaffected


@pytest.mark.parametrize("text,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (3.5, 3.5),
])
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def test_the_workbook_needs_no_engine_to_be_read():
    """Opened without recalculation (openpyxl), the fixed columns still give the figures."""
    s = load_scenario(shipped_scenarios()["ecommerce_training"])
    ev = evaluate(s)
    wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(ev, title=s.title)))
    summary = {r[0]: r for r in wb["Summary"].iter_rows(min_row=6, max_row=16, values_only=True)}
    assert summary["NPV"][3] == pytest.approx(ev.appraisal.npv)
    assert summary["ROI (NPV / PV costs)"][2] == "64.4 %"
    assert not any(isinstance(v, float) and not math.isfinite(v)
                   for ws in wb for row in ws.iter_rows(values_only=True) for v in row)


def test_staff_saving_is_one_live_formula(case):
    """Freed FTE bounded by the team and netted with removed agents, as Excel MIN/MAX of
    named cells (supportroi.model.quantities), not pasted values."""
    name, _, ev, book = case
    formulas = {row[0].value: row[2].value for row in book.book["Workings"].iter_rows(min_row=2)}
    assert formulas["staff_saving_fte"] == "=MAX(agents_removed,fte_captured)"
    linear = ("MAX(MIN(agent_fte,workload_fte_after_deflection)-MIN(agent_fte,"
              "workload_fte_after_fcr),0)")
    assert formulas["fte_freed_fcr"] == "=" + linear + (
        "*(1-phone_hours_share)+phone_staffed_fcr" if name == "erlang" else "")
    for key in ("fte_freed", "fte_captured", "staff_saving_fte", "fte_labour",
                "fte_labour_deflection", "fte_labour_fcr", "fte_labour_aht",
                "workload_fte_after"):
        assert book.name(key) == pytest.approx(ev.quantities[key], rel=REL, abs=1e-9), key
    if name == "small_team":  # the bound applies: less freed than the effects' hours
        hours = sum(ev.quantities["hours_" + s] for s in ("deflection", "fcr", "aht"))
        assert ev.quantities["fte_freed"] < hours / ev.quantities["productive_hours"] - 1


def test_each_line_shows_its_combined_factor(case):
    """The cash-flow sheet's last column is the factor each line's full-year amount gets
    (Explanation.factor), a live formula: it follows a changed confidence."""
    _, s, ev, book = case
    flows = book.book["Cash flows"]
    col = openpyxl.utils.get_column_letter(6 + len(ev.table.columns))
    assert flows[f"{col}1"].value == FACTOR_HEADER
    how = {r[0]: r for r in book.book["How computed"].iter_rows(min_row=2, values_only=True)}
    changed = book.with_inputs({"confidence": 0.5})
    after = {e.key: e.factor for e in
             evaluate(Scenario(s.overrides | {"confidence": 0.5}, currency=s.currency)).explain()}
    for e in ev.explain():
        r = book.row_of("Cash flows", "B", e.label)
        assert book.cell("Cash flows", f"{col}{r}") == pytest.approx(e.factor, rel=REL)
        assert book.cell("Cash flows", f"{col}{r}", changed) == pytest.approx(after[e.key],
                                                                             rel=REL)
        assert how[e.label][5] == pytest.approx(e.factor)
    line = {e.key: e for e in ev.explain()}["labour_aht"]
    v = ev.values
    assert line.factor == pytest.approx((1 - v["benefit_risk"]) * v["attribution"]
                                        * v["confidence"])


def test_new_assumptions_are_inputs_like_any_other(case):
    _, _, ev, book = case
    inputs = {r[0]: r for r in book.book["Inputs"].iter_rows(min_row=2, values_only=True)}
    for key in ("caller_patience_s", "abandonment_churn"):
        assert inputs[key][2] == ev.values[key] and inputs[key][3]
        assert book.address(key)[0] == "Inputs"  # a named input cell
    assert "caller_patience_s" in ERLANG_INPUTS  # feeds the Erlang A value
    assert "abandonment_churn" not in ERLANG_INPUTS  # a live formula of the Erlang A values
