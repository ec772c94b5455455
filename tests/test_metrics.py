"""Customer metrics against the definitions quoted in shared/domain.md."""

import math

import pytest

from supportroi.metrics import ces, csat, nps


def test_nps_worked_example():
    # shared/domain.md: 75 % promoters and 20 % detractors give NPS 55.
    assert nps([9] * 75 + [7] * 5 + [0] * 20) == pytest.approx(55.0)


def test_nps_range():
    assert nps([10, 10]) == 100.0
    assert nps([0, 6]) == -100.0
    assert nps([7, 8]) == 0.0


def test_csat_counts_four_and_five():
    assert csat([5, 4, 4, 3, 1]) == pytest.approx(60.0)


def test_ces_is_the_mean():
    assert ces([1, 7, 4]) == pytest.approx(4.0)


def test_missing_answers_are_ignored():
    assert csat([5, None, float("nan"), 1]) == pytest.approx(50.0)


@pytest.mark.parametrize("fn,scores,where", [
    (nps, [11], "#0: 11"), (nps, [-1, 5], "#0: -1"), (nps, [5, 7.5], "#1: 7.5"),
    (csat, [0, 5], "#0: 0"), (csat, [5, 6], "#1: 6"), (ces, [8], "#0: 8"),
    (ces, ["5"], "#0: '5'"), (csat, [True], "#0: True"),
])
def test_off_scale_scores_are_refused(fn, scores, where):
    with pytest.raises(ValueError, match="off the scale") as err:
        fn(scores)
    assert where in str(err.value)


def test_no_scores():
    with pytest.raises(ValueError, match="no scores"):
        nps([])
    with pytest.raises(ValueError, match="no scores"):
        csat([math.nan])
