"""Scenario comparison: the model side, the workbook, the PDF report and the app in-process."""

import base64
import datetime as dt
import io
import math
import re
import warnings

import openpyxl
import pandas as pd
import pypdf
import pytest

from supportroi import CATALOG, Scenario, evaluate, load_scenario, shipped_scenarios
from supportroi.compare import FIGURES, MAX_SCENARIOS, compare
from supportroi.apps.compare import CompareApp, ComparisonView, Downloads, ScenarioPicker
from supportroi.formatting import headline, money, percent
from supportroi.apps.charts import comparison_chart
from supportroi.reports.excel import comparison_workbook
from supportroi.reports.pdf import pdf_report

from .recalc import Recalculated

DATE = dt.date(2026, 1, 5)
NO_COSTS = {k: 0.0 for k in ("training_design_cost", "training_delivery_cost_per_agent",
                             "training_refresh_cost", "tech_one_time_cost", "tech_annual_cost",
                             "indirect_costs", "training_hours_per_agent")}
NEVER_PAYS = {k: 0.0 for k in ("churn_reduction", "aht_reduction", "fcr_improvement",
                               "deflection_rate", "tooling_aht_reduction", "upsell_rate",
                               "attrition_reduction", "referral_uplift")}


def shipped(*names):
    return {n: load_scenario(shipped_scenarios()[n]) for n in names}


@pytest.fixture(scope="module")
def two():
    return compare(shipped("telecom_contact_centre", "ecommerce_training"))


@pytest.fixture(scope="module")
def edge():
    """Undefined figures, injection attempts and awkward text in one comparison."""
    return compare({
        "no_costs": Scenario(NO_COSTS, title="=HYPERLINK(\"http://x\",\"click\")",
                             intangibles=("=cmd|' /C calc'!A0", "@risk", "+1", "Morale")),
        "never": Scenario(NEVER_PAYS, title="Never pays back", currency="GBP"),
        "five/[x]": Scenario({"discount_rate": 0.08}, title="Costs $2m and $3m: $x$"),
    })


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


# -- the model side ---------------------------------------------------------------------------

@pytest.mark.parametrize("part", [0, 1])
def test_results_table_equals_evaluate_per_scenario(part):
    names = list(shipped_scenarios())  # more than MAX_SCENARIOS: two overlapping groups
    scenarios = shipped(*(names[:MAX_SCENARIOS] if part == 0 else names[-MAX_SCENARIOS:]))
    c = compare(scenarios)
    assert list(c.results.columns) == list(scenarios) == list(c.names)
    assert list(c.results.index) == [f.key for f in FIGURES]
    for name, s in scenarios.items():
        a = evaluate(s).appraisal
        for f in FIGURES:
            assert c.results.loc[f.key, name] == pytest.approx(getattr(a, f.key)), (name, f.key)
        text = headline(a, s.currency)
        assert c.results_text.loc["roi", name] == text["ROI"]
        assert c.results_text.loc["npv", name] == text["NPV"]
        assert c.results_text.loc["payback_years", name] == text["Payback"]
        assert c.results_text.loc["pv_costs", name] == money(a.pv_costs, s.currency)
        assert c.titles[name] == s.title
        assert c.evaluations[name].table.equals(evaluate(s).table)


def test_undefined_figures_are_none_never_nan(edge):
    assert edge.results.loc["roi", "no_costs"] is None
    assert edge.results.loc["bcr", "no_costs"] is None
    assert edge.results.loc["irr", "never"] is None
    assert edge.results.loc["payback_years", "never"] is None
    values = edge.results.to_numpy().ravel()
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)
    assert edge.results_text.loc["roi", "no_costs"] == "undefined (no costs)"
    assert edge.results_text.loc["payback_years", "never"].startswith("does not pay back")
    shown = " ".join(edge.results_text.to_numpy().ravel())
    assert not re.search(r"\b(nan|inf)\b", shown, re.IGNORECASE)


