"""What the award-list page shows, ready to render: the lists in scope, and one list with its items and the
choices for adding people. Numbers, dates and labels are in the page's language; no codes, no empty markers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.i18n import error_text, fmt_date, fmt_number, t
from ideas.core.links import Linked, linked_id
from ideas.core.permissions import Actor, can
from ideas.papers.identity import IdentityIncomplete
from ideas.rewards.awards.lists import FINAL
from ideas.rewards.awards.queries import (
    form_options,
    items_frame,
    list_header,
    list_table,
    people_options,
    recognised_authors,
    unit_choices,
)
from ideas.rewards.exports import EXPORTERS, MIME, filename, load_document
from ideas.rewards.issuing import award_decision_pdf
from ideas.rewards.rules import fmt_coefficient

COMMON_FORM = "GIAY_KHEN"  # the form most items get; preselected
# display column -> (heading locale key, pinned): the name and the amount stay in view on a 1440 px screen
LIST_COLUMNS = {"title": ("rewards.lists.col.title", False), "unit": ("rewards.lists.col.unit", False),
                "status": ("rewards.col.status", False), "decision_no": ("rewards.col.decision_no", False),
                "decision_date": ("rewards.col.decision_date", False), "items": ("rewards.col.items", False),
                "total": ("rewards.col.total", True)}
ITEM_COLUMNS = {"kind": ("rewards.col.kind", False), "name": ("rewards.col.name", True),
                "form": ("rewards.col.form", False), "amount_text": ("rewards.col.amount", True),
                "coefficient": ("rewards.col.coefficient", False), "multiplier": ("rewards.col.multiplier", False),
                "base_text": ("rewards.col.base_salary", False),
                "position_unit": ("rewards.col.position_unit", False),
                "achievement": ("rewards.col.achievement", False)}
# What a phone shows of each table (px; 358 fit on a 390 px screen): who or which list, its state, the money.
LIST_PHONE = {"title": 150, "status": 100, "total": 108}
ITEM_PHONE = {"name": 140, "form": 100, "amount_text": 118}


def form_index(forms: dict[str, str]) -> int:
    """The preselected form of a picker: the common one when it is offered."""
    return list(forms).index(COMMON_FORM) if COMMON_FORM in forms else 0


def year_options(this_year: int, lang: str) -> dict[int | None, str]:
    """The year filter: all years first, then next year back to seven years ago."""
    return {None: t("rewards.all_years", lang), **{y: str(y) for y in range(this_year + 1, this_year - 8, -1)}}


def warnings(value: object, lang: str) -> list[str]:
    """The warnings an award service gave back, translated (they may carry user text: show them as plain text)."""
    return [t(key, lang, **params) for key, params in getattr(value, "warnings", None) or []]


def bulk_report(lines: list, lang: str) -> list[tuple[str, str]]:
    """What a bulk add did for each author: (name, translated message)."""
    return [(line.name, t(line.message[0], lang, **line.message[1])) for line in lines]


def author_of(authors: pd.DataFrame, row: int) -> dict[str, int]:
    """The service arguments for one recognised author of `authors` (a row of Detail.authors)."""
    return {"user_id": int(authors.user_id.iloc[row]), "idea_id": int(authors.idea_id.iloc[row])}


def authors_of_decision(authors: pd.DataFrame, idea_id: int | None) -> list[int]:
    """The rows of the recognised authors of one decision (an idea), or all of them for None."""
    return list(authors.index if idea_id is None else authors.index[authors.idea_id == idea_id])


def author_pairs(authors: pd.DataFrame, rows: list[int]) -> list[tuple[int, int]]:
    """(user id, idea id) of the chosen rows, as the bulk add takes them."""
    return [(int(authors.user_id[i]), int(authors.idea_id[i])) for i in rows]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Overview:
    table: pd.DataFrame  # display columns: title, unit, status, decision_no, decision_date, items, total
    titles: dict[int, str]  # list id -> what the picker shows
    create_units: dict[int | None, str]  # where the actor may start a list (None = province-wide)
    can_build: bool


def overview(*, session: Session, actor: Actor, year: int | None, lang: str = "vi") -> Overview:
    """The award lists in the actor's scope (of `year`, or all years), and where they may start one."""
    frame = list_table(session, actor=actor, year=year)
    province = t("rewards.province_wide", lang)
    table = pd.DataFrame({
        "id": frame.id.astype(int),
        "title": [capitalised(x) for x in frame.title],
        "unit": [u if isinstance(u, str) else province for u in frame.unit],
        "status": [t(f"rewards.status.{s}", lang) for s in frame.status],
        "decision_no": [n if isinstance(n, str) else "" for n in frame.decision_no],
        "decision_date": [fmt_date(d, lang) if isinstance(d, dt.date) else "" for d in frame.decision_date],
        "items": [fmt_number(int(n), lang) for n in frame["items"]],
        "total": [fmt_number(int(v), lang) for v in frame.total]})
    titles = {int(r.id): f"{r.title} ({r.year}, {t(f'rewards.status.{r.status}', lang)})"
              for r in frame.assign(title=table.title).itertuples()}
    can_build = can(session, actor, "rewards.build")
    units = {uid: label or province for uid, label in unit_choices(session, actor=actor)} if can_build else {}
    return Overview(table, titles, units, can_build and bool(units))


