"""Contractual retention: the coffee club's members renew a contract each period, so the day a
member leaves is known. Survivors of a renewal cohort, and the next years of members projected
with the shifted-beta-geometric model (``clv.fit_sbg``) against one constant retention rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.clv.sbg import survivors_array
from crm_lessons.data.simulate.subscriptions import periods_observable
from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_numeric,
    require_whole_number,
)
from crm_lessons.schema import SUBSCRIPTION_PLANS


def _plan_rows(subscriptions: pd.DataFrame, plan: str) -> pd.DataFrame:
    require_columns(subscriptions, "subscriptions", ["plan", "start_date", "periods_paid",
                                                     "end_date"])
    require_not_empty(subscriptions, "subscriptions")
    if plan not in SUBSCRIPTION_PLANS:
        raise CRMDataError(f"plan should be one of {SUBSCRIPTION_PLANS}, not {plan!r}.")
    rows = subscriptions[subscriptions["plan"].astype(str) == plan]
    if rows.empty:
        raise CRMDataError(f"subscriptions has no {plan} membership. Pass store.subscriptions "
                           f"or another plan.")
    require_numeric(rows, "subscriptions", "periods_paid", min_value=1)
    require_dates(rows, "subscriptions", "start_date")
    return rows


def renewal_survivors(subscriptions: pd.DataFrame, end_date: pd.Timestamp | str,
                      plan: str = "monthly", joined_in: int | None = None) -> pd.DataFrame:
    """The members of one renewal cohort still paying at the start of each period.

    The cohort is the members of `plan` who joined in the calendar year `joined_in` (default:
    the first year of the club). Period t counts the members who paid at least t + 1 periods;
    it runs as far as every member of the cohort could be watched by `end_date`.

    Returns
    -------
    DataFrame with period (0 = joining), active and retention_rate (active / active the period
    before; missing for period 0), ready for ``clv.fit_sbg(table["active"])``.

    >>> subs = pd.DataFrame({"plan": ["monthly"] * 4, "periods_paid": [1, 2, 3, 3],
    ...     "start_date": pd.to_datetime(["2023-01-05"] * 4),
    ...     "end_date": pd.to_datetime(["2023-02-05", "2023-03-05", None, None])})
    >>> renewal_survivors(subs, "2023-03-31")["active"].tolist()
    [4, 3, 2]
    """
    rows = _plan_rows(subscriptions, plan)
    start = pd.to_datetime(rows["start_date"])
    year = int(start.dt.year.min()) if joined_in is None else int(joined_in)
    cohort = rows[start.dt.year == year]
    if cohort.empty:
        raise CRMDataError(f"No {plan} member joined in {year}. Pass a year in which members "
                           f"joined (the club's first is {int(start.dt.year.min())}).")
    horizon = int(periods_observable(cohort["start_date"], end_date, plan).min())
    paid = cohort["periods_paid"].to_numpy()
    active = np.array([(paid > t).sum() for t in range(horizon)], dtype=np.int64)
    out = pd.DataFrame({"period": np.arange(horizon), "active": active})
    out["retention_rate"] = out["active"] / out["active"].shift(1)
    return out


def constant_rate(survivors: pd.Series | np.ndarray) -> float:
    """The one retention rate a naive projection would use: the average rate per period over
    the survivors given, ``(last / first) ** (1 / periods)``.

    >>> constant_rate([100, 80, 64])
    0.8
    """
    s = survivors_array(survivors, "constant_rate")
    if s.size < 2 or s[0] <= 0 or s[-1] <= 0:
        raise CRMDataError("constant_rate needs at least two periods of survivors, the first "
                           "and the last above 0. Pass renewal_survivors(...)['active'].")
    return float(round((s[-1] / s[0]) ** (1.0 / (s.size - 1)), 12))


def project_members(model: object, subscriptions: pd.DataFrame, end_date: pd.Timestamp | str,
                    rate: float, plan: str = "monthly", periods: int = 36) -> pd.DataFrame:
    """Today's active members of `plan`, projected `periods` periods ahead two ways: with the
    fitted sBG `model` (each member's chance to stay given how long they have stayed,
    S(k + h) / S(k)) and with one constant retention `rate` for everyone (rate ** h).
    No new members are counted.

    Returns a DataFrame with period (0 = today), sbg and constant (expected members).
    """
    rows = _plan_rows(subscriptions, plan)
    periods = require_whole_number(periods, "project_members: periods", minimum=1,
                                   fix="Give a number of periods, e.g. 36 months.")
    rate = float(rate)
    if not 0 < rate <= 1:
        raise CRMDataError(f"rate should be a retention rate above 0 and at most 1, not {rate}.")
    active = rows[rows["end_date"].isna()]
    if active.empty:
        raise CRMDataError(f"No {plan} member is active (every end_date is filled), so there "
                           "is nobody to project.")
    tenure = active["periods_paid"].to_numpy().astype(int)
    ahead = np.arange(periods + 1)
    kept = model.survival((tenure[:, None] + ahead[None, :]).ravel()).reshape(len(tenure), -1)
    sbg = (kept / model.survival(tenure)[:, None]).sum(axis=0)
    return pd.DataFrame({"period": ahead, "sbg": sbg, "constant": len(tenure) * rate ** ahead})
