"""The dashboard built and poked in-process, without a browser."""

import base64
import datetime as dt
import io
import re

import openpyxl
import pytest

from supportroi import evaluate, load_scenario, shipped_scenarios
from supportroi.apps.dashboard import Dashboard, parse_query
from supportroi.apps.controls import AssumptionControls
from supportroi.formatting import percent

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def app():
    return Dashboard()


def shown_roi(app):
    return re.search(r'sr-roi.*?sr-value[^>]*>([^<]*)<', app.cards.value).group(1)


def test_cards_show_the_model(app):
    assert shown_roi(app) == percent(evaluate({}).appraisal.roi)
    assert "NaN" not in app.cards.value and "nan" not in app.cards.value


def test_a_slider_change_updates_results(app):
    app.controls.widgets["discount_rate"].value = 0.15
    assert shown_roi(app) == percent(evaluate({"discount_rate": 0.15}).appraisal.roi)
    assert "discount_rate=0.15" in app.link.value


def test_client_cannot_push_values_past_the_catalog_bounds(app):
    # Voilà 0.5: any client can set a widget's value *and* its max over the websocket.
    slider = app.controls.widgets["discount_rate"]
    before = shown_roi(app)
    slider.set_state({"max": 1e9, "value": 1e9})
    assert slider.max == 0.5 and slider.value == 0.10
    assert app.controls.values["discount_rate"] == 0.10
    assert shown_roi(app) == before
    assert "Discount rate" in app.controls.notice.value
    assert "out of bounds" in app.controls.notice.value


def test_a_tampered_value_is_refused_not_clamped(app):
    slider = app.controls.widgets["shrinkage"]
    slider.set_state({"value": 0.95})  # max stays 0.8: ipywidgets alone would clamp to it
    assert slider.value == 0.30 and app.controls.values["shrinkage"] == 0.30
    assert "Shrinkage: 0.95 is out of bounds" in app.controls.notice.value


def test_text_inputs_are_checked_too(app):
    box = app.controls.widgets["annual_contacts"]
    box.value = -5
    assert box.value == 1_000_000 and "out of bounds" in app.controls.notice.value
    app.controls.widgets["agent_salary"].value = 40_000.0
    assert app.controls.notice.value == ""
    assert shown_roi(app) == percent(evaluate({"agent_salary": 40_000.0}).appraisal.roi)


def test_channel_shares_keep_adding_up():
    controls = AssumptionControls()
    w = controls.widgets
    w["share_phone"].value = 0.55
    assert controls.values["share_self_service"] == pytest.approx(0.05)
    assert w["share_self_service"].value == pytest.approx(0.05)
    w["share_chat"].value = 0.5  # phone + chat + email = 125 %
    assert controls.values["share_chat"] == 0.2
    assert "over 100 %" in controls.notice.value


def test_cross_field_rules_are_refused_with_a_notice():
    controls = AssumptionControls()
    controls.widgets["churn_reduction"].value = 0.3
    assert controls.values["churn_reduction"] == 0.005
    assert "exceeds annual churn" in controls.notice.value


def test_parse_query():
    scenario, currency, values, notices = parse_query(
        "scenario=telecom_contact_centre&currency=€&discount_rate=0.08&horizon_years=2.5"
        "&fcr=abc&bogus=1&voila-theme=dark&scenario=nope")
    assert scenario == "telecom_contact_centre" and currency == "EUR"  # the old symbol, read
    assert values == {"discount_rate": 0.08}
    assert any("horizon_years='2.5' is not a whole number" in n for n in notices)
    assert any("fcr='abc'" in n for n in notices)
    assert any("unknown parameter 'bogus'" in n for n in notices)
    assert any("scenario is given more than once" in n for n in notices)


def test_query_applies_and_the_share_link_reopens_it(app):
    notices = app.apply_query("scenario=ecommerce_training&discount_rate=0.12&shrinkage=0.95")
    assert any("Shrinkage" in n for n in notices)
    expected = load_scenario(shipped_scenarios()["ecommerce_training"]).values
    assert shown_roi(app) == percent(
        evaluate(expected | {"discount_rate": 0.12}).appraisal.roi)
    query = app.share_query()
    assert query == "scenario=ecommerce_training&discount_rate=0.12"
    again = Dashboard()
    again.apply_query(query)
    assert again.controls.values == app.controls.values
    assert shown_roi(again) == shown_roi(app)


