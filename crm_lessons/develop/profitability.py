"""Profit per customer: what each customer really earns the company once discounts, returns and
service are counted, and how profit grows with the relationship.
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

#: The columns of customer_profit, in order.
PROFIT_COLUMNS = ["customer_id", "orders", "revenue", "discounts", "returns", "cost_of_goods",
                  "service_cost", "profit"]


def _line_profit(orders: pd.DataFrame, order_lines: pd.DataFrame,
                 products: pd.DataFrame) -> pd.DataFrame:
    """One row per order: customer, date, gross value, discount, returns, cost of goods."""
    require_columns(orders, "orders", ["order_id", "customer_id", "order_date", "discount"])
    require_columns(order_lines, "order_lines",
                    ["order_id", "product_id", "quantity", "unit_price", "returned_quantity"])
    require_columns(products, "products", ["product_id", "unit_cost"])
    require_not_empty(orders, "orders")
    qty = require_numeric(order_lines, "order_lines", "quantity", min_value=0)
    ret = require_numeric(order_lines, "order_lines", "returned_quantity", min_value=0)
    if (ret > qty).any():
        raise CRMDataError("order_lines.returned_quantity is larger than quantity on some rows. "
                           "Correct those rows: a customer cannot return more than they bought.")
    price = require_numeric(order_lines, "order_lines", "unit_price", min_value=0)
    line_cost = require_unit_costs(order_lines, products)
    lines = pd.DataFrame({
        "order_id": order_lines["order_id"].to_numpy(),
        "gross": (qty * price).to_numpy(),
        "returns": (ret * price).to_numpy(),
        "cost_of_goods": ((qty - ret) * line_cost.astype(float)).to_numpy(),
    }).groupby("order_id", sort=False).sum()
    discount = require_numeric(orders, "orders", "discount", min_value=0)
    dates = require_dates(orders, "orders", "order_date")
    per_order = pd.DataFrame({
        "customer_id": orders["customer_id"].to_numpy(),
        "order_date": dates.to_numpy(),
        "discounts": discount.to_numpy(),
    }, index=orders["order_id"].to_numpy())
    per_order = per_order.join(lines, how="left").fillna(
        {"gross": 0.0, "returns": 0.0, "cost_of_goods": 0.0})
    return per_order


def _ticket_costs(tickets: pd.DataFrame | None) -> pd.DataFrame | None:
    if tickets is None:
        return None
    require_columns(tickets, "tickets", ["customer_id", "opened_date", "handling_cost"])
    cost = require_numeric(tickets, "tickets", "handling_cost", min_value=0)
    return pd.DataFrame({"customer_id": tickets["customer_id"].to_numpy(),
                         "date": require_dates(tickets, "tickets", "opened_date").to_numpy(),
                         "cost": cost.to_numpy()})


def customer_profit(orders: pd.DataFrame, order_lines: pd.DataFrame, products: pd.DataFrame,
                    tickets: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each customer earned the company, after discounts, returns and service cost.

    profit = revenue (units times price paid) - discounts - returns (refunded value)
    - cost of goods kept - service cost (handling cost of the customer's tickets).

    Parameters
    ----------
    orders, order_lines, products : DataFrame
        The store's tables (columns order_id, customer_id, order_date, discount; order_id,
        product_id, quantity, unit_price, returned_quantity; product_id, unit_cost).
    tickets : DataFrame, optional
        With customer_id, opened_date and handling_cost; without it, service cost is 0.

    Returns
    -------
    DataFrame with columns customer_id, orders, revenue, discounts, returns, cost_of_goods,
    service_cost, profit (EUR), one row per customer who ordered, sorted by customer_id.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": [1], "customer_id": [7],
    ...                        "order_date": pd.to_datetime(["2024-01-05"]), "discount": [2.0]})
    >>> lines = pd.DataFrame({"order_id": [1], "product_id": [1], "quantity": [2],
    ...                       "unit_price": [10.0], "returned_quantity": [0]})
    >>> products = pd.DataFrame({"product_id": [1], "unit_cost": [4.0]})
    >>> float(customer_profit(orders, lines, products)["profit"].iloc[0])   # 20 - 2 - 8
    10.0
    """
    per_order = _line_profit(orders, order_lines, products)
    out = per_order.groupby("customer_id").agg(
        orders=("gross", "size"), revenue=("gross", "sum"), discounts=("discounts", "sum"),
        returns=("returns", "sum"), cost_of_goods=("cost_of_goods", "sum"))
    service = _ticket_costs(tickets)
    if service is not None:
        out["service_cost"] = service.groupby("customer_id")["cost"].sum().reindex(out.index,
                                                                                   fill_value=0.0)
    else:
        out["service_cost"] = 0.0
    out["profit"] = (out["revenue"] - out["discounts"] - out["returns"] - out["cost_of_goods"]
                     - out["service_cost"])
    out = out.reset_index()
    out["orders"] = out["orders"].astype("int64")
    return out[PROFIT_COLUMNS].round(2)


