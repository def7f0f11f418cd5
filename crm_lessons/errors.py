"""The package's one error type for bad data, its warnings, and the shared checks that raise them.

Every helper validates its arguments with these `require_*` functions, so a wrong input gets
the same clear message (the name, what was expected, what was given, the fix) everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
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


class CRMFitWarning(RuntimeWarning):
    """Warned when a model's maximum-likelihood fit did not converge."""


class CRMDataWarning(UserWarning):
    """Warned when some rows are left out of a computation (the message says which)."""


def _is_real(value: object) -> bool:
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, float, np.integer,
                                                                          np.floating))


def require_whole_number(value: object, name: str, *, minimum: int | None = None,
                         maximum: int | None = None, fix: str = "") -> int:
    """Return `value` as an int, or fail naming `name`, the range and the fix.

    Booleans, floats and text are refused (``True`` is not a count of 1).

    >>> require_whole_number(3, "years", minimum=1)
    3
    """
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, np.integer))
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        if minimum is not None and maximum is not None:
            wanted = f"a whole number from {minimum} to {maximum}"
        elif minimum is not None:
            wanted = f"a whole number of at least {minimum}"
        elif maximum is not None:
            wanted = f"a whole number of at most {maximum}"
        else:
            wanted = "a whole number"
        raise CRMDataError(f"{name} should be {wanted}, but got {value!r}."
                           + (f" {fix}" if fix else ""))
    return int(value)


def require_number(value: object, name: str, *, minimum: float | None = None,
                   fix: str = "") -> float:
    """Return `value` as a finite float (at least `minimum` when given), or fail clearly.

    >>> require_number(2.5, "margin")
    2.5
    """
    x = float(value) if _is_real(value) else float("nan")
    if not np.isfinite(x) or (minimum is not None and x < minimum):
        wanted = "a number" if minimum is None else f"a number of at least {minimum:g}"
        raise CRMDataError(f"{name} should be {wanted}, but got {value!r}."
                           + (f" {fix}" if fix else ""))
    return x


def require_fraction(value: object, name: str, *, allow_zero: bool = True,
                     allow_one: bool = True, fix: str = "") -> float:
    """Return `value` as a float between 0 and 1, or fail naming `name` and the fix.

    Percentages given as whole numbers (80 for 80%) are refused with a pointer to 0.8.

    >>> require_fraction(0.8, "retention_rate")
    0.8
    """
    x = float(value) if _is_real(value) else float("nan")
    low_ok = x >= 0 if allow_zero else x > 0
    high_ok = x <= 1 if allow_one else x < 1
    if not (np.isfinite(x) and low_ok and high_ok):
        low = "0" if allow_zero else "just above 0"
        high = "1" if allow_one else "just below 1"
        raise CRMDataError(f"{name} should be a fraction from {low} to {high}, but got {value!r}. "
                           + (fix or "Give it as a fraction, e.g. 0.8 for 80%, not 80."))
    return x


def require_ids(df: pd.DataFrame, table: str, column: str, *, allow_missing: bool = False,
                unique: bool = False) -> pd.Series:
    """Return `df[column]` as whole-number ids (Int64 when missing ids are allowed, else int64),
    or fail naming the table, column and fix. With `unique`, a repeated id is refused too.

    >>> require_ids(pd.DataFrame({"customer_id": [3.0, 4.0]}), "customers", "customer_id").tolist()
    [3, 4]
    """
    values = require_numeric(df, table, column, allow_nan=allow_missing)
    known = values.dropna()
    bad = known[~np.isfinite(known) | (known != np.round(known)) | (known.abs() > 2.0**53)]
    if len(bad):
        raise CRMDataError(f"{table}.{column} should hold whole-number ids, but has values such "
                           f"as {float(bad.iloc[0])!r}. Fix those rows, or pass the {table} table from "
                           "load_store().")
    if unique and known.duplicated().any():
        raise CRMDataError(f"{table}.{column} should name each row once, but "
                           f"{known[known.duplicated()].iloc[0]:.0f} appears more than once. "
                           f"Drop the repeated rows first (e.g. .drop_duplicates({column!r})).")
    return values.astype("Int64") if allow_missing else values.astype("int64")


def require_unit_costs(order_lines: pd.DataFrame, products: pd.DataFrame) -> pd.Series:
    """Each order line's unit cost (EUR), looked up in `products` by product_id (aligned with
    `order_lines`'s rows), or fail naming the problem: a cost that is not a number of 0 or
    more, a product listed twice, or a line whose product is not in `products`.

    >>> lines = pd.DataFrame({"product_id": [8, 7, 8]})
    >>> products = pd.DataFrame({"product_id": [7, 8], "unit_cost": [10.0, 2.5]})
    >>> require_unit_costs(lines, products).tolist()
    [2.5, 10.0, 2.5]
    """
    require_columns(order_lines, "order_lines", ["product_id"])
    require_columns(products, "products", ["product_id", "unit_cost"])
    unit_cost = require_numeric(products, "products", "unit_cost", min_value=0)
    cost_map = pd.Series(unit_cost.to_numpy(float), index=products["product_id"].to_numpy())
    if cost_map.index.duplicated().any():
        raise CRMDataError("products has the same product_id twice. Pass store.products, "
                           "one row per product.")
    line_cost = order_lines["product_id"].map(cost_map)
    if line_cost.isna().any():
        bad = order_lines.loc[line_cost.isna(), "product_id"].iloc[0]
        raise CRMDataError(f"order_lines.product_id {bad} is not in products. Pass the "
                           "products table that belongs to these order lines.")
    return line_cost.astype(float)
