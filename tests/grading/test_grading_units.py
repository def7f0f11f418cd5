"""Fast tests of grading: discovery and skip reasons, the roster, id flags, the statuses,
--memory, the Canvas and Moodle layouts, and the command's bad arguments (no kernel runs)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crm_lessons.grading.discover import discover, notebook_lesson, read_roster
from crm_lessons.grading.grade import Gradebook, _score, mismatch_flags
from crm_lessons.grading.outputs import canvas_csv, moodle_csv, native_csv
from crm_lessons.grading.run import status_of
from crm_lessons.grading.sandbox import MemoryArgumentError, parse_memory
from crm_lessons.paths import NOTEBOOKS_DIR

ROOT = Path(__file__).resolve().parents[2]
LESSON = NOTEBOOKS_DIR / "00_start_here.ipynb"


def course_notebook(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(LESSON.read_bytes())


def test_both_layouts_a_roster_and_every_skip_reason(tmp_path):
    course_notebook(tmp_path / "alice" / "00_start_here.ipynb")
    course_notebook(tmp_path / "bob_12345_00_start_here.ipynb")
    course_notebook(tmp_path / "carol.ipynb")
    course_notebook(tmp_path / "Smith_J_98765_submission.ipynb")
    course_notebook(tmp_path / "00_start_here.ipynb")            # whose?
    (tmp_path / "empty.ipynb").write_text("")
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    (tmp_path / "essay.pdf").write_bytes(b"%PDF")
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import this")])
    nbformat.write(other, tmp_path / "dave_other.ipynb")
    roster = tmp_path.parent / f"{tmp_path.name}-roster.csv"
    roster.write_text("pattern,student,email\nSmith_J_*,jsmith,j@uni.example\nbob_*,bob,\n"
                      "carol.ipynb,carol,\n")
    entries = read_roster(roster)
    assert entries[0].extra == {"email": "j@uni.example"}
    subs, skipped = discover(tmp_path, entries, {"00"})
    assert sorted((s.student, s.lesson) for s in subs) == [
        ("alice", "00"), ("bob", "00"), ("carol", "00"), ("jsmith", "00")]
    reasons = {s.file: s.reason for s in skipped}
    assert reasons["empty.ipynb"] == "an empty file"
    assert reasons["broken.ipynb"].startswith("corrupted: not valid notebook JSON")
    assert reasons["list.ipynb"].startswith("corrupted: valid JSON but not a notebook")
    assert reasons["essay.pdf"] == "not a notebook (a .pdf file)"
    assert reasons["dave_other.ipynb"].startswith("a notebook of another course")
    assert reasons["00_start_here.ipynb"].startswith("not in the roster")
    assert len(reasons) == 6


def test_the_lesson_comes_from_metadata_then_imports_then_the_name():
    nb = {"metadata": {"crm_lessons": {"lesson": "03"}}, "cells": []}
    assert notebook_lesson(nb, "x.ipynb") == "03"
    cell = {"cell_type": "code", "source": "import crm_lessons.exercises.lesson02 as ex"}
    assert notebook_lesson({"metadata": {}, "cells": [cell]}, "04_x.ipynb") == "02"
    cell = {"cell_type": "code", "source": "from crm_lessons import load_store"}
    assert notebook_lesson({"metadata": {}, "cells": [cell]}, "al_05_dev.ipynb") == "05"
    assert notebook_lesson({"metadata": {}, "cells": []}, "05_dev.ipynb") is None


def test_a_roster_without_its_columns_is_refused(tmp_path):
    bad = tmp_path / "r.csv"
    bad.write_text("name\nalice\n")
    with pytest.raises(ValueError, match="needs a student and a file"):
        read_roster(bad)


def test_id_flags_name_the_other_student_and_the_other_variant():
    assert mismatch_flags("carol", 5, [{"student": "alice", "seed": 9}]) == [
        "id-mismatch: notebook says alice"]
    assert mismatch_flags("carol", 5, [{"student": " Carol ", "seed": 5}]) == []
    assert mismatch_flags("carol", 5, [{"student": None, "seed": 9,
                                        "source": "CRM_LESSONS_SEED"}]) == [
        "id-mismatch: notebook's data is variant 9, not carol's"]


class _Ex:
    def __init__(self, name, graded=True):
        self.id, self.graded = f"00.{name}", graded


def test_the_last_check_counts_and_a_wrong_answer_gets_no_point(tmp_path):
    from crm_lessons.grading.discover import Submission

    sub = Submission("bob", tmp_path / "b.ipynb", "b.ipynb", "00", {})
    ident = {"student": "bob", "seed": 7}
    log = [{"id": "00.a", "lesson": "00", "correct": True, "status": "correct", "identity": ident},
           {"id": "00.a", "lesson": "00", "correct": False, "status": "incorrect",
            "category": "too-high", "identity": ident},
           {"id": "00.b", "lesson": "00", "correct": True, "status": "correct", "identity": ident},
           {"id": "00.c", "lesson": "00", "correct": True, "status": "correct",
            "identity": {"student": "bob", "seed": 8}}]
    points, details, flags = _score(sub, {"log": log, "seed": 7},
                                    [_Ex("a"), _Ex("b"), _Ex("c")])
    assert points == 1
    assert [(d["exercise"], d["status"], d["category"]) for d in details] == [
        ("00.a", "incorrect", "too-high"), ("00.b", "correct", ""), ("00.c", "not checked", "")]
    assert flags == ["wrong-data: 00.c was checked on variant 8, not counted"]


def test_statuses_name_the_reason():
    class CellTimeoutError(Exception):
        pass

    class DeadKernelError(Exception):
        pass

    assert status_of(None, [], None) == "ok"
    assert status_of(CellTimeoutError(), [], None) == "timeout"
    assert status_of(DeadKernelError(), [], 2**31) == "out of memory (the kernel died)"
    assert status_of(None, ["MemoryError in cell 3"], None) == "out of memory"
    assert status_of(None, ["NameError in cell 9"], None) == "error: NameError in cell 9"


def test_memory_sizes():
    assert parse_memory("2G") == 2 * 2**30 and parse_memory("1.5GB") == int(1.5 * 2**30)
    assert parse_memory("none") is None
    for bad in ("lots", "2X", "-1G", "10M"):
        with pytest.raises(MemoryArgumentError):
            parse_memory(bad)


def _book() -> Gradebook:
    rows = [{"student": "alice", "lesson_00": 2, "lesson_03": 5, "total": 7, "possible": 9,
             "course_version": "0.1.0", "flags": "", "status": "ok",
             "extra": {"sis_id": "S1", "email": "a@uni.example", "section": "A"}},
            {"student": "bob", "lesson_00": 0, "lesson_03": "", "total": 0, "possible": 9,
             "course_version": "0.1.0", "flags": "id-mismatch: notebook says al",
             "status": "lesson 00: timeout", "extra": {}}]
    return Gradebook(["00", "03"], {"00": 2, "03": 7}, rows, [], [])


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_native_canvas_and_moodle_layouts():
    book = _book()
    assert _rows(native_csv(book)) == [
        ["student", "lesson_00", "lesson_03", "total", "possible", "course_version", "flags",
         "status"],
        ["alice", "2", "5", "7", "9", "0.1.0", "", "ok"],
        ["bob", "0", "", "0", "9", "0.1.0", "id-mismatch: notebook says al",
         "lesson 00: timeout"]]
    assert _rows(canvas_csv(book)) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 00 (crm-lessons)",
         "Lesson 03 (crm-lessons)"],
        ["Points Possible", "", "", "", "", "2", "7"],
        ["alice", "", "S1", "a@uni.example", "A", "2", "5"],
        ["bob", "", "bob", "", "", "0", ""]]
    assert _rows(moodle_csv(book)) == [["ID number", "Email address", "Lesson 00", "Lesson 03"],
                                       ["S1", "a@uni.example", "2", "5"], ["bob", "", "0", ""]]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text():
    book = _book()
    book.rows[0]["student"] = "=HYPERLINK(\"http://x.example\")"   # a file named so
    book.rows[1]["student"] = "-bob"
    rows = _rows(native_csv(book))
    assert rows[1][0] == "'=HYPERLINK(\"http://x.example\")"
    assert rows[2][0] == "'-bob"
    assert rows[1][1:5] == ["2", "5", "7", "9"]   # numbers are left as they are
    assert _rows(canvas_csv(book))[2][0].startswith("'=")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "crm_lessons.cli", "grade", *args],
                          capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_bad_arguments_get_one_clear_message(tmp_path):
    (tmp_path / "subs").mkdir()
    (tmp_path / "gb.csv").write_text("mine")
    cases = [
        ([str(tmp_path / "nope"), "--out", str(tmp_path / "o.csv")], "is not a folder"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "gb.csv")], "add --force"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "x.csv"), "--memory", "lots"],
         "--memory should be a size"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "x.csv"), "--timeout", "0"],
         "--timeout should be"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "x.csv"), "--jobs", "0"],
         "--jobs should be 1 or more"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "x.csv"), "--roster", "no.csv"],
         "is not a file"),
        ([str(tmp_path / "subs")], "required: --out"),
        ([str(tmp_path / "subs"), "--out", ""], "names no file"),
        ([str(tmp_path / "subs"), "--out", str(tmp_path / "x.csv"), "--timeout", "nan"],
         "--timeout should be"),
    ]
    for args, words in cases:
        done = _cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert (tmp_path / "gb.csv").read_text() == "mine"
    assert json.loads(json.dumps(sorted(p.name for p in tmp_path.iterdir()))) == ["gb.csv", "subs"]
