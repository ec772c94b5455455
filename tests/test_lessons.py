"""The trainers' lessons: explorers built and poked without a browser, exercise
checkers, agreement with the model, and the notebooks' shape."""

import html
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest

from supportroi import clv as clvmod
from supportroi import evaluate, finance
from supportroi.apps import lessons
from supportroi.assumptions import CATALOG

ROOT = Path(__file__).resolve().parents[1]
LESSON_DIR = ROOT / "notebooks" / "lessons"
BAD_TEXT = re.compile(r"Traceback|\bnan\b|\binf\b|NaN", re.IGNORECASE)


def card(explorer, key):
    """The text shown on one card."""
    m = re.search(rf'sr-card sr-{key}".*?sr-value[^>]*>([^<]*)<', explorer.cards.value)
    return m.group(1)


# --------------------------------------------------------------------------- explorers

@pytest.mark.parametrize("key", list(lessons.LESSONS))
def test_each_explorer_builds(key):
    _title, notebook, build = lessons.LESSONS[key]
    ex = build()
    assert ex.error.value == ""
    assert ex.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert ex.cards.value and not BAD_TEXT.search(ex.cards.value + ex.explain.value)
    assert f"sr-lesson-{key}" in ex.widget._dom_classes
    assert (LESSON_DIR / notebook).exists()
    for name, widget in ex.widgets.items():  # every slider from its knob
        knob = ex.knob(name)
        assert (widget.min, widget.max, widget.value) == (knob.min, knob.max, knob.default)


def test_roi_explorer_shows_the_phillips_example():
    # Phillips ROI Methodology: benefits 750,000, costs 425,000 → BCR 1.76, ROI 76 %.
    ex = lessons.roi_explorer()
    assert card(ex, "bcr") == "1.76"
    assert card(ex, "roi") == "76 %"
    assert card(ex, "payback") == "6.8 months"  # 12 ÷ 1.7647
    ex.widgets["costs"].value = 750_000.0
    assert card(ex, "roi") == "0 %" and card(ex, "bcr") == "1.00"
    assert card(ex, "payback") == "12.0 months"


def test_sliders_update_figures_and_chart():
    ex = lessons.npv_explorer()
    before = ex.chart.value
    expected = finance.appraise([0, 45_000, 45_000, 45_000], [100_000, 0, 0, 0], 0.10)
    assert card(ex, "npv") == f"${expected.npv:,.0f}"
    ex.widgets["discount_rate"].value = 0.0
    assert card(ex, "npv") == "$35,000"
    assert ex.chart.value != before


def test_year_zero_is_not_discounted_in_the_npv_explorer():
    r = lessons.NpvExplorer.compute({"investment": 100_000.0, "benefit": 45_000.0,
                                     "horizon_years": 3, "discount_rate": 0.10})
    assert r.appraisal.pv_costs == 100_000.0
    assert r.discount_factors[0] == 1.0
    assert r.discount_factors[1:] == pytest.approx(1.1 ** -np.arange(1, 4))
    assert r.wrong.npv == pytest.approx(r.appraisal.npv / 1.1)  # every flow a year later
    irr_index = np.argmin(np.abs(r.npv_curve))
    assert r.rates[irr_index] == pytest.approx(r.appraisal.irr, abs=0.005)


def test_clv_explorer_uses_the_clv_module_and_the_convention_switch():
    ex = lessons.clv_explorer()
    d = {k.name: k.default for k in lessons.ClvExplorer.KNOBS}
    want = clvmod.clv(d["margin"], 1 - d["annual_churn"], d["discount_rate"],
                      d["acquisition_cost_per_customer"])
    assert ex.result.clv == pytest.approx(want)
    assert card(ex, "lifetime") == f"{1 / d['annual_churn']:.1f} years"
    ex.convention.value = "start"
    assert ex.result.clv == pytest.approx(want + d["margin"])
    ex.widgets["referrals"].value = 0.1
    assert ex.result.margin == pytest.approx(d["margin"] + 0.1 * d["acquisition_cost_per_customer"])


