"""Excel workbook: reopened with openpyxl and checked against the model."""

import io

import openpyxl
import pytest

from supportroi import Scenario, evaluate, load_scenario, shipped_scenarios
from supportroi.reports.excel import excel_workbook, safe_text


@pytest.mark.parametrize("text,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("plain", "plain"), (3.5, 3.5),
])
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def test_workbook_figures_match_the_model():
    s = load_scenario(shipped_scenarios()["telecom_contact_centre"])
    ev = evaluate(s)
    wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(ev, title=s.title)))
    assert wb.sheetnames == ["Summary", "Scenario yearly", "Scenario assumptions",
                             "Scenario how computed"]
    summary = wb["Summary"]
    assert summary["B1"].value == s.title
    figures = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
               for r in range(6, 17)}
    a = ev.appraisal
    assert figures["ROI (NPV / PV costs)"] == pytest.approx(a.roi)
    assert figures["NPV"] == pytest.approx(a.npv)
    assert figures["IRR"] == pytest.approx(a.irr)
    assert figures["Payback (years, undiscounted)"] == pytest.approx(a.payback_years)
    yearly = wb["Scenario yearly"]
    rows = {r[1]: r[2:] for r in yearly.iter_rows(min_row=2, values_only=True)}
    assert rows["Total benefits"][:-1] == pytest.approx(list(ev.benefits))
    assumptions = {r[0]: r for r in wb["Scenario assumptions"].iter_rows(min_row=2,
                                                                          values_only=True)}
    assert assumptions["agent_fte"][2] == 600
    assert assumptions["agent_salary"][3] == "$/year"
    assert "ContactBabel" in assumptions["aht_phone_min"][8]


def test_text_cannot_become_a_formula():
    s = Scenario({}, intangibles=("=cmd|' /C calc'!A0", "@risk", "Morale"))
    ev = evaluate(s)
    wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(ev, title="=1+1")))
    cells = [c for row in wb["Summary"].iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells]
    assert "'=cmd|' /C calc'!A0" in texts and "'@risk" in texts and "'=1+1" in texts


def test_undefined_figures_are_empty_not_nan():
    zero_cost = {k: 0.0 for k in ("training_design_cost", "training_delivery_cost_per_agent",
                                  "training_refresh_cost", "tech_one_time_cost",
                                  "tech_annual_cost", "indirect_costs",
                                  "training_hours_per_agent")}
    ev = evaluate(zero_cost)
    assert ev.appraisal.roi is None
    wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(ev)))
    summary = wb["Summary"]
    assert summary["B6"].value is None
    assert summary["C6"].value == "undefined (no costs)"
