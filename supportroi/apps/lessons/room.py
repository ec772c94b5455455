"""A lesson in a room: the trainer's view and the learners', read from the page's address.

A lesson opened with ``?view=trainer`` shows, under its questions for the group, the
trainer's notes and the answers (:func:`trainer_notes`), and under each exercise the
answer for the learner's code in the box (:class:`~.exercises.Exercise`). Without it (or
with ``?view=learner``) the page is the learner's: the notes are not sent to the page at
all. The view is no secret — anyone can add ``?view=trainer`` — as it is for a room, not
an exam. ``?learner=<name or code>`` gives a learner's exercises their own numbers
(:func:`~.exercises.learner_inputs`). The navigation bar keeps both in its links.

The notes are the messages ``lessons_room.lNN.notes`` and ``lessons_room.lNN.answers`` of
``supportroi/locales/<lang>/lessons_room.yaml``; every figure in an answer is computed here
with the lessons' own explorers (and so the package), never written into the catalog.

>>> page_view("view=trainer&lang=ru"), page_view("view=exam"), page_view("")
('trainer', 'learner', 'learner')
>>> page_learner("learner=Anna%20K&view=trainer")
'Anna K'
>>> room_parameters("lang=ru&view=trainer&learner=a7")
[('view', 'trainer'), ('learner', 'a7')]
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from urllib.parse import parse_qsl

import ipywidgets as w

from ... import queueing
from ...assumptions import CATALOG
from ...formatting import money, percent
from ...i18n import DEFAULT_LANGUAGE, language_problem, translator
from .. import base as _base
from ..base import CSS, read_query_string
from .exercises import CODE_MAX_CHARS
from .explorers import (
    ClvExplorer,
    NpvExplorer,
    RiskExplorer,
    RoiExplorer,
    StaffingExplorer,
    _agents,
)
from .risk_lesson import RiskAppExplorer
from .widgets import LESSON_CSS

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_VIEW", "TRAINER_NOTES", "VIEWS", "check_view", "page_learner", "page_query",
           "page_view", "when_page_query",
           "room_parameters", "trainer_facts", "trainer_notes", "trainer_notes_html"]

#: The views of a lesson: the learner's (the default) and the trainer's.
VIEWS = ("learner", "trainer")
DEFAULT_VIEW = "learner"

#: Each lesson's trainer notes and answers to its questions for the group (message keys).
TRAINER_NOTES: dict[str, tuple[str, str]] = {
    "01": ("lessons_room.l01.notes", "lessons_room.l01.answers"),
    "02": ("lessons_room.l02.notes", "lessons_room.l02.answers"),
    "03": ("lessons_room.l03.notes", "lessons_room.l03.answers"),
    "04": ("lessons_room.l04.notes", "lessons_room.l04.answers"),
    "05": ("lessons_room.l05.notes", "lessons_room.l05.answers"),
    "06": ("lessons_room.l06.notes", "lessons_room.l06.answers"),
}


def check_view(view) -> str:
    """``view`` if it is one of :data:`VIEWS`, else ValueError."""
    if view not in VIEWS:
        raise ValueError(f"view: must be one of {', '.join(VIEWS)}, got {view!r}")
    return view


def _parameter(query: str, name: str) -> str | None:
    for key, value in parse_qsl((query or "").lstrip("?")):
        if key == name:
            return value
    return None


#: What waits for the page's query string: ``callback(query)`` of :func:`when_page_query`.
_WAITING: list[Callable[[str], None]] = []


def _query_known() -> bool:
    """False in a preheated kernel not yet handed to its page (reading would wait)."""
    return not (os.environ.get("VOILA_PREHEAT") == "True" and os.environ.get("VOILA_KERNEL_ID")
                and not _base._REQUEST_READ)


def when_page_query(callback: Callable[[str], None]) -> None:
    """Call ``callback(query)`` with the page's query string: now if it is known, else
    when :func:`page_query` reads it.

    A preheated kernel runs the lesson before anyone asks for the page; a cell that read
    the query would wait there, and every later cell (the explorer and its chart) would
    run only once the page is asked for. So the navigation bar and the trainer's notes
    are built for the learner's view and put right by this callback, and the exercise,
    the lesson's last cell, reads the query (:func:`page_query`)."""
    if _query_known():
        callback(read_query_string())
    else:
        _WAITING.append(callback)


def page_query() -> str:
    """The page's query string (in a preheated kernel: once Voilà hands it to its page),
    after running what waited for it (:func:`when_page_query`)."""
    query = read_query_string()
    while _WAITING:
        callback = _WAITING.pop(0)
        try:
            callback(query)
        except Exception:  # noqa: BLE001 - the page keeps the learner's view, never a traceback
            log.exception("applying the page's query %r failed", query)
    return query


