"""Resident memory of a command, step by step: the largest and the last resident set size
between two lines of its standard error (the clv command prints one line as each step starts).

    .venv/bin/python benchmarks/peak_per_step.py .venv/bin/python -m crm_lessons.cli clv \
        /tmp/crm-bench-clv/tx-1000000.csv --customer-col customer_id --date-col date \
        --amount-col amount --calibration-end 2024-12-30 --out /tmp/s.csv --force

The process's /proc/PID/status is read every 10 ms (Linux only); the command's standard output
is printed first, then one line per step.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time


def _rss_gib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024**2
    except OSError:
        return None
    return None


def main(cmd: list[str]) -> int:
    if not cmd:
        print(__doc__)
        return 2
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    marks: list[tuple[float, str]] = []

    def sample() -> None:
        while proc.poll() is None:
            rss = _rss_gib(proc.pid)
            if rss is not None:
                samples.append((time.perf_counter() - t0, rss))
            time.sleep(0.01)

    def mark() -> None:
        for line in proc.stderr:
            marks.append((time.perf_counter() - t0, line.strip()[:60]))

    threads = [threading.Thread(target=sample), threading.Thread(target=mark)]
    for t in threads:
        t.start()
    out = proc.stdout.read()
    proc.wait()
    for t in threads:
        t.join()
    print(out)
    marks.append((float("inf"), "end"))
    since, name = 0.0, "start (before the first line)"
    for at, text in marks:
        seg = [rss for s, rss in samples if since <= s < at]
        if seg:
            print(f"{since:7.2f} s  {name[:50]:50s} largest {max(seg):.3f} GiB, "
                  f"last {seg[-1]:.3f} GiB")
        since, name = at, text
    if samples:
        print(f"peak {max(r for _, r in samples):.3f} GiB; exit {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