def test_only_differing_assumptions_in_catalog_order():
    c = compare({"a": Scenario(title="Base"),
                 "b": Scenario({"discount_rate": 0.08, "agent_fte": 120, "agent_salary": 40_000.0},
                               title="Changed", currency="€")})
    assert list(c.differences.index) == ["agent_fte", "agent_salary", "discount_rate"]
    row = c.differences.loc["discount_rate"]
    assert (row["label"], row["unit"], row["a"], row["b"]) == ("Discount rate", "%/year", "10 %",
                                                               "8 %")
    row = c.differences.loc["agent_salary"]
    assert row["unit"] == "each scenario's currency/year"  # $ and € differ: no one symbol
    assert (row["a"], row["b"]) == ("$35,000", "€40,000")
    assert c.difference_values.loc["agent_fte"].tolist() == [100, 120]
    assert any("different currencies" in n for n in c.notes)
    assert any("different discount rates (10 % and 8 %)" in n for n in c.notes)


def test_differences_of_shipped_scenarios_match_their_values(two):
    a = evaluate(two.scenarios["telecom_contact_centre"]).values
    b = evaluate(two.scenarios["ecommerce_training"]).values
    expected = [k for k in CATALOG if a[k] != b[k]]
    assert list(two.differences.index) == expected
    assert two.differences.loc["agent_fte", "telecom_contact_centre"] == "600"
    assert two.differences.loc["fcr", "ecommerce_training"] == "68 %"
    assert two.differences.loc["agent_fte", "unit"] == "FTE"


def test_equal_scenarios_have_no_differences():
    c = compare({"a": Scenario(), "b": Scenario(title="Same")})
    assert c.differences.empty and c.notes == ()
    assert c.currency == "USD"


@pytest.mark.parametrize("n", [0, 1, MAX_SCENARIOS + 1])
def test_two_to_five_scenarios(n):
    with pytest.raises(ValueError, match="compare 2 to 5 scenarios"):
        compare({f"s{i}": Scenario() for i in range(n)})


# -- the comparison workbook -----------------------------------------------------------------

def rows_by_label(ws):
    """First row with each label in column A (figures come before "As shown")."""
    rows = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0] and row[0] not in rows:
            rows[row[0]] = row
    return rows


def test_workbook_figures_match_the_model(two, tmp_path):
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(comparison_workbook(two, title="Workshop", date=DATE))
    book = Recalculated(path)  # the formulas, computed as a spreadsheet would
    wb = book.book
    assert wb.sheetnames == ["Comparison",
                             "1 telecom_contact inputs", "1 telecom_contact workings",
                             "1 telecom_contact cash flows", "1 telecom_contact how computed",
                             "2 ecommerce_train inputs", "2 ecommerce_train workings",
                             "2 ecommerce_train cash flows", "2 ecommerce_train how computed"]
    ws = wb["Comparison"]
    assert ws["B1"].value == "Workshop" and ws["B3"].value == "2026-01-05"
    rows = rows_by_label(ws)
    assert rows["Name"][2:4] == two.names

    def live(label, j):
        r = next(c.row for c in ws["A"] if c.value == label)
        return book.cell("Comparison", f"{'CD'[j]}{r}")

    for j, name in enumerate(two.names):
        a = two.evaluations[name].appraisal
        assert live("ROI (NPV ÷ PV costs)", j) == pytest.approx(a.roi, rel=1e-9)
        assert live("NPV", j) == pytest.approx(a.npv, rel=1e-9)
        assert live("PV costs", j) == pytest.approx(a.pv_costs, rel=1e-9)
        assert live("IRR", j) == pytest.approx(a.irr, rel=1e-9)
        assert live("Payback (undiscounted)", j) == pytest.approx(a.payback_years, rel=1e-9)
        # Each scenario's own sheets have their own names (case1_..., case2_...).
        assert book.name(f"case{j + 1}_net_present_value") == pytest.approx(a.npv, rel=1e-9)
    # The same figures as people read them, further down.
    shown = [row for row in ws.iter_rows(values_only=True) if row[0] == "NPV"]
    assert shown[1][2:4] == tuple(two.results_text.loc["npv", n] for n in two.names)
    assert rows["Agents"][1] == "FTE" and (live("Agents", 0), live("Agents", 1)) == (600, 50)
    assert rows["Agent salary"][1] == "each scenario's currency/year"
    assert (live("Agent salary", 0), live("Agent salary", 1)) == (36_000, 32_000)
    # Changing an input of one scenario changes its column only.
    r = next(c.row for c in ws["A"] if c.value == "NPV")
    sol = book.with_inputs({"case2_discount_rate": 0.2})
    changed = evaluate(Scenario(two.scenarios["ecommerce_training"].overrides
                                | {"discount_rate": 0.2}))
    assert book.cell("Comparison", f"D{r}", sol) == pytest.approx(changed.appraisal.npv,
                                                                   rel=1e-9)
    assert book.cell("Comparison", f"C{r}", sol) == pytest.approx(
        two.evaluations["telecom_contact_centre"].appraisal.npv, rel=1e-9)
    # One scenario's own sheets: assumptions with units and sources.
    assumptions = {r[0]: r for r in wb["2 ecommerce_train inputs"].iter_rows(
        min_row=2, values_only=True)}
    assert assumptions["agent_fte"][2] == 50
    assert assumptions["agent_salary"][3] == "€/year"
    assert "ContactBabel" in assumptions["aht_phone_min"][8]


