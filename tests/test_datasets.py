"""crm_lessons.datasets: the store loads typed and consistent, every seed gives a full store,
`make-data` reproduces the shipped files byte for byte, and every loader fails with one clear
message naming the file, the problem and the fix."""

import shutil
import sqlite3
import types

import pandas as pd
import pytest

from crm_lessons import datasets
from crm_lessons.datasets import load_hospital, load_store
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir
from crm_lessons.schema import STORE_TABLES

DTYPE_CHECK = {
    "int": lambda s: s.dtype == "int64",
    "Int64": lambda s: s.dtype == "Int64",
    "float": lambda s: s.dtype == "float64",
    "bool": lambda s: s.dtype == bool,
    "date": lambda s: pd.api.types.is_datetime64_any_dtype(s),
    "category": lambda s: isinstance(s.dtype, pd.CategoricalDtype),
    "str": lambda s: pd.api.types.is_string_dtype(s),
}


@pytest.fixture(scope="module")
def shipped():
    return load_store()


@pytest.fixture(scope="module")
def variant():
    return load_store(seed=11)


@pytest.mark.parametrize("which", ["shipped", "variant"])
def test_every_table_has_the_schema_columns_and_types(which, request):
    store = request.getfixturevalue(which)
    for table, spec in STORE_TABLES.items():
        df = getattr(store, table)
        assert list(df.columns) == list(spec), table
        for col, (kind, _) in spec.items():
            assert DTYPE_CHECK[kind](df[col]), f"{table}.{col} is {df[col].dtype}, not {kind}"
    assert store.end_date == pd.Timestamp("2025-12-31")
    assert store.orders["order_date"].max() <= store.end_date


def test_the_default_store_is_about_5000_customers_over_three_and_a_half_years(shipped):
    assert len(shipped.customers) == 5000 and shipped.seed == datasets.DEFAULT_SEED
    assert shipped.customers["signup_date"].min() >= pd.Timestamp("2022-07-01")
    assert shipped.surveys["satisfaction"].cat.ordered


def test_keys_are_unique_and_every_foreign_key_points_to_a_row(shipped):
    for table, keys in datasets.PRIMARY_KEYS.items():
        assert not getattr(shipped, table).duplicated(keys).any(), table
    for table, fks in datasets.FOREIGN_KEYS.items():
        for col, ref, refcol in fks:
            values = getattr(shipped, table)[col].dropna()
            assert values.isin(getattr(shipped, ref)[refcol]).all(), f"{table}.{col}"


def test_tables_agree_with_each_other(shipped):
    s = shipped
    first = s.orders.groupby("customer_id")["order_date"].min()
    assert (first == s.customers.set_index("customer_id")["signup_date"]).all()
    lines = s.order_lines
    assert (lines["returned_quantity"] <= lines["quantity"]).all()
    gross = (lines["quantity"] * lines["unit_price"]).groupby(lines["order_id"]).sum()
    orders = s.orders.set_index("order_id")
    assert ((orders["revenue"] + orders["discount"]) - gross).abs().max() < 0.011
    members = s.customers[s.customers["loyalty_member"]]
    assert members["loyalty_join_date"].notna().all()
    assert s.customers.loc[~s.customers["loyalty_member"], "loyalty_join_date"].isna().all()
    assert s.defections["customer_id"].is_unique
    responded = s.contacts[s.contacts["responded"]]
    assert responded["order_id"].notna().all()
    assert s.contacts.loc[~s.contacts["responded"], "order_id"].isna().all()
    assert set(s.benchmark["company"]) >= {datasets.COMPANY}


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


def test_a_variant_store_also_has_a_database(variant):
    con = variant.connect()
    assert con.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == len(variant.customers)
    con.close()


def test_each_call_returns_its_own_copy(shipped):
    first = load_store()
    first.customers.loc[0, "region"] = "North"
    first.orders["revenue"] = 0.0
    again = load_store()
    assert again.orders["revenue"].sum() > 0
    pd.testing.assert_frame_equal(again.customers, shipped.customers)


def test_seeds_give_different_variants_and_the_same_seed_the_same_data(shipped, variant):
    assert not variant.orders["revenue"].equals(shipped.orders["revenue"])
    assert variant.seed == 11
    again = datasets.generate_store(11)
    pd.testing.assert_frame_equal(again["orders"], variant.orders)


def test_the_environment_variable_picks_the_seed(monkeypatch, variant):
    monkeypatch.setenv("CRM_LESSONS_SEED", "11")
    store = load_store()
    assert store.seed == 11
    pd.testing.assert_frame_equal(store.customers, variant.customers)
    monkeypatch.setenv("CRM_LESSONS_SEED", "eleven")
    with pytest.raises(CRMDataError, match="CRM_LESSONS_SEED should be a whole number"):
        load_store()


def test_bad_seed_and_size_are_clear_errors():
    with pytest.raises(CRMDataError, match="seed should be a whole number"):
        load_store(seed="7")
    with pytest.raises(CRMDataError, match="customers should be at least 50"):
        datasets.generate_store(1, customers=10)


def test_the_shipped_csv_matches_the_generator_exactly(shipped):
    generated = datasets.generate_store(datasets.DEFAULT_SEED)
    for table in STORE_TABLES:
        pd.testing.assert_frame_equal(getattr(shipped, table), generated[table], check_exact=True)


def test_make_data_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    from crm_lessons.cli import main

    assert main(["make-data", str(tmp_path)]) == 0
    shipped_dir = data_dir() / "store"
    names = [f"{t}.csv" for t in STORE_TABLES] + ["store.sqlite", "README.md"]
    for name in names:
        new, old = (tmp_path / name).read_bytes(), (shipped_dir / name).read_bytes()
        if name == "store.sqlite" and len(new) == len(old) and new != old:
            # SQLite writes its own library version into the file header (bytes 92-99); a
            # machine with another SQLite version writes the same pages under another stamp
            new, old = new[:92] + new[100:], old[:92] + old[100:]
        assert new == old, name


