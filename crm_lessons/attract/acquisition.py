"""What a new customer costs: acquisition spend per customer won, overall and by channel.

A customer counts as acquired by a campaign when they signed up in its channel between its
start and end dates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_numeric


def _acquisition_campaigns(campaigns: pd.DataFrame) -> pd.DataFrame:
    require_columns(campaigns, "campaigns",
                    ["campaign_id", "type", "channel", "start_date", "end_date", "total_cost"])
    cost = require_numeric(campaigns, "campaigns", "total_cost", min_value=0)
    acq = campaigns.assign(total_cost=cost,
                           start_date=require_dates(campaigns, "campaigns", "start_date"),
                           end_date=require_dates(campaigns, "campaigns", "end_date"))
    acq = acq[acq["type"].astype(str) == "acquisition"]
    if acq.empty:
        raise CRMDataError("campaigns has no row of type 'acquisition', so there is no "
                           "acquisition cost. Pass store.campaigns (all campaign types).")
    return acq


def _new_customers(acq: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Customers whose sign-up falls in an acquisition campaign of their own channel."""
    require_columns(customers, "customers", ["customer_id", "signup_date", "channel"])
    signup = require_dates(customers, "customers", "signup_date")
    cust = pd.DataFrame({"channel": customers["channel"].astype(str).to_numpy(),
                         "signup": signup.to_numpy()})
    camps = pd.DataFrame({"channel": acq["channel"].astype(str).to_numpy(),
                          "start": acq["start_date"].to_numpy(),
                          "end": acq["end_date"].to_numpy(),
                          "cost": acq["total_cost"].to_numpy()})
    cust["row"] = np.arange(len(cust))
    pairs = cust.merge(camps[["channel", "start", "end"]], on="channel")
    inside = pairs[(pairs["signup"] >= pairs["start"]) & (pairs["signup"] <= pairs["end"])]
    acquired = inside.drop_duplicates("row").groupby("channel").size()
    out = camps.groupby("channel", sort=True)["cost"].sum().rename("spend").to_frame()
    out["new_customers"] = acquired.reindex(out.index, fill_value=0).astype("int64")
    return out.reset_index()


def acquisition_cost_per_customer(campaigns: pd.DataFrame, contacts: pd.DataFrame | None,
                                  customers: pd.DataFrame) -> float:
    """Average cost of winning one new customer (EUR): the total cost of all acquisition
    campaigns divided by the customers who signed up through them.

    A customer counts as acquired by a campaign when they signed up in its channel between
    its start and end dates. `contacts` is accepted for symmetry with
    `crm_lessons.retain.retention_cost_per_customer` (acquisition is counted from sign-ups,
    as most prospects reached by ads are never recorded as contacts); pass it or None.

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1], "type": ["acquisition"],
    ...     "channel": ["search"], "start_date": pd.to_datetime(["2024-01-01"]),
    ...     "end_date": pd.to_datetime(["2024-03-31"]), "total_cost": [500.0]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3], "channel": ["search"] * 3,
    ...     "signup_date": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-06-01"])})
    >>> acquisition_cost_per_customer(campaigns, None, customers)    # 500 / 2 customers
    250.0
    """
    if contacts is not None:
        require_columns(contacts, "contacts", ["campaign_id"])
    by = _new_customers(_acquisition_campaigns(campaigns), customers)
    n = int(by["new_customers"].sum())
    if n == 0:
        raise CRMDataError("No customer signed up during an acquisition campaign of their "
                           "channel, so the cost per customer is undefined. Pass the customers "
                           "table that belongs to these campaigns.")
    return float(by["spend"].sum() / n)


def acquisition_cost_by_channel(campaigns: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Acquisition spend, new customers and cost per new customer (EUR) for each channel,
    cheapest first.

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1, 2], "type": ["acquisition"] * 2,
    ...     "channel": ["search", "referral"], "start_date": pd.to_datetime(["2024-01-01"] * 2),
    ...     "end_date": pd.to_datetime(["2024-12-31"] * 2), "total_cost": [300.0, 50.0]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3],
    ...     "channel": ["search", "search", "referral"],
    ...     "signup_date": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-04-01"])})
    >>> acquisition_cost_by_channel(campaigns, customers)["cost_per_customer"].tolist()
    [50.0, 150.0]
    """
    by = _new_customers(_acquisition_campaigns(campaigns), customers)
    by["cost_per_customer"] = by["spend"] / by["new_customers"].where(by["new_customers"] > 0)
    return by.sort_values("cost_per_customer", kind="stable").reset_index(drop=True)

