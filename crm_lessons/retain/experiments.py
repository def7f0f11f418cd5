"""What a program really changed: the difference-in-differences estimate against a comparison
group.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_numeric


def diff_in_diff(data: pd.DataFrame, outcome: str, group: str, period: str,
                 treated: object, after: object) -> dict[str, float]:
    """Difference-in-differences estimate of a program's effect: how much more the outcome
    changed in the treated group than in the comparison group over the same time.

    effect = (treated after - treated before) - (comparison after - comparison before)

    Parameters
    ----------
    data : one row per observation (for example a patient).
    outcome : numeric or boolean column (a score, or came back yes/no).
    group, period : columns naming the group and the period.
    treated, after : the value of `group` that marks the treated group and the value of
        `period` that marks the time after the program started.

    Returns
    -------
    dict with treated_before, treated_after, comparison_before, comparison_after, effect.

    Examples
    --------
    >>> d = pd.DataFrame({"hospital": ["A", "A", "B", "B"], "period": ["before", "after"] * 2,
    ...                   "score": [3.0, 4.0, 3.0, 3.2]})
    >>> round(diff_in_diff(d, "score", "hospital", "period", "A", "after")["effect"], 2)
    0.8
    """
    for name, col in [("outcome", outcome), ("group", group), ("period", period)]:
        if not isinstance(col, str):
            raise CRMDataError(f"{name} should be the name of a column of data (a string such "
                               f"as 'came_back'), not {col!r}.")
    require_columns(data, "data", [outcome, group, period])
    y = require_numeric(data, "data", outcome)
    is_t = (data[group] == treated).to_numpy()
    is_a = (data[period] == after).to_numpy()
    cells = {}
    for name, mask in [("treated_before", is_t & ~is_a), ("treated_after", is_t & is_a),
                       ("comparison_before", ~is_t & ~is_a), ("comparison_after", ~is_t & is_a)]:
        if not mask.any():
            raise CRMDataError(f"data has no rows for {name.replace('_', ' ')} (group "
                               f"{treated!r} in {group!r}, period {after!r} in {period!r}). "
                               f"Check the values you passed for treated and after.")
        cells[name] = float(y[mask].mean())
    cells["effect"] = ((cells["treated_after"] - cells["treated_before"])
                       - (cells["comparison_after"] - cells["comparison_before"]))
    return cells

