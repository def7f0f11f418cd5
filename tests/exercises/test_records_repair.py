"""Reading the progress file defensively (crm_lessons/exercises/records_repair.py): every good
record kept, the bad ones set aside with a warning saying how many and where, an unreadable
file moved aside whole, and `crm-lessons progress` without a traceback."""

import importlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

R = importlib.import_module("crm_lessons.exercises.records")
P = importlib.import_module("crm_lessons.exercises.progress")
ROOT = Path(__file__).resolve().parents[2]


def good(i, **changes):
    rec = {"lesson": "01", "exercise": f"e{i}", "kind": "number", "graded": True,
           "correct": True, "done": True, "timestamp": "2026-11-30T10:00:00.000Z", "attempts": 1}
    rec.update(changes)
    return rec


def text(records):
    return json.dumps({"version": 1, "records": records})


def without(rec, field):
    return {k: v for k, v in rec.items() if k != field}


def write(raw):
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
    return path


def beside(path, tag):
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.{tag}-"))


def record_later():
    """A later check, as a notebook records it: any "could not be saved" warning is returned."""
    from crm_lessons.exercises import session

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session.record("01", "later", correct=True, done=True, graded=True, kind="number")
    return [str(w.message) for w in caught]


CATALOGUE = pd.DataFrame({"lesson": ["01", "01"], "exercise": ["e0", "later"],
                          "kind": ["number", "number"], "graded": [True, True],
                          "question": ["q", "q"]})


def status(exercise):
    report = P.exercise_report(catalogue=CATALOGUE).set_index("exercise")
    return report.loc[exercise, "status"], int(report.loc[exercise, "attempts"])


# ---- unreadable files: moved aside whole, a fresh file, the next check kept ----------------

def test_a_utf16_file_saved_by_notepad_keeps_its_records():
    path = write(text([good(0), good(1)]).encode("utf-16"))  # with its byte-order mark
    assert not [m for m in record_later()]
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    assert [r["exercise"] for r in records] == ["e0", "e1", "later"]
    assert status("e0") == ("correct", 1) and status("later") == ("correct", 1)


