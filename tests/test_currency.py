"""Currencies: codes and old symbols, the dated rate table and its overrides, money
benchmarks compared like with like, money bounds, and the ₽ and ¥ example scenarios."""

import dataclasses
import pathlib

import pytest
import yaml

from supportroi import CATALOG, Scenario, evaluate, load_scenario, shipped_scenarios
from supportroi.assumptions import (
    _foreign_benchmark,
    benchmark_warnings,
    check_value,
    money_default_warnings,
)
from supportroi.currency import (
    CURRENCIES,
    MONEY_ORIGINS,
    RATES_FILE,
    convert,
    currency_code,
    rate_table,
)
from supportroi.model import ModelInputError
from supportroi.scenarios import ScenarioError, dump_scenario, parse_scenario

MONEY = [a.name for a in CATALOG.values() if a.unit.startswith("currency")]
# ECB annual averages 2024 (units per euro) and the rouble from the Bank of Russia's dollar
# rate (92.57) × 1.0824, as rates.yaml states them.
USD, GBP, CNY, RUB = 1.0824, 0.84662, 7.7875, 100.20


def test_rate_table_is_the_shipped_file():
    doc = yaml.safe_load(RATES_FILE.read_text(encoding="utf-8"))
    assert doc["year"] == 2024 and doc["base"] == "EUR"
    assert doc["rates"] == {"EUR": 1.0, "USD": USD, "GBP": GBP, "CNY": CNY, "RUB": RUB}
    assert set(doc["sources"]) == set(CURRENCIES) - {"EUR"}
    assert RUB == pytest.approx(92.57 * USD, abs=0.01)


@pytest.mark.parametrize("amount, source, target, expected", [
    (27_500, "USD", "GBP", 21_509.654),      # 27,500 × 0.84662 / 1.0824
    (1_000, "USD", "RUB", 92_572.062),       # 1,000 × 100.20 / 1.0824
    (7_787.5, "CNY", "EUR", 1_000.0),
    (100, "GBP", "CNY", 919.834),            # 100 × 7.7875 / 0.84662
    (5, "RUB", "RUB", 5.0),
])
def test_conversion_by_hand(amount, source, target, expected):
    assert convert(amount, source, target) == pytest.approx(expected, abs=1e-3)


def test_conversion_broadcasts_and_round_trips():
    out = convert([1.0, 10.0], "EUR", "USD")
    assert out.tolist() == pytest.approx([USD, 10 * USD])
    assert convert(convert(123.0, "GBP", "RUB"), "RUB", "GBP") == pytest.approx(123.0)


def test_overrides_replace_only_the_rates_given():
    table = rate_table({"RUB": 95.0})
    assert table.rate("EUR", "RUB") == 95.0 and table.rate("EUR", "USD") == USD
    assert convert(1_000, "USD", "RUB", {"RUB": 95.0}) == pytest.approx(1_000 * 95.0 / USD)
    assert table.uses_own("USD", "RUB") and not table.uses_own("USD", "GBP")


@pytest.mark.parametrize("rates, words", [
    ({"USD": -1.0}, "USD: the rate must be a positive finite number"),
    ({"USD": 0}, "positive finite number"),
    ({"USD": float("inf")}, "positive finite number"),
    ({"USD": "1.1"}, "USD: the rate must be a number"),
    ({"USD": True}, "must be a number"),
    ({"usd": 1.1}, "(write USD)"),
    ({"$": 1.1}, "(write USD)"),
    ({"CHF": 0.95}, "'CHF' is not one of USD, GBP, RUB, CNY"),
    ({"EUR": 1.0}, "EUR is the base of the rates"),
])
def test_bad_rate_overrides_are_refused_with_a_clear_message(rates, words):
    with pytest.raises(ValueError, match="exchange_rates") as err:
        rate_table(rates)
    assert words in str(err.value)
    with pytest.raises(ScenarioError) as err:
        Scenario(exchange_rates=rates)
    assert err.value.problems[0].key == "exchange_rates" and words in str(err.value)
    with pytest.raises(ModelInputError, match="exchange_rates"):
        evaluate(Scenario(currency="RUB"), exchange_rates=rates)


def test_bad_rates_in_a_file_name_the_line():
    text = "title: x\ncurrency: RUB\nexchange_rates: {USD: -2, XYZ: 1}\n"
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "client.yaml")
    (p,) = err.value.problems
    assert (p.key, p.line) == ("exchange_rates", 3)
    assert "USD: the rate must be a positive" in p.message and "'XYZ' is not one of" in p.message
    with pytest.raises(ScenarioError, match="must be a mapping of currency codes"):
        parse_scenario("exchange_rates: 1.1\n")


