"""Rewards: award lists priced by the rules in force. Reads other areas' rows, never writes them.

Modules:
rules               base salary, rounding, collective multiplier, award catalogue (effective-dated)
rules_screen        what the rules page shows
eligibility         who may qualify for which title, with reasons; staff year ratings
eligibility_screen  what the eligibility page shows
awards/             award lists: lists (state machine + history), items, views, screen (the list page)
exports/            document (what an export shows), spreadsheets (XLSX, CSV), annex (DOCX), benchmark
"""
