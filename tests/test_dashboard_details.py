"""The dashboard's details: the share link's title and intangibles, the two resets, notices
that clear, step buttons on wide sliders, and the guided step for a baseline scenario."""

import datetime
import html
import re
import types

import numpy as np
import pytest

from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE
from supportroi.apps.controls import ScenarioControls, is_wide, step_value
from supportroi.apps.dashboard import Dashboard
from supportroi.apps.query import MAX_TITLE, parse_meta, parse_query
from supportroi.assumptions import CATALOG, GROUPS, defaults
from supportroi.baseline import compute_kpis, not_measured, read_export, to_scenario
from supportroi.formatting import headline, money
from supportroi.initiatives import (
    INITIATIVES,
    SWITCHES,
    case_values,
    doing_nothing,
    initiative_inputs,
    switched_off,
)
from supportroi.model import evaluate
from supportroi.scenarios import (
    Scenario,
    ScenarioError,
    dump_scenario,
    parse_scenario,
    shipped_scenarios,
)


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


# -- asking for what the data could not give ------------------------------------------------
def _baseline_app(baseline, lang="en"):
    scenario, _ = baseline
    app = Dashboard(lang=lang)
    app.controls.load(scenario, "")
    return app


def test_confirming_an_input_makes_it_given_and_changing_one_too(baseline):
    app = _baseline_app(baseline)
    ws = app.workshop
    box = ws._confirms["agent_fte"]
    assert box.description == "The value shown is right for us" and not box.value
    ws.confirm("agent_fte")
    assert "agent_fte" not in ws.still_needed()
    assert app.controls.meta["confirmed"] == ("agent_fte",)
    assert "confirmed" in text(ws._marks["agent_fte"].value)
    assert "7 inputs are still needed" in text(ws.result.value)
    app.controls.assumptions.entries["agent_salary"].box.value = "52000"
    assert "agent_salary" not in ws.still_needed()
    assert "entered" in text(ws._marks["agent_salary"].value)
    assert ws._confirms["agent_salary"].layout.display == "none"  # entered: nothing to confirm
    assert app.controls.given() == ("agent_fte", "agent_salary")
    ws.confirm("agent_fte", False)  # taken back: asked for again
    assert ws.still_needed()[0] == "agent_fte"
    assert "still needed" in ws._marks["agent_fte"].value
    with pytest.raises(ValueError, match="not an input"):
        ws.confirm("discount_rate")


def _provisional(app) -> bool:
    return "sr-provisional" in app.cards.value or "Provisional" in app.cards.value


def test_the_headline_is_provisional_until_every_input_is_given(baseline):
    scenario, _ = baseline
    app = _baseline_app(baseline)
    ws = app.workshop
    ws.checks["chatbot"].value = True
    cards = text(app.cards.value)
    assert "Provisional" in cards and "sr-provisional" in app.cards.value
    for name in scenario.not_measured:
        assert CATALOG[name].text("en")[0] in cards
    assert "provisional" in text(app.sticky.value)
    assert "sr-provisional" in ws.result.value and "provisional" in text(ws.result.value)
    # The figures themselves are the model's for the values shown, marked, not changed.
    roi = headline(evaluate(types.SimpleNamespace(overrides=app.controls.values,
                                                  currency="USD", intangibles=())).appraisal,
                   "USD")["ROI"]
    assert roi in cards
    needed = ws.still_needed()
    app.controls.assumptions.entries["agent_fte"].box.value = "40"
    for name in needed[1:]:
        ws.confirm(name)
        assert _provisional(app) == (name != needed[-1])
    assert ws.still_needed() == []
    assert "Provisional" not in text(app.cards.value) and "sr-provisional" not in app.cards.value
    assert "provisional" not in text(app.sticky.value)
    assert "sr-provisional" not in ws.result.value and "still needed" not in text(ws.result.value)
    assert ws.provisional() == ""


@pytest.mark.parametrize("name", ["", *shipped_scenarios()])
def test_scenarios_not_from_a_baseline_are_never_provisional(name):
    app = Dashboard(name or None)
    assert not app.workshop.active and app.workshop.provisional() == ""
    assert not _provisional(app) and "provisional" not in text(app.sticky.value)
    assert "not_measured" not in app.share_query() and "confirmed" not in app.share_query()


