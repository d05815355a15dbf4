"""Accounts: people, units and signing in. Depends on core.

Modules:
users          accounts, roles, directory, signing in (password check with growing delays)
passwords      argon2 hashing (passlib API from libpass) and the strength policy (zxcvbn, offline)
sessions       the one place that opens, claims, resolves and ends sign-in sessions
throttle       rate counters: growing sign-in delays per name and client, upload quota
units          the unit tree with materialised paths
imports        bulk import of units and staff, all or nothing: preview, commit, write
import_files   reading CSV/XLSX exports and finding the data block (titles above, signatures below)
import_rows    checking each row with the row, column and cause of every error
sso            optional OIDC sign-in mapped by verified e-mail
inbox          reading in-app notifications (written by core.events.notify), in the reader's language
mail           each person's choice per kind, rendering a queued notification e-mail, daily digests
mail_templates e-mail subject and bodies from the inbox's locale keys, with a link to the file
mail_worker    the sender: claims due outbox rows (rendering them), SMTP with backoff, lease reclaim
personal_data  everything held about one person, as JSON

Page views (pages/<stem>.py reads <stem>_view):
account_view         my personal data download and my e-mail choices, labelled
admin_accounts_view  accounts as formatted rows, the filters' and forms' choices, one person's roles
admin_import_view    a file's preview as translated rows, the kinds and role codes to explain
admin_units_view     the unit tree as formatted rows, each unit's edit form values
inbox_view           one page of my messages in my language, counts
"""