@pytest.mark.parametrize("raw, why", [
    (text([good(0, exercise="caf")]).encode().replace(b"caf", b"caf\xe9"), "not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"records": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    (b'[1, "x", null, {"lesson": "01"}]', "does not hold a list of records"),
], ids=["non-utf8-byte", "100000-deep", "100000-deep-records", "list-of-garbage"])
def test_an_unreadable_file_is_moved_aside_whole_and_the_next_check_is_kept(raw, why):
    path = write(raw)
    messages = record_later()
    aside = beside(path, "corrupt")
    assert len(aside) == 1 and aside[0].read_bytes() == raw  # kept, byte for byte
    assert len(messages) == 1 and why in messages[0] and str(aside[0]) in messages[0]
    assert "could not be saved" not in messages[0]
    assert [r["exercise"] for r in json.loads(path.read_text())["records"]] == ["later"]
    assert status("later") == ("correct", 1)


def test_a_file_too_big_to_be_progress_is_moved_aside_without_being_read(monkeypatch):
    repair = importlib.import_module("crm_lessons.exercises.records_repair")
    monkeypatch.setattr(repair, "MAX_BYTES", 1000)
    path = write(text([good(i) for i in range(20)]))
    messages = record_later()
    assert len(beside(path, "corrupt")) == 1 and "larger than" in messages[0]
    assert status("later") == ("correct", 1)


def test_a_fifo_at_the_progress_path_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    env = {**os.environ, "CRM_LESSONS_PROGRESS": str(fifo), "PYTHONPATH": str(ROOT)}
    code = ("from crm_lessons.exercises.records import record\n"
            "record('01', 'a', correct=True, done=True)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0 and "not a regular file" in out.stderr
    assert fifo.exists()  # never moved aside: it is not a progress file we made


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_at_the_progress_path_is_refused_and_left_a_device(tmp_path, monkeypatch):
    import stat

    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null, in tmp_path
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(device))
    messages = record_later()
    assert len(messages) == 1 and "not a regular file" in messages[0]
    assert stat.S_ISCHR(os.lstat(device).st_mode)  # not replaced by a progress file


# ---- bad records: set aside, the good ones kept and counted ---------------------------------

def test_one_malformed_record_among_100_good_ones_is_set_aside_and_the_100_kept():
    bad = {"lesson": "01", "exercise": "e100", "oops": True}
    path = write(text([good(i) for i in range(50)] + [bad] + [good(i) for i in range(50, 100)]))
    messages = record_later()
    side = beside(path, "invalid-records")
    assert len(side) == 1 and side[0].name.endswith(".json") and not beside(path, "corrupt")
    assert len(messages) == 1 and "1 record of" in messages[0] and str(side[0]) in messages[0]
    assert "record 51" in messages[0] and "100 records are kept" in messages[0]
    assert json.loads(side[0].read_text())["records"] == [bad]
    records = json.loads(path.read_text())["records"]
    assert [r["exercise"] for r in records] == [f"e{i}" for i in range(100)] + ["later"]
    assert len(R.load_records()) == 101
    assert not record_later()  # set aside once: the next check does not warn again


def test_a_record_nested_too_deep_to_write_again_is_kept_aside_with_the_good_ones_kept():
    deep = "[" * 900 + "]" * 900  # parses, but the writer's encoder cannot write it back
    raw = '{"records": [%s, {"lesson": %s}, %s]}' % (json.dumps(good(0)), deep,
                                                    json.dumps(good(1)))
    path = write(raw)
    messages = record_later()
    side = beside(path, "invalid-records")
    assert len(side) == 1 and str(side[0]) in messages[0]
    assert deep in "".join(side[0].read_text().split())
    assert [r["exercise"] for r in json.loads(path.read_text())["records"]] == \
        ["e0", "e1", "later"]


def test_top_level_fields_that_are_not_progress_are_set_aside_not_dropped():
    """Beside the records only plain fields are kept: a nested one (here 900 deep, near what
    the writer's encoder can write back from a deep call stack) goes to the side file."""
    deep = "[" * 900 + "]" * 900
    path = write('{"version": 1, "owner": "ana", "notes": %s, "records": [%s]}'
                 % (deep, json.dumps(good(0))))
    messages = record_later()
    side = beside(path, "invalid-records")
    assert len(messages) == 1 and "could not be saved" not in messages[0]
    assert len(side) == 1 and str(side[0]) in messages[0]
    assert deep in "".join(side[0].read_text().split())
    data = json.loads(path.read_text())
    assert data["owner"] == "ana" and "notes" not in data
    assert [r["exercise"] for r in data["records"]] == ["e0", "later"]


def test_a_side_file_never_overwrites_an_earlier_one(monkeypatch):
    repair = importlib.import_module("crm_lessons.exercises.records_repair")
    monkeypatch.setattr(repair, "_stamp", lambda: "20260101T000000000000Z")
    sides = []
    for n in range(3):
        path = write(text([good(0), {"lesson": "01", "exercise": f"bad{n}"}]))
        record_later()
        sides = beside(path, "invalid-records")
        assert len(sides) == n + 1
    assert sorted(json.loads(s.read_text())["records"][0]["exercise"] for s in sides) == \
        ["bad0", "bad1", "bad2"]


HAND_EDITS = {
    "done-text-false": good(0, done="false", correct="false"),
    "done-text-false-correct-true": good(0, done="false"),
    "missing-done": without(good(0), "done"),
    "missing-correct": without(good(0), "correct"),
    "lesson-a-list": good(0, lesson=["01"]),
    "exercise-a-number": good(0, exercise=0),
    "correct-but-not-done": good(0, done=False),
    "done-as-1": good(0, done=1, correct=1),
    "graded-text": good(0, graded="yes"),
    "attempts-text": good(0, attempts="1"),
    "attempts-zero": good(0, attempts=0),
    "timestamp-no-zone": good(0, timestamp="2026-11-30T10:00:00"),
    "timestamp-words": good(0, timestamp="yesterday"),
    "extra-field-nested": good(0, notes={"a": [1]}),
}


@pytest.mark.parametrize("bad", HAND_EDITS.values(), ids=HAND_EDITS.keys())
def test_a_hand_edited_record_with_a_wrong_type_is_never_counted(bad):
    path = write(text([good(1), bad, good(2)]))
    with pytest.warns(UserWarning) as caught:
        assert status("e0") == ("not started", 0)
    side = beside(path, "invalid-records")
    message = str(caught[0].message)
    assert "1 record of" in message and "record 2:" in message and str(side[0]) in message
    assert len(side) == 1 and json.loads(side[0].read_text())["records"] == [bad]
    assert [r["exercise"] for r in json.loads(path.read_text())["records"]] == ["e1", "e2"]
    assert not record_later() and status("later") == ("correct", 1)


def test_a_reflection_and_a_wrong_answer_are_good_records():
    reflection = good(0, graded=False, correct=None, done=True, kind="reflection")
    wrong = good(1, correct=False, done=False)
    empty = good(2, graded=False, correct=False, done=False, kind="reflection")
    path = write(text([reflection, wrong, empty]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(R.load_records()) == 3
    assert not beside(path, "invalid-records")


# ---- `crm-lessons progress`: an exit code and a message, never a traceback ------------------

DAMAGED = {
    "utf16": (text([good(0)]).encode("utf-16"), "Done 1 of", 0),
    "non-utf8-byte": (text([good(0, exercise="x")]).encode().replace(b'"x"', b'"x\xff"'),
                      "Done 0 of", 0),
    "100000-deep": (b"[" * 100_000 + b"]" * 100_000, "Done 0 of", 0),
    "1-bad-of-100": (text([good(i) for i in range(100)] + [{"lesson": "01"}]).encode(),
                     "Done 100 of", 0),
    "done-text-false": (text([good(1), good(0, done="false")]).encode(), "Done 1 of", 0),
    "lesson-a-list": (text([good(1), good(0, lesson=["01"])]).encode(), "Done 1 of", 0),
    "a-folder": (None, "", 1),
}


@pytest.mark.parametrize("raw, shown, code", DAMAGED.values(), ids=DAMAGED.keys())
def test_cli_progress_on_a_damaged_file_exits_cleanly_without_a_traceback(raw, shown, code):
    path = R.progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is None:
        path.mkdir()
    else:
        path.write_bytes(raw)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "crm_lessons.cli", "progress"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in out.stderr + out.stdout
    assert out.returncode == code, out.stderr
    assert shown in out.stdout
    if code:
        assert "folder" in out.stderr and str(path) in out.stderr
        return
    if raw != text([good(0)]).encode("utf-16"):
        assert out.stderr.startswith("Warning: ") and str(path.parent) in out.stderr
    assert not record_later()  # the check after the damage is saved and shown
    assert status("later") == ("correct", 1)
