"""Dashboard read models: participation, trends, funnel, PAR fields, impact, review health, rewards.

Modules: scope (viewer, filters, roll-up), participation (participation, trends, funnel), fields (PAR fields,
impact), review (review health, workload), rewards (awards, delays), options (filters, CSV).

Every function takes the viewer (`actor`) and the filters (year, campaign, unit subtree) and returns a
DataFrame. Counting happens in SQL (GROUP BY unit); the per-unit results are then rolled up along the
materialised unit paths in pandas, over the units table only (units are few, ideas are many).

Conventions (documented in the dashboard's help text):
- An idea "counts" once submitted: status is not draft and submitted_at is set.
- The year filter is the submission cohort (ideas submitted in that year), except for rewards, where it is
  the award list's year.
- Submitters are people (owner or co-author of a counted idea) attributed to their OWN unit (User.unit_id),
  so that a subtree's distinct submitters is the sum over its units and the share is over its headcount.
- A unit's headcount is its own staff; a subtree's headcount is the sum over its units.
- After a reorganisation (docs/UNITS.md) every function takes `structure`: "today" (default; units that ended
  roll up into their successors through a recursive CTE, scope.unit_resolution) or "as_was" (each record under
  its unit at the time, submitters under their unit on the submission day); the headcount is the one in force
  for the year (scope.in_force_headcount).
- The command line and the demo pass `permissions.SYSTEM` (no scope limit); `actor=None` is refused.

Cost at province scale (100,000 ideas): the year filter is a range on ix_ideas_cohort, whose columns are all that
the per-unit counts read, so a year's ideas are counted from the index alone; decisions and awards are grouped
only for the filtered ideas (ix_decisions_idea_outcome_on, ix_award_items_idea_list). The roll-up to display
rows is a merge with (unit, row) pairs, linear in units. Plans and timings: docs/DASHBOARD_PERFORMANCE.md.
"""
from ideas.dashboards.reports.fields import impact_by_field, impact_by_unit, par_fields, unit_field_heatmap
from ideas.dashboards.reports.options import csv_bytes, unit_choices, year_options
from ideas.dashboards.reports.participation import (
    average_participation,
    funnel,
    monthly_by_status,
    participation,
    subtree_figures,
    year_over_year,
)
from ideas.dashboards.reports.review import review_health, reviewer_workload
from ideas.dashboards.reports.rewards import reward_delays, rewards_by_unit_form
from ideas.dashboards.reports.scope import (
    ACTION,
    COUNTED_STATUSES,
    FUNNEL_STAGES,
    Scope,
    resolve_scope,
    visible_unit_ids,
)

__all__ = [
    "ACTION", "COUNTED_STATUSES", "FUNNEL_STAGES", "Scope",
    "average_participation", "csv_bytes", "funnel", "impact_by_field", "impact_by_unit", "monthly_by_status",
    "par_fields", "participation", "resolve_scope", "review_health", "reviewer_workload", "reward_delays",
    "rewards_by_unit_form", "subtree_figures", "unit_choices", "unit_field_heatmap", "visible_unit_ids",
    "year_options", "year_over_year",
]
