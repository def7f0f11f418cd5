"""crm_lessons.data.cdnow: the real CDNOW purchases load tidy, and a missing or spoiled file is
one clear error naming the file and the fix."""

import shutil

import pytest

from crm_lessons.data import load_cdnow
from crm_lessons.data.cdnow import CDNOW_FILES, cdnow_path
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir


def test_the_sample_is_tidy_transactions_of_2357_customers():
    tx = load_cdnow()
    assert list(tx.columns) == ["customer_id", "date", "cds", "amount"]
    assert tx["customer_id"].nunique() == 2357
    assert tx["customer_id"].is_monotonic_increasing
    assert str(tx["date"].dtype) == "datetime64[ns]" and tx["cds"].dtype == "int64"


@pytest.fixture
def cdnow_copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "cdnow", tmp_path / "cdnow")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path))
    return tmp_path / "cdnow"


def test_a_missing_file_names_the_fix(cdnow_copy):
    assert cdnow_path(True).is_file()
    (cdnow_copy / CDNOW_FILES[True]).unlink()
    with pytest.raises(CRMDataError, match=r"CDNOW_sample\.txt is missing\. Fix: copy the CDNOW"):
        load_cdnow()


def test_an_unreadable_field_names_its_line(cdnow_copy):
    path = cdnow_copy / CDNOW_FILES[True]
    lines = path.read_text().split("\n")
    lines[2] = lines[2].replace(lines[2].split()[2], "1997xx01", 1)
    path.write_text("\n".join(lines))
    with pytest.raises(CRMDataError, match=r"unreadable date on line 3\. Fix:"):
        load_cdnow()
