"""A student's own working copy of the lessons, which a course update never overwrites.

``make lab`` (or ``crm-lessons workspace [DIR]``) opens ``my-work/`` beside ``notebooks/``
(git ignores it), made from ``notebooks/`` on first use. At every start the workspace is brought
up to date with the course, and nothing the student wrote is touched:

- a lesson that is new in the course is copied in;
- a lesson the student deleted from the workspace is copied in again;
- a lesson that changed in the course and that the student never edited (its bytes are still
  those of the copy made) is replaced by the new version: no work is in it to lose;
- a lesson that changed in the course and that the student edited stays exactly as it is; the
  new version arrives beside it as ``NN_name.updated-YYYY-MM-DD.ipynb`` and the start page says
  so (:func:`workspace_note`).

What was copied is remembered in ``.crm-lessons-workspace.json`` inside the workspace (the
SHA-256 of each lesson as copied). Without that file, a lesson in the workspace that differs
from the course is treated as the student's own and the course's version goes beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from crm_lessons.paths import NOTEBOOKS_DIR, PROJECT_DIR
from crm_lessons.writing import WriteError, kind_of, locked, write_file

MANIFEST = ".crm-lessons-workspace.json"
LOCK = ".crm-lessons-workspace"  # locked() adds ".lock"
UPDATED_MARK = ".updated-"
#: The final project's folder inside the lessons folder, and the kinds of file a workspace copies
#: from it (the brief, the template and the model project).
FINAL_PROJECT_DIR = "project"
FINAL_PROJECT_SUFFIXES = (".ipynb", ".md")


def default_workspace() -> Path:
    """``CRM_LESSONS_WORKSPACE``, else ``my-work/`` beside the course's ``notebooks/``."""
    override = os.environ.get("CRM_LESSONS_WORKSPACE", "").strip()
    return Path(override).expanduser().resolve() if override else PROJECT_DIR / "my-work"


@dataclass
class SyncReport:
    """What one start did to the workspace (file names relative to `folder`)."""

    folder: Path
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    beside: list[tuple[str, str]] = field(default_factory=list)  # (student's copy, new version)

    def text(self) -> str:
        """A few lines for the terminal."""
        lines = [f"Your workspace: {self.folder}"]
        if self.added:
            lines.append("  new lessons copied in: " + ", ".join(self.added))
        if self.replaced:
            lines.append("  updated (you had not changed them): " + ", ".join(self.replaced))
        for mine, new in self.beside:
            lines.append(f"  {mine} changed in the course; your copy is kept as it is and the "
                         f"new version is beside it: {new}")
        if len(lines) == 1:
            lines.append("  up to date with the course.")
        return "\n".join(lines)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if kind_of(path) != "a regular file":
        return {"lessons": {}, "updates": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    lessons = data.get("lessons") if isinstance(data.get("lessons"), dict) else {}
    updates = data.get("updates") if isinstance(data.get("updates"), list) else []
    return {"lessons": {k: v for k, v in lessons.items() if isinstance(v, str)},
            "updates": [u for u in updates if isinstance(u, dict)]}


def _beside_name(folder: Path, name: str, data: bytes, today: dt.date) -> tuple[str, bool]:
    """A free dated name beside `name`; True when a file there already holds `data`."""
    suffix = Path(name).suffix
    stem = name[: -len(suffix)] if suffix else name
    for n in range(1, 1000):
        candidate = f"{stem}{UPDATED_MARK}{today.isoformat()}{'' if n == 1 else f'-{n}'}{suffix}"
        path = folder / candidate
        if kind_of(path) is None:
            return candidate, False
        if kind_of(path) == "a regular file" and path.read_bytes() == data:
            return candidate, True
    raise WriteError(f"{folder} has too many updated copies of {name}. Fix: delete old "
                     f"{stem}{UPDATED_MARK}* files you no longer need.")


def course_files(source: Path) -> list[tuple[str, Path]]:
    """(name in the workspace, file) of every file a workspace copies: the lessons at the top
    of `source`, and the final project's brief, template and model in its project/ folder.

    >>> [name for name, _ in course_files(NOTEBOOKS_DIR)][-1]        # doctest: +SKIP
    'project/model_project.ipynb'
    """
    lessons = [(p.name, p) for p in sorted(source.glob("*.ipynb"))]
    found = sorted((source / FINAL_PROJECT_DIR).glob("*"))
    project = [(f"{FINAL_PROJECT_DIR}/{p.name}", p) for p in found
               if p.suffix in FINAL_PROJECT_SUFFIXES and p.is_file() and not p.name.startswith(".")]
    return lessons + project


def _sync_one(folder: Path, src: Path, manifest: dict, report: SyncReport,
              today: dt.date, name: str | None = None) -> None:
    name, data = name or src.name, src.read_bytes()
    new_sha = hashlib.sha256(data).hexdigest()
    mine = folder / name
    copied = manifest["lessons"].get(name)
    kind = kind_of(mine)
    if kind is None:
        mine.parent.mkdir(parents=True, exist_ok=True)
        write_file(mine, data)
        report.added.append(name)
        manifest["lessons"][name] = new_sha
        return
    if copied == new_sha:
        return
    current = _sha(mine) if kind == "a regular file" else None  # read the student's copy once
    if current == new_sha:
        pass  # the same bytes as the course's: nothing to do but remember it
    elif current is not None and current == copied:
        write_file(mine, data, force=True)
        report.replaced.append(name)
    else:
        other, present = _beside_name(folder, name, data, today)
        if not present:
            write_file(folder / other, data)
        report.beside.append((name, other))
        manifest["updates"].append({"lesson": name, "file": other, "date": today.isoformat()})
    manifest["lessons"][name] = new_sha


def sync_workspace(folder: str | Path | None = None, source: str | Path | None = None,
                   today: dt.date | None = None) -> SyncReport:
    """Make or bring up to date the workspace `folder` from the lessons in `source`.

    Examples
    --------
    >>> report = sync_workspace("my-work")            # doctest: +SKIP
    >>> print(report.text())                          # doctest: +SKIP
    """
    folder = Path(folder).expanduser().resolve() if folder else default_workspace()
    given, source = source is not None, Path(source).expanduser() if source else NOTEBOOKS_DIR
    files = course_files(source) if source.is_dir() else []
    if not any(name == src.name for name, src in files):
        fix = ("name the folder that holds the course's lessons (NN_name.ipynb files), for "
               "example --source /srv/crm-lessons/notebooks" if given else
               "run this from the course's folder (the one holding notebooks/), or reinstall "
               "the course")
        raise WriteError(f"No lessons were found in {source}. Fix: {fix}.")
    if kind_of(folder) not in (None, "a folder"):
        raise WriteError(f"{folder} is {kind_of(folder)}, not a folder, so the workspace cannot "
                         f"go there. Fix: name another folder: crm-lessons workspace DIR.")
    if folder.resolve() == source.resolve():
        raise WriteError(f"{folder} is the course's own lessons folder. Fix: choose another "
                         f"folder, for example my-work.")
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / LOCK):
        manifest = _read_manifest(folder)
        report = SyncReport(folder)
        for name, src in files:
            _sync_one(folder, src, manifest, report, today or dt.date.today(), name)
        write_file(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                   force=True)
    return report


