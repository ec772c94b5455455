"""The dashboard's details: the share link's title and intangibles, the two resets, notices
that clear, step buttons on wide sliders, and the guided step for a baseline scenario."""

import html
import re
import types

import numpy as np
import pytest

from supportroi.apps.controls import ScenarioControls, is_wide, step_value
from supportroi.apps.dashboard import Dashboard
from supportroi.apps.query import MAX_TITLE, parse_meta
from supportroi.assumptions import CATALOG, GROUPS, defaults
from supportroi.baseline import compute_kpis, not_measured, read_export, to_scenario
from supportroi.formatting import money
from supportroi.initiatives import (INITIATIVES, SWITCHES, case_values, doing_nothing,
                                    initiative_inputs, switched_off)
from supportroi.model import evaluate
from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE
from supportroi.scenarios import Scenario, ScenarioError, dump_scenario, parse_scenario


def text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


@pytest.fixture(scope="module")
def baseline():
    """The sample export's baseline scenario, as the dashboard's upload reads it back."""
    kpis = compute_kpis(read_export(SAMPLE, timezone=SAMPLE_TIMEZONE))
    return parse_scenario(dump_scenario(to_scenario(kpis)), "<upload>"), kpis


# -- initiatives -------------------------------------------------------------------------
def test_every_initiative_input_is_in_the_catalog():
    group_keys = {key for key, _ in GROUPS}
    for initiative in INITIATIVES.values():
        assert initiative.switches, initiative.key
        for name in initiative.inputs:
            assert name in CATALOG, (initiative.key, name)
            assert CATALOG[name].group in group_keys
    # every training-group input belongs to the training initiative
    assert {n for n, a in CATALOG.items() if a.group == "training"} <= set(
        INITIATIVES["training"].switches)


def test_doing_nothing_has_no_cost_and_no_benefit():
    ev = evaluate(types.SimpleNamespace(overrides=doing_nothing(defaults()), currency="USD",
                                        intangibles=()))
    assert np.abs(ev.table.to_numpy()).sum() == 0
    assert ev.appraisal.npv == 0 and ev.appraisal.roi is None


def test_a_case_keeps_its_own_switches_and_zeroes_the_others():
    v = case_values(defaults(), ["chatbot"])
    assert v["deflection_rate"] == CATALOG["deflection_rate"].default
    assert v["tech_one_time_cost"] == CATALOG["tech_one_time_cost"].default
    assert v["training_hours_per_agent"] == 0 and v["aht_reduction"] == 0
    assert v["churn_reduction"] == 0 and v["agents_added"] == 0
    # shared inputs stay on while one initiative using them is picked
    assert "fcr_improvement" not in switched_off(["crm"])
    assert "fcr_improvement" in switched_off(["chatbot"])
    assert set(switched_off([])) == set(SWITCHES)
    assert "deflection_rate" in initiative_inputs(["chatbot"])
    assert "agent_salary" not in initiative_inputs(list(INITIATIVES))  # the baseline's
    with pytest.raises(ValueError, match="unknown initiative"):
        case_values(defaults(), ["blockchain"])


# -- scenario files ------------------------------------------------------------------------
def test_a_baseline_scenario_says_what_its_data_could_not_give(baseline):
    scenario, kpis = baseline
    assert scenario.not_measured == tuple(not_measured(kpis))
    assert {"agent_fte", "agent_salary"} <= set(scenario.not_measured)
    with pytest.raises(ScenarioError, match="not an assumption"):
        parse_scenario("not_measured: [agent_ftee]\n")
    with pytest.raises(ScenarioError, match="list of assumption names"):
        parse_scenario("not_measured: agent_fte\n")


# -- share link ------------------------------------------------------------------------------
def test_the_link_keeps_title_and_intangibles_and_reopens_them():
    app = Dashboard()
    app.controls.load(Scenario({"discount_rate": 0.08}, title="Pilot: Москва & 上海 #1",
                               intangibles=("Agent morale", "Brand, reputation")), "")
    query = app.share_query()
    assert "title=" in query and query.count("intangible=") == 2
    again = Dashboard()
    assert again.apply_query(query) == []
    meta = again.controls.meta
    assert meta["title"] == "Pilot: Москва & 上海 #1"
    assert meta["intangibles"] == ("Agent morale", "Brand, reputation")
    assert again.controls.values["discount_rate"] == 0.08
    assert "Pilot: Москва &amp; 上海 #1" in again.header.value
    assert "Brand, reputation" in again.intangibles.value
    assert again.share_query() == query


