"""Who may qualify for which title or form in a year, with the reasons the data supports.

The data knows recognised initiatives (with scope) and earlier titles on approved lists; it cannot know
the yearly task rating, "Lao động tiên tiến" or accepted research: the reward officer enters or imports
those (StaffYearRating) and nothing is assumed when they are missing (Law 06/2022, Art. 21-24).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ideas.accounts.import_files import decode_csv
from ideas.core import audit, settings
from ideas.core.errors import ImportFailed, NotFound, PermissionDenied, ValidationError
from ideas.core.models import AwardForm, AwardItem, AwardList, Decision, IdeaAuthor, StaffYearRating, Unit, User
from ideas.core.permissions import require, scope_unit_ids
from ideas.core.text import clean_line, fold
from ideas.core.words import DECIDED_LIST_STATUSES, RECOGNISED, SCOPES
from ideas.rewards import rules

TASK_RATINGS = ("excellent", "good", "completed", "not")
SCOPE_RANK = {scope: rank for rank, scope in enumerate(SCOPES, start=1)}
MAX_IMPORT_BYTES = settings.UPLOAD_MAX_BYTES  # the one upload limit (ideas.core.settings)
FILE_TYPES = ("csv", "txt", "xlsx")  # what _read_rows reads; the page's uploader takes the same


def _scope_ids(session: Session, actor: User, action: str, unit_id: int | None) -> list[int] | None:
    """Units in the actor's scope, narrowed to the subtree of `unit_id` when given."""
    if actor is None:
        raise PermissionDenied(action=action)
    allowed = scope_unit_ids(session, actor, action)
    if unit_id is None:
        return allowed
    root = session.get(Unit, unit_id)
    if root is None:
        raise NotFound("units.error.not_found", unit=unit_id)
    subtree = set(session.scalars(select(Unit.id).where(Unit.path.startswith(root.path))))
    return sorted(subtree if allowed is None else subtree.intersection(allowed))


# ---------------------------------------------------------------- ratings


def set_rating(*, session: Session, actor: User, user_id: int, year: int, task_rating: str | None,
               advanced_worker: bool, research_accepted: bool) -> StaffYearRating:
    """Enter (or correct) one person's yearly rating, as decided outside the system."""
    person = session.get(User, user_id)
    if person is None:
        raise NotFound("rewards.error.person_not_found", user_id=user_id)
    require(session, actor, "rewards.ratings", unit_id=person.unit_id)
    if task_rating is not None and task_rating not in TASK_RATINGS:
        raise ValidationError("rewards.error.task_rating", value=task_rating)
    row = session.scalar(select(StaffYearRating).where(StaffYearRating.user_id == user_id,
                                                       StaffYearRating.year == year))
    before = None
    if row is None:
        row = StaffYearRating(user_id=user_id, year=year)
        session.add(row)
    else:
        before = {"task_rating": row.task_rating, "advanced_worker": row.advanced_worker,
                  "research_accepted": row.research_accepted}
    row.task_rating, row.advanced_worker = task_rating, bool(advanced_worker)
    row.research_accepted, row.entered_by = bool(research_accepted), actor.id
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.rating_set", entity="staff_year_rating",
                 entity_id=row.id, details={"user_id": user_id, "year": year, "task_rating": task_rating,
                                            "advanced_worker": advanced_worker,
                                            "research_accepted": research_accepted, "before": before})
    return row


def set_ratings(*, session: Session, actor: User, year: int, rows: list[dict]) -> int:
    """Enter several people's ratings for `year` in one action (each row: user_id, task_rating,
    advanced_worker, research_accepted); returns how many."""
    for row in rows:
        set_rating(session=session, actor=actor, year=year, **row)
    return len(rows)


def ratings_frame(session: Session, *, actor: User, year: int, unit_id: int | None = None,
                  limit: int = 500, offset: int = 0) -> pd.DataFrame:
    """Active staff in scope with their rating for `year` (blank where none was entered)."""
    columns = ["user_id", "username", "full_name", "unit", "task_rating", "advanced_worker", "research_accepted"]
    ids = _scope_ids(session, actor, "rewards.ratings", unit_id)
    if ids == []:
        return pd.DataFrame(columns=columns)
    query = (select(User.id, User.username, User.full_name, Unit.name, StaffYearRating.task_rating,
                    func.coalesce(StaffYearRating.advanced_worker, False),
                    func.coalesce(StaffYearRating.research_accepted, False))
             .outerjoin(Unit, Unit.id == User.unit_id)
             .outerjoin(StaffYearRating, (StaffYearRating.user_id == User.id) & (StaffYearRating.year == year))
             .where(User.active.is_(True)).order_by(Unit.path, User.full_name).limit(limit).offset(offset))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    if not frame.empty:
        frame["advanced_worker"] = frame["advanced_worker"].astype(bool)
        frame["research_accepted"] = frame["research_accepted"].astype(bool)
    return frame


