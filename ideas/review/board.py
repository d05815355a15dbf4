"""Read models of a council's work: the board per idea, agreement, decisions, higher-scope candidates."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core.errors import NotFound, ValidationError
from ideas.core.models import (
    Campaign,
    Certificate,
    Council,
    CouncilMember,
    CouncilVote,
    Decision,
    Idea,
    Replication,
    ScoreSheet,
    Unit,
    User,
)
from ideas.core.permissions import require, scope_unit_ids
from ideas.core.words import SCOPES
from ideas.filing import lifecycle
from ideas.filing.campaigns import get_campaign
from ideas.review.calibration import aggregate, icc1, krippendorff_alpha_interval, matrix, novelty_means, score_rows
from ideas.review.passrule import pass_rule


def board(session: Session, campaign_id: int) -> pd.DataFrame:
    """Per idea of a campaign (or, for a higher-scope campaign, per decided idea): figures, votes, decision."""
    campaign = get_campaign(session, campaign_id)
    council = session.scalar(select(Council).where(Council.campaign_id == campaign_id))
    rule = pass_rule(campaign)
    if campaign.kind == "higher_scope":
        idea_rows = session.execute(
            select(Idea.id, Idea.receipt_no, Idea.title, Idea.status, Idea.scope)
            .join(Decision, Decision.idea_id == Idea.id).where(Decision.campaign_id == campaign_id)
            .order_by(Idea.id)).all()
    else:
        idea_rows = session.execute(
            select(Idea.id, Idea.receipt_no, Idea.title, Idea.status, Idea.scope)
            .where(Idea.campaign_id == campaign_id,
                   Idea.status.in_((lifecycle.UNDER_REVIEW, lifecycle.RECOGNISED, lifecycle.NOT_RECOGNISED)))
            .order_by(Idea.id)).all()
    frame = pd.DataFrame(idea_rows, columns=["idea_id", "receipt_no", "title", "status", "scope"])
    reviewers = (list(session.scalars(select(CouncilMember.user_id).where(CouncilMember.council_id == council.id)))
                 if council else None)
    scores = score_rows(session, campaign_id, reviewers)
    agg = aggregate(scores, disagreement_range=float(rule["disagreement_range"]),
                    disagreement_std=float(rule["disagreement_std"]))
    frame = frame.merge(agg, on="idea_id", how="left")
    ids = [int(i) for i in frame["idea_id"]]
    novelty = novelty_means(session, ids)
    frame["novelty_mean"] = [novelty.get(i) for i in ids]
    votes = session.execute(
        select(CouncilVote.idea_id, CouncilVote.vote, func.count())
        .join(CouncilMember, CouncilMember.id == CouncilVote.member_id)
        .where(CouncilVote.idea_id.in_(ids or [-1]), CouncilMember.council_id == (council.id if council else -1))
        .group_by(CouncilVote.idea_id, CouncilVote.vote)).all()
    tally: dict[tuple[int, str], int] = {(i, v): n for i, v, n in votes}
    decisions = {d.idea_id: d for d in session.scalars(
        select(Decision).where(Decision.campaign_id == campaign_id, Decision.idea_id.in_(ids or [-1])))}
    frame["votes_for"] = [decisions[i].votes_for if i in decisions else tally.get((i, "for"), 0) for i in ids]
    frame["votes_against"] = [decisions[i].votes_against if i in decisions else tally.get((i, "against"), 0)
                              for i in ids]
    frame["decision"] = [decisions[i].outcome if i in decisions else None for i in ids]
    frame["decision_no"] = [decisions[i].number if i in decisions else None for i in ids]
    frame["n"] = frame["n"].fillna(0).astype(int)
    frame["disagreement"] = frame["disagreement"].astype("boolean").fillna(False).astype(bool)
    return frame


def board_signature(session: Session, campaign_id: int) -> tuple:
    """Changes whenever a score, vote or decision of the campaign changes: the key of a cached board."""
    ideas = select(Idea.id).where(Idea.campaign_id == campaign_id)
    sheets = session.execute(select(func.count(), func.max(ScoreSheet.updated_at), func.sum(ScoreSheet.version))
                             .where(ScoreSheet.idea_id.in_(ideas))).one()
    votes = session.scalar(select(func.count()).select_from(CouncilVote).where(CouncilVote.idea_id.in_(ideas)))
    decided = session.execute(select(func.count(), func.max(Decision.id))
                              .where(Decision.campaign_id == campaign_id)).one()
    under_review = session.scalar(select(func.count()).select_from(Idea)
                                  .where(Idea.campaign_id == campaign_id, Idea.status == "under_review"))
    return (campaign_id, *sheets, votes, *decided, under_review)


def require_board_access(session: Session, *, actor: User, campaign_id: int) -> None:
    """Only those who may view reviews over the campaign's unit see its board."""
    require(session, actor, "review.view", unit_id=get_campaign(session, campaign_id).unit_id)


