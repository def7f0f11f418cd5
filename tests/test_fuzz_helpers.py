"""Every public helper of the analysis modules against the data a careless user gives it
(and the pure functions behind the explorers, and the chart functions: a few inputs each).

For each helper (found by reading the modules, so a new one is covered as soon as it lands),
hypothesis draws small valid store tables from the contract in crm_lessons/schema.py, then
spoils one argument in one way: a missing or renamed column, wrong types, numbers stored as
text, an empty table, no columns at all, NaN, negative or absurd values, unparseable dates,
a duplicated id, something that is not a table at all, or a nonsensical scalar (NaN, -1,
infinity, text, None) for a number-like parameter. The helper must either return a result or
raise crm_lessons.errors.CRMDataError whose message names the table (or parameter) or the
column involved; never a bare KeyError, TypeError, IndexError, ZeroDivisionError or a pandas
internals error. Helpers are pure, so the tables passed in must come back unchanged.

The number of inputs tried per helper is written to test-artifacts/fuzz_counts.json and
summed up at the end of the run. FUZZ_EXAMPLES (default 25) sets the inputs per helper.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from fuzz_support import (
    BAD_SCALARS,
    MUTATIONS,
    TABLES,
    Helper,
    build_args,
    discover_helpers,
    learn_columns,
    make_store,
    mutate,
    store_namespace,
    to_sqlite,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from crm_lessons.errors import CRMDataError
from crm_lessons.paths import PROJECT_DIR

HELPERS, MISSING_MODULES = discover_helpers()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
COUNTS: dict[str, Counter] = defaultdict(Counter)
FAILURES: dict[str, str] = {}
SIZES = ["customers", "orders", "order_lines", "products", "prospects", "campaigns",
         "contacts", "tickets", "surveys", "defections", "benchmark", "transactions"]
# No shrinking: a failure is reported as found (its message says which argument was spoiled
# and how), which keeps the run short even when a helper fails.
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                         phases=[Phase.explicit, Phase.generate])


@pytest.fixture(scope="module", autouse=True)
def _write_counts(session_notes):
    yield
    out = PROJECT_DIR / "test-artifacts" / "fuzz_counts.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {h: {"inputs": sum(c.values()), "by_kind": dict(sorted(c.items()))}
            for h, c in sorted(COUNTS.items())}
    out.write_text(json.dumps({"inputs_per_helper": data, "failures": FAILURES,
                               "modules_not_yet_written": MISSING_MODULES}, indent=2) + "\n")
    if data:
        total = sum(d["inputs"] for d in data.values())
        fuzzed = [d["inputs"] for d in data.values() if d["inputs"] > 1]
        session_notes.append(
            f"fuzz: {len(data)} helpers, {total} inputs in all "
            f"({min(fuzzed, default=0)}-{max(fuzzed, default=0)} per helper that takes data; "
            f"{len(data) - len(fuzzed)} take no input), {len(FAILURES)} failing; "
            f"details in test-artifacts/fuzz_counts.json")


def _columns_for(how: str, df: pd.DataFrame) -> list[str]:
    cols = [str(c) for c in df.columns]
    if how in ("negative", "absurd"):
        return [c for c in cols if pd.api.types.is_numeric_dtype(df[c])
                and not pd.api.types.is_bool_dtype(df[c])]
    if how == "bad_dates":
        return [c for c in cols if pd.api.types.is_datetime64_any_dtype(df[c])]
    if how == "duplicate_ids":
        return [c for c in cols if c.endswith("_id")]
    return cols


def _spoil_table(data, df: pd.DataFrame) -> tuple[object, str, str | None]:
    how = data.draw(st.sampled_from(MUTATIONS), label="mutation")
    needs_column = how not in ("none", "empty", "no_columns", "not_a_frame", "all_object")
    column = None
    if needs_column:
        choices = _columns_for(how, df)
        if not choices:
            return df, "none", None
        column = data.draw(st.sampled_from(choices), label="column")
    variant = data.draw(st.integers(0, 3), label="variant")
    return mutate(df, how, column, variant), how, column


SERIES_SPOILS = {
    "nan": lambda s: s.where(s.index % 2 == 1),
    "text": lambda s: pd.Series(["a", "b", "c"][: len(s)] or ["a"], dtype=object),
    "empty": lambda s: s.iloc[0:0],
    "negative": lambda s: -s - 1,
    "absurd": lambda s: s * 1e308,
    "not_a_series": lambda s: None,
    "dict": lambda s: {"a": 1},
}


def _snapshot(args: dict) -> dict:
    return {k: v.copy(deep=True) for k, v in args.items()
            if isinstance(v, (pd.DataFrame, pd.Series))}


def _unchanged(before: dict, args: dict) -> list[str]:
    changed = []
    for k, old in before.items():
        new = args[k]
        try:
            if isinstance(old, pd.DataFrame):
                pd.testing.assert_frame_equal(new, old, check_exact=True)
            else:
                pd.testing.assert_series_equal(new, old, check_exact=True)
        except AssertionError:
            changed.append(k)
    return changed


def _check(helper: Helper, args: dict, target: str, how: str, column: str | None,
           words: list[str]) -> None:
    before = _snapshot(args)
    what = f"{helper.id} with {target} spoiled by {how!r}" + (f" on {column!r}" if column else "")
    try:
        helper.func(**args)
    except CRMDataError as exc:
        msg = str(exc)
        assert msg.strip(), f"{what}: CRMDataError with an empty message"
        said = msg.lower().replace("_", " ")
        if not any(w.lower().replace("_", " ") in said for w in words if w):
            FAILURES.setdefault(helper.id, f"{what}: unclear message {msg!r}"[:400])
            raise AssertionError(f"{what}: the message names none of {words}: {msg!r}") from exc
    except Exception as exc:  # noqa: BLE001 - exactly what this test is looking for
        FAILURES.setdefault(helper.id, f"{what}: {type(exc).__name__}: {exc}"[:400])
        raise AssertionError(f"{what}: raised {type(exc).__name__}: {exc} "
                             "(should be CRMDataError naming the table, column and fix)") from exc
    changed = _unchanged(before, args)
    assert not changed, f"{what}: the helper changed its input {changed} (helpers are pure)"


def _words(helper: Helper, args: dict) -> list[str]:
    """What a clear message may name: a table or parameter, or a column given by name."""
    out = []
    for p in helper.params:
        out.append(p.name)
        if p.table:
            out.append(p.table)
        value = args.get(p.name, p.default)
        if isinstance(value, str):
            out.append(value)
    return out


@pytest.mark.parametrize("helper", HELPERS, ids=lambda h: h.id)
def test_helper_returns_or_raises_a_clear_data_error(helper: Helper):
    needed = helper.tables_needed
    base = make_store(0, {t: 4 for t in SIZES}, needed)
    learn_columns(helper, base)
    targets = [p for p in helper.params if p.kind != "scalar" or p.required
               or isinstance(p.default, (int, float)) and not isinstance(p.default, bool)]
    if not targets:                       # a teaching table: no input to spoil
        COUNTS[helper.id]["no input"] += 1
        helper.func()
        return

    @settings(FUZZ_SETTINGS, max_examples=max(5, EXAMPLES // 3) if helper.draws else EXAMPLES)
    @given(data=st.data())
    def spoil_and_call(data):
        seed = data.draw(st.integers(0, 2**16), label="seed")
        n = data.draw(st.integers(1, 6), label="rows")
        sizes = {t: n + (i % 3) for i, t in enumerate(SIZES)}
        tables = make_store(seed, sizes, needed)
        args = build_args(helper, tables, np.random.default_rng(seed))
        p = data.draw(st.sampled_from(targets), label="argument")
        column, words = None, _words(helper, args)
        if p.kind == "table":
            args[p.name], how, column = _spoil_table(data, args[p.name])
        elif p.kind == "series":
            how = data.draw(st.sampled_from(sorted(SERIES_SPOILS)), label="spoil")
            args[p.name] = SERIES_SPOILS[how](args[p.name])
            # a column handed over alone: the message may name it by the contract's name
            words += sorted({c for cols in TABLES.values() for c in cols})
        elif p.kind == "store":
            table = data.draw(st.sampled_from(sorted(set(TABLES) - {"transactions"})),
                              label="table")
            tables[table], how, column = _spoil_table(data, tables[table])
            args[p.name] = store_namespace(tables)
            words += [table]
        elif p.kind == "con":
            table = data.draw(st.sampled_from(sorted(set(TABLES) - {"transactions"})),
                              label="table")
            tables[table], how, column = _spoil_table(data, tables[table])
            if data.draw(st.integers(0, 4), label="not a connection") == 0:
                args[p.name], how = "store.sqlite", "not_a_connection"
            else:
                args[p.name] = to_sqlite(tables)
            words += [table, "database", "connection"]
        else:
            how = "bad_scalar"
            args[p.name] = data.draw(st.sampled_from(BAD_SCALARS), label="value")
        if column:
            words.append(column)
        COUNTS[helper.id][how] += 1
        try:
            _check(helper, args, p.name, how, column, words)
        finally:
            if helper.draws:
                import matplotlib.pyplot as plt

                plt.close("all")

    spoil_and_call()


def test_every_analysis_module_is_fuzzed():
    """Lists the analysis modules not written yet (they are covered as soon as they land)."""
    found = {h.id.split(".")[0] for h in HELPERS}
    assert found, "no analysis module found to fuzz"
    if MISSING_MODULES:
        pytest.skip("not written yet, so not fuzzed: " + ", ".join(MISSING_MODULES))


# ---- the loaders against spoiled files -------------------------------------------------------

def load_spoiled_file(loader, name: str, text: str):
    """`loader()` reading `text` as the data file `name` (folder/file) in a temporary data
    folder: its result, or None when it raised a CRMDataError naming the file and the fix;
    anything else fails the test."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        old = os.environ.get("CRM_LESSONS_DATA")
        os.environ["CRM_LESSONS_DATA"] = tmp
        try:
            return loader()
        except CRMDataError as exc:
            assert path.name in str(exc) and "Fix" in str(exc), str(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            FAILURES.setdefault(f"data.{loader.__name__}", f"{type(exc).__name__}: {exc}"[:300])
            raise AssertionError(f"{loader.__name__} raised {type(exc).__name__}: {exc}") from exc
        finally:
            if old is None:
                os.environ.pop("CRM_LESSONS_DATA", None)
            else:
                os.environ["CRM_LESSONS_DATA"] = old


CDNOW_TOKENS = ["00004", "0001", "19970101", "2", "29.33", "", "x", "-3", "1e400", "19971345",
                "nan", "29,33", "€", "\t", "0" * 40]


@settings(FUZZ_SETTINGS, max_examples=max(8 * EXAMPLES, 200))
@given(lines=st.lists(st.lists(st.sampled_from(CDNOW_TOKENS), min_size=0, max_size=7),
                      min_size=0, max_size=6))
def test_load_cdnow_reads_a_spoiled_file_or_says_what_is_wrong(lines):
    """A CDNOW file with missing fields, text in number columns, impossible dates, odd
    separators or nothing at all: load_cdnow returns tidy rows or raises CRMDataError naming
    the file and the fix."""
    from crm_lessons.data import load_cdnow

    COUNTS["data.load_cdnow (spoiled file)"]["file"] += 1
    text = "\n".join(" ".join(tokens) for tokens in lines) + "\n"
    tx = load_spoiled_file(load_cdnow, "cdnow/CDNOW_sample.txt", text)
    if tx is None:
        return
    assert list(tx.columns) == ["customer_id", "date", "cds", "amount"]
    assert len(tx) > 0 and tx.notna().all().all()


def test_load_cdnow_says_which_file_is_missing(tmp_path, monkeypatch):
    from crm_lessons.data import load_cdnow

    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path))
    with pytest.raises(CRMDataError, match="CDNOW_sample.txt.*missing"):
        load_cdnow()


