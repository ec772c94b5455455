"""The staffing app in-process, and in headless Chromium through Voilà."""

import base64
import datetime as dt
import html
import io
import re

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from supportroi import defaults, load_scenario, shipped_scenarios
from supportroi.formatting import percent
from supportroi.queueing import erlang_a, interval_staffing, service_level
from supportroi.apps.staffing import HANG_UP_RULE, STAFFING_INPUTS, StaffingApp

from .conftest import ARTIFACTS, voila_server


def staffing(values):
    loaded = values["agent_salary"] * (1 + values["benefits_load"]) + values["overhead_per_agent"]
    return interval_staffing(values["annual_contacts"] * values["share_phone"],
                             values["aht_phone_min"] * 60, values["target_service_level"],
                             values["target_answer_time_s"], values["shrinkage"],
                             max_occupancy=values["occupancy"],
                             paid_hours_per_fte=values["paid_hours_per_fte"],
                             loaded_cost_per_fte=loaded)


def card(app, key):
    return re.search(rf'sr-{key}"><div class="sr-label">[^<]*</div><div class="sr-value">'
                     r'([^<]*)<', app.cards.value).group(1)


def test_cards_show_the_queueing_model():
    app = StaffingApp()
    st = staffing(defaults())
    peak = st.traffic.argmax()
    assert card(app, "needed") == str(int(st.agents[peak]))
    assert card(app, "fte") == f"{st.scheduled_fte:,.1f}"
    assert app.agents.value == st.agents[peak]


def test_fewer_agents_lower_the_service_level_and_unstable_is_said():
    app = StaffingApp()
    v = defaults()
    st = staffing(v)
    peak = st.traffic.argmax()
    app.agents.value = int(st.agents[peak]) - 3
    want = service_level(st.traffic[peak], app.agents.value, v["aht_phone_min"] * 60,
                         v["target_answer_time_s"])
    assert card(app, "sl") == percent(float(want))
    app.agents.value = 1
    assert "unstable" in card(app, "sl") and "unbounded" in card(app, "wait")
    assert "nan" not in app.cards.value.lower() and "inf" not in card(app, "wait")


def test_calls_abandoned_beside_the_service_level():
    """Erlang A with the chosen agents, callers' patience and the answer-time target;
    stable however few agents there are, and the hang-up rule is said."""
    app = StaffingApp()
    assert "caller_patience_s" in STAFFING_INPUTS and "caller_patience_s" in app.controls.widgets
    v = defaults()
    st = staffing(v)
    peak = st.traffic.argmax()
    labels = re.findall(r'class="sr-card sr-([\w-]+)"', app.cards.value)
    assert labels.index("abandon") == labels.index("sl") + 1

    def expected(agents, patience, target):
        return erlang_a(st.traffic[peak], agents, v["aht_phone_min"] * 60, patience, target)

    a = expected(app.agents.value, v["caller_patience_s"], v["target_answer_time_s"])
    assert card(app, "abandon") == percent(float(a.p_abandon))
    assert card(app, "sl-a") == percent(float(a.service_level))
    assert HANG_UP_RULE in app.note.value and "not answered" in HANG_UP_RULE
    app.agents.value = app.agents.value - 4
    fewer = expected(app.agents.value, v["caller_patience_s"], v["target_answer_time_s"])
    assert card(app, "abandon") == percent(float(fewer.p_abandon))
    assert fewer.p_abandon > a.p_abandon
    app.controls.widgets["caller_patience_s"].value = 60.0   # less patient callers
    agents = app.agents.value                                # the slider follows the workload
    impatient = expected(agents, 60.0, v["target_answer_time_s"])
    assert card(app, "abandon") == percent(float(impatient.p_abandon))
    assert "patience 60 s" in app.note.value
    app.agents.value = 1                                     # Erlang C unstable, Erlang A not
    assert "unstable" in card(app, "sl")
    one = expected(1, 60.0, v["target_answer_time_s"])
    assert card(app, "abandon") == percent(float(one.p_abandon)) != percent(0.0)
    assert "nan" not in app.cards.value.lower() and app.error.value == ""


