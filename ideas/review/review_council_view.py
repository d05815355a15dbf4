"""What the council page shows, one read per section, with labels translated and numbers in the reader's format.

Each function takes `session`, `actor` and `lang` (the page calls it through `ui.read`) and returns a dataclass
of display data: frames whose cells are display text (no codes, no None), option maps and messages.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import NotFound, ValidationError
from ideas.core.i18n import error_text, fmt_date, t
from ideas.core.links import Linked, linked_id
from ideas.core.models import Certificate, Decision, Idea, User
from ideas.core.permissions import require
from ideas.core.words import SCOPES
from ideas.filing import council_rules, lifecycle
from ideas.filing.campaigns import get_campaign
from ideas.papers.identity import IdentityIncomplete
from ideas.review import board as boards
from ideas.review import councils, decisions, votes
from ideas.review.display import Assignments, file_label, label, number
from ideas.review.display import assignments as assignment_rows
from ideas.review.documents import (
    certificate_docx,
    certificate_pdf,
    minutes_docx,
    minutes_pdf,
    minutes_xlsx,
    recognition_docx,
    recognition_pdf,
)
from ideas.review.issuing import certificate_download

# the tally typed by hand: field -> its label's locale key
COUNT_FIELDS = {"for": "review.col.for", "against": "review.col.against", "present": "review.decide.present"}


@dataclass(frozen=True)
class Overview:
    higher: bool  # a higher-scope campaign (candidates recognised below its target scope)
    target_scope: str | None
    note: str | None  # the higher-scope note, user text inside: show it as plain text
    council_id: int | None = None  # None: the campaign has no council yet
    council_name: str | None = None
    signature: tuple | None = None  # changes whenever a score, vote or decision changes: keys the cached board


@dataclass(frozen=True)
class Members:
    table: pd.DataFrame  # member, username, role
    people: dict[int, str]  # the people matching the search: user id -> "name (username)"
    roles: dict[str, str]  # role code -> label
    role_index: int  # the role preset in the picker: a plain member
    current: dict[int, str]  # who can be removed: user id -> name


@dataclass(frozen=True)
class Board:
    table: pd.DataFrame  # per idea: figures formatted, decision and disagreement as labels
    flagged: int  # how many ideas need discussion
    alpha: str
    icc: str


@dataclass(frozen=True)
class DecideOptions:
    ideas: dict[int, str]  # waiting for the decision
    candidates: pd.DataFrame | None  # higher-scope candidates with their replications; None otherwise
    votes: dict[str, str]  # vote code ("" = none) -> label
    scopes: dict[str, str]
    scope_index: int  # preset to the campaign's target scope when it has one


@dataclass(frozen=True)
class Seat:
    member_id: int
    name: str
    role: str
    vote: str  # the vote stored so far, "" when none


@dataclass(frozen=True)
class DecideForm:
    checks: list[tuple[bool, str]]  # each check of the pass rule, as plain text
    passed: bool
    missing_scores: str | None
    counts_error: str | None  # a tally typed by hand that cannot be
    verdict: str
    notes: list[tuple[str, str]]  # what the page shows, in order, as (Streamlit call, text)
    evidence: pd.DataFrame | None  # replications of a higher-scope candidate; None otherwise or when none


@dataclass(frozen=True)
class Download:
    label_key: str
    payload: bytes
    file_name: str
    key: str  # the widget's key


@dataclass(frozen=True)
class Documents:
    table: pd.DataFrame | None  # decisions taken; None when there are none
    certificates: dict[int, str]  # certificate id -> "number — title"
    certificate: bytes | None  # the chosen certificate's docx
    downloads: list[Download]
    refusal: str | None = None  # why no paper can be issued yet (the organisation's identity is incomplete)


def _downloads(session: Session, actor: User, campaign_id: int, chosen: int | None, minutes: bool) -> list[Download]:
    """The chosen certificate (docx first, then the issued PDF), its recognition decision, and the minutes."""
    downloads = []
    if chosen:
        decision_id = session.scalar(select(Certificate.decision_id).where(Certificate.id == chosen))
        downloads += [
            Download("review.docs.download_certificate",
                     certificate_docx(session=session, actor=actor, certificate_id=chosen),
                     f"giay-chung-nhan-{chosen}.docx", "docs_certificate_download"),
            Download("papers.download.certificate_pdf",
                     certificate_pdf(session=session, actor=actor, certificate_id=chosen),
                     f"giay-chung-nhan-{chosen}.pdf", "docs_certificate_pdf"),
            Download("papers.download.recognition_pdf",
                     recognition_pdf(session=session, actor=actor, decision_id=decision_id),
                     f"quyet-dinh-cong-nhan-{decision_id}.pdf", "docs_recognition_pdf"),
            Download("papers.download.recognition_docx",
                     recognition_docx(session=session, actor=actor, decision_id=decision_id),
                     f"quyet-dinh-cong-nhan-{decision_id}.docx", "docs_recognition_docx")]
    if minutes:
        downloads += [Download(f"review.docs.minutes_{kind}", build(session=session, actor=actor,
                                                                    campaign_id=campaign_id),
                               f"bien-ban-{campaign_id}.{kind}", f"docs_minutes_{kind}")
                      for kind, build in (("docx", minutes_docx), ("xlsx", minutes_xlsx))]
        downloads.append(Download("papers.download.minutes_pdf",
                                  minutes_pdf(session=session, actor=actor, campaign_id=campaign_id),
                                  f"bien-ban-{campaign_id}.pdf", "docs_minutes_pdf"))
    return downloads


def campaigns(*, session: Session, actor: User, lang: str) -> dict[int, str]:
    """Campaigns with a council or still open, newest first: id -> "name (year)"."""
    frame = councils.campaigns_frame(session)
    return {int(r.id): f"{r.name} ({r.year})" for r in frame.itertuples()}


def overview(*, session: Session, actor: User, lang: str, campaign_id: int) -> Overview:
    """The campaign's kind and council, and the signature that keys the cached board."""
    campaign = get_campaign(session, campaign_id)
    council = councils.council_for_campaign(session, campaign_id)
    higher = campaign.kind == "higher_scope"
    note = (t("review.council.higher_scope_note", lang, scope=label("review.scope", campaign.target_scope, lang))
            if higher else None)
    if council is None:
        return Overview(higher, campaign.target_scope, note)
    boards.require_board_access(session, actor=actor, campaign_id=campaign_id)
    return Overview(higher, campaign.target_scope, note, council.id, council.name,
                    boards.board_signature(session, campaign_id))


