"""Reorganisation as dated events (issue 24): units merge, split, are renamed or dissolved, with a legal basis.

An administrator records one event from the units page, or imports the official mapping (old code -> new code,
kind, effective date, legal basis; CSV or xlsx like the other imports). Both go through the same two steps:
`preview_*` checks every row and says what will happen (nothing written); `apply_*` checks again and writes
everything in one flush (the page commits once), audited, or raises ImportFailed listing the bad rows.

What an event does to a unit that ends (the rule the preview shows):
- The unit keeps its row, code and name (papers issued under it keep the old name); it gets valid_to = the
  effective date, becomes inactive, and successor_id = its primary successor (the receiving unit of a merge,
  the new unit of a rename, the FIRST new unit of a split in file order, the receiving unit of a dissolution
  if one is named, else none). Dashboards roll its history up through successor_id ("today's structure").
- Staff move to the primary successor; each keeps a closed membership row (unit_memberships) for the old unit
  until the effective date, so "as it was" still counts them there. Their roles over the old unit move too.
- Open files (not recognised, not refused, not withdrawn, not merged) move to the successor; decided files and
  their decisions, certificates and award items keep the old unit.
- Active campaigns (and so their councils) of the unit move to the successor; closed ones stay.
- Draft award lists move to the successor; lists already submitted, approved or locked keep the old unit.
- Child units move under the primary successor.
- A dissolution without a receiving unit moves nothing: staff and open files stay on the ended unit for the
  administrator to reassign, and its active campaigns are closed.
- New units named in the mapping are created (valid from the effective date, under the old unit's parent
  unless a new parent code is given, of the old unit's kind). A receiving unit's headcount grows by the
  headcount of the units merged into it (a split gives it to the first new unit); edit it afterwards.

Refused, with the row and reason, nothing written: unknown codes, a unit that ends twice or has already
ended, an event dated before a unit existed or in the future, a unit merged into its own subtree, and loops
(A -> B and B -> A, or a chain through a unit that both ends and receives in the same mapping).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Date, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ideas.accounts.import_files import RowError, data_block, read_rows
from ideas.accounts.units import place
from ideas.core import audit, clock, csvfile
from ideas.core.errors import ImportFailed, PermissionDenied
from ideas.core.models import (
    AwardList,
    Campaign,
    Idea,
    RoleAssignment,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitMembership,
    User,
)
from ideas.core.permissions import Actor, forget, require, scope_unit_ids
from ideas.core.text import clean_line, fold

ACTION = "units.manage"
KINDS = ("merge", "split", "rename", "dissolve")
OPEN_FILE_STATUSES = ("draft", "submitted", "returned", "under_review")
MAPPING_FIELDS: dict[str, tuple[str, ...]] = {
    "old_code": ("Mã đơn vị cũ", "old_code", "old code", "ma cu", "ma don vi truoc sap xep"),
    "new_code": ("Mã đơn vị mới", "new_code", "new code", "ma moi", "ma don vi sau sap xep"),
    "kind": ("Hình thức", "kind", "hinh thuc sap xep", "loai sap xep"),
    "effective_on": ("Ngày hiệu lực", "effective_on", "effective date", "effective_date", "ngay co hieu luc"),
    "legal_basis": ("Căn cứ", "legal_basis", "legal basis", "can cu phap ly", "van ban"),
    "new_name": ("Tên đơn vị mới", "new_name", "new name", "ten moi"),
    "new_parent_code": ("Mã đơn vị cấp trên mới", "new_parent_code", "new parent code", "ma cap tren moi"),
}
MAPPING_REQUIRED = ("old_code", "new_code", "kind", "effective_on", "legal_basis")
TEMPLATE_HEADERS = ["Mã đơn vị cũ", "Mã đơn vị mới", "Hình thức", "Ngày hiệu lực", "Căn cứ", "Tên đơn vị mới",
                    "Mã đơn vị cấp trên mới"]
KIND_ALIASES = {
    "merge": ("hop nhat", "sap nhap", "nhap"),
    "split": ("chia tach", "tach"),
    "rename": ("doi ten",),
    "dissolve": ("giai the",),
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class MappingRow:
    """One line of a mapping: `row` is the file row (or 1.. for the form's lines)."""

    row: int
    old_code: str
    new_code: str
    kind: str
    effective_on: dt.date
    legal_basis: str
    new_name: str = ""
    new_parent_code: str = ""


@dataclass
class Ending:
    """What happens to one unit that ends: shown in the preview, done by apply."""

    event: int  # index into Plan.events
    unit_id: int
    code: str
    name: str
    successor_code: str | None
    staff: int = 0
    open_files: int = 0
    campaigns: int = 0
    draft_lists: int = 0
    kept_lists: int = 0
    children: int = 0
    headcount: int = 0


@dataclass
class PlannedEvent:
    kind: str
    effective_on: dt.date
    legal_basis: str
    links: list[tuple[str, str | None]]  # (old code, successor code or None) in file order
    rows: list[int]


@dataclass
class Plan:
    """The preview: events, units to create, what moves, and every problem (if any, nothing is applied)."""

    events: list[PlannedEvent] = field(default_factory=list)
    new_units: list[dict] = field(default_factory=list)  # code, name, parent_code, kind, headcount, rows
    endings: list[Ending] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    source: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.events)


