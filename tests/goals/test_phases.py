"""Tests of crm_lessons.goals.phases: the phases of CRM as a chain."""

from crm_lessons import goals


def test_crm_phases_run_from_customer_orientation_to_value():
    phases = goals.crm_phases()
    assert phases["phase_no"].tolist() == [1, 2, 3, 4, 5]
    assert phases["phase"].tolist()[0] == "customer orientation"
    assert phases["phase"].tolist()[-1] == "value and success"
