"""crm_lessons.retain.reasons: unresolved tickets and what defectors of each reason share."""

import pandas as pd

from crm_lessons import retain


def test_ticket_resolution_marks_customers_with_an_open_ticket():
    tickets = pd.DataFrame({"customer_id": [1, 1, 2, 3], "resolved": [True, False, True, True]})
    out = retain.ticket_resolution(tickets)
    assert out.to_dict() == {1: "unresolved", 2: "all resolved", 3: "all resolved"}


def test_reason_profile_links_reasons_to_causes(people):
    customers, defections = people
    orders = pd.DataFrame({"customer_id": [1, 2], "discount": [10.0, 0.0], "revenue": [30.0, 50.0]})
    tickets = pd.DataFrame({"customer_id": [2, 2], "resolved": [False, True]})
    out = retain.reason_profile(defections, customers, orders, tickets).set_index("reason")
    assert out.loc["service failure", "mean_tickets"] == 2.0
    assert out.loc["service failure", "share_unresolved"] == 1.0
    assert out.loc["moved away", "discount_share"] == 0.25
    assert out["share"].sum() == 1.0

