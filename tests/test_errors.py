"""The shared validators: each accepts what it should and refuses the rest with a message that
names the argument, what was expected and what was given."""

import numpy as np
import pytest

from crm_lessons.errors import CRMDataError, require_fraction, require_number, require_whole_number


def test_whole_numbers():
    assert require_whole_number(3, "years", minimum=1) == 3
    assert require_whole_number(np.int64(4), "k", minimum=2, maximum=10) == 4
    for bad in [True, 2.0, "3", None, np.bool_(True)]:
        with pytest.raises(CRMDataError, match=r"years should be a whole number, but got"):
            require_whole_number(bad, "years")
    with pytest.raises(CRMDataError, match=r"at least 1, but got 0\. Pass --years 1"):
        require_whole_number(0, "years", minimum=1, fix="Pass --years 1 or more.")
    with pytest.raises(CRMDataError, match="from 2 to 10, but got 11"):
        require_whole_number(11, "k", minimum=2, maximum=10)
    with pytest.raises(CRMDataError, match="at most 5"):
        require_whole_number(6, "bins", maximum=5)


def test_numbers():
    assert require_number(2, "margin") == 2.0
    assert require_number(0.0, "cost", minimum=0) == 0.0
    for bad in [float("nan"), float("inf"), "2", None, False]:
        with pytest.raises(CRMDataError, match="margin should be a number, but got"):
            require_number(bad, "margin")
    with pytest.raises(CRMDataError, match="at least 0"):
        require_number(-1, "cost", minimum=0)


def test_fractions():
    assert require_fraction(0.8, "retention_rate") == 0.8
    assert require_fraction(1, "share") == 1.0
    with pytest.raises(CRMDataError, match="e.g. 0.8 for 80%, not 80"):
        require_fraction(80, "retention_rate")
    with pytest.raises(CRMDataError, match="from just above 0 to 1"):
        require_fraction(0, "top_share", allow_zero=False)
    with pytest.raises(CRMDataError, match="from 0 to just below 1"):
        require_fraction(1.0, "retention", allow_one=False)
    for bad in [True, "0.5", None, float("nan")]:
        with pytest.raises(CRMDataError, match="should be a fraction"):
            require_fraction(bad, "share")


def test_ids_must_be_whole_finite_numbers_and_unique_when_asked():
    import pandas as pd

    from crm_lessons.errors import require_ids

    df = pd.DataFrame({"customer_id": [1.0, 2.0], "referred_by": pd.array([None, 1], "Int64")})
    assert require_ids(df, "customers", "customer_id").tolist() == [1, 2]
    assert require_ids(df, "customers", "referred_by", allow_missing=True).isna().tolist() == [
        True, False]
    for bad in [1e308, float("inf"), 1.5]:
        with pytest.raises(CRMDataError, match=r"customers\.customer_id should hold whole-number "
                                               r"ids.*Fix those rows"):
            require_ids(pd.DataFrame({"customer_id": [1.0, bad]}), "customers", "customer_id")
    with pytest.raises(CRMDataError, match=r"customers\.customer_id should name each row once, "
                                           r"but 1 appears more than once.*drop_duplicates"):
        require_ids(pd.DataFrame({"customer_id": [1, 1]}), "customers", "customer_id",
                    unique=True)
