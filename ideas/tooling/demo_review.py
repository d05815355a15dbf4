"""Demo data for review: a council for the 2026 campaign, scores (one harsh, one lenient reviewer),
decisions with certificates, a returned file and files near their legal deadline."""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock, settings
from ideas.core.models import Campaign, CouncilMember, Idea, IdeaAuthor, RubricCriterion, User, utcnow
from ideas.core.permissions import can
from ideas.filing.submissions import refresh_search_text
from ideas.review import councils, decisions, scoring
from ideas.review.rubrics import rubric_for_campaign
from ideas.review.votes import record_votes

SEED = 4
# reviewer bias: the first reviewer is harsh, the second lenient
BIASES = (-9, 8, 0, 2)
DEMO_TITLES = [
    "Số hóa sổ theo dõi hồ sơ một cửa bằng mã QR",
    "Mẫu báo cáo định kỳ dùng chung cho các phòng chuyên môn",
    "Lịch tiếp công dân trực tuyến qua Zalo OA",
    "Quy trình luân chuyển văn bản không giấy trong nội bộ Sở",
    "Bộ câu hỏi thường gặp về thủ tục đất đai cho bộ phận một cửa",
    "Bảng theo dõi tiến độ giải quyết hồ sơ trên màn hình tại sảnh",
    "Ký số hàng loạt quyết định khen thưởng",
    "Tổ hỗ trợ dịch vụ công trực tuyến lưu động về thôn bản",
]


def _campaign(session: Session, context: dict, admin: User | None) -> Campaign:
    for campaign in context.get("campaigns") or []:
        if campaign.year == 2026 and campaign.kind == "submission":
            return campaign
    campaign = session.scalar(select(Campaign).where(Campaign.year == 2026, Campaign.kind == "submission")
                              .order_by(Campaign.id).limit(1))
    if campaign is None:
        campaign = Campaign(name="Đợt sáng kiến cải cách hành chính năm 2026", year=2026, kind="submission",
                            opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31),
                            created_by=admin.id if admin else None)
        session.add(campaign)
        session.flush()
    return campaign


def _ideas(session: Session, context: dict, campaign: Campaign, authors: list[User], rng: random.Random) -> list[Idea]:
    ideas = [i for i in context.get("ideas") or [] if i.campaign_id == campaign.id and i.status == "submitted"]
    ideas += list(session.scalars(select(Idea).where(Idea.campaign_id == campaign.id, Idea.status == "submitted",
                                                     Idea.id.not_in([i.id for i in ideas] or [-1]))
                                  .order_by(Idea.id).limit(10)))
    now = utcnow()
    for title in DEMO_TITLES[len(ideas):]:
        owner = rng.choice(authors)
        idea = Idea(campaign_id=campaign.id, unit_id=owner.unit_id, owner_id=owner.id, title=title,
                    status="submitted", submitted_at=now - dt.timedelta(days=rng.randint(20, 80)),
                    problem="Người dân phải chờ lâu, cán bộ mất nhiều thời gian tra cứu hồ sơ giấy.",
                    essence="Chuẩn hóa và số hóa bước tiếp nhận, dùng công cụ sẵn có của đơn vị.",
                    benefits_text="Rút ngắn thời gian xử lý, giảm giấy tờ.")
        refresh_search_text(idea)
        idea.authors.append(IdeaAuthor(user_id=owner.id, share=100, position=0))
        session.add(idea)
        ideas.append(idea)
    session.flush()
    return ideas[:len(DEMO_TITLES)]


def _points(criteria: list[RubricCriterion], quality: float, bias: float, rng: random.Random) -> dict[str, int]:
    total_max = sum(c.max_points for c in criteria)
    result = {}
    for criterion in criteria:
        share = criterion.max_points / total_max
        value = (quality + bias + rng.uniform(-4, 4)) * share
        result[criterion.code] = int(max(1 if criterion.is_novelty else 0, min(criterion.max_points, round(value))))
    return result


