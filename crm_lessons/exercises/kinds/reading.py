"""Reading an answer once: an iterator (a generator, ``map(...)``, ``range(...)``, a dict view)
is read into a list before any comparison, so that every step of a check sees the same items;
an endless or huge one is read only up to a cap, and the check says so.
"""

from __future__ import annotations

import itertools
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any

__all__ = ["MAX_ITEMS", "Unreadable", "read_once"]

MAX_ITEMS = 100_000  # the most items a check reads from an iterator


class Unreadable:
    """An answer the check could not read; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message


def _lazy(answer: Any) -> bool:
    if isinstance(answer, (str, bytes)):
        return False
    return isinstance(answer, (Iterator, range, KeysView, ValuesView, ItemsView))


def read_once(answer: Any, cap: int = MAX_ITEMS) -> Any:
    """`answer` itself, or, for an iterator, the list of its items (read once, at most `cap`);
    an :class:`Unreadable` when it gives more than `cap` items or fails while being read.

    >>> read_once(map(int, ["5", "6"]))
    [5, 6]
    >>> read_once(iter(range(10)), cap=3).message.startswith("Your answer is an iterator")
    True
    """
    if not _lazy(answer):
        return answer
    kind = type(answer).__name__
    if isinstance(answer, range) and len(answer) > cap:
        return Unreadable(_too_many(kind, cap))
    try:
        items = list(itertools.islice(answer, cap + 1))
    except Exception as exc:
        return Unreadable(
            f"Your answer is {'a ' + kind if kind != 'generator' else 'a generator'} that "
            f"raised {type(exc).__name__} ({exc}) while the check read it. Turn it into a list "
            "in your own cell first, `answer = list(...)`, to see and fix the error.")
    if len(items) > cap:
        return Unreadable(_too_many(kind, cap))
    return items


def _too_many(kind: str, cap: int) -> str:
    return (f"Your answer is an iterator ({kind}) that gives more than {cap:,} items, perhaps "
            f"without end (like itertools.count()): the check reads only the first {cap:,} "
            "and stopped there. Give a list of the items you mean, e.g. "
            "`list(...)` of a finite selection.")
