"""crm_lessons.retain.experiments: difference in differences."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


def test_diff_in_diff_removes_the_common_trend():
    data = pd.DataFrame({"hospital": ["A"] * 4 + ["B"] * 4,
                         "period": ["before", "before", "after", "after"] * 2,
                         "came_back": [0, 1, 1, 1, 0, 1, 0, 1]})
    out = retain.diff_in_diff(data, "came_back", "hospital", "period", treated="A", after="after")
    # A: 0.5 -> 1.0 (+0.5); B: 0.5 -> 0.5 (0) -> effect 0.5
    assert out["effect"] == 0.5 and out["treated_after"] == 1.0
    with pytest.raises(CRMDataError, match="no rows for treated after"):
        retain.diff_in_diff(data, "came_back", "hospital", "period", treated="A", after="later")

