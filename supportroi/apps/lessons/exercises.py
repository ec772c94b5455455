"""The lessons' exercises: one question each, checked on the server against the
answer the package computes, with a hint for common mistakes."""

from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
from IPython.display import display

from ... import clv as clvmod
from ... import queueing
from ...finance import Appraisal, appraise, appraise_batch
from ...i18n import DEFAULT_LANGUAGE, language_problem, translator
from ..base import CSS, guarded
from .explorers import _agents, _traffic, risk_adjust
from .widgets import LESSON_CSS, _g, _n

__all__ = ["EXERCISES", "AnswerError", "Exercise", "ExerciseSpec", "Feedback", "answer", "check",
           "exercise", "parse_number", "read_answer", "specs"]


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
    lang: str = DEFAULT_LANGUAGE  #: the language of the texts


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


def _ex4_diagnose(value: float, lang: str = DEFAULT_LANGUAGE) -> str | None:
    t = translator(lang)
    traffic = _ex4_traffic()
    n = int(value)
    if n < 0:
        return t("lessons.ex04.negative")
    if value != n:
        return t("lessons.ex04.whole")
    seconds = t.number(_EX4["target_time"])
    if n <= traffic:
        return t("lessons.ex04.never_empties", agents=_agents(n, lang),
                 traffic=t.number(traffic))
    sl = float(queueing.service_level(traffic, n, _EX4["aht"], _EX4["target_time"]))
    if sl < _EX4["target_sl"]:
        return t("lessons.ex04.not_enough", agents=_agents(n, lang), level=t.percent(sl, 1),
                 seconds=seconds)
    return t("lessons.ex04.not_fewest", agents=_agents(n, lang), level=t.percent(sl, 1),
             seconds=seconds)


# Exercise 05: Phillips isolation: attribution × confidence.
_EX5 = dict(improvement=500_000.0, costs=180_000.0, attribution=0.60, confidence=0.80)


def _ex5(attribution: float | None = None, confidence: float | None = None) -> float:
    adj = risk_adjust(_EX5["improvement"], _EX5["costs"],
                      attribution=_EX5["attribution"] if attribution is None else attribution,
                      confidence=_EX5["confidence"] if confidence is None else confidence)
    return 100 * appraise([0.0, adj.benefits], [adj.costs, 0.0], 0.0).roi


