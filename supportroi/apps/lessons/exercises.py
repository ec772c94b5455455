"""The lessons' exercises: one question each, checked on the server against the
answer the package computes, with a hint for common mistakes."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
from IPython.display import display

from ... import clv as clvmod
from ... import queueing
from ...finance import Appraisal, appraise, appraise_batch
from ..base import CSS, guarded
from .explorers import _agents, _traffic, risk_adjust
from .widgets import LESSON_CSS, _n

__all__ = ["EXERCISES", "Exercise", "ExerciseSpec", "Feedback", "answer", "check", "exercise",
           "parse_number"]


# --------------------------------------------------------------------------- exercises

@dataclass(frozen=True)
class Feedback:
    """What the checker says about one answer."""

    correct: bool
    message: str


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise: the question and how to check an answer.

    ``answer`` computes the right answer with the package; ``tolerance`` is
    absolute, in the answer's unit. ``mistakes`` pairs the results of common
    wrong methods with a hint for each; ``diagnose`` may explain any other
    wrong value (or return None).
    """

    key: str
    title: str
    question: str
    unit: str  # "%", "currency" or a word such as "agents"
    answer: Callable[[], float]
    tolerance: float
    hint: str
    solution: Callable[[], str]
    mistakes: tuple[tuple[Callable[[], float], str], ...] = ()
    diagnose: Callable[[float], str | None] | None = None
    whole: bool = False


# Exercise 01: a conflict-resolution training programme, first-year benefits only.
_EX1 = dict(benefits=234_000.0, costs=180_000.0)


def _ex1(rate: float = 0.0) -> Appraisal:
    return appraise([0.0, _EX1["benefits"]], [_EX1["costs"], 0.0], rate)


# Exercise 02: a platform paid now, savings at the end of years 1–3, TEI's 10 %.
_EX2 = dict(investment=100_000.0, saving=42_000.0, years=3, rate=0.10)


def _ex2_flows(shift: int = 0):
    b = [0.0] * (1 + shift) + [_EX2["saving"]] * _EX2["years"]
    c = [0.0] * shift + [_EX2["investment"]] + [0.0] * _EX2["years"]
    return b, c


def _ex2(rate: float | None = None, shift: int = 0) -> Appraisal:
    b, c = _ex2_flows(shift)
    return appraise(b, c, _EX2["rate"] if rate is None else rate)


# Exercise 03: one customer; revenue × gross margin from the question.
_EX3 = dict(revenue=250.0, gross_margin=0.40, churn=0.20, rate=0.10, acquisition=150.0)


def _ex3(**changes) -> float:
    e = _EX3 | changes
    return float(clvmod.clv(e["revenue"] * e["gross_margin"], e.get("retention", 1 - e["churn"]),
                            e["rate"], e["acquisition"], convention=e.get("convention", "end")))


# Exercise 04: one half-hour, 80/20.
_EX4 = dict(calls=100, aht=180.0, target_sl=0.80, target_time=20.0)


def _ex4_traffic() -> float:
    return _traffic(_EX4["calls"], _EX4["aht"])


def _ex4() -> int:
    return int(queueing.agents_needed(_ex4_traffic(), _EX4["aht"], _EX4["target_sl"],
                                      _EX4["target_time"]))


def _ex4_diagnose(value: float) -> str | None:
    traffic = _ex4_traffic()
    n = int(value)
    if n < 0:
        return "Agents cannot be negative."
    if value != n:
        return "Agents come in whole numbers: round up, never down."
    if n <= traffic:
        return (f"With {_agents(n)} the queue never empties: the traffic is {traffic:.0f} Erlangs, "
                "so you need more agents than that before anyone is answered on time.")
    sl = float(queueing.service_level(traffic, n, _EX4["aht"], _EX4["target_time"]))
    if sl < _EX4["target_sl"]:
        return (f"With {_agents(n)} only {sl:.1%} of calls are answered within "
                f"{_EX4['target_time']:.0f} s: not enough. Add agents one at a time.")
    return (f"{n} agents meet the target ({sl:.1%} within {_EX4['target_time']:.0f} s), "
            "but fewer would too: the question asks for the fewest.")


