"""Customer identification (lesson 02): who the customers are and which ones matter most.

RFM scores and named segments, value tiers, the revenue concentration (Lorenz / Pareto) curve,
the value-against-service-need grid, profiles of profitable groups, k-means segments compared
with rule-based ones, and the customers lost to competitors.

Every function is pure: tables in, a table or a number out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "FOUR_ELEMENTS",
    "crm_elements",
    "customer_revenue",
    "top_share",
    "revenue_concentration",
    "concentration_curve",
    "rfm_table",
    "rfm_scores",
    "segment_rules",
    "rfm_segments",
    "segment_summary",
    "segment_grid",
    "segment_survey_profile",
    "value_tiers",
    "service_need",
    "value_service_quadrants",
    "quadrant_offers",
    "group_profile",
    "kmeans_segments",
    "choose_k",
    "describe_clusters",
    "cluster_vs_segment",
    "defection_reasons",
    "lost_customers",
    "segment_mix",
]


def _check_fraction(value: object, name: str, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CRMDataError(f"{name} should be a number between 0 and 1, but got {value!r}. "
                           f"Pass a fraction such as 0.2 for 20%.")
    value = float(value)
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1) or np.isnan(value):
        raise CRMDataError(f"{name} should be a fraction between 0 and 1, but got {value!r}. "
                           f"Pass for example 0.2 for 20% (not 20).")
    return value


def customer_revenue(orders: pd.DataFrame) -> pd.Series:
    """Total revenue of each customer, largest first.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id and revenue (EUR), one row per order.

    Returns
    -------
    Series named revenue, indexed by customer_id, sorted from the largest to the smallest
    (ties by customer_id).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 1], "revenue": [10.0, 5.0, 20.0]})
    >>> customer_revenue(orders).tolist()
    [30.0, 5.0]
    """
    orders = require_columns(orders, "orders", ["customer_id", "revenue"])
    require_not_empty(orders, "orders")
    revenue = require_numeric(orders, "orders", "revenue")
    if orders["customer_id"].isna().any():
        raise CRMDataError("orders.customer_id has missing values. Drop those rows first "
                           "(for example with .dropna(subset=['customer_id'])).")
    total = revenue.groupby(orders["customer_id"].to_numpy()).sum()
    total.index.name = "customer_id"
    total.name = "revenue"
    order = np.lexsort((total.index.to_numpy(), -total.to_numpy()))
    return total.iloc[order]


def _customer_values(values: object, table: str = "values") -> pd.Series:
    """A Series of one number per customer, checked: numbers, no missing values, not empty."""
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if not isinstance(values, pd.Series):
        raise CRMDataError(f"{table} should be a pandas Series with one value per customer "
                           f"(indexed by customer_id), but got {type(values).__name__}. "
                           f"Pass for example customer_revenue(store.orders).")
    if len(values) == 0:
        raise CRMDataError(f"{table} is empty, so there is nothing to compute. "
                           f"Pass one value per customer, e.g. customer_revenue(store.orders).")
    v = require_numeric(values.to_frame("value"), table, "value")
    return _finite(v, table, "value")


def _finite(s: pd.Series, table: str, column: str) -> pd.Series:
    if not np.isfinite(s.to_numpy(dtype=float)).all():
        raise CRMDataError(f"{table}.{column} holds infinite values. Remove or correct those "
                           f"rows before computing.")
    return s


def top_share(values: pd.Series, top: float = 0.2) -> float:
    """Share of the total held by the top `top` fraction of customers (ranked by `values`).

    The top ``ceil(top * n)`` customers count (at least one).

    Parameters
    ----------
    values : Series
        One number per customer (revenue or profit, EUR), e.g. ``customer_revenue(orders)``.
    top : float
        Fraction of customers (0-1], default 0.2.

    Examples
    --------
    >>> top_share(pd.Series([60.0, 10.0, 10.0, 10.0, 10.0]), top=0.2)
    0.6
    """
    top = _check_fraction(top, "top")
    v = _customer_values(values)
    total = float(v.sum())
    if total <= 0:
        raise CRMDataError("values sum to zero or less, so no share can be computed. "
                           "Pass positive revenue or profit per customer.")
    ordered = np.sort(v.to_numpy())[::-1]
    n_top = max(1, int(np.ceil(round(top * len(ordered), 9))))
    return float(ordered[:n_top].sum() / total)


def revenue_concentration(orders: pd.DataFrame, top: float = 0.2) -> float:
    """Share of all revenue that comes from the top `top` fraction of customers by revenue.

    Customers are ranked by their total revenue; the top ``ceil(top * n)`` customers are taken
    (at least one), so with 10 customers and ``top=0.2`` the best two count.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id and revenue (EUR), one row per order.
    top : float
        Fraction of customers (0-1], default 0.2 for the top 20%.

    Returns
    -------
    float between 0 and 1.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
    ...                        "revenue": [60.0, 10.0, 10.0, 10.0, 10.0]})
    >>> revenue_concentration(orders, top=0.2)
    0.6
    """
    top = _check_fraction(top, "top")
    revenue = customer_revenue(orders)
    if float(revenue.sum()) <= 0:
        raise CRMDataError("orders.revenue sums to zero or less, so no share can be computed. "
                           "Pass orders with positive revenue.")
    return top_share(revenue, top)


# --------------------------------------------------------------------------------------------
# The four elements of CRM
# --------------------------------------------------------------------------------------------

FOUR_ELEMENTS = ["identification", "attraction", "retention", "development"]


def crm_elements() -> pd.DataFrame:
    """The four elements of CRM in the order a relationship goes through them, with the
    question each answers, typical tools and the lesson of the course that covers it.

    Examples
    --------
    >>> crm_elements()["element"].tolist()
    ['identification', 'attraction', 'retention', 'development']
    """
    return pd.DataFrame({
        "element": FOUR_ELEMENTS,
        "question": [
            "Who are our customers, and which of them matter most?",
            "How do we win the people who look like our best customers?",
            "How do we keep the customers we have, and keep them satisfied?",
            "How do we make each relationship grow: more categories, more value?",
        ],
        "tools": [
            "segmentation, market research, target-group analysis",
            "targeted campaigns, offers, referral programs",
            "loyalty programs, service recovery, one-to-one contact",
            "cross-selling, up-selling, customer lifetime value",
        ],
        "lesson": ["02", "03", "04", "05"],
    })


# --------------------------------------------------------------------------------------------
# Concentration: how unequal customers are
# --------------------------------------------------------------------------------------------

def concentration_curve(values: pd.Series) -> pd.DataFrame:
    """The Pareto (concentration) curve: customers ranked from the most to the least valuable,
    with the cumulative share of customers and of the total they account for.

    Parameters
    ----------
    values : Series
        One number per customer (revenue or profit, EUR), e.g. ``customer_revenue(orders)``.

    Returns
    -------
    DataFrame with columns customer_share (0-1) and value_share (0-1), starting at (0, 0) and
    ending at (1, 1), one row per customer plus the origin.

    Examples
    --------
    >>> concentration_curve(pd.Series([60.0, 10.0, 30.0]))["value_share"].round(2).tolist()
    [0.0, 0.6, 0.9, 1.0]
    """
    v = _customer_values(values)
    total = float(v.sum())
    if total <= 0:
        raise CRMDataError("values sum to zero or less, so no curve can be drawn. "
                           "Pass positive revenue or profit per customer.")
    ordered = np.sort(v.to_numpy())[::-1]
    n = len(ordered)
    return pd.DataFrame({
        "customer_share": np.arange(n + 1) / n,
        "value_share": np.concatenate([[0.0], np.cumsum(ordered) / total]),
    })


# --------------------------------------------------------------------------------------------
# RFM: recency, frequency, monetary value
# --------------------------------------------------------------------------------------------

RFM_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary"]


def rfm_table(orders: pd.DataFrame, as_of: object = None) -> pd.DataFrame:
    """Recency, frequency and monetary value of every customer who ordered.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id, order_date and revenue (EUR).
    as_of : date-like, optional
        "Today" for recency, e.g. ``store.end_date``; default the last order date in `orders`.
        Orders after `as_of` are left out (the table describes what was known on that day).

    Returns
    -------
    DataFrame sorted by customer_id with columns customer_id, recency_days (days since the last
    order), frequency (number of orders), monetary (total revenue, EUR), last_order_date.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [20.0, 30.0, 5.0],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> rfm_table(orders, as_of="2024-03-31")[["recency_days", "frequency", "monetary"]].values.tolist()
    [[30.0, 2.0, 50.0], [59.0, 1.0, 5.0]]
    """
    orders = require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    require_not_empty(orders, "orders")
    dates = require_dates(orders, "orders", "order_date")
    revenue = require_numeric(orders, "orders", "revenue")
    if orders["customer_id"].isna().any():
        raise CRMDataError("orders.customer_id has missing values. Drop those rows first "
                           "(for example with .dropna(subset=['customer_id'])).")
    if as_of is None:
        today = dates.max()
    else:
        try:
            today = pd.Timestamp(as_of)
        except (TypeError, ValueError) as exc:
            raise CRMDataError(f"as_of should be a date such as store.end_date or "
                               f"'2024-12-31', but got {as_of!r}.") from exc
        if pd.isna(today):
            raise CRMDataError("as_of is missing; pass a date such as store.end_date.")
    keep = (dates <= today).to_numpy()
    if not keep.any():
        raise CRMDataError(f"orders has no order on or before as_of={today.date()}, so there is "
                           f"nothing to score. Pass a later as_of, e.g. store.end_date.")
    frame = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy()[keep],
                          "order_date": dates.to_numpy()[keep],
                          "revenue": revenue.to_numpy()[keep]})
    out = frame.groupby("customer_id", sort=True).agg(
        last_order_date=("order_date", "max"), frequency=("order_date", "size"),
        monetary=("revenue", "sum")).reset_index()
    out["recency_days"] = ((today - out["last_order_date"]).dt.days).astype(float)
    out["frequency"] = out["frequency"].astype(int)
    out["customer_id"] = out["customer_id"].astype("int64")
    return out[RFM_COLUMNS + ["last_order_date"]]


def _require_rfm(rfm: object, table: str = "rfm") -> pd.DataFrame:
    rfm = require_columns(rfm, table, ["customer_id", "recency_days", "frequency", "monetary"])
    require_not_empty(rfm, table)
    for col in ("recency_days", "frequency", "monetary"):
        _finite(require_numeric(rfm, table, col, min_value=0), table, col)
    return rfm


def _quantile_scores(values: np.ndarray, tiebreak: np.ndarray, ids: np.ndarray, bins: int,
                     high_is_good: bool) -> np.ndarray:
    """Scores 1..bins from equal-sized groups of the rank; ties broken by `tiebreak` (higher
    ranks higher), then by customer_id."""
    n = len(values)
    key = values if high_is_good else -values
    order = np.lexsort((ids, tiebreak, key))  # ascending: worst first
    rank = np.empty(n, dtype=float)
    rank[order] = np.arange(n)
    return (np.floor(rank * bins / n) + 1).astype(int)


def _edge_scores(values: np.ndarray, edges: object, name: str, high_is_good: bool) -> np.ndarray:
    try:
        e = np.asarray(edges, dtype=float)
    except (TypeError, ValueError) as exc:
        raise CRMDataError(f"{name} should be a list of numbers, but got {edges!r}.") from exc
    if e.ndim != 1 or len(e) < 1 or np.isnan(e).any() or (np.diff(e) <= 0).any():
        raise CRMDataError(f"{name} should be increasing numbers such as [30, 60, 90, 180], "
                           f"but got {edges!r}.")
    # number of edges strictly below the value: 0 .. len(e)
    step = np.searchsorted(e, values, side="left")
    return (len(e) + 1 - step) if not high_is_good else (step + 1)


def rfm_scores(rfm: pd.DataFrame, bins: int = 5, recency_edges: object = None,
               frequency_edges: object = None, monetary_edges: object = None) -> pd.DataFrame:
    """Add r_score, f_score and m_score (1 = worst, `bins` = best) to an RFM table.

    By default each score splits customers into `bins` equal groups (quintiles for 5) by rank.
    Customers with the same value are ordered by the next measure (spend for frequency and
    recency, number of orders for spend), then by customer_id, so every group has the same
    size and the result does not depend on row order. Recent customers get high recency scores.
    Passing edges (increasing cut points) scores by fixed thresholds instead: a recency of at
    most the first edge scores ``len(edges) + 1``, and so on.

    Parameters
    ----------
    rfm : DataFrame from :func:`rfm_table`.
    bins : int
        Number of score levels for quantile scoring, 2-10 (default 5).
    recency_edges, frequency_edges, monetary_edges : list of numbers, optional
        Fixed thresholds (days, orders, EUR) replacing the quantile scores of that column.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency_days": [5, 50, 20, 300, 90],
    ...                     "frequency": [9, 1, 4, 1, 2], "monetary": [500, 20, 90, 15, 60]})
    >>> rfm_scores(rfm)[["r_score", "f_score", "m_score"]].values.tolist()[0]
    [5, 5, 5]
    """
    rfm = _require_rfm(rfm)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 10:
        raise CRMDataError(f"bins should be a whole number from 2 to 10 (5 gives quintiles), "
                           f"but got {bins!r}.")
    ids = rfm["customer_id"].to_numpy()
    out = rfm.copy()
    specs = [("r_score", "recency_days", "monetary", recency_edges, False),
             ("f_score", "frequency", "monetary", frequency_edges, True),
             ("m_score", "monetary", "frequency", monetary_edges, True)]
    for score, col, tie, edges, good in specs:
        values = rfm[col].to_numpy(dtype=float)
        if edges is None:
            out[score] = _quantile_scores(values, rfm[tie].to_numpy(dtype=float), ids,
                                          int(bins), good)
        else:
            out[score] = _edge_scores(values, edges, f"{col.split('_')[0]}_edges", good)
    return out


# The rule table: first matching row wins; together the rows cover the whole 5 x 5 grid of
# recency score (R) against the frequency-and-money score (FM).
_RULES = [
    ("champions", 4, 5, 4, 5, "bought recently, buy often and spend the most",
     "reward and recognise them; ask for reviews and referrals; early access to new products"),
    ("potential loyalists", 4, 5, 2, 3, "recent customers with a few orders of middling value",
     "loyalty-program invitation, a reason to come back soon, personal recommendations"),
    ("new", 4, 5, 1, 1, "first or only order, placed recently",
     "a warm welcome series, help with the first use, a second-order incentive"),
    ("loyal", 3, 3, 3, 5, "good, regular customers whose last order is a little while ago",
     "keep in touch, thank them, suggest the next purchase before they drift"),
    ("can't lose them", 1, 1, 4, 5, "used to buy often and a lot, but have not been back for long",
     "personal contact (a call, not a mass e-mail); find out what went wrong; a strong offer"),
    ("at risk", 1, 2, 3, 5, "were good customers, now slipping away",
     "reactivation campaign with a relevant offer; ask for feedback"),
    ("hibernating", 2, 3, 1, 2, "few small orders, none for a while",
     "low-cost reminders; seasonal offers; do not spend much"),
    ("lost", 1, 1, 1, 2, "few small orders, long ago",
     "leave them to cheap automated campaigns, or let them go"),
]
SEGMENTS = [r[0] for r in _RULES]


def segment_rules() -> pd.DataFrame:
    """The documented rule table that names RFM segments.

    Each row gives a segment, the range of recency score (r_min-r_max) and of the combined
    frequency-and-money score (fm_min-fm_max, the rounded weighted mean of f_score and
    m_score), who those customers are, and what to do with them. The first matching row wins;
    together the rows cover every cell of the 5 x 5 grid.

    Examples
    --------
    >>> segment_rules()["segment"].tolist()[:3]
    ['champions', 'potential loyalists', 'new']
    """
    return pd.DataFrame(_RULES, columns=["segment", "r_min", "r_max", "fm_min", "fm_max",
                                         "who", "what_to_do"])


def _check_weight(weight: object, name: str) -> float:
    if isinstance(weight, bool) or not isinstance(weight, (int, float, np.integer, np.floating)):
        raise CRMDataError(f"{name} should be a number between 0 and 1, but got {weight!r}.")
    w = float(weight)
    if not 0 <= w <= 1:
        raise CRMDataError(f"{name} should be between 0 and 1 (0.5 weighs frequency and money "
                           f"equally), but got {weight!r}.")
    return w


def _fm_score(scores: pd.DataFrame, monetary_weight: float) -> np.ndarray:
    fm = (monetary_weight * scores["m_score"].to_numpy(dtype=float)
          + (1 - monetary_weight) * scores["f_score"].to_numpy(dtype=float))
    return np.floor(fm + 0.5).astype(int)


def rfm_segments(scores: pd.DataFrame, monetary_weight: float = 0.5) -> pd.Series:
    """Name each customer's segment from their RFM scores with :func:`segment_rules`.

    Parameters
    ----------
    scores : DataFrame from :func:`rfm_scores` with 5 score levels (r_score, f_score, m_score).
    monetary_weight : float
        Weight of m_score in the combined FM score (0-1, default 0.5; 1 uses money only).

    Returns
    -------
    Series named segment (ordered categorical, in the order of the rule table), aligned with
    `scores`.

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "m_score": [4, 2]})
    >>> rfm_segments(scores).tolist()
    ['champions', 'lost']
    """
    scores = require_columns(scores, "scores", ["r_score", "f_score", "m_score"])
    require_not_empty(scores, "scores")
    for col in ("r_score", "f_score", "m_score"):
        s = require_numeric(scores, "scores", col)
        if ((s < 1) | (s > 5) | (s != np.floor(s))).any():
            raise CRMDataError(f"scores.{col} should hold whole scores from 1 to 5, but has "
                               f"{s[(s < 1) | (s > 5) | (s != np.floor(s))].iloc[0]!r}. "
                               f"Score with rfm_scores(rfm, bins=5).")
    w = _check_weight(monetary_weight, "monetary_weight")
    r = scores["r_score"].to_numpy(dtype=int)
    fm = _fm_score(scores, w)
    conditions = [(r >= r0) & (r <= r1) & (fm >= f0) & (fm <= f1)
                  for _, r0, r1, f0, f1, *_ in _RULES]
    labels = np.select(conditions, SEGMENTS, default="lost")
    return pd.Series(pd.Categorical(labels, categories=SEGMENTS, ordered=True),
                     index=scores.index, name="segment")


def segment_summary(table: pd.DataFrame, by: str = "segment", value: str = "monetary",
                    label: str = "revenue") -> pd.DataFrame:
    """Size and value of each group: customers, their share, value, its share, value per
    customer.

    Parameters
    ----------
    table : DataFrame
        One row per customer, with the grouping column `by` and the value column `value`.
    by : str
        Grouping column (default "segment").
    value : str
        Column to sum (default "monetary", revenue in EUR).
    label : str
        What the value is, used in the output's column names (default "revenue"; "profit"
        gives profit, profit_share, profit_per_customer).

    Returns
    -------
    DataFrame with columns `by`, customers, customer_share, revenue, revenue_share,
    revenue_per_customer (named after `label`; empty groups of a categorical are kept with
    zeros), in the order of the groups.

    Examples
    --------
    >>> t = pd.DataFrame({"segment": ["a", "a", "b"], "monetary": [10.0, 30.0, 60.0]})
    >>> segment_summary(t)["revenue_share"].tolist()
    [0.4, 0.6]
    """
    table = require_columns(table, "table", [by, value])
    require_not_empty(table, "table")
    v = require_numeric(table, "table", value)
    if table[by].isna().any():
        raise CRMDataError(f"table.{by} has missing values; give every customer a group first.")
    grouped = v.groupby(table[by], observed=False, sort=True)
    out = pd.DataFrame({"customers": grouped.size(), "revenue": grouped.sum()})
    out.index.name = by
    out = out.reset_index()
    out["customers"] = out["customers"].astype(int)
    out["customer_share"] = out["customers"] / out["customers"].sum()
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total else 0.0
    out["revenue_per_customer"] = (out["revenue"] / out["customers"].where(out["customers"] > 0)
                                   ).fillna(0.0)
    out = out[[by, "customers", "customer_share", "revenue", "revenue_share",
               "revenue_per_customer"]]
    if label != "revenue":
        out = out.rename(columns={"revenue": label, "revenue_share": f"{label}_share",
                                  "revenue_per_customer": f"{label}_per_customer"})
    return out


def segment_grid(scores: pd.DataFrame, monetary_weight: float = 0.5) -> pd.DataFrame:
    """Customers in each cell of the recency score x frequency-and-money score grid, with the
    segment the cell belongs to: the table behind the segment map chart.

    Returns
    -------
    DataFrame with 25 rows: r_score, fm_score (1-5), segment, customers.

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 5, 1], "f_score": [5, 4, 1], "m_score": [5, 4, 1]})
    >>> g = segment_grid(scores)
    >>> int(g.loc[(g.r_score == 5) & (g.fm_score == 5), "customers"].iloc[0])
    1
    """
    rfm_segments(scores, monetary_weight)  # checks the scores and the weight
    w = _check_weight(monetary_weight, "monetary_weight")
    r = scores["r_score"].to_numpy(dtype=int)
    fm = _fm_score(scores, w)
    counts = pd.Series(1, index=pd.MultiIndex.from_arrays([r, fm])).groupby(level=[0, 1]).sum()
    rr, ff = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
    grid = pd.DataFrame({"r_score": rr.ravel(), "fm_score": ff.ravel(),
                         "f_score": ff.ravel(), "m_score": ff.ravel()})
    grid["segment"] = rfm_segments(grid).to_numpy()
    idx = pd.MultiIndex.from_arrays([grid["r_score"], grid["fm_score"]])
    grid["customers"] = counts.reindex(idx).fillna(0).astype(int).to_numpy()
    return grid[["r_score", "fm_score", "segment", "customers"]]


def segment_survey_profile(segments: pd.Series, surveys: pd.DataFrame) -> pd.DataFrame:
    """What each segment says about itself in surveys (qualitative data beside the orders).

    Parameters
    ----------
    segments : Series of segment names indexed by customer_id.
    surveys : DataFrame with customer_id, recommend (0-10), perceived and expectation (1-7)
        and monthly_category_spend (EUR); each customer's latest answer counts once.

    Returns
    -------
    DataFrame indexed by segment with responses, mean_recommend, share_promoters (recommend 9
    or 10), mean_gap (perceived minus expected) and mean_category_spend (EUR a month).

    Examples
    --------
    >>> seg = pd.Series(["a", "b"], index=pd.Index([1, 2], name="customer_id"))
    >>> sv = pd.DataFrame({"customer_id": [1, 2], "recommend": [10, 4], "perceived": [6, 3],
    ...                    "expectation": [5, 5], "monthly_category_spend": [40.0, 10.0]})
    >>> segment_survey_profile(seg, sv)["share_promoters"].tolist()
    [1.0, 0.0]
    """
    if not isinstance(segments, pd.Series):
        raise CRMDataError("segments should be a Series of segment names indexed by "
                           "customer_id, e.g. rfm.set_index('customer_id')['segment'].")
    cols = ["customer_id", "recommend", "perceived", "expectation", "monthly_category_spend"]
    surveys = require_columns(surveys, "surveys", cols)
    require_not_empty(surveys, "surveys")
    if "survey_date" in surveys.columns:
        dates = require_dates(surveys, "surveys", "survey_date")
        surveys = surveys.assign(survey_date=dates).sort_values("survey_date", kind="stable")
    latest = surveys.drop_duplicates("customer_id", keep="last")
    data = pd.DataFrame({c: require_numeric(latest, "surveys", c, allow_nan=True)
                         for c in cols[1:]})
    data["segment"] = latest["customer_id"].map(segments).to_numpy()
    data = data.dropna(subset=["segment"])
    if isinstance(segments.dtype, pd.CategoricalDtype):
        data["segment"] = pd.Categorical(data["segment"], categories=segments.cat.categories,
                                         ordered=segments.cat.ordered)
    g = data.groupby("segment", observed=True, sort=True)
    out = pd.DataFrame({
        "responses": g.size(),
        "mean_recommend": g["recommend"].mean(),
        "share_promoters": (data["recommend"] >= 9).astype(float).groupby(
            data["segment"], observed=True).mean(),
        "mean_gap": (data["perceived"] - data["expectation"]).groupby(data["segment"],
                                                                       observed=True).mean(),
        "mean_category_spend": g["monthly_category_spend"].mean(),
    })
    return out


# --------------------------------------------------------------------------------------------
# Value tiers and the value x service grid
# --------------------------------------------------------------------------------------------

TIERS = ["gold", "silver", "bronze"]


def value_tiers(values: pd.Series, gold: float = 0.2, silver: float = 0.3,
                labels: tuple[str, str, str] = ("gold", "silver", "bronze")) -> pd.Series:
    """Put each customer in a value tier: the top `gold` fraction by value is gold, the next
    `silver` fraction silver, the rest bronze (ties broken by customer id).

    Parameters
    ----------
    values : Series of revenue or profit (EUR) indexed by customer_id.
    gold, silver : float
        Fractions of customers in the first two tiers (default 0.2 and 0.3).
    labels : three names, best first.

    Returns
    -------
    Series named tier (ordered categorical, best first) with the index of `values`.

    Examples
    --------
    >>> value_tiers(pd.Series([5.0, 50.0, 20.0, 1.0, 9.0], index=[1, 2, 3, 4, 5])).tolist()
    ['bronze', 'gold', 'silver', 'bronze', 'silver']
    """
    v = _customer_values(values)
    gold = _check_fraction(gold, "gold")
    silver = _check_fraction(silver, "silver", allow_zero=True)
    if gold + silver > 1 + 1e-12:
        raise CRMDataError(f"gold + silver should be at most 1 (the rest is bronze), but is "
                           f"{gold + silver:.2f}. Lower one of them.")
    if len(labels) != 3:
        raise CRMDataError("labels should be three tier names, best first, "
                           "e.g. ('gold', 'silver', 'bronze').")
    n = len(v)
    idx = np.arange(n)
    order = np.lexsort((idx, -v.to_numpy()))  # best first, ties by position
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    n_gold = max(1, int(np.ceil(round(gold * n, 9))))
    n_silver = int(np.ceil(round((gold + silver) * n, 9))) - n_gold
    codes = np.where(rank < n_gold, 0, np.where(rank < n_gold + n_silver, 1, 2))
    cat = pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
    return pd.Series(cat, index=values.index, name="tier")


def service_need(orders: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    """How much service each ordering customer needs: tickets and handling cost per order.

    Returns
    -------
    DataFrame sorted by customer_id with customer_id, orders, revenue (EUR), tickets,
    service_cost (EUR), tickets_per_order, service_cost_per_order (EUR). Customers without
    tickets get zeros.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [10.0, 10.0, 30.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1], "handling_cost": [6.0]})
    >>> service_need(orders, tickets)["service_cost_per_order"].tolist()
    [3.0, 0.0]
    """
    orders = require_columns(orders, "orders", ["customer_id", "revenue"])
    require_not_empty(orders, "orders")
    tickets = require_columns(tickets, "tickets", ["customer_id", "handling_cost"])
    revenue = require_numeric(orders, "orders", "revenue")
    cost = require_numeric(tickets, "tickets", "handling_cost", min_value=0)
    per = revenue.groupby(orders["customer_id"].to_numpy()).agg(["size", "sum"])
    per.columns = ["orders", "revenue"]
    t = cost.groupby(tickets["customer_id"].to_numpy()).agg(["size", "sum"])
    t.columns = ["tickets", "service_cost"]
    out = per.join(t, how="left").fillna({"tickets": 0, "service_cost": 0.0})
    out.index.name = "customer_id"
    out = out.reset_index()
    out["customer_id"] = out["customer_id"].astype("int64")
    out["tickets"] = out["tickets"].astype(int)
    out["tickets_per_order"] = out["tickets"] / out["orders"]
    out["service_cost_per_order"] = out["service_cost"] / out["orders"]
    return out


_QUADRANTS = [
    ("high value, high need", True, True,
     "worth the best service",
     "dedicated service: a named contact, priority handling, premium offers"),
    ("high value, low need", True, False,
     "bring a lot and ask for little",
     "reliability, recognition and thanks; do not bother them with extra service"),
    ("low value, high need", False, True,
     "want a premium service their spending does not pay for",
     "self-service and standard offers; charge for extras; steer to low-cost channels"),
    ("low value, low need", False, False,
     "cheap to serve and may grow",
     "nurture them: suggestions of what to buy next, bundles, loyalty invitations"),
]
QUADRANTS = [q[0] for q in _QUADRANTS]


def quadrant_offers() -> pd.DataFrame:
    """The four cells of customer value against service need, with what to offer each.

    Examples
    --------
    >>> quadrant_offers()["quadrant"].tolist()[0]
    'high value, high need'
    """
    return pd.DataFrame([(q, hv, hn, who, offer) for q, hv, hn, who, offer in _QUADRANTS],
                        columns=["quadrant", "high_value", "high_need", "who", "offer"])


def value_service_quadrants(orders: pd.DataFrame, tickets: pd.DataFrame, top: float = 0.2,
                            need_threshold: float | None = None) -> pd.DataFrame:
    """Place every ordering customer in the 2 x 2 of value against service need.

    High value means the top `top` fraction of customers by revenue; high need means a service
    cost per order above `need_threshold` (default: the average over all customers' orders,
    total handling cost / total orders).

    Returns
    -------
    The :func:`service_need` table plus high_value, high_need (bool) and quadrant (ordered
    categorical, as in :func:`quadrant_offers`).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
    ...                        "revenue": [100.0, 90.0, 10.0, 5.0, 8.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1, 4], "handling_cost": [20.0, 15.0]})
    >>> value_service_quadrants(orders, tickets, top=0.4)["quadrant"].tolist()[:2]
    ['high value, high need', 'high value, low need']
    """
    need = service_need(orders, tickets)
    top = _check_fraction(top, "top")
    if need_threshold is None:
        threshold = float(need["service_cost"].sum() / need["orders"].sum())
    else:
        if isinstance(need_threshold, bool) or not isinstance(
                need_threshold, (int, float, np.integer, np.floating)) or need_threshold < 0:
            raise CRMDataError(f"need_threshold should be a service cost per order in EUR "
                               f"(0 or more), but got {need_threshold!r}.")
        threshold = float(need_threshold)
    tiers = value_tiers(need.set_index("customer_id")["revenue"], gold=top, silver=0.0,
                        labels=("high", "mid", "low"))
    need["high_value"] = (tiers == "high").to_numpy()
    need["high_need"] = (need["service_cost_per_order"] > threshold).to_numpy()
    hv, hn = need["high_value"].to_numpy(), need["high_need"].to_numpy()
    labels = np.where(hv & hn, QUADRANTS[0], np.where(hv, QUADRANTS[1],
                      np.where(hn, QUADRANTS[2], QUADRANTS[3])))
    need["quadrant"] = pd.Categorical(labels, categories=QUADRANTS, ordered=True)
    return need


# --------------------------------------------------------------------------------------------
# Profiles of profitable groups
# --------------------------------------------------------------------------------------------

def group_profile(customers: pd.DataFrame, in_group: pd.Series,
                  attributes: tuple[str, ...] | list[str] = ("channel", "region", "age_band"),
                  ) -> pd.DataFrame:
    """Compare a group of customers (e.g. the gold tier) with all customers, attribute by
    attribute: each level's share in the group, its share overall, and an index
    (100 = as common in the group as overall; 150 = half as common again).

    Parameters
    ----------
    customers : DataFrame with customer_id and the attribute columns.
    in_group : Series of bool indexed by customer_id (True = in the group); customers missing
        from it count as outside the group.
    attributes : columns of `customers` to profile.

    Returns
    -------
    DataFrame with attribute, level, group_customers, group_share, all_share, index; sorted by
    attribute (in the order given) then level.

    Examples
    --------
    >>> cust = pd.DataFrame({"customer_id": [1, 2, 3, 4], "channel": ["a", "a", "b", "b"]})
    >>> top = pd.Series([True, True, False, False], index=[1, 2, 3, 4])
    >>> group_profile(cust, top, ["channel"])["index"].tolist()
    [200.0, 0.0]
    """
    attributes = list(attributes)
    customers = require_columns(customers, "customers", ["customer_id", *attributes])
    require_not_empty(customers, "customers")
    if not isinstance(in_group, pd.Series) or not (
            pd.api.types.is_bool_dtype(in_group) or in_group.dtype == object):
        raise CRMDataError("in_group should be a Series of True/False indexed by customer_id, "
                           "e.g. tiers == 'gold'.")
    flag = customers["customer_id"].map(in_group).fillna(False).astype(bool).to_numpy()
    if not flag.any():
        raise CRMDataError("in_group marks none of the customers, so the group has no profile. "
                           "Check that its index holds customer ids.")
    parts = []
    for attr in attributes:
        col = customers[attr]
        all_counts = col.value_counts(sort=False, dropna=True)
        grp_counts = col[flag].value_counts(sort=False, dropna=True).reindex(all_counts.index,
                                                                               fill_value=0)
        part = pd.DataFrame({"attribute": attr, "level": all_counts.index.astype(str),
                             "group_customers": grp_counts.to_numpy().astype(int),
                             "group_share": (grp_counts / grp_counts.sum()).to_numpy(),
                             "all_share": (all_counts / all_counts.sum()).to_numpy()})
        parts.append(part.sort_values("level", kind="stable"))
    out = pd.concat(parts, ignore_index=True)
    out["index"] = (100 * out["group_share"] / out["all_share"]).round(1)
    return out


# --------------------------------------------------------------------------------------------
# k-means on standardised RFM
# --------------------------------------------------------------------------------------------

def _rfm_features(rfm: pd.DataFrame, log: bool) -> np.ndarray:
    rfm = _require_rfm(rfm)
    x = rfm[["recency_days", "frequency", "monetary"]].to_numpy(dtype=float)
    if log:
        x = np.log1p(x)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0
    return (x - x.mean(axis=0)) / sd


def _check_k(k: object, n: int, name: str = "k") -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise CRMDataError(f"{name} should hold whole numbers of clusters, 2 or more, but got "
                           f"{k!r}.")
    if k > n:
        raise CRMDataError(f"{name}: k={k} is more clusters than the customers in rfm ({n}); "
                           f"choose a smaller k or pass more customers.")
    return int(k)


def _check_int(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise CRMDataError(f"{name} should be a whole number of at least {minimum}, but got "
                           f"{value!r}.")
    return int(value)


def kmeans_segments(rfm: pd.DataFrame, k: int = 4, random_state: int = 0, n_init: int = 3,
                    log: bool = True) -> pd.Series:
    """Cluster customers with k-means on standardised recency, frequency and monetary value.

    Each column is log-transformed (``log=True``: spending and order counts are very skewed,
    a few big customers would otherwise form clusters of their own) and standardised to mean 0
    and standard deviation 1, so days, orders and euros weigh the same. Clusters are numbered
    from the highest average spend (0) to the lowest, so the numbers mean the same from run to
    run.

    Returns
    -------
    Series named cluster (int) aligned with `rfm`.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4], "recency_days": [1, 2, 300, 310],
    ...                     "frequency": [9, 8, 1, 1], "monetary": [900, 800, 10, 12]})
    >>> kmeans_segments(rfm, k=2).tolist()
    [0, 0, 1, 1]
    """
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    x = _rfm_features(rfm, log)
    k = _check_k(k, len(x))
    random_state = _check_int(random_state, "random_state", 0)
    n_init = _check_int(n_init, "n_init", 1)
    with threadpool_limits(1):  # a few thousand rows: one thread is several times faster
        model = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit(x)
    labels = model.labels_
    spend = pd.Series(rfm["monetary"].to_numpy(dtype=float)).groupby(labels).mean()
    rank = spend.rank(ascending=False, method="first").astype(int) - 1
    return pd.Series(rank.reindex(labels).to_numpy(), index=rfm.index, name="cluster")


def choose_k(rfm: pd.DataFrame, ks: object = range(2, 9), random_state: int = 0,
             n_init: int = 3, sample_size: int = 1000, log: bool = True) -> pd.DataFrame:
    """Inertia and silhouette of k-means for each number of clusters in `ks`.

    Inertia (within-cluster sum of squares) always falls as k grows: look for the elbow where
    it stops falling fast. The silhouette (-1 to 1) is highest where clusters are compact and
    well apart; it is computed on a fixed random sample of `sample_size` customers for speed.

    Returns
    -------
    DataFrame with k, inertia, silhouette.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": range(6), "recency_days": [1, 2, 3, 300, 301, 302],
    ...                     "frequency": [9, 8, 9, 1, 1, 2], "monetary": [900, 800, 850, 10, 12, 11]})
    >>> int(choose_k(rfm, ks=[2, 3]).sort_values("silhouette").iloc[-1]["k"])
    2
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    x = _rfm_features(rfm, log)
    try:
        ks = [int(_check_k(k, len(x), "ks")) for k in ks]
    except TypeError as exc:
        raise CRMDataError(f"ks should be a list of cluster counts such as range(2, 9), "
                           f"but got {ks!r}.") from exc
    if not ks:
        raise CRMDataError("ks is empty; pass cluster counts such as range(2, 9).")
    random_state = _check_int(random_state, "random_state", 0)
    n_init = _check_int(n_init, "n_init", 1)
    sample_size = _check_int(sample_size, "sample_size", 2)
    rows = []
    with threadpool_limits(1):  # a few thousand rows: one thread is several times faster
        for k in ks:
            model = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit(x)
            if len(set(model.labels_)) > 1 and len(x) > k:
                sil = silhouette_score(x, model.labels_, sample_size=min(sample_size, len(x)),
                                       random_state=random_state)
            else:
                sil = float("nan")
            rows.append((k, float(model.inertia_), float(sil)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"])


def describe_clusters(rfm: pd.DataFrame, labels: pd.Series,
                      segments: pd.Series | None = None) -> pd.DataFrame:
    """Describe each cluster in marketing words.

    For each cluster: its size and share of customers and revenue, median recency, frequency
    and spend, and a description built from how its medians compare with all customers
    ("bought recently" / "lapsing" / "long gone"; "frequent" / "occasional" / "one-off";
    "big" / "middling" / "small spenders"). With `segments`, also the rule-based segment most
    of its customers belong to.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4], "recency_days": [1, 2, 300, 310],
    ...                     "frequency": [9, 8, 1, 1], "monetary": [900, 800, 10, 12]})
    >>> describe_clusters(rfm, pd.Series([0, 0, 1, 1]))["description"].tolist()[0]
    'bought recently, frequent, big spenders'
    """
    rfm = _require_rfm(rfm)
    if not isinstance(labels, pd.Series) or len(labels) != len(rfm):
        raise CRMDataError("labels should be a Series with one cluster number per row of rfm, "
                           "e.g. kmeans_segments(rfm).")
    lab = labels.to_numpy()
    data = rfm[["recency_days", "frequency", "monetary"]].astype(float).reset_index(drop=True)
    data["cluster"] = lab
    g = data.groupby("cluster", sort=True)
    out = pd.DataFrame({
        "customers": g.size(),
        "recency_days": g["recency_days"].median(),
        "frequency": g["frequency"].median(),
        "monetary": g["monetary"].median(),
        "revenue": g["monetary"].sum(),
    })
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["revenue_share"] = out["revenue"] / out["revenue"].sum()

    def words(col: str, names: list[str], reverse: bool = False) -> np.ndarray:
        q1, q2 = data[col].quantile([1 / 3, 2 / 3]).to_numpy()
        v = out[col].to_numpy()
        low, mid, high = (names[::-1] if reverse else names)
        return np.where(v > q2, high, np.where(v > q1, mid, low))

    rec = words("recency_days", ["bought recently", "lapsing", "long gone"])
    freq = words("frequency", ["one-off", "occasional", "frequent"])
    freq = np.where((out["frequency"] <= 1).to_numpy(), "one-off", freq)
    spend = words("monetary", ["small spenders", "middling spenders", "big spenders"])
    out["description"] = [", ".join(t) for t in zip(rec, freq, spend, strict=True)]
    if segments is not None:
        if not isinstance(segments, pd.Series) or len(segments) != len(rfm):
            raise CRMDataError("segments should be a Series with one segment per row of rfm.")
        tab = pd.crosstab(lab, segments.to_numpy())
        out["main_segment"] = tab.idxmax(axis=1).reindex(out.index).astype(str)
    out.index.name = "cluster"
    return out.reset_index()


def cluster_vs_segment(labels: pd.Series, segments: pd.Series,
                       normalize: bool = False) -> pd.DataFrame:
    """Crosstab of k-means clusters (rows) against rule-based segments (columns).

    With ``normalize=True`` each row holds shares of the cluster (rows sum to 1).

    Examples
    --------
    >>> cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"])).values.tolist()
    [[1, 1], [0, 1]]
    """
    for name, s in (("labels", labels), ("segments", segments)):
        if not isinstance(s, pd.Series):
            raise CRMDataError(f"{name} should be a pandas Series, one value per customer.")
    if len(labels) != len(segments):
        raise CRMDataError(f"labels ({len(labels)} rows) and segments ({len(segments)} rows) "
                           f"should describe the same customers in the same order.")
    tab = pd.crosstab(pd.Series(labels.to_numpy(), name="cluster"),
                      pd.Series(segments.to_numpy(), name="segment"),
                      normalize="index" if normalize else False)
    if isinstance(segments.dtype, pd.CategoricalDtype):
        cats = [c for c in segments.cat.categories if c in tab.columns]
        tab = tab[cats]
    tab.columns = tab.columns.astype(str)
    tab.columns.name = "segment"
    return tab


# --------------------------------------------------------------------------------------------
# Customers lost to competitors
# --------------------------------------------------------------------------------------------

_REASONS = [
    ("lower price elsewhere", True, "a competitor was cheaper",
     "a personal price match or loyalty discount, for valuable customers only"),
    ("service failure", True, "we let them down (late delivery, unanswered complaint)",
     "apologise, fix the problem, show what changed, a goodwill gesture"),
    ("found something better", False, "a competitor's product suits them better",
     "only once the range has improved: tell them what is new"),
    ("moved away", False, "they now live where we do not deliver well",
     "nothing to fix; keep them on the newsletter if they agree"),
    ("no longer needed", False, "they stopped buying the category",
     "nothing to fix; let them go politely"),
]
FIXABLE_REASONS = [r[0] for r in _REASONS if r[1]]


def defection_reasons() -> pd.DataFrame:
    """The documented rule behind win-back: each defection reason, whether the company can fix
    it, what it means and what a win-back attempt would offer.

    Examples
    --------
    >>> defection_reasons().query("fixable")["reason"].tolist()
    ['lower price elsewhere', 'service failure']
    """
    return pd.DataFrame(_REASONS, columns=["reason", "fixable", "meaning", "win_back_offer"])


def lost_customers(defections: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   min_value: float | None = None) -> pd.DataFrame:
    """Who left, why, what they were worth, and which are worth winning back.

    A lost customer is worth winning back when both hold (the documented rule):
    their past revenue is at least `min_value` (default: the median revenue of all customers
    who ordered, so they were better than the typical customer), and their reason is one the
    company can fix (:func:`defection_reasons`: price or a service failure).

    Returns
    -------
    DataFrame sorted by revenue (largest first) with customer_id, defection_date, reason,
    channel, region, age_band, orders, revenue (EUR), fixable, worth_winning_back.

    Examples
    --------
    >>> d = pd.DataFrame({"customer_id": [1, 2], "reason": ["service failure", "moved away"],
    ...                   "defection_date": pd.to_datetime(["2024-05-01", "2024-06-01"])})
    >>> c = pd.DataFrame({"customer_id": [1, 2, 3], "channel": ["a", "b", "a"],
    ...                   "region": ["N", "S", "N"], "age_band": ["25-34", "35-44", "65+"]})
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2, 3], "revenue": [50.0, 40.0, 80.0, 5.0]})
    >>> lost_customers(d, c, o)["worth_winning_back"].tolist()
    [True, False]
    """
    defections = require_columns(defections, "defections",
                                 ["customer_id", "defection_date", "reason"])
    require_not_empty(defections, "defections")
    customers = require_columns(customers, "customers",
                                ["customer_id", "channel", "region", "age_band"])
    revenue = customer_revenue(orders)
    if min_value is None:
        threshold = float(revenue.median())
    elif isinstance(min_value, bool) or not isinstance(min_value, (int, float, np.integer,
                                                                   np.floating)):
        raise CRMDataError(f"min_value should be a revenue in EUR, but got {min_value!r}.")
    else:
        threshold = float(min_value)
    n_orders = orders.groupby("customer_id").size()
    out = defections[["customer_id", "defection_date", "reason"]].merge(
        customers[["customer_id", "channel", "region", "age_band"]], on="customer_id",
        how="left")
    out["orders"] = out["customer_id"].map(n_orders).fillna(0).astype(int).to_numpy()
    out["revenue"] = out["customer_id"].map(revenue).fillna(0.0).astype(float).to_numpy()
    out["fixable"] = out["reason"].astype(str).isin(FIXABLE_REASONS).to_numpy()
    out["worth_winning_back"] = out["fixable"] & (out["revenue"] >= threshold)
    out = out.sort_values(["revenue", "customer_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The explorer's pure function
# --------------------------------------------------------------------------------------------

def segment_mix(rfm: pd.DataFrame, recency_step: int | None = None,
                monetary_weight: float = 0.5) -> pd.DataFrame:
    """Segment sizes and revenue shares under a choice of recency bins and weights.

    Parameters
    ----------
    rfm : DataFrame from :func:`rfm_table`.
    recency_step : int, optional
        Width in days of each recency band: with 30, score 5 is "ordered within 30 days",
        4 within 60, 3 within 90, 2 within 120 and 1 longer ago. None (default) uses quintiles.
    monetary_weight : float
        Weight of the money score against the frequency score in the FM axis (0-1).

    Returns
    -------
    :func:`segment_summary` of the resulting segments (all eight, zeros kept).

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency_days": [5, 50, 20, 300, 90],
    ...                     "frequency": [9, 1, 4, 1, 2], "monetary": [500, 20, 90, 15, 60]})
    >>> segment_mix(rfm, recency_step=30).set_index("segment").loc["champions", "customers"]
    np.int64(2)
    """
    rfm = _require_rfm(rfm)
    edges = None
    if recency_step is not None:
        if isinstance(recency_step, bool) or not isinstance(
                recency_step, (int, float, np.integer, np.floating)) or recency_step <= 0:
            raise CRMDataError(f"recency_step should be a number of days above 0 (e.g. 30), "
                               f"but got {recency_step!r}.")
        edges = [float(recency_step) * i for i in range(1, 5)]
    scores = rfm_scores(rfm, recency_edges=edges)
    table = pd.DataFrame({"segment": rfm_segments(scores, monetary_weight),
                          "monetary": rfm["monetary"].to_numpy(dtype=float)})
    return segment_summary(table)
