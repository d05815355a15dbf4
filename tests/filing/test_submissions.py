"""Drafts, submission checks, co-author shares, receipt numbers (also under 20 concurrent submits), receipt DOCX."""
from __future__ import annotations

import datetime as dt
import io
import threading

import docx
import pytest
from sqlalchemy import select

from ideas.core import clock
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import error_text
from ideas.core.models import Idea, IdeaAuthor, Notification, User
from ideas.filing import coauthors, form, ideas_mine_view, ideas_submit_view, lifecycle, submissions
from ideas.papers.receipts import receipt_docx
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import complete_input, make_campaign, make_draft, person
from tests.support.factories.papers import complete_identity


def test_add_months_clamps_to_month_end():
    assert clock.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert clock.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert clock.add_months(dt.date(2026, 3, 15), 3) == dt.date(2026, 6, 15)


def test_draft_needs_only_a_title_and_keeps_search_text(session):
    owner = person(session, unit=make_unit(session))
    with pytest.raises(ValidationError) as caught:
        submissions.save_draft(session=session, actor=owner, data=form.IdeaInput(title="  "))
    assert error_text(caught.value, "vi") == "Trường «Tên sáng kiến» không được để trống."
    idea = submissions.save_draft(session=session, actor=owner,
                                  data=form.IdeaInput(title="Cải cách Thủ tục", essence="Đơn giản hoá"))
    assert idea.status == "draft" and idea.unit_id == owner.unit_id
    assert idea.search_text == "cai cach thu tuc don gian hoa"
    assert [(a.user_id, a.share) for a in idea.authors] == [(owner.id, 100)]


def test_shares_must_total_100(session):
    unit = make_unit(session)
    owner, co = person(session, unit=unit), person(session, unit=unit)
    campaign = make_campaign(session)
    idea = make_draft(session, owner=owner, campaign=campaign, authors=[(owner.id, 60), (co.id, 30)])
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert caught.value.key == "ideas.error.shares_total"
    assert error_text(caught.value) == "Tổng tỷ lệ đóng góp phải bằng 100% (hiện là 90%)"
    submissions.save_draft(session=session, actor=owner, idea_id=idea.id,
                           data=complete_input(campaign=campaign, authors=[(owner.id, 60), (co.id, 40)]))
    coauthors.respond(session=session, actor=co, idea_id=idea.id, accept=True)
    filed = submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert filed.status == "submitted" and filed.receipt_no.startswith(f"SK-{clock.today().year}-")
    notes = session.scalars(select(Notification.message_key).where(Notification.user_id == co.id)
                            .order_by(Notification.id))
    assert list(notes) == ["ideas.notify.coauthor_invited", "ideas.notify.submitted"]


@pytest.mark.parametrize("authors,key", [
    ("dup", "ideas.submit.error.duplicate_author"),
    ("zero", "ideas.submit.error.share_positive"),
    ("no_owner", "ideas.submit.error.owner_not_author"),
])
def test_bad_author_lists_refused(session, authors, key):
    unit = make_unit(session)
    owner, co = person(session, unit=unit), person(session, unit=unit)
    lists = {"dup": [(owner.id, 50), (co.id, 25), (co.id, 25)], "zero": [(owner.id, 100), (co.id, 0)],
             "no_owner": [(co.id, 100)]}
    with pytest.raises(ValidationError) as caught:
        make_draft(session, owner=owner, authors=lists[authors])
    assert caught.value.key == key


def test_negative_benefit_refused(session):
    owner = person(session, unit=make_unit(session))
    data = complete_input()
    data.hours_saved = -1
    with pytest.raises(ValidationError) as caught:
        submissions.save_draft(session=session, actor=owner, data=data)
    assert caught.value.key == "ideas.submit.error.negative"


def test_submit_requires_essence_and_par(session):
    owner = person(session, unit=make_unit(session))
    campaign = make_campaign(session)
    data = complete_input(campaign=campaign)
    data.par_codes = []
    idea = submissions.save_draft(session=session, actor=owner, data=data)
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert caught.value.key == "ideas.submit.error.par_required"
    data.par_codes, data.essence = ["PAR3"], ""
    submissions.save_draft(session=session, actor=owner, data=data, idea_id=idea.id)
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert caught.value.key == "ideas.submit.error.essence_required"


def test_only_authors_edit_and_only_in_draft_or_returned(session):
    unit = make_unit(session)
    owner, co, stranger = (person(session, unit=unit) for _ in range(3))
    campaign = make_campaign(session)
    idea = make_draft(session, owner=owner, campaign=campaign, authors=[(owner.id, 50), (co.id, 50)])
    with pytest.raises(PermissionDenied):
        submissions.save_draft(session=session, actor=stranger, idea_id=idea.id, data=complete_input())
    submissions.save_draft(session=session, actor=co, idea_id=idea.id,
                           data=complete_input(campaign=campaign, authors=[(owner.id, 50), (co.id, 50)],
                                               title="Tên mới"))
    coauthors.respond(session=session, actor=co, idea_id=idea.id, accept=True)
    submissions.submit(session=session, actor=co, idea_id=idea.id)
    with pytest.raises(ValidationError) as caught:
        submissions.save_draft(session=session, actor=owner, idea_id=idea.id, data=complete_input())
    assert caught.value.key == "ideas.submit.error.not_editable"