def test_a_shipped_scenario_link_names_only_a_changed_title():
    app = Dashboard("ecommerce_training")
    assert "title=" not in app.share_query() and "intangible" not in app.share_query()
    app.apply_query("title=Our+version&intangible=")
    assert "title=Our+version" in app.share_query()
    assert app.controls.meta["intangibles"] == ()
    assert "intangible=" in app.share_query()  # none, where the scenario has some


def test_over_long_titles_are_refused_with_a_notice_not_cut():
    meta, notices = parse_meta("title=" + "x" * (MAX_TITLE + 1))
    assert meta == {} and len(notices) == 1 and str(MAX_TITLE) in notices[0]
    app = Dashboard()
    app.apply_query("title=" + "y" * (MAX_TITLE + 1))
    assert app.controls.meta["title"] == "Catalog defaults"
    assert str(MAX_TITLE) in app.controls.notice.value
    meta, _ = parse_meta("title=%E2%80%AEevil%0A")
    assert meta == {"title": "evil"}  # control and direction characters are dropped


# -- resets ------------------------------------------------------------------------------------
def test_reset_to_scenario_and_reset_to_defaults():
    app = Dashboard()
    c = app.controls
    assert c.reset_scenario.disabled  # nothing to go back to
    c.picker.value = "ecommerce_training"
    file_values = dict(c.values)
    assert not c.reset_scenario.disabled
    c.assumptions.entries["discount_rate"].box.value = "20%"
    assert c.values["discount_rate"] == 0.2 != file_values["discount_rate"]
    c.reset_scenario.click()
    assert c.values == file_values and c.picker.value == "ecommerce_training"
    c.reset.click()
    assert c.values == defaults() and c.reset_scenario.disabled
    assert c.reset.description == "Reset to catalog defaults"
    assert c.reset_scenario.description == "Reset to scenario"


def test_reset_to_scenario_goes_back_to_an_uploaded_file():
    c = ScenarioControls(lang="ru")
    c.load(Scenario({"agent_fte": 40}, title="Наш пилот"), "")
    c.assumptions.set_values({"agent_fte": 55})
    assert "«Наш пилот»" in c.reset_scenario.tooltip
    c.reset_scenario.click()
    assert c.values["agent_fte"] == 40
    assert c.reset_scenario.description == "Вернуть значения сценария"
    assert c.reset.description == "Сбросить к значениям каталога"


# -- notices -------------------------------------------------------------------------------------
def test_a_refusal_clears_once_a_valid_value_is_typed():
    app = Dashboard()
    c = app.controls.assumptions
    box = c.entries["shrinkage"].box
    box.value = "abc"
    assert "Not applied" in c.notice.value and box.value == "30%"
    box.value = "25%"  # valid again
    assert c.notice.value == "" and app.controls.values["shrinkage"] == 0.25


def test_a_refusal_clears_when_the_kept_value_is_typed_again():
    app = Dashboard()
    c = app.controls.assumptions
    entry = c.entries["shrinkage"]
    entry.box.value = "95%"
    assert "Not applied" in c.notice.value and entry.box.value == "30%"
    # Typing the shown "30%" again changes nothing the browser sends but the Enter key.
    entry._message(entry.box, {"event": "submit"}, [])
    assert c.notice.value == ""
    # ... and Enter in another box leaves a refusal about this one alone.
    entry.box.value = "95%"
    c.entries["discount_rate"]._message(c.entries["discount_rate"].box, {"event": "submit"}, [])
    assert "Shrinkage" in c.notice.value


# -- step buttons ---------------------------------------------------------------------------------
def test_wide_sliders_are_decided_by_one_rule():
    wide = {n for n, a in CATALOG.items() if is_wide(a)}
    assert {"training_hours_per_agent", "churn_reduction", "caller_patience_s"} <= wide
    assert not {"discount_rate", "share_phone", "horizon_years", "shrinkage"} & wide
    for name in wide:  # the rule, computed independently
        a = CATALOG[name]
        assert (a.max - a.min) / max(abs(a.default - a.min), a.step) >= 10
        assert (a.max - a.min) / a.step >= 50


