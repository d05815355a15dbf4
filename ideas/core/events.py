"""The one place where side effects start: inbox notifications (with their e-mail) and webhook events.

Every function here writes rows in the caller's transaction and never commits, so an action and what it
announces commit or roll back together: no change without its event, no event without its change.
It imports only core. The consumers read what it wrote and are never imported by the areas that emit:
`accounts.mail_worker` renders and sends the queued e-mail (`accounts.mail` keeps preferences and digests,
`accounts.mail_templates` the texts), `accounts.inbox` reads the notifications, and `api.webhooks` keeps the
subscriptions and the worker that POSTs the queued deliveries.

A webhook's payload is built here, when the event happens, from the record's rows (`payloads`): a receiver
gets the record as it was decided, even if the delivery is retried later.
"""
from __future__ import annotations

import json
import uuid

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session

from ideas.core import clock, payloads, settings, subtrees, targets
from ideas.core.models import (
    AwardItem,
    AwardList,
    Decision,
    Idea,
    IdeaAuthor,
    MailOutbox,
    Notification,
    RoleAssignment,
    Unit,
    User,
    UserMailPref,
    WebhookDelivery,
    WebhookSubscription,
)
from ideas.core.words import RECOGNISED

# How a person takes one kind of notification by e-mail. Silence after submitting is the first complaint
# about idea platforms: every kind goes out at once unless the person chooses otherwise.
IMMEDIATE, DIGEST, NONE = "immediate", "digest", "none"
MODES = (IMMEDIATE, DIGEST, NONE)
DEFAULT_MODE = IMMEDIATE

INITIATIVE_RECOGNISED, AWARD_LIST_APPROVED = "initiative.recognised", "award_list.approved"
WEBHOOK_EVENTS = (INITIATIVE_RECOGNISED, AWARD_LIST_APPROVED)

# The outbox row of an immediate e-mail is written with the notification and its text is rendered by the
# worker when it takes the row (accounts.mail.render): an empty subject means "not rendered yet".
UNRENDERED = ""


# ---------------------------------------------------------------- inbox (and its e-mail)


def notify(*, session: Session, user_id: int, kind: str, message_key: str, idea_id: int | None = None,
           target: dict[str, object] | None = None, **params: object) -> Notification:
    """Queue one message for `user_id` (stored as a locale key and parameters) and its e-mail if wanted now.

    `target` is the file and action the message is about (`targets.target(...)`); a message about a file with no
    other target opens that file.
    """
    if target is None and idea_id is not None:
        target = targets.target("view", idea=idea_id)
    note = Notification(user_id=user_id, kind=kind, message_key=message_key, idea_id=idea_id,
                        target=targets.encode(target), params=json.dumps(params, ensure_ascii=False, default=str))
    session.add(note)
    _queue_mail(session, note)
    return note


def notify_authors(*, session: Session, idea: Idea, kind: str, message_key: str,
                   target: dict[str, object] | None = None, **params: object) -> list[Notification]:
    """Tell the owner and every co-author of `idea` (each once)."""
    user_ids = {idea.owner_id} | set(session.scalars(select(IdeaAuthor.user_id).where(IdeaAuthor.idea_id == idea.id)))
    return [notify(session=session, user_id=uid, kind=kind, message_key=message_key, idea_id=idea.id, target=target,
                   **params)
            for uid in sorted(user_ids)]


def mail_mode(session: Session, *, user_id: int, kind: str) -> str:
    """The person's choice for this kind of notification (the default where none was made)."""
    return session.scalar(select(UserMailPref.mode).where(
        UserMailPref.user_id == user_id, UserMailPref.kind == kind)) or DEFAULT_MODE


