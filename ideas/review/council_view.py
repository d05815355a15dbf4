"""What the council page shows, one read per section, with labels translated and numbers in the reader's format.

Each function takes `session`, `actor` and `lang` (the page calls it through `ui.read`) and returns plain data:
frames whose cells are display text (no codes, no None), option maps and messages.
"""
from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text, fmt_date, fmt_number, t
from ideas.core.models import Decision, Idea, User
from ideas.core.permissions import require
from ideas.core.words import SCOPES
from ideas.filing import lifecycle
from ideas.filing.campaigns import get_campaign
from ideas.review import board as boards
from ideas.review import councils, decisions, scoring, votes
from ideas.review.documents import certificate_docx, minutes_docx, minutes_xlsx

# the tally typed by hand: field -> its label's locale key
COUNT_FIELDS = {"for": "review.col.for", "against": "review.col.against", "present": "review.decide.present"}


def number(value: object, lang: str, digits: int = 1) -> str:
    """A figure the reader's way ("78,2" in vi); blank for a missing or NaN value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return fmt_number(float(value), lang, digits)


def _label(prefix: str, code: object, lang: str) -> str:
    return t(f"{prefix}.{code}", lang) if isinstance(code, str) and code else ""


def campaigns(*, session: Session, actor: User, lang: str) -> dict[int, str]:
    """Campaigns with a council or still open, newest first: id -> "name (year)"."""
    frame = councils.campaigns_frame(session)
    return {int(r.id): f"{r.name} ({r.year})" for r in frame.itertuples()}


def overview(*, session: Session, actor: User, lang: str, campaign_id: int) -> dict:
    """The campaign's kind and council, and the signature that keys the cached board."""
    campaign = get_campaign(session, campaign_id)
    council = councils.council_for_campaign(session, campaign_id)
    higher = campaign.kind == "higher_scope"
    result = {"higher": higher, "target_scope": campaign.target_scope, "council_id": None, "council_name": None,
              "note": t("review.council.higher_scope_note", lang, scope=_label("review.scope", campaign.target_scope,
                                                                               lang)) if higher else None}
    if council is not None:
        boards.require_board_access(session, actor=actor, campaign_id=campaign_id)
        result.update(council_id=council.id, council_name=council.name,
                      signature=boards.board_signature(session, campaign_id))
    return result


def members(*, session: Session, actor: User, lang: str, council_id: int, search: str = "") -> dict:
    """Members with translated roles, the people matching `search`, the roles to give (preset to a plain member)
    and who can be removed."""
    frame = councils.members_frame(session, council_id)
    found = councils.find_users(session, search) if search else pd.DataFrame(columns=["id", "full_name", "username"])
    return {"table": frame.assign(role=[_label("review.role", r, lang) for r in frame.role])
            [["full_name", "username", "role"]].rename(columns={"full_name": "member"}),
            "people": {int(r.id): f"{r.full_name} ({r.username})" for r in found.itertuples()},
            "roles": {r: _label("review.role", r, lang) for r in councils.MEMBER_ROLES},
            "role_index": list(councils.MEMBER_ROLES).index("member"),
            "current": {int(r.user_id): r.full_name for r in frame.itertuples()}}


def assignments(*, session: Session, actor: User, lang: str, idea_id: int) -> dict:
    """Who scores the idea, by when, and how far they are; the declared conflicts (None when there are none)."""
    current = scoring.assignments_frame(session, [idea_id])
    # an active assignment with a score sheet is done (the reviewer may still edit it until the decision)
    status = [t("review.queue.state_done", lang) if code == "active" and pd.notna(total)
              else _label("review.assignment", code, lang) for code, total in zip(current.status, current.total,
                                                                                   strict=True)]
    table = current.assign(status=status, due_on=[fmt_date(d, lang) if pd.notna(d) else "" for d in current.due_on],
                           total=[number(v, lang) for v in current.total])
    conflicts = councils.conflicts_frame(session, [idea_id])
    return {"table": table[["reviewer", "status", "due_on", "total"]].rename(columns={"reviewer": "member",
                                                                                       "due_on": "due"}),
            "conflicts": conflicts[["full_name", "reason"]].rename(columns={"full_name": "member"})
            if not conflicts.empty else None}


def open_ideas(*, session: Session, actor: User, lang: str, campaign_id: int) -> dict[int, str]:
    """Ideas of the campaign still before the council: id -> "receipt — title"."""
    rows = session.execute(select(Idea.id, Idea.receipt_no, Idea.title).where(
        Idea.campaign_id == campaign_id, Idea.status == lifecycle.UNDER_REVIEW).order_by(Idea.id)).all()
    return {int(i): f"{receipt or '#' + str(i)} — {title}" for i, receipt, title in rows}


def board_table(session: Session, campaign_id: int, lang: str) -> dict:
    """The board with figures formatted, the agreement figures and how many ideas need discussion."""
    frame = boards.board(session, campaign_id)
    agreement = boards.campaign_agreement(session, campaign_id)
    shown = frame.assign(
        decision=[_label("review.status", d, lang) for d in frame.decision],
        disagreement=[t("review.board.discuss", lang) if d else "" for d in frame.disagreement],
        **{c: [number(v, lang) for v in frame[c]] for c in ("mean", "calibrated_mean", "median", "std", "range",
                                                            "novelty_mean")})
    columns = {"receipt_no": "receipt", "title": "title", "decision": "decision", "mean": "mean",
               "calibrated_mean": "calibrated", "n": "n", "votes_for": "for", "votes_against": "against",
               "novelty_mean": "novelty", "median": "median", "std": "std", "range": "range",
               "disagreement": "disagreement"}
    return {"table": shown[list(columns)].rename(columns=columns),
            "flagged": int(frame["disagreement"].sum()) if not frame.empty else 0,
            "alpha": number(agreement["alpha"], lang, 2) or "—", "icc": number(agreement["icc1"], lang, 2) or "—"}