@dataclass(frozen=True)
class Detail:
    header: dict  # the list's heading fields as stored (for the edit and approve forms)
    status: str
    title: str
    status_line: str  # user text inside: show it as plain text
    items: pd.DataFrame  # display columns, money and coefficients formatted
    item_labels: dict[int, str]
    item_texts: dict[int, str]
    total: str
    frozen: bool
    may_build: bool
    may_approve: bool
    authors: pd.DataFrame  # user_id, idea_id, label, decision
    decisions: dict[int, str] = field(default_factory=dict)  # idea id -> its recognition, for "all its authors"
    decision_options: dict[int | None, str] = field(default_factory=dict)  # the decisions after "all decisions"
    individual_forms: dict[str, str] = field(default_factory=dict)
    collective_forms: dict[str, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)  # units the actor may add as collectives
    today: dt.date = dt.date(2000, 1, 1)


def _items(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        "id": frame.id.astype(int),
        "kind": [t(f"rewards.kind.{k}", lang) for k in frame.kind],
        "name": frame.name,
        "form": frame.form,
        "amount_text": [fmt_number(int(v or 0), lang) for v in frame.amount],
        "coefficient": [fmt_coefficient(v, lang) for v in frame.coefficient],
        "multiplier": [fmt_coefficient(v, lang) for v in frame.multiplier],
        "base_text": [fmt_number(int(v or 0), lang) for v in frame.base_salary],
        "position_unit": [v if isinstance(v, str) else "" for v in frame.position_unit],
        "achievement": [v if isinstance(v, str) else "" for v in frame.achievement]})


def _authors(session: Session, actor: Actor, year: int, lang: str) -> tuple[pd.DataFrame, dict[int, str]]:
    frame = recognised_authors(session, actor=actor, year=year)
    scopes = [t(f"rewards.scope.{s if isinstance(s, str) else 'unit'}", lang) for s in frame.scope]
    labels = [f"{r.full_name} — {r.title} ({scope})" for r, scope in zip(frame.itertuples(), scopes, strict=True)]
    authors = pd.DataFrame({"user_id": frame.user_id.astype(int), "idea_id": frame.idea_id.astype(int),
                            "label": labels, "name": frame.full_name})
    decisions = {int(r.idea_id): f"{r.title} — {fmt_date(r.decided_on, lang)} ({scope})"
                 for r, scope in zip(frame.itertuples(), scopes, strict=True)}
    return authors, decisions


