"""Council decisions: votes, the campaign's pass rule, recognition, certificates and higher-scope raises.

Default pass rule (DOMAIN.md, Circular 18/2013 Art. 8): mean >= 50, novelty mean > 0, votes for >= 2/3 of
the council members who sit for the idea, and a quorum of 2/3 of them present (quorum is our default; a
campaign's pass_rule JSON overrides any value). Members who are authors or declared a conflict do not sit
for that idea, so they count neither in the total nor among those present.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core import audit
from ideas.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from ideas.core.models import (
    Campaign,
    Certificate,
    Council,
    CouncilMember,
    CouncilVote,
    Counter,
    Decision,
    Idea,
    IdeaHistory,
    Replication,
    ScoreSheet,
    Unit,
    User,
    utcnow,
)
from ideas.core.permissions import require, scope_unit_ids
from ideas.filing import lifecycle
from ideas.review.calibration import aggregate, novelty_means, score_rows
from ideas.review.councils import (
    conflicted_ids,
    ensure_not_conflicted,
    get_campaign,
    get_idea,
    member_of,
    require_council,
)

DEFAULT_PASS_RULE = {
    "min_mean": 50,
    "novelty_min_exclusive": 0,
    "approval_ratio": "2/3",
    "quorum_ratio": "2/3",
    "disagreement_range": 20,
    "disagreement_std": 10,
}
VOTES = ("for", "against", "abstain")
SCOPES = ("unit", "provincial", "national")
CHAIR_ROLES = ("chair", "vice_chair")


def pass_rule(campaign: Campaign | None) -> dict:
    """The campaign's pass rule merged over the defaults."""
    rule = dict(DEFAULT_PASS_RULE)
    if campaign is not None and campaign.pass_rule:
        try:
            rule.update(json.loads(campaign.pass_rule) or {})
        except ValueError:
            pass
    return rule


@dataclass
class Evaluation:
    passed: bool
    checks: dict[str, bool]
    required_for: int
    required_present: int
    values: dict = field(default_factory=dict)


def evaluate(rule: dict, *, mean: float | None, novelty_mean: float | None, votes_for: int,
             members_total: int, members_present: int) -> Evaluation:
    """Apply a pass rule to the figures of one idea; each check is reported separately."""
    approval = Fraction(str(rule["approval_ratio"]))
    quorum = Fraction(str(rule["quorum_ratio"]))
    required_for = math.ceil(approval * members_total)
    required_present = math.ceil(quorum * members_total)
    checks = {
        "mean": mean is not None and Decimal(str(mean)) >= Decimal(str(rule["min_mean"])),
        "novelty": novelty_mean is not None
        and Decimal(str(novelty_mean)) > Decimal(str(rule["novelty_min_exclusive"])),
        "quorum": members_total > 0 and members_present >= required_present,
        "approval": members_total > 0 and votes_for >= required_for,
    }
    values = {"mean": mean, "novelty_mean": novelty_mean, "votes_for": votes_for, "members_total": members_total,
              "members_present": members_present, "required_for": required_for,
              "required_present": required_present}
    return Evaluation(all(checks.values()), checks, required_for, required_present, values)


# ---------------------------------------------------------------- votes


def _campaign_council(session: Session, idea: Idea, campaign_id: int | None) -> tuple[Campaign, Council]:
    campaign = get_campaign(session, campaign_id or idea.campaign_id)
    return campaign, require_council(session, campaign.id)


def _require_chair(session: Session, actor: User, idea: Idea, council: Council) -> None:
    require(session, actor, "review.decide", unit_id=idea.unit_id)
    member = member_of(session, council.id, actor.id)
    if member is None or member.role not in CHAIR_ROLES:
        raise PermissionDenied("review.error.not_chair")
    ensure_not_conflicted(session, idea, actor.id)


def sitting_members(session: Session, idea: Idea, council: Council) -> list[CouncilMember]:
    """Council members who sit for this idea (authors and declared conflicts excluded)."""
    blocked = conflicted_ids(session, idea)
    members = session.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)
                              .order_by(CouncilMember.id))
    return [m for m in members if m.user_id not in blocked]


def _frozen(session: Session, idea: Idea, campaign: Campaign) -> bool:
    return session.scalar(select(Decision.id).where(Decision.idea_id == idea.id,
                                                    Decision.campaign_id == campaign.id)) is not None