_TRUE = {"1", "x", "true", "yes", "co", "có", "dat", "đạt"}
_RATING_ALIASES = {"excellent": "excellent", "hoan thanh xuat sac nhiem vu": "excellent", "xuat sac": "excellent",
                   "good": "good", "hoan thanh tot nhiem vu": "good", "tot": "good",
                   "completed": "completed", "hoan thanh nhiem vu": "completed", "hoan thanh": "completed",
                   "not": "not", "khong hoan thanh nhiem vu": "not", "khong hoan thanh": "not", "": None}


@dataclass(frozen=True)
class RowError:
    row: int
    key: str
    value: str


def _read_rows(content: bytes, filename: str) -> list[dict]:
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError("import.error.too_large", megabytes=settings.UPLOAD_LIMIT_MB)
    import filetype

    kind = filetype.guess(content)
    if kind is not None and kind.extension in ("xlsx", "zip"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if not values:
            return []
        header = [fold(h) for h in values[0]]
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(c.strip() for c in row)]
    if kind is not None or not filename.lower().endswith((".csv", ".txt")):
        raise ValidationError("rewards.error.file_type")
    text = decode_csv(content)  # UTF-8, Excel's UTF-16 "Unicode text" or Windows-1258
    reader = csv.DictReader(io.StringIO(text))
    return [{fold(k): (v or "") for k, v in row.items() if k is not None} for row in reader]


def import_ratings(*, session: Session, actor: User, year: int, content: bytes, filename: str) -> int:
    """Import ratings from CSV or XLSX (columns username, task_rating, advanced_worker, research_accepted).

    All rows or none: a file with bad rows raises ImportFailed listing them.
    """
    require(session, actor, "rewards.ratings")
    rows = _read_rows(content, filename)
    errors, parsed = [], []
    for number, row in enumerate(rows, start=2):
        username = clean_line(row.get("username", "")).lower()
        person = session.scalar(select(User).where(User.username == username)) if username else None
        if person is None:
            errors.append(RowError(number, "rewards.import.unknown_user", username))
            continue
        rating_text = fold(row.get("task_rating", ""))
        if rating_text not in _RATING_ALIASES:
            errors.append(RowError(number, "rewards.import.bad_rating", rating_text))
            continue
        parsed.append((person.id, _RATING_ALIASES[rating_text], fold(row.get("advanced_worker", "")) in _TRUE,
                       fold(row.get("research_accepted", "")) in _TRUE))
    if errors:
        raise ImportFailed(errors)
    for user_id, rating, advanced, research in parsed:
        set_rating(session=session, actor=actor, user_id=user_id, year=year, task_rating=rating,
                   advanced_worker=advanced, research_accepted=research)
    return len(parsed)


# ---------------------------------------------------------------- candidates


def _streak(years: set[int], last: int) -> int:
    """How many consecutive years end at `last` in `years`."""
    count = 0
    while last - count in years:
        count += 1
    return count


