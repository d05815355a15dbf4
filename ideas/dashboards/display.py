"""Tables as people read them, shared by the dashboard pages' views: localised headings, statuses and numbers,
no codes, ids or empty markers."""
from __future__ import annotations

import pandas as pd

from ideas.core.i18n import catalogue, fmt_number, t

HIDDEN_COLUMNS = {"unit_id", "own", "path", "order", "stage", "reviewer_id", "field", "form", "level", "label",
                  "code", "months_elapsed"}
ONE_DECIMAL = {"participation_pct", "ideas_per_100", "pct_of_submitted", "late_pct", "hours_saved", "days_cut",
               "median_days", "mean_days", "participation_target_pct", "reports_cut_target_pct", "ideas_expected",
               "on_time_pct", "claimed_hours_saved", "measured_hours_saved", "claimed_days_cut", "measured_days_cut"}


def heading(name: str, lang: str) -> str:
    known = catalogue(lang)
    for key in (f"dash.col.{name}", f"dash.benefit.{name}", f"dash.commit.col.{name}"):
        if key in known:
            return t(key, lang)
    return {"field_name": t("dash.col.field", lang), "form_name": t("dash.col.form", lang),
            "name": t("dash.col.unit", lang), "status_label": t("dash.col.status", lang)}.get(name, name)


def _cell(value: object, column: str, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, int | float):
        return fmt_number(value, lang, digits=1 if column in ONE_DECIMAL and value != int(value) else 0)
    return str(value)


def _number(value: object, column: str, lang: str) -> object:
    """A cell of the CSV: numbers stay numbers (rounded as the table shows them), the rest as the table."""
    if isinstance(value, bool) or not isinstance(value, int | float) or pd.isna(value):
        return _cell(value, column, lang)
    return round(value, 1) if column in ONE_DECIMAL and value != int(value) else int(round(value))


def display_table(frame: pd.DataFrame, lang: str, *, numbers: bool = False) -> pd.DataFrame:
    """The frame as people read it: localised headings, statuses and numbers; no codes, ids or empty markers.

    With `numbers`, numbers stay numbers (for a CSV, which writes them in Excel's Vietnamese form)."""
    cell = _number if numbers else _cell
    if "label" in frame.columns:  # the label tells a unit's own office from its subtree
        frame = frame.drop(columns=[c for c in ("name",) if c in frame.columns]).rename(columns={"label": "name"})
    out = frame[[c for c in frame.columns if c not in HIDDEN_COLUMNS]].copy()
    for column in out.columns:
        if column == "status":
            out[column] = [t(f"dash.status.{v}", lang) for v in out[column]]
        elif column.endswith("status") or column == "overall":
            out[column] = [t(f"dash.commit.status.{v}", lang) for v in out[column]]
        else:
            out[column] = [cell(v.item() if hasattr(v, "item") else v, column, lang) for v in out[column]]
    return out.rename(columns={c: heading(c, lang) for c in out.columns})