def test_a_link_carries_not_measured_and_the_confirmations(baseline):
    app = _baseline_app(baseline)
    ws = app.workshop
    ws.confirm("shrinkage")
    app.controls.assumptions.entries["agent_fte"].box.value = "40"
    query = app.share_query()
    assert "not_measured=agent_fte%2Cagent_salary" in query
    assert "confirmed=agent_fte%2Cshrinkage" in query
    again = Dashboard()
    assert again.apply_query(query) == []
    assert again.workshop.active and again.workshop.widget.layout.display != "none"
    assert again.workshop.still_needed() == ws.still_needed()
    assert again.controls.values == app.controls.values
    assert {n: text(m.value) for n, m in again.workshop._marks.items()} == {
        n: text(m.value).replace("entered", "confirmed") if n == "agent_fte" else text(m.value)
        for n, m in ws._marks.items()}
    assert again.cards.value == app.cards.value
    assert again.share_query() == query
    # a link made before anything was given asks for all of it again
    fresh = Dashboard()
    fresh.apply_query(_baseline_app(baseline).share_query())
    assert fresh.workshop.still_needed() == list(baseline[0].not_measured)


@pytest.mark.parametrize("query, words", [
    ("not_measured=agent_fte,agent_ftee", "'agent_ftee', which is not an input"),
    ("not_measured=agent_fte,agent_fte", "names an input more than once"),
    ("not_measured=agent_fte&confirmed=shrinkage",
     "confirmed names shrinkage, which not_measured does not list"),
    ("confirmed=%3Cscript%3E", "'<script>', which is not an input"),
])
def test_a_tampered_link_is_refused_in_words(query, words):
    app = Dashboard()
    notices = app.apply_query(query)
    assert any(words in n for n in notices), notices
    assert words in html.unescape(app.controls.notice.value)
    assert "<script>" not in app.controls.notice.value
    assert app.error.value == ""
    assert app.controls.meta.get("confirmed", ()) == ()
    assert app.workshop.active == ("agent_fte" in app.controls.meta.get("not_measured", ()))
    ru = Dashboard(lang="ru")
    assert any(n.startswith("Параметр ссылки") and ("называет" in n) for n in
               ru.apply_query(query))


def test_save_and_load_keep_not_measured_and_the_confirmations(baseline):
    scenario, _ = baseline
    app = _baseline_app(baseline)
    app.workshop.confirm("occupancy")
    app.controls.assumptions.entries["agent_salary"].box.value = "52000"
    saved = dump_scenario(app.controls.scenario())
    assert "confirmed:\n- agent_salary\n- occupancy\n" in saved
    back = parse_scenario(saved, "<upload>")
    assert back.not_measured == scenario.not_measured  # about the data: kept whole
    assert back.confirmed == ("agent_salary", "occupancy")
    reopened = Dashboard()
    reopened.controls.load(back, "")
    assert reopened.workshop.still_needed() == app.workshop.still_needed()
    assert reopened.controls.values["agent_salary"] == 52000
    assert dump_scenario(reopened.controls.scenario()) == saved


def refused_line(text_: str, key: str, line: int, words: str):
    """The one problem of scenario file ``client.yaml`` holding ``text_``: at ``key``,
    ``line``, its English naming the file and saying ``words``."""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text_, "client.yaml")
    (problem,) = err.value.problems
    assert problem.key == key and problem.line == line
    assert words in problem.describe("en") and "client.yaml" in problem.describe("en")
    return problem


@pytest.mark.parametrize("text_, line, words", [
    ("confirmed: [agent_fte]\n", 1, "not listed in not_measured"),
    ("not_measured: [agent_fte]\nagent_fte: 40\nconfirmed: [shrinkage]\n", 3,
     "shrinkage is not listed in not_measured"),
    ("not_measured: [agent_fte]\nconfirmed: [agent_ftee]\n", 2, "not an assumption"),
    ("not_measured: [agent_fte]\nconfirmed: agent_fte\n", 2, "list of assumption names"),
])
def test_a_bad_confirmed_line_is_refused_with_file_line_and_key(text_, line, words):
    problem = refused_line(text_, "confirmed", line, words)
    assert problem.file == "client.yaml"
    assert problem.describe("ru") != problem.describe("en")
    with pytest.raises(ScenarioError, match="not listed in not_measured"):
        Scenario(confirmed=("agent_fte",))


