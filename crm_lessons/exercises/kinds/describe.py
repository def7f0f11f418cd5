"""Describing and formatting answers for feedback messages: shared by every kind."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["describe", "fmt", "is_missing", "join", "show", "plain", "single_value", "none_message"]


def none_message(wanted: str) -> str:
    """What to say when the answer is None."""
    return ("Your answer is None, which usually means nothing was assigned: a function "
            "that prints instead of returning (print() gives None), or a method called with "
            f"inplace=True. Assign {wanted} to `answer`.")


def describe(answer: Any) -> str:
    """A short plain description of what the student passed."""
    if answer is None:
        return "None"
    if is_missing(answer):
        return "a missing value (NA)"
    if isinstance(answer, bool) or isinstance(answer, np.bool_):
        return f"the truth value {bool(answer)}"
    if isinstance(answer, str):
        shown = answer if len(answer) <= 40 else answer[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(answer, pd.DataFrame):
        r, c = answer.shape
        return (f"a table (DataFrame) of {r:,} row{'s' if r != 1 else ''} and {c:,} "
                f"column{'s' if c != 1 else ''}")
    if isinstance(answer, pd.Series):
        return f"a column (Series) of {len(answer):,} value{'s' if len(answer) != 1 else ''}"
    if isinstance(answer, (list, tuple, set, frozenset)):
        kind = type(answer).__name__
        return f"a {kind} of {len(answer)} item{'s' if len(answer) != 1 else ''}"
    if isinstance(answer, (np.ndarray, pd.api.extensions.ExtensionArray, pd.Index)):
        if getattr(answer, "ndim", 1) > 1:
            return f"an array of shape {answer.shape}"
        n = len(answer)
        return f"an array of {n:,} value{'s' if n != 1 else ''}"
    if isinstance(answer, dict):
        return f"a dict of {len(answer)} entries"
    if isinstance(answer, numbers.Number):
        return f"the number {fmt(answer)}"
    return f"an object of type {type(answer).__name__}"


def is_missing(x: Any) -> bool:
    """True for one missing value: None, NaN, pd.NA or NaT (never for a container)."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, (float, np.floating)) and math.isnan(x)


def fmt(x: Any) -> str:
    """A number as a message shows it: thousands separated, huge integers shortened.

    >>> fmt(float("inf")), fmt(10 ** 400)[:12], fmt(1234.5)
    ('infinity', '1.000000e+40', '1,234.50')
    """
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) >= 10 ** 15:
        digits = str(abs(x))
        return f"{'-' if x < 0 else ''}{digits[0]}.{digits[1:7]}e+{len(digits) - 1}"
    try:
        xf = float(x)
    except (TypeError, ValueError, OverflowError):
        return repr(x)
    if math.isnan(xf):
        return "NaN"
    if math.isinf(xf):
        return "infinity" if xf > 0 else "minus infinity"
    if xf == int(xf) and abs(xf) < 1e15:
        return f"{int(xf):,}"
    if abs(xf) >= 1000:
        return f"{xf:,.2f}"
    return f"{xf:.6g}"


def join(items: Iterable[Any], limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(_short(plain(i)) for i in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def _short(x: Any) -> str:
    if isinstance(x, (int, float)) and not isinstance(x, bool) and (
            abs(x) >= 10 ** 15 or not math.isfinite(x)):
        return fmt(x)
    if x is pd.NA or x is pd.NaT:
        return "a missing value (NA)"
    return repr(x)


def show(x: Any) -> str:
    """A value as a student would write it: numbers formatted, text quoted."""
    x = plain(x)
    if x is None or x is pd.NA or x is pd.NaT:
        return "missing"
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return fmt(x)
    if is_missing(x):
        return "missing"
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    return repr(x)


def plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        return x.item()
    return x


def single_value(answer: Any) -> tuple[bool, Any]:
    """(True, value) when `answer` is a one-value container (1x1 table, 1-item list...)."""
    try:
        if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
            return True, answer.iloc[0, 0]
        if isinstance(answer, (pd.Series, pd.Index)) and len(answer) == 1:
            return True, answer[0] if isinstance(answer, pd.Index) else answer.iloc[0]
        if isinstance(answer, np.ndarray) and answer.size == 1:
            return True, answer.reshape(-1)[0]
        if isinstance(answer, pd.api.extensions.ExtensionArray) and len(answer) == 1:
            return True, answer[0]
        if isinstance(answer, (list, tuple)) and len(answer) == 1:
            return True, answer[0]
    except Exception:  # pragma: no cover - defensive: odd containers
        pass
    return False, None