def test_staffing_explorer_starts_at_the_target_and_flags_unstable_queues():
    ex = lessons.staffing_explorer()
    r = ex.result
    assert r.agents == r.needed and r.service_level >= r.target_sl
    ex.widgets["agents"].value = int(r.traffic)  # no more agents than traffic
    assert "unstable" in card(ex, "asa")
    assert ex.error.value == "" and not BAD_TEXT.search(ex.cards.value + ex.explain.value)
    assert ex.chart.value[:4] == b"\x89PNG"


def test_staffing_explorer_is_not_linear():
    # Doubling the calls less than doubles the agents (economies of scale).
    one = lessons.StaffingExplorer.compute({"contacts": 100, "aht": 180, "agents": 14,
                                            "target_sl": 0.8, "target_time": 20})
    two = lessons.StaffingExplorer.compute({"contacts": 200, "aht": 180, "agents": 14,
                                            "target_sl": 0.8, "target_time": 20})
    assert one.needed == 14 and two.needed < 2 * one.needed


def test_risk_explorer_applies_attribution_confidence_and_risk():
    ex = lessons.risk_explorer(improvement=500_000.0, costs=180_000.0, attribution=0.6,
                               confidence=0.8, benefit_risk=0.0, cost_risk=0.0)
    assert card(ex, "roi") == "33 %"
    assert card(ex, "roi-claimed") == "178 %"


def test_risk_adjust_matches_the_model():
    # The model applies × (1 − benefit risk) × attribution × confidence to effect-driven
    # benefit lines and × (1 + cost risk) to costs; lessons.risk_adjust must agree.
    settings = dict(attribution=0.6, confidence=0.8, benefit_risk=0.15, cost_risk=0.1)
    plain = evaluate(dict(attribution=1.0, confidence=1.0, benefit_risk=0.0, cost_risk=0.0))
    adjusted = evaluate(settings)
    adj = lessons.risk_adjust(1.0, 1.0, **settings)
    for kind, line, factor in (("benefit", "upsell", adj.benefits),
                               ("cost", "technology_recurring", adj.costs)):
        ratio = adjusted.table.loc[(kind, line)].iloc[3] / plain.table.loc[(kind, line)].iloc[3]
        assert ratio == pytest.approx(factor, rel=1e-12)


def test_risk_adjust_checks_its_shares_against_the_catalog():
    with pytest.raises(ValueError, match="^attribution"):
        lessons.risk_adjust(1, 1, attribution=1.5)
    with pytest.raises(ValueError, match="^costs"):
        lessons.risk_adjust(1, -1)


def test_catalog_knobs_take_the_catalog_defaults():
    for explorer in (lessons.NpvExplorer, lessons.ClvExplorer, lessons.RiskExplorer):
        for knob in explorer.KNOBS:
            if knob.name in CATALOG:
                a = CATALOG[knob.name]
                assert knob.default == a.default and a.min <= knob.min <= knob.max <= a.max
    with pytest.raises(ValueError, match="past the catalog"):
        lessons.Knob.from_catalog("discount_rate", max=2.0)


def test_starting_values_are_checked():
    ex = lessons.roi_explorer(benefits=500_000.0, costs=250_000.0)
    assert card(ex, "roi") == "100 %"
    with pytest.raises(ValueError, match="^costs"):
        lessons.roi_explorer(costs=-1.0)
    with pytest.raises(ValueError, match="not an input"):
        lessons.roi_explorer(churn=0.1)
    with pytest.raises(ValueError, match="^aht"):
        lessons.staffing_explorer(aht=0)


def test_client_cannot_push_a_slider_past_its_bounds():
    # Voilà 0.5: any client can set a widget's value and its max over the websocket.
    ex = lessons.roi_explorer()
    slider = ex.widgets["costs"]
    before = ex.cards.value
    slider.set_state({"max": 1e12, "value": 1e12})
    assert slider.max == 2_000_000.0 and slider.value == lessons.PHILLIPS_COSTS
    assert ex.cards.value == before
    slider.set_state({"min": -1e9})
    assert slider.min == 5_000.0


EXPLORERS = {"roi": lessons.roi_explorer, "npv": lessons.npv_explorer,
             "clv": lessons.clv_explorer, "staffing": lessons.staffing_explorer,
             "risk": lessons.risk_explorer}


