"""Share of wallet from the survey's monthly category spend."""

import pandas as pd
import pytest

from crm_lessons.develop.wallet import share_of_wallet, wallet_by_segment
from crm_lessons.errors import CRMDataError


def _tables():
    orders = pd.DataFrame({"customer_id": [1, 1, 1, 2],
                           "order_date": pd.to_datetime(["2022-01-01", "2024-03-01",
                                                         "2024-09-01", "2024-05-01"]),
                           "revenue": [999.0, 120.0, 120.0, 60.0]})
    surveys = pd.DataFrame({"customer_id": [1, 2, 2, 3],
                            "survey_date": pd.to_datetime(["2024-12-01", "2023-01-01",
                                                           "2024-12-01", "2024-12-01"]),
                            "monthly_category_spend": [40.0, 10.0, 50.0, 30.0]})
    return orders, surveys


def test_share_counts_the_year_before_the_latest_survey():
    w = share_of_wallet(*_tables()).set_index("customer_id")
    assert w.loc[1, "monthly_spend_here"] == 20.0          # the 2022 order is too old
    assert w.loc[2, "share_of_wallet"] == pytest.approx(0.1)   # latest answer: 50 a month
    assert w.loc[3, "share_of_wallet"] == 0.0 and w.loc[3, "room_to_grow"] == 30.0


def test_share_is_capped_at_one():
    orders, surveys = _tables()
    surveys.loc[0, "monthly_category_spend"] = 5.0
    w = share_of_wallet(orders, surveys).set_index("customer_id")
    assert w.loc[1, "share_of_wallet"] == 1.0 and w.loc[1, "room_to_grow"] == 0.0


def test_bad_input_names_table_and_column():
    orders, surveys = _tables()
    with pytest.raises(CRMDataError, match="monthly_category_spend"):
        share_of_wallet(orders, surveys.drop(columns="monthly_category_spend"))
    surveys.loc[0, "monthly_category_spend"] = 0.0
    with pytest.raises(CRMDataError, match="is 0"):
        share_of_wallet(orders, surveys)


def test_by_segment_largest_room_first():
    w = share_of_wallet(*_tables())
    out = wallet_by_segment(w, pd.Series({1: "gold", 2: "bronze", 3: "bronze"}))
    assert out["segment"].tolist() == ["bronze", "gold"]
    assert out.loc[0, "room_to_grow"] == pytest.approx(45.0 + 30.0)
    with pytest.raises(CRMDataError, match="Series"):
        wallet_by_segment(w, ["gold"])
    with pytest.raises(CRMDataError, match="customer_id"):
        wallet_by_segment(w, pd.Series({99: "x"}))


def test_ids_read_as_text_are_used_and_bad_ids_named():
    orders, surveys = _tables()
    as_text = orders.assign(customer_id=orders["customer_id"].astype(str))
    pd.testing.assert_frame_equal(share_of_wallet(as_text, surveys), share_of_wallet(orders, surveys))
    with pytest.raises(CRMDataError, match=r"orders\.customer_id should hold numbers"):
        share_of_wallet(orders.assign(customer_id=["a", "b", "c", "d"]), surveys)