# Exercise 05: Phillips isolation: attribution × confidence.
_EX5 = dict(improvement=500_000.0, costs=180_000.0, attribution=0.60, confidence=0.80)


def _ex5(attribution: float | None = None, confidence: float | None = None) -> float:
    adj = risk_adjust(_EX5["improvement"], _EX5["costs"],
                      attribution=_EX5["attribution"] if attribution is None else attribution,
                      confidence=_EX5["confidence"] if confidence is None else confidence)
    return 100 * appraise([0.0, adj.benefits], [adj.costs, 0.0], 0.0).roi


def _sol1() -> str:
    a = _ex1()
    return (f"ROI = (benefits − costs) ÷ costs × 100 = ({_n(_EX1['benefits'])} − "
            f"{_n(_EX1['costs'])}) ÷ {_n(_EX1['costs'])} × 100 = {100 * a.roi:.1f} %. "
            f"(BCR = {a.bcr:.2f}, so ROI = (BCR − 1) × 100.)")


def _sol2() -> str:
    a = _ex2()
    # Discount factors: the present value of one unit in each year, from the finance module.
    factors = appraise_batch(np.eye(_EX2["years"] + 1), np.zeros((_EX2["years"] + 1,) * 2),
                             _EX2["rate"]).pv_benefits
    terms = " + ".join(f"{_n(_EX2['saving'])} × {x:.4f}" for x in factors[1:])
    rounded = sum(_EX2["saving"] * round(float(x), 4) for x in factors[1:])
    return (f"PV(benefits) = {terms} = {_n(rounded, 2)} with these four-decimal factors, "
            f"{_n(a.pv_benefits, 2)} with exact ones; the year-0 investment is not "
            f"discounted: PV(costs) = {_n(a.pv_costs)}. NPV = {_n(a.npv, 2)}.")


def _sol3() -> str:
    e = _EX3
    m = e["revenue"] * e["gross_margin"]
    return (f"m = {_n(e['revenue'])} × {e['gross_margin']:.0%} = {_n(m)}; r = 1 − "
            f"{e['churn']:.0%} = {1 - e['churn']:.2f}. CLV = m·r ÷ (1 + i − r) − AC = "
            f"{_n(m)} × {1 - e['churn']:.2f} ÷ (1 + {e['rate']:.2f} − {1 - e['churn']:.2f})"
            " − "
            f"{_n(e['acquisition'])} = {_ex3():.2f}.")


def _sol4() -> str:
    traffic, n = _ex4_traffic(), _ex4()
    sl = queueing.service_level(traffic, np.array([n - 1, n]), _EX4["aht"], _EX4["target_time"])
    return (f"Traffic = {_EX4['calls']} × {_EX4['aht']:.0f} s ÷ 1,800 s = {traffic:.0f} Erlangs. "
            f"Erlang C: {n - 1} agents answer {sl[0]:.1%} within {_EX4['target_time']:.0f} s, "
            f"{n} agents {sl[1]:.1%}. So {n} agents.")


def _sol5() -> str:
    e = _EX5
    adj = risk_adjust(e["improvement"], e["costs"], attribution=e["attribution"],
                      confidence=e["confidence"])
    return (f"Benefits that count = {_n(e['improvement'])} × {e['attribution']:.0%} × "
            f"{e['confidence']:.0%} = {_n(adj.benefits)}. ROI = ({_n(adj.benefits)} − "
            f"{_n(adj.costs)}) ÷ {_n(adj.costs)} × 100 = {_ex5():.1f} %.")