# ---------------------------------------------------------------- reading rows


def parse_kind(text: str) -> str | None:
    folded = fold(text).strip()
    if folded in KINDS:
        return folded
    for kind, aliases in KIND_ALIASES.items():
        if folded in aliases:
            return kind
    return None


def parse_date(text: str) -> dt.date | None:
    text = clean_line(text)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    found = _DMY.match(text)
    if found:
        try:
            return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        except ValueError:
            return None
    return None


def rows_from_records(records: list[dict]) -> tuple[list[MappingRow], list[RowError]]:
    """Cell text -> typed rows; a cell that cannot be read is an error naming its row and column."""
    rows, errors = [], []
    for record in records:
        line = record["_row"]
        kind = parse_kind(record.get("kind", ""))
        day = parse_date(record.get("effective_on", ""))
        bad = False
        for column in ("old_code", "legal_basis"):
            if not record.get(column):
                errors.append(RowError(line, column, "history.error.required"))
                bad = True
        if kind is None:
            errors.append(RowError(line, "kind", "history.error.kind", {"kind": record.get("kind", "")}))
            bad = True
        if day is None:
            errors.append(RowError(line, "effective_on", "history.error.date",
                                   {"value": record.get("effective_on", "")}))
            bad = True
        for column, limit in (("old_code", 50), ("new_code", 50), ("new_name", 255), ("new_parent_code", 50),
                              ("legal_basis", 255)):
            if len(record.get(column) or "") > limit:
                errors.append(RowError(line, column, "history.error.too_long", {"max": limit}))
                bad = True
        if not bad:
            rows.append(MappingRow(row=line, old_code=record["old_code"], new_code=record.get("new_code") or "",
                                   kind=kind, effective_on=day, legal_basis=record["legal_basis"],
                                   new_name=record.get("new_name") or "",
                                   new_parent_code=record.get("new_parent_code") or ""))
    return rows, errors


def read_mapping(data: bytes, filename: str) -> tuple[list[MappingRow], list[RowError]]:
    records, errors = data_block(read_rows(data, filename), MAPPING_FIELDS, MAPPING_REQUIRED)
    rows, more = rows_from_records(records)
    return rows, errors + more


# ---------------------------------------------------------------- checking


def _units_by_code(session: Session, codes: set[str]) -> dict[str, Unit]:
    if not codes:
        return {}
    return {u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(sorted(codes))))}


def _find_loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """Cycles among codes (each as a list of codes), by depth-first search."""
    loops, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        trail.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                loops.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail)
        trail.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return loops


def _group(rows: list[MappingRow]) -> list[PlannedEvent]:
    """Rows -> events: a merge is every row into one new code on one date; a split every row out of one old code."""
    groups: dict[tuple, PlannedEvent] = {}
    for r in rows:
        if r.kind == "merge":
            key = ("merge", r.new_code, r.effective_on, r.legal_basis)
        elif r.kind == "split":
            key = ("split", r.old_code, r.effective_on, r.legal_basis)
        else:
            key = (r.kind, r.old_code, r.row)
        event = groups.setdefault(key, PlannedEvent(r.kind, r.effective_on, r.legal_basis, [], []))
        event.links.append((r.old_code, r.new_code or None))
        event.rows.append(r.row)
    return list(groups.values())


