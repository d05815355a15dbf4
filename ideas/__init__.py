"""Domain package of the initiative (sáng kiến) platform. Never imports streamlit.

Areas, each depending only on those above it (rewards and dashboards read, never write, other areas' rows):
core        db, models, errors, audit, i18n, permissions, settings, text
accounts    users, units, imports, sso, inbox
filing      campaigns, submissions, lifecycle, browse, similar, social, replication
review      councils, scoring, rubrics, calibration, decisions, documents
rewards     rules, eligibility, awards, exports
dashboards  reports, charts, commitments, home
api         tokens, queries, payloads, webhooks (read-only JSON API; review and rewards queue its events)
tooling     cli, demo, generate, bench, backup
"""
