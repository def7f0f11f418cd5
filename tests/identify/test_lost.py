"""Tests of crm_lessons.identify.lost: the customers who left, and whom to win back."""

import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def lost_tables():
    defections = pd.DataFrame({
        "customer_id": [1, 2, 3],
        "defection_date": pd.to_datetime(["2024-05-01", "2024-06-01", "2024-07-01"]),
        "reason": pd.Categorical(["service failure", "moved away", "lower price elsewhere"])})
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4], "channel": ["a", "b", "a", "b"],
                              "region": ["N", "S", "N", "S"],
                              "age_band": ["25-34", "35-44", "65+", "18-24"]})
    # revenues: 1 -> 90, 2 -> 80, 3 -> 5, 4 -> 40; median 60
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 4], "revenue": [50.0, 40.0, 80.0, 5.0,
                                                                        40.0]})
    return defections, customers, orders


def test_lost_customers_are_worth_winning_back_when_valuable_and_fixable():
    lost = identify.lost_customers(*lost_tables())
    assert lost["customer_id"].tolist() == [1, 2, 3]            # by past revenue
    assert lost["revenue"].tolist() == [90.0, 80.0, 5.0]
    assert lost["orders"].tolist() == [2, 1, 1]
    assert lost["fixable"].tolist() == [True, False, True]
    # 2 was valuable but moved away; 3 left on price but spent little
    assert lost["worth_winning_back"].tolist() == [True, False, False]
    cheap = identify.lost_customers(*lost_tables(), min_value=0)
    assert cheap["worth_winning_back"].tolist() == [True, False, True]
    assert set(identify.FIXABLE_REASONS) == set(
        identify.defection_reasons().query("fixable")["reason"])
    d, c, o = lost_tables()
    with pytest.raises(CRMDataError, match="defections has no column 'reason'"):
        identify.lost_customers(d.drop(columns="reason"), c, o)
    with pytest.raises(CRMDataError, match="min_value"):
        identify.lost_customers(d, c, o, min_value="high")


def test_lost_customers_names_an_empty_defections_table():
    d, c, o = lost_tables()
    with pytest.raises(CRMDataError, match="defections is empty"):
        identify.lost_customers(d.iloc[:0], c, o)


def test_lost_customers_refuses_text_defection_ids():
    d = pd.DataFrame({"customer_id": ["n/a"], "reason": ["moved away"],
                      "defection_date": pd.to_datetime(["2024-01-01"])})
    c = pd.DataFrame({"customer_id": [1], "channel": ["a"], "region": ["N"], "age_band": ["25-34"]})
    o = pd.DataFrame({"customer_id": [1], "revenue": [50.0]})
    with pytest.raises(CRMDataError, match=r"defections\.customer_id should hold numbers"):
        identify.lost_customers(d, c, o)
