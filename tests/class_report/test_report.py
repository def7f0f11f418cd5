"""The class report (crm_lessons/class_report/) on a hand-made class of three: every number
on the page is the one worked out by hand in class_report_support.py, and changing the class
changes the page."""

from __future__ import annotations

import base64
import struct

import pytest
from class_report_support import (
    PERCENT_MESSAGE,
    SCRIPT,
    body_rows,
    details_rows,
    read_page,
    write_class,
    write_csv,
    write_progress,
)

from crm_lessons.class_report import (
    exercise_info,
    read_gradebook,
    read_progress_exports,
    report_html,
)
from crm_lessons.class_report.figures import category_labels, completion, graded_exercises
from crm_lessons.cli import main


@pytest.fixture(scope="module")
def info():
    return exercise_info()


@pytest.fixture
def graded_class(tmp_path):
    return write_class(tmp_path / "run")


def page_of(gradebook, info, progress_folder=None):
    results = read_gradebook(gradebook)
    progress = None
    if progress_folder is not None:
        progress = read_progress_exports(progress_folder, list(results.gradebook["student"]),
                                         results.lessons)
    return report_html(results, info, progress)


def png_size(uri: str) -> tuple[int, int]:
    head, data = uri.split(",", 1)
    assert head == "data:image/png;base64"
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", raw[16:24])


def test_completion_and_scores_are_the_fixture_class(graded_class, info):
    page = read_page(page_of(graded_class, info))
    assert body_rows(page.tables["completion"][0]) == [
        ["Lesson 03", "4", "3 of 3", "2 of 3", "1 of 3"],
        ["Lesson 04", "2", "2 of 3", "2 of 3", "1 of 3"]]
    assert body_rows(page.tables["scores"][0]) == [
        ["Lesson 03", "3", "1.7", "2", "0", "3"],
        ["Lesson 04", "2", "1", "1", "0", "2"],
        ["Total", "5", "2.7", "2", "1", "5"]]
    assert body_rows(page.tables["scores"][1]) == [
        ["alice", "3", "2", "5 of 5", "ok"], ["bob", "0", "1", "1 of 5", "ok"],
        ["carol", "2", "0", "2 of 5", "04_customer_retention.ipynb: stopped after 60 s "
         "(the time limit)"]]
    lead = " ".join(page.text[""])
    assert "3 students, 2 lessons" in lead and "2.3.0" in lead


def test_the_exercises_most_often_wrong_with_their_feedback(graded_class, info):
    page = read_page(page_of(graded_class, info))
    assert page.headings["wrong"] == [
        "03.customer_rate: 2 of 3 students who checked it got it wrong",
        "03.payback_months: 1 of 3 students who checked it got it wrong",
        "04.cohort_month3: 1 of 2 students who checked it got it wrong"]
    label = category_labels()["percent-fraction"]
    first = body_rows(page.tables["wrong"][0])
    assert first == [[label, "2", PERCENT_MESSAGE]]
    assert body_rows(page.tables["wrong"][2])[0][:2] == [category_labels()["too-high"], "1"]
    text = " ".join(page.text["wrong"])
    assert info["03.customer_rate"]["question"].split("`")[0] in text
    assert "03.wasted_leads" not in text        # still blank: not a wrong answer


def test_reflections_flags_and_skipped_files(graded_class, info):
    page = read_page(page_of(graded_class, info))
    assert page.headings["reflections"] == ["03.campaign_plan (2 answers)"]
    text = "".join(page.text["reflections"])
    assert "Cut paid social first:\nit pays back last." in text and SCRIPT in text
    assert "bob" not in text                   # a blank answer is not listed
    flags, skipped = page.tables["flags"]
    assert body_rows(flags) == [["carol", "04_customer_retention.ipynb: stopped after 60 s "
                                 "(the time limit)", "id-mismatch: notebook says alice"]]
    assert body_rows(skipped) == [["notes.txt", "not a notebook"],
                                  ["dave/03_customer_attraction.ipynb",
                                   "corrupted JSON (line 1)"]]
    assert "Files skipped (2)" in page.headings["flags"]


def test_three_charts_are_embedded_as_png(graded_class, info):
    page = read_page(page_of(graded_class, info))
    assert len(page.images) == 3
    for uri in page.images:
        width, height = png_size(uri)
        assert width > 300 and height > 100


def test_the_page_follows_the_class_when_the_class_changes(tmp_path, info):
    """Bob gets 03.customer_rate right: one fewer wrong, one more point, a new median."""
    gradebook = write_class(tmp_path)
    rows = details_rows()
    for row in rows:
        if row["student"] == "bob" and row["exercise"] == "03.customer_rate":
            row.update(status="correct", correct="True", category="", message="Correct.")
    write_csv(tmp_path / "gradebook.details.csv", rows)
    text = gradebook.read_text().replace("bob,0,1,1,5", "bob,1,1,2,5")
    gradebook.write_text(text)
    page = read_page(page_of(gradebook, info))
    assert page.headings["wrong"][0] == ("03.customer_rate: 1 of 3 students who checked it got "
                                         "it wrong")
    assert body_rows(page.tables["scores"][0])[2] == ["Total", "5", "3", "2", "2", "5"]


