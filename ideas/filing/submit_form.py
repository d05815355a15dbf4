"""The submit page's read models and its one action: load a stored form, the form's choices, every problem
of a form at once, and save (with attachments, optionally filing it) in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts import users
from ideas.core.errors import DomainError, PermissionDenied
from ideas.core.i18n import error_text, fmt_number, t
from ideas.core.models import IdeaAuthor, IdeaHistory, IdeaParField, Unit, User
from ideas.core.text import has_visible
from ideas.filing import attachments, campaigns, coauthors, form, lifecycle, similar, submissions
from ideas.filing.form import IdeaInput
from ideas.filing.records import get_idea, is_author

PEOPLE_LIMIT = 30


def form_values(session: Session, *, actor: User, idea_id: int) -> tuple[IdeaInput, str]:
    """The stored form of an idea an author may edit, and its status."""
    idea = get_idea(session, idea_id)
    if not is_author(session, idea, actor.id):
        raise PermissionDenied(action="ideas.edit")
    authors = session.execute(select(IdeaAuthor.user_id, IdeaAuthor.share).where(IdeaAuthor.idea_id == idea.id)
                              .order_by(IdeaAuthor.position)).all()
    par = list(session.scalars(select(IdeaParField.par_code).where(IdeaParField.idea_id == idea.id)
                               .order_by(IdeaParField.par_code)))
    data = IdeaInput(title=idea.title, solution_type=idea.solution_type, par_codes=par, campaign_id=idea.campaign_id,
                     first_applied_on=idea.first_applied_on, application_status=idea.application_status,
                     authors=[(uid, Decimal(share)) for uid, share in authors], version=idea.version)
    for name in form.TEXT_FIELDS + form.LINE_FIELDS:
        setattr(data, name, getattr(idea, name) or "")
    for name in form.INT_BENEFITS + form.DECIMAL_BENEFITS:
        setattr(data, name, getattr(idea, name))
    return data, idea.status


def last_reason(session: Session, idea_id: int, to_status: str = lifecycle.RETURNED) -> str | None:
    return session.scalar(select(IdeaHistory.reason).where(IdeaHistory.idea_id == idea_id,
                                                           IdeaHistory.to_status == to_status)
                          .order_by(IdeaHistory.at.desc(), IdeaHistory.id.desc()).limit(1))


def people_labels(session: Session, user_ids: list[int]) -> dict[int, str]:
    """Labels like accounts.directory_options for given people (e.g. the authors already on a form)."""
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.full_name, User.username, Unit.code)
                           .outerjoin(Unit, Unit.id == User.unit_id).where(User.id.in_(user_ids)))
    return {uid: f"{name} ({username}, {code or '-'})" for uid, name, username, code in rows}


# The form's fields kept as widget values between reruns (besides campaign, PAR fields, money and authors).
WIDGET_FIELDS = ("title", "solution_type", "application_status", "first_applied_on", "addressee", "investor",
                 *form.TEXT_FIELDS, *form.DECIMAL_BENEFITS, "reports_cut", "procedures_simplified", "services_online")


def load_form(*, session: Session, actor: User, idea_id: int, lang: str = "vi") -> dict[str, object]:
    """A stored idea the actor may edit as the form's widget values (money as typed in `lang`, shares as floats)."""
    data, status = form_values(session, actor=actor, idea_id=idea_id)
    owner = data.authors[0][0] if data.authors else actor.id
    values: dict[str, object] = {
        "idea_id": idea_id, "status": status, "version": data.version, "campaign": data.campaign_id,
        "reason": last_reason(session, idea_id) if status == lifecycle.RETURNED else None,
        "par": list(data.par_codes), "owner_id": owner, "coauthors": [uid for uid, _ in data.authors if uid != owner],
        "vnd_saved": fmt_number(data.vnd_saved, lang) if data.vnd_saved is not None else ""}
    for name in WIDGET_FIELDS:
        value = getattr(data, name)
        values[name] = float(value) if isinstance(value, Decimal) else value
    values.update({f"share_{uid}": float(share) for uid, share in data.authors})
    return values


@dataclass
class SubmitFormView:
    """The choices of the form: campaigns (None = a free suggestion), PAR fields, people, files, similar ideas."""

    campaigns: dict[int | None, str]
    no_campaign_open: bool
    pars: dict[str, str]
    people: dict[int, str]
    labels: dict[int, str]
    saved_files: list[dict] = field(default_factory=list)
    similar: pd.DataFrame | None = None


