"""The units page's view: the unit tree as formatted rows, the choices of the add and edit forms, and the
reorganisations (recorded events, the event form's choices, the preview of an event or mapping)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import reorganisation, units
from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.permissions import Actor, require

COLUMNS = ("name", "code", "kind", "parent_name", "headcount", "accounts", "active", "ended")


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


def _ended(until: object, successor: object, lang: str) -> str:
    """"01/07/2025 → X12" for a unit that ended in a reorganisation, "" for one that exists."""
    if until is None or pd.isna(until):
        return ""
    day = fmt_date(until, lang)
    return f"{day} → {successor}" if isinstance(successor, str) and successor else day


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
        accounts=[fmt_number(n, lang) for n in table.accounts],
        ended=[_ended(until, successor, lang) for until, successor in zip(table.valid_to, table.successor_code,
                                                                          strict=True)])[list(COLUMNS)]
    forms = {int(row.id): UnitForm(row.name, row.kind, None if pd.isna(row.parent_code)
                                   else int(ids_by_code[row.parent_code]), int(row.headcount), bool(row.active))
             for row in table.itertuples()}
    headers = {c: t(f"units.col.{'parent' if c == 'parent_name' else c}", lang) for c in COLUMNS if c != "ended"}
    return UnitsPage(rows=rows, headers={**headers, "ended": t("history.col.ended", lang)},
                     labels=dict(units.unit_options(session, active_only=False)),
                     kinds={k: t(f"unit_kind.{k}", lang) for k in units.UNIT_KINDS}, units=forms)


# ---------------------------------------------------------------- reorganisation (issue 24)

EVENT_COLUMNS = ("effective_on", "kind", "old", "new", "legal_basis", "source")
ENDING_COLUMNS = ("unit", "successor", "staff", "open_files", "campaigns", "draft_lists", "kept_lists", "children",
                  "rule")
NEW_UNIT_COLUMNS = ("code", "name", "parent", "headcount")


@dataclass(frozen=True)
class History:
    """The recorded reorganisations and the choices of the event form."""

    events: pd.DataFrame  # EVENT_COLUMNS, newest first, one row per old unit
    headers: dict[str, str]
    kinds: dict[str, str]  # merge/split/rename/dissolve -> label
    codes: dict[str, str]  # code -> label of every unit that still exists (the old units to pick)


@dataclass(frozen=True)
class ReorganisationPreview:
    """What an event or mapping will do, or why it is refused; nothing has been written."""

    ok: bool
    summary: str
    errors: pd.DataFrame | None  # row, column, reason (None when the mapping is good)
    events: pd.DataFrame
    new_units: pd.DataFrame
    endings: pd.DataFrame
    headers: dict[str, str]


def _kind_labels(lang: str) -> dict[str, str]:
    return {k: t(f"history.kind.{k}", lang) for k in reorganisation.KINDS}


def history_view(*, session: Session, actor: Actor, lang: str = "vi") -> History:
    """The reorganisations recorded so far and the event form's choices (province-wide units.manage)."""
    require(session, actor, "units.manage")
    kinds = _kind_labels(lang)
    rows = reorganisation.events_table(session)
    events = pd.DataFrame([{
        "effective_on": fmt_date(r["effective_on"], lang), "kind": kinds.get(r["kind"], r["kind"]),
        "old": f"{r['old_name']} ({r['old_code']})",
        "new": f"{r['new_name']} ({r['new_code']})" if r["new_code"] else t("history.no_successor", lang),
        "legal_basis": r["legal_basis"], "source": r["source"] or ""} for r in rows], columns=list(EVENT_COLUMNS))
    table = units.unit_table(session)
    current = reorganisation.current_codes(session)
    codes = {code: f"{name} ({code})" for code, name in zip(table.code, table.name, strict=True) if code in current}
    return History(events=events, headers={c: t(f"history.col.{c}", lang) for c in EVENT_COLUMNS}, kinds=kinds,
                   codes=codes)


def _rule(ending: reorganisation.Ending, lang: str) -> str:
    if ending.successor_code is None:
        return t("history.rule.dissolved", lang)
    return t("history.rule.moved", lang, successor=ending.successor_code)


def reorganisation_preview(*, session: Session, actor: Actor, lang: str = "vi", data: bytes | None = None,
                           filename: str = "", event: dict | None = None) -> ReorganisationPreview:
    """Check a mapping file (`data`, `filename`) or one event from the form (`event`) and format the preview."""
    if data is not None:
        plan = reorganisation.preview_mapping(session=session, actor=actor, data=data, filename=filename)
    else:
        plan = reorganisation.preview_event(session=session, actor=actor, **(event or {}))
    kinds = _kind_labels(lang)
    headers = {c: t(f"history.col.{c}", lang) for c in (*EVENT_COLUMNS, *ENDING_COLUMNS, *NEW_UNIT_COLUMNS)}
    headers.update({"row": t("history.col.row", lang), "column": t("history.col.column", lang),
                    "reason": t("history.col.reason", lang)})
    if plan.errors:
        errors = pd.DataFrame([{"row": e.row, "column": t(f"history.field.{e.column}", lang) if e.column else "",
                                "reason": e.message(lang)} for e in plan.errors], columns=["row", "column", "reason"])
        return ReorganisationPreview(False, t("history.preview.refused", lang, rows=fmt_number(
            len({e.row for e in plan.errors}), lang)), errors, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
            headers)
    events = pd.DataFrame([{
        "effective_on": fmt_date(e.effective_on, lang), "kind": kinds[e.kind],
        "old": ", ".join(dict.fromkeys(old for old, _ in e.links)),
        "new": ", ".join(dict.fromkeys(new for _, new in e.links if new)) or t("history.no_successor", lang),
        "legal_basis": e.legal_basis, "source": plan.source or ""} for e in plan.events], columns=list(EVENT_COLUMNS))
    new_units = pd.DataFrame([{"code": u["code"], "name": u["name"], "parent": u["parent_code"] or "",
                               "headcount": fmt_number(u["headcount"], lang)} for u in plan.new_units],
                             columns=list(NEW_UNIT_COLUMNS))
    endings = pd.DataFrame([{
        "unit": f"{e.name} ({e.code})", "successor": e.successor_code or t("history.no_successor", lang),
        **{c: fmt_number(getattr(e, c), lang) for c in ENDING_COLUMNS[2:8]}, "rule": _rule(e, lang)}
        for e in plan.endings], columns=list(ENDING_COLUMNS))
    summary = t("history.preview.summary", lang, events=fmt_number(len(plan.events), lang),
                ended=fmt_number(len(plan.endings), lang), created=fmt_number(len(plan.new_units), lang),
                staff=fmt_number(sum(e.staff for e in plan.endings), lang))
    return ReorganisationPreview(plan.ok, summary, None, events, new_units, endings, headers)
