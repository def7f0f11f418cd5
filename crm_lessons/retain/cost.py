"""What keeping a customer costs: retention spend per customer kept."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_numeric


def retention_cost_per_customer(campaigns: pd.DataFrame, contacts: pd.DataFrame) -> float:
    """Average cost of keeping one customer (EUR): the total cost of retention campaigns
    divided by the distinct customers in their treatment groups who bought again within the
    response window.

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1, 2], "type": ["retention", "acquisition"],
    ...                           "total_cost": [100.0, 900.0]})
    >>> contacts = pd.DataFrame({"campaign_id": [1, 1, 1, 1], "customer_id": [1, 2, 3, 4],
    ...     "group": ["treatment", "treatment", "treatment", "control"],
    ...     "responded": [True, True, False, True]})
    >>> retention_cost_per_customer(campaigns, contacts)     # 100 EUR / 2 kept customers
    50.0
    """
    require_columns(campaigns, "campaigns", ["campaign_id", "type", "total_cost"])
    require_columns(contacts, "contacts", ["campaign_id", "customer_id", "group", "responded"])
    cost = require_numeric(campaigns, "campaigns", "total_cost", min_value=0)
    is_ret = campaigns["type"].astype(str) == "retention"
    if not is_ret.any():
        raise CRMDataError("campaigns has no row of type 'retention', so there is no retention "
                           "cost. Pass store.campaigns (all campaign types).")
    ids = set(campaigns.loc[is_ret, "campaign_id"].tolist())
    responded = require_numeric(contacts, "contacts", "responded").astype(bool)
    kept = contacts.loc[contacts["campaign_id"].isin(ids) & responded
                        & (contacts["group"].astype(str) == "treatment"), "customer_id"]
    n = int(kept.dropna().nunique())
    if n == 0:
        raise CRMDataError("No treated customer responded to a retention campaign, so the cost "
                           "per kept customer is undefined. Pass the contacts of these campaigns.")
    return float(cost[is_ret].sum() / n)

