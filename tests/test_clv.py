"""Customer lifetime value, lifetime, referrals and the TARP service-recovery figures.

Checked against hand calculations, against :mod:`supportroi.finance` (the CLV
is the present value of the expected margin stream), and by identities with
hypothesis.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportroi import clv as C
from supportroi.finance import appraise

margins = st.floats(-1e6, 1e6, allow_nan=False)
retentions = st.floats(0.0, 0.99)
rates = st.floats(0.0, 0.5)


def test_hand_checked_value():
    # m = 120 (revenue 300 × 40 % margin), r = 0.80, i = 0.10, AC = 150, by hand:
    # m·r = 96; 1 + i − r = 0.30; 96 / 0.30 = 320; 320 − 150 = 170.
    assert C.clv(120, 0.80, 0.10, 150) == pytest.approx(170.0, rel=1e-12)
    # The variant counting the current year: 120 × 1.10 / 0.30 − 150 = 440 − 150 = 290.
    assert C.clv(120, 0.80, 0.10, 150, convention="start") == pytest.approx(290.0, rel=1e-12)


def test_margin_multiple():
    # Gupta & Lehmann's "margin multiple" r / (1 + i − r): 2.5 at r = 80 %, i = 12 %
    # (0.8 / 0.32), 4.09 at r = 90 %, i = 12 % (0.9 / 0.22).
    assert C.clv(1, 0.8, 0.12) == pytest.approx(2.5, rel=1e-12)
    assert C.clv(1, 0.9, 0.12) == pytest.approx(0.9 / 0.22, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(m=margins, r=retentions)
def test_clv_identity_with_expected_lifetime(m, r):
    # No discounting: counting the current year, CLV = margin × expected lifetime (1/churn);
    # from the end of the year on, one margin less.
    life = C.expected_lifetime(1 - r)
    assert C.clv(m, r, 0.0, convention="start") == pytest.approx(m * life, rel=1e-9, abs=1e-6)
    assert C.clv(m, r, 0.0, convention="end") == pytest.approx(m * (life - 1), rel=1e-9,
                                                                abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(m=margins, r=retentions, i=rates, ac=st.floats(0, 1e5))
def test_start_is_end_plus_one_margin(m, r, i, ac):
    start = C.clv(m, r, i, ac, convention="start")
    end = C.clv(m, r, i, ac, convention="end")
    assert start - end == pytest.approx(m, rel=1e-9, abs=1e-6 * (1 + abs(start)))


@pytest.mark.parametrize("convention", ["end", "start"])
def test_clv_is_the_present_value_of_the_expected_margins(convention):
    # Expected margin in year t: m·r^t (end of year t) — or m·r^t at the start of year t+1,
    # i.e. time t, for "start". The finance module discounts year t by (1 + i)^t.
    m, r, i, years = 100.0, 0.8, 0.10, 400
    t = np.arange(years + 1)
    stream = m * r ** t if convention == "start" else np.where(t == 0, 0.0, m * r ** t)
    pv = appraise(stream, np.zeros_like(stream), i).pv_benefits
    assert C.clv(m, r, i, convention=convention) == pytest.approx(pv, rel=1e-12)
    cumulative = C.cumulative_value(m, r, i, years, convention=convention)
    assert cumulative[-1] == pytest.approx(pv, rel=1e-12)
    partial = appraise(stream[:6], np.zeros(6), i).pv_benefits
    assert cumulative[5] == pytest.approx(partial, rel=1e-12)


def test_broadcasts():
    out = C.clv(100, np.array([0.5, 0.8, 0.9]), 0.1, 10)
    assert out.shape == (3,)
    assert np.all(np.diff(out) > 0)  # more retention, more value
    assert C.cumulative_value(100, [0.5, 0.8], 0.1, 5).shape == (2, 6)
    assert C.expected_lifetime([0.5, 0.2]).tolist() == [2.0, 5.0]


def test_retention_one_with_discounting_is_a_perpetuity():
    assert C.clv(100, 1.0, 0.10) == pytest.approx(1000.0)  # m / i


@pytest.mark.parametrize("call, field", [
    (lambda: C.clv(100, 1.2, 0.1), "retention"),
    (lambda: C.clv(100, -0.1, 0.1), "retention"),
    (lambda: C.clv(100, 0.8, -0.1), "discount_rate"),
    (lambda: C.clv(100, 1.0, 0.0), "retention and discount_rate"),
    (lambda: C.clv(float("nan"), 0.8, 0.1), "margin"),
    (lambda: C.clv(100, 0.8, 0.1, -5), "acquisition_cost"),
    (lambda: C.clv(100, 0.8, 0.1, convention="middle"), "convention"),
    (lambda: C.expected_lifetime(0.0), "churn"),
    (lambda: C.expected_lifetime(1.5), "churn"),
    (lambda: C.cumulative_value(100, 0.8, 0.1, 2.5), "periods"),
    (lambda: C.referral_margin(100, -1, 150), "referrals_per_period"),
    (lambda: C.loyal_share("happy"), "outcome"),
    (lambda: C.loyal_share("satisfied", "huge"), "loss"),
])
def test_bad_inputs_are_refused_by_name(call, field):
    with pytest.raises(ValueError, match=f"^{field}"):
        call()


def test_expected_lifetime():
    assert C.expected_lifetime(0.2) == 5.0
    assert C.expected_lifetime(1.0) == 1.0  # everyone leaves: this period only


def test_referrals_add_acquisition_cost_saved_to_the_margin():
    assert C.referral_margin(120, 0.1, 150) == pytest.approx(135.0)
    assert C.clv(C.referral_margin(120, 0.0, 150), 0.8, 0.1) == C.clv(120, 0.8, 0.1)


def test_tarp_figures_as_given_in_the_domain_notes():
    # domain.md, "Reference figures": did not complain 37 % / 9 %; complained, not
    # satisfied 46 % / 19 %; complained, satisfied 70 % / 54 %; satisfied quickly 95 % / 82 %.
    table = {o.key: (o.small_loss, o.large_loss) for o in C.SERVICE_RECOVERY}
    assert table == {"did_not_complain": (0.37, 0.09), "not_satisfied": (0.46, 0.19),
                     "satisfied": (0.70, 0.54), "satisfied_quickly": (0.95, 0.82)}
    assert "TARP" in C.TARP_SOURCE


def test_marriott_figures_are_a_caveat_not_a_default():
    shares = {x for o in C.SERVICE_RECOVERY for x in (o.small_loss, o.large_loss)}
    assert 0.94 not in shares and 0.89 not in shares
    assert "Maritz" in C.RECOVERY_CAVEAT and "Magnini" in C.RECOVERY_CAVEAT


def test_recovery_gain_by_hand():
    # 1,000 × (95 % − 46 %) = 490 customers kept, × 300 = 147,000.
    assert C.recovery_gain(1000, 300, "not_satisfied", "satisfied_quickly") == pytest.approx(
        147_000.0)
    # Large losses: 1,000 × (82 % − 9 %) × 300 = 219,000.
    assert C.recovery_gain(1000, 300, "did_not_complain", "satisfied_quickly",
                           "large") == pytest.approx(219_000.0)
    assert math.isclose(C.loyal_share("satisfied", "large"), 0.54)
