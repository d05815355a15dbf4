"""The initiative form: drafts, submission with a receipt number, resubmission, withdrawal, my files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.core import audit, clock, events, settings, targets
from ideas.core.clock import add_months
from ideas.core.errors import ConcurrentUpdate, NotFound, PermissionDenied, ValidationError
from ideas.core.models import Campaign, Idea, IdeaAuthor, IdeaParField, ParField, ReceiptCounter, User
from ideas.core.permissions import require
from ideas.core.text import bounded, fold
from ideas.filing import attachments, campaigns, coauthors, lifecycle
from ideas.filing.form import (
    DECIMAL_BENEFITS,
    INT_BENEFITS,
    REASON_MAX,
    IdeaInput,
    check_choices_and_dates,
    clean_authors,
    clean_number,
    clean_texts,
    completeness_problems,
)
from ideas.filing.records import co_author_ids, get_idea, is_author

EDITABLE = frozenset({lifecycle.DRAFT, lifecycle.RETURNED})
WITHDRAWABLE = frozenset({lifecycle.DRAFT, lifecycle.SUBMITTED, lifecycle.RETURNED})


# ---------------------------------------------------------------- helpers


def refresh_search_text(idea: Idea) -> None:
    """Keep the accent-free search column in step with the text a search should find."""
    parts = (idea.title, idea.field_of_application, idea.problem, idea.essence, idea.benefits_text)
    idea.search_text = fold(" ".join(p for p in parts if p))


def par_options(session: Session, lang: str = "vi") -> list[tuple[str, str]]:
    """(code, name) of the PAR fields in their reference order."""
    rows = session.execute(select(ParField.code, ParField.name_vi, ParField.name_en).order_by(ParField.position))
    return [(code, vi if lang == "vi" else en) for code, vi, en in rows]


def _check_people(session: Session, user_ids: list[int]) -> None:
    found = set(session.scalars(select(User.id).where(User.id.in_(user_ids), User.active.is_(True))))
    if found != set(user_ids):
        raise ValidationError("ideas.submit.error.unknown_author")


def _check_par(session: Session, codes: list[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    known = set(session.scalars(select(ParField.code).where(ParField.code.in_(codes)))) if codes else set()
    if set(codes) != known:
        raise ValidationError("ideas.submit.error.par_unknown")
    return codes


def _reindex(session: Session, idea: Idea) -> None:
    """Keep the similar-ideas index current (only public ideas are indexed there)."""
    from ideas.filing import similar  # similar imports visibility, which this module must not wait for

    similar.index_idea(session, idea)


# ---------------------------------------------------------------- drafts


def save_draft(*, session: Session, actor: User, data: IdeaInput, idea_id: int | None = None) -> Idea:
    """Create or update an idea in draft/returned state (light validation: a title is enough)."""
    require(session, actor, "ideas.submit", unit_id=actor.unit_id)
    texts = clean_texts(data)
    check_choices_and_dates(data)
    numbers = {name: clean_number(getattr(data, name), name) for name in INT_BENEFITS + DECIMAL_BENEFITS}
    par_codes = _check_par(session, list(data.par_codes or []))

    if idea_id is None:
        if actor.unit_id is None:
            raise ValidationError("ideas.submit.error.no_unit")
        idea = Idea(owner_id=actor.id, unit_id=actor.unit_id, title=texts["title"], status=lifecycle.DRAFT)
        session.add(idea)
        created = True
    else:
        idea = get_idea(session, idea_id)
        if not is_author(session, idea, actor.id):
            raise PermissionDenied(action="ideas.edit")
        if idea.status not in EDITABLE:
            raise ValidationError("ideas.submit.error.not_editable")
        if data.version is not None and data.version != idea.version:
            raise ConcurrentUpdate()
        created = False

    authors = clean_authors(list(data.authors or []), idea.owner_id)
    _check_people(session, [uid for uid, _ in authors])
    if data.campaign_id is not None and session.get(Campaign, data.campaign_id) is None:
        raise NotFound("ideas.campaign.error.not_found", campaign=data.campaign_id)
    if idea.receipt_no is None:
        idea.campaign_id = data.campaign_id  # a filed idea stays in the campaign it was filed into
    idea.solution_type = data.solution_type
    idea.application_status = data.application_status
    idea.first_applied_on = data.first_applied_on
    for name, text in texts.items():
        setattr(idea, name, text)
    for name, value in numbers.items():
        setattr(idea, name, value)
    refresh_search_text(idea)
    idea.updated_at = clock.utcnow()  # always an UPDATE, so the version moves with every save
    session.flush()

    session.execute(delete(IdeaParField).where(IdeaParField.idea_id == idea.id))
    session.add_all(IdeaParField(idea_id=idea.id, par_code=code) for code in par_codes)
    coauthors.set_authors(session, idea=idea, actor=actor, authors=authors)
    session.expire(idea, ["authors"])
    audit.record(session=session, actor=actor, action="idea.create" if created else "idea.update",
                 entity="idea", entity_id=idea.id,
                 details={"title": idea.title, "status": idea.status, "authors": [[u, str(s)] for u, s in authors]})
    _reindex(session, idea)
    return idea


def _validate_complete(session: Session, idea: Idea) -> None:
    """The full check before a file is filed: required fields, a PAR field, shares totalling 100%."""
    if not idea.title:
        raise ValidationError("ideas.submit.error.title_required")
    par = list(session.scalars(select(IdeaParField.par_code).where(IdeaParField.idea_id == idea.id)))
    authors = list(session.execute(select(IdeaAuthor.user_id, IdeaAuthor.share).where(IdeaAuthor.idea_id == idea.id)))
    texts = {name: getattr(idea, name) for name in ("field_of_application", "problem", "essence")}
    problems = completeness_problems(texts, par, [(uid, share) for uid, share in authors])
    if problems:
        raise problems[0]


# ---------------------------------------------------------------- receipt numbers


def next_receipt_seq(session: Session, year: int) -> int:
    """Take the next number of `year` under the counter row's lock (safe across replicas)."""
    bump = (update(ReceiptCounter).where(ReceiptCounter.year == year)
            .values(last_seq=ReceiptCounter.last_seq + 1).returning(ReceiptCounter.last_seq))
    seq = session.execute(bump).scalar()
    if seq is None:
        try:
            with session.begin_nested():
                session.add(ReceiptCounter(year=year, last_seq=0))
        except IntegrityError:
            pass  # another transaction created the year's row first; its lock now orders us
        seq = session.execute(bump).scalar_one()
    return int(seq)