def test_reset_to_scenario_goes_back_to_the_files_confirmations(baseline):
    scenario, _ = baseline
    app = _baseline_app(baseline)
    app.workshop.confirm("agent_fte")
    app.controls.reset_scenario.click()  # the file had none: cleared
    assert app.controls.meta["confirmed"] == ()
    assert app.workshop.still_needed() == list(scenario.not_measured)
    assert not app.workshop._confirms["agent_fte"].value
    kept = Scenario.from_values(scenario.values, title=scenario.title,
                                not_measured=scenario.not_measured, confirmed=("shrinkage",))
    app.controls.load(kept, "")
    app.workshop.confirm("agent_fte")
    app.controls.reset_scenario.click()  # back to the file's own confirmation
    assert app.controls.meta["confirmed"] == ("shrinkage",)
    assert app.workshop._confirms["shrinkage"].value


def test_confirmations_survive_a_language_switch_and_speak_it(baseline):
    app = _baseline_app(baseline)
    app.workshop.confirm("agent_fte")
    app.set_language("ru")
    ws = app.workshop
    assert app.controls.meta["confirmed"] == ("agent_fte",)
    assert ws._confirms["agent_fte"].value and "agent_fte" not in ws.still_needed()
    assert ws._confirms["agent_fte"].description == "Показанное значение нам подходит"
    assert "подтверждено" in ws._marks["agent_fte"].value
    assert "Предварительно" in app.cards.value and "предварительно" in app.sticky.value
    app.set_language("zh")
    assert ws._confirms["agent_fte"].description == "所示数值适合我们"
    assert "已确认" in ws._marks["agent_fte"].value
    cards = text(app.cards.value)
    assert "暂定结果" in cards and "、" in cards  # the labels listed the Chinese way
    assert ws._confirms["agent_fte"].value


# -- the picked initiatives travel with the link and the file --------------------------------
def _shown(app) -> dict:
    """What the step shows: the picks, the inputs, the marks, the switched-off note, the case
    table, and the headline cards."""
    ws = app.workshop
    rows = {id(r): n for n, r in app.controls.assumptions.rows.items()}
    return {"picked": [k for k, box in ws.checks.items() if box.value],
            "inputs": [rows[id(r)] for r in ws.inputs.children],
            "heading": ws.inputs_heading.value, "switched": ws.switched.value,
            "marks": {n: m.value for n, m in ws._marks.items()},
            "case": ws.result.value, "cards": app.cards.value}


def _case_app(baseline):
    """A baseline case with a chatbot and a CRM, its deflection entered, one input the data
    lacked confirmed, and a training input someone set by hand in the panel although
    training is left out. (An input the data lacked that was entered reopens "confirmed":
    the link holds its value as the case's.)"""
    app = _baseline_app(baseline)
    ws = app.workshop
    ws.checks["chatbot"].value = True
    ws.checks["crm"].value = True
    entries = app.controls.assumptions.entries
    entries["deflection_rate"].box.value = "12%"
    entries["training_hours_per_agent"].box.value = "10"
    ws.confirm("shrinkage")
    return app


def test_a_link_carries_the_picked_initiatives(baseline):
    app = _case_app(baseline)
    query = app.share_query()
    assert "initiatives=chatbot%2Ccrm" in query
    again = Dashboard()
    assert again.apply_query(query) == []
    assert again.workshop.picked == ["chatbot", "crm"]
    assert again.controls.meta["initiatives"] == ("chatbot", "crm")
    assert _shown(again) == _shown(app)
    assert "deflection_rate" in _shown(again)["inputs"]
    assert "With Chatbot / self-service + CRM / helpdesk" in text(again.workshop.result.value)
    # The values are the link's: picking on open set nothing to zero (the hand-set
    # training hours stay), and the ROI is the model's for exactly those values.
    _, _, link_values, _ = parse_query(query)
    assert link_values["training_hours_per_agent"] == 10
    expected = defaults() | link_values
    expected["share_self_service"] = round(1 - sum(expected[f"share_{c}"] for c in (
        "phone", "chat", "email")), 12)  # the rest, as the link leaves it out
    assert again.controls.values == pytest.approx(expected)
    assert again.controls.values == app.controls.values
    roi = headline(evaluate(types.SimpleNamespace(overrides=expected,
                                                  currency="USD", intangibles=())).appraisal,
                   "USD")["ROI"]
    assert roi in text(again.cards.value)
    assert again.share_query() == query
    # nothing picked: no parameter
    fresh = _baseline_app(baseline)
    assert "initiatives" not in fresh.share_query()
    reopened = Dashboard()
    reopened.apply_query(fresh.share_query())
    assert reopened.workshop.picked == [] and "Pick one or more initiatives" in text(
        reopened.workshop.switched.value)


