"""Reflections: an open question answered in a few sentences, recorded but not marked."""

from __future__ import annotations

import re
from typing import Any

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe

__all__ = ["ReflectionKind"]


class ReflectionKind(Kind):
    """Free text of at least `min_words` words (default 5); a correct verdict means "recorded".

    >>> ReflectionKind(min_words=3).compare("I would call them.", None).correct
    True
    """

    name = "reflection"
    graded = False
    wanted = "your answer in a sentence or two, in quotes"

    def __init__(self, *, min_words: int = 5) -> None:
        self.min_words = int(min_words)

    def compare(self, answer: Any, reference: Any = None) -> Verdict:
        if answer is None:
            return no("Your answer is None. Write your thoughts as text in quotes: "
                      'answer = "..."', hint=False)
        if not isinstance(answer, str):
            return no(f"Your answer is {describe(answer)}. This question wants a sentence "
                      'or two of your own words, in quotes: answer = "..."', hint=False)
        words = len(re.findall(r"\w+", answer))
        if words < self.min_words:
            return no(f"You wrote {words} word{'s' if words != 1 else ''}; write at least "
                      f"{self.min_words} so your thinking shows.", hint=False)
        return ok()