def check_rows(session: Session, rows: list[MappingRow], *, today: dt.date | None = None) -> Plan:
    """Validate a mapping against the database and work out the preview; nothing is written."""
    today = today or clock.today()
    plan = Plan()
    err = plan.errors
    codes = {r.old_code for r in rows} | {r.new_code for r in rows if r.new_code} | {
        r.new_parent_code for r in rows if r.new_parent_code}
    known = _units_by_code(session, codes)
    names: dict[str, tuple[int, str]] = {}
    for r in rows:  # a new code's name: given once, or the same everywhere
        if r.new_code and r.new_name and r.new_code not in known:
            first = names.setdefault(r.new_code, (r.row, r.new_name))
            if first[1] != r.new_name:
                err.append(RowError(r.row, "new_name", "history.error.name_differs",
                                    {"code": r.new_code, "row": first[0]}))
    ends: dict[str, int] = {}  # old code -> index of the row that ends it
    edges: dict[str, set[str]] = defaultdict(set)
    edge_rows: dict[tuple[str, str], int] = {}
    for position, r in enumerate(rows):
        old = known.get(r.old_code)
        if old is None:
            err.append(RowError(r.row, "old_code", "history.error.unknown_code", {"code": r.old_code}))
        if r.kind != "dissolve" and not r.new_code:
            err.append(RowError(r.row, "new_code", "history.error.new_code_required", {"kind": r.kind}))
        if r.new_code and r.new_code == r.old_code:
            err.append(RowError(r.row, "new_code", "history.error.loop", {"codes": f"{r.old_code} → {r.old_code}"}))
        target = known.get(r.new_code) if r.new_code else None
        if r.new_code and target is None and r.new_code not in names:
            err.append(RowError(r.row, "new_code", "history.error.unknown_new_code", {"code": r.new_code}))
        if r.new_parent_code and r.new_parent_code not in known:
            err.append(RowError(r.row, "new_parent_code", "history.error.unknown_code", {"code": r.new_parent_code}))
        if r.effective_on > today:
            err.append(RowError(r.row, "effective_on", "history.error.future", {"date": r.effective_on.isoformat()}))
        if r.kind == "split" and r.old_code in ends and rows[ends[r.old_code]].kind == "split":
            pass  # a split names its old unit once per new unit
        elif r.old_code in ends:
            err.append(RowError(r.row, "old_code", "history.error.ends_twice",
                                {"code": r.old_code, "row": rows[ends[r.old_code]].row}))
        else:
            ends[r.old_code] = position
        if old is not None:
            if old.valid_to is not None:
                err.append(RowError(r.row, "old_code", "history.error.already_ended",
                                    {"code": old.code, "date": old.valid_to.isoformat()}))
            if old.valid_from is not None and r.effective_on <= old.valid_from:
                err.append(RowError(r.row, "effective_on", "history.error.before_unit",
                                    {"code": old.code, "date": old.valid_from.isoformat()}))
        if target is not None:
            if target.valid_to is not None:
                err.append(RowError(r.row, "new_code", "history.error.already_ended",
                                    {"code": target.code, "date": target.valid_to.isoformat()}))
            if target.valid_from is not None and r.effective_on < target.valid_from:
                err.append(RowError(r.row, "effective_on", "history.error.before_unit",
                                    {"code": target.code, "date": target.valid_from.isoformat()}))
            if old is not None and target.id != old.id and target.path.startswith(old.path):
                err.append(RowError(r.row, "new_code", "history.error.own_subtree",
                                    {"code": target.code, "old": old.code}))
        parent = known.get(r.new_parent_code) if r.new_parent_code else None
        if parent is not None and old is not None and parent.path.startswith(old.path):
            err.append(RowError(r.row, "new_parent_code", "history.error.own_subtree",
                                {"code": parent.code, "old": old.code}))
        if r.new_code and r.new_code != r.old_code:
            edges[r.old_code].add(r.new_code)
            edge_rows.setdefault((r.old_code, r.new_code), r.row)
    # Loops: A -> B -> A within the mapping, or through successors already recorded.
    for unit in known.values():
        if unit.successor_id is not None:
            successor = session.get(Unit, unit.successor_id)
            if successor is not None:
                edges[unit.code].add(successor.code)
    for loop in _find_loops(edges):
        for a, b in zip(loop, loop[1:], strict=False):
            if (a, b) in edge_rows:
                err.append(RowError(edge_rows[(a, b)], "new_code", "history.error.loop", {"codes": " → ".join(loop)}))
    receivers = {r.new_code for r in rows if r.new_code}
    looped = any(e.key == "history.error.loop" for e in err)
    for r in rows:
        if r.old_code in receivers and not looped:
            err.append(RowError(r.row, "old_code", "history.error.chain", {"code": r.old_code}))
    if err:
        plan.errors = sorted(err, key=lambda e: (e.row, e.column))
        return plan
    plan.events = _group(rows)
    for event in plan.events:
        if event.kind == "split" and len({new for _, new in event.links}) < 2:
            plan.errors.append(RowError(event.rows[0], "new_code", "history.error.split_needs_two",
                                        {"code": event.links[0][0]}))
        if event.kind == "rename" and len(event.links) != 1:
            plan.errors.append(RowError(event.rows[0], "old_code", "history.error.ends_twice",
                                        {"code": event.links[0][0], "row": event.rows[0]}))
    if plan.errors:
        return plan
    _describe(session, plan, rows, known, names)
    return plan


