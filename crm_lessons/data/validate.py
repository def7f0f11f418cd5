"""Is the store's content what crm_lessons.schema says? A pure function from tables to the
problems found: types, empty cells, empty tables, unique primary keys, foreign keys that
point to an existing row, and each column's range (STORE_RANGES). Each problem names the
table, the column, the first offending rows (as lines of the table's CSV file: the header is
line 1) and the fix.

`validate_store` reads nothing and writes nothing; the doctor runs it on the shipped files
(crm_lessons.data.checks, which also holds the CSV tables against store.sqlite) and
`load_store` on what it has just read (about 0.1 s for the shipped store).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from crm_lessons.data.tables import (
    CATEGORY_LEVELS,
    FOREIGN_KEYS,
    PRIMARY_KEYS,
    STORE_FIX,
    is_nullable,
)
from crm_lessons.schema import STORE_RANGES, STORE_TABLES

#: How many offending rows a problem lists.
SHOWN_ROWS = 3
KIND_WORDS = {"int": "whole numbers", "Int64": "whole numbers (or empty cells)",
              "float": "numbers", "bool": "True/False values", "date": "dates",
              "category": "text labels", "str": "text"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table: `table`, `column` ('' for the whole table), `what` is
    wrong, the CSV `lines` of the first offending rows, their `values`, and the `fix`."""

    table: str
    column: str
    what: str
    lines: tuple[int, ...] = ()
    values: tuple = ()
    fix: str = STORE_FIX

    def describe(self) -> str:
        """The problem without its fix: where, what, and the first offending rows."""
        where = f"{self.table}.{self.column}" if self.column else self.table
        text = f"{where} {self.what}"
        if self.lines:
            word = "line" if len(self.lines) == 1 else "lines"
            text += f", first on {word} {', '.join(map(str, self.lines))} of {self.table}.csv"
            if self.values:
                sep = "; " if any("," in str(v) for v in self.values) else ", "
                text += " (" + sep.join(map(str, self.values)) + ")"
        return text

    def __str__(self) -> str:
        return f"{self.describe()}. Fix: {self.fix}."


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(float(value))
    return str(value)


def rows_problem(df: pd.DataFrame, table: str, column: str, bad, what: str,
                 show: list[str] | None = None) -> list[Problem]:
    """[] when no row is `bad`, else one Problem naming how many rows, and the first ones
    with the values of the columns `show` (default: `column`)."""
    if not isinstance(bad, np.ndarray) or bad.dtype != bool:
        bad = np.asarray(pd.Series(bad).fillna(False), dtype=bool)
    if not bad.any():
        return []
    pos = np.flatnonzero(bad)[:SHOWN_ROWS]
    if show is None:
        values = tuple(_show(df[column].iloc[p]) for p in pos)
    else:
        values = tuple(" ".join(f"{c}={_show(df[c].iloc[p])}" for c in show) for p in pos)
    n = int(bad.sum())
    return [Problem(table, column, what.format(n=n, s="" if n == 1 else "s"),
                    tuple(int(p) + 2 for p in pos), values)]


def type_problems(df: pd.DataFrame, table: str) -> list[Problem]:
    """Columns that are missing or do not hold the schema's kind of values."""
    out = []
    for col, (kind, _) in STORE_TABLES[table].items():
        if col not in df.columns:
            out.append(Problem(table, col, "is missing (no such column)"))
            continue
        s = df[col]
        ok = {"int": pd.api.types.is_integer_dtype, "Int64": pd.api.types.is_integer_dtype,
              "float": pd.api.types.is_numeric_dtype, "bool": pd.api.types.is_bool_dtype,
              "date": pd.api.types.is_datetime64_any_dtype}.get(kind, lambda _: True)(s)
        if kind in ("int", "Int64", "float") and pd.api.types.is_bool_dtype(s):
            ok = False
        if not ok:
            out.append(Problem(table, col, f"should hold {KIND_WORDS[kind]}, not {s.dtype}"))
    return out