def test_a_link_in_another_order_is_read_in_the_initiatives_order(baseline):
    query = _case_app(baseline).share_query().replace("chatbot%2Ccrm", "crm,chatbot")
    again = Dashboard()
    assert again.apply_query(query) == []
    assert again.workshop.picked == ["chatbot", "crm"]
    assert "initiatives=chatbot%2Ccrm" in again.share_query()


def test_unpicking_after_reopening_shows_what_unpicking_on_the_page_shows(baseline):
    app = _baseline_app(baseline)
    app.workshop.checks["training"].value = True
    query = app.share_query()
    again = Dashboard()
    again.apply_query(query)
    for key in ("chatbot", "training"):  # adding one, then leaving one out
        app.workshop.checks[key].value = not app.workshop.checks[key].value
        again.workshop.checks[key].value = not again.workshop.checks[key].value
        assert again.controls.values == app.controls.values, key
        assert _shown(again) == _shown(app), key
    # What comes back is the catalog default the baseline had (it sets no initiative input).
    assert again.controls.values["training_hours_per_agent"] == 0  # training left out
    again.workshop.checks["chatbot"].value = False
    assert again.controls.values["training_hours_per_agent"] == CATALOG[
        "training_hours_per_agent"].default == baseline[0].values["training_hours_per_agent"]
    assert again.controls.values["churn_reduction"] == CATALOG["churn_reduction"].default
    assert "initiatives" not in again.share_query()


@pytest.mark.parametrize("query, words", [
    ("not_measured=agent_fte&initiatives=chatbot,chatbott",
     "'chatbott', which is not an initiative (did you mean 'chatbot'?)"),
    ("not_measured=agent_fte&initiatives=crm,crm", "an initiative more than once"),
    ("initiatives=chatbot", "only for a case made from a client export"),
    ("not_measured=&initiatives=chatbot", "only for a case made from a client export"),
    ("not_measured=agent_fte&initiatives=%3Cscript%3E", "'<script>', which is not an initiative"),
])
def test_a_tampered_initiatives_link_is_refused_in_words(query, words):
    app = Dashboard()
    notices = app.apply_query(query)
    assert any(words in n for n in notices), notices
    assert words in html.unescape(app.controls.notice.value)
    assert "<script>" not in app.controls.notice.value
    assert app.error.value == ""
    assert app.workshop.picked == [] and not any(b.value for b in app.workshop.checks.values())
    assert app.controls.meta.get("initiatives", ()) == ()
    assert "initiatives" not in app.share_query()
    ru = Dashboard(lang="ru")
    said = [n for n in ru.apply_query(query) if n.startswith("Параметр ссылки")]
    assert said and all("initiatives" in n and ("инициатив" in n) for n in said), said
    zh = Dashboard(lang="zh")
    assert any("举措" in n for n in zh.apply_query(query))


def test_a_second_initiatives_parameter_is_ignored_with_a_notice(baseline):
    app = Dashboard()
    notices = app.apply_query("not_measured=agent_fte&initiatives=crm&initiatives=chatbot")
    assert any("initiatives is given more than once" in n for n in notices)
    assert app.workshop.picked == ["crm"]


