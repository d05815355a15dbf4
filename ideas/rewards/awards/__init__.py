"""Award lists (danh sách khen thưởng): draft -> submitted -> approved -> locked, items and amounts.

lists   headings and the state machine (history + audit per move), pricing on the decision date
items   individuals and collectives on a draft, one author or many at once
queries read models in SQL and picker options (used by the rewards pages' views and exports)
"""
from ideas.rewards.awards.items import (
    AddResult,
    BulkLine,
    add_authors,
    add_collective,
    add_individual,
    remove_item,
    update_item,
)
from ideas.rewards.awards.lists import (
    APPROVED,
    DRAFT,
    FINAL,
    LOCKED,
    MACHINE,
    STATUSES,
    SUBMITTED,
    TRANSITIONS,
    approve_list,
    create_list,
    default_achievement,
    get_list,
    history,
    lock_list,
    return_list,
    submit_list,
    update_list,
)
from ideas.rewards.awards.queries import (
    can_view,
    form_options,
    items_frame,
    ledger_totals,
    list_header,
    list_table,
    my_awards,
    people_options,
    recognised_authors,
    unit_choices,
)

__all__ = [
    "APPROVED", "DRAFT", "FINAL", "LOCKED", "MACHINE", "STATUSES", "SUBMITTED", "TRANSITIONS",
    "AddResult", "BulkLine", "add_authors", "add_collective", "add_individual", "approve_list", "can_view",
    "create_list", "default_achievement", "form_options", "get_list", "history", "items_frame", "ledger_totals",
    "list_header", "list_table", "lock_list", "my_awards", "people_options", "recognised_authors",
    "remove_item", "return_list", "submit_list", "unit_choices", "update_item", "update_list",
]
