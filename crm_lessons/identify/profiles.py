"""Profiles of a group of customers (e.g. the most profitable) against all customers.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_not_empty,
)


def group_profile(customers: pd.DataFrame, in_group: pd.Series,
                  attributes: tuple[str, ...] | list[str] = ("channel", "region", "age_band"),
                  ) -> pd.DataFrame:
    """Compare a group of customers (e.g. the gold tier) with all customers, attribute by
    attribute: each level's share in the group, its share overall, and an index
    (100 = as common in the group as overall; 150 = half as common again).

    Parameters
    ----------
    customers : DataFrame with customer_id and the attribute columns.
    in_group : Series of bool indexed by customer_id (True = in the group); customers missing
        from it count as outside the group.
    attributes : columns of `customers` to profile.

    Returns
    -------
    DataFrame with attribute, level, group_customers, group_share, all_share, index; sorted by
    attribute (in the order given) then level.

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2, 3, 4], "channel": ["a", "a", "b", "b"]})
    >>> top = pd.Series([True, True, False, False], index=[1, 2, 3, 4])
    >>> group_profile(cust, top, ["channel"])["index"].tolist()
    [200.0, 0.0]
    """
    attributes = list(attributes)
    customers = require_columns(customers, "customers", ["customer_id", *attributes])
    require_not_empty(customers, "customers")
    if not isinstance(in_group, pd.Series) or not (
            pd.api.types.is_bool_dtype(in_group) or in_group.dtype == object):
        raise CRMDataError("in_group should be a Series of True/False indexed by customer_id, "
                           "e.g. tiers == 'gold'.")
    flag = customers["customer_id"].map(in_group).fillna(False).astype(bool).to_numpy()
    if not flag.any():
        raise CRMDataError("in_group marks none of the customers, so the group has no profile. "
                           "Check that its index holds customer ids.")
    parts = []
    for attr in attributes:
        col = customers[attr]
        all_counts = col.value_counts(sort=False, dropna=True)
        grp_counts = col[flag].value_counts(sort=False, dropna=True).reindex(all_counts.index,
                                                                               fill_value=0)
        part = pd.DataFrame({"attribute": attr, "level": all_counts.index.astype(str),
                             "group_customers": grp_counts.to_numpy().astype(int),
                             "group_share": (grp_counts / grp_counts.sum()).to_numpy(),
                             "all_share": (all_counts / all_counts.sum()).to_numpy()})
        parts.append(part.sort_values("level", kind="stable"))
    out = pd.concat(parts, ignore_index=True)
    out["index"] = (100 * out["group_share"] / out["all_share"]).round(1)
    return out
