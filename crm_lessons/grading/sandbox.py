"""The limits a graded notebook runs under: a memory limit, no network, a time limit.

- Memory: ``RLIMIT_AS`` (the address space) is set in the kernel's process before Python
  starts (a two-line Python launcher, ``LAUNCHER``, then execs the kernel command), so an
  allocation past it fails with MemoryError or ends the kernel.
- Network: where ``unshare -n`` works (Linux, as root or with user namespaces), the kernel
  runs in a new network namespace with no interface but a loopback that is down: nothing it
  does reaches another machine, or a server on the grader's. The kernel talks to the grader
  over Unix sockets (ZeroMQ ``ipc``), which a network namespace does not cut.
- Time: the grader stops a notebook after ``--timeout`` seconds in all (see ``run``).

What it does not stop: the notebook's code runs as the grader's user on the grader's machine.
It can read and write any file that user can (the sandbox copy is only where it starts), use
the CPU up to the time limit, and start processes. Grade inside a container with no network
(``docker run --network none``) and only the submissions mounted for stronger isolation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import lru_cache

from crm_lessons.grading.arguments import GradingError

__all__ = ["parse_memory", "network_isolation", "wrapped_command", "MemoryArgumentError"]

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_MEMORY = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>[KMGT]?)(?:I?B)?\s*$", re.I)
MIN_MEMORY = 256 * 2**20
# argv: MEMORY_BYTES then the command; sets the limit (0: none) and becomes the command.
LAUNCHER = ("import os, resource, sys\n"
            "m = int(sys.argv[1])\n"
            "m and resource.setrlimit(resource.RLIMIT_AS, (m, m))\n"
            "os.execvp(sys.argv[2], sys.argv[2:])\n")


class MemoryArgumentError(GradingError):
    """A --memory value that is not a size such as 2G."""


def parse_memory(text: str | None) -> int | None:
    """Bytes of a size such as "2G", "512M", "1.5GB"; None for "none"/"0"/None.

    >>> parse_memory("2G"), parse_memory("512M"), parse_memory("none")
    (2147483648, 536870912, None)
    """
    if text is None or str(text).strip().lower() in ("", "none", "0", "off"):
        return None
    m = _MEMORY.match(str(text))
    if not m:
        raise MemoryArgumentError(f"--memory should be a size such as 2G or 512M, not "
                                  f"{text!r}. Fix: e.g. --memory 2G, or --memory none for no "
                                  "limit.")
    size = int(float(m.group("n")) * _UNITS[m.group("u").upper()])
    if size < MIN_MEMORY:
        raise MemoryArgumentError(f"--memory {text} is too small for a kernel to start (it "
                                  "needs about 256M). Fix: give at least 512M, e.g. --memory 2G.")
    return size


@lru_cache(maxsize=1)
def network_isolation() -> str | None:
    """The command prefix that cuts the network (``unshare -n``), or None where it fails."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return None
    try:
        done = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return unshare if done.returncode == 0 else None


def wrapped_command(kernel_cmd: list[str], memory: int | None, network: bool) -> list[str]:
    """The kernel command run under the limits."""
    cmd = [sys.executable, "-c", LAUNCHER, str(memory or 0)]
    unshare = None if network else network_isolation()
    if unshare:
        cmd += [unshare, "-n", "--"]
    return cmd + list(kernel_cmd)
