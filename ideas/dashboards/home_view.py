"""The home page's view: ONE work list per person across all their roles, ready to show.

Each item is a link to the exact file at the exact action (ideas.core.targets): a co-author's consent, a draft
to complete and file, a file to screen, reviewers to assign, a score, a decision, a recognised initiative to put
on an award list, a list to complete or approve, a follow-through result to record. Overdue items come first,
then by due date. Leaders and administrators also get their headline figures and a link to the dashboard.

Each kind of item is ONE query (its first rows and, by a window function, how many there are in all), run only
for the roles that have it, scoped by unit path in SQL: the number of queries does not grow with the data
(tests/dashboards/test_home_view.py counts them).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, null, or_, select
from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core import clock, navigation, settings, targets
from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.models import (
    AwardItem,
    AwardList,
    Campaign,
    Decision,
    FollowMeasurement,
    Idea,
    IdeaAuthor,
    ReviewAssignment,
    ScoreSheet,
    Unit,
    User,
)
from ideas.core.permissions import PERMISSIONS, can, grants
from ideas.core.targets import Link

# One status's files in the order of the work-list index (ix_ideas_status_stage_due): the first ones are read on the
# index without sorting, or reading, the status's other wide rows (a review stage, then the earliest due date).
ALONG_THE_INDEX = (Idea.review_stage, Idea.decision_due_on, Idea.id)
SHOWN = 15  # items shown per kind; the rest is counted ("and N more", with a link to the page)
OPEN_STATUSES = ("submitted", "returned", "under_review")
LINKS = (("pages/ideas_submit.py", "home.link.submit", ":material/edit_note:"),
         ("pages/ideas_mine.py", "home.link.mine", ":material/folder_shared:"),
         ("pages/ideas_browse.py", "home.link.browse", ":material/search:"),
         ("pages/inbox.py", "home.link.inbox", ":material/inbox:"))


def my_ideas_by_status(session: Session, *, user: User) -> dict[str, int]:
    """How many of my files (owned or co-authored) are in each status."""
    mine = or_(Idea.owner_id == user.id,
               Idea.id.in_(select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user.id)))
    rows = session.execute(select(Idea.status, func.count()).where(mine).group_by(Idea.status)).all()
    return {status: count for status, count in rows}


def _scope(session: Session, user: User, action: str, column):
    """A WHERE clause keeping `column` (a unit id) inside the user's reach for `action`; None = everywhere.

    Built from the cached grants, with the subtree as a subquery on unit paths: no list of ids is read first.
    """
    held = [g for g in grants(session, user) if g.role in PERMISSIONS[action]]
    if any(g.unit_id is None for g in held):
        return None
    paths = [g.unit_path for g in held if g.unit_path]
    if not paths:
        return column.in_([-1])
    return column.in_(select(Unit.id).where(or_(*[Unit.path.startswith(p) for p in paths])))


def _scoped(query, clause):
    return query if clause is None else query.where(clause)


@dataclass(frozen=True)
class Row:
    step: str
    idea_id: int | None
    list_id: int | None
    receipt_no: str | None
    title: str
    due: dt.date | None
    note: str = ""  # a short extra, e.g. "chờ 1 đồng tác giả đồng ý"
    campaign_id: int | None = None  # where the council sits (the decision's page is per campaign)


@dataclass(frozen=True)
class Found:
    step: str
    rows: list[Row]
    total: int
    overdue: int


def _run(session: Session, step: str, query, today: dt.date, due_column, *, note=None, key=None) -> Found:
    """Run one kind's queries: its first SHOWN rows (ordered, limited), and how many there are in all with how many
    are overdue (a count on indexes, no rows read back). With `key` (a column of the narrow work-list indexes), the
    first keys are read on the index first and only their rows after: no wide row of the other files is read."""
    if key is not None:
        keys = list(session.scalars(query.with_only_columns(key, maintain_column_froms=True).limit(SHOWN)))
        result = session.execute(query.where(key.in_(keys or [-1]))).all()
    else:
        result = session.execute(query.limit(SHOWN)).all()
    rows = []
    for r in result:
        mapping = r._mapping
        rows.append(Row(step, mapping.get("idea_id"), mapping.get("list_id"), mapping.get("receipt_no"),
                        mapping["title"], mapping.get("due"), note(mapping) if note else "",
                        mapping.get("campaign_id")))
    counts = [func.count()]
    if due_column is not None:
        counts.append(func.coalesce(func.sum(case((due_column < today, 1), else_=0)), 0))
    found = session.execute(query.with_only_columns(*counts, maintain_column_froms=True).order_by(None)).one()
    return Found(step, rows, int(found[0]), int(found[1]) if due_column is not None else 0)


def _idea_columns(due):
    return (Idea.id.label("idea_id"), Idea.receipt_no.label("receipt_no"), Idea.title.label("title"),
            due.label("due"))


def consents(session: Session, user: User, today: dt.date) -> Found:
    """Files on which I am named co-author and have not answered yet (due: the campaign's closing day)."""
    query = (select(*_idea_columns(Campaign.closes_on))
             .select_from(IdeaAuthor).join(Idea, Idea.id == IdeaAuthor.idea_id)
             .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
             .where(IdeaAuthor.user_id == user.id, IdeaAuthor.consent == "invited",
                    Idea.owner_id != user.id, Idea.status.in_(("draft", "returned")))
             .order_by(Campaign.closes_on, Idea.id))
    return _run(session, "consent", query, today, Campaign.closes_on)


def drafts(session: Session, user: User, today: dt.date) -> Found:
    """My own drafts and returned files, to complete and file (a draft's due date: its campaign's closing day),
    with how many co-authors have not accepted yet."""
    due = case((Idea.receipt_no.is_(None), Campaign.closes_on), else_=None)
    pending = (select(func.count()).select_from(IdeaAuthor)
               .where(IdeaAuthor.idea_id == Idea.id, IdeaAuthor.consent != "accepted")
               .correlate(Idea).scalar_subquery())
    query = (select(*_idea_columns(due), pending.label("pending"), Idea.status.label("status"))
             .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
             .where(Idea.owner_id == user.id, Idea.status.in_(("draft", "returned")))
             .order_by(due, Idea.updated_at.desc(), Idea.id))
    return _run(session, "submit", query, today, due, note=_draft_note)


def _draft_note(mapping) -> str:
    parts = []
    if mapping["status"] == "returned":
        parts.append("returned")
    if mapping["pending"]:
        parts.append(f"pending:{int(mapping['pending'])}")
    return ",".join(parts)


def to_screen(session: Session, user: User, today: dt.date) -> Found | None:
    if not can(session, user, "review.screen"):
        return None
    query = (select(*_idea_columns(Idea.decision_due_on)).where(Idea.status == "submitted")
             .order_by(*ALONG_THE_INDEX))
    query = _scoped(query, _scope(session, user, "review.screen", Idea.unit_id))
    return _run(session, "screen", query, today, Idea.decision_due_on, key=Idea.id)


def to_assign(session: Session, user: User, today: dt.date) -> Found | None:
    """Files accepted for review with no active reviewer yet."""
    if not can(session, user, "review.assign"):
        return None
    assigned = exists().where(ReviewAssignment.idea_id == Idea.id, ReviewAssignment.status == "active")
    query = (select(*_idea_columns(Idea.decision_due_on))
             .where(Idea.status == "under_review", ~assigned)
             .order_by(*ALONG_THE_INDEX))
    query = _scoped(query, _scope(session, user, "review.assign", Idea.unit_id))
    return _run(session, "assign", query, today, Idea.decision_due_on, key=Idea.id)


def to_score(session: Session, user: User, today: dt.date) -> Found | None:
    """My active assignments on files under review that I have not scored, read from my assignments (an index)."""
    if not can(session, user, "review.score"):
        return None
    under_review = select(Idea.id).where(Idea.status == "under_review")
    scored = exists().where(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == user.id)
    mine = (select(ReviewAssignment.idea_id, ReviewAssignment.due_on)
            .where(ReviewAssignment.reviewer_id == user.id, ReviewAssignment.status == "active",
                   ReviewAssignment.idea_id.in_(under_review), ~scored))
    first = session.execute(mine.order_by(ReviewAssignment.due_on, ReviewAssignment.idea_id).limit(SHOWN)).all()
    due = dict(first)
    files = session.execute(select(Idea.id, Idea.receipt_no, Idea.title).where(Idea.id.in_(list(due) or [-1]))).all()
    by_id = {row.id: row for row in files}
    rows = [Row("score", idea_id, None, by_id[idea_id].receipt_no, by_id[idea_id].title, due[idea_id])
            for idea_id, _ in first if idea_id in by_id]
    total, late = session.execute(mine.with_only_columns(
        func.count(), func.coalesce(func.sum(case((ReviewAssignment.due_on < today, 1), else_=0)), 0),
        maintain_column_froms=True)).one()
    return Found("score", rows, int(total), int(late))


def to_decide(session: Session, user: User, today: dt.date) -> Found | None:
    """Files whose scores are in (or whose vote has started), waiting for the council's decision."""
    if not can(session, user, "review.decide"):
        return None
    query = (select(*_idea_columns(Idea.decision_due_on), Idea.campaign_id.label("campaign_id"))
             .where(Idea.status == "under_review", Idea.review_stage.in_(("scored", "voting")))
             .order_by(*ALONG_THE_INDEX))
    query = _scoped(query, _scope(session, user, "review.decide", Idea.unit_id))
    return _run(session, "decide", query, today, Idea.decision_due_on, key=Idea.id)


def to_award(session: Session, user: User, today: dt.date) -> Found | None:
    """Recognised initiatives not yet on any award list (newest decisions first)."""
    if not can(session, user, "rewards.build"):
        return None
    listed = exists().where(AwardItem.idea_id == Idea.id)
    query = (select(*_idea_columns(null()))
             .where(Idea.status == "recognised", ~listed)
             .order_by(Idea.id.desc()))  # the newest files first
    query = _scoped(query, _scope(session, user, "rewards.build", Idea.unit_id))
    return _run(session, "award", query, today, None)


def lists_waiting(session: Session, user: User, today: dt.date) -> Found | None:
    """Award lists to complete and submit (draft) or to approve (submitted), each for whoever may do it."""
    build, approve = can(session, user, "rewards.build"), can(session, user, "rewards.approve")
    if not (build or approve):
        return None
    wanted = []
    if build:
        wanted.append(_scoped_list("draft", _scope(session, user, "rewards.build", AwardList.unit_id)))
    if approve:
        wanted.append(_scoped_list("submitted", _scope(session, user, "rewards.approve", AwardList.unit_id)))
    query = (select(AwardList.id.label("list_id"), AwardList.title.label("title"),
                    AwardList.status.label("status"))
             .where(or_(*wanted)).order_by(AwardList.status.desc(), AwardList.id))
    return _run(session, "lists", query, today, None,
                note=lambda m: "approve" if m["status"] == "submitted" else "build")


def _scoped_list(status: str, clause):
    # a province-level list (no unit) is within reach of province-wide holders only
    return AwardList.status == status if clause is None else and_(AwardList.status == status, clause)


def results_due(session: Session, user: User, today: dt.date) -> Found:
    """Follow-through checkpoints of my recognised files whose measuring window is open and not yet recorded."""
    window = dt.timedelta(days=settings.get_int(session, "followup.measure_window_days"))
    query = (select(*_idea_columns(FollowMeasurement.due_on)).select_from(FollowMeasurement)
             .join(Idea, Idea.id == FollowMeasurement.idea_id)
             .where(Idea.owner_id == user.id, Idea.status == "recognised", FollowMeasurement.measured_on.is_(None),
                    FollowMeasurement.due_on <= today + window)
             .order_by(FollowMeasurement.due_on, Idea.id))
    return _run(session, "result", query, today, FollowMeasurement.due_on)


# ---------------------------------------------------------------- headline figures (leaders, administrators)


def headline_counts(session: Session, user: User, today: dt.date) -> dict[str, int] | None:
    """Leaders' and administrators' figures over their dashboard reach, in one query."""
    roles = {g.role for g in grants(session, user)}
    if not roles & {"leader", "admin"} or not can(session, user, "dashboard.view"):
        return None
    year_start = dt.datetime(today.year, 1, 1)
    scope = _scope(session, user, "dashboard.view", Idea.unit_id)
    # Each figure reads only its own range of a narrow index, never the whole ideas table: this year's filings on
    # the cohort index (submitted_at first), the waiting files on the work-list index (status first), the year's
    # recognitions on ix_decisions_outcome_on_idea (no decision row is read).
    filed = select(func.count()).select_from(Idea).where(Idea.submitted_at >= year_start, Idea.status != "draft")
    submitted = session.scalar(_scoped(filed, scope))
    waiting = select(func.count(), func.sum(case((Idea.decision_due_on < today, 1), else_=0))).where(
        Idea.status.in_(("submitted", "under_review")))
    waiting_count, overdue = session.execute(_scoped(waiting, scope)).one()
    recognised = select(func.count(func.distinct(Decision.idea_id))).where(
        Decision.outcome == "recognised", Decision.decided_on >= year_start.date())
    if scope is not None:
        recognised = recognised.where(Decision.idea_id.in_(select(Idea.id).where(scope)))
    counted = session.scalar(recognised)
    return dict(zip(("submitted", "waiting", "overdue", "recognised"),
                    (int(v or 0) for v in (submitted, waiting_count, overdue, counted)), strict=True))


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class Metric:
    label: str
    value: int


@dataclass(frozen=True)
class Home:
    welcome: str
    unit_name: str | None
    metrics: list[Metric]
    returned: str | None  # the warning when files came back for changes
    work: list[Link]  # what waits for me, each a link to the exact file and action: overdue first
    more: list[Link]  # "and N more files to screen": the page of each kind whose list was cut
    alerts: list[str]  # e.g. "11 files are past their decision deadline" (translations and numbers)
    headline: list[Metric]  # leaders and administrators
    dashboard: Link | None
    links: list[Link]
    roles: str


def work_lists(session: Session, user: User, today: dt.date) -> list[Found]:
    """Every kind of work that may wait for `user`, one query each for the roles they hold."""
    found = [consents(session, user, today), drafts(session, user, today), to_screen(session, user, today),
             to_assign(session, user, today), to_score(session, user, today), to_decide(session, user, today),
             to_award(session, user, today), lists_waiting(session, user, today), results_due(session, user, today)]
    return [f for f in found if f is not None]


def _item_link(row: Row, lang: str, today: dt.date, allowed: set[str]) -> Link | None:
    file = f"{row.receipt_no} · {row.title}" if row.receipt_no else row.title
    label = t(f"worklist.work.{row.step}", lang, file=file)
    notes = row.note.split(",") if row.note else []
    if "returned" in notes:
        label = t("worklist.work.returned", lang, file=file)
    for part in notes:
        if part.startswith("pending:"):
            label += " — " + t("worklist.work.pending_consent", lang, count=fmt_number(int(part[8:]), lang))
    target = targets.target(row.step, idea=row.idea_id, award_list=row.list_id, campaign=row.campaign_id)
    overdue = row.due is not None and row.due < today
    return targets.link(target, label, due=fmt_date(row.due, lang) if row.due else "", overdue=overdue,
                        allowed=allowed)


def home_view(*, session: Session, actor: User, lang: str = "vi") -> Home:
    """Everything the home page shows, translated: counts, my work list, leaders' figures, my roles."""
    today = clock.today()
    unit_name = session.scalar(select(Unit.name).where(Unit.id == actor.unit_id)) if actor.unit_id else None
    mine = my_ideas_by_status(session, user=actor)
    metrics = [Metric(t("home.metric.unread", lang), inbox.unread_count(session, user=actor)),
               Metric(t("home.metric.drafts", lang), mine.get("draft", 0) + mine.get("returned", 0)),
               Metric(t("home.metric.open", lang), sum(mine.get(s, 0) for s in OPEN_STATUSES)),
               Metric(t("home.metric.recognised", lang), mine.get("recognised", 0))]
    returned = (t("home.returned", lang, count=fmt_number(mine["returned"], lang)) if mine.get("returned")
                else None)
    items: list[tuple[tuple, Link]] = []
    more, alerts = [], []
    allowed = {page.path for page in navigation.menu(session=session, actor=actor)}  # from the cached grants
    for order, found in enumerate(work_lists(session, actor, today)):
        for position, row in enumerate(found.rows):
            if row.step == "lists":  # a draft list is to complete and submit, a submitted one to approve
                row = Row(row.note, None, row.list_id, None, row.title, None)
            link = _item_link(row, lang, today, allowed)
            if link is not None:
                items.append(((not link.overdue, row.due or dt.date.max, order, position), link))
        if found.total > len(found.rows):
            step = "build" if found.step == "lists" else found.step
            page = targets.link({"step": step}, "", allowed=allowed)
            if page is not None:
                more.append(Link(page.page, t("worklist.more", lang,
                                                count=fmt_number(found.total - len(found.rows), lang))))
        if found.overdue and found.step in ("screen", "assign", "decide", "score"):
            alerts.append(t(f"worklist.overdue.{found.step}", lang, count=fmt_number(found.overdue, lang)))
    items.sort(key=lambda pair: pair[0])
    figures = headline_counts(session, actor, today)
    headline = [] if figures is None else [Metric(t(f"worklist.headline.{name}", lang), value)
                                           for name, value in figures.items()]
    dashboard = (Link(targets.STEP_PAGES["dashboard"], t("worklist.headline.open_dashboard", lang),
                      icon=":material/monitoring:")
                 if figures is not None and targets.STEP_PAGES["dashboard"] in allowed else None)
    roles = sorted({grant.role for grant in grants(session, actor)})
    return Home(welcome=t("home.welcome", lang, name=actor.full_name), unit_name=unit_name,
                metrics=metrics, returned=returned, work=[link for _, link in items], more=more, alerts=alerts,
                headline=headline, dashboard=dashboard,
                links=[Link(page, t(key, lang), icon=icon) for page, key, icon in LINKS],
                roles=t("home.your_roles", lang, roles=", ".join(t(f"role.{r}", lang) for r in roles)))
