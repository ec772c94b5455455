"""Workshop details (issue 14 items 2 and 5): the risk app's PDF and workbook, the
compare chart's scales, one payback unit, scenario names, zero lines, currency."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re

import numpy as np
import openpyxl
import pypdf
import pypdfium2
import pytest
from matplotlib.figure import Figure

from supportroi.apps.charts import (
    BLANK_PNG,
    comparison_chart,
    comparison_panels,
    lines_chart,
    roi_to_date,
)
from supportroi.apps.compare import CompareApp
from supportroi.apps.risk import RiskApp
from supportroi.compare import compare
from supportroi.finance import describe_payback, payback_unit
from supportroi.model import evaluate
from supportroi.reports.pdf import RiskSummary, changed_assumptions, pdf_report
from supportroi.risk import break_even, break_even_curve, monte_carlo, tornado
from supportroi.scenarios import Scenario, load_scenario, shipped_scenarios

DATE = dt.date(2026, 1, 5)


def links(html_text: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html_text)
    return {name: base64.b64decode(data) for name, data in found}


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def rendered(pdf: bytes) -> list[np.ndarray]:
    """Every page as an RGB array (PDFium), to check what is drawn, not only the text."""
    doc = pypdfium2.PdfDocument(pdf)
    return [np.asarray(doc[i].render(scale=0.5).to_pil().convert("RGB")) for i in range(len(doc))]


@pytest.fixture(scope="module")
def telecom():
    return evaluate(load_scenario(shipped_scenarios()["telecom_contact_centre"]))


def test_risk_pdf_has_title_page_summary_and_risk_pages(telecom):
    ev = telecom
    mc = monte_carlo(ev.values, {"churn_reduction": (0.001, 0.003, 0.006)}, n=2000, seed=7)
    be = break_even(ev.values, "tech_annual_cost")
    title = "A long workshop title for the CRM business case " * 6
    pdf = pdf_report(ev, title=title, client="Acme Telecom plc", author="J. Smith",
                     risk=RiskSummary(tornado(ev.values), monte_carlo=mc, break_even=be),
                     date=DATE)
    pages, text = text_of(pdf)
    assert 6 <= pages <= 8
    first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for field in ("Client", "Acme Telecom plc", "Author", "J. Smith", "2026-01-05"):
        assert field in first
    assert "…" in first  # the long title is cut, not overflowing
    # Monte Carlo figures as the model computed them (independent of the PDF's formatting).
    assert f"{100 * mc.p_roi_positive:.1f} %" in text
    for x in (mc.npv_p10, mc.npv_p50, mc.npv_p90):
        assert f"${x:,.0f}" in text
    for heading in ("Executive summary", "Yearly cash flows",
                    "Assumptions that differ from the defaults", "Intangible benefits",
                    "Which assumptions matter (tornado)", "How sure is the case (Monte Carlo)",
                    "Where does it break even"):
        assert heading in text
    assert f"${be.value:,.0f}" in text
    assert "ContactBabel" in text  # a source of a default next to a changed assumption
    for page in rendered(pdf):   # every page is A4 and has ink inside the margins only
        h, w, _ = page.shape
        assert abs(h / w - 11.69 / 8.27) < 0.01
        ink = (page < 200).any(axis=2)
        assert ink.any()
        margin = int(0.3 / 8.27 * w)
        assert not ink[:, :margin].any() and not ink[:, -margin:].any()


@pytest.mark.parametrize("lang,title", [
    ("ru", "Длинноеназваниесценариябезединогопробелакотороенепомещаетсявстроку " * 4),
    ("zh", "电信联络中心升级服务台与客户关系管理系统的投资回报率研讨会报告" * 6)])
def test_risk_pdf_in_russian_and_chinese_keeps_inside_the_margins(telecom, lang, title):
    ev = telecom
    mc = monte_carlo(ev.values, {"churn_reduction": (0.001, 0.003, 0.006)}, n=500, seed=7)
    be = break_even(ev.values, "tech_annual_cost", lang=lang)
    pdf = pdf_report(ev, title=title, client=title[:150], author="J. Smith", date=DATE,
                     risk=RiskSummary(tornado(ev.values), monte_carlo=mc, break_even=be),
                     lang=lang)
    assert "…" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for page in rendered(pdf):
        h, w, _ = page.shape
        ink = (page < 200).any(axis=2)
        margin = int(0.3 / 8.27 * w)
        assert ink.any() and not ink[:, :margin].any() and not ink[:, -margin:].any()


def test_pdf_without_client_or_risk_keeps_its_two_pages(telecom):
    pages, text = text_of(pdf_report(telecom, title="T", date=DATE))
    assert pages == 2 and "Key assumptions" in text and "Client" not in text


def test_changed_assumptions_are_those_off_their_default():
    rows = changed_assumptions(evaluate(Scenario({"agent_fte": 42})).values)
    assert [r[0] for r in rows] == ["Agents"] and rows[0][1] == "42 FTE"


def test_break_even_curve_crosses_the_target_at_the_value_found(telecom):
    be = break_even(telecom.values, "tech_annual_cost")
    xs, roi = break_even_curve(telecom.values, be, n=401)
    assert xs[0] == be.low and xs[-1] == be.high
    i = np.argmax(roi < 0)   # ROI falls as the annual cost rises
    assert xs[i - 1] <= be.value <= xs[i]
    at = evaluate(telecom.values | {"tech_annual_cost": xs[5]}).appraisal.roi
    assert roi[5] == pytest.approx(at)


def test_risk_app_prepares_the_pdf_and_a_workbook_with_the_monte_carlo():
    app = RiskApp()
    app.report_prepare.click()
    files = links(app.report_links.value)
    assert set(files) == {"supportroi-risk.xlsx", "supportroi-risk-report.pdf"}
    assert "Monte Carlo" not in openpyxl.load_workbook(
        io.BytesIO(files["supportroi-risk.xlsx"])).sheetnames   # no run yet
    app.run()
    app.report_client.value = "Acme"
    assert app.report_links.value == ""   # a change drops the old links
    app.report_author.value = "Jo"
    app.report_prepare.click()
    files = links(app.report_links.value)
    wb = openpyxl.load_workbook(io.BytesIO(files["supportroi-risk.xlsx"]))
    ws = wb["Monte Carlo"]
    shown = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert shown["P(ROI > 0)"] == pytest.approx(app.mc_result.p_roi_positive)
    assert shown["NPV P90"] == pytest.approx(app.mc_result.npv_p90)
    assert any(c.data_type == "f" for row in wb["Cash flows"].iter_rows() for c in row)
    _, text = text_of(files["supportroi-risk-report.pdf"])
    assert "Acme" in text and "Jo" in text and "P(ROI > 0)" in text
    app.report_client.value = "x" * 201
    app.report_prepare.click()
    assert "at most 200 characters" in app.take_away.notice.value
    assert app.report_links.value == ""


def test_risk_dropdowns_show_the_scenario_currency():
    app = RiskApp()
    app.apply_query("scenario=ecommerce_training")   # a € scenario
    for options in (app.be_name.options, app.t_names.options, app.mc_add.options):
        labels = [label for label, _ in options]
        assert not any("$" in x or "currency" in x or "fraction" in x for x in labels)
    assert "Agent salary (€/year)" in [label for label, _ in app.be_name.options]
    tips = " ".join(row.label.value for row in app.rows.values())
    assert "fraction" not in tips and "currency" not in tips


def test_images_never_start_empty():
    risk, cmp = RiskApp(), CompareApp()
    assert BLANK_PNG.startswith(b"\x89PNG")
    for image in (risk.mc_chart, risk.t_chart, cmp.chart):
        assert image.value   # a blank PNG until drawn, never no bytes


def test_payback_in_one_unit():
    assert describe_payback(2.0, 3) == "2.0 years"
    assert describe_payback(2.0, 3, unit="months") == "24.0 months"
    assert describe_payback(1.5, 3, unit="years") == "1.5 years"
    assert payback_unit(1.9, 2.1) == "months" and payback_unit(1.0, 3.5, None) == "years"
    c = compare({"a": Scenario({"tech_one_time_cost": 3e6}), "b": Scenario({})})
    paybacks = list(c.results_text.loc["payback_years"])
    units = {p.split()[-1] for p in paybacks if p[0].isdigit()}
    assert len(units) == 1, paybacks


def test_same_titles_are_told_apart_and_uploads_show_their_name():
    c = compare({"a": Scenario(title="Pilot"), "b": Scenario({"agent_fte": 40}, title="Pilot")})
    assert list(c.titles.values()) == ["Pilot", "Pilot (2)"]
    app = CompareApp()
    for name, content in (("one.yaml", b"title: Pilot\n"), ("two.yaml", b"title: Pilot\n"),
                          ("plain.yaml", b"agent_fte: 40\n")):
        app.upload.set_state({"value": [{"name": name, "type": "", "size": len(content),
                                         "content": content, "last_modified": 0}]})
    labels = [box.description for box in app.checks.values()]
    assert "Pilot (uploaded)" in labels and "Pilot (two.yaml, uploaded)" in labels
    assert "plain.yaml (uploaded)" in labels
    assert len(set(labels)) == len(labels)


def test_compare_scales_roi_and_small_multiples():
    shipped = sorted(shipped_scenarios().items())[:5]  # a comparison takes at most five
    ss = {k: load_scenario(v) for k, v in shipped}
    c = compare(ss)
    for name in c.names:   # the ROI curve ends at the ROI
        assert roi_to_date(c.evaluations[name])[-1] == pytest.approx(
            c.evaluations[name].appraisal.roi)
    ax = Figure().add_subplot()
    comparison_chart(ax, c, scale="roi")
    ends = sorted(line.get_ydata()[-1] for line in ax.get_lines() if len(line.get_ydata()) > 2)
    assert ends == pytest.approx(sorted(100 * c.results.loc["roi"]))
    axes = Figure().subplots(2, 3)
    comparison_panels(axes, c)
    lims = [ax.get_ylim() for ax in axes.ravel()[:len(c.names)]]
    assert len(set(lims)) == len(c.names)   # each on its own scale
    assert not axes.ravel()[-1].get_visible()
    app = CompareApp(list(c.names)[:2])
    for scale in ("roi", "each", "money"):
        app.scale.value = scale
        assert app.error.value == "" and bytes(app.chart.value).startswith(b"\x89PNG")
    app.scale.value = "each"
    app.report_client.value = "Acme"
    app.download_button.click()
    pages, text = text_of(links(app.downloads.value)["supportroi-comparison.pdf"])
    assert "Acme" in text and "Client" in text and pages >= 3


def test_zero_lines_have_no_legend_entry():
    # The PDF's chart (the dashboard's SVG: tests/test_svg_chart.py).
    ev = evaluate(Scenario({}))
    ax = lines_chart(Figure().add_subplot(), ev)
    entries = [t.get_text() for t in ax.get_legend().get_texts()]
    table = ev.table
    from supportroi.apps.charts import LINE_GROUPS, group_label
    for key, kind, keys, _ in LINE_GROUPS:
        nonzero = table.loc[[(kind, k) for k in keys]].to_numpy().any()
        assert (group_label(key) in entries) == bool(nonzero), key