def test_step_buttons_move_one_step_and_refuse_past_a_bound():
    app = Dashboard()
    c = app.controls.assumptions
    assert "discount_rate" not in c.steps and "agent_fte" not in c.steps  # a box, not slider
    down, up = c.steps["training_hours_per_agent"]
    up.click()
    assert app.controls.values["training_hours_per_agent"] == 17
    assert c.entries["training_hours_per_agent"].box.value == "17"
    down.click(), down.click()
    assert app.controls.values["training_hours_per_agent"] == 15
    assert "+1" in up.tooltip
    c.set_values({"training_hours_per_agent": 400})
    assert up.disabled and not down.disabled
    up.click()  # a click sent anyway: refused, never clamped
    assert app.controls.values["training_hours_per_agent"] == 400
    assert "Not applied" in c.notice.value
    assert step_value(CATALOG["churn_reduction"], 0.0055, -1) == 0.005
    assert step_value(CATALOG["churn_reduction"], 0.0055, 1) == 0.006


# -- the guided step for a baseline -------------------------------------------------------------
def test_the_step_is_hidden_for_scenarios_not_from_a_baseline():
    app = Dashboard("telecom_contact_centre")
    assert app.workshop.widget.layout.display == "none" and not app.workshop.active


def test_a_baseline_asks_for_what_its_data_lacked(baseline):
    scenario, _ = baseline
    app = Dashboard()
    app.controls.load(scenario, "")
    ws = app.workshop
    assert ws.widget.layout.display != "none"
    assert ws.still_needed() == [n for n in CATALOG if n in scenario.not_measured]
    assert "still needed" in ws._marks["agent_fte"].value
    assert "8 inputs are still needed" in text(ws.result.value)
    app.controls.assumptions.entries["agent_fte"].box.value = "40"
    assert "still needed" not in ws._marks["agent_fte"].value
    assert "entered" in ws._marks["agent_fte"].value
    assert "7 inputs are still needed" in text(ws.result.value)


def test_picking_an_initiative_shows_its_inputs_and_the_case_against_doing_nothing(baseline):
    scenario, _ = baseline
    app = Dashboard()
    app.controls.load(scenario, "")
    ws = app.workshop
    rows = app.controls.assumptions.rows
    ws.checks["chatbot"].value = True
    values = app.controls.values
    assert values["training_hours_per_agent"] == 0 and values["churn_reduction"] == 0
    assert values["deflection_rate"] == CATALOG["deflection_rate"].default
    assert rows["deflection_rate"] in ws.inputs.children
    assert rows["training_hours_per_agent"] not in ws.inputs.children
    assert "Training hours per agent" in text(ws.switched.value)
    # NPV of the chatbot against doing nothing, computed here from the yearly table.
    ev = app.evaluation
    rate = values["discount_rate"]
    net = ev.table.loc[("total", "benefits")].to_numpy() - ev.table.loc[
        ("total", "costs")].to_numpy()
    npv = sum(x / (1 + rate) ** t for t, x in enumerate(net))
    assert npv == pytest.approx(ev.appraisal.npv)
    shown = text(ws.result.value)
    assert money(npv, "USD") in shown and "$0" in shown  # doing nothing: no cash flows
    assert app.cards.value and money(npv, "USD") in app.cards.value
    # Unpicking puts back what was set to zero.
    ws.checks["chatbot"].value = False
    assert app.controls.values["training_hours_per_agent"] == scenario.values[
        "training_hours_per_agent"]


def test_the_step_speaks_the_page_language(baseline):
    scenario, _ = baseline
    app = Dashboard(lang="ru")
    app.controls.load(scenario, "")
    ws = app.workshop
    ws.checks["training"].value = True
    assert ws.widget.titles == ("От данных клиента к проекту",)
    assert ws.checks["training"].description == "Обучение операторов"
    assert "ещё нужно" in ws._marks["agent_fte"].value
    assert "Проект в сравнении с бездействием" in ws.result.value
    app.set_language("zh")
    assert ws.checks["training"].description == "坐席培训"
    assert "仍需填写" in ws._marks["agent_fte"].value
    assert app.controls.values["deflection_rate"] == 0  # the choice stays
