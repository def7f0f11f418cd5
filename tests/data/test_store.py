"""crm_lessons.data.store: the store loads typed, each call gets its own copy, the seed comes
from the argument or CRM_LESSONS_SEED, and bad seeds are clear errors."""

import types

import pandas as pd
import pytest

from crm_lessons.data import (
    DEFAULT_SEED,
    Store,
    generate_store,
    load_store,
)
from crm_lessons.errors import CRMDataError
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
    assert len(shipped.customers) == 5000 and shipped.seed == DEFAULT_SEED
    assert shipped.customers["signup_date"].min() >= pd.Timestamp("2022-07-01")
    assert shipped.surveys["satisfaction"].cat.ordered


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
    with pytest.raises(CRMDataError, match="customers should be a whole number of at least 50"):
        generate_store(1, customers=10)


def test_missing_database_is_named_when_connecting(data_copy):
    store = load_store()
    (data_copy / "store" / "store.sqlite").unlink()
    with pytest.raises(CRMDataError, match=r"store\.sqlite is missing\. Fix: run `crm-lessons make-data"):
        store.connect()


def test_store_object_lists_its_tables(shipped):
    assert list(shipped.tables()) == list(STORE_TABLES)
    assert isinstance(shipped, Store) and not isinstance(shipped, types.ModuleType)


def test_a_store_with_no_loyalty_member_loads(data_copy):
    # every loyalty_join_date empty: the date column has no value at all to parse
    import pandas as pd

    path = data_copy / "store" / "customers.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["loyalty_member"], df["loyalty_join_date"] = "False", ""
    df.to_csv(path, index=False, lineterminator="\n")
    store = load_store()
    assert not store.customers["loyalty_member"].any()
    assert store.customers["loyalty_join_date"].isna().all()
    assert str(store.customers["loyalty_join_date"].dtype) == "datetime64[ns]"


def test_a_data_folder_whose_path_holds_uri_characters(tmp_path, monkeypatch):
    # `#` and `?` used to cut the SQLite URI short: it opened (and created) tmp_path/"a"
    import shutil

    from crm_lessons.data import check_data_files
    from crm_lessons.data.store import cached_store
    from crm_lessons.paths import data_dir

    root = tmp_path / "a#b?c%41 d"
    shutil.copytree(data_dir() / "store", root / "store")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(root))
    cached_store.cache_clear()
    try:
        con = load_store().connect()
        assert con.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == 5000
        con.close()
        checks = {name: problem for name, problem, _ in check_data_files()}
        assert checks["data/store/store.sqlite"] == ""
    finally:
        cached_store.cache_clear()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?c%41 d"]