DONATION_TOKENS = ["frequency", "recency", "periods", "weights", "0", "1", "6", "3464", "",
                   "x", "-3", "1e400", "2.5", "nan", ";", "€", "0" * 40]


@settings(FUZZ_SETTINGS, max_examples=max(4 * EXAMPLES, 100))
@given(lines=st.lists(st.lists(st.sampled_from(DONATION_TOKENS), min_size=0, max_size=5),
                      min_size=0, max_size=5), header=st.booleans())
def test_load_donations_reads_a_spoiled_file_or_says_what_is_wrong(lines, header):
    """The donations summary with missing fields, text in number columns, a wrong header or
    nothing at all: load_donations returns whole numbers or raises CRMDataError naming the
    file and the fix."""
    from crm_lessons.data import load_donations

    COUNTS["data.load_donations (spoiled file)"]["file"] += 1
    rows = ([["frequency", "recency", "periods", "weights"]] if header else []) + lines
    d = load_spoiled_file(load_donations, "donations/donations.csv",
                          "\n".join(",".join(r) for r in rows) + "\n")
    if d is None:
        return
    assert list(d.columns) == ["frequency", "recency", "periods", "weights"]
    assert len(d) > 0 and (d >= 0).all().all()


STORE_TABLE_NAMES = sorted(set(TABLES) - {"transactions"})