def test_workbook_text_cannot_become_a_formula(edge, tmp_path):
    path = tmp_path / "edge.xlsx"
    path.write_bytes(comparison_workbook(edge, title="=1+1", description="@SUM(A1)"))
    book = Recalculated(path)
    wb = book.book
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    texts = {c.value for c in cells if isinstance(c.value, str) and c.data_type == "s"}
    for attack in ("=1+1", "@SUM(A1)", "=cmd|' /C calc'!A0", "@risk", "+1",
                   "=HYPERLINK(\"http://x\",\"click\")"):
        assert "'" + attack in texts and attack not in texts
    for c in cells:  # the only formulas are the ones the workbook builds
        if c.data_type == "f":
            assert not any(w in c.value for w in ("HYPERLINK", "cmd", "@risk", "SUM(A1)")), c
    assert "3 five__x cash flows" in wb.sheetnames  # "/" and "[" are not allowed in names
    r = next(c.row for c in wb["Comparison"]["A"] if c.value == "ROI (NPV ÷ PV costs)")
    assert book.cell("Comparison", f"C{r}") == "undefined (no costs)"  # never NaN
    shown = [row for row in wb["Comparison"].iter_rows(values_only=True)
             if row[0] == "ROI (NPV ÷ PV costs)"][1]
    assert shown[2] == "undefined (no costs)"


# -- the PDF report ----------------------------------------------------------------------------

def test_comparison_pdf_states_the_figures_titles_and_date(two):
    pdf = pdf_report(two, title="Workshop: two cases", date=DATE)
    assert pdf.startswith(b"%PDF")
    pages, text = text_of(pdf)
    assert pages == 2
    assert "Workshop: two cases" in text and "2026-01-05" in text
    for name in two.names:
        assert two.titles[name] in text
        assert two.results_text.loc["roi", name] in text  # e.g. "173.2 %"
        assert two.results_text.loc["npv", name] in text  # e.g. "$12,764,503"
    assert "ROI 173.2 % 64.4 %" in text  # the row reads across
    assert "Assumptions that differ" in text and "Conventions:" in text
    assert "Agent confidence and morale" in text  # an intangible
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == "Workshop: two cases"


def test_evaluation_pdf_states_the_headline_figures():
    s = load_scenario(shipped_scenarios()["chatbot_self_service"])
    ev = evaluate(s)
    pages, text = text_of(pdf_report(ev, title=s.title, description=s.description, date=DATE))
    assert pages == 2
    assert s.title in text and "2026-01-05" in text
    for value in headline(ev.appraisal, ev.currency).values():
        assert value in text
    assert "24/7 availability" in text and "Key assumptions" in text
    assert "Conventions:" in text


def test_default_title_and_date():
    _, text = text_of(pdf_report(evaluate({})))
    assert "Custom scenario" in text and dt.date.today().isoformat() in text


