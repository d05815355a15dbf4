"""Verifiable papers and the public registry of recognised initiatives (read without signing in).

Every certificate and every award list carries a short random code (models' default, e.g. "K7QF-9XPM-2D")
printed with a QR code pointing to <IDEAS_BASE_URL>/verify/<code>. A lookup shows what the paper says:
numbers, dates, scope, title, authors and units; never the essence, confidential information or contact data.
Unknown codes count against the client (ideas.accounts.throttle), so codes cannot be guessed; while a client
rests, every lookup waits, found or not, so the answer never tells a guess apart.

A paper can also be checked by its file (`verify_file`): the SHA-256 of the upload is looked up among the issued
papers (ideas.papers.issued), its signatures are validated against the configured trust list, and a file that
begins with an issued paper and was added to afterwards is named as such. A file that matches nothing counts
against the client like an unknown code. It shows the record's public fields only, as /verify/<code> does.

The registry lists recognised initiatives that declare no confidential information (their text is
searchable, so a confidential one would answer questions about its essence), paged in SQL.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ideas.accounts import throttle
from ideas.core import signing_settings
from ideas.core.clock import day_start_utc, local_date
from ideas.core.errors import DomainError, NotFound
from ideas.core.i18n import t
from ideas.core.models import (
    AwardForm,
    AwardItem,
    AwardList,
    Campaign,
    Certificate,
    Decision,
    Idea,
    IdeaAuthor,
    IssuedPaper,
    RateCounter,
    Unit,
    User,
    utcnow,
)
from ideas.core.models.review import CODE_ALPHABET, CODE_LENGTH, CONFIDENTIAL_LENGTH
from ideas.core.words import DECIDED_LIST_STATUSES, RECOGNISED, SCOPES
from ideas.filing.browse import search_words
from ideas.papers import issued, signing

BASE_URL_ENV = "IDEAS_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # an issued 500-person annex is well under 1 MB
FREE_MISSES = 10  # unknown codes per client before lookups wait 15 s, 30 s, ... up to the cap
MISS_CAP_SECONDS = 3600
PER_PAGE = 20
if TYPE_CHECKING:
    from docx.document import Document

_NOT_CODE = re.compile(f"[^{CODE_ALPHABET}]")


class TooManyLookups(DomainError, key="verify.error.too_many"):
    """This client guessed too many unknown codes; `seconds` to wait."""


def normalise(code: str | None) -> str | None:
    """The stored form of a typed or scanned code ("k7qf 9xpm2d" -> "K7QF-9XPM-2D"), None if it cannot be one."""
    raw = (code or "").upper().replace("-", "").replace(" ", "")
    if len(raw) != CODE_LENGTH or _NOT_CODE.search(raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def base_url() -> str:
    return (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def verify_url(code: str) -> str:
    """The address printed in the QR code."""
    return f"{base_url()}/verify/{code}"


def qr_png(code: str) -> bytes:
    """The QR code of `verify_url(code)` as PNG (segno, deterministic for one URL)."""
    import segno

    buffer = io.BytesIO()
    segno.make(verify_url(code), error="m", micro=False).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def add_verification(document: Document, code: str) -> None:
    """The QR code of /verify/<code> and the code in words, so the paper can be checked without signing in."""
    from docx.shared import Mm, Pt  # python-docx loads only where a paper is made, not for each public lookup

    document.add_picture(io.BytesIO(qr_png(code)), width=Mm(28))
    line = document.add_paragraph(t("docx.verify_line", "vi", code=code, url=verify_url(code)))
    line.runs[0].font.size = Pt(11)


@dataclass
class Person:
    name: str
    unit: str
    detail: str = ""  # the form of award, for a recipient


@dataclass
class Verified:
    """What a verification page shows; kind is "certificate" or "award_decision"."""

    kind: str
    code: str
    title: str
    agency: str
    decision_no: str
    decision_date: dt.date | None
    number: str = ""  # the certificate's own number
    issued_on: dt.date | None = None
    scope: str | None = None
    unit: str = ""
    signer_title: str = ""
    people: list[Person] = field(default_factory=list)


# ---------------------------------------------------------------- lookups


def _rule(client: str) -> throttle.Rule:
    # Loopback counts too (unlike sign-in): only misses count, so a shared address costs honest readers little.
    return throttle.Rule(f"v:{(client or '-')[:100]}", FREE_MISSES, MISS_CAP_SECONDS)


def _resting(session: Session, rule: throttle.Rule) -> int:
    blocked = session.scalar(select(RateCounter.blocked_until).where(RateCounter.key == rule.key))
    now = utcnow()
    return max(1, int((blocked - now).total_seconds() + 0.999)) if blocked and blocked > now else 0


def verify(*, session: Session, code: str, client: str) -> Verified:
    """The certificate or approved award decision with this code; NotFound (counted) or TooManyLookups.

    The caller commits even when NotFound is raised, so that the miss stays counted.
    """
    rule = _rule(client)
    wait = _resting(session, rule)
    if wait:
        raise TooManyLookups(seconds=wait)
    normal = normalise(code)
    found = (_certificate(session, normal) or _award_decision(session, normal)) if normal else None
    if found is None:
        throttle.wait_or_count(session, [rule])
        raise NotFound("verify.error.not_found")
    return found


def _authors(session: Session, idea_id: int) -> list[Person]:
    rows = session.execute(select(User.full_name, Unit.name).join(IdeaAuthor, IdeaAuthor.user_id == User.id)
                           .outerjoin(Unit, Unit.id == User.unit_id).where(IdeaAuthor.idea_id == idea_id)
                           .order_by(IdeaAuthor.position))
    return [Person(name, unit or "") for name, unit in rows]


def _certificate(session: Session, code: str) -> Verified | None:
    row = session.execute(select(Certificate, Decision, Idea).join(Decision, Decision.id == Certificate.decision_id)
                          .join(Idea, Idea.id == Decision.idea_id)
                          .where(Certificate.verification_code == code)).first()
    if row is None:
        return None
    certificate, decision, idea = row
    idea_unit = session.scalar(select(Unit.name).where(Unit.id == idea.unit_id)) or ""
    agency = idea_unit
    if decision.campaign_id:  # the certificate's issuer, as on the docx
        agency = session.scalar(select(Unit.name).join(Campaign, Campaign.unit_id == Unit.id)
                                .where(Campaign.id == decision.campaign_id)) or idea_unit
    return Verified(kind="certificate", code=code, title=idea.title, agency=agency, decision_no=decision.number,
                    decision_date=decision.decided_on, number=certificate.number, issued_on=certificate.issued_on,
                    scope=decision.scope or idea.scope or "unit", unit=idea_unit,
                    people=_authors(session, idea.id))


def _award_decision(session: Session, code: str) -> Verified | None:
    award_list = session.scalar(select(AwardList).where(AwardList.verification_code == code,
                                                        AwardList.status.in_(DECIDED_LIST_STATUSES)))
    if award_list is None:
        return None
    unit = session.scalar(select(Unit.name).where(Unit.id == award_list.unit_id)) if award_list.unit_id else None
    rows = session.execute(
        select(AwardItem.display_name, AwardItem.position_unit, AwardForm.name_vi)
        .join(AwardForm, AwardForm.id == AwardItem.award_form_id).where(AwardItem.list_id == award_list.id)
        .order_by(AwardItem.recipient_kind, AwardItem.position))
    return Verified(kind="award_decision", code=code, title=award_list.title,
                    agency=award_list.agency_name or unit or "", decision_no=award_list.decision_no or "",
                    decision_date=award_list.decision_date, unit=unit or "", signer_title=award_list.signer_title or "",
                    people=[Person(name, position_unit or "", form) for name, position_unit, form in rows])


# ---------------------------------------------------------------- verification by file


@dataclass
class FileCheck:
    """What an uploaded PDF is.

    verdict: "exact" (byte for byte an issued, signed paper), "draft" (an unsigned draft the system produced),
    "changed" (an issued paper with something added after it was issued), "unknown" (no issued paper).
    """

    verdict: str
    found: Verified | None
    signatures: list[signing.SignatureCheck]
    sha256: str
    issued_at: dt.datetime | None = None


class BadUpload(DomainError, key="papers_trust.verify.not_pdf"):
    """Not a PDF, empty or too large."""


def _revision_ends(data: bytes) -> list[int]:
    """Where each revision of the PDF ends (after each %%EOF and its line break), last first, excluding the whole."""
    ends = []
    for match in re.finditer(rb"%%EOF(\r\n|\r|\n)?", data):
        if match.end() < len(data):
            ends.append(match.end())
    return sorted(set(ends), reverse=True)


def _record(session: Session, paper: IssuedPaper) -> Verified | None:
    code = paper.verification_code
    if not code:
        return None
    return _certificate(session, code) if paper.kind != "award_decision" else _award_decision(session, code)


def verify_file(*, session: Session, data: bytes, client: str) -> FileCheck:
    """The issued paper this PDF is (or contains), and its signatures; BadUpload, TooManyLookups.

    A file that matches no issued paper counts against the client (the caller commits, as for `verify`).
    """
    rule = _rule(client)
    wait = _resting(session, rule)
    if wait:
        raise TooManyLookups(seconds=wait)
    if not data or len(data) > MAX_UPLOAD_BYTES or not data.lstrip()[:5] == b"%PDF-":
        throttle.wait_or_count(session, [rule])
        raise BadUpload(most=MAX_UPLOAD_BYTES // (1024 * 1024))
    roots, others = signing.trust_roots(signing_settings.load(session))
    signatures = signing.inspect_signatures(data, roots, others) or []
    digest = issued.sha256(data)
    paper = issued.by_hash(session, digest)
    verdict = "exact" if paper is not None and paper.status == issued.ISSUED else "draft" if paper else "unknown"
    if paper is None:
        for end in _revision_ends(data):
            earlier = issued.by_hash(session, issued.sha256(data[:end]))
            if earlier is not None:
                paper, verdict = earlier, "changed"
                break
    if paper is None:
        throttle.wait_or_count(session, [rule])
        return FileCheck(verdict="unknown", found=None, signatures=signatures, sha256=digest)
    return FileCheck(verdict=verdict, found=_record(session, paper), signatures=signatures, sha256=digest,
                     issued_at=paper.issued_at)


# ---------------------------------------------------------------- the public registry


@dataclass
class RegistryRow:
    title: str
    unit: str
    scope: str
    decision_no: str
    decision_date: dt.date | None
    code: str | None  # the certificate's verification code, if one was issued
    authors: list[str]


@dataclass
class RegistryPage:
    rows: list[RegistryRow]
    total: int
    page: int
    pages: int


def _public() -> ColumnElement:
    """Recognised and declaring nothing confidential, written as ix_ideas_registry's columns."""
    return (Idea.status == RECOGNISED) & (CONFIDENTIAL_LENGTH == 0)