def submit_form_view(*, session: Session, actor: User, lang: str = "vi", idea_id: int | None = None,
                     campaign_id: int | None = None, people_search: str = "", author_ids: list[int] = (),
                     draft_text: str = "") -> SubmitFormView:
    """Everything the submit form offers to `actor`, in `lang`."""
    open_now = dict(campaigns.open_campaigns_for(session, user=actor))
    choices: dict[int | None, str] = {}
    if campaign_id is not None and campaign_id not in open_now:  # a returned file keeps its closed campaign
        choices[campaign_id] = campaigns.get_campaign(session, campaign_id).name
    choices.update(open_now)
    if campaigns.free_suggestions_allowed(session) or not open_now:
        choices[None] = t("ideas.submit.free", lang)
    files = []
    if idea_id:
        frame = attachments.list_attachments(session, idea_id=idea_id)
        files = [{"id": int(r.id), "name": r.filename,
                  "size": t("detail.attachment.size", lang, size=fmt_number(r.size // 1024 + 1, lang))}
                 for r in frame.itertuples()]
    found = None
    if has_visible(draft_text):
        found = similar.similar_to_text(session, actor=actor, text=draft_text, limit=5, exclude_idea_id=idea_id)
        found = found.assign(similarity=[f"{round(float(v) * 100)}%" for v in found.similarity])
        found = found[["receipt_no", "title", "unit_name", "similarity"]].rename(columns={
            "receipt_no": t("ideas.mine.col.receipt_no", lang), "title": t("ideas.mine.col.title", lang),
            "unit_name": t("field.unit", lang), "similarity": t("ideas.submit.similarity", lang)})
    return SubmitFormView(
        campaigns=choices, no_campaign_open=not open_now, pars=dict(submissions.par_options(session, lang)),
        people=dict(users.directory_options(session, text=people_search, limit=PEOPLE_LIMIT)),
        labels=people_labels(session, list(author_ids)), saved_files=files, similar=found)


def _collect(problems: list[str], lang: str, check, *args) -> object:  # noqa: ANN001
    try:
        return check(*args)
    except DomainError as error:
        problems.append(error_text(error, lang))
        return None


def _waiting(session: Session, data: IdeaInput, idea_id: int | None, owner: int) -> list[str]:
    """Co-authors on the form who have not accepted yet: invited ones, and new ones (invited on saving)."""
    accepted = set() if idea_id is None else set(session.scalars(
        select(IdeaAuthor.user_id).where(IdeaAuthor.idea_id == idea_id, IdeaAuthor.consent == coauthors.ACCEPTED)))
    waiting = [uid for uid, _ in data.authors if uid != owner and uid not in accepted]
    return list(people_labels(session, waiting).values())


def form_problems(*, session: Session, actor: User, data: IdeaInput, final: bool, lang: str = "vi",
                  idea_id: int | None = None) -> list[str]:
    """Every problem of the form at once, translated (the service still refuses each of them on its own)."""
    problems: list[str] = []
    texts = _collect(problems, lang, form.clean_texts, data) or {}
    _collect(problems, lang, form.check_choices_and_dates, data)
    for name in form.INT_BENEFITS + form.DECIMAL_BENEFITS:
        _collect(problems, lang, form.clean_number, getattr(data, name), name)
    owner = data.authors[0][0] if data.authors else actor.id
    authors = _collect(problems, lang, form.clean_authors, list(data.authors or []), owner) or []
    if final:
        for error in form.completeness_problems(texts, data.par_codes, authors):
            problems.append(error_text(error, lang))
        if waiting := _waiting(session, data, idea_id, owner):
            problems.append(t("ideas.coauthor.error.waiting", lang, names="; ".join(waiting)))
    return problems


@dataclass
class Saved:
    idea_id: int
    version: int
    receipt_no: str | None
    due: dt.date | None


def save_form(*, session: Session, actor: User, data: IdeaInput, idea_id: int | None = None,
              files: list[tuple[str, bytes]] = (), final: bool = False) -> Saved:
    """Save the form and its new files; with `final`, file it too. One transaction: all or nothing."""
    idea = submissions.save_draft(session=session, actor=actor, data=data, idea_id=idea_id)
    for name, content in files:
        attachments.add_attachment(session=session, actor=actor, idea_id=idea.id, filename=name, content=content)
    if final:
        submissions.submit(session=session, actor=actor, idea_id=idea.id)
    session.flush()
    return Saved(idea.id, idea.version, idea.receipt_no, idea.decision_due_on)