def test_user_text_cannot_break_the_layout(edge):
    long_title = "Cut costs by $2m and $3m " + "with a very long title " * 30
    intangibles = ("$x^2$ is not maths", "A" * 400, *[f"Item {i} " + "word " * 40
                                                        for i in range(40)])
    ev = evaluate(Scenario({}, intangibles=intangibles))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. missing glyphs, mathtext errors
        one = pdf_report(ev, title=long_title, description="words " * 500, date=DATE)
        many = pdf_report(edge, title=long_title, date=DATE)
        emoji = pdf_report(compare({"a": Scenario(title="Ünïcödé 中文 😀 ₹"),
                                    "b": Scenario(title="B")}), date=DATE)
    for pdf in (one, many, emoji):
        pages, text = text_of(pdf)
        assert 1 <= pages <= 2
    _, text = text_of(one)
    assert "$x^2$ is not maths" in text  # shown as typed, not as mathtext
    assert "more (see the Excel workbook)" in text
    assert "…" in text  # the title was cut
    _, text = text_of(many)
    assert "Costs $2m and $3m: $x$" in text
    assert "undefined (no costs)" in text


def test_comparison_chart_draws_one_curve_per_scenario(two):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    comparison_chart(ax, two)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for label, name in zip(labels, two.names, strict=True):  # long titles are cut with "…"
        assert label == two.titles[name] or two.titles[name].startswith(label.rstrip("…"))
    curves = [line for line in ax.get_lines() if line.get_label() in labels]
    for line, name in zip(curves, two.names):
        ev = two.evaluations[name]
        assert list(line.get_ydata()) == pytest.approx(list(ev.table.loc[("total",
                                                                          "cumulative net")]))


# -- the app, in-process -------------------------------------------------------------------------

def shown(app, key="roi"):
    row = re.search(rf'<tr class="sr-row-{key}">(.*?)</tr>', app.results.value).group(1)
    return re.findall(r'<td class="sr-value"[^>]*>([^<]*)</td>', row)


def upload(app, name, content: bytes):
    app.upload.set_state({"value": [{"name": name, "type": "", "size": len(content),
                                     "content": content, "last_modified": 0}]})


def test_app_compares_the_ticked_scenarios():
    app = CompareApp()
    assert "Tick 2 more" in app.status.value and app.comparison is None
    app.checks["telecom_contact_centre"].value = True
    app.checks["ecommerce_training"].value = True
    assert app.error.value == ""
    c = compare(shipped("telecom_contact_centre", "ecommerce_training"))
    assert shown(app) == [percent(c.evaluations[n].appraisal.roi) for n in c.names]
    assert shown(app, "npv") == [c.results_text.loc["npv", n] for n in c.names]
    assert 'data-assumption="agent_fte"' in app.differences.value
    assert bytes(app.chart.value).startswith(b"\x89PNG")
    assert not re.search(r"\b(nan|inf)\b", app.results.value + app.differences.value, re.IGNORECASE)
    app.download_button.click()
    links = re.findall(r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"',
                       app.downloads.value)
    assert [name for name, _, _ in links] == ["supportroi-comparison.xlsx",
                                             "supportroi-comparison.pdf"]
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(links[0][2])))
    assert workbook.sheetnames[0] == "Comparison"
    _, text = text_of(base64.b64decode(links[1][2]))
    assert percent(c.evaluations["telecom_contact_centre"].appraisal.roi) in text
    app.checks["ecommerce_training"].value = False  # one left: back to the hint
    assert app.comparison is None and "Tick 1 more scenario" in app.status.value
    assert app.downloads.value == ""


def test_app_refuses_a_sixth_scenario():
    app = CompareApp(selected=list(shipped_scenarios())[:3])
    good = b"title: Mine\nfcr: 0.75\n"
    upload(app, "mine.yaml", good)  # fourth
    upload(app, "yours.yaml", good)  # fifth
    upload(app, "other.yaml", good)  # sixth: listed, not ticked
    assert len(app.selected) == MAX_SCENARIOS
    assert "other (uploaded)" in app.checks and not app.checks["other (uploaded)"].value
    app.checks["other (uploaded)"].value = True  # a client ticks it anyway
    assert not app.checks["other (uploaded)"].value
    assert len(app.selected) == MAX_SCENARIOS and "At most 5" in app.notice.value
    assert app.error.value == ""


