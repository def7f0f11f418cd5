"""crm_lessons.retain.silence: defection as a silence longer than N days."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError

ORDERS = pd.DataFrame({"customer_id": [1, 2, 2, 3, 4],
                       "order_date": pd.to_datetime(["2023-01-01", "2023-01-01", "2024-11-01",
                                                     "2024-12-20", "2024-05-01"])})


def test_a_longer_threshold_counts_fewer_defectors():
    out = retain.defection_by_threshold(ORDERS, "2024-12-31", [30, 180, 365])
    assert out["customers"].tolist() == [3, 3, 2]      # only those watched long enough
    assert out["defected"].tolist() == [3, 2, 1]
    assert out["defection_rate"].round(3).tolist() == [1.0, 0.667, 0.5]
    assert retain.silent_defection_rate(ORDERS, "2024-12-31", days=365) == 0.5


def test_bad_input_names_the_fix():
    with pytest.raises(CRMDataError, match="after end_date"):
        retain.defection_by_threshold(ORDERS, "2024-06-30")
    with pytest.raises(CRMDataError, match="days"):
        retain.silent_defection_rate(ORDERS, "2024-12-31", days=0)
    with pytest.raises(CRMDataError, match="shorter"):
        retain.silent_defection_rate(ORDERS, "2024-12-31", days=5000)
    with pytest.raises(CRMDataError, match="order_date"):
        retain.silent_defection_rate(ORDERS.drop(columns="order_date"), "2024-12-31")
