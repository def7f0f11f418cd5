"""crm_lessons.retain.loyalty: repeat orders of members before and after joining."""

import pandas as pd
import pytest

from crm_lessons import retain


def test_loyalty_frequency_separates_before_and_after_joining():
    customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [False, True],
                              "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
                              "loyalty_join_date": pd.to_datetime([None, "2024-07-01"])})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 2, 2, 2],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-08-01", "2024-01-01",
                                                         "2024-03-01", "2024-08-01", "2024-09-01"])})
    out = retain.loyalty_frequency(customers, orders, "2024-12-31").set_index("period")
    assert out["orders"].tolist() == [1, 1, 2]        # first orders are left out
    assert out.loc["members before joining", "years"] == pytest.approx(182 / 365)

