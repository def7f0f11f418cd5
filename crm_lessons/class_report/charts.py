"""The class report's charts, drawn with matplotlib and returned as PNG data URIs, so the page
carries them inside itself and opens offline."""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd


def colour(i: int) -> str:
    """The course's colour-blind-safe palette (crm_lessons.plots.style loads matplotlib, so
    it is imported only when a chart is drawn)."""
    from crm_lessons.plots.style import PALETTE

    return PALETTE[i % len(PALETTE)]


def finish(ax, title: str, xlabel: str, ylabel: str, size: float = 14):
    """The course's chart finish (the finding as the title, labelled axes), in the larger type
    a page read on a phone needs."""
    from crm_lessons.plots.style import finish as course_finish

    course_finish(ax, title, xlabel, ylabel)
    ax.set_title(textwrap.fill(title, 44), loc="left", fontsize=size, fontweight="bold")
    return ax


def png_uri(draw: Callable, size: tuple[float, float] = (6.4, 3.6)) -> tuple[str, str]:
    """Draw a figure with `draw(fig)`; return it as a PNG data URI and its title (alt text)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    # a narrow figure with large text stays readable when a phone shrinks it to its width
    with plt.rc_context({"font.size": 13}):
        fig = plt.figure(figsize=size, layout="constrained")
        try:
            title = draw(fig) or "chart"
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=140)
        finally:
            plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), title


def completion_chart(complete: pd.DataFrame) -> tuple[str, str]:
    """Bars per lesson: students who checked any exercise, every exercise, and got every graded
    exercise right."""
    students = int(complete["students"].max()) if len(complete) else 0
    worst = complete.sort_values("all_checked", kind="stable").head(1)
    title = (f"Lesson {worst['lesson'].iloc[0]}: {int(worst['all_checked'].iloc[0])} of "
             f"{students} students checked every exercise" if len(worst)
             else "No lesson was graded")

    def draw(fig):
        ax = fig.add_subplot()
        y = np.arange(len(complete))
        bars = [("any_checked", "checked at least one exercise"),
                ("all_checked", "checked every exercise"),
                ("all_correct", "every graded exercise correct")]
        for i, (col, label) in enumerate(bars):
            ax.barh(y + (i - 1) * 0.27, complete[col], height=0.26, color=colour(i),
                    label=label)
        ax.set_yticks(y, [f"Lesson {n}" for n in complete["lesson"]])
        ax.invert_yaxis()
        ax.set_xlim(0, max(students, 1))
        ax.xaxis.get_major_locator().set_params(integer=True)
        fig.legend(frameon=False, loc="outside lower center", ncols=2, fontsize=12)
        finish(ax, title, f"students (count, of {students})", "")
        return title

    height = max(3.2, 0.7 * len(complete) + 2.0)
    return png_uri(draw, (6.4, height))


def _histogram(ax, points: pd.Series, possible: int, colour: str) -> int:
    """Students per number of points: one bar a point up to 20 points, wider bars beyond (the
    width is returned, for the axis label)."""
    top = int(max(possible, math.ceil(points.max()) if len(points) else 0, 1))
    width = max(1, math.ceil((top + 1) / 20))
    ax.hist(points, bins=np.arange(-0.5, top + width, width), color=colour,
            edgecolor="white", rwidth=0.9)
    ax.set_xlim(-0.6, top + 0.6)
    if top <= 6:
        ax.set_xticks(range(top + 1))
    else:
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return width


def _bars(width: int) -> str:
    return "" if width == 1 else f", bars of {width}"


def total_histogram(points: pd.Series, possible: int) -> tuple[str, str]:
    """How many students reached each total."""
    median = float(points.median()) if len(points) else 0.0
    title = f"Total points: half the class has {median:g} or more of {possible}"

    def draw(fig):
        ax = fig.add_subplot()
        width = _histogram(ax, points, possible, colour(0))
        finish(ax, title, f"total points{_bars(width)}", "students (count)")
        return title

    return png_uri(draw)


def lesson_histograms(gradebook: pd.DataFrame, possible: dict[str, int]) -> tuple[str, str]:
    """One small histogram of points per lesson."""
    lessons = [n for n in possible if f"lesson_{n}" in gradebook]
    cols = min(3, max(len(lessons), 1))
    rows = max(1, math.ceil(len(lessons) / cols))
    title = "Points per lesson"

    def draw(fig):
        axes = fig.subplots(rows, cols, squeeze=False)
        for ax in axes.flat[len(lessons):]:
            ax.set_visible(False)
        for ax, lesson in zip(axes.flat, lessons, strict=False):
            width = _histogram(ax, gradebook[f"lesson_{lesson}"], possible[lesson], colour(2))
            finish(ax, f"Lesson {lesson}", f"points (of {possible[lesson]}{_bars(width)})",
                   "students", size=13)
        fig.suptitle(title, x=0.01, ha="left", fontsize=14, fontweight="bold")
        return title

    return png_uri(draw, (6.4, 3.0 * rows + 0.5))
