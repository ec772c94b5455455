"""The risk app built and poked in-process, without a browser."""

import re
import types

import pytest

from supportroi import load_scenario, risk, shipped_scenarios
from supportroi.assumptions import CATALOG
from supportroi.formatting import money, percent
from supportroi.apps.risk import PROGRESS_FROM, RiskApp, default_ranges, format_value, numeric_names
from supportroi.apps.risk_charts import tornado_rows

BAD_TEXT = re.compile(r"Traceback|NaN|\bnan\b|\binf\b")


@pytest.fixture
def app():
    return RiskApp()


def card(app, cls):
    """The text shown in the Monte Carlo card ``cls``."""
    return re.search(rf'{cls}".*?sr-value[^>]*>([^<]*)<', app.mc_cards.value).group(1)


def text(html):
    return re.sub(r"<[^>]+>", "", html).strip()


def page_text(app):
    return " ".join(x.value for x in (app.header, app.t_table, app.t_notice, app.mc_cards,
                                      app.mc_info, app.mc_three, app.mc_notice, app.be_value,
                                      app.be_reason, app.error))


# -- tornado ------------------------------------------------------------------------


def test_tornado_shows_the_top_assumption_first(app):
    t = risk.tornado({}, names=risk.business_drivers())
    top = t.table.iloc[0]
    first = re.search(r"<tbody><tr class='sr-row-(\w+)'>(.*?)</tr>", app.t_table.value)
    assert first.group(1) == top["name"]
    assert CATALOG[top["name"]].label in first.group(2)
    assert money(top["npv_low"]) in first.group(2) and money(top["npv_high"]) in first.group(2)
    assert bytes(app.t_chart.value).startswith(b"\x89PNG")
    # the default band is cut at catalog bounds, and the table says so
    assert "cut: high 108 % → 100 %: catalog bound" in app.t_table.value
    assert money(t.base_npv) in app.header.value
    assert not BAD_TEXT.search(page_text(app))


def test_tornado_roi_view_and_a_chosen_set(app):
    app.t_metric.value = "roi"
    t = risk.tornado({}, names=risk.business_drivers())
    by_roi = t.table.sort_values("roi_swing", ascending=False, kind="stable")
    assert re.search(r"sr-row-(\w+)", app.t_table.value).group(1) == by_roi["name"].iloc[0]

    app.t_set.value = "chosen"  # starts with the top rows of the tornado shown
    assert len(app.t_names.value) == 8
    app.t_names.value = ("discount_rate", "tech_annual_cost")
    t = risk.tornado({}, names=["discount_rate", "tech_annual_cost"])
    by_roi = t.table.sort_values("roi_swing", ascending=False)["name"].tolist()
    assert re.findall(r"sr-row-(\w+)", app.t_table.value) == by_roi
    assert sorted(app.tornado_result.table["name"]) == ["discount_rate", "tech_annual_cost"]
    app.t_names.value = ()
    assert "choose at least one assumption" in app.t_notice.value
    assert app.error.value == ""


def test_tornado_band_and_bars(app):
    app.t_set.value = "all"
    app.t_band.value = 0.5
    row = app.tornado_result.table.set_index("name").loc["tech_annual_cost"]
    assert (row["low"], row["high"]) == (30_000.0, 90_000.0)
    app.t_top.value = 0
    assert len(re.findall(r"sr-row-", app.t_table.value)) == len(app.tornado_result.table)
    assert "Showing" not in app.t_table.value


def tornado_row(t, name):
    return t.table.set_index("name").loc[name]


COLUMNS = ["low", "high", "npv_low", "npv_high", "roi_low", "roi_high", "swing"]


