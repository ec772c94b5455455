"""The risk app's views, each built alone over the scenario controls and poked without a browser."""

import re

import pytest

from supportroi import risk
from supportroi.apps.charts import BLANK_PNG
from supportroi.apps.controls import ScenarioControls
from supportroi.apps.risk.break_even import BreakEvenView
from supportroi.apps.risk.common import DEFAULT_MC_PICKS, default_ranges, format_value
from supportroi.apps.risk.monte_carlo import MonteCarloView, default_picks, valid_seed
from supportroi.apps.risk.scenarios import ThreeScenariosView, three_table
from supportroi.apps.risk.tornado import TornadoView
from supportroi.assumptions import CATALOG
from supportroi.formatting import money, percent


@pytest.fixture
def controls():
    return ScenarioControls()


# -- tornado ------------------------------------------------------------------------------

def test_tornado_view_follows_the_controls(controls):
    view = TornadoView(controls)
    assert view.result is None and bytes(view.t_chart.value) == BLANK_PNG  # no broken icon
    view.update()
    drivers = risk.business_drivers()  # the default set: not knobs, not decisions
    assert view.result.table.equals(risk.tornado({}, names=drivers).table)
    top = view.result.table["name"].iloc[0]
    assert re.search(r"<tbody><tr class='sr-row-(\w+)'>", view.t_table.value).group(1) == top
    png = view.t_chart.value
    assert bytes(png).startswith(b"\x89PNG")
    view.update()                        # nothing changed: the chart is not redrawn
    assert view.t_chart.value is png

    controls.widgets["discount_rate"].value = 0.12
    view.update(draw=False)              # the table now, the chart at draw()
    assert view.result.table.equals(risk.tornado({"discount_rate": 0.12}, names=drivers).table)
    assert view.t_chart.value is png
    view.draw()
    assert view.t_chart.value is not png


def test_tornado_view_own_range(controls):
    view = TornadoView(controls)
    view.update()
    view.t_range_add.value = "tech_annual_cost"
    view.t_range_add_button.click()
    assert view.t_range_head.layout.display == ""
    view.t_rows["tech_annual_cost"].inputs[1].value = "100000"
    assert view.ranges() == {"tech_annual_cost": (48_000.0, 100_000.0)}
    assert view.result.table.equals(  # a decision, shown because it has its own range
        risk.tornado({}, names=risk.business_drivers(),
                     ranges={"tech_annual_cost": (48_000.0, 100_000.0)}).table)
    view.t_rows["tech_annual_cost"].remove.click()
    assert view.ranges() == {} and view.t_range_head.layout.display == "none"
    assert controls.error.value == ""


def test_tornado_view_refused_range_keeps_the_last_result(controls):
    view = TornadoView(controls)
    view.update()
    view.t_range_add.value = "confidence"
    view.t_range_add_button.click()
    last = view.result
    view.t_rows["confidence"].inputs[1].value = "150"
    assert "Not updated" in view.t_notice.value and view.result is last


# -- Monte Carlo and the three scenarios -------------------------------------------------

def test_default_picks_are_estimates_with_the_largest_swing():
    table = risk.tornado({}).table
    picks = default_picks(table)
    assert 0 < len(picks) <= DEFAULT_MC_PICKS
    assert all(CATALOG[n].role == "estimate" and not n.startswith("share_") for n in picks)
    order = list(table["name"])
    assert picks == sorted(picks, key=order.index)


def test_default_picks_leave_out_modelling_knobs():
    """Issue 14: the knobs (team size, paid hours, occupancy) swing the NPV most with the
    team bound, but the defaults are the uncertain business drivers."""
    table = risk.tornado({}).table
    top = list(table["name"][:3])
    assert set(top) <= set(risk.MODELLING_KNOBS)   # what the picks have to skip
    picks = default_picks(table)
    assert not set(picks) & set(risk.MODELLING_KNOBS) and len(picks) == DEFAULT_MC_PICKS
    drivers = [n for n in table["name"] if n in risk.business_drivers()
               and not n.startswith("share_")]
    assert picks == drivers[:DEFAULT_MC_PICKS]


