"""The value x service-need grid: the four quadrants and what to offer each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    require_fraction,
    require_number,
)
from crm_lessons.identify.service import service_need
from crm_lessons.identify.tiers import value_tiers

_QUADRANTS = [
    ("high value, high need", True, True,
     "worth the best service",
     "dedicated service: a named contact, priority handling, premium offers"),
    ("high value, low need", True, False,
     "bring a lot and ask for little",
     "reliability, recognition and thanks; do not bother them with extra service"),
    ("low value, high need", False, True,
     "want a premium service their spending does not pay for",
     "self-service and standard offers; charge for extras; steer to low-cost channels"),
    ("low value, low need", False, False,
     "cheap to serve and may grow",
     "nurture them: suggestions of what to buy next, bundles, loyalty invitations"),
]
QUADRANTS = [q[0] for q in _QUADRANTS]


def quadrant_offers() -> pd.DataFrame:
    """The four cells of customer value against service need, with what to offer each.

    Examples
    --------
    >>> quadrant_offers()["quadrant"].tolist()[0]
    'high value, high need'
    """
    return pd.DataFrame([(q, hv, hn, who, offer) for q, hv, hn, who, offer in _QUADRANTS],
                        columns=["quadrant", "high_value", "high_need", "who", "offer"])


def value_service_quadrants(orders: pd.DataFrame, tickets: pd.DataFrame, top: float = 0.2,
                            need_threshold: float | None = None) -> pd.DataFrame:
    """Place every ordering customer in the 2 x 2 of value against service need.

    High value means the top `top` fraction of customers by revenue; high need means a service
    cost per order above `need_threshold` (default: the average over all customers' orders,
    total handling cost / total orders).

    Returns
    -------
    The :func:`service_need` table plus high_value, high_need (bool) and quadrant (ordered
    categorical, as in :func:`quadrant_offers`).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
    ...                        "revenue": [100.0, 90.0, 10.0, 5.0, 8.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1, 4], "handling_cost": [20.0, 15.0]})
    >>> value_service_quadrants(orders, tickets, top=0.4)["quadrant"].tolist()[:2]
    ['high value, high need', 'high value, low need']
    """
    need = service_need(orders, tickets)
    top = require_fraction(top, "top", allow_zero=False,
                           fix="Pass a share of customers such as 0.2 for the top 20% (not 20).")
    if need_threshold is None:
        threshold = float(need["service_cost"].sum() / need["orders"].sum())
    else:
        threshold = require_number(need_threshold, "need_threshold", minimum=0,
                                   fix="Give a service cost per order in EUR, or None for the "
                                       "average.")
    tiers = value_tiers(need.set_index("customer_id")["revenue"], gold=top, silver=0.0,
                        labels=("high", "mid", "low"))
    need["high_value"] = (tiers == "high").to_numpy()
    need["high_need"] = (need["service_cost_per_order"] > threshold).to_numpy()
    hv, hn = need["high_value"].to_numpy(), need["high_need"].to_numpy()
    labels = np.where(hv & hn, QUADRANTS[0], np.where(hv, QUADRANTS[1],
                      np.where(hn, QUADRANTS[2], QUADRANTS[3])))
    need["quadrant"] = pd.Categorical(labels, categories=QUADRANTS, ordered=True)
    return need
