"""A company's own transaction files, read by DuckDB: checked, typed and summarised per
customer without ever holding the transactions in memory.

- :func:`open_transactions`: a CSV or Parquet file, or a folder of them, read once into a
  DuckDB table of purchase days (customer_id, day, amount) with the problem of rows that
  cannot be used, counted;
- :func:`bad_row_report`: how many rows were read and rejected, and why, with a sample; stops
  the run unless the bad rows are to be skipped;
- :func:`summary_from_duckdb`: the per-customer summary (:mod:`crm_lessons.clv.summary_sql`)
  as a pandas DataFrame, one row per customer;
- :func:`read_summary_file`: a ready summary an analyst brings (from SQL or a spreadsheet).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from crm_lessons.clv.summary_sql import summary_sql
from crm_lessons.errors import CRMDataError, require_columns
from crm_lessons.units import require_unit

SUFFIXES = {".csv": "csv", ".gz": "csv", ".parquet": "parquet", ".pq": "parquet"}
SAMPLE = 5
# Why a row cannot be used; an ENUM in DuckDB (one byte a row, not a 16-byte string)
PROBLEMS = ("no customer id", "date not readable", "amount not a number", "negative amount")


def _files(path: Path) -> tuple[list[Path], str]:
    if path.is_file():
        kind = SUFFIXES.get(path.suffix.lower())
        if kind is None:
            raise CRMDataError(f"{path} is neither CSV nor Parquet (by its name). Fix: give a "
                               f".csv, .csv.gz or .parquet file, or a folder of them.")
        return [path], kind
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file()
                       and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
        kinds = {SUFFIXES[p.suffix.lower()] for p in found}
        if not found:
            raise CRMDataError(f"The folder {path} holds no .csv or .parquet file. Fix: point "
                               f"at the folder of transaction files, or at one file.")
        if len(kinds) > 1:
            raise CRMDataError(f"The folder {path} mixes CSV and Parquet files. Fix: keep one "
                               f"kind per folder.")
        return found, kinds.pop()
    raise CRMDataError(f"{path} does not exist. Fix: check the path of the transactions.")


def _sql_list(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in files) + "]"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class TransactionSource:
    """An open DuckDB connection holding the table ``daily``: the rows of the file added up per
    customer, day and problem (customer_id, day, problem, amount, n rows; problem NULL for the
    usable rows), filled in one pass over the file; ``rows_sql`` reads the file again row by
    row with the raw id, date and amount as text, for a sample of bad rows."""

    con: Any
    files: list[Path]
    columns: list[str]
    rows_sql: str = ""

    def close(self) -> None:
        self.con.close()


def _date_expr(col: str, is_text: bool, date_format: str | None) -> str:
    if date_format:
        fmt = date_format.replace("'", "''")
        return f"CAST(try_strptime(CAST({col} AS VARCHAR), '{fmt}') AS DATE)"
    if not is_text:
        return f"TRY_CAST({col} AS DATE)"
    return (f"COALESCE(TRY_CAST({col} AS DATE), CAST(TRY_CAST({col} AS TIMESTAMP) AS DATE), "
            f"CAST(try_strptime({col}, '%Y%m%d') AS DATE))")


def open_transactions(path: Path, customer_col: str, date_col: str, amount_col: str, *,
                      date_format: str | None = None, spill_dir: str | None = None,
                      memory_limit: str = "1GB") -> TransactionSource:
    """Read the transactions, in one pass, into DuckDB's table ``daily`` (their amounts added per
    customer, day and problem); refuse missing columns, naming the columns the file has."""
    import duckdb

    files, kind = _files(Path(path))
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        if spill_dir:
            con.execute(f"SET temp_directory = '{spill_dir}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("CREATE TYPE problem_kind AS ENUM ("
                    + ", ".join(f"'{p}'" for p in PROBLEMS) + ")")
        # DuckDB's own progress bar while it reads and summarises, on a terminal only
        con.execute(f"SET enable_progress_bar = {str(sys.stderr.isatty()).lower()}")
        reader = (f"read_csv({_sql_list(files)}, header = true, all_varchar = true)"
                  if kind == "csv" else f"read_parquet({_sql_list(files)})")
        desc = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except duckdb.Error as exc:
        con.close()
        raise CRMDataError(f"{files[0]} could not be read as {kind.upper()}: "
                           f"{str(exc).splitlines()[0]}. Fix: check that it is a {kind.upper()} "
                           f"file with a header row.") from None
    types = {name: typ for name, typ, *_ in desc}
    missing = [c for c in (customer_col, date_col, amount_col) if c not in types]
    if missing:
        con.close()
        raise CRMDataError(f"The transactions have no column {missing[0]!r}. The columns are: "
                           f"{', '.join(types)}. Fix: name them with --customer-col, "
                           f"--date-col and --amount-col.")
    c, d, a = _ident(customer_col), _ident(date_col), _ident(amount_col)
    numeric_ids = types[customer_col] == "VARCHAR" and _whole_number_ids(con, reader, c)
    names = (customer_col, date_col, amount_col)
    if kind == "csv" and not date_format:
        rows = _typed_csv(con, files, names, numeric_ids)
        if rows:
            return TransactionSource(con, files, list(types), rows)
    day = _date_expr(d, types[date_col] == "VARCHAR", date_format)
    # ids as numbers: less memory, faster grouping
    cid = f"TRY_CAST({c} AS BIGINT)" if numeric_ids else c
    rows = _rows_sql(reader, cid, day, f"TRY_CAST({a} AS DOUBLE)", (c, d, a), numeric_ids)
    con.execute(_daily_table(rows))
    return TransactionSource(con, files, list(types), rows)


def _daily_table(rows: str) -> str:
    """The statement filling ``daily`` from the rows of `rows` (:func:`_rows_sql`)."""
    return (f"CREATE TEMP TABLE daily AS SELECT customer_id, date AS day, problem, "
            f"SUM(amount) AS amount, CAST(COUNT(*) AS INTEGER) AS n FROM ({rows}) "
            f"GROUP BY customer_id, date, problem")


def _rows_sql(reader: str, cid: str, day: str, amount: str, raw: tuple[str, str, str],
              numeric_ids: bool) -> str:
    """The query giving each row's customer id, day and amount as read by the expressions
    given, the problem that makes it unusable (NULL if none) and, for such rows only, the raw
    id, date and amount as text (turned into text only for them: on ten million typed rows
    that costs more than the rest)."""
    c, d, a = raw
    # an id read as a number cannot be blank; turning every id into text to check costs seconds
    blank = "" if numeric_ids else " OR trim(CAST(customer_id AS VARCHAR)) = ''"
    no_id, no_date, no_amount, negative = PROBLEMS
    return f"""SELECT customer_id, date, amount, problem,
               CASE WHEN problem IS NULL THEN NULL ELSE CAST(raw_date AS VARCHAR) END AS raw_date,
               CASE WHEN problem IS NULL THEN NULL ELSE CAST(raw_amount AS VARCHAR) END
                   AS raw_amount,
               CASE WHEN problem IS NULL THEN NULL ELSE CAST(raw_id AS VARCHAR) END AS raw_id
        FROM (SELECT *, CASE
                WHEN customer_id IS NULL{blank} THEN '{no_id}'::problem_kind
                WHEN date IS NULL THEN '{no_date}'::problem_kind
                WHEN amount IS NULL OR NOT isfinite(amount) THEN '{no_amount}'::problem_kind
                WHEN amount < 0 THEN '{negative}'::problem_kind
              END AS problem
              FROM (SELECT {cid} AS customer_id, {day} AS date, {amount} AS amount,
                           {d} AS raw_date, {a} AS raw_amount, {c} AS raw_id
                    FROM {reader}))"""


def _typed_csv(con, files: list[Path], names: tuple[str, str, str], numeric_ids: bool) -> str:
    """Fill ``daily`` from a CSV read with its three columns typed by DuckDB's own parser (ISO
    dates, numbers): a fraction of the time of text turned into types row by row; return the
    rows query. "" with nothing filled when some value does not parse that way: the caller then
    reads every column as text, which counts and shows the bad rows."""
    import duckdb

    cols = tuple(_ident(n) for n in names)
    kinds = zip(names, ("BIGINT" if numeric_ids else "VARCHAR", "DATE", "DOUBLE"), strict=True)
    struct = ", ".join("'" + n.replace("'", "''") + f"': '{t}'" for n, t in kinds)
    reader = f"read_csv({_sql_list(files)}, header = true, types = {{{struct}}})"
    rows = _rows_sql(reader, *cols, cols, numeric_ids)
    try:
        con.execute(_daily_table(rows))
    except duckdb.Error:
        return ""
    return rows


def _whole_number_ids(con, reader: str, c: str) -> bool:
    """True when the first 100,000 customer ids are all whole numbers without leading zeros
    (so reading them as numbers loses nothing)."""
    bad = con.execute(f"SELECT COUNT(*) FROM (SELECT {c} AS c FROM {reader} LIMIT 100000) "
                      f"WHERE c IS NOT NULL AND (TRY_CAST(c AS BIGINT) IS NULL OR "
                      f"CAST(TRY_CAST(c AS BIGINT) AS VARCHAR) <> trim(c))").fetchone()[0]
    return bad == 0


def bad_row_report(source: TransactionSource, *, skip: bool) -> str:
    """One line on the rows read and rejected; raises CRMDataError (with counts by reason and a
    sample of bad rows) when some are bad and `skip` is False."""
    con = source.con
    total, bad = con.execute("SELECT COALESCE(SUM(n), 0), COALESCE(SUM(n) FILTER (WHERE problem "
                             "IS NOT NULL), 0) FROM daily").fetchone()
    if total == 0:
        raise CRMDataError(f"{source.files[0]} holds no transactions (only a header). Fix: "
                           f"check the file.")
    if bad == 0:
        return f"{total:,} transactions read, none rejected"
    reasons = con.execute("SELECT problem, SUM(n) FROM daily WHERE problem IS NOT NULL "
                          "GROUP BY problem ORDER BY 2 DESC, CAST(problem AS VARCHAR)").fetchall()
    by_reason = "; ".join(f"{n:,} {why}" for why, n in reasons)
    if bad == total:
        raise CRMDataError(f"none of the {total:,} rows can be used ({by_reason}). Fix: check "
                           f"the column names and, for dates that are not ISO, --date-format.")
    if skip:
        return f"{total:,} transactions read, {bad:,} rejected and skipped ({by_reason})"
    sample = con.execute(f"SELECT raw_id, raw_date, raw_amount, problem FROM ({source.rows_sql}) "
                         f"WHERE problem IS NOT NULL LIMIT {SAMPLE}").fetchall()
    rows = "\n".join(f"  customer {i!r}, date {d!r}, amount {a!r}: {why}"
                     for i, d, a, why in sample)
    raise CRMDataError(f"{bad:,} of {total:,} rows cannot be used ({by_reason}). For example:\n"
                       f"{rows}\nFix: correct them, or run again with --skip-bad-rows to leave "
                       f"them out (the report then says how many).")


def summary_from_duckdb(source: TransactionSource, unit: str | None,
                        calibration_end: str | None) -> pd.DataFrame:
    """The per-customer summary of the usable rows, indexed by customer, ``attrs["freq"]`` set.
    With `calibration_end`, the purchases after it up to the last one form the hold-out."""
    unit = require_unit(unit or "W", "clv: --unit")
    con = source.con
    last = con.execute("SELECT MAX(day) FROM daily WHERE problem IS NULL").fetchone()[0]
    obs = None
    if calibration_end is not None:
        try:
            cal = pd.Timestamp(calibration_end).date()
        except (ValueError, TypeError):
            raise CRMDataError(f"--calibration-end should be a date such as 2024-06-30, got "
                               f"{calibration_end!r}.") from None
        if cal >= last:
            raise CRMDataError(f"--calibration-end {cal} is on or after the last purchase "
                               f"({last}), so nothing is left to check the model on. Fix: "
                               f"choose an earlier date.")
        calibration_end, obs = cal.isoformat(), last.isoformat()
    query = summary_sql("(SELECT customer_id, day, amount FROM daily WHERE problem IS NULL)",
                        date_col="day", calibration_end=calibration_end, observation_end=obs,
                        unit=unit, dialect="duckdb", per_day=True)
    summary = con.execute(query).df().set_index("customer_id")
    if summary.empty:
        raise CRMDataError(f"no customer made a purchase on or before --calibration-end "
                           f"{calibration_end}. Fix: choose a later date.")
    summary.attrs["freq"] = unit
    return summary


def read_summary_file(path: Path, unit: str) -> pd.DataFrame:
    """A ready summary (CSV or Parquet): frequency, recency, T, monetary_value, and a customer
    id as the first column, in the time unit `unit`."""
    files, kind = _files(Path(path))
    if kind == "csv":
        frame = pd.concat([pd.read_csv(p) for p in files], ignore_index=True)
    else:
        import duckdb

        frame = duckdb.connect().execute(
            f"SELECT * FROM read_parquet({_sql_list(files)})").df()
    require_columns(frame, "summary", ["frequency", "recency", "T", "monetary_value"])
    first = frame.columns[0]
    if first not in ("frequency", "recency", "T", "monetary_value"):
        frame = frame.set_index(first)
    frame.attrs["freq"] = require_unit(unit, "clv: --unit")
    return frame