def test_client_cannot_push_agents_past_bounds():
    app = StaffingApp()
    before = app.agents.value
    app.agents.set_state({"max": 10**9, "value": 10**9})
    assert app.agents.max < 1000 and app.agents.value <= app.agents.max
    assert app.agents.value in (before, int(app.agents.value))


def test_a_tampered_agents_value_is_refused_with_a_notice():
    app = StaffingApp()
    before, cards = app.agents.value, app.cards.value
    app.agents.set_state({"value": 10**6})
    notice = app.controls.notice.value
    assert app.agents.value == before and app._agents == before
    assert "Agents on the phones" in notice and "1,000,000" in notice
    assert f"Kept {before}" in notice and "sr-warning" in notice
    assert app.cards.value == cards and app.error.value == ""
    app.agents.set_state({"value": 0})
    assert app.agents.value == before and "Kept" in app.controls.notice.value
    app.agents.value = before - 1  # an in-range value is accepted and clears the notice
    assert app.controls.notice.value == "" and app.cards.value != cards


def test_tampered_agents_bounds_are_restored():
    app = StaffingApp()
    before, top = app.agents.value, app.agents.max
    for state in ({"min": 10**8, "max": 10**9}, {"min": 0}, {"step": 5}):
        app.agents.set_state(state)
        assert (app.agents.min, app.agents.max, app.agents.step) == (1, top, 1), state
        assert app.agents.value == before, state
    assert app.error.value == ""


def test_scenario_and_inputs_drive_the_workload():
    app = StaffingApp()
    app.controls.picker.value = "telecom_contact_centre"
    st = staffing(load_scenario(shipped_scenarios()["telecom_contact_centre"]).values)
    assert card(app, "fte") == f"{st.scheduled_fte:,.1f}"
    app.controls.widgets["shrinkage"].value = 0.95  # out of bounds: refused with a notice
    assert "out of bounds" in app.controls.notice.value


@pytest.fixture(scope="module")
def staffing_url():
    with voila_server("notebooks/staffing_service_level.ipynb") as base:
        yield base


NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _profile_csv(shares) -> bytes:
    lines = ["weekday,interval_start,share"]
    for i, x in enumerate(shares):
        lines.append(f"{i // 48},{i % 48 // 2:02d}:{30 * (i % 2):02d},{x:.10f}")
    return ("\n".join(lines) + "\n").encode()


def test_an_uploaded_arrival_profile_replaces_the_shipped_one():
    # calls only on weekday mornings 08:00-12:00, evenly
    busy = np.zeros(336)
    for d in range(5):
        busy[d * 48 + 16:d * 48 + 24] = 1.0
    shares = busy / busy.sum()
    app = StaffingApp()
    app.profile_upload.value = ({"name": "mine.csv", "type": "text/csv", "size": 1,
                                 "last_modified": NOW, "content": memoryview(_profile_csv(shares))},)
    assert app.profile_upload.value == ()
    assert "Your profile “mine.csv” is used (40 of 336 half-hours with calls)" in \
        app.profile_status.value
    v = app.controls.values
    phone = v["annual_contacts"] * v["share_phone"]
    expected = interval_staffing(phone, v["aht_phone_min"] * 60, v["target_service_level"],
                                 v["target_answer_time_s"], v["shrinkage"], profile=shares,
                                 max_occupancy=v["occupancy"],
                                 paid_hours_per_fte=v["paid_hours_per_fte"])
    np.testing.assert_array_equal(app.staffing.agents, expected.agents)
    assert app.staffing.agents[:16].sum() == 0 and app.staffing.agents[16] > 0
    assert "is yours (mine.csv)" in app.note.value
    assert card(app, "peak").startswith("Mon 08:00")
    app.profile_reset.click()
    np.testing.assert_array_equal(app.staffing.agents, staffing(defaults()).agents)
    assert "shipped synthetic" in app.profile_status.value


