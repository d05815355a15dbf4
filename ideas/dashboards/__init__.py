"""Dashboards: read models in SQL and Altair charts. Reads other areas' rows, never writes them.

Modules:
reports      participation, trends, funnel, PAR fields, impact, review health, rewards
charts       DataFrame -> Altair chart, labels from the locale
commitments  units' yearly reform commitments and progress against them
home         what is waiting for the signed-in person
"""
