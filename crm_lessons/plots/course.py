"""The course map chart: the CRM cycle, with the lessons that teach each element."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns
from crm_lessons.plots.style import GREY, PALETTE, new_axes

__all__ = ["crm_cycle"]


def _lesson_numbers(lessons: pd.DataFrame) -> set[str]:
    """The lessons' numbers as two-digit text ("1" and 1 are lesson "01")."""
    column = require_columns(lessons, "lessons", ["lesson"])["lesson"]
    out = set()
    for value in column.dropna():
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, int, np.integer)):
            raise CRMDataError(f"lessons.lesson should hold lesson numbers such as '01', but has "
                               f"{value!r}; pass crm_lessons.course.lessons().")
        text = str(value).strip()
        out.add(text.zfill(2) if text.isdigit() else text)
    return out


def crm_cycle(lessons: pd.DataFrame, ax=None):
    """Draw the four elements of CRM as a cycle; elements whose lesson is present are coloured
    and name it, the others are grey and marked as not in the course yet.

    Parameters
    ----------
    lessons : DataFrame with a column "lesson" (two-digit numbers as text), e.g.
        `crm_lessons.course.lessons()`.

    Examples
    --------
    >>> from crm_lessons.course import lessons
    >>> ax = crm_cycle(lessons())                 # doctest: +SKIP
    """
    from matplotlib.patches import FancyArrowPatch

    from crm_lessons.course import CRM_CYCLE

    present = _lesson_numbers(lessons)
    ax = new_axes(ax, figsize=(6.5, 5))
    angles = np.deg2rad([90, 0, -90, 180])  # top, right, bottom, left: clockwise
    pos = np.c_[np.cos(angles), np.sin(angles)] * 1.0
    n_here = 0
    for (_key, label, number), (x, y), colour in zip(CRM_CYCLE, pos, PALETTE, strict=False):
        here = number in present
        n_here += here
        face = colour if here else "white"
        ax.text(x, y, f"{label}\n" + (f"lesson {number}" if here else "not in the course yet"),
                ha="center", va="center", fontsize=10, color="white" if here else GREY,
                fontweight="bold" if here else "normal",
                bbox=dict(boxstyle="round,pad=0.6", fc=face, ec=colour if here else GREY))
    for i in range(4):
        a, b = pos[i], pos[(i + 1) % 4]
        ax.add_patch(FancyArrowPatch(a * 0.8 + b * 0.2, a * 0.2 + b * 0.8,
                                     connectionstyle="arc3,rad=-0.35", arrowstyle="-|>",
                                     mutation_scale=18, color=GREY))
    ax.text(0, 0, "the customer", ha="center", va="center", fontsize=11, style="italic")
    ax.set_xlim(-1.7, 1.7)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    verb = "has" if n_here == 1 else "have"
    ax.set_title(f"The CRM cycle: {n_here} of its 4 elements {verb} a lesson in this course",
                 loc="left", fontsize=11, fontweight="bold")
    return ax
