"""Customer development: products bought together (cross-selling and bundles) and customers
who quietly stopped buying (lost without a word, worth a win-back).

Public helpers (one line each):

- ``pair_lift(order_lines, min_orders=20, products=None) -> DataFrame``
  per product pair: orders together, support, confidence both ways, lift; highest lift first.
- ``silent_lapsers(customers, orders, defections, end_date=None, days=365) -> DataFrame``
  customers with no order in the last `days` days who never told us they left.

Every function is pure: tables in, a table out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_not_empty

__all__ = ["pair_lift", "silent_lapsers"]


def pair_lift(order_lines: pd.DataFrame, min_orders: int = 20,
              products: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which products are bought together more often than chance: for each pair of
    products in the same order, its support (share of all orders holding both), confidence
    (share of orders with A that also hold B, and the reverse) and lift (support divided by
    what independent choices would give; above 1 means bought together more than by chance).

    Parameters
    ----------
    order_lines : DataFrame with order_id and product_id.
    min_orders : keep pairs bought together in at least this many orders (rare pairs give
        unstable lifts).
    products : optional products table; adds the names product_a_name and product_b_name.

    Returns
    -------
    DataFrame with product_a, product_b, orders_together, support, confidence_a_to_b,
    confidence_b_to_a, lift, highest lift first.

    Examples
    --------
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4],
    ...                       "product_id": [10, 20, 10, 20, 30, 30]})
    >>> pair_lift(lines, min_orders=1)[["product_a", "product_b", "lift"]].values.tolist()
    [[10, 20, 2.0]]
    """
    require_columns(order_lines, "order_lines", ["order_id", "product_id"])
    require_not_empty(order_lines, "order_lines")
    if isinstance(min_orders, bool) or not isinstance(min_orders, (int, np.integer)) or min_orders < 1:
        raise CRMDataError(f"min_orders should be a whole number of 1 or more, not {min_orders!r}.")
    lines = order_lines[["order_id", "product_id"]].drop_duplicates()
    if lines.isna().any().any():
        raise CRMDataError("order_lines has missing order_id or product_id values. Drop those "
                           "rows first (for example with .dropna(subset=['order_id', 'product_id'])).")
    n_orders = lines["order_id"].nunique()
    per_product = lines["product_id"].value_counts()
    pairs = lines.merge(lines, on="order_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["product_id_a"] < pairs["product_id_b"]]
    together = pairs.groupby(["product_id_a", "product_id_b"]).size().rename("orders_together")
    together = together[together >= min_orders].reset_index()
    together.columns = ["product_a", "product_b", "orders_together"]
    n_a = together["product_a"].map(per_product).astype(float)
    n_b = together["product_b"].map(per_product).astype(float)
    together["support"] = together["orders_together"] / n_orders
    together["confidence_a_to_b"] = together["orders_together"] / n_a
    together["confidence_b_to_a"] = together["orders_together"] / n_b
    together["lift"] = together["orders_together"] * n_orders / (n_a * n_b)
    if products is not None:
        require_columns(products, "products", ["product_id", "name"])
        names = pd.Series(products["name"].to_numpy(), index=products["product_id"].to_numpy())
        together.insert(2, "product_a_name", together["product_a"].map(names))
        together.insert(3, "product_b_name", together["product_b"].map(names))
    return together.sort_values(["lift", "orders_together"], ascending=False,
                                kind="stable").reset_index(drop=True)


def silent_lapsers(customers: pd.DataFrame, orders: pd.DataFrame, defections: pd.DataFrame,
                   end_date: pd.Timestamp | str | None = None, days: int = 365) -> pd.DataFrame:
    """Customers who stopped buying without a word: no order in the last `days` days before
    `end_date`, and no stated defection. They may have been lost to a competitor.

    Returns
    -------
    DataFrame with customer_id, last_order_date and days_since_last_order, longest silence
    first.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2, 3]})
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2023-02-01", "2024-12-01"])})
    >>> defections = pd.DataFrame({"customer_id": [2]})
    >>> silent_lapsers(customers, orders, defections, "2024-12-31")["customer_id"].tolist()
    [1]
    """
    require_columns(customers, "customers", ["customer_id"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_columns(defections, "defections", ["customer_id"])
    require_not_empty(orders, "orders")
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days <= 0:
        raise CRMDataError(f"days should be a positive whole number of days, not {days!r}.")
    dates = require_dates(orders, "orders", "order_date")
    end = pd.Timestamp(end_date) if end_date is not None else dates.max()
    last = dates.groupby(orders["customer_id"].to_numpy()).max()
    last = last[last.index.isin(customers["customer_id"])]
    quiet = last[(last < end - pd.Timedelta(days=int(days)))
                 & ~last.index.isin(defections["customer_id"])]
    out = pd.DataFrame({"customer_id": quiet.index.to_numpy(),
                        "last_order_date": quiet.to_numpy(),
                        "days_since_last_order": (end - quiet).dt.days.to_numpy()})
    return out.sort_values(["days_since_last_order", "customer_id"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)
