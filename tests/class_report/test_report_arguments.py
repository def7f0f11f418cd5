"""`crm-lessons class-report` with bad arguments and bad files: one clear message naming the
problem and the fix, a non-zero exit, no traceback, and nothing written or replaced."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from class_report_support import write_class, write_csv
from cli_support import assert_refused, run_cli

from crm_lessons.cli import main


def refused(capsys, argv, *words, code=None) -> str:
    """Run the command in-process; check it refused with one paragraph naming `words`."""
    try:
        got = main(argv)
    except SystemExit as exc:          # argparse
        got = exc.code
    err = capsys.readouterr().err.strip()
    assert got != 0, err
    assert code is None or got == code, (got, err)
    assert "Traceback" not in err and "problem in the course's package" not in err, err
    assert err and "\n\n" not in err, err
    for word in words:
        assert word.lower() in err.lower(), f"{word!r} not in:\n{err}"
    return err


@pytest.fixture
def run(tmp_path):
    return write_class(tmp_path / "run")


def test_a_missing_gradebook_is_named(capsys, tmp_path):
    out = tmp_path / "r.html"
    refused(capsys, ["class-report", str(tmp_path / "nope.csv"), "--out", str(out)],
            "nope.csv", "no such file", "gradebook.csv", code=2)
    assert not out.exists()


def test_a_csv_that_is_not_a_gradebook_names_its_missing_columns(capsys, tmp_path):
    other = write_csv(tmp_path / "grades.csv", [{"student": "a", "score": "3"}])
    err = refused(capsys, ["class-report", str(other), "--out", str(tmp_path / "r.html")],
                  "not a gradebook", "'total'", "'possible'", "'status'", code=1)
    assert "'student'" not in err.split("it has")[0]      # the column it has is not missing
    assert not (tmp_path / "r.html").exists()


def test_missing_or_foreign_details_are_named(capsys, run, tmp_path):
    details = run.parent / "gradebook.details.csv"
    details.rename(tmp_path / "kept.csv")
    refused(capsys, ["class-report", str(run), "--out", str(tmp_path / "r.html")],
            "gradebook.details.csv", "was not found", code=1)
    write_csv(details, [{"student": "a", "lesson": "03"}])
    refused(capsys, ["class-report", str(run), "--out", str(tmp_path / "r.html")],
            "gradebook.details.csv", "'exercise'", "'status'", "'message'", code=1)


@pytest.mark.parametrize("content, words", [
    ("", ["is empty"]),
    ("student,lesson_03,total,possible,status\nalice,three,3,3,ok\n",
     ["'lesson_03'", "row 2", "'three'"]),
    ("\x00\xff\xfe garbage", ["not"]),
])
def test_an_unreadable_gradebook_is_refused_clearly(capsys, run, tmp_path, content, words):
    run.write_bytes(content.encode("latin-1"))
    refused(capsys, ["class-report", str(run), "--out", str(tmp_path / "r.html")], *words,
            code=1)
    assert not (tmp_path / "r.html").exists()


def test_an_existing_out_is_kept_and_the_gradebook_is_never_the_out(capsys, run, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("mine")
    refused(capsys, ["class-report", str(run), "--out", str(out)], "already exists",
            "--force", code=1)
    assert out.read_text() == "mine"
    before = run.read_text()
    refused(capsys, ["class-report", str(run), "--out", str(run), "--force"],
            "is the gradebook or one of the files beside it", code=2)
    assert run.read_text() == before
    details = run.with_name(run.name[:-4] + ".details.csv")
    kept = details.read_text()
    refused(capsys, ["class-report", str(run), "--out", str(details), "--force"],
            "one of the files beside it", code=2)
    assert details.read_text() == kept


@pytest.mark.parametrize("out, words", [
    ("", ["empty file name"]),
    ("{folder}", ["is a folder"]),
])
def test_a_bad_out_is_refused(capsys, run, tmp_path, out, words):
    (tmp_path / "a_folder").mkdir()
    out = out.replace("{folder}", str(tmp_path / "a_folder"))
    refused(capsys, ["class-report", str(run), "--out", out, "--force"], *words)


def test_out_is_required(capsys, run):
    refused(capsys, ["class-report", str(run)], "--out", "required", code=2)


def test_bad_progress_folders_are_named(capsys, run, tmp_path):
    out = str(tmp_path / "r.html")
    refused(capsys, ["class-report", str(run), "--out", out, "--progress",
                     str(tmp_path / "none")], "no such folder", code=1)
    refused(capsys, ["class-report", str(run), "--out", out, "--progress", str(run)],
            "is a file, not a folder", code=1)
    (tmp_path / "empty").mkdir()
    refused(capsys, ["class-report", str(run), "--out", out, "--progress",
                     str(tmp_path / "empty")], "holds no .csv file", code=1)
    assert not (tmp_path / "r.html").exists()


def test_a_submissions_folder_is_never_written_into(capsys, tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "alice.ipynb").write_text("{}")
    refused(capsys, ["class-report", str(subs), "--out", str(subs / "r.html")],
            "inside the submissions folder", code=2)
    assert sorted(p.name for p in subs.iterdir()) == ["alice.ipynb"]


def test_submissions_without_the_grading_module_say_so(capsys, tmp_path, monkeypatch):
    subs = tmp_path / "submissions"
    subs.mkdir()
    # the parser is built first (its options are the grader's); the grader itself is then
    # made absent, as in a copy of the course without it
    from crm_lessons import cli

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    monkeypatch.setitem(sys.modules, "crm_lessons.grading", None)   # as if it were absent
    refused(capsys, ["class-report", str(subs), "--out", str(tmp_path / "r.html")],
            "no grading module", "crm_lessons.grading", "gradebook.csv", code=1)
    assert not (tmp_path / "r.html").exists()
    # a grading package without grade_folder (an unfinished copy) is refused the same way
    import types

    monkeypatch.setitem(sys.modules, "crm_lessons.grading", types.ModuleType("crm_lessons.grading"))
    refused(capsys, ["class-report", str(subs), "--out", str(tmp_path / "r.html")],
            "no grading module", code=1)


def test_the_installed_command_refuses_without_a_traceback(tmp_path):
    """The same through `python -m crm_lessons.cli`, as an instructor runs it."""
    assert_refused(run_cli("class-report", tmp_path / "missing.csv", "--out",
                           tmp_path / "r.html"), "no such file")


def test_a_link_in_place_of_out_is_never_followed(capsys, run, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "r.html"
    link.symlink_to(victim)
    refused(capsys, ["class-report", str(run), "--out", str(link), "--force"],
            "symbolic link", code=1)
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_a_submissions_folder_is_graded_into_a_temporary_folder(capsys, tmp_path,
                                                                monkeypatch):
    """The route through the grader, with a stand-in grader that writes the fixture class:
    the report comes from what it wrote, the folder it wrote into is gone afterwards, and the
    submissions are untouched."""
    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "alice.ipynb").write_text("{}")
    calls = []

    def grade_folder(submissions, out_csv, **options):
        calls.append((Path(submissions), Path(out_csv), options))
        return write_class(Path(out_csv).parent)

    # patch the real module (not sys.modules): the CLI imports crm_lessons.grading.command too
    monkeypatch.setattr("crm_lessons.grading.grade.grade_folder", grade_folder)
    out = tmp_path / "report.html"
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nalice.ipynb,a1\n")
    assert main(["class-report", str(subs), "--out", str(out), "--timeout", "60", "--jobs", "1",
                 "--memory", "1G", "--roster", str(roster), "--course", "mkt101"]) == 0, \
        capsys.readouterr().err
    (given, gradebook, options), = calls
    assert given == subs and gradebook.name == "gradebook.csv"
    # the grader's options reach the grader, and only those given
    assert options == {"timeout": 60.0, "jobs": 1, "memory": "1G", "roster": str(roster),
                       "course": "mkt101"}
    assert not gradebook.parent.exists()                  # the temporary folder is removed
    assert sorted(p.name for p in subs.iterdir()) == ["alice.ipynb"]
    page = out.read_text()
    assert "03.customer_rate: 2 of 3 students" in page and "3 students, 2 lessons" in page
    assert "from <code>submissions</code>" in page


@pytest.mark.slow
def test_a_real_submissions_folder_is_graded_then_reported(capsys, tmp_path):
    """Through the real grader: two students hand in lesson 00 as shipped (blanks), plus a
    file that is no notebook; the submissions are unchanged afterwards."""
    from crm_lessons.paths import NOTEBOOKS_DIR

    subs = tmp_path / "submissions"
    for who in ("alice", "bob"):
        (subs / who).mkdir(parents=True)
        (subs / who / "00_start_here.ipynb").write_bytes(
            (NOTEBOOKS_DIR / "00_start_here.ipynb").read_bytes())
    (subs / "notes.txt").write_text("hello")
    before = {p: p.read_bytes() for p in subs.rglob("*") if p.is_file()}
    out = tmp_path / "report.html"
    assert main(["class-report", str(subs), "--out", str(out)]) == 0, capsys.readouterr().err
    from class_report_support import body_rows, read_page

    page = read_page(out.read_text())
    assert body_rows(page.tables["completion"][0])[0][2:] == ["0 of 2", "0 of 2", "0 of 2"]
    assert body_rows(page.tables["flags"][-1])[0][0] == "notes.txt"
    assert {p: p.read_bytes() for p in subs.rglob("*") if p.is_file()} == before


def test_grading_options_on_a_gradebook_are_refused_not_ignored(capsys, run, tmp_path):
    out = tmp_path / "r.html"
    err = refused(capsys, ["class-report", str(run), "--out", str(out),
                           "--timeout", "60"], "--timeout only applies", "already graded",
                  "Fix", code=2)
    assert "--jobs" not in err
    refused(capsys, ["class-report", str(run), "--out", str(out),
                     "--jobs", "2", "--memory", "1G"], "--memory and --jobs only apply", code=2)
    assert not out.exists()
    # without them the same gradebook is reported
    assert main(["class-report", str(run), "--out", str(out)]) == 0


@pytest.mark.parametrize("extra, words", [
    (["--jobs", "0"], ["--jobs should be 1 or more"]),
    (["--roster", "no-such-roster.csv"], ["no-such-roster.csv", "is not a file"]),
])
def test_bad_grading_options_on_a_submissions_folder_are_named(capsys, tmp_path, extra, words):
    subs = tmp_path / "submissions"
    subs.mkdir()
    refused(capsys, ["class-report", str(subs), "--out", str(tmp_path / "r.html"), *extra],
            *words, code=2)
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("extra, words", [
    (["--memory", "lots"], ["--memory", "lots"]),
    (["--timeout", "nan"], ["--timeout should be a number of seconds above 0"]),
    (["--roster", "ROSTER"], ["roster", "student"]),
])
def test_the_graders_own_refusals_come_through_class_report(capsys, tmp_path, extra, words):
    """Errors the grader raises before running anything (a bad --memory, --timeout or roster)
    end as one clear message from class-report, not a traceback."""
    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "alice.ipynb").write_text("{}")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAlice,a@example.org\n")       # no file or student column
    extra = [str(roster) if a == "ROSTER" else a for a in extra]
    refused(capsys, ["class-report", str(subs), "--out", str(tmp_path / "r.html"), *extra],
            "grading", *words, code=1)
    assert not (tmp_path / "r.html").exists()
