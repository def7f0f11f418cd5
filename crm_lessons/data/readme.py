"""The README texts written next to the data: the store's data dictionary with its planted
findings, and the hospital case's. The figures come in as arguments (measured by
crm_lessons.findings and the element helpers, one layer up), so that every README always
matches the data it describes."""

from __future__ import annotations

import pandas as pd

from crm_lessons.data.hospital_schema import (
    COMMON_TREND,
    COMPARISON_HOSPITAL,
    CONTACT_AREAS,
    HOSPITAL_SEED,
    HOSPITAL_TABLES,
    PROGRAM_EFFECT,
    PROGRAM_HOSPITAL,
)
from crm_lessons.data.simulate.params import DEFAULT_SEED, END_DATE, START_DATE
from crm_lessons.data.simulate.surveys import FOLLOW_UP_SHARE
from crm_lessons.data.store import Store
from crm_lessons.data.tables import CATEGORY_LEVELS
from crm_lessons.schema import CHANNELS, COMPANY, STORE_TABLES

HOW_GENERATED = f"""\
Every customer first gets hidden traits: a purchase rate (orders per year, gamma-distributed
and higher for referred customers), what they expect from the shop and how they perceive
what they get (1-7), how sensitive they are to price, and whether they tend to send goods
back. Outcomes follow from these causes:

- **leaving**: each customer has a hazard of dropping out that rises with disappointment
  (perceived minus expected), price sensitivity and the paid-social channel, falls for
  referred customers, and jumps after a support ticket that is not resolved. Some of those who
  leave tell the company why (the reason follows their cause), the others just stop buying;
- **orders**: the first order on the sign-up date, then orders at the customer's rate, which
  grows with tenure, until they leave; members of the loyalty program (heavier buyers join
  more often) buy more after joining. Baskets hold a few products, and five products pull in
  a companion product (a dripper and its filters, for example);
- **discounts and returns**: price-sensitive customers use promotions more often; a few
  serial returners send much back;
- **campaigns**: quarterly retention e-mails (discount, free sample or no offer),
  win-back mailings every four months to customers silent for 300 days or more, and two cross-sell
  bundles, each with a randomised control group (half the list for retention and win-back,
  a fifth for cross-sell) that is not contacted. An offer makes some treated customers buy
  within the campaign's dates; `responded` says whether a contact bought between the
  campaign's start and end dates, whatever the reason, so the control group shows what
  would have happened anyway. Acquisition spend per channel and quarter follows the cost of
  winning a customer in that channel; acquisition campaigns (ads, marketplace fees, referral
  rewards) are not recorded contact by contact, so `contacts.prospect_id` stays empty and
  new customers are attributed to them by channel and date;
- **tickets, surveys, leads**: tickets arrive while a customer is active; about 45% of
  customers answer a survey, whose grade follows perceived minus expected, and {FOLLOW_UP_SHARE:.0%} of them are
  asked again 4 to 16 months later (a follow-up survey, drawn from a random stream of its own
  so that the other tables do not change): those who are still customers then answer a
  second time; about half of the customers were recorded as leads before buying, next to many
  leads who never bought;
- **the coffee club** (`subscriptions`, from 2023-01-01, drawn from a random stream of its own
  so that the other tables do not change): about a fifth of the customers take out a
  membership renewed each month (three in four) or each year. Each member has a chance of
  their own to cancel at each renewal, drawn from a beta distribution, so the club's retention
  rate rises with tenure: the likeliest leavers go first.
"""


def column_unit(kind: str, meaning: str, column: str) -> str:
    """The unit a data dictionary shows for a column, read from its kind, name and meaning.

    >>> column_unit("float", "revenue in EUR", "revenue")
    'EUR'
    """
    if "EUR" in meaning:
        return "EUR"
    if kind == "date":
        return "date (YYYY-MM-DD)"
    if "hours" in column:
        return "hours"
    if "days" in column:
        return "days"
    if "1 (low) to 7" in meaning or "1 to 7" in meaning:
        return "scale 1-7"
    if "1 to 10" in meaning:
        return "scale 1-10"
    if "0 to 10" in meaning:
        return "scale 0-10"
    if "100 = market" in meaning:
        return "index"
    return ""