def decide_options(*, session: Session, actor: User, lang: str, campaign_id: int, higher: bool) -> dict:
    """Ideas waiting for the decision; for a higher-scope campaign, the candidates with their replications.
    Also the vote and scope choices of the form, the scope preset to the campaign's target when it has one."""
    scopes = list(SCOPES)
    target = get_campaign(session, campaign_id).target_scope if higher else None
    choices = {"votes": {v: t(f"review.vote.{v or 'none'}", lang) for v in ("", *votes.VOTES)},
               "scopes": {s: _label("review.scope", s, lang) for s in scopes},
               "scope_index": scopes.index(target) if target in scopes else 0}
    if not higher:
        return {"ideas": open_ideas(session=session, actor=actor, lang=lang, campaign_id=campaign_id),
                "candidates": None, **choices}
    frame = boards.higher_scope_candidates(session, actor=actor, campaign_id=campaign_id)
    decided = set(session.scalars(select(Decision.idea_id).where(Decision.campaign_id == campaign_id)))
    return {"ideas": {int(r.idea_id): r.title for r in frame.itertuples() if r.idea_id not in decided},
            "candidates": frame.assign(scope=[_label("review.scope", s, lang) for s in frame.scope])
            [["title", "unit", "scope", "replications"]], **choices}


def sitting(*, session: Session, actor: User, lang: str, campaign_id: int, idea_id: int) -> list[dict]:
    """The members who sit for the idea, with their role and the vote stored so far ("" when none)."""
    require(session, actor, "review.view", unit_id=get_campaign(session, campaign_id).unit_id)
    council = councils.require_council(session, campaign_id)
    return [{"member_id": int(r.member_id), "name": r.full_name, "role": _label("review.role", r.role, lang),
             "vote": r.vote if isinstance(r.vote, str) else ""}
            for r in votes.votes_frame(session, idea_id, council.id).itertuples()]


def decide_form(*, session: Session, actor: User, lang: str, campaign_id: int, idea_id: int,
                chosen: dict[int, str | None] | None = None, counts: dict | None = None, higher: bool = False) -> dict:
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
    progress = result.progress
    missing = (t("review.decide.scores_missing", lang, **progress)
               if progress["scored"] < progress["assigned"] else None)
    evidence = boards.replications_frame(session, idea_id) if higher else pd.DataFrame()
    verdict = t("review.decide.outcome_pass" if ev.passed else "review.decide.outcome_fail", lang)
    notes = [*([("error", counts_error)] if counts_error else []),
             *[("text", ("✔ " if ok else "✘ ") + text) for ok, text in checks],
             *([("warning", missing)] if missing else []), ("success" if ev.passed else "warning", verdict)]
    return {"checks": checks, "passed": ev.passed, "missing_scores": missing, "counts_error": counts_error,
            "verdict": verdict, "notes": notes,
            "evidence": evidence.assign(applied_on=[fmt_date(d, lang) for d in evidence.applied_on],
                                        hours_saved=[number(v, lang, 0) for v in evidence.hours_saved],
                                        vnd_saved=[number(v, lang, 0) for v in evidence.vnd_saved])
            if not evidence.empty else None}


def documents(*, session: Session, actor: User, lang: str, campaign_id: int, certificate_id: int | None = None,
              minutes: bool = False) -> dict:
    """Decisions taken (None when there are none), the chosen certificate's docx and, when asked, the minutes
    (docx, xlsx); `downloads` lists them as (label key, bytes, file name, widget key)."""
    require(session, actor, "review.view", unit_id=get_campaign(session, campaign_id).unit_id)
    frame = boards.decisions_frame(session, campaign_id)
    shown = frame.assign(outcome=[_label("review.status", o, lang) for o in frame.outcome],
                         decided_on=[fmt_date(d, lang) for d in frame.decided_on],
                         scope=[_label("review.scope", s, lang) for s in frame.scope],
                         mean=[number(v, lang) for v in frame["mean"]],
                         certificate_no=[c if isinstance(c, str) else "" for c in frame.certificate_no])
    certificates = {int(r.certificate_id): f"{r.certificate_no} — {r.title}" for r in frame.itertuples()
                    if pd.notna(r.certificate_id)}
    chosen = certificate_id if certificate_id in certificates else next(iter(certificates), None)
    columns = {"number": "number", "decided_on": "decided", "title": "title", "outcome": "decision",
               "scope": "scope", "mean": "mean", "votes_for": "for", "members_total": "members",
               "certificate_no": "certificate"}
    downloads = [("review.docs.download_certificate", certificate_docx(session=session, actor=actor,
                                                                        certificate_id=chosen),
                  f"giay-chung-nhan-{chosen}.docx", "docs_certificate_download")] if chosen else []
    if minutes:
        downloads += [(f"review.docs.minutes_{kind}", build(session=session, actor=actor, campaign_id=campaign_id),
                       f"bien-ban-{campaign_id}.{kind}", f"docs_minutes_{kind}")
                      for kind, build in (("docx", minutes_docx), ("xlsx", minutes_xlsx))]
    return {"table": shown[list(columns)].rename(columns=columns) if not frame.empty else None,
            "certificates": certificates, "certificate": downloads[0][1] if chosen else None,
            "downloads": downloads}
