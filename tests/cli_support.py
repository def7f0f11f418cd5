"""Running `crm-lessons` in a subprocess for the tests of the commands' arguments and writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# run as the user nobody: everything is imported first (the interpreter's own files may not be
# readable by nobody), then the process drops its rights and runs the command
AS_NOBODY = """
import os, sys
import encodings.ascii, encodings.latin_1, encodings.unicode_escape, encodings.idna
import errno, secrets, shutil, sqlite3, json, csv, uuid, tempfile
import nbformat, crm_lessons.cli, crm_lessons.make_data, crm_lessons.doctor
import crm_lessons.exercises.answer_key, crm_lessons.exercises.progress
import crm_lessons.exercises.catalogue
crm_lessons.exercises.catalogue.all_exercises(strict=False)
os.setgid(65534)
os.setuid(65534)
sys.exit(crm_lessons.cli.main(sys.argv[1:]))
"""


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None,
            as_nobody: bool = False, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m crm_lessons.cli ARGS` with this checkout's package first on the path (run as
    the user nobody with `as_nobody`, so that file modes bite although the tests run as root)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("CRM_LESSONS_DEBUG", None)
    head = ["-c", AS_NOBODY] if as_nobody else ["-m", "crm_lessons.cli"]
    return subprocess.run([sys.executable, *head, *map(str, args)],
                          capture_output=True, text=True, env=full_env, cwd=cwd,
                          timeout=timeout)


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """A non-zero exit, one paragraph on stderr naming the problem (`words`), no traceback."""
    err = result.stderr.strip()
    assert result.returncode != 0, (result.stdout, err)
    assert "Traceback" not in result.stderr, err
    assert err, "nothing was said on stderr"
    assert "\n\n" not in err, f"more than one paragraph:\n{err}"
    assert "problem in the course's package" not in err, err   # the last-resort handler
    for word in words:
        assert word.lower() in err.lower(), f"{word!r} not in:\n{err}"
    return err


@contextmanager
def folder_nobody_can_reach():
    """A temporary folder (mode 755) whose path the user nobody can walk (pytest's tmp_path
    lies under a folder only root can enter)."""
    folder = Path(tempfile.mkdtemp(prefix="crm-nobody-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def can_drop_to_nobody() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
