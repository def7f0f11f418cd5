"""A look at the first bytes of a data file before it is parsed, so that a wrong or huge file
(random bytes, a binary, a disk image given as a CSV) is refused at once with a clear
message instead of being read whole."""

from __future__ import annotations

import os
from pathlib import Path

from crm_lessons.errors import CRMDataError

#: How much of a file is read to judge its format.
HEAD_BYTES = 64 * 1024
#: Memory a parsed CSV needs per byte of file, at most (typed columns; measured about 3-6).
PARSE_MEMORY_FACTOR = 10


def human_size(n: float) -> str:
    """A byte count for people: 1.0 GB, 2.1 MB, 512 bytes.

    >>> human_size(1 << 30), human_size(2_200_000), human_size(512)
    ('1.1 GB', '2.2 MB', '512 bytes')
    """
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} bytes"


def available_memory() -> int | None:
    """Bytes of memory the machine can still give (MemAvailable on Linux), None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux
        return None


def head_lines(path: Path, what: str, fix: str, max_lines: int = 20) -> list[str]:
    """The first complete lines of the text file `path` (at most `max_lines`, from its first
    64 kB), or one CRMDataError when those bytes are not text: a NUL byte, bytes that are not
    UTF-8, or no line break at all in a file longer than that.

    `what` names the file in the message ("data file", "CDNOW file").
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise CRMDataError(f"The {what} {path} cannot be read ({exc}). Fix: {fix}.") from exc
    whole = len(head) < HEAD_BYTES
    text = head if whole else head[: head.rfind(b"\n") + 1]
    if not whole and not text and b"\x00" not in head:
        raise CRMDataError(f"The {what} {path} is not a text file: its first "
                           f"{human_size(HEAD_BYTES)} hold no line break. Fix: {fix}.")
    bad, decoded = head.find(b"\x00"), ""      # never in a text file, complete line or not
    if bad < 0:
        try:
            decoded = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad = exc.start
    if bad >= 0:
        raise CRMDataError(f"The {what} {path} is not a UTF-8 text file (byte {bad + 1} is "
                           f"{head[bad:bad + 1]!r}; it begins {head[:24]!r}). Fix: {fix}.")
    return decoded.splitlines()[:max_lines]


def refuse_larger_than(path: Path, limit: int | None, what: str, fix: str, why: str) -> int:
    """The size of `path` in bytes, or one CRMDataError when it is over `limit` bytes;
    `why` says where the limit comes from."""
    size = path.stat().st_size
    if limit is not None and size > limit:
        raise CRMDataError(f"The {what} {path} is {human_size(size)}, more than {why} "
                           f"({human_size(limit)}), so it was not read. Fix: {fix}.")
    return size


def memory_limit(factor: int = PARSE_MEMORY_FACTOR) -> int | None:
    """The largest file that can be parsed in the memory left (None when it is unknown)."""
    free = available_memory()
    return None if free is None else free // factor
