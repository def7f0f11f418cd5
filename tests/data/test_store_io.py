"""crm_lessons.data.store_io: the CSV files and SQLite hold the keys, and reading a spoiled
file fails with one clear message naming the file, the problem and the fix."""

import sqlite3

import pytest

from crm_lessons.data import load_store
from crm_lessons.data.tables import FOREIGN_KEYS, PRIMARY_KEYS
from crm_lessons.errors import CRMDataError
from crm_lessons.schema import STORE_TABLES


def test_keys_are_unique_and_every_foreign_key_points_to_a_row(shipped):
    for table, keys in PRIMARY_KEYS.items():
        assert not getattr(shipped, table).duplicated(keys).any(), table
    for table, fks in FOREIGN_KEYS.items():
        for col, ref, refcol in fks:
            values = getattr(shipped, table)[col].dropna()
            assert values.isin(getattr(shipped, ref)[refcol]).all(), f"{table}.{col}"


def test_sqlite_holds_the_same_tables_with_keys(shipped):
    con = shipped.connect()
    try:
        for table in STORE_TABLES:
            n = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            assert n == len(getattr(shipped, table)), table
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        fks = con.execute("PRAGMA foreign_key_list(orders)").fetchall()
        assert {row[2] for row in fks} == {"customers", "campaigns"}
        revenue = con.execute("SELECT ROUND(SUM(revenue), 2) FROM orders").fetchone()[0]
        assert revenue == pytest.approx(shipped.orders["revenue"].sum())
        with pytest.raises(sqlite3.OperationalError):   # the shipped file is opened read-only
            con.execute("DELETE FROM benchmark")
    finally:
        con.close()


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_missing_store_file(data_copy):
    (data_copy / "store" / "tickets.csv").unlink()
    with pytest.raises(CRMDataError, match=r"tickets\.csv is missing\. Fix: run `crm-lessons make-data --force "):
        load_store()


def test_missing_column(data_copy):
    _edit(data_copy / "store" / "orders.csv", "order_id,customer_id", "order_no,customer_id")
    with pytest.raises(CRMDataError, match=r"orders\.csv has no column 'order_id'.*make-data"):
        load_store()


def _set_fields(path, row, **fields):
    """Set fields of one CSV row (counting the header as row 0), given as f<index>=text."""
    lines = path.read_text().split("\n")
    cells = lines[row].split(",")
    for key, text in fields.items():
        cells[int(key[1:])] = text
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines))


def test_unreadable_number_date_and_category(data_copy):
    path = data_copy / "store" / "customers.csv"
    _set_fields(path, 3, f0="abc")
    with pytest.raises(CRMDataError, match=r"customers\.csv has an unreadable customer_id value 'abc' on line 4"):
        load_store()
    _set_fields(path, 3, f0="3", f1="2024-13-45")
    with pytest.raises(CRMDataError, match=r"unreadable signup_date value '2024-13-45' on line 4"):
        load_store()
    _set_fields(path, 3, f1="2024-01-05", f2="carrier pigeon")
    with pytest.raises(CRMDataError, match=r"unreadable channel value outside .* 'carrier pigeon'"):
        load_store()


def test_empty_required_cell(data_copy):
    path = data_copy / "store" / "products.csv"
    _set_fields(path, 1, f4="")
    with pytest.raises(CRMDataError, match=r"products\.csv has an empty unit_cost on line 2"):
        load_store()
