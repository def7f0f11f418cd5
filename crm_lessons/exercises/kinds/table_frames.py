"""Tables, read for comparison: index levels that carry labels become columns, columns become
comparable values, rows are put in one order, and cells are compared."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["IndexClash", "meaningful_index", "as_frame", "flatten", "exact_columns", "kind_of", "comparable", "order_rows",
           "diff_mask"]


def meaningful_index(idx: pd.Index) -> bool:
    """An index carries information unless it is unnamed row numbers."""
    if any(n is not None for n in idx.names):
        return True
    if isinstance(idx, pd.MultiIndex):
        return True
    return not pd.api.types.is_integer_dtype(idx.dtype)


def as_frame(obj: pd.DataFrame | pd.Series, default_name: str) -> pd.DataFrame:
    if isinstance(obj, pd.Series):
        return obj.to_frame(name=obj.name if obj.name is not None else default_name)
    return obj


class IndexClash(ValueError):
    """A table whose index level is also one of its columns, with other values."""


def _same_values(a: pd.Index | pd.Series, b: pd.Series) -> bool:
    av, bv = np.asarray(a, dtype=object), b.to_numpy(dtype=object)
    both_na = pd.isna(av) & pd.isna(bv)
    with np.errstate(all="ignore"):
        eq = np.array([bool(x == y) if not n else True
                       for x, y, n in zip(av, bv, both_na, strict=True)], dtype=bool)
    return bool(eq.all())


def _settle_index_columns(df: pd.DataFrame) -> pd.DataFrame:
    """An index level that is also a column (``set_index("region", drop=False)``) with the
    same values is dropped from the index; with other values the table is ambiguous."""
    for name in [n for n in df.index.names if n is not None and n in df.columns]:
        if not _same_values(df.index.get_level_values(name), df[name]):
            raise IndexClash(
                f"Your table has {name!r} both as its index and as a column, with different "
                f"values, so the check cannot tell which to read. Keep one: `.reset_index("
                f"drop=True)` drops the index, or `set_index({name!r})` (without drop=False) "
                "keeps it only as the index.")
        df = (df.reset_index(drop=True) if df.index.nlevels == 1
              else df.reset_index(level=name, drop=True))
    return df


def exact_columns(df: pd.DataFrame, keys: list[str]) -> set[str]:
    """Columns compared exactly, without a tolerance: integers (counts), ids and key columns.

    >>> sorted(exact_columns(pd.DataFrame({"customer_id": [1.0], "n": [2], "v": [0.5]}), []))
    ['customer_id', 'n']
    """
    out = set()
    for c in df.columns:
        name = str(c).strip().lower()
        if kind_of(df[c]) != "num":
            continue
        if (pd.api.types.is_integer_dtype(df[c]) or c in keys or name == "id"
                or name.endswith("_id") or name.endswith(" id")):
            out.add(c)
    return out


def flatten(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Index levels that carry information become columns; returns (frame, key columns).
    Raises :class:`IndexClash` for an index level that is also a column with other values."""
    df = _settle_index_columns(df)
    if meaningful_index(df.index):
        keys = [n if n is not None else ("index" if df.index.nlevels == 1 else f"level_{i}")
                for i, n in enumerate(df.index.names)]
        out = df.reset_index()
        return out, [str(k) for k in keys]
    return df.reset_index(drop=True), []


def kind_of(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "bool"
    if pd.api.types.is_numeric_dtype(s):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "date"
    return "text"


def comparable(s: pd.Series) -> pd.Series:
    """A version of the column that compares by value across dtypes."""
    kind = kind_of(s)
    if kind in ("num", "bool"):
        return pd.Series(s.to_numpy(dtype="float64", na_value=np.nan), index=s.index)
    if kind == "date":  # exact comparison on the nanosecond count; NaT is the smallest int64
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_convert("UTC").dt.tz_localize(None)
        return pd.Series(s.astype("datetime64[ns]").to_numpy().view("int64"), index=s.index)
    missing = s.isna().to_numpy()
    text = s.astype(object).astype(str).to_numpy(dtype=object)
    text[missing] = None
    return pd.Series(text, index=s.index, dtype=object)


def order_rows(df: pd.DataFrame, by: list[str]) -> np.ndarray:
    """Positions that sort the comparable frame `df` by the columns `by` (stable).

    Text columns sort by their rank among the column's own values, so two frames holding
    the same rows end up in the same order.
    """
    keys = []
    for col in reversed(by):  # np.lexsort sorts by the last key first
        values = df[col].to_numpy()
        if values.dtype == object:
            values = pd.factorize(values, sort=True, use_na_sentinel=True)[0]
        keys.append(values)
    if not keys:
        return np.arange(len(df))
    return np.lexsort(keys)


def diff_mask(ans: pd.DataFrame, ref: pd.DataFrame, rtol: float, atol: float,
              exact: set[str] | frozenset = frozenset()) -> pd.DataFrame:
    """True where a cell of `ans` differs from `ref` (numbers within rtol/atol count as equal,
    except in the `exact` columns: ids, keys and counts must be equal)."""
    out = {}
    for c in ref.columns:
        a, r = ans[c], ref[c]
        if pd.api.types.is_float_dtype(r) and pd.api.types.is_float_dtype(a):
            av, rv = a.to_numpy(dtype="float64"), r.to_numpy(dtype="float64")
            if c in exact:
                close = (av == rv) | (np.isnan(av) & np.isnan(rv))
            else:
                close = np.isclose(av, rv, rtol=rtol, atol=atol, equal_nan=True)
            out[c] = ~close
        elif pd.api.types.is_integer_dtype(r) and pd.api.types.is_integer_dtype(a):
            out[c] = a.to_numpy() != r.to_numpy()
        else:
            a_na, r_na = a.isna().to_numpy(), r.isna().to_numpy()
            eq = (a.to_numpy(dtype=object) == r.to_numpy(dtype=object))
            eq = np.asarray(eq, dtype=bool) | (a_na & r_na)
            out[c] = ~eq
    return pd.DataFrame(out)
