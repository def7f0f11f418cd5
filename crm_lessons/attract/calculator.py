"""The campaign calculator behind the lesson's explorer: what a campaign with a control group
earns, and the uplift it needs to break even.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_fraction,
    require_number,
    require_numeric,
    require_whole_number,
)


def campaign_profit(contacts: float, cost_per_contact: float, control_rate: float,
                    treated_rate: float, margin_per_response: float) -> pd.Series:
    """Incremental responses, margin, cost and profit (EUR) of a campaign sent to `contacts`
    people, and the break-even uplift (cost per contact divided by margin per response, 0-1).

    Examples
    --------
    >>> out = campaign_profit(1000, 0.5, 0.05, 0.08, 25.0)
    >>> out[["incremental_responses", "incremental_profit", "break_even_uplift"]].round(3).tolist()
    [30.0, 250.0, 0.02]
    """
    contacts = require_number(contacts, "contacts", minimum=1,
                              fix="Give the number of people contacted, such as 2000.")
    cost = require_number(cost_per_contact, "cost_per_contact", minimum=0,
                          fix="Give the cost of one contact in EUR, such as 0.40.")
    p0 = require_fraction(control_rate, "control_rate", fix="Give the rate as 0-1, e.g. 0.05.")
    p1 = require_fraction(treated_rate, "treated_rate", fix="Give the rate as 0-1, e.g. 0.08.")
    margin = require_number(margin_per_response, "margin_per_response", minimum=0,
                            fix="Give the margin of one response in EUR, such as 20.")
    if margin == 0:
        raise CRMDataError("margin_per_response is 0, so no uplift can pay for the campaign. "
                           "Give the margin of one response in EUR, such as 20.")
    inc = (p1 - p0) * contacts
    total = cost * contacts
    return pd.Series({"uplift": p1 - p0, "incremental_responses": inc,
                      "incremental_margin": inc * margin, "cost": total,
                      "incremental_profit": inc * margin - total,
                      "break_even_uplift": cost / margin})


def campaign_inputs(campaigns: pd.DataFrame, contacts: pd.DataFrame, margins: pd.Series,
                    campaign_id: int) -> dict[str, float]:
    """The calculator's settings read from one real campaign: treated contacts, cost per
    treated contact, control and treated response rates, and the mean margin of its
    responders' orders (EUR).

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1], "total_cost": [20.0]})
    >>> contacts = pd.DataFrame({"campaign_id": [1] * 4, "group": ["treatment"] * 2 +
    ...     ["control"] * 2, "responded": [True, False, False, False],
    ...     "order_id": pd.array([9, None, None, None], dtype="Int64")})
    >>> campaign_inputs(campaigns, contacts, pd.Series([12.0], index=[9]), 1)["cost_per_contact"]
    10.0
    """
    require_columns(campaigns, "campaigns", ["campaign_id", "total_cost"])
    require_columns(contacts, "contacts", ["campaign_id", "group", "responded", "order_id"])
    if not isinstance(margins, pd.Series):
        raise CRMDataError("margins should be the Series of order_margins(...), indexed by "
                           "order_id.")
    campaign_id = require_whole_number(campaign_id, "campaign_id",
                                       fix="Pick one of store.campaigns['campaign_id'].")
    cost = require_numeric(campaigns, "campaigns", "total_cost", min_value=0)
    row = cost[campaigns["campaign_id"] == campaign_id]
    if row.empty:
        raise CRMDataError(f"campaigns has no campaign_id {campaign_id!r}. Pick one of "
                           "store.campaigns['campaign_id'].")
    mine = contacts[contacts["campaign_id"] == campaign_id]
    treated = mine[mine["group"].astype(str) == "treatment"]
    control = mine[mine["group"].astype(str) == "control"]
    if treated.empty or control.empty:
        raise CRMDataError(f"campaign {campaign_id} has no treatment or no control contacts in "
                           "contacts, so it cannot seed the calculator. Pick a retention or "
                           "win-back campaign.")
    margin = pd.to_numeric(treated["order_id"].dropna().map(margins), errors="coerce").mean()
    responded = require_numeric(mine, "contacts", "responded").astype(float)
    return {"contacts": float(len(treated)),
            "cost_per_contact": float(row.iloc[0]) / len(treated),
            "control_rate": float(responded[control.index].mean()),
            "treated_rate": float(responded[treated.index].mean()),
            "margin_per_response": float(margin) if pd.notna(margin) else 0.0}