def test_codes_and_old_symbols():
    for code, sym in CURRENCIES.items():
        assert currency_code(code) == code and currency_code(sym) == code
    s = parse_scenario('currency: "₽"\nexchange_rates: {RUB: 98.5}\n')
    assert s.currency == "RUB" and s.exchange_rates == {"RUB": 98.5}
    again = parse_scenario(dump_scenario(s))
    assert again == s and "currency: RUB" in dump_scenario(s)
    with pytest.raises(ScenarioError, match="currency: must be text"):
        parse_scenario("currency: 5\n")
    for bad in ("CHF", "rub", "<b>"):
        with pytest.raises(ScenarioError, match="currency: must be one of USD, EUR, GBP, RUB"):
            parse_scenario(f"currency: {bad}\n")
    with pytest.raises(ScenarioError, match=r"\(write RUB\)"):
        parse_scenario("currency: rub\n")


def test_every_money_assumption_states_currency_year_and_market():
    assert sorted(MONEY_ORIGINS) == sorted(MONEY)
    for name, origin in MONEY_ORIGINS.items():
        assert origin.currency in CURRENCIES and 2000 <= origin.year <= 2025, name
        assert origin.market in ("global", "local") and origin.basis, name
    assert MONEY_ORIGINS["agent_salary"].market == "local"  # a wage
    assert MONEY_ORIGINS["tech_annual_cost"].market == "global"  # software


def test_a_pound_salary_is_not_flagged_against_a_dollar_benchmark():
    values = {"agent_salary": 27_000.0}
    (usd,) = benchmark_warnings(values)  # in dollars the old warning, word for word
    assert usd.message == ("27,000 is outside the benchmark range 27,500–45,000 (ContactBabel "
                           "2014 (US): new agent $27.5k, experienced $34.8k)")
    (gbp,) = benchmark_warnings(values, "GBP")
    assert gbp.message.startswith("no benchmark in GBP: the range $27.5k–$45k")
    assert "outside" not in gbp.message
    ev = evaluate(load_scenario(shipped_scenarios()["chatbot_self_service"]))
    assert ev.currency == "GBP"
    assert not any("outside the benchmark" in w.message for w in ev.warnings
                   if w.key == "agent_salary")


def test_a_rouble_salary_has_no_benchmark_in_roubles():
    (w,) = benchmark_warnings({"agent_salary": 780_000.0}, "RUB")
    assert w.key == "agent_salary" and w.message.startswith("no benchmark in RUB")
    (ru,) = benchmark_warnings({"agent_salary": 780_000.0}, "RUB", lang="ru")
    assert ru.message.startswith("ориентира в RUB нет") and "27\u00a0500\u00a0$" in ru.message
    (zh,) = benchmark_warnings({"agent_salary": 780_000.0}, "RUB", lang="zh")
    assert zh.message.startswith("没有以 RUB 计的基准")


def test_a_global_price_benchmark_is_converted_and_follows_the_rates():
    # No catalog benchmark is a global price today (both money benchmarks are labour
    # costs), so the path is checked with a software price given a benchmark.
    a = dataclasses.replace(CATALOG["tech_annual_cost"], benchmark=(50_000.0, 70_000.0))
    inside = 60_000 * GBP / USD
    assert _foreign_benchmark(a, inside, "GBP", rate_table(), "en") is None
    text = _foreign_benchmark(a, 80_000.0, "GBP", rate_table(), "en")
    lo, hi = 50_000 * GBP / USD, 70_000 * GBP / USD  # £39.1k–£54.8k
    assert text.startswith("£80k is outside the benchmark range $50k–$70k")
    assert f"≈ £{lo / 1e3:.3g}k–£{hi / 1e3:.3g}k at 2024 average exchange rates" in text
    own = _foreign_benchmark(a, 120_000.0, "GBP", rate_table({"GBP": 1.6}), "en")
    assert "≈ £73.9k–£103k at the exchange rates you set" in own  # 50k × 1.6 / 1.0824
    assert _foreign_benchmark(a, 90_000.0, "GBP", rate_table({"GBP": 1.6}), "en") is None


def test_money_defaults_left_in_dollars_are_named_and_follow_the_rates():
    ev = evaluate(Scenario(currency="RUB"))
    named = {w.key: w.message for w in ev.warnings}
    expected = [n for n in MONEY if CATALOG[n].default != 0]
    assert [k for k in named if k in MONEY] == expected
    assert named["agent_salary"].startswith("still the catalog's default $35k (USD, 2014 "
                                            "prices), now read as ₽35k")
    rub = 60_000 * RUB / USD  # the subscription default, converted: ₽5.55m
    assert f"≈ ₽{rub / 1e6:.3g}m at 2024 average exchange rates" in named["tech_annual_cost"]
    own = evaluate(Scenario(currency="RUB", exchange_rates={"RUB": 50.0}))
    text = {w.key: w.message for w in own.warnings}["tech_annual_cost"]
    assert f"≈ ₽{60_000 * 50 / USD / 1e6:.3g}m at the exchange rates you set" in text
    assert evaluate(Scenario(currency="RUB"), exchange_rates={"RUB": 50.0}).warnings == \
        own.warnings
    assert money_default_warnings({n: CATALOG[n].default for n in MONEY}, "USD") == []


