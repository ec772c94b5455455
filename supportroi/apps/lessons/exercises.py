"""The lessons' exercises: one question each, checked on the server against the
answer the package computes, with a hint for common mistakes."""

from __future__ import annotations

import functools
import hashlib
import html
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import ipywidgets as w
import numpy as np
from IPython.display import display

from ... import clv as clvmod
from ... import queueing
from ...assumptions import CATALOG
from ...finance import Appraisal, appraise, appraise_batch
from ...i18n import DEFAULT_LANGUAGE, language_problem, translator
from ...risk import BreakEven, break_even
from ..base import CSS, guarded
from .explorers import _agents, _traffic, risk_adjust
from .widgets import LESSON_CSS, _g, _n

__all__ = ["CODE_MAX_CHARS", "EXERCISES", "FIXED", "VARY", "AnswerError", "Exercise",
           "ExerciseSpec", "Feedback", "answer", "answer_text", "check", "exercise",
           "learner_code", "learner_inputs", "learner_spec", "parse_number", "read_answer",
           "specs"]


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
    #: The numbers of the question (:data:`FIXED`, or a learner's, :func:`learner_inputs`).
    inputs: Mapping = field(default_factory=dict)


# Each exercise's numbers: FIXED are the ones every learner gets without a code (the
# lessons' printed example); VARY the ranges a learner's code draws them from
# (:func:`learner_inputs`): (low, high, step), every value a whole number of steps.

#: The numbers of each exercise without a learner's code.
FIXED: dict[str, dict[str, float]] = {
    # 01: a conflict-resolution training programme, first-year benefits only. [$]
    "01": dict(benefits=234_000.0, costs=180_000.0),
    # 02: a platform paid now, savings at the end of years 1–n, TEI's 10 %. [$, years, fraction]
    "02": dict(investment=100_000.0, saving=42_000.0, years=3, rate=0.10),
    # 03: one customer; revenue × gross margin from the question. [$/year, fractions, $]
    "03": dict(revenue=250.0, gross_margin=0.40, churn=0.20, rate=0.10, acquisition=150.0),
    # 04: one half-hour, 80/20. [calls, s, fraction, s]
    "04": dict(calls=100, aht=180.0, target_sl=0.80, target_time=20.0),
    # 05: Phillips isolation: attribution × confidence. [$, $, fractions]
    "05": dict(improvement=500_000.0, costs=180_000.0, attribution=0.60, confidence=0.80),
    # 06: the risk app's base case with another capture rate. [fraction]
    "06": dict(capture_rate=0.50),
}

#: The ranges a learner's code draws each exercise's numbers from: (low, high, step).
#: Chosen so that every draw is a sensible case and no common mistake gives the right
#: answer: 01's ROI is at least 11 %, where ROI and net benefit ÷ benefits are more than
#: the tolerance apart; 05's attribution and confidence never meet (the two mistakes that
#: leave out one of them would agree) and stay below 100 %; 06 leaves out 75 % and 100 %,
#: the capture rates of its two mistakes.
VARY: dict[str, dict[str, tuple[float, float, float]]] = {
    "01": dict(benefits=(200_000, 400_000, 1_000), costs=(100_000, 180_000, 1_000)),
    "02": dict(investment=(60_000, 200_000, 5_000), saving=(20_000, 90_000, 1_000),
               years=(2, 5, 1), rate=(0.05, 0.15, 0.01)),
    "03": dict(revenue=(100, 500, 10), gross_margin=(0.20, 0.60, 0.05), churn=(0.10, 0.40, 0.05),
               rate=(0.05, 0.15, 0.01), acquisition=(50, 300, 10)),
    "04": dict(calls=(60, 240, 10), aht=(120, 420, 10), target_sl=(0.70, 0.90, 0.05),
               target_time=(10, 30, 5)),
    "05": dict(improvement=(300_000, 900_000, 10_000), costs=(100_000, 300_000, 5_000),
               attribution=(0.40, 0.70, 0.05), confidence=(0.75, 0.95, 0.05)),
    "06": dict(capture_rate=(0.30, 0.90, 0.05)),
}
_NOT_DRAWN = {"06": {"capture_rate": (0.75, 1.0)}}
#: Whole-number inputs.
_WHOLE = {"years", "calls"}
#: The longest learner code read (a name or a code, not an essay). [characters]
CODE_MAX_CHARS = 40


