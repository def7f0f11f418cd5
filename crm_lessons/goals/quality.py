"""Total quality marketing: perceived quality against the competitors, and what customers
expected against what they got.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_not_empty,
    require_numeric,
)
from crm_lessons.schema import COMPANY


def relative_quality(benchmark: pd.DataFrame, us: str | None = None) -> pd.DataFrame:
    """Perceived quality of each company against the competitors' average.

    The quality score is the mean of product_quality and service_rating (both 1-10). The
    relative quality index is a company's score divided by the average score of the *other*
    companies, times 100: above 100 means customers see it as better than the rest.

    Parameters
    ----------
    benchmark : DataFrame
        ``store.benchmark``.
    us : str, optional
        The row (company) that is this company; by default the store's own company
        (``crm_lessons.schema.COMPANY``).

    Returns
    -------
    DataFrame with columns company, is_us, product_quality, service_rating, quality_score,
    relative_quality_index, price_index, sorted from best to worst quality score.

    Examples
    --------
    >>> b = pd.DataFrame({"company": ["us", "them"], "product_quality": [8.0, 6.0],
    ...     "service_rating": [8.0, 6.0], "price_index": [105.0, 95.0]})
    >>> round(float(relative_quality(b, "us")["relative_quality_index"].iloc[0]), 1)
    133.3
    """
    bench = require_columns(benchmark, "benchmark", ["company", "product_quality",
                                                     "service_rating", "price_index"])
    require_not_empty(bench, "benchmark")
    if bench["company"].isna().any():
        raise CRMDataError(f"benchmark.company has {int(bench['company'].isna().sum())} missing "
                           "names. Give every row its company name, or drop those rows first "
                           "(for example with .dropna(subset=['company'])).")
    names = bench["company"].astype(str)
    if us is None:
        us = COMPANY
    if us not in set(names):
        raise CRMDataError(f"benchmark.company has no row {us!r}; it has: "
                           f"{', '.join(names)}. Pass one of those names as us=.")
    if len(bench) < 2:
        raise CRMDataError("benchmark needs at least one competitor besides us to compare with.")
    pq = require_numeric(bench, "benchmark", "product_quality")
    sr = require_numeric(bench, "benchmark", "service_rating")
    out = pd.DataFrame({
        "company": names.to_numpy(),
        "is_us": (names == us).to_numpy(),
        "product_quality": pq.to_numpy(),
        "service_rating": sr.to_numpy(),
        "quality_score": ((pq + sr) / 2).to_numpy(),
        "price_index": require_numeric(bench, "benchmark", "price_index").to_numpy(),
    })
    total, n = out["quality_score"].sum(), len(out)
    others_mean = (total - out["quality_score"]) / (n - 1)
    out.insert(5, "relative_quality_index", out["quality_score"] / others_mean * 100)
    return out.sort_values("quality_score", ascending=False, kind="stable").reset_index(drop=True)


def quality_gap(surveys: pd.DataFrame) -> pd.DataFrame:
    """What customers expected against what they got, from the surveys (both 1-7).

    Returns
    -------
    One-row DataFrame: mean_expectation, mean_perceived, mean_gap (perceived - expected),
    share_met (share of answers where perceived >= expectation).

    Examples
    --------
    >>> s = pd.DataFrame({"expectation": [5, 6], "perceived": [6, 4]})
    >>> quality_gap(s)["share_met"].item()
    0.5
    """
    surv = require_not_empty(require_columns(surveys, "surveys", ["expectation", "perceived"]),
                             "surveys")
    e = require_numeric(surv, "surveys", "expectation")
    p = require_numeric(surv, "surveys", "perceived")
    return pd.DataFrame({"mean_expectation": [e.mean()], "mean_perceived": [p.mean()],
                         "mean_gap": [(p - e).mean()], "share_met": [float((p >= e).mean())]})
