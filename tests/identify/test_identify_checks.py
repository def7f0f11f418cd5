"""Tests of crm_lessons.identify.checks: the checks the identification helpers share."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons.errors import CRMDataError
from crm_lessons.identify.checks import require_customer_values, require_rfm


def test_require_customer_values_takes_a_series_or_a_one_column_frame():
    values = pd.Series([5.0, 2.0], index=pd.Index([3, 4], name="customer_id"))
    assert require_customer_values(values).tolist() == [5.0, 2.0]
    assert require_customer_values(values.to_frame("revenue")).tolist() == [5.0, 2.0]


@pytest.mark.parametrize("values, message", [
    ([1.0, 2.0], "values should be a pandas Series"),
    (pd.Series([], dtype=float), "values is empty"),
    (pd.Series([1.0, np.inf]), "values.value holds infinite values"),
    (pd.Series([1.0, np.nan]), "missing values"),
    (pd.Series(["a", "b"]), "should hold numbers"),
])
def test_require_customer_values_fails_clearly(values, message):
    with pytest.raises(CRMDataError, match=message):
        require_customer_values(values)


def test_require_rfm_checks_columns_rows_and_values():
    rfm = pd.DataFrame({"customer_id": [1, 2], "recency_days": [3.0, 9.0], "frequency": [2, 1],
                        "monetary": [40.0, 5.0]})
    assert require_rfm(rfm) is rfm
    with pytest.raises(CRMDataError, match="rfm has no column 'frequency'"):
        require_rfm(rfm.drop(columns="frequency"))
    with pytest.raises(CRMDataError, match="rfm is empty"):
        require_rfm(rfm.iloc[:0])
    with pytest.raises(CRMDataError, match="rfm.monetary holds infinite values"):
        require_rfm(rfm.assign(monetary=[np.inf, 1.0]))
    with pytest.raises(CRMDataError, match="scored.recency_days has values below 0"):
        require_rfm(rfm.assign(recency_days=[-1.0, 2.0]), table="scored")
