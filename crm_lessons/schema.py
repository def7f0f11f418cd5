"""The tables of the store data set and their columns: the contract every helper relies on.

Each table maps column name -> (kind, meaning). Kinds: "int" (integer id or count),
"Int64" (integer that may be missing), "float", "bool", "date", "category", "str".
Money is in euros (EUR); durations in hours or days as the column name says.
"""

from __future__ import annotations

#: The fictional shop the store data set describes.
COMPANY = "Steep & Grind"
CHANNELS = ["search", "paid_social", "email", "referral", "partner", "marketplace"]
REGIONS = ["North", "South", "East", "West", "Central"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
SATISFACTION_GRADES = [
    "very disappointed", "disappointed", "neutral", "satisfied", "very satisfied",
]
DEFECTION_REASONS = [
    "lower price elsewhere", "service failure", "moved away",
    "found something better", "no longer needed",
]
CAMPAIGN_TYPES = ["acquisition", "retention", "win-back", "cross-sell"]
OFFERS = ["discount", "free sample", "bundle", "none"]
SUBSCRIPTION_PLANS = ["monthly", "yearly"]

STORE_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "customers": {
        "customer_id": ("int", "unique customer number"),
        "signup_date": ("date", "date of the first order / account creation"),
        "channel": ("category", "acquisition channel, one of CHANNELS"),
        "referred_by": ("Int64", "customer_id of the customer who referred them, if any"),
        "region": ("category", "home region, one of REGIONS"),
        "age_band": ("category", "age band, one of AGE_BANDS"),
        "marketing_opt_in": ("bool", "agreed to receive marketing messages"),
        "loyalty_member": ("bool", "member of the loyalty program at the end of the data"),
        "loyalty_join_date": ("date", "date they joined the loyalty program (missing if never)"),
    },
    "prospects": {
        "prospect_id": ("int", "unique lead number"),
        "created_date": ("date", "date the lead was captured"),
        "source": ("category", "where the lead came from, one of CHANNELS"),
        "email_opens": ("int", "marketing e-mails opened before converting or the data's end"),
        "site_visits": ("int", "website visits before converting or the data's end"),
        "sample_requested": ("bool", "asked for a free sample"),
        "customer_id": ("Int64", "the customer the lead became, missing if it never bought"),
    },
    "products": {
        "product_id": ("int", "unique product number"),
        "name": ("str", "product name"),
        "category": ("category", "product category"),
        "price": ("float", "list price, EUR"),
        "unit_cost": ("float", "cost of goods per unit, EUR"),
    },
    "orders": {
        "order_id": ("int", "unique order number"),
        "customer_id": ("int", "who ordered"),
        "order_date": ("date", "date of the order"),
        "channel": ("category", "where the order was placed: web, app or phone"),
        "discount": ("float", "discount granted on the order, EUR"),
        "campaign_id": ("Int64", "campaign the order responded to, if any"),
        "revenue": ("float", "order value after discount and before returns, EUR"),
    },
    "order_lines": {
        "order_id": ("int", "the order"),
        "product_id": ("int", "the product"),
        "quantity": ("int", "units ordered"),
        "unit_price": ("float", "price paid per unit before the order discount, EUR"),
        "returned_quantity": ("int", "units sent back"),
    },
    "campaigns": {
        "campaign_id": ("int", "unique campaign number"),
        "name": ("str", "campaign name"),
        "type": ("category", "one of CAMPAIGN_TYPES"),
        "offer": ("category", "one of OFFERS"),
        "channel": ("category", "medium: email, paid_social, search, direct mail, partner, "
                                "referral (refer-a-friend rewards) or marketplace (fees)"),
        "start_date": ("date", "first day"),
        "end_date": ("date", "last day"),
        "total_cost": ("float", "everything the campaign cost, EUR"),
    },
    "contacts": {
        "contact_id": ("int", "unique contact number"),
        "campaign_id": ("int", "the campaign"),
        "customer_id": ("Int64", "customer contacted (missing for a prospect)"),
        "prospect_id": ("Int64", "prospect contacted (acquisition campaigns)"),
        "contact_date": ("date", "date of the contact"),
        "group": ("category", "'treatment' or 'control' (randomised hold-out)"),
        "responded": ("bool", "bought within the response window (the campaign's start to end date)"),
        "order_id": ("Int64", "the resulting order, if any"),
        "unsubscribed": ("bool", "the customer unsubscribed from marketing at this contact "
                                 "(at most once per customer; never on a control row, which was "
                                 "sent nothing)"),
        "complained": ("bool", "the customer complained about this contact (too many "
                               "messages, unwanted mail; never on a control row)"),
    },
    "tickets": {
        "ticket_id": ("int", "unique ticket number"),
        "customer_id": ("int", "who raised it"),
        "opened_date": ("date", "date opened"),
        "channel": ("category", "email, phone or chat"),
        "topic": ("category", "delivery, product quality, billing, website, other"),
        "resolved": ("bool", "whether it was resolved"),
        "hours_to_resolve": ("float", "hours until resolved, missing if unresolved"),
        "handling_cost": ("float", "cost of handling the ticket, EUR"),
    },
    "surveys": {
        "survey_id": ("int", "unique survey number"),
        "customer_id": ("int", "who answered (two rows for a customer who also answered the follow-up)"),
        "survey_date": ("date", "date answered"),
        "expectation": ("int", "what the customer expected, 1 (low) to 7 (high)"),
        "perceived": ("int", "how the customer rated what they got, 1 to 7"),
        "satisfaction": ("category", "ordered grade, one of SATISFACTION_GRADES"),
        "recommend": ("int", "likelihood to recommend, 0 to 10"),
        "monthly_category_spend": ("float", "own estimate of monthly spend on coffee and tea anywhere, EUR"),
    },
    "defections": {
        "customer_id": ("int", "the customer who left (at most one row each)"),
        "defection_date": ("date", "date they told us or closed the account"),
        "reason": ("category", "stated reason, one of DEFECTION_REASONS"),
    },
    "benchmark": {
        "company": ("str", "this company or a competitor"),
        "price_index": ("float", "price level, 100 = market average"),
        "delivery_days": ("float", "average days from order to delivery"),
        "product_quality": ("float", "perceived product quality, 1 to 10"),
        "service_rating": ("float", "perceived service quality, 1 to 10"),
    },
    "subscriptions": {
        "subscription_id": ("int", "unique coffee-club membership number"),
        "customer_id": ("int", "the member"),
        "plan": ("category", "one of SUBSCRIPTION_PLANS: renewed each month or each year"),
        "start_date": ("date", "first day of the first paid period"),
        "periods_paid": ("int", "periods (months or years) paid so far, the first included"),
        "end_date": ("date", "day the membership ended (the renewal not paid), missing if active"),
        "fee": ("float", "price of one period, EUR"),
    },
}

