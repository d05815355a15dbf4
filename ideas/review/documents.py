"""Papers of a council, each built as one `Paper` (ideas.papers.paper) and rendered to PDF (issued) and DOCX:
the certificate naming the authors and their shares, the recognition decision with its annex list, and the
minutes signed by the secretary and the chair (also as xlsx, laid out to print).

Layout after Decree 30/2020/NĐ-CP, Appendix I (ideas.papers.pdf_render); who issues and signs comes from the
organisation's identity (ideas.papers.identity), which must be complete before anything is issued.
"""
from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.csvfile import FORMULA_PREFIXES
from ideas.core.errors import NotFound
from ideas.core.i18n import fmt_number
from ideas.core.models import Decision, Idea, IdeaAuthor, ScoreItem, ScoreSheet, Unit, User
from ideas.core.permissions import require
from ideas.filing.campaigns import get_campaign
from ideas.filing.form import format_share
from ideas.filing.records import author_ids
from ideas.papers.docx_render import render_docx
from ideas.papers.identity import require_complete
from ideas.papers.paper import Annex, Column, Paper, Row, Signer, Table, Text, date_words, verification_block
from ideas.papers.pdf_render import render_pdf
from ideas.review.board import board, campaign_agreement, certificate_for
from ideas.review.councils import members_frame, require_council
from ideas.review.rubrics import rubric_for_campaign

SCOPE_VI = {"unit": "Cơ sở", "provincial": "Cấp tỉnh", "national": "Toàn quốc"}
OUTCOME_VI = {"recognised": "Công nhận", "not_recognised": "Không công nhận"}
ROLE_VI = {"chair": "Chủ tịch", "vice_chair": "Phó Chủ tịch", "secretary": "Thư ký", "member": "Ủy viên"}


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formula injection: text starting with = + - @ tab CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _num(value: object, digits: int = 2) -> str:
    """A Vietnamese decimal for a paper ("75,4"; "80" for whole numbers); "" for nothing or NaN, never "nan"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = round(float(value), digits)
    if number == int(number):
        return fmt_number(int(number), "vi")
    return fmt_number(number, "vi", digits=digits).rstrip("0").rstrip(",")


def _text(value: object) -> str:
    """A cell's text: "" for None and NaN (pandas fills missing text with NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _sequence(register_no: str) -> str:
    """The running number inside a register code: "GCN-2026-0007" -> "7" (the paper's "Số: 7/GCN-HĐSK")."""
    tail = register_no.rsplit("-", 1)[-1]
    return str(int(tail)) if tail.isdigit() else register_no


def _authors_with_shares(session: Session, idea: Idea) -> list[tuple[str, str, str]]:
    """(name, position and workplace, share as "60%") of each author, in the order of the application."""
    rows = session.execute(
        select(User.full_name, User.position, Unit.name, IdeaAuthor.share)
        .join(User, User.id == IdeaAuthor.user_id).outerjoin(Unit, Unit.id == User.unit_id)
        .where(IdeaAuthor.idea_id == idea.id).order_by(IdeaAuthor.position)).all()
    if not rows:
        return [(idea.owner.full_name, "", "100%")]
    return [(name, ", ".join(p for p in (position, unit) if p), f"{format_share(share).replace('.', ',')}%")
            for name, position, unit, share in rows]


AUTHOR_COLUMNS = [Column("STT", 12, "center"), Column("Họ và tên", 48), Column("Chức vụ, đơn vị công tác", 75),
                  Column("Tỷ lệ đóng góp", 30, "center")]
DECREE_13 = ("Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;")
CIRCULAR_18 = ("Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa học và Công nghệ hướng dẫn "
               "thi hành một số quy định của Điều lệ Sáng kiến;")


def _issuer_unit(session: Session, decision: Decision, idea: Idea) -> int:
    campaign = get_campaign(session, decision.campaign_id) if decision.campaign_id else None
    return campaign.unit_id if campaign and campaign.unit_id else idea.unit_id


def _certificate_rows(session: Session, actor: User, certificate_id: int):
    certificate = certificate_for(session, certificate_id)
    decision = session.get(Decision, certificate.decision_id)
    idea = session.get(Idea, decision.idea_id)
    if actor.id not in author_ids(session, idea):  # the authors keep their own certificate
        require(session, actor, "review.view", unit_id=idea.unit_id)
    return certificate, decision, idea