def test_a_user_range_replaces_the_band_for_that_assumption(app):
    app.t_set.value = "all"               # compared with the tornado of every assumption
    app.t_top.value = 0                   # every bar, so the row is in the table
    band = app.tornado_result
    png = app.t_chart.value
    app.t_range_add.value = "tech_annual_cost"
    app.t_range_add_button.click()
    row = app.t_rows["tech_annual_cost"]
    assert [b.value for b in row.inputs] == ["48,000", "72,000"]   # starts at the band
    assert "tech_annual_cost" not in dict(app.t_range_add.options).values()
    assert list(tornado_row(app.tornado_result, "tech_annual_cost")[COLUMNS]) == \
        list(tornado_row(band, "tech_annual_cost")[COLUMNS])
    assert "your range" in app.t_table.value

    row.inputs[0].value = "40000"
    row.inputs[1].value = "100000"
    assert app.tornado_ranges() == {"tech_annual_cost": (40_000.0, 100_000.0)}
    expected = risk.tornado({}, ranges={"tech_annual_cost": (40_000.0, 100_000.0)})
    got = tornado_row(app.tornado_result, "tech_annual_cost")
    assert list(got[COLUMNS]) == list(tornado_row(expected, "tech_annual_cost")[COLUMNS])
    assert (got["low"], got["high"]) == (40_000.0, 100_000.0)
    assert list(got[COLUMNS]) != list(tornado_row(band, "tech_annual_cost")[COLUMNS])
    # every other row keeps its band values
    others = band.table[band.table["name"] != "tech_annual_cost"].set_index("name")
    assert app.tornado_result.table.set_index("name").loc[others.index, COLUMNS].equals(
        others[COLUMNS])
    html = re.search(r"<tr class='sr-row-tech_annual_cost'>(.*?)</tr>",
                     app.t_table.value).group(1)
    assert money(got["npv_low"]) in html and money(got["npv_high"]) in html
    assert app.t_chart.value is not png

    # a fraction is entered in per cent
    app.t_range_add.value = "confidence"
    app.t_range_add_button.click()
    assert [b.value for b in app.t_rows["confidence"].inputs] == ["72", "100"]
    app.t_rows["confidence"].inputs[0].value = "50"
    app.t_rows["confidence"].inputs[1].value = "95"
    ranges = {"tech_annual_cost": (40_000.0, 100_000.0), "confidence": (0.5, 0.95)}
    assert app.tornado_ranges() == ranges
    expected = risk.tornado({}, ranges=ranges)
    assert app.tornado_result.table[["name", *COLUMNS]].equals(
        expected.table[["name", *COLUMNS]])
    assert "50 %" in app.t_table.value and "95 %" in app.t_table.value

    # removing the row returns the assumption to the band
    app.t_rows["confidence"].remove.click()
    assert "confidence" not in app.t_rows
    assert list(tornado_row(app.tornado_result, "confidence")[COLUMNS]) == \
        list(tornado_row(band, "confidence")[COLUMNS])
    assert app.t_notice.value == "" and app.error.value == ""
    assert not BAD_TEXT.search(page_text(app))


def test_a_user_range_is_shown_in_a_chosen_set_and_with_the_band(app):
    app.t_set.value = "chosen"
    app.t_names.value = ("discount_rate",)
    app.t_range_add.value = "tech_annual_cost"
    app.t_range_add_button.click()
    assert sorted(app.tornado_result.table["name"]) == ["discount_rate", "tech_annual_cost"]
    app.t_band.value = 0.5            # the band moves the others, not the user's range
    row = tornado_row(app.tornado_result, "tech_annual_cost")
    assert (row["low"], row["high"]) == (48_000.0, 72_000.0)
    assert tornado_row(app.tornado_result, "discount_rate")["low"] == \
        tornado_row(risk.tornado({}, names=["discount_rate"], band=0.5), "discount_rate")["low"]


def test_an_invalid_user_range_shows_a_notice_and_keeps_the_last_tornado(app):
    app.t_range_add.value = "confidence"
    app.t_range_add_button.click()
    app.t_rows["confidence"].inputs[0].value = "60"
    last, table, png = app.tornado_result, app.t_table.value, app.t_chart.value
    app.t_rows["confidence"].inputs[1].value = "150"    # above the 100 % bound
    assert "Not updated" in app.t_notice.value
    assert "Confidence in the estimates: high 150 % is above 100 %" in app.t_notice.value
    assert app.tornado_result is last and app.t_table.value == table
    assert app.t_chart.value is png
    assert app.error.value == "" and not BAD_TEXT.search(app.t_notice.value)

    app.t_rows["confidence"].inputs[0].value = "160"    # low above high
    assert "low 160 % is above high 150 %" in app.t_notice.value
    assert app.tornado_result is last

    app.t_range_add.value = "fcr"                      # a cross-field rule
    app.t_range_add_button.click()
    app.t_rows["fcr"].inputs[1].value = "99"
    assert "FCR plus its improvement" in app.t_notice.value
    assert app.tornado_result is last

    app.controls.widgets["discount_rate"].value = 0.12  # other changes wait for valid ranges
    assert app.tornado_result is last and "Not updated" in app.t_notice.value

    app.t_rows["fcr"].remove.click()
    app.t_rows["confidence"].inputs[0].value = "60"
    app.t_rows["confidence"].inputs[1].value = "90"
    assert app.t_notice.value == "" and app.tornado_result is not last
    values = app.controls.values
    assert app.tornado_result.table.equals(
        risk.tornado(values, names=risk.business_drivers(),
                     ranges={"confidence": (0.6, 0.9)}).table)
    assert app.error.value == ""