def detail(*, session: Session, actor: Actor, list_id: int, lang: str = "vi") -> Detail:
    """One list as the page shows it, with the choices the actor has on it."""
    header = list_header(session, actor=actor, list_id=list_id)
    frame = items_frame(session, actor=actor, list_id=list_id)
    today = clock.today()
    on = header["decision_date"] or today
    status = header["status"]
    may_build = status == "draft" and can(session, actor, "rewards.build")
    may_approve = status in ("submitted", "approved") and can(session, actor, "rewards.approve")
    authors, decisions = (_authors(session, actor, header["year"], lang) if may_build
                          else (pd.DataFrame(columns=["user_id", "idea_id", "label", "name"]), {}))
    status_line = t("rewards.lists.status_line", lang, status=t(f"rewards.status.{status}", lang),
                    decision=header["decision_no"] or "—", date=fmt_date(header["decision_date"], lang) or "—",
                    signer=header["signer"] or "—")
    return Detail(
        header=header, status=status, title=capitalised(header["title"]), status_line=status_line,
        items=_items(frame, lang),
        item_labels={int(r.id): f"{r.name} — {r.form}" for r in frame.itertuples()},
        item_texts={int(r.id): r.achievement if isinstance(r.achievement, str) else "" for r in frame.itertuples()},
        total=fmt_number(int(frame.amount.sum()) if not frame.empty else 0, lang), frozen=status in FINAL,
        may_build=may_build, may_approve=may_approve, authors=authors, decisions=decisions,
        decision_options={None: t("rewards.bulk.all_decisions", lang), **decisions},
        individual_forms=dict(form_options(session, on, collective=False)) if may_build else {},
        collective_forms=dict(form_options(session, on, collective=True)) if may_build else {},
        units={uid: label for uid, label in unit_choices(session, actor=actor) if uid is not None}
        if may_build else {},
        today=today)


def people(*, session: Session, actor: Actor, text: str = "") -> dict[int, str]:
    """Active people in the actor's build scope matching `text`, for the add-person picker."""
    return dict(people_options(session, actor=actor, text=text))


@dataclass(frozen=True)
class Download:
    label_key: str
    payload: bytes
    file_name: str
    mime: str
    key: str  # the widget's key
    refusal: str | None = None  # why this paper cannot be issued yet (shown instead of a button)


def downloads(*, session: Session, actor: Actor, list_id: int, lang: str = "vi") -> list[Download]:
    """The list as XLSX, the decision annex as DOCX and PDF, and CSV, read once. An approved list's annex is an
    issued paper: while the organisation's identity lacks what it needs, one refusal stands for both."""
    doc = load_document(session, actor=actor, list_id=list_id)
    kept = award_decision_pdf(session, list_id=list_id)  # the annex as issued with the approval (or its draft)
    out = []
    for fmt in ("xlsx", "docx", "pdf", "csv"):
        label = "papers.download.pdf" if fmt == "pdf" else f"rewards.lists.download_{fmt}"
        if fmt == "pdf" and kept is not None:
            signed = kept.status == "issued"
            name = filename(doc, fmt) if signed else filename(doc, fmt).removesuffix(".pdf") + "-ban-nhap.pdf"
            out.append(Download("papers_trust.list.download_signed" if signed else "papers_trust.list.download_draft",
                                kept.content, name, MIME[fmt], f"rl_dl_{fmt}"))
            continue
        try:
            out.append(Download(label, EXPORTERS[fmt](doc), filename(doc, fmt), MIME[fmt], f"rl_dl_{fmt}"))
        except IdentityIncomplete as refused:
            if fmt == "docx":
                out.append(Download(label, b"", "", MIME[fmt], f"rl_dl_{fmt}", error_text(refused, lang)))
    return out


def linked_list(*, titles: dict[int, str], raw: str | None, lang: str = "vi") -> Linked:
    """The award list an address names (`list=`), if the reader may see it (among all years' lists)."""
    return linked_id(raw, titles, lang, what="list")


def linked_decision(*, view: Detail, raw: str | None) -> int | None:
    """The recognised initiative an address names (`idea=`, `step=add`), if its authors may go on this list."""
    found = linked_id(raw, view.decisions, "vi")
    return found.value
