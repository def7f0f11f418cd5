"""Reflections: an open question answered in a few sentences, recorded but not marked."""

from __future__ import annotations

import math
import re
from typing import Any

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe

__all__ = ["ReflectionKind"]


class ReflectionKind(Kind):
    """Free text of at least `min_words` words (default 5), at least 60% of that many of them
    different (so a word repeated does not pass); a correct verdict means "recorded".

    >>> ReflectionKind(min_words=3).compare("I would call them.", None).correct
    True
    """

    name = "reflection"
    graded = False
    wanted = "your answer in a sentence or two, in quotes"

    def __init__(self, *, min_words: int = 5) -> None:
        self.min_words = int(min_words)
        #: Different words needed (case aside): 30 copies of one word is not an answer.
        self.min_distinct = max(2, math.ceil(0.6 * self.min_words))

    def compare(self, answer: Any, reference: Any = None) -> Verdict:
        if answer is None:
            return no("Your answer is None. Write your thoughts as text in quotes: "
                      'answer = "..."', hint=False, category="type")
        if not isinstance(answer, str):
            return no(f"Your answer is {describe(answer)}. This question wants a sentence "
                      'or two of your own words, in quotes: answer = "..."', hint=False, category="type")
        found = re.findall(r"\w+", answer)
        words = len(found)
        if words < self.min_words:
            return no(f"You wrote {words} word{'s' if words != 1 else ''}; write at least "
                      f"{self.min_words} so your thinking shows.", hint=False)
        distinct = len({w.casefold() for w in found})
        if distinct < self.min_distinct:
            return no(f"Your answer uses only {distinct} different word"
                      f"{'s' if distinct != 1 else ''}; write at least {self.min_distinct} "
                      "different ones, in sentences of your own, so your thinking shows.",
                      hint=False)
        return ok()
