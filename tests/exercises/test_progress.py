"""Progress reports (crm_lessons/exercises/progress.py): the per-lesson table and chart, and
the CSV report a student hands in."""

import importlib
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pandas as pd
import pytest

import crm_lessons.exercises

# `crm_lessons.exercises.progress` is both the module and the function students call.
P = importlib.import_module("crm_lessons.exercises.progress")
R = importlib.import_module("crm_lessons.exercises.records")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def catalogue(monkeypatch):
    cat = pd.DataFrame({
        "lesson": ["01", "01", "01", "02", "02"],
        "exercise": ["a", "b", "think", "c", "d"],
        "kind": ["number", "table", "reflection", "choice", "set"],
        "graded": [True, True, False, True, True],
        "question": ["qa", "qb", "qt", "qc", "qd"],
    })
    monkeypatch.setattr(P, "_catalogue", lambda: cat)
    return cat


def test_report_gives_a_status_per_exercise(catalogue):
    R.record("01", "a", correct=False, done=False)
    R.record("01", "a", correct=True, done=True)
    R.record("01", "b", correct=False, done=False)
    R.record("01", "think", correct=None, done=True, graded=False)
    report = P.exercise_report().set_index("exercise")
    assert report.loc["a", "status"] == "correct" and report.loc["a", "attempts"] == 2
    assert report.loc["b", "status"] == "tried"
    assert report.loc["think", "status"] == "done"
    assert report.loc["c", "status"] == "not started" and report.loc["c", "attempts"] == 0


def test_summary_counts_done_and_correct_per_lesson(catalogue):
    R.record("01", "a", correct=True, done=True)
    R.record("01", "think", correct=None, done=True, graded=False)
    R.record("02", "c", correct=False, done=False)
    summary = P.progress_summary()
    assert summary.loc["01"].to_dict() == {"exercises": 3, "graded": 2, "done": 2, "correct": 1,
                                           "attempts": 2}
    assert summary.loc["02", "done"] == 0 and summary.loc["02", "attempts"] == 1


def test_progress_returns_the_lists_and_the_per_lesson_table(catalogue):
    R.record("01", "a", correct=True, done=True)
    view = crm_lessons.exercises.progress()
    assert list(view.summary.index) == ["01", "02"]
    assert view.summary.loc["01", "done"] == 1
    assert "Across the course: 1 of 5 done, 0 tried and not yet right, 4 not started." in repr(view)


def test_plot_progress_draws_done_of_all(catalogue):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    R.record("01", "a", correct=True, done=True)
    ax = P.plot_progress(P.progress_summary())
    assert ax.get_title(loc="left") == "You have done 1 of 5 exercises"
    plt.close("all")


def test_export_writes_a_csv_a_student_can_hand_in(catalogue, tmp_path, capsys):
    R.record("01", "a", correct=True, done=True)
    target = tmp_path / "my progress.csv"
    assert P.cli_progress(Namespace(export=str(target))) == 0
    report = pd.read_csv(target, dtype={"lesson": str})
    assert list(report.columns[:6]) == ["lesson", "exercise", "kind", "graded", "status",
                                        "attempts"]
    assert report.set_index("exercise").loc["a", "status"] == "correct"
    assert len(report) == 5


def test_export_never_overwrites_an_existing_file_without_force(catalogue, tmp_path, capsys):
    target = tmp_path / "report.csv"
    target.write_text("my own notes")
    assert P.cli_progress(Namespace(export=str(target))) == 1
    assert target.read_text() == "my own notes"
    assert "already exists" in capsys.readouterr().err
    assert P.cli_progress(Namespace(export=str(target), force=True)) == 0
    assert target.read_text().startswith("lesson,exercise")


def test_cli_progress_prints_the_summary(catalogue, capsys):
    R.record("02", "c", correct=True, done=True)
    assert P.cli_progress(Namespace(export=None)) == 0
    out = capsys.readouterr().out
    assert str(R.progress_path()) in out and "Done 1 of 5 exercises" in out


