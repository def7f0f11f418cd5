"""The doctor's data checks: is every shipped data file there, readable and sound? The store's
tables are validated against the schema (crm_lessons.data.validate) and held against
store.sqlite, row by row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

import numpy as np
import pandas as pd

from crm_lessons.data.cdnow import CDNOW_FILES, CDNOW_FIX, load_cdnow
from crm_lessons.data.donations import DONATIONS_FIX, load_donations
from crm_lessons.data.hospital_schema import HOSPITAL_FIX, HOSPITAL_TABLES
from crm_lessons.data.store import store_dir
from crm_lessons.data.store_io import read_only_uri, read_store_table
from crm_lessons.data.tables import PRIMARY_KEYS, store_fix
from crm_lessons.data.validate import SHOWN_ROWS, Problem, validate_store
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir
from crm_lessons.schema import STORE_TABLES

SQLITE = "data/store/store.sqlite"


def check_data_files() -> list[tuple[str, str, str]]:
    """Check every shipped data file: a list of (name, problem or '', fix) for `doctor`, one
    entry per problem (a file with several problems has several entries).

    >>> all(len(row) == 3 for row in check_data_files())         # doctest: +SKIP
    True
    """
    folder = store_dir()
    fix = store_fix(folder)
    results, tables = [], {}
    for t in STORE_TABLES:
        try:
            tables[t] = read_store_table(folder / f"{t}.csv", t, fix)
        except CRMDataError as exc:
            results.append((f"data/store/{t}.csv", str(exc).split(" Fix: ")[0], fix))
    problems = [p for p in validate_store(tables, fix) if p.table in tables]
    for t in tables:
        found = [p for p in problems if p.table == t]
        results += [(f"data/store/{t}.csv", p.describe(), fix) for p in found] \
            or [(f"data/store/{t}.csv", "", "")]
    problem = sqlite_problem()
    if not problem and len(tables) == len(STORE_TABLES):
        results += [(SQLITE, p.describe(), fix) for p in compare_with_sqlite(tables, fix)]
    if problem or not any(name == SQLITE for name, _, _ in results):
        results.append((SQLITE, problem, fix if problem else ""))
    results += hospital_results() + cdnow_results() + loader_results(
        [("data/donations/donations.csv", load_donations, DONATIONS_FIX)])
    return results


def hospital_results() -> list[tuple[str, str, str]]:
    """The doctor's entries for the hospital case's files."""
    out = []
    for t in HOSPITAL_TABLES:
        name, path = f"data/hospital/{t}.csv", data_dir() / "hospital" / f"{t}.csv"
        try:
            empty = read_store_table(path, t, HOSPITAL_FIX).empty
            out.append((name, f"The data file {path} has no rows (only its header)" if empty
                        else "", HOSPITAL_FIX if empty else ""))
        except CRMDataError as exc:
            out.append((name, str(exc).split(" Fix: ")[0], HOSPITAL_FIX.rstrip(".")))
    return out


def loader_results(entries) -> list[tuple[str, str, str]]:
    """The doctor's entry of each (file name, loader, fix): what is wrong when the loader
    fails ('' when it reads the file)."""
    out = []
    for name, load, fix in entries:
        try:
            load()
            out.append((name, "", ""))
        except CRMDataError as exc:
            out.append((name, str(exc).split(" Fix: ")[0], fix))
    return out


def cdnow_results() -> list[tuple[str, str, str]]:
    """The doctor's entries for the CDNOW files."""
    return loader_results([(f"data/cdnow/{CDNOW_FILES[sample]}",
                            lambda sample=sample: load_cdnow(sample=sample), CDNOW_FIX)
                           for sample in (True, False)])


def sqlite_problem() -> str:
    """What is wrong with the shipped store.sqlite ('' when it opens and has every table)."""
    db = store_dir() / "store.sqlite"
    if not db.is_file():
        return f"The store database {db} is missing"
    try:
        with closing(sqlite3.connect(read_only_uri(db), uri=True)) as con:
            have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        return f"The store database {db} cannot be read ({exc})"
    if set(STORE_TABLES) - have:
        return f"The store database {db} has no table {sorted(set(STORE_TABLES) - have)[0]!r}"
    return ""


def _comparable(s: pd.Series, kind: str) -> np.ndarray:
    """A column as values that compare equal across CSV and SQLite (dates, labels, numbers)."""
    if kind == "date":
        if not pd.api.types.is_datetime64_any_dtype(s):
            s = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        return s.to_numpy(dtype="datetime64[ns]")
    if kind in ("category", "str"):
        return s.astype(object).where(s.notna(), None).to_numpy()
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == float:
        return ~(np.isclose(a, b, rtol=1e-9, atol=0) | (np.isnan(a) & np.isnan(b)))
    if a.dtype.kind == "M":         # NaT equals NaT here
        return a.view("int64") != b.view("int64")
    return a != b


def _text(value: object) -> str:
    if isinstance(value, np.datetime64):
        return "empty" if np.isnat(value) else str(value)[:10]
    if isinstance(value, float):
        return "empty" if value != value else f"{value:g}"
    return "empty" if value is None else str(value)


def table_vs_sqlite(df: pd.DataFrame, sql: pd.DataFrame, table: str) -> list[Problem]:
    """How the CSV table `df` and the same table read from SQLite `sql` differ."""
    if len(sql) != len(df):
        return [Problem(table, "", f"has {len(sql)} rows in store.sqlite but {len(df)} in "
                                   f"{table}.csv")]
    key = PRIMARY_KEYS[table]
    df = df.sort_values(key, kind="stable")
    lines = df.index.to_numpy() + 2
    out = []
    for col, (kind, _) in STORE_TABLES[table].items():
        if col not in sql.columns:
            out.append(Problem(table, col, "is missing from store.sqlite"))
            continue
        a, b = _comparable(df[col], kind), _comparable(sql[col].reset_index(drop=True), kind)
        bad = np.flatnonzero(_differs(a, b))
        if len(bad):
            shown = tuple(f"CSV {_text(a[i])}, SQLite {_text(b[i])}" for i in bad[:SHOWN_ROWS])
            out.append(Problem(table, col, f"differs between {table}.csv and store.sqlite "
                                           f"in {len(bad)} row(s)",
                               tuple(int(x) for x in lines[bad[:SHOWN_ROWS]]), shown))
    return out


def compare_with_sqlite(tables: dict[str, pd.DataFrame], fix: str) -> list[Problem]:
    """Every difference between the CSV `tables` and store.sqlite: row counts, then cells."""
    out = []
    with closing(sqlite3.connect(read_only_uri(store_dir() / "store.sqlite"), uri=True)) as con:
        for table, df in tables.items():
            order = ", ".join(f'"{c}"' for c in PRIMARY_KEYS[table])
            try:
                sql = pd.read_sql_query(f'SELECT * FROM "{table}" ORDER BY {order}', con)
            except (sqlite3.Error, pd.errors.DatabaseError) as exc:
                out.append(Problem(table, "", f"cannot be read from store.sqlite ({exc})"))
                continue
            out += table_vs_sqlite(df, sql, table)
    return [replace(p, fix=fix) for p in out]

