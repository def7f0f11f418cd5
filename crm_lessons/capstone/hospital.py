"""The hospital case: the naive before-and-after change against the difference-in-differences
estimate with a 95% interval, overall and per contact area.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.data.hospital_schema import CONTACT_AREAS
from crm_lessons.errors import CRMDataError, require_columns, require_numeric
from crm_lessons.retain import diff_in_diff

Z95 = 1.959964  # the normal quantile of a two-sided 95% interval

_CELLS = ["treated_before", "treated_after", "comparison_before", "comparison_after"]


def did_interval(patients: pd.DataFrame, outcome: str, group: str = "program_hospital",
                 period: str = "period", treated: object = True,
                 after: object = "after") -> dict[str, float]:
    """Difference-in-differences (``retain.diff_in_diff``) with its standard error and a 95%
    interval, and the naive before-and-after change at the treated group alone.

    The four cell means are independent samples, so the standard error of the effect is
    the square root of the sum of each cell's variance of the mean (variance / count).

    Returns
    -------
    dict with the four cell means, naive_change, effect, std_error, low, high.

    Examples
    --------
    >>> d = pd.DataFrame({"g": [1, 1, 1, 1, 0, 0, 0, 0],
    ...                   "p": ["b", "b", "a", "a"] * 2,
    ...                   "y": [1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 2.0, 3.0]})
    >>> r = did_interval(d, "y", "g", "p", treated=1, after="a")
    >>> r["naive_change"], r["effect"], round(r["std_error"], 3)
    (2.0, 1.0, 0.707)
    """
    out = diff_in_diff(patients, outcome, group, period, treated, after)
    y = require_numeric(patients, "patients", outcome)
    is_t = (patients[group] == treated).to_numpy()
    is_a = (patients[period] == after).to_numpy()
    var = 0.0
    for mask in (is_t & ~is_a, is_t & is_a, ~is_t & ~is_a, ~is_t & is_a):
        if mask.sum() < 2:
            raise CRMDataError(f"patients needs at least two rows in each group and period to "
                               f"measure the spread of {outcome!r}. Add rows or merge groups.")
        var += float(y[mask].var(ddof=1)) / int(mask.sum())
    se = float(np.sqrt(var))
    out["naive_change"] = out["treated_after"] - out["treated_before"]
    out.update(std_error=se, low=out["effect"] - Z95 * se, high=out["effect"] + Z95 * se)
    return out


def area_effects(patients: pd.DataFrame, areas: list[str] | None = None) -> pd.DataFrame:
    """Per contact area: the naive change at the program hospital, the difference-in-
    differences effect and its 95% interval, largest effect first (points of the 1-5 scale).

    Returns
    -------
    DataFrame indexed by area with columns naive_change, effect, low, high.

    Examples
    --------
    >>> from crm_lessons import load_hospital
    >>> area_effects(load_hospital()).index[0]
    'nursing'
    """
    areas = list(CONTACT_AREAS) if areas is None else list(areas)
    require_columns(patients, "patients", areas)
    rows = {a: did_interval(patients, a) for a in areas}
    table = pd.DataFrame(rows).T[["naive_change", "effect", "low", "high"]].astype(float)
    table.index.name = "area"
    return table.sort_values("effect", ascending=False)
