"""The time unit of a per-customer summary, stated or read from it, and the check that a
summary given to a fitted model's prediction is in the model's unit.

Provisional: `summary_unit` is a copy of the contract that crm_lessons/clv/summary.py gains on
the time-units branch; at the merge it is imported from there instead.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.units import UNIT_NAMES, require_unit


def summary_unit(summary: pd.DataFrame, unit: str | None = None, who: str = "") -> str:
    """The time unit ("D", "W" or "M") of `summary`: `unit` when given (checked, and checked
    against ``summary.attrs["freq"]`` when the summary states one), else the summary's own.

    Raises CRMDataError when neither says it, with the way to give it.

    >>> s = pd.DataFrame({"frequency": [1.0], "recency": [2.0], "T": [3.0]})
    >>> summary_unit(s, "W")
    'W'
    """
    prefix = f"{who}: " if who else ""
    stated = getattr(summary, "attrs", {}).get("freq")
    if unit is not None:
        unit = require_unit(unit, f"{prefix}unit")
        if stated is not None and stated != unit:
            raise CRMDataError(
                f"{prefix}unit={unit!r} ({UNIT_NAMES[unit]}), but the summary says it is in "
                f"{stated!r} (summary.attrs['freq']). Leave unit out, or rebuild the summary "
                f"with purchase_summary(..., freq={unit!r}).")
        return unit
    if stated is None:
        raise CRMDataError(
            f"{prefix}the summary does not say its time unit (a summary read back from a CSV "
            "file or built by hand loses it). Say it: unit='W' for weeks, 'D' for days or 'M' "
            "for months, the unit its recency and T are counted in.")
    return require_unit(stated, f"{prefix}summary.attrs['freq']")


def require_model_unit(model_unit: str, summary: pd.DataFrame, unit: str | None,
                       who: str) -> str:
    """The summary's unit (see summary_unit), or one CRMDataError when it is not the unit the
    model was fitted in.

    >>> s = pd.DataFrame({"frequency": [1.0], "recency": [2.0], "T": [3.0]})
    >>> require_model_unit("W", s, "W", "predict")
    'W'
    """
    got = summary_unit(summary, unit, who)
    if got != model_unit:
        raise CRMDataError(
            f"{who}: the model was fitted on a summary in {UNIT_NAMES.get(model_unit, model_unit)}"
            f" ({model_unit!r}) but this summary is in {UNIT_NAMES[got]} ({got!r}), so its "
            f"recency and T mean other lengths of time. Rebuild the summary with "
            f"purchase_summary(..., freq={model_unit!r}), or refit the model on this one.")
    return got


class UnitCheckedPredictions:
    """Mixin of a purchase model (fields `freq`, the unit it was fitted in): each per-customer
    prediction first checks that the summary is in the model's unit (stated by the summary or
    by `unit`). Provisional like `summary_unit`: at the merge the base class does this."""

    def expected_purchases(self, summary: pd.DataFrame, t: float,
                           unit: str | None = None) -> pd.Series:
        """Expected purchases of each customer in the next `t` time units (see PurchaseModel).

        Examples
        --------
        >>> model.expected_purchases(summary, 39).sum()        # doctest: +SKIP
        """
        require_model_unit(self.freq, summary, unit, f"{type(self).__name__}.expected_purchases")
        return super().expected_purchases(summary, t)

    def cumulative_purchases(self, summary: pd.DataFrame, times, unit: str | None = None):
        """Expected purchases of each customer within each of the future `times`.

        Examples
        --------
        >>> model.cumulative_purchases(summary, [4.35, 8.7]).shape   # doctest: +SKIP
        """
        require_model_unit(self.freq, summary, unit,
                           f"{type(self).__name__}.cumulative_purchases")
        return super().cumulative_purchases(summary, times)

    def probability_alive(self, summary: pd.DataFrame, unit: str | None = None) -> pd.Series:
        """Probability that each customer is still active at the end of the calibration period.

        Examples
        --------
        >>> model.probability_alive(summary).head()             # doctest: +SKIP
        """
        require_model_unit(self.freq, summary, unit, f"{type(self).__name__}.probability_alive")
        return super().probability_alive(summary)
