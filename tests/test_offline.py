"""The course never needs the network: every lesson's answer key runs in a kernel whose
outbound connections are refused and recorded (tests/offline/sitecustomize.py on the kernel's
PYTHONPATH), and nothing it shows loads fonts, scripts or images from the internet.

The first test proves the guard itself: a kernel that reaches for an outside address is caught
and the attempt recorded, while loopback (the kernel's own channels) still works.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GUARD_DIR = Path(__file__).resolve().parent / "offline"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

# Output HTML/CSS that would make the browser fetch something at run time (a plain link a
# student may click is fine: it fetches nothing by itself).
REMOTE_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.I)


def _offline_env(monkeypatch, log: Path) -> None:
    old = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", str(GUARD_DIR) + (os.pathsep + old if old else ""))
    monkeypatch.setenv("CRM_OFFLINE_LOG", str(log))


def _attempts(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _run(nb, cwd: Path, timeout: int = 180):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            for value in out.get("data", {}).values():
                parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


# ---- the guard catches a kernel that reaches out ---------------------------------------------

GUARD_PROBE = r'''
import socket, threading, urllib.request

results = {}
def attempt(name, fn):
    try:
        fn()
        results[name] = "connected"
    except OSError as exc:
        results[name] = "blocked" if "blocked" in str(exc) else f"other: {exc}"

attempt("urlopen", lambda: urllib.request.urlopen("http://example.com/", timeout=2))
attempt("create_connection", lambda: socket.create_connection(("192.0.2.1", 80), timeout=2))
attempt("raw_connect", lambda: socket.socket().connect(("8.8.8.8", 53)))
attempt("udp_sendto", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("1.1.1.1", 53)))

server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=2)
results["loopback"] = "connected"
client.close(); server.close()
print(results)
'''


def test_guard_catches_a_kernel_that_tries_to_reach_the_network(monkeypatch, tmp_path):
    log = tmp_path / "network.log"
    _offline_env(monkeypatch, log)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(GUARD_PROBE)])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    _run(nb, tmp_path, timeout=60)
    printed = _outputs(nb)
    for name in ("urlopen", "create_connection", "raw_connect", "udp_sendto"):
        assert f"'{name}': 'blocked'" in printed, printed
    assert "'loopback': 'connected'" in printed, printed
    seen = " ".join(a["address"] for a in _attempts(log))
    for target in ("example.com", "192.0.2.1", "8.8.8.8", "1.1.1.1"):
        assert target in seen, seen
    assert "127.0.0.1" not in seen


# ---- every lesson's answer key, offline ------------------------------------------------------

@pytest.fixture(scope="module")
def answer_key(tmp_path_factory) -> Path:
    """The answer key of every lesson (the shipped notebooks where the engine has none)."""
    outdir = tmp_path_factory.mktemp("answer-key")
    try:
        from crm_lessons.exercises.answer_key import write_answer_key
    except ImportError:                       # before the exercise engine exists
        for path in NOTEBOOKS:
            (outdir / path.name).write_bytes(path.read_bytes())
    else:
        write_answer_key(outdir, force=True)
    return outdir


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_answer_key_runs_with_the_network_blocked(answer_key, monkeypatch, tmp_path, path):
    log = tmp_path / "network.log"
    _offline_env(monkeypatch, log)
    nb = nbformat.read(answer_key / path.name, as_version=4)
    _run(nb, answer_key)
    attempts = _attempts(log)
    assert not attempts, (
        f"{path.name} tried to reach the network {len(attempts)} time(s); first: "
        f"{attempts[0]['call']} {attempts[0]['address']}\n{attempts[0]['stack']}")
    remote = REMOTE_RESOURCE.findall(_outputs(nb))
    assert not remote, f"{path.name} shows output that loads something from the internet: {remote[:3]}"


def test_remote_resource_pattern_tells_fetches_from_links():
    assert REMOTE_RESOURCE.search('<script src="https://cdn.example.org/x.js"></script>')
    assert REMOTE_RESOURCE.search("<style>@import url('https://fonts.example.com/css')</style>")
    assert REMOTE_RESOURCE.search('<img src="//example.com/a.png">')
    assert not REMOTE_RESOURCE.search('<a href="https://example.com">read more</a>')
    assert not REMOTE_RESOURCE.search('<img src="data:image/png;base64,AAAA">')