def members(*, session: Session, actor: User, lang: str, council_id: int, search: str = "") -> Members:
    """Members with translated roles, the people matching `search`, the roles to give (preset to a plain member)
    and who can be removed."""
    frame = councils.members_frame(session, council_id)
    found = councils.find_users(session, search) if search else pd.DataFrame(columns=["id", "full_name", "username"])
    return Members(frame.assign(role=[label("review.role", r, lang) for r in frame.role])
                   [["full_name", "username", "role"]].rename(columns={"full_name": "member"}),
                   {int(r.id): f"{r.full_name} ({r.username})" for r in found.itertuples()},
                   {r: label("review.role", r, lang) for r in councils.MEMBER_ROLES},
                   list(councils.MEMBER_ROLES).index("member"),
                   {int(r.user_id): r.full_name for r in frame.itertuples()})


def assignments(*, session: Session, actor: User, lang: str, idea_id: int) -> Assignments:
    """Who scores the idea, by when, and how far they are; the declared conflicts (None when there are none)."""
    return assignment_rows(session, idea_id, lang)


def open_ideas(*, session: Session, actor: User, lang: str, campaign_id: int) -> dict[int, str]:
    """Ideas of the campaign still before the council: id -> "receipt — title"."""
    rows = session.execute(select(Idea.id, Idea.receipt_no, Idea.title).where(
        Idea.campaign_id == campaign_id, Idea.status == lifecycle.UNDER_REVIEW).order_by(Idea.id)).all()
    return {int(i): f"{receipt or '#' + str(i)} — {title}" for i, receipt, title in rows}


