"""The dashboard's charts as SVG (:mod:`supportroi.apps.svg_chart`), read back as XML.

Positions are checked against the model's own numbers (``evaluation.table``, ``net``,
``payback_years``) mapped through the axis the chart itself declares by its ticks: each
money tick's value and height give the scale, so a bar or a point in the wrong place,
or of the wrong size, fails.
"""

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportroi.apps.charts import LINE_GROUPS, group_label
from supportroi.apps.dashboard import Dashboard
from supportroi.apps.svg_chart import CHART_WIDTH, cumulative_svg, lines_svg, result_charts, ticks
from supportroi.i18n import translator
from supportroi.model import evaluate
from supportroi.scenarios import Scenario

NS = "{http://www.w3.org/2000/svg}"
NUMBER_ATTRS = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "r")


def charts(ev, currency=None, lang="en"):
    """The two SVG roots of the dashboard's charts: (cumulative, lines)."""
    root = ET.fromstring(result_charts(ev, currency, lang))
    svgs = root.findall(f".//{NS}svg")
    assert len(svgs) == 2
    return svgs


def by_class(root, cls, tag="*"):
    return [el for el in root.iter(f"{NS}{tag}" if tag != "*" else None)
            if cls in el.get("class", "").split()]


def axis(root, which):
    """The chart's own mapping of values to coordinates, fitted to its ticks, checked to
    be linear: value → coordinate."""
    pairs = []
    for g in by_class(root, f"sr-{which}tick", "g"):
        line = g.find(f"{NS}line")
        pos = float(line.get("y1") if which == "y" else line.get("x1"))
        pairs.append((float(g.get("data-value")), pos))
    values, coords = np.array(pairs).T
    slope, intercept = np.polyfit(values, coords, 1)
    assert np.allclose(slope * values + intercept, coords, atol=0.11)
    return lambda v: slope * np.asarray(v, dtype=float) + intercept, abs(slope)


def points(el):
    return np.array([[float(c) for c in p.split(",")] for p in el.get("points").split()])


def group_amounts(ev):
    """Each group's amounts by year, summed from the table's lines (independently of the
    chart module)."""
    return {group: ev.table.loc[[(kind, k) for k in keys]].to_numpy(float).sum(axis=0)
            for group, kind, keys, _ in LINE_GROUPS}


def all_text(root):
    return [t for t in root.itertext() if t.strip()] + [root.get("aria-label")]


@pytest.mark.parametrize("overrides", [{}, {"agents_added": 5}, {"benefit_risk": 0.85},
                                       {"tech_one_time_cost": 3e6}, {"horizon_years": 6}])
def test_the_cumulative_curve_and_payback_are_where_the_model_puts_them(overrides):
    ev = evaluate(Scenario(overrides))
    cumulative, _ = charts(ev)
    y, _ = axis(cumulative, "y")
    x, _ = axis(cumulative, "x")
    years = np.asarray(ev.table.columns, dtype=float)
    cum = np.cumsum(ev.net)
    line = points(by_class(cumulative, "sr-cumulative-line")[0])
    assert np.allclose(line[:, 0], x(years), atol=0.11)
    assert np.allclose(line[:, 1], y(cum), atol=0.11)
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in cumulative.iter(f"{NS}circle")]
    assert np.allclose(dots, line, atol=0.01)
    tick_values = [float(g.get("data-value")) for g in by_class(cumulative, "sr-ytick")]
    assert 0.0 in tick_values
    assert min(tick_values) <= min(cum.min(), 0) and max(tick_values) >= max(cum.max(), 0)
    zero = float(by_class(cumulative, "sr-zero")[0].get("y1"))
    assert zero == pytest.approx(float(y(0.0)), abs=0.11)
    pb = ev.appraisal.payback_years
    marks = by_class(cumulative, "sr-payback-mark", "g")
    never = by_class(cumulative, "sr-never", "text")
    t = translator("en")
    if pb is None:
        assert marks == [] and never[0].text == t.plural("results.payback.never", len(years) - 1)
        assert "does not pay back within" in cumulative.get("aria-label")
    else:
        assert never == [] and len(marks) == 1
        dashed = marks[0].find(f"{NS}line")
        assert float(dashed.get("x1")) == pytest.approx(float(x(pb)), abs=0.11)
        label = marks[0].find(f"{NS}text")
        assert label.text == t.plural("results.chart.payback", round(12 * pb, 1),
                                      value=t.number(12 * pb, 1))
        # The label runs away from the right edge once the payback is late.
        assert label.get("text-anchor") == ("end" if pb > 0.6 * years[-1] else "start")
        assert label.text in cumulative.get("aria-label")
    # The figures a screen reader hears: the cumulative at the horizon.
    assert t.money(float(cum[-1]), ev.currency) in cumulative.find(f"{NS}title").text


