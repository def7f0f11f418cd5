"""Writing the store's tables as CSV files and SQLite, and reading one data file back with the
schema's types (or one clear error naming the file, the problem and the fix)."""

from __future__ import annotations

import csv
import errno
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.data.sniff import (
    HEAD_BYTES,
    PARSE_MEMORY_FACTOR,
    head_lines,
    human_size,
    memory_limit,
    refuse_larger_than,
)
from crm_lessons.data.tables import (
    CATEGORY_LEVELS,
    FOREIGN_KEYS,
    ORDERED_CATEGORIES,
    PRIMARY_KEYS,
    SQL_TYPES,
    STORE_FIX,
    TABLE_ORDER,
    is_nullable,
    table_spec,
)
from crm_lessons.errors import CRMDataError
from crm_lessons.schema import STORE_TABLES
from crm_lessons.writing import write_folder

NUMERIC_KINDS = ("int", "Int64", "float")
# dates and categories hold few distinct values: reading them as categories parses each
# distinct text once (much faster than one Python string per cell)
FAST_DTYPES = {"int": "int64", "Int64": "Int64", "float": "float64", "bool": "bool",
               "category": "category", "date": "category"}
FINAL_DTYPES = {"int": np.int64, "Int64": "Int64", "float": np.float64, "bool": bool,
                "date": "datetime64[ns]", "str": "str"}


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens the database file `path` read-only: a proper file URI, so a
    folder whose name holds `#`, `?`, `%` or a space is not cut short (which would open, or
    create, another file).

    >>> read_only_uri(Path("/tmp/a#b?c/store.sqlite"))
    'file:///tmp/a%23b%3Fc/store.sqlite?mode=ro'
    """
    return Path(path).resolve().as_uri() + "?mode=ro"


def sql_values(df: pd.DataFrame, table: str) -> list[tuple]:
    """The rows of a store table as Python values for sqlite3 (dates as text, NA as None)."""
    cols = []
    for col, (kind, _) in STORE_TABLES[table].items():
        s = df[col]
        if kind == "date":
            vals = s.dt.strftime("%Y-%m-%d").astype(object)
            vals = vals.where(s.notna(), None).tolist()
        elif kind == "Int64":
            vals = [None if v is pd.NA else int(v) for v in s.astype(object).tolist()]
        elif kind == "bool":
            vals = s.astype(np.int64).tolist()
        elif kind == "float":
            vals = [None if v != v else v for v in s.astype(float).tolist()]
        elif kind in ("category", "str"):
            vals = s.astype(object).tolist()
        else:
            vals = s.astype(np.int64).tolist()
        cols.append(vals)
    return list(zip(*cols, strict=True))


def fill_sqlite(con: sqlite3.Connection, tables: dict[str, pd.DataFrame]) -> None:
    """Create every store table with its keys in `con` and insert the rows."""
    for table in TABLE_ORDER:
        spec = STORE_TABLES[table]
        defs = [f'"{c}" {SQL_TYPES[k]}' + ("" if is_nullable(table, c) else " NOT NULL")
                for c, (k, _) in spec.items()]
        defs.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in PRIMARY_KEYS[table]) + ")")
        for col, ref, refcol in FOREIGN_KEYS.get(table, []):
            defs.append(f'FOREIGN KEY ("{col}") REFERENCES {ref} ("{refcol}")')
        plain_key = len(PRIMARY_KEYS[table]) == 1 and spec[PRIMARY_KEYS[table][0]][0] == "int"
        con.execute(f"CREATE TABLE {table} (\n  " + ",\n  ".join(defs) + "\n)"
                    + ("" if plain_key else " WITHOUT ROWID"))
        marks = ", ".join("?" * len(spec))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", sql_values(tables[table], table))
    con.commit()


def sqlite_bytes(tables: dict[str, pd.DataFrame]) -> bytes | None:
    """The tables as an in-memory SQLite database, serialised (None where sqlite3 cannot)."""
    if not hasattr(sqlite3.Connection, "serialize"):
        return None
    con = sqlite3.connect(":memory:")
    fill_sqlite(con, tables)
    blob = con.serialize()
    con.close()
    return blob


def store_files() -> list[str]:
    """The names of the files a store data set consists of (README.md included)."""
    return [f"{t}.csv" for t in STORE_TABLES] + ["store.sqlite", "README.md"]


def write_store(tables: dict[str, pd.DataFrame], outdir: Path, *, readme: str | None = None,
                force: bool = False) -> list[Path]:
    """Write the tables as CSV files and one SQLite database (and README.md when its text is
    given) into `outdir`; return the paths.

    The data set is built in a fresh folder beside `outdir` and swapped in whole, so a failure
    leaves the old data as it was; existing data files are replaced only with `force`, and a
    symbolic link or other non-file in their place is refused (``crm_lessons.writing``).

    >>> import tempfile
    >>> from crm_lessons.data.store import generate_store
    >>> paths = write_store(generate_store(7, 60), Path(tempfile.mkdtemp()))
    >>> paths[-1].name
    'store.sqlite'
    """
    names = [f"{t}.csv" for t in STORE_TABLES] + ["store.sqlite"]

    def build(folder: Path) -> None:
        for table in STORE_TABLES:
            tables[table].to_csv(folder / f"{table}.csv", index=False, date_format="%Y-%m-%d",
                                 lineterminator="\n")
        con = sqlite3.connect(folder / "store.sqlite")
        try:
            con.execute("PRAGMA journal_mode = OFF")
            fill_sqlite(con, tables)
            con.execute("VACUUM")
        except sqlite3.Error as exc:   # a full disk or a file-size limit
            raise OSError(errno.EIO, f"store.sqlite: {exc}") from exc
        finally:
            con.close()
        if readme is not None:
            (folder / "README.md").write_text(readme, encoding="utf-8")

    outdir = write_folder(outdir, build, store_files(), force=force)
    return [outdir / n for n in names + (["README.md"] if readme is not None else [])]


def _bad_line(raw: pd.Series, converted: pd.Series) -> int:
    bad = converted.isna().to_numpy() & raw.notna().to_numpy()
    return int(np.flatnonzero(bad)[0]) + 2      # +1 for the header, +1 for counting from 1


def check_head(path: Path, spec: dict, fix: str) -> None:
    """Refuse, before parsing, a file whose first bytes are not a CSV with the table's
    columns, or that is too large for the memory left."""
    lines = head_lines(path, "data file", fix, max_lines=2)
    header = next(csv.reader(lines[:1]), [])
    if len(lines) < 2 and path.stat().st_size > HEAD_BYTES:
        raise CRMDataError(f"The data file {path} is not a table: its first "
                           f"{human_size(HEAD_BYTES)} hold fewer than two lines. Fix: {fix}.")
    missing = [c for c in spec if c not in header]
    if missing:
        shown = ", ".join(header)[:200] if header else "no header"
        raise CRMDataError(f"The data file {path} has no column {missing[0]!r} in its first "
                           f"line (it has: {shown}). Fix: {fix}.")
    refuse_larger_than(path, memory_limit(), "data file", fix,
                       f"1/{PARSE_MEMORY_FACTOR} of the memory left, which reading it may need")


def _read_raw(path: Path, spec: dict, fix: str) -> pd.DataFrame:
    if not path.is_file():
        raise CRMDataError(f"The data file {path} is missing. Fix: {fix}.")
    check_head(path, spec, fix)
    typed = {c: FAST_DTYPES.get(k, "str") for c, (k, _) in spec.items()}
    try:
        try:   # fast path: the file is as written; any surprise falls back to a careful read
            raw = pd.read_csv(path, dtype=typed, keep_default_na=False, na_values=[""])
        except (ValueError, TypeError, OverflowError):
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
            MemoryError) as exc:
        why = "not enough memory" if isinstance(exc, MemoryError) else exc
        raise CRMDataError(f"The data file {path} cannot be read ({why}). Fix: {fix}.") from None
    missing = [c for c in spec if c not in raw.columns]
    if missing:
        raise CRMDataError(f"The data file {path} has no column {missing[0]!r} "
                           f"(it has: {', '.join(raw.columns)}). Fix: {fix}.")
    return raw


def _convert(s: pd.Series, kind: str, table: str, col: str) -> pd.Series:
    """`s` converted to `kind`, with NA wherever a cell cannot be read."""
    if kind in NUMERIC_KINDS and pd.api.types.is_numeric_dtype(s) \
            and not pd.api.types.is_bool_dtype(s):
        return s
    if kind in NUMERIC_KINDS:
        conv = pd.to_numeric(s, errors="coerce")
        if kind != "float":
            conv = conv.where(conv.isna() | ((conv == np.round(conv)) & (conv.abs() < 2**63)))
        return conv
    if kind == "date" and isinstance(s.dtype, pd.CategoricalDtype):
        days = pd.to_datetime(pd.Series(s.cat.categories, dtype=object), format="%Y-%m-%d",
                              errors="coerce").to_numpy(dtype="datetime64[ns]")
        codes = s.cat.codes.to_numpy()
        if len(days) == 0:     # an all-empty column (no loyalty member yet): no categories
            days = np.array(["NaT"], dtype="datetime64[ns]")
        return pd.Series(np.where(codes >= 0, days[np.maximum(codes, 0)],
                                  np.datetime64("NaT", "ns")), index=s.index)
    if kind == "date":
        return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    if kind == "bool":
        if pd.api.types.is_bool_dtype(s):
            return s
        return s.map({"True": True, "False": False, "1": True, "0": False})
    if kind == "category":
        levels = CATEGORY_LEVELS[(table, col)]
        ordered = (table, col) in ORDERED_CATEGORIES
        if isinstance(s.dtype, pd.CategoricalDtype):
            return s.cat.set_categories(levels, ordered=ordered)
        return pd.Series(pd.Categorical(s, categories=levels, ordered=ordered), index=s.index)
    return s


def read_store_table(path: Path, table: str, fix: str = STORE_FIX) -> pd.DataFrame:
    """Read one store CSV with the schema's types, or raise one CRMDataError naming the file,
    the problem and the fix.

    >>> from crm_lessons.paths import data_dir
    >>> read_store_table(data_dir() / "store" / "products.csv", "products").shape[1]
    5
    """
    spec = table_spec(table)
    raw = _read_raw(path, spec, fix)
    out = {}
    for col, (kind, _) in spec.items():
        s = raw[col]
        if not is_nullable(table, col) and s.isna().any():
            line = int(np.flatnonzero(s.isna().to_numpy())[0]) + 2
            raise CRMDataError(f"The data file {path} has an empty {col} on line {line}. Fix: {fix}.")
        conv = _convert(s, kind, table, col)
        if (conv.isna() & s.notna()).any():
            what = "value outside " + "/".join(CATEGORY_LEVELS[(table, col)]) if kind == "category" else "value"
            raise CRMDataError(f"The data file {path} has an unreadable {col} {what} "
                               f"{s[conv.isna() & s.notna()].iloc[0]!r} on line {_bad_line(s, conv)}. Fix: {fix}.")
        out[col] = conv.astype(FINAL_DTYPES[kind]) if kind in FINAL_DTYPES else conv
    return pd.DataFrame(out)
