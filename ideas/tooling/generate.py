"""A deterministic synthetic province for benchmarks: bulk inserts with explicit ids, no ORM objects.

`generate(database, staff=50_000, ideas=100_000, seed=1)` fills an empty database with units on three
levels, staff, campaigns, ideas in every state and year, co-authors, PAR fields, history, supports
(about ten per visible idea), comments, councils with scores, decisions, certificates and award lists.
"""
from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ideas.accounts.users import hash_password
from ideas.core import clock
from ideas.core.bulk import analyze, insert_rows
from ideas.core.db import Database
from ideas.core.errors import ValidationError
from ideas.core.models import (
    AwardForm,
    AwardItem,
    AwardList,
    Campaign,
    Certificate,
    Comment,
    Council,
    CouncilMember,
    Decision,
    Idea,
    IdeaAuthor,
    IdeaHistory,
    IdeaParField,
    ReceiptCounter,
    ReviewAssignment,
    RoleAssignment,
    Rubric,
    RubricCriterion,
    ScoreItem,
    ScoreSheet,
    Support,
    Unit,
    User,
)
from ideas.core.text import fold

BENCH_PASSWORD = "Benchmark-password-2026"
CHUNK = 20_000
YEARS = (2024, 2025, 2026)
STATUS_WEIGHTS = [("draft", 8), ("submitted", 12), ("returned", 4), ("under_review", 16),
                  ("recognised", 40), ("not_recognised", 15), ("withdrawn", 5)]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân", "Hoài", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo",
         "Thắng", "Trang", "Trung", "Tuấn", "Uyên", "Việt", "Yến"]
ACTIONS = ["Số hoá", "Rút ngắn thời gian giải quyết", "Cắt giảm", "Chuẩn hoá", "Ứng dụng chữ ký số trong",
           "Liên thông điện tử", "Tự động hoá", "Đơn giản hoá", "Công khai trực tuyến", "Tổ chức lại"]
OBJECTS = ["hồ sơ một cửa", "báo cáo định kỳ", "thủ tục cấp giấy phép xây dựng", "văn bản đi - đến",
           "hồ sơ đất đai", "chứng thực bản sao", "đăng ký hộ tịch", "quản lý tài sản công", "thu phí, lệ phí",
           "tiếp nhận phản ánh kiến nghị", "lưu trữ hồ sơ", "họp trực tuyến", "đánh giá cán bộ"]
PLACES = ["cấp xã", "cấp huyện", "tại Sở", "ở bộ phận một cửa", "trong toàn tỉnh", "của phòng Tài chính"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Văn thư", "Kế toán",
             "Công chức địa chính", "Công chức tư pháp - hộ tịch"]


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    insert_seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0

    @property
    def insert_rows_per_second(self) -> float:
        return self.total / self.insert_seconds if self.insert_seconds else 0.0


Progress = Callable[[str, int, int], None]
# The synthetic texts repeat a small vocabulary: fold each piece once.
_fold = lru_cache(maxsize=None)(fold)


