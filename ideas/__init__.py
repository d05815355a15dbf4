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

Views (one rule): page `pages/<stem>.py` reads exactly one view module, `ideas/<area>/<stem>_view.py`, of the
area it belongs to. A view's functions take `session`, `actor` and keyword arguments and return dataclasses
ready to render (labels translated, numbers and dates formatted, links); the page imports that one view plus
service modules for its actions. No other module is named `*_view`; SQL read models that several views use
are `queries`-style modules. tests/core/test_page_views.py holds the rule.
"""
