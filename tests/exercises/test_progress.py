"""The progress file: where it lives, what a check records, atomic locked writes, a corrupted
file kept aside, the per-lesson table and chart, and the CSV report a student hands in."""

import importlib
import json
import subprocess
import sys
import textwrap
import warnings
from argparse import Namespace
from pathlib import Path

import pandas as pd
import pytest

import crm_lessons.exercises

# `crm_lessons.exercises.progress` is both the module and the function students call.
P = importlib.import_module("crm_lessons.exercises.progress")

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


def test_default_location_is_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CRM_LESSONS_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert P.progress_path() == tmp_path / ".crm_lessons" / "progress.json"


def test_environment_variable_overrides_the_location(monkeypatch, tmp_path):
    target = tmp_path / "elsewhere" / "mine.json"
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(target))
    P.record("01", "a", correct=True, done=True)
    assert target.is_file()


def test_each_check_records_lesson_exercise_result_time_and_attempts(tmp_path):
    sys.path.insert(0, str(FIXTURES))
    import tiny_exercises as tiny

    from crm_lessons.exercises import use_store

    with use_store(tiny.make_store(0)):
        tiny.n_customers.check(7)
        tiny.n_customers.check(8)
    data = json.loads(P.progress_path().read_text())
    first, second = data["records"]
    assert (first["lesson"], first["exercise"], first["correct"], first["attempts"]) == \
        ("99", "n_customers", False, 1)
    assert (second["correct"], second["done"], second["attempts"]) == (True, True, 2)
    assert pd.Timestamp(second["timestamp"]).tzinfo is not None


def test_writes_are_atomic_and_leave_no_temporary_file(monkeypatch):
    P.record("01", "a", correct=False, done=False)
    path = P.progress_path()
    before = path.read_text()

    real_replace = P.os.replace

    def broken_replace(src, dst):
        if str(dst) == str(path):
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(P.os, "replace", broken_replace)
    with pytest.raises(OSError):
        P.record("01", "a", correct=True, done=True)
    assert path.read_text() == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", '{"records": [{"x": 1}]}'])
def test_a_corrupted_file_is_kept_aside_with_a_warning_naming_both_paths(content):
    path = P.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    with pytest.warns(UserWarning) as caught:
        P.record("01", "a", correct=True, done=True)
    message = str(caught[0].message)
    aside = [p for p in path.parent.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text() == content
    assert str(path) in message and str(aside[0]) in message
    assert len(json.loads(path.read_text())["records"]) == 1


def test_without_fcntl_a_lock_file_keeps_threads_from_losing_records(monkeypatch):
    """The fallback lock (no fcntl, no msvcrt): two threads writing at once lose nothing."""
    import threading

    monkeypatch.setattr(P, "_lock_module", lambda name: None)

    def write(tag):
        for i in range(40):
            P.record("01", f"{tag}-{i}", correct=True, done=True)

    threads = [threading.Thread(target=write, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = json.loads(P.progress_path().read_text())["records"]
    assert len(records) == 80 and len({r["exercise"] for r in records}) == 80
    assert not P.progress_path().with_name("progress.json.lockfile").exists()


def test_an_empty_file_is_a_fresh_start_without_warning():
    path = P.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P.record("01", "a", correct=True, done=True)


WRITER = textwrap.dedent("""
    import sys, time
    from crm_lessons.exercises.progress import record
    tag, seconds = sys.argv[1], float(sys.argv[2])
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        record("01", f"{tag}-{n}", correct=True, done=True)
        n += 1
        time.sleep(0.002)
    print(n)
""")


@pytest.mark.slow
def test_two_processes_recording_for_a_minute_lose_no_record(tmp_path):
    """Two kernels checking at the same time for 60 s: every record they wrote is in the file."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [subprocess.Popen([sys.executable, str(script), tag, "60"], stdout=subprocess.PIPE,
                              text=True) for tag in ("first", "second")]
    counts = {}
    for tag, proc in zip(("first", "second"), procs, strict=True):
        out, _ = proc.communicate(timeout=180)
        assert proc.returncode == 0
        counts[tag] = int(out.strip())
    records = json.loads(P.progress_path().read_text())["records"]
    for tag, n in counts.items():
        names = {r["exercise"] for r in records if r["exercise"].startswith(f"{tag}-")}
        assert names == {f"{tag}-{i}" for i in range(n)}
    assert len(records) == sum(counts.values()) and min(counts.values()) > 100


def test_report_gives_a_status_per_exercise(catalogue):
    P.record("01", "a", correct=False, done=False)
    P.record("01", "a", correct=True, done=True)
    P.record("01", "b", correct=False, done=False)
    P.record("01", "think", correct=None, done=True, graded=False)
    report = P.exercise_report().set_index("exercise")
    assert report.loc["a", "status"] == "correct" and report.loc["a", "attempts"] == 2
    assert report.loc["b", "status"] == "tried"
    assert report.loc["think", "status"] == "done"
    assert report.loc["c", "status"] == "not started" and report.loc["c", "attempts"] == 0


def test_summary_counts_done_and_correct_per_lesson(catalogue):
    P.record("01", "a", correct=True, done=True)
    P.record("01", "think", correct=None, done=True, graded=False)
    P.record("02", "c", correct=False, done=False)
    summary = P.progress_summary()
    assert summary.loc["01"].to_dict() == {"exercises": 3, "graded": 2, "done": 2, "correct": 1,
                                           "attempts": 2}
    assert summary.loc["02", "done"] == 0 and summary.loc["02", "attempts"] == 1


def test_progress_shows_a_table_and_a_chart(catalogue):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    P.record("01", "a", correct=True, done=True)
    table = crm_lessons.exercises.progress()
    assert list(table.index) == ["01", "02"]
    ax = plt.gcf().axes[0]
    assert ax.get_title(loc="left") == "You have done 1 of 5 exercises"
    plt.close("all")


def test_export_writes_a_csv_a_student_can_hand_in(catalogue, tmp_path, capsys):
    P.record("01", "a", correct=True, done=True)
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
    P.record("02", "c", correct=True, done=True)
    assert P.cli_progress(Namespace(export=None)) == 0
    out = capsys.readouterr().out
    assert str(P.progress_path()) in out and "Done 1 of 5 exercises" in out


def test_reading_progress_never_imports_matplotlib():
    code = ("import sys; from crm_lessons.exercises.progress import progress_summary; "
            "progress_summary(); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
