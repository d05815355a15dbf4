"""Verification codes (model default, shape, migration backfill), lookups with their limit, the registry, QR in docx."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import segno
from alembic import command
from docx import Document
from sqlalchemy import text

from ideas.core.db import Database
from ideas.core.errors import NotFound
from ideas.core.migrate import alembic_config, upgrade
from ideas.core.models import AwardList, Certificate, Idea
from ideas.core.models.review import CODE_ALPHABET, new_verification_code
from ideas.core.permissions import SYSTEM
from ideas.papers import verification
from ideas.papers.paper import verification_block
from ideas.review import documents
from ideas.rewards import exports
from tests.support.database import create_database
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import certified, decided_by_council, make_campaign
from tests.support.factories.rewards import make_approved_title

CODE_SHAPE = re.compile(f"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{2}}$")


def test_every_new_certificate_and_award_list_gets_a_distinct_readable_code(session):
    _, _, certificate = certified(session)
    award_list = make_approved_title(session, user=make_user(session), code="CSTD_CS", year=2025)
    codes = {certificate.verification_code, session.get(AwardList, award_list.list_id).verification_code}
    assert len(codes) == 2 and all(CODE_SHAPE.match(code) for code in codes)
    assert len({new_verification_code() for _ in range(2000)}) == 2000


@pytest.mark.parametrize("typed, stored", [("k7qf9xpm2d", "K7QF-9XPM-2D"), (" K7QF-9XPM-2D", "K7QF-9XPM-2D"),
                                           ("K7QF 9XPM 2D", "K7QF-9XPM-2D"), ("K7QF-9XPM-2", None),
                                           ("O7QF-9XPM-2D", None), ("<script>", None), ("", None)])
def test_typed_codes_are_normalised_or_refused(typed, stored):
    assert verification.normalise(typed) == stored


def test_a_certificate_code_shows_the_decision_the_authors_and_their_units(session):
    unit = make_unit(session, name="Sở Tư pháp")
    other = make_unit(session, name="UBND huyện Phú Lộc")
    authors = [make_user(session, unit=unit, full_name="Trần Văn Bình"), make_user(session, unit=other,
                                                                                  full_name="Hồ Thị Cúc")]
    idea, decision, certificate = certified(session, unit=unit, authors=authors, scope="provincial",
                                            confidential="Mật khẩu máy chủ")
    found = verification.verify(session=session, code=certificate.verification_code.lower().replace("-", ""),
                                client="203.0.113.5")
    assert (found.kind, found.number, found.decision_no, found.decision_date, found.scope, found.title) == (
        "certificate", certificate.number, decision.number, dt.date(2026, 3, 2), "provincial", idea.title)
    assert [(p.name, p.unit) for p in found.people] == [("Trần Văn Bình", "Sở Tư pháp"),
                                                        ("Hồ Thị Cúc", "UBND huyện Phú Lộc")]
    assert "Mật khẩu" not in repr(found)


def test_an_award_decision_verifies_only_once_approved(session):
    item = make_approved_title(session, user=make_user(session, full_name="Võ Minh Đức"), code="CSTD_CS",
                               year=2025)
    award_list = session.get(AwardList, item.list_id)
    found = verification.verify(session=session, code=award_list.verification_code, client="203.0.113.6")
    assert (found.kind, found.decision_no, found.decision_date) == ("award_decision", award_list.decision_no,
                                                                     dt.date(2025, 12, 1))
    assert [p.name for p in found.people] == ["Võ Minh Đức"] and found.people[0].detail
    award_list.status = "draft"
    session.flush()
    with pytest.raises(NotFound):
        verification.verify(session=session, code=award_list.verification_code, client="203.0.113.6")


def test_unknown_codes_are_limited_per_client_and_a_resting_client_learns_nothing(session):
    _, _, certificate = certified(session)
    for _ in range(verification.FREE_MISSES):
        with pytest.raises(NotFound):
            verification.verify(session=session, code=new_verification_code(), client="198.51.100.7")
    with pytest.raises(verification.TooManyLookups) as resting:
        verification.verify(session=session, code=certificate.verification_code, client="198.51.100.7")
    assert resting.value.params["seconds"] > 0
    with pytest.raises(verification.TooManyLookups):
        verification.verify(session=session, code="garbage", client="198.51.100.7")
    # another client is not slowed by this one
    assert verification.verify(session=session, code=certificate.verification_code, client="198.51.100.8")


def test_registry_lists_recognised_non_confidential_ideas_with_search_filters_and_paging(session):
    district = make_unit(session, name="UBND huyện Nam Đông")
    commune = make_unit(session, name="UBND xã Hương Phú", parent=district)
    elsewhere = make_unit(session, name="Sở Y tế")
    certified(session, title="Số hóa hồ sơ hộ tịch", unit=commune, decided_on=dt.date(2025, 5, 1))
    certified(session, title="Cắt giảm báo cáo định kỳ", unit=elsewhere, decided_on=dt.date(2026, 2, 1),
              scope="provincial")
    certified(session, title="Chữ ký số nội bộ", unit=district, confidential="Sơ đồ mạng nội bộ")
    make_campaign(session)  # noise
    draft = Idea(unit_id=district.id, owner_id=make_user(session).id, title="Bản nháp", status="draft")
    session.add(draft)
    session.flush()

    every = verification.registry(session)
    assert [row.title for row in every.rows] == ["Cắt giảm báo cáo định kỳ", "Số hóa hồ sơ hộ tịch"]
    assert every.total == 2 and every.rows[0].code and every.rows[0].authors == ["Lê Thị Mai"]
    assert [r.title for r in verification.registry(session, text="HO TICH").rows] == ["Số hóa hồ sơ hộ tịch"]
    assert [r.title for r in verification.registry(session, unit_id=district.id).rows] == ["Số hóa hồ sơ hộ tịch"]
    assert verification.registry(session, unit_id=district.id).total == 1  # its confidential one is not counted
    assert [r.title for r in verification.registry(session, year=2026).rows] == ["Cắt giảm báo cáo định kỳ"]
    assert [r.title for r in verification.registry(session, scope="provincial").rows] == ["Cắt giảm báo cáo định kỳ"]
    assert verification.registry(session, text="100%_").total == 0
    second = verification.registry(session, per_page=1, page=2)
    assert (second.page, second.pages, [r.title for r in second.rows]) == (2, 2, ["Số hóa hồ sơ hộ tịch"])
    assert verification.registry(session, per_page=1, page=99).page == 2
    assert verification.registry_years(session) == [2026, 2025]
    names = [name for _, name in verification.registry_units(session)]
    # the district only has a confidential one; tree order: the commune right after its district (siblings
    # follow their paths, i.e. their ids as text, which other tests' units shift)
    assert sorted(names) == sorted(["UBND huyện Nam Đông", "UBND xã Hương Phú", "Sở Y tế"])
    assert names.index("UBND xã Hương Phú") == names.index("UBND huyện Nam Đông") + 1


def _pictures(data: bytes) -> list[bytes]:
    document = Document(io.BytesIO(data))
    return [part.blob for part in document.part.related_parts.values() if part.content_type == "image/png"]


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_certificate_docx_carries_the_qr_of_its_verify_url_and_the_code(session):
    data = decided_by_council(session)
    complete_identity(session, public_url="https://sangkien.example.gov.vn/")  # the address is the identity's
    certificate = session.get(Certificate, documents.certificate_id_for_idea(session, data["idea"].id))
    code = certificate.verification_code
    docx = documents.certificate_docx(session=session, actor=data["chair"], certificate_id=certificate.id)
    url = f"https://sangkien.example.gov.vn/verify/{code}"
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="png", scale=6, border=2)
    assert _pictures(docx) == [expected.getvalue()]
    assert code in _text(docx) and url in _text(docx)


def test_award_annex_has_the_qr_once_approved_and_none_as_a_draft(session):
    complete_identity(session)
    item = make_approved_title(session, user=make_user(session), code="CSTD_CS", year=2025)
    award_list = session.get(AwardList, item.list_id)
    docx = exports.export(session, actor=SYSTEM, list_id=award_list.id, fmt="docx")
    assert _pictures(docx) == [verification_block("https://sangkien.anhoa.gov.vn", award_list.verification_code).png]
    assert award_list.verification_code in _text(docx)
    award_list.status = "draft"
    session.flush()
    assert _pictures(exports.export(session, actor=SYSTEM, list_id=award_list.id, fmt="docx")) == []


def test_the_migration_backfills_codes_for_rows_made_before_it(tmp_path):
    url, drop = create_database(__import__("os").environ.get("TEST_DATABASE_URL", "sqlite://"), tmp_path)
    database = Database(url)
    try:
        upgrade(database)
        with database.session() as s:
            certified(s)
            make_approved_title(s, user=make_user(s), code="CSTD_CS", year=2025)
        with database.engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0003_verify-1")  # the revision before this one
            assert connection.execute(text("SELECT count(*) FROM award_items")).scalar() == 1
            command.upgrade(config, "head")
        with database.engine.connect() as connection:
            codes = [code for table in ("certificates", "award_lists")
                     for code in connection.execute(text(f"SELECT verification_code FROM {table}")).scalars()]
            assert connection.execute(text("SELECT count(*) FROM award_items")).scalar() == 1
        assert len(codes) == 2 and all(CODE_SHAPE.match(code) for code in codes)
    finally:
        database.dispose()
        drop()