def _describe(session: Session, plan: Plan, rows: list[MappingRow], known: dict[str, Unit],
              names: dict[str, tuple[int, str]]) -> None:
    """Fill the preview: units to create and, per ending unit, what moves (one grouped count per table)."""
    row_of = {r.row: r for r in rows}
    creating: dict[str, dict] = {}
    for index, event in enumerate(plan.events):
        primary = next((new for _, new in event.links if new), None)
        for (old_code, new_code), line in zip(event.links, event.rows, strict=True):
            old = known[old_code]
            r = row_of[line]
            if new_code and new_code not in known and new_code not in creating:
                creating[new_code] = {"code": new_code, "name": names[new_code][1],
                                      "parent_code": r.new_parent_code or None, "parent_id": old.parent_id,
                                      "kind": old.kind, "headcount": 0, "valid_from": event.effective_on,
                                      "rows": [line]}
            if event.kind == "split" and old_code in {e.code for e in plan.endings if e.event == index}:
                continue
            plan.endings.append(Ending(event=index, unit_id=old.id, code=old.code, name=old.name,
                                       successor_code=primary, headcount=old.headcount or 0))
    ids = [e.unit_id for e in plan.endings]
    staff = dict(session.execute(select(User.unit_id, func.count()).where(User.unit_id.in_(ids))
                                 .group_by(User.unit_id)).all())
    files = dict(session.execute(select(Idea.unit_id, func.count()).where(
        Idea.unit_id.in_(ids), Idea.status.in_(OPEN_FILE_STATUSES)).group_by(Idea.unit_id)).all())
    campaigns = dict(session.execute(select(Campaign.unit_id, func.count()).where(
        Campaign.unit_id.in_(ids), Campaign.active.is_(True)).group_by(Campaign.unit_id)).all())
    drafts = dict(session.execute(select(AwardList.unit_id, func.count()).where(
        AwardList.unit_id.in_(ids), AwardList.status == "draft").group_by(AwardList.unit_id)).all())
    kept = dict(session.execute(select(AwardList.unit_id, func.count()).where(
        AwardList.unit_id.in_(ids), AwardList.status != "draft").group_by(AwardList.unit_id)).all())
    children = dict(session.execute(select(Unit.parent_id, func.count()).where(
        Unit.parent_id.in_(ids), Unit.valid_to.is_(None)).group_by(Unit.parent_id)).all())
    for ending in plan.endings:
        ending.staff = int(staff.get(ending.unit_id, 0))
        ending.open_files = int(files.get(ending.unit_id, 0))
        ending.campaigns = int(campaigns.get(ending.unit_id, 0))
        ending.draft_lists = int(drafts.get(ending.unit_id, 0))
        ending.kept_lists = int(kept.get(ending.unit_id, 0))
        ending.children = int(children.get(ending.unit_id, 0))
        if ending.successor_code in creating:
            creating[ending.successor_code]["headcount"] += ending.headcount
    plan.new_units = list(creating.values())


# ---------------------------------------------------------------- previews (nothing written)


def _require_province(session: Session, actor: Actor) -> None:
    """A reorganisation moves people and files across subtrees: only a province-wide administrator records one."""
    require(session, actor, ACTION)
    if scope_unit_ids(session, actor, ACTION) is not None:
        raise PermissionDenied(action=ACTION)


def preview_mapping(*, session: Session, actor: Actor, data: bytes, filename: str) -> Plan:
    """Check an official mapping file (CSV or xlsx) and say what it will do; nothing is written."""
    _require_province(session, actor)
    rows, errors = read_mapping(data, filename)
    if errors:
        return Plan(errors=sorted(errors, key=lambda e: (e.row, e.column)), source=filename)
    plan = check_rows(session, rows)
    plan.source = filename
    return plan


