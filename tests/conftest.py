"""Shared test set-up: no test ever writes to the user's real progress file."""

import re

import pytest

# Notebooks under tests/fixtures are inputs of the tests (some fail on purpose), not lessons:
# nbval must not collect them.
collect_ignore_glob = ["fixtures/*", "fixtures/**/*"]


@pytest.fixture(autouse=True)
def _isolated_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)
    for variable in ("CRM_LESSONS_SEED", "CRM_LESSONS_STUDENT", "JUPYTERHUB_USER",
                     "CRM_LESSONS_COURSE", "CRM_LESSONS_WORKSPACE", "CRM_LESSONS_ASSESSMENT"):
        monkeypatch.delenv(variable, raising=False)


# ---- notes printed at the end of the run (browser timings, fuzz counts) -----------------------

_SESSION_NOTES: list[str] = []


@pytest.fixture(scope="session")
def session_notes() -> list[str]:
    """Lines a test adds here are printed in the run's closing summary."""
    return _SESSION_NOTES


def pytest_terminal_summary(terminalreporter):
    if _SESSION_NOTES:
        terminalreporter.section("CRM Lessons: what the user-level tests saw")
        for line in _SESSION_NOTES:
            terminalreporter.write_line(line)



# ---- running on several cores (`make test` runs tests/ with -n auto --dist loadgroup) ---------

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Keep together what shares one expensive set-up: each browser module shares one
    JupyterLab server or one built site, so all its tests go to one worker."""
    for item in items:
        if item.get_closest_marker("browser"):
            path = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(re.sub(r"\W", "_", path)))
