"""The store simulation's parameters: dates, channels, products, competitors, offers.

The store is a synthetic CRM world of "Steep & Grind", an online retailer of specialty coffee
and tea supplies. Causes are simulated first (purchase rates, expectations, service
experience, price sensitivity) and outcomes follow from them (orders, surveys, defections).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.schema import COMPANY, STORE_PERIOD

DEFAULT_SEED = 2024
DEFAULT_CUSTOMERS = 5000
START_DATE = pd.Timestamp(STORE_PERIOD[0])
END_DATE = pd.Timestamp(STORE_PERIOD[1])
N_DAYS = int((END_DATE - START_DATE).days) + 1
LOYALTY_LAUNCH_DAY = 184            # the loyalty program opened on 2023-01-01
# days a contact has to respond (the campaign's start to end date), by campaign type
RESPONSE_WINDOW_DAYS = {"retention": 7, "win-back": 16, "cross-sell": 14}

# acquisition channel -> (share of new customers, mean purchase rate per year, churn shift,
# price-sensitivity shift, expectation shift, cost per acquired customer EUR, lead conversion)
CHANNEL_PARAMS = {
    "search":      (0.24, 2.6, 0.00, 0.00, 0.0, 52.0, 0.15),
    "paid_social": (0.20, 1.9, 0.55, 0.10, 0.6, 88.0, 0.07),
    "email":       (0.12, 2.7, 0.00, 0.05, 0.0, 38.0, 0.22),
    "referral":    (0.15, 3.6, -0.60, -0.05, -0.3, 24.0, 0.38),
    "partner":     (0.11, 2.6, 0.00, 0.00, 0.0, 58.0, 0.18),
    "marketplace": (0.18, 2.2, 0.20, 0.12, 0.0, 46.0, 0.20),
}

# name, category, price EUR, unit cost EUR, popularity weight
PRODUCTS = [
    ("House Blend beans 250 g", "coffee beans", 9.90, 4.60, 10.0),
    ("Ethiopia Yirgacheffe beans 250 g", "coffee beans", 13.50, 6.40, 6.0),
    ("Colombia Huila beans 250 g", "coffee beans", 12.00, 5.70, 6.0),
    ("Espresso Roast beans 1 kg", "coffee beans", 32.00, 16.50, 5.0),
    ("Decaf Swiss Water beans 250 g", "coffee beans", 12.50, 6.10, 2.5),
    ("Moka grind espresso 250 g", "coffee beans", 8.90, 4.30, 1.2),
    ("Cold Brew coarse grind 500 g", "coffee beans", 15.00, 7.20, 2.0),
    ("English Breakfast tea 100 g", "tea", 7.50, 2.90, 6.0),
    ("Darjeeling First Flush 100 g", "tea", 14.00, 6.00, 3.0),
    ("Sencha green tea 100 g", "tea", 9.50, 3.90, 4.0),
    ("Earl Grey tea 100 g", "tea", 8.00, 3.10, 5.0),
    ("Chamomile herbal tea 50 g", "tea", 6.50, 2.40, 3.0),
    ("Matcha powder 30 g", "tea", 18.00, 8.50, 1.0),
    ("Rooibos vanilla 100 g", "tea", 7.00, 2.80, 2.5),
    ("Chai spice blend 100 g", "tea", 8.50, 3.40, 2.5),
    ("Pour-over dripper", "brewing equipment", 24.00, 11.00, 1.0),
    ("French press 1 l", "brewing equipment", 35.00, 17.00, 1.5),
    ("Moka pot 6 cups", "brewing equipment", 39.00, 19.50, 0.8),
    ("Hand grinder", "brewing equipment", 59.00, 31.00, 1.0),
    ("Electric burr grinder", "brewing equipment", 149.00, 92.00, 0.6),
    ("Gooseneck kettle", "brewing equipment", 69.00, 38.00, 0.8),
    ("Loose-leaf teapot", "brewing equipment", 42.00, 20.00, 0.8),
    ("Cold brew jar", "brewing equipment", 29.00, 14.00, 0.7),
    ("Paper filters (100)", "filters and spares", 5.50, 1.80, 1.2),
    ("Tea strainer", "filters and spares", 9.00, 3.20, 1.0),
    ("Bamboo matcha whisk", "filters and spares", 16.00, 6.50, 0.4),
    ("Descaler 500 ml", "filters and spares", 11.00, 4.10, 1.5),
    ("Milk frother", "accessories", 34.00, 17.00, 1.0),
    ("Digital coffee scale", "accessories", 27.00, 13.00, 0.9),
    ("Double-wall glass mugs (2)", "accessories", 22.00, 9.50, 1.5),
    ("Travel tumbler", "accessories", 19.00, 8.00, 1.5),
    ("Vanilla syrup 250 ml", "syrups and extras", 6.90, 2.60, 2.0),
    ("Caramel syrup 250 ml", "syrups and extras", 6.90, 2.60, 2.0),
    ("Honey sticks (20)", "syrups and extras", 5.90, 2.20, 1.5),
]
# (product bought, product often added to it, probability of adding it)
AFFINITY = [
    ("Pour-over dripper", "Paper filters (100)", 0.65),
    ("Matcha powder 30 g", "Bamboo matcha whisk", 0.45),
    ("Loose-leaf teapot", "Tea strainer", 0.55),
    ("Moka pot 6 cups", "Moka grind espresso 250 g", 0.55),
    ("Cold brew jar", "Cold Brew coarse grind 500 g", 0.5),
]
ORDER_CHANNELS = ["web", "app", "phone"]
TICKET_CHANNELS = ["email", "phone", "chat"]
TICKET_TOPICS = ["delivery", "product quality", "billing", "website", "other"]
CAMPAIGN_CHANNELS = ["email", "paid_social", "search", "direct mail", "partner", "referral",
                      "marketplace"]
COMPETITORS = [
    (COMPANY, 104.0, 2.4, 8.1, 7.6),
    ("BrewBarn", 92.0, 3.6, 6.9, 6.4),
    ("LeafLine", 99.0, 2.9, 7.6, 7.9),
    ("MegaMart Online", 85.0, 1.9, 6.2, 5.8),
]
# retention offer -> probability that a treated, still-active customer places an extra order
# because of the contact, for (new customers of < 180 days, established customers)
OFFER_PULL = {"discount": (0.041, 0.041), "free sample": (0.11, 0.012), "none": (0.008, 0.008)}
OFFER_DISCOUNT = {"discount": 0.15, "free sample": 0.0, "none": 0.0, "bundle": 0.10}
WINBACK_PULL = 0.08
WINBACK_LAPSE_DAYS = 300
RETENTION_COST_PER_CONTACT = 0.30
