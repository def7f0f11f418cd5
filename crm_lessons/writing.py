"""Every file the package writes goes through here, so nothing a student or an instructor made
is lost, overwritten by accident, or written through a link to somewhere else.

- ``write_file(target, data)``: text, bytes, or a function that writes a given path; the data
  goes to a temporary file in the target's folder, is flushed to disk, then replaces the target
  atomically. A target that exists and is not a regular file (a symbolic link, a device, a
  folder, a FIFO) is refused; an existing file is replaced only with ``force``; a target
  outside the folder given as ``within`` is refused.
- ``write_folder(target, build, managed)``: a whole set of outputs (a data set, an answer key)
  is built in a fresh folder beside `target` and swapped in whole; a failure at any point
  leaves the old folder as it was.
- ``append_text(path, text)`` (logs) and ``open_lock(path)`` (lock files) never follow a
  symbolic link and refuse anything but a regular file.

Temporary files and folders are named ``.NAME.crm-tmp-PID-RANDOM``; ones left by a killed
writer (its process gone, or older than an hour) are removed by the next write beside them.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

TMP_MARK = ".crm-tmp-"
OLD_MARK = ".crm-old-"
STALE_SECONDS = 3600
_TMP_NAME = re.compile(r"^\.(?P<name>.+)\.crm-(?:tmp|old)-(?P<pid>\d+)-[0-9a-f]+$")
_KINDS = [(stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a FIFO (pipe)"),
          (stat.S_ISSOCK, "a socket")]


class WriteError(OSError):
    """A write the package refused or could not do; the message names the path and the fix."""

    def __str__(self) -> str:  # OSError's str adds "[Errno ...]" when given two arguments
        return str(self.args[0]) if self.args else ""


class TargetExistsError(WriteError, FileExistsError):
    """The target already exists and ``force`` was not given."""


def kind_of(path: Path) -> str | None:
    """What `path` is without following a link: None when absent, "a regular file", "a folder",
    "a symbolic link", "a device", ...

    >>> kind_of(Path("/no/such/path"))
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise WriteError(f"{path} cannot be written: a part of its path is a file, not a "
                         "folder. Fix: choose a path inside a folder.") from None
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_target(target: Path, *, force: bool = False, within: Path | None = None) -> Path:
    """Refuse `target` unless it is absent, or a regular file and `force`; return it."""
    target = Path(target)
    if not target.name or target.name in (".", ".."):
        raise WriteError(f"{str(target)!r} names no file. Fix: give a file name, e.g. "
                         "report.csv.")
    if within is not None:
        inside = Path(within).resolve()
        where = target.parent.resolve()
        if where != inside and inside not in where.parents:
            raise WriteError(f"{target} is outside {within}, the folder being written; nothing "
                             "was written there.")
    kind = kind_of(target)
    if kind is None:
        return target
    if kind != "a regular file":
        fix = "remove it or choose another name" if kind != "a folder" else \
            "give a file name inside it, or another name"
        raise WriteError(f"{target} is {kind}, not a regular file, so it was not replaced. "
                         f"Fix: {fix}.")
    if not force:
        raise TargetExistsError(f"{target} already exists, so it was not overwritten. Fix: "
                                "choose another name, or add --force to replace it.")
    return target


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def clean_stale(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files and folders a killed writer left in `folder` (for the target
    `name` only, when given): those whose process is gone or that are over an hour old."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TMP_NAME.match(entry.name)
        if not m or (name is not None and m.group("name") != name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if _pid_alive(int(m.group("pid"))) and now - st.st_mtime < STALE_SECONDS:
                continue
            if stat.S_ISDIR(st.st_mode):
                if OLD_MARK in entry.name:
                    continue  # an old folder set aside mid-swap: the only copy, never removed
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def temp_name(target: Path, mark: str = TMP_MARK) -> Path:
    """A fresh, recognisable temporary name beside `target`."""
    return target.with_name(f".{target.name}{mark}{os.getpid()}-{secrets.token_hex(4)}")


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fill(tmp: Path, data: str | bytes | Callable[[Path], object], encoding: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o644)
    if callable(data):
        os.close(fd)
        data(tmp)
        _fsync_path(tmp)
        return
    with os.fdopen(fd, "wb") as fh:
        fh.write(data.encode(encoding) if isinstance(data, str) else data)
        fh.flush()
        os.fsync(fh.fileno())


def _friendly(exc: OSError, target: Path) -> WriteError:
    import errno

    why = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
           errno.EROFS: "the file system is read-only", errno.ENOSPC: "the disk is full",
           errno.EFBIG: "the file is larger than allowed", errno.ENOENT: "its folder is missing",
           errno.ENOTDIR: "a part of its path is a file, not a folder",
           errno.EISDIR: "it is a folder"}.get(exc.errno, exc.strerror or str(exc))
    err = WriteError(f"{target} could not be written ({why}); nothing there was changed. Fix: "
                     "choose a folder you can write to, or free space and try again.")
    err.errno = exc.errno
    return err


def write_file(target: str | Path, data: str | bytes | Callable[[Path], object], *,
               force: bool = False, within: str | Path | None = None,
               encoding: str = "utf-8", make_parents: bool = True) -> Path:
    """Write `data` to `target` atomically and safely; return the target's path.

    `data` is text, bytes, or a function that writes the (temporary) path it is given.

    >>> import tempfile
    >>> p = write_file(Path(tempfile.mkdtemp()) / "a.txt", "hello")
    >>> p.read_text()
    'hello'
    """
    target = Path(target).expanduser()
    check_target(target, force=force, within=within)
    if make_parents:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise WriteError(f"{target.parent} is not a folder, so {target.name} cannot be "
                             "written into it. Fix: choose another folder.") from None
        except OSError as exc:
            raise _friendly(exc, target) from exc
    clean_stale(target.parent, target.name)
    tmp = temp_name(target)
    with _removed_on_failure(tmp, target):
        _fill(tmp, data, encoding)
        check_target(target, force=force, within=within)   # nothing planted meanwhile
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target, follow_symlinks=False)    # fails if a file appeared
            except FileExistsError:
                raise TargetExistsError(f"{target} appeared while it was being written, so it "
                                        "was not overwritten. Fix: add --force to replace it."
                                        ) from None
            os.unlink(tmp)
    return target