def page_view(query: str | None = None) -> str:
    """The view of a page's query string: "trainer" for ``view=trainer``, otherwise the
    learner's (an unknown view shows the learner's page, which hides nothing from nobody).
    Without ``query``, the page's own (:func:`~supportroi.apps.base.read_query_string`)."""
    value = _parameter(read_query_string() if query is None else query, "view")
    return "trainer" if value == "trainer" else DEFAULT_VIEW


def page_learner(query: str | None = None) -> str:
    """The ``learner`` of a page's query string as typed (spaces at the ends left out, at
    most :data:`~.exercises.CODE_MAX_CHARS` characters); "" for none."""
    value = _parameter(read_query_string() if query is None else query, "learner")
    return (value or "").strip()[:CODE_MAX_CHARS]


def room_parameters(query: str | None = None) -> list[tuple[str, str]]:
    """The parameters a lesson's links keep: ``view`` (only the trainer's, the learner's
    is the default) and ``learner`` when there is one."""
    query = read_query_string() if query is None else query
    out = []
    if page_view(query) == "trainer":
        out.append(("view", "trainer"))
    learner = page_learner(query)
    if learner:
        out.append(("learner", learner))
    return out


# --------------------------------------------------------------------------- figures

def _start(explorer) -> dict:
    return {k.name: k.default for k in explorer.KNOBS}


def _facts_01(lang: str) -> dict[str, str]:
    t = translator(lang)
    base = _start(RoiExplorer)
    now = RoiExplorer.compute(base).appraisal
    more = RoiExplorer.compute(base | {"costs": base["costs"] + 100_000}).appraisal
    even = RoiExplorer.compute(base | {"benefits": base["costs"]}).appraisal
    return dict(added=t.number(100_000), roi=percent(now.roi, digits=0, lang=lang),
                roi_more=percent(more.roi, digits=0, lang=lang),
                months=t.number(now.payback_months, 1),
                months_more=t.number(more.payback_months, 1),
                benefits=t.number(base["costs"]), bcr=t.number(even.bcr, 2),
                months_even=t.number(even.payback_months, 1))


def _facts_02(lang: str) -> dict[str, str]:
    t = translator(lang)
    base = _start(NpvExplorer)
    zero = NpvExplorer.compute(base | {"discount_rate": 0.0}).appraisal
    high = NpvExplorer.compute(base | {"discount_rate": 0.16})
    factors = high.discount_factors
    longer = NpvExplorer.compute(base | {"horizon_years": 5}).appraisal
    now = NpvExplorer.compute(base).appraisal
    return dict(npv_zero=money(zero.npv, lang=lang), years=t.number(base["horizon_years"]),
                benefit=money(base["benefit"], lang=lang),
                investment=money(base["investment"], lang=lang),
                last=t.number(len(factors) - 1), lost=percent(1 - factors[-1], digits=0,
                                                             lang=lang),
                npv=money(now.npv, lang=lang), npv_five=money(longer.npv, lang=lang),
                irr=percent(now.irr, digits=1, lang=lang))


def _facts_03(lang: str) -> dict[str, str]:
    base = _start(ClvExplorer) | {"convention": "end"}

    def clv(**changes) -> float:
        return ClvExplorer.compute(base | changes).clv

    rise = clv(annual_churn=0.15) - clv(annual_churn=0.20)
    rise_high = clv(annual_churn=0.35) - clv(annual_churn=0.40)
    start = clv(convention="start")
    # The CLV is linear in referrals (each adds one acquisition cost to the yearly margin,
    # supportroi.clv.referral_margin): the referrals matching 5 points less churn.
    none, one = clv(annual_churn=0.20), clv(annual_churn=0.20, referrals=1.0)
    referrals = (clv(annual_churn=0.15) - none) / (one - none)
    return dict(rise=money(rise, lang=lang), rise_high=money(rise_high, lang=lang),
                end=money(clv(), lang=lang), start=money(start, lang=lang),
                rate=percent(base["discount_rate"], digits=0, lang=lang),
                referrals=translator(lang).number(referrals, 2))


def _facts_04(lang: str) -> dict[str, str]:
    t = translator(lang)
    base = _start(StaffingExplorer)
    r = StaffingExplorer.compute(base)
    waits = [StaffingExplorer.compute(base | {"agents": base["agents"] - k}).asa
             for k in (0, 1, 2)]
    double = StaffingExplorer.compute(base | {"contacts": 2 * base["contacts"]}).needed
    shorter = StaffingExplorer.compute(base | {"aht": round(0.9 * base["aht"])}).needed
    return dict(agents=_agents(base["agents"], lang),
                waits=" → ".join(t("lessons_room.seconds", s=t.number(x, 0)) for x in waits),
                needed=_agents(r.needed, lang), double=_agents(double, lang),
                twice=_agents(2 * r.needed, lang), freed=_agents(r.needed - shorter, lang),
                tenth=t.number(r.needed / 10, 1),
                interval=t.number(queueing.INTERVAL_SECONDS))