@pytest.mark.parametrize("which", list(EXPLORERS))
def test_a_tampered_value_is_refused_with_a_notice(which):
    # A client can send any value; the sliders do not clamp it, the lesson refuses it.
    ex = EXPLORERS[which]()
    assert ex.widgets, "every explorer has sliders"
    for name, slider in ex.widgets.items():
        knob = ex.knob(name)
        before_values, before_cards, kept = ex.values, ex.cards.value, slider.value
        for bad in (10**9, -10**9):
            ex.inputs.notice.value = ""
            slider.set_state({"value": bad})
            notice = ex.inputs.notice.value
            assert slider.value == kept and ex.values == before_values, (name, bad)
            assert "out of bounds" in notice and f"{bad:g}" in notice, (name, bad, notice)
            assert f"Kept {html.escape(knob.format(kept))}" in notice, (name, notice)
            assert "sr-warning" in notice and not BAD_TEXT.search(notice)
            assert ex.cards.value == before_cards and ex.error.value == ""


@pytest.mark.parametrize("which", list(EXPLORERS))
def test_tampered_bounds_are_restored(which):
    ex = EXPLORERS[which]()
    for name, slider in ex.widgets.items():
        knob = ex.knob(name)
        kept = slider.value
        # Widened bounds with a value past the real ones; then a min above the real max
        # (restoring max alone would fail while that min is in place).
        for state in ({"max": 1e12, "value": 1e12}, {"min": -1e9},
                      {"max": 10**12, "min": 10**11}, {"step": 0.5 * knob.step or 1}):
            slider.set_state(state)
            assert (slider.min, slider.max, slider.step) == (knob.min, knob.max, knob.step), \
                (name, state)
            assert slider.value == kept and ex.values[name] == kept, (name, state)
        assert ex.error.value == ""


def test_an_in_range_value_is_still_accepted_after_a_refusal():
    ex = lessons.roi_explorer()
    slider = ex.widgets["costs"]
    slider.set_state({"value": 1e9})
    assert ex.inputs.notice.value
    slider.set_state({"value": 500_000.0})
    assert ex.values["costs"] == 500_000.0 and ex.inputs.notice.value == ""


def test_a_failing_update_shows_a_message_not_a_traceback(monkeypatch):
    ex = lessons.roi_explorer()
    before = ex.cards.value

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated failure")

    # the explorer looks compute up on its class (lessons.explorers.RoiExplorer)
    monkeypatch.setattr(lessons.explorers.RoiExplorer, "compute", classmethod(boom))
    ex.widgets["benefits"].value = 500_000.0  # must not raise
    assert "Something went wrong" in ex.error.value  # details in the server log only
    assert "simulated failure" not in ex.error.value and "Traceback" not in ex.error.value
    assert ex.cards.value == before


def test_service_recovery_shows_tarp_and_the_caveat():
    html = lessons.service_recovery().value
    for o in clvmod.SERVICE_RECOVERY:
        assert o.label in html and f"{o.small_loss:.0%}" in html and f"{o.large_loss:.0%}" in html
    assert "Marriott" in html and "Magnini" in html
    assert "$" in html and not BAD_TEXT.search(html)


# --------------------------------------------------------------------------- exercises

def _npv_at_tech_cost(cost: float, capture_rate: float) -> float:
    return evaluate({"capture_rate": capture_rate, "tech_annual_cost": cost}).appraisal.npv


def _break_even_tech_cost(capture_rate: float) -> float:
    """The model's NPV is linear in the yearly technology cost (paid every year, discounted
    like any cost): its zero from two evaluations, independently of supportroi.risk."""
    at0, at1 = (_npv_at_tech_cost(x, capture_rate) for x in (0.0, 100_000.0))
    return at0 / (at0 - at1) * 100_000.0


REFERENCE_ANSWERS = {
    # Phillips: (234,000 − 180,000) ÷ 180,000 × 100.
    "01": 30.0,
    # numpy-financial's npv discounts the first flow by (1 + rate)^0: TEI's year 0.
    "02": float(npf.npv(0.10, [-100_000, 42_000, 42_000, 42_000])),
    # By hand: 100 × 0.8 ÷ (1 + 0.1 − 0.8) − 150 = 266.67 − 150.
    "03": 80 / 0.3 - 150,
    # pyworkforce README "Queue systems" example: 100 calls in 30 min, AHT 3 min, 80 % within
    # 20 s → 14 raw positions (see tests/test_queueing.py).
    "04": 14.0,
    # 500,000 × 60 % × 80 % = 240,000; (240,000 − 180,000) ÷ 180,000 × 100.
    "05": 100 / 3,
    # The risk app's base case at a capture rate of 50 %: NPV = 0 (see above).
    "06": _break_even_tech_cost(0.50),
}


