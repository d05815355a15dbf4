"""Read models of award lists: tables in SQL within the viewer's scope, options for the pickers."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ideas.core.errors import PermissionDenied
from ideas.core.models import AwardForm, AwardItem, AwardList, Decision, Idea, IdeaAuthor, Unit, User
from ideas.core.permissions import Actor, can
from ideas.core.text import fold
from ideas.core.words import RECOGNISED
from ideas.rewards import rules
from ideas.rewards.awards.lists import FINAL, get_list, scope_of


def _visible_lists(session: Session, actor: Actor):
    """A WHERE clause for the lists `actor` may see (None = all), or False when none."""
    ids = scope_of(session, actor, "rewards.view")
    if ids is None:
        return None
    if not ids:
        return False
    return AwardList.unit_id.in_(ids)


def can_view(session: Session, actor: Actor, award_list: AwardList) -> bool:
    if award_list.unit_id is None:
        return scope_of(session, actor, "rewards.view") is None and can(session, actor, "rewards.view")
    return can(session, actor, "rewards.view", unit_id=award_list.unit_id)


def list_table(session: Session, *, actor: Actor, year: int | None = None, status: str | None = None,
               limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Lists in the actor's scope with their item count and total (GROUP BY)."""
    columns = ["id", "title", "year", "unit", "status", "decision_no", "decision_date", "items", "total",
               "version"]
    clause = _visible_lists(session, actor)
    if clause is False:
        return pd.DataFrame(columns=columns)
    totals = (select(AwardItem.list_id, func.count(AwardItem.id).label("n_items"),
                     func.coalesce(func.sum(AwardItem.amount), 0).label("total"))
              .group_by(AwardItem.list_id).subquery())
    query = (select(AwardList.id, AwardList.title, AwardList.year, Unit.name, AwardList.status,
                    AwardList.decision_no, AwardList.decision_date, func.coalesce(totals.c.n_items, 0),
                    func.coalesce(totals.c.total, 0), AwardList.version)
             .outerjoin(Unit, Unit.id == AwardList.unit_id).outerjoin(totals, totals.c.list_id == AwardList.id)
             .order_by(AwardList.year.desc(), AwardList.id.desc()).limit(limit).offset(offset))
    if clause is not None:
        query = query.where(clause)
    if year:
        query = query.where(AwardList.year == year)
    if status:
        query = query.where(AwardList.status == status)
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame["total"] = frame["total"].astype("int64") if not frame.empty else frame["total"]
    return frame


def items_frame(session: Session, *, actor: Actor, list_id: int) -> pd.DataFrame:
    """The items of one list, collectives first, in order."""
    award_list = get_list(session, list_id)
    if not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    rows = session.execute(
        select(AwardItem.id, AwardItem.recipient_kind, AwardItem.display_name, AwardItem.position_unit,
               AwardItem.achievement, AwardForm.code, AwardForm.name_vi, AwardItem.coefficient,
               AwardItem.base_salary, AwardItem.multiplier, AwardItem.amount)
        .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
        .where(AwardItem.list_id == list_id)
        .order_by(case((AwardItem.recipient_kind == "collective", 0), else_=1), AwardItem.position)).all()
    return pd.DataFrame(rows, columns=["id", "kind", "name", "position_unit", "achievement", "form_code", "form",
                                       "coefficient", "base_salary", "multiplier", "amount"])


def recognised_authors(session: Session, *, actor: Actor, year: int, limit: int = 500) -> pd.DataFrame:
    """Authors of initiatives recognised in `year` within the actor's build scope (one row per author+idea)."""
    columns = ["user_id", "full_name", "unit", "idea_id", "title", "scope", "decided_on"]
    ids = scope_of(session, actor, "rewards.build")
    if ids == []:
        return pd.DataFrame(columns=columns)
    query = (select(User.id, User.full_name, Unit.name, Idea.id, Idea.title, Decision.scope, Decision.decided_on)
             .join(IdeaAuthor, IdeaAuthor.user_id == User.id).join(Idea, Idea.id == IdeaAuthor.idea_id)
             .join(Decision, Decision.idea_id == Idea.id).outerjoin(Unit, Unit.id == User.unit_id)
             .where(Decision.outcome == RECOGNISED,
                    Decision.decided_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
             .order_by(Unit.name, User.full_name, Idea.id).limit(limit))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))  # the people the officer may put on a list
    return pd.DataFrame(session.execute(query).all(), columns=columns)


# The one rule for which unit an award counts under (docs/COUNTING.md, "Which unit an award counts under"): the
# unit written on the award item, i.e. the recipient's unit as the approved decision names it (a person's unit
# when put on the list, a collective's own unit), never the unit of the initiative behind it. The ledger and the
# dashboard both read awards through `awarded_totals`, so they cannot disagree.
AWARD_UNIT = AwardItem.unit_id


