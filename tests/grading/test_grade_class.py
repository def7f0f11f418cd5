"""Issue 21, "Done when": a small class graded from the shipped lessons.

alice hands in the answer key of her own variant; bob the lesson as shipped (blanks);
carol hands in alice's worked notebook (alice's numbers typed in, saved outputs that say
alice) under her own name, plus a forged progress file; dave's notebook loops forever after
his first answer; erin's asks for more memory than the limit; and two foreign files. Every row
of the gradebook and every skipped file's reason is checked, and SUBMISSIONS is hashed before
and after.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import nbformat
import pytest

from crm_lessons.data import load_store
from crm_lessons.exercises import lesson00
from crm_lessons.exercises.answer_key import answer_key_notebook, exercise_cells
from crm_lessons.exercises.session import use_store
from crm_lessons.grading import grade_folder, read_gradebook
from crm_lessons.grading.sandbox import network_isolation
from crm_lessons.identity import student_seed
from crm_lessons.paths import NOTEBOOKS_DIR

LESSON = NOTEBOOKS_DIR / "00_start_here.ipynb"
GRADED = ["customer_count", "referral_share"]


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def expected_of(student: str) -> dict:
    with use_store(load_store(seed=student_seed(student))):
        return {name: getattr(lesson00, name).expected() for name in GRADED}


def with_answers(values: dict) -> nbformat.NotebookNode:
    """The shipped lesson with each graded blank replaced by a typed-in value."""
    nb = nbformat.read(LESSON, as_version=4)
    for ec in exercise_cells(nb):
        if ec.name in values:
            nb.cells[ec.index]["source"] = f"answer = {values[ec.name]!r}\n{ec.check_line}"
    return nb


def run_as(nb, student: str, folder: Path):
    """Execute `nb` as `student` would in JupyterLab, keeping its outputs."""
    from nbclient import NotebookClient

    env = {**os.environ, "CRM_LESSONS_STUDENT": student,
           "CRM_LESSONS_PROGRESS": str(folder / f"{student}-progress.json")}
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute(env=env)
    return nb


def build_class(root: Path, probe: Path) -> Path:
    subs = root / "submissions"
    for name in ("alice", "bob", "carol", "dave", "erin"):
        (subs / name).mkdir(parents=True)
    nbformat.write(answer_key_notebook(LESSON, seed=student_seed("alice")),
                   subs / "alice" / LESSON.name)
    (subs / "bob" / LESSON.name).write_bytes(LESSON.read_bytes())
    alice_worked = run_as(with_answers(expected_of("alice")), "alice", root)
    nbformat.write(alice_worked, subs / "carol" / LESSON.name)
    forged = {"version": 1, "records": [{"lesson": "00", "name": n, "correct": True,
                                          "done": True, "graded": True} for n in GRADED]}
    (subs / "carol" / "progress.json").write_text(json.dumps(forged))
    dave = with_answers({"customer_count": expected_of("dave")["customer_count"]})
    first = exercise_cells(dave)[0].index
    probe_code = ("import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=3)\n"
                  "    seen = 'reached'\nexcept OSError:\n    seen = 'blocked'\n"
                  f"open({str(probe)!r}, 'w').write(seen)\nwhile True:\n    pass")
    dave.cells.insert(first + 1, nbformat.v4.new_code_cell(probe_code))
    nbformat.write(dave, subs / "dave" / LESSON.name)
    erin = nbformat.read(LESSON, as_version=4)
    erin.cells.insert(4, nbformat.v4.new_code_cell("hog = bytearray(8 * 2**30)"))
    nbformat.write(erin, subs / "erin" / LESSON.name)
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np")])
    nbformat.write(other, subs / "bob" / "week3_other_course.ipynb")
    (subs / "erin" / "notes.docx").write_bytes(b"PK\x03\x04 not a notebook")
    return subs


@pytest.mark.slow
def test_a_small_class_is_graded_row_by_row(tmp_path):
    probe = tmp_path / "probe.txt"
    subs = build_class(tmp_path, probe)
    before = tree_hash(subs)
    book = grade_folder(subs, tmp_path / "out" / "gradebook.csv", timeout=25, memory="2G",
                        jobs=2)
    assert tree_hash(subs) == before, "SUBMISSIONS was modified"
    read = read_gradebook(tmp_path / "out" / "gradebook.csv")
    rows = {r["student"]: r for r in read["gradebook"].to_dict("records")}
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin"]
    assert all(r["possible"] == 2 for r in rows.values())
    isolated = network_isolation() is not None
    note = "" if isolated else "network not isolated (unshare -n unavailable)"

    assert (rows["alice"]["lesson_00"], rows["alice"]["status"]) == (2, "ok")
    assert rows["alice"]["flags"] == note
    assert (rows["bob"]["lesson_00"], rows["bob"]["total"], rows["bob"]["status"]) == (0, 0, "ok")
    # carol: alice's numbers are judged on carol's data; the forged progress file counts nothing
    alice, carol = expected_of("alice"), expected_of("carol")
    same = sum(abs(float(alice[n]) - float(carol[n])) < 1e-9 for n in GRADED)
    assert same < 2, "the two variants should differ in some answer"
    assert rows["carol"]["lesson_00"] == same and rows["carol"]["status"] == "ok"
    assert rows["carol"]["flags"].startswith("id-mismatch: notebook says alice")
    details = read["details"]
    carol_ref = details[(details.student == "carol") & (details.exercise == "00.referral_share")]
    assert carol_ref.status.tolist() == ["incorrect"] and carol_ref.correct.tolist() == ["false"]
    # dave: his first answer counted before the endless loop; the network was cut
    assert rows["dave"]["status"] == "lesson 00: timeout" and rows["dave"]["lesson_00"] == 1
    if isolated:
        assert probe.read_text() == "blocked"
    assert rows["erin"]["status"].startswith("lesson 00: out of memory")
    assert rows["erin"]["lesson_00"] == 0
    assert set(read["gradebook"].course_version) == {book.rows[0]["course_version"]}

    skipped = dict(zip(read["skipped"].file, read["skipped"].reason, strict=True))
    assert skipped == {
        "bob/week3_other_course.ipynb": "a notebook of another course: it uses no lesson's "
                                        "exercises from crm_lessons",
        "carol/progress.json": "a progress file: not used, grades come from running the "
                               "notebooks again",
        "erin/notes.docx": "not a notebook (a .docx file)",
    }
    answers = read["reflections"]["00.first_reflection"]
    assert answers.student.tolist() == ["alice"]
