"""Cohort lifetime value: what each acquisition cohort actually spent per customer, period after
period, with no model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.clv.summary import clean_transactions
from crm_lessons.errors import require_number
from crm_lessons.units import discount_factors, require_unit


def cohort_value(transactions: pd.DataFrame, customer_col: str = "customer_id",
                 date_col: str = "date", amount_col: str = "amount", freq: str = "M",
                 margin: float = 1.0, discount_rate: float = 0.0) -> pd.DataFrame:
    """Cumulative value per acquired customer, by acquisition cohort and period since acquisition.

    Customers are grouped by the period of their first purchase (their cohort). For each cohort
    and each period since acquisition (0 = the period of the first purchase) the table gives the
    cohort's cumulative spend times `margin`, discounted, divided by the number of customers
    acquired in the cohort (those who bought nothing more count too). Periods not yet observed
    for a cohort are missing (NaN).

    Discounting follows the course's one convention (crm_lessons.units): the spend of period k
    since acquisition is the cash at the end of the customer's period t = k + 1, so it is worth
    ``1 / (1 + discount_rate) ** (k + 1)`` today (the acquisition period itself is discounted
    once, as in `simple_clv`).

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase with a customer, a date and an amount.
    customer_col, date_col, amount_col : str
        Column names.
    freq : {"M", "W", "D"}
        Period length (crm_lessons.units' time units): calendar months (default), weeks or days.
    margin : float
        Share of spend that is margin (1.0 = count revenue).
    discount_rate : float
        Discount rate per period (0 = no discounting).

    Returns
    -------
    DataFrame indexed by cohort (a string such as "1997-01"), one column per period since
    acquisition (0, 1, 2, ...), plus nothing else; ``.attrs["customers"]`` holds the cohort sizes.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 5.0, 20.0],
    ...                    "date": pd.to_datetime(["2024-01-03", "2024-02-10", "2024-01-20"])})
    >>> cohort_value(tx).loc["2024-01"].tolist()     # (10 + 20) / 2, then + 5 / 2
    [15.0, 17.5]
    """
    tx = clean_transactions(transactions, customer_col, date_col, amount_col)
    freq = require_unit(freq, "cohort_value: freq")
    margin = require_number(margin, "cohort_value: margin",
                            fix="Give the share of spend kept, e.g. 0.3, or 1.0 for revenue.")
    discount_rate = require_number(discount_rate, "cohort_value: discount_rate", minimum=0,
                                   fix="Give it per period, e.g. 0.01 for 1%.")
    period = tx["_day"].dt.to_period(freq)
    ordinal = pd.Series(period.array.asi8, index=tx.index)
    first = ordinal.groupby(tx[customer_col]).transform("min")
    age = (ordinal - first).to_numpy()
    disc = discount_factors(discount_rate, age + 1)
    frame = pd.DataFrame({"cohort": first.to_numpy(), "age": age,
                          "value": tx[amount_col].to_numpy() * margin * disc})
    table = frame.pivot_table(index="cohort", columns="age", values="value", aggfunc="sum",
                              fill_value=0.0)
    last = int(ordinal.max())
    all_ages = np.arange(int(age.max()) + 1)
    table = table.reindex(columns=all_ages, fill_value=0.0).cumsum(axis=1)
    sizes = tx.groupby(first.to_numpy())[customer_col].nunique()
    table = table.div(sizes.reindex(table.index), axis=0)
    seen = (last - table.index.to_numpy())[:, None] >= all_ages[None, :]
    table = table.where(seen)
    labels = pd.PeriodIndex.from_ordinals(table.index.to_numpy(), freq=freq).astype(str)
    table.index = pd.Index(labels, name="cohort")
    table.columns = pd.Index(all_ages, name="periods_since_first_purchase")
    table.attrs["customers"] = pd.Series(sizes.to_numpy(), index=table.index, name="customers")
    return table

