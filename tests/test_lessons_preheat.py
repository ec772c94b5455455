"""A lesson in a preheated kernel: only its last cell waits for the page's request.

A preheated kernel runs the notebook before anyone asks for the page; a cell that reads
the query string waits there for the request, and every cell after it runs only once the
page is asked for. The navigation bar and the trainer's notes are therefore built for the
learner's view and put right once the exercise (the last cell) has read the request.
"""

import pytest

from supportroi.apps import base, lessons
from supportroi.apps.lessons import room
from supportroi.apps.lessons.navigation import lesson_navigation


@pytest.fixture
def preheated(monkeypatch):
    """A kernel waiting for its page; the request brings ``view=trainer&learner=a7``."""
    waits = []

    def wait():
        waits.append(1)
        monkeypatch.setenv("QUERY_STRING", "view=trainer&learner=a7")

    for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-1",
                       "QUERY_STRING": ""}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(base, "_REQUEST_READ", False)
    monkeypatch.setattr(base, "_wait_for_request", wait)
    monkeypatch.setattr(room, "_WAITING", [])
    return waits


def test_only_the_exercise_waits_and_the_bar_and_notes_follow_the_request(preheated):
    bar = lesson_navigation("01")
    lessons.roi_explorer()
    notes = lessons.trainer_notes("01")
    assert preheated == []                      # nothing waited for the page yet
    assert "view=trainer" not in bar.value and notes.value == ""
    assert notes.layout.display == "none" and "sr-view-learner" in notes._dom_classes

    ex = lessons.exercise("01")
    assert preheated == [1] and room._WAITING == []
    assert "view=trainer" in bar.value and "learner=a7" in bar.value
    assert notes.value != "" and notes.layout.display is None
    assert "sr-view-trainer" in notes._dom_classes and "sr-view-learner" not in notes._dom_classes
    assert ex.view == "trainer" and ex.code.value == "a7"


def test_without_preheating_each_reads_the_query_at_once(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "view=trainer")
    monkeypatch.setattr(room, "_WAITING", [])
    bar, notes = lesson_navigation("02"), lessons.trainer_notes("02")
    assert "view=trainer" in bar.value and notes.value != "" and room._WAITING == []
    monkeypatch.setenv("QUERY_STRING", "")
    assert lessons.trainer_notes("02").value == ""