def test_app_lists_a_bad_file_s_problems():
    app = CompareApp(selected=["telecom_contact_centre"])
    upload(app, "bad<b>.yaml", b"title: Bad\nfcr: 2\nfoo: 1\n")
    notice = app.notice.value
    assert "nothing loaded" in notice and "bad&lt;b&gt;.yaml" in notice  # escaped
    assert "fcr" in notice and "out of bounds" in notice and "unknown assumption" in notice
    assert app.selected == ["telecom_contact_centre"]
    assert len(app.checks) == len(shipped_scenarios())
    upload(app, "mine.yaml", b"title: Mine\nfcr: 0.75\ncurrency: \"\xe2\x82\xac\"\n")
    assert app.selected == ["telecom_contact_centre", "mine (uploaded)"]
    assert app.notice.value == "" and app.error.value == ""
    assert shown(app)[1] == percent(evaluate(Scenario({"fcr": 0.75})).appraisal.roi)
    assert "different currencies" in app.notes.value


def test_app_reads_scenarios_from_the_url():
    app = CompareApp()
    notices = app.apply_query("scenarios=telecom_contact_centre,chatbot_self_service,nope&x=1")
    assert app.selected == ["telecom_contact_centre", "chatbot_self_service"]
    assert any("'nope'" in n for n in notices) and any("'x'" in n for n in notices)
    assert len(shown(app)) == 2


# -- the app's pieces, each alone ----------------------------------------------------------


def test_picker_ticks_in_order_and_tells_the_app():
    import ipywidgets as w
    changes = []
    picker = ScenarioPicker(w.HTML(), on_change=lambda: changes.append(list(picker.selected)))
    assert list(picker.checks) == list(shipped_scenarios()) and picker.selected == []
    picker.checks["ecommerce_training"].value = True
    picker.checks["telecom_contact_centre"].value = True
    assert changes[-1] == ["ecommerce_training", "telecom_contact_centre"]
    notices = picker.select(["telecom_contact_centre", "nope", "telecom_contact_centre"])
    assert picker.selected == ["telecom_contact_centre"] and changes[-1] == picker.selected
    assert notices == ["unknown scenario 'nope'; ignored"] and "nope" in picker.notice.value
    assert [n for n, box in picker.checks.items() if box.value] == ["telecom_contact_centre"]
    picker.upload.set_state({"value": [{"name": "mine.yaml", "type": "", "size": 20,
                                        "content": b"title: Mine\nfcr: 0.75\n",
                                        "last_modified": 0}]})
    assert picker.uploaded == ["mine (uploaded)"] and picker.checks["mine (uploaded)"].value
    assert changes[-1] == ["telecom_contact_centre", "mine (uploaded)"]


def test_comparison_view_shows_a_comparison_or_the_hint(two):
    view = ComparisonView()
    view.show_hint(1)
    assert view.details.layout.display == "none" and "Tick 1 more scenario" in view.status.value
    view.show(two)
    assert view.status.value == "" and view.details.layout.display is None
    for n in two.names:
        assert two.results_text.loc["npv", n] in view.results.value
    assert bytes(view.chart.value).startswith(b"\x89PNG")
    assert "data-assumption" in view.differences.value


def test_downloads_offer_only_a_comparison(two):
    import ipywidgets as w
    error = w.HTML()
    take_away = Downloads(error)
    assert take_away.download_button.disabled
    take_away.download_button.click()
    assert take_away.downloads.value == ""
    take_away.offer(two)
    assert not take_away.download_button.disabled
    take_away.download_button.click()
    assert re.findall(r'download="([^"]+)"', take_away.downloads.value) == [
        "supportroi-comparison.xlsx", "supportroi-comparison.pdf"]
    take_away.offer(None)
    assert take_away.download_button.disabled and take_away.downloads.value == ""
    assert error.value == ""


def test_results_frame_is_plain_pandas(two):
    assert isinstance(two.results, pd.DataFrame) and two.results.dtypes.eq(object).all()


def test_a_huge_scenarios_parameter_is_cut_in_the_notice():
    app = CompareApp()
    notices = app.apply_query("scenarios=" + "x" * 10_000 + ",telecom_contact_centre,"
                              + ",".join(f"bogus{i}" for i in range(500))
                              + "&" + "k" * 5_000 + "=1")
    joined = " ".join(notices)
    assert len(joined) < 1_000 and "x" * 41 not in joined and "k" * 41 not in joined
    assert "and 498 more" in joined
    assert app.selected == ["telecom_contact_centre"]
    assert len(app.picker.notice.value) < 2_000