EXERCISES: dict[str, ExerciseSpec] = {s.key: s for s in (
    ExerciseSpec(
        "01", "ROI of a training programme",
        f"A conflict-resolution training programme for 40 agents costs "
        f"{_n(_EX1['costs'])}, fully loaded (design, delivery, the agents' time off the queue). "
        f"In its first year it saves {_n(_EX1['benefits'])}, already isolated and converted to "
        f"money. What is its ROI, in per cent?",
        "%", lambda: 100 * _ex1().roi, 0.5,
        "ROI = (benefits − costs) ÷ costs × 100.", _sol1,
        mistakes=(
            (lambda: 100 * _ex1().bcr,
             ("That is the benefit–cost ratio × 100. ROI counts only what is left after paying "
              "the costs: (benefits − costs) ÷ costs.")),
            (lambda: 100 * _ex1().npv / _EX1["benefits"],
             "You divided by the benefits. ROI divides the net benefit by the costs."),
            (lambda: _ex1().npv,
             "That is the net benefit in money. Divide it by the costs for the ROI."),
        )),
    ExerciseSpec(
        "02", "NPV of a platform",
        f"An omnichannel platform costs {_n(_EX2['investment'])} up front (year 0) and saves "
        f"{_n(_EX2['saving'])} at the end of each of the next {_EX2['years']} years. With a "
        f"discount rate of {_EX2['rate']:.0%}, what is its NPV? (Round to whole units.)",
        "currency", lambda: _ex2().npv, 60.0,
        "Discount each year's saving by (1 + rate)^year and subtract the investment, which is "
        "paid today.", _sol2,
        mistakes=(
            (lambda: _ex2(rate=0.0).npv,
             ("That is the undiscounted total. Savings in later years are worth less today: "
              "divide year t's saving by (1 + rate)^t.")),
            (lambda: _ex2(shift=1).npv,
             ("You discounted the year-0 investment too. It is paid today, so it is not "
              "discounted (the TEI 'Initial' column).")),
            (lambda: _ex2().pv_benefits - _ex2(shift=1).pv_costs,
             "You discounted the investment by a year. It is paid today: not discounted."),
            (lambda: _ex2().pv_benefits,
             "That is the present value of the savings. Subtract the investment for the NPV."),
        )),
    ExerciseSpec(
        "03", "Lifetime value of a customer",
        f"A customer brings {_n(_EX3['revenue'])} of revenue a year at a "
        f"{_EX3['gross_margin']:.0%} gross margin. Annual churn is {_EX3['churn']:.0%}, the "
        f"discount rate {_EX3['rate']:.0%} and winning a customer costs "
        f"{_n(_EX3['acquisition'])}. What is the CLV (Gupta & Lehmann, margins at the end of "
        f"each year)? Two decimals are enough.",
        "currency", lambda: _ex3(), 1.0,
        "CLV = m·r ÷ (1 + i − r) − AC, with m the margin a year and r = 1 − churn.", _sol3,
        mistakes=(
            (lambda: _ex3(acquisition=0.0),
             "Close: now subtract the acquisition cost."),
            (lambda: _ex3(convention="start"),
             ("That counts this year's margin too (m(1 + i) ÷ (1 + i − r)): the question puts "
              "margins at the end of each year, m·r ÷ (1 + i − r).")),
            (lambda: _ex3(retention=_EX3["churn"]),
             "r is the retention rate, 1 − churn, not the churn."),
            (lambda: _ex3(rate=0.0),
             "You left out discounting: i is the discount rate."),
            (lambda: _ex3(gross_margin=1.0),
             "Use the margin, not the revenue: m = revenue × gross margin."),
        )),
    ExerciseSpec(
        "04", "Agents for 80/20",
        f"{_EX4['calls']} calls arrive in a half-hour; the average handle time is "
        f"{_EX4['aht']:.0f} seconds. How many agents must be on the phones to answer "
        f"{_EX4['target_sl']:.0%} of calls within {_EX4['target_time']:.0f} seconds "
        f"(Erlang C)? Use the explorer above to try agent numbers.",
        "agents", _ex4, 0.0,
        "Traffic = calls × AHT ÷ 1,800 s gives the Erlangs; you need more agents than that, "
        "then add agents until the service level reaches the target.", _sol4,
        diagnose=_ex4_diagnose, whole=True),
    ExerciseSpec(
        "05", "Isolating the programme's effect",
        f"After a coaching programme, repeat contacts fell, worth {_n(_EX5['improvement'])} a "
        f"year. Team leaders estimate that {_EX5['attribution']:.0%} of the improvement is due "
        f"to the programme and are {_EX5['confidence']:.0%} confident in that estimate. The "
        f"programme cost {_n(_EX5['costs'])}, fully loaded. What ROI (in per cent) can you "
        f"defend, counting first-year benefits only?",
        "%", lambda: _ex5(), 0.5,
        "Monetary value = improvement × % attributed × % confidence; then ROI = (benefits − "
        "costs) ÷ costs × 100.", _sol5,
        mistakes=(
            (lambda: _ex5(attribution=1.0, confidence=1.0),
             ("That takes the whole improvement as the programme's. Multiply by the share "
              "attributed to it and by the confidence.")),
            (lambda: _ex5(confidence=1.0),
             "You applied the attribution; now multiply by the confidence too."),
            (lambda: _ex5(attribution=1.0),
             "You applied the confidence; now multiply by the share attributed too."),
        )),
)}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_UNIT_WORDS = ("percent", "per cent", "pct", "agents", "agent", "usd", "eur", "gbp")