def tables_markdown(tables: dict[str, pd.DataFrame], spec: dict, kinds_note: bool = True) -> str:
    """The data dictionary in Markdown: one table of columns per data table."""
    out = []
    for table, cols in spec.items():
        out.append(f"### `{table}` ({len(tables[table]):,} rows)\n")
        out.append("| column | type | unit | meaning |\n| --- | --- | --- | --- |")
        for col, (kind, meaning) in cols.items():
            levels = CATEGORY_LEVELS.get((table, col))
            extra = f" Values: {', '.join(levels)}." if levels and kind == "category" else ""
            out.append(f"| `{col}` | {kind} | {column_unit(kind, meaning, col)} | {meaning}.{extra} |"
                       .replace("..", "."))
        out.append("")
    return "\n".join(out)


def store_readme(store: Store, findings: dict[str, float], pairs: pd.DataFrame) -> str:
    """The text of data/store/README.md for `store`: data dictionary, how the data were made,
    and the instructors' section with every planted finding measured on this very data.

    Parameters
    ----------
    store : Store
        The data the README describes.
    findings : dict
        ``crm_lessons.findings.measure_findings(store)``.
    pairs : DataFrame
        ``develop.pair_lift(store.order_lines, min_orders=50, products=store.products)``.

    `crm-lessons make-data` writes it next to the tables, so its figures always match them.

    >>> from crm_lessons.make_data import store_readme_for   # doctest: +SKIP
    >>> store_readme_for(load_store()).startswith("# Steep & Grind")   # doctest: +SKIP
    True
    """
    seed_text = (f"seed {store.seed}" + (" (the shipped data)" if store.seed == DEFAULT_SEED else ""))
    return (_store_intro(store.tables()) + _store_making(seed_text)
            + _findings_one_to_seven(findings) + _findings_eight_on(findings, pairs))


def _store_intro(t: dict[str, pd.DataFrame]) -> str:
    return f"""# {COMPANY}: the store data set

**{COMPANY}** is a fictional online shop for specialty coffee and tea supplies (beans, loose
tea, brewing equipment, filters, accessories). This folder holds its customer data from
{START_DATE.date()} to {END_DATE.date()} (`store.end_date`, "today" for recency): {len(t['customers']):,}
customers, {len(t['orders']):,} orders, their campaigns, service tickets, surveys and
defections. The data are synthetic: no row describes a real person. They were simulated so
that the effects the lessons teach are really in them (see "For instructors" below).

## Files and loading

One CSV file per table (comma-separated, header row, dates as YYYY-MM-DD, empty cell =
missing) and `store.sqlite`, one SQLite database with the same tables, primary keys and
foreign keys.

```python
from crm_lessons import load_store
store = load_store()          # store.customers, store.orders, ..., store.connect() for SQL
```

`load_store(seed=7)` (or the environment variable `CRM_LESSONS_SEED=7`) gives your own
variant of the shop, generated in memory in well under a second: the same findings at
slightly different values, so that no two students share answers.

Money is in euros (EUR). Ids are whole numbers; a missing id (a customer nobody referred, an
order with no campaign) is an empty cell.

## Tables

{tables_markdown(t, STORE_TABLES)}
{_surveys_note(t['surveys'])}
"""


