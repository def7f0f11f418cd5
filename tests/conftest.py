"""Shared test set-up: no test ever writes to the user's real progress file."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)
    monkeypatch.delenv("CRM_LESSONS_SEED", raising=False)
