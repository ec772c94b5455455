"""Lessons in a room: the trainer's view, learners' own numbers, lesson 6 (no browser)."""

import html
import json
import re
import time
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest

from supportroi import evaluate
from supportroi.apps import lessons
from supportroi.apps.lessons import room
from supportroi.apps.lessons.navigation import lesson_links, lesson_navigation
from supportroi.assumptions import CATALOG
from supportroi.i18n import LANGUAGES, translator
from supportroi.risk import monte_carlo

from .test_lessons import _break_even_tech_cost

ROOT = Path(__file__).resolve().parents[1]
LESSON_DIR = ROOT / "notebooks" / "lessons"
KEYS = list(lessons.LESSONS)
BAD_TEXT = re.compile(r"Traceback|\bnan\b|\binf\b|NaN|\{\w+\}|lessons_room\.", re.IGNORECASE)
SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh": re.compile("[\u4e00-\u9fff]")}
CODES = [f"learner-{i}" for i in range(30)] + ["Anna K", "Борис", "王芳", "x" * 40]


def notebook(key: str, lang: str = "en") -> dict:
    folder = LESSON_DIR if lang == "en" else LESSON_DIR / lang
    (path,) = folder.glob(f"{key}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def group_questions(key: str) -> int:
    """How many questions for the group the English lesson asks."""
    cell = next("".join(c["source"]) for c in notebook(key)["cells"]
                if "".join(c["source"]).startswith("Questions for the group"))
    return len(re.findall(r"^\d+\. ", cell.split("\n## ")[0], re.MULTILINE))


# --------------------------------------------------------------------------- the view

def test_the_view_is_read_from_the_query_string():
    assert room.page_view("view=trainer") == "trainer"
    assert room.page_view("?lang=ru&view=trainer") == "trainer"
    for query in ("", "view=learner", "view=Trainer", "view=exam", "view="):
        assert room.page_view(query) == "learner", query
    assert room.page_learner("learner=%20Anna%20K%20") == "Anna K"
    assert room.page_learner("learner=" + "y" * 500) == "y" * lessons.CODE_MAX_CHARS
    with pytest.raises(ValueError, match="view: must be one of learner, trainer"):
        room.check_view("exam")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_trainer_notes_only_in_the_trainer_view(key, lang):
    hidden = lessons.trainer_notes(key, lang=lang, view="learner")
    assert hidden.value == "" and hidden.layout.display == "none"
    shown = lessons.trainer_notes(key, lang=lang, view="trainer")
    assert shown.layout.display != "none"
    text = shown.value
    assert "sr-trainer-notes-box" in text and f"lang='{lang}'" in text
    # one answer for each question the lesson asks the group
    assert text.count("<li>") == group_questions(key)
    plain = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.DOTALL)
    assert not BAD_TEXT.search(plain), plain
    if lang != "en":
        assert SCRIPT[lang].search(plain)
        english = re.sub(r"<style>.*?</style>|<[^>]+>", " ",
                         room.trainer_notes_html(key, "en"), flags=re.DOTALL)
        assert plain.strip() != english.strip()