def test_uploading_a_bad_scenario_lists_the_problems_and_keeps_the_values(app):
    before = app.controls.values
    app.upload.value = ({"name": "client.yaml", "type": "", "size": 10, "last_modified": NOW,
                         "content": memoryview(b"discont_rate: 0.1\nshrinkage: 3\n")},)
    assert app.controls.values == before
    assert "did you mean" in app.controls.notice.value
    assert "client.yaml:2" in app.controls.notice.value


def test_uploading_a_good_scenario_applies_it(app):
    text = b"title: Client pilot\ncurrency: RUB\nagent_fte: 80\nintangibles: [Morale]\n"
    app.upload.value = ({"name": "pilot.yaml", "type": "", "size": len(text),
                         "last_modified": NOW, "content": memoryview(text)},)
    assert app.controls.values["agent_fte"] == 80
    assert "Client pilot" in app.header.value and "Morale" in app.intangibles.value
    assert app.currency.value == "RUB" and "₽" in app.cards.value


def test_scenario_picker_and_reset(app):
    app.picker.value = "chatbot_self_service"
    s = load_scenario(shipped_scenarios()["chatbot_self_service"])
    assert shown_roi(app) == percent(evaluate(s).appraisal.roi)
    assert "£" in app.cards.value
    app.reset.click()
    assert app.picker.value == "" and shown_roi(app) == percent(evaluate({}).appraisal.roi)


def _data_uri(html):
    return base64.b64decode(re.search(r'base64,([^"]+)"', html).group(1))


def test_downloads(app):
    yaml_text = _data_uri(app.yaml_link.value).decode()
    assert "title: Catalog defaults" in yaml_text
    app.excel_button.click()
    wb = openpyxl.load_workbook(io.BytesIO(_data_uri(app.excel_link.value)))
    # ROI: a live formula (B), and the model's figure at export (D).
    assert wb["Summary"]["B6"].value == "=return_on_investment"
    assert wb["Summary"]["D6"].value == pytest.approx(evaluate({}).appraisal.roi)