def event_rows(*, kind: str, old_codes: list[str], new_codes: list[str], effective_on: dt.date | None,
               legal_basis: str, new_name: str = "", new_parent_code: str = "") -> list[MappingRow]:
    """The form's event as mapping rows (a merge: many old -> one new; a split: one old -> many new)."""
    records = []
    olds = [clean_line(c) for c in old_codes if clean_line(c)] or [""]
    news = [clean_line(c) for c in new_codes if clean_line(c)] or [""]
    pairs = [(o, n) for o in olds for n in news] if kind in ("merge", "split") else [(olds[0], news[0])]
    for line, (old, new) in enumerate(pairs, start=1):
        records.append({"_row": line, "old_code": old, "new_code": new, "kind": kind,
                        "effective_on": effective_on.isoformat() if effective_on else "",
                        "legal_basis": clean_line(legal_basis), "new_name": clean_line(new_name),
                        "new_parent_code": clean_line(new_parent_code)})
    return records


def preview_event(*, session: Session, actor: Actor, **event: object) -> Plan:
    """Check one event entered on the units page (see event_rows for the arguments); nothing is written."""
    _require_province(session, actor)
    rows, errors = rows_from_records(event_rows(**event))
    if errors:
        return Plan(errors=errors)
    return check_rows(session, rows)


# ---------------------------------------------------------------- applying (one flush, audited)


@dataclass
class Applied:
    events: int
    ended: int
    created: int
    staff_moved: int
    files_moved: int
    event_ids: list[int]


def apply_mapping(*, session: Session, actor: Actor, data: bytes, filename: str) -> Applied:
    """Check the mapping again and record it: all events or none (ImportFailed lists the bad rows)."""
    plan = preview_mapping(session=session, actor=actor, data=data, filename=filename)
    return _apply(session, actor, plan)


def apply_event(*, session: Session, actor: Actor, **event: object) -> Applied:
    """Check the form's event again and record it (ImportFailed lists the problems)."""
    plan = preview_event(session=session, actor=actor, **event)
    return _apply(session, actor, plan)


def _apply(session: Session, actor: Actor, plan: Plan) -> Applied:
    if plan.errors:
        raise ImportFailed(rows=plan.errors)
    if not plan.events:
        raise ImportFailed(rows=[RowError(0, "", "history.error.empty")])
    forget(session)
    actor_id = getattr(actor, "id", None)
    codes = {old for e in plan.events for old, _ in e.links} | {new for e in plan.events for _, new in e.links if new}
    codes |= {u["parent_code"] for u in plan.new_units if u["parent_code"]}
    ids = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id).where(Unit.code.in_(sorted(codes))))}
    fresh = []
    for spec in plan.new_units:  # parents are existing units (a new parent code must be known): one flush for all
        parent_id = ids[spec["parent_code"]] if spec["parent_code"] else spec["parent_id"]
        unit = Unit(code=spec["code"], name=spec["name"], kind=spec["kind"], headcount=spec["headcount"],
                    valid_from=spec["valid_from"], parent_id=parent_id)
        session.add(unit)
        fresh.append(unit)
    session.flush()
    parents = {u.id: (u.path, u.level) for u in session.scalars(
        select(Unit).where(Unit.id.in_({u.parent_id for u in fresh if u.parent_id})))}
    for unit in fresh:
        path, level = parents[unit.parent_id] if unit.parent_id else ("/", -1)
        unit.path, unit.level = f"{path}{unit.id}/", level + 1
        ids[unit.code] = unit.id
    created = {spec["code"] for spec in plan.new_units}
    events = []
    for planned in plan.events:
        event = UnitEvent(kind=planned.kind, effective_on=planned.effective_on, legal_basis=planned.legal_basis,
                          source=(plan.source or None) and plan.source[:255], created_by=actor_id)
        session.add(event)
        events.append(event)
    session.flush()
    session.add_all([UnitEventLink(event_id=event.id, unit_id=ids[old], successor_id=ids[new] if new else None)
                     for event, planned in zip(events, plan.events, strict=True) for old, new in planned.links])
    session.flush()
    moved = _end_units(session, plan, events, ids, created)
    for index, (event, planned) in enumerate(zip(events, plan.events, strict=True)):
        # One audit row per event, naming the units it created (not one per unit).
        made = [{"id": ids[new], "code": new, "name": next(u["name"] for u in plan.new_units if u["code"] == new)}
                for new in dict.fromkeys(new for _, new in planned.links if new) if new in created]
        audit.record(session=session, actor=actor, action="unit.reorganise", entity="unit_event",
                     entity_id=event.id, details={
                         "kind": planned.kind, "effective_on": planned.effective_on.isoformat(),
                         "legal_basis": planned.legal_basis, "links": planned.links, "source": plan.source,
                         "rows": planned.rows, "created_units": made, "staff_moved": moved[index][0],
                         "open_files_moved": moved[index][1]})
    session.flush()
    session.expire_all()
    forget(session)
    return Applied(events=len(plan.events), ended=len(plan.endings), created=len(plan.new_units),
                   staff_moved=sum(m[0] for m in moved.values()), files_moved=sum(m[1] for m in moved.values()),
                   event_ids=[e.id for e in events])


