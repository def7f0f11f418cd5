"""crm_lessons.clv.unit_of: a summary's unit is stated or read, never assumed."""

import pandas as pd
import pytest

from crm_lessons.clv.unit_of import require_model_unit, summary_unit
from crm_lessons.errors import CRMDataError


def test_the_unit_is_stated_or_read_and_never_assumed():
    s = pd.DataFrame({"frequency": [1.0], "recency": [2.0], "T": [3.0]})
    assert summary_unit(s, "D") == "D"
    with pytest.raises(CRMDataError, match="does not say its time unit.*unit='W'"):
        summary_unit(s)
    s.attrs["freq"] = "W"
    assert summary_unit(s) == "W" and summary_unit(s, "W") == "W"
    with pytest.raises(CRMDataError, match="unit='D' \\(days\\), but the summary says"):
        summary_unit(s, "D", who="fit")
    with pytest.raises(CRMDataError, match="should be one of 'D'"):
        summary_unit(s, "weeks")
    assert require_model_unit("W", s, None, "predict") == "W"
    with pytest.raises(CRMDataError, match="fitted on a summary in months"):
        require_model_unit("M", s, None, "predict")
