"""Fuzzing: hostile scenario files, URL parameters and widget values (issue 15 item 6).

Hypothesis drives random input through the same code a Voilà page runs, in process:

- scenario files (YAML documents and random text) through :func:`parse_scenario` and the
  model: a refusal is a :class:`ScenarioError` listing problems in words; an accepted
  scenario evaluates, and every figure shown is a finite number or says why it is undefined;
- URL query strings through :func:`~supportroi.apps.query.parse_query`: it never raises,
  its notices are short plain sentences, and every value it applies is valid;
- what a client may send the dashboard's widgets (value, min, max, step, index, options;
  NaN, inf, text, lists): the widgets then show exactly the values the figures were
  computed from, within the catalog's bounds, and no page text shows NaN, inf or an error.

Bounded: a fixed seed per test (``derandomize``), no deadline, tens of examples each.
"""

from __future__ import annotations

import math
import re
import types
import unicodedata

import ipywidgets as w
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from supportroi import evaluate
from supportroi.apps.base import harden
from supportroi.apps.dashboard import Dashboard
from supportroi.apps.query import parse_query
from supportroi.assumptions import CATALOG, benchmark_warnings, check_value, defaults
from supportroi.formatting import currency_problem, headline
from supportroi.scenarios import META_KEYS, ScenarioError, parse_scenario, shipped_scenarios

from .conftest import ERROR_TEXT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
NAMES = sorted(CATALOG)
NUMERIC = [n for n in NAMES if CATALOG[n].numeric]
#: What a figure shows when it cannot be a number: "undefined (no costs)", "does not pay
#: back within 3 years", "never" ... (supportroi.formatting); never NaN or inf.
NOT_A_NUMBER = re.compile(r"\bnan\b|\binf\b|infinity", re.IGNORECASE)

# -- hostile values ----------------------------------------------------------------------
huge = st.sampled_from([1e308, -1e308, 1e309, 2**63, -(2**63), 10**400, 5e-324, -0.0])
scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**9), huge,
    st.booleans(), st.none(), st.text(max_size=12),
    st.sampled_from(["nan", "NaN", "inf", "-inf", ".nan", ".inf", "1e309", "0x10", "٣",
                     "0,08", "1_000", "", " ", "<b>x</b>", "=1+1", "$", "€", "¥"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)


@st.composite
def near_valid(draw, name):
    """A value of the kind ``name`` takes, in, at or just outside its bounds."""
    a = CATALOG[name]
    if not a.numeric:
        return draw(st.sampled_from([*a.choices, "", a.choices[0].upper(), "other"]))
    lo, hi = a.min, a.max
    if a.kind == "int":
        return draw(st.integers(int(lo) - 2, int(min(hi, lo + 10_000)) + 2))
    return draw(st.one_of(st.floats(lo, hi), st.sampled_from([lo, hi, a.default]),
                          st.floats(lo - 1, hi + 1, allow_nan=False)))


# -- (a) scenario files ------------------------------------------------------------------
keys = st.one_of(st.sampled_from(NAMES), st.sampled_from(sorted(META_KEYS)),
                 st.text(max_size=15), st.integers(-3, 3), st.booleans())
meta_values = st.one_of(st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3), values)