def parse_number(text) -> float | None:
    """A number as people type it, or None: "30", "30 %", "11,908.34", "$11 908", "33,3".

    Commas are thousands separators when every group after them has three
    digits ("11,908"), otherwise one comma is a decimal comma ("33,3").

    >>> [parse_number(x) for x in ("30 %", "11,908.34", "$ 11 908", "33,3", "−5", "abc")]
    [30.0, 11908.34, 11908.0, 33.3, -5.0, None]
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float, np.integer, np.floating)):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str) or len(text) > 40:
        return None
    s = text.strip().lower().replace("\u2212", "-")
    for word in _UNIT_WORDS:
        s = s.removesuffix(word)
    s = s.strip().rstrip("%").strip().lstrip("$€£¥").strip()
    s = re.sub(r"[\s\u00a0\u202f_']", "", s)
    if "," in s:
        if "." in s:
            s = s.replace(",", "")
        else:
            groups = s.split(",")
            if all(len(g) == 3 and g.isdigit() for g in groups[1:]) and groups[0].lstrip(
                    "+-").isdigit():
                s = "".join(groups)
            elif len(groups) == 2:
                s = ".".join(groups)
            else:
                return None
    if not _NUMBER.fullmatch(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


def _spec(key: str) -> ExerciseSpec:
    try:
        return EXERCISES[key]
    except KeyError:
        raise ValueError(f"exercise: no exercise {key!r} (there are "
                         f"{', '.join(EXERCISES)})") from None


def answer(key: str) -> float:
    """The right answer to exercise ``key``, as the package computes it."""
    return float(_spec(key).answer())


def check(key: str, given) -> Feedback:
    """Right or wrong, with a hint: compare ``given`` (text or number) with :func:`answer`."""
    spec = _spec(key)
    value = parse_number(given)
    if value is None:
        example = {"%": "30 or 30 %", "currency": "12,345.67"}.get(spec.unit, "12")
        return Feedback(False, f"Please type a number, e.g. {example}.")
    target = answer(key)
    tol = spec.tolerance + 1e-9 * max(1.0, abs(target))
    if spec.whole and value != int(value):
        return Feedback(False, "Not quite. " + (spec.diagnose(value) if spec.diagnose else
                                                "The answer is a whole number."))
    if abs(value - target) <= tol:
        return Feedback(True, f"Correct! {spec.solution()}")
    if spec.unit == "%" and abs(100 * value - target) <= tol:
        return Feedback(True, f"Correct — written as a decimal ({value:g} = {100 * value:g} %). "
                              f"{spec.solution()}")
    for wrong, hint in spec.mistakes:
        w_value = float(wrong())
        if abs(value - w_value) <= max(tol, 1e-6 * abs(w_value)):
            return Feedback(False, f"Not quite. {hint}")
    if spec.diagnose:
        msg = spec.diagnose(value)
        if msg:
            return Feedback(False, f"Not quite. {msg}")
    if spec.tolerance > 0 and abs(value - target) <= 4 * spec.tolerance:
        return Feedback(False, "Very close, but not within the tolerance: keep more decimals "
                               "in intermediate steps (four in discount factors).")
    return Feedback(False, f"Not quite. Hint: {spec.hint}")


class Exercise:
    """The question, a number box, a Check button and the feedback.

    Checking is on the server: the answer never reaches the page until it is
    given or the worked solution is asked for.
    """

    def __init__(self, key: str):
        self.spec = _spec(key)
        self.error = w.HTML()
        self.error.add_class("sr-error")
        s = self.spec
        self.question = w.HTML(f"<div class='sr-ex-title'>Exercise {html.escape(s.key)}: "
                               f"{html.escape(s.title)}</div><p>{html.escape(s.question)}</p>")
        unit = {"%": "%", "currency": ""}.get(s.unit, s.unit)
        self.box = w.Text(value="", placeholder="your answer", continuous_update=False,
                          description="Answer", layout=w.Layout(width="260px"),
                          style={"description_width": "60px"})
        self.box.add_class("sr-answer")
        self.box.observe(self._on_submit, names="value")
        self.button = w.Button(description="Check", button_style="primary", icon="check",
                               layout=w.Layout(width="auto"))
        self.button.add_class("sr-check")
        self.button.on_click(self._on_check)
        self.show = w.Button(description="Show the worked solution", icon="eye",
                             layout=w.Layout(width="auto"))
        self.show.add_class("sr-show-solution")
        self.show.on_click(self._on_show)
        self.feedback = w.HTML()
        self.feedback.add_class("sr-feedback")
        self.solution = w.HTML()
        self.solution.add_class("sr-solution")
        self.last: Feedback | None = None
        row = w.HBox([self.box, w.HTML(html.escape(unit)), self.button, self.show],
                     layout=w.Layout(flex_flow="row wrap", align_items="center"))
        box = w.VBox([self.question, row, self.error, self.feedback, self.solution])
        box.add_class("sr-exercise-box")
        self.widget = w.VBox([w.HTML(CSS + LESSON_CSS), box])
        self.widget.add_class("sr-lesson")
        self.widget.add_class("sr-exercise")
        self.widget.add_class(f"sr-exercise-{s.key}")

    def _ipython_display_(self):
        display(self.widget)

    def submit(self, text) -> Feedback:
        """Check ``text`` and show the feedback (what the Check button does)."""
        fb = check(self.spec.key, text)
        self.last = fb
        cls = "sr-right" if fb.correct else "sr-wrong"
        self.feedback.value = (f'<div class="{cls}" role="status">{html.escape(fb.message)}'
                               "</div>")
        self.error.value = ""
        return fb

    @guarded
    def _on_check(self, _button) -> None:
        self.submit(self.box.value)

    @guarded
    def _on_submit(self, change) -> None:
        if str(change.new).strip():
            self.submit(change.new)

    @guarded
    def _on_show(self, _button) -> None:
        self.solution.value = (f"<div class='sr-muted'><b>Worked solution.</b> "
                               f"{html.escape(self.spec.solution())}</div>")


def exercise(key: str) -> Exercise:
    """The exercise of lesson ``key`` ("01" … "05"), ready to display."""
    return Exercise(key)