def _end_units(session: Session, plan: Plan, events: list[UnitEvent], ids: dict[str, int],
               created: set[str]) -> dict[int, tuple[int, int]]:
    """End every unit of the plan under the rule the preview showed, set-based: the units get their end date and
    successor first, then staff, open files, campaigns and draft lists follow units.successor_id in one statement
    each (whatever the number of events). Returns {event index: (staff moved, open files moved)}."""
    successor_of = {e.unit_id: (ids[e.successor_code] if e.successor_code else None) for e in plan.endings}
    event_of = {e.unit_id: events[e.event] for e in plan.endings}
    table = Unit.__table__  # Core statements: one executemany each
    session.execute(update(table).where(table.c.id == bindparam("old")).values(
        valid_to=bindparam("until"), active=False, successor_id=bindparam("successor")),
        [{"old": old, "until": event_of[old].effective_on, "successor": successor_of[old]} for old in successor_of])
    moving = sorted(old for old, new in successor_of.items() if new is not None)
    dissolved = sorted(old for old, new in successor_of.items() if new is None)
    if dissolved:  # no receiving unit: close its campaigns, leave people and files to the administrator
        session.execute(update(Campaign).where(Campaign.unit_id.in_(dissolved), Campaign.active.is_(True))
                        .values(active=False).execution_options(synchronize_session=False))
    index_of = {id(event): n for n, event in enumerate(events)}
    counts = {n: (0, 0) for n in range(len(events))}
    if not moving:
        return counts
    grown: dict[int, int] = {}
    for ending in plan.endings:
        if ending.successor_code and ending.successor_code not in created:
            target = ids[ending.successor_code]
            grown[target] = grown.get(target, 0) + ending.headcount
    if grown:
        session.execute(update(table).where(table.c.id == bindparam("target"))
                        .values(headcount=table.c.headcount + bindparam("extra")),
                        [{"target": k, "extra": v} for k, v in grown.items()])
    staff = dict(session.execute(select(User.unit_id, func.count()).where(User.unit_id.in_(moving))
                                 .group_by(User.unit_id)).all())
    files = dict(session.execute(select(Idea.unit_id, func.count()).where(
        Idea.unit_id.in_(moving), Idea.status.in_(OPEN_FILE_STATUSES)).group_by(Idea.unit_id)).all())
    for old in moving:
        n = index_of[id(event_of[old])]
        counts[n] = (counts[n][0] + int(staff.get(old, 0)), counts[n][1] + int(files.get(old, 0)))
    link = select(func.min(UnitEventLink.event_id)).where(UnitEventLink.unit_id == User.unit_id).scalar_subquery()
    session.execute(insert(UnitMembership).from_select(
        ["user_id", "unit_id", "valid_from", "valid_to", "event_id"],
        select(User.id, User.unit_id, literal(None, Date), Unit.valid_to, link)
        .join(Unit, Unit.id == User.unit_id).where(User.unit_id.in_(moving))))
    follow = select(Unit.successor_id).where(Unit.id == User.unit_id).scalar_subquery()
    session.execute(update(User).where(User.unit_id.in_(moving)).values(unit_id=follow)
                    .execution_options(synchronize_session=False))
    # Roles over the old units move to the successor (a role the person already holds there is not repeated).
    roles = session.execute(select(RoleAssignment.id, RoleAssignment.user_id, RoleAssignment.role,
                                   RoleAssignment.unit_id).where(RoleAssignment.unit_id.in_(moving))).all()
    if roles:
        targets = sorted({successor_of[r.unit_id] for r in roles})
        held = set(session.execute(select(RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.unit_id)
                                   .where(RoleAssignment.unit_id.in_(targets))).all())
        for role_id, user_id, role, old in roles:
            key = (user_id, role, successor_of[old])
            if key in held:
                session.execute(delete(RoleAssignment).where(RoleAssignment.id == role_id))
            else:
                held.add(key)
                session.execute(update(RoleAssignment).where(RoleAssignment.id == role_id)
                                .values(unit_id=successor_of[old]).execution_options(synchronize_session=False))
    for model, condition in ((Idea, Idea.status.in_(OPEN_FILE_STATUSES)), (Campaign, Campaign.active.is_(True)),
                             (AwardList, AwardList.status == "draft")):
        follow = select(Unit.successor_id).where(Unit.id == model.unit_id).scalar_subquery()
        session.execute(update(model).where(model.unit_id.in_(moving), condition).values(unit_id=follow)
                        .execution_options(synchronize_session=False))
    children = session.execute(select(Unit.id, Unit.parent_id).where(
        Unit.parent_id.in_(moving), Unit.valid_to.is_(None))).all()
    if children:
        session.expire_all()
        for child_id, parent_id in children:
            if child_id != successor_of[parent_id]:
                place(session, session.get(Unit, child_id), session.get(Unit, successor_of[parent_id]))
        session.flush()
    return counts


