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


def _roundings(ref: float) -> list[tuple[float, str]]:
    """The reference rounded as a student may round it: to 0-4 decimals and, for a value that
    is not a whole number, to 1-3 significant figures.

    >>> [(v, how) for v, how in _roundings(0.0272) if v == 0.03]
    [(0.03, '2 decimals'), (0.03, '1 significant figure')]
    """
    out = [(round(ref, d), f"{d} decimal{'s' if d != 1 else ''}") for d in range(5)]
    if not float(ref).is_integer():
        out += [(float(f"{ref:.{n}g}"), f"{n} significant figure{'s' if n != 1 else ''}")
                for n in (1, 2, 3)]
    return out


def dict_entry_message(answer: dict) -> str:
    """What to say when a dict (a helper's several results) is given for one number: how to
    read one entry. All its names are listed, none singled out.

    >>> dict_entry_message({"effect": 0.1, "low": 0.0})[:60]
    'Your answer is a dict of 2 entries: several results, each und'
    """
    names = [k for k in answer if isinstance(k, str)]
    listed = (f" Its names: {', '.join(repr(k) for k in names)}." if 0 < len(names) <= 12
              else " `list(result)` shows the names.")
    return (f"Your answer is {describe(answer)}: several results, each under a name, but the "
            f"question wants one number. Read the entry you need by its name in square "
            f"brackets, `result[\"name\"]`, as you pick a column of a table.{listed}")


def _is_array(answer: Any) -> bool:
    return isinstance(answer, (pd.Index, np.ndarray, pd.api.extensions.ExtensionArray))


def _text_labels(s: pd.Series) -> bool:
    """A Series whose index holds text labels (as value_counts() of a text column gives)."""
    return not pd.api.types.is_numeric_dtype(s.index.dtype) \
        and not pd.api.types.is_datetime64_any_dtype(s.index.dtype) and len(s) > 0


def _not_a_number(answer: Any) -> str:
    """The category of an answer that could not be read as one finite number: a number that is
    not one (NaN, infinite, too large to hold) is "other"; any other kind of value is "type"."""
    if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(
            answer, (bool, complex, np.bool_, np.complexfloating, np.str_, np.datetime64,
                     np.timedelta64)):
        return "other"
    return "type"


