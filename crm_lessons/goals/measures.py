"""The goals of CRM measured in the data: share of wallet, advocates, service cost per
customer, the loyalty ladder and the goal scorecard.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    require_columns,
    require_dates,
    require_fraction,
    require_ids,
    require_not_empty,
    require_numeric,
    require_whole_number,
)


def latest_surveys(surveys: pd.DataFrame, columns: str | list[str] | None = None) -> pd.DataFrame:
    """Each customer's latest survey answer: one row per customer, the answer with the
    latest survey_date (of two on the same day, the later row). A customer can answer more
    than once (the shop surveys again months later); wherever one answer per customer is
    needed, the course takes this one.

    Parameters
    ----------
    surveys : DataFrame with customer_id and survey_date (and the columns to keep).
    columns : str or list of str, optional
        Column(s) that must be there besides customer_id and survey_date.

    Returns
    -------
    DataFrame with the rows of `surveys` kept, sorted by customer_id.

    Examples
    --------
    >>> sv = pd.DataFrame({"customer_id": [7, 7, 8], "recommend": [4, 9, 6],
    ...     "survey_date": pd.to_datetime(["2024-06-01", "2023-01-01", "2024-01-01"])})
    >>> latest_surveys(sv)["recommend"].tolist()
    [4, 6]
    """
    extra = [columns] if isinstance(columns, str) else list(columns or [])
    surv = require_columns(surveys, "surveys", ["customer_id", "survey_date", *extra])
    surv = surv.assign(survey_date=require_dates(surv, "surveys", "survey_date"),
                       customer_id=require_ids(surv, "surveys", "customer_id"))
    return (surv.sort_values(["customer_id", "survey_date"], kind="stable")
            .drop_duplicates("customer_id", keep="last"))


def share_of_wallet(orders: pd.DataFrame, surveys: pd.DataFrame,
                    months: int = 12) -> pd.Series:
    """Each surveyed customer's share of wallet: what they spent with us per month against
    what they say they spend on coffee and tea anywhere.

    Our monthly spend is the customer's revenue in the `months` months up to (and including)
    the day of their latest survey, divided by `months`; it is compared with the survey's
    monthly_category_spend and capped at 1 (a customer cannot spend more with us than in total).

    Returns
    -------
    Series indexed by customer_id (surveyed customers with a positive category spend), values
    between 0 and 1, named "share_of_wallet".

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [60.0, 60.0, 12.0],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-06-01", "2022-01-01"])})
    >>> surveys = pd.DataFrame({"customer_id": [1, 2], "monthly_category_spend": [40.0, 10.0],
    ...     "survey_date": pd.to_datetime(["2024-07-01", "2024-07-01"])})
    >>> share_of_wallet(orders, surveys).round(2).tolist()
    [0.25, 0.0]
    """
    months = require_whole_number(months, "months", minimum=1,
                                  fix="Give the length of the window in months, e.g. 12.")
    last = latest_surveys(surveys, ["monthly_category_spend"])
    spend = require_numeric(last, "surveys", "monthly_category_spend", min_value=0)
    last = last.assign(monthly_category_spend=spend)
    last = last[last["monthly_category_spend"] > 0]
    ords = require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    ords = ords.assign(customer_id=require_ids(ords, "orders", "customer_id"),
                       order_date=require_dates(ords, "orders", "order_date"),
                       revenue=require_numeric(ords, "orders", "revenue"))
    merged = ords.merge(last[["customer_id", "survey_date"]], on="customer_id", how="inner")
    start = merged["survey_date"] - pd.DateOffset(months=months)
    window = merged[(merged["order_date"] > start) & (merged["order_date"] <= merged["survey_date"])]
    ours = window.groupby("customer_id")["revenue"].sum() / months
    per = last.set_index("customer_id")["monthly_category_spend"]
    share = (ours.reindex(per.index, fill_value=0.0) / per).clip(upper=1.0)
    return share.sort_index().rename("share_of_wallet")


def advocates(customers: pd.DataFrame, surveys: pd.DataFrame) -> pd.Series:
    """Which customers are advocates: their latest survey gives 9 or 10 on "would you
    recommend us", or they have brought in another customer (someone's referred_by).

    Returns
    -------
    Boolean Series indexed by customer_id (every customer), named "advocate".

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2, 3],
    ...                      "referred_by": pd.array([None, 1, None], dtype="Int64")})
    >>> surveys = pd.DataFrame({"customer_id": [2, 3], "recommend": [10, 6],
    ...     "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> advocates(cust, surveys).tolist()
    [True, True, False]
    """
    cust = require_columns(customers, "customers", ["customer_id", "referred_by"])
    last = latest_surveys(surveys, ["recommend"])
    rec = require_numeric(last, "surveys", "recommend")
    promoters = set(last.loc[rec.to_numpy() >= 9, "customer_id"].tolist())
    referred_by = require_ids(cust, "customers", "referred_by", allow_missing=True)
    referrers = set(referred_by.dropna().astype("int64").tolist())
    ids = cust["customer_id"]
    flag = ids.isin(promoters) | ids.isin(referrers)
    return pd.Series(flag.to_numpy(), index=pd.Index(ids.to_numpy(), name="customer_id"),
                     name="advocate")


def advocate_share(customers: pd.DataFrame, surveys: pd.DataFrame) -> float:
    """Share of all customers who are advocates (see :func:`advocates`).

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2], "referred_by": pd.array([None, 1],
    ...                      dtype="Int64")})
    >>> surveys = pd.DataFrame({"customer_id": [2], "recommend": [3],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"])})
    >>> advocate_share(cust, surveys)
    0.5
    """
    require_not_empty(require_columns(customers, "customers", ["customer_id"]), "customers")
    return float(advocates(customers, surveys).mean())


def service_cost_per_customer(tickets: pd.DataFrame, customers: pd.DataFrame) -> float:
    """Ticket handling cost (EUR) per customer over the whole data: total handling_cost
    divided by the number of customers (those without tickets count, at zero cost).

    Examples
    --------
    >>> tickets = pd.DataFrame({"customer_id": [1, 1], "handling_cost": [5.0, 7.0]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3]})
    >>> service_cost_per_customer(tickets, customers)
    4.0
    """
    cust = require_not_empty(require_columns(customers, "customers", ["customer_id"]),
                             "customers")
    tick = require_columns(tickets, "tickets", ["customer_id", "handling_cost"])
    cost = require_numeric(tick, "tickets", "handling_cost", min_value=0)
    return float(cost.sum() / cust["customer_id"].nunique())


def loyalty_ladder(prospects: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   surveys: pd.DataFrame) -> pd.DataFrame:
    """How many people stand on each rung from prospect to advocate.

    Rungs: prospects (every lead plus customers who came without one), customers (bought at
    least once), repeat customers (two orders or more), loyalty members, advocates
    (see :func:`advocates`).

    Returns
    -------
    DataFrame with columns rung, people, share_of_previous (each rung over the one above).

    Examples
    --------
    >>> prospects = pd.DataFrame({"prospect_id": [1, 2, 3],
    ...                           "customer_id": pd.array([1, None, None], dtype="Int64")})
    >>> customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [True, False],
    ...                           "referred_by": pd.array([None, 1], dtype="Int64")})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2]})
    >>> surveys = pd.DataFrame({"customer_id": [1], "recommend": [5],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"])})
    >>> loyalty_ladder(prospects, customers, orders, surveys)["people"].tolist()
    [4, 2, 1, 1, 1]
    """
    pros = require_columns(prospects, "prospects", ["prospect_id", "customer_id"])
    cust = require_columns(customers, "customers", ["customer_id", "loyalty_member",
                                                    "referred_by"])
    ords = require_columns(orders, "orders", ["customer_id"])
    converted = set(require_ids(pros, "prospects", "customer_id", allow_missing=True)
                    .dropna().astype("int64").tolist())
    ids = require_ids(cust, "customers", "customer_id")
    n_prospects = len(pros) + int((~ids.isin(converted)).sum())
    counts = require_ids(ords, "orders", "customer_id").value_counts()
    buyers = ids[ids.isin(counts.index)]
    repeat = ids[ids.isin(counts.index[counts >= 2])]
    members = int(cust["loyalty_member"].astype(bool).sum())
    adv = int(advocates(cust, surveys).sum())
    people = np.array([n_prospects, len(buyers), len(repeat), members, adv], dtype="int64")
    prev = np.concatenate([[np.nan], people[:-1]]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(prev > 0, people / prev, np.nan)
    return pd.DataFrame({
        "rung": ["prospects", "customers", "repeat customers", "loyalty members", "advocates"],
        "people": people,
        "share_of_previous": share,
    })


def goal_scorecard(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                   surveys: pd.DataFrame, defection_rate: float) -> pd.DataFrame:
    """Four goals of CRM, each with the measure that shows whether it is met, from the data.

    Parameters
    ----------
    customers, orders, tickets, surveys : DataFrame
        The store's tables.
    defection_rate : float
        Share of customers lost per year (0-1): 1 - the retention rate measured on orders,
        ``1 - goals.yearly_retention(orders, end_date)``.

    Returns
    -------
    DataFrame with columns goal, measure, value, unit, better (whether a higher or lower
    value is better).

    Examples
    --------
    >>> # goal_scorecard(store.customers, store.orders, store.tickets, store.surveys, 0.2)
    """
    rate = require_fraction(defection_rate, "defection_rate")
    sow = share_of_wallet(orders, surveys)
    return pd.DataFrame({
        "goal": ["keep customers longer (fewer defections)",
                 "grow each relationship (cross-sell, up-sell)",
                 "turn customers into advocates",
                 "serve customers at lower cost"],
        "measure": ["share of last year's buyers who did not buy again (1 - retention)",
                    "median share of wallet of surveyed customers",
                    "share of customers who are advocates",
                    "service (ticket) cost per customer"],
        "value": [rate, float(sow.median()) if len(sow) else float("nan"),
                  advocate_share(customers, surveys),
                  service_cost_per_customer(tickets, customers)],
        "unit": ["share", "share", "share", "EUR"],
        "better": ["lower", "higher", "higher", "lower"],
    })
