"""What a channel's customers bring against what they cost: first-year margin per customer,
and the payback period (months until the margin has repaid the acquisition cost).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_numeric,
    require_unit_costs,
)


def order_margins(orders: pd.DataFrame, order_lines: pd.DataFrame,
                  products: pd.DataFrame) -> pd.Series:
    """Gross margin of each order (EUR): its revenue minus the cost of the goods in it,
    indexed by order_id.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": [1, 2], "revenue": [30.0, 12.0]})
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2], "product_id": [7, 8, 7],
    ...                       "quantity": [1, 2, 1]})
    >>> products = pd.DataFrame({"product_id": [7, 8], "unit_cost": [10.0, 2.5]})
    >>> order_margins(orders, lines, products).tolist()        # 30 - 10 - 5, 12 - 10
    [15.0, 2.0]
    """
    require_not_empty(require_columns(orders, "orders", ["order_id", "revenue"]), "orders")
    require_ids(orders, "orders", "order_id", unique=True)
    require_columns(order_lines, "order_lines", ["order_id", "product_id", "quantity"])
    qty = require_numeric(order_lines, "order_lines", "quantity", min_value=0)
    line_cost = qty.to_numpy() * require_unit_costs(order_lines, products).to_numpy()
    cost = pd.Series(line_cost, index=order_lines["order_id"].to_numpy()).groupby(level=0).sum()
    revenue = pd.Series(require_numeric(orders, "orders", "revenue").to_numpy(),
                        index=orders["order_id"].to_numpy())
    return (revenue - cost.reindex(revenue.index, fill_value=0.0)).rename("margin")


def first_year_margin(customers: pd.DataFrame, orders: pd.DataFrame,
                      margins: pd.Series) -> pd.Series:
    """Each customer's gross margin (EUR) from the orders of their first 365 days, indexed by
    customer_id (0 for a customer with no order in that year).

    `margins` is the Series of :func:`order_margins`.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> orders = pd.DataFrame({"order_id": [1, 2, 3], "customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2025-06-01", "2024-03-01"])})
    >>> first_year_margin(customers, orders, pd.Series([5.0, 9.0, 4.0], index=[1, 2, 3])).tolist()
    [5.0, 4.0]
    """
    require_not_empty(require_columns(customers, "customers", ["customer_id", "signup_date"]),
                      "customers")
    require_columns(orders, "orders", ["order_id", "customer_id", "order_date"])
    if not isinstance(margins, pd.Series):
        raise CRMDataError("margins should be the Series of order_margins(...), indexed by "
                           "order_id.")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=require_ids(customers, "customers", "customer_id",
                                         unique=True).to_numpy())
    when = require_dates(orders, "orders", "order_date")
    start = orders["customer_id"].map(signup)
    in_year = (when >= start) & (when < start + pd.Timedelta(days=365))
    m = pd.to_numeric(orders["order_id"].map(margins), errors="coerce").fillna(0.0)
    total = m[in_year].groupby(orders.loc[in_year, "customer_id"]).sum()
    return total.reindex(signup.index, fill_value=0.0).rename("first_year_margin")


def payback_by_channel(cost_by_channel: pd.DataFrame, customers: pd.DataFrame,
                       year_margin: pd.Series) -> pd.DataFrame:
    """Per channel: cost per new customer, average first-year margin per customer (EUR) and
    the payback period in months (cost divided by the monthly margin), quickest first.

    Parameters
    ----------
    cost_by_channel : DataFrame of :func:`crm_lessons.attract.acquisition_cost_by_channel`.
    customers : the customers table (customer_id, channel).
    year_margin : Series of :func:`first_year_margin`, indexed by customer_id.

    Examples
    --------
    >>> cost = pd.DataFrame({"channel": ["search"], "cost_per_customer": [60.0]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2], "channel": ["search"] * 2})
    >>> payback_by_channel(cost, customers, pd.Series([100.0, 140.0], index=[1, 2]))[
    ...     "payback_months"].tolist()                   # 60 / (120 / 12)
    [6.0]
    """
    require_columns(cost_by_channel, "cost_by_channel", ["channel", "cost_per_customer"])
    per_customer = require_numeric(cost_by_channel, "cost_by_channel", "cost_per_customer")
    require_not_empty(require_columns(customers, "customers", ["customer_id", "channel"]),
                      "customers")
    if not isinstance(year_margin, pd.Series):
        raise CRMDataError("year_margin should be the Series of first_year_margin(...), "
                           "indexed by customer_id.")
    margin = pd.to_numeric(customers["customer_id"].map(year_margin), errors="coerce")
    if margin.isna().all():
        raise CRMDataError("year_margin has no value for any customer_id of customers. Pass "
                           "first_year_margin(...) computed on the same customers.")
    per = margin.groupby(customers["channel"].astype(str).to_numpy()).mean()
    out = pd.DataFrame({"channel": cost_by_channel["channel"].astype(str).to_numpy(),
                        "cost_per_customer": per_customer.to_numpy(float)})
    out["first_year_margin"] = out["channel"].map(per)
    out["payback_months"] = out["cost_per_customer"] / (out["first_year_margin"] / 12)
    return out.sort_values("payback_months", kind="stable").reset_index(drop=True)