def test_save_and_load_keep_the_picked_initiatives(baseline):
    app = _case_app(baseline)
    saved = dump_scenario(app.controls.scenario())
    assert "initiatives:\n- chatbot\n- crm\n" in saved
    back = parse_scenario(saved, "<upload>")
    assert back.initiatives == ("chatbot", "crm")
    reopened = Dashboard()
    reopened.controls.load(back, "")
    assert _shown(reopened) == _shown(app)
    assert reopened.controls.values == app.controls.values
    assert dump_scenario(reopened.controls.scenario()) == saved
    assert reopened.share_query() == app.share_query()
    # unpicking both: what leaving them out set to zero gets its catalog default back
    reopened.workshop.checks["crm"].value = False
    reopened.workshop.checks["chatbot"].value = False
    assert reopened.controls.values["churn_reduction"] == CATALOG["churn_reduction"].default
    assert "initiatives" not in dump_scenario(reopened.controls.scenario())


@pytest.mark.parametrize("text_, line, words", [
    ("not_measured: [agent_fte]\ninitiatives: chatbot\n", 2, "must be a list of initiatives"),
    ("not_measured: [agent_fte]\ninitiatives: [chatbot, crmm]\n", 2,
     "'crmm' is not an initiative (did you mean 'crm'?)"),
    ("not_measured: [agent_fte]\ninitiatives: [crm, crm]\n", 2, "crm is listed more than once"),
    ("initiatives: [crm]\n", 1, "only with not_measured"),
    ("agent_fte: 40\nnot_measured: []\ninitiatives: [crm]\n", 3, "only with not_measured"),
])
def test_a_bad_initiatives_line_is_refused_with_file_line_and_key(text_, line, words):
    problem = refused_line(text_, "initiatives", line, words)
    assert "инициатив" in problem.describe("ru") and "举措" in problem.describe("zh")
    with pytest.raises(ScenarioError, match="only with not_measured"):
        Scenario(initiatives=("crm",))
    assert Scenario(not_measured=("agent_fte",), initiatives=["crm", "chatbot"]
                    ).initiatives == ("chatbot", "crm")


def test_a_bad_initiatives_line_in_an_upload_is_refused_in_the_page_language():
    app = Dashboard(lang="ru")
    content = b"not_measured: [agent_fte]\ninitiatives: [chatbott]\n"
    app.upload.value = ({"name": "client.yaml", "type": "", "size": len(content),
                         "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                         "content": memoryview(content)},)
    notice = html.unescape(app.controls.notice.value)
    assert "client.yaml" in notice and "initiatives" in notice and "«chatbot»" in notice
    assert app.workshop.picked == [] and app.error.value == ""


def test_reset_to_scenario_goes_back_to_the_files_and_the_links_picks(baseline):
    app = _case_app(baseline)
    back = parse_scenario(dump_scenario(app.controls.scenario()), "<upload>")
    app.controls.load(back, "")
    ws = app.workshop
    ws.checks["crm"].value = False
    ws.checks["training"].value = True
    app.controls.reset_scenario.click()
    assert ws.picked == ["chatbot", "crm"] and app.controls.values == back.values
    # a link: Reset to scenario goes back to the case it opened
    query = app.share_query()
    again = Dashboard()
    assert again.controls.reset_scenario.disabled
    again.apply_query(query)
    opened = dict(again.controls.values)
    assert not again.controls.reset_scenario.disabled
    again.workshop.checks["chatbot"].value = False
    again.controls.assumptions.entries["agent_salary"].box.value = "52000"
    again.controls.reset_scenario.click()
    assert again.workshop.picked == ["chatbot", "crm"] and again.controls.values == opened
    assert _shown(again) == _shown(app)
    assert again.share_query() == query
    bare = Dashboard()  # a baseline link with no title or values: still one to go back to
    bare.apply_query("not_measured=agent_fte&initiatives=crm")
    for _ in range(2):
        bare.workshop.checks["crm"].value = False
        bare.controls.reset_scenario.click()
        assert bare.workshop.picked == ["crm"] and not bare.controls.reset_scenario.disabled


def test_picks_survive_a_language_switch(baseline):
    app = _case_app(baseline)
    app.set_language("zh")
    assert app.workshop.picked == ["chatbot", "crm"]
    assert "initiatives=chatbot%2Ccrm" in app.share_query()
    again = Dashboard()
    again.apply_query(app.share_query())
    assert again.lang == "zh" and _shown(again) == _shown(app)
