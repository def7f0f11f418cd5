"""Customer identification (lesson 02): who the customers are and which ones matter most.

RFM scores and named segments, value tiers, the revenue concentration (Lorenz / Pareto) curve,
the value-against-service-need grid, profiles of profitable groups, k-means segments compared
with rule-based ones, and the customers who left: which of them are worth winning back.

One file per idea; every name a lesson uses is re-exported here, so a notebook writes
``from crm_lessons import identify; identify.rfm_scores(...)``. Every function is pure:
tables in, a table or a number out.
"""

from crm_lessons.identify.checks import (
    require_customer_values,
    require_rfm,
)
from crm_lessons.identify.clustering import (
    choose_k,
    cluster_vs_segment,
    describe_clusters,
    kmeans_segments,
)
from crm_lessons.identify.concentration import (
    concentration_curve,
    customer_revenue,
    revenue_concentration,
    top_share,
)
from crm_lessons.identify.elements import (
    FOUR_ELEMENTS,
    crm_elements,
)
from crm_lessons.identify.lost import (
    FIXABLE_REASONS,
    defection_reasons,
    lost_customers,
)
from crm_lessons.identify.profiles import (
    group_profile,
)
from crm_lessons.identify.quadrants import (
    QUADRANTS,
    quadrant_offers,
    value_service_quadrants,
)
from crm_lessons.identify.rfm import (
    RFM_COLUMNS,
    rfm_scores,
    rfm_table,
)
from crm_lessons.identify.segments import (
    SEGMENTS,
    rfm_segments,
    segment_grid,
    segment_mix,
    segment_rules,
    segment_summary,
    segment_survey_profile,
)
from crm_lessons.identify.service import (
    service_need,
)
from crm_lessons.identify.tiers import (
    TIERS,
    value_tiers,
)

__all__ = [
    "FOUR_ELEMENTS",
    "crm_elements",
    "customer_revenue",
    "top_share",
    "revenue_concentration",
    "concentration_curve",
    "RFM_COLUMNS",
    "rfm_table",
    "rfm_scores",
    "SEGMENTS",
    "segment_rules",
    "rfm_segments",
    "segment_summary",
    "segment_grid",
    "segment_survey_profile",
    "segment_mix",
    "TIERS",
    "value_tiers",
    "service_need",
    "QUADRANTS",
    "quadrant_offers",
    "value_service_quadrants",
    "group_profile",
    "kmeans_segments",
    "choose_k",
    "describe_clusters",
    "cluster_vs_segment",
    "FIXABLE_REASONS",
    "defection_reasons",
    "lost_customers",
    "require_customer_values",
    "require_rfm",
]
