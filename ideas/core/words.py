"""Domain words that several areas use, declared once here (docs/DOMAIN.md gives them in Vietnamese).

Each area's own states stay with its state machine (the idea's in filing.lifecycle, the award list's in
rewards.awards.lists), built from these words where they are shared.
"""
# A council's decision on an initiative, and the idea's status it leads to.
RECOGNISED, NOT_RECOGNISED = "recognised", "not_recognised"
OUTCOMES = (RECOGNISED, NOT_RECOGNISED)
# The scope (phạm vi ảnh hưởng) a decision recognises an initiative at, and an award form's level; ascending.
SCOPES = ("unit", "provincial", "national")
# An award list: draft -> submitted -> approved -> locked. An approved or locked list is a decision in force:
# it counts for eligibility and the dashboards, is verifiable and is published through the API.
LIST_STATUSES = ("draft", "submitted", "approved", "locked")
DECIDED_LIST_STATUSES = LIST_STATUSES[2:]
# What an initiative claims to save or simplify, and what its follow-through measures.
BENEFITS = ("hours_saved", "vnd_saved", "reports_cut", "procedures_simplified", "services_online", "days_cut")
