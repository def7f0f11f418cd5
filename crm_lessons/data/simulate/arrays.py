"""Small array helpers the simulation steps share: day numbers to dates, nullable ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.data.simulate.params import START_DATE


def as_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers counted from START_DATE as datetime64[ns] dates.

    >>> str(as_dates(np.array([0, 1]))[1])[:10]
    '2022-07-02'
    """
    return (START_DATE.to_datetime64() + days.astype("timedelta64[D]")).astype("datetime64[ns]")


def nullable_ids(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
    """A nullable Int64 id column: values + 1 where present, missing elsewhere.

    >>> pd.Series(nullable_ids(np.array([0, 4]), np.array([True, False]))).tolist()
    [1, <NA>]
    """
    return pd.arrays.IntegerArray(np.where(present, values + 1, 0).astype(np.int64), ~present)


def first_index(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Where each query would go in the sorted `keys` (the first position at or above it).

    >>> first_index(np.array([1, 3, 5]), np.array([3, 4])).tolist()
    [1, 2]
    """
    return np.searchsorted(keys, query, side="left")
