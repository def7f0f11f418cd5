"""Which defection reason to fix first: the Pareto table of stated reasons, with the value
each one lost and whether the company can fix it (the course's one rule,
:data:`crm_lessons.goals.defection_reasons.FIXABLE_REASONS`)."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import require_columns, require_dates, require_not_empty
from crm_lessons.goals.defection_reasons import FIXABLE_REASONS
from crm_lessons.retain.complaints import yearly_revenue


def reason_pareto(defections: pd.DataFrame, orders: pd.DataFrame,
                  end_date: pd.Timestamp | str) -> pd.DataFrame:
    """One row per stated reason, the largest loss first: defectors, share of defectors,
    lost_value (the defectors' revenue per year while they were customers, EUR a year), share of the lost
    value, cumulative_share (running total of that share: the Pareto curve) and fixable.

    >>> d = pd.DataFrame({"customer_id": [1, 2], "reason": ["moved away", "service failure"]})
    >>> o = pd.DataFrame({"customer_id": [1, 2], "revenue": [10.0, 30.0],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> reason_pareto(d, o, "2024-12-31")["reason"].tolist()
    ['service failure', 'moved away']
    """
    require_not_empty(require_columns(defections, "defections", ["customer_id", "reason"]),
                      "defections")
    left = None
    if "defection_date" in defections:
        left = pd.Series(require_dates(defections, "defections", "defection_date").to_numpy(),
                         index=defections["customer_id"].to_numpy()).groupby(level=0).min()
    value = yearly_revenue(orders, end_date, until=left)
    frame = pd.DataFrame({"reason": defections["reason"].astype(str).to_numpy(),
                          "value": defections["customer_id"].map(value).fillna(0).to_numpy()})
    out = frame.groupby("reason").agg(defectors=("value", "size"), lost_value=("value", "sum"))
    out = out.sort_values("lost_value", ascending=False, kind="stable").reset_index()
    out["share"] = out["defectors"] / out["defectors"].sum()
    out["value_share"] = out["lost_value"] / out["lost_value"].sum()
    out["cumulative_share"] = out["value_share"].cumsum()
    out["fixable"] = out["reason"].isin(FIXABLE_REASONS)
    return out[["reason", "defectors", "share", "lost_value", "value_share",
                "cumulative_share", "fixable"]]
