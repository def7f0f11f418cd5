"""One exercise class per kind: an :class:`Exercise` with its kind built from the keywords.

``NumberExercise(tolerance=0.01, question=..., expected=..., ...)`` is
``Exercise(NumberKind(tolerance=0.01), question=..., expected=..., ...)``; the kinds'
parameters are documented in ``crm_lessons.exercises.kinds``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_lessons.exercises.exercise import Exercise
from crm_lessons.exercises.kinds import (
    ChoiceKind,
    Labels,
    NumberKind,
    ReflectionKind,
    SetKind,
    TableKind,
    Unnamed,
)

__all__ = ["NumberExercise", "TableExercise", "ChoiceExercise", "SetExercise",
           "ReflectionExercise"]


class NumberExercise(Exercise):
    """An exercise whose answer is one number (see :class:`NumberKind`)."""

    def __init__(self, *, tolerance: float | None = None, rel_tolerance: float | None = None,
                 percent: bool = False, direction: bool = True, advice: str = "",
                 **common: Any) -> None:
        super().__init__(NumberKind(tolerance=tolerance, rel_tolerance=rel_tolerance,
                                    percent=percent, direction=direction, advice=advice),
                         **common)


class TableExercise(Exercise):
    """An exercise whose answer is a table or a column (see :class:`TableKind`)."""

    def __init__(self, *, ordered: bool = False, rtol: float = 1e-4, atol: float = 1e-9,
                 check_names: bool = True, labels: Labels | None = None,
                 **common: Any) -> None:
        super().__init__(TableKind(ordered=ordered, rtol=rtol, atol=atol,
                                   check_names=check_names, labels=labels), **common)


class ChoiceExercise(Exercise):
    """A multiple-choice question (see :class:`ChoiceKind`); ``expected`` may be the letter."""

    def __init__(self, *, options: Mapping[str, str], feedback: Mapping[str, str] | None = None,
                 **common: Any) -> None:
        super().__init__(ChoiceKind(options=options, feedback=feedback), **common)


class SetExercise(Exercise):
    """An exercise whose answer is a set or list of items (see :class:`SetKind`)."""

    def __init__(self, *, ordered: bool = False, case_sensitive: bool = False,
                 unnamed: Unnamed | None = None, name_missing: bool = False,
                 **common: Any) -> None:
        super().__init__(SetKind(ordered=ordered, case_sensitive=case_sensitive,
                                 unnamed=unnamed, name_missing=name_missing), **common)


class ReflectionExercise(Exercise):
    """An open question answered in free text: not graded, recorded as done."""

    def __init__(self, *, min_words: int = 5, **common: Any) -> None:
        super().__init__(ReflectionKind(min_words=min_words), **common)
