"""Scenario files: round-trip, shipped scenarios, and one test per bad-input class."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportroi import CATALOG, Scenario, ScenarioError, evaluate, load_scenario, save_scenario
from supportroi.scenarios import dump_scenario, parse_scenario, shipped_scenarios


def write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def problems(path):
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return err.value.problems


def test_a_file_may_set_only_a_few_keys(tmp_path):
    s = load_scenario(write(tmp_path, "discount_rate: 0.08\n"))
    assert s.overrides == {"discount_rate": 0.08}
    assert s.values["discount_rate"] == 0.08
    assert s.values["horizon_years"] == CATALOG["horizon_years"].default


def test_empty_file_is_the_defaults(tmp_path):
    assert load_scenario(write(tmp_path, "# nothing\n")).overrides == {}


def test_round_trip_shipped(tmp_path):
    for name, path in shipped_scenarios().items():
        s = load_scenario(path)
        again = load_scenario(save_scenario(s, tmp_path / f"{name}.yaml"))
        assert again == s
        assert again.name == name


def _value(a):
    if not a.numeric:
        return st.sampled_from(a.choices)
    if a.kind == "int":
        return st.integers(int(a.min), int(a.max))
    return st.floats(a.min, a.max, allow_nan=False, allow_infinity=False)


SAFE = [n for n in CATALOG if n not in {
    "share_phone", "share_chat", "share_email", "share_self_service", "fcr", "fcr_improvement",
    "annual_churn", "churn_reduction", "agent_attrition", "attrition_reduction", "agent_fte",
    "agents_added", "one_time_spread_years", "horizon_years"}]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(SAFE), st.none(), max_size=12).flatmap(
    lambda keys: st.fixed_dictionaries({k: _value(CATALOG[k]) for k in keys})),
       st.text(max_size=40), st.lists(st.text(min_size=1, max_size=20), max_size=3))
def test_round_trip_is_exact(overrides, title, intangibles):
    s = Scenario(overrides, title=title, intangibles=tuple(intangibles), currency="€")
    again = parse_scenario(dump_scenario(s), "<memory>")
    assert again == s
    for k, v in overrides.items():
        assert type(again.overrides[k]) is type(v)


def test_shipped_scenarios_are_described_and_evaluate(tmp_path):
    shipped = shipped_scenarios()
    assert len(shipped) >= 4
    assert "telecom_contact_centre" in shipped
    for path in shipped.values():
        s = load_scenario(path)
        assert s.title and len(s.description) > 80 and s.intangibles
        a = evaluate(s).appraisal
        assert a.roi is not None and -1 < a.roi < 10, path
        assert a.payback_years is not None and 0 < a.payback_years < 3, path


# One test per bad-input class ---------------------------------------------

def test_unknown_key_suggests_the_right_name(tmp_path):
    [p] = problems(write(tmp_path, "discount_rate: 0.1\ndiscont_rate: 0.08\n"))
    assert (p.key, p.line) == ("discont_rate", 2)
    assert "did you mean 'discount_rate'" in p.message
    assert str(p).startswith(str(tmp_path / "s.yaml") + ":2: discont_rate:")


def test_wrong_type(tmp_path):
    ps = problems(write(tmp_path, 'agent_fte: "50"\nfcr: yes\nshrinkage: [0.3]\n'
                                  "annual_contacts: 1e5\nhorizon_years: 2.5\n"))
    by_key = {p.key: p.message for p in ps}
    assert "got text '50'" in by_key["agent_fte"]
    assert "got bool" in by_key["fcr"]
    assert "got list" in by_key["shrinkage"]
    assert "exponents need a dot" in by_key["annual_contacts"]
    assert "whole number" in by_key["horizon_years"]


def test_out_of_bounds_is_refused_not_clamped(tmp_path):
    [p] = problems(write(tmp_path, "shrinkage: 0.95\n"))
    assert p.key == "shrinkage"
    assert "between 0 and 0.8" in p.message


@pytest.mark.parametrize("text", [".nan", ".inf", "-.inf"])
def test_nan_and_inf(tmp_path, text):
    [p] = problems(write(tmp_path, f"discount_rate: {text}\n"))
    assert "finite" in p.message


def test_yaml_syntax_error_gives_the_line(tmp_path):
    [p] = problems(write(tmp_path, "discount_rate: 0.1\nhorizon_years: [3\nfcr: 0.7\n"))
    assert "YAML syntax error" in p.message and p.line is not None and p.line >= 2


def test_unreadable_file(tmp_path):
    [p] = problems(tmp_path / "missing.yaml")
    assert "cannot read" in p.message
    [p] = problems(tmp_path)  # a directory
    assert "cannot read" in p.message


def test_binary_file(tmp_path):
    [p] = problems(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert "not a text file" in p.message
    [p] = problems(write(tmp_path, b"title: caf\xe9\n"))
    assert "UTF-8" in p.message


def test_not_a_mapping(tmp_path):
    [p] = problems(write(tmp_path, "- 1\n- 2\n"))
    assert "mapping" in p.message


def test_duplicate_key(tmp_path):
    [p] = problems(write(tmp_path, "fcr: 0.7\nfcr: 0.8\n"))
    assert (p.key, p.line) == ("fcr", 2) and "first on line 1" in p.message


def test_bad_metadata(tmp_path):
    ps = problems(write(tmp_path, "title: 3\nintangibles: morale\ncurrency: dollars!\n"))
    assert [p.key for p in ps] == ["title", "intangibles", "currency"]


def test_cross_field_problem_names_the_keys(tmp_path):
    [p] = problems(write(tmp_path, "share_phone: 0.6\n"))
    assert p.key == "share_phone" and "100 %" in p.message and p.line == 1


def test_every_problem_is_listed_at_once(tmp_path):
    text = "discont_rate: 1\nfcr: .nan\nagent_fte: '12'\nshrinkage: 2\nfcr: 0.5\n"
    ps = problems(write(tmp_path, text))
    assert [p.line for p in ps] == [1, 2, 3, 4, 5]
    err = str(ScenarioError("f", ps))
    assert err.startswith("f: 5 problems:")


def test_valid_data_is_kept_in_memory_objects():
    with pytest.raises(ScenarioError):
        Scenario({"fcr": 2.0})
    s = Scenario.from_values({"fcr": 0.75, "horizon_years": 3})
    assert s.overrides == {"fcr": 0.75}  # 3 is the default
    assert s.with_values(horizon_years=5).overrides == {"fcr": 0.75, "horizon_years": 5}


def test_save_refuses_non_finite(tmp_path):
    s = Scenario({"fcr": 0.7})
    object.__setattr__(s, "overrides", {"fcr": math.nan})
    with pytest.raises(ValueError, match="non-finite"):
        save_scenario(s, tmp_path / "x.yaml")


def test_yaml_aliases_are_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "staffing_method: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    [p] = problems(write(tmp_path, bomb))
    assert "aliases" in p.message and p.line == 2


def test_huge_values_are_not_echoed_whole(tmp_path):
    ps = problems(write(tmp_path, "staffing_method: '" + "x" * 5000 + "'\n"))
    assert len(str(ps[0])) < 300
