"""One convention per quantity (crm_lessons.units): the helpers that discount or convert time
agree with each other on the same inputs."""

import numpy as np
import pytest

from crm_lessons import clv, goals, units
from crm_lessons.errors import CRMDataError


def test_discount_factors_are_end_of_period_from_t_equals_one():
    # 100 at the end of year 1 and of year 2, at 10%: 100/1.1 + 100/1.21
    assert (100 * units.discount_factors(0.1, 2)).sum() == pytest.approx(90.9091 + 82.6446,
                                                                          rel=1e-5)
    assert units.discount_factors(0.0, 3).tolist() == [1.0, 1.0, 1.0]
    assert units.discount_factors(0.1, np.array([2])).tolist() == pytest.approx([1 / 1.21])


def test_one_month_length_for_every_unit():
    assert units.MONTH_DAYS == pytest.approx(30.4375)
    assert units.units_per_month("D") == pytest.approx(30.4375)
    assert units.units_per_month("W") == pytest.approx(30.4375 / 7)
    assert units.units_per_month("M") == 1.0


def test_an_unknown_unit_is_refused_with_the_known_ones():
    with pytest.raises(CRMDataError, match="'D' \\(days\\), 'W' \\(weeks\\) or 'M'"):
        units.units_per_month("weeks")
    with pytest.raises(CRMDataError, match="freq should be one of"):
        units.require_unit(None)


@pytest.mark.parametrize("retention,margin,rate,years", [
    (0.8, 100, 0.1, 5), (0.5, 40, 0.0, 2), (0.9, 12.5, 0.03, 10), (0.0, 100, 0.2, 3),
])
def test_lesson_01_retention_economics_and_simple_clv_agree(retention, margin, rate, years):
    by_lesson_01 = goals.five_year_profit(retention, margin, discount_rate=rate, years=years)
    by_clv = clv.simple_clv(margin, retention, rate, horizon=years)
    by_hand = sum(margin * retention ** (t - 1) / (1 + rate) ** t for t in range(1, years + 1))
    assert by_lesson_01 == pytest.approx(by_hand)
    assert by_clv == pytest.approx(by_hand)


def test_the_two_conventions_of_old_no_longer_differ():
    # year 1 was once left undiscounted by simple_clv: 292.06 against 265.51
    assert clv.simple_clv(100, 0.8, 0.1, horizon=5) == pytest.approx(265.51, abs=0.005)
    assert goals.five_year_profit(0.8, 100, discount_rate=0.1) == pytest.approx(265.51, abs=0.005)
