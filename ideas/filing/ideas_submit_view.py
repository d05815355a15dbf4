"""The submit page's read models and its one action: load a stored form, the form's choices, every problem
of a form at once, and save (with attachments, optionally filing it) in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts import users
from ideas.core.errors import DomainError, PermissionDenied
from ideas.core.i18n import error_text, fmt_decimal, fmt_number, t
from ideas.core.models import IdeaAuthor, IdeaHistory, IdeaParField, Unit, User
from ideas.core.text import has_visible
from ideas.filing import (
    attachments,
    campaigns,
    coauthors,
    council_rules,
    form,
    lifecycle,
    similar,
    submissions,
)
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


# Fields a file needs before it is filed: their labels are marked with *.
REQUIRED = {"title", "essence", "par", "field_of_application", "problem"}
LABELLED_FIELDS = ("title", "addressee", "investor", "solution_type", "par", "first_applied_on", "application_status",
                   *form.TEXT_FIELDS, *form.INT_BENEFITS, *form.DECIMAL_BENEFITS)
ONE_LINE_FIELDS = ("title", *form.LINE_FIELDS)  # text inputs; the other free-text fields are text areas
# The benefit figures under the money field, in three columns: (field, column, step; the step's type is the value's).
BENEFIT_INPUTS = [(name, (index + (index > 0)) % 3, 1.0 if name in form.DECIMAL_BENEFITS else 1)
                  for index, name in enumerate(("hours_saved", "reports_cut", "procedures_simplified",
                                                "services_online", "days_cut"))]


def field_labels(lang: str) -> dict[str, str]:
    """Every form field's label in `lang`; fields needed to file are marked with *."""
    return {name: t(form.label_key(name), lang) + (" *" if name in REQUIRED else "") for name in LABELLED_FIELDS}


def author_ids(values: dict) -> list[int]:
    """The form's authors from its widget values: the owner first, then the co-authors (never the owner twice)."""
    owner = values["owner_id"]
    return [owner, *[uid for uid in values.get("coauthors") or [] if uid != owner]]


def even_share_values(values: dict) -> dict[str, float]:
    """Even shares for the form's authors as share widget values (the owner takes the rounding remainder)."""
    people = author_ids(values)
    return {f"share_{uid}": float(share) for uid, share in zip(people, form.even_shares(len(people)), strict=True)}


def _share(values: dict, uid: int) -> Decimal:
    return Decimal(str(values.get(f"share_{uid}") or 0))


def share_text(value: Decimal, lang: str) -> str:
    """A share as people write it: at most two decimals, no trailing zeros (vi: 33,5)."""
    return fmt_decimal(value, lang, 2)


def draft_text(values: dict) -> str:
    """What similar ideas are looked for by while the form is being filled in."""
    return "\n".join(str(values.get(name) or "") for name in ("title", "field_of_application", "problem", "essence"))


def form_input(values: dict) -> IdeaInput:
    """The form's widget values (keys without the page's prefix) as the input of the save and check services."""
    return IdeaInput(
        par_codes=list(values.get("par") or []), campaign_id=values.get("campaign"), version=values.get("version"),
        authors=[(uid, _share(values, uid)) for uid in author_ids(values)], vnd_saved=values.get("vnd_saved") or None,
        **{name: values[name] for name in WIDGET_FIELDS if values.get(name) is not None})


@dataclass(frozen=True)
class SavedFile:
    id: int
    label: str  # "report.pdf (12 KB)": user text, shown as plain text


@dataclass
class SubmitFormView:
    """The choices of the form: campaigns (None = a free suggestion), PAR fields, people, files, similar ideas;
    and what it shows of its own values: field labels, the authors with their names and the shares' total."""

    campaigns: dict[int | None, str]
    no_campaign_open: bool
    pars: dict[str, str]
    people: dict[int, str]
    labels: dict[int, str]
    saved_files: list[SavedFile] = field(default_factory=list)
    similar: pd.DataFrame | None = None
    field_labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # a choice field's codes and their labels
    campaign: int | None = None  # the form's campaign if it may still be chosen, else the first choice
    coauthor_options: list[int] = field(default_factory=list)  # chosen ones first, then the people found
    authors: list[int] = field(default_factory=list)
    share_total: str = ""
    campaign_rules: list[str] = field(default_factory=list)  # the chosen campaign's council rules, as lines
    coauthor_status: list[str] = field(default_factory=list)  # "Name: accepted" per co-author; names: plain text

    def name_of(self, uid: int) -> str:
        """A person's label (found or already on the form); the id when neither knows them."""
        return self.labels.get(uid) or self.people.get(uid) or str(uid)


