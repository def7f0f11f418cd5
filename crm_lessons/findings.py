"""Every planted finding of the store data set, measured with the course's own helpers.

The store's README (data/store/README.md, "For instructors") and tests/test_findings.py use
these figures; this module sits above the element folders because it uses them all.
"""

from __future__ import annotations

import numpy as np

from crm_lessons import attract, clv, develop, goals, identify, retain
from crm_lessons.data import Store
from crm_lessons.schema import CHANNELS


def measure_findings(store: Store) -> dict[str, float]:
    """Measure every planted finding of the store (see data/store/README.md) with the course's
    helpers: a flat dict of named figures, used by the tests and by the README's instructor
    section.

    >>> from crm_lessons.data import load_store
    >>> figures = measure_findings(load_store())             # doctest: +SKIP
    >>> 0.55 <= figures["top20_revenue_share"] <= 0.70       # doctest: +SKIP
    True
    """
    f: dict[str, float] = {}
    for part in (_costs_and_channels, _satisfaction_and_defection, _campaigns, _value_and_lapse,
                 _funnel, _coffee_club):
        f.update(part(store))
    return f


def _costs_and_channels(s: Store) -> dict[str, float]:
    end = s.end_date
    f: dict[str, float] = {}
    f["top20_revenue_share"] = identify.revenue_concentration(s.orders, top=0.2)
    acq = attract.acquisition_cost_per_customer(s.campaigns, s.contacts, s.customers)
    ret = retain.retention_cost_per_customer(s.campaigns, s.contacts)
    f["acquisition_cost"], f["retention_cost"], f["cost_ratio"] = acq, ret, acq / ret
    cpa = attract.acquisition_cost_by_channel(s.campaigns, s.customers).set_index("channel")
    rep = attract.repeat_rate_by_channel(s.customers, s.orders, end).set_index("channel")
    for ch in ("referral", "paid_social"):
        f[f"cpa_{ch}"] = float(cpa.loc[ch, "cost_per_customer"])
        f[f"repeat_{ch}"] = float(rep.loc[ch, "share"])
    f["cpa_cheapest_other"] = float(cpa.drop(index="referral")["cost_per_customer"].min())
    f["cpa_dearest_other"] = float(cpa.drop(index="paid_social")["cost_per_customer"].max())
    f["repeat_best_other"] = float(rep.drop(index="referral")["share"].max())
    f["repeat_worst_other"] = float(rep.drop(index="paid_social")["share"].min())
    return f


def _satisfaction_and_defection(s: Store) -> dict[str, float]:
    end = s.end_date
    f: dict[str, float] = {}
    sv = s.surveys
    f["gap_satisfaction_corr"] = float(np.corrcoef(sv["perceived"] - sv["expectation"],
                                                   retain.satisfaction_score(sv["satisfaction"]))[0, 1])
    grade = retain.defection_rate(s.customers, s.defections, end, window_days=None,
                                  by=retain.latest_satisfaction(sv)).set_index("satisfaction")
    f["defection_very_disappointed"] = float(grade.loc["very disappointed", "defection_rate"])
    f["defection_very_satisfied"] = float(grade.loc["very satisfied", "defection_rate"])
    tick = retain.defection_rate(s.customers, s.defections, end, window_days=None,
                                 by=retain.ticket_resolution(s.tickets)).set_index("tickets")
    f["defection_unresolved"] = float(tick.loc["unresolved", "defection_rate"])
    f["defection_resolved"] = float(tick.loc["all resolved", "defection_rate"])
    f["defection_rate_last_year"] = float(retain.defection_rate(s.customers, s.defections, end))
    prof = retain.reason_profile(s.defections, s.customers, s.orders, s.tickets).set_index("reason")
    for reason, key in [("lower price elsewhere", "price"), ("service failure", "service"),
                        ("moved away", "moved"), ("found something better", "better"),
                        ("no longer needed", "needless")]:
        f[f"reason_share_{key}"] = float(prof.loc[reason, "share"])
    f["tickets_service_defectors"] = float(prof.loc["service failure", "mean_tickets"])
    f["tickets_other_defectors_max"] = float(prof.drop(index="service failure")["mean_tickets"].max())
    f["discount_share_price_defectors"] = float(prof.loc["lower price elsewhere", "discount_share"])
    f["discount_share_other_defectors_mean"] = float(
        prof.drop(index="lower price elsewhere")["discount_share"].mean())
    return f