@settings(FUZZ_SETTINGS, max_examples=max(4 * EXAMPLES, 100))
@given(data=st.data())
def test_store_files_spoiled_are_read_or_named_with_the_fix(data):
    """A store CSV written by hand or by a spreadsheet: missing or renamed columns, text in
    number columns, empty cells, impossible dates, duplicated rows, no rows. read_store_table
    (what load_store uses for data/store) returns typed columns or raises CRMDataError that
    names the file and the fix."""
    import tempfile
    from pathlib import Path

    from crm_lessons.data import read_store_table

    table = data.draw(st.sampled_from(STORE_TABLE_NAMES), label="table")
    seed = data.draw(st.integers(0, 2**16), label="seed")
    df = make_store(seed, {t: 3 for t in SIZES}, {table})[table]
    spoiled, how, column = _spoil_table(data, df)
    if not isinstance(spoiled, pd.DataFrame):
        spoiled, how = df.iloc[:, :1], "one_column"
    COUNTS["data.read_store_table (spoiled file)"][how] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{table}.csv"
        spoiled.to_csv(path, index=False, date_format="%Y-%m-%d")
        try:
            out = read_store_table(path, table)
        except CRMDataError as exc:
            assert f"{table}.csv" in str(exc) and "Fix" in str(exc), str(exc)
            return
        except Exception as exc:  # noqa: BLE001
            FAILURES.setdefault("data.read_store_table",
                                f"{table} spoiled by {how} on {column}: "
                                f"{type(exc).__name__}: {exc}"[:300])
            raise AssertionError(f"read_store_table({table}) with {how} on {column!r} raised "
                                 f"{type(exc).__name__}: {exc}") from exc
    assert list(out.columns) == list(TABLES[table])