def test_a_user_range_for_an_assumption_at_zero(app):
    app.t_range_add.value = "indirect_costs_avoided"
    app.t_range_add_button.click()
    assert app.tornado_ranges() == {"indirect_costs_avoided": (0.0, 0.0)}
    assert "type a low and a high value" in app.t_notice.value
    app.t_rows["indirect_costs_avoided"].inputs[1].value = "50000"
    assert app.t_notice.value == ""
    row = tornado_row(app.tornado_result, "indirect_costs_avoided")
    assert (row["low"], row["high"]) == (0.0, 50_000.0) and row["npv_high"] > row["npv_low"]


def test_charts_are_redrawn_only_when_needed(app):
    tornado_png = app.t_chart.value
    app.be_target.value = "25"            # break-even only
    app.run()                             # Monte Carlo only
    assert app.t_chart.value is tornado_png
    hist_png = app.mc_chart.value
    app.controls.widgets["discount_rate"].value = 0.12
    assert app.t_chart.value is not tornado_png
    assert app.mc_chart.value is hist_png  # no rerun on an input change
    app.controls.currency.value = "EUR"    # labels change: both redrawn
    assert app.mc_chart.value is not hist_png
    assert "€" in app.t_table.value and "€" in app.mc_cards.value


# -- Monte Carlo -----------------------------------------------------------------------


def test_default_ranges_are_the_tornado_band_within_bounds():
    r = default_ranges({}, ["confidence", "annual_contacts", "agents_added"])
    assert r["confidence"] == (0.72, 0.9, 1.0)            # 108 % cut to the 100 % bound
    assert r["annual_contacts"] == (800_000, 1_000_000, 1_200_000)
    assert r["agents_added"] == (0, 0, 0)                   # ± 20 % of nothing


def test_run_shows_the_models_figures(app):
    assert app.mc_result is None and "Press <b>Run</b>" in app.mc_cards.value
    ranges = default_ranges({}, app.rows) | {"confidence": (0.1, 0.9, 1.0)}
    app.rows["confidence"].inputs[0].value = "10"   # min 10 % (shown in per cent)
    app.mc_n.value = 2_000
    app.mc_seed.value = "7"
    app.mc_run.click()
    assert app.ranges() == ranges
    mc = risk.monte_carlo({}, ranges, n=2_000, seed=7, distribution="pert")
    assert 0.0 < mc.p_roi_positive < 1.0
    assert card(app, "sr-p-roi") == percent(mc.p_roi_positive)
    assert card(app, "sr-p-npv") == percent(mc.p_npv_positive)
    assert card(app, "sr-p-payback") == percent(mc.p_payback)
    assert "within 3 years" in app.mc_cards.value
    assert card(app, "sr-npv-p10") == money(mc.npv_p10)
    assert card(app, "sr-npv-p50") == money(mc.npv_p50)
    assert card(app, "sr-npv-p90") == money(mc.npv_p90)
    three = risk.three_scenarios({}, ranges)
    for case in three.cases:
        assert money(case.appraisal.npv) in app.mc_three.value
    assert bytes(app.mc_chart.value).startswith(b"\x89PNG")
    assert "seed 7" in app.mc_info.value and "2,000 draws" in app.mc_info.value
    assert app.mc_notice.value == "" and app.mc_stale.value == ""
    assert not BAD_TEXT.search(page_text(app))


def test_triangular_long_run_moves_the_progress_bar(app):
    seen = []
    app.mc_progress.observe(lambda c: seen.append(c.new), names="value")
    app.mc_distribution.value = "triangular"
    app.mc_n.value = PROGRESS_FROM
    app.mc_run.click()
    assert len(seen) >= 4 and seen == sorted(seen) and seen[-1] == 1.0
    assert app.mc_progress.layout.display == "none" and not app.mc_run.disabled
    mc = risk.monte_carlo({}, app.ranges(), n=PROGRESS_FROM, distribution="triangular")
    assert card(app, "sr-npv-p50") == money(mc.npv_p50)
    assert "triangular" in app.mc_info.value


