"""Co-authorship needs consent: a named co-author is invited, sees the file, and accepts or declines.

Until every co-author has accepted, the file cannot be filed. Someone who declined is taken off the
file (their share must be given to the others) and the owner may not list them on it again.
The owner's own row is accepted by filing the form.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ideas.core import audit, clock, events, targets
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import Idea, IdeaAuthor, IdeaAuthorDecline, User
from ideas.filing import lifecycle
from ideas.filing.records import get_idea

ACCEPTED, INVITED = "accepted", "invited"


def declined_ids(session: Session, idea_id: int) -> set[int]:
    return set(session.scalars(select(IdeaAuthorDecline.user_id).where(IdeaAuthorDecline.idea_id == idea_id)))


def pending_names(session: Session, idea_id: int) -> list[str]:
    """Names of the co-authors who have not accepted yet, in form order."""
    return list(session.scalars(select(User.full_name).join(IdeaAuthor, IdeaAuthor.user_id == User.id)
                                .where(IdeaAuthor.idea_id == idea_id, IdeaAuthor.consent != ACCEPTED)
                                .order_by(IdeaAuthor.position)))


def set_authors(session: Session, *, idea: Idea, actor: User, authors: list[tuple[int, Decimal]]) -> list[int]:
    """Replace the authors of `idea`, keeping each listed person's consent; returns the newly invited ids."""
    refused = declined_ids(session, idea.id) & {uid for uid, _ in authors}
    if refused:
        names = ", ".join(session.scalars(select(User.full_name).where(User.id.in_(refused))))
        raise ValidationError("ideas.coauthor.error.declined", names=names)
    before = {row.user_id: row for row in session.scalars(select(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id))}
    session.execute(delete(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id))
    invited = []
    for position, (user_id, share) in enumerate(authors):
        old = before.get(user_id)
        if old is not None:
            consent, at = old.consent, old.consent_at
        elif user_id == idea.owner_id:
            consent, at = ACCEPTED, clock.utcnow()
        else:
            consent, at = INVITED, None
            invited.append(user_id)
        session.add(IdeaAuthor(idea_id=idea.id, user_id=user_id, share=share, position=position, consent=consent,
                               consent_at=at))
    session.flush()
    for user_id in invited:
        events.notify(session=session, user_id=user_id, kind="idea.coauthor_invited",
                     message_key="ideas.notify.coauthor_invited", idea_id=idea.id, title=idea.title,
                     by=actor.full_name, target=targets.target("consent", idea=idea.id))
    return invited


def respond(*, session: Session, actor: User, idea_id: int, accept: bool) -> IdeaAuthor | None:
    """The invited person accepts (and becomes a co-author) or declines (and leaves the file for good)."""
    idea = get_idea(session, idea_id)
    row = session.scalar(select(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id, IdeaAuthor.user_id == actor.id))
    if row is None or row.consent != INVITED:
        raise PermissionDenied(action="ideas.coauthor.respond")
    if accept:
        row.consent, row.consent_at = ACCEPTED, clock.utcnow()
    else:
        session.delete(row)
        session.add(IdeaAuthorDecline(idea_id=idea.id, user_id=actor.id, declined_at=clock.utcnow()))
    session.flush()
    audit.record(session=session, actor=actor, action="idea.coauthor_" + ("accept" if accept else "decline"),
                 entity="idea", entity_id=idea.id, details={"user_id": actor.id})
    events.notify(session=session, user_id=idea.owner_id, kind="idea.coauthor_answer", idea_id=idea.id,
                 message_key="ideas.notify.coauthor_accepted" if accept else "ideas.notify.coauthor_declined",
                 title=idea.title, by=actor.full_name, target=targets.target("submit", idea=idea.id))
    return row if accept else None


def check_all_accepted(session: Session, idea_id: int) -> None:
    """Refuse to file while a co-author has not accepted, naming them."""
    waiting = pending_names(session, idea_id)
    if waiting:
        raise ValidationError("ideas.coauthor.error.pending", names=", ".join(waiting))


def is_invited(session: Session, *, user_id: int, idea_id: int) -> bool:
    return session.scalar(select(IdeaAuthor.id).where(IdeaAuthor.idea_id == idea_id, IdeaAuthor.user_id == user_id,
                                                      IdeaAuthor.consent == INVITED)) is not None


# ---------------------------------------------------------------- what the owner sees and may do


def statuses(session: Session, idea_ids: list[int]) -> dict[int, list[tuple[int, str, Decimal, str]]]:
    """Each file's co-authors (the owner left out) in form order: (user id, name, share, consent), one query."""
    if not idea_ids:
        return {}
    rows = session.execute(
        select(IdeaAuthor.idea_id, IdeaAuthor.user_id, User.full_name, IdeaAuthor.share, IdeaAuthor.consent)
        .join(User, User.id == IdeaAuthor.user_id).join(Idea, Idea.id == IdeaAuthor.idea_id)
        .where(IdeaAuthor.idea_id.in_(idea_ids), IdeaAuthor.user_id != Idea.owner_id)
        .order_by(IdeaAuthor.idea_id, IdeaAuthor.position)).all()
    found: dict[int, list[tuple[int, str, Decimal, str]]] = {}
    for idea_id, user_id, name, share, consent in rows:
        found.setdefault(idea_id, []).append((user_id, name, share, consent))
    return found


def _invitation(session: Session, actor: User, idea_id: int, user_id: int) -> tuple[Idea, IdeaAuthor]:
    """The owner's own file, still editable, and the co-author's row while it waits for an answer."""
    idea = get_idea(session, idea_id)
    if idea.owner_id != actor.id:
        raise PermissionDenied(action="ideas.coauthor.invite")
    if idea.status not in (lifecycle.DRAFT, lifecycle.RETURNED):
        raise ValidationError("ideas.submit.error.not_editable")
    row = session.scalar(select(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id, IdeaAuthor.user_id == user_id))
    if row is None or row.consent != INVITED:
        raise ValidationError("coauthors.error.not_waiting")
    return idea, row


def resend(*, session: Session, actor: User, idea_id: int, user_id: int) -> IdeaAuthor:
    """The owner invites a co-author who has not answered again: a new inbox message (and e-mail), audited."""
    idea, row = _invitation(session, actor, idea_id, user_id)
    events.notify(session=session, user_id=user_id, kind="idea.coauthor_invited",
                  message_key="ideas.notify.coauthor_invited", idea_id=idea.id, title=idea.title,
                  by=actor.full_name, target=targets.target("consent", idea=idea.id))
    audit.record(session=session, actor=actor, action="idea.coauthor_resend", entity="idea", entity_id=idea.id,
                 details={"user_id": user_id})
    session.flush()
    return row


def withdraw_invitation(*, session: Session, actor: User, idea_id: int, user_id: int) -> None:
    """The owner takes back an invitation not answered yet: the person leaves the file, their share goes back to
    the owner (who may share it out again on the form), and they are told; audited. They may be invited again."""
    idea, row = _invitation(session, actor, idea_id, user_id)
    share = row.share
    owner = session.scalar(select(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id,
                                                    IdeaAuthor.user_id == idea.owner_id))
    session.delete(row)
    session.flush()
    if owner is not None:
        owner.share = owner.share + share
    audit.record(session=session, actor=actor, action="idea.coauthor_withdraw", entity="idea", entity_id=idea.id,
                 details={"user_id": user_id, "share": str(share)})
    events.notify(session=session, user_id=user_id, kind="idea.coauthor_invited",
                  message_key="coauthors.msg.withdrawn", title=idea.title, by=actor.full_name)