def test_the_page_s_view_decides(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=ru&view=trainer&learner=Anna")
    assert "<li>" in lessons.trainer_notes("01", lang="ru").value
    ex = lessons.exercise("01", lang="ru")
    assert ex.view == "trainer" and ex.code.value == "Anna"
    assert ex.spec.inputs == lessons.learner_inputs("01", "anna")
    assert "Anna" in ex.key_note.value
    monkeypatch.setenv("QUERY_STRING", "lang=ru")
    assert lessons.trainer_notes("01", lang="ru").value == ""
    ex = lessons.exercise("01", lang="ru")
    assert ex.view == "learner" and ex.key_note.value == "" and ex.code.value == ""
    assert ex.spec.inputs == lessons.FIXED["01"]


def test_trainer_answers_quote_independently_computed_figures():
    en = room.trainer_facts
    # 01: (750,000 − 525,000) ÷ 525,000 = 42.9 %; payback 12 × 525 / 750 = 8.4 months.
    assert en("01")["roi_more"] == "43 %" and en("01")["months_more"] == "8.4"
    # 02: 3 × 45,000 − 100,000 at 0 %; year 3 at 16 % keeps 1 / 1.16³ of its value.
    assert en("02")["npv_zero"] == "$35,000"
    assert en("02")["lost"] == f"{100 * (1 - 1 / 1.16 ** 3):.0f} %"
    assert en("02")["irr"] == f"{100 * npf.irr([-100_000, 45_000, 45_000, 45_000]):.1f} %"
    # 03: CLV = m·r / (1 + i − r) − AC (end of year) with margin 120 + k × 150 referrals.
    def clv(m, churn, i=0.10, ac=150.0):
        r = 1 - churn
        return m * r / (1 + i - r) - ac
    k = float(en("03")["referrals"])
    assert clv(120 + k * 150, 0.20) == pytest.approx(clv(120, 0.15), abs=0.01 * 150 * 0.8 / 0.3)
    assert en("03")["rise"] == f"${clv(120, 0.15) - clv(120, 0.20):.0f}"
    # 05: ROI 0 where 800,000 × a × 90 % × 90 % = 425,000 × 105 %.
    assert en("05")["attribution"] == f"{100 * 425_000 * 1.05 / (800_000 * 0.9 * 0.9):.1f} %"
    # 06: the model's NPV at the quoted break-even capture rate is 0 (to its rounding).
    be = float(en("06")["capture_be"].rstrip(" %")) / 100
    npv = [evaluate({"capture_rate": x}).appraisal.npv for x in (be - 0.001, be + 0.001)]
    assert npv[0] < 0 < npv[1]


# --------------------------------------------------------------------------- learners' numbers

def test_without_a_code_the_numbers_are_the_lessons():
    for key in lessons.EXERCISES:
        assert lessons.learner_inputs(key) == lessons.FIXED[key]
        assert lessons.learner_spec(key) is lessons.EXERCISES[key]
        assert lessons.answer(key, learner="   ") == lessons.answer(key)


@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_a_code_draws_numbers_on_the_grid_always_the_same(key):
    drawn = [lessons.learner_inputs(key, code) for code in CODES]
    assert drawn == [lessons.learner_inputs(key, code) for code in CODES]  # same code, same
    assert lessons.learner_inputs(key, " ANNA   k ") == lessons.learner_inputs(key, "anna k")
    assert len({tuple(d.values()) for d in drawn}) >= min(10, len(CODES) // 3)
    for d in drawn:
        assert set(d) == set(lessons.VARY[key])
        for name, (low, high, step) in lessons.VARY[key].items():
            x = d[name]
            assert low - 1e-12 <= x <= high + 1e-12
            assert abs((x - low) / step - round((x - low) / step)) < 1e-9
    if key == "06":  # the capture rates of its two common mistakes are never drawn
        assert not {d["capture_rate"] for d in drawn} & {0.75, 1.0}


@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_each_learner_s_answer_is_checked_against_their_own_numbers(key):
    differs = 0
    for code in CODES:
        right = lessons.answer(key, learner=code)
        assert np.isfinite(right)
        assert lessons.check(key, right, learner=code).correct
        spec = lessons.learner_spec(key, learner=code)
        assert not lessons.check(key, right * 1.5 + 7, learner=code).correct
        for wrong, hint in spec.mistakes:
            fb = lessons.check(key, wrong(), learner=code)
            assert not fb.correct and hint in fb.message, (code, spec.inputs)
        fixed = lessons.answer(key)
        if abs(fixed - right) > 4 * spec.tolerance + 1e-9:
            differs += 1
            assert not lessons.check(key, fixed, learner=code).correct
    assert differs >= len(CODES) // 2  # the lesson's answer does not do for most learners


def test_learners_answers_match_independent_computations():
    for code in CODES[:8]:
        e = lessons.learner_inputs("01", code)
        assert lessons.answer("01", code) == pytest.approx(
            100 * (e["benefits"] - e["costs"]) / e["costs"])
        e = lessons.learner_inputs("02", code)
        flows = [-e["investment"]] + [e["saving"]] * e["years"]
        assert lessons.answer("02", code) == pytest.approx(float(npf.npv(e["rate"], flows)))
        e = lessons.learner_inputs("05", code)
        benefits = e["improvement"] * e["attribution"] * e["confidence"]
        assert lessons.answer("05", code) == pytest.approx(
            100 * (benefits - e["costs"]) / e["costs"])
        e = lessons.learner_inputs("06", code)
        assert lessons.answer("06", code) == pytest.approx(
            _break_even_tech_cost(e["capture_rate"]), rel=1e-6)


def test_every_capture_rate_a_learner_can_draw_has_a_break_even():
    low, high, step = lessons.VARY["06"]["capture_rate"]
    for x in np.arange(low, high + step / 2, step):
        assert lessons.exercises._ex6({"capture_rate": round(float(x), 10)}) > 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typing_a_code_gives_the_exercise_its_numbers(lang):
    t = translator(lang)
    ex = lessons.exercise("01", lang=lang, learner="", view="learner")
    assert t.number(lessons.FIXED["01"]["costs"]) in ex.question.value
    ex.submit("30")
    assert ex.last.correct
    ex.code.value = "Anna K"
    mine = lessons.learner_inputs("01", "Anna K")
    assert ex.spec.inputs == mine and ex.learner == "anna k"
    assert t.number(mine["costs"]) in ex.question.value
    assert ex.feedback.value == "" and ex.last is None  # the old answer was for other numbers
    assert ex.key_note.value == ""  # no answer shown to a learner
    right = lessons.answer("01", "Anna K")
    assert ex.submit(f"{right:.2f}").correct
    ex.show.click()
    assert t.number(mine["costs"]) in ex.solution.value
    ex.code.value = "z" * 500  # a client may send any length: cut, then read
    assert ex.code.value == "z" * lessons.CODE_MAX_CHARS
    assert ex.spec.inputs == lessons.learner_inputs("01", "z" * 40)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_the_trainer_sees_the_answer_for_a_code(key, lang):
    ex = lessons.exercise(key, lang=lang, learner="", view="trainer")
    assert lessons.answer_text(key, lang) in ex.key_note.value
    ex.code.value = "learner-3"
    text = ex.key_note.value
    assert "learner-3" in text and lessons.answer_text(key, lang, "learner-3") in text
    assert not BAD_TEXT.search(text)
    if lang != "en":
        assert SCRIPT[lang].search(text)


def test_the_trainer_s_answer_is_the_checker_s():
    for key in lessons.EXERCISES:
        for code in CODES[:5]:
            shown = lessons.answer_text(key, "en", code)
            typed = shown.split()[0] if key == "04" else shown
            assert lessons.check(key, typed, learner=code).correct, (key, code, shown)


# --------------------------------------------------------------------------- navigation

def test_the_bar_keeps_the_view_and_the_learner():
    bar = lesson_navigation("02", lang="ru", query="lang=ru&view=trainer&learner=Anna K")
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', bar.value)]
    lesson_hrefs = [h for h in hrefs if "index.ipynb" not in h and "roi_dashboard" not in h]
    assert len(lesson_hrefs) == 4  # previous, next and the lesson in English and Chinese
    assert lesson_hrefs and all("view=trainer&learner=Anna%20K" in h for h in lesson_hrefs)
    assert "01_roi_bcr_payback.ipynb?lang=ru&view=trainer&learner=Anna%20K" in hrefs
    assert "../../roi_dashboard.ipynb?lang=ru" in hrefs  # the app and the landing page
    assert "../../index.ipynb?lang=ru" in hrefs          # are not lessons
    plain = lesson_navigation("02", lang="ru", query="lang=ru&view=learner")
    assert "view=" not in plain.value and "learner=" not in plain.value
    links = {link.role: link.href for link in lesson_links("06", "en", [("view", "trainer")])}
    assert links["previous"] == "05_risk_attribution_intangibles.ipynb?view=trainer"
    assert "next" not in links and links["app"] == "../risk_and_sensitivity.ipynb"


# --------------------------------------------------------------------------- lesson 6

@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_6_explorer_shows_the_risk_functions_figures(lang):
    ex = lessons.risk_app_explorer(lang=lang)
    r = ex.result
    t = translator(lang)
    base = {name: a.default for name, a in CATALOG.items()}
    assert r.npv == pytest.approx(evaluate(base).appraisal.npv)
    mc = monte_carlo(base, r.monte_carlo.ranges, n=lessons.risk_lesson.MC_DRAWS)
    assert r.monte_carlo.npv_p10 == mc.npv_p10 and r.monte_carlo.p_roi_positive == \
        mc.p_roi_positive
    assert len(r.monte_carlo.ranges) == 4
    assert t.money(r.npv, "USD") in ex.cards.value.replace("US$", "$") or \
        lessons.risk_lesson.money(r.npv, "$", lang=lang) in ex.cards.value
    # break-even: the model's NPV changes sign there
    x = r.capture_break_even.value
    assert evaluate(base | {"capture_rate": x - 1e-3}).appraisal.npv < 0 < evaluate(
        base | {"capture_rate": x + 1e-3}).appraisal.npv
    assert r.cost_break_even.value == pytest.approx(_break_even_tech_cost(0.75), rel=1e-6)
    # the tornado's widest bar is named in the explanation, in the language
    top = r.tornado.table.iloc[0]["name"]
    assert CATALOG[top].text(lang)[0] in ex.explain.value
    text = ex.cards.value + ex.explain.value
    assert not BAD_TEXT.search(text)
    if lang != "en":
        assert SCRIPT[lang].search(text)
    assert ex.chart.value[:4] == b"\x89PNG"


def test_lesson_6_slider_moves_every_view():
    ex = lessons.risk_app_explorer()
    before = ex.result
    start = time.perf_counter()
    ex.widgets["capture_rate"].value = 0.25
    took = time.perf_counter() - start
    after = ex.result
    assert after.values["capture_rate"] == 0.25
    assert after.npv < before.npv and after.monte_carlo.npv_p50 < before.monte_carlo.npv_p50
    assert after.cost_break_even.value < before.cost_break_even.value
    assert after.capture_break_even.value == pytest.approx(before.capture_break_even.value)
    assert took < 10.0  # ~0.3 s on an idle core; generous for a shared machine
    ex.widgets["capture_rate"].value = 1.5  # a client sending a value past the bounds
    assert ex.result.values["capture_rate"] == 0.25 and "sr-warning" in ex.inputs.notice.value


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_every_lesson_calls_its_trainer_notes(key, lang):
    code = ["".join(c["source"]) for c in notebook(key, lang)["cells"]
            if c["cell_type"] == "code"]
    arg = "" if lang == "en" else f', lang="{lang}"'
    assert f'lessons.trainer_notes("{key}"{arg})' in code
