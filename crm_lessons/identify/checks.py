"""Checks shared by the identification helpers: one number per customer, and an RFM table.

Each fails with a :class:`~crm_lessons.errors.CRMDataError` that names the table, the column
and the fix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_not_empty,
    require_numeric,
)

__all__ = ["require_customer_values", "require_rfm"]


def _finite(s: pd.Series, table: str, column: str) -> pd.Series:
    if not np.isfinite(s.to_numpy(dtype=float)).all():
        raise CRMDataError(f"{table}.{column} holds infinite values. Remove or correct those "
                           f"rows before computing.")
    return s


def require_customer_values(values: object, table: str = "values") -> pd.Series:
    """A Series of one number per customer, checked: numbers, finite, no missing values, not
    empty (a one-column DataFrame is taken as its column).

    Examples
    --------
    >>> require_customer_values(pd.Series([3.0, 1.0], index=[7, 8])).tolist()
    [3.0, 1.0]
    """
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if not isinstance(values, pd.Series):
        raise CRMDataError(f"{table} should be a pandas Series with one value per customer "
                           f"(indexed by customer_id), but got {type(values).__name__}. "
                           f"Pass for example customer_revenue(store.orders).")
    if len(values) == 0:
        raise CRMDataError(f"{table} is empty, so there is nothing to compute. "
                           f"Pass one value per customer, e.g. customer_revenue(store.orders).")
    v = require_numeric(values.to_frame("value"), table, "value")
    return _finite(v, table, "value")


def require_rfm(rfm: object, table: str = "rfm") -> pd.DataFrame:
    """Check an RFM table (from :func:`crm_lessons.identify.rfm_table`): the four columns,
    at least one row, and finite recency, frequency and money of at least 0.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1], "recency_days": [3.0], "frequency": [2],
    ...                     "monetary": [40.0]})
    >>> require_rfm(rfm).shape
    (1, 4)
    """
    rfm = require_columns(rfm, table, ["customer_id", "recency_days", "frequency", "monetary"])
    require_not_empty(rfm, table)
    for col in ("recency_days", "frequency", "monetary"):
        _finite(require_numeric(rfm, table, col, min_value=0), table, col)
    return rfm