def record_votes(*, session: Session, actor: User, idea_id: int, votes: dict[int, str],
                 campaign_id: int | None = None) -> list[CouncilVote]:
    """The chair records members' votes (member_id -> for/against/abstain); conflicted members cannot vote."""
    idea = get_idea(session, idea_id)
    campaign, council = _campaign_council(session, idea, campaign_id)
    _require_chair(session, actor, idea, council)
    if _frozen(session, idea, campaign):
        raise InvalidTransition("review.error.already_decided")
    blocked = conflicted_ids(session, idea)
    saved = []
    for member_id, vote in votes.items():
        member = session.get(CouncilMember, int(member_id))
        if member is None or member.council_id != council.id:
            raise ValidationError("review.error.not_member")
        if member.user_id in blocked:
            raise PermissionDenied("review.error.conflict")
        if vote in (None, ""):
            existing = session.scalar(select(CouncilVote).where(CouncilVote.idea_id == idea_id,
                                                                CouncilVote.member_id == member.id))
            if existing is not None:
                session.delete(existing)
            continue
        if vote not in VOTES:
            raise ValidationError("review.error.vote_invalid", vote=vote)
        row = session.scalar(select(CouncilVote).where(CouncilVote.idea_id == idea_id,
                                                       CouncilVote.member_id == member.id))
        if row is None:
            row = CouncilVote(idea_id=idea_id, member_id=member.id, vote=vote, recorded_by=actor.id)
            session.add(row)
        else:
            row.vote, row.recorded_by = vote, actor.id
        saved.append(row)
    session.flush()
    audit.record(session=session, actor=actor, action="review.votes", entity="idea", entity_id=idea_id,
                 details={"campaign_id": campaign.id, "votes": {str(k): v for k, v in votes.items()}})
    if idea.status == lifecycle.UNDER_REVIEW and idea.review_stage != "voting":
        lifecycle.set_review_stage(session=session, idea=idea, stage="voting", actor=actor)
    return saved


def vote_counts(session: Session, idea: Idea, council: Council) -> dict[str, int]:
    sitting = {m.id for m in sitting_members(session, idea, council)}
    rows = session.execute(select(CouncilVote.member_id, CouncilVote.vote).where(
        CouncilVote.idea_id == idea.id, CouncilVote.member_id.in_(sitting or {-1}))).all()
    counts = dict.fromkeys(VOTES, 0)
    for _member, vote in rows:
        counts[vote] += 1
    counts["present"] = len(rows)
    counts["total"] = len(sitting)
    return counts


def votes_frame(session: Session, idea_id: int, council_id: int) -> pd.DataFrame:
    """Votes of the members who sit for the idea (conflicted members are left out)."""
    blocked = conflicted_ids(session, get_idea(session, idea_id))
    rows = session.execute(
        select(CouncilMember.id, User.full_name, CouncilMember.role, CouncilVote.vote)
        .join(User, User.id == CouncilMember.user_id)
        .outerjoin(CouncilVote, (CouncilVote.member_id == CouncilMember.id) & (CouncilVote.idea_id == idea_id))
        .where(CouncilMember.council_id == council_id, CouncilMember.user_id.not_in(blocked or {-1}))
        .order_by(CouncilMember.id)
    ).all()
    return pd.DataFrame(rows, columns=["member_id", "full_name", "role", "vote"])


# ---------------------------------------------------------------- figures and preview


def idea_figures(session: Session, idea: Idea, campaign: Campaign, council: Council) -> dict:
    """Mean, novelty mean and calibrated mean of the idea from the scores of this council's members."""
    reviewers = list(session.scalars(select(CouncilMember.user_id).where(CouncilMember.council_id == council.id)))
    scores = score_rows(session, idea.campaign_id, reviewers) if idea.campaign_id else pd.DataFrame()
    rule = pass_rule(campaign)
    agg = aggregate(scores, disagreement_range=float(rule["disagreement_range"]),
                    disagreement_std=float(rule["disagreement_std"])) if not scores.empty else pd.DataFrame()
    row = agg[agg["idea_id"] == idea.id] if not agg.empty else agg
    if row is None or row.empty:
        figures = {"n": 0, "mean": None, "median": None, "std": None, "range": None, "calibrated_mean": None,
                   "disagreement": False}
    else:
        r = row.iloc[0]
        figures = {k: (float(r[k]) if k != "disagreement" else bool(r[k]))
                   for k in ("n", "mean", "median", "std", "range", "calibrated_mean", "disagreement")}
        figures["n"] = int(r["n"])
    novelty = novelty_means(session, [idea.id]) if figures["n"] else {}
    figures["novelty_mean"] = novelty.get(idea.id)
    return figures