def _queue_mail(session: Session, note: Notification) -> MailOutbox | None:
    """The e-mail of `note` when mail is on, its reader has an address and wants this kind at once.

    Nothing is queued while no SMTP host is configured: an installation without mail grows no backlog.
    """
    if not settings.mail_settings().enabled:
        return None
    user = session.get(User, note.user_id)
    if user is None or not user.email or not user.active:
        return None
    if mail_mode(session, user_id=user.id, kind=note.kind) != IMMEDIATE:
        return None
    row = MailOutbox(user_id=user.id, recipient=user.email, subject=UNRENDERED, body_text=UNRENDERED,
                     kind=note.kind, idea_id=note.idea_id, notification=note, status="queued", attempts=0,
                     next_attempt_at=clock.utcnow())  # no flush: the dedupe key is set on insert
    session.add(row)
    return row


# ---------------------------------------------------------------- webhooks


def queue_webhook(session: Session, event: str, payload: dict, *,
                  unit_id: int | None = None) -> list[WebhookDelivery]:
    """Queue `event` for every active subscription to it whose reach covers `unit_id` (caller's transaction)."""
    if event not in WEBHOOK_EVENTS:
        raise ValueError(event)
    queued = []
    for subscription in session.scalars(select(WebhookSubscription).where(WebhookSubscription.revoked_at.is_(None))):
        if event not in subscription.events.split(","):
            continue
        if not subtrees.covers(session, subscription.unit_ids, unit_id):
            continue
        delivery_id = str(uuid.uuid4())
        body = json.dumps({"id": delivery_id, "event": event, "created_at": payloads.iso(clock.utcnow()),
                           "data": payload}, ensure_ascii=False, separators=(",", ":"))
        delivery = WebhookDelivery(delivery_id=delivery_id, subscription_id=subscription.id, event=event, body=body,
                                   next_attempt_at=clock.utcnow())
        session.add(delivery)
        queued.append(delivery)
    session.flush()
    return queued


def decision_made(session: Session, decision: Decision) -> None:
    """A recognising decision (first or a raised scope) is an `initiative.recognised` event, and the reward
    officers over the file's unit are told that it waits for an award."""
    if decision.outcome != RECOGNISED:
        return
    session.flush()
    idea = session.get(Idea, decision.idea_id)
    queue_webhook(session, INITIATIVE_RECOGNISED, payloads.initiative(session, idea), unit_id=idea.unit_id)
    for user_id in reward_officers_over(session, idea.unit_id):
        notify(session=session, user_id=user_id, kind="rewards.award_waiting", message_key="worklist.msg.award_waiting",
               idea_id=idea.id, target=targets.target("award", idea=idea.id), title=idea.title,
               receipt_no=idea.receipt_no or "", number=decision.number)


def reward_officers_over(session: Session, unit_id: int | None) -> list[int]:
    """Active reward officers whose reach covers `unit_id` (province-wide ones always), by id."""
    path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) if unit_id is not None else None
    covers = RoleAssignment.unit_id.is_(None)
    if path is not None:
        covers = or_(covers, literal(path).startswith(Unit.path))
    return sorted(set(session.scalars(
        select(RoleAssignment.user_id).join(User, User.id == RoleAssignment.user_id)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.role == "reward_officer", User.active.is_(True), covers))))


def award_list_approved(session: Session, award_list: AwardList) -> None:
    """An approved award list is an `award_list.approved` event (with every item and amount); each person it
    names is told, once, with a link to their award."""
    session.flush()
    queue_webhook(session, AWARD_LIST_APPROVED, payloads.award_list(session, award_list), unit_id=award_list.unit_id)
    recipients = session.execute(select(AwardItem.user_id, AwardItem.idea_id).where(
        AwardItem.list_id == award_list.id, AwardItem.user_id.is_not(None)).order_by(AwardItem.position)).all()
    told: set[int] = set()
    for user_id, idea_id in recipients:
        if user_id in told:
            continue
        told.add(user_id)
        notify(session=session, user_id=user_id, kind="rewards.awarded", message_key="worklist.msg.awarded",
               idea_id=idea_id, target=targets.target("awarded", award_list=award_list.id), title=award_list.title,
               decision_no=award_list.decision_no or "",
               decision_date=award_list.decision_date.isoformat() if award_list.decision_date else "")
