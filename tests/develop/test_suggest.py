"""'Customers who bought this also bought'."""

import pandas as pd
import pytest

from crm_lessons.develop.suggest import also_bought
from crm_lessons.errors import CRMDataError

LINES = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 3, 4, 5, 5, 6],
                      "product_id": [10, 20, 10, 20, 10, 30, 30, 40, 50, 40]})


def test_suggestions_by_confidence_and_only_above_chance():
    out = also_bought(LINES, 10, min_orders=1)
    # 20 is in 2 of the 3 orders with 10 (lift 2); 30 in 1 of 3 with lift 1: not suggested
    assert out["product_id"].tolist() == [20]
    assert out.loc[0, "confidence"] == pytest.approx(2 / 3)


def test_works_whichever_side_of_the_pair_the_product_is():
    assert also_bought(LINES, 20, min_orders=1)["product_id"].tolist() == [10]


def test_names_and_top():
    products = pd.DataFrame({"product_id": [10, 20, 30, 40, 50], "name": list("abcde")})
    out = also_bought(LINES, 10, min_orders=1, products=products, top=1)
    assert out["name"].tolist() == ["b"]


def test_unknown_product_and_bad_top():
    with pytest.raises(CRMDataError, match="no product 99"):
        also_bought(LINES, 99, min_orders=1)
    with pytest.raises(CRMDataError, match="top"):
        also_bought(LINES, 10, top=0)
