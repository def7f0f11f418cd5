"""crm_lessons.clv.simple: the simple lifetime value, checked by hand."""

import numpy as np
import pytest

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


def test_simple_clv_closed_form_and_finite_horizon():
    # the margin comes at the end of each period t the customer is there (share r**(t-1)),
    # discounted by 1.1**t; endless: 100 / (1 + 0.1 - 0.8)
    assert clv.simple_clv(100, 0.8, 0.1) == pytest.approx(333.3333, rel=1e-6)
    # three periods, by hand: 100/1.1 + 100*0.8/1.21 + 100*0.64/1.331
    assert clv.simple_clv(100, 0.8, 0.1, horizon=3) == pytest.approx(90.9091 + 66.1157 + 48.0841,
                                                                     rel=1e-5)
    # five periods: 90.9091 + 66.1157 + 48.0841 + 34.9703 + 25.4330 = 265.51, the same as
    # goals.five_year_profit(0.8, 100, discount_rate=0.1)
    assert clv.simple_clv(100, 0.8, 0.1, horizon=5) == pytest.approx(
        90.9091 + 66.1157 + 48.0841 + 34.9703 + 25.4330, rel=1e-5)
    assert round(clv.simple_clv(100, 0.8, 0.1, horizon=5), 2) == 265.51
    assert clv.simple_clv(100, 0.8, 0.1, horizon=0) == 0.0
    # a long horizon approaches the endless value; retention 1 and no discount: margin x periods
    assert clv.simple_clv(100, 0.8, 0.1, horizon=500) == pytest.approx(333.3333, rel=1e-6)
    assert clv.simple_clv(50, 1.0, 0.0, horizon=4) == pytest.approx(200.0)
    # no discount, retention 0.5: 100 * (1 + 0.5 + 0.25 + ...) = 200
    out = clv.simple_clv(np.array([100.0, 200.0]), 0.5, 0.0)
    assert out.tolist() == pytest.approx([200.0, 400.0])


def test_simple_clv_agrees_with_goals_five_year_profit():
    from crm_lessons import goals

    for r, d in [(0.8, 0.1), (0.5, 0.0), (0.95, 0.2)]:
        assert clv.simple_clv(100, r, d, horizon=5) == pytest.approx(
            goals.five_year_profit(r, 100, discount_rate=d), rel=1e-9)


def test_simple_clv_rejects_bad_rates():
    with pytest.raises(CRMDataError, match="retention"):
        clv.simple_clv(100, 1.5, 0.1)
    with pytest.raises(CRMDataError, match="discount_rate"):
        clv.simple_clv(100, 0.8, -0.1)
    with pytest.raises(CRMDataError, match="horizon"):
        clv.simple_clv(100, 1.0, 0.0)
    with pytest.raises(CRMDataError, match="horizon should be a whole number"):
        clv.simple_clv(100, 0.8, 0.1, horizon=-1)
    with pytest.raises(CRMDataError, match="horizon should be a whole number"):
        clv.simple_clv(100, 0.8, 0.1, horizon=2.5)
    with pytest.raises(TypeError):
        clv.simple_clv(100, 0.8, 0.1, first_margin_now=False)   # one convention: no such option



@pytest.mark.parametrize("kwargs, words", [
    ({"retention": "abc"}, "retention should be a number"),
    ({"discount_rate": [0.1, "x"]}, "discount_rate should be a number"),
    ({"margin": float("inf")}, "margin should be a finite number"),
])
def test_simple_clv_names_an_argument_that_is_not_a_number(kwargs, words):
    args = {"margin": 100.0, "retention": 0.8, "discount_rate": 0.1, **kwargs}
    with pytest.raises(CRMDataError, match=words):
        clv.simple_clv(**args)
