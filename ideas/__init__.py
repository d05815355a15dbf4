"""Domain package of the initiative (sáng kiến) platform. Never imports streamlit.

Areas, each importing only those above it (the table is tests/core/test_area_imports.py, which also forbids
module cycles); dashboards and api read, never write, other areas' rows, and nothing but tooling imports them
(api also reads dashboards' participation):
core        db, models, errors, audit, i18n, permissions, settings, text, events (the one place side effects
            start: inbox notifications with their e-mail, webhook events), payloads, subtrees, targets (deep
            links: the file and action of a work item or a message)
accounts    users, sessions, units, imports, sso, inbox (reads), mail (renders, sends, digests)
filing      campaigns, submissions, lifecycle, browse, similar, social, replication, merging, followthrough
papers      verification codes and their QR block, the public lookup and registry
review      councils, scoring, rubrics, calibration, votes, decisions, documents
rewards     rules, eligibility, awards, exports
dashboards  reports, charts, commitments, home
api         tokens, queries, webhooks (subscriptions and the delivery worker)
tooling     cli, demo, generate, bench, backup; imported only by its entry points (ideas/__main__.py,
            benchmarks/) and by the first-run page, for "load the demo province"

Views (one rule): page `pages/<stem>.py` reads exactly one view module, `ideas/<area>/<stem>_view.py`, of the
area it belongs to. A view's functions take `session`, `actor` and keyword arguments and return dataclasses
ready to render (labels translated, numbers and dates formatted, links); the page imports that one view plus
service modules for its actions. No other module is named `*_view`; SQL read models that several views use
are `queries`-style modules. tests/core/test_page_views.py holds the rule.
"""
