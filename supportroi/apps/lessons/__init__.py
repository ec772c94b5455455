"""Lessons for trainers: the interactive pieces and exercise checkers of ``notebooks/lessons``.

Each lesson notebook stays thin — prose in markdown, then::

    from supportroi.apps import lessons
    lessons.roi_explorer()
    lessons.exercise("01")

Six lessons, one explorer each (sliders → figures and a chart):

====  ==========================  ===========================================
key   explorer                    teaches
====  ==========================  ===========================================
01    :func:`roi_explorer`        ROI, BCR and payback (Phillips)
02    :func:`npv_explorer`        discounting, NPV, why year 0 is not
                                  discounted (TEI), IRR
03    :func:`clv_explorer`        CLV, churn and lifetime, referrals;
                                  :func:`service_recovery` for TARP
04    :func:`staffing_explorer`   Erlang C staffing, service level, waiting
05    :func:`risk_explorer`       TEI risk adjustment, Phillips attribution
                                  and confidence
06    :func:`risk_app_explorer`   what the risk app does: capture rate,
                                  tornado, Monte Carlo, break-even
====  ==========================  ===========================================

and one exercise each (:func:`exercise`): a question, a number box and a Check
button. :func:`check` compares the answer with the one the package computes
(never a number typed into this file) within a tolerance and answers right or
wrong with a hint; common mistakes get their own hint.

Nothing here re-implements the finance: every ROI, BCR, NPV, IRR and payback
comes from :mod:`supportroi.finance`, every CLV from :mod:`supportroi.clv`,
every queueing figure from :mod:`supportroi.queueing`. This package only
chooses the examples, lays out widgets and draws charts.

Every piece speaks English, Russian or Chinese: the builders, the explorer
classes, :func:`service_recovery`, :func:`exercise` and :func:`check` take
``lang="en"`` (``"ru"``, ``"zh"``; any other is refused with a ValueError), e.g.
``lessons.roi_explorer(lang="ru")``, ``lessons.exercise("01", lang="zh")``. The
texts are the ``lessons.*`` messages of ``supportroi/locales/<lang>/lessons.yaml``;
figures, money (the lessons' ``$`` as before) and percentages are in the
language's format. Outside English each slider has a text box beside it, read on
the server in the language (``0,08``, ``8,5 %``), since the browser would read a
Russian ``0,08`` typed in a slider's readout as 0. :func:`read_answer` reads an
answer as a learner of the language types it (``12,5 %``, ``1 234,5``,
``１２.５％``) and refuses what could be read two ways (a Russian ``1,234``);
:func:`specs` gives the exercises' texts in a language (:data:`EXERCISES` are the
English ones).

As in the apps, a browser can set any widget's value (and its bounds) over the
websocket, so every slider value is checked here on the server side, bounds a
client changes are put back, and a callback that fails shows a short message,
never a traceback.

A lesson is taught in a room (``room``): with ``?view=trainer`` the page shows the
trainer's notes and the answers to the questions for the group (:func:`trainer_notes`,
from the catalog, figures computed) and each exercise the answer for a learner's code;
a learner's name or code (typed, or ``?learner=``) gives the exercises that learner's
own numbers (:func:`learner_inputs`), checked against the package's answer for them.

The package: ``widgets`` (knobs, the chart, the explorer base class),
``explorers`` (the five first explorers, :func:`service_recovery`,
:func:`risk_adjust`) ``risk_lesson`` (lesson 06's explorer), ``exercises`` (the questions and their
checker) and ``room`` (the trainer's view).
"""

from .exercises import (
    CODE_MAX_CHARS,
    EXERCISES,
    FIXED,
    VARY,
    AnswerError,
    Exercise,
    ExerciseSpec,
    Feedback,
    answer,
    answer_text,
    check,
    exercise,
    learner_code,
    learner_inputs,
    learner_spec,
    parse_number,
    read_answer,
    specs,
)
from .explorers import (
    LESSONS,
    PHILLIPS_BENEFITS,
    PHILLIPS_COSTS,
    RECOVERY_LABELS,
    Adjusted,
    ClvExplorer,
    NpvExplorer,
    RiskExplorer,
    RoiExplorer,
    StaffingExplorer,
    clv_explorer,
    npv_explorer,
    risk_adjust,
    risk_explorer,
    roi_explorer,
    service_recovery,
    staffing_explorer,
)
from .risk_lesson import RiskAppExplorer, RiskAppResult, risk_app_explorer
from .room import TRAINER_NOTES, VIEWS, page_learner, page_view, trainer_notes
from .widgets import LESSON_CSS, Knob

__all__ = [
    "Knob", "Adjusted", "risk_adjust", "Feedback", "ExerciseSpec", "EXERCISES", "LESSONS",
    "parse_number", "read_answer", "AnswerError", "specs", "answer", "check", "exercise",
    "Exercise", "RECOVERY_LABELS",
    "RoiExplorer", "NpvExplorer", "ClvExplorer", "StaffingExplorer", "RiskExplorer",
    "roi_explorer", "npv_explorer", "clv_explorer", "staffing_explorer", "risk_explorer",
    "service_recovery", "LESSON_CSS", "PHILLIPS_BENEFITS", "PHILLIPS_COSTS",
    "RiskAppExplorer", "RiskAppResult", "risk_app_explorer", "TRAINER_NOTES", "VIEWS",
    "page_view", "page_learner", "trainer_notes", "FIXED", "VARY", "CODE_MAX_CHARS",
    "learner_code", "learner_inputs", "learner_spec", "answer_text",
]
