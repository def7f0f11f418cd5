"""The course's JupyterHub (deploy/jupyterhub/jupyterhub_config.py) on this machine, for the hub
test and the hub benchmark: real system users, the production configuration (PAM, one local
process per user), a hub on 127.0.0.1 on free ports, and a small client for a user's kernel.

`hub_requirement()` says why the hub cannot run here (None when it can). `SystemUsers` creates
users with a fixed name prefix and removes them again (also the ones an interrupted run left).
`LocalHub` starts and stops the hub; `Kernel` runs code in a kernel of a user's server through
the server's REST and websocket API, as JupyterLab does.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HUB_DIR = ROOT / "deploy" / "jupyterhub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
CHROMIUM = "/usr/bin/chromium"


def hub_requirement(browser: bool = True) -> str | None:
    """Why the local hub (and, with `browser`, Chromium) cannot run here, or None when it can."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "JupyterHub is not installed (pip install -e '.[hub]')"
    if shutil.which("configurable-http-proxy") is None:
        return ("configurable-http-proxy is missing (Node.js and npm, then "
                "npm install -g configurable-http-proxy)")
    if browser and not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the hub test must run as root (it creates system users and logs them in)"
    for tool in ("useradd", "userdel", "chpasswd", "su"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (Debian: apt-get install passwd util-linux)"
    return None


def free_ports(n: int) -> list[int]:
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def _run(*cmd: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=check, **kw)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def user_pids(uid: int) -> list[int]:
    """The processes running as `uid` (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def rss_of_user(uid: int) -> int:
    """Resident memory (bytes) of every process running as `uid`."""
    total = 0
    for pid in user_pids(uid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


@dataclass
class SystemUsers:
    """System users named PREFIX1, PREFIX2, ... created for one run and removed after it.

    The course's interpreter may sit under a folder other users cannot enter (a Python under
    /root): `grant` gives just these users the right to pass through such folders (an ACL entry
    per user, removed in `remove_all`).
    """

    prefix: str
    count: int
    names: list[str] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    granted: list[tuple[str, str]] = field(default_factory=list)

    def candidates(self) -> list[str]:
        return [f"{self.prefix}{i}" for i in range(1, self.count + 1)]

    def remove_leftovers(self) -> None:
        """Remove users with these names left by an earlier run that was interrupted."""
        for name in self.candidates():
            if _exists(name):
                self._remove(name)

    def create(self, home_mode: str = "0755") -> list[str]:
        """Create the users with passwords; homes as Debian's adduser makes them (0755)."""
        self.remove_leftovers()
        for name in self.candidates():
            _run("useradd", "--create-home", "--shell", "/bin/bash", "-K",
                 f"HOME_MODE={home_mode}", name)
            self.names.append(name)
            password = secrets.token_urlsafe(12)
            _run("chpasswd", input=f"{name}:{password}\n")
            self.passwords[name] = password
        return self.names

    def grant(self, paths: list[Path]) -> None:
        """Let these users reach `paths` (files or folders) by passing through the folders
        above them that others may not enter."""
        blocked: list[Path] = []
        for path in paths:
            for folder in [*reversed(Path(path).resolve().parents)]:
                if not folder.stat().st_mode & 0o001 and folder not in blocked:
                    blocked.append(folder)
        if blocked and shutil.which("setfacl") is None:
            raise RuntimeError(f"{blocked[0]} cannot be entered by other users, and setfacl is "
                               "missing to let the test users through (apt-get install acl)")
        for folder in blocked:
            for name in self.names:
                _run("setfacl", "-m", f"u:{name}:x", str(folder))
                self.granted.append((str(folder), name))

    def _remove(self, name: str) -> None:
        uid = pwd.getpwnam(name).pw_uid
        for _ in range(3):   # the user's own processes only, by id
            pids = user_pids(uid)
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.3)
        if shutil.which("setfacl"):
            for folder in ("/", "/root", *{f for f, _ in self.granted}):
                _run("setfacl", "-x", f"u:{uid}", folder, check=False)
        _run("userdel", "--remove", "--force", name, check=False)

    def remove_all(self) -> None:
        for folder, name in self.granted:
            _run("setfacl", "-x", f"u:{name}", folder, check=False)
        self.granted.clear()
        for name in self.names:
            if _exists(name):
                self._remove(name)
        self.names.clear()

    def su(self, name: str, command: str) -> subprocess.CompletedProcess:
        return _run("su", name, "-c", command, check=False, timeout=30)

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)


