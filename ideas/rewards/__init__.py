"""Rewards: award lists priced by the rules in force. Reads other areas' rows, never writes them.

Modules:
rules               base salary, rounding, collective multiplier, award catalogue (effective-dated)
eligibility         who may qualify for which title, with reasons; staff year ratings
awards/             award lists: lists (state machine + history), items, queries (read models in SQL)
exports/            document (what an export shows), spreadsheets (XLSX, CSV), annex (DOCX), benchmark
issuing             approval with the annex PDF issued (signed, or an unsigned draft) in the same transaction
admin_rules_view          the reward-rules administration page: values and catalogue, display-ready
rewards_eligibility_view  the eligibility page: candidates with their verdict, counts per form, ratings
rewards_lists_view        the award-list page: lists in scope, one list with its items and choices, exports
rewards_ledger_view       the reward ledger page: one's own awards, totals by year, unit and form
"""
