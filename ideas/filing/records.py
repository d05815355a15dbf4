"""Finding an idea and its authors: the one place for these look-ups, used by every area."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import NotFound
from ideas.core.models import Idea, IdeaAuthor


def get_idea(session: Session, idea_id: int) -> Idea:
    """The idea, or NotFound."""
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise NotFound("ideas.submit.error.not_found", idea=idea_id)
    return idea


def co_author_ids(session: Session, idea_id: int) -> list[int]:
    """The listed authors in their form order (the owner is usually the first of them)."""
    return list(session.scalars(select(IdeaAuthor.user_id).where(IdeaAuthor.idea_id == idea_id)
                                .order_by(IdeaAuthor.position)))


def author_ids(session: Session, idea: Idea) -> set[int]:
    """The owner and every listed author."""
    return set(co_author_ids(session, idea.id)) | {idea.owner_id}


def is_author(session: Session, idea: Idea, user_id: int) -> bool:
    """Whether `user_id` owns or co-authors `idea`."""
    return idea.owner_id == user_id or user_id in co_author_ids(session, idea.id)