@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_answers_match_outside_references(key):
    assert lessons.answer(key) == pytest.approx(REFERENCE_ANSWERS[key], rel=1e-9)


@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_correct_answer_accepted_and_wrong_refused(key):
    right = lessons.answer(key)
    fb = lessons.check(key, right)
    assert fb.correct and fb.message.startswith("Correct")
    spec = lessons.EXERCISES[key]
    shown = f"{right:,.2f}" + (" %" if spec.unit == "%" else "")
    assert lessons.check(key, shown).correct  # as people type it
    for wrong in (right * 1.5 + 7, right - 10 * spec.tolerance - 3, -right - 1):
        fb = lessons.check(key, wrong)
        assert not fb.correct and fb.message.startswith("Not quite"), wrong
    assert not lessons.check(key, "twelve").correct
    assert "type a number" in lessons.check(key, "twelve").message
    assert not lessons.check(key, "").correct


@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_common_mistakes_get_their_own_hint(key):
    spec = lessons.EXERCISES[key]
    for wrong, hint in spec.mistakes:
        fb = lessons.check(key, wrong())
        assert not fb.correct and hint in fb.message


def test_specific_hints():
    assert "benefit–cost ratio" in lessons.check("01", 130).message
    year0 = lessons.exercises._ex2(lessons.exercises.FIXED["02"], shift=1).npv
    assert "year-0" in lessons.check("02", f"{year0:,.2f}").message
    assert "acquisition cost" in lessons.check("03", 80 / 0.3).message
    assert "79.6%" in lessons.check("04", 13).message
    assert "queue never empties" in lessons.check("04", 10).message
    assert "fewest" in lessons.check("04", 15).message
    assert "whole numbers" in lessons.check("04", 14.5).message
    assert lessons.check("01", 0.3).correct  # a decimal for 30 % is understood


def test_tolerance():
    npv = lessons.answer("02")
    assert lessons.check("02", round(npv, -1)).correct  # 4,450
    assert lessons.check("02", 42_000 * (0.909 + 0.826 + 0.751) - 100_000).correct  # 3 decimals
    assert not lessons.check("02", 4_650).correct


@pytest.mark.parametrize("text, value", [
    ("30", 30.0), ("30 %", 30.0), ("30%", 30.0), (" 11,908.34 ", 11908.34), ("$11,908", 11908.0),
    ("11 908", 11908.0), ("33,3", 33.3), ("−12.5", -12.5), ("14 agents", 14.0), ("1e3", 1000.0),
    ("abc", None), ("", None), ("1,2,3", None), ("nan", None), ("inf", None), ("9" * 50, None),
    (True, None), (float("nan"), None), (12, 12.0),
])
def test_parse_number(text, value):
    assert lessons.parse_number(text) == value


def test_exercise_widget_checks_in_the_page():
    ex = lessons.exercise("01")
    assert "Exercise 01" in ex.question.value and "234,000" in ex.question.value
    assert str(lessons.answer("01")) not in ex.widget.children[1].children[0].value
    ex.box.value = "12"  # pressing Enter (or leaving the box) checks too
    assert "sr-wrong" in ex.feedback.value and "Not quite" in ex.feedback.value
    ex.box.value = "30"
    ex.button.click()
    assert "sr-right" in ex.feedback.value and "Correct" in ex.feedback.value
    assert ex.solution.value == ""
    ex.show.click()
    assert "Worked solution" in ex.solution.value and "30.0 %" in ex.solution.value


def test_exercise_widget_never_shows_a_traceback(monkeypatch):
    ex = lessons.exercise("02")

    def boom(*_args):
        raise RuntimeError("checker failed")

    monkeypatch.setattr(lessons.exercises, "check", boom)  # where Exercise looks it up
    ex.box.value = "1"
    ex.button.click()
    assert "Something went wrong" in ex.error.value  # details in the server log only
    assert "checker failed" not in ex.error.value and "Traceback" not in ex.error.value


