"""What a referral is worth: referred customers against the others, and what an advocate
brings through the customers they recommended (and the customers those recommended in turn).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_ids


def _referrers(customers: pd.DataFrame, value: object) -> pd.Series:
    if not isinstance(value, pd.Series):
        raise CRMDataError("value should be a Series indexed by customer_id, such as "
                           "first_year_margin(...).")
    require_columns(customers, "customers", ["customer_id", "referred_by"])
    ids = require_ids(customers, "customers", "customer_id", unique=True)
    by = require_ids(customers, "customers", "referred_by", allow_missing=True)
    return pd.Series(by.to_numpy(), index=ids.to_numpy())


def referred_vs_other(customers: pd.DataFrame, value: pd.Series) -> pd.DataFrame:
    """Customers who were referred by another customer against all the others: how many, and
    the average of `value` (for example first-year margin, EUR) in each group.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3],
    ...     "referred_by": pd.array([None, 1, None], dtype="Int64")})
    >>> referred_vs_other(customers, pd.Series([10.0, 30.0, 20.0], index=[1, 2, 3]))[
    ...     "mean_value"].tolist()
    [30.0, 15.0]
    """
    by = _referrers(customers, value)
    v = pd.to_numeric(pd.Series(by.index, index=by.index).map(value), errors="coerce")
    group = by.notna().map({True: "referred", False: "not referred"})
    out = v.groupby(group.to_numpy()).agg(["size", "mean"])
    out.columns = ["customers", "mean_value"]
    out.index.name = "group"
    return out.reindex(["referred", "not referred"]).dropna(how="all").reset_index()


def advocate_value(customers: pd.DataFrame, value: pd.Series, depth: int = 3) -> pd.DataFrame:
    """For every advocate (a customer who referred someone): how many customers they brought
    directly, the `value` of those customers, and the value of the whole referral chain below
    them (their referrals, the referrals' referrals, ... down to `depth` steps).

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
    ...     "referred_by": pd.array([None, 1, 2, 1], dtype="Int64")})
    >>> out = advocate_value(customers, pd.Series([5.0, 10.0, 20.0, 40.0], index=[1, 2, 3, 4]))
    >>> out.set_index("advocate")[["referred", "direct_value", "chain_value"]].loc[1].tolist()
    [2.0, 50.0, 70.0]
    """
    if not isinstance(depth, int) or depth < 1:
        raise CRMDataError(f"depth should be a whole number of steps, 1 or more, not {depth!r}.")
    by = _referrers(customers, value).dropna().astype("int64")
    if by.empty:
        raise CRMDataError("customers.referred_by is empty: no customer referred anyone, so "
                           "there is no advocate. Pass store.customers.")
    own = pd.to_numeric(pd.Series(by.index, index=by.index).map(value),
                        errors="coerce").fillna(0.0)
    links = pd.DataFrame({"advocate": by.to_numpy(), "customer": by.index, "v": own.to_numpy()})
    direct = links.groupby("advocate").agg(referred=("customer", "size"), direct_value=("v", "sum"))
    chain, level = links[["advocate", "customer", "v"]], links[["advocate", "customer", "v"]]
    for _ in range(depth - 1):
        level = level[["advocate", "customer"]].merge(
            links.rename(columns={"advocate": "customer", "customer": "next"}), on="customer")
        level = level[["advocate", "next", "v"]].rename(columns={"next": "customer"})
        if level.empty:
            break
        chain = pd.concat([chain, level], ignore_index=True)
    direct["chain_value"] = chain.groupby("advocate")["v"].sum()
    direct.index.name = "advocate"
    return direct.astype(float).sort_values("chain_value", ascending=False,
                                            kind="stable").reset_index()
