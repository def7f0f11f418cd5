"""The package's one error type for bad data, and the checks that raise it."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class CRMDataError(ValueError):
    """Raised when a table given to a helper cannot be used as it is.

    The message always names the table, the column (where there is one) and the fix.
    """


def require_frame(df: object, table: str) -> pd.DataFrame:
    """Check that `df` is a DataFrame, naming `table` in the error when it is not."""
    if not isinstance(df, pd.DataFrame):
        raise CRMDataError(
            f"{table} should be a pandas DataFrame, but got {type(df).__name__}. "
            f"Pass the table itself, for example store.{table}."
        )
    return df


def require_columns(df: object, table: str, columns: Iterable[str]) -> pd.DataFrame:
    """Check that `df` is a DataFrame holding every column in `columns`.

    >>> require_columns(pd.DataFrame({"a": [1]}), "orders", ["a"]).shape
    (1, 1)
    """
    df = require_frame(df, table)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns)) or "no columns"
        raise CRMDataError(
            f"{table} has no column {missing[0]!r}"
            + (f" (nor {', '.join(map(repr, missing[1:]))})" if len(missing) > 1 else "")
            + f"; it has: {have}. Pass the {table} table from load_store(), "
            f"or rename your column to {missing[0]!r}."
        )
    return df


def require_not_empty(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check that `df` has at least one row."""
    if len(df) == 0:
        raise CRMDataError(
            f"{table} is empty, so there is nothing to compute. "
            f"Check the filter that produced it, or pass the full {table} table."
        )
    return df


def require_numeric(df: pd.DataFrame, table: str, column: str, *, min_value: float | None = None,
                    allow_nan: bool = False) -> pd.Series:
    """Return `df[column]` as floats, or fail naming the table, column and fix."""
    s = df[column]
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        converted = pd.to_numeric(s, errors="coerce")
        bad = s[converted.isna() & s.notna()]
        if len(bad):
            raise CRMDataError(
                f"{table}.{column} should hold numbers, but has values such as {bad.iloc[0]!r}. "
                f"Convert it with pd.to_numeric(...) or fix those rows."
            )
        s = converted
    s = s.astype(float)
    if not allow_nan and s.isna().any():
        raise CRMDataError(
            f"{table}.{column} has {int(s.isna().sum())} missing values. "
            f"Drop or fill those rows first (for example with .dropna(subset=[{column!r}]))."
        )
    if min_value is not None and (s < min_value).any():
        raise CRMDataError(
            f"{table}.{column} has values below {min_value}, such as {s[s < min_value].iloc[0]!r}. "
            f"Remove those rows or correct them before computing."
        )
    return s


def require_dates(df: pd.DataFrame, table: str, column: str) -> pd.Series:
    """Return `df[column]` as datetimes, or fail naming the table, column and fix."""
    s = df[column]
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
    else:
        out = pd.to_datetime(s, errors="coerce")
        bad = s[out.isna() & s.notna()]
        if len(bad):
            raise CRMDataError(
                f"{table}.{column} should hold dates, but has values such as {bad.iloc[0]!r}. "
                f"Parse it with pd.to_datetime(...) or fix those rows."
            )
    if out.isna().any():
        raise CRMDataError(
            f"{table}.{column} has {int(out.isna().sum())} missing dates. "
            f"Drop those rows first (for example with .dropna(subset=[{column!r}]))."
        )
    return out
