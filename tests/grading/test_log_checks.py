"""The grader's checks on the grade log and on the kernel's end, one rule at a time; each is
shown to pass a genuine case and to catch a forged or failed one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import nbformat

from crm_lessons.grading.grade import forged, kill_leftovers, log_flags
from crm_lessons.grading.run import annotate, died, shown_checks


def check_cell(source: str, shown: list[tuple[str, str]]):
    cell = nbformat.v4.new_code_cell(source)
    cell["outputs"] = [nbformat.v4.new_output("display_data", data={}, metadata={
        "crm_lessons": {"student": "amy", "seed": 1, "exercise": ex, "status": st}})
        for ex, st in shown]
    return cell


def line(status="correct", name="customer_count"):
    return {"id": f"00.{name}", "lesson": "00", "name": name, "status": status,
            "correct": status == "correct"}


def test_a_checks_own_line_passes_and_others_are_caught():
    cell = check_cell("answer = 5\nex.customer_count.check(answer)",
                      [("00.customer_count", "correct")])
    assert shown_checks(cell) == {"00.customer_count": ["correct"]}
    genuine, flipped = line(), line("incorrect")
    annotate([genuine, flipped], 3, cell)
    flags: list[str] = []
    assert not forged(genuine, flags) and flags == []
    assert forged(flipped, flags) and "the check shown in cell 4 says correct" in flags[0]
    # a line written by a cell that checks nothing (copied or made up) is not counted
    elsewhere = line()
    annotate([elsewhere], 7, check_cell("import json  # customer_count", []))
    assert forged(elsewhere, flags) and "cell 8, which does not check it" in flags[-1]
    # a check whose result is kept in a variable (nothing shown) still counts
    quiet = line()
    annotate([quiet], 2, check_cell("r = ex.customer_count.check(5)", []))
    assert not forged(quiet, flags)
    # a line that is not JSON, and a line from a log no worker read (not checked): as named
    assert forged({"id": None, "unreadable": True}, flags)
    assert not forged(line(), flags)


def test_checks_that_left_no_line_are_flagged():
    assert log_flags({"shown": 2, "log": []})[0].startswith("grade-log-missing: 2 check(s)")
    assert log_flags({"shown": 2, "log": [line()]}) == []
    assert "not checked against the cells" in log_flags({"log": [], "unverified": True})[0]


def test_how_a_kernel_ended_is_said_plainly():
    assert died(0, 2**31).startswith("the kernel exited (exit code 0)")
    assert died(-9, 2**31) == "out of memory (the kernel died: SIGKILL)"
    assert died(-11, None) == "the kernel died (SIGSEGV)"
    assert died(None, None) == "the kernel died"


def test_a_process_that_left_the_group_is_still_ended():
    marker = f"CRM_TEST_MARKER={uuid.uuid4().hex}"
    key, value = marker.split("=")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                             env={**os.environ, key: value}, start_new_session=True)
    try:
        time.sleep(0.3)
        assert kill_leftovers(marker.encode()) == 1
        assert child.wait(timeout=10) == -9
        assert kill_leftovers(marker.encode()) == 0
    finally:
        child.kill()
