"""Similar ideas (novelty check): TF-IDF cosine on folded word unigrams and bigrams, via an inverted index.

Why an index table rather than an in-memory matrix: every replica sees the same index the moment a
submit commits (no cache to invalidate), and a query touches only the postings of its rarest terms,
never the whole corpus. `idea_terms` holds (term, idea, count) for public ideas only; `idea_term_stats`
holds each term's document frequency (and '#docs', the number of indexed ideas) for the IDF.

Query: look up the query terms' document frequencies, take the rarest ones until about
POSTINGS_BUDGET postings, rank candidate ideas in SQL by the IDF weight of the terms they share, then
compute the exact cosine for the best CANDIDATES in Python. Only title, field of application, problem,
essence and benefits are indexed: never the confidential information, and never drafts or withdrawn files.

Keep it current: call `index_idea(session, idea)` after an idea is submitted, edited or withdrawn
(it removes ideas that are no longer public); `reindex_all(session)` rebuilds everything.

Every change of the index also writes a new random token in the '#version' row of `idea_term_stats`, so that
each server process may keep the ranking of a query (which ideas, with what cosine: the costly part) until the
token it reads first changes; whatever else a result shows (still public? title, unit, status, blind to this
reader?) is read afresh on every call. A token never comes back (unlike a counter, after a rollback or a wipe).

Readers follow visibility's rule: a User or SYSTEM (public ideas only); `actor=None` is a TypeError.
"""
from __future__ import annotations

import math
import re
import secrets
import threading
from collections import Counter, OrderedDict

import pandas as pd
from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ideas.core.bulk import insert_rows
from ideas.core.models import Idea, IdeaTerm, IdeaTermStat, Unit
from ideas.core.permissions import Actor
from ideas.core.text import fold
from ideas.filing.visibility import PUBLIC_STATUSES, blind_idea_ids, check_actor, visible_idea

DOCS = "#docs"
VERSION = "#version"  # a token that changes with every change of the index (terms never contain '#')
CACHE_SIZE = 2000  # rankings kept per process (a few KB each)
_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
MAX_TERMS = 150  # distinct terms kept per text (most frequent first)
POSTINGS_BUDGET = 12_000
MAX_QUERY_TERMS = 32
CANDIDATES = 50
_WORD = re.compile(r"[a-z0-9]+")
# Frequent Vietnamese function words (folded): they carry no meaning for similarity.
STOPWORDS = frozenset("""
va cua cac la cho de trong voi duoc co nhung mot khong nay tai theo tu den khi thi ma ra vao tren
ve se da dang rat cung nhu hay hoac neu boi vi nen con lai qua sau bang moi nhieu
""".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) <= 30]


def terms(text: str, *, cap: int = MAX_TERMS) -> Counter:
    """Folded unigrams (no stop words) and bigrams joined by '_' (not two stop words), at most `cap` distinct terms."""
    words = _words(text)
    counts: Counter = Counter()
    order: dict[str, int] = {}
    for i, word in enumerate(words):
        stop = word in STOPWORDS
        pair = f"{words[i - 1]}_{word}" if i and not (stop and words[i - 1] in STOPWORDS) else None
        for term in (None if stop else word, pair):
            if term:
                counts[term] += 1
                order.setdefault(term, len(order))
    if len(counts) <= cap:
        return counts
    kept = sorted(counts, key=lambda t: (-counts[t], order[t]))[:cap]
    return Counter({t: counts[t] for t in kept})


def idea_text(idea: Idea) -> str:
    """The public text that represents an idea (title twice: it says the most)."""
    parts = [idea.title, idea.title, idea.field_of_application, idea.problem, idea.essence, idea.benefits_text]
    return "\n".join(p for p in parts if p)


