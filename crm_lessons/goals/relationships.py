"""Levels of relationship marketing: the five levels, which one pays for a segment, which one
a customer's lifetime value affords, and the kinds of benefit a programme offers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_fraction,
)

RELATIONSHIP_LEVELS = ["basic", "reactive", "accountable", "proactive", "full partnership"]

_LEVELS = [
    ("basic", "Sells the product and leaves it there; no follow-up.",
     "A motorway petrol station: you pay and drive on.", "very low"),
    ("reactive", "Sells and invites the customer to get in touch with questions or problems.",
     "A shop that prints its phone number on the receipt and waits for calls.", "low"),
    ("accountable", "Contacts the customer shortly after the sale to ask whether it met "
     "expectations and collects ideas to improve.",
     "A dealer who phones a week after a car is delivered to ask how it drives.", "medium"),
    ("proactive", "Gets in touch from time to time with tips, new products or better ways "
     "to use what was bought.", "A bank adviser who calls before a fixed rate expires.",
     "high"),
    ("full partnership", "Works continuously with the customer to find ways to deliver more "
     "value together.", "A roaster that plans a café chain's blends and training with it.",
     "very high"),
]


def relationship_levels() -> pd.DataFrame:
    """The five levels of relationship marketing, from least to most investment per customer.

    Returns
    -------
    DataFrame with columns rank (1-5), level, what_the_company_does, example, cost_per_customer.

    Examples
    --------
    >>> relationship_levels()["level"].iloc[-1]
    'full partnership'
    """
    df = pd.DataFrame(_LEVELS, columns=["level", "what_the_company_does", "example",
                                        "cost_per_customer"])
    df.insert(0, "rank", np.arange(1, 6, dtype="int64"))
    return df


_GRID = {
    # rows: how many customers; columns: margin per customer
    "many": {"high": "accountable", "medium": "reactive", "low": "basic"},
    "medium": {"high": "proactive", "medium": "accountable", "low": "reactive"},
    "few": {"high": "full partnership", "medium": "proactive", "low": "accountable"},
}
_COUNTS = ["many", "medium", "few"]
_MARGINS = ["high", "medium", "low"]


def relationship_level_grid() -> pd.DataFrame:
    """Which level usually pays, by number of customers (rows) and margin per customer
    (columns): few customers with high margins deserve a partnership, many with thin margins
    only a basic relationship.

    Examples
    --------
    >>> relationship_level_grid().loc["few", "high"]
    'full partnership'
    """
    grid = pd.DataFrame(_GRID).T.loc[_COUNTS, _MARGINS]
    grid.index.name = "number_of_customers"
    grid.columns.name = "margin_per_customer"
    return grid


def suggest_relationship_level(number_of_customers: str | Sequence[str],
                               margin: str | Sequence[str]) -> str | pd.Series:
    """Look up :func:`relationship_level_grid` for one segment or for several at once.

    Parameters
    ----------
    number_of_customers : "many", "medium" or "few" (or a sequence of them)
    margin : "high", "medium" or "low" (or a sequence of the same length)

    Examples
    --------
    >>> suggest_relationship_level("many", "low")
    'basic'
    """
    single = isinstance(number_of_customers, str) and isinstance(margin, str)
    for value, name in [(number_of_customers, "number_of_customers"), (margin, "margin")]:
        if not isinstance(value, str) and (not isinstance(value, (Sequence, pd.Series,
                                                                  np.ndarray))):
            raise CRMDataError(f"{name} should be a word such as 'many' or 'high' (or a list "
                               f"of them), but got {value!r}.")
    if isinstance(number_of_customers, str) != isinstance(margin, str):
        raise CRMDataError("Give number_of_customers and margin both as single words, or both "
                           "as lists of the same length.")
    counts = pd.Series([number_of_customers] if single else list(number_of_customers), dtype=str)
    margins = pd.Series([margin] if single else list(margin), dtype=str)
    if len(counts) != len(margins):
        raise CRMDataError(f"number_of_customers has {len(counts)} values but margin has "
                           f"{len(margins)}; give one of each per segment.")
    counts = counts.str.strip().str.lower()
    margins = margins.str.strip().str.lower()
    for values, allowed, name in [(counts, _COUNTS, "number_of_customers"),
                                  (margins, _MARGINS, "margin")]:
        bad = values[~values.isin(allowed)]
        if len(bad):
            raise CRMDataError(f"{name} has the value {bad.iloc[0]!r}; use one of "
                               f"{', '.join(allowed)}.")
    stacked = relationship_level_grid().stack()
    out = pd.Series(stacked.reindex(pd.MultiIndex.from_arrays([counts, margins])).to_numpy(),
                    name="level")
    return str(out.iloc[0]) if single else out


def affordable_relationship_level(lifetime_value: pd.Series | Sequence[float],
                                  cost_per_level: Mapping[str, float],
                                  max_cost_share: float = 0.5) -> pd.Series:
    """The most intensive level whose cost stream stays within `max_cost_share` of each
    customer's (or segment's) lifetime value; "basic" when none fits.

    Parameters
    ----------
    lifetime_value : Series or sequence of numbers
        Lifetime value (EUR) per customer or segment.
    cost_per_level : mapping
        Cost (EUR over the same horizon) of serving one customer at each level, keyed by the
        names in RELATIONSHIP_LEVELS; missing levels are not considered.
    max_cost_share : float
        Largest share of lifetime value the relationship may cost, 0-1.

    Returns
    -------
    Series of level names, with the index of `lifetime_value`.

    Examples
    --------
    >>> costs = {"basic": 0, "reactive": 5, "accountable": 20, "proactive": 60,
    ...          "full partnership": 300}
    >>> affordable_relationship_level(pd.Series([8, 50, 1000]), costs).tolist()
    ['basic', 'accountable', 'full partnership']
    """
    share = require_fraction(max_cost_share, "max_cost_share")
    clv = lifetime_value if isinstance(lifetime_value, pd.Series) else pd.Series(lifetime_value)
    clv = pd.to_numeric(clv, errors="coerce")
    if clv.isna().any():
        raise CRMDataError("lifetime_value should hold numbers (EUR) with no missing values; "
                           "fill or drop the missing ones first.")
    if not isinstance(cost_per_level, Mapping) or not cost_per_level:
        raise CRMDataError("cost_per_level should be a dict such as {'basic': 0, 'reactive': 5, "
                           "...}, keyed by the relationship levels.")
    unknown = [k for k in cost_per_level if k not in RELATIONSHIP_LEVELS]
    if unknown:
        raise CRMDataError(f"cost_per_level has the level {unknown[0]!r}; use the names "
                           f"{', '.join(RELATIONSHIP_LEVELS)}.")
    levels = [lvl for lvl in RELATIONSHIP_LEVELS if lvl in cost_per_level]
    costs = np.array([float(cost_per_level[lvl]) for lvl in levels])
    fits = costs[None, :] <= clv.to_numpy(float)[:, None] * share
    # the most intensive fitting level: the last True along each row
    idx = np.where(fits.any(axis=1), len(levels) - 1 - np.argmax(fits[:, ::-1], axis=1), -1)
    names = np.array(levels + ["basic"], dtype=object)
    return pd.Series(names[idx], index=clv.index, name="level")


_BENEFITS = [
    ("financial", "Money reasons to stay: points, member prices, free delivery after a "
     "number of orders.", "Easy for competitors to copy, so the tie is loose."),
    ("social", "A personal bond: staff who know the customer, greet regulars, a community "
     "of members.", "Harder to copy; rests on people and on remembering the customer."),
    ("structural", "Ties built into how the customer works: a subscription, a saved profile, "
     "a grinder set up for our beans, a shared ordering system.",
     "Hardest to copy; leaving costs the customer effort."),
]


def relationship_benefits() -> pd.DataFrame:
    """The three kinds of benefit a relationship programme can offer, with how well each
    holds against competitors.

    Examples
    --------
    >>> relationship_benefits()["benefit"].tolist()
    ['financial', 'social', 'structural']
    """
    return pd.DataFrame(_BENEFITS, columns=["benefit", "what_it_is", "how_well_it_holds"])