def test_money_bounds_follow_the_currency():
    assert check_value("agent_salary", 780_000.0, "RUB") is None
    assert "between 0 and 500,000" in check_value("agent_salary", 780_000.0)
    assert "between 0 and 50,000,000" in check_value("agent_salary", 6e7, "RUB")
    assert "between 0 and 5,000,000" in check_value("agent_salary", 6e6, "CNY")
    assert check_value("agent_salary", 780_000.0, "GBP")  # a pound is worth more than a dollar
    with pytest.raises(ScenarioError, match="agent_salary: 780,000 is out of bounds"):
        parse_scenario("agent_salary: 780000.0\n")
    assert parse_scenario("currency: RUB\nagent_salary: 780000.0\n").values["agent_salary"] == \
        780_000.0


@pytest.mark.parametrize("name, code", [("russian_bank_contact_centre", "RUB"),
                                        ("chinese_ecommerce_service_centre", "CNY")])
def test_rouble_and_yuan_examples_name_their_sources(name, code):
    s = load_scenario(shipped_scenarios()[name])
    assert s.currency == code
    money_set = [k for k in s.overrides if k in MONEY and s.overrides[k] != 0]
    assert money_set and all(k in s.sources for k in money_set)  # every money figure
    assert all(k in s.overrides for k in s.sources)
    ev = evaluate(s)
    assert ev.appraisal.npv == ev.appraisal.npv  # a number, not NaN
    assert not any(w.message.startswith("still the catalog's default") for w in ev.warnings)
    assert [w.key for w in ev.warnings if "no benchmark in " + code in w.message] == [
        "agent_salary", "cost_to_replace_agent"]


def test_currency_picker_offers_codes_with_symbols():
    from supportroi.apps.controls import CURRENCIES as OPTIONS
    from supportroi.apps.dashboard import Dashboard
    from supportroi.apps.query import parse_query

    assert ("₽ RUB", "RUB") in OPTIONS and ("¥ CNY", "CNY") in OPTIONS and len(OPTIONS) == 5
    assert parse_query("currency=RUB")[1] == "RUB" and parse_query("currency=%C2%A5")[1] == "CNY"
    app = Dashboard()
    assert app.apply_query("currency=RUB") == [] and app.currency.value == "RUB"
    assert "₽" in app.cards.value and "RUB" not in app.cards.value
    app.controls.widgets["agent_salary"].value = 780_000.0  # a rouble salary is accepted
    assert app.controls.values["agent_salary"] == 780_000.0
    titles = [label for label, _ in app.picker.options]
    for name in ("russian_bank_contact_centre", "chinese_ecommerce_service_centre"):
        assert load_scenario(shipped_scenarios()[name]).title in titles
    assert "currency=RUB" in app.controls.share_query()


def test_saving_from_the_app_keeps_rates_and_sources():
    from supportroi.apps.dashboard import Dashboard

    app = Dashboard()
    app.picker.value = "russian_bank_contact_centre"
    s = load_scenario(shipped_scenarios()["russian_bank_contact_centre"])
    saved = app.controls.scenario()
    assert saved.currency == "RUB" and saved.sources == s.sources and saved.values == s.values


def test_workbook_bounds_are_the_currency_s():
    import io

    from openpyxl import load_workbook

    from supportroi.reports.excel import excel_workbook

    s = load_scenario(shipped_scenarios()["russian_bank_contact_centre"])
    wb = load_workbook(io.BytesIO(excel_workbook(evaluate(s), title=s.title)))
    row = {r[0].value: r for r in wb["Inputs"].iter_rows(min_row=2)}["agent_salary"]
    assert (row[2].value, row[3].value, row[6].value) == (780_000, "₽/year", 50_000_000)


def test_risk_analyses_take_the_scenarios_money_bounds():
    """A 780,000 ₽ salary is valid in roubles (bounds ×100), so the tornado, Monte Carlo,
    break-even and three scenarios of the rouble scenario run instead of refusing it."""
    from supportroi import risk
    from supportroi.model import evaluate_batch

    s = load_scenario(pathlib.Path(__file__).resolve().parents[1] / "data" / "scenarios"
                      / "russian_bank_contact_centre.yaml")
    salary = s.overrides["agent_salary"]
    assert salary > CATALOG["agent_salary"].max  # above the dollar bound
    assert risk.tornado(s, names=["agent_salary"]).table.loc[0, "high"] > salary
    mc = risk.monte_carlo(s, {"agent_salary": (salary * 0.9, salary, salary * 1.2)}, n=500)
    assert mc.draws["agent_salary"].max() > CATALOG["agent_salary"].max
    assert risk.break_even(s, "agent_salary").name == "agent_salary"
    assert risk.three_scenarios(s, {"agent_salary": (salary * 0.9, salary, salary * 1.1)}).ordered
    with pytest.raises(ModelInputError, match="agent_salary"):  # dollars keep dollar bounds
        evaluate_batch(dict(s.overrides))
    assert evaluate_batch(dict(s.overrides), currency="RUB").appraisal.npv.size == 1
