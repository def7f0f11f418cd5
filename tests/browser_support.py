"""Run lesson notebooks the way a student meets them: JupyterLab in headless Chromium.

`JupyterLabServer` starts the project's own JupyterLab on 127.0.0.1 (free port, random token)
over a temporary copy of the notebooks and a temporary progress file, so nothing in the
checkout changes. `run_notebook_in_browser` opens one notebook in a fresh workspace, runs
every cell from the Run menu, waits until all of them have run, collects error outputs, moves
the first control of every explorer (`.crm-explorer`) and checks that its output changes, and
saves a screenshot. It returns a `NotebookReport`; `report.problems` lists what a student
would see go wrong (empty when the notebook is fine).

Used by tests/test_browser.py; the self-tests there call `run_notebook_in_browser` directly on
a deliberately broken notebook and on an explorer that does not react.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

PROJECT_DIR = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts" / "browser"
OFFLINE_GUARD_DIR = Path(__file__).resolve().parent / "offline"   # holds sitecustomize.py

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SKIP_REASON = f"Chromium not found at {CHROMIUM}; apt-get install chromium"

# Settings a student's JupyterLab would not need, but that keep a headless run reliable:
# every cell stays in the page (no virtual scrolling), no news or update notifications.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}

ERROR_TEXT = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(Error|Exception)\b.*$",
                        re.M)
WIDGET_ERROR_TEXT = re.compile(r"Error displaying widget|Error rendering view|"
                               r"Failed to load model class")


def browser_requirement(chromium: str = CHROMIUM, ci: str | None = None) -> str:
    """"run" when Chromium is there; otherwise "skip", or "fail" under CI (CI=true)."""
    if Path(chromium).is_file() and os.access(chromium, os.X_OK):
        return "run"
    ci = os.environ.get("CI", "") if ci is None else ci
    return "fail" if ci.strip().lower() == "true" else "skip"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """The project's JupyterLab, serving a temporary folder, started and stopped by the tests.

    Parameters
    ----------
    notebooks : folder whose *.ipynb files are copied into the served folder.
    extra_env : environment variables for the server and therefore its kernels.
    offline_guard : put tests/offline/sitecustomize.py on the kernels' path, so every attempt
        to reach outside the machine is refused and recorded in `network_log`.
    """

    def __init__(self, notebooks: Path = NOTEBOOKS_DIR, extra_env: dict[str, str] | None = None,
                 offline_guard: bool = True):
        self.tmp = Path(tempfile.mkdtemp(prefix="crm-lab-"))
        self.root = self.tmp / "course"
        self.root.mkdir()
        for nb in sorted(Path(notebooks).glob("*.ipynb")):
            shutil.copy2(nb, self.root / nb.name)
        self.progress_file = self.tmp / "progress.json"
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = dict(extra_env or {})
        self.proc: subprocess.Popen | None = None
        self.log_path = self.tmp / "jupyterlab.log"
        self.network_log = self.tmp / "network.log" if offline_guard else None

    # -- life cycle -------------------------------------------------------------------------
    def start(self, timeout: float = 90) -> JupyterLabServer:
        settings = self.tmp / "lab-settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        env = dict(os.environ)
        env.update({
            "CRM_LESSONS_PROGRESS": str(self.progress_file),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "lab-workspaces"),
            "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        })
        if self.network_log is not None:
            old = env.get("PYTHONPATH")
            env["PYTHONPATH"] = str(OFFLINE_GUARD_DIR) + (os.pathsep + old if old else "")
            env["CRM_OFFLINE_LOG"] = str(self.network_log)
        env.update(self.extra_env)
        jupyter = Path(sys.executable).parent / "jupyter"
        cmd = [
            str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=", "--ServerApp.open_browser=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> JupyterLabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- helpers ----------------------------------------------------------------------------
    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def api(self, method: str, path: str):
        req = urllib.request.Request(self.url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def network_attempts(self, kernels_only: bool = True) -> list[dict]:
        """Outside connections refused so far (by kernels only: the server is not the course)."""
        if self.network_log is None or not self.network_log.exists():
            return []
        rows = [json.loads(line) for line in self.network_log.read_text().splitlines() if line]
        server = self.proc.pid if self.proc else None
        return [r for r in rows if not kernels_only or r.get("pid") != server]

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shutdown_kernels(self) -> None:
        for k in self.kernels():
            try:
                self.api("DELETE", f"/api/kernels/{k['id']}")
            except (OSError, urllib.error.URLError):
                pass

    def workspace_url(self, notebook: str, workspace: str) -> str:
        return (f"{self.url}/lab/workspaces/{quote(workspace)}/tree/{quote(notebook)}"
                f"?reset&token={self.token}")


def launch_chromium(playwright):
    """Debian's Chromium, headless, with everything that would reach the network turned off."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def chromium_for_tests():
    """Yield Debian's Chromium for a module of browser tests (a fixture's body): skipped where
    it is missing, failed under CI (CI=true), where the browser tests are required."""
    import pytest

    need = browser_requirement()
    if need == "fail":
        pytest.fail(f"{SKIP_REASON} (the browser tests are required under CI=true; "
                    ".ci/run installs it first)")
    if need == "skip":
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