def _campaigns(s: Store) -> dict[str, float]:
    f: dict[str, float] = {}
    lift = attract.campaign_lift(s.campaigns, s.contacts, by="offer",
                                 campaign_type="retention").set_index("offer")
    f["discount_lift"] = float(lift.loc["discount", "lift"])
    ten = attract.lift_by_tenure(s.campaigns, s.contacts, s.customers, offer="free sample",
                                 bins=(0, 180, None))
    f["free_sample_lift_new"] = float(ten["lift"].iloc[0])
    f["free_sample_lift_established"] = float(ten["lift"].iloc[1])
    ten_d = attract.lift_by_tenure(s.campaigns, s.contacts, s.customers, offer="discount",
                                   bins=(0, 180, None))
    f["discount_lift_new"] = float(ten_d["lift"].iloc[0])
    wb = attract.winback_reactivation(s.campaigns, s.contacts)
    f["winback_treatment"], f["winback_control"] = float(wb["treatment_rate"]), float(wb["control_rate"])
    return f


def _value_and_lapse(s: Store) -> dict[str, float]:
    end = s.end_date
    f: dict[str, float] = {}
    pairs = develop.pair_lift(s.order_lines, min_orders=50)
    f["pairs_lift_3_plus"] = float((pairs["lift"] >= 3).sum())
    f["top_pair_lift"] = float(pairs["lift"].iloc[0])
    by_year = develop.profit_by_relationship_year(s.orders, s.order_lines, s.products, s.customers,
                                                s.tickets, end_date=end)
    for _, row in by_year.iterrows():
        f[f"profit_year_{int(row['year'])}"] = float(row["profit_per_customer"])
    cp = develop.customer_profit(s.orders, s.order_lines, s.products, s.tickets)
    f["unprofitable_share"] = develop.unprofitable_share(cp)
    loy = retain.loyalty_frequency(s.customers, s.orders, end).set_index("period")["orders_per_year"]
    f["freq_non_members"] = float(loy["non-members"])
    f["freq_members_before"] = float(loy["members before joining"])
    f["freq_members_after"] = float(loy["members after joining"])
    silent = develop.silent_lapsers(s.customers, s.orders, s.defections, end)
    f["silent_lapsers"] = float(len(silent))
    f["silent_share_of_customers"] = len(silent) / len(s.customers)
    f["stated_defections"] = float(len(s.defections))
    f["retention_last_year"] = goals.yearly_retention(s.orders, end)     # measured on orders
    split = goals.stated_and_silent(s.orders, s.defections, end).iloc[-1]
    f["silent_share_of_lapsed"] = float(split["silent_share"])
    f["fixable_reason_share"] = goals.fixable_share(s.defections)
    f.update(_contact_fatigue(s))
    return f


def _contact_fatigue(s: Store) -> dict[str, float]:
    """Finding 14: unsubscribes and complaints rise with the contacts of the past year."""
    fat = develop.fatigue_by_frequency(s.contacts.dropna(subset=["customer_id"]))
    fat = fat.set_index("contacts_in_year")
    first, late = fat.loc[1], fat[fat.index >= 6]
    late_rate = float((late["unsubscribe_rate"] * late["contacts"]).sum() / late["contacts"].sum())
    return {"unsubscribe_first_contact": float(first["unsubscribe_rate"]),
            "unsubscribe_sixth_plus": late_rate,
            "complaint_first_contact": float(first["complaint_rate"]),
            "complaint_sixth_plus": float((late["complaint_rate"] * late["contacts"]).sum()
                                          / late["contacts"].sum()),
            "contacts_without_opt_in": float(develop.opt_in_breaches(s.contacts, s.customers))}


def _funnel(s: Store) -> dict[str, float]:
    f: dict[str, float] = {}
    fun = attract.funnel_by_source(s.prospects, s.customers, s.orders).set_index("source")
    for src in CHANNELS:
        f[f"conversion_{src}"] = float(fun.loc[src, "customer_rate"])
        f[f"advocate_rate_{src}"] = float(fun.loc[src, "advocate_rate"])
    return f


def _coffee_club(s: Store) -> dict[str, float]:
    """The coffee club's monthly members who joined in its first year: retention rises with
    tenure, and a constant rate fitted on the first year understates who is left later."""
    f: dict[str, float] = {}
    table = retain.renewal_survivors(s.subscriptions, s.end_date, "monthly")
    rate = table.set_index("period")["retention_rate"]
    f["club_retention_first_month"] = float(rate.iloc[1])
    f["club_retention_second_year"] = float(rate.iloc[13:25].mean())
    first_year = table["active"].iloc[:13]
    model = clv.fit_sbg(first_year)
    last = int(table["period"].iloc[-1])
    f["club_last_period"] = float(last)
    f["club_observed_last"] = float(table["active"].iloc[-1])
    f["club_sbg_last"] = float(model.survival([last])[0] * table["active"].iloc[0])
    f["club_constant_last"] = float(table["active"].iloc[0]
                                    * retain.constant_rate(first_year) ** last)
    return f
