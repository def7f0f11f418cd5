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



def test_gone_quiet_ranks_by_value_at_stake():
    from crm_lessons.develop.lapsers import gone_quiet
    from crm_lessons.errors import CRMDataError

    alive = pd.Series([0.9, 0.2, 0.1], index=[1, 2, 3])
    value = pd.Series([50.0, 80.0, 20.0], index=[1, 2, 3])
    assert gone_quiet(alive, value)["customer_id"].tolist() == [2, 3]
    assert gone_quiet(alive, value, min_value=30)["customer_id"].tolist() == [2]
    with pytest.raises(CRMDataError, match="Series"):
        gone_quiet([0.1], value)


def test_gone_quiet_refuses_text_probabilities_clearly():
    from crm_lessons.develop.lapsers import gone_quiet

    value = pd.Series([50.0, 80.0], index=[1, 2])
    with pytest.raises(CRMDataError, match=r"p_alive\.p_alive should hold numbers.*pd\.to_numeric"):
        gone_quiet(pd.Series(["high", "low"], index=[1, 2]), value)
    with pytest.raises(CRMDataError, match="min_value"):
        gone_quiet(pd.Series([0.9, 0.1], index=[1, 2]), value, min_value="abc")