def cell_problems(df: pd.DataFrame, table: str) -> list[Problem]:
    """Empty cells where the schema wants a value, infinite numbers, unknown labels."""
    out = []
    for col, (kind, _) in STORE_TABLES[table].items():
        s = df[col]
        if not is_nullable(table, col):
            out += rows_problem(df, table, col, s.isna().to_numpy(), "has {n} empty cell{s}")
        if kind == "float":
            out += rows_problem(df, table, col, np.isinf(s.to_numpy(dtype=float)),
                                "has {n} infinite value{s}")
        levels = CATEGORY_LEVELS.get((table, col), [])
        known = isinstance(s.dtype, pd.CategoricalDtype) and set(s.cat.categories) <= set(levels)
        if kind == "category" and not known:
            out += rows_problem(df, table, col, s.notna() & ~s.astype(object).isin(levels),
                                "has {n} value{s} outside " + "/".join(levels))
    return out


def key_problems(df: pd.DataFrame, table: str) -> list[Problem]:
    """Primary-key values that repeat (every repeat after the first is offending)."""
    key = PRIMARY_KEYS[table]
    what = "is the primary key but has {n} repeated value{s}"
    return rows_problem(df, table, ", ".join(key), df.duplicated(key, keep="first"), what,
                        show=key)


def _values(x: object):
    """A column (or a bound) as a numpy array or scalar that compares with NA as False."""
    if isinstance(x, pd.Series):
        if pd.api.types.is_datetime64_any_dtype(x):
            return x.to_numpy(dtype="datetime64[ns]")
        return x.to_numpy(dtype=float, na_value=np.nan)
    return np.datetime64(x, "ns") if isinstance(x, pd.Timestamp) else x


def _bound(df: pd.DataFrame, bound: object):
    """A range bound as a value or, when it names a column, that column."""
    if isinstance(bound, str):
        return _values(df[bound] if bound in df.columns else pd.Timestamp(bound))
    return bound


def range_problems(df: pd.DataFrame, table: str) -> list[Problem]:
    """Values outside their column's range in STORE_RANGES (bounds included)."""
    out = []
    for col, (low, high) in STORE_RANGES.get(table, {}).items():
        s = _values(df[col])
        bad = np.zeros(len(s), dtype=bool)
        if low is not None:
            bad |= s < _bound(df, low)
        if high is not None:
            bad |= s > _bound(df, high)
        if low is None:
            span = f"at most {high}"
        elif high is None:
            span = f"at least {low}"
        else:
            span = f"from {low} to {high}"
        refs = [b for b in (low, high) if isinstance(b, str) and b in df.columns]
        out += rows_problem(df, table, col, bad, "has {n} value{s} outside its range (" + span + ")",
                            show=[col, *refs] if refs else None)
    return out


def foreign_key_problems(tables: Mapping[str, pd.DataFrame], sound: set[str]) -> list[Problem]:
    """Foreign-key values with no row in the table they refer to (empty cells are fine).
    Only tables in `sound` (present, right columns and types, not empty) are checked."""
    out = []
    for table, keys in FOREIGN_KEYS.items():
        for col, ref, refcol in keys:
            if table not in sound or ref not in sound:
                continue
            s = tables[table][col]
            bad = s.notna() & ~s.isin(tables[ref][refcol])
            out += rows_problem(tables[table], table, col, bad,
                                "has {n} value{s} with no row in " + f"{ref}.{refcol}")
    return out


def validate_store(tables: Mapping[str, pd.DataFrame], fix: str = STORE_FIX) -> list[Problem]:
    """Every problem of the store `tables` (name -> DataFrame, typed as `load_store` gives
    them) against crm_lessons.schema; [] for a sound store. Each Problem carries `fix`.

    >>> from crm_lessons.data import load_store
    >>> validate_store(load_store().tables())
    []
    """
    problems, sound = [], set()
    for table in STORE_TABLES:
        df = tables.get(table)
        if df is None:
            problems.append(Problem(table, "", "is missing"))
            continue
        found = type_problems(df, table)
        if not found and len(df) == 0:
            found = [Problem(table, "", "has no rows (only its header)")]
        if not found:
            sound.add(table)
            found = cell_problems(df, table) + key_problems(df, table) + range_problems(df, table)
        problems += found
    problems += foreign_key_problems(tables, sound)
    return [replace(p, fix=fix) for p in problems]
