"""Council decisions: the figures of an idea, the preview of the verdict, and the chair's decision with its
certificate (its PDF issued, signed, in the same transaction: ideas.review.issuing). A decision on a recognised
idea by a higher-scope campaign raises its scope (a transition).

Votes live in `votes`, the pass rule in `passrule`, the read models (board, summary) in `board`: import
them from there.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.core import audit, clock, events, targets
from ideas.core.errors import InvalidTransition, ValidationError
from ideas.core.models import (
    Campaign,
    Certificate,
    Council,
    CouncilMember,
    Counter,
    Decision,
    Idea,
    ReviewAssignment,
    ScoreSheet,
    User,
)
from ideas.core.permissions import require
from ideas.core.text import bounded
from ideas.core.words import SCOPES
from ideas.filing import council_rules, lifecycle
from ideas.filing.campaigns import get_campaign
from ideas.filing.merging import refuse_merged
from ideas.filing.records import get_idea
from ideas.review import issuing
from ideas.review.calibration import aggregate, novelty_means, score_rows
from ideas.review.passrule import Evaluation, evaluate, pass_rule
from ideas.review.votes import (
    apply_counts,
    campaign_council,
    is_decided_in,
    require_chair,
    store_votes,
    tally,
)

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


def figures_for(session: Session, idea: Idea, campaign: Campaign, council: Council) -> dict:
    """The figures the council decides on; a higher council reuses the unit council's unless it scored."""
    figures = idea_figures(session, idea, campaign, council)
    if campaign.kind == "higher_scope" and figures["n"] == 0:
        own_council = session.scalar(select(Council).where(Council.campaign_id == idea.campaign_id))
        if own_council is not None:
            figures = idea_figures(session, idea, get_campaign(session, idea.campaign_id), own_council)
    return figures


def scoring_progress(session: Session, idea_id: int) -> dict[str, int]:
    """How many active assigned reviewers have scored the idea, out of how many."""
    sheet = and_(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == ReviewAssignment.reviewer_id)
    assigned, scored = session.execute(
        select(func.count(ReviewAssignment.id), func.count(ScoreSheet.id))
        .select_from(ReviewAssignment).outerjoin(ScoreSheet, sheet)
        .where(ReviewAssignment.idea_id == idea_id, ReviewAssignment.status == "active")).one()
    return {"assigned": int(assigned), "scored": int(scored)}


@dataclass(frozen=True)
class Verdict:
    """What the council decides on: the idea's figures, the vote tally, the pass rule and each of its checks."""

    figures: dict
    votes: dict
    rule: dict
    evaluation: Evaluation

    @property
    def passed(self) -> bool:
        return self.evaluation.passed


@dataclass(frozen=True)
class Preview(Verdict):
    """The verdict as it would be now, with how many assigned reviewers have scored."""

    progress: dict[str, int]


def verdict(session: Session, *, idea: Idea, campaign: Campaign, council: Council,
            votes: dict[int, str | None] | None = None, counts: dict | None = None,
            on: dt.date | None = None) -> Verdict:
    """Figures, then the tally, then the pass rule: the one sequence behind both the preview and the decision.

    `votes` are choices not yet stored (they replace the stored votes of the members they name); `counts` a
    bare tally ({"for", "against", "present"}) that replaces the individual votes; `on` the day whose council
    rules apply (default today). The caller checks access.
    """
    figures = figures_for(session, idea, campaign, council)
    counted = tally(session, idea, council, votes)
    if counts:
        counted = apply_counts(counts, counted)
    rule = pass_rule(campaign, session, on=on or clock.today())
    result = evaluate(rule, mean=figures["mean"], novelty_mean=figures["novelty_mean"], votes_for=counted["for"],
                      members_total=counted["total"], members_present=counted["present"])
    return Verdict(figures=figures, votes=counted, rule=rule, evaluation=result)


def preview(session: Session, *, actor: User, idea_id: int, campaign_id: int | None = None,
            counts: dict | None = None, votes: dict[int, str | None] | None = None) -> Preview:
    """What the decision would be now: figures, vote counts, scoring progress and each check of the pass rule.

    `votes` are the choices on screen (not yet stored); `counts` a bare tally that replaces them.
    """
    idea = get_idea(session, idea_id)
    campaign, council = campaign_council(session, idea, campaign_id)
    require(session, actor, "review.view", unit_id=idea.unit_id)
    now = verdict(session, idea=idea, campaign=campaign, council=council, votes=votes, counts=counts)
    return Preview(figures=now.figures, votes=now.votes, rule=now.rule, evaluation=now.evaluation,
                   progress=scoring_progress(session, idea.id))


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


@dataclass
class _Case:
    """One idea before its council."""

    idea: Idea
    campaign: Campaign
    council: Council
    higher: bool


def _open_case(session: Session, actor: User, idea_id: int, campaign_id: int | None) -> _Case:
    idea = get_idea(session, idea_id)
    session.refresh(idea, with_for_update=True)  # scores and votes queue until the decision is written
    campaign, council = campaign_council(session, idea, campaign_id)
    require_chair(session, actor, idea, council)
    refuse_merged(idea)
    case = _Case(idea, campaign, council, campaign.kind == "higher_scope")
    if case.higher and idea.status != lifecycle.RECOGNISED:
        raise InvalidTransition("review.error.not_recognised_yet", status=idea.status)
    if not case.higher and (idea.status != lifecycle.UNDER_REVIEW or idea.campaign_id != campaign.id):
        raise InvalidTransition("review.error.not_under_review", status=idea.status)
    if is_decided_in(session, idea, campaign):
        raise InvalidTransition("review.error.already_decided")
    return case


