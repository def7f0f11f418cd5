"""crm_lessons.retain.ladder and matched: rungs over time, and the matched loyalty comparison."""

import pandas as pd

from crm_lessons import retain


def test_rungs_and_moves_up_a_rung():
    customers = pd.DataFrame({"customer_id": [1, 2, 3],
                              "referred_by": pd.array([None, 1, None], dtype="Int64"),
                              "signup_date": pd.to_datetime(["2023-01-01", "2024-03-01",
                                                             "2024-05-01"])})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3],
                           "order_date": pd.to_datetime(["2023-01-01", "2023-02-01", "2024-03-01",
                                                         "2024-04-01", "2024-05-01"])})
    then = retain.rung_at(customers, orders, "2023-12-31").astype(str).tolist()
    assert then == ["repeat customer", "prospect", "prospect"]
    moves = retain.ladder_moves(customers, orders, "2024-12-31", days=366)
    assert moves.loc["repeat customer", "advocate"] == 1
    assert moves.loc["prospect", "repeat customer"] == 1
    assert moves.attrs["moved_up"] == 3


def test_matched_before_after_compares_each_member_with_a_twin():
    customers = pd.DataFrame({"customer_id": [1, 2, 3],
                              "signup_date": pd.to_datetime(["2024-01-01"] * 3),
                              "loyalty_join_date": pd.to_datetime(["2024-07-01", None, None])})
    orders = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 2, 3],
                           "order_date": pd.to_datetime(["2024-02-01", "2024-03-01",
                                                         "2024-08-01", "2024-09-01",
                                                         "2024-02-01", "2024-04-01",
                                                         "2024-08-01"])})
    out = retain.matched_before_after(customers, orders, days=180, end_date="2024-12-31")
    assert set(out["group"]) == {"member", "matched"}
    twin = out[out["group"] == "matched"].set_index("period")["orders"]
    assert twin["before"] == 2 and twin["after"] == 0           # customer 2, not 3
    assert out.attrs["effect"]["effect"] == 2


def test_matched_before_after_without_end_date_ends_on_the_last_order():
    customers = pd.DataFrame({"customer_id": [1, 2],
                              "signup_date": pd.to_datetime(["2024-01-01"] * 2),
                              "loyalty_join_date": pd.to_datetime(["2024-03-01", None])})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 2],
                           "order_date": pd.to_datetime(["2024-02-01", "2024-05-01",
                                                         "2024-02-01", "2024-12-31"])})
    out = retain.matched_before_after(customers, orders, days=180)
    assert out.attrs["effect"]["effect"] == 1     # the member's window ends before 2024-12-31
