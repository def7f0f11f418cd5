"""Named RFM segments: the rule table, each customer's segment, segment sizes and value, the
segment grid, what each segment says in surveys, and the segment mix behind the explorer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_fraction,
    require_not_empty,
    require_number,
    require_numeric,
)
from crm_lessons.goals import latest_surveys
from crm_lessons.identify.checks import require_rfm
from crm_lessons.identify.rfm import rfm_scores

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
_RECENCY_STEP_FIX = "Give the width of a recency band in days, e.g. 30, or None for quintiles."
_WEIGHT_FIX = "Give the weight of money against frequency, e.g. 0.5 to weigh them equally."


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
    w = require_fraction(monetary_weight, "monetary_weight", fix=_WEIGHT_FIX)
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
    w = require_fraction(monetary_weight, "monetary_weight", fix=_WEIGHT_FIX)
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
        and monthly_category_spend (EUR); each customer's latest answer counts once
        (:func:`crm_lessons.goals.latest_surveys`; without survey_date, their last row).

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
    latest = (latest_surveys(surveys) if "survey_date" in surveys.columns
              else surveys.drop_duplicates("customer_id", keep="last"))
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
    rfm = require_rfm(rfm)
    edges = None
    if recency_step is not None:
        step = require_number(recency_step, "recency_step", minimum=1, fix=_RECENCY_STEP_FIX)
        edges = [step * i for i in range(1, 5)]
    scores = rfm_scores(rfm, recency_edges=edges)
    table = pd.DataFrame({"segment": rfm_segments(scores, monetary_weight),
                          "monetary": rfm["monetary"].to_numpy(dtype=float)})
    return segment_summary(table)