def test_unknown_exercise():
    with pytest.raises(ValueError, match="no exercise '07'"):
        lessons.exercise("07")


# --------------------------------------------------------------------------- no second finance

def test_lessons_never_reimplement_finance():
    modules = [importlib.import_module(f"{lessons.__name__}.{m.name}")
               for m in pkgutil.iter_modules(lessons.__path__)]
    assert {m.__name__.rsplit(".", 1)[1] for m in modules} >= {"widgets", "explorers",
                                                                "exercises"}
    source = "".join(inspect.getsource(m) for m in (lessons, *modules))
    # No discounting, compounding or annuity formula of its own ...
    assert not re.search(r"\(\s*1(\.0)?\s*\+\s*[\w\[\]\"'.]+\s*\)\s*\*\*", source)
    assert not re.search(r"[\w)\]]\s*\*\*", source)  # no power operator at all
    assert not re.search(r"def (npv|irr|pv|roi|bcr|payback|discount)\b", source)
    assert "numpy_financial" not in source and "brentq" not in source
    # ... but the finance module's functions.
    for module in (lessons.explorers, lessons.exercises):
        assert module.appraise is finance.appraise
        assert module.appraise_batch is finance.appraise_batch


def test_explorers_and_answers_go_through_finance(monkeypatch):
    calls = []
    real = finance.appraise

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(lessons.explorers, "appraise", spy)   # where the explorers look
    monkeypatch.setattr(lessons.exercises, "appraise", spy)   # and the answers look
    lessons.roi_explorer()
    assert calls
    calls.clear()
    for key in ("01", "02", "05"):
        lessons.answer(key)
        assert calls, key
        calls.clear()


# --------------------------------------------------------------------------- notebooks

NOTEBOOKS = sorted(LESSON_DIR.glob("*.ipynb"))


def test_five_lesson_notebooks():
    assert [p.name for p in NOTEBOOKS] == [nb for _, nb, _ in lessons.LESSONS.values()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_and_clean(path):
    nb = json.loads(path.read_text())
    reference = json.loads((ROOT / "notebooks" / "roi_dashboard.ipynb").read_text())
    assert nb["metadata"]["kernelspec"] == reference["metadata"]["kernelspec"]
    assert nb["metadata"]["language_info"] == reference["metadata"]["language_info"]
    key = path.name[:2]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for c in code:
        src = "".join(c["source"])
        assert c["outputs"] == [] and c["execution_count"] is None
        assert 1 <= len(src.strip().splitlines()) <= 3, src
        assert not re.search(r"\bdef\b|lambda|\*\*|^\s*import|pip |!|%", src, re.MULTILINE), src
        assert src.startswith(("from supportroi.apps import lessons", "lessons.",
                               "from supportroi.apps.lessons.navigation import")), src
    calls = "".join("".join(c["source"]) for c in code)
    builder = lessons.LESSONS[key][2].__name__
    assert f"lessons.{builder}()" in calls
    assert f'lessons.exercise("{key}")' in calls
    assert markdown.count("$$") == 2, "the formula in LaTeX once"
    assert markdown.lstrip().startswith(f"# Lesson {int(key)}")


def test_lesson_three_keeps_the_marriott_caveat():
    nb = json.loads((LESSON_DIR / "03_retention_and_clv.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "lessons.service_recovery()" in text  # the TARP table and the caveat
    assert "TARP" in text and "Marriott" in text and "caveat" in text


def test_staffing_explorer_starts_at_the_target_for_given_calls():
    ex = lessons.staffing_explorer(contacts=100, aht=180)
    assert ex.values["agents"] == 14 == ex.result.needed


@pytest.mark.parametrize("sent", [None, 7, "start", True])
def test_a_tampered_convention_is_refused_with_a_notice(sent):
    # A client can send any index over the widget channel (issue 16): the choice is kept,
    # the notice says why, and no exception text reaches the page.
    x = lessons.clv_explorer()
    before = x.result.clv
    x.convention.set_state({"index": sent})
    assert x.convention.value == "end" and x.result.clv == before
    assert "Kept End of year" in x.inputs.notice.value
    assert x.error.value == ""
    x.convention.set_state({"index": 1})  # a real choice still works
    assert x.convention.value == "start"
