"""The class report's sections, put together from a grading run and (optionally) the students'
progress exports: :func:`report_html` returns the page, :func:`write_report` writes it."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pandas as pd

from crm_lessons.class_report import charts, figures
from crm_lessons.class_report.page import Markup, document, esc, figure, number, table
from crm_lessons.class_report.reading import ClassResults
from crm_lessons.writing import write_file


def exercise_info() -> dict[str, dict]:
    """Exercise id -> its question and whether it is graded, from the course's exercises."""
    from crm_lessons.exercises.catalogue import all_exercises

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = all_exercises(strict=False)
    return {e.id: {"question": e.question or "", "graded": bool(e.graded)} for e in found}


def _completion(results: ClassResults, complete: pd.DataFrame) -> str:
    if not len(complete):
        return "<p>The gradebook has no lesson columns, so there is nothing to count.</p>"
    rows = [(f"Lesson {r.lesson}", r.exercises, f"{r.any_checked} of {r.students}",
             f"{r.all_checked} of {r.students}", f"{r.all_correct} of {r.students}")
            for r in complete.itertuples()]
    return ("<p>Students who checked an exercise of the lesson (its check ran on an answer, "
            "right or wrong), who checked every one, and who got every graded exercise "
            "right, out of every student in the gradebook.</p>"
            + figure(charts.completion_chart(complete))
            + table(["lesson", "exercises", "checked any", "checked all",
                     "all graded correct"], rows, numeric=[1, 2, 3, 4]))


def _scores(results: ClassResults, complete: pd.DataFrame) -> str:
    gb = results.gradebook
    points = figures.points_table(results, complete)
    possible = int(gb["possible"].max()) if len(gb) else 0
    rows = [(p.part, p.possible, number(p.mean), number(p.median), number(p.lowest),
             number(p.highest)) for p in points.itertuples()]
    per_lesson = dict(zip(complete["lesson"], complete["graded"], strict=True))
    parts = [figure(charts.total_histogram(gb["total"], possible))]
    if per_lesson:
        parts.append(figure(charts.lesson_histograms(gb, per_lesson)))
    parts.append(table(["", "possible", "mean", "median", "lowest", "highest"], rows,
                       numeric=[1, 2, 3, 4, 5]))
    parts.append(_students(results))
    return ("<p>Points are correct graded exercises, as the checks found them when each "
            "notebook was run again.</p>" + "".join(parts))


def _students(results: ClassResults) -> str:
    """Every student's points, folded (a page projected in class shows no names unasked)."""
    gb = results.gradebook
    lessons = [n for n in results.lessons if f"lesson_{n}" in gb]
    rows = [[r["student"], *(number(r[f"lesson_{n}"]) for n in lessons),
             f"{number(r['total'])} of {number(r['possible'])}", r["status"]]
            for _, r in gb.sort_values("student", kind="stable").iterrows()]
    head = ["student", *(f"lesson {n}" for n in lessons), "total", "status"]
    return (f"<details><summary>Points of each student ({len(gb)})</summary>"
            + table(head, rows, numeric=range(1, len(lessons) + 2)) + "</details>")


def _wrong(results: ClassResults, info: dict, graded: dict) -> str:
    found = figures.most_wrong(results, figures.category_labels(), graded)
    if not found:
        return "<p>No graded exercise was answered wrongly.</p>"
    out = ["<p>The graded exercises whose last check was not correct for the most students, "
           "with the kinds of mistake the checks named most often, and one message a student "
           "got for each.</p>"]
    for item in found:
        question = info.get(item["exercise"], {}).get("question", "")
        rows = [(c["label"], c["students"], Markup(f'<span class="msg">{esc(c["example"])}'
                                                   "</span>")) for c in item["categories"]]
        out.append(f"<h3>{esc(item['exercise'])}: {item['wrong']} of {item['checked']} "
                   f"students who checked it got it wrong</h3>"
                   + (f"<p>{esc(question)}</p>" if question else "")
                   + table(["feedback", "students", "an example of the message"], rows,
                           numeric=[1]))
    return "".join(out)


def _reflections(results: ClassResults, info: dict) -> str:
    if not results.reflections:
        return "<p>No reflection was collected.</p>"
    out = []
    for exercise, answers in results.reflections.items():
        given = answers[answers["answer"].str.strip() != ""]
        question = info.get(exercise, {}).get("question", "")
        out.append(f"<h3>{esc(exercise)} ({len(given)} answer"
                   f"{'' if len(given) == 1 else 's'})</h3>"
                   + (f"<p>{esc(question)}</p>" if question else ""))
        out += [f'<div class="who">{esc(a.student)}</div><div class="answer">{esc(a.answer)}'
                "</div>" for a in given.itertuples()]
    return "".join(out)


