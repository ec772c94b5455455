"""Hostile values over the widget channel of the served ROI dashboard (issue 16).

A websocket client can send any widget any state. Each test drives the running
app on 127.0.0.1 as such a client (tests/kernel_client.py) and checks that the
value is refused with a notice, that the widget then shows the value the
figures use (also to other clients: ipywidgets echoes what it is sent), and
that no exception text, NaN or inf reaches the client.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from supportroi import evaluate
from supportroi.formatting import percent

from .conftest import ERROR_TEXT, voila_server
from .kernel_client import KernelClient, fetch, run_in_loop_thread

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def base():
    with voila_server("notebooks/roi_dashboard.ipynb") as url:
        yield url


def run(coro, timeout: float = 180.0):
    """Run a test coroutine, bounded in time, on the module's loop (the shared page's)."""
    return run_in_loop_thread(coro, timeout)


@pytest.fixture(scope="module")
def page(base):
    """One page whose widgets the tests tamper with: every refusal leaves it as it was."""
    async def open_page():
        client = await KernelClient.open(base)
        await client.load_widgets()
        return client
    client = run(open_page())
    yield client
    run(client.close())


def roi_shown(client: KernelClient) -> str:
    cards = next(s["value"] for s in client.states.values()
                 if "sr-roi" in str(s.get("value", "")))
    return re.search(r'sr-roi.*?sr-value[^>]*>([^<]*)<', cards).group(1)


def notice(client: KernelClient) -> str:
    return client.value_of("sr-notice")


def page_text(client: KernelClient) -> str:
    """Every HTML/label text the client holds (what the page would show)."""
    return "\n".join(str(s.get("value", "")) + str(s.get("description", ""))
                     for s in client.states.values() if isinstance(s.get("value", ""), str))


async def session(client, steps):
    """Run ``steps(client)`` from a clean slate of messages."""
    client.messages.clear()
    return await steps(client)


@pytest.mark.parametrize("raw, why", [
    ("NaN", "not a number"), ("Infinity", "too large"), ("-Infinity", "too large"),
    ("1e309", "too large"), ('"0.2"', "text"), ("true", "true/false"), ("null", "no number"),
    ("0.95", "out of bounds"),
])
def test_a_bad_slider_value_is_refused_and_the_slider_shows_the_kept_one(page, raw, why):
    expected = percent(evaluate({}).appraisal.roi)

    async def steps(client):
        slider = client.find("sr-discount_rate")
        await client.update(slider, raw_state=f'{{"value": {raw}}}')
        await asyncio.sleep(0.3)
        return client.states[slider]["value"], notice(client), roi_shown(client), \
            page_text(client), [m for m in client.messages if m["header"]["msg_type"]
                                == "comm_msg" and m["content"]["data"].get("method")
                                == "echo_update"]

    value, text, roi, page, echoes = run(session(page, steps))
    assert value == 0.10, f"the slider shows {value!r}, the figures use 0.10"
    assert "Discount rate" in text and why in text and "Kept 10" in text
    assert roi == expected
    assert not ERROR_TEXT.search(page), ERROR_TEXT.search(page).group(0)
    assert not echoes, "the refused value was echoed to the clients"


@pytest.mark.parametrize("raw, why", [("4.5", "not a whole number"), ("true", "true/false"),
                                      ('"4"', "text")])
def test_whole_number_inputs_refuse_fractions_booleans_and_text(page, raw, why):
    async def steps(client):
        slider = client.find("sr-horizon_years")
        await client.update(slider, raw_state=f'{{"value": {raw}}}')
        return client.states[slider]["value"], notice(client)

    value, text = run(session(page, steps))
    assert value == 3 and why in text and "Horizon" in text


@pytest.mark.parametrize("state", [
    {"min": 0.45},                     # min above the value: ipywidgets clamps the value
    {"min": 0.4, "max": 0.1},          # min above max
    {"max": 0.6, "value": 0.55},       # a wider range and a value beyond the catalog's
    {"step": 0.3},
])
def test_bounds_sent_by_a_client_are_refused_and_figures_match_the_slider(page, state):
    expected = percent(evaluate({}).appraisal.roi)

    async def steps(client):
        slider = client.find("sr-discount_rate")
        await client.update(slider, state)
        await asyncio.sleep(0.3)
        s = client.states[slider]
        return (s["value"], s["min"], s["max"], s["step"]), roi_shown(client), notice(client)

    shown, roi, text = run(session(page, steps))
    assert shown == (0.10, 0.0, 0.5, 0.005)
    assert roi == expected, "the figures do not use the value the slider shows"
    assert "Discount rate" in text


@pytest.mark.parametrize("state", [{"index": None}, {"index": 99}, {"index": True},
                                   {"_options_labels": ["<b>x</b>", "y"]}],
                         ids=["none", "past-the-end", "bool", "options"])
def test_a_dropdown_takes_only_one_of_its_options(page, state):
    async def steps(client):
        currency = client.find("sr-currency")
        await client.update(currency, state)
        await asyncio.sleep(0.3)
        s = client.states[currency]
        return s["index"], s["_options_labels"][0], client.value_of("sr-error"), notice(client)

    index, first, error, text = run(session(page, steps))
    assert index == 0 and first == "$ USD"
    assert error == "", f"error shown: {error}"
    assert "Currency" in text and "Kept USD" in text


def test_minus_zero_is_zero_and_1e309_is_too_large_in_the_url(base):
    async def scenario():
        client = await KernelClient.open(base, "?benefit_risk=-0&discount_rate=1e309")
        await client.load_widgets()
        slider = client.find("sr-benefit_risk")
        await client.update(slider, raw_state='{"value": -0.0}')
        value = client.states[slider]["value"]
        text = notice(client)
        await client.close()
        return value, text

    value, text = run(scenario())
    assert value == 0 and str(value) != "-0.0"
    assert "discount_rate" in text and "too large" in text and "inf" not in text


def yaml_upload(content: bytes, name: str = "bomb.yaml"):
    state = {"value": [{"name": name, "type": "application/x-yaml", "size": len(content),
                        "last_modified": 0, "content": None}]}
    return state, [content], [["value", 0, "content"]]


@pytest.mark.parametrize("content, why", [
    (b"discount_rate: " + b"[" * 5000 + b"]" * 5000, "nested more than"),
    (b"title: big\n" + b"# padding\n" * 150_000, "bytes"),
], ids=["deep", "large"])
def test_a_deep_or_large_scenario_file_is_refused_quickly(page, content, why):
    async def steps(client):
        state, buffers, paths = yaml_upload(content)
        start = time.monotonic()
        await client.update(client.find("sr-upload"), state, buffers=buffers,
                            buffer_paths=paths, timeout=60)
        return time.monotonic() - start, notice(client), client.value_of("sr-error")

    took, text, error = run(session(page, steps))
    assert why in text and error == ""
    assert took < 5, f"took {took:.1f} s"


def test_a_good_scenario_file_still_loads(base):
    async def scenario():
        client = await KernelClient.open(base)  # its own page: this one changes values
        await client.load_widgets()
        state, buffers, paths = yaml_upload(b"title: Pilot\ndiscount_rate: 0.08\n", "p.yaml")
        await client.update(client.find("sr-upload"), state, buffers=buffers,
                            buffer_paths=paths)
        result = client.value_of("sr-discount_rate"), notice(client)
        await client.close()
        return result

    value, text = run(scenario())
    assert value == 0.08 and text == ""


def test_the_page_refuses_uploads_over_the_websocket_limit(base):
    # The page script checks each message against the server's websocket limit before it
    # is sent (a larger one drops the connection and the page says nothing).
    from supportroi.apps.base import MESSAGE_LIMIT_BYTES
    response = run(fetch(base))
    html = response.body.decode()
    assert f"srMessageLimit = {MESSAGE_LIMIT_BYTES}" in html
    config = open("voila_config/voila.py").read()
    assert "MESSAGE_LIMIT_BYTES" in config