def test_a_bad_range_shows_a_notice_and_keeps_the_last_result(app):
    app.mc_run.click()
    cards, chart, result = app.mc_cards.value, app.mc_chart.value, app.mc_result
    app.rows["confidence"].inputs[2].value = "150"  # max 150 %: above the 100 % bound
    app.mc_run.click()
    assert "Not run" in app.mc_notice.value
    assert "Confidence in the estimates: range 72 %–150 % leaves the bounds" in \
        app.mc_notice.value
    assert app.mc_cards.value == cards and app.mc_chart.value is chart
    assert app.mc_result is result
    assert app.error.value == "" and "Traceback" not in app.mc_notice.value
    assert "inputs changed since the last run" in app.mc_stale.value

    app.rows["confidence"].inputs[2].value = "60"   # max below the most likely value
    app.mc_run.click()
    assert "need min ≤ most likely ≤ max" in app.mc_notice.value

    app.mc_reset.click()                             # back to ±20 %
    app.mc_add.value = "fcr"
    app.mc_add_button.click()
    app.mc_add.value = "fcr_improvement"
    app.mc_add_button.click()
    app.rows["fcr"].inputs[2].value = "99"
    app.mc_run.click()                               # FCR 99 % + 3.6 points > 100 %
    assert "FCR plus its improvement exceeds 100 %" in app.mc_notice.value
    assert app.mc_result is result

    app.rows["fcr"].remove.click()
    assert "fcr" not in app.rows and "fcr" in dict(app.mc_add.options).values()
    app.mc_run.click()
    assert app.mc_notice.value == "" and app.mc_result is not result


def test_nothing_to_run_and_bad_seed(app):
    for row in list(app.rows.values()):
        row.remove.click()
    app.mc_run.click()
    assert "add at least one assumption" in app.mc_notice.value and app.mc_result is None
    app.mc_add.value = "churn_reduction"
    app.mc_add_button.click()
    app.mc_seed.value = "-3"  # not a seed: refused
    assert "seed must be a whole number" in app.mc_notice.value
    app.mc_run.click()
    assert "Not run" in app.mc_notice.value and app.mc_result is None


def test_adding_an_assumption_at_zero_asks_for_a_range(app):
    app.mc_add.value = "indirect_costs_avoided"
    app.mc_add_button.click()
    assert app.rows["indirect_costs_avoided"].get() == (0.0, 0.0, 0.0)
    assert "type a min and a max" in app.mc_notice.value
    app.rows["indirect_costs_avoided"].inputs[2].value = "50000"
    app.run()
    assert app.mc_notice.value == "" and "Indirect costs avoided" in app.mc_three.value


def test_stale_results_are_flagged_until_the_next_run(app):
    app.run()
    app.controls.widgets["discount_rate"].value = 0.12
    assert "Press <b>Run</b>" in app.mc_stale.value
    app.run()
    assert app.mc_stale.value == ""
    assert app.mc_result.npv_p50 == risk.monte_carlo({"discount_rate": 0.12}, app.ranges(),
                                                     n=app.mc_n.value).npv_p50


def test_a_scenario_load_refills_the_ranges(app):
    app.controls.picker.value = "telecom_contact_centre"
    values = load_scenario(shipped_scenarios()["telecom_contact_centre"]).values
    assert app.ranges() == default_ranges(values, app.rows)
    assert app.controls.meta["title"] in app.header.value


def test_url_parameters_apply_and_the_ranges_follow(app):
    notices = app.apply_query("confidence=0.5&bogus=1")
    assert any("unknown parameter 'bogus'" in n for n in notices)
    assert app.ranges()["confidence"] == (0.4, 0.5, 0.6)
    assert money(risk.tornado({"confidence": 0.5}).base_npv) in app.header.value


# -- break-even ----------------------------------------------------------------------


def test_break_even_shows_the_models_value(app):
    app.be_name.value = "tech_annual_cost"
    be = risk.break_even({}, "tech_annual_cost")
    assert text(app.be_value.value) == format_value("tech_annual_cost", be.value, "$")
    assert text(app.be_value.value).startswith("$401,1") and "a year" in app.be_value.value
    assert be.reason in app.be_reason.value

    app.be_target.value = "50"   # ROI 50 %
    be = risk.break_even({}, "tech_annual_cost", target=0.5)
    assert text(app.be_value.value) == format_value("tech_annual_cost", be.value, "$")

    app.be_name.value = "confidence"
    be = risk.break_even({}, "confidence", target=0.5)
    assert text(app.be_value.value) == format_value("confidence", be.value) == \
        f"{100 * be.value:.4g} %"


