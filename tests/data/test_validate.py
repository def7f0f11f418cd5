"""crm_lessons.data.validate: each spoiled copy of the shipped store is named (table, column,
first offending lines, fix) by the validator and by the doctor's data checks; the clean store,
and generated variants, pass."""

import pytest
from spoil_support import SPOILS, out_of_range_date_and_score  # tests/ is on sys.path

from crm_lessons.data import check_data_files, generate_store, load_store, read_store_table
from crm_lessons.data.tables import store_fix
from crm_lessons.data.validate import Problem, validate_store
from crm_lessons.errors import CRMDataError
from crm_lessons.schema import STORE_RANGES, STORE_TABLES


def read_tables(store):
    return {t: read_store_table(store / f"{t}.csv", t) for t in STORE_TABLES}


def test_the_shipped_store_and_variants_are_sound(shipped):
    assert validate_store(shipped.tables()) == []
    for seed, customers in [(7, 5000), (0, 50)]:
        assert validate_store(generate_store(seed, customers)) == [], seed


def test_the_clean_copy_passes_every_data_check(data_copy):
    assert validate_store(read_tables(data_copy / "store")) == []
    problems = [(n, p) for n, p, _ in check_data_files() if p and "cdnow" not in n]
    assert problems == []


def test_every_range_names_a_real_column():
    for table, ranges in STORE_RANGES.items():
        for col, bounds in ranges.items():
            assert col in STORE_TABLES[table], f"{table}.{col}"
            for b in bounds:
                assert b is None or isinstance(b, (int, float)) or b in STORE_TABLES[table] \
                    or len(b) == 10, f"{table}.{col}: {b!r}"


@pytest.mark.parametrize("case", list(SPOILS))
def test_each_spoiled_store_is_named_by_the_doctor_checks(case, data_copy):
    spoil = SPOILS[case]
    spoil.spoil(data_copy / "store")
    fix = store_fix(data_copy / "store")
    assert "make-data --force" in fix and str(data_copy / "store") in fix
    found = [(name, problem, f) for name, problem, f in check_data_files()
             if name == spoil.entry and problem.startswith(spoil.where + " ")]
    assert found, f"{case}: nothing named {spoil.where} under {spoil.entry}"
    name, problem, f = found[0]
    assert f == fix
    if spoil.lines:
        lines = ", ".join(map(str, spoil.lines))
        assert f"first on line{'s' if len(spoil.lines) > 1 else ''} {lines} of " \
               f"{spoil.table}.csv" in problem, problem


@pytest.mark.parametrize("case", [c for c, s in SPOILS.items() if s.entry != "data/store/store.sqlite"])
def test_the_validator_alone_names_each_spoiled_csv(case, data_copy):
    spoil = SPOILS[case]
    spoil.spoil(data_copy / "store")
    problems = validate_store(read_tables(data_copy / "store"), fix="FIX")
    mine = [p for p in problems if (p.table, p.column) == (spoil.table, spoil.column)]
    assert mine, problems
    assert mine[0].lines == spoil.lines and mine[0].fix == "FIX"
    assert str(mine[0]).endswith("Fix: FIX.")


def test_dates_outside_the_period_and_scores_off_their_scale(data_copy):
    out_of_range_date_and_score(data_copy / "store")
    problems = {(p.table, p.column): p for p in validate_store(read_tables(data_copy / "store"))}
    late, score = problems[("orders", "order_date")], problems[("surveys", "recommend")]
    assert late.lines == (4,) and late.values == ("2031-01-01",)
    assert "from 2022-07-01 to 2025-12-31" in late.what
    assert score.lines == (5,) and score.values == ("11",) and "from 0 to 10" in score.what


def test_swapped_returns_show_both_columns(data_copy):
    SPOILS["quantity and returned quantity swapped"].spoil(data_copy / "store")
    problems = validate_store(read_tables(data_copy / "store"))
    swapped = next(p for p in problems if p.column == "returned_quantity")
    assert "from 0 to quantity" in swapped.what
    assert swapped.values[0].startswith("returned_quantity=") and "quantity=" in swapped.values[0]


def test_load_store_refuses_an_unsound_store_with_the_fix(data_copy):
    SPOILS["an order of a customer who does not exist"].spoil(data_copy / "store")
    with pytest.raises(CRMDataError, match=r"orders\.customer_id has 1 value with no row in "
                                           r"customers\.customer_id, first on line 6 .*999999.*"
                                           r"Fix: run `crm-lessons make-data --force "):
        load_store()


def test_a_missing_table_or_column_and_a_wrong_type_are_problems(shipped):
    tables = dict(shipped.tables())
    del tables["tickets"]
    tables["orders"] = tables["orders"].drop(columns="revenue")
    tables["products"] = tables["products"].assign(price=tables["products"]["price"].astype(str))
    found = {(p.table, p.column): p.what for p in validate_store(tables)}
    assert found[("tickets", "")] == "is missing"
    assert found[("orders", "revenue")].startswith("is missing")
    assert found[("products", "price")].startswith("should hold numbers")


def test_a_problem_reads_as_one_sentence():
    p = Problem("orders", "customer_id", "has 2 values with no row in customers.customer_id",
                (6, 9), ("999999", "7"), "run X")
    assert str(p) == ("orders.customer_id has 2 values with no row in customers.customer_id, "
                      "first on lines 6, 9 of orders.csv (999999, 7). Fix: run X.")
