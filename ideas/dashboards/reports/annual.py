"""The annual emulation report: the year's initiatives and awards by unit and by recipient, in a Home Affairs
statistics form's layout, as xlsx and docx with the papers' header.

The layout is data (`LAYOUTS`): the form's code, the circular that issued it, a layout version, the reporting
period (days of the year), the due date and how an individual's leadership level is read from the position
recorded on the award. The starting layout is form 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV (awards at
province level by form and by recipient: collective; individual by leadership level); a newer circular's form
(Circular 18/2025/TT-BNV renews the regime) is one more entry, and the reader picks it by code.

Figures, all counted in SQL (GROUP BY) and rolled up along the unit tree:
- initiatives submitted in the period (the dashboard's cohort) and recognised in it (decisions dated in it,
  under the unit the decision recorded);
- awards on approved or locked lists decided in the period (a list without a decision date counts in its year),
  under the unit recorded on the item (the collective awarded, or the person's unit when added), else the
  idea's. An individual's leadership level is read from the item's frozen "position, unit" text.
`structure` is the reader's choice of dashboards.reports.scope: "today" rolls the figures of units that
merged into their successors, "as_was" keeps each record under its unit at the time.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.models import AwardForm, AwardItem, AwardList, Decision, Idea
from ideas.core.permissions import Actor, require
from ideas.core.text import fold
from ideas.core.words import DECIDED_LIST_STATUSES, SCOPES
from ideas.dashboards.reports.scope import (
    AS_WAS,
    TODAY,
    check_structure,
    frame_of,
    idea_conditions,
    labelled,
    resolve_scope,
    rollup,
)
from ideas.filing.lifecycle import RECOGNISED
from ideas.papers.docx_render import render_docx
from ideas.papers.identity import identity_for
from ideas.papers.paper import MOTTO_1, MOTTO_2, Column, Paper, Row, Signer, Table, Text

RECIPIENTS = ("collective", "leader_high", "leader_division", "staff")
FIGURES = ("awards", "collective", "individual", *RECIPIENTS[1:], "amount")


@dataclass(frozen=True)
class Layout:
    """One statistics form: what it is, where it comes from, its period and how people are classed."""

    form_code: str
    version: str
    legal_basis: str
    title: str
    period: tuple[str, str]  # first and last day of the period, "MM-DD"
    due: str  # "MM-DD" as the form says (rewards.annual_due reads the setting, whose default is this day)
    receiver: str
    # (level, folded words of a position): checked in order, the first match wins; no match = "staff"
    leadership: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)

    def bounds(self, year: int) -> tuple[dt.date, dt.date]:
        first, last = (dt.date(year, int(d[:2]), int(d[3:])) for d in self.period)
        return first, last

    def level_of(self, position: str | None) -> str:
        text = fold(position or "")
        for level, words in self.leadership:
            if any(re.search(rf"\b{word}\b", text) for word in words):
                return level
        return "staff"


FORM_0603 = Layout(
    form_code="0603.N/BNV-TĐKT",
    version="2023.1",
    legal_basis="Thông tư 02/2023/TT-BNV quy định chế độ báo cáo thống kê ngành Nội vụ",
    title="SỐ LƯỢNG KHEN THƯỞNG VÀ SÁNG KIẾN",
    period=("01-01", "12-31"),
    due="12-15",
    receiver="Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
    # The deputy's title contains the head's ("phó trưởng phòng"): division words are checked first.
    leadership=(
        ("leader_division", ("truong phong", "pho phong", "pho truong phong", "truong khoa", "pho truong khoa",
                             "doi truong", "pho doi truong", "truong tram", "to truong", "pho chanh van phong so")),
        ("leader_high", ("giam doc", "pho giam doc", "chu tich", "pho chu tich", "bi thu", "pho bi thu",
                         "truong ban", "pho truong ban", "chanh van phong", "pho chanh van phong",
                         "chanh thanh tra", "vu truong", "cuc truong")),
    ),
)
LAYOUTS = {FORM_0603.form_code: FORM_0603}
DEFAULT_FORM = FORM_0603.form_code


@dataclass
class AnnualReport:
    """The figures of one year in one layout, ready to render (numbers as numbers; labels translated)."""

    layout: Layout
    year: int
    first: dt.date
    last: dt.date
    structure: str
    lang: str
    by_form: pd.DataFrame  # form, form_name, level, *FIGURES
    by_unit: pd.DataFrame  # unit_id, code, name, label, own, submitted, recognised, *FIGURES
    totals: dict[str, int]  # submitted, recognised, *FIGURES over the whole report


def layout_for(form_code: str | None = None) -> Layout:
    code = form_code or DEFAULT_FORM
    if code not in LAYOUTS:
        raise ValidationError("annual.error.form", form=code)
    return LAYOUTS[code]


# ---------------------------------------------------------------- figures


def _award_frame(session: Session, scope, first: dt.date, last: dt.date, year: int, lang: str) -> pd.DataFrame:
    """Awards grouped in SQL by unit, form, recipient kind and the recorded position (to class leaders)."""
    unit_col = func.coalesce(AwardItem.unit_id, Idea.unit_id)
    name = AwardForm.name_vi if lang == "vi" else AwardForm.name_en
    in_period = or_(and_(AwardList.decision_date >= first, AwardList.decision_date <= last),
                    and_(AwardList.decision_date.is_(None), AwardList.year == year))
    conds = [AwardList.status.in_(DECIDED_LIST_STATUSES), in_period]
    if scope.unit_ids is not None:
        conds.append(unit_col.in_(scope.unit_ids))
    query = (select(unit_col, AwardForm.code, name, AwardForm.level, AwardItem.recipient_kind,
                    AwardItem.position_unit, func.count(), func.coalesce(func.sum(AwardItem.amount), 0))
             .select_from(AwardItem).join(AwardList, AwardList.id == AwardItem.list_id)
             .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
             .outerjoin(Idea, Idea.id == AwardItem.idea_id).where(*conds)
             .group_by(unit_col, AwardForm.code, name, AwardForm.level, AwardItem.recipient_kind,
                       AwardItem.position_unit))
    return frame_of(session, query, ["unit_id", "form", "form_name", "level", "kind", "position", "n", "amount"])


def _classed(awards: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """One column per recipient class (counts), plus awards, individual and amount."""
    frame = awards.copy()
    recipient = ["collective" if kind == "collective" else layout.level_of(position)
                 for kind, position in zip(frame.kind, frame.position, strict=True)]
    for name in RECIPIENTS:
        frame[name] = [int(n) if r == name else 0 for r, n in zip(recipient, frame.n, strict=True)]
    frame["awards"] = frame.n.astype("int64")
    frame["individual"] = frame.awards - frame.collective
    frame["amount"] = frame.amount.astype("int64")
    return frame


def _idea_counts(session: Session, scope, year: int, first: dt.date, last: dt.date) -> pd.DataFrame:
    submitted = frame_of(session, select(Idea.unit_id, func.count()).where(*idea_conditions(scope, year, None))
                         .group_by(Idea.unit_id), ["unit_id", "submitted"])
    unit_col = func.coalesce(Decision.unit_id, Idea.unit_id)
    conds = [Decision.outcome == RECOGNISED, Decision.decided_on >= first, Decision.decided_on <= last]
    if scope.unit_ids is not None:
        conds.append(unit_col.in_(scope.unit_ids))
    recognised = frame_of(session, select(unit_col, func.count(func.distinct(Decision.idea_id)))
                          .select_from(Decision).join(Idea, Idea.id == Decision.idea_id).where(*conds)
                          .group_by(unit_col), ["unit_id", "recognised"])
    return submitted.merge(recognised, on="unit_id", how="outer").fillna(0)


def annual_report(*, session: Session, actor: Actor, year: int, structure: str = TODAY,
                  form_code: str | None = None, lang: str = "vi") -> AnnualReport:
    """The year's report for the reader's dashboard scope (reward officers, leaders, administrators)."""
    require(session, actor, "rewards.view")
    check_structure(structure)
    layout = layout_for(form_code)
    first, last = layout.bounds(int(year))
    scope = resolve_scope(session, actor, None, lang=lang, structure=structure, year=int(year))
    awards = _classed(_award_frame(session, scope, first, last, int(year), lang), layout)
    figures = list(FIGURES)
    by_form = (awards.groupby(["form", "form_name", "level"], as_index=False)[figures].sum()
               if not awards.empty else pd.DataFrame(columns=["form", "form_name", "level", *figures]))
    order = {level: index for index, level in enumerate(reversed(SCOPES))}  # national first
    by_form = (by_form.assign(_order=[order.get(level, 9) for level in by_form.level])
               .sort_values(["_order", "form"]).drop(columns="_order").reset_index(drop=True))
    per_unit = pd.concat([awards[["unit_id", *figures]],
                          _idea_counts(session, scope, int(year), first, last)], ignore_index=True).fillna(0)
    rolled = rollup(scope, per_unit, ["submitted", "recognised", *figures])
    by_unit = labelled(scope, rolled.astype({c: "int64" for c in ("submitted", "recognised", *figures)}))
    totals = {c: int(per_unit[c].sum()) for c in ("submitted", "recognised", *figures)}
    return AnnualReport(layout, int(year), first, last, structure, lang, by_form, by_unit, totals)


# ---------------------------------------------------------------- rendering


def _headers(lang: str) -> dict[str, str]:
    return {c: t(f"annual.col.{c}", lang) for c in ("row", "unit", "form", "level", "submitted", "recognised",
                                                    *FIGURES)}


def _lines(report: AnnualReport) -> list[str]:
    lang, layout = report.lang, report.layout
    return [t("annual.form_line", lang, form=layout.form_code, version=layout.version),
            t("annual.basis_line", lang, basis=layout.legal_basis),
            t("annual.period_line", lang, year=report.year, first=fmt_date(report.first, lang),
              last=fmt_date(report.last, lang)),
            t(f"annual.structure.{report.structure}", lang),
            t("annual.receiver_line", lang, receiver=layout.receiver)]


def _form_rows(report: AnnualReport) -> list[list[str]]:
    lang = report.lang
    rows = [[str(i), r.form_name, t(f"review.scope.{r.level}", lang),
             *[fmt_number(int(getattr(r, c)), lang) for c in FIGURES]]
            for i, r in enumerate(report.by_form.itertuples(), start=1)]
    return rows


def _unit_rows(report: AnnualReport) -> list[list[str]]:
    lang = report.lang
    columns = ("submitted", "recognised", *FIGURES)
    return [[str(i), r.label, *[fmt_number(int(getattr(r, c)), lang) for c in columns]]
            for i, r in enumerate(report.by_unit.itertuples(), start=1)]


def _total_row(report: AnnualReport, columns: tuple[str, ...]) -> list[str]:
    return [fmt_number(report.totals[c], report.lang) for c in columns]


def to_paper(session: Session, report: AnnualReport) -> Paper:
    """The report as an official paper (papers' header: agency block, motto, date), landscape, two tables."""
    lang = report.lang
    identity = identity_for(session)
    heads = _headers(lang)
    narrow = 17.0
    form_columns = [Column(heads["row"], 10, "center"), Column(heads["form"], 60), Column(heads["level"], 24),
                    *[Column(heads[c], narrow, "right") for c in FIGURES]]
    form_rows = [Row(cells) for cells in _form_rows(report)]
    # a spanning row lists every cell; those under the span are dropped by the renderer
    form_rows.append(Row([t("annual.total", lang), "", "", *_total_row(report, FIGURES)], bold=True, span=3))
    unit_columns = [Column(heads["row"], 10, "center"), Column(heads["unit"], 58),
                    *[Column(heads[c], narrow, "right") for c in ("submitted", "recognised", *FIGURES)]]
    unit_rows = [Row(cells) for cells in _unit_rows(report)]
    unit_rows.append(Row([t("annual.total", lang), "", *_total_row(report, ("submitted", "recognised", *FIGURES))],
                         bold=True, span=2))
    body = [Text(line, italic=True, align="center", indent=False, size=13) for line in _lines(report)]
    body += [Text(t("annual.part_forms", lang), bold=True, indent=False), Table(form_columns, form_rows, size=11),
             Text(t("annual.part_units", lang), bold=True, indent=False), Table(unit_columns, unit_rows, size=11)]
    return Paper(issuing_body=identity.issuing_body, parent_body=identity.parent_body, number="      /BC",
                 place=identity.place, date=clock.today(), kind=t("annual.kind", lang),
                 abstract=t("annual.abstract", lang, title=report.layout.title.lower(), year=report.year),
                 body=body, signers=[Signer(title=t("annual.signer_maker", lang)),
                                     Signer(title=t("annual.signer_head", lang))],
                 landscape=True, title=f"{report.layout.form_code} {report.year}")


def to_docx(session: Session, report: AnnualReport) -> bytes:
    return render_docx(to_paper(session, report))


def to_xlsx(session: Session, report: AnnualReport) -> bytes:
    """One sheet: the papers' header (agency, motto), the form's identity lines, then the two tables."""
    import xlsxwriter

    lang = report.lang
    paper = to_paper(session, report)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}

    def fmt(**extra: object):
        return book.add_format({**base, **extra})

    bold_c, plain_c = fmt(bold=True, align="center", text_wrap=True), fmt(align="center", text_wrap=True)
    italic_c, title_c = fmt(italic=True, align="center"), fmt(bold=True, align="center", font_size=14)
    head = fmt(bold=True, align="center", border=1, text_wrap=True, bg_color="#F2F2F2")
    cell, number = fmt(border=1, text_wrap=True), fmt(border=1, num_format="#,##0")
    total_l, total_n = fmt(bold=True, border=1), fmt(bold=True, border=1, num_format="#,##0")
    width = 2 + 2 + len(FIGURES) + 1
    sheet = book.add_worksheet(report.layout.form_code.split("/")[0])
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, width, 12)
    row = 0
    for line, bold in paper.agency_lines:
        sheet.merge_range(row, 0, row, 2, line, bold_c if bold else plain_c)
        row += 1
    sheet.merge_range(0, 4, 0, width, MOTTO_1, bold_c)
    sheet.merge_range(1, 4, 1, width, MOTTO_2, bold_c)
    row = max(row, 2) + 1
    sheet.merge_range(row, 0, row, width, paper.kind, title_c)
    sheet.merge_range(row + 1, 0, row + 1, width, paper.abstract, bold_c)
    row += 2
    for line in _lines(report):
        sheet.merge_range(row, 0, row, width, line, italic_c)
        row += 1
    heads = _headers(lang)

    def table(title: str, columns: list[str], rows: list[list], totals: list[int], label_span: int) -> None:
        nonlocal row
        row += 1
        sheet.write_string(row, 0, title, fmt(bold=True))
        row += 1
        for col, name in enumerate(columns):
            sheet.write_string(row, col, heads[name], head)
        sheet.repeat_rows(row)
        row += 1
        for values in rows:
            for col, value in enumerate(values):
                if isinstance(value, str):
                    sheet.write_string(row, col, value, cell)
                else:
                    sheet.write_number(row, col, value, number)
            row += 1
        sheet.merge_range(row, 0, row, label_span - 1, t("annual.total", lang), total_l)
        for col, value in enumerate(totals, start=label_span):
            sheet.write_number(row, col, value, total_n)
        row += 1

    form_rows = [[str(i), r.form_name, t(f"review.scope.{r.level}", lang), *[int(getattr(r, c)) for c in FIGURES]]
                 for i, r in enumerate(report.by_form.itertuples(), start=1)]
    table(t("annual.part_forms", lang), ["row", "form", "level", *FIGURES], form_rows,
          [report.totals[c] for c in FIGURES], 3)
    unit_columns = ("submitted", "recognised", *FIGURES)
    unit_rows = [[str(i), r.label, *[int(getattr(r, c)) for c in unit_columns]]
                 for i, r in enumerate(report.by_unit.itertuples(), start=1)]
    table(t("annual.part_units", lang), ["row", "unit", *unit_columns], unit_rows,
          [report.totals[c] for c in unit_columns], 2)
    book.close()
    return buffer.getvalue()


def file_name(report: AnnualReport, fmt: str) -> str:
    return f"bao-cao-thi-dua-{report.year}-{report.layout.form_code.split('/')[0]}-{report.structure}.{fmt}"


__all__ = ["AS_WAS", "TODAY", "AnnualReport", "Layout", "LAYOUTS", "annual_report", "file_name",
           "layout_for", "to_docx", "to_paper", "to_xlsx"]