@st.composite
def scenario_documents(draw):
    """YAML text: a mapping of names to values (mostly plausible, often hostile), a random
    document, or random text."""
    kind = draw(st.sampled_from(["mapping", "mapping", "mapping", "document", "text"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "document":
        return yaml.safe_dump(draw(values), allow_unicode=True)
    mapping = {}
    for _ in range(draw(st.integers(0, 8))):
        key = draw(keys)
        if isinstance(key, str) and key in CATALOG:
            mapping[key] = draw(st.one_of(near_valid(key), near_valid(key), values))
        elif isinstance(key, str) and key in META_KEYS:
            mapping[key] = draw(meta_values)
        else:
            mapping[key] = draw(values)
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


def assert_finite_or_explained(ev) -> None:
    """Every figure the apps show is a finite number or says why it is not one."""
    shown = headline(ev.appraisal, ev.currency)
    for label, text in shown.items():
        assert not NOT_A_NUMBER.search(text), (label, text)
    a = ev.appraisal
    assert math.isfinite(a.npv) and math.isfinite(a.pv_benefits) and math.isfinite(a.pv_costs)
    for name in ("roi", "bcr", "irr", "payback_years"):
        x = getattr(a, name)
        assert x is None or math.isfinite(x), (name, x)
    assert ev.table.map(lambda x: not isinstance(x, float) or math.isfinite(x)).all().all()


@settings(FUZZ, max_examples=100)
@given(scenario_documents())
def test_scenario_files_are_refused_in_words_or_evaluate_to_finite_figures(text):
    try:
        scenario = parse_scenario(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems, "refused without saying why"
        for p in exc.problems:
            message = str(p)
            assert message.strip() and "Traceback" not in message
            assert len(p.message) < 600, p.message
        return
    for name, value in scenario.overrides.items():
        assert check_value(name, value) is None, (name, value)
    assert currency_problem(scenario.currency) is None
    ev = evaluate(scenario)
    assert_finite_or_explained(ev)
    for w_ in benchmark_warnings(scenario.values):
        assert not NOT_A_NUMBER.search(str(w_)), str(w_)


@settings(FUZZ, max_examples=80)
@given(st.dictionaries(st.sampled_from(NUMERIC), st.none(), min_size=1, max_size=10)
       .flatmap(lambda d: st.fixed_dictionaries({k: near_valid(k) for k in d})))
def test_valid_looking_overrides_evaluate_or_are_refused_before_the_model(overrides):
    """Values at and near every bound (often several at once): the model gets only what
    validation let through, and then shows finite or explained figures."""
    text = yaml.safe_dump(overrides)
    try:
        scenario = parse_scenario(text, "edge.yaml")
    except ScenarioError as exc:
        assert all(str(p).strip() for p in exc.problems)
        return
    assert_finite_or_explained(evaluate(scenario))


# -- (b) URL parameters ------------------------------------------------------------------
query_keys = st.one_of(st.sampled_from(NAMES + ["scenario", "currency", "lang", "voila",
                                                "token", ""]), st.text(max_size=70))
query_values = st.one_of(
    st.sampled_from([*shipped_scenarios(), "nope", "€", "<b>", "=cmd", "nan", "inf", "-0",
                     "1e309", "1e-400", "0.08", "4", "4.0", "ru", "zh", "de", "", "+",
                     "%00", "1" * 80]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers().map(str),
    st.text(max_size=90))


@st.composite
def query_strings(draw):
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=300))
    from urllib.parse import quote
    pairs = draw(st.lists(st.tuples(query_keys, query_values), max_size=8))
    sep = draw(st.sampled_from(["&", "&", ";", "&&"]))
    text = sep.join(f"{quote(k)}={quote(v)}" for k, v in pairs)
    return draw(st.sampled_from(["", "?"])) + text


@settings(FUZZ, max_examples=200)
@given(query_strings())
@example("%0A=chatbot_self_service")                # a newline quoted in a notice
@example("scenario=%E2%80%AE" + "x" * 120)          # U+202E, and a long scenario name
def test_url_parameters_never_raise_and_apply_only_valid_values(query):
    scenario, currency, values, notices, *_ = parse_query(query)
    assert scenario is None or scenario in shipped_scenarios()
    assert currency is None or currency_problem(currency) is None
    for name, value in values.items():
        # Of the right kind (bounds are checked where the values are applied, below).
        a = CATALOG[name]
        if a.kind == "int":
            assert type(value) is int, (name, value)
        elif a.numeric:
            assert type(value) is float and math.isfinite(value), (name, value)
            assert str(value) != "-0.0", (name, value)
        else:
            assert isinstance(value, str) and len(value) <= 60, (name, value)
    for notice in notices:
        assert isinstance(notice, str) and notice.strip()
        assert len(notice) < 400, notice
        assert "Traceback" not in notice
        # Plain text: no newline, control or formatting character from the URL acts on it.
        assert not [c for c in notice if unicodedata.category(c).startswith("C")], notice


# -- (c) widget values a client sends ----------------------------------------------------
@pytest.fixture(scope="module")
def dashboard():
    """One served dashboard, as Voilà shows it (App.show hardens every widget)."""
    app = Dashboard()
    harden(app.widget)
    return app


def html_texts(root: w.Widget) -> str:
    """Every HTML and label text under ``root`` (what the page shows as text)."""
    out, todo, seen = [], [root], set()
    while todo:
        widget = todo.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        todo.extend(getattr(widget, "children", ()) or ())
        if isinstance(widget, w.HTML | w.Label | w.HTMLMath):
            out.append(str(widget.value))
        description = getattr(widget, "description", "")
        if isinstance(description, str):
            out.append(description)
    return "\n".join(out)


def shown_card(app, key: str) -> str:
    return re.search(rf'sr-{key}.*?sr-value[^>]*>([^<]*)<', app.cards.value).group(1)


def assert_shows_what_it_computed(app) -> None:
    controls = app.controls
    values = controls.values
    for name, widget in controls.widgets.items():
        a = CATALOG[name]
        if isinstance(widget, w.FloatSlider | w.IntSlider) and widget.value != values[name]:
            # A slider shows a value off its step grid at the nearest step (display
            # rounding, AssumptionControls._is_echo): never more than half a step away.
            assert abs(widget.value - values[name]) <= a.step / 2 + 1e-12, name
        else:
            assert widget.value == values[name], (name, widget.value, values[name])
        if hasattr(widget, "max") and a.numeric:
            assert (widget.min, widget.max) == (a.min, a.max), name
            if hasattr(widget, "step") and a.step:
                assert widget.step == a.step, name
        if hasattr(widget, "options"):  # options are values or (label, value) pairs
            assert widget.value in [o[1] if isinstance(o, tuple) else o for o in widget.options]
    for name, value in values.items():
        assert check_value(name, value) is None, (name, value)
    ev = evaluate(types.SimpleNamespace(overrides=values, currency=app.currency.value,
                                        intangibles=controls.meta["intangibles"]))
    expected = headline(ev.appraisal, ev.currency)
    import html
    for key in ("roi", "npv", "payback", "bcr", "irr"):
        assert shown_card(app, key) == html.escape(expected[key.upper() if key != "payback"
                                                            else "Payback"]), key
    text = html_texts(app.widget)
    match = ERROR_TEXT.search(text) or NOT_A_NUMBER.search(text)
    assert not match, f"{match.group(0)!r} shown: …{text[max(0, match.start() - 80):match.end() + 80]}…"
    assert app.error.value == ""


state_keys = st.sampled_from(["value", "value", "value", "min", "max", "step", "index",
                              "options", "_options_labels", "description", "disabled",
                              "readout_format", "layout", "orientation"])


@st.composite
def client_messages(draw):
    """A widget of the dashboard (by catalog name, or the scenario bar's) and the state a
    client sends it."""
    target = draw(st.sampled_from(NAMES + ["picker", "currency"]))
    state = {}
    for _ in range(draw(st.integers(1, 3))):
        key = draw(state_keys)
        if key == "value" and target in CATALOG:
            state[key] = draw(st.one_of(near_valid(target), near_valid(target), values))
        elif key == "index":
            state[key] = draw(st.one_of(st.integers(-2, 12), values))
        else:
            state[key] = draw(values)
    return target, state


def widget_of(app, target: str) -> w.Widget:
    if target == "picker":
        return app.picker
    if target == "currency":
        return app.currency
    return app.controls.widgets[target]


@settings(FUZZ, max_examples=80)
@given(st.lists(client_messages(), min_size=1, max_size=3))
def test_what_a_client_sends_leaves_widgets_and_figures_in_agreement(dashboard, messages):
    for target, state in messages:
        widget_of(dashboard, target).set_state(state)
        assert_shows_what_it_computed(dashboard)


@settings(FUZZ, max_examples=15)
@given(query_strings())
def test_a_page_opened_with_any_url_shows_what_it_computed(query):
    app = Dashboard()
    app.apply_query(query)
    harden(app.widget)
    assert_shows_what_it_computed(app)


@settings(FUZZ, max_examples=15)
@given(scenario_documents())
def test_an_uploaded_scenario_file_is_shown_or_refused_in_words(dashboard, text):
    data = text.encode("utf-8")
    dashboard.upload.set_state({"value": [{"name": "fuzz.yaml", "type": "application/x-yaml",
                                           "size": len(data), "last_modified": 0,
                                           "content": memoryview(data)}]})
    assert_shows_what_it_computed(dashboard)


def test_the_fuzzed_dashboard_started_from_the_defaults():
    """The fixture's first state is the catalog's (so the fuzz starts from a known page)."""
    app = Dashboard()
    assert app.controls.values == defaults()
    assert_shows_what_it_computed(app)
