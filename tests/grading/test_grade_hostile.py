"""A class whose notebooks attack the grader: each attack fails, and grading goes on.

- mallory runs her checks blank, then copies her grade-log lines with ``correct`` set;
- eve runs no check at all and appends made-up verdict lines;
- saboteur rewrites any other run's grade log she can find to "incorrect" while amy runs;
- quitter answers both exercises, then ends her own kernel with ``os._exit(0)``;
- forker leaves children that start a session of their own and sleep;
- planter writes a fake gradebook where ``--out`` will go, and squats run folders;
- longname's file name is near the file system's limit; a named pipe sits in SUBMISSIONS.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import nbformat
import pytest

from crm_lessons.exercises.answer_key import answer_key_notebook
from crm_lessons.grading import grade_folder, read_gradebook
from crm_lessons.identity import student_seed
from crm_lessons.paths import NOTEBOOKS_DIR

LESSON = NOTEBOOKS_DIR / "00_start_here.ipynb"

COPY_AS_CORRECT = """import json, os
log = os.environ["CRM_LESSONS_GRADE_LOG"]
lines = [json.loads(l) for l in open(log) if l.strip()]
with open(log, "a") as f:
    for l in lines:
        l.update(correct=True, status="correct")
        f.write(json.dumps(l) + "\\n")
"""

MAKE_UP = """import json, os
from crm_lessons.identity import current_identity
ident = current_identity()
ident = {"student": ident.student, "course": ident.course, "seed": ident.seed,
         "source": "student"}
with open(os.environ["CRM_LESSONS_GRADE_LOG"], "a") as f:
    for name in ("customer_count", "referral_share"):
        f.write(json.dumps({"id": "00." + name, "lesson": "00", "name": name,
                            "status": "correct", "correct": True, "graded": True,
                            "identity": ident}) + "\\n")
"""

SABOTAGE = """import glob, json, os, time
mine = os.environ["CRM_LESSONS_GRADE_LOG"]
end = time.time() + 30
while time.time() < end:
    for log in glob.glob("/tmp/crm-grade-*/**/grade.jsonl", recursive=True):
        if log == mine:
            continue
        try:
            lines = [json.loads(l) for l in open(log) if l.strip()]
            with open(log, "a") as f:
                for l in lines:
                    l.update(correct=False, status="incorrect", message="sabotaged")
                    f.write(json.dumps(l) + "\\n")
        except (OSError, ValueError):
            pass
    time.sleep(0.2)