def preview(session: Session, *, actor: User, idea_id: int, campaign_id: int | None = None,
            counts: dict | None = None) -> dict:
    """What the decision would be now: figures, vote counts and each check of the pass rule."""
    idea = get_idea(session, idea_id)
    campaign, council = _campaign_council(session, idea, campaign_id)
    require(session, actor, "review.view", unit_id=idea.unit_id)
    figures = _figures_for(session, idea, campaign, council)
    tally = vote_counts(session, idea, council)
    if counts:
        tally.update({k: int(v) for k, v in counts.items() if v is not None})
    rule = pass_rule(campaign)
    result = evaluate(rule, mean=figures["mean"], novelty_mean=figures["novelty_mean"], votes_for=tally["for"],
                      members_total=tally["total"], members_present=tally["present"])
    return {"figures": figures, "votes": tally, "rule": rule, "evaluation": result}


def _figures_for(session: Session, idea: Idea, campaign: Campaign, council: Council) -> dict:
    if campaign.kind == "higher_scope":
        # The higher council re-evaluates on the evidence; its scores are the unit council's unless it scored.
        figures = idea_figures(session, idea, campaign, council)
        own_council = session.scalar(select(Council).where(Council.campaign_id == idea.campaign_id))
        if figures["n"] == 0 and own_council is not None:
            figures = idea_figures(session, idea, get_campaign(session, idea.campaign_id), own_council)
        return figures
    return idea_figures(session, idea, campaign, council)


# ---------------------------------------------------------------- numbering


def next_number(session: Session, name: str, year: int) -> int:
    """Bump the (name, year) counter with one UPDATE (its row lock serialises concurrent callers)."""
    stmt = (update(Counter).where(Counter.name == name, Counter.year == year)
            .values(last=Counter.last + 1).returning(Counter.last))
    value = session.execute(stmt).scalar()
    if value is None:
        try:
            with session.begin_nested():
                session.add(Counter(name=name, year=year, last=0))
        except IntegrityError:
            pass  # another transaction created it first; the UPDATE below waits for it
        value = session.execute(stmt).scalar()
    return int(value)


def _issue_certificate(session: Session, decision: Decision, actor: User) -> Certificate:
    year = decision.decided_on.year
    number = f"GCN-{year}-{next_number(session, 'certificate', year):04d}"
    certificate = Certificate(decision_id=decision.id, number=number, issued_on=decision.decided_on)
    session.add(certificate)
    session.flush()
    audit.record(session=session, actor=actor, action="certificate.issue", entity="certificate",
                 entity_id=certificate.id, details={"number": number, "decision_id": decision.id})
    return certificate


# ---------------------------------------------------------------- decide


