"""The lessons in a real headless Chromium, served as one folder by Voilà."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from supportroi.apps import lessons
from supportroi.i18n import translator

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lessons_url():
    # Preheated as served, the lessons this module opens (not the Russian and Chinese copies).
    with voila_server("notebooks/lessons",
                      preheat=[Path(nb).stem for _, nb, _ in lessons.LESSONS.values()]) as base:
        yield base


@pytest.mark.parametrize("key", list(lessons.LESSONS))
def test_lesson_page(lessons_url, new_page, key):
    _title, notebook, _ = lessons.LESSONS[key]
    page = new_page()
    page.goto(f"{lessons_url}voila/render/{notebook}")
    # The interactive: its cards and its chart (a PNG in an Image widget).
    lesson = page.locator(f".sr-lesson-{key}")
    expect(lesson.locator(".sr-card").first).to_be_visible(timeout=60_000)
    expect(lesson.locator("img.sr-lesson-chart")).to_have_attribute(
        "src", re.compile(r"^(blob:|data:image/png)"))
    assert page.locator(f".sr-lesson-{key} .widget-slider").count() >= 2
    # The prose and its formula are on the page, the code is not.
    assert f"Lesson {int(key)}" in page.inner_text("body")
    assert "lessons.exercise" not in page.inner_text("body")

    # The exercise: a wrong answer, then the right one.
    exercise = page.locator(f".sr-exercise-{key}")
    box = exercise.locator(".sr-answer input")
    feedback = exercise.locator(".sr-feedback")
    box.fill("-999999")
    exercise.locator(".sr-check").click()
    expect(feedback).to_contain_text("Not quite", timeout=30_000)
    right = lessons.answer(key)
    box.fill(f"{right:.2f}")
    exercise.locator(".sr-check").click()
    expect(feedback).to_contain_text("Correct", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"lesson-{key}.png"), full_page=True)
    assert_clean(page)


def test_trainer_view_and_a_learner_s_numbers(lessons_url, new_page):
    code = "anna-7"
    page = new_page()
    # Voilà sends the page once every cell has run: generous under load.
    page.goto(f"{lessons_url}voila/render/06_risk_app.ipynb?view=trainer&learner={code}",
              timeout=180_000)
    notes = page.locator(".sr-trainer-notes-box")
    expect(notes).to_be_visible(timeout=90_000)
    assert notes.locator("li").count() == 4
    exercise = page.locator(".sr-exercise-06")
    expect(exercise.locator(".sr-learner-code input")).to_have_value(code, timeout=30_000)
    expect(exercise.locator(".sr-trainer-answer")).to_contain_text(
        lessons.answer_text("06", "en", code))
    right = lessons.answer("06", code)
    exercise.locator(".sr-answer input").fill(f"{right:.2f}")
    exercise.locator(".sr-check").click()
    expect(exercise.locator(".sr-feedback")).to_contain_text("Correct", timeout=30_000)
    # the bar keeps the view and the learner
    href = page.locator(".sr-nav-previous").get_attribute("href")
    assert href == f"05_risk_attribution_intangibles.ipynb?view=trainer&learner={code}"
    assert_clean(page)

    learner = new_page()
    learner.goto(f"{lessons_url}voila/render/06_risk_app.ipynb?learner={code}",
                 timeout=180_000)
    exercise = learner.locator(".sr-exercise-06")
    expect(exercise.locator(".sr-learner-code input")).to_have_value(code, timeout=90_000)
    assert learner.locator(".sr-trainer-notes-box").count() == 0
    assert lessons.answer_text("06", "en", code) not in learner.inner_text("body")
    # typing another code redraws the question with that learner's numbers
    other = "boris"
    capture = lessons.learner_inputs("06", other)["capture_rate"]
    box = exercise.locator(".sr-learner-code input")
    box.fill(other)
    box.press("Enter")
    expect(exercise).to_contain_text(f"capture rate of {translator('en').percent(capture, 0)}",
                                     timeout=30_000)
    assert_clean(learner)


def test_a_slider_moves_the_figures(lessons_url, new_page):
    page = new_page()
    page.goto(f"{lessons_url}voila/render/01_roi_bcr_payback.ipynb")
    roi = page.locator(".sr-lesson-01 .sr-roi .sr-value")
    expect(roi).to_have_text("76 %", timeout=60_000)  # Phillips: 750,000 / 425,000
    readout = page.locator(".sr-lesson-01 .sr-costs .widget-readout")
    readout.click()
    readout.fill("750000")
    readout.press("Enter")
    expect(roi).to_have_text("0 %")
    expect(page.locator(".sr-lesson-01 .sr-bcr .sr-value")).to_have_text("1.00")
    assert_clean(page)


def test_folder_lists_the_lessons(lessons_url, new_page):
    page = new_page()
    page.goto(lessons_url)
    for _, notebook, _ in lessons.LESSONS.values():
        expect(page.get_by_text(notebook)).to_be_visible(timeout=30_000)
