"""Demo follow-through: plans and 6/12-month results for the recognised initiatives, some measured late."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import User
from ideas.core.models.followthrough import FollowMilestone, FollowUpdate
from ideas.filing import followthrough

SEED = 2027
MILESTONES = ("Ban hành quy trình áp dụng", "Tập huấn cho công chức một cửa", "Áp dụng toàn đơn vị")
# Measured figures as a share of the claim: most deliver, a few fall short.
FACTORS = (Decimal("0.6"), Decimal("0.8"), Decimal("0.9"), Decimal("1"), Decimal("1.1"))


def seed(*, session: Session, context: dict) -> None:
    rng = random.Random(SEED)
    today = clock.today()
    followthrough.schedule_all(session)
    recognised = [i for i in context.get("ideas", []) if i.status == "recognised"]
    for index, idea in enumerate(recognised):
        owner = session.get(User, idea.owner_id)
        checkpoints = followthrough.ensure_schedule(session, idea)
        decided = checkpoints[0].decided_on
        for number, title in enumerate(MILESTONES, start=1):
            due = decided + dt.timedelta(days=45 * number)
            done = due < today and rng.random() < 0.7
            session.add(FollowMilestone(idea_id=idea.id, title=title, owner_id=owner.id, due_on=due,
                                        status="done" if done else "in_progress", percent=100 if done else 50,
                                        done_on=due if done else None, created_by=owner.id))
        session.add(FollowUpdate(idea_id=idea.id, author_id=owner.id, on_date=min(today, decided + dt.timedelta(30)),
                                 body="Đã ban hành quy trình và tập huấn cho bộ phận một cửa.", percent=50))
        for checkpoint in checkpoints:
            late = index % 4 == 3
            recorded = checkpoint.due_on + dt.timedelta(days=60 if late else 10)
            if recorded > today or (checkpoint.checkpoint == 12 and index % 3 == 0):
                continue  # not due yet, or still owed: the dashboard shows what is missing
            factor = rng.choice(FACTORS)
            followthrough.record_measurement(
                session=session, actor=owner, idea_id=idea.id, checkpoint=checkpoint.checkpoint,
                measured_on=recorded, today=recorded, note="Số liệu do bộ phận một cửa tổng hợp.",
                hours_saved=(idea.hours_saved or 0) * factor, vnd_saved=int((idea.vnd_saved or 0) * factor),
                reports_cut=idea.reports_cut, procedures_simplified=idea.procedures_simplified,
                services_online=idea.services_online, days_cut=idea.days_cut)
    session.flush()

