"""Products bought together: support, confidence and lift of product pairs, for cross-selling
and bundles.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_ids,
    require_not_empty,
    require_whole_number,
)


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
    [[10.0, 20.0, 2.0]]
    """
    require_columns(order_lines, "order_lines", ["order_id", "product_id"])
    require_not_empty(order_lines, "order_lines")
    min_orders = require_whole_number(min_orders, "min_orders", minimum=1,
                                      fix="Pass a number of orders such as 20.")
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
        names = pd.Series(products["name"].to_numpy(),
                          index=require_ids(products, "products", "product_id",
                                            unique=True).to_numpy())
        together.insert(2, "product_a_name", together["product_a"].map(names))
        together.insert(3, "product_b_name", together["product_b"].map(names))
    return together.sort_values(["lift", "orders_together"], ascending=False,
                                kind="stable").reset_index(drop=True)

