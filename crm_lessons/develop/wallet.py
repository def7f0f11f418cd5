"""Share of wallet: how much of what a customer spends on coffee and tea, at every shop, they
spend with us, from the survey's estimate of their monthly category spend."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_numeric,
)

#: The columns of share_of_wallet, in order.
WALLET_COLUMNS = ["customer_id", "survey_date", "monthly_spend_here", "monthly_category_spend",
                  "share_of_wallet", "room_to_grow"]


def share_of_wallet(orders: pd.DataFrame, surveys: pd.DataFrame) -> pd.DataFrame:
    """Each surveyed customer's share of wallet at their latest survey answer.

    monthly_spend_here = revenue with us in the 365 days up to the survey date, divided by 12;
    share_of_wallet = monthly_spend_here / monthly_category_spend (capped at 1: a customer
    cannot spend more with us than in the whole category); room_to_grow = the category spend
    we do not get yet, EUR per month.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [120.0, 120.0, 60.0],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-09-01", "2024-05-01"])})
    >>> surveys = pd.DataFrame({"customer_id": [1, 2], "monthly_category_spend": [40.0, 50.0],
    ...     "survey_date": pd.to_datetime(["2024-12-01", "2024-12-01"])})
    >>> share_of_wallet(orders, surveys)["share_of_wallet"].tolist()   # 20/40, 5/50
    [0.5, 0.1]
    """
    require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    require_columns(surveys, "surveys", ["customer_id", "survey_date", "monthly_category_spend"])
    require_not_empty(surveys, "surveys")
    spend = require_numeric(surveys, "surveys", "monthly_category_spend", min_value=0)
    if (spend == 0).any():
        raise CRMDataError("surveys.monthly_category_spend is 0 on some rows, so no share can "
                           "be computed. Drop those answers first.")
    latest = pd.DataFrame({"customer_id": require_ids(surveys, "surveys", "customer_id").to_numpy(),
                           "survey_date": require_dates(surveys, "surveys", "survey_date").to_numpy(),
                           "monthly_category_spend": spend.to_numpy()})
    latest = latest.sort_values(["customer_id", "survey_date"], kind="stable").drop_duplicates(
        "customer_id", keep="last")
    tx = pd.DataFrame({"customer_id": require_ids(orders, "orders", "customer_id").to_numpy(),
                       "order_date": require_dates(orders, "orders", "order_date").to_numpy(),
                       "revenue": require_numeric(orders, "orders", "revenue").to_numpy()})
    joined = tx.merge(latest[["customer_id", "survey_date"]], on="customer_id")
    in_year = joined[(joined["order_date"] <= joined["survey_date"])
                     & (joined["order_date"] > joined["survey_date"] - pd.Timedelta(days=365))]
    here = in_year.groupby("customer_id")["revenue"].sum() / 12
    latest["monthly_spend_here"] = latest["customer_id"].map(here).fillna(0.0)
    latest["share_of_wallet"] = (latest["monthly_spend_here"]
                                 / latest["monthly_category_spend"]).clip(upper=1.0)
    latest["room_to_grow"] = (latest["monthly_category_spend"]
                              - latest["monthly_spend_here"]).clip(lower=0.0)
    return latest[WALLET_COLUMNS].reset_index(drop=True)


def wallet_by_segment(wallet: pd.DataFrame, segment: pd.Series) -> pd.DataFrame:
    """Share of wallet and room to grow per segment: customers, median share of wallet, total
    room to grow (EUR per month), largest room first.

    `segment` is a Series indexed by customer_id (an RFM segment, a tier, a region...).

    Examples
    --------
    >>> w = pd.DataFrame({"customer_id": [1, 2, 3], "share_of_wallet": [0.5, 0.1, 0.3],
    ...                   "room_to_grow": [20.0, 45.0, 10.0]})
    >>> wallet_by_segment(w, pd.Series(["a", "b", "b"], index=[1, 2, 3]))["segment"].tolist()
    ['b', 'a']
    """
    require_columns(wallet, "wallet", ["customer_id", "share_of_wallet", "room_to_grow"])
    if not isinstance(segment, pd.Series):
        raise CRMDataError(f"segment should be a Series indexed by customer_id, not "
                           f"{type(segment).__name__}.")
    seg = wallet["customer_id"].map(segment)
    if seg.isna().all():
        raise CRMDataError("segment has none of the wallet's customer_id values in its index. "
                           "Pass a Series indexed by customer_id.")
    out = wallet.assign(segment=seg.astype(str)).groupby("segment").agg(
        customers=("customer_id", "size"), median_share_of_wallet=("share_of_wallet", "median"),
        room_to_grow=("room_to_grow", "sum"))
    return out.sort_values("room_to_grow", ascending=False, kind="stable").reset_index()
