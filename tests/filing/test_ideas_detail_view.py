"""The idea page's read model without AppTest: header figures, tab keys, attachment lines and download."""
from __future__ import annotations

import pytest

from ideas.core.errors import DomainError
from ideas.core.models import Attachment
from ideas.filing import ideas_detail_view
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person


def _attach(session, idea, content: bytes, name: str = "ho-so.pdf") -> int:
    row = Attachment(idea_id=idea.id, filename=name, mime="application/pdf", size=len(content), sha256="0" * 64,
                     content=content, uploaded_by=idea.owner_id)
    session.add(row)
    session.flush()
    return row.id


def test_no_id_gives_no_page(session):
    owner = person(session, unit=make_unit(session))
    assert ideas_detail_view.detail_view(session=session, actor=owner, idea_id=None) is None


def test_header_figures_and_attachment_line_are_translated(session):
    owner = person(session, unit=make_unit(session))
    idea = make_idea(session, owner=owner, title="Một cửa")
    _attach(session, idea, b"%PDF" * 1000)
    page = ideas_detail_view.detail_view(session=session, actor=owner, idea_id=str(idea.id), lang="vi")
    assert page.metrics == [("Trạng thái", page.status_label), ("Số tiếp nhận", idea.receipt_no),
                            ("Ủng hộ", 0), ("Bình luận", 0)]
    assert page.status_label == "Đã nộp"
    assert [a.label for a in page.attachments] == ["ho-so.pdf (3 KB)"]
    english = ideas_detail_view.detail_view(session=session, actor=owner, idea_id=idea.id, lang="en")
    assert [label for label, _ in english.metrics][0] == "Status"


def test_a_draft_has_a_dash_for_its_receipt_number(session):
    owner = person(session, unit=make_unit(session))
    idea = make_idea(session, owner=owner, status="draft")
    page = ideas_detail_view.detail_view(session=session, actor=owner, idea_id=idea.id)
    assert page.metrics[1][1] == "—"
    assert len(ideas_detail_view.TAB_KEYS) == 7 and "detail.tab.comments" in ideas_detail_view.TAB_KEYS


def test_attachment_bytes_checks_who_reads(db):
    with db.session() as s:
        owner = person(s, unit=make_unit(s, name="Xã A"))
        stranger = person(s, unit=make_unit(s, name="Xã B"))
        idea = make_idea(s, owner=owner, status="draft")
        attachment_id = _attach(s, idea, b"noi dung")
        ids = owner.id, stranger.id
    assert ideas_detail_view.attachment_bytes(db, user_id=ids[0], attachment_id=attachment_id) == b"noi dung"
    with pytest.raises(DomainError):
        ideas_detail_view.attachment_bytes(db, user_id=ids[1], attachment_id=attachment_id)


def test_tables_are_text_under_their_labels_with_blanks_for_missing_values():
    """What st.dataframe draws: the chosen columns under translated labels, None/NaN/NaT as '' (never 'None'),
    mixed values as text; no rows: the labels with columns of no type (as an empty DataFrame gave)."""
    import pandas as pd
    import pyarrow as pa

    columns = {"at": "detail.history.at", "reason": "detail.history.reason"}
    rows = [{"at": "01/02/2026 08:00", "reason": None, "other": "not shown"},
            {"at": "02/02/2026 09:30", "reason": float("nan")}, {"at": pd.NaT, "reason": "Thiếu hồ sơ"}]
    table = ideas_detail_view._table(rows, columns, "vi")
    assert table.column_names == ["Thời điểm", "Lý do"]
    assert table.to_pydict() == {"Thời điểm": ["01/02/2026 08:00", "02/02/2026 09:30", ""],
                                 "Lý do": ["", "", "Thiếu hồ sơ"]}
    assert table.schema.types == [pa.string(), pa.string()]
    frame = pd.DataFrame(rows)
    assert ideas_detail_view._table(frame, columns, "vi").equals(table)
    mixed = ideas_detail_view._table([{"at": 1, "reason": "a"}, {"at": "x", "reason": "b"}], columns, "vi")
    assert mixed.column("Thời điểm").to_pylist() == ["1", "x"]
    empty = ideas_detail_view._table([], columns, "vi")
    assert (empty.num_rows, empty.column_names, empty.schema.types) == (0, ["Thời điểm", "Lý do"],
                                                                         [pa.null(), pa.null()])


def test_units_for_a_replication_only_while_the_idea_may_be_replicated(session):
    from tests.support.factories.accounts import make_user

    unit = make_unit(session)
    other = make_unit(session)
    owner = person(session, unit=unit)
    anywhere = make_user(session, unit=unit, roles=[("staff", None)])  # may record a replication for any unit
    submitted = make_idea(session, owner=owner, status="submitted")
    recognised = make_idea(session, owner=owner, status="recognised")
    assert ideas_detail_view.detail_view(session=session, actor=anywhere, idea_id=submitted.id).replication_units == {}
    page = ideas_detail_view.detail_view(session=session, actor=anywhere, idea_id=recognised.id)
    assert page.replicable and other.id in page.replication_units and unit.id not in page.replication_units
    assert ideas_detail_view.detail_view(session=session, actor=owner, idea_id=recognised.id).replication_units == {}