def certificate_paper(*, session: Session, actor: User, certificate_id: int) -> Paper:
    """Giấy chứng nhận sáng kiến: the initiative, its AUTHORS with their shares, the decision, the signer."""
    certificate, decision, idea = _certificate_rows(session, actor, certificate_id)
    identity = require_complete(session, "certificate", _issuer_unit(session, decision, idea))
    scope = decision.scope or idea.scope or "unit"
    authors = _authors_with_shares(session, idea)
    signer = identity.signer("certificate")
    return Paper(
        parent_body=identity.parent_body, issuing_body=identity.issuing_body, place=identity.place,
        number=f"{_sequence(certificate.number)}/{identity.symbol('certificate')}", date=certificate.issued_on,
        kind="GIẤY CHỨNG NHẬN SÁNG KIẾN", title=f"Giấy chứng nhận sáng kiến {certificate.number}",
        grounds=[DECREE_13, f"Căn cứ Quyết định số {decision.number} {date_words(decision.decided_on)} "
                            "về việc công nhận sáng kiến;"],
        body=[Text("CHỨNG NHẬN", bold=True, align="center", indent=False),
              Text(f"Sáng kiến: {idea.title}", bold=True),
              Text("Của tác giả (đồng tác giả):" if len(authors) > 1 else "Của tác giả:", indent=True),
              Table(AUTHOR_COLUMNS, [Row([str(n), name, place, share])
                                     for n, (name, place, share) in enumerate(authors, start=1)]),
              Text(f"Đơn vị áp dụng: {idea.unit.name}"),
              Text(f"Phạm vi ảnh hưởng: {SCOPE_VI.get(scope, scope)}."),
              Text(f"Vào sổ số: {certificate.number}", italic=True)],
        signers=[Signer(authority=signer.authority, title=signer.title, name=signer.name)],
        verification=verification_block(identity.public_url, certificate.verification_code))


def certificate_docx(*, session: Session, actor: User, certificate_id: int) -> bytes:
    """Giấy chứng nhận sáng kiến as an editable .docx."""
    return render_docx(certificate_paper(session=session, actor=actor, certificate_id=certificate_id))


def certificate_pdf(*, session: Session, actor: User, certificate_id: int) -> bytes:
    """Giấy chứng nhận sáng kiến as the PDF that is issued (every font embedded)."""
    return render_pdf(certificate_paper(session=session, actor=actor, certificate_id=certificate_id))


def recognition_paper(*, session: Session, actor: User, decision_id: int) -> Paper:
    """Quyết định công nhận sáng kiến with its annex: every initiative recognised under the same decision number in
    the campaign, with authors, shares, units and scope."""
    decision = session.get(Decision, decision_id)
    if decision is None or decision.outcome != "recognised":
        raise NotFound("error.not_found")
    idea = session.get(Idea, decision.idea_id)
    if actor.id not in author_ids(session, idea):
        require(session, actor, "review.view", unit_id=idea.unit_id)
    identity = require_complete(session, "recognition", _issuer_unit(session, decision, idea))
    same = select(Decision).where(Decision.number == decision.number, Decision.outcome == "recognised")
    if decision.campaign_id:
        same = same.where(Decision.campaign_id == decision.campaign_id)
    decisions = list(session.scalars(same.order_by(Decision.id))) or [decision]
    rows = []
    for number, item in enumerate(decisions, start=1):
        recognised = session.get(Idea, item.idea_id)
        authors = "; ".join(f"{name} ({share})" for name, _, share in _authors_with_shares(session, recognised))
        scope = item.scope or recognised.scope or "unit"
        rows.append(Row([str(number), recognised.title, authors, recognised.unit.name, SCOPE_VI.get(scope, scope)]))
    signer = identity.signer("recognition")
    issuer = identity.issuing_body[:1].upper() + identity.issuing_body[1:]
    count = len(decisions)
    return Paper(
        parent_body=identity.parent_body, issuing_body=identity.issuing_body, place=identity.place,
        number=decision.number, date=decision.decided_on, kind="QUYẾT ĐỊNH", abstract="Về việc công nhận sáng kiến",
        title=f"Quyết định {decision.number} công nhận sáng kiến",
        grounds=[DECREE_13, CIRCULAR_18, "Căn cứ kết quả họp và biểu quyết của Hội đồng sáng kiến;",
                 "Theo đề nghị của Thường trực Hội đồng sáng kiến."],
        body=[Text("QUYẾT ĐỊNH:", bold=True, align="center", indent=False),
              Text(f"Điều 1. Công nhận {count} sáng kiến có tên trong danh sách kèm theo Quyết định này."),
              Text("Điều 2. Tác giả, đồng tác giả của sáng kiến được công nhận được hưởng các quyền lợi theo quy "
                   "định của Điều lệ Sáng kiến và quy định hiện hành về thi đua, khen thưởng."),
              Text("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thường trực Hội đồng sáng kiến, thủ trưởng "
                   "các đơn vị có liên quan và các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
                   "này.")],
        signers=[Signer(authority=signer.authority, title=signer.title, name=signer.name)],
        recipients=["Như Điều 3;", f"Lưu: VT, {identity.symbol('recognition').split('-')[-1]}."],
        annex=Annex(heading="DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN",
                    attached_line=f"(Kèm theo Quyết định số {decision.number} {date_words(decision.decided_on)} "
                                  f"của {issuer})",
                    blocks=[Table([Column("STT", 12, "center"), Column("Tên sáng kiến", 55),
                                   Column("Tác giả (tỷ lệ đóng góp)", 45), Column("Đơn vị", 33),
                                   Column("Phạm vi ảnh hưởng", 20, "center")], rows)]))


