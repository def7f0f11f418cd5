"""Shared fixtures of the data tests: the shipped store, a variant, and a copy of the data
folder that a test may spoil."""

import shutil

import pytest

from crm_lessons.data import load_store
from crm_lessons.data.store import cached_store
from crm_lessons.paths import data_dir


@pytest.fixture(scope="module")
def shipped():
    return load_store()


@pytest.fixture(scope="module")
def variant():
    return load_store(seed=11)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "store", tmp_path / "data" / "store")
    shutil.copytree(data_dir() / "hospital", tmp_path / "data" / "hospital")
    shutil.copytree(data_dir() / "donations", tmp_path / "data" / "donations")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(tmp_path / "data"))
    cached_store.cache_clear()
    yield tmp_path / "data"
    cached_store.cache_clear()
