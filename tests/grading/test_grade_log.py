"""interfaces.md #2: with CRM_LESSONS_GRADE_LOG set every check appends one JSON line, and
CRM_LESSONS_GRADE_SEED fixes the data over any other seed."""

from __future__ import annotations

import json

from crm_lessons.exercises import lesson00
from crm_lessons.identity import current_identity

FIELDS = {"id", "lesson", "name", "status", "correct", "graded", "kind", "category", "message",
          "answer", "identity"}


def test_each_check_appends_its_verdict(tmp_path, monkeypatch):
    log = tmp_path / "grade.jsonl"
    monkeypatch.setenv("CRM_LESSONS_GRADE_LOG", str(log))
    monkeypatch.setenv("CRM_LESSONS_GRADE_SEED", "7")
    monkeypatch.setenv("CRM_LESSONS_SEED", "8")          # what a copied notebook might set
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "bob")
    assert current_identity().seed == 7
    right = lesson00.referral_share.expected()
    lesson00.referral_share.check(right)
    lesson00.referral_share.check(right + 0.2)              # a wrong answer: it must fail
    lesson00.first_reflection.check("I come back because they remember my usual order.")
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [set(x) for x in lines] == [FIELDS] * 3
    assert [(x["id"], x["status"], x["correct"]) for x in lines] == [
        ("00.referral_share", "correct", True), ("00.referral_share", "incorrect", False),
        ("00.first_reflection", "done", None)]
    assert lines[2]["answer"].startswith("I come back") and lines[0]["answer"] is None
    assert {x["identity"]["seed"] for x in lines} == {7}
    assert {x["identity"]["student"] for x in lines} == {"bob"}


def test_no_log_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("CRM_LESSONS_GRADE_LOG", raising=False)
    lesson00.customer_count.check(1)
    assert list(tmp_path.glob("*.jsonl")) == []
