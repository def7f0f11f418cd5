"""crm_lessons.retain.defection: the share of customers on the books who defected."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


def test_defection_rate_counts_customers_on_the_books_at_the_window_start(people):
    customers, defections = people
    # window 2024-01-01..2024-12-31: customer 1 already left, 5 joined too late -> 1 of 3
    assert retain.defection_rate(customers, defections, "2024-12-31") == pytest.approx(1 / 3)
    assert retain.defection_rate(customers, defections, "2024-12-31", window_days=None) == 0.4


def test_defection_rate_by_group(people):
    customers, defections = people
    out = retain.defection_rate(customers, defections, "2024-12-31", by="channel",
                                window_days=None).set_index("channel")
    assert out.loc["search", "defection_rate"] == pytest.approx(2 / 3)
    assert out.loc["referral", "defection_rate"] == 0.0
    grades = pd.Series(["very satisfied", "very disappointed"], index=[3, 2])
    by_grade = retain.defection_rate(customers, defections, "2024-12-31", by=grades, window_days=None)
    assert dict(zip(by_grade.iloc[:, 0], by_grade["defection_rate"], strict=True)) == {
        "very disappointed": 1.0, "very satisfied": 0.0}


def test_defection_rate_errors(people):
    customers, defections = people
    with pytest.raises(CRMDataError, match="defections has no column 'defection_date'"):
        retain.defection_rate(customers, defections.drop(columns="defection_date"))
    with pytest.raises(CRMDataError, match="window_days"):
        retain.defection_rate(customers, defections, "2024-12-31", window_days=-3)
    with pytest.raises(CRMDataError, match="No customer was on the books"):
        retain.defection_rate(customers, defections, "2023-02-01")



def test_defection_rate_with_no_defections_is_zero():
    customers = pd.DataFrame({"customer_id": [1, 2],
                              "signup_date": pd.to_datetime(["2023-01-01", "2023-02-01"])})
    none = pd.DataFrame({"customer_id": pd.Series([], dtype="int64"),
                         "defection_date": pd.Series([], dtype="datetime64[ns]")})
    assert retain.defection_rate(customers, none, end_date="2024-12-31") == 0.0


def test_defection_rate_refuses_text_defection_ids():
    customers = pd.DataFrame({"customer_id": [1], "signup_date": pd.to_datetime(["2023-01-01"])})
    defections = pd.DataFrame({"customer_id": ["twelve"],
                               "defection_date": pd.to_datetime(["2024-06-01"])})
    with pytest.raises(CRMDataError, match=r"defections\.customer_id should hold numbers"):
        retain.defection_rate(customers, defections, end_date="2024-12-31")