def _checked_scope(session: Session, case: _Case, scope: str | None, on: dt.date) -> str:
    """The scope recognised: asked, else the campaign's target (higher scope) or what its council's level
    recognises under its council rules (else "unit"); never above what that level may recognise."""
    level, ceiling = case.campaign.council_level, None
    if level:
        rules = council_rules.for_campaign(session, case.campaign, on=on)
        ceiling = rules.levels.get(level) if rules is not None else None
    scope = scope or (case.campaign.target_scope if case.higher else ceiling or "unit")
    if scope not in SCOPES:
        raise ValidationError("review.error.scope_invalid", scope=scope)
    if ceiling in SCOPES and SCOPES.index(scope) > SCOPES.index(ceiling):
        raise ValidationError("councilrules.error.scope_above_level", scope=scope, level=level)
    if case.higher and SCOPES.index(scope) <= SCOPES.index(case.idea.scope or "unit"):
        raise ValidationError("review.error.scope_not_higher", scope=scope)
    return scope


def _write_decision(session: Session, actor: User, case: _Case, found: Verdict, *, number: str, decided_on: dt.date,
                    scope: str, reason: str | None) -> Decision:
    passed = found.passed
    outcome = lifecycle.RECOGNISED if passed else lifecycle.NOT_RECOGNISED
    snapshot = {"rule": found.rule, "checks": found.evaluation.checks, "values": found.evaluation.values,
                "calibrated_mean": found.figures["calibrated_mean"], "campaign_kind": case.campaign.kind}
    decision = Decision(
        idea_id=case.idea.id, campaign_id=case.campaign.id, number=number, decided_on=decided_on, outcome=outcome,
        unit_id=case.idea.unit_id,
        scope=scope if passed else None, reason=reason, members_total=found.votes["total"],
        members_present=found.votes["present"], votes_for=found.votes["for"],
        votes_against=found.votes["against"], mean_score=Decimal(str(round(found.figures["mean"], 2))),
        rule_snapshot=json.dumps(snapshot, ensure_ascii=False, default=str), recorded_by=actor.id)
    session.add(decision)
    session.flush()
    audit.record(session=session, actor=actor, action="review.decide", entity="idea", entity_id=case.idea.id,
                 details={"decision_id": decision.id, "outcome": outcome, "scope": decision.scope,
                          "campaign_id": case.campaign.id})
    return decision


def _apply_outcome(session: Session, actor: User, case: _Case, decision: Decision, scope: str) -> None:
    idea = case.idea
    if case.higher:
        if decision.outcome == lifecycle.RECOGNISED:  # a refused raise leaves the idea as it was
            lifecycle.transition(session=session, idea=idea, to=lifecycle.RECOGNISED, actor=actor,
                                 reason=decision.reason, scope=scope, previous_scope=idea.scope,
                                 decision_id=decision.id)
            idea.scope = scope
        return
    lifecycle.transition(session=session, idea=idea, to=decision.outcome, actor=actor, reason=decision.reason,
                         decision_id=decision.id)
    idea.decided_at = clock.utcnow()
    if decision.outcome == lifecycle.RECOGNISED:
        idea.scope = scope


def _notify(session: Session, case: _Case, decision: Decision, scope: str, certificate: Certificate | None) -> None:
    passed = decision.outcome == lifecycle.RECOGNISED
    if case.higher:  # one message per scope: a stored message carries no code for the reader to see
        key = f"inbox.msg.scope_raised_{scope}" if passed else "inbox.msg.scope_kept"
    else:
        key = "inbox.msg.recognised" if passed else "inbox.msg.not_recognised"
    events.notify_authors(session=session, idea=case.idea, kind="review.decision", message_key=key,
                         title=case.idea.title, number=decision.number,
                         scope=scope, reason=decision.reason or "",
                         certificate=certificate.number if certificate else "",
                         target=targets.target("mine", idea=case.idea.id))


def decide(*, session: Session, actor: User, idea_id: int, number: str, decided_on: dt.date | None = None,
           scope: str | None = None, reason: str | None = None, campaign_id: int | None = None,
           counts: dict | None = None, votes: dict[int, str | None] | None = None) -> Decision:
    """The chair records the council's decision; the outcome follows the pass rule, a refusal needs a reason.

    `votes` (member_id -> vote, the choices on the chair's form) are stored first, in the same transaction, so
    the verdict is the one shown; `counts` ({"for", "against", "present"}) replaces the individual votes when
    only the tally is known.
    """
    case = _open_case(session, actor, idea_id, campaign_id)
    if not (number or "").strip():
        raise ValidationError("review.error.decision_number_required")
    bounded(number, field="review.decide.number", max_chars=60, line=True)  # the column's size, told by name
    decided_on = decided_on or clock.today()
    scope = _checked_scope(session, case, scope, decided_on)
    if votes:
        store_votes(session, actor=actor, idea=case.idea, campaign=case.campaign, council=case.council, votes=votes)
    found = verdict(session, idea=case.idea, campaign=case.campaign, council=case.council, counts=counts,
                    on=decided_on)
    if found.figures["n"] == 0:
        raise ValidationError("review.error.no_scores")
    reason = (reason or "").strip() or None
    if not found.passed and reason is None:
        raise ValidationError("review.error.refusal_reason_required")
    decision = _write_decision(session, actor, case, found, number=number.strip(),
                               decided_on=decided_on, scope=scope, reason=reason)
    _apply_outcome(session, actor, case, decision, scope)
    session.flush()
    certificate = _issue_certificate(session, decision, actor) if found.passed else None
    if certificate is not None:  # the signed PDF, in this transaction: a refusal rolls the decision back
        issuing.issue_certificate(session, actor=actor, certificate=certificate)
    _notify(session, case, decision, scope, certificate)
    events.decision_made(session, decision)
    return decision
