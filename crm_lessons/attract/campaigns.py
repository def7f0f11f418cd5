"""What randomised campaigns really add: the response rate of the treated customers minus that
of the control group, by offer, by tenure, and for win-back campaigns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_numeric,
)


def _contacts_with(campaigns: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    require_columns(contacts, "contacts", ["campaign_id", "group", "responded"])
    require_columns(campaigns, "campaigns", ["campaign_id", "type", "offer"])
    groups = set(contacts["group"].astype(str).unique())
    if not groups <= {"treatment", "control"}:
        raise CRMDataError(f"contacts.group should hold 'treatment' or 'control', but has "
                           f"{sorted(groups - {'treatment', 'control'})[0]!r}. Fix those rows.")
    for col in ("type", "offer"):
        if campaigns[col].isna().any():
            raise CRMDataError(f"campaigns.{col} has {int(campaigns[col].isna().sum())} missing "
                               f"values. Fill them in (every campaign has a {col}), or pass "
                               "store.campaigns.")
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
    require_not_empty(require_columns(customers, "customers", ["customer_id", "signup_date"]),
                      "customers")
    df = _contacts_with(campaigns, contacts)
    if campaign_type is not None:
        df = df[df["campaign_type"] == campaign_type]
    if offer is not None:
        df = df[df["campaign_offer"] == offer]
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=require_ids(customers, "customers", "customer_id",
                                         unique=True).to_numpy())
    who = require_ids(df, "contacts", "customer_id", allow_missing=True)
    df = df[who.notna()]
    start = who[who.notna()].astype("int64").map(signup)
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

