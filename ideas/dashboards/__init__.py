"""Dashboards: read models in SQL and Altair charts. Reads other areas' rows, never writes them.

Modules:
reports/     scope (viewer, filters, roll-up), participation, fields, review, rewards, options, followthrough
charts       DataFrame -> Altair chart, labels from the locale, the language's number locale
charts_followup  the follow-through section's charts (claimed vs measured, measured on time)
display      tables as people read them (headings, statuses and numbers in the language), shared by the views
commitments  units' yearly reform commitments and progress against them
dashboard_view          the dashboard page: filter options, per section charts, tables in the language, CSV
admin_commitments_view  the commitments page: targets to edit, which rows to save, progress
home_view    the home page's view: one work list across the person's roles (links to each file at its action, overdue
             first, one bounded query per kind), leaders' headline figures
"""
