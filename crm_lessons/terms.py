"""The course's glossary: every term a lesson sets in bold, with a one-line definition and the
lesson that introduces it.

``crm_lessons.glossary()`` shows the whole table in a notebook; ``glossary("RFM")`` one entry.
A test reads the lessons and fails when a bold phrase is neither a term here nor listed in
``EMPHASIS`` (words set in bold only for stress, with the reason).
"""

from __future__ import annotations

import re

import pandas as pd

from crm_lessons.errors import CRMDataError

# term, lesson that introduces it, definition, other spellings the lessons use
TERMS: list[tuple[str, str, str, tuple[str, ...]]] = [
    # ---- 00: the course and the notebooks --------------------------------------------------
    ("customer relationship management (CRM)", "00",
     "Running a business around its relationships with customers: knowing them, winning the "
     "right ones, keeping them and growing what they buy, with the data to steer by.",
     ("crm",)),
    ("customer identification", "00",
     "The first element of CRM: finding out who the customers are, what they are worth and "
     "which groups deserve which effort.", ("identify", "identification")),
    ("customer attraction", "00",
     "The second element: winning the customers of the chosen target groups at a sensible cost.",
     ("attract", "attraction")),
    ("customer retention", "00",
     "The third element: keeping customers buying, by satisfying them and noticing early when "
     "they drift away.", ("retain", "retention")),
    ("customer development", "00",
     "The fourth element: growing what each kept customer buys (more often, more items, better "
     "margins).", ("develop", "development")),
    ("code cell", "00", "A box of Python in a notebook; Shift+Enter runs it and shows its result "
     "underneath.", ("code cells",)),
    ("Shift+Enter", "00", "The keys that run the selected cell and move on to the next one.", ()),
    ("Restart Kernel and Run All Cells", "00",
     "The Kernel menu's command that forgets everything and runs the notebook again from the "
     "top: the cure when cells were run out of order.", ("kernel → restart kernel and run all cells",)),
    ("blank", "00", "The `____` an exercise cell leaves for you to replace with your answer.", ()),
    ("referral", "00", "A new customer who came because an existing customer recommended the shop.",
     ()),
    ("store data set", "00", "The course's sample data: the customers, orders, campaigns, tickets "
     "and surveys of the fictional coffee-and-tea shop, in CSV files and one SQLite database.",
     ("store",)),
    ("CDNOW data set", "00", "Real purchase records of customers of a former online CD shop, "
     "used to fit lifetime-value models.", ("cdnow",)),
    ("hospital case", "00", "The data of two hospitals, one of which began to treat its "
     "patients as guests, for judging whether such a programme pays off.", ("hospital",)),
    # ---- 00b: the Python primer ------------------------------------------------------------
    ("DataFrame", "00b", "A table in pandas: rows and named columns, like one sheet of a "
     "workbook.", ("dataframes",)),
    ("Series", "00b", "One column of a DataFrame: its values with the row labels beside them.",
     ()),
    ("row label", "00b", "The name pandas gives a row (0, 1, 2, ... or an id); .loc reads by "
     "label, .iloc by position.", ("row labels",)),
    ("quotes around text", "00b", "Column names and text values are written in quotes, "
     "\"revenue\" or 'app'; numbers and variable names without.", ()),
    ("SUM and AVERAGE", "00b", "The spreadsheet's totals of a column: .sum() and .mean() in "
     "pandas, SUM() and AVG() in SQL.", ()),
    ("boolean mask", "00b", "A column of True/False, one per row, made by a comparison such as "
     "orders[\"revenue\"] > 100; table[mask] keeps the True rows.", ("mask",)),
    ("AutoFilter", "00b", "The spreadsheet's row filter; in pandas table[mask], in SQL WHERE.",
     ()),
    ("COUNTIF / COUNT", "00b", "The share of rows that pass a test; in pandas the .mean() of a "
     "boolean mask, as True counts 1 and False 0.", ()),
    ("Data → Sort", "00b", "The spreadsheet's sort; in pandas sort_values(column), "
     "ascending=False from the largest down.", ()),
    ("MATCH of MAX", "00b", "Finding the row that holds the largest value; in pandas .idxmax(), "
     "which returns that row's label.", ()),
    ("pivot table", "00b", "One row per group with a summary per column; in pandas "
     "groupby(...).agg(...), in SQL GROUP BY.", ("pivot tables",)),
    ("named aggregation", "00b", "Naming each summary column in agg: .agg(orders=(\"order_id\", "
     "\"count\")).", ()),
    ("calculated column", "00b", "A column worked out from others by a formula; in pandas "
     ".assign(name=...).", ()),
    ("VLOOKUP / XLOOKUP", "00b", "Fetching facts from a second table by a shared id; in pandas "
     "merge(..., on=id), in SQL JOIN ... ON.", ()),
    ("COUNTA of UNIQUE", "00b", "How many different values a column holds; in pandas .nunique(), "
     "in SQL COUNT(DISTINCT column).", ()),
    # ---- 01: what CRM is for ---------------------------------------------------------------
    ("single face to the customer", "01",
     "The aim that a customer meets one company that knows them, whichever department or "
     "channel they contact.", ()),
    ("people, processes and technology", "01",
     "The three things CRM needs together: staff who act on customer knowledge, ways of working "
     "built around customers, and systems that hold the data.", ("people", "processes",
                                                                 "technology")),
    ("single customer view", "01",
     "One table with one row per customer that gathers what every department knows about them.",
     ()),
    ("SQL", "01", "The language for asking questions of a database: SELECT columns FROM a table "
     "WHERE a condition holds, GROUP BY a key.", ()),
    ("share of wallet", "01",
     "The part of a customer's total spending in a category that goes to this company rather "
     "than to its competitors.", ()),
    ("operational CRM", "01", "CRM that runs the daily contact with customers: sales, service, "
     "marketing campaigns.", ()),
    ("collaborative CRM", "01", "CRM that shares customer knowledge across departments, channels "
     "and partners so they act as one.", ()),
    ("analytical CRM", "01", "CRM that studies customer data to learn who is worth what and what "
     "to do next.", ()),
    ("stance", "01", "Whether a CRM task waits for the customer to act (reactive) or acts first "
     "(proactive).", ()),
    ("reactive", "01", "A task that starts when the customer gets in touch, such as answering a "
     "complaint.", ()),
    ("proactive", "01", "A task the company starts before the customer asks, such as contacting "
     "a customer who has stopped buying.", ()),
    ("acquisition cost per new customer", "01",
     "What the acquisition campaigns cost, divided by the customers they brought in.", ()),
    ("retention cost per kept customer", "01",
     "What keeping customers costs (retention campaigns, service), divided by the customers kept.",
     ()),
    ("advocate", "01", "A customer who speaks up for the company: here, one whose latest survey "
     "rates 'would you recommend us' 9 or 10, or who has already brought in another customer.",
     ("advocates",)),
    ("retention rate", "01", "Of the customers who bought in one year, the share who bought "
     "again the next year, measured on orders (over another period, such as a month, it is the "
     "same idea at another length).", ()),
    ("stated defection", "01", "A customer telling the company they are leaving, usually with a "
     "reason.", ("stated defections",)),
    ("silent lapsing", "01", "A customer simply stopping buying without saying so; only the "
     "orders show it.", ("silent lapse", "lapsing silently")),
    ("loyalty ladder", "01", "The steps from prospect to customer, repeat customer and advocate, "
     "which CRM tries to move people up.", ()),
    ("total quality marketing", "01",
     "Measuring quality as customers see it and improving it against competitors, so that it "
     "brings satisfaction, loyalty and profit.", ()),
    ("quality score", "01", "A company's average rating on the qualities customers care about: "
     "here the mean of perceived product and service quality, each 1 to 10.", ()),
    ("relative quality index", "01",
     "A company's quality score divided by the competitors' average, times 100: above 100 means "
     "better than the market.", ()),
    ("price index", "01", "A company's price level divided by the market average, times 100.", ()),
    ("levels of relationship marketing", "01",
     "How much of a relationship a company builds, from a plain sale to a partnership, chosen "
     "by how many customers it has and how much each is worth.", ()),
    ("lifetime value", "01",
     "What a customer is expected to bring the company over the whole relationship, in today's "
     "money, after costs.", ("customer lifetime value", "clv")),
    ("cost stream", "01", "The costs a customer brings over time (winning them, serving them, "
     "discounts, returns), set against the margin they bring.", ()),
    # ---- 02: customer identification -------------------------------------------------------
    ("target group", "02", "A set of customers or prospects chosen to receive one kind of offer "
     "or effort.", ("target groups",)),
    ("quantitative data", "02", "Facts that are counted or measured: orders, amounts, dates.", ()),
    ("qualitative data", "02", "Descriptions and opinions: reasons given, interview answers, "
     "comments.", ()),
    ("customer segmentation", "02",
     "Splitting customers into groups that are alike inside and different from each other, so "
     "each group can be treated in its own way.", ()),
    ("market research", "02", "Collecting information about customers and competitors, by "
     "surveys, interviews or observation.", ()),
    ("target-group analysis", "02",
     "Working out which groups of customers are worth aiming at, and with what.", ()),
    ("concentration curve", "02",
     "A chart of the share of revenue against the share of customers, best customers first: the "
     "steeper its start, the more a few customers matter.", ()),
    ("value tiers", "02", "Customers ranked by revenue and cut into groups: here the top 20% "
     "are gold, the next 30% silver, the rest bronze.", ("gold", "silver", "bronze")),
    ("RFM", "02", "Describing each customer by recency, frequency and monetary value, usually as "
     "scores from 1 to 5.", ()),
    ("recency (R)", "02", "How long ago a customer last bought: the more recent, the higher the "
     "score.", ("recency",)),
    ("frequency (F)", "02", "How many orders a customer has placed.", ("frequency",)),
    ("monetary value (M)", "02", "How much a customer has spent in all.", ("monetary value",)),
    ("quintile", "02", "One fifth of a ranked list: the first quintile holds the lowest 20%.",
     ("quintiles",)),
    ("rule table", "02", "A table of conditions on the scores, one row per segment; the first "
     "row a customer matches names their segment.", ()),
    ("FM score", "02", "The frequency and monetary scores averaged and rounded into one, as "
     "both say how much a customer buys.", ()),
    ("segment map", "02", "A grid of recency score against FM score, coloured by the segment "
     "each cell belongs to.", ()),
    ("service need", "02", "How much support a customer uses: here the handling cost of their "
     "tickets per order, high when above the shop's average.", ()),
    ("index", "02", "A share within a group divided by the same share among all customers, "
     "times 100: 100 is as common as anywhere, 150 half as common again.", ()),
    ("profile", "02", "A comparison of one group of customers with all of them, attribute by "
     "attribute, read through an index.", ()),
    ("k-means", "02", "A method that puts customers into k groups so that each customer is close "
     "to the centre of their group.", ()),
    ("standardise", "02", "Rescale a column to mean 0 and standard deviation 1, so columns "
     "measured in different units weigh alike.", ()),
    ("log-transform", "02", "Replace values by their logarithm, which pulls in a long tail of "
     "very large values.", ()),
    ("inertia", "02", "k-means' total squared distance of customers to their group centres: "
     "smaller is tighter.", ()),
    ("silhouette", "02", "A score from -1 to 1 of how much closer each customer is to their own "
     "group than to the next: higher means clearer groups.", ()),
    # lesson 03
    ("prospect", "03", "Someone who has shown interest in the company (a lead) but has not "
     "bought yet.", ("prospects", "lead", "leads")),
    ("qualify", "03", "Judge whether a prospect is likely to buy and worth the effort of "
     "winning.", ()),
    ("first-year margin", "03", "The revenue of a customer's orders in their first 365 days "
     "minus the cost of the goods in them (EUR).", ()),
    ("payback period", "03", "The months a new customer's margin takes to repay what it cost "
     "to win them.", ()),
    ("referral chain", "03", "The customers an advocate referred, the customers those "
     "referred, and so on.", ()),
    ("control group", "03", "Customers drawn at random from a campaign's list and not "
     "contacted, to show what the others would have done without it.", ()),
    ("response rate", "03", "The share of a group who bought during a campaign's window.", ()),
    ("uplift", "03", "The treated group's response rate minus the control group's: what the "
     "campaign caused.", ()),
    ("95% confidence interval", "03", "The range of values that fit the data at the 95% "
     "level: a sample drawn again would give an interval covering the true value 19 times "
     "in 20.", ()),
    ("two-proportion test", "03", "A test of whether two response rates differ by more than "
     "chance; its p-value is small when they do.", ()),
    ("incremental responses", "03", "The purchases a campaign added: the uplift times the "
     "treated customers.", ()),
    ("return on investment (ROI)", "03", "Incremental margin minus cost, divided by cost: 0 "
     "means the campaign just paid for itself.", ("roi", "return on investment")),
    ("promotion", "03", "A temporary offer, such as a discount, that lowers the price of "
     "something the customer knows.", ()),
    ("free sample", "03", "A small amount of a product given away so that people can try it.",
     ()),
    ("engagement signals", "03", "What a prospect did before buying: e-mails opened, site "
     "visits, a sample requested.", ()),
    ("logistic regression", "03", "A model that turns a few signals into a chance between 0 "
     "and 1 of a yes-or-no outcome, such as buying.", ()),
    ("gains chart", "03", "The share of all conversions reached against the share of "
     "prospects contacted, best-scored first.", ()),
    ("benchmarking", "03", "Comparing the company with its competitors on what customers "
     "weigh: price, delivery, product, service.", ()),
    ("competitive advantage", "03", "A lead over competitors that customers notice and value, "
     "and that the company can hold.", ()),
    ("win-back campaign", "03", "A campaign aimed at former customers who have stopped "
     "buying.", ()),
    ("break-even uplift", "03", "The smallest uplift that pays for a campaign: the cost per "
     "contact divided by the margin per response.", ()),
    # lesson 05
    ("room to grow", "05", "What a customer spends in the category at other shops: their "
     "category spend minus what they spend with us.", ()),
    ("cross-selling", "05", "Leading a customer to another product that goes with what they buy.",
     ("cross-sell", "cross-sells")),
    ("up-selling", "05", "Leading a customer to a better, dearer version of what they buy.",
     ("up-sell",)),
    ("support", "05", "The share of all orders that hold both products of a pair.", ()),
    ("confidence", "05", "Of the orders holding product A, the share that also hold product B.",
     ()),
    ("lift", "05", "A pair's support divided by what independent choices would give: above 1, "
     "the products are bought together more often than chance.", ()),
    ("bundle", "05", "Two or more products sold together at one price, below the sum of their "
     "prices.", ("bundles",)),
    ("break-even take-up rate", "05", "The share of single-item buyers who must take a bundle "
     "for it to earn as much margin as selling the items apart.", ()),
    ("unsubscribed", "05", "A customer who asked, at a contact, to receive no more marketing.",
     ("unsubscribe",)),
    ("complained", "05", "A customer who complained about a contact (too many messages, "
     "unwanted mail).", ("complaint",)),
    ("marketing opt-in", "05", "A customer's agreement to receive marketing messages; without it "
     "the shop must not send them.", ("opt-in",)),
    ("contact cap", "05", "The most marketing contacts a customer gets in a year, set where "
     "one more message stops paying for the customers it drives away.", ()),
    ("cohort view", "05", "Lifetime value measured without a model: what the customers won in "
     "one period spent per head, period after period.", ()),
    ("BG/NBD", "05", "A model of repeat buying: an active customer buys at their own steady "
     "rate and, after each purchase, may leave for good unseen.", ()),
    ("Gamma-Gamma", "05", "A model of the amount per purchase: each customer has their own "
     "typical spend, which the model estimates from their purchases and everyone's.", ()),
    ("hold-out", "05", "A later period kept out of the fit, to test a model's predictions on "
     "what really happened.", ()),
    ("probability alive", "05", "The model's chance that a customer is still active, given "
     "how often and how recently they bought.", ()),
    ("win-back", "05", "An offer to a customer who has stopped buying, to bring them back.",
     ()),
    ("high-touch", "05", "Personal attention (a thank-you, a name remembered) that makes a "
     "customer feel known, here made possible by data.", ()),
    # lesson 04
    ("defection by closure", "04", "A customer leaving explicitly: a cancelled contract, a "
     "closed account, a goodbye message.", ()),
    ("defection by silence", "04", "A customer counted as gone because their last order is "
     "more than N days old.", ()),
    ("silence threshold", "04", "The N days of silence after which a customer counts as "
     "defected; the defection rate depends on it.", ()),
    ("cohort", "04", "The customers who started in the same period (here the month of their "
     "first order), followed together over time.", ("cohorts",)),
    ("retention matrix", "04", "One row per cohort, one column per period since the first "
     "order; each cell is the share of the cohort buying in that period.", ()),
    ("heat map", "04", "A table drawn as coloured cells, darker for larger values.", ()),
    ("retention curve", "04", "One row of a retention matrix drawn as a line: the share still "
     "buying, period after period.", ("retention curves",)),
    ("expectation gap", "04", "Perceived performance minus what the customer expected: "
     "positive delights, negative disappoints.", ()),
    ("likelihood to recommend", "04", "A customer's answer, from 0 to 10, to how likely they "
     "are to recommend the shop to a friend.", ()),
    ("fixable reason", "04", "A stated reason for leaving the company can act on: price, "
     "service or its offer (goals.FIXABLE_REASONS).", ("fixable reasons",)),
    ("Pareto chart", "04", "Causes ranked by their weight, largest first, with a running "
     "total: a few causes usually hold most of the weight.", ()),
    ("lost value", "04", "What the defectors of a reason brought per year while they were "
     "customers (EUR a year).", ()),
    ("loyalty programme", "04", "A scheme that rewards customers for staying and buying "
     "(points, bonuses, member prices).", ("loyalty program",)),
    ("matched group", "04", "Non-members chosen to resemble the members before they joined "
     "(here same sign-up month, about as many orders), to show what would have happened "
     "anyway.", ()),
    ("difference in differences", "04", "The treated group's change minus the comparison "
     "group's change over the same time: the effect beyond the common trend.", ()),
    ("churn risk", "04", "A customer's estimated chance of leaving; in the churn model, of "
     "placing no order in the 180 days after the cut-off date.", ()),
    ("cut-off date", "04", "The day that splits a model's data: features from before it, the "
     "outcome after it.", ("cut-off",)),
    ("data leakage", "04", "A model using information from after the moment it will be used: "
     "it looks good in testing and fails in practice.", ("leakage",)),
    ("AUC", "04", "The chance that a model ranks a random positive (a churner) above a random "
     "negative: 0.5 is a coin toss, 1 is perfect.", ()),
    ("lift table", "04", "Customers cut into equal groups by risk, with each group's rate "
     "divided by the overall rate.", ()),
    ("value at stake", "04", "A customer's risk of leaving times their revenue per year: what "
     "the shop expects to lose if it does nothing.", ()),
    ("contractual retention", "04", "Retention where customers hold a contract that renews "
     "until they cancel, so the day they leave is known.", ()),
    ("shifted-beta-geometric (sBG) model", "04", "A model of renewals in which each member "
     "has their own chance to cancel each period, spread over members as a beta distribution; "
     "the likely leavers go first.", ("sBG model", "shifted-beta-geometric model")),
]