@pytest.mark.parametrize("overrides", [{}, {"agents_added": 5}, {"tech_one_time_cost": 3e6},
                                       {"horizon_years": 6, "benefit_risk": 0.5}])
def test_bars_are_the_groups_amounts_stacked_in_order(overrides):
    ev = evaluate(Scenario(overrides))
    _, lines = charts(ev)
    y, scale = axis(lines, "y")
    x, _ = axis(lines, "x")
    expected = group_amounts(ev)
    bars = {(r.get("data-group"), int(r.get("data-year"))): r for r in by_class(lines, "sr-bar")}
    years = list(ev.table.columns)
    drawn = 0
    for i, year in enumerate(years):
        up = down = 0.0
        for group, kind, _, _ in LINE_GROUPS:   # stacked from 0 outwards in this order
            amount = expected[group][i]
            if amount == 0:
                assert (group, year) not in bars
                continue
            bar = bars[(group, year)]
            drawn += 1
            top, height = float(bar.get("y")), float(bar.get("height"))
            assert height == pytest.approx(abs(amount) * scale, abs=0.25), (group, year)
            if kind == "benefit":
                low, up = up, up + amount
            else:
                low, down = -down - amount, down + amount
            high = low + amount
            assert top == pytest.approx(float(y(max(low, high))), abs=0.15), (group, year)
            middle = float(bar.get("x")) + float(bar.get("width")) / 2
            assert middle == pytest.approx(float(x(year)), abs=0.15)
    assert drawn == len(bars) > 0
    tick_values = [float(g.get("data-value")) for g in by_class(lines, "sr-ytick")]
    costs = ev.table.loc[("total", "costs")].to_numpy(float)
    benefits = ev.table.loc[("total", "benefits")].to_numpy(float)
    assert min(tick_values) <= -costs.max() and max(tick_values) >= benefits.max()
    assert 0.0 in tick_values


def test_zero_groups_have_no_legend_entry():
    for overrides in ({}, {"agents_added": 5}):
        ev = evaluate(Scenario(overrides))
        _, lines = charts(ev)
        shown = {g.get("data-group") for g in by_class(lines, "sr-legend-entry", "g")}
        labels = {g.find(f"{NS}text").text for g in by_class(lines, "sr-legend-entry", "g")}
        nonzero = {group for group, amounts in group_amounts(ev).items() if amounts.any()}
        assert shown == nonzero and labels == {group_label(g) for g in nonzero}
    assert "staffing" in nonzero   # the second scenario brings a group in


def english_chart_texts():
    t = translator("en")
    texts = {t(f"results.chart.{k}") for k in ("cumulative_title", "lines_title", "year")}
    texts |= {group_label(g) for g, *_ in LINE_GROUPS}
    return texts | {"payback", "does not pay back", "by the end of year", "benefits"}


@pytest.mark.parametrize("lang, currency, script, sign", [
    ("ru", "RUB", re.compile("[А-Яа-яЁё]"), "₽"),
    ("zh", "CNY", re.compile("[\u4e00-\u9fff]"), "¥"),
])
def test_russian_and_chinese_charts_speak_their_language(lang, currency, script, sign):
    t = translator(lang)
    for overrides in ({"agents_added": 5}, {"tech_one_time_cost": 3e6}):
        ev = evaluate(Scenario(overrides))
        for root in charts(ev, currency, lang):
            assert root.get("lang") == lang
            texts = all_text(root)
            words = [s for s in texts if script.search(s)]
            assert words, texts
            joined = " ".join(texts)
            for english in english_chart_texts():
                assert english not in joined, (english, joined)
            labels = [g.find(f"{NS}text").text for g in by_class(root, "sr-ytick", "g")]
            assert labels and all(sign in s for s in labels), labels
            assert labels == [t.money(float(g.get("data-value")), currency, compact=True)
                              for g in by_class(root, "sr-ytick", "g")]
        cumulative, _ = charts(ev, currency, lang)
        assert by_class(cumulative, "sr-chart-title")[0].text == t(
            "results.chart.cumulative_title")


def test_a_scenario_that_never_pays_back_says_so_in_each_language():
    ev = evaluate(Scenario({"tech_one_time_cost": 3e6}))
    assert ev.appraisal.payback_years is None
    for lang in ("en", "ru", "zh"):
        cumulative, _ = charts(ev, lang=lang)
        never = by_class(cumulative, "sr-never", "text")
        assert [n.text for n in never] == [translator(lang).plural("results.payback.never", 3)]


def coordinates(root):
    """Every number that places something, and the viewBox."""
    box = [float(v) for v in root.get("viewBox").split()]
    numbers = []
    for el in root.iter():
        if el is root:
            assert root.get("width") == "100%"   # scaled to the width the page gives it
            continue
        for name in NUMBER_ATTRS:
            if el.get(name) is not None:
                numbers.append((name, float(el.get(name))))
        if el.get("points"):
            for px, py in points(el):
                numbers += [("x", px), ("y", py)]
    return box, numbers