def learner_code(text) -> str:
    """A learner's name or code as it counts: NFKC, spaces squeezed, case folded, at most
    :data:`CODE_MAX_CHARS` characters; "" for none ("Anna  K" and "anna k" are one code).

    >>> learner_code("  Anna   K "), learner_code(None)
    ('anna k', '')
    """
    if not isinstance(text, str):
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()[:CODE_MAX_CHARS]


def learner_inputs(key: str, code: str = "") -> dict[str, float]:
    """The numbers of exercise ``key`` for the learner ``code``: :data:`FIXED` without a
    code, else drawn from :data:`VARY` by a generator seeded with a hash of the exercise
    and the code (SHA-256 → ``numpy.random.default_rng``), so the same code always gives
    the same numbers, on every machine.

    >>> learner_inputs("01") == FIXED["01"]
    True
    >>> learner_inputs("01", "Anna") == learner_inputs("01", " anna ")
    True
    """
    if key not in FIXED:
        raise ValueError(f"exercise: no exercise {key!r} (there are {', '.join(FIXED)})")
    code = learner_code(code)
    if not code:
        return dict(FIXED[key])
    digest = hashlib.sha256(f"supportroi-lessons/{key}/{code}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:16], "big"))
    out = {}
    for name, (low, high, step) in VARY[key].items():
        values = np.round(np.arange(low, high + step / 2, step), 10)
        banned = _NOT_DRAWN.get(key, {}).get(name, ())
        values = values[~np.isin(values, banned)]
        x = float(values[rng.integers(len(values))])
        out[name] = int(x) if name in _WHOLE else x
    return out


def _ex1(e: Mapping, rate: float = 0.0) -> Appraisal:
    return appraise([0.0, e["benefits"]], [e["costs"], 0.0], rate)


def _ex2_flows(e: Mapping, shift: int = 0):
    b = [0.0] * (1 + shift) + [e["saving"]] * int(e["years"])
    c = [0.0] * shift + [e["investment"]] + [0.0] * int(e["years"])
    return b, c


def _ex2(e: Mapping, rate: float | None = None, shift: int = 0) -> Appraisal:
    b, c = _ex2_flows(e, shift)
    return appraise(b, c, e["rate"] if rate is None else rate)


def _ex3(e: Mapping, **changes) -> float:
    e = dict(e) | changes
    return float(clvmod.clv(e["revenue"] * e["gross_margin"], e.get("retention", 1 - e["churn"]),
                            e["rate"], e["acquisition"], convention=e.get("convention", "end")))


def _ex4_traffic(e: Mapping) -> float:
    return _traffic(e["calls"], e["aht"])


def _ex4(e: Mapping) -> int:
    return int(queueing.agents_needed(_ex4_traffic(e), e["aht"], e["target_sl"],
                                      e["target_time"]))


def _ex4_diagnose(value: float, e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str | None:
    t = translator(lang)
    traffic = _ex4_traffic(e)
    n = int(value)
    if n < 0:
        return t("lessons.ex04.negative")
    if value != n:
        return t("lessons.ex04.whole")
    seconds = t.number(e["target_time"])
    if n <= traffic:
        return t("lessons.ex04.never_empties", agents=_agents(n, lang),
                 traffic=t.number(traffic))
    sl = float(queueing.service_level(traffic, n, e["aht"], e["target_time"]))
    if sl < e["target_sl"]:
        return t("lessons.ex04.not_enough", agents=_agents(n, lang), level=t.percent(sl, 1),
                 seconds=seconds)
    return t("lessons.ex04.not_fewest", agents=_agents(n, lang), level=t.percent(sl, 1),
             seconds=seconds)


def _ex5(e: Mapping, attribution: float | None = None, confidence: float | None = None) -> float:
    adj = risk_adjust(e["improvement"], e["costs"],
                      attribution=e["attribution"] if attribution is None else attribution,
                      confidence=e["confidence"] if confidence is None else confidence)
    return 100 * appraise([0.0, adj.benefits], [adj.costs, 0.0], 0.0).roi


@functools.lru_cache(maxsize=256)
def _ex6_break_even(capture_rate: float) -> BreakEven:
    """Where the yearly technology cost makes NPV 0, the risk app's base case (the
    catalog defaults) at ``capture_rate`` (:func:`supportroi.risk.break_even`; kept, as
    every check asks again for the answer and its mistakes)."""
    return break_even({"capture_rate": capture_rate}, "tech_annual_cost", metric="npv")


def _ex6(e: Mapping, capture_rate: float | None = None) -> float:
    be = _ex6_break_even(e["capture_rate"] if capture_rate is None else capture_rate)
    if be.value is None:  # not with the ranges of VARY (a test checks every capture rate)
        raise ValueError(f"exercise 06: no break-even: {be.reason}")
    return float(be.value)


def _sol1(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    a = _ex1(e)
    return t("lessons.ex01.solution", benefits=_n(e["benefits"], 0, lang),
             costs=_n(e["costs"], 0, lang), roi=t.number(100 * a.roi, 1),
             bcr=t.number(a.bcr, 2))


def _sol2(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    a = _ex2(e)
    years = int(e["years"])
    # Discount factors: the present value of one unit in each year, from the finance module.
    factors = appraise_batch(np.eye(years + 1), np.zeros((years + 1,) * 2),
                             e["rate"]).pv_benefits
    terms = " + ".join(t("lessons.npv.term", amount=_n(e["saving"], 0, lang),
                         factor=t.number(x, 4)) for x in factors[1:])
    rounded = sum(e["saving"] * round(float(x), 4) for x in factors[1:])
    return t("lessons.ex02.solution", terms=terms, rounded=_n(rounded, 2, lang),
             exact=_n(a.pv_benefits, 2, lang), pv_costs=_n(a.pv_costs, 0, lang),
             npv=_n(a.npv, 2, lang))


def _sol3(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    m = e["revenue"] * e["gross_margin"]
    r = t.number(1 - e["churn"], 2)
    return t("lessons.ex03.solution", revenue=_n(e["revenue"], 0, lang),
             gross_margin=t.percent(e["gross_margin"], 0), m=_n(m, 0, lang),
             churn=t.percent(e["churn"], 0), r=r, i=t.number(e["rate"], 2),
             ac=_n(e["acquisition"], 0, lang), clv=t.number(_ex3(e), 2))


def _sol4(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    traffic, n = _ex4_traffic(e), _ex4(e)
    sl = queueing.service_level(traffic, np.array([n - 1, n]), e["aht"], e["target_time"])
    return t("lessons.ex04.solution", calls=t.number(e["calls"]), aht=t.number(e["aht"]),
             interval=t.number(queueing.INTERVAL_SECONDS), traffic=t.number(traffic),
             fewer=_agents(n - 1, lang), fewer_level=t.percent(float(sl[0]), 1),
             seconds=t.number(e["target_time"]), agents=_agents(n, lang),
             level=t.percent(float(sl[1]), 1))


def _sol5(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    adj = risk_adjust(e["improvement"], e["costs"], attribution=e["attribution"],
                      confidence=e["confidence"])
    return t("lessons.ex05.solution", improvement=_n(e["improvement"], 0, lang),
             attribution=t.percent(e["attribution"], 0),
             confidence=t.percent(e["confidence"], 0), benefits=_n(adj.benefits, 0, lang),
             costs=_n(adj.costs, 0, lang), roi=t.number(_ex5(e), 1))


def _sol6(e: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    be = _ex6_break_even(e["capture_rate"])
    return t("lessons_room.ex06.solution", capture=t.percent(e["capture_rate"], 0),
             base=_n(be.base_value, 0, lang), base_npv=_n(be.base_metric or 0.0, 0, lang),
             value=_n(_ex6(e), 0, lang))


def _specs(lang: str, inputs: Mapping[str, Mapping] | None = None) -> dict[str, ExerciseSpec]:
    """The exercises with their texts in ``lang`` and the numbers ``inputs`` (by exercise
    key; :data:`FIXED` for those not given)."""
    t = translator(lang)
    n = functools.partial(_n, lang=lang)
    got = {k: dict(v) for k, v in FIXED.items()} | {k: dict(v) for k, v in (inputs or {}).items()}
    e1, e2, e3, e4, e5, e6 = (got[k] for k in ("01", "02", "03", "04", "05", "06"))

    def pct(x):
        return t.percent(x, 0)

    specs = (
        ExerciseSpec(
            "01", t("lessons.ex01.title"),
            t("lessons.ex01.question", costs=n(e1["costs"]), benefits=n(e1["benefits"])),
            "%", lambda: 100 * _ex1(e1).roi, 0.5, t("lessons.ex01.hint"),
            functools.partial(_sol1, e1, lang),
            mistakes=(
                (lambda: 100 * _ex1(e1).bcr, t("lessons.ex01.mistake_bcr")),
                (lambda: 100 * _ex1(e1).npv / e1["benefits"], t("lessons.ex01.mistake_benefits")),
                (lambda: _ex1(e1).npv, t("lessons.ex01.mistake_net")),
            ), lang=lang, inputs=e1),
        ExerciseSpec(
            "02", t("lessons.ex02.title"),
            t("lessons.ex02.question", investment=n(e2["investment"]),
              saving=n(e2["saving"]), years=t.number(e2["years"]), rate=pct(e2["rate"])),
            "currency", lambda: _ex2(e2).npv, 60.0, t("lessons.ex02.hint"),
            functools.partial(_sol2, e2, lang),
            mistakes=(
                (lambda: _ex2(e2, rate=0.0).npv, t("lessons.ex02.mistake_undiscounted")),
                (lambda: _ex2(e2, shift=1).npv, t("lessons.ex02.mistake_year0")),
                (lambda: _ex2(e2).pv_benefits - _ex2(e2, shift=1).pv_costs,
                 t("lessons.ex02.mistake_investment")),
                (lambda: _ex2(e2).pv_benefits, t("lessons.ex02.mistake_pv")),
            ), lang=lang, inputs=e2),
        ExerciseSpec(
            "03", t("lessons.ex03.title"),
            t("lessons.ex03.question", revenue=n(e3["revenue"]),
              gross_margin=pct(e3["gross_margin"]), churn=pct(e3["churn"]),
              rate=pct(e3["rate"]), acquisition=n(e3["acquisition"])),
            "currency", lambda: _ex3(e3), 1.0, t("lessons.ex03.hint"),
            functools.partial(_sol3, e3, lang),
            mistakes=(
                (lambda: _ex3(e3, acquisition=0.0), t("lessons.ex03.mistake_acquisition")),
                (lambda: _ex3(e3, convention="start"), t("lessons.ex03.mistake_start")),
                (lambda: _ex3(e3, retention=e3["churn"]), t("lessons.ex03.mistake_churn")),
                (lambda: _ex3(e3, rate=0.0), t("lessons.ex03.mistake_discount")),
                (lambda: _ex3(e3, gross_margin=1.0), t("lessons.ex03.mistake_revenue")),
            ), lang=lang, inputs=e3),
        ExerciseSpec(
            "04", t("lessons.ex04.title"),
            t("lessons.ex04.question", calls=t.number(e4["calls"]), aht=t.number(e4["aht"]),
              level=pct(e4["target_sl"]), seconds=t.number(e4["target_time"])),
            "agents", lambda: _ex4(e4), 0.0,
            t("lessons.ex04.hint", interval=t.number(queueing.INTERVAL_SECONDS)),
            functools.partial(_sol4, e4, lang),
            diagnose=functools.partial(_ex4_diagnose, e=e4, lang=lang), whole=True, lang=lang,
            inputs=e4),
        ExerciseSpec(
            "05", t("lessons.ex05.title"),
            t("lessons.ex05.question", improvement=n(e5["improvement"]),
              attribution=pct(e5["attribution"]), confidence=pct(e5["confidence"]),
              costs=n(e5["costs"])),
            "%", lambda: _ex5(e5), 0.5, t("lessons.ex05.hint"),
            functools.partial(_sol5, e5, lang),
            mistakes=(
                (lambda: _ex5(e5, attribution=1.0, confidence=1.0),
                 t("lessons.ex05.mistake_whole")),
                (lambda: _ex5(e5, confidence=1.0), t("lessons.ex05.mistake_confidence")),
                (lambda: _ex5(e5, attribution=1.0), t("lessons.ex05.mistake_attribution")),
            ), lang=lang, inputs=e5),
        ExerciseSpec(
            "06", t("lessons_room.ex06.title"),
            t("lessons_room.ex06.question", capture=pct(e6["capture_rate"])),
            "currency", lambda: _ex6(e6), 1_000.0, t("lessons_room.ex06.hint"),
            functools.partial(_sol6, e6, lang),
            mistakes=(
                (lambda: _ex6(e6, capture_rate=1.0), t("lessons_room.ex06.mistake_full")),
                (lambda: _ex6(e6, capture_rate=CATALOG["capture_rate"].default),
                 t("lessons_room.ex06.mistake_base")),
            ), lang=lang, inputs=e6),
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


def _spec(key: str, lang: str = DEFAULT_LANGUAGE, learner: str = "") -> ExerciseSpec:
    code = learner_code(learner)
    if code:
        return _learner_spec(key, lang, code)
    found = specs(lang)
    try:
        return found[key]
    except KeyError:
        raise ValueError(f"exercise: no exercise {key!r} (there are "
                         f"{', '.join(found)})") from None


@functools.lru_cache(maxsize=1024)
def _learner_spec(key: str, lang: str, code: str) -> ExerciseSpec:
    problem = language_problem(lang)
    if problem:
        raise ValueError(problem)
    return _specs(lang, {key: learner_inputs(key, code)})[key]


def learner_spec(key: str, lang: str = DEFAULT_LANGUAGE, learner: str = "") -> ExerciseSpec:
    """Exercise ``key`` in ``lang`` with the numbers of the learner ``learner`` (a name or
    a code, :func:`learner_inputs`); without one, the exercise of :func:`specs`."""
    return _spec(key, lang, learner)


def answer(key: str, learner: str = "") -> float:
    """The right answer to exercise ``key`` (for the learner ``learner``, by default the
    fixed numbers), as the package computes it from the question's numbers."""
    return float(_spec(key, learner=learner).answer())


def check(key: str, given, lang: str = DEFAULT_LANGUAGE, learner: str = "") -> Feedback:
    """Right or wrong, with a hint (in ``lang``): compare ``given`` (text as a learner of
    ``lang`` types it, or a number) with :func:`answer` for ``learner``'s numbers."""
    spec = _spec(key, lang, learner)
    t = translator(lang)
    try:
        value = read_answer(given, lang, spec.unit)
    except AnswerError as exc:
        return Feedback(False, str(exc))
    target = float(spec.answer())
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


def answer_text(key: str, lang: str = DEFAULT_LANGUAGE, learner: str = "") -> str:
    """The right answer for ``learner`` as the page shows it: ``30,0 %``, ``4 446,10``,
    ``14 операторов``."""
    spec = _spec(key, lang, learner)
    t = translator(lang)
    x = float(spec.answer())
    if spec.unit == "%":
        return t.percent(x / 100, 1)
    if spec.unit == "agents":
        return _agents(int(x), lang)
    return _n(x, 2, lang)


class Exercise:
    """The question, a box for the learner's name or code, a number box, a Check button
    and the feedback, in ``lang``.

    Checking is on the server: the answer never reaches a learner's page until it is
    given or the worked solution is asked for (the button is there from the start, as a
    trainer may want to go through it with the room). Answers are read as a learner of
    ``lang`` types them (:func:`read_answer`). With a name or code (typed, or ``learner``,
    by default ``?learner=`` of the page), the question's numbers are that learner's
    (:func:`learner_inputs`); in the trainer view (``view="trainer"``, by default
    ``?view=`` of the page) the answer for the code in the box is shown under the
    question, so a trainer can check a learner's result by typing the learner's code.
    """

    def __init__(self, key: str, lang: str = DEFAULT_LANGUAGE, *, learner: str | None = None,
                 view: str | None = None):
        problem = language_problem(lang)
        if problem:
            raise ValueError(problem)
        from .room import check_view, page_learner, page_query, page_view

        self.lang = lang
        t = translator(lang)
        query = page_query() if learner is None or view is None else ""
        self.view = page_view(query) if view is None else check_view(view)
        start = page_learner(query) if learner is None else str(learner)[:CODE_MAX_CHARS]
        self.spec = _spec(key, lang, start)
        self.error = w.HTML()
        self.error.add_class("sr-error")
        s = self.spec
        self.question = w.HTML()
        self.code = w.Text(value=start, placeholder=t("lessons_room.code.placeholder"),
                           continuous_update=False, description=t("lessons_room.code.label"),
                           tooltip=t("lessons_room.code.help"),
                           layout=w.Layout(width="330px"),
                           style={"description_width": "120px"})
        self.code.add_class("sr-learner-code")
        self.code.observe(self._on_code, names="value")
        self.key_note = w.HTML()
        self.key_note.add_class("sr-trainer-answer")
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
        box = w.VBox([self.code, self.question, self.key_note, row, self.error, self.feedback,
                      self.solution])
        box.add_class("sr-exercise-box")
        self.widget = w.VBox([w.HTML(CSS + LESSON_CSS), box])
        self.widget.add_class("sr-lesson")
        self.widget.add_class("sr-exercise")
        self.widget.add_class(f"sr-exercise-{s.key}")
        self.widget.add_class(f"sr-view-{self.view}")
        self._draw()

    @property
    def learner(self) -> str:
        """The learner's code as it counts (:func:`learner_code`); "" for none."""
        return learner_code(self.code.value)

    def _draw(self) -> None:
        t = translator(self.lang)
        s = self.spec
        title = t("lessons.exercise.title", number=s.key, title=s.title)
        self.question.value = (f"<div class='sr-ex-title' lang='{self.lang}'>"
                               f"{html.escape(title)}</div><p>{html.escape(s.question)}</p>")
        if self.view == "trainer":
            who = self.code.value.strip() or t("lessons_room.trainer.no_code")
            note = t("lessons_room.trainer.answer", code=who,
                     answer=answer_text(s.key, self.lang, self.learner))
            self.key_note.value = (f"<div class='sr-trainer' role='note'>{html.escape(note)}"
                                   "</div>")
        else:
            self.key_note.value = ""

    def _ipython_display_(self):
        display(self.widget)

    def set_learner(self, code: str) -> None:
        """Give the exercise the numbers of ``code`` (what typing in the code box does);
        an earlier answer and solution are cleared, as they were for other numbers."""
        if self.code.value != code:
            self.code.value = code  # comes back here through _on_code
            return
        self.spec = _spec(self.spec.key, self.lang, code)
        self.feedback.value = self.solution.value = ""
        self.last = None
        self._draw()

    def submit(self, text) -> Feedback:
        """Check ``text`` and show the feedback (what the Check button does)."""
        fb = check(self.spec.key, text, self.lang, self.learner)
        self.last = fb
        cls = "sr-right" if fb.correct else "sr-wrong"
        self.feedback.value = (f'<div class="{cls}" role="status">{html.escape(fb.message)}'
                               "</div>")
        self.error.value = ""
        return fb

    @guarded
    def _on_code(self, change) -> None:
        if len(str(change.new)) > CODE_MAX_CHARS:  # a client may send any length
            self.code.value = str(change.new)[:CODE_MAX_CHARS]
            return
        self.set_learner(str(change.new))

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


def exercise(key: str, lang: str = DEFAULT_LANGUAGE, *, learner: str | None = None,
             view: str | None = None) -> Exercise:
    """The exercise of lesson ``key`` ("01" … "06") in ``lang``, ready to display; the
    learner's code and the view default to the page's ``?learner=`` and ``?view=``."""
    return Exercise(key, lang=lang, learner=learner, view=view)
