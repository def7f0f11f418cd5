"""The student's own copy of the lessons: made on first use, never overwritten by an update."""

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from crm_lessons.cli import main
from crm_lessons.workspace import MANIFEST, pending_updates, sync_workspace, workspace_note

DAY1, DAY2 = dt.date(2026, 9, 1), dt.date(2026, 10, 15)


def _lesson(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [text]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


@pytest.fixture()
def course(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    (src / "00_start_here.ipynb").write_text(_lesson("# 00 · Start here"))
    (src / "01_goals.ipynb").write_text(_lesson("# 01 · Goals, first edition"))
    (src / "02_identify.ipynb").write_text(_lesson("# 02 · Identification"))
    return src


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_first_use_copies_every_lesson(course, tmp_path):
    work = tmp_path / "my-work"
    report = sync_workspace(work, course, DAY1)
    assert sorted(report.added) == ["00_start_here.ipynb", "01_goals.ipynb", "02_identify.ipynb"]
    assert _snapshot(work) == _snapshot(course)
    assert (work / MANIFEST).is_file()
    again = sync_workspace(work, course, DAY1)
    assert not (again.added or again.replaced or again.beside)
    assert "up to date" in again.text()


def test_an_update_adds_new_lessons_and_never_touches_edited_ones(course, tmp_path):
    work = tmp_path / "my-work"
    sync_workspace(work, course, DAY1)
    (work / "01_goals.ipynb").write_text(_lesson("# 01 · Goals\nmy answers: 42"))
    (work / "02_identify.ipynb").write_text(_lesson("# 02 · my notes"))
    (work / "notes.txt").write_text("my own file")
    mine = _snapshot(work)

    (course / "01_goals.ipynb").write_text(_lesson("# 01 · Goals, second edition"))
    (course / "03_attract.ipynb").write_text(_lesson("# 03 · Attraction"))
    report = sync_workspace(work, course, DAY2)

    assert report.added == ["03_attract.ipynb"]
    assert report.beside == [("01_goals.ipynb", "01_goals.updated-2026-10-15.ipynb")]
    after = _snapshot(work)
    assert {k: after[k] for k in mine} == mine, "a byte of the student's files changed"
    assert (work / "01_goals.updated-2026-10-15.ipynb").read_bytes() == \
        (course / "01_goals.ipynb").read_bytes()
    assert (work / "03_attract.ipynb").read_bytes() == (course / "03_attract.ipynb").read_bytes()
    # 02 changed only in the workspace: the course's unchanged copy is not put beside it
    assert not list(work.glob("02_identify.updated-*"))
    # the start page tells the student, with a link
    assert pending_updates(work)[0]["lesson"] == "01_goals.ipynb"
    note = workspace_note(work)
    assert "(01_goals.updated-2026-10-15.ipynb)" in note and "kept as you left it" in note
    # a second start the same day changes nothing and repeats nothing
    again = sync_workspace(work, course, DAY2)
    assert not (again.added or again.beside) and _snapshot(work) == after


def test_an_unedited_lesson_is_simply_updated(course, tmp_path):
    work = tmp_path / "my-work"
    sync_workspace(work, course, DAY1)
    (course / "01_goals.ipynb").write_text(_lesson("# 01 · Goals, second edition"))
    report = sync_workspace(work, course, DAY2)
    assert report.replaced == ["01_goals.ipynb"] and not report.beside
    assert (work / "01_goals.ipynb").read_bytes() == (course / "01_goals.ipynb").read_bytes()


def test_a_deleted_lesson_comes_back(course, tmp_path):
    work = tmp_path / "my-work"
    sync_workspace(work, course, DAY1)
    (work / "02_identify.ipynb").unlink()
    assert sync_workspace(work, course, DAY1).added == ["02_identify.ipynb"]


def test_without_the_record_a_differing_lesson_counts_as_the_students(course, tmp_path):
    work = tmp_path / "my-work"
    work.mkdir()
    (work / "01_goals.ipynb").write_text(_lesson("# 01 · mine, from before the workspace"))
    mine = (work / "01_goals.ipynb").read_bytes()
    (work / MANIFEST).write_text("{not json")
    report = sync_workspace(work, course, DAY1)
    assert (work / "01_goals.ipynb").read_bytes() == mine
    assert report.beside == [("01_goals.ipynb", "01_goals.updated-2026-09-01.ipynb")]


def test_two_updates_on_one_day_get_two_names(course, tmp_path):
    work = tmp_path / "my-work"
    sync_workspace(work, course, DAY1)
    (work / "01_goals.ipynb").write_text(_lesson("mine"))
    for edition in ("second", "third"):
        (course / "01_goals.ipynb").write_text(_lesson(f"# 01 · Goals, {edition} edition"))
        sync_workspace(work, course, DAY2)
    assert sorted(p.name for p in work.glob("01_goals.updated-*")) == [
        "01_goals.updated-2026-10-15-2.ipynb", "01_goals.updated-2026-10-15.ipynb"]
    assert (work / "01_goals.ipynb").read_text() == _lesson("mine")


def test_outside_a_workspace_the_note_says_how_to_get_one(tmp_path):
    assert "make lab" in workspace_note(tmp_path)


def test_refuses_a_file_and_the_course_folder(course, tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OSError, match="not a folder"):
        sync_workspace(tmp_path / "afile", course)
    with pytest.raises(OSError, match="course's own lessons folder"):
        sync_workspace(course, course)


def test_command_syncs_without_starting_lab(tmp_path, capsys):
    work = tmp_path / "w"
    assert main(["workspace", str(work), "--no-lab"]) == 0
    out = capsys.readouterr().out
    assert "new lessons copied in" in out and (work / "00_start_here.ipynb").is_file()
    assert main(["workspace", "", "--no-lab"]) == 2
    assert "empty" in capsys.readouterr().err


def test_command_starts_lab_on_the_workspace(tmp_path, monkeypatch):
    import subprocess

    seen = []
    monkeypatch.setattr(subprocess, "call", lambda argv: seen.append(argv) or 0)
    work = tmp_path / "w"
    assert main(["workspace", str(work)]) == 0
    argv = seen[0]
    assert "jupyterlab" in argv and f"--ServerApp.root_dir={work}" in argv
    assert argv[-1] == str(work / "00_start_here.ipynb") and "--ip=127.0.0.1" in argv


def test_git_ignores_the_workspace():
    root = Path(__file__).resolve().parents[1]
    assert "my-work/" in (root / ".gitignore").read_text().splitlines()


def test_command_refuses_a_file_as_the_folder(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["workspace", str(tmp_path / "afile"), "--no-lab"]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_the_final_project_is_copied_into_a_project_folder(course, tmp_path):
    project = course / "project"
    project.mkdir()
    (project / "final_project_template.ipynb").write_text(_lesson("# Final project"))
    (project / "final_project_brief.md").write_text("# Brief\n")
    (project / "notes.txt").write_text("not copied\n")
    work = tmp_path / "my-work"
    report = sync_workspace(work, course, today=DAY1)
    assert "project/final_project_template.ipynb" in report.added
    assert (work / "project" / "final_project_brief.md").read_text() == "# Brief\n"
    assert not (work / "project" / "notes.txt").exists()
    # the student's filled-in template is theirs: a course update goes beside it, dated
    (work / "project" / "final_project_template.ipynb").write_text(_lesson("# My plan"))
    (project / "final_project_template.ipynb").write_text(_lesson("# Final project, v2"))
    report = sync_workspace(work, course, today=DAY2)
    mine = work / "project" / "final_project_template.ipynb"
    assert "# My plan" in mine.read_text()
    beside = work / "project" / f"final_project_template.updated-{DAY2.isoformat()}.ipynb"
    assert "v2" in beside.read_text()
    assert report.beside == [("project/final_project_template.ipynb",
                              f"project/final_project_template.updated-{DAY2.isoformat()}.ipynb")]


def test_a_project_folder_alone_is_no_course(tmp_path):
    src = tmp_path / "notebooks"
    (src / "project").mkdir(parents=True)
    (src / "project" / "final_project_template.ipynb").write_text(_lesson("# Final project"))
    with pytest.raises(Exception, match="No lessons were found"):
        sync_workspace(tmp_path / "my-work", src)


def test_the_course_folder_can_be_named(course, tmp_path):
    # a shared server copies from its course folder (/srv/crm-lessons/notebooks), wherever the
    # package is installed
    work = tmp_path / "home" / "crm-lessons"
    assert main(["workspace", "--no-lab", "--source", str(course), str(work)]) == 0
    assert _snapshot(work) == _snapshot(course)
