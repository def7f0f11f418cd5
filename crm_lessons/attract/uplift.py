"""How sure an uplift is, and what it earns: the difference of two response rates with its 95%
confidence interval (a two-proportion test), the cost per incremental customer and the return
on investment of a campaign.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_number, require_numeric


def uplift_interval(table: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Add to a lift table (from :func:`crm_lessons.attract.campaign_lift`) the uplift's
    confidence interval (``low``, ``high``, 0-1) and the p-value of the two-proportion z-test
    that the treated and control response rates are equal.

    The interval uses the unpooled standard error, the test the pooled one (scipy's normal
    distribution gives the critical value and the p-value).

    Examples
    --------
    >>> t = pd.DataFrame({"treated": [1000], "control": [1000], "treatment_rate": [0.12],
    ...                   "control_rate": [0.08]})
    >>> out = uplift_interval(t)
    >>> round(float(out["low"].iloc[0]), 4), round(float(out["high"].iloc[0]), 4)
    (0.0138, 0.0662)
    """
    from scipy.stats import norm

    require_columns(table, "table", ["treated", "control", "treatment_rate", "control_rate"])
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise CRMDataError(f"level is a confidence level between 0 and 1, such as 0.95, not {level!r}.")
    n1 = require_numeric(table, "table", "treated", min_value=0).to_numpy(float)
    n0 = require_numeric(table, "table", "control", min_value=0).to_numpy(float)
    if (n1 == 0).any() or (n0 == 0).any():
        raise CRMDataError("table has a row with no treated or no control contacts, so its "
                           "uplift has no interval. Drop that row or pool it with others.")
    p1 = require_numeric(table, "table", "treatment_rate", min_value=0).to_numpy(float)
    p0 = require_numeric(table, "table", "control_rate", min_value=0).to_numpy(float)
    diff = p1 - p0
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    z_crit = norm.ppf(0.5 + level / 2)
    pooled = (p1 * n1 + p0 * n0) / (n1 + n0)
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se0 > 0, diff / se0, 0.0)
    return table.assign(uplift=diff, low=diff - z_crit * se, high=diff + z_crit * se,
                        p_value=2 * norm.sf(np.abs(z)))


def campaign_returns(table: pd.DataFrame, cost: pd.Series | float,
                     margin_per_response: float) -> pd.DataFrame:
    """Add what the uplift earns to a lift table: incremental responses (uplift times the
    treated contacts), cost per incremental response (EUR) and return on investment
    (incremental margin minus cost, divided by cost).

    Examples
    --------
    >>> t = pd.DataFrame({"treated": [1000], "treatment_rate": [0.12], "control_rate": [0.08]})
    >>> out = campaign_returns(t, cost=400.0, margin_per_response=25.0)
    >>> out[["incremental", "cost_per_incremental", "roi"]].iloc[0].round(3).tolist()
    [40.0, 10.0, 1.5]
    """
    require_columns(table, "table", ["treated", "treatment_rate", "control_rate"])
    margin_per_response = require_number(margin_per_response, "margin_per_response",
                                         fix="Give the margin of one response in EUR, e.g. 25.0.")
    if isinstance(cost, pd.Series):
        if len(cost) != len(table):
            raise CRMDataError("cost should hold one value per row of table (or be one number).")
        spend = pd.to_numeric(pd.Series(cost.to_numpy(), index=table.index), errors="coerce")
    else:
        spend = pd.Series(require_number(cost, "cost", minimum=0,
                                         fix="Give the campaign's cost in EUR."), index=table.index)
    if spend.isna().any() or (spend < 0).any():
        raise CRMDataError("cost should be EUR amounts of 0 or more, one per row of table.")
    rates = [require_numeric(table, "table", c) for c in ("treated", "treatment_rate", "control_rate")]
    inc = (rates[1] - rates[2]) * rates[0]
    out = table.assign(cost=spend.to_numpy(float), incremental=inc)
    out["cost_per_incremental"] = out["cost"] / out["incremental"].where(out["incremental"] > 0)
    out["roi"] = (out["incremental"] * margin_per_response - out["cost"]) / out["cost"]
    return out
