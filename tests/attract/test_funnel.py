"""crm_lessons.attract.funnel: the loyalty ladder by lead source."""

import pandas as pd

from crm_lessons import attract


def test_funnel_by_source_counts_each_step():
    prospects = pd.DataFrame({"prospect_id": [1, 2, 3, 4, 5], "source": ["email"] * 3 + ["search"] * 2,
                              "customer_id": pd.array([1, 2, None, 3, None], dtype="Int64")})
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
                              "referred_by": pd.array([None, None, None, 1], dtype="Int64")})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 4]})
    out = attract.funnel_by_source(prospects, customers, orders).set_index("source")
    assert out.loc["email", ["prospects", "customers", "repeat_customers", "advocates"]].tolist() == [3, 2, 1, 1]
    assert out.loc["search", "customer_rate"] == 0.5
    assert out.loc["search", "advocates"] == 0



def test_funnel_by_source_refuses_an_absurd_referrer():
    import pytest

    from crm_lessons.errors import CRMDataError

    prospects = pd.DataFrame({"prospect_id": [1], "source": ["email"],
                              "customer_id": pd.array([1], dtype="Int64")})
    customers = pd.DataFrame({"customer_id": [1, 2], "referred_by": [float("inf"), 1.0]})
    orders = pd.DataFrame({"customer_id": [1]})
    with pytest.raises(CRMDataError, match=r"customers\.referred_by should hold whole-number ids"):
        attract.funnel_by_source(prospects, customers, orders)
