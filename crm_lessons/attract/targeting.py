"""Targeting prospects: a logistic regression on their engagement signals, fitted on older
leads and judged on later ones, and the gains table of how much conversion the best-scored
prospects capture.
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

SIGNALS = ["email_opens", "site_visits", "sample_requested"]


def prospect_split(prospects: pd.DataFrame, cutoff: pd.Timestamp | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The leads created before `cutoff` (to learn from) and those created on or after it (to
    judge the score on), each with a True/False column ``converted``.

    Examples
    --------
    >>> p = pd.DataFrame({"created_date": pd.to_datetime(["2024-01-01", "2024-07-01"]),
    ...                   "customer_id": pd.array([5, None], dtype="Int64")})
    >>> [len(t) for t in prospect_split(p, "2024-06-01")]
    [1, 1]
    """
    require_columns(prospects, "prospects", ["created_date", "customer_id"])
    when = require_dates(prospects, "prospects", "created_date")
    try:
        cut = pd.Timestamp(cutoff)
    except (TypeError, ValueError):
        cut = pd.NaT
    if pd.isna(cut):
        raise CRMDataError(f"cutoff should be a date such as '2025-01-01', not {cutoff!r}.")
    p = prospects.assign(converted=prospects["customer_id"].notna().to_numpy())
    old, new = p[when < cut], p[when >= cut]
    if old.empty or new.empty:
        raise CRMDataError(f"prospects has no lead on one side of {cut.date()}: pick a cutoff "
                           "between the first and the last created_date.")
    return old.reset_index(drop=True), new.reset_index(drop=True)


def fit_targeting_model(train: pd.DataFrame, signals: list[str] | None = None):
    """A logistic regression (scikit-learn) of ``converted`` on the engagement `signals`.

    Examples
    --------
    >>> train = pd.DataFrame({"email_opens": [0, 1, 4, 5], "site_visits": [1, 1, 3, 4],
    ...     "sample_requested": [False, False, True, True],
    ...     "converted": [False, False, True, True]})
    >>> fit_targeting_model(train).predict_proba(train[SIGNALS])[:, 1].round(1).tolist()[0] < 0.5
    True
    """
    from sklearn.linear_model import LogisticRegression

    signals = list(signals or SIGNALS)
    require_not_empty(require_columns(train, "train", [*signals, "converted"]), "train")
    x = pd.DataFrame({s: require_numeric(train, "train", s).astype(float) for s in signals})
    if x.isna().any().any():
        raise CRMDataError("train has missing engagement signals. Fill them (0 when nothing "
                           "was recorded) or drop those leads.")
    y = train["converted"].astype(bool)
    if y.nunique() < 2:
        raise CRMDataError("train.converted holds only one value: the model needs leads that "
                           "converted and leads that did not. Pick an earlier cutoff.")
    model = LogisticRegression(max_iter=1000)
    model.fit(x, y)
    model.signals_ = signals
    return model


def score_prospects(model, prospects: pd.DataFrame) -> pd.Series:
    """Each prospect's predicted chance (0-1) of becoming a customer.

    Examples
    --------
    >>> score_prospects(model, test).head()                       # doctest: +SKIP
    """
    if not hasattr(model, "predict_proba"):
        raise CRMDataError("model should be the fitted model of fit_targeting_model(...).")
    signals = getattr(model, "signals_", SIGNALS)
    require_columns(prospects, "prospects", signals)
    x = pd.DataFrame({s: require_numeric(prospects, "prospects", s).astype(float) for s in signals})
    if x.isna().any().any():
        raise CRMDataError("prospects has missing engagement signals. Fill them (0 when "
                           "nothing was recorded) or drop those leads.")
    return pd.Series(model.predict_proba(x)[:, 1],
                     index=prospects.index, name="score")


def gains_table(score: pd.Series, converted: pd.Series, bins: int = 10) -> pd.DataFrame:
    """Prospects ranked from the best score down and cut into `bins` equal groups: for each,
    the cumulative share of prospects contacted and of all conversions captured.

    Examples
    --------
    >>> score = pd.Series([0.9, 0.8, 0.3, 0.2, 0.1])
    >>> converted = pd.Series([True, True, False, True, False])
    >>> gains_table(score, converted, bins=5)["share_of_conversions"].round(3).tolist()
    [0.333, 0.667, 0.667, 1.0, 1.0]
    """
    if not isinstance(score, pd.Series) or not isinstance(converted, pd.Series) \
            or len(score) != len(converted) or len(score) == 0:
        raise CRMDataError("score and converted should be two Series of the same prospects, "
                           "one row each, and not empty.")
    if not isinstance(bins, int) or not 1 <= bins <= len(score):
        raise CRMDataError(f"bins should be a whole number from 1 to {len(score)}, not {bins!r}.")
    values = pd.to_numeric(score, errors="coerce").to_numpy(float)
    if np.isnan(values).any() or converted.isna().any():
        raise CRMDataError("score and converted should hold a number and a True/False for "
                           "every prospect, with no missing values.")
    order = np.argsort(-values, kind="stable")
    conv = converted.astype(bool).to_numpy()[order]
    if not conv.any():
        raise CRMDataError("converted holds no True value: with no conversions there are no "
                           "gains to show. Judge the score on leads that include buyers.")
    group = np.arange(len(conv)) * bins // len(conv)
    per = pd.DataFrame({"group": group + 1, "conv": conv}).groupby("group")["conv"].agg(["size", "sum"])
    out = pd.DataFrame({"group": per.index,
                        "share_of_prospects": per["size"].cumsum().to_numpy() / len(conv),
                        "conversion_rate": (per["sum"] / per["size"]).to_numpy(),
                        "share_of_conversions": per["sum"].cumsum().to_numpy() / conv.sum()})
    return out.reset_index(drop=True)
