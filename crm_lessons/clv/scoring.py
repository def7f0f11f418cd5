"""Scores for a chunk of customers from fitted parameters: the step that runs anywhere.

:func:`score_chunk` takes a pandas DataFrame of summaries (frequency, recency, T,
monetary_value) and plain dictionaries of fitted parameters, and returns each customer's
expected purchases, probability alive, expected spend and lifetime value. It keeps no state
and needs nothing but the chunk, so it runs unchanged inside Spark's ``mapInPandas`` or Dask's
``map_partitions`` on a summary too large for one machine::

    params = {"model": "bgnbd", "unit": "W", "purchase": bg.params, "spend": gg.params}
    scores = summary_df.mapInPandas(
        lambda chunks: (score_chunk(c, params) for c in chunks), schema=SCORE_SCHEMA)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.bgnbd import BGNBD
from crm_lessons.clv.gamma_gamma import GammaGamma
from crm_lessons.clv.mbgnbd import MBGNBD
from crm_lessons.clv.pareto import ParetoNBD
from crm_lessons.clv.value import lifetime_value
from crm_lessons.errors import CRMDataError, require_columns
from crm_lessons.units import require_unit, units_per_month

PURCHASE_MODELS = {"bgnbd": BGNBD, "pareto": ParetoNBD, "mbgnbd": MBGNBD}
SCORE_COLUMNS = ["frequency", "recency", "T", "monetary_value", "expected_purchases",
                 "probability_alive", "expected_spend", "clv"]
# The Spark schema of score_chunk's output, for mapInPandas (the customer id column first).
SCORE_SCHEMA = "customer_id string, " + ", ".join(f"{c} double" for c in SCORE_COLUMNS)


def models_from_params(params: dict[str, Any]):
    """The fitted purchase and spend models described by `params` (see :func:`score_chunk`)."""
    if not isinstance(params, dict):
        raise CRMDataError("score_chunk: params should be a dict with model, unit, purchase "
                           "and spend, as fit_scoring_params returns.")
    kind = params.get("model", "bgnbd")
    if kind not in PURCHASE_MODELS:
        raise CRMDataError(f"score_chunk: model {kind!r} is not known. Fix: one of "
                           f"{', '.join(PURCHASE_MODELS)}.")
    unit = require_unit(params.get("unit", ""), "score_chunk: params['unit']")
    try:
        purchase = {k: float(v) for k, v in params["purchase"].items()}
        spend = {k: float(v) for k, v in params["spend"].items()}
    except (KeyError, AttributeError, TypeError, ValueError):
        raise CRMDataError("score_chunk: params['purchase'] and params['spend'] should be the "
                           "fitted models' params dicts (numbers by name).") from None
    model = PURCHASE_MODELS[kind](purchase, float("nan"), 0, True, unit)
    return model, GammaGamma(spend, float("nan"), 0, True), unit


def score_chunk(chunk: pd.DataFrame, params: dict[str, Any], *, horizon_months: int = 12,
                discount_rate: float = 0.01, margin: float = 1.0,
                id_col: str | None = None) -> pd.DataFrame:
    """Scores of the customers in `chunk` (one row each, summary columns as from
    :func:`crm_lessons.clv.purchase_summary`, in the unit ``params["unit"]``).

    Returns the summary columns and expected_purchases (over `horizon_months`),
    probability_alive, expected_spend and clv (discounted margin over `horizon_months`), with
    the customer id as a column (`id_col`, or the chunk's index) so the result is a plain
    table, as Spark expects.

    Examples
    --------
    >>> p = {"model": "bgnbd", "unit": "W", "spend": {"p": 6.25, "q": 3.74, "gamma": 15.4},
    ...      "purchase": {"r": 0.243, "alpha": 4.41, "a": 0.793, "b": 2.43}}
    >>> s = pd.DataFrame({"frequency": [2.0], "recency": [30.4], "T": [38.9],
    ...                   "monetary_value": [40.0]}, index=pd.Index([7], name="customer_id"))
    >>> round(float(score_chunk(s, p)["probability_alive"].iloc[0]), 3)
    0.726
    """
    purchase, spend, unit = models_from_params(params)
    frame = chunk.set_index(id_col) if id_col else chunk
    require_columns(frame, "chunk", ["frequency", "recency", "T", "monetary_value"])
    frame = frame.copy()
    frame.attrs["freq"] = unit
    out = frame[["frequency", "recency", "T", "monetary_value"]].astype(float)
    if frame.empty:
        for col in SCORE_COLUMNS[4:]:
            out[col] = np.array([], dtype=float)
        return out.reset_index()
    horizon = horizon_months * units_per_month(unit)
    out["expected_purchases"] = purchase.expected_purchases(frame, horizon).to_numpy()
    out["probability_alive"] = purchase.probability_alive(frame).to_numpy()
    out["expected_spend"] = spend.expected_spend(frame).to_numpy()
    out["clv"] = lifetime_value(purchase, spend, frame, months=horizon_months,
                                discount_rate=discount_rate, margin=margin).to_numpy()
    return out.reset_index()