# ---- one notebook --------------------------------------------------------------------------

@dataclass
class ExplorerResult:
    index: int
    control: str            # "slider", "dropdown" or "none"
    changed: bool
    detail: str = ""


@dataclass
class NotebookReport:
    notebook: str
    code_cells: int = 0
    executed_cells: int = 0
    errors: list[str] = field(default_factory=list)
    explorers: list[ExplorerResult] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    kernel_network: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    seconds: float = 0.0
    timed_out: bool = False

    @property
    def problems(self) -> list[str]:
        out = []
        if self.timed_out:
            out.append(f"not every cell finished: {self.executed_cells} of {self.code_cells} "
                       "code cells have an execution count")
        elif self.executed_cells < self.code_cells:
            out.append(f"only {self.executed_cells} of {self.code_cells} code cells ran "
                       "(Run All stops at the first error)")
        out += [f"error output: {e}" for e in self.errors]
        out += [f"explorer {x.index + 1} ({x.control}) did not react: {x.detail}"
                for x in self.explorers if not x.changed]
        out += [f"the page tried to fetch {u} (the course must work offline)"
                for u in self.external_requests]
        out += [f"the kernel tried to reach the network: {a}" for a in self.kernel_network]
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{self.notebook}: {self.executed_cells}/{self.code_cells} cells ran, "
                 f"{len(self.explorers)} explorer(s), {self.seconds:.1f} s, "
                 f"screenshot {self.screenshot}"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


CELL_STATE_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => {
    const p = c.querySelector('.jp-InputArea-prompt');
    return p ? p.textContent.trim() : '';
  });
  return {
    code: cells.length,
    done: prompts.filter(t => /^\\[\\d+\\]:?$/.test(t)).length,
    running: prompts.filter(t => t.includes('*')).length,
  };
}
"""

ERRORS_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const out = [];
  if (!panel) return out;
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  cells.forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
      out.push({cell: i, mime: o.getAttribute('data-mime-type') || '',
                text: (o.innerText || '').slice(0, 2000)});
    });
  });
  return out;
}
"""

# What an explorer shows: the text and images of its Output widget(s), or of the whole
# container when it has none.
EXPLORER_VIEW_JS = """
(el) => {
  const outs = [...el.querySelectorAll('.widget-output, .jupyter-widget-output')];
  const parts = outs.length ? outs : [el];
  const text = parts.map(p => p.innerText || '').join('\\n');
  const imgs = parts.flatMap(p => [...p.querySelectorAll('img')].map(i => i.src));
  const svgs = parts.flatMap(p => [...p.querySelectorAll('svg')].map(s => s.outerHTML.length));
  return JSON.stringify({text, imgs, svgs});
}
"""


def _digest(view: str) -> str:
    return hashlib.sha256(view.encode()).hexdigest()[:16]


def _wait_for(page, predicate, timeout: float, interval: float = 0.25):
    """Poll `predicate` while letting Playwright work (its network route handlers only run
    while a Playwright call is in progress, so never time.sleep here)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        page.wait_for_timeout(interval * 1000)
        value = predicate()
    return value


def _run_all_from_menu(page) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).first.click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled)",
                 has_text=re.compile(r"^Run All Cells")).first.click()


def _kernels_idle(lab: JupyterLabServer) -> bool:
    try:
        ks = lab.kernels()
    except (OSError, urllib.error.URLError):
        return False
    return bool(ks) and all(k.get("execution_state") == "idle" for k in ks)


def _move_first_control(page, explorer, index: int, wait: float = 15) -> ExplorerResult:
    """Move the explorer's first control and report whether its output changed."""
    explorer.scroll_into_view_if_needed()
    before = explorer.evaluate(EXPLORER_VIEW_JS)
    slider = explorer.locator(".noUi-handle, .widget-slider input[type=range]").first
    select = explorer.locator("select").first
    # Which comes first in the page: the first slider or the first dropdown.
    kinds = explorer.evaluate("""(el) => {
        const c = el.querySelector('.noUi-handle, .widget-slider input[type=range], select');
        if (!c) return 'none';
        return c.tagName === 'SELECT' ? 'dropdown' : 'slider';
    }""")
    if kinds == "none":
        return ExplorerResult(index, "none", False, "it has no slider or dropdown")
    if kinds == "dropdown":
        options = select.evaluate("(s) => [...s.options].map(o => o.value)")
        current = select.evaluate("(s) => s.value")
        others = [o for o in options if o != current]
        if not others:
            return ExplorerResult(index, "dropdown", False, "its dropdown has a single option")
        select.select_option(others[0])
        moved = f"dropdown {current!r} -> {others[0]!r}"
    else:
        readout = explorer.locator(".widget-readout").first
        value_before = readout.inner_text() if readout.count() else ""
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        value_after = readout.inner_text() if readout.count() else ""
        if value_after == value_before and value_before:
            for _ in range(6):          # already at its maximum: go the other way
                page.keyboard.press("ArrowLeft")
            page.wait_for_timeout(200)
            value_after = readout.inner_text()
        moved = f"slider {value_before!r} -> {value_after!r}"
        if value_before and value_after == value_before:
            return ExplorerResult(index, "slider", False, f"the slider did not move ({moved})")

    def changed():
        return _digest(explorer.evaluate(EXPLORER_VIEW_JS)) != _digest(before)

    if _wait_for(page, changed, timeout=wait):
        return ExplorerResult(index, kinds, True, moved)
    return ExplorerResult(index, kinds, False,
                          f"{moved}, but its output stayed the same for {wait:g} s")