def test_reading_progress_never_imports_matplotlib():
    code = ("import sys; from crm_lessons.exercises.progress import progress_summary; "
            "progress_summary(); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- per lesson: done, tried, not started, with a link to each --------------------------------

V = importlib.import_module("crm_lessons.exercises.progress_view")


def notebook(path, cells):
    """A lesson notebook of (cell type, id, source) cells."""
    import json

    path.write_text(json.dumps({"cells": [
        {"cell_type": kind, "id": cid, "metadata": {}, "source": src,
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, cid, src in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


@pytest.fixture
def lessons_on_disk(tmp_path, monkeypatch):
    """Notebooks for lessons 01 and 02 of the `catalogue` fixture, the working folder beside."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    one = notebook(folder / "01_money.ipynb", [
        ("markdown", "title", "# 01 · Money\n"),
        ("markdown", "sec1", "## 1 · Revenue\nText."),
        ("markdown", "task-a", "### Your turn\nHow much?"),
        ("code", "check-a", "answer = ____\nex.a.check(answer)"),
        ("markdown", "task-b", "Now a table."),
        ("code", "check-b", "answer = ____\nex.b.check(answer)"),
        ("markdown", "sec2", "## 2 · What you `think`"),
        ("code", "check-t", "answer = ____\nex.think.check(answer)"),
    ])
    two = notebook(folder / "02_people.ipynb", [
        ("markdown", "sec", "## People"), ("code", "check-c", "ex.c.check(answer)")])
    files = pd.DataFrame({"lesson": ["01", "02"], "title": ["Money", "People"],
                          "path": [one, two]})
    monkeypatch.setattr(V, "lesson_files", lambda: files)
    monkeypatch.chdir(folder)
    return files


def test_each_exercise_links_to_the_task_above_its_check(catalogue, lessons_on_disk):
    places = V.exercise_places(lessons_on_disk.loc[0, "path"], {"a", "b", "think"})
    assert places["a"] == V.Place("task-a", "1 · Revenue")
    assert places["b"] == V.Place("task-b", "1 · Revenue")
    # no text between the heading cell and the check: the heading's cell; `code` marks dropped
    assert places["think"] == V.Place("sec2", "2 · What you think")
    # the check can fail: an exercise no cell checks has no place
    assert "d" not in V.exercise_places(lessons_on_disk.loc[1, "path"], {"c", "d"})


def test_progress_lists_done_tried_and_untouched_per_lesson_as_text(catalogue, lessons_on_disk):
    R.record("01", "a", correct=True, done=True)
    R.record("01", "b", correct=False, done=False)
    R.record("01", "think", correct=None, done=True, graded=False, answer="I would call them.")
    text = repr(crm_lessons.exercises.progress())
    lines = text.splitlines()
    line = {name: next(x for x in lines if f" {name} " in x + " ") for name in "abcd"}
    assert line["a"].split()[:3] == ["✔", "correct", "a"]
    assert line["b"].split()[:5] == ["✘", "not", "yet", "right", "b"]
    assert line["c"].split()[:4] == ["○", "not", "started", "c"]
    assert "section 1 · Revenue" in line["a"] and "1 check" in line["b"]
    assert "Lesson 01 · Money (01_money.ipynb): 2 of 3 done, 1 tried and not yet right, " \
           "0 not started" in lines
    assert "Lesson 02 · People (02_people.ipynb): 0 of 2 done, 0 tried and not yet right, " \
           "2 not started" in lines


def test_progress_shows_as_html_with_a_link_to_each_exercise(catalogue, lessons_on_disk):
    from html.parser import HTMLParser

    R.record("02", "c", correct=False, done=False)
    page = crm_lessons.exercises.progress()._repr_html_()
    links = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                links.append(dict(attrs)["href"])

    Links().feed(page)
    assert "01_money.ipynb#cell-id=task-a" in links and "01_money.ipynb#cell-id=task-b" in links
    assert "02_people.ipynb#cell-id=sec" in links and "02_people.ipynb" in links  # the lesson
    assert "✘ not yet right" in page and "○ not started" in page
    assert "<td" in page and "text-align:left" in page
    # d is in the catalogue but checked in no cell: listed, linked to its lesson only
    assert "02_people.ipynb#cell-id=" not in page.split(">d<")[0].rsplit("<tr>", 1)[-1]


def test_a_link_is_relative_to_the_working_folder(catalogue, lessons_on_disk, monkeypatch):
    monkeypatch.chdir(lessons_on_disk.loc[0, "path"].parent.parent)
    page = crm_lessons.exercises.progress()._repr_html_()
    assert "href='notebooks/01_money.ipynb#cell-id=task-a'" in page


def test_a_notebook_that_cannot_be_read_gives_no_links_and_no_error(catalogue, lessons_on_disk):
    lessons_on_disk.loc[0, "path"].write_text("{not json")
    view = crm_lessons.exercises.progress()
    assert "cell-id=task-a" not in view._repr_html_() and "section 1" not in repr(view)


def test_lessons_follow_their_ids_with_00b_between_00_and_01(monkeypatch):
    cat = pd.DataFrame({"lesson": ["01", "00b", "00", "10"], "exercise": ["x", "p", "s", "t"],
                        "kind": ["number"] * 4, "graded": [True] * 4, "question": [""] * 4})
    monkeypatch.setattr(P, "_catalogue", lambda: cat)
    monkeypatch.setattr(V, "lesson_files", lambda: pd.DataFrame(columns=["lesson", "title",
                                                                         "path"]))
    view = crm_lessons.exercises.progress()
    assert list(view.report["lesson"]) == ["00", "00b", "01", "10"]
    assert [lesson for lesson, *_ in view.lessons()] == ["00", "00b", "01", "10"]
    assert list(view.summary.index) == ["00", "00b", "01", "10"]


def test_every_exercise_of_the_course_has_a_cell_to_link_to():
    """The real lessons: each exercise's check is found in its notebook (a made-up one is not)."""
    report = P.exercise_report()
    view = P.ProgressView(report, P.progress_summary(report), R.progress_path())
    missing = [f"{r.lesson}.{r.exercise}" for r in report.itertuples()
               if view.place(r.lesson, r.exercise) is None]
    assert missing == []
    assert view.place("01", "no_such_exercise") is None


# ---- hints and solutions seen: noted in the report, no change to the score -------------------

def test_solved_after_the_solution_or_a_hint_is_noted_and_the_score_is_unchanged(catalogue):
    R.record("01", "a", correct=True, done=True)
    R.record("01", "b", correct=True, done=True)
    R.record("02", "c", correct=True, done=True)
    before = P.progress_summary(P.exercise_report())
    # redo with views in between: a after the solution, b after a hint, c looked after solving
    R.progress_path().unlink()
    R.record_view("01", "a", "hint", 1)
    R.record_view("01", "a", "solution")
    R.record("01", "a", correct=True, done=True)
    R.record_view("01", "b", "hint", 2)
    R.record("01", "b", correct=False, done=False)
    R.record("01", "b", correct=True, done=True)
    R.record("02", "c", correct=True, done=True)
    R.record_view("02", "c", "solution")
    R.record_view("02", "d", "solution")
    report = P.exercise_report().set_index("exercise")
    assert report.loc["a", "help"] == "solved after the solution"
    assert report.loc["b", "help"] == "solved after a hint" and report.loc["b", "hints_seen"] == 2
    assert report.loc["c", "help"] == "" and bool(report.loc["c", "solution_seen"])
    assert report.loc["d", "help"] == "saw the solution"
    assert report.loc["d", "status"] == "not started"
    after = P.progress_summary(P.exercise_report())
    assert after.drop(columns="attempts").equals(before.drop(columns="attempts"))
    assert report.loc["a", "attempts"] == 1  # a view is not a check
    assert "solved after the solution" in repr(crm_lessons.exercises.progress())


def test_a_reflection_written_after_the_model_answer_says_so(catalogue):
    R.record_view("01", "think", "solution")
    R.record("01", "think", correct=None, done=True, graded=False, answer="My own words here.")
    assert P.exercise_report().set_index("exercise").loc["think", "help"] == \
        "written after the model answer"


# ---- the export: each reflection's text, quoted as CSV needs ---------------------------------

TRICKY = 'First, I would call them; then "ask why".\nSecond line, with a comma.\r\nThird: 5,000 €'


def read_back(csv_text):
    """The reflection of `think` as a spreadsheet reads it from the CSV text."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
    return next(r for r in rows if r["exercise"] == "think")["answer"]


def test_export_keeps_each_reflection_whole_in_its_cell(catalogue, tmp_path):
    R.record("01", "think", correct=None, done=True, graded=False, answer=TRICKY)
    target = tmp_path / "report.csv"
    assert P.cli_progress(Namespace(export=str(target))) == 0
    raw = target.read_bytes().decode("utf-8")
    assert read_back(raw) == TRICKY
    report = pd.read_csv(target, dtype={"lesson": str}, keep_default_na=False)
    assert report.set_index("exercise").loc["think", "answer"] == TRICKY
    assert len(report) == 5 and list(report.columns[-3:]) == ["help", "answer", "question"]
    # the check can fail: the same text written without quoting does not read back whole
    naive = "exercise,answer\nthink," + TRICKY + "\n"
    assert read_back(naive) != TRICKY


def test_export_keeps_a_reflection_that_looks_like_a_formula_as_text(catalogue, tmp_path):
    R.record("01", "think", correct=None, done=True, graded=False, answer="=HYPERLINK(1) I think")
    target = tmp_path / "report.csv"
    assert P.cli_progress(Namespace(export=str(target))) == 0
    assert read_back(target.read_text(encoding="utf-8")) == "'=HYPERLINK(1) I think"


def test_export_says_which_exercises_were_solved_after_the_solution(catalogue, tmp_path):
    R.record_view("01", "a", "solution")
    R.record("01", "a", correct=True, done=True)
    target = tmp_path / "report.csv"
    assert P.cli_progress(Namespace(export=str(target))) == 0
    report = pd.read_csv(target, dtype={"lesson": str}, keep_default_na=False)
    row = report.set_index("exercise").loc["a"]
    assert (row["status"], row["help"], row["solution_seen"]) == \
        ("correct", "solved after the solution", True)


def test_a_copy_of_the_lesson_in_the_working_folder_is_the_one_linked(tmp_path, monkeypatch):
    from crm_lessons.paths import NOTEBOOKS_DIR

    first = sorted(NOTEBOOKS_DIR.glob("01_*.ipynb"))[0]
    assert V.lesson_files().set_index("lesson").loc["01", "path"] == first  # no copy: the course's
    (tmp_path / first.name).write_bytes(first.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert V.lesson_files().set_index("lesson").loc["01", "path"] == tmp_path / first.name
