"""Multiple choice: one lettered option is right, and every other option has its own feedback."""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.describe import describe

__all__ = ["ChoiceKind"]


def _fold(text: str) -> str:
    """Text as compared with an option: lower case, single spaces, no closing full stop."""
    return " ".join(str(text).lower().split()).rstrip(".!;, ").strip("\"'")


class ChoiceKind(Kind):
    """A multiple-choice question with lettered options.

    Parameters
    ----------
    options : dict
        {"A": "text", "B": "text", ...}.
    feedback : dict, optional
        {"A": "why A is not right", ...}, shown when a student picks that option.

    The reference is the right letter. The answer may be written "b", "B", "B)", "(b)", as the
    text of the option (in any case, without its full stop) or as both ("B) Share of wallet").

    >>> ChoiceKind(options={"A": "yes", "B": "no"}).compare("b)", "B").correct
    True
    """

    name = "choice"

    def __init__(self, *, options: Mapping[str, str],
                 feedback: Mapping[str, str] | None = None) -> None:
        if not options:
            raise ValueError("A choice question needs options={'A': ..., ...}.")
        self.options = {str(k).strip().upper(): str(v) for k, v in options.items()}
        self.feedback = {str(k).strip().upper(): str(v) for k, v in (feedback or {}).items()}
        letters = ", ".join(self.options)
        first = next(iter(self.options))
        self.wanted = f"one letter in quotes, one of {letters} (e.g. answer = \"{first}\")"

    def normalise(self, value: Any, owner: str) -> str:
        letter = self._letter(value)
        if letter is None:
            raise ValueError(f"expected() of {owner} returned {value!r}, not one of the "
                             f"options {list(self.options)}")
        return letter

    def same(self, answer: Any, value: str) -> bool:
        return self._letter(answer) == value

    def _letter(self, answer: Any) -> str | None:
        if isinstance(answer, np.str_):
            answer = str(answer)
        if not isinstance(answer, str):
            return None
        text = re.sub(r"^(option|answer)\s+", "", answer.strip().strip("\"'"),
                      flags=re.IGNORECASE)
        m = re.fullmatch(r"\(?\s*([A-Za-z])\s*[).:]?", text)
        if m and m.group(1).upper() in self.options:
            return m.group(1).upper()
        by_text = self._by_text(text)
        if by_text is not None:
            return by_text
        labelled = self._labelled(text)
        # a letter with a closing bracket is the letter, unless its text is another option
        return labelled[0] if labelled and labelled[1] in (None, labelled[0]) else None

    def _by_text(self, text: str) -> str | None:
        """The option whose text `text` is, ignoring case, spaces and a closing full stop."""
        folded = _fold(text)
        for k, v in self.options.items():
            if folded and folded == _fold(v):
                return k
        return None

    def _labelled(self, text: str) -> tuple[str, str | None] | None:
        """For "B) Share of wallet ...": (the letter, the option its text is, or None)."""
        m = re.fullmatch(r"\(?\s*([A-Za-z])\s*[).:\-]\s*(.+)", text, flags=re.DOTALL)
        if not m or m.group(1).upper() not in self.options:
            return None
        letter, rest = m.group(1).upper(), _fold(m.group(2))
        if _fold(self.options[letter]).startswith(rest):
            return letter, letter  # the text may be cut short
        return letter, self._by_text(m.group(2))

    def compare(self, answer: Any, reference: str) -> Verdict:
        letters = ", ".join(self.options)
        if answer is None:
            return no(f"Your answer is None. Pick one of the options: "
                  f"answer = \"{next(iter(self.options))}\" (one of {letters}).", category="type")
        if isinstance(answer, (list, tuple)) and len(answer) == 1 and isinstance(answer[0], str):
            return no(f"Your answer is a list holding {answer[0]!r}. Give the letter itself, "
                  f"without the brackets: answer = {answer[0]!r}.", category="type")
        if isinstance(answer, (list, tuple, set)):
            return no(f"Your answer is {describe(answer)}, but exactly one option is right: "
                  f"give one letter, one of {letters}.", category="type")
        if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(answer, np.str_):
            return no(f"Your answer is {describe(answer)}, but the options are letters: "
                  f"write the letter in quotes, one of {letters}.", category="type")
        if not isinstance(answer, str):
            return no(f"Your answer is {describe(answer)}. Write the letter of one option "
                  f"in quotes, one of {letters}.", category="type")
        letter = self._letter(answer)
        if letter is None:
            labelled = self._labelled(answer.strip())
            if labelled and labelled[1] is not None:
                return no(f"Your answer {answer!r} starts with the letter {labelled[0]} but "
                      f"holds the text of option {labelled[1]}. Give one letter in quotes, "
                      f"one of {letters}.")
            several = re.findall(r"\b([A-Za-z])\b", answer)
            if len(several) > 1 and all(s.upper() in self.options for s in several):
                return no(f"Your answer {answer!r} names more than one option: exactly "
                      f"one is right. Give one letter, one of {letters}.")
            return no(f"{answer!r} is not one of the options. Write one letter in quotes: "
                  f"{letters}.")
        if letter == reference:
            return ok()
        why = self.feedback.get(letter)
        text = self.options[letter]
        msg = f"Option {letter} ({text}) is not the right one."
        msg += f" {why}" if why else " Reread the question and the other options."
        return no(msg)