def test_pdf_report_of_the_shown_scenario(app):
    from pypdf import PdfReader
    app.picker.value = "telecom_contact_centre"
    app.excel_button.click()
    links = re.findall(r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"',
                       app.excel_link.value)
    assert [(name, mime) for name, mime, _ in links] == [
        ("supportroi-results.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("supportroi-report.pdf", "application/pdf")]
    pdf = PdfReader(io.BytesIO(base64.b64decode(links[1][2])))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    ev = evaluate(load_scenario(shipped_scenarios()["telecom_contact_centre"]))
    assert percent(ev.appraisal.roi) in text
    assert load_scenario(shipped_scenarios()["telecom_contact_centre"]).title in text
    app.controls.assumptions.set_values({"discount_rate": 0.12})
    assert app.excel_link.value == ""


def test_headline_bar_for_phones_follows_the_figures(app):
    app.controls.assumptions.set_values({"discount_rate": 0.12})
    roi = percent(evaluate({"discount_rate": 0.12}).appraisal.roi)
    assert f"ROI <b>{roi}</b>" in app.sticky.value
    assert "NPV" in app.sticky.value and "Payback" in app.sticky.value


def test_errors_in_callbacks_show_a_short_message(app, monkeypatch):
    import supportroi.apps.dashboard as module

    def boom(*_):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(module, "evaluate", boom)
    app.controls.widgets["discount_rate"].value = 0.2
    assert "Something went wrong" in app.error.value
    # The details go to the server log only, never the exception text to the page.
    assert "model exploded" not in app.error.value and "RuntimeError" not in app.error.value
    assert "Traceback" not in app.error.value


def test_tampered_bounds_far_above_are_restored_together(app):
    slider = app.controls.widgets["share_phone"]
    slider.set_state({"max": 1e12, "min": 1e11})
    assert (slider.min, slider.max) == (0.0, 1.0) and slider.value == 0.5


def test_the_derived_self_service_share_cannot_be_set(app):
    app.controls.widgets["share_self_service"].set_state({"value": 0.5})
    assert app.controls.values["share_self_service"] == pytest.approx(0.1)
    assert "cannot be set" in app.controls.notice.value


def test_a_link_with_a_channel_share_reopens_it(app):
    app.controls.widgets["share_phone"].value = 0.55
    query = app.share_query()
    assert "share_phone=0.55" in query
    again = Dashboard()
    assert again.apply_query(query) == []
    assert again.controls.values == app.controls.values
    assert shown_roi(again) == shown_roi(app)


def test_a_link_after_an_upload_spells_the_scenario_out(app):
    text = b"title: Upload\nagent_fte: 80\nbenefit_risk: 0.15\n"
    app.upload.value = ({"name": "u.yaml", "type": "", "size": len(text),
                         "last_modified": NOW, "content": memoryview(text)},)
    app.controls.widgets["discount_rate"].value = 0.12
    query = app.share_query()
    assert "scenario=" not in query
    again = Dashboard()
    again.apply_query(query)
    assert again.controls.values == app.controls.values


def test_markup_in_the_currency_is_refused():
    app = Dashboard()
    notices = app.apply_query("currency=%3C!--")
    assert app.currency.value == "USD" and any("currency" in n for n in notices)
    with pytest.raises(Exception, match="currency"):
        from supportroi.scenarios import parse_scenario
        parse_scenario(b'currency: "<b>"\n')


def test_strict_query_values():
    _, _, values, notices = parse_query("discount_rate=0.08&discount_rate=0.2&agent_fte=1_000"
                                        "&horizon_years=%D9%A3&shrinkage=1e-400")
    assert values == {"discount_rate": 0.08}
    assert len(notices) == 4


def test_a_slider_snapping_a_loaded_value_to_its_step_changes_nothing(app):
    # A client export gives FCR 0.662 and self-service 0.0874; the browser slider shows
    # them at its 0.01 steps and sends 0.66 and 0.09 back without anyone touching it.
    text = (b"fcr: 0.662\nshare_phone: 0.4012\nshare_chat: 0.2514\nshare_email: 0.26\n"
            b"share_self_service: 0.0874\n")
    app.upload.value = ({"name": "baseline.yaml", "type": "", "size": len(text),
                         "last_modified": NOW, "content": memoryview(text)},)
    before = shown_roi(app)
    app.controls.widgets["fcr"].set_state({"value": 0.66})
    app.controls.widgets["share_self_service"].set_state({"value": 0.09})
    assert app.controls.values["fcr"] == 0.662
    assert app.controls.values["share_self_service"] == 0.0874
    assert app.controls.notice.value == "" and shown_roi(app) == before
    app.controls.widgets["fcr"].set_state({"value": 0.67})  # a real one-step move
    assert app.controls.values["fcr"] == 0.67


def test_a_number_typed_near_a_loaded_value_is_applied(app):
    # Found by tests/test_fuzz.py: a box shows a loaded 27,512.5 as it is, so 27,500
    # typed into it is a change, not a slider's snap to its 500 step.
    assert app.controls.assumptions.set_values({"agent_salary": 27_512.5}) == []
    app.controls.widgets["agent_salary"].set_state({"value": 27_500.0})
    assert app.controls.values["agent_salary"] == 27_500.0
    assert shown_roi(app) == percent(evaluate({"agent_salary": 27_500.0}).appraisal.roi)


def test_erlang_details_show_abandonment_before_and_after(app):
    app.controls.widgets["staffing_method"].value = "erlang"
    app.controls.widgets["abandonment_churn"].value = 0.2
    ev = app.evaluation
    q = ev.quantities
    assert q["abandon_before"] > q["abandon_after"] > 0
    line = re.search(r"<div class='sr-muted sr-erlang'>(.*?)</div>", app.header.value).group(1)
    assert (f"Calls abandoned (Erlang A, callers' mean patience "
            f"{ev.values['caller_patience_s']:,.0f} s): {100 * q['abandon_before']:.1f} % today "
            f"→ {100 * q['abandon_after']:.1f} % after") in line
    assert f"cuts churn by {100 * q['abandon_churn_reduction']:.2f} points" in line
    app.controls.widgets["staffing_method"].value = "linear"
    assert "sr-erlang" not in app.header.value


def test_explanations_show_each_benefits_combined_factor_once_explained(app):
    from supportroi.model import FACTOR_MEANINGS

    app.controls.widgets["confidence"].value = 0.8
    app.explain.selected_index = 0
    text = app.explain_html.value
    assert text.count("attribution: the share of the measured effect") == 1  # said once
    assert "sr-factor-meanings" in text
    for e in app.evaluation.explain():
        block = re.search(re.escape(e.label.replace("'", "&#x27;")) +
                          r"</b> <span class='sr-muted sr-factor'>\(([^)]*)\)</span><pre>"
                          r"(.*?)</pre>", text, re.S)
        assert block, e.key
        if e.kind == "benefit":
            assert f"combined factor {100 * e.factor:.1f} %" in block.group(1)
            assert f"\n= combined factor {e.factor:.1%}" in block.group(2)
            assert FACTOR_MEANINGS not in block.group(2)
        else:
            assert "combined factor" not in block.group(1)
    labour = {e.key: e for e in app.evaluation.explain()}["labour_aht"]
    assert labour.factor == pytest.approx(0.9 * 1.0 * 0.8)  # (1 − 10 %) × 100 % × 80 %
