"""Numbers: one number, compared within a tolerance, with nudges for the usual slips
(rounding, percent for fraction, a sign, a factor of 10, 100 or 1000), a number written as
text read with a note, and a last-resort message that fits what the exercise asks."""

from __future__ import annotations

import datetime
import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe, fmt, single_value
from crm_lessons.exercises.kinds.number_text import SpelledNumber, comma_groups, read_spelled

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
    advice : str, optional
        The last-resort message, when no slip or nudge fits: what to check for this exercise
        (e.g. "the two variables acq and ret, divided in that order"). Without it, a share
        (``percent``) is told to check its top and bottom, a whole-number count its filter,
        and anything else the rows and the column it used.

    >>> NumberKind(tolerance=0.01, percent=True).compare(64, 0.64).message.endswith('by 100.')
    True
    """

    name = "number"
    wanted = "a single number"

    def __init__(self, *, tolerance: float | None = None, rel_tolerance: float | None = None,
                 percent: bool = False, advice: str = "") -> None:
        if tolerance is None and rel_tolerance is None:
            rel_tolerance = 0.001
        self.tolerance = float(tolerance or 0.0)
        self.rel_tolerance = float(rel_tolerance or 0.0)
        self.percent = bool(percent)
        self.advice = str(advice).strip()

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
        if isinstance(answer, (str, np.str_)):
            spelled = read_spelled(str(answer))
            if spelled is None:
                return None, (f"Your answer is {describe(str(answer))}, but the question wants "
                              "a number, not text: give the number itself, without quotes.")
            return self._spelled_value(spelled, reference), ""
        if comma_groups(answer):
            return None, comma_groups(answer)
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

    def _spelled_value(self, spelled: SpelledNumber, reference: float) -> float:
        """The value of a number written as text: "14.7%" is 0.147, unless the question wants
        a percentage (a `percent` exercise whose reference is above 1)."""
        if spelled.percent and not (self.percent and abs(reference) > 1):
            return spelled.value / 100
        return spelled.value

    def _text_note(self, answer: str, value: float) -> str:
        """What to say about an answer written as text that was read as `value`."""
        code = np.format_float_positional(value, trim="-")
        sign = " or % sign" if answer.strip().endswith("%") else ""
        return (f"Your answer is the text {answer!r} (in quotes), read here as the number "
                f"{fmt(value)}. Next time give the number itself, without quotes{sign}: "
                f"answer = {code}.")

    def same(self, answer: Any, value: float) -> bool:
        number, _ = self._to_number(answer, value)
        return number is not None and self._close(number, value)

    def slip_message(self, answer: Any, message: str) -> str:
        number, _ = self._to_number(answer, 0.0)
        return f"Your answer {fmt(number)} is not right yet. {message}"

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
        if isinstance(answer, pd.DataFrame) and len(answer) == 1:
            tip = ("It is one row: take the number from the column that holds it, e.g. "
                   "`row['column'].iloc[0]`, or with `.loc[label, 'column']`.")
        elif isinstance(answer, pd.DataFrame):
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
        note = self._text_note(str(answer), value) if isinstance(answer, (str, np.str_)) else ""
        if self._close(value, reference):
            return ok(note)
        return no(f"{note} {self._nudge(value, reference)}".strip())

    def last_resort(self, reference: float) -> str:
        """What to check when no slip or nudge explains the answer."""
        if self.advice:
            return self.advice
        if self.percent and abs(reference) <= 1:
            return ("Check both parts of the share: the top (which rows you counted or added "
                    "up) and the bottom (out of which rows: all of them, or only a group).")
        if float(reference).is_integer() and self.tolerance < 1 and self.rel_tolerance == 0:
            return ("Check your filter: which rows you counted, that each one counts once, "
                    "and whether the comparison should be > or >=.")
        return "Check which rows you kept and which column you used."

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
            return f"{yours} It is {size} {way}. {self.last_resort(ref)}"
        return f"{yours} {self.last_resort(ref)}"

