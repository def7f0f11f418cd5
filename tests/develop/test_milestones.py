"""Customers reaching a milestone this month."""

import pandas as pd
import pytest

from crm_lessons.develop.milestones import milestones_this_month
from crm_lessons.errors import CRMDataError

CUSTOMERS = pd.DataFrame({"customer_id": [1, 2, 3],
                          "signup_date": pd.to_datetime(["2022-11-10", "2024-01-05",
                                                         "2020-11-01"])})
ORDERS = pd.DataFrame({"customer_id": [1, 2, 2, 2, 3],
                       "order_date": pd.to_datetime(["2024-10-01", "2024-03-01", "2024-11-20",
                                                     "2024-11-25", "2021-01-01"])})


def test_nth_order_and_anniversaries_of_active_customers():
    out = milestones_this_month(CUSTOMERS, ORDERS, "2024-11", nth_order=2)
    assert out[["customer_id", "milestone"]].values.tolist() == [
        [1, "2 years with us"], [2, "2nd order"]]   # customer 3 stopped buying in 2021


def test_tenth_order_label():
    many = pd.DataFrame({"customer_id": [2] * 10,
                         "order_date": pd.date_range("2024-02-01", periods=10, freq="MS")})
    out = milestones_this_month(CUSTOMERS, many, "2024-11")
    assert out["milestone"].tolist() == ["10th order"]


def test_bad_month():
    with pytest.raises(CRMDataError, match="month"):
        milestones_this_month(CUSTOMERS, ORDERS, "next month")


@pytest.mark.parametrize("month", [None, float("nan")])
def test_missing_month_is_refused_clearly(month):
    with pytest.raises(CRMDataError, match="month should be a month like '2024-11'"):
        milestones_this_month(CUSTOMERS, ORDERS, month)