def _bulk(session: Session, model, rows: Iterable[dict], stats: Stats, progress: Progress | None,
          expected: int = 0) -> None:
    """Insert dicts in chunks, bypassing the ORM (the data is generated, already valid)."""
    name = model.__tablename__
    batch: list[dict] = []
    done = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            stats.insert_seconds += insert_rows(session, model, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(name, done, expected)
    if batch:
        stats.insert_seconds += insert_rows(session, model, batch)
        done += len(batch)
    stats.rows[name] = stats.rows.get(name, 0) + done
    if progress:
        progress(name, done, expected or done)



def _units(rng: random.Random, staff: int) -> list[dict]:
    """Three levels: departments and districts, their offices and communes, and sub-offices."""
    target = max(30, staff // 25)
    top = max(10, round(target ** (1 / 3) * 2))
    per_top = max(2, round((target / top) ** 0.5))
    rows: list[dict] = []
    next_id = 1
    for t in range(top):
        district = t % 3 == 0
        top_id = next_id
        next_id += 1
        rows.append(dict(id=top_id, code=f"T{t + 1:03d}", kind="district" if district else "department",
                         name=(f"UBND huyện {GIVEN[t % len(GIVEN)]} {t + 1}" if district
                               else f"Sở {OBJECTS[t % len(OBJECTS)].capitalize()} {t + 1}"),
                         parent_id=None, path=f"/{top_id}/", level=0, headcount=0, active=True))
        for c in range(per_top):
            mid_id = next_id
            next_id += 1
            rows.append(dict(id=mid_id, code=f"T{t + 1:03d}-{c + 1:02d}", kind="commune" if district else "other",
                             name=(f"UBND xã {GIVEN[(t + c) % len(GIVEN)]} {c + 1}" if district
                                   else f"Phòng {c + 1}"), parent_id=top_id, path=f"/{top_id}/{mid_id}/",
                             level=1, headcount=0, active=True))
            for g in range(max(1, per_top // 2)):
                low_id = next_id
                next_id += 1
                rows.append(dict(id=low_id, code=f"T{t + 1:03d}-{c + 1:02d}-{g + 1}", kind="other",
                                 name=f"Bộ phận {g + 1}", parent_id=mid_id,
                                 path=f"/{top_id}/{mid_id}/{low_id}/", level=2, headcount=0, active=True))
    return rows


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def generate(database: Database, *, staff: int = 50_000, ideas: int = 100_000, seed: int = 1,
             supports_per_idea: int = 10, progress: Progress | None = None) -> Stats:
    """Fill an empty database with a synthetic province; returns row counts and the rate."""
    rng = random.Random(seed)
    stats = Stats()
    started = time.perf_counter()
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(Unit)):
            raise ValidationError("generate.error.not_empty")
        unit_rows = _units(rng, staff)
        per_unit: dict[int, int] = {}
        user_unit = [unit_rows[rng.randrange(len(unit_rows))]["id"] for _ in range(staff)]
        for unit_id in user_unit:
            per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
        for row in unit_rows:
            row["headcount"] = int(per_unit.get(row["id"], 0) * 1.1) + 1
        _bulk(session, Unit, unit_rows, stats, progress)

        password = hash_password(BENCH_PASSWORD)
        now = dt.datetime(2026, 11, 1)

        def users() -> Iterable[dict]:
            for i in range(staff):
                name = _person_name(rng)
                yield dict(id=i + 1, username=f"u{i + 1:06d}", full_name=name, search_name=_fold(name),
                           email=f"u{i + 1:06d}@example.gov.vn", unit_id=user_unit[i],
                           position=rng.choice(POSITIONS), password_hash=password, active=True,
                           failed_logins=0, must_change_password=False, created_at=now)

        _bulk(session, User, users(), stats, progress, staff)
        special = {"admin": [1], "leader": [2, 3], "secretary": [4, 5], "chair": [6],
                   "reviewer": list(range(7, 15)), "reward_officer": [15, 16]}
        _bulk(session, RoleAssignment, (dict(user_id=uid, role=role, unit_id=None)
                                        for role, ids in special.items() for uid in ids if uid <= staff),
              stats, progress)
        _generate_ideas(session, rng, stats, progress, staff=staff, ideas=ideas, user_unit=user_unit,
                        supports_per_idea=supports_per_idea, reviewers=special["reviewer"])
        _fix_sequences(session)
    analyze(database)
    stats.seconds = time.perf_counter() - started
    return stats


def _generate_ideas(session: Session, rng: random.Random, stats: Stats, progress: Progress | None, *,
                    staff: int, ideas: int, user_unit: list[int], supports_per_idea: int,
                    reviewers: list[int]) -> None:
    rubric_id = session.scalar(select(Rubric.id).order_by(Rubric.id).limit(1))
    criteria = list(session.execute(select(RubricCriterion.id, RubricCriterion.max_points)
                                    .where(RubricCriterion.rubric_id == rubric_id)
                                    .order_by(RubricCriterion.position)))
    campaigns = [dict(id=i + 1, name=f"Đợt phát động sáng kiến năm {year}", year=year, unit_id=None,
                      kind="submission", target_scope="unit", opens_on=dt.date(year, 1, 15),
                      closes_on=dt.date(year, 10, 31), blind_review=False, reviewers_per_idea=3,
                      rubric_id=rubric_id, pass_rule="{}", active=year == YEARS[-1])
                 for i, year in enumerate(YEARS)]
    _bulk(session, Campaign, campaigns, stats, progress)
    _bulk(session, Council, (dict(id=c["id"], campaign_id=c["id"], name=f"Hội đồng sáng kiến {c['year']}")
                             for c in campaigns), stats, progress)
    member_rows = []
    for c in campaigns:
        member_rows += [dict(council_id=c["id"], user_id=6, role="chair"),
                        dict(council_id=c["id"], user_id=4, role="secretary")]
        member_rows += [dict(council_id=c["id"], user_id=uid, role="member") for uid in reviewers if uid <= staff]
    _bulk(session, CouncilMember, member_rows, stats, progress)

    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    seq_per_year: dict[int, int] = {}
    idea_rows, author_rows, par_rows, history_rows = [], [], [], []
    decided: list[tuple[int, int, str, dt.date, int]] = []  # idea, campaign, outcome, date, owner
    scored: list[int] = []
    support_plan: list[tuple[int, int]] = []  # (idea_id, count)
    for i in range(ideas):
        idea_id = i + 1
        campaign = campaigns[i % len(campaigns)]
        year = campaign["year"]
        status = rng.choice(statuses)
        owner = rng.randrange(1, staff + 1)
        title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        problem = f"Quy trình {rng.choice(OBJECTS)} còn thủ công, mất nhiều thời gian của người dân."
        essence = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}; phân công rõ đầu mối; theo dõi trên phần mềm."
        search_text = " ".join((_fold(title), _fold("Cải cách hành chính"), _fold(problem), _fold(essence)))
        created = dt.datetime(year, rng.randint(1, 10), rng.randint(1, 28), rng.randint(7, 17))
        row = dict(id=idea_id, campaign_id=campaign["id"], unit_id=user_unit[owner - 1], owner_id=owner,
                   title=title, solution_type=rng.choice(["technical", "management", "operational",
                                                          "technology_application"]),
                   field_of_application="Cải cách hành chính", problem=problem, essence=essence,
                   application_status=rng.choice(["trial", "applied"]), status=status,
                   hours_saved=Decimal(rng.randint(0, 2000)), vnd_saved=rng.randint(0, 200) * 1_000_000,
                   reports_cut=rng.randint(0, 5), procedures_simplified=rng.randint(0, 3),
                   services_online=rng.randint(0, 2), days_cut=Decimal(rng.randint(0, 10)),
                   search_text=search_text,
                   support_count=0, comment_count=0, version=1, created_at=created, updated_at=created)
        if status != "draft":
            seq_per_year[year] = seq_per_year.get(year, 0) + 1
            submitted = created + dt.timedelta(days=rng.randint(0, 20))
            row.update(receipt_year=year, receipt_seq=seq_per_year[year],
                       receipt_no=f"SK-{year}-{seq_per_year[year]:05d}", submitted_at=submitted,
                       decision_due_on=clock.add_months(submitted.date(), 3))
            history_rows.append(dict(idea_id=idea_id, at=submitted, actor_id=owner, from_status="draft",
                                     to_status="submitted"))
            if status in ("under_review", "recognised", "not_recognised"):
                accepted = submitted + dt.timedelta(days=rng.randint(1, 15))
                row.update(accepted_at=accepted, review_stage="scored" if status == "under_review" else None)
                history_rows.append(dict(idea_id=idea_id, at=accepted, actor_id=4, from_status="submitted",
                                         to_status="under_review", stage="screened"))
                scored.append(idea_id)
            if status in ("recognised", "not_recognised"):
                decided_on = (row["accepted_at"] + dt.timedelta(days=rng.randint(10, 100))).date()
                row.update(decided_at=dt.datetime.combine(decided_on, dt.time(9)),
                           scope="unit" if status == "recognised" else None)
                history_rows.append(dict(idea_id=idea_id, at=row["decided_at"], actor_id=6,
                                         from_status="under_review", to_status=status,
                                         reason=None if status == "recognised" else "Chưa đạt điểm tối thiểu"))
                decided.append((idea_id, campaign["id"], status, decided_on, owner))
            if status == "returned":
                history_rows.append(dict(idea_id=idea_id, at=submitted + dt.timedelta(days=3), actor_id=4,
                                         from_status="submitted", to_status="returned",
                                         reason="Bổ sung mô tả giải pháp"))
            if status == "withdrawn":
                history_rows.append(dict(idea_id=idea_id, at=submitted + dt.timedelta(days=2), actor_id=owner,
                                         from_status="submitted", to_status="withdrawn"))
            if status not in ("withdrawn",):
                support_plan.append((idea_id, max(0, int(rng.gauss(supports_per_idea, 3)))))
        idea_rows.append(row)
        coauthor = rng.randrange(1, staff + 1) if rng.random() < 0.4 else None
        if coauthor and coauthor != owner:
            author_rows += [dict(idea_id=idea_id, user_id=owner, share=Decimal(60), position=0),
                            dict(idea_id=idea_id, user_id=coauthor, share=Decimal(40), position=1)]
        else:
            author_rows.append(dict(idea_id=idea_id, user_id=owner, share=Decimal(100), position=0))
        par_rows += [dict(idea_id=idea_id, par_code=code)
                     for code in sorted({f"PAR{rng.randint(2, 7)}", f"PAR{rng.randint(1, 7)}"})]

    supports = {idea_id: count for idea_id, count in support_plan}
    for row in idea_rows:
        row["support_count"] = min(supports.get(row["id"], 0), staff - 1)
    _bulk(session, Idea, idea_rows, stats, progress, ideas)
    _bulk(session, IdeaAuthor, author_rows, stats, progress)
    _bulk(session, IdeaParField, par_rows, stats, progress)
    _bulk(session, IdeaHistory, history_rows, stats, progress)
    _bulk(session, ReceiptCounter, (dict(year=y, last_seq=s) for y, s in seq_per_year.items()), stats, progress)

    owners = {row["id"]: row["owner_id"] for row in idea_rows}

    def support_rows() -> Iterable[dict]:
        for idea_id, count in support_plan:
            taken = {owners[idea_id]}
            for _ in range(min(count, staff - 1)):
                user_id = rng.randrange(1, staff + 1)
                while user_id in taken:
                    user_id = rng.randrange(1, staff + 1)
                taken.add(user_id)
                yield dict(idea_id=idea_id, user_id=user_id)

    _bulk(session, Support, support_rows(), stats, progress, sum(c for _, c in support_plan))
    comment_ideas = [idea_id for idea_id, _ in support_plan if rng.random() < 0.3]
    _bulk(session, Comment, (dict(idea_id=idea_id, author_id=rng.randrange(1, staff + 1),
                                  body="Ý tưởng hay, nên nhân rộng ra các đơn vị khác.")
                             for idea_id in comment_ideas), stats, progress)
    session.execute(text("UPDATE ideas SET comment_count = 1 WHERE id IN (SELECT idea_id FROM comments)"))
    _generate_scores(session, rng, stats, progress, scored, criteria, reviewers)
    _generate_decisions(session, rng, stats, progress, decided, owners)


def _generate_scores(session: Session, rng: random.Random, stats: Stats, progress: Progress | None,
                     scored: list[int], criteria: list, reviewers: list[int]) -> None:
    assignments, sheets, items = [], [], []
    sheet_id = 0
    for idea_id in scored:
        for reviewer in rng.sample(reviewers, 3):
            assignments.append(dict(idea_id=idea_id, reviewer_id=reviewer, status="active"))
            sheet_id += 1
            points = [rng.randint(max_points // 3, max_points) for _, max_points in criteria]
            sheets.append(dict(id=sheet_id, idea_id=idea_id, reviewer_id=reviewer, total=Decimal(sum(points)),
                               verdict="meets" if sum(points) >= 50 else "does_not_meet", version=1))
            items += [dict(sheet_id=sheet_id, criterion_id=cid, points=Decimal(p))
                      for (cid, _), p in zip(criteria, points, strict=True)]
    _bulk(session, ReviewAssignment, assignments, stats, progress)
    _bulk(session, ScoreSheet, sheets, stats, progress)
    _bulk(session, ScoreItem, items, stats, progress)


def _generate_decisions(session: Session, rng: random.Random, stats: Stats, progress: Progress | None,
                        decided: list, owners: dict[int, int]) -> None:
    decisions, certificates = [], []
    cert_seq: dict[int, int] = {}
    for n, (idea_id, campaign_id, outcome, decided_on, _owner) in enumerate(decided, start=1):
        mean = rng.randint(50, 90) if outcome == "recognised" else rng.randint(20, 49)
        decisions.append(dict(id=n, idea_id=idea_id, campaign_id=campaign_id, number=f"{n}/QĐ-HĐSK",
                              decided_on=decided_on, outcome=outcome,
                              scope="unit" if outcome == "recognised" else None,
                              reason=None if outcome == "recognised" else "Chưa đạt điểm tối thiểu",
                              members_total=10, members_present=9, votes_for=8 if outcome == "recognised" else 3,
                              votes_against=1 if outcome == "recognised" else 6,
                              mean_score=Decimal(mean),
                              rule_snapshot="{}"))
        if outcome == "recognised":
            year = decided_on.year
            cert_seq[year] = cert_seq.get(year, 0) + 1
            certificates.append(dict(decision_id=n, number=f"GCN-{year}-{cert_seq[year]:05d}", issued_on=decided_on))
    _bulk(session, Decision, decisions, stats, progress)
    _bulk(session, Certificate, certificates, stats, progress)
    form_id = session.scalar(select(AwardForm.id).where(AwardForm.code == "GIAY_KHEN"))
    lists, items = [], []
    by_year: dict[int, list] = {}
    for idea_id, _campaign, outcome, decided_on, owner in decided:
        if outcome == "recognised":
            by_year.setdefault(decided_on.year, []).append((idea_id, owner))
    for list_id, (year, entries) in enumerate(sorted(by_year.items()), start=1):
        decision_date = dt.date(year, 12, 20)
        lists.append(dict(id=list_id, title=f"Danh sách khen thưởng sáng kiến năm {year}", year=year, unit_id=None,
                          status="approved", decision_no=f"{100 + list_id}/QĐ-UBND", decision_date=decision_date,
                          signer="Chủ tịch UBND tỉnh", rule_snapshot="{}", version=1))
        for position, (idea_id, owner) in enumerate(entries[:10_000]):
            items.append(dict(list_id=list_id, recipient_kind="individual", user_id=owner, display_name=f"u{owner:06d}",
                              achievement="Tác giả sáng kiến được công nhận", idea_id=idea_id, award_form_id=form_id,
                              coefficient=Decimal("0.3"), base_salary=2_340_000, multiplier=Decimal(1),
                              amount=710_000, position=position))
    _bulk(session, AwardList, lists, stats, progress)
    _bulk(session, AwardItem, items, stats, progress)


def _fix_sequences(session: Session) -> None:
    """PostgreSQL sequences do not see explicit ids: move each one past the largest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (Unit, User, Campaign, Council, Idea, ScoreSheet, Decision, AwardList):
        name = table.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 1))"))
