"""How big a server does a class need? N students at once on the course's local JupyterHub.

Run (as root, with the hub extra and configurable-http-proxy installed):

    .venv/bin/python benchmarks/bench_hub.py [--students 20] [--lesson 01_crm_goals.ipynb]

The hub is the production configuration, deploy/jupyterhub/jupyterhub_config.py (PAM and one
local process per user, each student's workspace copied at the start of their server), on
127.0.0.1, with N real system users (crmhubb1..N, removed at the end, also on failure). The
students are simulated through the hub's REST API with an admin token, not through a browser
or a PAM login: all N servers are requested at the same moment, then each student opens the
start page and runs every code cell of the lesson, in order, in a kernel of their own server
(the Jupyter server's REST and websocket API, as JupyterLab does), blanks left as they are.

Reported:
- time to first page: from the start request to the start page's HTML (the server started,
  the workspace copied, JupyterLab answering through the proxy), median and 90th percentile;
- time to run the lesson: from the kernel request to the last cell's result, median and p90;
- memory per student: resident memory of all of that user's processes (the single-user server
  and the kernel) once the lesson has run, median and largest;
- the server's peak: the machine's memory in use (MemTotal - MemAvailable) above its level
  before the run, sampled every 0.25 s, and the hub's and proxy's own resident memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hub_support import (  # noqa: E402
    Kernel,
    LocalHub,
    SystemUsers,
    copy_course,
    hub_requirement,
    lesson_cells,
    rss_of_user,
)

MB = 1024 * 1024


def memory_in_use() -> int:
    info = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, value = line.split(":", 1)
        info[key] = int(value.split()[0]) * 1024
    return info["MemTotal"] - info["MemAvailable"]


def rss_of_tree(pid: int) -> int:
    """Resident memory of a process and those of its descendants that run as the same user:
    the hub and its proxy, without the students' servers it started as them."""
    try:
        owner = Path(f"/proc/{pid}").stat().st_uid
    except OSError:  # the hub has exited: main() reports why
        return 0
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            if Path(f"/proc/{p}").stat().st_uid == owner:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            todo += [int(c) for c in children]
        except OSError:
            pass
    return total


class Sampler(threading.Thread):
    def __init__(self, hub_pid: int):
        super().__init__(daemon=True)
        self.hub_pid, self.base = hub_pid, memory_in_use()
        self.peak, self.hub_peak, self.done = 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, memory_in_use() - self.base)
            self.hub_peak = max(self.hub_peak, rss_of_tree(self.hub_pid))
            time.sleep(0.25)


def one_student(hub: LocalHub, users: SystemUsers, user: str, lesson: str, start_at: float):
    while time.monotonic() < start_at:   # every student asks at the same moment
        time.sleep(0.001)
    t0 = time.monotonic()
    hub.start_server(user, timeout=600)
    status, _ = hub.get_page(f"/user/{user}/lab/tree/00_start_here.ipynb", timeout=300)
    first_page = time.monotonic() - t0
    assert status == 200, status
    cells = lesson_cells(users.home(user) / "crm-lessons" / lesson)
    t1 = time.monotonic()
    kernel = Kernel(hub, user)
    errors = []
    for code in cells:
        out = kernel.execute(code, timeout=900)
        if out["error"]:
            errors.append(out["error"])
            break
    lesson_seconds = time.monotonic() - t1
    rss = rss_of_user(users.home(user).stat().st_uid)
    return {"user": user, "first_page": first_page, "lesson": lesson_seconds, "rss": rss,
            "errors": errors, "kernel": kernel, "cells": len(cells)}


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 \
        else values[0]


def report(rows: list[dict], sampler: Sampler, n: int, lesson: str, wall: float) -> str:
    pages = [r["first_page"] for r in rows]
    runs = [r["lesson"] for r in rows]
    rss = [r["rss"] / MB for r in rows]
    lines = [
        f"{n} students at once, lesson {lesson} ({rows[0]['cells']} code cells), on {_machine()}",
        f"time to first page: median {statistics.median(pages):.1f} s, p90 {p90(pages):.1f} s, "
        f"max {max(pages):.1f} s",
        f"time to run the lesson: median {statistics.median(runs):.1f} s, p90 {p90(runs):.1f} s, "
        f"max {max(runs):.1f} s",
        f"memory per student (server + kernel): median {statistics.median(rss):.0f} MB, "
        f"max {max(rss):.0f} MB",
        f"server's peak: {sampler.peak / MB:.0f} MB above the idle machine "
        f"({sampler.peak / MB / n:.0f} MB per student); hub and proxy {sampler.hub_peak / MB:.0f} MB",
        f"all {n} done in {wall:.1f} s; cells that raised an error: "
        f"{sum(len(r['errors']) for r in rows)}",
    ]
    for r in rows:
        if r["errors"]:
            lines.append(f"  {r['user']}: {r['errors'][0]}")
    return "\n".join(lines)


def _machine() -> str:
    cores, total = os.cpu_count(), 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            total = int(line.split()[1]) * 1024
    return f"{cores} cores, {total / MB / 1024:.0f} GB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--lesson", default="01_crm_goals.ipynb")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 200:
        parser.error(f"--students must be from 1 to 200, got {args.students}")
    if (ROOT / "notebooks" / args.lesson).is_file() is False:
        parser.error(f"--lesson {args.lesson}: no such notebook in notebooks/")
    reason = hub_requirement(browser=False)
    if reason:
        print(f"bench_hub: cannot run: {reason}", file=sys.stderr)
        return 2
    users = SystemUsers("crmhubb", args.students)
    base = Path(tempfile.mkdtemp(prefix="crm-hub-bench-"))
    base.chmod(0o755)
    hub = None
    rows: list[dict] = []
    try:
        users.create()
        users.grant([Path(sys.executable).resolve(), Path(sys.prefix) / "lib",
                     Path(sys.base_prefix) / "lib"])
        course = copy_course(base / "srv" / "crm-lessons")
        hub = LocalHub(course).start()
        sampler = Sampler(hub.proc.pid)
        sampler.start()
        start_at = time.monotonic() + 1.0
        with ThreadPoolExecutor(max_workers=args.students) as pool:
            futures = [pool.submit(one_student, hub, users, u, args.lesson, start_at)
                       for u in users.names]
            try:
                rows = [f.result() for f in futures]
            except Exception as exc:
                died = hub.proc.poll() is not None
                print(f"bench_hub: a student's run failed ({type(exc).__name__}: {exc}); "
                      + ("the hub exited with code " f"{hub.proc.returncode}. " if died else "")
                      + "The hub's log ends:\n" + hub.log_tail(), file=sys.stderr)
                return 1
        wall = time.monotonic() - start_at
        sampler.done.set()
        sampler.join()
        print(report(rows, sampler, args.students, args.lesson, wall))
    finally:
        for r in rows:
            r["kernel"].close(shutdown=False)
        if hub is not None:
            hub.stop()
            hub.cleanup()
        users.remove_all()
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
