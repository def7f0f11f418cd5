"""Run one submitted notebook for grading, in its own process (``python -m
crm_lessons.grading.run JOB.json RESULT.json``), so that a kernel that dies or a run that hangs
never takes the grader with it.

The notebook is a temporary copy with every output cleared; its kernel gets the student's
data variant (``CRM_LESSONS_STUDENT``, ``CRM_LESSONS_COURSE`` and ``CRM_LESSONS_GRADE_SEED``),
a fresh progress file and home folder, the grade log, the memory limit and no network
(``crm_lessons.grading.sandbox``). Every cell runs, errors or not (as nbgrader's autograde
does), until the notebook's time runs out.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

# Variables of the grader's own shell that must not reach a graded kernel.
DROPPED = ("CRM_LESSONS_SEED", "CRM_LESSONS_STUDENT", "JUPYTERHUB_USER", "CRM_LESSONS_STRICT",
           "CRM_LESSONS_PROGRESS", "CRM_LESSONS_GRADE_LOG", "CRM_LESSONS_GRADE_SEED",
           "CRM_LESSONS_WORKSPACE", "JPY_SESSION_NAME")


def kernel_environment(base: dict, job: dict) -> dict:
    """The environment of a graded kernel."""
    env = {k: v for k, v in base.items() if k not in DROPPED}
    work = Path(job["workdir"])
    env.update({
        "CRM_LESSONS_STUDENT": job["student"], "CRM_LESSONS_COURSE": job["course"],
        "CRM_LESSONS_GRADE_SEED": str(job["seed"]), "CRM_LESSONS_GRADE_LOG": job["log"],
        "CRM_LESSONS_PROGRESS": str(work / "home" / "progress.json"),
        "HOME": str(work / "home"), "MPLCONFIGDIR": str(work / "home" / "mpl"),
        "MPLBACKEND": "agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    return env


def _manager(job: dict):
    from jupyter_client.manager import AsyncKernelManager

    from crm_lessons.grading.sandbox import wrapped_command

    class SandboxedKernel(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            return wrapped_command(cmd, job.get("memory"), job.get("network", False))

    work = Path(job["workdir"])
    km = SandboxedKernel(kernel_name=job.get("kernel", "python3"), transport="ipc",
                         ip=str(work / "k"))
    return km


def kernel_exit(process) -> int | None:
    """The kernel process's exit code (negative: the signal that ended it), or None."""
    try:
        return process.poll() if process is not None else None
    except Exception:  # noqa: BLE001 - only used to word the status
        return None


def died(code: int | None, memory: int | None) -> str:
    """Why a kernel died, as a status."""
    if code is not None and code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return (f"out of memory (the kernel died: {name})" if memory
                else f"the kernel died ({name})")
    if code is not None:
        return (f"the kernel exited (exit code {code}): the notebook's code ended its own "
                "kernel (os._exit, sys.exit in a subprocess, or a crash)")
    return "out of memory (the kernel died)" if memory else "the kernel died"


def status_of(problem: BaseException | None, errors: list[str], memory: int | None,
              code: int | None = None) -> str:
    """The notebook's status: "ok", "timeout", "out of memory ...", "error: ..."."""
    name = type(problem).__name__ if problem is not None else ""
    if name in ("CellTimeoutError", "TimeoutError"):
        return "timeout"
    if name == "DeadKernelError":
        return died(code, memory)
    if problem is not None:
        return f"could not run: {name}: {str(problem)[:200]}"
    if any(e.startswith("MemoryError") for e in errors):
        return "out of memory"
    return f"error: {errors[0]}" if errors else "ok"


def _log_lines(path: Path) -> list[dict]:
    """The grade log's lines so far (a line that is not JSON is kept as a forged one)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    lines = []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            line = None
        lines.append(line if isinstance(line, dict) else {"id": None, "unreadable": True})
    return lines


def shown_checks(cell) -> dict[str, list[str]]:
    """The checks a cell's outputs show: exercise id -> the statuses they display."""
    shown: dict[str, list[str]] = {}
    for out in cell.get("outputs", []):
        meta = (out.get("metadata") or {}).get("crm_lessons") if isinstance(out, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("exercise"), str):
            shown.setdefault(meta["exercise"], []).append(str(meta.get("status")))
    return shown


def annotate(lines: list[dict], index: int, cell) -> None:
    """Mark the log lines a cell wrote with that cell (``_cell``), whether its code checks
    the exercise (``_named``) and the statuses its outputs show for it (``_shown``)."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    shown = shown_checks(cell)
    for line in lines:
        name = line.get("name")
        seen = shown.get(line.get("id"))
        # a check's own line: the cell calls NAME.check(...), or shows that check's result
        named = isinstance(name, str) and bool(name) and (
            f"{name}.check" in source or (seen is not None and name in source))
        line.update({"_cell": index + 1, "_named": named, "_shown": seen})


def run_job(job: dict) -> dict:
    """Run the notebook of `job`; return its status, the cells' errors and the seconds."""
    import os

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(job["notebook"], as_version=4)
    env = kernel_environment(dict(os.environ), job)
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    km = _manager(job)
    client = NotebookClient(nb, km=km, timeout=job["timeout"], allow_errors=True,
                            kernel_name=job.get("kernel", "python3"), startup_timeout=120,
                            resources={"metadata": {"path": str(Path(job["notebook"]).parent)}})
    deadline = time.monotonic() + job["timeout"]
    errors: list[str] = []
    log, verdicts, shown = Path(job["log"]), [], 0
    problem = process = None
    start = time.monotonic()
    try:
        with client.setup_kernel(env=env):
            process = getattr(km.provisioner, "process", None)   # kept: its exit code
            for index, cell in enumerate(nb.cells):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the notebook's time ran out")
                client.timeout = max(1, int(left + 0.999))
                try:
                    client.execute_cell(cell, index)
                finally:            # the lines this cell wrote, even when it timed out
                    new = _log_lines(log)[len(verdicts):]
                    annotate(new, index, cell)
                    verdicts += new
                    shown += sum(len(v) for v in shown_checks(cell).values())
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        errors.append(f"{out.get('ename')} in cell {index + 1}")
    except BaseException as exc:  # noqa: BLE001 - every way a run can end is reported
        problem = exc
    status = status_of(problem, errors, job.get("memory"), kernel_exit(process))
    return {"status": status, "errors": errors, "seconds": round(time.monotonic() - start, 2),
            "log": verdicts, "shown": shown}


def main(argv: list[str]) -> int:
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = run_job(job)
    from crm_lessons.writing import write_file

    write_file(argv[1], json.dumps(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
