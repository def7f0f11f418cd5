"""crm_lessons.writing: atomic writes, refusals of non-files and escapes, folder swaps, stale
temporary files, and a failure mid-write leaving the old file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import folder_nobody_can_reach  # tests/ is on sys.path under pytest

from crm_lessons import writing
from crm_lessons.writing import (
    TargetExistsError,
    WriteError,
    append_text,
    clean_stale,
    open_lock,
    write_file,
    write_folder,
)

ROOT = Path(__file__).resolve().parent.parent


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".crm-" in p.name)


def test_writes_a_new_file_and_replaces_only_with_force(tmp_path):
    target = tmp_path / "a.csv"
    write_file(target, "one")
    with pytest.raises(TargetExistsError, match="--force"):
        write_file(target, "two")
    assert target.read_text() == "one"
    write_file(target, b"three", force=True)
    assert target.read_text() == "three"
    assert temps(tmp_path) == []


def test_the_replace_is_atomic_a_reader_sees_old_or_new(tmp_path):
    target = tmp_path / "a.txt"
    write_file(target, "old")
    inode = target.stat().st_ino
    seen = []
    write_file(target, lambda p: (Path(p).write_text("new"), seen.append(target.read_text())),
               force=True)
    assert seen == ["old"]                          # untouched while the new one was written
    assert target.read_text() == "new" and target.stat().st_ino != inode


def test_a_callable_writer_gets_a_temporary_path_beside_the_target(tmp_path):
    got = []
    write_file(tmp_path / "x.bin", lambda p: (got.append(Path(p)), Path(p).write_bytes(b"1")))
    assert got[0].parent == tmp_path and got[0].name.startswith(".x.bin.crm-tmp-")


@pytest.mark.parametrize("make, word", [
    (lambda p: p.symlink_to(p.parent / "elsewhere"), "symbolic link"),
    (lambda p: p.mkdir(), "folder"),
    (lambda p: os.mkfifo(p), "FIFO"),
])
def test_refuses_a_target_that_is_not_a_regular_file(tmp_path, make, word):
    target = tmp_path / "t"
    make(target)
    with pytest.raises(WriteError, match=word):
        write_file(target, "x", force=True)
    assert not (tmp_path / "elsewhere").exists()
    assert temps(tmp_path) == []


def test_refuses_a_device(tmp_path):
    dev = tmp_path / "full"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device needs root")
    with pytest.raises(WriteError, match="device"):
        write_file(dev, "x", force=True)
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_refuses_to_write_outside_the_given_folder(tmp_path):
    inside = tmp_path / "out"
    inside.mkdir()
    with pytest.raises(WriteError, match="outside"):
        write_file(inside / ".." / "escaped.txt", "x", within=inside)
    (inside / "sub").symlink_to(tmp_path)
    with pytest.raises(WriteError, match="outside"):
        write_file(inside / "sub" / "escaped.txt", "x", within=inside)
    assert not (tmp_path / "escaped.txt").exists()
    write_file(inside / "ok.txt", "x", within=inside)


def test_a_writer_that_raises_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    write_file(target, "old")

    def fails(path):
        Path(path).write_text("half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_file(target, fails, force=True)
    assert target.read_text() == "old" and temps(tmp_path) == []


LIMITED = """
import resource, signal, sys
from pathlib import Path
from crm_lessons.writing import write_file, write_folder
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
target = Path(sys.argv[1])
if sys.argv[2] == "file":
    write_file(target, "n" * 100_000, force=True)
else:
    def build(folder):
        (folder / "a.txt").write_text("small")
        (folder / "b.txt").write_text("n" * 100_000)
    write_folder(target, build, ["a.txt", "b.txt"], force=True)