def recognition_docx(*, session: Session, actor: User, decision_id: int) -> bytes:
    return render_docx(recognition_paper(session=session, actor=actor, decision_id=decision_id))


def recognition_pdf(*, session: Session, actor: User, decision_id: int) -> bytes:
    return render_pdf(recognition_paper(session=session, actor=actor, decision_id=decision_id))


def score_table(session: Session, campaign_id: int) -> tuple[list[str], list[list[object]]]:
    """Rows idea x reviewer with points per criterion, total and verdict (the minutes' score table)."""
    campaign = get_campaign(session, campaign_id)
    criteria = list(rubric_for_campaign(session, campaign).criteria)
    header = ["Mã hồ sơ", "Tên sáng kiến", "Thành viên chấm"] + [f"{c.name_vi} ({c.max_points})" for c in criteria] \
        + ["Tổng điểm", "Kết luận"]
    sheets = session.execute(
        select(ScoreSheet, Idea.receipt_no, Idea.title, User.full_name)
        .join(Idea, Idea.id == ScoreSheet.idea_id).join(User, User.id == ScoreSheet.reviewer_id)
        .where(Idea.campaign_id == campaign_id).order_by(Idea.id, User.full_name)).all()
    points = {}
    for sheet_id, criterion_id, value in session.execute(
            select(ScoreItem.sheet_id, ScoreItem.criterion_id, ScoreItem.points)
            .join(ScoreSheet, ScoreSheet.id == ScoreItem.sheet_id).join(Idea, Idea.id == ScoreSheet.idea_id)
            .where(Idea.campaign_id == campaign_id)):
        points[(sheet_id, criterion_id)] = float(value)
    verdicts = {"meets": "Đạt", "does_not_meet": "Không đạt"}
    rows = []
    for sheet, receipt, title, reviewer in sheets:
        rows.append([receipt or f"#{sheet.idea_id}", title, reviewer]
                    + [points.get((sheet.id, c.id)) for c in criteria]
                    + [float(sheet.total), verdicts.get(sheet.verdict or "", "")])
    return header, rows


def _minutes_data(session: Session, actor: User, campaign_id: int) -> dict:
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "review.view", unit_id=campaign.unit_id)
    council = require_council(session, campaign_id)
    header, rows = score_table(session, campaign_id)
    return {"campaign": campaign, "council": council, "members": members_frame(session, council.id),
            "score_header": header, "score_rows": rows, "board": board(session, campaign_id),
            "agreement": campaign_agreement(session, campaign_id)}


def _summary_rows(data: dict) -> tuple[list[str], list[list[object]]]:
    """The results table: numbers as numbers (None where there is none, never NaN)."""
    header = ["Mã hồ sơ", "Tên sáng kiến", "Số phiếu chấm", "Điểm TB", "Điểm TB hiệu chỉnh", "Độ lệch chuẩn",
              "Tán thành", "Không tán thành", "Kết quả", "Số quyết định"]

    def figure(value: object) -> float | None:
        return None if value is None or value != value else round(float(value), 2)

    rows = []
    for r in data["board"].itertuples():
        rows.append([_text(r.receipt_no) or f"#{r.idea_id}", _text(r.title), int(r.n), figure(r.mean),
                     figure(r.calibrated_mean), figure(r.std), int(r.votes_for), int(r.votes_against),
                     OUTCOME_VI.get(_text(r.decision), "Chưa quyết định"), _text(r.decision_no)])
    return header, rows


def _widths(header: list[str], fixed: dict[int, float], total: float, texts: int) -> list[Column]:
    """Columns whose unnamed widths share what the named ones leave of `total` mm (at least 14 mm each); the
    first `texts` columns are text (left), the others figures (centred)."""
    free = [i for i in range(len(header)) if i not in fixed]
    rest = max(14.0 * len(free), total - sum(fixed.values()))
    return [Column(label, fixed.get(i, rest / max(1, len(free))), "left" if i < texts else "center")
            for i, label in enumerate(header)]


