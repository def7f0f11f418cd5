"""Sets and lists of items (names, ids, labels), in any order or ranked."""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe, is_missing, join, plain
from crm_lessons.exercises.kinds.reading import Unreadable, read_once

__all__ = ["SetKind", "Unnamed"]


#: The last sentence of a wrong list's message when the exercise gives no advice of its own.
DEFAULT_ADVICE = ("Reread the condition the question sets and check it item by item: which "
                  "rows does your filter keep, and which does it drop?")


@dataclass(frozen=True)
class Unnamed:
    """How a wrong list is told what differs: missing items are counted, not named (naming
    them would give the answer away); items that should not be there are named, since the
    student chose them.

    Attributes
    ----------
    noun : str
        What an item is, for the count: "Your list leaves out 2 proactive tasks."
    advice : str
        The last sentence of every such message: how to rethink (DEFAULT_ADVICE if empty).
    asked : sequence
        The items the question asks about; `asked_note` is said when an item outside them
        was given.
    numbers_note : str
        Said when an item was given as text where the items are numbers.
    """

    noun: str = "item"
    advice: str = ""
    asked: Sequence[Any] = ()
    asked_note: str = ""
    numbers_note: str = ""


class SetKind(Kind):
    """A set or list of items.

    Parameters
    ----------
    ordered : bool
        False (default): any order; True: the order matters ("rank them").
    case_sensitive : bool
        False (default): text items match regardless of case and surrounding spaces.
    unnamed : Unnamed, optional
        The words of a wrong list's message (what an item is called, how to rethink).
        Missing items are counted, never named, unless `name_missing` is True.
    name_missing : bool
        False (default): say how many items are missing, not which (the answer stays the
        student's to find). True: name them, for lists whose items are not the answer
        itself (a check of the data, say).

    Accepted answers: list, tuple, set, a pandas Series or Index, a numpy array.

    >>> SetKind().compare(["B", "a"], ["a", "b"]).correct
    True
    """

    name = "set"

    def __init__(self, *, ordered: bool = False, case_sensitive: bool = False,
                 unnamed: Unnamed | None = None, name_missing: bool = False) -> None:
        self.ordered = bool(ordered)
        self.case_sensitive = bool(case_sensitive)
        self.unnamed = unnamed if unnamed is not None else Unnamed()
        self.name_missing = bool(name_missing)
        self.wanted = ("a list of items in the right order, e.g. ['a', 'b']" if self.ordered
                       else "a list of items, e.g. ['a', 'b']")

    def _key(self, item: Any) -> Any:
        item = plain(item)
        if isinstance(item, str) and not self.case_sensitive:
            return " ".join(item.lower().split())
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, pd.Timestamp):
            return item.isoformat()
        return item

    def normalise(self, value: Any, owner: str) -> list:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"expected() of {owner} must return a list of items")
        return [plain(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]

    def _items(self, answer: Any) -> tuple[list | None, str]:
        if answer is None:
            return None, self.none_message()
        if isinstance(answer, str):
            return None, (f"Your answer is {describe(answer)}, one piece of text. Put the items "
                          "in a list, each in its own quotes: ['first', 'second'].")
        if isinstance(answer, pd.DataFrame):
            return None, (f"Your answer is {describe(answer)}. Give the items as a list, e.g. "
                          "`df['column'].tolist()` or `df.index.tolist()`.")
        if isinstance(answer, dict):
            return None, ("Your answer is a dict. Give a list of the items, e.g. "
                          "`list(your_dict)` for its keys.")
        if isinstance(answer, (numbers.Number, np.generic)):
            return None, (f"Your answer is {describe(answer)}, a single value, but the question "
                          "wants a list of items: [item1, item2, ...].")
        if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
            return [plain(v) for v in np.asarray(answer, dtype=object).ravel().tolist()], ""
        if isinstance(answer, (list, tuple, set, frozenset)) or isinstance(answer, Iterable):
            answer = read_once(answer)
            if isinstance(answer, Unreadable):
                return None, answer.message
            try:
                items = list(answer)
            except Exception:
                return None, f"Your answer is {describe(answer)}, which cannot be read as a list."
            return [plain(v) for v in items], ""
        return None, f"Your answer is {describe(answer)}, but the question wants a list of items."

    def compare(self, answer: Any, reference: list) -> Verdict:
        items, why_not = self._items(answer)
        if items is None:
            return no(why_not, category="type")
        if any(is_missing(i) for i in items) and not any(is_missing(r) for r in reference):
            n = sum(is_missing(i) for i in items)
            return no(f"Your list holds {n} missing value{'s' if n != 1 else ''} (None, NaN or "
                      "NA), which name no item: drop them (e.g. `.dropna()` before "
                      "`.tolist()`), then check which items are left.", category="extra-items")
        if self.ordered and isinstance(answer, (set, frozenset)):
            return no("Your answer is a set, which has no order, but the question asks for "
                      "the items in order: use a list [...].", category="type")
        if (items and reference and all(isinstance(r, str) for r in reference)
                and all(isinstance(i, numbers.Number) and not isinstance(i, bool) for i in items)):
            return no("Your list holds numbers (ids, perhaps) where the question wants names, "
                      "as text: take the name column rather than the id column.", category="type")
        try:
            keys = [self._key(i) for i in items]
            ref_keys = [self._key(i) for i in reference]
            hash(tuple(keys))
        except TypeError:
            return no("Some items of your answer are themselves lists or tables: give a "
                      "flat list of names or numbers.", category="type")
        by_key = dict(zip(keys, items, strict=True))
        ref_by_key = dict(zip(ref_keys, reference, strict=True))
        missing = [ref_by_key[k] for k in ref_keys if k not in by_key]
        extra = [by_key[k] for k in dict.fromkeys(keys) if k not in ref_by_key]
        if missing or extra:
            # both: the larger of the two differences names the mistake
            category = "missing-items" if len(missing) >= len(extra) else "extra-items"
            if self.name_missing:
                return no(_difference_message(missing, extra), category=category)
            return no(self._unnamed_message(len(missing), extra), category=category)
        return self._order_and_repeats(items, keys, ref_keys)

    def _order_and_repeats(self, items: list, keys: list, ref_keys: list) -> Verdict:
        """The right items: each listed once, and in order when that matters?"""
        counts = Counter(keys)
        dups = sorted({items[i] for i, k in enumerate(keys) if counts[k] > 1}, key=str)
        if dups:
            return no(f"Your list names {join(dups)} more than once: list each item once "
                      "(e.g. with .unique()).", category="extra-items")
        if self.ordered and keys != ref_keys:
            pos = next(i for i, (a, b) in enumerate(zip(keys, ref_keys, strict=False)) if a != b)
            return no(f"Your list has the right items but not in the right order: item "
                      f"{pos + 1} should not be {items[pos]!r}. Check the sort "
                      "(ascending or descending).", category="order")
        return ok()

    def _unnamed_message(self, n_missing: int, extra: list) -> str:
        opt = self.unnamed
        parts = []
        if n_missing:
            parts.append(f"Your list leaves out {n_missing} {opt.noun}"
                         f"{'s' if n_missing != 1 else ''}.")
        if extra:
            parts.append(f"Your list should not include {join(extra)}.")
            if any(isinstance(i, str) for i in extra):
                if opt.numbers_note:
                    parts.append(opt.numbers_note)
            elif opt.asked and not all(_among(i, opt.asked) for i in extra):
                parts.append(opt.asked_note)
        parts.append(opt.advice or DEFAULT_ADVICE)
        return " ".join(parts)


def _among(item: Any, items: Sequence[Any]) -> bool:
    """`item in items`, for items whose == is not a plain True/False (pd.NA, arrays)."""
    for other in items:
        try:
            if item is other or bool(item == other):
                return True
        except (TypeError, ValueError):
            continue
    return False


def _difference_message(missing: list, extra: list) -> str:
    parts = []
    if missing:
        parts.append(f"is missing {len(missing)} item{'s' if len(missing) > 1 else ''}: "
                     f"{join(missing)}")
    if extra:
        parts.append(f"has {len(extra)} item{'s' if len(extra) > 1 else ''} that should "
                     f"not be there: {join(extra)}")
    return "Your list " + "; and ".join(parts) + "."