@pytest.mark.parametrize("text,says", [
    (b"weekday,interval_start,share\n0,00:00,1\n", "expected 336 rows"),
    (None, "row 7: share must be a number (got 'lots')"),
    (b"day,start,share\n", "missing column(s) weekday, interval_start"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text"),
])
def test_a_bad_arrival_profile_is_refused_in_plain_words(text, says):
    if text is None:
        lines = _profile_csv(np.full(336, 1 / 336)).decode().splitlines()
        lines[6] = "0,02:30,lots"
        text = ("\n".join(lines) + "\n").encode()
    app = StaffingApp()
    before = app.staffing.agents.copy()
    app.load_profile(text, "bad.csv")
    assert "bad.csv cannot be used" in app.profile_status.value and says in html.unescape(
        app.profile_status.value)
    assert "The shipped profile is still used" in app.profile_status.value
    assert app.profile is None and app.error.value == ""
    np.testing.assert_array_equal(app.staffing.agents, before)


def test_what_sets_the_agents_and_the_half_hour_table_download():
    app = StaffingApp()
    v = app.controls.values
    st = app.staffing
    assert app.table_link.value == ""   # built when asked for, not on every update
    app.table_button.click()
    uri = re.search(r'href="data:text/csv;base64,([^"]+)"', app.table_link.value).group(1)
    table = pd.read_csv(io.BytesIO(base64.b64decode(uri)))
    assert len(table) == 336 and list(table["agents_needed"]) == list(st.agents)
    aht, sl, t = v["aht_phone_min"] * 60, v["target_service_level"], v["target_answer_time_s"]
    for i in range(336):  # independently: the fewest agents the target alone needs
        a = st.traffic[i]
        n = int(np.floor(a)) + 1
        while service_level(a, n, aht, t) < sl:
            n += 1
        by_target = n if a > 0 else 0
        assert table["set_by"][i] == ("no calls" if a == 0 else "occupancy cap"
                                      if st.agents[i] > by_target else "service level"), i
    counts = table["set_by"].value_counts()
    assert counts["occupancy cap"] > 0 and counts["service level"] > 0
    assert (f"by the service-level target in {counts['service level']} half-hours and by the "
            f"occupancy cap") in app.note.value
    peak = int(st.traffic.argmax())
    assert card(app, "set-by") == {"occupancy cap": "the occupancy cap",
                                   "service level": "the service-level target"}[
        table["set_by"][peak]]


@pytest.mark.browser
def test_staffing_app_in_the_browser(staffing_url, new_page):
    page = new_page()
    page.goto(staffing_url)
    st = staffing(defaults())
    peak = st.traffic.argmax()
    needed = int(st.agents[peak])
    expect(page.locator(".sr-needed .sr-value")).to_have_text(str(needed), timeout=60_000)
    page.locator(".sr-agents .noUi-handle").focus()
    page.keyboard.press("ArrowLeft")
    v = defaults()
    want = service_level(st.traffic[peak], needed - 1, v["aht_phone_min"] * 60,
                         v["target_answer_time_s"])
    expect(page.locator(".sr-sl .sr-value")).to_have_text(percent(float(want)))
    abandoned = erlang_a(st.traffic[peak], needed - 1, v["aht_phone_min"] * 60,
                         v["caller_patience_s"], v["target_answer_time_s"]).p_abandon
    expect(page.locator(".sr-abandon .sr-value")).to_have_text(percent(float(abandoned)))
    expect(page.locator(".sr-abandon-note")).to_contain_text(HANG_UP_RULE)
    body = page.inner_text("body")
    assert "Traceback" not in body and "NaN" not in body
    page.screenshot(path=str(ARTIFACTS / "staffing.png"))
