"""Merging a duplicate file (A) into another (B): A becomes "merged" (final) and points at B.

Decisions (issue 16, part 4):
- who: a secretary who may screen both files (permission "review.screen" over both units);
- which: A must be submitted or under review and not decided; B must be submitted, under review or
  recognised (a duplicate of a recognised initiative is common); same campaign only, because each campaign
  has its own council, rubric and legal deadline; never into itself, a merged file (no chains) or a final file;
- supports move to B, each person once: INSERT ... WHERE NOT EXISTS in SQL, B's authors skipped (nobody
  supports their own file), then A's rows are deleted and both counters recounted from the rows;
- comments stay on A (they were written about A's text; A's page stays readable and links to B);
- A's active reviewer assignments are closed ("merged"), so A leaves every reviewer's queue;
- history: A gets the lifecycle transition (history + audit "idea.merge"), B a history row and an audit
  row "idea.absorb" naming A; A's authors are told through the inbox (kind "idea.merged").
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session, aliased

from ideas.core import audit, clock, events
from ideas.core.errors import DomainError, InvalidTransition, ValidationError
from ideas.core.models import Decision, Idea, IdeaHistory, ReviewAssignment, Support, User
from ideas.core.permissions import Actor, can, require, scope_unit_ids
from ideas.core.text import bounded
from ideas.filing import lifecycle
from ideas.filing.records import author_ids, get_idea

ACTION = "review.screen"  # the secretary who screens a file may merge it
MERGEABLE = (lifecycle.SUBMITTED, lifecycle.UNDER_REVIEW)
TARGETS = (lifecycle.SUBMITTED, lifecycle.UNDER_REVIEW, lifecycle.RECOGNISED)
REASON_CHARS = 2000
_ideas = Idea.__table__


def refuse_merged(idea: Idea) -> None:
    """Raise the translated refusal for any scoring, voting, decision or award on a merged file."""
    if idea.status == lifecycle.MERGED:
        raise InvalidTransition("merging.error.file_merged", target=idea.merged_into_id or "")


def _locked(session: Session, idea_id: int) -> Idea:
    get_idea(session, idea_id)  # NotFound with the usual message
    return session.scalar(select(Idea).where(Idea.id == idea_id).with_for_update()
                          .execution_options(populate_existing=True))


def check(session: Session, *, actor: Actor, source: Idea, target: Idea) -> None:
    """Every rule of a merge; nothing is changed."""
    require(session, actor, ACTION, unit_id=source.unit_id)
    require(session, actor, ACTION, unit_id=target.unit_id)
    if source.id == target.id:
        raise ValidationError("merging.error.itself")
    if target.status == lifecycle.MERGED:
        raise ValidationError("merging.error.target_merged")
    if source.status not in MERGEABLE:
        raise InvalidTransition("merging.error.source_status", status=source.status)
    if target.status not in TARGETS:
        raise ValidationError("merging.error.target_status", status=target.status)
    if source.campaign_id != target.campaign_id:
        raise ValidationError("merging.error.other_campaign")
    decided = session.scalar(select(Decision.id).where(Decision.idea_id == source.id).limit(1))
    if decided is not None:
        raise InvalidTransition("merging.error.source_decided")


def _move_supports(session: Session, source: Idea, target: Idea) -> int:
    """Supports of A become supports of B, each person once; returns how many were added to B."""
    skip = author_ids(session, target)
    theirs = aliased(Support)
    moved = select(literal(target.id), Support.user_id, Support.created_at).where(
        Support.idea_id == source.id, Support.user_id.notin_(skip or {-1}),
        ~exists().where(theirs.idea_id == target.id, theirs.user_id == Support.user_id))
    added = session.execute(insert(Support).from_select(["idea_id", "user_id", "created_at"], moved)).rowcount
    session.execute(delete(Support).where(Support.idea_id == source.id))
    for idea_id in (source.id, target.id):  # counters recounted from the rows; no version bump (not an edit)
        count = select(func.count()).where(Support.idea_id == idea_id).scalar_subquery()
        session.execute(update(_ideas).where(_ideas.c.id == idea_id)
                        .values(support_count=count, updated_at=_ideas.c.updated_at))
    return added or 0


def merge(*, session: Session, actor: Actor, idea_id: int, into_id: int, reason: str) -> Idea:
    """Merge file `idea_id` (A) into `into_id` (B) with a required reason; returns A."""
    reason = bounded(reason, field="merging.reason", max_chars=REASON_CHARS, required=True).strip()
    # Lock both rows in id order so two merges of the same pair cannot cross.
    first, second = sorted((idea_id, into_id))
    locked = {first: _locked(session, first), second: _locked(session, second)}
    source, target = locked[idea_id], locked[into_id]
    check(session, actor=actor, source=source, target=target)
    moved = _move_supports(session, source, target)
    closed = session.execute(update(ReviewAssignment).where(ReviewAssignment.idea_id == source.id,
                                                            ReviewAssignment.status == "active")
                             .values(status="merged")).rowcount or 0
    session.refresh(source, ["support_count"])
    session.refresh(target, ["support_count"])
    source.merged_into_id, source.merged_at = target.id, clock.utcnow()
    lifecycle.transition(session=session, idea=source, to=lifecycle.MERGED, actor=actor, reason=reason,
                         into=target.id, into_receipt=target.receipt_no, supports_moved=moved,
                         assignments_closed=closed)
    session.add(IdeaHistory(idea_id=target.id, at=clock.utcnow(), actor_id=actor.id, from_status=target.status,
                            to_status=target.status, stage=target.review_stage,
                            reason=f"#{source.id} {source.receipt_no or ''}: {reason}".strip()))
    audit.record(session=session, actor=actor, action="idea.absorb", entity="idea", entity_id=target.id,
                 details={"merged": source.id, "merged_receipt": source.receipt_no, "reason": reason,
                          "supports_moved": moved})
    events.notify_authors(session=session, idea=source, kind="idea.merged", message_key="merging.msg.merged",
                         title=source.title, target=target.title, receipt=target.receipt_no or f"#{target.id}",
                         reason=reason)
    session.flush()
    return source


def absorbed(session: Session, idea_id: int) -> list[tuple[int, str | None, str]]:
    """Files merged into `idea_id`: (id, receipt number, title), oldest merge first."""
    return [tuple(row) for row in session.execute(
        select(Idea.id, Idea.receipt_no, Idea.title).where(Idea.merged_into_id == idea_id)
        .order_by(Idea.merged_at, Idea.id)).all()]


def targets(session: Session, *, actor: Actor, idea: Idea, limit: int = 200) -> list[tuple[int, str | None, str]]:
    """Files `idea` could be merged into (same campaign, allowed status, in the actor's screening scope)."""
    query = (select(Idea.id, Idea.receipt_no, Idea.title)
             .where(Idea.id != idea.id, Idea.status.in_(TARGETS), Idea.campaign_id == idea.campaign_id)
             .order_by(Idea.submitted_at, Idea.id).limit(limit))
    allowed = scope_unit_ids(session, actor, ACTION)
    if allowed is not None:
        query = query.where(Idea.unit_id.in_(allowed or [-1]))
    return [tuple(row) for row in session.execute(query).all()]


def may_merge(session: Session, *, actor: Actor | None, idea: Idea) -> bool:
    """Whether the merge action is offered on the idea's page (the service checks again)."""
    return (actor is not None and isinstance(actor, User) and idea.status in MERGEABLE
            and can(session, actor, ACTION, unit_id=idea.unit_id))


@dataclass(frozen=True)
class MergeChoice:
    """A file `idea` might be merged into, as the secretary chooses: allowed (refusal None) or not, and why."""

    idea_id: int
    receipt_no: str | None
    title: str
    similarity: float | None  # 0..1 when the novelty check found it similar, else None
    refusal: DomainError | None = None  # the rule that forbids this merge (translated by the view)


def merge_choices(session: Session, *, actor: Actor, idea: Idea, similar: dict[int, float],
                  limit: int = 200) -> tuple[list[MergeChoice], list[MergeChoice]]:
    """Where `idea` may be merged, the most similar first (then the oldest), every similar file the page shows
    among them when the rules allow it; and the similar files it may NOT be merged into, each with the rule
    that forbids it (another campaign, a final or merged file, outside the secretary's units...)."""
    rows = {i: (r, title) for i, r, title in targets(session, actor=actor, idea=idea, limit=limit)}
    refused = []
    missing = [i for i in similar if i not in rows and i != idea.id]
    for other in session.scalars(select(Idea).where(Idea.id.in_(missing))) if missing else []:
        try:
            check(session, actor=actor, source=idea, target=other)
        except DomainError as error:
            refused.append(MergeChoice(other.id, other.receipt_no, other.title, similar.get(other.id), error))
            continue
        rows[other.id] = (other.receipt_no, other.title)  # allowed, but beyond the list's limit: offered too
    order = {i: n for n, i in enumerate(rows)}
    allowed = sorted(rows, key=lambda i: (-similar.get(i, -1.0), order[i]))
    return ([MergeChoice(i, rows[i][0], rows[i][1], similar.get(i)) for i in allowed],
            sorted(refused, key=lambda c: -(c.similarity or 0)))
