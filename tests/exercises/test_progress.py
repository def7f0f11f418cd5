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


def test_progress_shows_a_table_and_a_chart(catalogue):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    R.record("01", "a", correct=True, done=True)
    table = crm_lessons.exercises.progress()
    assert list(table.index) == ["01", "02"]
    ax = plt.gcf().axes[0]
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