def test_load_store_names_a_spoiled_data_folder(tmp_path, monkeypatch):
    """A data/store folder where a column was renamed in customers.csv: load_store says which
    file and how to restore it."""
    import shutil

    from crm_lessons.data import load_store
    from crm_lessons.paths import data_dir

    source = data_dir() / "store"
    if not (source / "customers.csv").is_file():
        pytest.skip("data/store is not written yet")
    target = tmp_path / "store"
    shutil.copytree(source, target)
    text = (target / "customers.csv").read_text(encoding="utf-8")
    (target / "customers.csv").write_text(text.replace("signup_date", "Signup Date", 1),
                                          encoding="utf-8")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path))
    COUNTS["data.load_store (spoiled folder, bad seeds)"]["folder"] += 1
    with pytest.raises(CRMDataError, match=r"customers\.csv.*signup_date.*Fix"):
        load_store()
    for seed in ["7", 1.5, -1, [7], float("nan"), True]:
        COUNTS["data.load_store (spoiled folder, bad seeds)"]["bad_seed"] += 1
        with pytest.raises(CRMDataError, match="seed"):
            load_store(seed=seed)


def test_load_hospital_names_a_spoiled_patients_file(tmp_path, monkeypatch):
    """The capstone's patients.csv with a renamed column, then with text in its first column:
    load_hospital names the file and the fix."""
    from crm_lessons.data import load_hospital
    from crm_lessons.paths import data_dir

    source = data_dir() / "hospital" / "patients.csv"
    if not source.is_file():
        pytest.skip("data/hospital is not written yet")
    (tmp_path / "hospital").mkdir()
    target = tmp_path / "hospital" / "patients.csv"
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path))
    first = header.split(",")[0]
    for spoiled in ([header.replace(first, first.upper(), 1)] + rows[:20],
                    [header] + ["not a number" + r[r.index(","):] for r in rows[:20]],
                    [header]):
        COUNTS["data.load_hospital (spoiled file)"]["file"] += 1
        target.write_text("\n".join(spoiled) + "\n", encoding="utf-8")
        try:
            load_hospital()
        except CRMDataError as exc:
            assert "patients.csv" in str(exc) and "Fix" in str(exc), str(exc)
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(f"load_hospital raised {type(exc).__name__}: {exc}") from exc
