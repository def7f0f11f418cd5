"""The reference computations of lesson 05 (customer development), shared by its exercises and
their slips; every figure follows the active store, and the CDNOW fits (real data, the same for
every student) are made once."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from crm_lessons import clv, develop, goals, identify

#: The product whose suggestions exercise `suggestions` asks for.
SUGGEST_FOR = "Cold Brew coarse grind 500 g"
#: Settings the notebook uses for the bundle and the contact cap.
BUNDLE_DISCOUNT, EXERCISE_DISCOUNT = 0.10, 0.05
COMPLAINT_COST = 5.0
CALIBRATION_END = "1997-09-30"


def wallet(store) -> pd.DataFrame:
    return develop.share_of_wallet(store.orders, store.surveys)


def tiers(store) -> pd.Series:
    return identify.value_tiers(identify.customer_revenue(store.orders))


def pairs(store) -> pd.DataFrame:
    return develop.pair_lift(store.order_lines, products=store.products)


def product_id(store, name: str) -> int:
    p = store.products
    return int(p.loc[p["name"] == name, "product_id"].iloc[0])


def bundle(store, discount: float) -> pd.Series:
    top = pairs(store).iloc[0]
    return develop.bundle_economics(store.products, int(top["product_a"]), int(top["product_b"]),
                                    discount, float(top["confidence_a_to_b"]))


def fatigue(store) -> pd.DataFrame:
    return develop.fatigue_by_frequency(store.contacts.dropna(subset=["customer_id"]))


def response_value(store) -> float:
    """Margin of an average order that answered a campaign (EUR)."""
    return develop.response_margin(profit(store), store.orders, store.contacts)


def unsubscribe_value(store) -> float:
    """What a customer lost to marketing is worth, at the store's retention rate."""
    return develop.marketing_value_lost(store.contacts, response_value(store),
                                        goals.yearly_retention(store.orders, store.end_date))


def cap_table(store, complaint_cost: float = COMPLAINT_COST) -> pd.DataFrame:
    return develop.contact_cap_value(fatigue(store), response_value(store),
                                     unsubscribe_value(store), complaint_cost)


def profit(store) -> pd.DataFrame:
    return develop.customer_profit(store.orders, store.order_lines, store.products, store.tickets)


def month(store) -> str:
    return store.end_date.strftime("%Y-%m")


@lru_cache(maxsize=1)
def cdnow_fits():
    """The CDNOW summary, BG/NBD and Gamma-Gamma fits, 12-month value and probability alive."""
    from crm_lessons.data import load_cdnow

    tx = load_cdnow()
    summary = clv.purchase_summary(tx, calibration_end=CALIBRATION_END,
                                   observation_end=tx["date"].max())
    bgnbd = clv.fit_bgnbd(summary)
    spend = clv.fit_gamma_gamma(summary)
    value = clv.lifetime_value(bgnbd, spend, summary, months=12)
    alive = bgnbd.probability_alive(summary)
    return summary, bgnbd, spend, value, alive
