"""Checks the retention helpers share on their scalar arguments."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError


def require_day(value: object, name: str) -> pd.Timestamp:
    """`value` as a Timestamp, or a CRMDataError naming the argument and the fix.

    >>> require_day("2024-12-31", "end_date").year
    2024
    """
    try:
        day = pd.Timestamp(value) if isinstance(value, (str, pd.Timestamp)) or hasattr(
            value, "year") else None
    except (ValueError, TypeError, OverflowError):
        day = None
    if day is None or pd.isna(day):
        raise CRMDataError(f"{name} should be a date such as store.end_date or '2025-12-31', "
                           f"not {value!r}.")
    return day
