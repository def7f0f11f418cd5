"""Customer retention: what keeping a customer costs, how many leave, who leaves and why,
how satisfaction drives it, and what loyalty programs and service programs change.

Public helpers (one line each):

- ``retention_cost_per_customer(campaigns, contacts) -> float``
  cost of retention campaigns per kept customer (treated customers who bought again), EUR.
- ``defection_rate(customers, defections, end_date=None, by=None, window_days=365) -> float | DataFrame``
  share of customers on the books at the start of the window who defected within it.
- ``satisfaction_score(grades) -> Series``
  grade (very disappointed ... very satisfied) as a number 1-5.
- ``latest_satisfaction(surveys) -> Series``
  each customer's most recent satisfaction grade, indexed by customer_id.
- ``satisfaction_by_gap(surveys) -> DataFrame``
  per gap (perceived - expectation): surveys, mean satisfaction score, share very satisfied.
- ``ticket_resolution(tickets) -> Series``
  per customer with tickets: "unresolved" if any ticket stayed open, else "all resolved".
- ``reason_profile(defections, customers, orders, tickets) -> DataFrame``
  per stated reason: defectors, share, tickets, share with an unresolved ticket, discount share.
- ``loyalty_frequency(customers, orders, end_date=None) -> DataFrame``
  repeat orders per year: non-members, members before joining, members after joining.
- ``diff_in_diff(data, outcome, group, period, treated, after) -> dict``
  difference-in-differences estimate of a program's effect (with the four cell means).

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
from crm_lessons.schema import SATISFACTION_GRADES

__all__ = [
    "retention_cost_per_customer", "defection_rate", "satisfaction_score",
    "latest_satisfaction", "satisfaction_by_gap", "ticket_resolution", "reason_profile",
    "loyalty_frequency", "diff_in_diff",
]


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
    left = pd.Series(ddate.to_numpy(), index=defections["customer_id"].to_numpy())
    left = left[~left.index.duplicated(keep="first")]
    end = pd.Timestamp(end_date) if end_date is not None else max(signup.max(), ddate.max()
                                                                  if len(ddate) else signup.max())
    when = customers["customer_id"].map(left)
    if window_days is None:
        at_risk = signup <= end
        gone = at_risk & when.notna() & (when <= end)
    else:
        if isinstance(window_days, bool) or not isinstance(window_days, (int, np.integer)) \
                or window_days <= 0:
            raise CRMDataError(f"window_days should be a positive number of days or None, "
                               f"not {window_days!r}.")
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


def satisfaction_score(grades: pd.Series) -> pd.Series:
    """Satisfaction grades as numbers: very disappointed = 1 ... very satisfied = 5.

    >>> satisfaction_score(pd.Series(["very satisfied", "neutral"])).tolist()
    [5, 3]
    """
    if not isinstance(grades, pd.Series):
        raise CRMDataError(f"grades should be a Series such as store.surveys['satisfaction'], "
                           f"not {type(grades).__name__}.")
    mapping = {g: i + 1 for i, g in enumerate(SATISFACTION_GRADES)}
    out = grades.astype(str).map(mapping)
    if out.isna().any():
        bad = grades[out.isna()].iloc[0]
        raise CRMDataError(f"satisfaction has the grade {bad!r}, which is not one of "
                           f"{', '.join(SATISFACTION_GRADES)}. Fix those rows.")
    return out.astype("int64")


def latest_satisfaction(surveys: pd.DataFrame) -> pd.Series:
    """Each customer's most recent satisfaction grade (ordered categorical), indexed by
    customer_id: ready to pass as `by` to `defection_rate`.

    >>> surveys = pd.DataFrame({"customer_id": [1, 1], "satisfaction": ["neutral", "satisfied"],
    ...     "survey_date": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    >>> latest_satisfaction(surveys).astype(str).tolist()
    ['satisfied']
    """
    require_columns(surveys, "surveys", ["customer_id", "survey_date", "satisfaction"])
    dates = require_dates(surveys, "surveys", "survey_date")
    satisfaction_score(surveys["satisfaction"])          # validates the grades
    s = surveys.assign(survey_date=dates).sort_values(["customer_id", "survey_date"], kind="stable")
    last = s.drop_duplicates("customer_id", keep="last")
    return pd.Series(pd.Categorical(last["satisfaction"].astype(str), SATISFACTION_GRADES,
                                    ordered=True),
                     index=last["customer_id"].to_numpy(), name="satisfaction")


def satisfaction_by_gap(surveys: pd.DataFrame) -> pd.DataFrame:
    """How satisfaction follows the gap between what customers perceived and what they
    expected: one row per gap (perceived - expectation, from -6 to 6) with surveys, mean
    satisfaction score (1-5) and share very satisfied.

    >>> surveys = pd.DataFrame({"expectation": [5, 5, 4], "perceived": [3, 7, 6],
    ...     "satisfaction": ["disappointed", "very satisfied", "satisfied"]})
    >>> satisfaction_by_gap(surveys)["mean_score"].tolist()
    [2.0, 4.0, 5.0]
    """
    require_columns(surveys, "surveys", ["expectation", "perceived", "satisfaction"])
    require_not_empty(surveys, "surveys")
    gap = (require_numeric(surveys, "surveys", "perceived")
           - require_numeric(surveys, "surveys", "expectation")).astype("int64")
    score = satisfaction_score(surveys["satisfaction"])
    out = pd.DataFrame({"gap": gap.to_numpy(), "score": score.to_numpy()}).groupby("gap").agg(
        surveys=("score", "size"), mean_score=("score", "mean"),
        share_very_satisfied=("score", lambda s: float((s == 5).mean())))
    return out.reset_index()


def ticket_resolution(tickets: pd.DataFrame) -> pd.Series:
    """Per customer with at least one ticket: "unresolved" if any of their tickets stayed
    unresolved, else "all resolved" (indexed by customer_id; pass it as `by` to
    `defection_rate`).

    >>> tickets = pd.DataFrame({"customer_id": [1, 1, 2], "resolved": [True, False, True]})
    >>> ticket_resolution(tickets).tolist()
    ['unresolved', 'all resolved']
    """
    require_columns(tickets, "tickets", ["customer_id", "resolved"])
    resolved = require_numeric(tickets, "tickets", "resolved").astype(bool)
    any_open = (~resolved).groupby(tickets["customer_id"].to_numpy()).any()
    return pd.Series(np.where(any_open.to_numpy(), "unresolved", "all resolved"),
                     index=any_open.index, name="tickets")


def reason_profile(defections: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   tickets: pd.DataFrame) -> pd.DataFrame:
    """What the defectors of each stated reason had in common: defectors, share of all
    stated defections, mean tickets, share with an unresolved ticket, and discount share
    (discounts / value before discount of their orders), most frequent reason first.

    >>> defections = pd.DataFrame({"customer_id": [1, 2], "reason": ["service failure",
    ...     "lower price elsewhere"]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2]})
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "discount": [0.0, 5.0],
    ...                        "revenue": [20.0, 15.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1], "resolved": [False]})
    >>> reason_profile(defections, customers, orders, tickets)["discount_share"].tolist()
    [0.25, 0.0]
    """
    require_columns(defections, "defections", ["customer_id", "reason"])
    require_columns(customers, "customers", ["customer_id"])
    require_columns(orders, "orders", ["customer_id", "discount", "revenue"])
    require_columns(tickets, "tickets", ["customer_id", "resolved"])
    require_not_empty(defections, "defections")
    disc = require_numeric(orders, "orders", "discount", min_value=0)
    rev = require_numeric(orders, "orders", "revenue", min_value=0)
    per = pd.DataFrame({"d": disc.to_numpy(), "g": (disc + rev).to_numpy()}).groupby(
        orders["customer_id"].to_numpy()).sum()
    n_tickets = tickets["customer_id"].value_counts()
    unresolved = ticket_resolution(tickets) == "unresolved"
    ids = defections["customer_id"]
    frame = pd.DataFrame({
        "reason": defections["reason"].astype(str).to_numpy(),
        "tickets": ids.map(n_tickets).fillna(0).to_numpy(),
        "unresolved": ids.map(unresolved).fillna(False).astype(bool).to_numpy(),
        "d": ids.map(per["d"]).fillna(0).to_numpy(),
        "g": ids.map(per["g"]).fillna(0).to_numpy(),
    })
    out = frame.groupby("reason").agg(defectors=("tickets", "size"),
                                      mean_tickets=("tickets", "mean"),
                                      share_unresolved=("unresolved", "mean"),
                                      d=("d", "sum"), g=("g", "sum"))
    out["share"] = out["defectors"] / out["defectors"].sum()
    out["discount_share"] = out["d"] / out["g"].where(out["g"] > 0)
    out = out.drop(columns=["d", "g"]).sort_values("defectors", ascending=False, kind="stable")
    return out.reset_index()[["reason", "defectors", "share", "mean_tickets",
                              "share_unresolved", "discount_share"]]


def loyalty_frequency(customers: pd.DataFrame, orders: pd.DataFrame,
                      end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Repeat orders per customer per year (the first order left out), for non-members over
    their whole time with us, and for members before and after they joined the loyalty
    program. If members already bought more before joining, part of the program's apparent
    effect is that heavy buyers join.

    Returns a DataFrame with period ("non-members", "members before joining", "members after
    joining"), customers, orders, years and orders_per_year (orders / customer-years).

    >>> customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [False, True],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
    ...     "loyalty_join_date": pd.to_datetime([None, "2024-07-01"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2, 2, 2, 2],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-08-01", "2024-01-01",
    ...                                   "2024-03-01", "2024-08-01", "2024-09-01"])})
    >>> loyalty_frequency(customers, orders, "2024-12-31")["orders"].tolist()
    [1, 1, 2]
    """
    require_columns(customers, "customers",
                    ["customer_id", "signup_date", "loyalty_member", "loyalty_join_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(customers, "customers")
    require_not_empty(orders, "orders")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=customers["customer_id"].to_numpy())
    if customers["customer_id"].isna().any() or customers["customer_id"].duplicated().any():
        raise CRMDataError("customers.customer_id has missing or repeated ids. Pass "
                           "store.customers, one row per customer.")
    join = pd.to_datetime(customers["loyalty_join_date"], errors="coerce")
    member = customers["loyalty_member"].fillna(False).astype(bool).to_numpy() & join.notna().to_numpy()
    if not member.any():
        raise CRMDataError("customers has no loyalty member (loyalty_member True with a "
                           "loyalty_join_date), so there is nothing to compare. Pass "
                           "store.customers, with its loyalty_member and loyalty_join_date columns.")
    joined = pd.Series(join.to_numpy(), index=customers["customer_id"].to_numpy())[member]
    odate = require_dates(orders, "orders", "order_date")
    end = pd.Timestamp(end_date) if end_date is not None else odate.max()
    o = pd.DataFrame({"c": orders["customer_id"].to_numpy(), "d": odate.to_numpy()})
    o = o[o["d"] > o["c"].map(signup)]                    # repeat orders only
    j = o["c"].map(joined)
    is_mem = j.notna()
    days_total = (end - signup).dt.days.clip(lower=1)
    rows = []
    non = ~signup.index.isin(joined.index)
    rows.append(("non-members", int(non.sum()), int((~is_mem).sum()),
                 float(days_total[non].sum() / 365)))
    before_days = (joined - signup[joined.index]).dt.days
    rows.append(("members before joining", len(joined), int((is_mem & (o["d"] < j)).sum()),
                 float(before_days.sum() / 365)))
    after_days = (end - joined).dt.days
    rows.append(("members after joining", len(joined), int((is_mem & (o["d"] >= j)).sum()),
                 float(after_days.sum() / 365)))
    out = pd.DataFrame(rows, columns=["period", "customers", "orders", "years"])
    out["orders_per_year"] = out["orders"] / out["years"].where(out["years"] > 0)
    return out


def diff_in_diff(data: pd.DataFrame, outcome: str, group: str, period: str,
                 treated: object, after: object) -> dict[str, float]:
    """Difference-in-differences estimate of a program's effect: how much more the outcome
    changed in the treated group than in the comparison group over the same time.

    effect = (treated after - treated before) - (comparison after - comparison before)

    Parameters
    ----------
    data : one row per observation (for example a patient).
    outcome : numeric or boolean column (a score, or came back yes/no).
    group, period : columns naming the group and the period.
    treated, after : the value of `group` that marks the treated group and the value of
        `period` that marks the time after the program started.

    Returns
    -------
    dict with treated_before, treated_after, comparison_before, comparison_after, effect.

    Examples
    --------
    >>> d = pd.DataFrame({"hospital": ["A", "A", "B", "B"], "period": ["before", "after"] * 2,
    ...                   "score": [3.0, 4.0, 3.0, 3.2]})
    >>> round(diff_in_diff(d, "score", "hospital", "period", "A", "after")["effect"], 2)
    0.8
    """
    for name, col in [("outcome", outcome), ("group", group), ("period", period)]:
        if not isinstance(col, str):
            raise CRMDataError(f"{name} should be the name of a column of data (a string such "
                               f"as 'came_back'), not {col!r}.")
    require_columns(data, "data", [outcome, group, period])
    y = require_numeric(data, "data", outcome)
    is_t = (data[group] == treated).to_numpy()
    is_a = (data[period] == after).to_numpy()
    cells = {}
    for name, mask in [("treated_before", is_t & ~is_a), ("treated_after", is_t & is_a),
                       ("comparison_before", ~is_t & ~is_a), ("comparison_after", ~is_t & is_a)]:
        if not mask.any():
            raise CRMDataError(f"data has no rows for {name.replace('_', ' ')} (group "
                               f"{treated!r} in {group!r}, period {after!r} in {period!r}). "
                               f"Check the values you passed for treated and after.")
        cells[name] = float(y[mask].mean())
    cells["effect"] = ((cells["treated_after"] - cells["treated_before"])
                       - (cells["comparison_after"] - cells["comparison_before"]))
    return cells