"""


def key(student: str) -> nbformat.NotebookNode:
    return answer_key_notebook(LESSON, seed=student_seed(student))


def with_cell(nb, code: str, at: int | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(code)
    nb.cells.insert(len(nb.cells) if at is None else at, cell)
    return nb


def build(root: Path, marker: str) -> Path:
    subs = root / "submissions"
    subs.mkdir(parents=True)
    out = root / "out" / "gradebook.csv"
    blank = nbformat.read(LESSON, as_version=4)
    nbformat.write(with_cell(blank, COPY_AS_CORRECT), subs / "mallory_00_start_here.ipynb")
    eve = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from crm_lessons.exercises import lesson00 as ex"), nbformat.v4.new_code_cell(MAKE_UP)])
    nbformat.write(eve, subs / "eve_00_start_here.ipynb")
    nbformat.write(key("amy"), subs / "amy_00_start_here.ipynb")
    saboteur = with_cell(nbformat.read(LESSON, as_version=4), SABOTAGE, at=2)
    nbformat.write(saboteur, subs / "saboteur_00_start_here.ipynb")
    nbformat.write(with_cell(key("quitter"), "import os\nos._exit(0)"),
                   subs / "quitter_00_start_here.ipynb")
    fork = ("import os, subprocess, sys\n"
            f"env = {{**os.environ, 'HOSTILE_MARKER': {marker!r}}}\n"
            "for _ in range(3):\n"
            "    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],\n"
            "                     env=env, start_new_session=True)")
    nbformat.write(with_cell(key("forker"), fork), subs / "forker_00_start_here.ipynb")
    plant = ("import os\n"
             f"os.makedirs({str(out.parent)!r}, exist_ok=True)\n"
             f"open({str(out)!r}, 'w').write('student,lesson_00\\nplanter,99\\n')\n"
             "for i in range(10):\n"
             "    os.makedirs(f'../../run{i}', exist_ok=True)")
    nbformat.write(with_cell(key("planter"), plant, at=2), subs / "planter_00_start_here.ipynb")
    nbformat.write(key("longname"), subs / ("longname_" + "x" * 200 + "_00_start_here.ipynb"))
    os.mkfifo(subs / "pipe_00_start_here.ipynb")
    return subs


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if f"HOSTILE_MARKER={marker}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_hostile_notebooks_cannot_change_grades_nor_stop_grading(tmp_path):
    marker = uuid.uuid4().hex
    subs = build(tmp_path, marker)
    out = tmp_path / "out" / "gradebook.csv"
    book = grade_folder(subs, out, timeout=60, memory="2G", jobs=2)
    read = read_gradebook(out)
    rows = {r["student"]: r for r in read["gradebook"].to_dict("records")}
    assert sorted(rows) == ["amy", "eve", "forker", "longname", "mallory", "planter",
                            "quitter", "saboteur"]
    # forged verdicts are not counted, and say so
    for who in ("mallory", "eve"):
        assert rows[who]["lesson_00"] == 0, (who, rows[who])
        assert "forged-log" in rows[who]["flags"], rows[who]
    # another run's sabotage never takes amy's points
    assert rows["amy"]["lesson_00"] == 2 and rows["amy"]["status"] == "ok", rows["amy"]
    # a kernel that ends itself is named as such, its points kept
    assert rows["quitter"]["lesson_00"] == 2
    assert rows["quitter"]["status"].startswith("lesson 00: the kernel exited (exit code 0)")
    # no child outlives grading
    assert rows["forker"]["lesson_00"] == 2 and processes_with(marker) == []
    # the planted gradebook is set aside, kept, and the real one written
    assert rows["planter"]["lesson_00"] == 2 and "planter" in rows
    aside = out.with_name("gradebook.csv.appeared-while-grading")
    assert aside.read_text() == "student,lesson_00\nplanter,99\n"
    assert any("appeared while the notebooks ran" in n for n in book.notes)
    assert rows["longname"]["lesson_00"] == 2
    skipped = dict(zip(read["skipped"].file, read["skipped"].reason, strict=True))
    assert skipped["pipe_00_start_here.ipynb"].startswith("not a regular file")


def test_bad_targets_are_refused_before_anything_runs(tmp_path):
    """--out inside SUBMISSIONS, over the roster, in a folder that takes no file; an empty
    SUBMISSIONS argument, a folder with no notebooks: each refused with its fix."""
    from crm_lessons.grading import GradingError
    from crm_lessons.writing import WriteError

    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.ipynb").write_text("{}")
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nalice.ipynb,a1\n")
    cases = [
        ((subs, subs / "gradebook.csv"), {}, "inside the submissions folder"),
        ((subs, tmp_path / "sub" / ".." / "roster.csv"), {"roster": roster}, "over the roster"),
        ((subs, tmp_path / "class.csv"), {"roster": tmp_path / "class.details.csv"},
         "over the roster"),                            # a companion file on the roster
        (("", tmp_path / "g.csv"), {}, "SUBMISSIONS is empty"),
    ]
    (tmp_path / "class.details.csv").write_text("file,student\nalice.ipynb,a1\n")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    cases.append(((subs, blocked / "g.csv"), {}, "cannot be written"))
    if Path("/proc/self").exists():                      # a folder that takes no new file
        cases.append(((subs, Path("/proc/crm-grade-test.csv")), {}, "cannot be written in"))
    empty = tmp_path / "empty"
    empty.mkdir()
    cases.append(((empty, tmp_path / "g.csv"), {}, "holds no notebooks"))
    for (source, target), options, words in cases:
        with pytest.raises((GradingError, WriteError)) as err:
            grade_folder(source, target, timeout=5, **options)
            pytest.fail(f"not refused: {words}")
        assert words in str(err.value) and "Fix:" in str(err.value), (words, err.value)
    assert roster.read_text() == "file,student\nalice.ipynb,a1\n"
    assert sorted(p.name for p in subs.iterdir()) == ["alice.ipynb"]
    assert not (tmp_path / "g.csv").exists()
