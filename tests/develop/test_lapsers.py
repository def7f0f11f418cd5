"""crm_lessons.develop.lapsers: customers who stopped buying without a word."""

import pandas as pd
import pytest

from crm_lessons import develop
from crm_lessons.errors import CRMDataError


def test_silent_lapsers_leave_out_stated_defectors_and_recent_buyers():
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4]})
    orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 4],
                           "order_date": pd.to_datetime(["2023-01-01", "2023-02-01", "2024-12-01",
                                                         "2023-01-01", "2024-11-01"])})
    defections = pd.DataFrame({"customer_id": [2]})
    out = develop.silent_lapsers(customers, orders, defections, "2024-12-31")
    assert out["customer_id"].tolist() == [1]
    assert out["days_since_last_order"].item() == 730
    with pytest.raises(CRMDataError, match="days should be"):
        develop.silent_lapsers(customers, orders, defections, days=0)

