"""crm_lessons.retain.cohorts: the retention matrix by cohort and by group."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError

ORDERS = pd.DataFrame({"customer_id": [1, 2, 1, 3, 2, 3],
                       "order_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03",
                                                     "2024-02-10", "2024-03-01", "2024-03-15"])})


def test_each_cohort_is_measured_against_its_first_month():
    m = retain.retention_matrix(ORDERS, "2024-03-31")
    assert m.loc["2024-01"].tolist() == [1.0, 0.5, 0.5]
    assert m.loc["2024-02", [0, 1]].tolist() == [1.0, 1.0]
    assert np.isnan(m.loc["2024-02", 2])                  # not seen that long yet
    assert m.attrs["customers"].tolist() == [2, 1]


def test_by_a_group_pools_the_cohorts():
    channel = pd.Series({1: "search", 2: "referral", 3: "referral"}, name="channel")
    m = retain.retention_matrix(ORDERS, "2024-03-31", by=channel)
    assert m.index.name == "channel"
    assert m.loc["referral", 1] == 0.5                    # 3 came back the next month, 2 not
    assert m.loc["referral", 2] == 1.0                    # only 2 was watched that long
    assert m.loc["search"].tolist() == [1.0, 1.0, 0.0]


def test_bad_input():
    with pytest.raises(CRMDataError, match="Series indexed by customer_id"):
        retain.retention_matrix(ORDERS, "2024-03-31", by="channel")
    with pytest.raises(CRMDataError, match="period should be"):
        retain.retention_matrix(ORDERS, "2024-03-31", period="W")
