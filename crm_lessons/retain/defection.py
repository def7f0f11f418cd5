"""How many customers leave: the share of customers on the books who defected, overall or by
group.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_whole_number,
)


def _groups(customers: pd.DataFrame, by: str | pd.Series) -> pd.Series:
    ids = customers["customer_id"]
    if isinstance(by, str):
        require_columns(customers, "customers", [by])
        return pd.Series(customers[by].to_numpy(), index=ids.to_numpy(), name=by)
    if isinstance(by, pd.Series):
        return by.reindex(ids.to_numpy())
    raise CRMDataError(f"by should be a column name of customers or a Series indexed by "
                       f"customer_id, not {type(by).__name__}.")


def defection_rate(customers: pd.DataFrame, defections: pd.DataFrame,
                   end_date: pd.Timestamp | str | None = None, by: str | pd.Series | None = None,
                   window_days: int | None = 365) -> float | pd.DataFrame:
    """Share of customers who defected (stated defections) in the last `window_days` days.

    The customers counted are those on the books at the start of the window: signed up
    before it and not yet defected. With ``window_days=None`` it is the share of all
    customers who ever defected.

    Parameters
    ----------
    end_date : the last day of the window (default: the latest date in the tables), for
        example store.end_date.
    by : optional column of customers (such as "channel") or a Series indexed by customer_id
        (such as latest_satisfaction(store.surveys)); then one row per group.

    Returns
    -------
    float (0-1), or with `by` a DataFrame with the group, customers, defected, defection_rate.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
    ...     "signup_date": pd.to_datetime(["2023-01-01"] * 4)})
    >>> defections = pd.DataFrame({"customer_id": [1],
    ...     "defection_date": pd.to_datetime(["2024-06-01"])})
    >>> defection_rate(customers, defections, "2024-12-31")
    0.25
    """
    require_columns(customers, "customers", ["customer_id", "signup_date"])
    require_columns(defections, "defections", ["customer_id", "defection_date"])
    require_not_empty(customers, "customers")
    signup = require_dates(customers, "customers", "signup_date")
    ddate = require_dates(defections, "defections", "defection_date")
    left = pd.Series(ddate.to_numpy(),
                     index=require_ids(defections, "defections", "customer_id").to_numpy())
    left = left[~left.index.duplicated(keep="first")]
    end = pd.Timestamp(end_date) if end_date is not None else max(signup.max(), ddate.max()
                                                                  if len(ddate) else signup.max())
    ids = require_ids(customers, "customers", "customer_id")
    when = pd.Series(left.reindex(ids.to_numpy()).to_numpy(), index=customers.index)
    if window_days is None:
        at_risk = signup <= end
        gone = at_risk & when.notna() & (when <= end)
    else:
        window_days = require_whole_number(
            window_days, "window_days", minimum=1,
            fix="Pass a number of days such as 365, or None to count every defection.")
        start = end - pd.Timedelta(days=int(window_days))
        at_risk = (signup <= start) & (when.isna() | (when > start))
        gone = at_risk & when.notna() & (when <= end)
    if not at_risk.any():
        raise CRMDataError("No customer was on the books at the start of the window, so no "
                           "rate can be computed. Use a later end_date or a shorter window_days.")
    if by is None:
        return float(gone.sum() / at_risk.sum())
    groups = _groups(customers, by)
    name = groups.name if groups.name is not None else "group"
    frame = pd.DataFrame({name: groups.to_numpy(), "at_risk": at_risk.to_numpy(),
                          "gone": gone.to_numpy()})
    frame = frame[frame["at_risk"] & frame[name].notna()]
    out = frame.groupby(name, observed=True).agg(customers=("at_risk", "size"),
                                                 defected=("gone", "sum"))
    out["defection_rate"] = out["defected"] / out["customers"]
    return out.reset_index()