def minutes_paper(*, session: Session, actor: User, campaign_id: int) -> Paper:
    """Biên bản họp Hội đồng sáng kiến (landscape): members, the score table, the results, signed by the
    secretary and the chair."""
    data = _minutes_data(session, actor, campaign_id)
    campaign, council = data["campaign"], data["council"]
    identity = require_complete(session, "minutes", campaign.unit_id)
    members = list(data["members"].itertuples())
    width = 297 - 45
    score_header, score_rows = data["score_header"], data["score_rows"]
    score_columns = _widths(score_header, {0: 31, 1: 60, 2: 40, len(score_header) - 2: 18,
                                           len(score_header) - 1: 22}, width, texts=3)
    summary_header, summary_rows = _summary_rows(data)
    summary_columns = _widths(summary_header, {0: 31, 1: 68, 8: 26, 9: 28}, width, texts=2)
    body = [Text(f"{council.name} — {campaign.name}", bold=True, align="center", indent=False),
            Text("I. Thành phần Hội đồng", bold=True, indent=False)]
    body += [Text(f"- {m.full_name}: {ROLE_VI.get(m.role, m.role)}", indent=False) for m in members]
    body += [Text("II. Bảng điểm", bold=True, indent=False),
             Table(score_columns, [Row([_text(v) if i < 3 or i == len(r) - 1 else _num(v) for i, v in enumerate(r)])
                                   for r in score_rows], size=11),
             Text("III. Kết quả", bold=True, indent=False),
             Table(summary_columns, [Row([_num(v) if isinstance(v, float) else _text(v) for v in r])
                                     for r in summary_rows], size=11)]
    alpha = data["agreement"]["alpha"]
    if alpha is not None:
        body.append(Text(f"Mức độ thống nhất giữa các thành viên (Krippendorff alpha): {_num(alpha)}."))
    body.append(Text("Biên bản được lập xong và thông qua tại cuộc họp."))

    def person(role: str) -> str:
        return next((m.full_name for m in members if m.role == role), "")

    return Paper(
        parent_body=identity.parent_body, issuing_body=identity.issuing_body, place=identity.place,
        number=f"{NUMBER_BLANK}/{identity.symbol('minutes')}", date=clock.today(), kind="BIÊN BẢN",
        abstract="Họp Hội đồng sáng kiến", landscape=True, body=body, title=f"Biên bản {council.name}",
        signers=[Signer(title="THƯ KÝ", name=person("secretary")),
                 Signer(title="CHỦ TỊCH HỘI ĐỒNG", name=person("chair"))],
        recipients=["Thành viên Hội đồng;", f"Lưu: VT, {identity.symbol('minutes').split('-')[-1]}."])


def minutes_docx(*, session: Session, actor: User, campaign_id: int) -> bytes:
    """Biên bản họp Hội đồng sáng kiến as an editable .docx."""
    return render_docx(minutes_paper(session=session, actor=actor, campaign_id=campaign_id))


def minutes_pdf(*, session: Session, actor: User, campaign_id: int) -> bytes:
    """Biên bản họp Hội đồng sáng kiến as PDF."""
    return render_pdf(minutes_paper(session=session, actor=actor, campaign_id=campaign_id))


NUMBER_BLANK = "\u00a0" * 8  # the minutes are numbered by hand when the office files them

XLSX_WIDTHS = {"Mã hồ sơ": 16, "Tên sáng kiến": 48, "Thành viên chấm": 26, "Họ và tên": 30, "Vai trò": 18,
               "Kết quả": 18, "Kết luận": 12, "Số quyết định": 18}


def minutes_xlsx(*, session: Session, actor: User, campaign_id: int) -> bytes:
    """The minutes' tables as .xlsx (score table, results, members) laid out to print: A4 landscape, one page wide,
    the header row repeated, widths that show codes and titles, decimals as numbers (shown with the reader's
    decimal comma), text cells safe from formula injection."""
    data = _minutes_data(session, actor, campaign_id)
    workbook = Workbook()
    sheets = [("Bảng điểm", data["score_header"], data["score_rows"]), ("Kết quả", *_summary_rows(data)),
              ("Thành viên", ["Họ và tên", "Vai trò"],
               [[m.full_name, ROLE_VI.get(m.role, m.role)] for m in data["members"].itertuples()])]
    for index, (title, header, rows) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True, name="Times New Roman", size=12)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            for cell in ws[ws.max_row]:
                cell.font = Font(name="Times New Roman", size=12)
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
        for number, label in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(number)].width = XLSX_WIDTHS.get(label, max(10, min(18, len(label))))
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def certificate_id_for_idea(session: Session, idea_id: int) -> int | None:
    from ideas.core.models import Certificate

    return session.scalar(select(Certificate.id).join(Decision, Decision.id == Certificate.decision_id)
                          .where(Decision.idea_id == idea_id).order_by(Certificate.id.desc()).limit(1))
