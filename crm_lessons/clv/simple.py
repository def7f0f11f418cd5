"""Simple lifetime value: a constant margin and retention rate, discounted the course's one way
(crm_lessons.units: cash at the end of each period t = 1, 2, ..., worth 1 / (1 + d) ** t).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crm_lessons.errors import CRMDataError, require_whole_number


def _numbers(value: Any, name: str) -> np.ndarray:
    """`value` (a number or an array-like) as floats, or a CRMDataError naming `name`."""
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise CRMDataError(f"simple_clv: {name} should be a number (or an array of numbers), "
                           f"but got {value!r}. Give it as a number, e.g. 0.8, not text."
                           ) from None
    if np.isinf(out).any():
        raise CRMDataError(f"simple_clv: {name} should be a finite number, but got {value!r}.")
    return out


def simple_clv(margin: Any, retention: Any, discount_rate: Any, horizon: int | None = None) -> Any:
    """Lifetime value of a customer with a constant margin and retention rate.

    The course's one convention (crm_lessons.units): a customer won now is there for period 1;
    the share still there in period t is ``r ** (t - 1)``; each period they are there they pay
    the margin at its end, worth ``1 / (1 + d) ** t`` today. So over `horizon` periods

        value = sum_{t=1}^{H} m * r ** (t - 1) / (1 + d) ** t

    and for an endless horizon ``m / (1 + d - r)``. This is the same figure as
    ``crm_lessons.goals.five_year_profit(r, m, discount_rate=d)`` over five periods.

    Parameters
    ----------
    margin : float or array-like
        Margin per period from an active customer (money).
    retention : float or array-like
        Share of customers who stay from one period to the next, from 0 to 1 (0.8 for 80%).
    discount_rate : float or array-like
        Discount rate per period, at least 0 (0.10 for 10%).
    horizon : int, optional
        Number of periods counted (0 or more); None (default) counts every future period.

    Returns
    -------
    float, or an array when any input is an array (numpy broadcasting).

    Examples
    --------
    >>> round(simple_clv(100, 0.8, 0.1), 2)       # 100 / (1.1 - 0.8)
    333.33
    >>> round(simple_clv(100, 0.8, 0.1, horizon=2), 2)   # 100 / 1.1 + 100 * 0.8 / 1.1**2
    157.02
    """
    m, r, d = (_numbers(v, name) for v, name in ((margin, "margin"), (retention, "retention"),
                                                   (discount_rate, "discount_rate")))
    if np.isnan(m).any() or np.isnan(r).any() or np.isnan(d).any():
        raise CRMDataError("simple_clv: margin, retention and discount_rate must not be missing "
                           "(NaN). Fill them in first.")
    if ((r < 0) | (r > 1)).any():
        raise CRMDataError(f"simple_clv: retention should be a fraction from 0 to 1 (0.8 for "
                           f"80%), but got {retention!r}. Give the share of customers kept.")
    if (d < 0).any():
        raise CRMDataError(f"simple_clv: discount_rate should be at least 0 (0.1 for 10% per "
                           f"period), but got {discount_rate!r}.")
    q = r / (1.0 + d)          # what one more period of staying is worth, in today's money
    if horizon is None:
        if (q >= 1).any():
            raise CRMDataError("simple_clv: with retention 1 and no discounting the value never "
                               "stops growing; give a horizon (a number of periods) or a "
                               "discount_rate above 0.")
        periods = 1.0 / (1.0 - q)
    else:
        h = require_whole_number(horizon, "simple_clv: horizon", minimum=0,
                                 fix="Give a number of periods, or None for no end.")
        with np.errstate(divide="ignore", invalid="ignore"):
            periods = np.where(q == 1, float(h), (1.0 - q ** h) / np.where(q == 1, 0.5, 1.0 - q))
    # sum_{t=1}^{H} m r^(t-1) / (1+d)^t = m / (1+d) * sum_{k=0}^{H-1} q^k
    value = m / (1.0 + d) * periods
    return float(value) if np.ndim(value) == 0 else value
