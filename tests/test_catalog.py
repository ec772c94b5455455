"""The assumption catalog is complete and consistent."""

import re

import pytest

from supportroi.assumptions import CATALOG, GROUPS, benchmark_warnings, check_value, validate

REQUIRED = [
    "annual_contacts", "share_phone", "share_chat", "share_email", "share_self_service",
    "aht_phone_min", "aht_chat_min", "aht_email_min", "fcr", "repeat_contacts_per_unresolved",
    "agent_fte", "agent_salary", "benefits_load", "overhead_per_agent", "paid_hours_per_fte",
    "shrinkage", "occupancy", "agent_attrition", "cost_to_replace_agent", "agents_added",
    "hiring_cost_per_agent", "training_hours_per_agent", "training_design_cost",
    "training_delivery_cost_per_agent", "training_refresh_cost", "tech_one_time_cost",
    "tech_annual_cost", "deflection_rate", "tooling_aht_reduction", "aht_reduction",
    "fcr_improvement", "churn_reduction", "upsell_rate", "upsell_value", "attrition_reduction",
    "referral_uplift", "indirect_costs_avoided", "active_customers", "revenue_per_customer",
    "gross_margin", "annual_churn", "acquisition_cost_per_customer", "horizon_years",
    "discount_rate", "ramp_year_1", "benefit_risk", "cost_risk", "attribution", "confidence",
]


def test_required_inputs_are_declared():
    assert not set(REQUIRED) - set(CATALOG)


@pytest.mark.parametrize("a", CATALOG.values(), ids=list(CATALOG))
def test_each_assumption_is_complete(a):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", a.name)
    assert a.label and a.unit and a.help and a.source
    assert check_value(a.name, a.default) is None
    if not a.numeric:
        assert a.default in a.choices and a.min is a.max is a.step is None
        assert check_value(a.name, "nonsense") is not None
        return
    assert a.min <= a.default <= a.max and 0 < a.step <= a.max - a.min
    if a.kind == "int":
        assert all(float(x).is_integer() for x in (a.default, a.min, a.max, a.step))
    if a.benchmark:
        assert a.min <= a.benchmark[0] <= a.benchmark[1] <= a.max
    assert a.group in dict(GROUPS)


def test_spec_defaults():
    assert CATALOG["discount_rate"].default == 0.10
    assert CATALOG["horizon_years"].default == 3
    assert (CATALOG["horizon_years"].min, CATALOG["horizon_years"].max) == (1, 10)


def test_defaults_are_valid_and_within_benchmarks():
    assert validate({}) == []
    assert benchmark_warnings({a.name: a.default for a in CATALOG.values()}) == []


def test_messages_name_the_bounds():
    assert check_value("shrinkage", 0.9) == "0.9 is out of bounds: must be between 0 and 0.8 (fraction)"
    assert check_value("annual_contacts", -1).startswith("-1 is out of bounds: must be between 0 "
                                                         "and 100,000,000")
