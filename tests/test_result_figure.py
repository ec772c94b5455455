"""The dashboard's reused chart figure: what it draws and when it skips drawing.

:class:`~supportroi.apps.charts.ResultFigure` draws what does not move once (a
background) and later renders paint only the moving artists over it; a render
that would show the same charts returns the last PNG without drawing.
"""

import io

import numpy as np
from PIL import Image

from supportroi.apps.charts import ResultFigure
from supportroi.apps.dashboard import Dashboard
from supportroi.model import evaluate
from supportroi.scenarios import Scenario


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


#: (language, scenario overrides, currency): payback on both sides of the 0.6 × horizon
#: mark, no payback at all, groups coming and going from the legend, another horizon and
#: another currency, in the three languages.
STEPS = [
    ("en", {}, None),
    ("en", {"benefit_risk": 0.3}, None),
    ("en", {"benefit_risk": 0.85}, None),          # pays back late (label on the left)
    ("en", {"tech_one_time_cost": 3e6}, None),     # never pays back
    ("en", {"agents_added": 5}, None),             # a staffing group in the legend
    ("ru", {"agents_added": 5}, None),
    ("ru", {"horizon_years": 6}, None),
    ("zh", {"horizon_years": 6}, "CNY"),
    ("zh", {}, "CNY"),
    ("en", {"benefit_risk": 0.2}, "EUR"),
]


def test_a_reused_figure_draws_what_a_new_one_draws():
    reused = ResultFigure()
    for lang, overrides, currency in STEPS:
        ev = evaluate(Scenario(overrides))
        reused.set_language(lang)
        fresh = ResultFigure(lang=lang)
        assert np.array_equal(pixels(reused.render(ev, currency)),
                              pixels(fresh.render(ev, currency))), (lang, overrides, currency)
    # Most renders painted over the kept background: only a new language, horizon,
    # currency or legend drew the figure whole.
    assert reused.draws == len(STEPS) and reused.full_draws < reused.draws


def test_no_redraw_when_the_charts_would_not_change():
    figure = ResultFigure()
    ev = evaluate(Scenario({"benefit_risk": 0.3}))
    png = figure.render(ev)
    assert (figure.draws, figure.full_draws) == (1, 1)
    assert figure.render(evaluate(Scenario({"benefit_risk": 0.3}))) is png
    assert figure.draws == 1
    moved = figure.render(evaluate(Scenario({"benefit_risk": 0.31})))
    assert moved != png and (figure.draws, figure.full_draws) == (2, 1)
    figure.set_language("ru")   # the same figures in another language are drawn again
    assert figure.render(ev) != png and figure.full_draws == 2


def test_dashboard_does_not_redraw_for_a_title():
    app = Dashboard()
    draws, shown = app.figure.draws, app.chart.value
    app.controls.meta["title"] = "Our pilot"   # as the title box does; the chart has no title
    app._changed(set())
    assert app.error.value == "" and app.figure.draws == draws and app.chart.value == shown
    app.controls.assumptions.widgets["benefit_risk"].value = 0.2
    assert app.figure.draws == draws + 1 and app.chart.value != shown
