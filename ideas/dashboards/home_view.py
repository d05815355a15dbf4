"""The home page's view: what is waiting for the signed-in person (a few COUNT queries), ready to show."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core.i18n import fmt_number, t
from ideas.core.models import AwardList, Idea, IdeaAuthor, ReviewAssignment, ScoreSheet, Unit, User
from ideas.core.permissions import can, grants, scope_unit_ids


def my_ideas_by_status(session: Session, *, user: User) -> dict[str, int]:
    """How many of my files (owned or co-authored) are in each status."""
    mine = or_(Idea.owner_id == user.id,
               Idea.id.in_(select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user.id)))
    rows = session.execute(select(Idea.status, func.count()).where(mine).group_by(Idea.status)).all()
    return {status: count for status, count in rows}


def _in_scope(session: Session, user: User, action: str):
    ids = scope_unit_ids(session, user, action)
    return None if ids is None else Idea.unit_id.in_(ids)


def waiting_for_screening(session: Session, *, user: User) -> int | None:
    if not can(session, user, "review.screen"):
        return None
    query = select(func.count()).select_from(Idea).where(Idea.status == "submitted")
    scope = _in_scope(session, user, "review.screen")
    return session.scalar(query if scope is None else query.where(scope)) or 0


def scores_due(session: Session, *, user: User) -> int | None:
    if not can(session, user, "review.score"):
        return None
    sheet = and_(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == user.id)
    query = (select(func.count()).select_from(ReviewAssignment)
             .join(Idea, Idea.id == ReviewAssignment.idea_id)
             .outerjoin(ScoreSheet, sheet)
             .where(ReviewAssignment.reviewer_id == user.id, ReviewAssignment.status == "active",
                    Idea.status == "under_review", ScoreSheet.id.is_(None)))
    return session.scalar(query) or 0


def draft_award_lists(session: Session, *, user: User) -> int | None:
    if not can(session, user, "rewards.build"):
        return None
    query = select(func.count()).select_from(AwardList).where(AwardList.status.in_(("draft", "submitted")))
    ids = scope_unit_ids(session, user, "rewards.build")
    if ids is not None:
        query = query.where(AwardList.unit_id.in_(ids))
    return session.scalar(query) or 0


def summary(session: Session, *, user: User) -> dict:
    """Everything the home page shows, in one call."""
    unit_name = session.scalar(select(Unit.name).where(Unit.id == user.unit_id)) if user.unit_id else None
    return {
        "unit_name": unit_name,
        "unread": inbox.unread_count(session, user=user),
        "mine": my_ideas_by_status(session, user=user),
        "screening": waiting_for_screening(session, user=user),
        "scores_due": scores_due(session, user=user),
        "award_lists": draft_award_lists(session, user=user),
    }


OPEN_STATUSES = ("submitted", "returned", "under_review")
# (count in summary(), its locale key, the page where it is done)
TASKS = (("screening", "home.task.screening", "pages/review_screening.py"),
         ("scores_due", "home.task.scores", "pages/review_queue.py"),
         ("award_lists", "home.task.award_lists", "pages/rewards_lists.py"))
LINKS = (("pages/ideas_submit.py", "home.link.submit", ":material/edit_note:"),
         ("pages/ideas_mine.py", "home.link.mine", ":material/folder_shared:"),
         ("pages/ideas_browse.py", "home.link.browse", ":material/search:"),
         ("pages/inbox.py", "home.link.inbox", ":material/inbox:"))


@dataclass(frozen=True)
class Link:
    page: str
    label: str
    icon: str = ":material/arrow_forward:"


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
    tasks: list[tuple[str, Link]]  # (what waits, where it is done)
    links: list[Link]
    roles: str


def home_view(*, session: Session, actor: User, lang: str = "vi") -> Home:
    """Everything the home page shows, translated: counts, what waits for me and where, my roles."""
    data = summary(session, user=actor)
    mine = data["mine"]
    metrics = [Metric(t("home.metric.unread", lang), data["unread"]),
               Metric(t("home.metric.drafts", lang), mine.get("draft", 0) + mine.get("returned", 0)),
               Metric(t("home.metric.open", lang), sum(mine.get(s, 0) for s in OPEN_STATUSES)),
               Metric(t("home.metric.recognised", lang), mine.get("recognised", 0))]
    returned = (t("home.returned", lang, count=fmt_number(mine["returned"], lang)) if mine.get("returned")
                else None)
    tasks = [(t(key, lang, count=fmt_number(data[name], lang)), Link(page, t("home.open", lang)))
             for name, key, page in TASKS if data[name]]
    roles = sorted({grant.role for grant in grants(session, actor)})
    return Home(welcome=t("home.welcome", lang, name=actor.full_name), unit_name=data["unit_name"],
                metrics=metrics, returned=returned, tasks=tasks,
                links=[Link(page, t(key, lang), icon) for page, key, icon in LINKS],
                roles=t("home.your_roles", lang, roles=", ".join(t(f"role.{r}", lang) for r in roles)))
