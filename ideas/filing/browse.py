"""Browse and search ideas: filters, accent-insensitive text search, sort, pagination in SQL.

Only public statuses are ever listed (never drafts nor withdrawn files, for anyone: own drafts live on
"my initiatives"). Text search matches Idea.search_text, the folded title, field, problem, essence and
benefits; the confidential information is not part of it, so it can never be found by guessing words.
The reader rule is visibility's: a User or SYSTEM (the command line sees public ideas); None is a TypeError.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, bindparam, column, exists, func, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from ideas.core.clock import day_start_utc
from ideas.core.errors import PermissionDenied
from ideas.core.models import Campaign, Idea, IdeaParField, Unit
from ideas.core.permissions import Actor
from ideas.core.text import fold
from ideas.filing import lifecycle
from ideas.filing.visibility import PRIVATE_STATUSES, PUBLIC_STATUSES, blind_idea_ids, check_actor

SORTS = ("newest", "supports")
COLUMNS = ["id", "receipt_no", "title", "unit_code", "unit_name", "status", "support_count", "comment_count",
           "submitted_at"]
MAX_LIMIT = 500


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_words(text: str | None) -> list[str]:
    """The folded words of a query ('Cải  CÁCH' -> ['cai', 'cach'])."""
    return [w for w in fold(text or "").split(" ") if w]


# SQLite: the FTS5 trigram index of ideas.search_text (migration 0016, kept by triggers on ideas). It finds the rows
# holding every word of 3 characters or more as a substring. search_text is always fold()ed (ASCII, lower case) and so
# is every query word, so for such a word the index's case-insensitive match is exactly LIKE's and LIKE is not asked
# again: a common word's count is read from the index alone (issue #26). A word of 1 or 2 characters has no trigram:
# LIKE alone. PostgreSQL needs nothing here: its pg_trgm GIN index (same migration)
# serves `search_text LIKE '%word%'` as it is.
SEARCH_INDEX = table("ideas_search", column("rowid"))
TRIGRAM = 3
# A page of at most this many matching ideas reads them through the index and sorts them; with more, walking the
# ideas in order finds a page after a few rows (1 in 50 matches at worst), cheaper than listing every match.
FEW_MATCHES = 2_000


def trigram_query(words: list[str]) -> str | None:
    """The FTS5 query: every word of 3 characters or more is in the text (None: no such word). Each word is one
    quoted string (a quote inside doubled), so no character of it is FTS5 syntax."""
    long_words = [w for w in words if len(w) >= TRIGRAM]
    if not long_words:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)


def _text_conditions(session: Session, words: list[str], *, walk: bool) -> list:
    """Every word a substring of search_text; `walk`: for a page that walks an ordered index (no trigram index)."""
    query = trigram_query(words) if session.get_bind().dialect.name == "sqlite" and not walk else None
    if query is None:
        return [_contains(word) for word in words]
    matching = select(SEARCH_INDEX.c.rowid).where(
        sql_text("ideas_search MATCH :trigrams").bindparams(bindparam("trigrams", query)))
    return [Idea.id.in_(matching), *(_contains(word) for word in words if len(word) < TRIGRAM)]


def _contains(word: str):
    return Idea.search_text.like(f"%{_like_escape(word)}%", escape="\\")


def _conditions(session: Session, *, unit_id: int | None, par_code: str | None, status: str | None,
                campaign_id: int | None, year: int | None, text: str | None, for_count: bool,
                walk: bool = False) -> list:
    conditions = []
    if status:
        conditions.append(Idea.status == status)
    if unit_id is not None:
        path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or "\x00"
        conditions.append(Idea.unit_id.in_(select(Unit.id).where(Unit.path.startswith(path, autoescape=True))))
    if par_code:
        # counting starts from the PAR rows (IN); a page walks ideas in order and probes (EXISTS)
        tagged = select(IdeaParField.idea_id).where(IdeaParField.par_code == par_code)
        conditions.append(Idea.id.in_(tagged) if for_count else
                          exists().where(IdeaParField.idea_id == Idea.id, IdeaParField.par_code == par_code))
    if campaign_id is not None:
        conditions.append(Idea.campaign_id == campaign_id)
    if year is not None:
        # The submission year. A campaign's window lies within its year, so for campaign ideas this is
        # the campaign year too; a range on submitted_at keeps both the page and the count on an index.
        conditions.append(Idea.submitted_at >= day_start_utc(dt.date(year, 1, 1)))
        conditions.append(Idea.submitted_at < day_start_utc(dt.date(year + 1, 1, 1)))
    conditions += _text_conditions(session, search_words(text), walk=walk)
    return conditions


def _ordered(query: Select, sort: str) -> Select:
    if sort == "supports":
        return query.order_by(Idea.support_count.desc(), Idea.submitted_at.desc(), Idea.id.desc())
    return query.order_by(Idea.submitted_at.desc(), Idea.id.desc())


def search_ideas(session: Session, *, unit_id: int | None = None, par_code: str | None = None,
                 status: str | None = None, campaign_id: int | None = None, year: int | None = None,
                 text: str | None = None, sort: str = "newest", limit: int = 20,
                 offset: int = 0, leave_out: set[int] | frozenset[int] = frozenset()) -> tuple[pd.DataFrame, int]:
    """One page of public ideas matching the filters, and the total count (no permission check: CLI).
    `leave_out`: ideas this reader must not find (blind review)."""
    if status and status not in PUBLIC_STATUSES:
        return pd.DataFrame(columns=COLUMNS), 0
    sort = sort if sort in SORTS else "newest"
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    filters = dict(unit_id=unit_id, par_code=par_code, status=status, campaign_id=campaign_id, year=year,
                   text=text)
    # Same rows two ways (a status is always one of lifecycle.STATUSES): IN lets the count read the
    # (status, unit) index only; NOT IN lets the page walk the submitted_at / support_count index in
    # order and stop after one page, instead of sorting every public idea (1 s -> 1 ms at 100,000).
    # Merged duplicates are listed only when asked for by their status (their page links to the kept file).
    # PostgreSQL's partial indexes ideas_search_newest / _supports (migration 0016) hold exactly the ideas listed
    # without a status filter: a change of this set needs them changed too.
    hidden = PRIVATE_STATUSES if status else PRIVATE_STATUSES | {lifecycle.MERGED}
    blind = [Idea.id.notin_(sorted(leave_out))] if leave_out else []
    visible = Idea.status.in_([s for s in PUBLIC_STATUSES if s not in hidden])
    words = search_words(text)
    if (words and trigram_query(words) is None and session.get_bind().dialect.name == "sqlite"
            and not status and unit_id is None and not par_code and campaign_id is None and year is None):
        # Only words of 1-2 characters (no index), nothing narrowing: one pass over the table reads the ideas in
        # their order, 3x cheaper than fetching each public idea through the status index (`status || ''` is no
        # index term to SQLite's planner).
        visible = (Idea.status + "").in_([s for s in PUBLIC_STATUSES if s not in hidden])
    total = session.scalar(select(func.count()).select_from(Idea).where(
        visible, *_conditions(session, **filters, for_count=True), *blind)) or 0
    rows = []
    if total > offset:  # else the page is empty: the count and the page select the same ideas
        conditions = [Idea.status.notin_(hidden), *blind,
                      *_conditions(session, **filters, for_count=False, walk=total > FEW_MATCHES)]
        # Unit columns as scalar subqueries, not a join: the planner then walks an ideas index in order.
        unit = select(Unit).where(Unit.id == Idea.unit_id)
        query = select(Idea.id, Idea.receipt_no, Idea.title,
                       unit.with_only_columns(Unit.code).scalar_subquery().label("unit_code"),
                       unit.with_only_columns(Unit.name).scalar_subquery().label("unit_name"),
                       Idea.status, Idea.support_count, Idea.comment_count, Idea.submitted_at).where(*conditions)
        rows = session.execute(_ordered(query, sort).limit(limit).offset(offset)).all()
    return pd.DataFrame([r._asdict() for r in rows], columns=COLUMNS), total


def browse(session: Session, *, actor: Actor, unit_id: int | None = None, par_code: str | None = None,
           status: str | None = None, campaign_id: int | None = None, year: int | None = None,
           text: str | None = None, sort: str = "newest", limit: int = 20,
           offset: int = 0) -> tuple[pd.DataFrame, int]:
    """The browse page: one page of ideas every signed-in staff member may see, and the total."""
    if not check_actor(actor):
        raise PermissionDenied("detail.error.no_access")
    return search_ideas(session, unit_id=unit_id, par_code=par_code, status=status, campaign_id=campaign_id,
                        year=year, text=text, sort=sort, limit=limit, offset=offset,
                        leave_out=blind_idea_ids(session, actor))


def year_options(session: Session) -> list[int]:
    """Years that have campaigns, newest first (for the filter)."""
    return sorted(set(session.scalars(select(Campaign.year).distinct())), reverse=True)