def _facts_05(lang: str) -> dict[str, str]:
    base = _start(RiskExplorer)

    def roi_at(**changes) -> float:
        return RiskExplorer.compute(base | changes).after.roi

    # The counted benefits are proportional to the attribution: the ROI is 0 where they
    # equal the counted costs, at costs ÷ (benefits counted at 100 % attribution).
    whole = RiskExplorer.compute(base | {"attribution": 1.0}).adjusted
    zero = whole.costs / whole.benefits
    confidence = roi_at(confidence=base["confidence"] - 0.1)
    cost = roi_at(cost_risk=base["cost_risk"] + 0.1)
    worse = ("lessons_room.l05.worse_confidence" if confidence < cost
             else "lessons_room.l05.worse_cost")
    return dict(worse=translator(lang)(worse), roi=percent(roi_at(), digits=0, lang=lang),
                roi_half=percent(roi_at(attribution=0.5), digits=0, lang=lang),
                roi_confidence=percent(confidence, digits=0, lang=lang),
                roi_cost=percent(cost, digits=0, lang=lang),
                attribution=percent(zero, digits=1, lang=lang))


def _facts_06(lang: str) -> dict[str, str]:
    base = _start(RiskAppExplorer)
    now = RiskAppExplorer.compute(base)
    low = RiskAppExplorer.compute(base | {"capture_rate": 0.25})
    top = now.tornado.table.iloc[0]
    return dict(capture=percent(base["capture_rate"], digits=0, lang=lang),
                npv=money(now.npv, lang=lang), npv_low=money(low.npv, lang=lang),
                p_roi=percent(now.monte_carlo.p_roi_positive, digits=0, lang=lang),
                p_roi_low=percent(low.monte_carlo.p_roi_positive, digits=0, lang=lang),
                top=_label(top["name"], lang),
                capture_be=percent(now.capture_break_even.value, digits=1, lang=lang),
                p10=money(now.monte_carlo.npv_p10, lang=lang))


def _label(name: str, lang: str) -> str:
    return CATALOG[name].text(lang)[0]


_FACTS: dict[str, Callable[[str], dict[str, str]]] = {
    "01": _facts_01, "02": _facts_02, "03": _facts_03, "04": _facts_04, "05": _facts_05,
    "06": _facts_06,
}


def _check(key: str, lang: str) -> None:
    problem = language_problem(lang)
    if problem:
        raise ValueError(f"trainer_notes: {problem}, got {lang!r}")
    if key not in TRAINER_NOTES:
        raise ValueError(f"trainer_notes: no lesson {key!r}; the lessons are "
                         + ", ".join(TRAINER_NOTES))


def trainer_facts(key: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The figures the answers of lesson ``key`` quote, formatted in ``lang``."""
    _check(key, lang)
    return _FACTS[key](lang)


def trainer_notes_html(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Lesson ``key``'s trainer notes and answers as HTML in ``lang``: one paragraph per
    line of the notes, one list item per line of the answers, every figure escaped."""
    _check(key, lang)
    t = translator(lang)
    notes_key, answers_key = TRAINER_NOTES[key]
    facts = trainer_facts(key, lang)
    notes = "".join(f"<p>{html.escape(line)}</p>" for line in t(notes_key, **facts).splitlines()
                    if line.strip())
    answers = "".join(f"<li>{html.escape(line)}</li>" for line in
                      t(answers_key, **facts).splitlines() if line.strip())
    return (f"<div class='sr-trainer-notes-box' lang='{lang}' role='note'>"
            f"<div class='sr-ex-title'>{html.escape(t('lessons_room.trainer.heading'))}</div>"
            f"{notes}<b>{html.escape(t('lessons_room.trainer.answers'))}</b>"
            f"<ol>{answers}</ol></div>")


_STYLE = """<style>
.sr-trainer-notes-box { border-left: 4px solid #b9770e; background: #fdf5e6;
                        padding: 0.4em 0.9em; margin: 0.4em 0; }
.sr-trainer { border-left: 4px solid #b9770e; background: #fdf5e6; padding: 0.2em 0.6em; }
</style>"""


def trainer_notes(key: str, lang: str = DEFAULT_LANGUAGE, *, view: str | None = None) -> w.HTML:
    """Lesson ``key``'s notes for the trainer and answers to its questions for the group,
    in ``lang``: shown in the trainer view (``view="trainer"``, by default the page's
    ``?view=``), an empty widget in the learner's (the notes never reach the page)."""
    _check(key, lang)
    box = w.HTML()
    box.add_class("sr-trainer-notes")

    def show(shown: str) -> None:
        box.remove_class(f"sr-view-{DEFAULT_VIEW if shown == 'trainer' else 'trainer'}")
        box.add_class(f"sr-view-{shown}")
        box.value = (CSS + LESSON_CSS + _STYLE + trainer_notes_html(key, lang)
                     if shown == "trainer" else "")
        box.layout.display = None if shown == "trainer" else "none"

    if view is None:
        show(DEFAULT_VIEW)   # until the page's ?view= is known
        when_page_query(lambda query: show(page_view(query)))
    else:
        show(check_view(view))
    return box