def seed(*, session: Session, context: dict) -> None:
    """Council, screening, assignments, scores, votes, decisions and certificates for the 2026 campaign."""
    rng = random.Random(SEED)
    by_role = context.get("users_by_role") or {}
    admin = (by_role.get("admin") or [None])[0]
    chair = (by_role.get("chair") or [None])[0]
    secretary = (by_role.get("secretary") or [None])[0]
    reviewers = list(by_role.get("reviewer") or [])[:4]
    if chair is None or secretary is None or len(reviewers) < 2:
        return
    campaign = _campaign(session, context, admin)
    council = councils.council_for_campaign(session, campaign.id)
    if council is None:
        council = councils.create_council(session=session, actor=admin or secretary, campaign_id=campaign.id,
                                          name="Hội đồng sáng kiến năm 2026",
                                          decision_ref="Quyết định số 45/QĐ-HĐSK ngày 15/3/2026")
    for user, role in [(chair, "chair"), (secretary, "secretary")] + [(r, "member") for r in reviewers]:
        councils.set_member(session=session, actor=admin or secretary, council_id=council.id, user_id=user.id,
                            role=role)
    council_ids = {chair.id, secretary.id, *(r.id for r in reviewers)}
    authors = [u for u in context.get("staff") or [] if u.id not in council_ids and u.unit_id] or \
        list(session.scalars(select(User).where(User.id.not_in(council_ids), User.unit_id.is_not(None)).limit(20)))
    ideas = [i for i in _ideas(session, context, campaign, authors, rng)
             if can(session, secretary, "review.screen", unit_id=i.unit_id)
             and can(session, chair, "review.decide", unit_id=i.unit_id)]
    if len(ideas) < 3:
        return
    # the last file goes back to its author with a reason
    returned = ideas.pop()
    scoring.screen(session=session, actor=secretary, idea_id=returned.id, accept=False,
                  reason="Chưa có số liệu đánh giá hiệu quả sau áp dụng thử; đề nghị bổ sung.")
    criteria = list(rubric_for_campaign(session, campaign).criteria)
    qualities = [78, 64, 40, 71, 56, 83, 60][:len(ideas)]
    today = clock.today()
    members = {m.user_id: m.id for m in session.scalars(select(CouncilMember)
                                                         .where(CouncilMember.council_id == council.id))}
    outcome: list[dict] = []
    for index, (idea, quality) in enumerate(zip(ideas, qualities, strict=False)):
        scoring.screen(session=session, actor=secretary, idea_id=idea.id, accept=True)
        # spread acceptance dates back in time so that deadlines show near and overdue files
        accepted = today - dt.timedelta(days=[100, 85, 80, 70, 60, 40, 20][index % 7])
        idea.accepted_at = dt.datetime.combine(accepted, dt.time(9, 0))
        idea.decision_due_on = clock.add_months(accepted, settings.get_int(session, "ideas.decision_months"))
        if index == len(ideas) - 1:
            continue  # accepted, waiting for assignment
        scoring.assign(session=session, actor=chair, idea_id=idea.id, mode="all",
                      due_on=min(idea.decision_due_on, today + dt.timedelta(days=14)))
        scorers = [r for r in [chair, *reviewers]
                   if not councils.is_conflicted(session, idea, r.id)]
        for scorer in scorers:
            bias = BIASES[reviewers.index(scorer)] if scorer in reviewers else 0
            if index == 3 and scorer is reviewers[1]:
                bias += 20  # one idea the council must discuss (high disagreement)
            if index == 4 and scorer is reviewers[-1]:
                continue  # one sheet still due
            scoring.score(session=session, actor=scorer, idea_id=idea.id,
                         points=_points(criteria, quality, bias, rng),
                         verdict="meets" if quality + bias >= 50 else "does_not_meet",
                         comment="Giải pháp rõ ràng, đã áp dụng thử tại đơn vị." if quality >= 60 else
                         "Chưa chứng minh được tính mới so với cách làm hiện có.")
        if index >= 3:
            continue  # under review: scored, waiting for the council meeting
        sitting = [m for uid, m in members.items() if not councils.is_conflicted(session, idea, uid)]
        votes = {m: ("for" if quality >= 50 or i == 0 else "against") for i, m in enumerate(sitting)}
        record_votes(session=session, actor=chair, idea_id=idea.id, votes=votes)
        preview = decisions.preview(session, actor=chair, idea_id=idea.id)
        decision = decisions.decide(
            session=session, actor=chair, idea_id=idea.id, number=f"{12 + index}/QĐ-HĐSK",
            decided_on=today - dt.timedelta(days=5 - index),
            reason=None if preview.passed else "Điểm trung bình dưới 50; tính mới chưa rõ.")
        outcome.append({"idea_id": idea.id, "decision_id": decision.id, "outcome": decision.outcome})
    context["review"] = {"campaign": campaign, "council": council, "decisions": outcome}