def _sol1(lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    a = _ex1()
    return t("lessons.ex01.solution", benefits=_n(_EX1["benefits"], 0, lang),
             costs=_n(_EX1["costs"], 0, lang), roi=t.number(100 * a.roi, 1),
             bcr=t.number(a.bcr, 2))


def _sol2(lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    a = _ex2()
    # Discount factors: the present value of one unit in each year, from the finance module.
    factors = appraise_batch(np.eye(_EX2["years"] + 1), np.zeros((_EX2["years"] + 1,) * 2),
                             _EX2["rate"]).pv_benefits
    terms = " + ".join(t("lessons.npv.term", amount=_n(_EX2["saving"], 0, lang),
                         factor=t.number(x, 4)) for x in factors[1:])
    rounded = sum(_EX2["saving"] * round(float(x), 4) for x in factors[1:])
    return t("lessons.ex02.solution", terms=terms, rounded=_n(rounded, 2, lang),
             exact=_n(a.pv_benefits, 2, lang), pv_costs=_n(a.pv_costs, 0, lang),
             npv=_n(a.npv, 2, lang))


def _sol3(lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    e = _EX3
    m = e["revenue"] * e["gross_margin"]
    r = t.number(1 - e["churn"], 2)
    return t("lessons.ex03.solution", revenue=_n(e["revenue"], 0, lang),
             gross_margin=t.percent(e["gross_margin"], 0), m=_n(m, 0, lang),
             churn=t.percent(e["churn"], 0), r=r, i=t.number(e["rate"], 2),
             ac=_n(e["acquisition"], 0, lang), clv=t.number(_ex3(), 2))


def _sol4(lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    traffic, n = _ex4_traffic(), _ex4()
    sl = queueing.service_level(traffic, np.array([n - 1, n]), _EX4["aht"], _EX4["target_time"])
    return t("lessons.ex04.solution", calls=t.number(_EX4["calls"]), aht=t.number(_EX4["aht"]),
             interval=t.number(queueing.INTERVAL_SECONDS), traffic=t.number(traffic),
             fewer=_agents(n - 1, lang), fewer_level=t.percent(float(sl[0]), 1),
             seconds=t.number(_EX4["target_time"]), agents=_agents(n, lang),
             level=t.percent(float(sl[1]), 1))


def _sol5(lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    e = _EX5
    adj = risk_adjust(e["improvement"], e["costs"], attribution=e["attribution"],
                      confidence=e["confidence"])
    return t("lessons.ex05.solution", improvement=_n(e["improvement"], 0, lang),
             attribution=t.percent(e["attribution"], 0),
             confidence=t.percent(e["confidence"], 0), benefits=_n(adj.benefits, 0, lang),
             costs=_n(adj.costs, 0, lang), roi=t.number(_ex5(), 1))


def _specs(lang: str) -> dict[str, ExerciseSpec]:
    """The five exercises with their texts in ``lang`` (the answers are the same)."""
    t = translator(lang)
    n = functools.partial(_n, lang=lang)

    def pct(x):
        return t.percent(x, 0)

    specs = (
        ExerciseSpec(
            "01", t("lessons.ex01.title"),
            t("lessons.ex01.question", costs=n(_EX1["costs"]), benefits=n(_EX1["benefits"])),
            "%", lambda: 100 * _ex1().roi, 0.5, t("lessons.ex01.hint"),
            functools.partial(_sol1, lang),
            mistakes=(
                (lambda: 100 * _ex1().bcr, t("lessons.ex01.mistake_bcr")),
                (lambda: 100 * _ex1().npv / _EX1["benefits"], t("lessons.ex01.mistake_benefits")),
                (lambda: _ex1().npv, t("lessons.ex01.mistake_net")),
            ), lang=lang),
        ExerciseSpec(
            "02", t("lessons.ex02.title"),
            t("lessons.ex02.question", investment=n(_EX2["investment"]),
              saving=n(_EX2["saving"]), years=t.number(_EX2["years"]), rate=pct(_EX2["rate"])),
            "currency", lambda: _ex2().npv, 60.0, t("lessons.ex02.hint"),
            functools.partial(_sol2, lang),
            mistakes=(
                (lambda: _ex2(rate=0.0).npv, t("lessons.ex02.mistake_undiscounted")),
                (lambda: _ex2(shift=1).npv, t("lessons.ex02.mistake_year0")),
                (lambda: _ex2().pv_benefits - _ex2(shift=1).pv_costs,
                 t("lessons.ex02.mistake_investment")),
                (lambda: _ex2().pv_benefits, t("lessons.ex02.mistake_pv")),
            ), lang=lang),
        ExerciseSpec(
            "03", t("lessons.ex03.title"),
            t("lessons.ex03.question", revenue=n(_EX3["revenue"]),
              gross_margin=pct(_EX3["gross_margin"]), churn=pct(_EX3["churn"]),
              rate=pct(_EX3["rate"]), acquisition=n(_EX3["acquisition"])),
            "currency", lambda: _ex3(), 1.0, t("lessons.ex03.hint"),
            functools.partial(_sol3, lang),
            mistakes=(
                (lambda: _ex3(acquisition=0.0), t("lessons.ex03.mistake_acquisition")),
                (lambda: _ex3(convention="start"), t("lessons.ex03.mistake_start")),
                (lambda: _ex3(retention=_EX3["churn"]), t("lessons.ex03.mistake_churn")),
                (lambda: _ex3(rate=0.0), t("lessons.ex03.mistake_discount")),
                (lambda: _ex3(gross_margin=1.0), t("lessons.ex03.mistake_revenue")),
            ), lang=lang),
        ExerciseSpec(
            "04", t("lessons.ex04.title"),
            t("lessons.ex04.question", calls=t.number(_EX4["calls"]), aht=t.number(_EX4["aht"]),
              level=pct(_EX4["target_sl"]), seconds=t.number(_EX4["target_time"])),
            "agents", _ex4, 0.0,
            t("lessons.ex04.hint", interval=t.number(queueing.INTERVAL_SECONDS)),
            functools.partial(_sol4, lang),
            diagnose=functools.partial(_ex4_diagnose, lang=lang), whole=True, lang=lang),
        ExerciseSpec(
            "05", t("lessons.ex05.title"),
            t("lessons.ex05.question", improvement=n(_EX5["improvement"]),
              attribution=pct(_EX5["attribution"]), confidence=pct(_EX5["confidence"]),
              costs=n(_EX5["costs"])),
            "%", lambda: _ex5(), 0.5, t("lessons.ex05.hint"), functools.partial(_sol5, lang),
            mistakes=(
                (lambda: _ex5(attribution=1.0, confidence=1.0), t("lessons.ex05.mistake_whole")),
                (lambda: _ex5(confidence=1.0), t("lessons.ex05.mistake_confidence")),
                (lambda: _ex5(attribution=1.0), t("lessons.ex05.mistake_attribution")),
            ), lang=lang),
    )
    return {s.key: s for s in specs}


#: The exercises in English (:func:`specs` gives them in another language).
EXERCISES: dict[str, ExerciseSpec] = _specs(DEFAULT_LANGUAGE)


@functools.cache
def specs(lang: str = DEFAULT_LANGUAGE) -> dict[str, ExerciseSpec]:
    """The exercises with their questions, hints and solutions in ``lang``."""
    problem = language_problem(lang)
    if problem:
        raise ValueError(problem)
    return EXERCISES if lang == DEFAULT_LANGUAGE else _specs(lang)


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


#: Words and signs a learner may type around an answer in each language (left out
#: before the number is read; NFKC has already made full-width signs plain).
_LOCAL_WORDS = {
    "ru": ("процентов", "процента", "процент", "проц.", "агентов", "агента", "агент",
           "операторов", "оператора", "оператор", "руб.", "руб", "долл.", "usd"),
    "zh": ("个百分点", "百分点", "名坐席", "个坐席", "坐席", "名客服", "名", "个", "人", "美元",
           "元", "usd"),
}
_SIGNS = "%$€£¥₽"
#: A Russian number that reads two ways: "1,234" (one and 234 thousandths, or 1234 as
#: English writes it), "1.234" likewise.
_AMBIGUOUS = {"ru": re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")}


class AnswerError(ValueError):
    """Text that is not an answer; the message (in the page language) says how to write one."""


def _example(unit: str, lang: str) -> str:
    t = translator(lang)
    if unit == "%":
        return t("lessons.answer.example_percent")
    return t.number(12_345.67, 2) if unit == "currency" else t.number(12)


def read_answer(text, lang: str = DEFAULT_LANGUAGE, unit: str = "") -> float:
    """A learner's answer as that language types it: ``12,5``, ``1 234,5``, ``12,5 %`` in
    Russian; ``12.5``, ``12.5%``, full-width ``１２.５％`` in Chinese; in English as
    :func:`parse_number` reads it. A percentage sign is left out (answers in per cent
    are asked for in per cent). Raises :class:`AnswerError` with a message for a person
    (in ``lang``); an ambiguous Russian ``1,234`` is refused, never guessed.

    >>> read_answer("12,5 %", "ru"), read_answer("１２.５％", "zh"), read_answer("1 234,5", "ru")
    (12.5, 12.5, 1234.5)
    """
    problem = language_problem(lang)
    if problem:
        raise ValueError(problem)
    t = translator(lang)
    if lang == DEFAULT_LANGUAGE or isinstance(text, bool) or not isinstance(text, str):
        value = parse_number(text)
        if value is None:
            raise AnswerError(t("lessons.answer.type_a_number", example=_example(unit, lang)))
        return value
    raw = unicodedata.normalize("NFKC", text).strip().lower().replace("\u2212", "-")
    s = raw
    for word in _LOCAL_WORDS[lang]:
        s = s.removesuffix(word).strip()
    s = s.strip(_SIGNS).strip()
    shown = text.strip()[:40]
    if not s or len(s) > 40:
        raise AnswerError(t("lessons.answer.type_a_number", example=_example(unit, lang)))
    ambiguous = _AMBIGUOUS.get(lang)
    if ambiguous and ambiguous.fullmatch(s):
        whole = s.replace(",", "").replace(".", "")
        raise AnswerError(t("lessons.answer.ambiguous", text=shown, whole=whole,
                            grouped=t.number(float(whole)),
                            fraction=t.number(float(s.replace(",", ".")), 4)))
    try:
        value = t.parse_number(s)
    except ValueError as exc:
        raise AnswerError(t("lessons.answer.unreadable", problem=str(exc),
                            example=_example(unit, lang))) from None
    return value


def _spec(key: str, lang: str = DEFAULT_LANGUAGE) -> ExerciseSpec:
    found = specs(lang)
    try:
        return found[key]
    except KeyError:
        raise ValueError(f"exercise: no exercise {key!r} (there are "
                         f"{', '.join(found)})") from None


def answer(key: str) -> float:
    """The right answer to exercise ``key``, as the package computes it."""
    return float(_spec(key).answer())


def check(key: str, given, lang: str = DEFAULT_LANGUAGE) -> Feedback:
    """Right or wrong, with a hint (in ``lang``): compare ``given`` (text as a learner of
    ``lang`` types it, or a number) with :func:`answer`."""
    spec = _spec(key, lang)
    t = translator(lang)
    try:
        value = read_answer(given, lang, spec.unit)
    except AnswerError as exc:
        return Feedback(False, str(exc))
    target = answer(key)
    tol = spec.tolerance + 1e-9 * max(1.0, abs(target))

    def not_quite(message: str) -> Feedback:
        return Feedback(False, t("lessons.feedback.not_quite", message=message))

    if spec.whole and value != int(value):
        return not_quite(spec.diagnose(value) if spec.diagnose else t("lessons.feedback.whole"))
    if abs(value - target) <= tol:
        return Feedback(True, t("lessons.feedback.correct", solution=spec.solution()))
    if spec.unit == "%" and abs(100 * value - target) <= tol:
        return Feedback(True, t("lessons.feedback.correct_decimal", value=_g(value, lang),
                                percent=_g(100 * value, lang), solution=spec.solution()))
    for wrong, hint in spec.mistakes:
        w_value = float(wrong())
        if abs(value - w_value) <= max(tol, 1e-6 * abs(w_value)):
            return not_quite(hint)
    if spec.diagnose:
        msg = spec.diagnose(value)
        if msg:
            return not_quite(msg)
    if spec.tolerance > 0 and abs(value - target) <= 4 * spec.tolerance:
        return Feedback(False, t("lessons.feedback.close"))
    return Feedback(False, t("lessons.feedback.hint", hint=spec.hint))


class Exercise:
    """The question, a number box, a Check button and the feedback, in ``lang``.

    Checking is on the server: the answer never reaches the page until it is
    given or the worked solution is asked for. Answers are read as a learner of
    ``lang`` types them (:func:`read_answer`).
    """

    def __init__(self, key: str, lang: str = DEFAULT_LANGUAGE):
        problem = language_problem(lang)
        if problem:
            raise ValueError(problem)
        self.lang = lang
        t = translator(lang)
        self.spec = _spec(key, lang)
        self.error = w.HTML()
        self.error.add_class("sr-error")
        s = self.spec
        title = t("lessons.exercise.title", number=s.key, title=s.title)
        self.question = w.HTML(f"<div class='sr-ex-title' lang='{lang}'>{html.escape(title)}"
                               f"</div><p>{html.escape(s.question)}</p>")
        unit = {"%": "%", "currency": "", "agents": t("lessons.exercise.unit_agents")}[s.unit]
        self.box = w.Text(value="", placeholder=t("lessons.exercise.placeholder"),
                          continuous_update=False, description=t("lessons.exercise.answer"),
                          layout=w.Layout(width="260px"), style={"description_width": "60px"})
        self.box.add_class("sr-answer")
        self.box.observe(self._on_submit, names="value")
        self.button = w.Button(description=t("lessons.exercise.check"), button_style="primary",
                               icon="check", layout=w.Layout(width="auto"))
        self.button.add_class("sr-check")
        self.button.on_click(self._on_check)
        self.show = w.Button(description=t("lessons.exercise.show"), icon="eye",
                             layout=w.Layout(width="auto"))
        self.show.add_class("sr-show-solution")
        self.show.on_click(self._on_show)
        self.feedback = w.HTML()
        self.feedback.add_class("sr-feedback")
        self.solution = w.HTML()
        self.solution.add_class("sr-solution")
        self.last: Feedback | None = None
        self.unit = w.HTML(html.escape(unit))
        row = w.HBox([self.box, self.unit, self.button, self.show],
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
        fb = check(self.spec.key, text, self.lang)
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
        heading = translator(self.lang)("lessons.exercise.worked")
        self.solution.value = (f"<div class='sr-muted'><b>{html.escape(heading)}</b> "
                               f"{html.escape(self.spec.solution())}</div>")


def exercise(key: str, lang: str = DEFAULT_LANGUAGE) -> Exercise:
    """The exercise of lesson ``key`` ("01" … "05") in ``lang``, ready to display."""
    return Exercise(key, lang=lang)
