"""The import page's view: the kinds and role codes to explain, a file's preview as translated rows."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import identity, imports
from ideas.accounts.import_rows import STAFF_FIELDS, UNIT_FIELDS
from ideas.core.i18n import fmt_number, t
from ideas.core.permissions import ROLES, Actor


def kinds(lang: str = "vi") -> dict[str, str]:
    """What can be imported: kind -> label."""
    return {kind: t(f"import.kind.{kind}", lang) for kind in imports.KINDS}


def role_codes(lang: str = "vi") -> tuple[list[dict], dict[str, str]]:
    """The role codes a staff file may use, with their names; and the columns' headers."""
    return ([{"code": role, "name": t(f"role.{role}", lang)} for role in ROLES],
            {"code": t("import.role_code", lang), "name": t("import.role_name", lang)})


def passwords_table(passwords: list[dict], lang: str = "vi") -> pd.DataFrame:
    """New accounts' temporary passwords (shown once), columns translated."""
    return pd.DataFrame(passwords).rename(columns={
        "username": t("import.col.username", lang), "full_name": t("import.col.full_name", lang),
        "password": t("import.col.password", lang)})


@dataclass(frozen=True)
class ImportPreview:
    summary: str  # rows, new, updated, unchanged (translated, numbers formatted)
    errors_title: str | None  # None when every row is valid
    errors: pd.DataFrame | None  # row, column, reason
    rows: pd.DataFrame | None  # _row, _status (translated), then the kind's fields; None when errors
    headers: dict[str, str]  # every column above -> its translated header
    changes: bool  # something to write


def import_preview(*, session: Session, actor: Actor, kind: str, data: bytes, filename: str,
                   lang: str = "vi") -> ImportPreview:
    """Check a file without writing (accounts.import) and say what importing it would do."""
    preview = imports.preview_import(session=session, actor=actor, kind=kind, data=data, filename=filename)
    summary = t("import.summary", lang, total=fmt_number(len(preview.rows), lang), new=fmt_number(preview.new, lang),
                updated=fmt_number(preview.updated, lang), unchanged=fmt_number(preview.unchanged, lang))
    changes = bool(preview.new or preview.updated)
    if preview.errors:
        errors = pd.DataFrame(imports.error_rows(preview.errors, kind, lang))
        headers = {c: t(f"import.col.{c}", lang) for c in ("row", "column", "reason")}
        return ImportPreview(summary, t("import.errors_title", lang, count=fmt_number(preview.bad_rows, lang),
                                        errors=fmt_number(len(preview.errors), lang)), errors, None, headers, changes)
    fields = list(UNIT_FIELDS if kind == "units" else STAFF_FIELDS)
    # the numbers were typed by whoever made the file; the screen shows only their last digits
    table = pd.DataFrame([{**{f: (", ".join(r[f]) if isinstance(r[f], list) else r[f]) for f in fields},
                           **({"personal_id": identity.mask(r.get("personal_id")) or ""} if kind == "staff" else {}),
                           "_status": t(f"import.status.{r['_status']}", lang), "_row": r["_row"]}
                          for r in preview.rows], columns=[*fields, "_status", "_row"])
    headers = {"_row": t("import.col.row", lang), "_status": t("import.col.status", lang),
               **{f: t(f"import.col.{f}", lang) for f in fields}}
    return ImportPreview(summary, None, None, table[["_row", "_status", *fields]], headers, changes)