def _new_version(session: Session) -> None:
    """A fresh token in '#version': every cached ranking made before it is no longer used. Written first of the
    index's rows, so that writers queue on it and then take the term rows in one order (no deadlock)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(IdeaTermStat).values(term=VERSION, df=secrets.randbelow(2**31 - 2) + 1)
    session.execute(stmt.on_conflict_do_update(index_elements=["term"], set_={"df": stmt.excluded.df}))


def _upsert_df(session: Session, deltas: dict[str, int]) -> None:
    """Add to document frequencies in one statement, rows in term order: concurrent submits lock rows
    in the same order (and '#docs' sorts first), so they queue instead of deadlocking."""
    rows = [{"term": t, "df": d} for t, d in sorted(deltas.items()) if d]
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(IdeaTermStat).values(rows)
    session.execute(stmt.on_conflict_do_update(index_elements=["term"],
                                               set_={"df": IdeaTermStat.df + stmt.excluded.df}))


def index_idea(session: Session, idea: Idea) -> None:
    """Bring the index up to date for one idea (public ideas indexed, others removed)."""
    session.flush()
    old = dict(session.execute(select(IdeaTerm.term, IdeaTerm.tf).where(IdeaTerm.idea_id == idea.id)).all())
    new = terms(idea_text(idea)) if idea.status in PUBLIC_STATUSES else Counter()
    deltas: dict[str, int] = {}
    for term in old.keys() - new.keys():
        deltas[term] = -1
    for term in new.keys() - old.keys():
        deltas[term] = 1
    if bool(old) != bool(new):
        deltas[DOCS] = 1 if new else -1
    if old == dict(new):
        return
    _new_version(session)
    session.execute(delete(IdeaTerm).where(IdeaTerm.idea_id == idea.id))
    if new:
        session.execute(insert(IdeaTerm), [{"term": t, "idea_id": idea.id, "tf": c} for t, c in new.items()])
    _upsert_df(session, deltas)


def reindex_all(session: Session, *, batch: int = 2000) -> int:
    """Rebuild the whole index from the public ideas; returns how many ideas were indexed."""
    session.flush()
    _new_version(session)
    session.execute(delete(IdeaTerm))
    session.execute(delete(IdeaTermStat).where(IdeaTermStat.term != VERSION))
    df: Counter = Counter()
    last_id, indexed = 0, 0
    columns = (Idea.id, Idea.title, Idea.field_of_application, Idea.problem, Idea.essence, Idea.benefits_text)
    while True:
        rows = session.execute(select(*columns).where(Idea.status.in_(PUBLIC_STATUSES), Idea.id > last_id)
                               .order_by(Idea.id).limit(batch)).all()
        if not rows:
            break
        postings = []
        for row in rows:
            counts = terms(idea_text(row))
            if counts:
                indexed += 1
                df.update(counts.keys())
                postings.extend({"term": t, "idea_id": row.id, "tf": c} for t, c in counts.items())
        if postings:
            insert_rows(session, IdeaTerm, postings)
        last_id = rows[-1].id
    df[DOCS] = indexed
    stats = [{"term": t, "df": n} for t, n in df.items()]
    for start in range(0, len(stats), 20_000):
        insert_rows(session, IdeaTermStat, stats[start:start + 20_000])
    session.flush()
    return indexed


def _doc_freqs(session: Session, names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        found.update(session.execute(select(IdeaTermStat.term, IdeaTermStat.df)
                                     .where(IdeaTermStat.term.in_(chunk))).all())
    return found


def _weight(tf: int, idf: float) -> float:
    return (1.0 + math.log(tf)) * idf


COLUMNS = ["id", "receipt_no", "title", "unit_name", "status", "similarity"]


def _ranked(session: Session, query: Counter, exclude_id: int | None) -> list[tuple[int, float]]:
    """The best CANDIDATES ideas for a query and their cosine (best first), from the index alone: the same for
    every reader, and cached until the index changes (its '#version' token, read before anything else)."""
    if not query:
        return []
    stats = _doc_freqs(session, [DOCS, VERSION])
    key = (str(session.get_bind().engine.url), stats.get(VERSION), stats.get(DOCS, 0), tuple(sorted(query.items())),
           exclude_id)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    found = _compute_ranked(session, query, exclude_id, stats.get(DOCS, 0))
    with _CACHE_LOCK:
        _CACHE[key] = found
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return found


def _compute_ranked(session: Session, query: Counter, exclude_id: int | None, docs: int) -> list[tuple[int, float]]:
    if docs <= 0:
        return []
    df = _doc_freqs(session, sorted(query))

    def idf(n: int) -> float:
        return math.log((docs + 1) / (n + 1)) + 1.0

    qvec = {t: _weight(c, idf(df.get(t, 0))) for t, c in query.items()}
    qnorm = math.sqrt(sum(w * w for w in qvec.values()))
    known = sorted((t for t in query if df.get(t, 0) > 0), key=lambda t: (df[t], t))
    chosen, budget = [], 0
    for term in known[:MAX_QUERY_TERMS]:
        if chosen and budget + df[term] > POSTINGS_BUDGET:
            break
        chosen.append(term)
        budget += df[term]
    if not chosen:
        return []
    gains = {t: qvec[t] * idf(df[t]) for t in chosen}
    # Padded to MAX_QUERY_TERMS cases with terms that never occur (no term has a '#'): the statement then has
    # one shape whatever the query, and SQLAlchemy compiles it once.
    gains.update((f"#{i}", 0.0) for i in range(MAX_QUERY_TERMS - len(chosen)))
    gain = case(gains, value=IdeaTerm.term, else_=0.0)
    candidate_query = (select(IdeaTerm.idea_id).where(IdeaTerm.term.in_(chosen)).group_by(IdeaTerm.idea_id)
                       .order_by(func.sum(gain).desc(), IdeaTerm.idea_id).limit(CANDIDATES + 1))
    candidates = [i for i in session.scalars(candidate_query) if i != exclude_id]
    if not candidates:
        return []
    # The candidates' terms with their document frequencies in one statement (a term without a row counts 0),
    # in a fixed order so that the sums below always add in the same order.
    rows = session.execute(select(IdeaTerm.idea_id, IdeaTerm.term, IdeaTerm.tf, IdeaTermStat.df)
                           .outerjoin(IdeaTermStat, IdeaTermStat.term == IdeaTerm.term)
                           .where(IdeaTerm.idea_id.in_(candidates)).order_by(IdeaTerm.idea_id, IdeaTerm.term)).all()
    dot: Counter = Counter()
    norm: Counter = Counter()
    weights: dict[tuple[int, int | None], float] = {}  # by (tf, df): far fewer pairs than rows
    for idea_id, term, tf, n in rows:
        w = weights.get((tf, n))
        if w is None:
            w = weights[tf, n] = _weight(tf, idf(n or 0))
        norm[idea_id] += w * w
        if term in qvec:
            dot[idea_id] += w * qvec[term]
    scores = {i: dot[i] / (math.sqrt(norm[i]) * qnorm) for i in dot if norm[i] > 0}
    return [(i, scores[i]) for i in sorted(scores, key=lambda i: (-scores[i], i))]


def _rank(session: Session, query: Counter, *, exclude_id: int | None, limit: int) -> pd.DataFrame:
    """The ranked ideas that are still public, with their receipt number, title, unit and status as they are now."""
    ranked = _ranked(session, query, exclude_id)
    if not ranked:
        return pd.DataFrame(columns=COLUMNS)
    best = [i for i, _ in ranked]
    info = {r.id: r for r in session.execute(
        select(Idea.id, Idea.receipt_no, Idea.title, Unit.name.label("unit_name"), Idea.status)
        .join(Unit, Unit.id == Idea.unit_id).where(Idea.id.in_(best), Idea.status.in_(PUBLIC_STATUSES)))}
    records = [{**info[i]._asdict(), "similarity": round(min(score, 1.0), 4)} for i, score in ranked if i in info]
    return pd.DataFrame(records[:limit], columns=COLUMNS)


def similar_to_text(session: Session, *, actor: Actor, text: str, limit: int = 5,
                    exclude_idea_id: int | None = None) -> pd.DataFrame:
    """The public ideas most similar to a text being written (similarity 0..1)."""
    if not check_actor(actor):
        return pd.DataFrame(columns=COLUMNS)
    return _without_blind(session, actor, _rank(session, terms(text), exclude_id=exclude_idea_id, limit=limit))


def similar_to_idea(session: Session, *, actor: Actor, idea_id: int, limit: int = 5) -> pd.DataFrame:
    """The public ideas most similar to one the actor may see (the idea itself excluded)."""
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    return _without_blind(session, actor, _rank(session, terms(idea_text(idea)), exclude_id=idea.id, limit=limit))


def _without_blind(session: Session, actor: Actor, found: pd.DataFrame) -> pd.DataFrame:
    """Leave out the ideas blind to this reader (blind review): their unit is in the row."""
    if found.empty:
        return found
    blind = blind_idea_ids(session, actor, [int(i) for i in found.id])
    return found[[int(i) not in blind for i in found.id]].reset_index(drop=True) if blind else found