def unprofitable_share(profit: pd.DataFrame | pd.Series) -> float:
    """Share of customers (0-1) whose profit is below zero.

    Parameters
    ----------
    profit : DataFrame with a ``profit`` column (as from `customer_profit`) or a Series of
        profit per customer (EUR).

    Examples
    --------
    >>> unprofitable_share(pd.Series([12.0, -3.0, 40.0, 5.0]))
    0.25
    """
    if isinstance(profit, pd.DataFrame):
        require_columns(profit, "profit", ["profit"])
        profit = profit["profit"]
    if not isinstance(profit, pd.Series):
        raise CRMDataError(f"profit should be the table of customer_profit(...) or a Series of "
                           f"profit per customer, not {type(profit).__name__}.")
    values = require_numeric(profit.to_frame("profit"), "profit", "profit")
    if len(values) == 0:
        raise CRMDataError("profit is empty, so no share can be computed. Pass the table of "
                           "customer_profit(...) for the store.")
    return float((values < 0).mean())


def profit_by_relationship_year(orders: pd.DataFrame, order_lines: pd.DataFrame,
                                products: pd.DataFrame, customers: pd.DataFrame,
                                tickets: pd.DataFrame | None = None,
                                end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Profit per active customer in each year of the relationship (year 1 = the first 365
    days after sign-up).

    A customer counts as active in a year when they ordered in it; the profit of a year is
    the profit of its orders (after discounts, returns and cost of goods) minus the service
    cost of tickets opened in it (if `tickets` is given). Only years seen in full by
    `end_date` (default: the last order date) count, so a customer who joined eight months
    ago adds nothing to year 1 yet: a half-seen year would look less profitable than it is.

    Returns
    -------
    DataFrame with columns year (1, 2, ...), customers (active that year), profit (EUR, total)
    and profit_per_customer (EUR), one row per year.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1], "signup_date": pd.to_datetime(["2024-01-01"])})
    >>> orders = pd.DataFrame({"order_id": [1, 2], "customer_id": [1, 1],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2025-02-01"]), "discount": [0.0, 0.0]})
    >>> lines = pd.DataFrame({"order_id": [1, 2], "product_id": [1, 1], "quantity": [1, 3],
    ...                       "unit_price": [10.0, 10.0], "returned_quantity": [0, 0]})
    >>> products = pd.DataFrame({"product_id": [1], "unit_cost": [6.0]})
    >>> table = profit_by_relationship_year(orders, lines, products, customers, end_date="2025-12-31")
    >>> table["profit_per_customer"].tolist()
    [4.0, 12.0]
    """
    require_not_empty(require_columns(customers, "customers", ["customer_id", "signup_date"]),
                      "customers")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=require_ids(customers, "customers", "customer_id",
                                         unique=True).to_numpy())
    per_order = _line_profit(orders, order_lines, products)
    start = per_order["customer_id"].map(signup)
    if start.isna().any():
        bad = per_order.loc[start.isna(), "customer_id"].iloc[0]
        raise CRMDataError(f"orders.customer_id {bad} is not in customers. Pass the customers "
                           f"table that belongs to these orders.")
    end = pd.Timestamp(end_date) if end_date is not None else per_order["order_date"].max()
    days = (per_order["order_date"] - start).dt.days.clip(lower=0)
    per_order["year"] = (days // 365 + 1).astype("int64")
    seen = start + pd.to_timedelta(per_order["year"] * 365 - 1, unit="D") <= end
    per_order = per_order[seen]
    if per_order.empty:
        raise CRMDataError("No customer has a full year of relationship before the end date, "
                           "so no year can be measured. Pass a later end_date.")
    per_order["profit"] = (per_order["gross"] - per_order["discounts"] - per_order["returns"]
                           - per_order["cost_of_goods"])
    by_year = per_order.groupby("year").agg(customers=("customer_id", "nunique"),
                                            profit=("profit", "sum"))
    service = _ticket_costs(tickets)
    if service is not None:
        t_start = service["customer_id"].map(signup)
        known = t_start.notna()
        t_days = (service.loc[known, "date"] - t_start[known]).dt.days.clip(lower=0)
        t_year = t_days // 365 + 1
        t_seen = t_start[known] + pd.to_timedelta(t_year * 365 - 1, unit="D") <= end
        t_cost = service.loc[known, "cost"][t_seen].groupby(t_year[t_seen].to_numpy()).sum()
        by_year["profit"] = by_year["profit"] - t_cost.reindex(by_year.index, fill_value=0.0)
    by_year["profit_per_customer"] = by_year["profit"] / by_year["customers"]
    out = by_year.reset_index()
    out["customers"] = out["customers"].astype("int64")
    return out.round({"profit": 2, "profit_per_customer": 2})

