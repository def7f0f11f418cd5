"""The progress file (crm_lessons/exercises/records.py): where it lives, what a check records,
atomic locked writes, and a corrupted file kept aside."""

import importlib
import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

# `crm_lessons.exercises.progress` is both the module and the function students call.
R = importlib.import_module("crm_lessons.exercises.records")
RR = importlib.import_module("crm_lessons.exercises.records_repair")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_default_location_is_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CRM_LESSONS_PROGRESS")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert R.progress_path() == tmp_path / ".crm_lessons" / "progress.json"


def test_environment_variable_overrides_the_location(monkeypatch, tmp_path):
    target = tmp_path / "elsewhere" / "mine.json"
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(target))
    R.record("01", "a", correct=True, done=True)
    assert target.is_file()


def test_each_check_records_lesson_exercise_result_time_and_attempts(tmp_path):
    sys.path.insert(0, str(FIXTURES))
    import tiny_exercises as tiny

    from crm_lessons.exercises import use_store

    with use_store(tiny.make_store(0)):
        tiny.n_customers.check(7)
        tiny.n_customers.check(8)
    data = json.loads(R.progress_path().read_text())
    first, second = data["records"]
    assert (first["lesson"], first["exercise"], first["correct"], first["attempts"]) == \
        ("99", "n_customers", False, 1)
    assert (second["correct"], second["done"], second["attempts"]) == (True, True, 2)
    assert pd.Timestamp(second["timestamp"]).tzinfo is not None


def test_writes_are_atomic_and_leave_no_temporary_file(monkeypatch):
    R.record("01", "a", correct=False, done=False)
    path = R.progress_path()
    before = path.read_text()

    real_replace = R.os.replace

    def broken_replace(src, dst):
        if str(dst) == str(path):
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(R.os, "replace", broken_replace)
    with pytest.raises(OSError):
        R.record("01", "a", correct=True, done=True)
    assert path.read_text() == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", '{"records": [{"x": 1}]}'])