#: The period the store data covers (first and last day): every date in it lies within.
STORE_PERIOD = ("2022-07-01", "2025-12-31")
PERIOD = STORE_PERIOD

#: The values each column may hold, beside the tables above: column -> (lowest, highest), both
#: included. A bound is a number, a date ("YYYY-MM-DD"), the name of another column of the
#: same row (returns at most the quantity ordered) or None (no bound). Empty cells are not
#: checked here (whether a column may be empty is in crm_lessons.data.tables).
STORE_RANGES: dict[str, dict[str, tuple[object, object]]] = {
    "customers": {"signup_date": PERIOD, "loyalty_join_date": ("signup_date", PERIOD[1])},
    "prospects": {"created_date": PERIOD, "email_opens": (0, None), "site_visits": (0, None)},
    "products": {"price": (0, None), "unit_cost": (0, None)},
    "orders": {"order_date": PERIOD, "discount": (0, None), "revenue": (0, None)},
    "order_lines": {"quantity": (1, None), "unit_price": (0, None),
                    "returned_quantity": (0, "quantity")},
    "campaigns": {"start_date": PERIOD, "end_date": ("start_date", PERIOD[1]),
                  "total_cost": (0, None)},
    "contacts": {"contact_date": PERIOD},
    "tickets": {"opened_date": PERIOD, "hours_to_resolve": (0, None), "handling_cost": (0, None)},
    "surveys": {"survey_date": PERIOD, "expectation": (1, 7), "perceived": (1, 7),
                "recommend": (0, 10), "monthly_category_spend": (0, None)},
    "defections": {"defection_date": PERIOD},
    "benchmark": {"price_index": (0, None), "delivery_days": (0, None),
                  "product_quality": (1, 10), "service_rating": (1, 10)},
    "subscriptions": {"start_date": PERIOD, "end_date": ("start_date", PERIOD[1]),
                      "periods_paid": (1, None), "fee": (0, None)},
}
