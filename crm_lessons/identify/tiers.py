"""Value tiers: gold, silver and bronze customers by revenue or profit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_fraction,
)
from crm_lessons.identify.checks import require_customer_values

TIERS = ["gold", "silver", "bronze"]


def value_tiers(values: pd.Series, gold: float = 0.2, silver: float = 0.3,
                labels: tuple[str, str, str] = ("gold", "silver", "bronze")) -> pd.Series:
    """Put each customer in a value tier: the top `gold` fraction by value is gold, the next
    `silver` fraction silver, the rest bronze (ties broken by customer id).

    Parameters
    ----------
    values : Series of revenue or profit (EUR) indexed by customer_id.
    gold, silver : float
        Fractions of customers in the first two tiers (default 0.2 and 0.3).
    labels : three names, best first.

    Returns
    -------
    Series named tier (ordered categorical, best first) with the index of `values`.

    Examples
    --------
    >>> value_tiers(pd.Series([5.0, 50.0, 20.0, 1.0, 9.0], index=[1, 2, 3, 4, 5])).tolist()
    ['bronze', 'gold', 'silver', 'bronze', 'silver']
    """
    v = require_customer_values(values)
    fix = "Pass a share of customers such as 0.2 for 20% (not 20)."
    gold = require_fraction(gold, "gold", allow_zero=False, fix=fix)
    silver = require_fraction(silver, "silver", fix=fix)
    if gold + silver > 1 + 1e-12:
        raise CRMDataError(f"gold + silver should be at most 1 (the rest is bronze), but is "
                           f"{gold + silver:.2f}. Lower one of them.")
    if len(labels) != 3:
        raise CRMDataError("labels should be three tier names, best first, "
                           "e.g. ('gold', 'silver', 'bronze').")
    n = len(v)
    idx = np.arange(n)
    order = np.lexsort((idx, -v.to_numpy()))  # best first, ties by position
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    n_gold = max(1, int(np.ceil(round(gold * n, 9))))
    n_silver = int(np.ceil(round((gold + silver) * n, 9))) - n_gold
    codes = np.where(rank < n_gold, 0, np.where(rank < n_gold + n_silver, 1, 2))
    cat = pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
    return pd.Series(cat, index=values.index, name="tier")