def awarded_totals(session: Session, *, unit_ids: list[int] | None, year: int | None = None,
                   campaign_id: int | None = None) -> pd.DataFrame:
    """Awards on approved or locked lists per year, unit (AWARD_UNIT) and form: recipients and amount (VND).

    `unit_ids` limits to awards counted under those units (None: everywhere)."""
    columns = ["year", "unit_id", "form_code", "form_vi", "form_en", "recipients", "total"]
    if unit_ids == []:
        return pd.DataFrame(columns=columns)
    query = (select(AwardList.year, AWARD_UNIT, AwardForm.code, AwardForm.name_vi, AwardForm.name_en,
                    func.count(AwardItem.id), func.coalesce(func.sum(AwardItem.amount), 0))
             .select_from(AwardItem)
             .join(AwardList, AwardList.id == AwardItem.list_id)
             .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
             .where(AwardList.status.in_(FINAL))
             .group_by(AwardList.year, AWARD_UNIT, AwardForm.code, AwardForm.name_vi, AwardForm.name_en))
    if unit_ids is not None:
        query = query.where(AWARD_UNIT.in_(unit_ids))
    if year:
        query = query.where(AwardList.year == year)
    if campaign_id is not None:
        query = query.where(AwardItem.idea_id.in_(select(Idea.id).where(Idea.campaign_id == campaign_id)))
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    return frame.astype({"recipients": "int64", "total": "int64"}) if not frame.empty else frame


def ledger_totals(session: Session, *, actor: Actor, year: int | None = None) -> pd.DataFrame:
    """Approved awards summed by year, unit and form, within the actor's view scope (awarded_totals)."""
    columns = ["year", "unit", "form_code", "form", "recipients", "total"]
    frame = awarded_totals(session, unit_ids=scope_of(session, actor, "rewards.view"), year=year)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    ids = [int(i) for i in frame.unit_id.dropna().unique()]
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all() if ids else []
    names = {int(unit_id): name for unit_id, name in rows}
    frame = frame.assign(unit=[names.get(int(i)) if pd.notna(i) else None for i in frame.unit_id],
                         form=frame.form_vi)
    frame = frame.sort_values(["year", "unit", "form_code"], ascending=[False, True, True], na_position="first",
                              key=lambda c: c.fillna("") if c.name == "unit" else c)
    return frame[columns].reset_index(drop=True)


def my_awards(session: Session, *, actor: Actor) -> pd.DataFrame:
    """The actor's own awards on approved or locked lists."""
    rows = session.execute(
        select(AwardList.year, AwardForm.name_vi, AwardItem.achievement, AwardList.decision_no,
               AwardList.decision_date, AwardItem.amount)
        .join(AwardList, AwardList.id == AwardItem.list_id).join(AwardForm, AwardForm.id == AwardItem.award_form_id)
        .where(AwardItem.user_id == actor.id, AwardList.status.in_(FINAL))
        .order_by(AwardList.year.desc(), AwardList.decision_date.desc())).all()
    return pd.DataFrame(rows, columns=["year", "form", "achievement", "decision_no", "decision_date", "amount"])


def form_options(session: Session, on: dt.date, *, collective: bool | None = None) -> list[tuple[str, str]]:
    """(code, name) of the forms in force on `on`, optionally only those for collectives / individuals."""
    result = []
    for form in rules.forms_on(session, on):
        if collective is True and not form.allows_collective:
            continue
        if collective is False and not form.allows_individual:
            continue
        result.append((form.code, form.name_vi))
    return result


def unit_choices(session: Session, *, actor: Actor, action: str = "rewards.build") -> list[tuple[int | None, str]]:
    """Units the actor may use for `action` (tree order); (None, '') first when the grant is province-wide."""
    from ideas.accounts.units import unit_options  # accounts imports nothing of rewards; kept lazy for start-up

    ids = scope_of(session, actor, action)
    options = unit_options(session)
    if ids is None:
        return [(None, ""), *options] if can(session, actor, action) else []
    allowed = set(ids)
    return [(uid, label) for uid, label in options if uid in allowed]


def people_options(session: Session, *, actor: Actor, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """Active people in the actor's build scope, searched by folded name, for the add-person picker."""
    ids = scope_of(session, actor, "rewards.build")
    if ids == []:
        return []
    query = (select(User.id, User.full_name, User.username, Unit.name).outerjoin(Unit, Unit.id == User.unit_id)
             .where(User.active.is_(True)).order_by(User.search_name).limit(limit))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))
    if text:
        needle = f"%{fold(text)}%"
        query = query.where(or_(User.search_name.like(needle), User.username.like(needle)))
    return [(uid, f"{name} ({username}, {unit or '-'})") for uid, name, username, unit in session.execute(query)]


def list_header(session: Session, *, actor: Actor, list_id: int) -> dict:
    """The heading fields of one list as plain data (for the page)."""
    award_list = get_list(session, list_id)
    if not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    return {name: getattr(award_list, name) for name in (
        "id", "title", "year", "unit_id", "agency_name", "status", "decision_no", "decision_date", "signer",
        "signer_title", "rule_snapshot", "version", "approved_at")}
