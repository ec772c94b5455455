"""The model's and the catalog's warnings in Russian and Chinese: no English message text,
numbers in the language's format, English unchanged."""

import re
from pathlib import Path

import pytest

from supportroi import evaluate
from supportroi.apps.dashboard import Dashboard
from supportroi.assumptions import CATALOG, Problem
from supportroi.scenarios import load_scenario

SCENARIOS = sorted(Path(__file__).resolve().parents[1].glob("data/scenarios/*.yaml"))

#: Deliberately implausible inputs, each with the warning it must give.
IMPLAUSIBLE = {
    "no agents": ({"agent_fte": 0}, "agent_fte"),
    "too few agents": ({"agent_fte": 5}, "agent_fte"),
    "too many agents": ({"agent_fte": 5000}, "agent_fte"),
    "agents removed": ({"agents_added": -60}, "agents_added"),
    "unstable queue": ({"staffing_method": "erlang", "agent_fte": 5}, "agent_fte"),
    "service level": ({"staffing_method": "erlang", "churn_reduction": 0.02}, "agent_fte"),
    "churn capped": ({"churn_reduction": 0.15, "annual_churn": 0.15, "staffing_method": "erlang",
                      "wait_churn_per_minute": 0.05}, "wait_churn_per_minute"),
    "upsell": ({"upsell_rate": 0.5, "upsell_value": 5000}, "upsell_rate"),
    "referrals": ({"referral_uplift": 0.5}, "referral_uplift"),
    "benchmark": ({"agent_salary": 1000}, "agent_salary"),
}
#: Words that are the same in every language: units, codes and names.
KEPT = {"FTE", "AHT", "FCR", "USD", "GBP", "EUR", "CNY", "RUB", "ROI", "NPV", "IRR"}


def english_words(text: str, problem: Problem) -> set[str]:
    """Latin words of three letters or more, the assumption's source (a citation, kept in
    its own language) left out."""
    a = CATALOG.get(problem.key)
    if a is not None and a.source:
        text = text.replace(a.source, "")
    return set(re.findall(r"[A-Za-z]{3,}", text)) - KEPT


def all_warnings():
    for path in SCENARIOS:
        yield path.stem, evaluate(load_scenario(path)).warnings
    for name, (values, _) in IMPLAUSIBLE.items():
        yield name, evaluate(values).warnings


def test_each_implausible_input_gives_its_warning():
    for name, (values, key) in IMPLAUSIBLE.items():
        keys = [p.key for p in evaluate(values).warnings]
        assert key in keys, (name, keys)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_warnings_have_no_english_message_text(lang):
    seen = 0
    for name, warnings in all_warnings():
        for p in warnings:
            shown = p.text(lang)
            assert p.note is not None, (name, p.message)
            assert shown != p.message and english_words(shown, p) == set(), (name, shown)
            assert "nan" not in shown.lower() and "inf" not in shown.lower()
            seen += 1
    assert seen >= 25


def test_english_stays_as_it_was():
    ev = evaluate({"agents_added": -60})
    (p,) = [p for p in ev.warnings if p.key == "agents_added"]
    assert p.text() == p.message == (
        "after removing 60 agents the team of 40 is smaller than the "
        f"{ev.quantities['workload_fte_after']:,.1f} FTE the remaining workload needs: the "
        "payroll saving counts agents the remaining work still needs, so service will suffer "
        "or occupancy must rise")
    (p,) = evaluate({"upsell_rate": 0.5, "upsell_value": 5000}).warnings
    assert p.message.endswith("exceed all your customers' revenue ($60,000,000 a year)")


def test_numbers_inside_are_in_the_language_format():
    ev = evaluate({"agents_added": -60})
    (p,) = [p for p in ev.warnings if p.key == "agents_added"]
    needed = ev.quantities["workload_fte_after"]
    assert f"{needed:.1f}".replace(".", ",") + " FTE" in p.text("ru")
    (p,) = evaluate({"upsell_rate": 0.5, "upsell_value": 5000}).warnings
    assert "60\u00a0000\u00a0000\u00a0$" in p.text("ru")
    ev = evaluate({"staffing_method": "erlang", "churn_reduction": 0.02})
    (p,) = [p for p in ev.warnings if "phone" in p.message]
    level = round(100 * ev.quantities["sl_before"])
    assert f"{level}\u00a0%" in p.text("ru") and f"{level}%" in p.text("zh")


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_dashboard_shows_the_warnings_in_the_page_language(lang):
    app = Dashboard(lang=lang)
    app.controls.widgets["agent_fte"].value = 0
    html = app.warnings.value
    ev = app.evaluation
    (p,) = [p for p in ev.warnings if p.key == "agent_fte"]
    assert p.text(lang) in html.replace("&#x27;", "'")
    assert CATALOG["agent_fte"].text(lang)[0] in html
    assert p.message not in html and CATALOG["agent_fte"].label not in html
    app.set_language("en")
    assert p.message in app.warnings.value