KEY_COLUMNS = {"board": {"title": 150, "decision": 120, "mean": 88},  # px on a 390 px phone (358 for the table)
               "documents": {"title": 150, "decision": 120, "decided": 88}}


def board(*, session: Session, actor: User, lang: str, campaign_id: int) -> Board:
    """The board with figures formatted, the agreement figures and how many ideas need discussion, for those who
    may view reviews over the campaign's unit (checked here, before anything is read)."""
    boards.require_board_access(session, actor=actor, campaign_id=campaign_id)
    frame = boards.board(session, campaign_id)
    agreement = boards.campaign_agreement(session, campaign_id)
    shown = frame.assign(
        decision=[label("review.status", d, lang) for d in frame.decision],
        disagreement=[t("review.board.discuss", lang) if d else "" for d in frame.disagreement],
        **{c: [number(v, lang) for v in frame[c]] for c in ("mean", "calibrated_mean", "median", "std", "range",
                                                            "novelty_mean")})
    # The title, result and means lead: they stay in view at 1440 px and are what a phone shows (KEY_COLUMNS).
    columns = {"title": "title", "decision": "decision", "mean": "mean", "calibrated_mean": "calibrated",
               "votes_for": "for", "votes_against": "against", "n": "n", "receipt_no": "receipt",
               "novelty_mean": "novelty", "median": "median", "std": "std", "range": "range",
               "disagreement": "disagreement"}
    return Board(shown[list(columns)].rename(columns=columns),
                 int(frame["disagreement"].sum()) if not frame.empty else 0,
                 number(agreement["alpha"], lang, 2) or "—", number(agreement["icc1"], lang, 2) or "—")


def decide_options(*, session: Session, actor: User, lang: str, campaign_id: int, higher: bool) -> DecideOptions:
    """Ideas waiting for the decision; for a higher-scope campaign, the candidates with their replications.
    Also the vote and scope choices of the form, the scope preset to the campaign's target when it has one."""
    scopes = list(SCOPES)
    target = get_campaign(session, campaign_id).target_scope if higher else None
    choices = {"votes": {v: t(f"review.vote.{v or 'none'}", lang) for v in ("", *votes.VOTES)},
               "scopes": {s: label("review.scope", s, lang) for s in scopes},
               "scope_index": scopes.index(target) if target in scopes else 0}
    if not higher:
        return DecideOptions(open_ideas(session=session, actor=actor, lang=lang, campaign_id=campaign_id), None,
                             **choices)
    frame = boards.higher_scope_candidates(session, actor=actor, campaign_id=campaign_id)
    decided = set(session.scalars(select(Decision.idea_id).where(Decision.campaign_id == campaign_id)))
    return DecideOptions({int(r.idea_id): r.title for r in frame.itertuples() if r.idea_id not in decided},
                         frame.assign(scope=[label("review.scope", s, lang) for s in frame.scope])
                         [["title", "unit", "scope", "replications"]], **choices)


def sitting(*, session: Session, actor: User, lang: str, campaign_id: int, idea_id: int) -> list[Seat]:
    """The members who sit for the idea, with their role and the vote stored so far ("" when none)."""
    require(session, actor, "review.view", unit_id=get_campaign(session, campaign_id).unit_id)
    council = councils.require_council(session, campaign_id)
    return [Seat(int(r.member_id), r.full_name, label("review.role", r.role, lang),
                 r.vote if isinstance(r.vote, str) else "")
            for r in votes.votes_frame(session, idea_id, council.id).itertuples()]