def test_valid_seed():
    assert valid_seed(0) and valid_seed(2**32 - 1)
    assert not any(valid_seed(x) for x in (-1, 2**32, True, 1.0, "7", None))


def test_monte_carlo_view_runs_with_the_ranges_shown(controls):
    three = ThreeScenariosView()
    view = MonteCarloView(controls, three)
    assert view.mc_three is three.widget and view.result is None
    view.run()
    assert "add at least one assumption" in view.mc_notice.value and view.result is None
    for name in ("confidence", "churn_reduction"):
        view.add_row(name)
    view.prefill()
    ranges = default_ranges({}, ["confidence", "churn_reduction"])
    assert view.ranges() == ranges
    view.mc_n.value = 1_000
    view.run()
    mc = risk.monte_carlo({}, ranges, n=1_000)
    assert view.result.npv_p50 == mc.npv_p50
    assert money(mc.npv_p50) in view.mc_cards.value and percent(mc.p_npv_positive) in \
        view.mc_cards.value
    assert view.three_result is three.result
    for case in risk.three_scenarios({}, ranges).cases:
        assert money(case.appraisal.npv) in view.mc_three.value
    assert view.mc_stale.value == ""
    controls.widgets["discount_rate"].value = 0.12
    view.refresh_stale()
    assert "inputs changed since the last run" in view.mc_stale.value


def test_monte_carlo_view_refuses_a_bad_seed(controls):
    view = MonteCarloView(controls)
    view.add_row("confidence")
    view.prefill()
    view.mc_seed.value = "-1"
    assert "seed must be a whole number" in view.mc_notice.value
    view.run()
    assert "Not run" in view.mc_notice.value and view.result is None


def test_three_table_in_another_currency():
    ranges = default_ranges({}, ["confidence", "tech_annual_cost"])
    three = risk.three_scenarios({}, ranges)
    html = three_table(three, "€")
    assert [c.name for c in three.cases] == ["conservative", "likely", "optimistic"]
    for case in three.cases:
        assert money(case.appraisal.npv, "€") in html
        assert format_value("tech_annual_cost", three.settings.loc["tech_annual_cost",
                                                                   case.name], "€",
                            per=False) in html
    view = ThreeScenariosView()
    assert view.widget.value == ""
    view.show(three, "€")
    assert view.widget.value == html and view.result is three


# -- break-even ---------------------------------------------------------------------------

def test_break_even_view(controls):
    view = BreakEvenView(controls)
    view.select("tech_annual_cost")
    be = risk.break_even({}, "tech_annual_cost")
    assert view.result.value == be.value
    assert format_value("tech_annual_cost", be.value) in view.be_value.value
    view.be_target.value = "50"
    assert view.target == 0.5
    assert view.result.value == risk.break_even({}, "tech_annual_cost", target=0.5).value
    view.be_target.value = "nan"   # not a number: refused, the target stays
    assert "Not applied" in view.be_notice.value and view.target == 0.5
    assert view.be_target.value == "50"
    view.select("not_an_assumption")
    assert view.be_name.value == view.be_name.options[0][1]


def test_monte_carlo_ranges_add_reset_and_remove(controls):
    import ipywidgets as w

    from supportroi.apps.risk.monte_carlo import MonteCarloRanges

    changes, note = [], w.HTML()
    ranges = MonteCarloRanges(controls, note, lambda: changes.append(1))
    ranges.mc_add.value = "confidence"
    ranges.mc_add_button.click()
    assert ranges.get() == default_ranges({}, ["confidence"]) and changes
    assert "confidence" not in dict(ranges.mc_add.options).values()
    changes.clear()
    ranges.rows["confidence"].inputs[0].value = "10"
    assert ranges.get()["confidence"][0] == 0.1 and changes == [1]
    ranges.mc_add.value = "indirect_costs_avoided"   # at zero: ± 20 % is no range
    ranges.mc_add_button.click()
    assert "type a min and a max" in note.value
    ranges.mc_reset.click()
    assert ranges.get()["confidence"] == default_ranges({}, ["confidence"])["confidence"]
    assert note.value == ""
    ranges.rows["confidence"].remove.click()
    assert list(ranges.get()) == ["indirect_costs_avoided"]
    assert "confidence" in dict(ranges.mc_add.options).values()