def test_a_corrupted_file_is_kept_aside_with_a_warning_naming_both_paths(content):
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    with pytest.warns(UserWarning) as caught:
        R.record("01", "a", correct=True, done=True)
    message = str(caught[0].message)
    aside = [p for p in path.parent.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text() == content
    assert str(path) in message and str(aside[0]) in message
    assert len(json.loads(path.read_text())["records"]) == 1


def test_without_fcntl_a_lock_file_keeps_threads_from_losing_records(monkeypatch):
    """The fallback lock (no fcntl, no msvcrt): two threads writing at once lose nothing."""
    import threading

    import crm_lessons.writing as W

    monkeypatch.setattr(W, "_lock_module", lambda name: None)

    def write(tag):
        for i in range(40):
            R.record("01", f"{tag}-{i}", correct=True, done=True)

    threads = [threading.Thread(target=write, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = json.loads(R.progress_path().read_text())["records"]
    assert len(records) == 80 and len({r["exercise"] for r in records}) == 80
    assert not R.progress_path().with_name("progress.json.lockfile").exists()


def test_an_empty_file_is_a_fresh_start_without_warning():
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        R.record("01", "a", correct=True, done=True)


WRITER = textwrap.dedent("""
    import sys, time
    from crm_lessons.exercises.records import record
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
    records = json.loads(R.progress_path().read_text())["records"]
    for tag, n in counts.items():
        names = {r["exercise"] for r in records if r["exercise"].startswith(f"{tag}-")}
        assert names == {f"{tag}-{i}" for i in range(n)}
    assert len(records) == sum(counts.values()) and min(counts.values()) > 100




# ---- views of hints and solutions, and a reflection's text ----------------------------------

def records_in_file():
    return json.loads(R.progress_path().read_text())["records"]


def test_a_hint_or_a_solution_looked_at_is_recorded_with_no_score(tiny_store):
    import tiny_exercises as tiny

    shown = tiny.n_customers.hint()
    solution = tiny.n_customers.solution()
    assert str(shown) == "len() counts rows." and "len(store.customers)" in str(solution)
    hint, sol = records_in_file()
    assert {k: hint[k] for k in ("type", "lesson", "exercise", "viewed", "hint")} == \
        {"type": "view", "lesson": "99", "exercise": "n_customers", "viewed": "hint", "hint": 1}
    assert (sol["viewed"], "hint" in sol) == ("solution", False)
    assert pd.Timestamp(sol["timestamp"]).tzinfo is not None
    result = tiny.n_customers.check(len(tiny_store.customers))
    assert result and result.status == "correct" and "hint" not in result.message.lower()
    assert records_in_file()[-1]["attempts"] == 1  # views are not attempts
    assert len(R.load_records()) == 1 and len(R.load_log()[1]) == 2


def test_a_hint_past_the_last_is_recorded_as_the_last_and_a_bad_number_not_at_all(tiny_store):
    import tiny_exercises as tiny

    tiny.n_customers.hint(5)
    tiny.n_customers.hint(0)
    assert [r["hint"] for r in records_in_file()] == [1]


def test_a_hint_still_shows_when_its_view_cannot_be_saved(tiny_store, monkeypatch):
    import tiny_exercises as tiny

    def full_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(R, "record_view", full_disk)
    with pytest.warns(UserWarning, match="could not be saved"):
        shown = tiny.n_customers.hint()
    assert str(shown) == "len() counts rows."


def test_a_reflection_records_its_text_and_a_long_one_is_cut(tiny_store):
    import tiny_exercises as tiny

    tiny.thoughts.check("They know my name, and what I like to order there.")
    tiny.thoughts.check(" ".join(f"thought{i}" for i in range(2000)))  # long, all different
    short, long = records_in_file()
    assert short["answer"] == "They know my name, and what I like to order there."
    assert len(long["answer"]) == RR.MAX_ANSWER and long["answer"].endswith("[...]")
    tiny.n_customers.check(3)  # a graded answer is never kept
    assert "answer" not in records_in_file()[-1]
    assert R.load_records()["answer"].iloc[0] == short["answer"]


def test_a_reflection_too_short_to_count_keeps_no_text(tiny_store):
    import tiny_exercises as tiny

    tiny.thoughts.check("too short")
    assert "answer" not in records_in_file()[0]


def test_an_old_progress_file_without_views_or_texts_still_loads():
    old = {"version": 1, "records": [
        {"lesson": "01", "exercise": "a", "kind": "number", "graded": True, "correct": True,
         "done": True, "timestamp": "2026-01-31T12:00:00.000Z", "attempts": 1},
        {"lesson": "01", "exercise": "t", "kind": "reflection", "graded": False,
         "correct": None, "done": True, "timestamp": "2026-01-31T12:01:00.000Z", "attempts": 1}]}
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(old))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checks, views = R.load_log()
    assert list(checks["exercise"]) == ["a", "t"] and checks["answer"].isna().all()
    assert views.empty
    assert R.record("01", "a", correct=True, done=True)["attempts"] == 2


@pytest.mark.parametrize("bad, why", [
    ({"viewed": "peek"}, "'viewed'"),
    ({"hint": 0}, "'hint'"),
    ({"hint": True}, "'hint'"),
    ({"viewed": "solution"}, "solution with a hint"),
    ({"timestamp": "yesterday"}, "'timestamp'"),
    ({"exercise": ""}, "'exercise'"),
    ({"type": "peek"}, "'type'"),
    ({"note": [1]}, "'note'"),
])
def test_a_bad_view_record_is_set_aside_and_not_counted(bad, why):
    view = {"type": "view", "lesson": "01", "exercise": "a", "viewed": "hint", "hint": 1,
            "timestamp": "2026-01-31T12:00:00.000Z"}
    check = {"lesson": "01", "exercise": "a", "kind": "number", "graded": True, "correct": True,
             "done": True, "timestamp": "2026-01-31T12:01:00.000Z", "attempts": 1}
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "records": [view, {**view, **bad}, check]}))
    with pytest.warns(UserWarning, match="1 record of the progress file"):
        checks, views = R.load_log()
    assert len(views) == 1 and len(checks) == 1  # the good view and the check kept
    side = json.loads(next(path.parent.glob("progress.json.invalid-records-*.json")).read_text())
    assert why in side["problems"][0] and side["records"] == [{**view, **bad}]


@pytest.mark.parametrize("bad, why", [
    ({"answer": 5}, "'answer'"),
    ({"answer": "x" * 5000}, "'answer'"),
    ({"correct": True, "done": True, "graded": True, "answer": "text"}, "'answer'"),
])
def test_a_check_record_with_a_bad_answer_text_is_set_aside(bad, why):
    rec = {"lesson": "01", "exercise": "t", "kind": "reflection", "graded": False,
           "correct": None, "done": True, "timestamp": "2026-01-31T12:01:00.000Z", "attempts": 1}
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "records": [rec, {**rec, **bad}]}))
    with pytest.warns(UserWarning, match="could not be counted"):
        assert len(R.load_records()) == 1
    side = json.loads(next(path.parent.glob("progress.json.invalid-records-*.json")).read_text())
    assert why in side["problems"][0]