@contextmanager
def _removed_on_failure(made: Path, target: Path):
    """Remove `made` (a temporary file or folder) when the block fails, and say why plainly."""
    try:
        yield
    except WriteError:
        _remove(made)
        raise
    except OSError as exc:
        _remove(made)
        raise _friendly(exc, target) from exc
    except BaseException:
        _remove(made)
        raise


def _remove(path: Path) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - best effort; the next write removes it
        pass


def _copy_extra(entry: os.DirEntry, into: Path) -> None:
    """Carry a file the build does not produce (a student's notes) into the new folder."""
    dest = into / entry.name
    if entry.is_symlink():
        os.symlink(os.readlink(entry.path), dest)
    elif entry.is_dir(follow_symlinks=False):
        shutil.copytree(entry.path, dest, symlinks=True)
    elif entry.is_file(follow_symlinks=False):
        try:
            os.link(entry.path, dest, follow_symlinks=False)
        except OSError:
            shutil.copy2(entry.path, dest, follow_symlinks=False)
    else:
        raise WriteError(f"{entry.path} is {kind_of(Path(entry.path))}, which cannot be carried "
                         "into the new folder. Fix: move it out of the folder and try again.")


def check_folder(target: Path, managed: Iterable[str], *, force: bool) -> list[str]:
    """Refuse `target` unless it is absent or a folder whose `managed` names are absent (or,
    with `force`, regular files); return the managed names that exist."""
    kind = kind_of(target)
    if kind not in (None, "a folder"):
        raise WriteError(f"{target} is {kind}, not a folder. Fix: give the name of a folder "
                         "(it is created when missing).")
    if kind is None:
        return []
    existing = []
    for name in managed:
        path = target / name
        found = kind_of(path)
        if found is None:
            continue
        if found != "a regular file":
            raise WriteError(f"{path} is {found}, not a regular file, so it was not replaced and "
                             "nothing was written. Fix: remove it, then try again.")
        existing.append(name)
    if existing and not force:
        raise TargetExistsError(
            f"{target} already holds {existing[0]}" + (f" and {len(existing) - 1} more of the "
            "files this writes" if len(existing) > 1 else "") + "; nothing was written. Fix: "
            "add --force to replace them, or choose another folder.")
    return existing


