"""crm_lessons.data.hospital: two hospitals, two periods, the planted program effect, and a
clear error when the file is missing."""

import pytest

from crm_lessons.data import (
    CONTACT_AREAS,
    HOSPITAL_TABLES,
    PROGRAM_EFFECT,
    load_hospital,
)
from crm_lessons.errors import CRMDataError


def test_hospital_has_two_hospitals_two_periods_and_every_contact_area():
    patients = load_hospital()
    assert set(HOSPITAL_TABLES["patients"]) == set(patients.columns)
    cells = patients.groupby(["hospital", "period"], observed=True).size()
    assert len(cells) == 4 and cells.min() >= 500
    for area in CONTACT_AREAS:
        assert patients[area].between(1, 5).all()
    assert patients["came_back"].dtype == bool


def test_diff_in_diff_recovers_the_planted_program_effect():
    from crm_lessons.retain import diff_in_diff

    patients = load_hospital()
    for area, planted in PROGRAM_EFFECT.items():
        est = diff_in_diff(patients, area, "program_hospital", "period", True, "after")
        assert est["effect"] == pytest.approx(planted, abs=0.15), area
        naive = est["treated_after"] - est["treated_before"]
        assert naive > est["effect"]               # the naive change also counts the drift
    back = diff_in_diff(patients, "came_back", "program_hospital", "period", True, "after")
    assert 0.05 <= back["effect"] <= 0.25


def test_missing_hospital_file_names_the_fix(data_copy):
    (data_copy / "hospital" / "patients.csv").unlink()
    with pytest.raises(CRMDataError, match=r"patients\.csv is missing\. Fix: `git checkout -- data/hospital`"):
        load_hospital()
