"""What an award-list export shows, read once from the database: heading lines, sections and rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from ideas.core import csvfile
from ideas.core.errors import PermissionDenied
from ideas.core.i18n import t
from ideas.core.models import AwardForm, AwardItem, AwardList, Unit
from ideas.core.permissions import Actor
from ideas.core.text import fold, same_name
from ideas.core.words import DECIDED_LIST_STATUSES
from ideas.papers.identity import identity_for, is_placeholder
from ideas.papers.paper import date_words
from ideas.rewards.awards import can_view, get_list

FONT = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
COLUMNS = ("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Thành tích", "Hình thức", "Số tiền (đồng)")
SECTION_NAMES = ("TẬP THỂ", "CÁ NHÂN")  # collectives first; numbered by what is present
ROMAN = ("I", "II")
TOTAL_LABEL = "Tổng cộng"


def neutralise(value: object) -> str:
    """A cell text that no spreadsheet evaluates as a formula (CSV has no cell types)."""
    return csvfile.neutralise("" if value is None else str(value))


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(csvfile.FORMULA_PREFIXES)


@dataclass
class Row:
    name: str
    position_unit: str
    achievement: str
    form: str
    amount: int


def _date_words(when: dt.date | None) -> str:
    return date_words(when)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class ListDocument:
    """Everything an export needs, read once from the database."""

    list_id: int
    agency_name: str  # the issuing body of the list (its unit, or what the officer typed)
    title: str
    year: int
    status: str
    decision_no: str | None
    decision_date: dt.date | None
    signer: str | None
    signer_title: str | None
    place: str | None  # the province name, for "<place>, ngày ... "
    superior: str = ""  # the body above the issuer: the organisation's name with its province
    verification_code: str | None = None  # set once the list is an approved decision (QR on the annex)
    public_url: str = ""  # the identity's public address, for the QR code
    gaps: list[str] = field(default_factory=list)  # what the identity still lacks to issue the annex
    collectives: list[Row] = field(default_factory=list)
    individuals: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.collectives) + sum(r.amount for r in self.individuals)

    @property
    def agency_lines(self) -> list[str]:
        """The top-left heading in capitals: the superior body, then the issuing body unless it is the same name
        (Uỷ and Ủy, Hoà and Hòa compare equal); placeholders are left out."""
        lines: list[str] = []
        for line in (self.superior, self.agency_name):
            if line and not is_placeholder(line) and not any(same_name(line, seen) for seen in lines):
                lines.append(line.strip())
        return [line.upper() for line in lines] or [""]

    @property
    def heading(self) -> str:
        title = " ".join(self.title.split())
        return title.upper() if fold(title).startswith("danh sach") else f"DANH SÁCH {title.upper()}"

    @property
    def number_line(self) -> str:
        return f"Số: {self.decision_no}" if self.decision_no else "Số:        /QĐ-"

    @property
    def place_date(self) -> str:
        text = _date_words(self.decision_date)
        return f"{self.place}, {text}" if self.place else _capital(text)

    @property
    def attached_line(self) -> str:
        number = self.decision_no or "     /QĐ-"
        return f"(Kèm theo Quyết định số {number} {_date_words(self.decision_date)} của {self.signer_title or '...'})"


def _superior(session: Session, unit_id: int | None, agency: str) -> tuple[str, str | None]:
    """The body above the list's issuer, from the organisation's identity (its parent body, else its issuing
    body; none when the list's agency is that parent body itself), and the place name (None while it is unset
    or a placeholder)."""
    identity = identity_for(session, unit_id)
    if identity.parent_body and same_name(identity.parent_body, agency):
        superior = ""  # the top body issues the list itself
    elif same_name(identity.issuing_body, agency):
        superior = identity.parent_body
    else:
        superior = identity.parent_body or identity.issuing_body
    if is_placeholder(superior):
        superior = ""
    place = None if is_placeholder(identity.place) else identity.place
    return superior, place


def load_document(session: Session, *, actor: Actor, list_id: int) -> ListDocument:
    """Read one list with its items (collectives first) for export; checks the actor may view it."""
    award_list: AwardList = get_list(session, list_id)
    if actor is None or not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    agency = award_list.agency_name
    if not agency and award_list.unit_id:
        agency = session.scalar(select(Unit.name).where(Unit.id == award_list.unit_id))
    identity = identity_for(session, award_list.unit_id)
    if not agency and not is_placeholder(identity.issuing_body):  # a list of no unit: the organisation issues it
        agency = identity.issuing_body
    superior, province = _superior(session, award_list.unit_id, agency or "")
    decided = award_list.status in DECIDED_LIST_STATUSES
    gaps = []
    if decided:  # an approved list is an issued paper: who issues it, where, and the QR's address must be real
        if not agency or is_placeholder(agency):
            gaps.append(t("papers.identity.issuing_body"))
        if province is None:
            gaps.append(t("papers.identity.place"))
        if award_list.verification_code and is_placeholder(identity.public_url, url=True):
            gaps.append(t("papers.identity.public_url"))
    doc = ListDocument(list_id=award_list.id, agency_name=agency or "", title=award_list.title,
                       year=award_list.year, status=award_list.status, decision_no=award_list.decision_no,
                       decision_date=award_list.decision_date, signer=award_list.signer,
                       signer_title=award_list.signer_title, place=province, superior=superior,
                       verification_code=award_list.verification_code if decided else None,
                       public_url=identity.public_url, gaps=gaps)
    rows = session.execute(
        select(AwardItem.recipient_kind, AwardItem.display_name, AwardItem.position_unit, AwardItem.achievement,
               AwardForm.name_vi, AwardItem.amount)
        .join(AwardForm, AwardForm.id == AwardItem.award_form_id).where(AwardItem.list_id == list_id)
        .order_by(case((AwardItem.recipient_kind == "collective", 0), else_=1), AwardItem.position))
    for kind, name, position_unit, achievement, form, amount in rows:
        row = Row(name or "", position_unit or "", achievement or "", form or "", int(amount or 0))
        (doc.collectives if kind == "collective" else doc.individuals).append(row)
    return doc


def sections(doc: ListDocument) -> list[tuple[str, list[Row]]]:
    """The present sections, numbered in order: individuals alone are "I. CÁ NHÂN"."""
    present = [(name, rows) for name, rows in zip(SECTION_NAMES, (doc.collectives, doc.individuals), strict=True)
               if rows]
    return [(f"{ROMAN[n]}. {name}", rows) for n, (name, rows) in enumerate(present)]
