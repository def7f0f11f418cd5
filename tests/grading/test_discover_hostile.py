"""Hostile input to discovery and the roster: each bad file is skipped with its reason (and
grading goes on), each bad roster is refused with one message naming the line and the fix."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from crm_lessons.grading.discover import (
    RosterError,
    Submission,
    discover,
    notebook_problem,
    read_roster,
    unused_roster_rows,
)
from crm_lessons.grading.grade import _prepare
from crm_lessons.paths import NOTEBOOKS_DIR

LESSON = NOTEBOOKS_DIR / "00_start_here.ipynb"


def course_notebook(path: Path, edit=None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if edit is None:
        path.write_bytes(LESSON.read_bytes())
        return
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    edit(nb)
    path.write_text(json.dumps(nb), encoding="utf-8")


def roster_file(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def found(folder: Path, entries=None):
    subs, skipped = discover(folder, entries or [], {"00"})
    return {s.relative: s.student for s in subs}, {s.file: s.reason for s in skipped}


# 1. unusable student ids

def test_a_file_whose_name_gives_an_unusable_id_is_skipped_and_the_rest_graded(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "new\nline_00_start_here.ipynb")
    course_notebook(subs / f"{'x' * 150}_00_start_here.ipynb")
    course_notebook(subs / "tab\there_00_start_here.ipynb")
    course_notebook(subs / "bell\x07" / "00_start_here.ipynb")
    course_notebook(subs / "alice_00_start_here.ipynb")
    graded, reasons = found(subs)
    assert graded == {"alice_00_start_here.ipynb": "alice"}
    assert len(reasons) == 4
    for reason in reasons.values():
        assert reason.startswith("the student id taken from its name, '")
        assert "is not usable: " in reason
        assert reason.endswith("Fix: rename the file or list it in a --roster")
    assert "control character" in reasons["new\nline_00_start_here.ipynb"]
    assert "150 characters long" in reasons[f"{'x' * 150}_00_start_here.ipynb"]


@pytest.mark.parametrize("student", ["al\x00ice", '"al\nice"', "y" * 101])
def test_a_roster_with_an_unusable_student_id_is_refused_naming_the_line(tmp_path, student):
    path = roster_file(tmp_path, f"file,student\nbob.ipynb,bob\nx.ipynb,{student}\n")
    with pytest.raises(RosterError, match=r"line 3: the student id .* is not usable"):
        read_roster(path)


def test_a_roster_id_is_used_with_its_spaces_removed(tmp_path):
    path = roster_file(tmp_path, "file,student\nbob.ipynb,  bob  \n")
    assert read_roster(path)[0].student == "bob"


# 2. malformed notebooks

def _set(key, value):
    return lambda nb: nb.update({key: value})


def _cell(key, value, kind="code"):
    def edit(nb):
        cell = next(c for c in nb["cells"] if c["cell_type"] == kind)
        if value is KeyError:
            del cell[key]
        else:
            cell[key] = value
    return edit


def _output(value):
    def edit(nb):
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        cell["outputs"] = [value]
    return edit


MALFORMED = {
    "cells_42.ipynb": (lambda nb: nb["cells"].append(42), "is a number (42), not a cell"),
    "meta_list.ipynb": (_set("metadata", [1]), "its metadata is a list ([1]), not a mapping"),
    "no_meta.ipynb": (lambda nb: nb.pop("metadata"), "it has no metadata"),
    "source_5.ipynb": (_cell("source", 5), "has a source that is a number (5), not text"),
    "source_mixed.ipynb": (_cell("source", ["a", 5]), "has a source that is a list"),
    "no_source.ipynb": (_cell("source", KeyError), "has no source"),
    "no_type.ipynb": (_cell("cell_type", KeyError), "has no cell_type"),
    "odd_type.ipynb": (_cell("cell_type", "picture"), "has the cell_type text (\"picture\")"),
    "cell_meta.ipynb": (_cell("metadata", "x"), "has metadata that is text"),
    "no_cell_meta.ipynb": (_cell("metadata", KeyError), "has no metadata"),
    "outputs_dict.ipynb": (_cell("outputs", {}), "has outputs that are a mapping ({}), not a list"),
    "output_7.ipynb": (_output(7), "has output 1 that is a number (7), not an output"),
    "output_meta.ipynb": (_output({"output_type": "stream", "metadata": []}),
                          "has output 1 whose metadata is a list ([]), not a mapping"),
    "version_5.ipynb": (_set("nbformat", 5), "its nbformat is a number (5), not 4"),
    "version_text.ipynb": (_set("nbformat", "4"), "its nbformat is text (\"4\"), not 4"),
    "no_version.ipynb": (lambda nb: nb.pop("nbformat"), "it has no nbformat version"),
    "minor_text.ipynb": (_set("nbformat_minor", "x"), "its nbformat_minor is text"),
}


def test_a_malformed_notebook_is_skipped_as_corrupted_naming_what_is_wrong(tmp_path):
    subs = tmp_path / "subs"
    for name, (edit, _) in MALFORMED.items():
        course_notebook(subs / f"s{len(name)}" / name, edit)
    course_notebook(subs / "alice" / "00_start_here.ipynb")
    graded, reasons = found(subs)
    assert list(graded.values()) == ["alice"]
    by_name = {Path(f).name: r for f, r in reasons.items()}
    assert set(by_name) == set(MALFORMED)
    for name, (_, expected) in MALFORMED.items():
        assert by_name[name].startswith("corrupted: "), name
        assert expected in by_name[name], (name, by_name[name])


def test_an_old_format_notebook_is_skipped_with_how_to_upgrade_it(tmp_path):
    subs = tmp_path / "subs"
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [
        {"cells": [{"cell_type": "code", "input": "import crm_lessons.exercises.lesson00"}]}]}
    (subs / "bob").mkdir(parents=True)
    (subs / "bob" / "00_start_here.ipynb").write_text(json.dumps(old))
    _, reasons = found(subs)
    assert reasons == {"bob/00_start_here.ipynb": (
        "an old notebook format (3): open it in Jupyter and save it, or run `jupyter nbconvert "
        "--to notebook --nbformat 4`")}


def test_deeply_nested_json_is_corrupted_not_a_crash(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "bob.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    _, reasons = found(subs)
    assert reasons["bob.ipynb"].startswith("corrupted: not valid notebook JSON")


def test_every_notebook_discovery_accepts_can_be_prepared_for_its_run(tmp_path):
    def odd(nb):            # odd but well-formed: outputs left out, an output without metadata
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        code[0].pop("outputs", None)
        code[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
        nb.pop("nbformat_minor")
    subs = tmp_path / "subs"
    course_notebook(subs / "alice" / "00_start_here.ipynb", odd)
    found_subs, skipped = discover(subs, [], {"00"})
    assert skipped == [] and len(found_subs) == 1
    work = tmp_path / "work"
    assert _prepare(found_subs[0], work).is_file()


def test_notebook_problem_is_none_for_the_course_notebook():
    assert notebook_problem(json.loads(LESSON.read_text(encoding="utf-8"))) is None
    assert notebook_problem([1]).startswith("corrupted: valid JSON but not a notebook")


# 3. and 4. special files and archives

def test_special_files_and_archives_are_skipped_with_the_reason(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "alice" / "00_start_here.ipynb")
    os.mkfifo(subs / "pipe.ipynb")
    os.mkfifo(subs / "alice" / "notes.txt")
    (subs / "class.zip").write_bytes(b"PK\x03\x04")
    (subs / "bob.tar.gz").write_bytes(b"\x1f\x8b")
    sock = socket.socket(socket.AF_UNIX)
    short = Path(f"/tmp/crm-sock-{os.getpid()}")
    try:
        sock.bind(str(short))
        os.link(short, subs / "sock.ipynb")
    except OSError:
        pass        # no hard link across file systems: the FIFOs are enough
    finally:
        sock.close()
        short.unlink(missing_ok=True)
    graded, reasons = found(subs)
    assert graded == {"alice/00_start_here.ipynb": "alice"}
    assert reasons.pop("pipe.ipynb") == "not a regular file (a named pipe (FIFO)): not read"
    assert reasons.pop("alice/notes.txt").startswith("not a regular file")
    assert reasons.pop("class.zip") == "a .zip file: unzip it into SUBMISSIONS first"
    assert reasons.pop("bob.tar.gz") == "an archive (a .gz file): unpack it into SUBMISSIONS first"
    if "sock.ipynb" in reasons:
        assert reasons.pop("sock.ipynb") == "not a regular file (a socket): not read"
    assert reasons == {}


def test_an_unreadable_file_is_skipped(tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    course_notebook(subs / "bob.ipynb")
    (subs / "bob.ipynb").chmod(0)
    if os.geteuid() == 0:              # root reads every file: refuse this one as the OS would
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "bob.ipynb":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    try:
        _, reasons = found(subs)
    finally:
        (subs / "bob.ipynb").chmod(0o600)
    assert reasons["bob.ipynb"].startswith("cannot be read (")


# 5. a folder that only wraps the students' folders

def test_a_wrapper_folder_holds_the_students(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "export" / "alice" / "00_start_here.ipynb")
    course_notebook(subs / "export" / "bob" / "00_start_here.ipynb")
    (subs / "export" / "readme.txt").write_text("from the LMS")
    graded, reasons = found(subs)
    assert graded == {"export/alice/00_start_here.ipynb": "alice",
                      "export/bob/00_start_here.ipynb": "bob"}
    assert reasons == {"export/readme.txt": "not a notebook (a .txt file)"}


def test_a_roster_pattern_matches_inside_a_wrapper_folder(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "dl" / "Jane Smith_4821_assignsubmission_file_" / "lesson.ipynb")
    course_notebook(subs / "dl" / "Bo Li_4822_assignsubmission_file_" / "lesson.ipynb")
    entries = read_roster(roster_file(tmp_path, "pattern,student\n"
                                      "Jane Smith_4821_assignsubmission_file_/*,s1\n"
                                      "Bo Li_4822_assignsubmission_file_/*,s2\n"))
    graded, _ = found(subs, entries)
    assert sorted(graded.values()) == ["s1", "s2"]


def test_student_folders_with_subfolders_are_not_a_wrapper(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "alice" / "my-work" / "00_start_here.ipynb")
    course_notebook(subs / "bob" / "my-work" / "00_start_here.ipynb")
    graded, _ = found(subs)
    assert sorted(graded.values()) == ["alice", "bob"]


# 6. rosters

@pytest.mark.parametrize("text", ["", "\n\n", "file,student\n", "file,student\n,\n\n"])
def test_a_roster_without_rows_is_refused(tmp_path, text):
    path = roster_file(tmp_path, text)
    with pytest.raises(RosterError, match=r"has no rows.*Fix: "):
        read_roster(path)


def test_with_a_roster_a_top_level_file_it_does_not_list_is_skipped_not_guessed(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "smithjane_00_start_here.ipynb")
    course_notebook(subs / "libo_00_start_here.ipynb")
    course_notebook(subs / "kim" / "00_start_here.ipynb")       # a folder still names its student
    entries = read_roster(roster_file(tmp_path, "pattern,student\nsmithjane_*,s1\n"))
    graded, reasons = found(subs, entries)
    assert graded == {"smithjane_00_start_here.ipynb": "s1", "kim/00_start_here.ipynb": "kim"}
    assert reasons == {"libo_00_start_here.ipynb": "not in the roster: add a line for it (file or "
                                                   "pattern) to grade it"}


def test_several_rows_matching_one_file_for_different_students_skip_it(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "smith_jane_00_start_here.ipynb")
    course_notebook(subs / "smith_john_00_start_here.ipynb")
    entries = read_roster(roster_file(tmp_path, "pattern,student\nsmith_*,jane\n"
                                      "smith_john_*,john\n"))
    graded, reasons = found(subs, entries)
    assert graded == {"smith_jane_00_start_here.ipynb": "jane"}
    assert reasons == {"smith_john_00_start_here.ipynb": (
        "several roster rows name different students for it (line 2: jane, line 3: john): "
        "make only one of them match it")}


def test_rows_for_one_student_matching_one_file_are_not_a_conflict(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "smith_jane_00_start_here.ipynb")
    entries = read_roster(roster_file(tmp_path, "file,pattern,student\n"
                                      "smith_jane_00_start_here.ipynb,,Jane\n,smith_*,jane\n"))
    assert found(subs, entries)[0] == {"smith_jane_00_start_here.ipynb": "Jane"}


def test_a_roster_repeating_a_file_is_refused_naming_both_lines(tmp_path):
    path = roster_file(tmp_path, "pattern,student\nsmith_*,jane\nli_*,bo\nsmith_*,john\n")
    with pytest.raises(RosterError, match=r"lists 'smith_\*' twice, on lines 2 and 4"):
        read_roster(path)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_semicolon_or_tab_separated_roster_is_read(tmp_path, sep):
    text = sep.join(["pattern", "student", "email"]) + "\n" + sep.join(
        ["smith_*", "jane", "j@uni.example"]) + "\n"
    [entry] = read_roster(roster_file(tmp_path, text))
    assert (entry.key, entry.student, entry.extra) == ("smith_*", "jane",
                                                       {"email": "j@uni.example"})


def test_a_comma_separated_roster_keeps_its_semicolons(tmp_path):
    [entry] = read_roster(roster_file(tmp_path, "file,student,name\na.ipynb,a,\"Li; Bo\"\n"))
    assert entry.extra == {"name": "Li; Bo"}


@pytest.mark.parametrize("header, missing", [
    ("file,name", "no student column"), ("student,email", "no file (or pattern) column"),
    ("name,email", "no student and no file (or pattern) column")])
def test_a_roster_missing_a_column_names_it_and_the_columns_it_has(tmp_path, header, missing):
    path = roster_file(tmp_path, f"{header}\na,b\n")
    with pytest.raises(RosterError) as info:
        read_roster(path)
    message = str(info.value)
    assert missing in message
    assert f"its columns: {', '.join(repr(h) for h in header.split(','))}" in message


def test_the_roster_keeps_every_documented_extra_column(tmp_path):
    path = roster_file(tmp_path, "pattern,student,name,email,lms_id,sis_id,section\n"
                                 "smithjane_*,s1,Jane Smith,j@x.edu,48213,1234567,Tuesday\n")
    assert read_roster(path)[0].extra == {"name": "Jane Smith", "email": "j@x.edu",
                                          "lms_id": "48213", "sis_id": "1234567",
                                          "section": "Tuesday"}


def test_roster_rows_that_match_no_file_are_listed(tmp_path):
    subs = tmp_path / "subs"
    course_notebook(subs / "smith_jane_00_start_here.ipynb")
    (subs / "li_bo_essay.pdf").write_bytes(b"%PDF")
    entries = read_roster(roster_file(tmp_path, "pattern,student\nsmith_*,jane\nli_*,bo\n"
                                      "kim_*,kim\n"))
    subs_found, skipped = discover(subs, entries, {"00"})
    assert [s.student for s in subs_found] == ["jane"]
    assert unused_roster_rows(entries, subs_found, skipped) == [
        "line 4: pattern 'kim_*' (student kim) matches no file"]
    assert isinstance(subs_found[0], Submission)
