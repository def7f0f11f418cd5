"""Pieces of lesson 01's exercises that are not exercises: a table kind for the
classification and the discount-rate slips of the five-year profit rise."""

from __future__ import annotations

import pandas as pd

from crm_lessons.exercises.kinds import TableKind
from crm_lessons.exercises.kinds.base import no, ok

__all__ = ["LabelTable", "RATE_SLIPS"]


class LabelTable(TableKind):
    """A table of labels that also explains a bare list and reads capitalised labels."""

    def compare(self, answer, reference):  # noqa: D102 (as TableKind.compare)
        col = self.labels.column
        if isinstance(answer, (list, tuple)) and all(isinstance(a, str) for a in answer):
            return no(f"That is a list of labels; put it in the table as a column: "
                      f"quiz.assign({col}=[...]).", category="type")
        verdict = super().compare(answer, reference)
        if verdict.correct or not isinstance(answer, pd.DataFrame) or col not in answer:
            return verdict
        lower = answer.assign(**{col: answer[col].astype(str).str.strip().str.lower()})
        if lower[col].equals(answer[col]):
            return verdict
        read = super().compare(lower, reference)  # judged as if written in lower case
        if read.correct:
            return ok("Next time write the labels in lower case, as shown ('analytical', "
                      "not 'Analytical'); this check read them without the capitals.")
        return no(f"{read.message} (Read in lower case, as the labels are written.)",
                  read.details, read.hint, read.category or "other")


# The rise falls steadily as the discount rate grows, so a wrong rate (a whole percent from 0
# to 30, or 0.8 for 8%) is recognised from the answer alone.
RATE_SLIPS = {0.0: "Your number ignores discounting: pass discount_rate=0.08, as the task says.",
              0.03: "That looks like a discount rate of 3%, the three extra points: those go "
                    "into the retention rate (keep + 0.03); the task says 8% "
                    "(discount_rate=0.08).",
              0.8: "That looks like a discount rate of 80%: 8% is 0.08, not 0.8."}
RATE_SLIPS.update({r / 100: f"That looks like a discount rate of {r}%; the task says 8% "
                   "(discount_rate=0.08)." for r in range(1, 31) if r not in (3, 8)})
