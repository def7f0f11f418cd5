"""The class report's figures, as tables computed from a grading run (:class:`ClassResults`):
completion per lesson, points per lesson, the exercises most often wrong with the feedback
students got on them, and the flagged students. Pure functions: tables in, tables out.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.class_report.reading import ClassResults

# statuses of an exercise whose check ran on something the student wrote ("blank": still ____)
CHECKED = ("correct", "incorrect", "done", "error")

# the feedback categories of crm_lessons.exercises.result.CATEGORIES, for a course version
# that does not name them yet
FALLBACK_CATEGORIES = {
    "blank": "still blank (____)", "type": "wrong kind of value",
    "percent-fraction": "percent given for a fraction (or the reverse)", "rounding": "rounding",
    "too-high": "too high", "too-low": "too low", "sign": "wrong sign",
    "wrong-rows": "wrong rows", "wrong-columns": "wrong columns", "wrong-values": "wrong values",
    "missing-items": "items missing", "extra-items": "items too many", "order": "wrong order",
    "named-slip": "a known slip of this exercise", "other": "another wrong answer",
}
UNNAMED = "no category recorded"


def category_labels() -> dict[str, str]:
    """Slug -> plain label of each feedback category (the exercises' own list when it exists)."""
    from crm_lessons.exercises import result

    return dict(getattr(result, "CATEGORIES", None) or FALLBACK_CATEGORIES)


def graded_exercises(results: ClassResults, info: dict[str, dict]) -> dict[str, bool]:
    """Exercise id -> graded, from the course's exercise list (`info`) or, for an exercise it
    does not know, from the run itself (a reflection has a reflections file, or was "done")."""
    details = results.details
    done = set(details.loc[details["status"].eq("done"), "exercise"])
    out = {}
    for ex in details["exercise"].unique():
        known = info.get(ex, {}).get("graded")
        out[ex] = bool(known) if known is not None else not (ex in results.reflections
                                                                 or ex in done)
    return out


def lesson_exercises(results: ClassResults) -> dict[str, list[str]]:
    """Lesson id -> the exercise ids the run met in that lesson, in the order first seen."""
    d = results.details
    return {lesson: list(dict.fromkeys(d.loc[d["lesson"].eq(lesson), "exercise"]))
            for lesson in results.lessons}


def completion(results: ClassResults, graded: dict[str, bool]) -> pd.DataFrame:
    """Per lesson: its exercises, and the students who checked any, all, and got every graded
    one right, out of every student in the gradebook.

    A check counts as "checked" when it ran on an answer (correct, incorrect, an error, a
    reflection recorded), not when the blank was still there.
    """
    d = results.details
    students = results.gradebook["student"].nunique()
    rows = []
    for lesson, exercises in lesson_exercises(results).items():
        mine = d[d["lesson"].eq(lesson)]
        checked = mine[mine["status"].isin(CHECKED)].groupby("student")["exercise"].nunique()
        graded_ids = [e for e in exercises if graded.get(e, True)]
        right = mine[mine["exercise"].isin(graded_ids) & mine["correct"].eq(True)]
        right = right.groupby("student")["exercise"].nunique()
        rows.append({"lesson": lesson, "exercises": len(exercises), "graded": len(graded_ids),
                     "students": students, "any_checked": int((checked > 0).sum()),
                     "all_checked": int((checked >= len(exercises)).sum()) if exercises else 0,
                     "all_correct": int((right >= len(graded_ids)).sum()) if graded_ids else 0})
    return pd.DataFrame(rows, columns=["lesson", "exercises", "graded", "students",
                                       "any_checked", "all_checked", "all_correct"])


def points_table(results: ClassResults, complete: pd.DataFrame) -> pd.DataFrame:
    """Per lesson and in total: the points possible, and the class's mean, median, lowest and
    highest points."""
    gb = results.gradebook
    possible = dict(zip(complete["lesson"], complete["graded"], strict=True))
    rows = []
    for lesson in results.lessons:
        col = f"lesson_{lesson}"
        if col in gb:
            rows.append(_describe(f"Lesson {lesson}", gb[col], possible.get(lesson, 0)))
    rows.append(_describe("Total", gb["total"], gb["possible"].max() if len(gb) else 0))
    return pd.DataFrame(rows, columns=["part", "possible", "mean", "median", "lowest",
                                       "highest"])


def _describe(part: str, points: pd.Series, possible) -> dict:
    empty = not len(points)
    return {"part": part, "possible": int(possible or 0),
            "mean": None if empty else float(points.mean()),
            "median": None if empty else float(points.median()),
            "lowest": None if empty else float(points.min()),
            "highest": None if empty else float(points.max())}


def most_wrong(results: ClassResults, labels: dict[str, str], graded: dict[str, bool],
               top: int = 10, categories: int = 3) -> list[dict]:
    """The graded exercises most students got wrong (their last check incorrect), each with the
    students who checked it, and its most frequent feedback categories: label, number of
    students, one example message."""
    d = results.details
    d = d[d["exercise"].map(lambda e: graded.get(e, True)).astype(bool)]
    checked = d[d["status"].isin(CHECKED)].groupby("exercise")["student"].nunique()
    wrong = d[d["status"].eq("incorrect")]
    counts = wrong.groupby("exercise")["student"].nunique().sort_values(ascending=False,
                                                                         kind="stable")
    out = []
    for exercise, n_wrong in counts.head(top).items():
        mine = wrong[wrong["exercise"].eq(exercise)]
        slug = mine["category"].where(mine["category"] != "", UNNAMED)
        found = []
        for cat, n in slug.value_counts().head(categories).items():
            example = mine.loc[slug.eq(cat), "message"]
            example = next((m for m in example if m.strip()), "")
            found.append({"category": cat, "label": labels.get(cat, cat), "students": int(n),
                          "example": example})
        out.append({"exercise": exercise, "wrong": int(n_wrong),
                    "checked": int(checked.get(exercise, n_wrong)), "categories": found})
    return out


def flagged(results: ClassResults) -> pd.DataFrame:
    """The students whose row carries a flag or whose status is not "ok"."""
    gb = results.gradebook
    flags = gb["flags"].fillna("").str.strip()
    mask = flags.ne("") | gb["status"].ne("ok")
    return pd.DataFrame({"student": gb.loc[mask, "student"], "status": gb.loc[mask, "status"],
                         "flags": flags[mask].map(lambda f: [p.strip() for p in f.split(";")
                                                             if p.strip()])}
                        ).reset_index(drop=True)
