"""Bulk work of the secretary: accept or return several files, assign reviewers to many (issue 16, part 5).

One action is one transaction with a per-item report. Each file runs the single-file service inside a
savepoint: a file that breaks a rule (a DomainError) is rolled back to its savepoint, skipped and reported,
and the others are kept; any other error (the database) propagates and the caller rolls back everything.
The checks of the action itself (a selection, a reason to return) refuse the whole action before any file.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import ConcurrentUpdate, DomainError, ValidationError
from ideas.core.i18n import error_text, t
from ideas.core.models import Idea, User
from ideas.core.permissions import require, scope_unit_ids
from ideas.review import scoring
from ideas.review.display import file_label

MAX_ID = 2**31 - 1
MAX_ITEMS = 200  # one screen of files; a larger action would hold its locks too long


@dataclass(frozen=True)
class ItemResult:
    """What happened to one selected file: done (with what) or skipped (with the refusal)."""

    idea_id: int
    label: str
    done: bool
    key: str  # locale key of the message
    params: dict = field(default_factory=dict)


def _labels(session: Session, actor: User, action: str, idea_ids: list[int]) -> dict[int, str]:
    """Receipt number and title of the selected files the actor may act on; others stay "#id" in the report
    (a forged selection must not read the titles of files outside the actor's units)."""
    units = scope_unit_ids(session, actor, action)
    query = select(Idea.id, Idea.receipt_no, Idea.title).where(Idea.id.in_(idea_ids))
    if units is not None:
        query = query.where(Idea.unit_id.in_(units))
    return {i: file_label(receipt, i, title) for i, receipt, title in session.execute(query).all()}


def _selection(session: Session, actor: User, action: str, idea_ids: list[int]) -> list[int]:
    """The selected ids, once each; the action itself is checked first, before any file is read."""
    require(session, actor, action)
    try:
        chosen = list(dict.fromkeys(int(i) for i in idea_ids or []))
    except (TypeError, ValueError):
        raise ValidationError("bulk.error.none_selected") from None
    if any(not 1 <= i <= MAX_ID for i in chosen):  # no file has such a number (and PostgreSQL would overflow)
        raise ValidationError("bulk.error.none_selected")
    if not chosen:
        raise ValidationError("bulk.error.none_selected")
    if len(chosen) > MAX_ITEMS:
        raise ValidationError("bulk.error.too_many", limit=MAX_ITEMS)
    return chosen


def _each(session: Session, actor: User, action: str, idea_ids: list[int],
          work: Callable[[int], tuple[str, dict]]) -> list[ItemResult]:
    """Run `work` per file in a savepoint; a rule broken by one file skips that file only."""
    labels = _labels(session, actor, action, idea_ids)
    results = []
    for idea_id in idea_ids:
        label = labels.get(idea_id, f"#{idea_id}")
        try:
            with session.begin_nested():
                key, params = work(idea_id)
        except ConcurrentUpdate:
            raise  # someone else is acting on the same files: the whole action is retried, not half kept
        except DomainError as error:
            results.append(ItemResult(idea_id, label, False, error.key, dict(error.params)))
            continue
        results.append(ItemResult(idea_id, label, True, key, params))
    return results


def _audit(session: Session, actor: User, action: str, results: list[ItemResult], **details: object) -> None:
    audit.record(session=session, actor=actor, action=action, entity="idea", entity_id=None,
                 details={"done": [r.idea_id for r in results if r.done],
                          "skipped": {str(r.idea_id): r.key for r in results if not r.done}, **details})


def screen_many(*, session: Session, actor: User, idea_ids: list[int], accept: bool,
                reason: str | None = None) -> list[ItemResult]:
    """Accept several submitted files for review, or return them all with one reason."""
    chosen = _selection(session, actor, "review.screen", idea_ids)
    if not accept and not (reason or "").strip():
        raise ValidationError("review.error.return_reason_required")

    def work(idea_id: int) -> tuple[str, dict]:
        scoring.screen(session=session, actor=actor, idea_id=idea_id, accept=accept, reason=reason)
        return ("bulk.screen.accepted" if accept else "bulk.screen.returned"), {}

    results = _each(session, actor, "review.screen", chosen, work)
    _audit(session, actor, "review.bulk_screen", results, accept=accept)
    session.flush()
    return results


def assign_many(*, session: Session, actor: User, idea_ids: list[int], count: int | None = None,
                due_on: dt.date | None = None) -> list[ItemResult]:
    """Assign reviewers to several files by the balancing rule of `scoring.assign` (least loaded first,
    conflicts of interest left out). Files are taken in the order given and each assignment counts in the
    load of the next file, so the batch spreads over the council like single assignments would."""
    chosen = _selection(session, actor, "review.assign", idea_ids)

    def work(idea_id: int) -> tuple[str, dict]:
        created = scoring.assign(session=session, actor=actor, idea_id=idea_id, mode="balanced", count=count,
                                 due_on=due_on)
        return "bulk.assign.done", {"count": len(created)}

    results = _each(session, actor, "review.assign", chosen, work)
    _audit(session, actor, "review.bulk_assign", results, count=count)
    session.flush()
    return results


def _message(result: ItemResult, lang: str) -> str:
    params = dict(result.params)
    if isinstance(params.get("status"), str):  # a status code named in a refusal, shown by its label
        params["status"] = t(f"browse.status.{params['status']}", lang)
    return error_text(DomainError(result.key, **params), lang)


def report_table(results: list[ItemResult], lang: str) -> pd.DataFrame:
    """The per-item report with headings in the reader's language: file, result, details."""
    return pd.DataFrame({
        t("bulk.col.file", lang): [r.label for r in results],
        t("bulk.col.result", lang): [t("bulk.result.done" if r.done else "bulk.result.skipped", lang)
                                    for r in results],
        t("bulk.col.message", lang): [_message(r, lang) for r in results]})