def _surveys_note(surveys: pd.DataFrame) -> str:
    """How many customers answered twice, and how to take one answer per customer."""
    answers = surveys["customer_id"].value_counts()
    twice = int((answers > 1).sum())
    return f"""### Customers who answered twice

A row of `surveys` is one answer, not one customer: {len(answers):,} customers gave
{len(surveys):,} answers. {twice:,} of them ({twice / len(answers):.0%} of those who answered)
also answered the follow-up survey, 4 to 16 months after their first answer; `survey_date`
tells the two apart. Count customers with `store.surveys["customer_id"].nunique()`, not
`len(store.surveys)`. Where one answer per customer is needed, the course takes each
customer's latest one (`goals.latest_surveys(store.surveys)`, used by `goals.advocates`,
`goals.share_of_wallet`, `retain.latest_satisfaction` and
`identify.segment_survey_profile`); in pandas:

```python
latest = (store.surveys.sort_values(["customer_id", "survey_date"])
          .drop_duplicates("customer_id", keep="last"))
```

`goals.quality_gap` and `retain.satisfaction_by_gap` describe answers, so they count every
answer; the single customer view counts each customer's answers (`n_surveys`) and averages
their `recommend` (`mean_recommend`).
"""


def _store_making(seed_text: str) -> str:
    return f"""## How the data were made

Generated with {seed_text} by

```
crm-lessons make-data data/store          # add --seed N for another variant, --force to overwrite
```

which rewrites these files byte for byte (a test checks it; SQLite stamps its own version in
the database header, so with another SQLite version only those eight bytes differ). The
simulation is in
`crm_lessons/data/simulate/` (numpy, fully vectorised).

{HOW_GENERATED}
"""


def _findings_one_to_seven(f: dict[str, float]) -> str:
    pct = "{:.0%}".format
    return f"""## For instructors: the planted findings

Each effect below comes from the causes above, not from editing outcomes. The figures are
measured on this data with the course's own helpers (`crm_lessons.findings.measure_findings`
computes them all; this section is written by `make-data` from the data, and
`tests/test_findings.py` checks every finding for the shipped data and two other seeds).

1. **Revenue is concentrated**: the top 20% of customers bring {pct(f['top20_revenue_share'])}
   of revenue (`identify.revenue_concentration(store.orders, top=0.2)`).
2. **Winning costs more than keeping**: acquisition costs EUR {f['acquisition_cost']:.2f} per
   new customer against EUR {f['retention_cost']:.2f} per kept customer, {f['cost_ratio']:.1f} times as
   much (`attract.acquisition_cost_per_customer`, `retain.retention_cost_per_customer`).
3. **Referral is the best channel, paid social the worst**: a referred customer costs
   EUR {f['cpa_referral']:.2f} to win and {pct(f['repeat_referral'])} still buy after a year; a paid-social
   customer costs EUR {f['cpa_paid_social']:.2f} and {pct(f['repeat_paid_social'])} still buy
   (`attract.acquisition_cost_by_channel`, `attract.repeat_rate_by_channel`).
4. **Satisfaction follows perceived minus expected**: the correlation between the gap and the
   satisfaction grade is {f['gap_satisfaction_corr']:.2f}; {pct(f['defection_very_disappointed'])} of the very
   disappointed have defected against {pct(f['defection_very_satisfied'])} of the very satisfied,
   {f['defection_very_disappointed'] / f['defection_very_satisfied']:.1f} times as often
   (`retain.satisfaction_by_gap`; `retain.defection_rate(..., by=retain.latest_satisfaction(store.surveys), window_days=None)`).
5. **Unresolved tickets drive customers away**: {pct(f['defection_unresolved'])} of customers with an
   unresolved ticket have defected against {pct(f['defection_resolved'])} of those whose tickets were all
   resolved ({f['defection_unresolved'] / f['defection_resolved']:.1f} times;
   `retain.defection_rate(..., by=retain.ticket_resolution(store.tickets), window_days=None)`).
6. **Each stated reason has a cause in the data**: lower price elsewhere {pct(f['reason_share_price'])},
   service failure {pct(f['reason_share_service'])}, found something better {pct(f['reason_share_better'])},
   no longer needed {pct(f['reason_share_needless'])}, moved away {pct(f['reason_share_moved'])}. Service-failure
   defectors had {f['tickets_service_defectors']:.2f} tickets each (other reasons at most
   {f['tickets_other_defectors_max']:.2f}); price defectors got {pct(f['discount_share_price_defectors'])} of their order
   value as discounts (other reasons {pct(f['discount_share_other_defectors_mean'])} on average) (`retain.reason_profile`).
7. **Randomised campaigns**: the discount e-mail lifts the purchase rate by
   {100 * f['discount_lift']:.1f} points over its control group; the free sample lifts new customers
   (under 180 days) by {100 * f['free_sample_lift_new']:.1f} points but established ones by only
   {100 * f['free_sample_lift_established']:.1f}; the win-back mailing reactivates {100 * f['winback_treatment']:.1f}% of
   lapsed customers against {100 * f['winback_control']:.1f}% in its control group
   (`attract.campaign_lift`, `attract.lift_by_tenure`, `attract.winback_reactivation`).
"""


