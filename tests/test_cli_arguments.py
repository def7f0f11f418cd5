"""Issue 13, section 3: every subcommand of `crm-lessons` answers each kind of bad argument
(missing, wrong type, out of range, a folder where a file is expected and the reverse, a
read-only target, an empty string) with one clear message on stderr and a non-zero exit, never
a traceback; and a path holding `#`, `?`, `%` or a space is written where it says."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cli_support import (  # tests/ is on sys.path under pytest
    ROOT,
    assert_refused,
    can_drop_to_nobody,
    folder_nobody_can_reach,
    run_cli,
)

SMALL = ["--customers", "60"]
ODD_NAME = "odd #?% name"


def a_file(tmp: Path) -> Path:
    path = tmp / "a_file.txt"
    path.write_text("not a folder")
    return path


def a_folder(tmp: Path) -> Path:
    path = tmp / "a_folder"
    path.mkdir(exist_ok=True)
    return path


# (command line with {tmp} placeholders made by the helpers above, words the message must hold)
BAD = {
    "no command argument": (["make-data"], ["required", "outdir"]),
    "unknown option": (["make-data", "--bogus", "x"], ["unrecognized"]),
    "customers not a number": (["make-data", "--customers", "many", "x"], ["invalid int"]),
    "customers a fraction": (["make-data", "--customers", "5.5", "x"], ["invalid int"]),
    "customers zero": (["make-data", "--customers", "0", "x"], ["at least 50", "got 0"]),
    "customers negative": (["make-data", "--customers", "-3", "x"], ["at least 50", "-3"]),
    "customers too many for memory": (["make-data", "--customers", "1000000000000", "x"],
                                      ["GiB", "at most"]),
    "seed negative": (["make-data", "--seed", "-5", "x"], ["--seed", "0 or more"]),
    "seed not a number": (["make-data", "--seed", "seven", "x"], ["invalid int"]),
    "outdir empty": (["make-data", ""], ["empty"]),
    "outdir is a file": (["make-data", *SMALL, "{file}"], ["not a folder"]),
    "outdir below a file": (["make-data", *SMALL, "{file}/sub"], ["file, not a folder"]),
    "key outdir missing": (["answer-key"], ["required", "outdir"]),
    "key outdir empty": (["answer-key", ""], ["empty"]),
    "key outdir blank": (["answer-key", "  "], ["empty"]),
    "key inside notebooks": (["answer-key", str(ROOT / "notebooks" / "sub")], ["notebooks"]),
    "key is the notebooks folder": (["answer-key", "--force", str(ROOT / "notebooks")],
                                    ["notebooks"]),
    "key seed negative": (["answer-key", "--seed", "-5", "{tmp}/key"], ["--seed", "0 or more"]),
    "key seed wrong type": (["answer-key", "--seed", "x", "{tmp}/key"], ["invalid int"]),
    "key outdir is a file": (["answer-key", "{file}"], ["not a folder"]),
    "export value missing": (["progress", "--export"], ["expected one argument"]),
    "export empty": (["progress", "--export", ""], ["empty file name"]),
    "export is a folder": (["progress", "--export", "{folder}"], ["is a folder"]),
    "export is a folder, forced": (["progress", "--export", "{folder}", "--force"],
                                   ["is a folder"]),
    "export below a file": (["progress", "--export", "{file}/r.csv"], ["not a folder"]),
    "export exists": (["progress", "--export", "{file}"], ["already exists", "--force"]),
    "progress unknown option": (["progress", "--nope"], ["unrecognized"]),
    "doctor unknown argument": (["doctor", "extra"], ["unrecognized"]),
    "report without --out": (["class-report", "{file}"], ["required", "--out"]),
    "report source missing": (["class-report", "{tmp}/none.csv", "--out", "{tmp}/r.html"],
                              ["no such file or folder"]),
    "report source not a gradebook": (["class-report", "{file}", "--out", "{tmp}/r.html"],
                                      ["not a gradebook", "'total'"]),
    "report out is a folder": (["class-report", "{file}", "--out", "{folder}"],
                               ["is a folder"]),
    "unknown command": (["make-date", "x"], ["invalid choice"]),
    "workspace source empty": (["workspace", "--no-lab", "--source", " ", "{tmp}/w"],
                               ["--source", "empty"]),
    "workspace source without lessons": (["workspace", "--no-lab", "--source", "{folder}",
                                          "{tmp}/w"], ["no lessons", "--source"]),
    "workspace source is a file": (["workspace", "--no-lab", "--source", "{file}", "{tmp}/w"],
                                   ["no lessons", "--source"]),
}


def _fill(args: list[str], tmp: Path) -> list[str]:
    subs = {"{file}": lambda: str(a_file(tmp)), "{folder}": lambda: str(a_folder(tmp)),
            "{tmp}": lambda: str(tmp)}
    out = []
    for arg in args:
        for key, make in subs.items():
            if key in arg:
                arg = arg.replace(key, make())
        out.append(arg)
    return out


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_argument_gets_one_clear_message(case, tmp_path):
    args, words = BAD[case]
    env = {"CRM_LESSONS_PROGRESS": str(tmp_path / "progress.json")}
    before = sorted(os.listdir(ROOT / "notebooks"))
    result = run_cli(*_fill(args, tmp_path), env=env, cwd=tmp_path)
    assert_refused(result, *words)
    assert sorted(os.listdir(ROOT / "notebooks")) == before
    assert not (tmp_path / "x").exists()       # nothing written for a refused command


@pytest.mark.parametrize("value, words", [
    ("/", ["is a folder", "CRM_LESSONS_PROGRESS"]),
    ("{folder}", ["is a folder", "CRM_LESSONS_PROGRESS"]),
    ("{fifo}", ["FIFO", "CRM_LESSONS_PROGRESS"]),
])
@pytest.mark.parametrize("export", [False, True])
def test_progress_with_a_progress_file_that_is_not_a_file(tmp_path, value, words, export):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    value = value.replace("{folder}", str(a_folder(tmp_path))).replace("{fifo}", str(fifo))
    args = ["progress"] + (["--export", str(tmp_path / "r.csv")] if export else [])
    assert_refused(run_cli(*args, env={"CRM_LESSONS_PROGRESS": value}, timeout=60), *words)
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.skipif(not can_drop_to_nobody(), reason="needs root to drop to the user nobody")
@pytest.mark.parametrize("command", ["make-data", "answer-key", "progress"])
def test_a_read_only_target_is_refused_clearly(command):
    with folder_nobody_can_reach() as base:
        ro = base / "read_only"
        ro.mkdir()
        ro.chmod(0o555)
        args = {"make-data": ["make-data", *SMALL, ro / "store"],
                "answer-key": ["answer-key", ro / "key"],
                "progress": ["progress", "--export", ro / "r.csv"]}[command]
        env = {"CRM_LESSONS_PROGRESS": str(base / "progress.json")}
        assert_refused(run_cli(*args, env=env, as_nobody=True), "permission denied")
        assert os.listdir(ro) == []


def test_progress_export_force_onto_a_device_says_it_is_a_device(tmp_path):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root")
    env = {"CRM_LESSONS_PROGRESS": str(tmp_path / "progress.json")}
    assert_refused(run_cli("progress", "--export", dev, "--force", env=env), "device")


@pytest.mark.parametrize("command", ["make-data", "answer-key", "progress"])
def test_a_path_with_odd_characters_is_written_where_it_says(tmp_path, command):
    target = tmp_path / ODD_NAME / ODD_NAME
    args = {"make-data": ["make-data", *SMALL, target],
            "answer-key": ["answer-key", target],
            "progress": ["progress", "--export", target]}[command]
    result = run_cli(*args, env={"CRM_LESSONS_PROGRESS": str(tmp_path / "p #?%.json")},
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert target.exists()
    if command != "progress":
        assert any(target.iterdir())
    # nothing escaped: only the named folder in tmp_path (and the progress file's folder)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p ")) == [ODD_NAME]


def test_doctor_with_a_data_folder_that_is_a_file_says_what_to_fix(tmp_path):
    result = run_cli("doctor", env={"CRM_LESSONS_DATA": str(a_file(tmp_path))}, timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "[FIX]" in result.stdout


def test_progress_prints_each_lesson_and_exports_a_reflection_with_its_text(tmp_path):
    """`crm-lessons progress` lists every lesson's exercises; the export keeps the reflection."""
    import csv

    progress = tmp_path / "progress.json"
    text = 'I would call, then "listen",\nand write it down.'
    progress.write_text(
        '{"version": 1, "records": [\n'
        '{"type": "view", "lesson": "01", "exercise": "region_summary", "viewed": "solution", '
        '"timestamp": "2026-01-31T12:00:00.000Z"},\n'
        '{"lesson": "01", "exercise": "region_summary", "kind": "table", "graded": true, '
        '"correct": true, "done": true, "timestamp": "2026-01-31T12:01:00.000Z", '
        '"attempts": 1},\n'
        '{"lesson": "01", "exercise": "reflection", "kind": "reflection", "graded": false, '
        '"correct": null, "done": true, "timestamp": "2026-01-31T12:02:00.000Z", '
        f'"attempts": 1, "answer": {json.dumps(text)}}}\n]}}\n')
    env = {"CRM_LESSONS_PROGRESS": str(progress)}
    shown = run_cli("progress", env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any(x.startswith("Lesson 01 · ") and "2 of " in x for x in lines)
    assert any(x.startswith("Lesson 02 · ") and "0 of " in x for x in lines)
    row = next(x for x in lines if " region_summary " in x)
    assert "✔ correct" in row and "solved after the solution" in row
    target = tmp_path / "hand in.csv"
    assert run_cli("progress", "--export", target, env=env, cwd=tmp_path).returncode == 0
    with open(target, newline="", encoding="utf-8") as fh:
        rows = {r["exercise"]: r for r in csv.DictReader(fh)}
    assert rows["reflection"]["answer"] == text and rows["reflection"]["status"] == "done"
    assert rows["region_summary"]["help"] == "solved after the solution"
    assert rows["top20_share"]["status"] == "not started"
