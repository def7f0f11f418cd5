"""What a check returns (:class:`CheckResult`) and what a hint or solution shows (:class:`Shown`),
each with its notebook displays (HTML, Markdown, plain text)."""

from __future__ import annotations

import html
import re

__all__ = ["CATEGORIES", "CheckResult", "ExerciseFailed", "Shown", "STYLES"]

class ExerciseFailed(AssertionError):
    """A check that was not correct under ``CRM_LESSONS_STRICT=1``."""



#: The kinds of mistake a check names (``CheckResult.category``), slug -> plain label. A correct
#: or recorded answer, and a check that could not run, have no category (None).
CATEGORIES = {
    "blank": "still the blank ____",
    "type": "the wrong kind of value (text, a table, a list... for something else)",
    "percent-fraction": "a percentage for a fraction, or the other way round",
    "rounding": "the right value, rounded too much",
    "too-high": "a number too high",
    "too-low": "a number too low",
    "sign": "the wrong sign",
    "wrong-rows": "the wrong rows (a filter or a grouping)",
    "wrong-columns": "the wrong columns, or a column named otherwise",
    "wrong-values": "the right shape, with wrong values",
    "missing-items": "items left out",
    "extra-items": "items that should not be there (or listed twice)",
    "order": "the right items in the wrong order",
    "named-slip": "one of the exercise's known slips",
    "other": "another wrong answer",
}


STYLES = {
    # status: (label, border colour, background) - blue/orange/grey, readable without colour
    "correct": ("✔ Correct", "#0072B2", "#e8f1f8"),
    "done": ("✔ Recorded", "#0072B2", "#e8f1f8"),
    "incorrect": ("✘ Not yet", "#D55E00", "#fbeee6"),
    "blank": ("✎ Fill in the blank", "#E69F00", "#fdf5e6"),
    "error": ("⚠ The check could not run", "#666666", "#f2f2f2"),
}


class CheckResult:
    """What a check found: truthy when correct (or, for a reflection, recorded).

    Attributes
    ----------
    correct : bool or None
        True/False for graded exercises; None for an ungraded reflection.
    done : bool
        True when the exercise counts as done (correct, or a reflection recorded).
    message : str
        The explanation, as plain text.
    status : str
        One of "correct", "done", "incorrect", "blank", "error".
    category : str or None
        The kind of mistake, a key of :data:`CATEGORIES`: "blank" for a blank, "other" for an
        incorrect answer given none; None when correct or recorded, or the check could not run.
    """

    def __init__(self, exercise: str, status: str, message: str, *, correct: bool | None,
                 done: bool, details: str = "", tip: str = "",
                 category: str | None = None) -> None:
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"Unknown feedback category {category!r}: use one of "
                             f"{', '.join(CATEGORIES)}.")
        if status == "blank":
            category = "blank"
        elif status == "incorrect":
            category = category or "other"
        else:
            category = None
        self.exercise = exercise
        self.status = status
        self.category = category
        self.correct = correct
        self.done = done
        self.details = details
        self.tip = tip
        self.message = message + (f"\n{details}" if details else "") + (
            ("\n" if details else " ") + tip if tip else "")
        self._text = message
        self.note = ""  # a line about the assignment (assessment mode), set by add_note
        self.identity: dict | None = None  # student, course, seed, version (set by the check)

    def add_note(self, note: str) -> None:
        """Add one line under the feedback (e.g. that solutions are off for this assignment)."""
        if note:
            self.note = f"{self.note}\n{note}" if self.note else note
            self.message += f"\n{note}"

    def __bool__(self) -> bool:
        return bool(self.done)

    def __repr__(self) -> str:
        label = STYLES[self.status][0]
        return f"{label} [{self.exercise}]: {self.message}"

    __str__ = __repr__

    def _repr_mimebundle_(self, include=None, exclude=None):
        """No data of its own (the HTML and Markdown come from the methods below): only the
        output's metadata, so a saved notebook says whose check it was, on which data, and
        what it said."""
        if not self.identity:
            return {}, {}
        # the exercise and verdict too: the grader sets them beside its grade log
        return {}, {"crm_lessons": {**self.identity, "exercise": self.exercise,
                                    "status": self.status}}

    def _repr_html_(self) -> str:
        label, border, bg = STYLES[self.status]
        body = html.escape(self._text).replace("\n", "<br>")
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
        details = (f"<pre style='margin:6px 0;background:transparent'>"
                   f"{html.escape(self.details)}</pre>" if self.details else "")
        tip = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.tip))
        tip = ("" if self.details else " ") + tip if tip else ""
        note = (f"<br><small>{html.escape(self.note).replace(chr(10), '<br>')}</small>"
                if self.note else "")
        return (f"<div class='crm-check crm-check-{self.status}' style='border-left:6px solid "
                f"{border};background:{bg};padding:8px 12px;margin:4px 0;color:#222;'>"
                f"<strong>{label}</strong> <small>({html.escape(self.exercise)})</small><br>"
                f"{body}{details}{tip}{note}</div>")

    def _repr_markdown_(self) -> str:
        label = STYLES[self.status][0]
        details = f"\n\n```\n{self.details}\n```\n\n" if self.details else " "
        note = f"\n\n_{self.note}_" if self.note else ""
        return f"**{label}** ({self.exercise}): {self._text}{details}{self.tip}".rstrip() + note


class Shown(str):
    """A piece of text (hint, solution) that shows nicely in a notebook and is still a str."""

    def __new__(cls, text: str, title: str, code: bool = False) -> Shown:
        obj = super().__new__(cls, text)
        obj._title = title
        obj._code = code
        return obj

    def __repr__(self) -> str:
        return f"{self._title}:\n{str(self)}"

    def _repr_markdown_(self) -> str:
        if self._code:
            return f"**{self._title}:**\n\n```python\n{str(self)}\n```"
        return f"**{self._title}:** {str(self)}"

