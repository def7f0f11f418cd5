"""What every kind of exercise shares: the :class:`Verdict` it returns and the :class:`Kind` base.

A kind compares an answer with a reference and says whether it is right and why not. It
knows nothing of stores, files, progress or displays: that is the session layer's job
(``crm_lessons.exercises.session``) and the exercise's (``crm_lessons.exercises.exercise``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_lessons.exercises.kinds.describe import none_message

__all__ = ["Kind", "Verdict", "ok", "no"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison.

    Attributes
    ----------
    correct : bool
        True when the answer matches the reference (for a reflection: it can be recorded).
    message : str
        Why not (or, when correct, a note to add to "Well done.").
    details : str
        Extra lines shown under the message (e.g. the rows that differ).
    hint : bool
        False when pointing to the hint would not help (e.g. a wrong name only).
    category : str or None
        The kind of mistake, one of ``crm_lessons.exercises.result.CATEGORIES`` ("rounding",
        "wrong-rows", ...): "other" when a wrong answer is not classified, None when correct.

    >>> no("Too high.", category="too-high").category, ok().category
    ('too-high', None)
    """

    correct: bool
    message: str = ""
    details: str = ""
    hint: bool = True
    category: str | None = None

    def __post_init__(self) -> None:
        if self.correct:
            object.__setattr__(self, "category", None)
        elif self.category is None:
            object.__setattr__(self, "category", "other")


def ok(note: str = "") -> Verdict:
    """A correct verdict, with an optional note."""
    return Verdict(True, note)


def no(message: str, details: str = "", hint: bool = True, category: str = "other") -> Verdict:
    """A verdict of not (yet) correct, with the explanation and the kind of mistake."""
    return Verdict(False, message, details, hint, category)


class Kind:
    """The base of every kind: a name (recorded with the progress), whether it is graded, and
    a phrase for what an answer should be (``wanted``)."""

    name = "answer"
    graded = True
    wanted = "an answer"

    def normalise(self, value: Any, owner: str) -> Any:
        """The reference answer `value` in the form :meth:`compare` expects; raises when
        ``expected()`` of the exercise `owner` gave something unusable."""
        return value

    def compare(self, answer: Any, reference: Any) -> Verdict:  # pragma: no cover
        raise NotImplementedError

    def same(self, answer: Any, value: Any) -> bool:
        """True when `answer` matches `value` in this kind's sense (used for named slips)."""
        return self.compare(answer, value).correct

    def slip_message(self, answer: Any, message: str) -> str:
        """The feedback when `answer` is the slip described by `message`."""
        return message

    def none_message(self) -> str:
        return none_message(self.wanted)