def _findings_eight_on(f: dict[str, float], pairs: pd.DataFrame) -> str:
    pct = "{:.0%}".format
    years = sorted(int(k.rsplit("_", 1)[1]) for k in f if k.startswith("profit_year_"))
    profit_years = ", ".join(f"year {y}: EUR {f[f'profit_year_{y}']:.2f}" for y in years)
    top_pairs = "; ".join(f"{r.product_a_name} + {r.product_b_name} (lift {r.lift:.1f}, "
                          f"{r.orders_together} orders)"
                          for r in pairs[pairs["lift"] >= 3].itertuples())
    conv = {c: f[f"conversion_{c}"] for c in CHANNELS}
    return f"""8. **Product affinities**: {int(f['pairs_lift_3_plus'])} pairs bought together in 50 orders or more have a
   lift of 3 or more: {top_pairs} (`develop.pair_lift`).
9. **Profit per customer grows with the relationship**: profit per active customer by year of
   relationship (years seen in full): {profit_years}
   (`develop.profit_by_relationship_year`).
10. **Unprofitable customers**: {pct(f['unprofitable_share'])} of customers lose the company money once
    discounts, returns and service cost are counted (`develop.customer_profit`,
    `develop.unprofitable_share`).
11. **Loyalty members buy more, partly because heavy buyers join**: non-members place
    {f['freq_non_members']:.1f} repeat orders a year; members placed {f['freq_members_before']:.1f} a year before
    joining and {f['freq_members_after']:.1f} after (`retain.loyalty_frequency`). Comparing members with
    non-members overstates the program's effect.
12. **Silent lapsers**: {int(f['silent_lapsers']):,} customers ({pct(f['silent_share_of_customers'])}) have not bought for a
    year and never said they left, next to {int(f['stated_defections']):,} stated defections
    (`develop.silent_lapsers`).
13. **The funnel differs by source**: the share of leads who become customers ranges from
    {pct(conv['paid_social'])} (paid social) to {pct(conv['referral'])} (referral); referral leads also become
    advocates most often ({pct(f['advocate_rate_referral'])} of their repeat customers referred someone)
    (`attract.funnel_by_source`).
14. **Contact fatigue**: the more contacts a customer got in the past year, the likelier the
    next one makes them unsubscribe or complain: {f['unsubscribe_first_contact']:.1%} unsubscribe at the first contact
    of a year, {f['unsubscribe_sixth_plus']:.1%} from the sixth on (complaints: {f['complaint_first_contact']:.1%} and
    {f['complaint_sixth_plus']:.1%}). The cause is planted on the count of messages sent alone (a control-group row
    was never sent, so it carries no unsubscribe or complaint), drawn from a stream of
    its own (`crm_lessons.data.simulate.fatigue`); {int(f['contacts_without_opt_in']):,} win-back letters went to
    customers without a marketing opt-in (`develop.fatigue_by_frequency`, `develop.opt_in_breaches`).
15. **Coffee-club retention rises with tenure**: of the monthly members who joined in the
    club's first year, {pct(f['club_retention_first_month'])} renewed after the first month, and
    {pct(f['club_retention_second_year'])} a month on average in their second year: members differ in their
    chance to cancel, so the likeliest leavers go first. Fitted on the first year, one constant
    rate expects {f['club_constant_last']:.0f} of them after {int(f['club_last_period'])} months, the
    shifted-beta-geometric model {f['club_sbg_last']:.0f}; {int(f['club_observed_last'])} were still
    members (`retain.renewal_survivors`, `clv.fit_sbg`, `retain.constant_rate`).

The campaign lifts (finding 7) come from randomised control groups, so students can read them
as causal effects; the loyalty comparison (finding 11) and the channel comparison (finding 3)
cannot: there, who joins or which channel brings whom is not random.
"""