def campaign_agreement(session: Session, campaign_id: int) -> dict:
    """Krippendorff's alpha (interval) and ICC(1) of the campaign's totals."""
    data = matrix(score_rows(session, campaign_id))
    return {"alpha": krippendorff_alpha_interval(data) if data.size else None,
            "icc1": icc1(data) if data.size else None, "ideas": int(data.shape[0]) if data.size else 0}


def summary(session: Session, campaign_id: int | None = None) -> pd.DataFrame:
    """CLI summary: per idea raw mean, calibrated mean, spread, votes and decision; all campaigns when None."""
    ids = [campaign_id] if campaign_id else list(session.scalars(select(Campaign.id).order_by(Campaign.id)))
    frames = []
    for cid in ids:
        frame = board(session, cid)
        if frame.empty:
            continue
        frame.insert(0, "campaign_id", cid)
        frames.append(frame)
    columns = ["campaign_id", "idea_id", "receipt_no", "title", "n", "mean", "calibrated_mean", "std", "range",
               "disagreement", "votes_for", "votes_against", "decision", "decision_no"]
    if not frames:
        return pd.DataFrame(columns=columns)
    result = pd.concat(frames, ignore_index=True)[columns]
    for column in ("mean", "calibrated_mean", "std", "range"):
        result[column] = result[column].astype(float).round(2)
    return result


def decisions_frame(session: Session, campaign_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(Decision.id, Decision.idea_id, Idea.title, Decision.number, Decision.decided_on, Decision.outcome,
               Decision.scope, Decision.mean_score, Decision.votes_for, Decision.votes_against,
               Decision.members_total, Certificate.id, Certificate.number)
        .join(Idea, Idea.id == Decision.idea_id).outerjoin(Certificate, Certificate.decision_id == Decision.id)
        .where(Decision.campaign_id == campaign_id).order_by(Decision.decided_on, Decision.id)).all()
    return pd.DataFrame(rows, columns=["decision_id", "idea_id", "title", "number", "decided_on", "outcome", "scope",
                                       "mean", "votes_for", "votes_against", "members_total", "certificate_id",
                                       "certificate_no"])


def higher_scope_candidates(session: Session, *, actor: User, campaign_id: int) -> pd.DataFrame:
    """Ideas recognised below the campaign's target scope, with how many units replicated them."""
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "review.view", unit_id=campaign.unit_id)
    if campaign.kind != "higher_scope":
        raise ValidationError("review.error.not_higher_scope")
    lower = SCOPES[:SCOPES.index(campaign.target_scope)] if campaign.target_scope in SCOPES else ("unit",)
    replications = func.count(Replication.id)
    query = (select(Idea.id, Idea.title, Unit.name, Idea.scope, Idea.decided_at, replications)
             .join(Unit, Unit.id == Idea.unit_id).outerjoin(Replication, Replication.idea_id == Idea.id)
             .where(Idea.status == lifecycle.RECOGNISED, Idea.scope.in_(lower))
             .group_by(Idea.id, Idea.title, Unit.name, Idea.scope, Idea.decided_at)
             .order_by(replications.desc(), Idea.id))
    if campaign.unit_id is not None:
        root = session.scalar(select(Unit.path).where(Unit.id == campaign.unit_id))
        query = query.where(Unit.path.startswith(root))
    allowed = scope_unit_ids(session, actor, "review.view")
    if allowed is not None:
        query = query.where(Idea.unit_id.in_(allowed or [-1]))
    return pd.DataFrame(session.execute(query).all(),
                        columns=["idea_id", "title", "unit", "scope", "decided_at", "replications"])


def replications_frame(session: Session, idea_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(Unit.name, Replication.applied_on, Replication.benefit, Replication.hours_saved,
               Replication.vnd_saved, Replication.note)
        .join(Unit, Unit.id == Replication.unit_id).where(Replication.idea_id == idea_id)
        .order_by(Replication.applied_on)).all()
    return pd.DataFrame(rows, columns=["unit", "applied_on", "benefit", "hours_saved", "vnd_saved", "note"])


def certificate_for(session: Session, certificate_id: int) -> Certificate:
    certificate = session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound("review.error.certificate_not_found")
    return certificate
