"""Papers factories: a complete organisation identity (the demo province's by default), small PDFs made in the test
(one A4 page per text, Helvetica) and the signing settings of a test PKI."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core import signing_settings
from ideas.core.permissions import SYSTEM
from ideas.papers.identity import KINDS, Identity, save_identity

SIGNERS = {"receipt": {"authority": "", "title": "Thư ký Hội đồng sáng kiến", "name": "Lê Thị Thư"},
           "certificate": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Văn Chủ"},
           "recognition": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Văn Chủ"},
           "award": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Phạm Minh Đức"}}


def identity_values(**over: object) -> dict:
    values = {"parent_body": "Ủy ban nhân dân tỉnh An Hòa", "issuing_body": "Hội đồng sáng kiến tỉnh",
              "place": "An Hòa", "public_url": "https://sangkien.anhoa.gov.vn",
              "symbols": {kind: symbol for kind, symbol in
                          zip(KINDS, ("PTN-HĐSK", "BB-HĐSK", "GCN-HĐSK", "QĐ-HĐSK", "QĐ-UBND"), strict=True)},
              "signers": SIGNERS}
    values.update(over)
    return values


def complete_identity(session: Session, *, unit_id: int | None = None, **over: object) -> Identity:
    """Save an identity with every field filled (the province's, or `unit_id`'s own)."""
    return save_identity(session=session, actor=SYSTEM, values=identity_values(**over), unit_id=unit_id)


def tiny_pdf(*texts: str) -> bytes:
    """A valid A4 PDF with one page per text (ASCII), written by hand so no PDF library is needed to make it."""
    texts = texts or ("Giay chung nhan sang kien (thu)",)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for text in texts:
        stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def configure_signing(session: Session, **values: object) -> None:
    """Save signing settings as the operator would (keys without the "signing." prefix, dots as written)."""
    signing_settings.save(session=session, actor=SYSTEM, values={f"signing.{k}": v for k, v in values.items()})


def ready_for_decision(s: Session, *, title: str = "Sổ tay một cửa điện tử") -> dict:
    """An idea screened, scored and voted for, one step before decisions.decide (as decided_by_council, unsent)."""
    from sqlalchemy import select

    from ideas.core.models import CouncilMember
    from ideas.review import scoring
    from ideas.review.votes import record_votes
    from tests.support.factories.accounts import make_unit, make_user
    from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea

    unit = make_unit(s, name="Sở Khoa học và Công nghệ")
    campaign = make_campaign(s, unit=unit)
    council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2)
    author = make_user(s, unit=unit, full_name="Đinh Thị Hoa")  # signs in on AppTest pages
    idea = make_idea(s, campaign=campaign, unit=unit, owner=author, title=title)
    chair = people["chair"][0]
    scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    for reviewer in [chair, *people["member"]]:
        scoring.score(session=s, actor=reviewer, idea_id=idea.id, points=full_scores((25, 15, 25, 15)),
                      verdict="meets")
    members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)).all()
    record_votes(session=s, actor=chair, idea_id=idea.id, votes={m.id: "for" for m in members})
    return {"idea": idea, "campaign": campaign, "chair": chair, "author": author}
