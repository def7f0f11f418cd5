"""Every lesson run the way a student meets it: JupyterLab in headless Chromium.

One JupyterLab server (the project's own, on 127.0.0.1 with a token, over a temporary copy of
notebooks/ and a temporary progress file) serves the whole module. For each notebook the test
opens it in a fresh workspace, runs all cells from the Run menu, fails on any error output,
moves the first control of every explorer and checks that its output changes, and saves a
screenshot to test-artifacts/browser/. Neither the page nor the kernel may reach anything
outside the machine (the kernels run with tests/offline/sitecustomize.py on their path). The last tests prove the runner itself catches a lesson that raises, an explorer that
does not react and a page that reaches for the network.

Needs Debian's Chromium at /usr/bin/chromium: skipped without it, except under CI (CI=true),
where a missing browser fails the run.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time

import nbformat
import pytest
from browser_support import (  # tests/ is on sys.path under pytest's default import mode
    ARTIFACTS_DIR,
    NOTEBOOKS_DIR,
    SKIP_REASON,
    JupyterLabServer,
    chromium_for_tests,
    run_notebook_in_browser,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _fingerprint(paths) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


CHECKOUT_BEFORE = _fingerprint(NOTEBOOKS)


@pytest.fixture(scope="module")
def browser():
    yield from chromium_for_tests()


@pytest.fixture(scope="module")
def lab(browser, session_notes):
    started = time.monotonic()
    server = JupyterLabServer(NOTEBOOKS_DIR).start()
    timings = {"jupyterlab_start_s": round(time.monotonic() - started, 1), "notebooks": {}}
    try:
        yield server, timings
    finally:
        timings["server_network_attempts"] = [
            f"{a['call']} {a['address']}" for a in server.network_attempts(kernels_only=False)
            if a.get("pid") == server.proc.pid]
        server.stop()
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS_DIR / "timings.json").write_text(json.dumps(timings, indent=2) + "\n")
        for name, t in timings["notebooks"].items():
            session_notes.append(f"browser: {name} ran in JupyterLab in {t['seconds']:.1f} s, "
                                 f"{t['explorers']} explorer(s), screenshot {t['screenshot']}")


def _kernelspec_notebook(cells):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


# ---- every lesson ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_runs_in_jupyterlab_and_its_explorers_react(lab, browser, path):
    server, timings = lab
    report = run_notebook_in_browser(browser, server, path.name)
    timings["notebooks"][path.name] = {
        "seconds": round(report.seconds, 1), "explorers": len(report.explorers),
        "screenshot": str(report.screenshot.relative_to(ARTIFACTS_DIR.parents[1]))
        if report.screenshot else None}
    assert report.code_cells > 0, f"{path.name}: no code cell was found in the page"
    assert report.screenshot is not None and report.screenshot.stat().st_size > 0
    assert report.ok, report.summary()


# ---- the runner catches what a student would see go wrong --------------------------------------

def test_runner_reports_a_lesson_that_raises(lab, browser, tmp_path):
    """A copy of the start page with a cell that raises: the runner must report the error and
    the cells that Run All then left unrun."""
    server, _ = lab
    nb = nbformat.read(NOTEBOOKS_DIR / "00_start_here.ipynb", as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        'raise RuntimeError("deliberately broken lesson")'))
    nbformat.write(nb, server.root / "broken_copy.ipynb")
    report = run_notebook_in_browser(browser, server, "broken_copy.ipynb",
                                     screenshot_dir=tmp_path)
    assert not report.ok
    assert any("RuntimeError: deliberately broken lesson" in e for e in report.errors), \
        report.summary()
    assert report.executed_cells < report.code_cells, report.summary()


EXPLORERS = '''
import ipywidgets as w

def explorer(control, react):
    out = w.Output()
    def show(change=None):
        out.clear_output(wait=True)
        with out:
            print("showing", control.value if react else "always the same")
    control.observe(show, names="value")
    show()
    box = w.VBox([control, out])
    box.add_class("crm-explorer")
    return box
'''


def test_runner_reports_an_explorer_that_does_not_react(lab, browser, tmp_path):
    """Four explorers: a frozen slider, a working slider, a working dropdown, a frozen
    dropdown. Only the frozen ones may be reported."""
    server, _ = lab
    nb = _kernelspec_notebook([
        EXPLORERS,
        'explorer(w.IntSlider(value=3, min=0, max=10, description="n"), react=False)',
        'explorer(w.FloatSlider(value=0.2, min=0, max=1, step=0.1, description="top"), react=True)',
        'explorer(w.Dropdown(options=["North", "South", "East"]), react=True)',
        'explorer(w.Dropdown(options=["web", "app"]), react=False)',
    ])
    nbformat.write(nb, server.root / "explorers_selftest.ipynb")
    report = run_notebook_in_browser(browser, server, "explorers_selftest.ipynb",
                                     screenshot_dir=tmp_path, explorer_wait=5)
    assert report.errors == [] and report.executed_cells == report.code_cells == 5
    assert [(x.control, x.changed) for x in report.explorers] == [
        ("slider", False), ("slider", True), ("dropdown", True), ("dropdown", False)], \
        report.explorers
    assert not report.ok
    assert sum("did not react" in p for p in report.problems) == 2, report.problems


def test_runner_reports_a_page_or_kernel_that_reaches_for_the_network(lab, browser, tmp_path):
    """An output that loads an image from the internet, and a kernel that opens a connection
    to an outside address: both are caught (and refused)."""
    server, _ = lab
    nb = _kernelspec_notebook([
        'from IPython.display import HTML\n'
        'HTML(\'<img src="http://192.0.2.1/logo.png" alt="logo">\')',
        'import urllib.request\n'
        'try:\n'
        '    urllib.request.urlopen("http://192.0.2.7/data.csv", timeout=2)\n'
        'except OSError as exc:\n'
        '    print("refused:", exc)'])
    nbformat.write(nb, server.root / "network_selftest.ipynb")
    report = run_notebook_in_browser(browser, server, "network_selftest.ipynb",
                                     screenshot_dir=tmp_path)
    assert report.errors == [] and report.executed_cells == 2
    assert any("192.0.2.1" in u for u in report.external_requests), report.summary()
    assert any("192.0.2.7" in a for a in report.kernel_network), report.summary()
    assert not report.ok


def test_the_checkout_notebooks_are_left_unchanged(lab):
    """The browser ran copies: the course's own notebooks did not get the run's outputs.
    (A notebook a colleague edits meanwhile may change, but it is saved clean.)"""
    changed = [name for name, digest in _fingerprint(NOTEBOOKS).items()
               if CHECKOUT_BEFORE.get(name) != digest]
    for name in changed:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        ran = [i for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
        assert not ran, f"{name} in the checkout now holds outputs in cells {ran}"
    assert not any(p.name.endswith("selftest.ipynb") or p.name == "broken_copy.ipynb"
                   for p in NOTEBOOKS_DIR.iterdir())


def test_missing_chromium_skips_locally_and_fails_under_ci(monkeypatch):
    """The rule for a machine without the browser, checked without touching the real one."""
    import browser_support as support

    assert SKIP_REASON == "Chromium not found at /usr/bin/chromium; apt-get install chromium"
    assert support.browser_requirement(chromium="/nonexistent/chromium", ci="") == "skip"
    assert support.browser_requirement(chromium="/nonexistent/chromium", ci="true") == "fail"
    assert support.browser_requirement(chromium=shutil.which("sh") or "/bin/sh", ci="true") == "run"