def test_return_resubmit_keeps_receipt_and_withdraw(session):
    owner = person(session, unit=make_unit(session))
    secretary = person(session, roles=[("secretary", None)])
    idea = make_draft(session, owner=owner, campaign=make_campaign(session))
    submissions.submit(session=session, actor=owner, idea_id=idea.id)
    number = idea.receipt_no
    lifecycle.transition(session=session, idea=idea, to="returned", actor=secretary, reason="Thiếu số liệu")
    frame = ideas_mine_view.my_ideas(session, user=owner)
    assert frame.loc[0, "return_reason"] == "Thiếu số liệu"
    submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert idea.receipt_no == number and idea.status == "submitted"
    with pytest.raises(PermissionDenied):
        submissions.withdraw(session=session, actor=secretary, idea_id=idea.id)
    submissions.withdraw(session=session, actor=owner, idea_id=idea.id)
    assert idea.status == "withdrawn"
    with pytest.raises(ValidationError):
        submissions.withdraw(session=session, actor=owner, idea_id=idea.id)


def test_my_ideas_lists_owned_and_coauthored(session):
    unit = make_unit(session)
    owner, co, other = (person(session, unit=unit) for _ in range(3))
    make_draft(session, owner=owner, authors=[(owner.id, 70), (co.id, 30)], title="Chung")
    make_draft(session, owner=other, title="Khác")
    assert list(ideas_mine_view.my_ideas(session, user=co)["title"]) == ["Chung"]
    frame = ideas_mine_view.my_ideas(session, user=owner)
    assert list(frame["title"]) == ["Chung"] and bool(frame.loc[0, "is_owner"])


def test_receipt_docx_has_number_title_authors_due_date(session):
    unit = make_unit(session, name="Sở Nội vụ")
    owner = person(session, unit=unit, full_name="Trần Thị Hoa")
    idea = make_draft(session, owner=owner, campaign=make_campaign(session))
    submissions.submit(session=session, actor=owner, idea_id=idea.id)
    complete_identity(session)
    document = docx.Document(io.BytesIO(receipt_docx(session, actor=owner, idea_id=idea.id)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert "PHIẾU TIẾP NHẬN" in text and idea.title in text
    assert idea.receipt_no in cells + text
    assert "Thời hạn trả lời" in text and idea.decision_due_on.strftime("%d/%m/%Y") in text
    assert "Trần Thị Hoa" in cells and "100%" in cells
    stranger = person(session, unit=unit)
    with pytest.raises(PermissionDenied):
        receipt_docx(session, actor=stranger, idea_id=idea.id)


def test_the_receipt_heads_with_the_identity_and_is_refused_while_it_is_a_placeholder(session):
    from ideas.core.i18n import error_text
    from ideas.papers.identity import IdentityIncomplete

    owner = person(session, unit=make_unit(session, name="Sở Nội vụ"))
    idea = make_draft(session, owner=owner, campaign=make_campaign(session))
    submissions.submit(session=session, actor=owner, idea_id=idea.id)
    with pytest.raises(IdentityIncomplete) as refused:  # the shipped "UỶ BAN NHÂN DÂN TỈNH" / "Tỉnh"
        receipt_docx(session, actor=owner, idea_id=idea.id)
    message = error_text(refused.value, "vi")
    assert "Cơ quan ban hành" in message and "Địa danh" in message and "/admin_settings" in message
    complete_identity(session)
    document = docx.Document(io.BytesIO(receipt_docx(session, actor=owner, idea_id=idea.id)))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text][:2] == ["ỦY BAN NHÂN DÂN TỈNH AN HÒA",
                                                              "HỘI ĐỒNG SÁNG KIẾN TỈNH"]
    assert right.paragraphs[-1].text.startswith("An Hòa, ngày ")  # the place name on the date line


def test_twenty_concurrent_submits_get_distinct_consecutive_numbers(db):
    with db.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s)
        owners = [person(s, unit=unit) for _ in range(20)]
        ideas = [make_draft(s, owner=o, campaign=campaign).id for o in owners]
        owner_ids = [o.id for o in owners]
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def worker(owner_id: int, idea_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            with db.session() as s:
                actor = s.get(User, owner_id)
                submissions.submit(session=s, actor=actor, idea_id=idea_id)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=pair) for pair in zip(owner_ids, ideas, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with db.read_session() as s:
        seqs = sorted(s.scalars(select(Idea.receipt_seq).where(Idea.id.in_(ideas))))
        assert seqs == list(range(1, 21))
        assert s.scalar(select(IdeaAuthor.id).limit(1)) is not None


def test_a_stale_form_is_refused(session):
    from ideas.core.errors import ConcurrentUpdate

    unit = make_unit(session)
    owner, co = person(session, unit=unit), person(session, unit=unit)
    idea = make_draft(session, owner=owner, authors=[(owner.id, 50), (co.id, 50)])
    mine, _ = ideas_submit_view.form_values(session, actor=owner, idea_id=idea.id)
    theirs, _ = ideas_submit_view.form_values(session, actor=co, idea_id=idea.id)
    theirs.title = "Sửa bởi đồng tác giả"
    submissions.save_draft(session=session, actor=co, data=theirs, idea_id=idea.id)
    mine.title = "Sửa bởi chủ hồ sơ"
    with pytest.raises(ConcurrentUpdate):
        submissions.save_draft(session=session, actor=owner, data=mine, idea_id=idea.id)
    fresh, _ = ideas_submit_view.form_values(session, actor=owner, idea_id=idea.id)
    assert fresh.title == "Sửa bởi đồng tác giả"
    fresh.title = "Sửa bởi chủ hồ sơ"
    assert submissions.save_draft(session=session, actor=owner, data=fresh, idea_id=idea.id).title == fresh.title
