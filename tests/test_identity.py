"""Whose data it is: the seed comes from CRM_LESSONS_SEED, else the student id, else the hub user."""

import hashlib

import pytest

from crm_lessons.data.simulate.params import DEFAULT_SEED
from crm_lessons.data.store import env_seed
from crm_lessons.errors import CRMDataError
from crm_lessons.identity import current_identity, student_seed


def test_the_seed_is_the_documented_hash():
    digest = hashlib.sha256(b"crm-lessons:alice").hexdigest()
    assert student_seed("alice") == int(digest[:8], 16) % 2**31


def test_same_student_same_seed_other_student_or_course_another():
    assert student_seed("alice") == student_seed("alice") == student_seed("  ALICE ")
    assert student_seed("alice") != student_seed("bob")
    assert student_seed("alice", "mkt-101") != student_seed("alice", "mkt-202")


def test_nothing_set_means_the_shipped_data():
    ident = current_identity()
    assert (ident.student, ident.seed, ident.source) == (None, None, "shipped")
    assert env_seed() == DEFAULT_SEED
    assert "shipped data" in ident.explain()


def test_student_variable_chooses_the_variant(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    ident = current_identity()
    assert ident.seed == student_seed("alice") == env_seed()
    assert ident.source == "CRM_LESSONS_STUDENT" and "alice" in ident.explain()


def test_course_id_changes_the_variant(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    monkeypatch.setenv("CRM_LESSONS_COURSE", "mkt-101")
    assert env_seed() == student_seed("alice", "mkt-101") != student_seed("alice")


def test_hub_user_is_used_when_no_student_is_set(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert current_identity().source == "JUPYTERHUB_USER"
    assert env_seed() == student_seed("bob")
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")  # the student id wins over the hub user
    assert env_seed() == student_seed("alice")


def test_explicit_seed_wins_over_student_and_hub_user(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    monkeypatch.setenv("CRM_LESSONS_SEED", "7")
    ident = current_identity()
    assert (ident.seed, ident.source, ident.student) == (7, "CRM_LESSONS_SEED", "alice")
    assert env_seed() == 7 and "CRM_LESSONS_SEED" in ident.explain()


@pytest.mark.parametrize("bad", ["x" * 101, "al\nice", "a\tb"])
def test_unusable_student_ids_are_refused(monkeypatch, bad):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", bad)
    with pytest.raises(CRMDataError, match="CRM_LESSONS_STUDENT|student id"):
        current_identity()


def test_blank_student_id_is_the_same_as_none(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "   ")
    assert current_identity().source == "shipped"


@pytest.mark.parametrize("bad", ["seven", "-3"])
def test_bad_seed_is_refused(monkeypatch, bad):
    monkeypatch.setenv("CRM_LESSONS_SEED", bad)
    with pytest.raises(CRMDataError, match="CRM_LESSONS_SEED should be"):
        env_seed()


def test_record_carries_student_seed_course_and_version(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    record = current_identity().as_record()
    assert set(record) == {"student", "course", "seed", "source", "version"}
    assert record["version"] and record["seed"] == student_seed("alice")
