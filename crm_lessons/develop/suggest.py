""""Customers who bought this also bought": the suggestions a shop clerk would make for one
product, from the pairs bought together."""

from __future__ import annotations

import pandas as pd

from crm_lessons.develop.basket import pair_lift
from crm_lessons.errors import CRMDataError, require_whole_number


def also_bought(order_lines: pd.DataFrame, product_id: int, top: int = 3, min_orders: int = 20,
                products: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `top` products most often in the same order as `product_id`, as a clerk would
    suggest them: highest confidence first (the share of orders with the product that also
    hold the other), keeping only pairs bought together more than by chance (lift above 1).

    Returns
    -------
    DataFrame with product_id (the suggestion), orders_together, confidence, lift, and name
    when `products` is given.

    Examples
    --------
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 3, 4],
    ...                       "product_id": [10, 20, 10, 20, 10, 30, 30]})
    >>> also_bought(lines, 10, min_orders=1)["product_id"].tolist()
    [20]
    """
    top = require_whole_number(top, "top", minimum=1, fix="Ask for a few suggestions, e.g. 3.")
    pairs = pair_lift(order_lines, min_orders=min_orders, products=products)
    if product_id not in set(order_lines["product_id"]):
        raise CRMDataError(f"order_lines.product_id has no product {product_id!r}. Pick a "
                           f"product_id from store.products.")
    as_a = pairs[pairs["product_a"] == product_id]
    as_b = pairs[pairs["product_b"] == product_id]
    cols = {"orders_together": "orders_together", "lift": "lift"}
    first = as_a.rename(columns={"product_b": "product_id", "confidence_a_to_b": "confidence",
                                 "product_b_name": "name", **cols})
    second = as_b.rename(columns={"product_a": "product_id", "confidence_b_to_a": "confidence",
                                  "product_a_name": "name", **cols})
    keep = ["product_id", "name", "orders_together", "confidence", "lift"]
    both = pd.concat([first, second], ignore_index=True)
    both = both[[c for c in keep if c in both.columns]]
    both = both[both["lift"] > 1]
    both["product_id"] = both["product_id"].astype("int64")
    return both.sort_values(["confidence", "lift"], ascending=False,
                            kind="stable").head(top).reset_index(drop=True)