def test_make_data_refuses_to_overwrite_without_force(tmp_path, capsys):
    from crm_lessons.cli import main

    (tmp_path / "orders.csv").write_text("keep me")
    assert main(["make-data", str(tmp_path), "--customers", "300", "--seed", "3"]) == 1
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "orders.csv").read_text() == "keep me"
    assert main(["make-data", str(tmp_path), "--customers", "300", "--seed", "3", "--force"]) == 0
    assert (tmp_path / "orders.csv").read_text().startswith("order_id,")


# ---- loaders fail with one clear message naming the file, the problem and the fix ----------


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "store", tmp_path / "data" / "store")
    shutil.copytree(data_dir() / "hospital", tmp_path / "data" / "hospital")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path / "data"))
    datasets._cached_store.cache_clear()
    yield tmp_path / "data"
    datasets._cached_store.cache_clear()


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_missing_store_file(data_copy):
    (data_copy / "store" / "tickets.csv").unlink()
    with pytest.raises(CRMDataError, match=r"tickets\.csv is missing\. Fix: run `crm-lessons make-data data/store`"):
        load_store()


def test_missing_column(data_copy):
    _edit(data_copy / "store" / "orders.csv", "order_id,customer_id", "order_no,customer_id")
    with pytest.raises(CRMDataError, match=r"orders\.csv has no column 'order_id'.*make-data"):
        load_store()


def test_unreadable_number_date_and_category(data_copy):
    path = data_copy / "store" / "customers.csv"
    lines = path.read_text().split("\n")
    fields = lines[3].split(",")
    fields[0] = "abc"
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines))
    with pytest.raises(CRMDataError, match=r"customers\.csv has an unreadable customer_id value 'abc' on line 4"):
        load_store()
    fields[0], fields[1] = "3", "2024-13-45"
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines))
    with pytest.raises(CRMDataError, match=r"unreadable signup_date value '2024-13-45' on line 4"):
        load_store()
    fields[1], fields[2] = "2024-01-05", "carrier pigeon"
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines))
    with pytest.raises(CRMDataError, match=r"unreadable channel value outside .* 'carrier pigeon'"):
        load_store()


def test_empty_required_cell(data_copy):
    path = data_copy / "store" / "products.csv"
    lines = path.read_text().split("\n")
    fields = lines[1].split(",")
    fields[-1] = ""
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines))
    with pytest.raises(CRMDataError, match=r"products\.csv has an empty unit_cost on line 2"):
        load_store()


def test_missing_database_is_named_when_connecting(data_copy):
    store = load_store()
    (data_copy / "store" / "store.sqlite").unlink()
    with pytest.raises(CRMDataError, match=r"store\.sqlite is missing\. Fix: run `crm-lessons make-data"):
        store.connect()


def test_doctor_checks_store_and_hospital_files(data_copy):
    names = {name: problem for name, problem, _ in datasets.check_data_files()}
    assert names["data/store/orders.csv"] == "" and names["data/hospital/patients.csv"] == ""
    assert names["data/store/store.sqlite"] == ""
    (data_copy / "hospital" / "patients.csv").unlink()
    (data_copy / "store" / "store.sqlite").unlink()
    results = {name: (problem, fix) for name, problem, fix in datasets.check_data_files()}
    assert "is missing" in results["data/hospital/patients.csv"][0]
    assert "git checkout -- data/hospital" in results["data/hospital/patients.csv"][1]
    assert "make-data" in results["data/store/store.sqlite"][1]


# ---- the hospital case ---------------------------------------------------------------------


def test_hospital_has_two_hospitals_two_periods_and_every_contact_area():
    patients = load_hospital()
    assert set(datasets.HOSPITAL_TABLES["patients"]) == set(patients.columns)
    cells = patients.groupby(["hospital", "period"], observed=True).size()
    assert len(cells) == 4 and cells.min() >= 500
    for area in datasets.CONTACT_AREAS:
        assert patients[area].between(1, 5).all()
    assert patients["came_back"].dtype == bool


def test_diff_in_diff_recovers_the_planted_program_effect():
    from crm_lessons.retain import diff_in_diff

    patients = load_hospital()
    for area, planted in datasets.PROGRAM_EFFECT.items():
        est = diff_in_diff(patients, area, "program_hospital", "period", True, "after")
        assert est["effect"] == pytest.approx(planted, abs=0.15), area
        naive = est["treated_after"] - est["treated_before"]
        assert naive > est["effect"]               # the naive change also counts the drift
    back = diff_in_diff(patients, "came_back", "program_hospital", "period", True, "after")
    assert 0.05 <= back["effect"] <= 0.25


def test_hospital_file_and_readme_match_the_generator():
    folder = data_dir() / "hospital"
    pd.testing.assert_frame_equal(load_hospital(), datasets.generate_hospital(), check_exact=True)
    text = (folder / "README.md").read_text()
    assert text == datasets.hospital_readme(load_hospital())


def test_missing_hospital_file_names_the_fix(data_copy):
    (data_copy / "hospital" / "patients.csv").unlink()
    with pytest.raises(CRMDataError, match=r"patients\.csv is missing\. Fix: `git checkout -- data/hospital`"):
        load_hospital()


def test_store_object_lists_its_tables(shipped):
    assert list(shipped.tables()) == list(STORE_TABLES)
    assert isinstance(shipped, datasets.Store) and not isinstance(shipped, types.ModuleType)