# Bold phrases that stress a word rather than define a term, with the reason.
EMPHASIS: dict[str, str] = {
    "navigation:": "a label above the links between lessons",
    "students": "a heading for the reader", "instructors": "a heading for the reader",
    **{w: "a learning goal's verb" for w in [
        "build", "classify", "compute", "tie", "explain", "score", "measure", "match",
        "compare", "decide"]},
    **{w: "an answer option's letter" for w in "abcdefgh"},
    "well-managed customer data": "stresses what the single customer view needs",
    "retention plus acquisition": "stresses what a cost ratio's total is made of",
    "three": "stresses a count", "objectives": "stresses a word of the sentence",
    "serve better and faster": "one of four goals, named in a list",
    "know and reach customers": "one of four goals, named in a list",
    "keep and grow customers": "one of four goals, named in a list",
    "spend less": "one of four goals, named in a list",
    "customer at the centre": "stresses the idea of the chain it heads",
    "quality": "a link of the quality chain", "satisfaction": "a link of the quality chain",
    "stay": "a link of the quality chain", "value": "a link of the quality chain",
    "elements": "stresses a word of the sentence",
    "customers are not equal": "stresses the section's message",
    "score from 1 to 5": "stresses how RFM scores run",
    "how much are they worth": "one of two questions a chart answers",
    "how much service do they need": "one of two questions a chart answers",
    "high value": "a quadrant's half", "low value": "a quadrant's half",
    "who": "one of three questions", "why": "one of three questions",
    "which": "one of three questions", "bands": "stresses a word of the sentence",
}
# lesson 05
EMPHASIS.update({"price": "a learning goal's verb", "choose": "a learning goal's verb",
                 "median": "stresses a word of the sentence"})


