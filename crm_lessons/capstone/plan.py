"""The investment plan: per segment and level, lifetime value minus the cost stream, the best
level of each segment and what the whole customer base is worth under the plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.capstone.baseline import require_baseline
from crm_lessons.capstone.levels import RETENTION_CAP, require_assumptions
from crm_lessons.clv import simple_clv
from crm_lessons.errors import require_number


def plan_values(baseline: pd.DataFrame, assumptions: pd.DataFrame, discount_rate: float = 0.10,
                acquisition_cost: float = 0.0, horizon: int | None = None) -> pd.DataFrame:
    """Lifetime value minus the cost stream of each segment at each level, per customer.

    At a level, a segment's retention becomes ``min(retention + retention_gain, 0.95)`` and
    its margin ``margin * (1 + spend_gain)``. Then, in the course's one discounting convention
    (``clv.simple_clv``: cash at the end of each year, the share still there in year t is
    ``r ** (t - 1)``):

    - clv = simple_clv(margin, retention, d): what the customer brings in;
    - cost_stream = simple_clv(cost_per_customer, retention, d): what the level costs while
      the customer stays;
    - replacement = acquisition_cost * (1 - retention) * simple_clv(1, retention, d): what
      replacing the customer costs when they leave (paid in the year they go);
    - net_value = clv - cost_stream - replacement.

    Parameters
    ----------
    baseline : table of segment, customers, retention, margin (``segment_baseline``).
    assumptions : table of level, cost_per_customer, retention_gain, spend_gain
        (``level_assumptions``).
    discount_rate : yearly discount rate (0.10 for 10%).
    acquisition_cost : EUR to win a new customer in place of one who leaves (0: none).
    horizon : years counted; None for no end.

    Returns
    -------
    DataFrame, one row per segment and level: segment, level, customers, retention, margin,
    clv, cost_stream, replacement, net_value (EUR per customer).

    Examples
    --------
    >>> base = pd.DataFrame({"segment": ["s"], "customers": [1], "retention": [0.8],
    ...                      "margin": [100.0]})
    >>> levels = pd.DataFrame({"level": ["basic"], "cost_per_customer": [0.0],
    ...                        "retention_gain": [0.0], "spend_gain": [0.0]})
    >>> round(plan_values(base, levels)["net_value"].iloc[0], 2)    # 100 / (1.1 - 0.8)
    333.33
    """
    base = require_baseline(baseline)
    levels = require_assumptions(assumptions)
    d = require_number(discount_rate, "discount_rate", minimum=0,
                       fix="Give the yearly discount rate, e.g. 0.1 for 10%.")
    a = require_number(acquisition_cost, "acquisition_cost", minimum=0,
                       fix="Give the cost of winning one new customer in EUR, e.g. 50.")
    grid = base[["segment", "customers", "retention", "margin"]].merge(
        levels[["level", "cost_per_customer", "retention_gain", "spend_gain"]], how="cross")
    r = np.minimum(grid["retention"].to_numpy(float) + grid["retention_gain"].to_numpy(float),
                   max(RETENTION_CAP, 0.0))
    r = np.maximum(r, grid["retention"].to_numpy(float).clip(max=RETENTION_CAP))
    m = grid["margin"].to_numpy(float) * (1 + grid["spend_gain"].to_numpy(float))
    per_year = np.asarray(simple_clv(1.0, r, d, horizon), dtype=float)
    out = grid[["segment", "level", "customers"]].copy()
    out["retention"] = r
    out["margin"] = m
    out["clv"] = m * per_year
    out["cost_stream"] = grid["cost_per_customer"].to_numpy(float) * per_year
    out["replacement"] = a * (1 - r) * per_year
    out["net_value"] = out["clv"] - out["cost_stream"] - out["replacement"]
    return out


def best_levels(values: pd.DataFrame) -> pd.DataFrame:
    """The level with the highest net value per customer in each segment (the cheaper level
    wins a tie), and what the segment is worth under it.

    Returns
    -------
    DataFrame indexed by segment, in the order of `values`, with columns level, net_value
    (EUR per customer) and segment_value (net_value x customers, EUR).

    Examples
    --------
    >>> v = pd.DataFrame({"segment": ["s", "s"], "level": ["basic", "proactive"],
    ...                   "customers": [10, 10], "net_value": [5.0, 7.0]})
    >>> best_levels(v)["level"].tolist()
    ['proactive']
    """
    order = list(dict.fromkeys(values["segment"]))
    best = values.loc[values.groupby("segment", sort=False)["net_value"].idxmax()]
    best = best.set_index("segment").loc[order]
    best["segment_value"] = best["net_value"] * best["customers"]
    return best[["level", "net_value", "segment_value"]]


def plan_total(values: pd.DataFrame) -> float:
    """The value of the whole customer base when every segment gets its best level (EUR).

    >>> v = pd.DataFrame({"segment": ["s", "t"], "level": ["basic", "basic"],
    ...                   "customers": [10, 2], "net_value": [5.0, 1.0]})
    >>> plan_total(v)
    52.0
    """
    return float(best_levels(values)["segment_value"].sum())


def level_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Compare two plans (as :func:`best_levels` returns): each segment's level before and
    after, and whether it moved to a "lower", "higher" or the "same" level.

    >>> a = pd.DataFrame({"level": ["proactive", "basic"]}, index=["s", "t"])
    >>> b = pd.DataFrame({"level": ["reactive", "basic"]}, index=["s", "t"])
    >>> level_changes(a, b)["move"].tolist()
    ['lower', 'same']
    """
    from crm_lessons.capstone.levels import RELATIONSHIP_LEVELS

    rank = {level: i for i, level in enumerate(RELATIONSHIP_LEVELS)}
    out = pd.DataFrame({"before": before["level"], "after": after["level"].reindex(before.index)})
    diff = out["after"].map(rank) - out["before"].map(rank)
    out["move"] = np.select([diff < 0, diff > 0], ["lower", "higher"], "same")
    return out