def _flags(results: ClassResults) -> str:
    flagged = figures.flagged(results)
    out = []
    if len(flagged):
        rows = [(f.student, f.status, "; ".join(f.flags) or "–") for f in flagged.itertuples()]
        out.append("<p>Students whose notebook could not be graded as it is, or whose row "
                   "carries a flag (their points are kept).</p>"
                   + table(["student", "status", "flags"], rows))
    else:
        out.append("<p>No student is flagged: every notebook ran and matched its student.</p>")
    skipped = results.skipped
    if len(skipped):
        out.append(f"<h3>Files skipped ({len(skipped)})</h3>"
                   + table(["file", "reason"], skipped[["file", "reason"]].to_numpy()))
    else:
        out.append("<h3>Files skipped</h3><p>None.</p>")
    out += [f"<p>{esc(note)}</p>" for note in results.notes]
    return "".join(out)


def _claim(row, points: dict) -> str:
    """What does not add up in one export: it names another student, or it says more
    exercises are correct than the grader found (an edited file, or work not handed in)."""
    notes = [f"the file says it is {row.says_student}'s"] if row.says_student else []
    graded = points.get(row.student)
    if graded is not None and not pd.isna(graded) and row.exercises_correct > graded:
        notes.append(f"claims {number(row.exercises_correct - graded)} more than graded")
    return "; ".join(notes)


def _self_reported(results: ClassResults, progress) -> str:
    per_student, by_exercise, unread = progress
    points = dict(zip(results.gradebook["student"], results.gradebook["total"], strict=True))
    rows = [(s.student + ("" if s.student in points else " (not in the gradebook)"), s.file,
             number(points.get(s.student)), s.exercises_correct, s.hints_seen,
             s.solutions_seen, s.solved_after_solution, _claim(s, points))
            for s in per_student.itertuples()]
    out = ['<div class="self"><p><span class="tag">self-reported</span> From the progress '
           "exports the students handed in. A student can edit that file, so these figures "
           "are what students say of themselves, not grades: the graded points beside them "
           "come from running the notebooks again. Only the graded lessons' exercises are "
           "counted.</p>",
           table(["student", "file", "graded points", "correct (self-reported)",
                  "hints seen", "solutions seen", "solved after the solution", "note"], rows,
                 numeric=[2, 3, 4, 5, 6])]
    if len(by_exercise):
        top = by_exercise.head(10)
        out.append("<h3>Exercises where most students looked for help (self-reported)</h3>"
                   + table(["exercise", "students who saw a hint",
                            "students who saw the solution"], top.to_numpy(),
                           numeric=[1, 2]))
    if unread:
        out.append("<h3>Progress files not read</h3>" + table(["file", "reason"], unread))
    return "".join(out) + "</div>"


def report_html(results: ClassResults, info: dict[str, dict], progress=None) -> str:
    """The class report page for `results` (`info`: :func:`exercise_info`; `progress`: what
    :func:`crm_lessons.class_report.self_reported.read_progress_exports` returns, or None)."""
    graded = figures.graded_exercises(results, info)
    complete = figures.completion(results, graded)
    gb = results.gradebook
    versions = sorted({v for v in gb["course_version"] if str(v).strip()})
    lead = (f"{len(gb)} student{'' if len(gb) == 1 else 's'}, "
            f"{len(results.lessons)} lesson{'' if len(results.lessons) == 1 else 's'}, "
            f"from <code>{esc(results.source.name)}</code>, on {date.today():%d %B %Y}"
            + (f"; course version {esc(', '.join(versions))}" if versions else "") + ".")
    sections = [("completion", "Completion per lesson", _completion(results, complete)),
                ("scores", "Scores", _scores(results, complete)),
                ("wrong", "Exercises most often wrong", _wrong(results, info, graded)),
                ("reflections", "Reflections", _reflections(results, info)),
                ("flags", "Flags and skipped files", _flags(results))]
    if progress is not None:
        sections.append(("self-reported", "What students say of themselves (self-reported)",
                         _self_reported(results, progress)))
    return document("Class report", lead, sections)


def write_report(results: ClassResults, out: str | Path, *, force: bool = False,
                 progress=None, info: dict[str, dict] | None = None) -> Path:
    """Write the report page to `out` through crm_lessons.writing (replaced only with
    `force`)."""
    page = report_html(results, exercise_info() if info is None else info, progress)
    return write_file(Path(out).expanduser(), page, force=force)