def decide_form(*, session: Session, actor: User, lang: str, campaign_id: int, idea_id: int,
                chosen: dict[int, str | None] | None = None, counts: dict | None = None,
                higher: bool = False) -> DecideForm:
    """The verdict from the votes on screen, each check of the pass rule, missing scores, and for a higher-scope
    campaign the replication evidence (None otherwise or when there is none).

    `notes` is what the page shows, in order, as (Streamlit call, text): a tally that cannot be, each check as
    plain text ("✔ …"/"✘ …"), the missing scores, and the verdict (success when it passes, else warning)."""
    counts_error = None
    try:
        result = decisions.preview(session, actor=actor, idea_id=idea_id, campaign_id=campaign_id, counts=counts,
                                   votes=chosen)
    except ValidationError as error:  # a tally typed by hand that cannot be: said, and the votes shown instead
        if not counts:
            raise
        counts_error = error_text(error, lang)
        result = decisions.preview(session, actor=actor, idea_id=idea_id, campaign_id=campaign_id, votes=chosen)
    ev, figures, rule, tally = result.evaluation, result.figures, result.rule, result.votes
    checks = [
        (ev.checks["mean"], t("review.check.mean", lang, value=number(figures["mean"], lang) or "—",
                              min=rule["min_mean"])),
        (ev.checks["novelty"], t("review.check.novelty", lang, value=number(figures["novelty_mean"], lang) or "—",
                                 min=rule["novelty_min_exclusive"])),
        (ev.checks["quorum"], t("review.check.quorum", lang, present=tally["present"], required=ev.required_present,
                                total=tally["total"])),
        (ev.checks["approval"], t("review.check.approval", lang, votes=tally["for"], required=ev.required_for,
                                  total=tally["total"])),
    ]
    council = rule.get("council")  # the rule set this decision will freeze: whose ratios these are
    rule_note = [("caption", t("councilrules.show.decision", lang, name=council["name"],
                               approval=council_rules.ratio_text(rule["approval_ratio"]),
                               quorum=council_rules.ratio_text(rule["quorum_ratio"])))] if council else []
    progress = result.progress
    missing = (t("review.decide.scores_missing", lang, **progress)
               if progress["scored"] < progress["assigned"] else None)
    evidence = boards.replications_frame(session, idea_id) if higher else pd.DataFrame()
    verdict = t("review.decide.outcome_pass" if ev.passed else "review.decide.outcome_fail", lang)
    notes = [*([("error", counts_error)] if counts_error else []), *rule_note,
             *[("text", ("✔ " if ok else "✘ ") + text) for ok, text in checks],
             *([("warning", missing)] if missing else []), ("success" if ev.passed else "warning", verdict)]
    return DecideForm(checks, ev.passed, missing, counts_error, verdict, notes,
                      evidence.assign(applied_on=[fmt_date(d, lang) for d in evidence.applied_on],
                                      hours_saved=[number(v, lang, 0) for v in evidence.hours_saved],
                                      vnd_saved=[number(v, lang, 0) for v in evidence.vnd_saved])
                      if not evidence.empty else None)


