"""The five lessons in a real headless Chromium, served as one folder by Voilà."""

import re

import pytest
from playwright.sync_api import expect

from supportroi.apps import lessons

from .conftest import ARTIFACTS, assert_clean, voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lessons_url():
    with voila_server("notebooks/lessons") as base:
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
