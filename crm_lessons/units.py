"""Time units, the length of a month and the course's one discounting convention.

Every helper that discounts money or converts time uses these, so two helpers given the same
inputs always agree.

Discounting
    Cash flows arrive at the *end* of each period. The cash of period t (t = 1, 2, ...) is
    worth ``cash / (1 + d) ** t`` today, where d is the discount rate per period. A customer
    won today is there for period 1; with retention r, the share still there in period t is
    ``r ** (t - 1)``.

Time units
    "D" (day), "W" (week, 7 days) and "M" (month). A month is one twelfth of an average year,
    365.25 / 12 = 30.4375 days. A unit is always named explicitly by what was computed in it.
"""

from __future__ import annotations

import numpy as np

from crm_lessons.errors import CRMDataError

#: Days in one month: a twelfth of an average (Julian) year.
MONTH_DAYS = 365.25 / 12
#: Length of each time unit in days.
UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": MONTH_DAYS}
#: Words for each unit, for messages and labels.
UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months"}


def require_unit(unit: object, name: str = "freq") -> str:
    """Return `unit` if it is one of the known time units, or fail saying which exist.

    >>> require_unit("W")
    'W'
    """
    if not isinstance(unit, str) or unit not in UNIT_DAYS:
        raise CRMDataError(f"{name} should be one of 'D' (days), 'W' (weeks) or 'M' (months), "
                           f"but got {unit!r}. Pass the unit the data were summarised in.")
    return unit


def units_per_month(unit: str) -> float:
    """How many of `unit` make one month (30.4375 days).

    >>> units_per_month("D")
    30.4375
    """
    return MONTH_DAYS / UNIT_DAYS[require_unit(unit, "unit")]


def discount_factors(discount_rate: float, periods: int | np.ndarray) -> np.ndarray:
    """The factor ``1 / (1 + d) ** t`` for cash at the end of periods t = 1 .. periods.

    `periods` may also be an array of period numbers t (each at least 1).

    >>> discount_factors(0.1, 2).round(4).tolist()
    [0.9091, 0.8264]
    """
    t = np.arange(1, int(periods) + 1) if np.ndim(periods) == 0 else np.asarray(periods, float)
    return (1.0 + discount_rate) ** -t.astype(float)