def submit_form_view(*, session: Session, actor: User, values: dict, lang: str = "vi") -> SubmitFormView:
    """Everything the submit form offers to `actor`, in `lang`, for the widget `values` it has now."""
    idea_id, campaign_id = values.get("idea_id"), values.get("campaign")
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
        files = [SavedFile(int(r.id), "{} ({})".format(
                     r.filename, t("detail.attachment.size", lang, size=fmt_number(r.size // 1024 + 1, lang))))
                 for r in frame.itertuples()]
    found = None
    if has_visible(text := draft_text(values)):
        found = similar.similar_to_text(session, actor=actor, text=text, limit=5, exclude_idea_id=idea_id)
        found = found.assign(similarity=[f"{round(float(v) * 100)}%" for v in found.similarity])
        found = found[["receipt_no", "title", "unit_name", "similarity"]].rename(columns={
            "receipt_no": t("ideas.mine.col.receipt_no", lang), "title": t("ideas.mine.col.title", lang),
            "unit_name": t("field.unit", lang), "similarity": t("ideas.submit.similarity", lang)})
    people = dict(users.directory_options(session, text=values.get("people_search") or "", limit=PEOPLE_LIMIT))
    authors = author_ids(values)
    labels = people_labels(session, [values["owner_id"], *(values.get("coauthors") or [])])
    chosen = [*(values.get("coauthors") or []), *people, *labels]
    return SubmitFormView(
        campaigns=choices, no_campaign_open=not open_now, pars=dict(submissions.par_options(session, lang)),
        people=people, labels=labels, saved_files=files, similar=found, field_labels=field_labels(lang),
        options={name: {code: t(f"ideas.submit.{name}.{code}", lang) for code in codes} for name, codes in
                 (("solution_type", form.SOLUTION_TYPES), ("application_status", form.APPLICATION_STATUSES))},
        campaign=campaign_id if "campaign" in values and campaign_id in choices else next(iter(choices)),
        coauthor_options=[uid for uid in dict.fromkeys(chosen) if uid != values["owner_id"]], authors=authors,
        share_total=share_text(sum((_share(values, uid) for uid in authors), Decimal(0)), lang),
        campaign_rules=_campaign_rules(session, campaign_id if "campaign" in values and campaign_id in choices
                                       else next(iter(choices)), lang),
        coauthor_status=_consent_lines(session, idea_id, [uid for uid in authors if uid != values["owner_id"]],
                                       labels, lang))


def _campaign_rules(session: Session, campaign_id: int | None, lang: str) -> list[str]:
    """How the council will decide on files of this campaign (ratio, rounds and deadlines, legal basis)."""
    if campaign_id is None:
        return []
    campaign = campaigns.get_campaign(session, campaign_id)
    today = campaigns.today()
    return council_rules.describe(council_rules.for_campaign(session, campaign, on=today), campaign.council_level,
                                  today, lang)


def _consent_lines(session: Session, idea_id: int | None, chosen: list[int], labels: dict[int, str],
                   lang: str) -> list[str]:
    """Where each co-author on the form stands: accepted, waiting for their answer, or to be invited on saving."""
    stored = {uid: consent for uid, _name, _share, consent in
              coauthors.statuses(session, [idea_id]).get(idea_id, [])} if idea_id else {}
    words = {coauthors.ACCEPTED: "coauthors.status.accepted", coauthors.INVITED: "coauthors.status.invited"}
    return [f"{labels.get(uid, uid)}: {t(words.get(stored.get(uid), 'coauthors.status.new'), lang)}"
            for uid in chosen]


def _collect(problems: list[str], lang: str, check, *args) -> object:
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
                  idea_id: int | None = None, files: list[tuple[str, bytes]] = ()) -> list[str]:
    """Every problem of the form at once, translated (the service still refuses each of them on its own);
    each refused file is named (the page then saves nothing: no half-saved form)."""
    problems: list[str] = []
    texts, text_errors = form.checked_texts(data)
    problems.extend(error_text(error, lang) for error in text_errors)
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
    problems.extend(error_text(error, lang) for error in attachments.file_problems(list(files)))
    return problems


class FormProblems(DomainError, key="ideas.submit.error.problems"):
    """The form's problems, all at once and translated (`problems`): nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


def save_form(*, session: Session, actor: User, data: IdeaInput, final: bool, lang: str = "vi",
              idea_id: int | None = None, files: list[tuple[str, bytes]] = ()) -> submissions.Saved:
    """Save the draft or file it, in one transaction; FormProblems listing every problem of the form (each refused
    file named) when there is one, and then nothing is saved: no half-saved form."""
    if problems := form_problems(session=session, actor=actor, data=data, final=final, lang=lang, idea_id=idea_id,
                                 files=files):
        raise FormProblems(problems)
    return submissions.save_application(session=session, actor=actor, data=data, idea_id=idea_id, final=final,
                                        files=list(files))


def after_save(saved: submissions.Saved, final: bool, values: dict) -> dict[str, object]:
    """The form's widget values to set after a save: a filed form shows its receipt and starts afresh; a draft
    keeps being edited at its new version, with an empty file picker (its files are saved now)."""
    if final:
        return {"done": saved, "reset": True}
    return {"idea_id": saved.idea_id, "version": saved.version, "upload_round": (values.get("upload_round") or 0) + 1}