def normalise(term: str) -> str:
    """The form terms are compared in: lower case, one space between words."""
    return re.sub(r"\s+", " ", term).strip().lower()


def term_index() -> dict[str, str]:
    """Every spelling of every term (normalised) -> the term's main name."""
    index = {}
    for term, _lesson, _definition, aliases in TERMS:
        for spelling in (term, *aliases):
            index[normalise(spelling)] = term
    return index


def glossary(term: str | None = None) -> pd.DataFrame | str:
    """The course's glossary as a table (term, lesson, definition), or one term's definition.

    Examples
    --------
    >>> glossary("rfm")
    'RFM (lesson 02): Describing each customer by recency, frequency and monetary value, usually as scores from 1 to 5.'
    >>> list(glossary().columns)
    ['term', 'lesson', 'definition']
    """
    table = pd.DataFrame([t[:3] for t in TERMS], columns=["term", "lesson", "definition"])
    table = table.sort_values("term", key=lambda s: s.str.lower(), ignore_index=True)
    if term is None:
        return table
    if not isinstance(term, str):
        raise CRMDataError(f"glossary() takes a term as text, such as 'RFM', but got {term!r}.")
    name = term_index().get(normalise(term))
    if name is None:
        raise CRMDataError(f"{term!r} is not in the glossary. Call glossary() to see every term.")
    row = table[table["term"] == name].iloc[0]
    return f"{row.term} (lesson {row.lesson}): {row.definition}"


