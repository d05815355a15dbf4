"""The units page's view: the unit tree as formatted rows, the choices of the add and edit forms."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import units
from ideas.core.i18n import fmt_number, t
from ideas.core.permissions import Actor, require

COLUMNS = ("name", "code", "kind", "parent_name", "headcount", "accounts", "active")


@dataclass(frozen=True)
class UnitForm:
    """What the edit form starts from for one unit."""

    name: str
    kind: str
    parent_id: int | None
    headcount: int
    active: bool


@dataclass(frozen=True)
class UnitsPage:
    rows: pd.DataFrame  # COLUMNS, names indented by level, kinds translated, numbers formatted
    headers: dict[str, str]  # column -> translated header
    labels: dict[int, str]  # every unit (inactive too) in tree order, indented: the pick lists
    kinds: dict[str, str]  # kind -> label
    units: dict[int, UnitForm]


def admin_units_view(*, session: Session, actor: Actor, lang: str = "vi") -> UnitsPage:
    """The unit tree and the forms' choices for the administrators' page (units.manage)."""
    require(session, actor, "units.manage")
    table = units.unit_table(session)
    ids_by_code = dict(zip(table.code, table.id, strict=True))
    rows = table.assign(
        name=["\u2003" * int(level) + name for level, name in zip(table.level, table.name, strict=True)],
        kind=[t(f"unit_kind.{k}", lang) if k in units.UNIT_KINDS else k for k in table.kind],
        parent_name=table.parent_name.fillna(""),
        headcount=[fmt_number(n, lang) for n in table.headcount],
        accounts=[fmt_number(n, lang) for n in table.accounts])[list(COLUMNS)]
    forms = {int(row.id): UnitForm(row.name, row.kind, None if pd.isna(row.parent_code)
                                   else int(ids_by_code[row.parent_code]), int(row.headcount), bool(row.active))
             for row in table.itertuples()}
    return UnitsPage(rows=rows, headers={c: t(f"units.col.{'parent' if c == 'parent_name' else c}", lang)
                                         for c in COLUMNS},
                     labels=dict(units.unit_options(session, active_only=False)),
                     kinds={k: t(f"unit_kind.{k}", lang) for k in units.UNIT_KINDS}, units=forms)
