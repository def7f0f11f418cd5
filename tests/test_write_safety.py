"""Issue 13, section 1: the commands' writes never destroy what is there nor escape the folder
they were given (each case as found by the probe, run through the command)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import ROOT, assert_refused, run_cli  # tests/ is on sys.path under pytest

SMALL = ["--customers", "60"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def progress_env(tmp_path):
    return {"CRM_LESSONS_PROGRESS": str(tmp_path / "progress.json")}


def test_progress_export_force_never_replaces_a_device(tmp_path, progress_env):
    dev = tmp_path / "full"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device needs root")
    result = run_cli("progress", "--export", dev, "--force", env=progress_env)
    assert_refused(result, "device")
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@pytest.mark.parametrize("make, word", [
    (lambda p: os.mkfifo(p), "FIFO"),
    (lambda p: p.symlink_to(p.parent / "victim.csv"), "symbolic link"),
])
def test_progress_export_force_never_replaces_a_fifo_or_a_link(tmp_path, progress_env, make,
                                                                word):
    (tmp_path / "victim.csv").write_text("keep")
    target = tmp_path / "report.csv"
    make(target)
    assert_refused(run_cli("progress", "--export", target, "--force", env=progress_env), word)
    assert (tmp_path / "victim.csv").read_text() == "keep"
    assert not stat.S_ISREG(os.lstat(target).st_mode)


def test_answer_key_force_never_writes_through_a_link_to_a_lesson(tmp_path):
    lesson = tmp_path / "copy_of_01_crm_goals.ipynb"
    shutil.copy(ROOT / "notebooks" / "01_crm_goals.ipynb", lesson)
    before = lesson.read_bytes()
    out = tmp_path / "key"
    out.mkdir()
    (out / "01_crm_goals.ipynb").symlink_to(lesson)
    assert_refused(run_cli("answer-key", "--force", out), "symbolic link")
    assert lesson.read_bytes() == before
    assert (out / "01_crm_goals.ipynb").is_symlink()
    assert leftovers(tmp_path) == []


def test_make_data_never_writes_through_a_dangling_link(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    (out / "customers.csv").symlink_to(tmp_path / "outside.csv")
    for force in ([], ["--force"]):
        assert_refused(run_cli("make-data", *SMALL, *force, out), "symbolic link")
        assert not (tmp_path / "outside.csv").exists()
    assert sorted(p.name for p in out.iterdir()) == ["customers.csv"]


def test_make_data_without_force_keeps_a_readme(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    (out / "README.md").write_text("my notes")
    assert_refused(run_cli("make-data", *SMALL, out), "README.md", "--force")
    assert (out / "README.md").read_text() == "my notes"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from crm_lessons.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _limited(limit: int, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *map(str, args)],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_make_data_force_under_a_file_size_limit_leaves_the_old_data(tmp_path):
    out = tmp_path / "store"
    assert run_cli("make-data", *SMALL, out).returncode == 0
    before = _contents(out)
    result = _limited(20_000, "make-data", "--force", "--seed", "3", *SMALL, out)
    assert_refused(result, "could not be written")
    assert _contents(out) == before
    assert leftovers(tmp_path) == []


def test_answer_key_force_under_a_file_size_limit_leaves_the_old_key(tmp_path):
    out = tmp_path / "key"
    assert run_cli("answer-key", out).returncode == 0
    before = _contents(out)
    result = _limited(4_000, "answer-key", "--force", "--seed", "3", out)
    assert_refused(result, "larger than allowed")
    assert _contents(out) == before
    assert leftovers(tmp_path) == []


def test_errors_log_never_follows_a_link(tmp_path, monkeypatch):
    from crm_lessons.exercises.session import log_internal_error

    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "progress.json"))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "errors.log").symlink_to(victim)
    try:
        raise ValueError("boom")
    except ValueError:
        said = log_internal_error("a check failed")
    assert victim.read_text() == "keep"
    assert "saved" not in said


def test_the_progress_lock_never_follows_a_link(tmp_path):
    from crm_lessons.exercises import records

    path = tmp_path / "progress.json"
    (tmp_path / "progress.json.lock").symlink_to(tmp_path / "elsewhere.lock")
    with pytest.raises(OSError, match="symbolic link"):
        records.record("01", "x", correct=True, done=True, path=path)
    assert not (tmp_path / "elsewhere.lock").exists()


KILLED = """
import os, sys, time
from crm_lessons.exercises import records
records.record("01", "warm", correct=True, done=True, path=sys.argv[1])
os.fsync = lambda fd: (print("writing", flush=True), time.sleep(60))
records.record("01", "x", correct=True, done=True, path=sys.argv[1])
"""


def test_kill_9_while_recording_leaves_no_temporary_after_the_next_write(tmp_path):
    from crm_lessons.exercises import records

    path = tmp_path / "progress.json"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.05)
    assert [n for n in leftovers(tmp_path) if n.startswith(".progress.json")]
    records.record("01", "y", correct=True, done=True, path=path)
    assert [n for n in leftovers(tmp_path) if n.startswith(".progress.json")] == []
    assert len(records.load_records(path)) == 2