_NOTHING_MATCHED = (
    "Your answer is 0: it looks as if nothing matched your filter. Text comparisons are "
    "exact (capitals, spaces): look at the column's values with `.value_counts()` or "
    "`.unique()`. When you combine comparisons with `&` or `|`, put each one in brackets: "
    "`(df['a'] == 'x') & (df['b'] > 5)`.")


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
    direction : bool
        True (default): a wrong answer is told whether it is too high or too low (and by
        about which factor). False, for an answer that is an id or a choice among a few values
        (a customer, a number of clusters), where the direction would let the student guess
        their way to it: the message says only that it is not right.
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
                 percent: bool = False, direction: bool = True, advice: str = "") -> None:
        if tolerance is None and rel_tolerance is None:
            rel_tolerance = 0.001
        self.tolerance = float(tolerance or 0.0)
        self.rel_tolerance = float(rel_tolerance or 0.0)
        self.percent = bool(percent)
        self.direction = bool(direction)
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
        if isinstance(answer, (pd.DataFrame, pd.Series, list, tuple)) or _is_array(answer):
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
        if isinstance(answer, dict):
            return None, dict_entry_message(answer)
        return None, f"Your answer is {describe(answer)}, but the question wants a number."

    def _spelled_value(self, spelled: SpelledNumber, reference: float) -> float:
        """The value of a number written as text: "14.7%" is 0.147, unless the question wants
        a percentage (a `percent` exercise whose reference is above 1)."""
        if spelled.percent and not (self.percent and abs(reference) > 1):
            return float(f"{spelled.value / 100:.12g}")  # 4.1% is 0.041, not 0.0409999...
        return spelled.value

    def _text_note(self, answer: str, value: float) -> str:
        """What to say about an answer written as text that was read as `value`."""
        code = np.format_float_positional(float(f"{value:.12g}"), trim="-")
        sign = " or % sign" if answer.strip().endswith("%") else ""
        return (f"Your answer is the text {answer!r} (in quotes), read here as the number "
                f"{fmt(value)}. Next time give the number itself, without quotes{sign}: "
                f"answer = {code}.")

    def same(self, answer: Any, value: float) -> bool:
        """True when `answer` is `value` within the tolerance, or `value` rounded to 0-2
        decimals as a student prints it (e.g. 19 for a slip of 19.175), as long as that
        rounding stays within 5% of `value`.

        >>> NumberKind(tolerance=0.005).same(19, 19.175), NumberKind(tolerance=0.005).same(0, 0.2)
        (True, False)
        """
        number, _ = self._to_number(answer, value)
        if number is None:
            return False
        if self._close(number, value):
            return True
        return any(r != 0 and abs(number - r) <= 1e-9 * abs(r) and abs(r - value) <= 0.05 * abs(value)
                   for r in (round(value, d) for d in range(3)))

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
        whole = float(reference).is_integer()
        if whole and len(answer) == reference:
            what = ("table (DataFrame)" if isinstance(answer, pd.DataFrame) else "column (Series)"
                    if isinstance(answer, pd.Series) else "array" if _is_array(answer)
                    else type(answer).__name__)
            rows = "rows" if isinstance(answer, pd.DataFrame) else "values"
            return (f"Your answer is a {what}, but the question wants one number. Its number "
                    f"of {rows} is what the question asks for: count them with `len(...)`.")
        if isinstance(answer, pd.DataFrame) and len(answer) == 1:
            tip = ("It is one row: take the number from the column that holds it, e.g. "
                   "`row['column'].iloc[0]`, or with `.loc[label, 'column']`.")
        elif isinstance(answer, pd.DataFrame):
            tip = ("Pick the column and reduce it to one number, e.g. "
                   "`df['column'].sum()` or `.mean()`; `len(df)` counts its rows.")
        elif isinstance(answer, pd.Series):
            tip = ("Reduce it to one number, e.g. with `.sum()`, `.mean()` or `.max()`; "
                   "`len(s)` counts its values.")
            if _text_labels(answer):
                tip = tip[:-1] + ("; or pick one value by its label: `s['label']`.")
        elif _is_array(answer):
            tip = ("Reduce it to one number, e.g. with `.sum()` or `.max()`"
                   + ("; if the question asks how many, count its values with `len(...)`."
                      if whole else "."))
        else:
            tip = "Give one number, not a collection of them."
        return f"Your answer is {describe(answer)}, but the question wants one number. {tip}"

    def compare(self, answer: Any, reference: float) -> Verdict:
        value, why_not = self._to_number(answer, reference)
        if value is None:
            return no(why_not, category=_not_a_number(answer))
        note = self._text_note(str(answer), value) if isinstance(answer, (str, np.str_)) else ""
        if self._close(value, reference):
            return ok(note)
        nudge, category = self._nudge(value, reference)
        return no(f"{note} {nudge}".strip(), category=category)

    def last_resort(self, reference: float) -> str:
        """What to check when no slip or nudge explains the answer."""
        if self.advice:
            return self.advice
        if self.percent and abs(reference) <= 1:
            return ("Check both parts of the share: the top (which rows you counted or added "
                    "up) and the bottom (out of which rows: all of them, or only a group).")
        if not self.direction:
            return "Check how you picked it: which rows you kept, the column and the sort order."
        if float(reference).is_integer() and self.tolerance < 1 and self.rel_tolerance == 0:
            return ("Check your filter: which rows you counted, that each one counts once, "
                    "and whether the comparison should be > or >=.")
        return "Check which rows you kept and which column you used."

    def _nudge(self, a: float, ref: float) -> tuple[str, str]:
        """What to say of the number `a` (not `ref`), and the kind of mistake it is."""
        yours = f"Your answer {fmt(a)} is not right yet."
        if ref != 0 and a == 0:
            yours = f"{_NOTHING_MATCHED} {yours}"
        if ref != 0 and a != 0:
            # rounded too coarsely: the student's number is the reference rounded
            how = next((h for v, h in _roundings(ref) if abs(a - v) <= 1e-9 * abs(v)), None)
            if how is not None:
                need = self._allowed(ref)
                share = (f", {self.rel_tolerance:.1%} of its size" if need > self.tolerance
                         and self.rel_tolerance * abs(ref) >= need else "")
                return (f"Close: {fmt(a)} is the right value rounded to {how}, but the check "
                        f"wants it within {fmt(float(f'{need:.3g}'))} of the exact "
                        f"value{share}. Don't round the answer (round only when you print it)."
                        ), "rounding"
            if self.percent:
                # the reference is a fraction when it lies in [-1, 1], else a percentage
                if abs(ref) <= 1 and self._close(a / 100, ref):
                    return (f"{yours} It looks like a percentage ({fmt(a)}%) where the question "
                            f"wants a fraction between 0 and 1: divide by 100."), "percent-fraction"
                if abs(ref) > 1 and self._close(a * 100, ref):
                    return (f"{yours} It looks like a fraction where the question wants a "
                            "percentage: multiply by 100."), "percent-fraction"
            if not self.direction:
                return f"{yours} {self.last_resort(ref)}", "other"
            if self._close(-a, ref):
                return (f"{yours} It has the wrong sign: check the order of the subtraction "
                        "(new minus old, revenue minus cost)."), "sign"
            for factor in (10, 100, 1000):
                if self._close(a / factor, ref):
                    return (f"{yours} It is about {factor:,} times too large: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by."
                            ), "too-high"
                if self._close(a * factor, ref):
                    return (f"{yours} It is about {factor:,} times too small: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by."
                            ), "too-low"
        if ref != 0 and self.direction:
            gap = (a - ref) / abs(ref)
            size = "a little" if abs(gap) < 0.1 else "much"
            way = "too high" if gap > 0 else "too low"
            return f"{yours} It is {size} {way}. {self.last_resort(ref)}", way.replace(" ", "-")
        return f"{yours} {self.last_resort(ref)}", "other"