def test_completion_counts_a_blank_as_not_checked(graded_class):
    results = read_gradebook(graded_class)
    table = completion(results, graded_exercises(results, {})).set_index("lesson")
    # without the course's exercise list, the reflection is still known (its file, "done")
    assert table.loc["03", "graded"] == 3
    assert table.loc["03", "all_checked"] == 2     # bob left 03.wasted_leads blank


def test_self_reported_help_is_marked_and_beside_the_graded_points(graded_class, info,
                                                                   tmp_path):
    folder = write_progress(tmp_path / "exports")
    page = read_page(page_of(graded_class, info, folder))
    tables = page.tables["self-reported"]
    assert body_rows(tables[0]) == [
        ["alice", "alice.csv", "5", "2", "1", "0", "0", ""],
        ["bob", "bob-report.csv", "1", "3", "2", "2", "2", "claims 2 more than graded"],
        ["carol", "carol/report.csv", "2", "1", "0", "0", "0",
         "the file says it is alice's"]]
    assert body_rows(tables[1]) == [["03.payback_months", "2", "1"],
                                    ["03.customer_rate", "0", "1"]]
    unread = body_rows(tables[2])
    assert unread[0][0] == "shopping.csv" and "'hints_seen'" in unread[0][1]
    text = " ".join(page.text["self-reported"])
    assert "self-reported" in text and "not grades" in text
    assert "self-reported" not in page_of(graded_class, info)      # only with --progress


def test_student_text_is_escaped(tmp_path, info):
    gradebook = write_class(tmp_path)
    evil = '<img src=x onerror="alert(1)">'
    gradebook.write_text(gradebook.read_text().replace("carol", evil.replace('"', '""')
                                                       .join('""')))
    rows = details_rows()
    for row in rows:
        row["student"] = evil if row["student"] == "carol" else row["student"]
        row["message"] = row["message"] + " <b>bold</b>"
    write_csv(tmp_path / "gradebook.details.csv", rows)
    page = page_of(gradebook, info)
    assert "<script" not in page.lower()
    assert "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert read_page(page).headings["wrong"]          # the page is still whole


def test_the_command_writes_the_page_and_replaces_it_only_with_force(graded_class, tmp_path,
                                                                     capsys):
    out = tmp_path / "report.html"
    assert main(["class-report", str(graded_class), "--out", str(out)]) == 0
    assert "3 students, 2 lessons" in capsys.readouterr().out
    first = out.read_text()
    assert first.startswith("<!DOCTYPE html>") and "Completion per lesson" in first
    out.write_text("the instructor's notes")
    assert main(["class-report", str(graded_class), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert out.read_text() == "the instructor's notes"
    assert main(["class-report", str(graded_class), "--out", str(out), "--force",
                 "--progress", str(write_progress(tmp_path / "exports"))]) == 0
    assert "self-reported" in out.read_text()


def test_an_empty_class_and_a_class_with_no_checks_still_give_a_page(tmp_path, info):
    header = "student,file,lesson,exercise,status,correct,category,message\n"
    for name, rows in [("empty", ""), ("one", "zoe,0,0,3,,,ok\n")]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "gradebook.csv").write_text(
            "student,lesson_03,total,possible,course_version,flags,status\n" + rows)
        (folder / "gradebook.details.csv").write_text(header)
        page = read_page(page_of(folder / "gradebook.csv", info))
        assert "No graded exercise was answered wrongly." in "".join(page.text["wrong"])
        assert "No reflection was collected." in "".join(page.text["reflections"])
        assert len(page.images) == 3
        if name == "one":
            assert body_rows(page.tables["completion"][0]) == [
                ["Lesson 03", "0", "0 of 1", "0 of 1", "0 of 1"]]


def test_a_gradebook_saved_by_a_spreadsheet_with_a_byte_order_mark_is_read(graded_class,
                                                                           info):
    graded_class.write_bytes(b"\xef\xbb\xbf" + graded_class.read_bytes())
    page = read_page(page_of(graded_class, info))
    assert body_rows(page.tables["scores"][0])[2] == ["Total", "5", "2.7", "2", "1", "5"]


def test_a_canvas_or_moodle_gradebook_is_read_through_the_table_beside_it(graded_class, info):
    """`grade --format canvas` writes the LMS layout as gradebook.csv and the course's own
    table as gradebook.grades.csv; either file gives the same report."""
    native = graded_class.read_text()
    graded_class.with_name("gradebook.grades.csv").write_text(native)
    graded_class.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Lesson 03 (crm-lessons)\n"
                            "Points Possible,,,,,3\nalice,1,alice,,,3\n")
    for given in (graded_class, graded_class.with_name("gradebook.grades.csv")):
        page = read_page(page_of(given, info))
        assert body_rows(page.tables["completion"][0])[0] == ["Lesson 03", "4", "3 of 3",
                                                              "2 of 3", "1 of 3"]
        assert page.headings["reflections"] == ["03.campaign_plan (2 answers)"]