def decide(*, session: Session, actor: User, idea_id: int, number: str, decided_on: dt.date | None = None,
           scope: str | None = None, reason: str | None = None, campaign_id: int | None = None,
           counts: dict | None = None) -> Decision:
    """The chair records the council's decision; the outcome follows the pass rule, a refusal needs a reason.

    `counts` ({"for", "against", "present"}) replaces the individual votes when only the tally is known.
    """
    idea = get_idea(session, idea_id)
    session.refresh(idea, with_for_update=True)  # scores and votes queue until the decision is written
    campaign, council = _campaign_council(session, idea, campaign_id)
    _require_chair(session, actor, idea, council)
    higher = campaign.kind == "higher_scope"
    if higher:
        if idea.status != lifecycle.RECOGNISED:
            raise InvalidTransition("review.error.not_recognised_yet", status=idea.status)
    elif idea.status != lifecycle.UNDER_REVIEW or idea.campaign_id != campaign.id:
        raise InvalidTransition("review.error.not_under_review", status=idea.status)
    if _frozen(session, idea, campaign):
        raise InvalidTransition("review.error.already_decided")
    if not (number or "").strip():
        raise ValidationError("review.error.decision_number_required")
    scope = scope or (campaign.target_scope if higher else "unit")
    if scope not in SCOPES:
        raise ValidationError("review.error.scope_invalid", scope=scope)
    if higher and SCOPES.index(scope) <= SCOPES.index(idea.scope or "unit"):
        raise ValidationError("review.error.scope_not_higher", scope=scope)
    figures = _figures_for(session, idea, campaign, council)
    if figures["n"] == 0:
        raise ValidationError("review.error.no_scores")
    tally = vote_counts(session, idea, council)
    if counts:
        votes_for, against = int(counts.get("for", 0)), int(counts.get("against", 0))
        present = int(counts.get("present", votes_for + against))
        if min(votes_for, against, present) < 0 or votes_for + against > present or present > tally["total"]:
            raise ValidationError("review.error.counts_invalid", total=tally["total"])
        tally.update({"for": votes_for, "against": against, "present": present})
    rule = pass_rule(campaign)
    result = evaluate(rule, mean=figures["mean"], novelty_mean=figures["novelty_mean"], votes_for=tally["for"],
                      members_total=tally["total"], members_present=tally["present"])
    outcome = lifecycle.RECOGNISED if result.passed else lifecycle.NOT_RECOGNISED
    if not result.passed and not (reason or "").strip():
        raise ValidationError("review.error.refusal_reason_required")
    decided_on = decided_on or dt.date.today()
    snapshot = {"rule": rule, "checks": result.checks, "values": result.values,
                "calibrated_mean": figures["calibrated_mean"], "campaign_kind": campaign.kind}
    decision = Decision(
        idea_id=idea.id, campaign_id=campaign.id, number=number.strip(), decided_on=decided_on, outcome=outcome,
        scope=scope if result.passed else None, reason=(reason or "").strip() or None,
        members_total=tally["total"], members_present=tally["present"], votes_for=tally["for"],
        votes_against=tally["against"], mean_score=Decimal(str(round(figures["mean"], 2))),
        rule_snapshot=json.dumps(snapshot, ensure_ascii=False, default=str), recorded_by=actor.id)
    session.add(decision)
    session.flush()
    audit.record(session=session, actor=actor, action="review.decide", entity="idea", entity_id=idea.id,
                 details={"decision_id": decision.id, "outcome": outcome, "scope": decision.scope,
                          "campaign_id": campaign.id})
    if higher:
        if result.passed:
            # lifecycle has no recognised -> recognised transition: a scope raise keeps the status, so the
            # history row is written here, with the same who/when/why shape as a transition.
            previous = idea.scope
            idea.scope = scope
            session.add(IdeaHistory(idea_id=idea.id, at=utcnow(), actor_id=actor.id,
                                    from_status=lifecycle.RECOGNISED, to_status=lifecycle.RECOGNISED,
                                    stage=None, reason=f"scope: {scope}"))
            audit.record(session=session, actor=actor, action="idea.scope", entity="idea", entity_id=idea.id,
                         details={"from": previous, "to": scope, "decision_id": decision.id})
    else:
        lifecycle.transition(session=session, idea=idea, to=outcome, actor=actor,
                             reason=decision.reason if outcome == lifecycle.NOT_RECOGNISED else None)
        idea.decided_at = utcnow()
        if result.passed:
            idea.scope = scope
    session.flush()
    certificate = _issue_certificate(session, decision, actor) if result.passed else None
    key = "inbox.msg.recognised" if result.passed else "inbox.msg.not_recognised"
    if higher:
        key = "inbox.msg.scope_raised" if result.passed else "inbox.msg.scope_kept"
    inbox.notify_authors(session=session, idea=idea, kind="review.decision", message_key=key, title=idea.title,
                         number=decision.number, scope=scope, reason=decision.reason or "",
                         certificate=certificate.number if certificate else "")
    return decision


# ---------------------------------------------------------------- read models


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


def decision_board(session: Session, *, actor: User, campaign_id: int) -> pd.DataFrame:
    """The council's board for a campaign (see `board`), for those who may view reviews."""
    require_board_access(session, actor=actor, campaign_id=campaign_id)
    return board(session, campaign_id)


def campaign_agreement(session: Session, campaign_id: int) -> dict:
    """Krippendorff's alpha (interval) and ICC(1) of the campaign's totals."""
    from ideas.review.calibration import icc1, krippendorff_alpha_interval, matrix

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
