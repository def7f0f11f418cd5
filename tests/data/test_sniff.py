"""crm_lessons.data.sniff: a data file that is not text, or a huge one, is refused from its
first bytes, at once, without being read whole."""

import os
import time

import pytest

from crm_lessons.data import load_store, read_store_table
from crm_lessons.data.sniff import head_lines, human_size, refuse_larger_than
from crm_lessons.errors import CRMDataError

GB = 1 << 30


def sparse_file(path, head: bytes, size: int = GB):
    """A file of `size` bytes that starts with `head` and takes no disk space beyond it."""
    with open(path, "wb") as fh:
        fh.write(head)
    os.truncate(path, size)
    return path


@pytest.mark.parametrize("head", [os.urandom(64 * 1024), b"customer_id,signup_date\n"],
                         ids=["random bytes", "a header then NUL bytes"])
def test_a_1gb_garbage_store_csv_is_refused_at_once(head, data_copy):
    path = sparse_file(data_copy / "store" / "customers.csv", head)
    start = time.perf_counter()
    with pytest.raises(CRMDataError) as err:
        load_store()
    assert time.perf_counter() - start < 3
    msg = str(err.value)
    assert str(path) in msg and "make-data --force" in msg
    assert "is not a UTF-8 text file" in msg or "has no column" in msg, msg


def test_a_file_with_the_header_then_nul_bytes_names_the_byte(data_copy):
    path = data_copy / "store" / "products.csv"
    header = path.read_text().split("\n", 1)[0] + "\n"
    sparse_file(path, header.encode())
    start = time.perf_counter()
    with pytest.raises(CRMDataError, match=rf"products\.csv is not a UTF-8 text file \(byte "
                                           rf"{len(header) + 1} is b'\\x00'"):
        read_store_table(path, "products")
    assert time.perf_counter() - start < 3


def test_a_line_longer_than_the_look_ahead_is_refused(tmp_path):
    path = sparse_file(tmp_path / "x.csv", b"a" * 100_000, 200_000)
    with pytest.raises(CRMDataError, match="hold no line break"):
        head_lines(path, "data file", "fix it")


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    path = sparse_file(tmp_path / "big.csv", b"a,b\n", 3_000_000)
    with pytest.raises(CRMDataError, match=r"big\.csv is 3\.0 MB, more than the test "
                                           r"\(2\.0 MB\), so it was not read\. Fix: shrink it\."):
        refuse_larger_than(path, 2_000_000, "data file", "shrink it", "the test")
    assert human_size(GB) == "1.1 GB"


def test_a_header_then_one_endless_line_is_refused(data_copy):
    path = data_copy / "store" / "products.csv"
    header = path.read_text().split("\n", 1)[0] + "\n"
    with open(path, "w") as fh:
        fh.write(header + "x" * 200_000)
    with pytest.raises(CRMDataError, match=r"products\.csv is not a table: its first 65\.5 kB "
                                           r"hold fewer than two lines"):
        read_store_table(path, "products")
