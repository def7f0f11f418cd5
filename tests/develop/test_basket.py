"""crm_lessons.develop.basket: product pairs (support, confidence, lift)."""

import pandas as pd
import pytest

from crm_lessons import develop
from crm_lessons.errors import CRMDataError


def test_pair_lift_on_four_orders():
    # orders 1 and 2 hold dripper (10) and filters (20); orders 3 and 4 hold only tea (30)
    lines = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4], "product_id": [10, 20, 10, 20, 30, 30]})
    products = pd.DataFrame({"product_id": [10, 20, 30], "name": ["dripper", "filters", "tea"]})
    out = develop.pair_lift(lines, min_orders=1, products=products)
    row = out.iloc[0]
    assert (row["product_a_name"], row["product_b_name"]) == ("dripper", "filters")
    assert row["orders_together"] == 2
    assert row["support"] == 0.5                        # 2 of 4 orders
    assert row["confidence_a_to_b"] == 1.0
    assert row["lift"] == 2.0                           # 0.5 / (0.5 * 0.5)
    assert len(out) == 1


def test_pair_lift_drops_rare_pairs_and_checks_input():
    lines = pd.DataFrame({"order_id": [1, 1], "product_id": [1, 2]})
    assert develop.pair_lift(lines, min_orders=2).empty
    with pytest.raises(CRMDataError, match="min_orders"):
        develop.pair_lift(lines, min_orders=0)
    with pytest.raises(CRMDataError, match="order_lines has no column 'product_id'"):
        develop.pair_lift(lines.rename(columns={"product_id": "sku"}))



def test_pair_lift_refuses_a_repeated_product_id():
    lines = pd.DataFrame({"order_id": [1, 1], "product_id": [10, 20]})
    products = pd.DataFrame({"product_id": [10, 20, 20], "name": ["dripper", "filters", "tea"]})
    with pytest.raises(CRMDataError, match=r"products\.product_id should name each row once, "
                                           r"but 20 appears more than once"):
        develop.pair_lift(lines, min_orders=1, products=products)
