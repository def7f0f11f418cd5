"""Tests of crm_lessons.identify.elements: the four elements of CRM."""

from crm_lessons import identify


def test_crm_elements_puts_identification_first():
    table = identify.crm_elements()
    assert table["element"].tolist() == ["identification", "attraction", "retention",
                                         "development"]
    assert table.loc[0, "lesson"] == "02"
