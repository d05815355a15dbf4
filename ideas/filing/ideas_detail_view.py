"""The idea page's view: one call gives everything the page shows, translated and formatted.

Values are user text or formatted numbers and dates (Vietnamese formats in the vi UI); codes are mapped
to their labels here, so the page only renders. Query parameters are parsed here too (`parse_id`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
from sqlalchemy.orm import Session

from ideas.accounts import units
from ideas.core.db import Database
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text, fmt_date, fmt_datetime, fmt_decimal, fmt_money, fmt_number, t
from ideas.core.models import User
from ideas.core.permissions import Actor, scope_unit_ids
from ideas.filing import browse, coauthors, lifecycle, merging, replication, similar, social, visibility
from ideas.filing.records import get_idea

MAX_ID = 2**31 - 1  # ids are INTEGER: a larger one names no row (and PostgreSQL refuses to compare it)
_DIGITS = re.compile(r"[0-9]{1,19}")
LANDING_LIMIT = 10
# The page's tabs in order: (name, label key). Only the open tab is drawn, and only its parts are read (the
# history, the comments, the similar ideas, the replications): docs/BENCHMARKS.md, CPU per click.
TABS = (("general", "detail.section.general"), ("content", "detail.section.content"),
        ("benefits", "detail.section.benefits"), ("history", "detail.section.history"),
        ("comments", "detail.tab.comments"), ("similar", "similar.title"), ("replications", "replication.title"))
TAB_KEYS = tuple(key for _name, key in TABS)


def open_tab(label: object, labels: list[str]) -> str:
    """The name of the tab whose label (in the reader's language, `labels` in TABS order) the tabs hold; the first
    tab for none, or for a label of another language after a switch."""
    return dict(zip(labels, (name for name, _key in TABS), strict=True)).get(label, TABS[0][0])


def parse_id(raw: object) -> int | None:
    """A query parameter as a row id: None when absent; ValidationError for '²', 'abc', '-1', 2**64."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if not _DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_ID:
        raise ValidationError("detail.error.bad_id")
    return int(text)


def coded(prefix: str, value: str | None, lang: str) -> str:
    """The label of a code; '' for none (a code the catalogue lacks is shown as '', never raw)."""
    if not value:
        return ""
    key = f"{prefix}.{value}"
    text = t(key, lang)
    return "" if text == key else text


@dataclass(frozen=True)
class Header:
    """The idea and what the reader may do with it."""

    id: int
    title: str
    status: str
    is_author: bool
    supported: bool
    can_support: bool
    can_comment: bool
    can_moderate: bool


@dataclass(frozen=True)
class Attachment:
    id: int
    filename: str
    mime: str
    label: str  # "report.pdf (12 KB)": user text, shown as plain text


@dataclass
class DetailView:
    """What the idea page shows; `sections` hold (label, text) pairs with empty values left out."""

    idea: Header
    status_label: str
    metrics: list[tuple[str, object]]  # (label, value) above the tabs: status, receipt number, supports, comments
    sections: dict[str, list[tuple[str, str]]]
    authors: pa.Table  # st.dataframe's own format (_table)
    attachments: list[Attachment]
    decision_lines: list[str]
    confidential: str | None  # None: the reader may not see it
    history: pa.Table  # st.dataframe's own format (_table)
    comments: pd.DataFrame
    comment_total: int
    similar: pa.Table  # st.dataframe's own format (_table)
    similar_options: dict[int, str]
    replications: pa.Table  # st.dataframe's own format (_table)
    replication_units: dict[int, str] = field(default_factory=dict)  # units the reader may record for (while
    # the idea may be replicated: none otherwise)
    replicable: bool = False
    invited: bool = False  # the reader is invited to co-author it and has not answered yet
    merged_into: tuple[int, str] | None = None  # (id, label) of the file that absorbed this one
    absorbed: dict[int, str] = field(default_factory=dict)  # files merged into this one: id -> label
    merge_targets: dict[int, str] = field(default_factory=dict)  # for a secretary: files it may be merged into,
    # the most similar first ("SK-… — title (similar 90%)")
    merge_refused: pd.DataFrame | None = None  # similar files it may not be merged into: file, reason
    merge_source: str = ""  # this file's label, for the confirmation naming both files
    blind: bool = False  # blind review: authors, their positions, shares and unit are not shown to this reader


def _value(value: object) -> object:
    """None for a missing value (None, NaN, NaT), so it is never shown as 'nan'."""
    return None if value is None or value != value else value


def _pairs(lang: str, items: list[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(t(f"detail.field.{name}", lang), str(value)) for name, value in items
            if value is not None and value != ""]


def _sections(view: dict, lang: str) -> dict[str, list[tuple[str, str]]]:
    pars = ", ".join(p["name_en" if lang == "en" else "name_vi"] for p in view["par_fields"])
    general = [("unit", view["unit_name"]), ("campaign", view["campaign_name"] or t("detail.field.free", lang)),
               ("solution_type", coded("detail.solution_type", view["solution_type"], lang)),
               ("par_fields", pars), ("review_stage", coded("detail.stage", view["review_stage"], lang)),
               ("submitted_at", fmt_datetime(view["submitted_at"], lang)),
               ("decision_due_on", fmt_date(view["decision_due_on"], lang)),
               ("addressee", view["addressee"]), ("investor", view["investor"])]
    content = [(name, view[name]) for name in ("field_of_application", "problem", "current_situation", "essence",
                                               "conditions")]
    content += [("first_applied_on", fmt_date(view["first_applied_on"], lang)),
                ("application_status", coded("detail.application_status", view["application_status"], lang)),
                ("trial_participants", view["trial_participants"])]
    benefits = [("benefits_text", view["benefits_text"]), ("trial_assessment", view["trial_assessment"]),
                ("hours_saved", fmt_number(view["hours_saved"], lang, 1)),
                ("vnd_saved", fmt_money(view["vnd_saved"], lang)),
                *((name, fmt_number(view[name], lang)) for name in ("reports_cut", "procedures_simplified",
                                                                     "services_online")),
                ("days_cut", fmt_number(view["days_cut"], lang, 1))]
    return {"general": _pairs(lang, general), "content": _pairs(lang, content), "benefits": _pairs(lang, benefits)}


def _cell(value: object) -> object:
    """A table cell: '' for a missing value (None, NaN, NaT, NA)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _table(rows: list[dict] | pd.DataFrame, columns: dict[str, str], lang: str) -> pa.Table:
    """Only `columns` (key -> label key), under their labels; missing values as ''.

    An Arrow table: st.dataframe sends it as it is, where a DataFrame is converted to Arrow on every run (the
    cells are the same text either way; an empty table has columns of no type, as an empty DataFrame gives).
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    labels = [t(label, lang) for label in columns.values()]
    if not records:
        return pa.Table.from_arrays([pa.nulls(0) for _ in labels], names=labels)
    arrays = []
    for key in columns:
        cells = [_cell(row.get(key)) for row in records]
        try:
            arrays.append(pa.array(cells))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed kinds of values: as text, as st.dataframe would
            arrays.append(pa.array([str(cell) for cell in cells]))
    return pa.Table.from_arrays(arrays, names=labels)


def _comment_lines(row, lang: str) -> list[str]:  # a row of social.list_comments
    """Who and when, then the text; a hidden comment says why (moderators still read the original)."""
    meta = t("social.comment_meta", lang, author=row.author_name, at=fmt_datetime(row.created_at, lang))
    if isinstance(row.edited_at, dt.datetime):
        meta += " " + t("social.comment_edited_mark", lang, at=fmt_datetime(row.edited_at, lang))
    lines = [meta]
    if row.hidden:
        lines.append(t("social.comment_hidden", lang, reason=row.hidden_reason or ""))
        if isinstance(row.body, str):
            lines.append(t("social.comment_original", lang))
    if isinstance(row.body, str):
        lines.append(row.body)
    return lines


def _attachment(attachment: dict, lang: str) -> Attachment:
    """An attachment with the line naming it and its size in KB ("report.pdf (12 KB)")."""
    size = t("detail.attachment.size", lang, size=fmt_number(max(1, attachment["size"] // 1024), lang))
    return Attachment(attachment["id"], attachment["filename"], attachment["mime"],
                      f"{attachment['filename']} ({size})")


def _decision_lines(decision: dict | None, lang: str) -> list[str]:
    if not decision:
        return []
    lines = [t("detail.decision.summary", lang, number=decision["number"] or "",
               date=fmt_date(decision["decided_on"], lang),
               outcome=coded("detail.outcome", decision["outcome"], lang))]
    if decision["scope"]:
        lines.append(t("detail.decision.scope", lang, scope=coded("detail.scope", decision["scope"], lang)))
    if decision["reason"]:
        lines.append(decision["reason"])
    return lines


def _metrics(view: dict, status_label: str, lang: str) -> list[tuple[str, object]]:
    values = (status_label, view["receipt_no"] or "—", view["support_count"], view["comment_count"])
    keys = ("detail.field.status", "detail.field.receipt_no", "browse.col.supports", "browse.col.comments")
    return [(t(key, lang), value) for key, value in zip(keys, values, strict=True)]


def attachment_bytes(database: Database, *, user_id: int, attachment_id: int) -> bytes:
    """An attachment's content, read with the page's permission check in a session of its own (the download
    button calls this on click, in another thread, without the page's session state)."""
    with database.read_session() as session:
        actor = session.get(User, user_id)
        return visibility.attachment_for_download(session, actor=actor, attachment_id=attachment_id)[2]


def detail_view(*, session: Session, actor: Actor, idea_id: int | None, lang: str = "vi",
                tab: str | None = None) -> DetailView | None:
    """What the idea page shows to `actor` (NotFound / PermissionDenied when it may not); None without an id.
    `tab` names the one open tab (TABS) whose parts are read; None reads them all."""
    if not idea_id:
        return None
    idea_id = int(idea_id)

    def wants(part: str) -> bool:
        return tab is None or part == tab

    view = visibility.idea_record(session, actor=actor, idea_id=idea_id, with_history=wants("history"))
    status = lambda s: coded("browse.status", s, lang)  # noqa: E731
    comments, total = (social.list_comments(session, actor=actor, idea_id=idea_id, limit=200) if wants("comments")
                       else (pd.DataFrame(columns=["id", "author_id", "author_name"]), 0))
    if view["hidden_people"]:  # blind review: an author's comment does not name them
        comments = comments.assign(author_name=[t("security_surface.blind.someone", lang)
                                                if a in view["hidden_people"] else name
                                                for a, name in zip(comments.author_id, comments.author_name,
                                                                   strict=True)])
    comments = comments.assign(lines=[_comment_lines(row, lang) for row in comments.itertuples()])
    found = (similar.similar_to_idea(session, actor=actor, idea_id=idea_id, limit=5) if wants("similar")
             else pd.DataFrame(columns=["id", "receipt_no", "title", "unit_name", "status", "similarity"]))
    similar_options = {int(i): title for i, title in zip(found.id, found.title, strict=True)}
    found = found.assign(status=[status(s) for s in found.status],
                         similarity=[f"{round(float(v) * 100)}%" for v in found.similarity])
    reps = (replication.list_replications(session, actor=actor, idea_id=idea_id) if wants("replications")
            else pd.DataFrame(columns=["unit_name", "applied_on", "benefit", "hours_saved", "vnd_saved", "note",
                                       "recorded_by_name"]))
    reps = reps.assign(applied_on=[fmt_date(d, lang) for d in reps.applied_on],
                       hours_saved=[fmt_number(_value(v), lang, 1) for v in reps.hours_saved],
                       vnd_saved=[fmt_money(_value(v), lang) for v in reps.vnd_saved])
    replicable = view["status"] in replication.REPLICABLE_STATUSES
    allowed = scope_unit_ids(session, actor, "ideas.replicate") if replicable and wants("replications") else []
    choices = {uid: label for uid, label in (units.unit_options(session, ids=allowed) if allowed != [] else [])
               if uid != view["unit_id"]}
    history = [{**row, "at": fmt_datetime(row["at"], lang), "from_status": status(row["from_status"]),
                "to_status": status(row["to_status"]), "stage": coded("detail.stage", row["stage"], lang)}
               for row in view["history"]]
    authors = [{**a, "share": fmt_decimal(a["share"], lang, 2)} for a in view["authors"]]
    return DetailView(
        idea=Header(view["id"], view["title"], view["status"], view["is_author"], bool(view["supported"]),
                    view["can_support"] and view["status"] != lifecycle.MERGED,  # its supports moved to the other
                    view["can_comment"], view["can_moderate"]),
        status_label=status(view["status"]), metrics=_metrics(view, status(view["status"]), lang),
        sections=_sections(view, lang),
        authors=_table(authors, {"full_name": "detail.author.full_name", "position": "detail.author.position",
                                 "unit_name": "detail.author.unit", "share": "detail.author.share"}, lang),
        attachments=[_attachment(a, lang) for a in view["attachments"]],
        decision_lines=_decision_lines(view["decision"], lang),
        confidential=(view.get("confidential_info") or t("common.none", lang)) if view["confidential_visible"]
        else None,
        history=_table(history, {"at": "detail.history.at", "actor_name": "detail.history.actor",
                                 "from_status": "detail.history.from", "to_status": "detail.history.to",
                                 "stage": "detail.history.stage", "reason": "detail.history.reason"}, lang),
        comments=comments, comment_total=total, similar_options=similar_options,
        similar=_table(found, {"receipt_no": "browse.col.receipt_no", "title": "browse.col.title",
                               "unit_name": "browse.col.unit", "status": "browse.col.status",
                               "similarity": "similar.col.similarity"}, lang),
        replications=_table(reps, {"unit_name": "replication.unit", "applied_on": "replication.applied_on",
                                   "benefit": "replication.benefit", "hours_saved": "replication.hours_saved",
                                   "vnd_saved": "replication.vnd_saved", "note": "replication.note",
                                   "recorded_by_name": "replication.col.recorded_by"}, lang),
        replication_units=choices, replicable=replicable,
        invited=actor.id is not None and coauthors.is_invited(session, user_id=actor.id, idea_id=idea_id),
        blind=view["blind"], **_merge_parts(session, actor, idea_id, lang))


def file_label(receipt_no: str | None, idea_id: int, title: str) -> str:
    return f"{receipt_no or '#' + str(idea_id)} — {title}"


def _merge_parts(session: Session, actor: Actor, idea_id: int, lang: str = "vi") -> dict:
    """The merged-into link, the files this one absorbed and, for a secretary, where it may be merged: the most
    similar first, with the similar files it may not be merged into and why."""
    idea = get_idea(session, idea_id)
    into = get_idea(session, idea.merged_into_id) if idea.merged_into_id else None
    parts = {"merged_into": (into.id, file_label(into.receipt_no, into.id, into.title)) if into else None,
             "absorbed": {i: file_label(r, i, title) for i, r, title in merging.absorbed(session, idea_id)}}
    if not merging.may_merge(session, actor=actor, idea=idea):
        return parts
    found = similar.similar_to_idea(session, actor=actor, idea_id=idea_id, limit=similar.CANDIDATES)
    scores = {int(i): float(v) for i, v in zip(found.id, found.similarity, strict=True)}
    allowed, refused = merging.merge_choices(session, actor=actor, idea=idea, similar=scores)

    def labelled(choice: merging.MergeChoice) -> str:
        text = file_label(choice.receipt_no, choice.idea_id, choice.title)
        if choice.similarity is None:
            return text
        return t("place.merge.similar_label", lang, file=text, similarity=f"{round(choice.similarity * 100)}%")

    return {**parts, "merge_targets": {c.idea_id: labelled(c) for c in allowed},
            "merge_refused": pd.DataFrame([{"file": labelled(c), "reason": error_text(c.refusal, lang)}
                                           for c in refused], columns=["file", "reason"]),
            "merge_source": file_label(idea.receipt_no, idea.id, idea.title)}


def landing_view(*, session: Session, actor: Actor, text: str = "", lang: str = "vi") -> dict[int, str]:
    """The idea page opened without an id: recent public ideas (or those matching `text`) to pick from."""
    frame, _ = browse.browse(session, actor=actor, text=text, limit=LANDING_LIMIT)
    return {int(i): f"{r or '—'} · {title} ({coded('browse.status', s, lang)})"
            for i, r, title, s in zip(frame.id, frame.receipt_no, frame.title, frame.status, strict=True)}