"""


@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_file_size_limit_mid_write_leaves_the_old_data(tmp_path, how):
    target = tmp_path / "t"
    if how == "file":
        write_file(target, "old")
    else:
        write_folder(target, lambda f: [(f / n).write_text("old " + n) for n in ("a.txt", "b.txt")],
                     ["a.txt", "b.txt"])
    result = subprocess.run([sys.executable, "-c", LIMITED, str(target), how],
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode != 0
    assert "larger than allowed" in result.stderr
    if how == "file":
        assert target.read_text() == "old"
    else:
        assert {p.name: p.read_text() for p in target.iterdir()} == \
            {"a.txt": "old a.txt", "b.txt": "old b.txt"}
    assert temps(tmp_path) == []


def test_a_folder_is_swapped_in_whole_keeping_other_files(tmp_path):
    target = tmp_path / "data"
    write_folder(target, lambda f: (f / "a.csv").write_text("1"), ["a.csv", "README.md"])
    (target / "notes.txt").write_text("mine")
    with pytest.raises(TargetExistsError):
        write_folder(target, lambda f: (f / "a.csv").write_text("2"), ["a.csv"])
    write_folder(target, lambda f: (f / "a.csv").write_text("2"), ["a.csv"], force=True)
    assert (target / "a.csv").read_text() == "2" and (target / "notes.txt").read_text() == "mine"
    assert temps(tmp_path) == []


def test_a_failed_folder_build_leaves_the_old_folder(tmp_path):
    target = tmp_path / "data"
    write_folder(target, lambda f: (f / "a.csv").write_text("1"), ["a.csv"])

    def fails(folder):
        (folder / "a.csv").write_text("2")
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_folder(target, fails, ["a.csv"], force=True)
    assert (target / "a.csv").read_text() == "1" and temps(tmp_path) == []


def test_a_folder_with_a_link_in_a_managed_place_is_refused(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "a.csv").symlink_to(tmp_path / "victim")
    with pytest.raises(WriteError, match="symbolic link"):
        write_folder(target, lambda f: (f / "a.csv").write_text("x"), ["a.csv"], force=True)
    assert not (tmp_path / "victim").exists()


def test_a_file_where_a_folder_is_expected_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(WriteError, match="not a folder"):
        write_folder(tmp_path / "f", lambda f: None, ["a"])


def test_stale_temporaries_are_removed_live_and_fresh_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = tmp_path / f".a.csv.crm-tmp-{dead.pid}-abcd"
    gone.write_text("x" * 1000)
    live = tmp_path / f".a.csv.crm-tmp-{os.getppid()}-abcd"
    live.write_text("x")
    old = tmp_path / f".a.csv.crm-tmp-{os.getppid()}-ef01"
    old.write_text("x")
    hour_ago = time.time() - 2 * writing.STALE_SECONDS
    os.utime(old, (hour_ago, hour_ago))
    other = tmp_path / "a.csv.crm-tmp-notes.txt"      # not one of ours
    other.write_text("x")
    removed = clean_stale(tmp_path)
    assert sorted(removed) == sorted([gone, old])
    assert live.exists() and other.exists()


KILLED = """
import os, sys, time
from pathlib import Path
from crm_lessons.writing import write_file
def slow(path):
    Path(path).write_bytes(b"x" * 1_000_000)
    print("writing", flush=True)
    time.sleep(60)
write_file(Path(sys.argv[1]), slow, force=True)
"""


def test_kill_9_mid_write_leaves_no_temporary_after_the_next_write(tmp_path):
    target = tmp_path / "a.txt"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(target)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert temps(tmp_path)                              # the killed writer left one
    write_file(target, "next", force=True)
    assert temps(tmp_path) == [] and target.read_text() == "next"


def test_append_refuses_a_link_and_appends_to_a_file(tmp_path):
    log = tmp_path / "errors.log"
    append_text(log, "a\n")
    append_text(log, "b\n")
    assert log.read_text() == "a\nb\n"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "link.log"
    link.symlink_to(victim)
    with pytest.raises(WriteError, match="symbolic link"):
        append_text(link, "x")
    assert victim.read_text() == "keep"


def test_lock_open_refuses_a_link_or_a_fifo(tmp_path):
    fd = open_lock(tmp_path / "p.lock")
    os.close(fd)
    (tmp_path / "l.lock").symlink_to(tmp_path / "outside")
    with pytest.raises(WriteError, match="symbolic link"):
        open_lock(tmp_path / "l.lock")
    assert not (tmp_path / "outside").exists()
    os.mkfifo(tmp_path / "f.lock")
    with pytest.raises(WriteError, match="FIFO"):
        open_lock(tmp_path / "f.lock")


def test_an_unwritable_folder_gives_one_clear_error():
    if os.geteuid() != 0:
        pytest.skip("needs root to drop to the user nobody")
    with folder_nobody_can_reach() as base:
        _check_unwritable(base)


def _check_unwritable(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    code = ("import os, sys; from crm_lessons.writing import write_file, WriteError\n"
            "os.setgid(65534); os.setuid(65534)\n"
            "try: write_file(sys.argv[1], 'x')\n"
            "except WriteError as e: print(e); sys.exit(1)\n")
    result = subprocess.run([sys.executable, "-c", code, str(folder / "a.txt")],
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stderr
    assert "permission denied" in result.stdout


def test_a_folder_with_subfolders_of_its_own_gets_the_files_moved_in(tmp_path):
    target = tmp_path / "home"
    (target / "projects").mkdir(parents=True)
    (target / "projects" / "thesis.txt").write_text("mine")
    (target / "a.csv").write_text("old")
    inode = target.stat().st_ino
    write_folder(target, lambda f: (f / "a.csv").write_text("new"), ["a.csv"], force=True)
    assert target.stat().st_ino == inode                    # the same folder, not a copy
    assert (target / "a.csv").read_text() == "new"
    assert (target / "projects" / "thesis.txt").read_text() == "mine"
    assert temps(tmp_path) == [] and temps(target) == []
