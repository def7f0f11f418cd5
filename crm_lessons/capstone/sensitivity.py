"""How sensitive the plan is: which assumption, moved up or down by 20%, changes a segment's
best level.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.capstone.levels import require_assumptions
from crm_lessons.capstone.plan import best_levels, plan_values
from crm_lessons.errors import require_fraction

LEVEL_COLUMNS = ["cost_per_customer", "retention_gain", "spend_gain"]


def _scenarios(assumptions: pd.DataFrame, discount_rate: float, acquisition_cost: float,
               change: float):
    """(assumption, direction, assumptions table, discount rate, acquisition cost)."""
    for sign, name in ((1 - change, "down"), (1 + change, "up")):
        for col in LEVEL_COLUMNS:
            yield col, name, assumptions.assign(**{col: assumptions[col] * sign}), \
                discount_rate, acquisition_cost
        yield "discount_rate", name, assumptions, discount_rate * sign, acquisition_cost
        yield "acquisition_cost", name, assumptions, discount_rate, acquisition_cost * sign


def plan_sensitivity(baseline: pd.DataFrame, assumptions: pd.DataFrame,
                     discount_rate: float = 0.10, acquisition_cost: float = 0.0,
                     change: float = 0.2) -> pd.DataFrame:
    """Move each assumption down and up by `change` (20%), one at a time, and compare each
    segment's best level with the base plan's.

    The assumptions moved: every level's cost, retention gain and spend gain (each column
    at once), the discount rate and the acquisition cost.

    Returns
    -------
    DataFrame, one row per assumption, direction and segment: assumption, direction ("down"
    or "up"), segment, base_level, new_level, changed (True where the best level moves).

    Examples
    --------
    >>> base = pd.DataFrame({"segment": ["s"], "customers": [1], "retention": [0.5],
    ...                      "margin": [100.0]})
    >>> lv = level_assumptions()
    >>> plan_sensitivity(base, lv)["assumption"].nunique()      # doctest: +SKIP
    5
    """
    levels = require_assumptions(assumptions)
    change = require_fraction(change, "change", fix="Give the change as a fraction, e.g. 0.2.")
    base = best_levels(plan_values(baseline, levels, discount_rate, acquisition_cost))["level"]
    rows = []
    for what, direction, lv, d, a in _scenarios(levels, discount_rate, acquisition_cost, change):
        new = best_levels(plan_values(baseline, lv, d, a))["level"]
        rows.append(pd.DataFrame({"assumption": what, "direction": direction,
                                  "segment": base.index, "base_level": base.to_numpy(),
                                  "new_level": new.reindex(base.index).to_numpy()}))
    out = pd.concat(rows, ignore_index=True)
    out["changed"] = out["base_level"] != out["new_level"]
    return out
