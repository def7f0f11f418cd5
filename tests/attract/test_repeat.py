"""crm_lessons.attract.repeat: the share of customers still buying, by channel."""

import pandas as pd

from crm_lessons import attract


def test_repeat_rate_by_channel_counts_customers_still_buying(acq_tables):
    _, customers = acq_tables
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
                           "order_date": pd.to_datetime(["2024-01-05", "2025-03-01", "2024-02-01",
                                                         "2024-03-01", "2025-04-01"])})
    out = attract.repeat_rate_by_channel(customers, orders, "2025-06-30").set_index("channel")
    # customers 1-4 are old enough; 1 (search) and 3 (referral) bought after a year
    assert out.loc["referral", "share"] == 0.5 and out.loc["search", "share"] == 0.5
    assert out["customers"].sum() == 4

