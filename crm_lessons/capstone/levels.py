"""The investment levels of relationship marketing and their assumptions: what each level
costs per customer per year, what it adds to retention and to spend, and where each number
comes from.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_number
from crm_lessons.goals.relationships import RELATIONSHIP_LEVELS

ASSUMPTION_COLUMNS = ["level", "cost_per_customer", "retention_gain", "spend_gain", "source"]
# per level: cost (EUR per customer per year), retention gain as a multiple of the data's
# retention-campaign lift, extra spend (fraction of the margin)
_DEFAULTS = [
    ("basic", 0.0, 0.0, 0.00),
    ("reactive", 1.0, 0.5, 0.00),
    ("accountable", 4.0, 1.0, 0.02),
    ("proactive", 10.0, 2.0, 0.05),
    ("full partnership", 22.0, 3.0, 0.20),
]
#: The retention-campaign lift used when none is measured (points of 0-1 per year).
DEFAULT_LIFT = 0.035
#: Highest yearly retention a level may reach: nobody keeps every customer, and a rate near 1
#: would make a lifetime value without end almost unbounded.
RETENTION_CAP = 0.95


def level_assumptions(retention_lift: float | None = None) -> pd.DataFrame:
    """The editable assumptions table: one row per level, from basic to full partnership.

    The retention gain of each level is a multiple of `retention_lift`, the extra share of
    customers a retention campaign kept in the data (lesson 03's ``campaign_lift``): half a
    campaign's worth for reactive, one for accountable, two for proactive, three for full
    partnership. Costs and spend gains are stated assumptions in the ranges the literature on
    loyalty and service programmes reports; the source column says which is which.

    Parameters
    ----------
    retention_lift : float, optional
        Retention points (0-1) one campaign adds; None uses DEFAULT_LIFT.

    Returns
    -------
    DataFrame with columns level, cost_per_customer (EUR per year), retention_gain (points of
    0-1 added to the yearly retention rate), spend_gain (fraction added to the margin), source.

    Examples
    --------
    >>> level_assumptions(0.04).set_index("level").loc["proactive", "retention_gain"]
    0.08
    """
    lift = DEFAULT_LIFT if retention_lift is None else require_number(
        retention_lift, "retention_lift", minimum=0,
        fix="Give the retention points one campaign adds, e.g. 0.035 for 3.5 points.")
    where = ("the data's retention-campaign lift" if retention_lift is not None
             else "an assumed retention-campaign lift")
    rows = []
    for level, cost, times, spend in _DEFAULTS:
        source = (f"retention: {times:g} x {where} ({lift:.3f}), a segment's rate capped at "
                  f"{RETENTION_CAP:.2f}; cost: assumed, a few euros per contact a year; spend: "
                  f"loyalty and cross-selling studies report +0 to +20%")
        rows.append((level, cost, round(times * lift, 6), spend, source))
    return pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)


def require_assumptions(assumptions: object, table: str = "assumptions") -> pd.DataFrame:
    """Check an assumptions table (as :func:`level_assumptions` returns) and return it.

    >>> len(require_assumptions(level_assumptions()))
    5
    """
    df = require_not_empty(require_columns(assumptions, table, ASSUMPTION_COLUMNS[:-1]), table)
    for col in ("cost_per_customer", "retention_gain", "spend_gain"):
        s = pd.to_numeric(df[col], errors="coerce")
        if s.isna().any() or (s < 0).any():
            raise CRMDataError(f"{table}.{col} should hold numbers of at least 0 for every "
                               f"level. Fix the row of {df.loc[s.isna() | (s < 0), 'level'].iloc[0]!r}.")
    if df["level"].duplicated().any():
        raise CRMDataError(f"{table}.level lists {df.loc[df['level'].duplicated(), 'level'].iloc[0]!r} "
                           f"twice. Keep one row per level.")
    return df


__all__ = ["RELATIONSHIP_LEVELS", "level_assumptions", "require_assumptions", "DEFAULT_LIFT",
           "RETENTION_CAP"]