def test_no_break_even_shows_the_reason(app):
    # No ramp-up of year 3 on, from 0 % to 100 %, brings the default case's ROI to 0 %.
    app.be_name.value = "ramp_later"
    be = risk.break_even({}, "ramp_later")
    assert be.value is None
    assert "No value of Benefit ramp-up, year 3 on reaches ROI 0.0 %" in app.be_value.value
    assert ("ROI stays above 0 % for every benefit ramp-up, year 3 on between 0 % and 100 %"
            in app.be_reason.value)


def test_defaults_are_the_uncertain_business_drivers(app):
    """Issue 14: tornado, Monte Carlo and break-even start from the estimates, not the
    modelling knobs (team size, paid hours, shrinkage, occupancy) nor decisions."""
    knobs = set(risk.MODELLING_KNOBS)
    assert app.t_set.value == "drivers"
    shown = set(app.tornado_result.table["name"])
    assert shown == set(risk.business_drivers()) and not shown & knobs
    assert not {n for n in shown if CATALOG[n].role == "lever"}
    assert not set(app.rows) & knobs and "confidence" in app.rows
    assert app.be_name.value == app.tornado_result.table["name"].iloc[0]
    assert app.be_name.value not in knobs
    app.t_set.value = "all"                       # the knobs are one click away
    assert knobs <= set(app.tornado_result.table["name"])
    assert app.tornado_result.table["name"].iloc[0] in knobs


def test_a_bad_target_is_refused(app):
    app.be_target.value = "1e9"
    assert "Not applied" in app.be_notice.value and app.be_target.value == "0"
    app.be_target.value = "10"
    assert app.be_notice.value == ""


# -- robustness ----------------------------------------------------------------------


def test_errors_in_callbacks_show_a_short_message(app, monkeypatch):
    import supportroi.apps.risk.monte_carlo as mc_module
    import supportroi.apps.risk.tornado as tornado_module

    def boom(*_args, **_kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(tornado_module, "tornado", boom)
    app.controls.widgets["discount_rate"].value = 0.2
    assert "Something went wrong" in app.error.value
    # Details go to the server log only, never the exception text (issue 16).
    assert "model exploded" not in app.error.value and "Traceback" not in app.error.value

    monkeypatch.setattr(mc_module, "monte_carlo", boom)
    app.mc_run.click()
    assert "Something went wrong" in app.error.value and "model exploded" not in app.error.value
    assert not app.mc_run.disabled and app.mc_run.description == "Run"


def test_only_numeric_assumptions_get_ranges(monkeypatch):
    choice = types.SimpleNamespace(name="staffing_method", label="Staffing method",
                                   unit="", kind="choice", min=None, max=None, step=None)
    monkeypatch.setitem(CATALOG, "staffing_method", choice)
    names = numeric_names()
    assert "staffing_method" not in names and "discount_rate" in names


def test_format_value_units():
    assert format_value("discount_rate", 0.125) == "12.5 % a year"
    assert format_value("tech_annual_cost", 401_160.4, "€") == "€401,160 a year"
    assert format_value("aht_phone_min", 6.35) == "6.35 min"
    assert format_value("annual_contacts", 166_675) == "166,675 contacts/year"
    assert format_value("confidence", float("nan")) == "undefined"


def test_a_user_ranged_row_shows_even_outside_the_top_bars(app):
    app.t_top.value = 10
    last = tornado_rows(app.tornado_result, "npv")["name"].iloc[-1]  # the smallest swing
    app.t_range_add.value = last
    app.t_range_add_button.click()
    assert f"sr-row-{last}" in app.t_table.value
    shown = tornado_rows(app.tornado_result, "npv", 10, keep=app.tornado_ranges())
    assert len(shown) == 11 and shown["name"].iloc[-1] == last


def test_with_no_ranges_at_first_every_assumption_can_be_added():
    app = RiskApp(mc_names=[])
    assert app.rows == {} and not app.mc_add_button.disabled
    assert [n for _, n in app.mc_add.options] == numeric_names()
    app.mc_add.value = "confidence"
    app.mc_add_button.click()
    assert list(app.ranges()) == ["confidence"]
