"""Financial appraisal against worked examples, numpy-financial and invariants."""

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supportroi.finance import appraise, appraise_batch, describe_payback

money = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0, max_value=0.5)


@st.composite
def streams(draw, min_years=1, max_years=10):
    n = draw(st.integers(min_years + 1, max_years + 1))
    return draw(st.lists(money, min_size=n, max_size=n)), draw(st.lists(money, min_size=n,
                                                                        max_size=n))


def test_phillips_worked_example():
    # Phillips ROI Methodology (shared/domain.md): benefits 750,000 and costs
    # 425,000 give BCR 1.76 and ROI 76 %.
    a = appraise([0, 750_000], [425_000, 0], 0.0)
    assert round(a.bcr, 2) == 1.76
    assert round(a.roi * 100) == 76
    assert a.roi == pytest.approx(a.bcr - 1)


def test_tei_discounting_convention():
    # Year 0 undiscounted, year t discounted at year end: a TEI-style table
    # with initial cost 100 and benefits 60 a year for 3 years at 10 %.
    a = appraise([0, 60, 60, 60], [100, 0, 0, 0], 0.10)
    assert a.pv_costs == pytest.approx(100)
    assert a.pv_benefits == pytest.approx(60 / 1.1 + 60 / 1.1**2 + 60 / 1.1**3)  # 149.21
    assert a.npv == pytest.approx(49.211119459053345)
    assert a.roi == pytest.approx(0.49211119459053345)


def test_agrees_with_numpy_financial():
    b = [0, 210_000, 420_000, 530_000]
    c = [170_000, 160_000, 170_000, 170_000]
    a = appraise(b, c, 0.08)
    assert a.pv_benefits == pytest.approx(npf.npv(0.08, b))
    assert a.pv_costs == pytest.approx(npf.npv(0.08, c))
    assert a.npv == pytest.approx(npf.npv(0.08, np.subtract(b, c)))
    assert a.irr == pytest.approx(npf.irr(np.subtract(b, c)))


def test_payback_interpolates_within_the_year():
    # -100 at once, then +60 a year: cumulative -40 after year 1, so payback
    # is 1 + 40/60 years; discounted: -100 + 54.55 + 49.59 crosses in year 2.
    a = appraise([0, 60, 60, 60], [100, 0, 0, 0], 0.10)
    assert a.payback_years == pytest.approx(1 + 40 / 60)
    assert a.payback_months == pytest.approx(20.0)
    d1, d2 = 60 / 1.1, 60 / 1.1**2
    assert a.discounted_payback_years == pytest.approx(1 + (100 - d1) / d2)


def test_payback_counts_only_a_lasting_recovery():
    # Turns positive in year 1, negative again in year 2, positive in year 3.
    a = appraise([0, 150, 0, 100], [100, 0, 100, 0], 0.0)
    assert a.payback_years == pytest.approx(2 + 50 / 100)


def test_undefined_figures_are_none_not_nan():
    never = appraise([0, 10, 10], [100, 0, 0], 0.1)
    assert never.payback_years is None and never.discounted_payback_years is None
    assert never.irr is not None and never.irr < 0
    free = appraise([0, 10], [0, 0], 0.1)
    assert free.roi is None and free.bcr is None and free.irr is None
    assert free.payback_years == 0.0
    nothing = appraise([0, 0], [0, 0], 0.1)
    assert nothing.roi is None and nothing.irr is None
    for a in (never, free, nothing):
        for v in a.as_dict().values():
            assert v is None or isinstance(v, str) or math.isfinite(v)


def test_describe_payback():
    assert describe_payback(None, 3) == "does not pay back within 3 years"
    assert describe_payback(0.5, 3) == "6.0 months"
    assert describe_payback(2.5, 3) == "2.5 years"


