"""crm_lessons.data.donations: the donations summary loads typed, and a missing or spoiled
file is one clear error naming the file and the fix."""

import shutil

import pytest

from crm_lessons.data import load_donations
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir


def test_the_summary_stands_for_11104_donors_with_six_chances():
    d = load_donations()
    assert list(d.columns) == ["frequency", "recency", "periods", "weights"]
    assert len(d) == 22 and int(d["weights"].sum()) == 11104
    assert (d["periods"] == 6).all() and (d.dtypes == "int64").all()
    assert int(d.loc[d["frequency"] == 0, "weights"].sum()) == 3464


def test_provenance_and_readme_ship_with_the_data():
    folder = data_dir() / "donations"
    assert "e8d78096591dd10765dcb109a872bb59" in (folder / "PROVENANCE.md").read_text()
    readme = (folder / "README.md").read_text()
    assert "alpha 1.204" in readme and "| `weights` | int | donors |" in readme


@pytest.fixture
def copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "donations", tmp_path / "donations")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path))
    return tmp_path / "donations" / "donations.csv"


def test_a_missing_file_names_the_fix(copy):
    copy.unlink()
    with pytest.raises(CRMDataError, match=r"donations\.csv is missing\. Fix: copy"):
        load_donations()


@pytest.mark.parametrize("text, message", [
    ("frequency,recency,periods,weights\n1,1,6,x\n", "unreadable weights on line 2"),
    ("frequency,recency,periods,weights\n1,1,6,-3\n", "unreadable weights on line 2"),
    ("frequency,recency,periods,weights\n1.5,1,6,3\n", "unreadable frequency"),
    ("freq;rec\n1;2\n", "does not start with the header"),
    ("frequency,recency,periods,weights\n", "holds no rows"),
    ("", "does not start with the header"),
])
def test_a_spoiled_file_is_named_with_the_fix(copy, text, message):
    copy.write_text(text)
    with pytest.raises(CRMDataError, match=f"{message}.*Fix:"):
        load_donations()


def test_binary_or_huge_files_are_refused_before_reading(copy):
    import os

    copy.write_bytes(b"\x00\x01binary")
    with pytest.raises(CRMDataError, match="not a UTF-8 text file"):
        load_donations()
    with open(copy, "wb") as fh:
        fh.write(b"frequency,recency,periods,weights\n")
    os.truncate(copy, 1 << 30)
    with pytest.raises(CRMDataError, match="so it was not read"):
        load_donations()


def test_the_doctor_names_a_missing_donations_file(copy):
    from crm_lessons.data import check_data_files

    entries = {name: (problem, fix) for name, problem, fix in check_data_files()}
    assert entries["data/donations/donations.csv"] == ("", "")
    copy.unlink()
    problem, fix = {n: (p, f) for n, p, f in check_data_files()}["data/donations/donations.csv"]
    assert "is missing" in problem and "git checkout -- data/donations" in fix
