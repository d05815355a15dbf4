"""Core: what every area stands on. Depends on nothing else in ideas/.

Modules:
db           engine and sessions from DATABASE_URL (SQLite pragmas, write transactions)
models       the whole schema as typed SQLAlchemy models (Alembic owns the tables)
errors       named domain errors carrying a locale key and parameters
audit        append-only audit log with a hash chain (and its row count)
i18n         UI strings (locales/<lang>/*.json), Vietnamese number and date formats
csvfile      CSV downloads for Vietnamese Excel: `;` between cells, decimal comma, UTF-8 BOM, no formulas
permissions  the role x action table, grants scoped to unit subtrees, require/can, the SYSTEM actor
navigation   the menu as data: each page with the actions that open it
clock        the one Vietnam clock: today, now, local dates, month arithmetic (IDEAS_TIME_ZONE)
transitions  the one state machine mechanism: allowed moves, a history row and an audit row each
settings     administrator-editable settings with defaults in code; the mail server's settings (environment)
events       the one place where side effects start: inbox notifications and their e-mail, webhook events,
             written in the caller's transaction (accounts.mail_worker and api.webhooks consume them)
payloads     the public JSON shape of an initiative and of an award list (API endpoints, webhook events)
subtrees     a stored reach over the unit tree (API tokens, webhook subscriptions): roots, expansion, covers
words        domain words several areas share, declared once: decision outcomes and scopes, award list
             statuses, benefits
text         normalisation, visible-text and length checks, safe id parsing, the accent-free fold, same_name
             (Uỷ/Ủy, Hoà/Hòa compare equal)
reference    reference data and default rules inserted once
migrate      schema upgrade through Alembic, then reference data
bulk         bulk inserts straight to the driver for generated data

Page views (pages/<stem>.py reads <stem>_view):
admin_audit_view     the audit log filtered and paginated in SQL, actions as people say them; the chain check
"""
