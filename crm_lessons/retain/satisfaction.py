"""How satisfaction drives retention: grades as numbers, each customer's latest grade, and
satisfaction by the gap between what customers perceived and what they expected.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_not_empty,
    require_numeric,
)
from crm_lessons.goals import latest_surveys
from crm_lessons.schema import SATISFACTION_GRADES


def satisfaction_score(grades: pd.Series) -> pd.Series:
    """Satisfaction grades as numbers: very disappointed = 1 ... very satisfied = 5.

    >>> satisfaction_score(pd.Series(["very satisfied", "neutral"])).tolist()
    [5, 3]
    """
    if not isinstance(grades, pd.Series):
        raise CRMDataError(f"grades should be a Series such as store.surveys['satisfaction'], "
                           f"not {type(grades).__name__}.")
    mapping = {g: i + 1 for i, g in enumerate(SATISFACTION_GRADES)}
    out = grades.astype(str).map(mapping)
    if out.isna().any():
        bad = grades[out.isna()].iloc[0]
        raise CRMDataError(f"satisfaction has the grade {bad!r}, which is not one of "
                           f"{', '.join(SATISFACTION_GRADES)}. Fix those rows.")
    return out.astype("int64")


def latest_satisfaction(surveys: pd.DataFrame) -> pd.Series:
    """Each customer's most recent satisfaction grade (ordered categorical), indexed by
    customer_id: ready to pass as `by` to `defection_rate`. A customer who answered twice
    counts with their latest answer (:func:`crm_lessons.goals.latest_surveys`).

    >>> surveys = pd.DataFrame({"customer_id": [1, 1], "satisfaction": ["neutral", "satisfied"],
    ...     "survey_date": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    >>> latest_satisfaction(surveys).astype(str).tolist()
    ['satisfied']
    """
    last = latest_surveys(surveys, ["satisfaction"])
    satisfaction_score(surveys["satisfaction"])          # validates the grades
    return pd.Series(pd.Categorical(last["satisfaction"].astype(str), SATISFACTION_GRADES,
                                    ordered=True),
                     index=last["customer_id"].to_numpy(), name="satisfaction")


def satisfaction_by_gap(surveys: pd.DataFrame) -> pd.DataFrame:
    """How satisfaction follows the gap between what customers perceived and what they
    expected: one row per gap (perceived - expectation, from -6 to 6) with surveys, mean
    satisfaction score (1-5) and share very satisfied.

    >>> surveys = pd.DataFrame({"expectation": [5, 5, 4], "perceived": [3, 7, 6],
    ...     "satisfaction": ["disappointed", "very satisfied", "satisfied"]})
    >>> satisfaction_by_gap(surveys)["mean_score"].tolist()
    [2.0, 4.5]
    """
    require_columns(surveys, "surveys", ["expectation", "perceived", "satisfaction"])
    require_not_empty(surveys, "surveys")
    scores = {}
    for col in ("perceived", "expectation"):
        values = require_numeric(surveys, "surveys", col)
        bad = values[(values < 1) | (values > 7) | (values != values.round())]
        if len(bad):
            raise CRMDataError(f"surveys.{col} should hold whole-number scores from 1 to 7, but "
                               f"has values such as {float(bad.iloc[0])!r}. Fix those rows, or "
                               "pass store.surveys.")
        scores[col] = values
    gap = (scores["perceived"] - scores["expectation"]).astype("int64")
    score = satisfaction_score(surveys["satisfaction"])
    out = pd.DataFrame({"gap": gap.to_numpy(), "score": score.to_numpy()}).groupby("gap").agg(
        surveys=("score", "size"), mean_score=("score", "mean"),
        share_very_satisfied=("score", lambda s: float((s == 5).mean())))
    return out.reset_index()

