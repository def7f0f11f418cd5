"""crm_lessons.clv.cohort: cumulative value per acquired customer, by cohort."""

import numpy as np
import pandas as pd
import pytest
from clv_support import tiny_tx

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


def test_cohort_value_is_cumulative_spend_per_acquired_customer():
    tx = pd.concat([tiny_tx(), pd.DataFrame({"customer_id": [2], "amount": [12.0],
                                             "date": pd.to_datetime(["2024-02-20"])})])
    table = clv.cohort_value(tx)
    # January cohort: customers 1 and 2; month 0 spend 10+4+6+20+8 = 48 -> 24 per customer,
    # then customer 2 spends 12 in February: cumulative (48 + 12) / 2 = 30
    assert table.loc["2024-01", 0] == pytest.approx(24.0)
    assert table.loc["2024-01", 1] == pytest.approx(30.0)
    # February cohort: customer 3 only, 5 in month 0; month 1 not observed yet -> missing
    assert table.loc["2024-02", 0] == pytest.approx(5.0)
    assert np.isnan(table.loc["2024-02", 1])
    assert table.attrs["customers"].tolist() == [2, 1]
    # discounted the course's way: month 0 since acquisition is the cash of period t = 1
    # (/ 1.1), month 1 that of t = 2 (/ 1.1**2); margin 0.5 of 24 and 6 per customer
    discounted = clv.cohort_value(tx, margin=0.5, discount_rate=0.1)
    assert discounted.loc["2024-01", 0] == pytest.approx(12.0 / 1.1)
    assert discounted.loc["2024-01", 1] == pytest.approx(12.0 / 1.1 + 3.0 / 1.21)
    with pytest.raises(CRMDataError, match="discount_rate should be a number of at least 0"):
        clv.cohort_value(tx, discount_rate=-0.1)
    with pytest.raises(CRMDataError, match="freq should be one of"):
        clv.cohort_value(tx, freq="Q")