# ---------------------------------------------------------------- reading history


def ended_by(session: Session, unit_id: int) -> UnitEvent | None:
    """The event that ended a unit, if any."""
    return session.scalar(select(UnitEvent).join(UnitEventLink, UnitEventLink.event_id == UnitEvent.id)
                          .where(UnitEventLink.unit_id == unit_id).order_by(UnitEvent.effective_on.desc()))


def unit_on(session: Session, user_id: int, day: dt.date) -> int | None:
    """The unit a person belonged to on `day`: a closed membership covering it, else their current unit."""
    past = session.scalar(select(UnitMembership.unit_id).where(
        UnitMembership.user_id == user_id, UnitMembership.valid_to > day,
        (UnitMembership.valid_from.is_(None)) | (UnitMembership.valid_from <= day))
        .order_by(UnitMembership.valid_to))
    return past if past is not None else session.scalar(select(User.unit_id).where(User.id == user_id))


def current_successor(session: Session, unit_id: int, *, on: dt.date | None = None) -> int:
    """Where a unit's history belongs today (itself if it never ended into another unit)."""
    on = on or clock.today()
    seen = set()
    unit = session.get(Unit, unit_id)
    while unit is not None and unit.successor_id and unit.valid_to and unit.valid_to <= on and unit.id not in seen:
        seen.add(unit.id)
        unit = session.get(Unit, unit.successor_id)
    return unit.id if unit is not None else unit_id


def events_table(session: Session) -> list[dict]:
    """Every recorded event, newest first, with its old and new codes (for the units page)."""
    old, new = Unit.__table__.alias("old"), Unit.__table__.alias("new")
    rows = session.execute(
        select(UnitEvent.id, UnitEvent.kind, UnitEvent.effective_on, UnitEvent.legal_basis, UnitEvent.source,
               old.c.code, old.c.name, new.c.code, new.c.name)
        .join(UnitEventLink, UnitEventLink.event_id == UnitEvent.id)
        .join(old, old.c.id == UnitEventLink.unit_id)
        .outerjoin(new, new.c.id == UnitEventLink.successor_id)
        .order_by(UnitEvent.effective_on.desc(), UnitEvent.id.desc(), UnitEventLink.id)).all()
    return [{"event_id": r[0], "kind": r[1], "effective_on": r[2], "legal_basis": r[3], "source": r[4],
             "old_code": r[5], "old_name": r[6], "new_code": r[7], "new_name": r[8]} for r in rows]


def current_codes(session: Session) -> set[str]:
    """Codes of the units that still exist (no end date)."""
    return set(session.scalars(select(Unit.code).where(Unit.valid_to.is_(None))))


def template_csv() -> bytes:
    """The mapping's header line as a CSV for Vietnamese Excel (`;`, BOM); read_rows takes either separator."""
    return csvfile.csv_bytes(TEMPLATE_HEADERS, [])