def receipt_number(year: int, seq: int) -> str:
    return f"SK-{year}-{seq:04d}"


def assign_receipt(session: Session, idea: Idea, when: dt.datetime, year: int | None = None) -> str:
    """Give a first-time filed idea its receipt number (of the local calendar `year`) and dates."""
    year = year or when.year
    seq = next_receipt_seq(session, year)
    idea.receipt_year, idea.receipt_seq = year, seq
    idea.receipt_no = receipt_number(year, seq)
    idea.submitted_at = when
    return idea.receipt_no


# ---------------------------------------------------------------- submit, withdraw


def submit(*, session: Session, actor: User, idea_id: int, on: dt.date | None = None) -> Idea:
    """File a draft (or resubmit a returned file): full checks, receipt number, decision due date."""
    idea = get_idea(session, idea_id)
    require(session, actor, "ideas.submit", unit_id=idea.unit_id)
    if not is_author(session, idea, actor.id):
        raise PermissionDenied(action="ideas.submit")
    if idea.status not in EDITABLE:
        raise ValidationError("ideas.submit.error.not_editable")
    _validate_complete(session, idea)
    coauthors.check_all_accepted(session, idea.id)
    now = clock.utcnow()
    today = on or clock.today()
    first = idea.receipt_no is None
    if first:
        # The window is checked on first filing only: a returned file may come back after it closes.
        campaigns.check_can_file(session, campaign_id=idea.campaign_id, unit_id=idea.unit_id, on=today)
        assign_receipt(session, idea, now, year=today.year)
    idea.decision_due_on = add_months(today, settings.get_int(session, "ideas.decision_months"))
    lifecycle.transition(session=session, idea=idea, to=lifecycle.SUBMITTED, actor=actor)
    for user_id in co_author_ids(session, idea.id):
        if user_id != actor.id:
            events.notify(session=session, user_id=user_id, kind="idea.submitted",
                         message_key="ideas.notify.submitted" if first else "ideas.notify.resubmitted",
                         idea_id=idea.id, title=idea.title, receipt_no=idea.receipt_no, by=actor.full_name,
                         target=targets.target("mine", idea=idea.id))
    _reindex(session, idea)
    session.flush()
    return idea


def withdraw(*, session: Session, actor: User, idea_id: int, reason: str | None = None) -> Idea:
    """The owner withdraws a file before review starts."""
    idea = get_idea(session, idea_id)
    if idea.owner_id != actor.id:
        raise PermissionDenied(action="ideas.withdraw")
    if idea.status not in WITHDRAWABLE:
        raise ValidationError("ideas.submit.error.not_withdrawable")
    reason = bounded(reason, field="ideas.mine.withdraw_reason", max_chars=REASON_MAX)
    lifecycle.transition(session=session, idea=idea, to=lifecycle.WITHDRAWN, actor=actor, reason=reason or None)
    for user_id in co_author_ids(session, idea.id):
        if user_id != actor.id:
            events.notify(session=session, user_id=user_id, kind="idea.withdrawn",
                         message_key="ideas.notify.withdrawn", idea_id=idea.id, title=idea.title,
                         by=actor.full_name)
    _reindex(session, idea)
    return idea


@dataclass
class Saved:
    """What the form needs after a save: the idea, its new version and, once filed, its receipt and due date."""

    idea_id: int
    version: int
    receipt_no: str | None
    due: dt.date | None


def save_application(*, session: Session, actor: User, data: IdeaInput, idea_id: int | None = None,
                     files: list[tuple[str, bytes]] = (), final: bool = False) -> Saved:
    """Save the application form and its new files; with `final`, file it too. One transaction: all or nothing."""
    idea = save_draft(session=session, actor=actor, data=data, idea_id=idea_id)
    for name, content in files:
        attachments.add_attachment(session=session, actor=actor, idea_id=idea.id, filename=name, content=content)
    if final:
        submit(session=session, actor=actor, idea_id=idea.id)
    session.flush()
    return Saved(idea.id, idea.version, idea.receipt_no, idea.decision_due_on)

