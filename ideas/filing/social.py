"""Supports (ủng hộ) and comments on public ideas.

Counters on `ideas` are changed with Core UPDATE statements (count = count + 1): atomic in the
database, and they neither check nor bump Idea.version, so a support click never conflicts with an
author editing the idea (optimistic locking stays for real edits).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import Comment, Idea, Support, User, utcnow
from ideas.core.permissions import can, require
from ideas.core.text import clean
from ideas.filing import lifecycle
from ideas.filing.visibility import PUBLIC_STATUSES, author_ids, visible_idea

COMMENT_MAX = 5000
EDIT_WINDOW = dt.timedelta(minutes=15)
_ideas = Idea.__table__


def _bump(session: Session, idea_id: int, column: str, delta: int) -> None:
    """Atomic counter change; updated_at is kept because a click is not an edit of the idea."""
    col = _ideas.c[column]
    session.execute(update(_ideas).where(_ideas.c.id == idea_id)
                    .values({column: col + delta, "updated_at": _ideas.c.updated_at}))


def _public_idea(session: Session, actor: User, idea_id: int) -> Idea:
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    if idea.status not in PUBLIC_STATUSES:
        raise ValidationError("social.error.not_public", status=idea.status)
    return idea


# ---------------------------------------------------------------- supports


def has_supported(session: Session, *, actor: User, idea_id: int) -> bool:
    return session.scalar(select(Support.id).where(Support.idea_id == idea_id, Support.user_id == actor.id)) \
        is not None


def set_support(*, session: Session, actor: User, idea_id: int, on: bool) -> bool:
    """Support (on=True) or withdraw support; idempotent, safe under racing clicks. Returns the new state."""
    require(session, actor, "ideas.support")
    idea = _public_idea(session, actor, idea_id)
    if actor.id in author_ids(session, idea):
        raise ValidationError("social.error.own_idea")
    if on and idea.status == lifecycle.MERGED:  # its supports moved to the file that absorbed it
        raise ValidationError("merging.error.support_merged")
    if on:
        try:
            with session.begin_nested():
                session.execute(insert(Support).values(idea_id=idea_id, user_id=actor.id, created_at=utcnow()))
        except IntegrityError:
            return True  # a racing click already counted it
        _bump(session, idea_id, "support_count", +1)
        audit.record(session=session, actor=actor, action="idea.support", entity="idea", entity_id=idea_id)
        return True
    removed = session.execute(delete(Support).where(Support.idea_id == idea_id, Support.user_id == actor.id))
    if removed.rowcount:
        _bump(session, idea_id, "support_count", -1)
        audit.record(session=session, actor=actor, action="idea.unsupport", entity="idea", entity_id=idea_id)
    return False


def toggle_support(*, session: Session, actor: User, idea_id: int) -> bool:
    """Flip the actor's support of an idea; returns True when the idea is now supported."""
    return set_support(session=session, actor=actor, idea_id=idea_id,
                       on=not has_supported(session, actor=actor, idea_id=idea_id))


def support_count(session: Session, idea_id: int) -> int:
    return session.scalar(select(_ideas.c.support_count).where(_ideas.c.id == idea_id)) or 0


# ---------------------------------------------------------------- comments


def _body(body: str) -> str:
    text = clean(body)
    if not text:
        raise ValidationError("social.error.comment_empty")
    if len(text) > COMMENT_MAX:
        raise ValidationError("social.error.comment_too_long", maximum=COMMENT_MAX, length=len(text))
    return text


def add_comment(*, session: Session, actor: User, idea_id: int, body: str,
                now: dt.datetime | None = None) -> Comment:
    """A plain-text comment on a public idea."""
    require(session, actor, "ideas.comment")
    _public_idea(session, actor, idea_id)
    comment = Comment(idea_id=idea_id, author_id=actor.id, body=_body(body), created_at=now or utcnow())
    session.add(comment)
    session.flush()
    _bump(session, idea_id, "comment_count", +1)
    audit.record(session=session, actor=actor, action="comment.add", entity="comment", entity_id=comment.id,
                 details={"idea_id": idea_id})
    return comment


def _comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("social.error.comment_not_found")
    return comment


def can_edit(comment: Comment, actor: User, now: dt.datetime | None = None) -> bool:
    """The author, within 15 minutes of posting, while the comment is not hidden."""
    now = now or utcnow()
    return comment.author_id == actor.id and comment.hidden_at is None and now - comment.created_at <= EDIT_WINDOW


def edit_comment(*, session: Session, actor: User, comment_id: int, body: str,
                 now: dt.datetime | None = None) -> Comment:
    """Change one's own comment within the edit window; the previous text stays in the audit log."""
    now = now or utcnow()
    comment = _comment(session, comment_id)
    visible_idea(session, actor=actor, idea_id=comment.idea_id)
    if comment.author_id != actor.id:
        raise PermissionDenied("social.error.not_your_comment")
    if not can_edit(comment, actor, now):
        raise ValidationError("social.error.edit_window", minutes=int(EDIT_WINDOW.total_seconds() // 60))
    previous = comment.body
    comment.body = _body(body)
    comment.edited_at = now
    audit.record(session=session, actor=actor, action="comment.edit", entity="comment", entity_id=comment.id,
                 details={"idea_id": comment.idea_id, "previous": previous})
    session.flush()
    return comment


def hide_comment(*, session: Session, actor: User, comment_id: int, reason: str,
                 now: dt.datetime | None = None) -> Comment:
    """Hide a comment (moderators); the reason is shown to everyone in place of the text."""
    comment = _comment(session, comment_id)
    idea = session.get(Idea, comment.idea_id)
    require(session, actor, "ideas.moderate", unit_id=idea.unit_id)
    reason = clean(reason)
    if not reason:
        raise ValidationError("social.error.reason_required")
    if comment.hidden_at is not None:
        raise ValidationError("social.error.already_hidden")
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now or utcnow(), actor.id, reason
    audit.record(session=session, actor=actor, action="comment.hide", entity="comment", entity_id=comment.id,
                 details={"idea_id": comment.idea_id, "reason": reason})
    session.flush()
    return comment


COMMENT_COLUMNS = ["id", "author_id", "author_name", "created_at", "edited_at", "body", "hidden",
                   "hidden_reason", "hidden_at", "can_edit"]


def list_comments(session: Session, *, actor: User, idea_id: int, limit: int = 50, offset: int = 0,
                  now: dt.datetime | None = None) -> tuple[pd.DataFrame, int]:
    """Comments oldest first; a hidden comment's text is None except for moderators."""
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    moderator = can(session, actor, "ideas.moderate", unit_id=idea.unit_id)
    total = session.scalar(select(func.count()).select_from(Comment).where(Comment.idea_id == idea_id)) or 0
    rows = session.execute(
        select(Comment, User.full_name).join(User, User.id == Comment.author_id)
        .where(Comment.idea_id == idea_id).order_by(Comment.created_at, Comment.id)
        .limit(limit).offset(offset)).all()
    records = []
    for comment, name in rows:
        hidden = comment.hidden_at is not None
        records.append({
            "id": comment.id, "author_id": comment.author_id, "author_name": name,
            "created_at": comment.created_at, "edited_at": comment.edited_at,
            "body": comment.body if (not hidden or moderator) else None, "hidden": hidden,
            "hidden_reason": comment.hidden_reason, "hidden_at": comment.hidden_at,
            "can_edit": can_edit(comment, actor, now)})
    return pd.DataFrame(records, columns=COMMENT_COLUMNS), total
