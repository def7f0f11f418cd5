"""A bundle's margin and its break-even take-up rate."""

import math

import pandas as pd
import pytest

from crm_lessons.develop.bundle import bundle_economics
from crm_lessons.errors import CRMDataError

PRODUCTS = pd.DataFrame({"product_id": [1, 2], "price": [10.0, 10.0], "unit_cost": [4.0, 4.0]})


def test_break_even_by_hand():
    out = bundle_economics(PRODUCTS, 1, 2, 0.10, 0.2)
    assert out["bundle_price"] == 18.0 and out["bundle_margin"] == 10.0
    assert out["given_away"] == 2.0 and out["extra_margin"] == 4.0
    # 0.2 of A's buyers lose 2 each; 0.8 must switch at t: 0.8 * t * 4 = 0.2 * 2
    assert out["break_even_take_up"] == pytest.approx(0.125)


def test_a_discount_that_eats_the_margin_cannot_pay():
    assert math.isnan(bundle_economics(PRODUCTS, 1, 2, 0.40, 0.2)["break_even_take_up"])
    assert bundle_economics(PRODUCTS, 1, 2, 0.1, 1.0)["break_even_take_up"] == math.inf


def test_bad_input():
    with pytest.raises(CRMDataError, match="no product 3"):
        bundle_economics(PRODUCTS, 1, 3, 0.1, 0.2)
    with pytest.raises(CRMDataError, match="same product"):
        bundle_economics(PRODUCTS, 1, 1, 0.1, 0.2)
    with pytest.raises(CRMDataError, match="discount"):
        bundle_economics(PRODUCTS, 1, 2, 10, 0.2)
    with pytest.raises(CRMDataError, match="unit_cost"):
        bundle_economics(PRODUCTS.drop(columns="unit_cost"), 1, 2, 0.1, 0.2)