def hospital_readme(patients: pd.DataFrame, effects: dict[str, dict]) -> str:
    """The text of data/hospital/README.md, with the program's effect measured on `patients`.

    `effects` maps each contact area, "overall" and "came_back" to
    ``retain.diff_in_diff(patients, column, "program_hospital", "period", True, "after")``
    (``crm_lessons.make_data.hospital_readme_for`` computes them and writes the file next to
    the data, so the figures always match).
    """
    did = effects
    rows = "\n".join(f"| {col} | {PROGRAM_EFFECT.get(col, float('nan')):+.2f} | "
                     f"{did[col]['treated_after'] - did[col]['treated_before']:+.2f} | "
                     f"{did[col]['effect']:+.2f} |" for col in CONTACT_AREAS)
    back = did["came_back"]
    dictionary = tables_markdown({"patients": patients}, HOSPITAL_TABLES)
    return f"""# The hospital case: patients are customers too

The capstone's case (lesson 06). A community hospital in the US Midwest, here called
**{PROGRAM_HOSPITAL}**, ran a six-month "Guest Relations" program for first-time patients
from 1993-01-01 to 1993-06-30: everyone who meets a patient, from the security staff and the
nurses to the doctors, the facilities team and the kitchen and cafeteria, worked on how
patients and their families feel about their stay. The question: do they come back for
their next health-care need? **{COMPARISON_HOSPITAL}**, a similar hospital nearby that did
not run the program, serves as the comparison.

The data are synthetic (no real patient): {len(patients):,} first-time patients, about a
quarter in each hospital and period ("before" = 1992-07-01 to 1992-12-31, "after" = the
program's six months), with their ratings of each contact area and whether they came back.

```python
from crm_lessons import load_hospital
from crm_lessons.retain import diff_in_diff
patients = load_hospital()
diff_in_diff(patients, "came_back", "program_hospital", "period", treated=True, after="after")
```

## Columns

{dictionary}
## How the data were made

`crm_lessons.data.generate_hospital` (seed {HOSPITAL_SEED}); rewrite the files with
`python -c "from crm_lessons.make_data import make_hospital; make_hospital('data/hospital')"`.
Each rating is a patient's general mood plus the area's usual level, a small rise in both
hospitals over time (everywhere ratings drifted up by {COMMON_TREND:.2f} points), and, only at
{PROGRAM_HOSPITAL} after the program started, the program's effect on that area. The program
hospital started a little lower (that is why it acted). Coming back depends only on how
satisfied the patient was overall, so the program changes returns through satisfaction.

## For instructors: the planted effect and what a difference-in-differences recovers

| area | planted effect (points, 1-5 scale) | before/after change at the program hospital | difference-in-differences |
| --- | --- | --- | --- |
{rows}

Patients who came back: {PROGRAM_HOSPITAL} {back['treated_before']:.1%} before and
{back['treated_after']:.1%} after; {COMPARISON_HOSPITAL} {back['comparison_before']:.1%} and
{back['comparison_after']:.1%}. The program's estimated effect on returns is
{100 * back['effect']:+.1f} points (difference-in-differences); the naive before/after change at the program
hospital alone, {100 * (back['treated_after'] - back['treated_before']):+.1f} points, also counts the
drift that the comparison hospital shows without any program. Overall satisfaction rose by
{did['overall']['effect']:+.2f} points because of the program.
"""