class LocalHub:
    """deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1, on free ports, over `course_dir`."""

    def __init__(self, course_dir: Path, extra_env: dict[str, str] | None = None):
        self.course_dir = Path(course_dir)
        self.port, self.proxy_port, self.api_port = free_ports(3)
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(24)
        self.state = Path(tempfile.mkdtemp(prefix="crm-hub-state-"))
        self.log_path = self.state / "hub.log"
        self.extra_env = dict(extra_env or {})
        self.proc: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("CRM_LESSONS_", "JUPYTERHUB_", "PYTEST_"))}
        env.update({
            "CRM_HUB_COURSE_DIR": str(self.course_dir), "CRM_HUB_IP": "127.0.0.1",
            "CRM_HUB_PORT": str(self.port), "CRM_HUB_PROXY_API_PORT": str(self.proxy_port),
            "CRM_HUB_API_PORT": str(self.api_port), "CRM_HUB_STATE_DIR": str(self.state),
            "CRM_HUB_ADMIN_TOKEN": self.token, "CRM_HUB_BIN": str(Path(sys.executable).parent),
            # the course's package and data come from the course folder, as on a server
            "PYTHONPATH": str(self.course_dir),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        })
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60) -> LocalHub:
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.state,
            env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "/hub/api/")
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the hub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the hub (it stops every user's server first), then its process group."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def cleanup(self) -> None:
        shutil.rmtree(self.state, ignore_errors=True)

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, method=method, data=data, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def get_page(self, path: str, timeout: float = 60) -> tuple[int, bytes]:
        req = urllib.request.Request(self.url + path,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()

    def start_server(self, user: str, timeout: float = 120) -> None:
        """Create `user` on the hub if needed and start their server; wait until it answers."""
        try:
            self.api("POST", f"/hub/api/users/{user}")
        except urllib.error.HTTPError as exc:
            if exc.code != 409:          # 409: the user is already known
                raise
        try:
            self.api("POST", f"/hub/api/users/{user}/server", timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code not in (202, 400):   # 202: still starting; 400: already running
                raise
        self.wait_ready(user, timeout)

    def wait_ready(self, user: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.api("GET", f"/hub/api/users/{user}")
            server = info.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            if not server and not info.get("pending"):
                raise RuntimeError(f"the server of {user} did not start:\n{self.log_tail()}")
            time.sleep(0.3)
        raise RuntimeError(f"the server of {user} was not ready in {timeout:.0f} s")

    def stop_server(self, user: str, timeout: float = 60) -> None:
        try:
            self.api("DELETE", f"/hub/api/users/{user}/server")
        except urllib.error.HTTPError as exc:
            if exc.code != 202:
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.api("GET", f"/hub/api/users/{user}")
            if not info.get("servers") and not info.get("pending"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"the server of {user} did not stop in {timeout:.0f} s")

    def user_api(self, user: str, method: str, path: str, body: dict | None = None):
        return self.api(method, f"/user/{user}/api{path}", body)


class Kernel:
    """A kernel of a user's server, reached through the hub's proxy (REST and websocket)."""

    def __init__(self, hub: LocalHub, user: str, kernel_id: str | None = None):
        import websocket

        self.hub, self.user = hub, user
        self.id = kernel_id or hub.user_api(user, "POST", "/kernels", {"name": "python3"})["id"]
        self.session = uuid.uuid4().hex
        ws_url = (hub.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{self.id}"
                  f"/channels?session_id={self.session}")
        self.ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {hub.token}"], timeout=300)

    def execute(self, code: str, timeout: float = 300) -> dict:
        """Run `code`; its printed text, its results and its error (None when it ran)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        out = {"stdout": "", "results": [], "error": None}
        replied = idle = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel of {self.user} did not finish in {timeout} s")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg.get("content", {})
            if kind == "stream":
                out["stdout"] += content.get("text", "")
            elif kind in ("execute_result", "display_data"):
                out["results"].append(content.get("data", {}))
            elif kind == "error":
                out["error"] = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        return out

    def close(self, shutdown: bool = True) -> None:
        try:
            self.ws.close()
        finally:
            if shutdown:
                try:
                    self.hub.user_api(self.user, "DELETE", f"/kernels/{self.id}")
                except (OSError, urllib.error.URLError):
                    pass


def copy_course(target: Path) -> Path:
    """A copy of the course as a server holds it (/srv/crm-lessons): the package, the lessons
    and the data, readable by every user."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for part in ("crm_lessons", "notebooks", "data"):
        shutil.copytree(ROOT / part, target / part, ignore=ignore, symlinks=True)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    for path in [target, *target.rglob("*")]:
        mode = path.lstat().st_mode
        if not path.is_symlink():
            path.chmod(mode | 0o044 | (0o011 if path.is_dir() else 0))
    return target


def lesson_cells(path: Path) -> list[str]:
    """The code cells of a notebook, in order."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