@pytest.mark.parametrize("benefits,costs,rate,match", [
    ([0, -1], [0, 0], 0.1, "negative"),
    ([0, float("nan")], [0, 0], 0.1, "finite"),
    ([0, 1], [0, 0, 0], 0.1, "equal length"),
    ([], [], 0.1, "year 0"),
    ([0, 1], [1, 0], -1.0, "rate"),
    ([0, 1], [1, 0], float("inf"), "rate"),
])
def test_bad_input_is_refused(benefits, costs, rate, match):
    with pytest.raises(ValueError, match=match):
        appraise(benefits, costs, rate)


@given(streams(), rates)
def test_rate_zero_gives_plain_sums(flows, rate):
    b, c = flows
    a = appraise(b, c, 0.0)
    assert a.pv_benefits == pytest.approx(sum(b), rel=1e-9, abs=1e-6)
    assert a.pv_costs == pytest.approx(sum(c), rel=1e-9, abs=1e-6)


@given(streams(), rates, st.integers(0, 9), money)
def test_more_benefit_never_lowers_roi(flows, rate, year, extra):
    b, c = flows
    assume(sum(c) > 1)
    year = year % len(b)
    more = list(b)
    more[year] += extra
    assert appraise(more, c, rate).roi >= appraise(b, c, rate).roi - 1e-9


@given(streams(), rates, st.integers(0, 9), money)
def test_more_cost_never_raises_roi(flows, rate, year, extra):
    b, c = flows
    assume(sum(c) > 1)
    year = year % len(b)
    more = list(c)
    more[year] += extra
    assert appraise(b, more, rate).roi <= appraise(b, c, rate).roi + 1e-9


@given(streams(), rates, st.floats(1e-3, 1e3))
def test_scaling_money_leaves_roi_unchanged(flows, rate, k):
    b, c = flows
    assume(sum(c) > 1)
    base = appraise(b, c, rate)
    scaled = appraise([k * x for x in b], [k * x for x in c], rate)
    assert scaled.roi == pytest.approx(base.roi, rel=1e-9, abs=1e-9)
    assert (scaled.payback_years is None) == (base.payback_years is None)


@settings(max_examples=50)
@given(st.floats(1.0, 1e9), st.lists(money, min_size=1, max_size=10), rates)
def test_npv_at_irr_is_zero(investment, returns, rate):
    # Invest in year 0, earn later: one sign change, so the IRR is unique (and above
    # −100 % by a margin the solver can resolve).
    assume(sum(returns) > 1e-6 * investment)
    b, c = [0.0, *returns], [investment] + [0.0] * len(returns)
    a = appraise(b, c, rate)
    assert a.irr is not None and a.irr_note is None
    net = np.subtract(b, c)
    assert npf.npv(a.irr, net) / max(np.abs(net).max(), 1.0) == pytest.approx(0, abs=1e-6)


def test_batch_matches_single():
    rng = np.random.default_rng(1)
    b = rng.uniform(0, 100, (50, 4))
    c = rng.uniform(0, 100, (50, 4))
    r = rng.uniform(0, 0.3, 50)
    batch = appraise_batch(b, c, r)
    for k in range(50):
        one = appraise(b[k], c[k], r[k])
        assert batch.npv[k] == pytest.approx(one.npv)
        assert batch.roi[k] == pytest.approx(one.roi)
        if one.payback_years is None:
            assert np.isnan(batch.payback_years[k])
        else:
            assert batch.payback_years[k] == pytest.approx(one.payback_years)


def test_irr_only_for_conventional_streams():
    # Costs after benefits: the net flows change sign twice; numpy-financial finds a root
    # (-82 %, say) but quoting it beside a positive ROI would mislead.
    a = appraise([0, 300, 0], [100, 0, 250], 0.1)
    assert a.irr is None and "more than once" in a.irr_note
    none = appraise([0, 10], [0, 0], 0.1)
    assert none.irr is None and "never change sign" in none.irr_note
    ok = appraise([0, 60, 60], [100, 0, 0], 0.1)
    assert ok.irr_note is None and ok.irr == pytest.approx(npf.irr([-100, 60, 60]))