def documents(*, session: Session, actor: User, lang: str, campaign_id: int, certificate_id: int | None = None,
              minutes: bool = False) -> Documents:
    """Decisions taken (None when there are none), the chosen certificate's docx and, when asked, the minutes
    (docx, xlsx), each a download with its label key, file name and widget key."""
    require(session, actor, "review.view", unit_id=get_campaign(session, campaign_id).unit_id)
    frame = boards.decisions_frame(session, campaign_id)
    shown = frame.assign(outcome=[label("review.status", o, lang) for o in frame.outcome],
                         decided_on=[fmt_date(d, lang) for d in frame.decided_on],
                         scope=[label("review.scope", s, lang) for s in frame.scope],
                         mean=[number(v, lang) for v in frame["mean"]],
                         certificate_no=[c if isinstance(c, str) else "" for c in frame.certificate_no])
    certificates = {int(r.certificate_id): f"{r.certificate_no} — {r.title}" for r in frame.itertuples()
                    if pd.notna(r.certificate_id)}
    chosen = certificate_id if certificate_id in certificates else next(iter(certificates), None)
    columns = {"title": "title", "outcome": "decision", "decided_on": "decided", "number": "number",
               "scope": "scope", "mean": "mean", "votes_for": "for", "members_total": "members",
               "certificate_no": "certificate"}
    try:
        downloads = _downloads(session, actor, campaign_id, chosen, minutes)
    except IdentityIncomplete as refused:
        return Documents(shown[list(columns)].rename(columns=columns) if not frame.empty else None, certificates,
                         None, [], error_text(refused, lang))
    return Documents(shown[list(columns)].rename(columns=columns) if not frame.empty else None, certificates,
                     downloads[0].payload if chosen else None, downloads)


def linked_idea(*, options: dict[int, str], raw: str | None, lang: str = "vi") -> Linked:
    """The file an address names (`idea=`, with `step=decide` or `step=votes`), if it waits for this decision."""
    return linked_id(raw, options, lang)


@dataclass(frozen=True)
class Decided:
    """What the chair sees right after "Ghi quyết định", on the file just decided: the outcome, the decision and
    certificate numbers, the certificate to download, and who acts next."""

    idea_id: int
    heading: str  # "SK-2026-0001 — title" (user text: shown plain)
    outcome: str  # "ĐƯỢC CÔNG NHẬN — quyết định số 12/QĐ-HĐSK ngày 02/03/2026 (12 tán thành / 15)"
    passed: bool
    certificate: str | None  # "Giấy chứng nhận số GCN-2026-0001"
    download: Download | None
    next_step: str
    refusal: str | None = None  # why no certificate can be handed out yet (the identity is incomplete)


def _decided_certificate(session: Session, actor: User, certificate: Certificate, idea_id: int,
                         lang: str) -> tuple[Download | None, str | None]:
    """The certificate just issued, as stored (signed or a draft), else its editable docx; or why neither exists."""
    stored = certificate_download(session=session, actor=actor, idea_id=idea_id)
    if stored is not None:
        label = "papers.download.certificate_pdf"
        return Download(label, stored.content, stored.file_name, "decided_certificate_download"), None
    try:
        payload = certificate_docx(session=session, actor=actor, certificate_id=certificate.id)
    except IdentityIncomplete as refused:
        return None, error_text(refused, lang)
    return (Download("review.docs.download_certificate", payload, f"giay-chung-nhan-{certificate.id}.docx",
                     "decided_certificate_download"), None)


def decided(*, session: Session, actor: User, lang: str, decision_id: int) -> Decided:
    """The decision just recorded, as the chair's page shows it in place of the form it came from."""
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound("place.decided.not_found")
    idea = session.get(Idea, decision.idea_id)
    require(session, actor, "review.view", unit_id=get_campaign(session, decision.campaign_id).unit_id
            if decision.campaign_id else idea.unit_id)
    passed = decision.outcome == lifecycle.RECOGNISED
    certificate = session.scalar(select(Certificate).where(Certificate.decision_id == decision.id))
    outcome = t("place.decided.outcome", lang,
                outcome=t("place.decided.recognised" if passed else "place.decided.not_recognised", lang),
                number=decision.number, date=fmt_date(decision.decided_on, lang), votes=decision.votes_for,
                total=decision.members_total)
    download, refusal = (_decided_certificate(session, actor, certificate, idea.id, lang) if certificate
                         else (None, None))
    return Decided(idea.id, file_label(idea.receipt_no, idea.id, idea.title), outcome, passed,
                   t("place.decided.certificate", lang, number=certificate.number) if certificate else None, download,
                   t("place.decided.next_pass" if passed else "place.decided.next_fail", lang), refusal)
