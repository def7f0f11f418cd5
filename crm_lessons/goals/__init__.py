"""What CRM is for (lesson 01): the single customer view, the kinds of CRM work, the economics
of keeping customers, the goals measured in the data, total quality marketing, and the
teaching tables on relationship levels and the phases of CRM (used again in the capstone),
and the course's one definition of retention (measured on orders) and of a fixable defection
reason, which later lessons reuse.

One file per idea; every name a lesson uses is re-exported here, so a notebook writes
``from crm_lessons import goals; goals.five_year_profit(...)``. Every function is pure:
tables in, a table or a number out.
"""

from crm_lessons.goals.customer_view import (
    SINGLE_CUSTOMER_VIEW_SQL,
    VIEW_COLUMNS,
    single_customer_view,
    single_customer_view_sql,
    view_differences,
)
from crm_lessons.goals.defection_reasons import (
    FIXABLE_REASONS,
    defection_reasons,
    fixable_share,
    is_fixable,
)
from crm_lessons.goals.economics import (
    cost_ratio,
    five_year_profit,
    margins_from_profit_by_year,
    profit_by_year_series,
    profit_uplift,
    retention_profit_curve,
    retention_projection,
    retention_scenario,
)
from crm_lessons.goals.measures import (
    advocate_share,
    advocates,
    goal_scorecard,
    latest_surveys,
    loyalty_ladder,
    service_cost_per_customer,
    share_of_wallet,
)
from crm_lessons.goals.phases import (
    crm_phases,
)
from crm_lessons.goals.quality import (
    quality_gap,
    relative_quality,
)
from crm_lessons.goals.relationships import (
    RELATIONSHIP_LEVELS,
    affordable_relationship_level,
    relationship_benefits,
    relationship_level_grid,
    relationship_levels,
    suggest_relationship_level,
)
from crm_lessons.goals.retention import (
    retention_by_period,
    stated_and_silent,
    yearly_retention,
)
from crm_lessons.goals.tasks import (
    CRM_STANCES,
    CRM_TYPES,
    crm_task_grid,
    crm_tasks,
)

__all__ = [
    "VIEW_COLUMNS",
    "SINGLE_CUSTOMER_VIEW_SQL",
    "single_customer_view",
    "single_customer_view_sql",
    "view_differences",
    "CRM_TYPES",
    "CRM_STANCES",
    "crm_tasks",
    "crm_task_grid",
    "retention_by_period",
    "yearly_retention",
    "stated_and_silent",
    "FIXABLE_REASONS",
    "defection_reasons",
    "is_fixable",
    "fixable_share",
    "retention_projection",
    "five_year_profit",
    "profit_uplift",
    "retention_profit_curve",
    "margins_from_profit_by_year",
    "profit_by_year_series",
    "retention_scenario",
    "cost_ratio",
    "share_of_wallet",
    "advocates",
    "advocate_share",
    "service_cost_per_customer",
    "loyalty_ladder",
    "goal_scorecard",
    "latest_surveys",
    "relative_quality",
    "quality_gap",
    "RELATIONSHIP_LEVELS",
    "relationship_levels",
    "relationship_level_grid",
    "suggest_relationship_level",
    "affordable_relationship_level",
    "relationship_benefits",
    "crm_phases",
]
