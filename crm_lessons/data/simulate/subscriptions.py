"""The coffee club: a subscription (a contract renewed each month or each year) that some
customers take out on top of their orders.

It draws from a random stream of its own (:data:`SUBSCRIPTION_STREAM`, derived from the
seed), so adding it left every other table exactly as it was. Each member has a chance of
their own to cancel at each renewal, drawn from a beta distribution: members differ, so the
likeliest leavers go first and the club's retention rate rises with tenure although no member
grows more loyal. The club opened with the loyalty program on 2023-01-01.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.data.simulate.arrays import as_dates
from crm_lessons.data.simulate.customers import Traits
from crm_lessons.data.simulate.params import END_DATE, LOYALTY_LAUNCH_DAY, N_DAYS

#: The key of the coffee club's own random stream (see ``surveys.own_stream``).
SUBSCRIPTION_STREAM = 17
#: Share of customers who join the club; of them, the share on the yearly plan.
CLUB_SHARE = 0.2
YEARLY_SHARE = 0.25
#: Share of the customers signed up before the launch who join in its first month.
FOUNDING_SHARE = 0.6
#: The beta distribution (alpha, beta) of the chance to cancel at each renewal, by plan.
CANCEL_BETA = {"monthly": (0.7, 4.0), "yearly": (1.2, 2.6)}
#: Fee per period, EUR.
FEES = {"monthly": 24.0, "yearly": 249.0}
PLAN_MONTHS = {"monthly": 1, "yearly": 12}


def _renewal_dates(start: pd.Series, months: np.ndarray) -> pd.Series:
    """`start` plus a whole number of months, row by row (the same day of the month, or the
    month's last day)."""
    first = start.dt.to_period("M")
    target = (first + pd.Series(months, index=start.index).astype("int64")).dt
    day = np.minimum(start.dt.day.to_numpy(), target.days_in_month.to_numpy())
    return pd.to_datetime(pd.DataFrame({"year": target.year, "month": target.month, "day": day})
                          ).astype("datetime64[ns]")


def periods_observable(start: pd.Series, end_date: pd.Timestamp | str, plan: str) -> np.ndarray:
    """How many renewal dates (the start included) of each membership fall on or before
    `end_date`: the periods a member who never left would have paid by then.

    >>> periods_observable(pd.Series(pd.to_datetime(["2025-01-15"])), "2025-03-20",
    ...                    "monthly").tolist()
    [3]
    """
    end = pd.Timestamp(end_date)
    start = pd.to_datetime(start)
    months = ((end.year - start.dt.year) * 12 + end.month - start.dt.month).to_numpy()
    months = months - (start.dt.day.to_numpy() > end.day)
    return months // PLAN_MONTHS[plan] + 1


def subscriptions_table(rng: np.random.Generator, c: Traits) -> pd.DataFrame:
    """One row per coffee-club membership: who, the plan, when it started, how many periods
    were paid, and when it ended (missing while still active at the data's end)."""
    eligible = np.flatnonzero(c.signup < N_DAYS - 45)
    cust = np.sort(eligible[rng.random(eligible.size) < CLUB_SHARE])
    founding = (c.signup[cust] < LOYALTY_LAUNCH_DAY) & (rng.random(cust.size) < FOUNDING_SHARE)
    later = np.maximum(c.signup[cust], LOYALTY_LAUNCH_DAY) + rng.integers(0, 120, cust.size)
    day = np.where(founding, LOYALTY_LAUNCH_DAY + rng.integers(0, 31, cust.size), later)
    keep = day < N_DAYS - 31
    cust, day = cust[keep], day[keep]
    yearly = rng.random(cust.size) < YEARLY_SHARE
    plan = np.where(yearly, "yearly", "monthly")
    theta = np.where(yearly, rng.beta(*CANCEL_BETA["yearly"], cust.size),
                     rng.beta(*CANCEL_BETA["monthly"], cust.size))
    paid = rng.geometric(np.clip(theta, 1e-6, 1.0))       # periods paid if never cut off
    start = pd.Series(as_dates(day))
    step = np.where(yearly, 12, 1)
    observed = np.where(yearly, periods_observable(start, END_DATE, "yearly"),
                        periods_observable(start, END_DATE, "monthly"))
    active = paid >= observed
    periods = np.minimum(paid, observed)
    end = _renewal_dates(start, periods * step).where(~active)
    return pd.DataFrame(copy=False, data={
        "subscription_id": np.arange(1, cust.size + 1, dtype=np.int64),
        "customer_id": (cust + 1).astype(np.int64),
        "plan": pd.Categorical(plan, categories=list(PLAN_MONTHS)),
        "start_date": start,
        "periods_paid": periods.astype(np.int64),
        "end_date": end,
        "fee": np.where(yearly, FEES["yearly"], FEES["monthly"]),
    })
