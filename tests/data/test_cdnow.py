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


def test_a_1gb_garbage_cdnow_file_is_refused_at_once(cdnow_copy):
    import os
    import time

    path = cdnow_copy / CDNOW_FILES[False]
    with open(path, "wb") as fh:
        fh.write(os.urandom(64 * 1024))
    os.truncate(path, 1 << 30)          # sparse: 1 GB that takes no disk space
    start = time.perf_counter()
    with pytest.raises(CRMDataError, match=r"CDNOW_master\.txt is 1\.1 GB, more than any CDNOW "
                                           r"file .*so it was not read\. Fix: copy the CDNOW"):
        load_cdnow(sample=False)
    assert time.perf_counter() - start < 2


def test_text_that_is_not_cdnow_is_refused_from_its_first_lines(cdnow_copy):
    path = cdnow_copy / CDNOW_FILES[True]
    path.write_text("# Steep & Grind\n\nThis is a README, not purchase records.\n" * 1000)
    with pytest.raises(CRMDataError, match=r"does not hold CDNOW purchase records: line 1 is "
                                           r"'# Steep & Grind', not 5 numbers"):
        load_cdnow()


def test_random_bytes_of_cdnow_size_are_not_text(cdnow_copy):
    import os

    (cdnow_copy / CDNOW_FILES[True]).write_bytes(os.urandom(200_000))
    with pytest.raises(CRMDataError, match=r"CDNOW_sample\.txt is not a UTF-8 text file"):
        load_cdnow()


def test_the_master_file_without_its_header_line_loads(cdnow_copy):
    path = cdnow_copy / CDNOW_FILES[False]
    path.write_text(path.read_text().split("\n", 1)[1])
    assert len(load_cdnow(sample=False)) == 69659


def test_a_1gb_file_that_starts_like_cdnow_is_refused_at_once(cdnow_copy):
    # the real first lines, then 1 GB of NUL bytes (sparse): never parsed
    import os
    import time

    path = cdnow_copy / CDNOW_FILES[False]
    head = "".join(path.read_text().splitlines(keepends=True)[:50])
    path.write_text(head)
    os.truncate(path, 1 << 30)
    start = time.perf_counter()
    with pytest.raises(CRMDataError, match=r"CDNOW_master\.txt is 1\.1 GB, more than any CDNOW"):
        load_cdnow(sample=False)
    assert time.perf_counter() - start < 2