def write_folder(target: str | Path, build: Callable[[Path], object], managed: Iterable[str], *,
                 force: bool = False) -> Path:
    """Build a folder of outputs with `build(new_folder)` beside `target`, then swap it in.

    `managed` names the files `build` writes. Other files already in `target` are carried over,
    so only the managed ones change. A failure leaves `target` exactly as it was. A folder that
    also holds subfolders of its own is not swapped (that would copy them): the built files,
    each written in full, are renamed into it one by one.
    """
    target = Path(target).expanduser()
    if not target.name:
        raise WriteError("An empty folder name was given. Fix: name a folder, e.g. data/mine.")
    if kind_of(target) == "a symbolic link" and target.is_dir():
        target = target.resolve()     # the folder the user's link names
    managed = list(managed)
    check_folder(target, managed, force=force)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _friendly(exc, target) from exc
    clean_stale(parent, target.name)
    new = temp_name(target)
    with _removed_on_failure(new, target):
        os.mkdir(new, 0o755)
        build(new)
        if kind_of(target) == "a folder":
            check_folder(target, managed, force=force)
            built = {p.name for p in new.iterdir()}
            extra = [e for e in os.scandir(target) if e.name not in built
                     and e.name not in managed and not _TMP_NAME.match(e.name)]
            if any(e.is_dir(follow_symlinks=False) for e in extra):
                _move_in(new, target, built)   # a folder with subfolders (a home) is kept
                return target
            for entry in extra:
                _copy_extra(entry, new)
        _swap(new, target)
    return target


def _move_in(new: Path, target: Path, built: set[str]) -> None:
    """Rename each built file into `target` (all were written in full beside it first)."""
    for name in sorted(built):
        check_target(target / name, force=True)
        os.replace(new / name, target / name)
    os.rmdir(new)


def _swap(new: Path, target: Path) -> None:
    if kind_of(target) is None:
        os.rename(new, target)
        return
    old = temp_name(target, OLD_MARK)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def append_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Append `text` to the log `path`, never through a symbolic link or into a non-file."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = _open_regular(path, flags)
    with os.fdopen(fd, "ab") as fh:
        fh.write(text.encode(encoding))
    return path


def open_lock(path: str | Path) -> int:
    """Open (creating) the lock file `path` for reading and writing; return the descriptor.
    A symbolic link or anything but a regular file is refused."""
    return _open_regular(Path(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0))


def _open_regular(path: Path, flags: int) -> int:
    kind = kind_of(path)
    if kind not in (None, "a regular file"):
        raise WriteError(f"{path} is {kind}, not a regular file, so it was not opened. Fix: "
                         "remove it; it is recreated as a file.")
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o644)
    except OSError:
        if kind_of(path) == "a symbolic link":
            raise WriteError(f"{path} is a symbolic link, so it was not opened. Fix: remove "
                             "it; it is recreated as a file.") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteError(f"{path} is not a regular file, so it was not opened. Fix: remove it.")
    if hasattr(os, "O_NONBLOCK"):
        os.set_blocking(fd, True)
    return fd


def _lock_module(name: str):
    try:
        return __import__(name)
    except ImportError:
        return None


@contextmanager
def locked(path: Path, timeout: float = 30.0):
    """Hold an exclusive inter-process lock tied to `path`.

    POSIX: ``fcntl.flock`` on ``<file>.lock``. Windows: ``msvcrt.locking`` on the same file.
    Elsewhere: an exclusive lock file ``<file>.lockfile`` created with O_EXCL (one left behind
    by a crashed process is taken over after `timeout` seconds).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fcntl = _lock_module("fcntl")
    msvcrt = None if fcntl is not None else _lock_module("msvcrt")
    if fcntl is not None:
        fd = open_lock(lock_path)  # no symbolic link, only a regular file
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    elif msvcrt is not None:  # pragma: no cover - Windows
        fd = open_lock(lock_path)  # no symbolic link, only a regular file
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    os.lseek(fd, 0, 0)
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"could not lock {lock_path}") from None
                    time.sleep(0.01)
            try:
                yield
            finally:
                os.lseek(fd, 0, 0)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
    else:
        excl = path.with_name(path.name + ".lockfile")
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.close(os.open(excl, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                break
            except FileExistsError:
                if time.monotonic() > deadline:  # left by a crashed process: take it over
                    try:
                        os.remove(excl)
                    except OSError:
                        pass
                    deadline = time.monotonic() + timeout
                time.sleep(0.005)
        try:
            yield
        finally:
            os.remove(excl)
