"""Customer attraction: what a new customer costs, which channels bring the best ones, how
prospects move through the funnel, and what randomised campaigns really add.

Public helpers (one line each):

- ``acquisition_cost_per_customer(campaigns, contacts, customers) -> float``
  cost of acquisition campaigns divided by the customers they brought in (EUR per customer).
- ``acquisition_cost_by_channel(campaigns, customers) -> DataFrame``
  per channel: spend, new customers, cost per new customer.
- ``repeat_rate_by_channel(customers, orders, end_date, days=365) -> DataFrame``
  per channel: customers old enough, still buying after `days`, and that share.
- ``funnel_by_source(prospects, customers, orders) -> DataFrame``
  per source: prospects, customers, repeat customers, advocates, and the rate of each step.
- ``campaign_lift(campaigns, contacts, by="offer", campaign_type=None) -> DataFrame``
  response rate of treatment and control and the lift (difference, in points of 0-1).
- ``lift_by_tenure(campaigns, contacts, customers, offer=None, bins=(0, 180, 365, None)) -> DataFrame``
  the same lift, split by how long the customer had been with the company at the contact.
- ``winback_reactivation(campaigns, contacts) -> pd.Series``
  share of lapsed customers who bought again: treatment, control and lift.

Every function is pure: tables in, a table or a number out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "acquisition_cost_per_customer", "acquisition_cost_by_channel", "repeat_rate_by_channel",
    "funnel_by_source", "campaign_lift", "lift_by_tenure", "winback_reactivation",
]


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


def _customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    require_columns(customers, "customers", ["customer_id", "signup_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(customers, "customers")
    require_not_empty(orders, "orders")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=customers["customer_id"].to_numpy())
    if signup.index.duplicated().any():
        raise CRMDataError("customers has the same customer_id twice. Pass store.customers, "
                           "one row per customer.")
    o = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(),
                      "order_date": require_dates(orders, "orders", "order_date").to_numpy()})
    return signup, o


def repeat_rate_by_channel(customers: pd.DataFrame, orders: pd.DataFrame,
                           end_date: pd.Timestamp | str | None = None, days: int = 365,
                           by: str = "channel") -> pd.DataFrame:
    """Share of customers still buying after `days`: among customers who signed up at least
    `days` before `end_date`, those with an order `days` or more after their sign-up.

    Returns a DataFrame with the `by` column, customers, still_buying and share, best first.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2], "channel": ["referral", "paid_social"],
    ...     "signup_date": pd.to_datetime(["2023-01-01", "2023-01-01"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2024-06-01", "2023-01-01"])})
    >>> repeat_rate_by_channel(customers, orders, "2024-12-31")["share"].tolist()
    [1.0, 0.0]
    """
    require_columns(customers, "customers", [by])
    signup, o = _customer_orders(customers, orders)
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days <= 0:
        raise CRMDataError(f"days should be a positive whole number of days, not {days!r}.")
    end = pd.Timestamp(end_date) if end_date is not None else o["order_date"].max()
    late = o["order_date"] >= o["customer_id"].map(signup) + pd.Timedelta(days=days)
    still = set(o.loc[late, "customer_id"].tolist())
    old = customers[signup.to_numpy() <= end - pd.Timedelta(days=days)]
    if old.empty:
        raise CRMDataError(f"No customer signed up {days} days or more before {end.date()}, so "
                           f"nothing can be measured. Use a smaller `days`.")
    flag = old["customer_id"].isin(still)
    out = flag.groupby(old[by].astype(str).to_numpy()).agg(["size", "sum"])
    out.columns = ["customers", "still_buying"]
    out["share"] = out["still_buying"] / out["customers"]
    out.index.name = by
    return out.sort_values("share", ascending=False, kind="stable").reset_index()


def funnel_by_source(prospects: pd.DataFrame, customers: pd.DataFrame,
                     orders: pd.DataFrame) -> pd.DataFrame:
    """The loyalty ladder for each lead source: prospects, customers (leads that bought),
    repeat customers (two orders or more) and advocates (who referred someone), with the
    rate of each step (customer_rate = customers / prospects, repeat_rate = repeat /
    customers, advocate_rate = advocates / repeat customers).

    Examples
    --------
    >>> prospects = pd.DataFrame({"prospect_id": [1, 2, 3, 4], "source": ["email"] * 4,
    ...     "customer_id": pd.array([10, 11, None, None], dtype="Int64")})
    >>> customers = pd.DataFrame({"customer_id": [10, 11, 12],
    ...     "referred_by": pd.array([None, None, 10], dtype="Int64")})
    >>> orders = pd.DataFrame({"customer_id": [10, 10, 11, 12]})
    >>> funnel_by_source(prospects, customers, orders).iloc[0][["prospects", "customers",
    ...     "repeat_customers", "advocates"]].tolist()
    [4, 2, 1, 1]
    """
    require_columns(prospects, "prospects", ["prospect_id", "source", "customer_id"])
    require_columns(customers, "customers", ["customer_id", "referred_by"])
    require_columns(orders, "orders", ["customer_id"])
    require_not_empty(prospects, "prospects")
    n_orders = orders["customer_id"].value_counts()
    advocates = set(pd.Series(customers["referred_by"]).dropna().astype("int64").tolist())
    cust = pd.to_numeric(prospects["customer_id"], errors="coerce")
    bought = cust.notna()
    repeat = bought & (cust.map(n_orders).fillna(0) >= 2)
    advocate = repeat & cust.isin(advocates)
    flags = pd.DataFrame({"prospects": 1, "customers": bought, "repeat_customers": repeat,
                          "advocates": advocate})
    out = flags.groupby(prospects["source"].astype(str).to_numpy()).sum().astype("int64")
    out.index.name = "source"
    out["customer_rate"] = out["customers"] / out["prospects"]
    out["repeat_rate"] = out["repeat_customers"] / out["customers"].where(out["customers"] > 0)
    out["advocate_rate"] = out["advocates"] / out["repeat_customers"].where(out["repeat_customers"] > 0)
    return out.reset_index()


def _contacts_with(campaigns: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    require_columns(contacts, "contacts", ["campaign_id", "group", "responded"])
    require_columns(campaigns, "campaigns", ["campaign_id", "type", "offer"])
    groups = set(contacts["group"].astype(str).unique())
    if not groups <= {"treatment", "control"}:
        raise CRMDataError(f"contacts.group should hold 'treatment' or 'control', but has "
                           f"{sorted(groups - {'treatment', 'control'})[0]!r}. Fix those rows.")
    responded = require_numeric(contacts, "contacts", "responded")
    info = campaigns.drop_duplicates("campaign_id").set_index("campaign_id")
    out = contacts.assign(responded=responded.astype(float))
    for col in ("type", "offer", "name"):
        if col in info.columns:
            out[f"campaign_{col}"] = out["campaign_id"].map(info[col].astype(str))
    if out["campaign_type"].isna().any():
        bad = out.loc[out["campaign_type"].isna(), "campaign_id"].iloc[0]
        raise CRMDataError(f"contacts.campaign_id {bad} is not in campaigns. Pass the "
                           f"campaigns table that belongs to these contacts.")
    return out


def _lift_table(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if df.empty:
        raise CRMDataError("No contacts are left after the filter, so no lift can be computed. "
                           "Check the campaign type or offer you asked for.")
    g = df.groupby(keys + ["group"], observed=True)["responded"].agg(["size", "mean"]).unstack("group")
    out = pd.DataFrame({
        "treated": g[("size", "treatment")] if ("size", "treatment") in g else np.nan,
        "control": g[("size", "control")] if ("size", "control") in g else np.nan,
        "treatment_rate": g[("mean", "treatment")] if ("mean", "treatment") in g else np.nan,
        "control_rate": g[("mean", "control")] if ("mean", "control") in g else np.nan,
    })
    out["lift"] = out["treatment_rate"] - out["control_rate"]
    out[["treated", "control"]] = out[["treated", "control"]].fillna(0).astype("int64")
    return out.reset_index()


def campaign_lift(campaigns: pd.DataFrame, contacts: pd.DataFrame, by: str | None = "offer",
                  campaign_type: str | None = None) -> pd.DataFrame:
    """What campaigns really added: the response rate of the treated customers minus that of
    the randomised control group, overall or by a campaign attribute.

    Parameters
    ----------
    by : "offer", "type", "name", "campaign_id" or None (one row for all contacts).
    campaign_type : keep only campaigns of this type ("retention", "win-back", ...).

    Returns
    -------
    DataFrame with the `by` column (if any), treated, control (counts), treatment_rate,
    control_rate and lift (0-1; 0.03 means three percentage points).

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1], "type": ["retention"], "offer": ["discount"]})
    >>> contacts = pd.DataFrame({"campaign_id": [1] * 6,
    ...     "group": ["treatment"] * 4 + ["control"] * 2,
    ...     "responded": [True, True, False, False, True, False]})
    >>> float(campaign_lift(campaigns, contacts)["lift"].iloc[0])     # 2/4 - 1/2
    0.0
    """
    df = _contacts_with(campaigns, contacts)
    if campaign_type is not None:
        df = df[df["campaign_type"] == campaign_type]
    if by is None:
        return _lift_table(df.assign(all="all"), ["all"]).drop(columns="all")
    key = {"offer": "campaign_offer", "type": "campaign_type", "name": "campaign_name"}.get(by, by)
    if key not in df.columns:
        raise CRMDataError(f"campaign_lift cannot split by {by!r}: use 'offer', 'type', 'name' "
                           f"or 'campaign_id', or None for all contacts together.")
    return _lift_table(df, [key]).rename(columns={key: by})


def lift_by_tenure(campaigns: pd.DataFrame, contacts: pd.DataFrame, customers: pd.DataFrame,
                   offer: str | None = None, campaign_type: str | None = "retention",
                   bins: tuple = (0, 180, 365, None)) -> pd.DataFrame:
    """Campaign lift split by offer and by the customer's tenure (days since sign-up) on the
    contact date, in the bands given by `bins` (None = no upper end).

    Returns a DataFrame with offer, tenure (band label such as "0-179 days"), treated,
    control, treatment_rate, control_rate and lift.

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1], "type": ["retention"], "offer": ["free sample"]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
    ...     "signup_date": pd.to_datetime(["2024-05-01", "2024-05-01", "2022-01-01", "2022-01-01"])})
    >>> contacts = pd.DataFrame({"campaign_id": [1] * 4, "customer_id": [1, 2, 3, 4],
    ...     "contact_date": pd.to_datetime(["2024-06-01"] * 4),
    ...     "group": ["treatment", "control"] * 2, "responded": [True, False, False, False]})
    >>> lift_by_tenure(campaigns, contacts, customers, bins=(0, 180, None))["lift"].tolist()
    [1.0, 0.0]
    """
    require_columns(contacts, "contacts", ["customer_id", "contact_date"])
    require_columns(customers, "customers", ["customer_id", "signup_date"])
    df = _contacts_with(campaigns, contacts)
    if campaign_type is not None:
        df = df[df["campaign_type"] == campaign_type]
    if offer is not None:
        df = df[df["campaign_offer"] == offer]
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=customers["customer_id"].to_numpy())
    df = df[df["customer_id"].notna()]
    start = df["customer_id"].astype("int64").map(signup)
    tenure = (require_dates(df, "contacts", "contact_date") - start).dt.days
    edges = [b if b is not None else np.inf for b in bins]
    if len(edges) < 2 or any(b >= a for a, b in zip(edges[1:], edges[:-1], strict=True)):
        raise CRMDataError(f"bins should be increasing day counts such as (0, 180, 365, None), "
                           f"not {bins!r}.")
    labels = [f"{int(a)}+ days" if b == np.inf else f"{int(a)}-{int(b) - 1} days"
              for a, b in zip(edges[:-1], edges[1:], strict=True)]
    df = df.assign(offer=df["campaign_offer"],
                   tenure=pd.cut(tenure, edges, right=False, labels=labels))
    return _lift_table(df.dropna(subset=["tenure"]), ["offer", "tenure"])


def winback_reactivation(campaigns: pd.DataFrame, contacts: pd.DataFrame) -> pd.Series:
    """Share of lapsed customers who bought again after a win-back campaign: treatment rate,
    control rate and lift (all 0-1).

    Examples
    --------
    >>> campaigns = pd.DataFrame({"campaign_id": [1], "type": ["win-back"], "offer": ["discount"]})
    >>> contacts = pd.DataFrame({"campaign_id": [1] * 4,
    ...     "group": ["treatment", "treatment", "control", "control"],
    ...     "responded": [True, False, False, False]})
    >>> float(winback_reactivation(campaigns, contacts)["treatment_rate"])
    0.5
    """
    table = campaign_lift(campaigns, contacts, by=None, campaign_type="win-back")
    return table[["treated", "control", "treatment_rate", "control_rate", "lift"]].iloc[0].astype(float)