def pending_updates(folder: str | Path | None = None) -> list[dict]:
    """The updated lessons waiting beside the student's copies (their files still there)."""
    folder = Path(folder) if folder else Path.cwd()
    manifest = _read_manifest(folder)
    seen, out = set(), []
    for item in manifest["updates"]:
        name = str(item.get("file", ""))
        if name and name not in seen and kind_of(folder / name) == "a regular file":
            seen.add(name)
            out.append({"lesson": str(item.get("lesson", "")), "file": name,
                        "date": str(item.get("date", ""))})
    return out


def workspace_note(folder: str | Path | None = None) -> str:
    """Markdown for the start page: where the student's work is and what changed upstream."""
    folder = Path(folder) if folder else Path.cwd()
    if kind_of(folder / MANIFEST) != "a regular file":
        return ("You are working in the course's own `notebooks/` folder, which a course update "
                "can change. Start the course with `make lab` (or `crm-lessons workspace`) to "
                "work in your own copy, `my-work/`, which updates never overwrite.")
    lines = [f"Your work is saved in your own copy of the lessons, `{folder}`. Course updates "
             "never overwrite it; back it up by copying that folder."]
    for item in pending_updates(folder):
        lines.append(f"- **{item['lesson']}** changed in the course on {item['date']}. Your "
                     f"copy is kept as you left it; the new version is beside it: "
                     f"[{item['file']}]({item['file']}). Carry your answers across if you "
                     f"want to go on in the new one.")
    return "\n".join(lines)


def lab_command(folder: Path) -> list[str]:
    """The command that opens JupyterLab on the workspace's start page, offline."""
    import sys

    argv = [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--ServerApp.root_dir={folder}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    start = folder / "00_start_here.ipynb"
    return argv + ([str(start)] if start.exists() else [])


def cli_workspace(args) -> int:
    """``crm-lessons workspace [DIR] [--no-lab]``: bring the workspace up to date, open it."""
    import subprocess
    import sys

    if args.folder is not None and not str(args.folder).strip():
        print("workspace: the folder name is empty. Fix: give a folder, for example "
              "crm-lessons workspace my-work, or leave it out for the default.", file=sys.stderr)
        return 2
    source = getattr(args, "source", None)
    if source is not None and not str(source).strip():
        print("workspace: the --source folder name is empty. Fix: name the course's lessons "
              "folder, for example --source /srv/crm-lessons/notebooks, or leave it out.",
              file=sys.stderr)
        return 2
    try:
        report = sync_workspace(args.folder, source)
    except OSError as exc:
        print(f"workspace: {exc}", file=sys.stderr)
        return 1
    print(report.text())
    if args.no_lab:
        return 0
    return subprocess.call(lab_command(report.folder))
