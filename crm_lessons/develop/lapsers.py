"""Customers who quietly stopped buying: lost without a word, worth a win-back."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_fraction,
    require_not_empty,
    require_number,
    require_numeric,
    require_whole_number,
)


def silent_lapsers(customers: pd.DataFrame, orders: pd.DataFrame, defections: pd.DataFrame,
                   end_date: pd.Timestamp | str | None = None, days: int = 365) -> pd.DataFrame:
    """Customers who stopped buying without a word: no order in the last `days` days before
    `end_date`, and no stated defection. They may have been lost to a competitor.

    Returns
    -------
    DataFrame with customer_id, last_order_date and days_since_last_order, longest silence
    first.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3]})
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2023-02-01", "2024-12-01"])})
    >>> defections = pd.DataFrame({"customer_id": [2]})
    >>> silent_lapsers(customers, orders, defections, "2024-12-31")["customer_id"].tolist()
    [1]
    """
    require_columns(customers, "customers", ["customer_id"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_columns(defections, "defections", ["customer_id"])
    require_not_empty(orders, "orders")
    days = require_whole_number(days, "days", minimum=1,
                                fix="Pass a number of days such as 365.")
    dates = require_dates(orders, "orders", "order_date")
    end = pd.Timestamp(end_date) if end_date is not None else dates.max()
    last = dates.groupby(orders["customer_id"].to_numpy()).max()
    last = last[last.index.isin(customers["customer_id"])]
    quiet = last[(last < end - pd.Timedelta(days=int(days)))
                 & ~last.index.isin(defections["customer_id"])]
    out = pd.DataFrame({"customer_id": quiet.index.to_numpy(),
                        "last_order_date": quiet.to_numpy(),
                        "days_since_last_order": (end - quiet).dt.days.to_numpy()})
    return out.sort_values(["days_since_last_order", "customer_id"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def gone_quiet(p_alive: pd.Series, value: pd.Series, threshold: float = 0.3,
               min_value: float = 0.0) -> pd.DataFrame:
    """Win-back candidates: customers whose probability of still being active has dropped
    below `threshold`, with the value at stake, largest first.

    The value at stake is the customer's expected value from the model (`value`, e.g.
    crm_lessons.clv.lifetime_value): what they would bring if still active times the chance
    that they are. A customer almost surely gone has almost nothing at stake, however much
    they once bought. `min_value` keeps only customers with at least that much at stake.

    Examples
    --------
    >>> alive = pd.Series([0.9, 0.2, 0.1], index=[1, 2, 3])
    >>> gone_quiet(alive, pd.Series([50.0, 16.0, 2.0], index=[1, 2, 3]))["customer_id"].tolist()
    [2, 3]
    """
    threshold = require_fraction(threshold, "threshold", fix="Give it as a fraction, e.g. 0.3.")
    min_value = require_number(min_value, "min_value", fix="Give an amount in EUR, e.g. 0.")
    if not isinstance(p_alive, pd.Series) or not isinstance(value, pd.Series):
        raise CRMDataError("gone_quiet needs two Series indexed by customer: the probability "
                           "alive and the model's expected value (clv.lifetime_value).")
    alive = require_numeric(p_alive.to_frame("p_alive"), "p_alive", "p_alive", allow_nan=True)
    at_stake = require_numeric(value.to_frame("value"), "value", "value", allow_nan=True)
    table = pd.DataFrame({"p_alive": alive, "value_at_stake": at_stake.reindex(alive.index)})
    table = table[(table["p_alive"] < threshold) & (table["value_at_stake"] >= min_value)]
    table.index.name = "customer_id"
    return table.sort_values("value_at_stake", ascending=False,
                             kind="stable").reset_index()