def run_notebook_in_browser(browser, lab: JupyterLabServer, notebook: str, *,
                            timeout: float = 150, screenshot_dir: Path = ARTIFACTS_DIR,
                            check_explorers: bool = True,
                            explorer_wait: float = 15) -> NotebookReport:
    """Open `notebook` (a path inside lab.root) in a fresh workspace, run all cells from the
    Run menu, check errors and explorers, save a screenshot; return a NotebookReport."""
    report = NotebookReport(notebook)
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            report.external_requests.append(route.request.url)
            route.abort()

    page.route(re.compile(r"^(https?|wss?)://"), guard)
    workspace = "t" + secrets.token_hex(4)
    seen_before = len(lab.network_attempts())
    try:
        page.goto(lab.workspace_url(notebook, workspace), wait_until="domcontentloaded")
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        # Wait for the kernel to be up before running, so Run All is not lost.
        _wait_for(page, lambda: _kernels_idle(lab), timeout=60)
        page.wait_for_timeout(300)
        _run_all_from_menu(page)
        deadline = time.monotonic() + timeout

        def finished():
            state = page.evaluate(CELL_STATE_JS)
            if not state:
                return None
            report.code_cells, report.executed_cells = state["code"], state["done"]
            # Done when nothing is queued or running and the kernel is idle; Run All stops at
            # the first error, so some cells may legitimately stay unrun.
            return state["running"] == 0 and _kernels_idle(lab) and state
        page.wait_for_timeout(500)
        while not finished():
            if time.monotonic() > deadline:
                report.timed_out = True
                break
            page.wait_for_timeout(500)
        page.wait_for_timeout(800)          # let widget views render
        for out in page.evaluate(ERRORS_JS):
            text = out["text"]
            if out["mime"] == "application/vnd.jupyter.stderr" and ERROR_TEXT.search(text):
                report.errors.append(f"cell {out['cell'] + 1}: {_first_error_line(text)}")
            elif WIDGET_ERROR_TEXT.search(text):
                report.errors.append(f"cell {out['cell'] + 1}: widget failed: {text[:200]}")
        if check_explorers:
            explorers = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .crm-explorer")
            for i in range(explorers.count()):
                report.explorers.append(_move_first_control(page, explorers.nth(i), i,
                                                            explorer_wait))
        report.screenshot = _screenshot(page, notebook, screenshot_dir)
        report.kernel_network = [f"{a['call']} {a['address']}"
                                 for a in lab.network_attempts()[seen_before:]]
    finally:
        report.seconds = time.monotonic() - started
        context.close()
        lab.shutdown_kernels()
    return report


def _first_error_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        if re.match(r"^\w*(Error|Exception)\b", ln) and "Traceback" not in ln:
            return ln[:300]
    return (lines[-1] if lines else text)[:300]


def _screenshot(page, notebook: str, folder: Path, page_height: int = 6000) -> Path:
    """Screenshots of the whole notebook: NAME.png shows the top, and a long notebook goes on
    in NAME-p2.png, NAME-p3.png, ... (a browser cannot capture one image of any height)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(notebook).stem
    for old in folder.glob(f"{stem}-p*.png"):
        old.unlink()
    # Close the file browser so the notebook gets the width.
    left = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if left.count():
        left.first.click()
    scroller_js = """(top) => {
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
        if (!panel) return [1000, 1000];
        const el = panel.querySelector('.jp-WindowedPanel-outer') ||
                   panel.querySelector('.jp-Notebook');
        if (top !== null) el.scrollTop = top;
        // where the last cell ends (the notebook pads its end by a screenful: not content)
        const cells = panel.querySelectorAll('.jp-Notebook .jp-Cell');
        const last = cells.length ? cells[cells.length - 1] : el;
        const bottom = last.getBoundingClientRect().bottom - el.getBoundingClientRect().top
                       + el.scrollTop;
        return [Math.ceil(bottom) + 20, el.clientHeight];
    }"""
    total, _ = page.evaluate(scroller_js, 0)
    page.set_viewport_size({"width": 1280, "height": int(min(max(total + 200, 1000),
                                                             page_height))})
    page.wait_for_timeout(500)
    total, visible = page.evaluate(scroller_js, 0)
    first = folder / f"{stem}.png"
    page.screenshot(path=str(first))
    top, part = visible, 2
    while total - top > 80 and part <= 20:   # (a little bottom padding is no new page)
        page.evaluate(scroller_js, top)
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / f"{stem}-p{part}.png"))
        top, part = top + visible, part + 1
    return first