def registry(session: Session, *, text: str | None = None, unit_id: int | None = None, year: int | None = None,
             scope: str | None = None, page: int = 1, per_page: int = PER_PAGE) -> RegistryPage:
    """One page of recognised, non-confidential initiatives, newest decision first, and the total."""
    conditions = []
    if unit_id is not None:
        path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or "\x00"
        conditions.append(Idea.unit_id.in_(select(Unit.id).where(Unit.path.startswith(path, autoescape=True))))
    if year is not None:
        conditions += [Idea.decided_at >= day_start_utc(dt.date(year, 1, 1)),
                       Idea.decided_at < day_start_utc(dt.date(year + 1, 1, 1))]
    if scope in SCOPES:
        conditions.append(Idea.scope == scope)
    for word in search_words(text):  # the browse page's accent-free search, on the same folded text
        conditions.append(Idea.search_text.contains(word, autoescape=True))
    # Recognised minus those declaring confidential information: both counts read an index alone on both
    # databases (PostgreSQL never scans an expression index "index-only", so counting the public rows
    # directly visited every recognised row).
    recognised = select(func.count()).select_from(Idea).where(Idea.status == RECOGNISED, *conditions)
    total = (session.scalar(recognised) or 0) - (session.scalar(recognised.where(CONFIDENTIAL_LENGTH > 0)) or 0)
    conditions.append(_public())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    unit_name = select(Unit.name).where(Unit.id == Idea.unit_id).scalar_subquery()
    ideas = session.execute(select(Idea.id, Idea.title, Idea.scope, unit_name.label("unit")).where(*conditions)
                            .order_by(Idea.decided_at.desc(), Idea.id.desc())
                            .limit(per_page).offset((page - 1) * per_page)).all()
    ids = [row.id for row in ideas]
    latest: dict[int, tuple] = {}
    for idea_id, number, decided_on, scope_, code in session.execute(
            select(Decision.idea_id, Decision.number, Decision.decided_on, Decision.scope,
                   Certificate.verification_code)
            .outerjoin(Certificate, Certificate.decision_id == Decision.id)
            .where(Decision.idea_id.in_(ids), Decision.outcome == RECOGNISED)
            .order_by(Decision.decided_on, Decision.id)):
        latest[idea_id] = (number, decided_on, scope_, code)  # the last one wins: the highest recognition
    authors: dict[int, list[str]] = {}
    for idea_id, name in session.execute(
            select(IdeaAuthor.idea_id, User.full_name).join(User, User.id == IdeaAuthor.user_id)
            .where(IdeaAuthor.idea_id.in_(ids)).order_by(IdeaAuthor.idea_id, IdeaAuthor.position)):
        authors.setdefault(idea_id, []).append(name)
    rows = []
    for row in ideas:
        number, decided_on, decision_scope, code = latest.get(row.id, ("", None, None, None))
        rows.append(RegistryRow(title=row.title, unit=row.unit or "", scope=row.scope or decision_scope or "unit",
                                decision_no=number, decision_date=decided_on, code=code,
                                authors=authors.get(row.id, [])))
    return RegistryPage(rows=rows, total=total, page=page, pages=pages)


def registry_units(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the units with recognised initiatives, in tree order (the unit filter).

    A unit whose only recognised initiatives are confidential is listed too (and shows none): that reveals
    no more than its public certificates do, and lets PostgreSQL read the (status, unit) index alone.
    """
    having = select(Idea.unit_id).where(Idea.status == RECOGNISED).distinct()
    return list(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(having)).order_by(Unit.path)).all())


def registry_years(session: Session) -> list[int]:
    """Years from the first to the last recognition in the registry, newest first (Vietnam calendar)."""
    first, last = session.execute(select(func.min(Idea.decided_at), func.max(Idea.decided_at))
                                  .where(Idea.status == RECOGNISED)).one()  # two index probes
    if first is None:
        return []
    return list(range(local_date(last).year, local_date(first).year - 1, -1))