def candidates(session: Session, *, actor: User, year: int, unit_id: int | None = None) -> pd.DataFrame:
    """Candidates for `year` in the actor's subtree, with what qualifies them and what is missing.

    Columns: user_id, full_name, unit, recognised (count), best_scope, task_rating, advanced_worker,
    research_accepted, has_rating, cs_streak (earlier consecutive CSTĐ cơ sở ending year-1), tinh_count,
    qualifies (list of form codes), missing (list of (locale key, params)).
    """
    columns = ["user_id", "full_name", "unit", "recognised", "best_scope", "task_rating", "advanced_worker",
               "research_accepted", "has_rating", "cs_streak", "tinh_count", "qualifies", "missing"]
    ids = _scope_ids(session, actor, "rewards.view", unit_id)
    if ids == []:
        return pd.DataFrame(columns=columns)
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    valid_years = int(rules.value_on(session, "scope_valid_years", year_end,
                                      default=rules.DEFAULTS["scope_valid_years"]))
    scope_rank = case(*[(Decision.scope == name, rank) for name, rank in SCOPE_RANK.items()], else_=1)

    # Recognised initiatives of the year, per author (GROUP BY in SQL).
    recognised = (select(IdeaAuthor.user_id.label("user_id"),
                         func.count(func.distinct(Decision.idea_id)).label("recognised"),
                         func.max(scope_rank).label("best_rank"))
                  .join(Decision, Decision.idea_id == IdeaAuthor.idea_id)
                  .where(Decision.outcome == RECOGNISED, Decision.decided_on.between(year_start, year_end))
                  .group_by(IdeaAuthor.user_id).subquery())
    # Higher-scope recognitions stay valid toward awards for a few years (provincial practice; a rule value).
    window = (select(IdeaAuthor.user_id.label("user_id"), func.max(scope_rank).label("window_rank"))
              .join(Decision, Decision.idea_id == IdeaAuthor.idea_id)
              .where(Decision.outcome == RECOGNISED,
                     Decision.decided_on.between(dt.date(year - valid_years + 1, 1, 1), year_end))
              .group_by(IdeaAuthor.user_id).subquery())
    # Earlier titles from approved lists: one row per person, title and year.
    titles = (select(AwardItem.user_id, AwardForm.code, AwardList.year)
              .join(AwardList, AwardList.id == AwardItem.list_id)
              .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
              .where(AwardList.status.in_(DECIDED_LIST_STATUSES), AwardItem.user_id.is_not(None),
                     AwardForm.code.in_(("CSTD_CS", "CSTD_TINH")), AwardList.year.between(year - 7, year))
              .group_by(AwardItem.user_id, AwardForm.code, AwardList.year))
    rating_ids = select(StaffYearRating.user_id).where(StaffYearRating.year == year)
    title_ids = select(titles.subquery().c.user_id)

    query = (select(User.id, User.full_name, Unit.name, func.coalesce(recognised.c.recognised, 0),
                    recognised.c.best_rank, window.c.window_rank, StaffYearRating.task_rating,
                    StaffYearRating.advanced_worker, StaffYearRating.research_accepted, StaffYearRating.id)
             .outerjoin(Unit, Unit.id == User.unit_id)
             .outerjoin(recognised, recognised.c.user_id == User.id)
             .outerjoin(window, window.c.user_id == User.id)
             .outerjoin(StaffYearRating, (StaffYearRating.user_id == User.id) & (StaffYearRating.year == year))
             .where(User.active.is_(True),
                    or_(recognised.c.user_id.is_not(None), User.id.in_(rating_ids), User.id.in_(title_ids)))
             .order_by(Unit.path, User.full_name))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))
    people = session.execute(query).all()
    if not people:
        return pd.DataFrame(columns=columns)
    held: dict[int, dict[str, set[int]]] = {}
    for user_id, code, title_year in session.execute(
            titles.where(AwardItem.user_id.in_([p[0] for p in people]))):
        held.setdefault(user_id, {}).setdefault(code, set()).add(title_year)

    rank_name = {rank: name for name, rank in SCOPE_RANK.items()}
    records = []
    for (user_id, name, unit, count, best_rank, window_rank, rating, advanced, research, rating_id) in people:
        has_rating = rating_id is not None
        mine = held.get(user_id, {})
        cs_years, tinh_years = mine.get("CSTD_CS", set()), mine.get("CSTD_TINH", set())
        qualifies, missing = _assess(year, count=int(count), window_rank=window_rank or 0, has_rating=has_rating,
                                     rating=rating, advanced=bool(advanced), research=bool(research),
                                     cs_years=cs_years, tinh_years=tinh_years)
        records.append([user_id, name, unit, int(count), rank_name.get(best_rank), rating, bool(advanced),
                        bool(research), has_rating, _streak(cs_years, year - 1),
                        len({y for y in tinh_years if y < year}), qualifies, missing])
    return pd.DataFrame(records, columns=columns)


def _assess(year: int, *, count: int, window_rank: int, has_rating: bool, rating: str | None, advanced: bool,
            research: bool, cs_years: set[int], tinh_years: set[int]) -> tuple[list[str], list[tuple[str, dict]]]:
    """Which forms the known facts support, and what is missing for the titles they do not."""
    qualifies: list[str] = []
    missing: list[tuple[str, dict]] = []
    if not has_rating:
        missing.append(("rewards.missing.rating", {"year": year}))
    elif advanced:
        qualifies.append("LDTT")
    else:
        missing.append(("rewards.missing.advanced_worker", {"year": year}))

    achievement = rating == "excellent" or count > 0 or research
    cs_now = has_rating and advanced and achievement
    if cs_now:
        qualifies.append("CSTD_CS")
    elif has_rating and advanced:
        missing.append(("rewards.missing.cs_achievement", {}))

    cs_streak = _streak(cs_years, year - 1) + (1 if cs_now or year in cs_years else 0)
    if cs_streak >= 3 and window_rank >= SCOPE_RANK["provincial"]:
        qualifies.append("CSTD_TINH")
    elif cs_streak >= 1 and (cs_years or cs_now):
        if cs_streak < 3:
            missing.append(("rewards.missing.cs_streak", {"have": cs_streak, "need": 3}))
        if window_rank < SCOPE_RANK["provincial"]:
            missing.append(("rewards.missing.provincial_scope", {}))

    earlier_tinh = sorted(y for y in tinh_years if y < year)
    if len(earlier_tinh) >= 2 and window_rank >= SCOPE_RANK["national"]:
        qualifies.append("CSTD_TQ")

    if window_rank >= SCOPE_RANK["provincial"]:
        qualifies.append("BK_TINH")
    if count > 0 or rating == "excellent":
        qualifies.append("GIAY_KHEN")
    return qualifies, missing