def glossary_markdown() -> str:
    """The glossary as a Markdown table, as the README shows it."""
    rows = [f"| {r.term} | {r.lesson} | {r.definition} |" for r in glossary().itertuples()]
    return "\n".join(["| term | lesson | meaning |", "| --- | --- | --- |", *rows]) + "\n"


# lesson 06
TERMS += [
    ("investment level", "06", "How much relationship marketing a segment gets, from basic to "
     "full partnership, each with a cost per customer per year and an effect on retention and "
     "spend.", ("investment levels",)),
    ("replacement cost", "06", "What winning a new customer in place of one who leaves costs "
     "(the acquisition cost), counted in the year they leave.", ()),
    ("net value", "06", "Lifetime value minus the cost stream and the replacement cost: what a "
     "customer is worth at a given investment level.", ()),
    ("sensitivity analysis", "06", "Moving one assumption at a time (here by 20% down and up) to "
     "see whether a decision changes.", ()),
    ("naive before-and-after change", "06", "The change in an outcome at the treated group alone, "
     "which also counts whatever else changed over the same time.", ()),
    ("95% interval", "06", "The range of effects the data are compatible with: the estimate plus "
     "and minus 1.96 standard errors.", ()),
    ("final project", "06", "The course's closing assignment: a CRM plan for a business on the "
     "shop's data with the student's own seed, or on data of the same schema.", ()),
    ("rubric", "06", "The marking scheme of the final project: criteria, levels and points.", ()),
]
EMPHASIS.update({w: "a learning goal's verb" for w in ["choose", "test", "plan"]})
