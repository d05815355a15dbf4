"""Who may see an idea, and the idea's record with only the fields the reader may see (read by the views).

Rules (the one place that decides them; browse, search, similar ideas and the CLI follow them too):
- draft: its authors (owner and co-authors) and admins only ("ideas.view_private").
- withdrawn: the same. The author took the file back, so it leaves the shared board; admins keep
  access for the record. A withdrawn draft was never public at all, so the rule cannot be looser.
- every other status (submitted, returned, under review, recognised, not recognised): every signed-in
  staff member, because the platform exists to share ideas.
- confidential_info: authors, plus holders of "ideas.view_confidential" (admin, council secretary,
  reviewer, chair) whose scope covers the idea's unit. Never part of search text or similar ideas.
- blind review: while a reader is assigned to review an idea of a blind campaign that is not decided yet (and
  is not one of its authors), the idea is "blind" to them: its record carries no authors, positions, shares,
  unit or owner, the history and comments name no author, and browse, search and similar ideas leave it out
  for them (a search by an author's name must not find it). `blind_idea_ids` is the one test.

Who the reader is: a signed-in `User`, or `permissions.SYSTEM` (the command line). SYSTEM sees what the
command line may list, the public ideas, and never drafts, withdrawn files nor confidential information.
An inactive account sees nothing. `actor=None` is a programming error (TypeError), never "everyone" nor
"no one": the same rule holds in browse and similar, which call `check_actor`.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import NotFound, PermissionDenied
from ideas.core.models import (
    Attachment,
    Campaign,
    Decision,
    Idea,
    IdeaAuthor,
    IdeaParField,
    ParField,
    ReviewAssignment,
    Support,
    Unit,
    User,
)
from ideas.core.permissions import Actor, can, is_system
from ideas.filing import lifecycle
from ideas.filing.records import author_ids

PRIVATE_STATUSES = frozenset({lifecycle.DRAFT, lifecycle.WITHDRAWN})
PUBLIC_STATUSES = tuple(s for s in lifecycle.STATUSES if s not in PRIVATE_STATUSES)

PUBLIC_FIELDS = (
    "id", "receipt_no", "title", "status", "review_stage", "scope", "solution_type", "unit_id", "campaign_id",
    "owner_id", "addressee", "investor", "field_of_application", "problem", "current_situation", "essence",
    "conditions", "first_applied_on", "application_status", "trial_participants", "benefits_text",
    "trial_assessment", "hours_saved", "vnd_saved", "reports_cut", "procedures_simplified",
    "services_online", "days_cut", "submitted_at", "accepted_at", "decision_due_on", "decided_at",
    "support_count", "comment_count", "created_at", "updated_at", "version",
)


def check_actor(actor: Actor) -> bool:
    """Whether the reader may read anything (an active user or SYSTEM); None is a programming error."""
    if actor is None:
        raise TypeError("actor is required: a User, or permissions.SYSTEM for the command line")
    return bool(actor.active)


def can_view(session: Session, actor: Actor, idea: Idea) -> bool:
    """Whether `actor` may open `idea` at all."""
    if not check_actor(actor):
        return False
    if idea.status not in PRIVATE_STATUSES:
        return True
    if is_system(actor):
        return False
    return actor.id in author_ids(session, idea) or can(session, actor, "ideas.view_private",
                                                         unit_id=idea.unit_id)


def can_view_confidential(session: Session, actor: Actor, idea: Idea) -> bool:
    """Whether `actor` may read the confidential information of a visible `idea`."""
    if is_system(actor) or not can_view(session, actor, idea):
        return False
    return actor.id in author_ids(session, idea) or can(session, actor, "ideas.view_confidential",
                                                         unit_id=idea.unit_id)


DECIDED_STATUSES = (lifecycle.RECOGNISED, lifecycle.NOT_RECOGNISED)


def blind_idea_ids(session: Session, actor: Actor, idea_ids: list[int] | None = None) -> set[int]:
    """Ideas blind to `actor`: assigned to them (active or recused) in a blind campaign, not decided yet, and
    not their own. `idea_ids` narrows the question to those ideas."""
    if actor is None or is_system(actor) or getattr(actor, "id", None) is None:
        return set()
    query = (select(ReviewAssignment.idea_id).join(Idea, Idea.id == ReviewAssignment.idea_id)
             .join(Campaign, Campaign.id == Idea.campaign_id)
             .where(ReviewAssignment.reviewer_id == actor.id, Campaign.blind_review.is_(True),
                    Idea.status.notin_(DECIDED_STATUSES)))
    if idea_ids is not None:
        query = query.where(ReviewAssignment.idea_id.in_(idea_ids))
    assigned = set(session.scalars(query))
    if not assigned:
        return set()
    own = set(session.scalars(select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == actor.id,
                                                                IdeaAuthor.idea_id.in_(assigned))))
    own |= set(session.scalars(select(Idea.id).where(Idea.owner_id == actor.id, Idea.id.in_(assigned))))
    return assigned - own


def hidden_people(session: Session, actor: Actor, idea: Idea) -> set[int]:
    """The user ids whose names must not be shown to `actor` beside this idea: its authors while it is blind to
    them (empty otherwise)."""
    if idea.id not in blind_idea_ids(session, actor, [idea.id]):
        return set()
    return set(author_ids(session, idea)) | {idea.owner_id}


def visible_idea(session: Session, *, actor: Actor, idea_id: int) -> Idea:
    """The idea if `actor` may see it; NotFound or PermissionDenied otherwise."""
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound("detail.error.not_found", idea=idea_id)
    if not can_view(session, actor, idea):
        raise PermissionDenied("detail.error.no_access")
    return idea


def idea_record(session: Session, *, actor: User, idea_id: int, with_history: bool = True) -> dict:
    """Everything the idea page shows to `actor`; confidential_info only when allowed; the history only
    `with_history` (else an empty list)."""
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    data = {name: getattr(idea, name) for name in PUBLIC_FIELDS}
    is_author = actor.id in author_ids(session, idea)
    confidential = can_view_confidential(session, actor, idea)
    data["confidential_visible"] = confidential
    if confidential:
        data["confidential_info"] = idea.confidential_info
    unit = session.get(Unit, idea.unit_id)
    data["unit_name"], data["unit_code"] = unit.name, unit.code
    campaign = session.get(Campaign, idea.campaign_id) if idea.campaign_id else None
    data["campaign_name"] = campaign.name if campaign else None
    data["campaign_year"] = campaign.year if campaign else None
    owner = session.get(User, idea.owner_id)
    data["owner_name"] = owner.full_name if owner else None
    data["authors"] = [
        {"user_id": a.user_id, "full_name": u.full_name, "position": u.position, "unit_name": unit_name,
         "share": a.share}
        for a, u, unit_name in session.execute(
            select(IdeaAuthor, User, Unit.name).join(User, User.id == IdeaAuthor.user_id)
            .outerjoin(Unit, Unit.id == User.unit_id)
            .where(IdeaAuthor.idea_id == idea.id).order_by(IdeaAuthor.position, IdeaAuthor.id))
    ]
    data["par_fields"] = [
        {"code": p.code, "name_vi": p.name_vi, "name_en": p.name_en}
        for p in session.scalars(select(ParField).join(IdeaParField, IdeaParField.par_code == ParField.code)
                                 .where(IdeaParField.idea_id == idea.id).order_by(ParField.position))
    ]
    data["attachments"] = [
        {"id": r.id, "filename": r.filename, "size": r.size, "mime": r.mime, "created_at": r.created_at}
        for r in session.execute(select(Attachment.id, Attachment.filename, Attachment.size, Attachment.mime,
                                        Attachment.created_at)
                                 .where(Attachment.idea_id == idea.id).order_by(Attachment.id))
    ]
    data["history"] = history_rows(session, idea.id) if with_history else []
    hidden = hidden_people(session, actor, idea)
    data["blind"], data["hidden_people"] = bool(hidden), hidden
    if hidden:  # blind review: nothing that names or places the authors
        data["unit_name"] = data["unit_code"] = data["owner_name"] = None
        data["authors"] = []
        data["history"] = [{**row, "actor_name": None} if row["actor_id"] in hidden else row
                           for row in data["history"]]
    decision = session.scalar(select(Decision).where(Decision.idea_id == idea.id)
                              .order_by(Decision.decided_on.desc(), Decision.id.desc()).limit(1))
    data["decision"] = None if decision is None else {
        "number": decision.number, "decided_on": decision.decided_on, "outcome": decision.outcome,
        "scope": decision.scope, "reason": decision.reason}
    public = idea.status in PUBLIC_STATUSES
    data["is_author"] = is_author
    data["supported"] = session.scalar(select(Support.id).where(Support.idea_id == idea.id,
                                                                 Support.user_id == actor.id)) is not None
    data["can_support"] = public and not is_author and can(session, actor, "ideas.support")
    data["can_comment"] = public and can(session, actor, "ideas.comment")
    data["can_moderate"] = can(session, actor, "ideas.moderate", unit_id=idea.unit_id)
    return data


def history_rows(session: Session, idea_id: int) -> list[dict]:
    """The lifecycle timeline: who, when, from, to, stage, why."""
    names = {}
    rows = lifecycle.history(session, idea_id)
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    if actor_ids:
        names = dict(session.execute(select(User.id, User.full_name).where(User.id.in_(actor_ids))).all())
    return [{"at": r.at, "actor_id": r.actor_id, "actor_name": names.get(r.actor_id), "from_status": r.from_status,
             "to_status": r.to_status, "stage": r.stage, "reason": r.reason} for r in rows]


def attachment_for_download(session: Session, *, actor: User, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, mime, bytes) of an attachment of an idea the actor may see."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("detail.error.attachment_not_found")
    visible_idea(session, actor=actor, idea_id=attachment.idea_id)
    return attachment.filename, attachment.mime, attachment.content

