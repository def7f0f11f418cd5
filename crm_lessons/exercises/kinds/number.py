"""Numbers: one number, compared within a tolerance, with nudges for the usual slips
(rounding, percent for fraction, a sign, a factor of 10, 100 or 1000)."""

from __future__ import annotations

import datetime
import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe, fmt, single_value

__all__ = ["NumberKind"]


def _decimals(x: float) -> int:
    """Number of decimals in the shortest representation of x (12.30 -> 1)."""
    text = np.format_float_positional(float(x), trim="-")
    return len(text.split(".")[1]) if "." in text else 0


class NumberKind(Kind):
    """One number.

    Parameters
    ----------
    tolerance : float, optional
        Largest accepted absolute difference.
    rel_tolerance : float, optional
        Largest accepted difference relative to the reference. If neither is given, the
        answer must be within 0.1% (rel_tolerance=0.001). If both are given, the larger
        of the two allowances applies.
    percent : bool
        The value is a share: give a specific nudge when the answer is 100 times too large
        or too small (a percentage given as a fraction, or the other way round).

    >>> NumberKind(tolerance=0.01, percent=True).compare(64, 0.64).message.endswith('by 100.')
    True
    """

    name = "number"
    wanted = "a single number"

    def __init__(self, *, tolerance: float | None = None, rel_tolerance: float | None = None,
                 percent: bool = False) -> None:
        if tolerance is None and rel_tolerance is None:
            rel_tolerance = 0.001
        self.tolerance = float(tolerance or 0.0)
        self.rel_tolerance = float(rel_tolerance or 0.0)
        self.percent = bool(percent)

    def normalise(self, value: Any, owner: str) -> float:
        is_one, inner = single_value(value)
        if is_one:
            value = inner
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"expected() of {owner} gave {value}, not a finite number")
        return value

    def _allowed(self, ref: float) -> float:
        return max(self.tolerance, self.rel_tolerance * abs(ref), 1e-12)

    def _close(self, a: float, ref: float) -> bool:
        return abs(a - ref) <= self._allowed(ref) * (1 + 1e-9)

    def _to_number(self, answer: Any, reference: float) -> tuple[float | None, str]:
        """(the number, '') or (None, the explanation of why it is not a number)."""
        if answer is None:
            return None, self.none_message()
        if isinstance(answer, (bool, np.bool_)):
            return None, (f"Your answer is {bool(answer)}, a yes/no value, but the question wants "
                          "a number. If you compared something (==, >), that gives True/False "
                          "per row; take .mean() for a share or .sum() for a count.")
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").replace("%", "").strip())
                looks = " It looks like a number written as text: remove the quotes."
            except ValueError:
                looks = ""
            return None, (f"Your answer is {describe(answer)}, but the question wants a number, "
                          f"not text.{looks}")
        if isinstance(answer, (pd.DataFrame, pd.Series, pd.Index, np.ndarray, list, tuple)):
            return None, self._container_problem(answer, reference)
        if isinstance(answer, (pd.Timestamp, pd.Timedelta, np.datetime64, np.timedelta64,
                               datetime.date, datetime.timedelta)):
            extra = (" For a duration, take `.days`." if isinstance(answer, pd.Timedelta) else "")
            return None, f"Your answer is {answer!r}, a date or duration, but the question wants a number.{extra}"
        if isinstance(answer, numbers.Number) or isinstance(answer, np.generic):
            try:
                value = float(answer)
            except OverflowError:
                return None, (f"Your answer is {describe(answer)}, a number too large to be "
                              "any count, share or amount: check the formula for a product "
                              "or power that grew without bound.")
            except (TypeError, ValueError):
                return None, f"Your answer is {describe(answer)}, which is not a real number."
            if math.isnan(value):
                return None, ("Your answer is NaN ('not a number'). That usually comes from a "
                              "division by zero, a mean of an empty selection, or a missing "
                              "value: check the filter you applied.")
            if math.isinf(value):
                return None, ("Your answer is infinite: something was divided by zero. Check "
                              "the denominator.")
            return value, ""
        if answer is pd.NA or answer is pd.NaT:
            return None, ("Your answer is a missing value (NA): check the filter or the "
                          "column you used.")
        return None, f"Your answer is {describe(answer)}, but the question wants a number."

    def same(self, answer: Any, value: float) -> bool:
        number, _ = self._to_number(answer, value)
        return number is not None and self._close(number, value)

    def slip_message(self, answer: Any, message: str) -> str:
        number, _ = self._to_number(answer, 0.0)
        return f"Your answer {number:,.4g} is not right yet. {message}"

    def _container_problem(self, answer: Any, reference: float) -> str:
        """Why a table, column, array or list is not one number, and how to get the number."""
        is_one, inner = single_value(answer)
        if is_one and isinstance(inner, numbers.Number) and not isinstance(inner, bool):
            how = (".iloc[0, 0]" if isinstance(answer, pd.DataFrame) else
                   ".iloc[0]" if isinstance(answer, pd.Series) else
                   ".item()" if isinstance(answer, np.ndarray) else "[0]")
            inside, _ = self._to_number(inner, reference)
            right = ("The number inside is right" if inside is not None
                     and self._close(inside, reference)
                     else "The number inside is not right yet either")
            return (f"Your answer is {describe(answer)} holding one value, but the "
                    f"question wants the number itself. Take it out with `{how}`. {right}.")
        if isinstance(answer, pd.DataFrame):
            tip = ("Pick the column and reduce it to one number, e.g. "
                   "`df['column'].sum()` or `.mean()`; `len(df)` counts its rows.")
        elif isinstance(answer, pd.Series):
            tip = ("Reduce it to one number, e.g. with `.sum()`, `.mean()` or `.max()`; "
                   "`len(s)` counts its values.")
        else:
            tip = "Give one number, not a collection of them."
        return f"Your answer is {describe(answer)}, but the question wants one number. {tip}"

    def compare(self, answer: Any, reference: float) -> Verdict:
        value, why_not = self._to_number(answer, reference)
        if value is None:
            return no(why_not)
        if self._close(value, reference):
            return ok()
        return no(self._nudge(value, reference))

    def _nudge(self, a: float, ref: float) -> str:
        yours = f"Your answer {fmt(a)} is not right yet."
        if ref != 0 and a != 0:
            # rounded too coarsely: the reference rounds to the student's number
            d = _decimals(a)
            if d <= 4 and abs(a - ref) <= 0.5 * 10 ** (-d) * (1 + 1e-9) \
                    and abs(a - ref) <= 0.1 * abs(ref):
                need = self._allowed(ref)
                return (f"Close: {fmt(a)} is the right value rounded to {d} decimal"
                        f"{'s' if d != 1 else ''}, but the check needs it within {fmt(need)}. "
                        "Don't round the answer (round only when you print it).")
            if self.percent:
                # the reference is a fraction when it lies in [-1, 1], else a percentage
                if abs(ref) <= 1 and self._close(a / 100, ref):
                    return (f"{yours} It looks like a percentage ({fmt(a)}%) where the question "
                            f"wants a fraction between 0 and 1: divide by 100.")
                if abs(ref) > 1 and self._close(a * 100, ref):
                    return (f"{yours} It looks like a fraction where the question wants a "
                            "percentage: multiply by 100.")
            if self._close(-a, ref):
                return (f"{yours} It has the wrong sign: check the order of the subtraction "
                        "(new minus old, revenue minus cost).")
            for factor in (10, 100, 1000):
                if self._close(a / factor, ref):
                    return (f"{yours} It is about {factor:,} times too large: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by.")
                if self._close(a * factor, ref):
                    return (f"{yours} It is about {factor:,} times too small: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by.")
        if ref != 0:
            gap = (a - ref) / abs(ref)
            size = "a little" if abs(gap) < 0.1 else "much"
            way = "too high" if gap > 0 else "too low"
            return (f"{yours} It is {size} {way}. Check which rows you kept and which column "
                    "you used.")
        return f"{yours} Check which rows you kept and which column you used."

