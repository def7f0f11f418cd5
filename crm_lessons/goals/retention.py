"""The course's one definition of retention, measured on orders, and how the customers who
did not come back split into those who said they were leaving and those who went silent.

**Retention** (the retention rate): of the customers who bought in year t, the share who
bought again in year t+1. It is measured on what customers did (their orders), not on what
they told the company, so it counts the customers who drift away without a word as well as
those who state a defection. Other horizons are the same idea at another period length:
quarter to quarter, month to month, or (lesson 04's cohorts) period k after the first order
against period 0.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
)

PERIODS = {"Y": "year", "Q": "quarter", "M": "month"}


def _buyers_by_period(orders: pd.DataFrame, period: str,
                      end_date: pd.Timestamp | str | None) -> pd.DataFrame:
    """One row per (period, customer) who ordered in it, and the periods whose next period
    is covered in full by the data (every period but the last when `end_date` is None)."""
    if period not in PERIODS:
        raise CRMDataError(f"period should be one of {sorted(PERIODS)} (year, quarter, month), "
                           f"not {period!r}.")
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(orders, "orders")
    dates = require_dates(orders, "orders", "order_date")
    ids = require_ids(orders, "orders", "customer_id")
    when = dates.dt.to_period(period)
    pairs = pd.DataFrame({"period": when.to_numpy(), "customer_id": ids.to_numpy()})
    pairs = pairs.dropna().drop_duplicates()
    last = when.max() if end_date is None else pd.Timestamp(end_date).to_period(period)
    if end_date is not None and pd.Timestamp(end_date) < last.end_time.normalize():
        last = last - 1                   # the period of end_date is not over yet
    return pairs[pairs["period"] <= last].assign(complete_next=pairs["period"] < last)


def buyers_by_period(orders: pd.DataFrame, period: str = "Y",
                     end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """One row per (period, customer) who ordered in it, up to the last complete period:
    period, customer_id and complete_next (whether the next period is over too). The
    building block of every retention measure here and of lesson 04's cohort matrix.

    >>> o = pd.DataFrame({"customer_id": [1, 1], "order_date": pd.to_datetime(["2024-01-03",
    ...                   "2024-01-09"])})
    >>> len(buyers_by_period(o, "M"))
    1
    """
    return _buyers_by_period(orders, period, end_date)


def _came_back(orders: pd.DataFrame, period: str,
               end_date: pd.Timestamp | str | None) -> pd.DataFrame:
    """One row per customer who ordered in a period whose next period is complete: period,
    customer_id and again (True when they also ordered in the next period)."""
    pairs = _buyers_by_period(orders, period, end_date)
    nxt = pairs.assign(period=pairs["period"] - 1, again=True)[["period", "customer_id",
                                                                 "again"]]
    both = pairs[pairs["complete_next"]].merge(nxt, on=["period", "customer_id"], how="left")
    if both.empty:
        raise CRMDataError(f"orders cover fewer than two complete {PERIODS[period]}s, so no "
                           "retention can be measured. Pass more orders, a later end_date or "
                           "a shorter period.")
    return both.assign(again=both["again"].fillna(False).astype(bool))


def retention_by_period(orders: pd.DataFrame, period: str = "Y",
                        end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Of the customers who bought in each period, how many bought again in the next one.

    The course's one definition of retention (see the module): of the customers who ordered
    in period t, the share who ordered again in period t+1. With ``period="Y"`` (the default)
    it is the yearly retention rate lesson 01 uses; "Q" and "M" measure the same thing
    quarter to quarter or month to month.

    Parameters
    ----------
    orders : DataFrame with customer_id and order_date.
    period : {"Y", "Q", "M"}
        Period length: calendar year, quarter or month.
    end_date : optional last day of the data (such as store.end_date). A period that ends
        after it is not over, so it is not used as a "next period". Without it, the last
        period with an order counts as complete.

    Returns
    -------
    DataFrame with one row per period t whose next period is complete: period (the label of
    t, e.g. 2024), customers (bought in t), bought_again (also bought in t+1) and
    retention_rate (bought_again / customers).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 1, 3, 4],
    ...     "order_date": pd.to_datetime(["2023-02-01", "2023-05-01", "2023-09-01",
    ...                                   "2024-03-01", "2024-11-01", "2024-12-01"])})
    >>> retention_by_period(orders, end_date="2024-12-31")[["period", "retention_rate"]]
       period  retention_rate
    0    2023        0.666667
    """
    out = _came_back(orders, period, end_date).groupby("period").agg(
        customers=("customer_id", "size"), bought_again=("again", "sum"))
    out["retention_rate"] = out["bought_again"] / out["customers"]
    out = out.reset_index()
    out["period"] = out["period"].astype(str)
    if period == "Y":
        out["period"] = out["period"].astype("int64")
    return out


def yearly_retention(orders: pd.DataFrame, end_date: pd.Timestamp | str | None = None) -> float:
    """Today's retention rate: of the customers who bought in the last complete year but one,
    the share who bought again in the last complete year (:func:`retention_by_period`, the
    course's one definition).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 1],
    ...     "order_date": pd.to_datetime(["2023-02-01", "2023-05-01", "2024-03-01"])})
    >>> yearly_retention(orders, end_date="2024-12-31")
    0.5
    """
    table = retention_by_period(orders, "Y", end_date)
    return float(table["retention_rate"].iloc[-1])


def stated_and_silent(orders: pd.DataFrame, defections: pd.DataFrame,
                      end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Year by year, the customers who did not buy again, split into those who told the shop
    they were leaving (a **stated defection**) and those who just stopped (**silent
    lapsing**).

    A customer who bought in year t and not in year t+1 has lapsed; the lapse is stated when
    the customer has a row in `defections` dated on or before the end of year t+1, silent
    otherwise.

    Returns
    -------
    DataFrame with year, customers (bought in the year), lapsed (no order the next year),
    stated, silent and silent_share (silent / lapsed).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 1],
    ...     "order_date": pd.to_datetime(["2023-02-01", "2023-05-01", "2023-09-01",
    ...                                   "2024-03-01"])})
    >>> defections = pd.DataFrame({"customer_id": [2],
    ...     "defection_date": pd.to_datetime(["2024-01-10"])})
    >>> stated_and_silent(orders, defections, "2024-12-31")[["lapsed", "stated", "silent"]]
       lapsed  stated  silent
    0       2       1       1
    """
    require_columns(defections, "defections", ["customer_id", "defection_date"])
    said = pd.Series(require_dates(defections, "defections", "defection_date").to_numpy(),
                     index=require_ids(defections, "defections", "customer_id").to_numpy())
    said = said.groupby(level=0).min()
    rows = _came_back(orders, "Y", end_date)
    rows["lapsed"] = ~rows["again"]
    year_end = pd.to_datetime((rows["period"] + 1).dt.end_time.dt.normalize())
    told = pd.to_datetime(rows["customer_id"].map(said))
    rows["stated"] = rows["lapsed"] & told.notna().to_numpy() & (told <= year_end).to_numpy()
    out = rows.groupby(rows["period"].astype(str)).agg(
        customers=("customer_id", "size"), lapsed=("lapsed", "sum"), stated=("stated", "sum"))
    out["silent"] = out["lapsed"] - out["stated"]
    out["silent_share"] = out["silent"] / out["lapsed"].where(out["lapsed"] > 0)
    out.index = out.index.astype("int64")
    return out.rename_axis("year").reset_index()
