"""Bundles: two products sold together at a discount, and the break-even take-up rate at
which the bundle earns as much margin as selling the items apart."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_fraction


def bundle_economics(products: pd.DataFrame, product_a: int, product_b: int, discount: float,
                     already_both: float) -> pd.Series:
    """What a bundle of `product_a` and `product_b` at `discount` off their two prices earns.

    Among the customers who buy `product_a`, a share `already_both` buys `product_b` too at
    full price (the confidence from A to B): on each of them the bundle gives away
    ``discount * (price_a + price_b)``. Each customer who would have bought A alone and takes
    the bundle instead adds the bundle's extra margin, ``margin_b - discount * (price_a +
    price_b)``. The break-even take-up rate is the share of those A-only customers who must
    take the bundle for the gains to cover what is given away:

        break_even = already_both * given_away / ((1 - already_both) * extra_margin)

    Returns
    -------
    Series: price_apart, bundle_price, margin_apart (both items), bundle_margin, given_away
    (per customer who bought both anyway), extra_margin (per A-only customer who switches),
    break_even_take_up (0-1; above 1, or missing when the bundle has no extra margin: the
    bundle cannot pay).

    Examples
    --------
    >>> p = pd.DataFrame({"product_id": [1, 2], "price": [10.0, 10.0], "unit_cost": [4.0, 4.0]})
    >>> float(bundle_economics(p, 1, 2, 0.10, 0.2)["break_even_take_up"])  # .2*2 / (.8*4)
    0.125
    """
    require_columns(products, "products", ["product_id", "price", "unit_cost"])
    discount = require_fraction(discount, "discount", fix="Give it as a fraction, e.g. 0.1.")
    already_both = require_fraction(already_both, "already_both",
                                    fix="Give the confidence from A to B, e.g. 0.2.")
    table = products.set_index("product_id")
    missing = [p for p in (product_a, product_b) if p not in table.index]
    if missing:
        raise CRMDataError(f"products.product_id has no product {missing[0]!r}. Pick two "
                           f"product_id values from store.products.")
    if product_a == product_b:
        raise CRMDataError("product_a and product_b are the same product; a bundle needs two.")
    a, b = table.loc[product_a], table.loc[product_b]
    price_apart = float(a["price"] + b["price"])
    given_away = discount * price_apart
    margin_apart = price_apart - float(a["unit_cost"] + b["unit_cost"])
    extra = float(b["price"] - b["unit_cost"]) - given_away
    if extra <= 0:
        break_even = float("nan")
    elif already_both >= 1:
        break_even = float("inf")
    else:
        break_even = already_both * given_away / ((1 - already_both) * extra)
    return pd.Series({"price_apart": price_apart, "bundle_price": price_apart - given_away,
                      "margin_apart": margin_apart, "bundle_margin": margin_apart - given_away,
                      "given_away": given_away, "extra_margin": extra,
                      "break_even_take_up": break_even})