def assert_inside(root):
    (x0, y0, w, h), numbers = coordinates(root)
    assert numbers
    for name, v in numbers:
        assert math.isfinite(v), (name, v)
        if name in ("x", "x1", "x2", "cx", "width"):
            assert x0 <= v <= x0 + w, (name, v)
        elif name in ("y", "y1", "y2", "cy", "height"):
            assert y0 <= v <= y0 + h, (name, v)
    text = ET.tostring(root, encoding="unicode")
    assert not re.search(r"\bnan\b|\binf\b|infinity", text, re.IGNORECASE)


def test_all_zero_flows_draw_a_flat_chart():
    years = np.arange(4)
    zeros = np.zeros((len(LINE_GROUPS), 4))
    for svg in (cumulative_svg(years, np.zeros(4), None, "USD"), lines_svg(years, zeros, "USD")):
        root = ET.fromstring(svg)
        assert_inside(root)
        assert not by_class(root, "sr-not-drawn")
    root = ET.fromstring(lines_svg(years, zeros, "USD"))
    assert by_class(root, "sr-bar") == [] and by_class(root, "sr-legend-entry") == []
    assert ticks(0, 0).tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    # Fractions of a cent (down to the smallest float) are drawn on the same scale.
    for tiny in (5e-324, -5e-324, 1e-310, 0.004):
        assert ticks(0, tiny).tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
        assert_inside(ET.fromstring(cumulative_svg(years, [0, tiny, 0, tiny], None, "USD")))


def test_figures_that_are_not_finite_are_said_not_drawn():
    years = np.arange(3)
    for net in ([1e308, 1e308, 1e308], [0.0, math.nan, 1.0], [math.inf, 0, 0], [0, 0, 1e28]):
        root = ET.fromstring(cumulative_svg(years, net, None, "USD", "ru"))
        assert [t.text for t in by_class(root, "sr-not-drawn")] == [
            translator("ru")("results.chart.not_drawn")]
        assert_inside(root)


flows = st.floats(min_value=-1e308, max_value=1e308, allow_nan=False, allow_infinity=False)
small = st.one_of(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False,
                            allow_infinity=False),
                  st.sampled_from([5e-324, -5e-324, 1e-310, 0.004, -0.0]))   # under a cent


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.integers(1, 11).flatmap(lambda n: st.tuples(
    st.lists(st.one_of(small, flows), min_size=n + 1, max_size=n + 1),
    st.lists(st.lists(st.one_of(small.map(abs), flows.map(abs)), min_size=n + 1,
                      max_size=n + 1), min_size=len(LINE_GROUPS), max_size=len(LINE_GROUPS)),
    st.one_of(st.none(), st.floats(0, n)))),
    st.sampled_from(["en", "ru", "zh"]))
def test_any_finite_flows_give_a_chart_inside_its_box(data, lang):
    net, amounts, payback = data
    years = np.arange(len(net))
    for svg, values in ((cumulative_svg(years, net, payback, "EUR", lang), net),
                        (lines_svg(years, amounts, "EUR", lang), amounts)):
        root = ET.fromstring(svg)
        assert_inside(root)
        if by_class(root, "sr-not-drawn"):
            # Only sums beyond what the money format writes (from 1e28; the ticks go up
            # to 2.5 times the largest of up to 12 years' sums) stop a chart being drawn.
            assert np.abs(values).max() > 1e28 / 12 / 2.5 / len(LINE_GROUPS)


def test_the_dashboard_shows_both_charts_as_svg_and_redraws_them_in_another_language():
    app = Dashboard()
    assert app.chart.value.count("<svg ") == 2 and "sr-chart" in app.chart._dom_classes
    cumulative, lines = (ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>",
                                                                app.chart.value))
    assert cumulative.get("lang") == "en" and by_class(lines, "sr-bar")
    app.set_language("zh")
    assert "累计净现金流" in app.chart.value and 'lang="zh"' in app.chart.value
    app.set_language("en")
    sent = []
    app.chart.observe(lambda change: sent.append(change), names="value")
    app.controls.meta["title"] = "Our pilot"   # as the title box does; no chart shows it
    app._changed(set())
    assert app.error.value == "" and sent == []   # the same text is not sent again
    app.controls.assumptions.widgets["benefit_risk"].value = 0.2
    assert len(sent) == 1 and sent[0].new != sent[0].old


def test_the_charts_are_a_few_kb():
    assert len(result_charts(evaluate(Scenario({"horizon_years": 6})), lang="ru")) < 30_000
    assert CHART_WIDTH <= 400   # text of 12 units stays ≥ 11 px on a 390 px phone
