"""Browse and search: accent-insensitive text, filters (unit subtree, PAR, status, campaign, year), sort, pages."""
import datetime as dt

import pytest
from sqlalchemy import update

from ideas.core.errors import PermissionDenied
from ideas.core.models import Idea
from ideas.core.permissions import SYSTEM
from ideas.filing import browse
from ideas.filing.visibility import PUBLIC_STATUSES
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_campaign, make_idea, person


@pytest.fixture
def world(session):
    root = make_unit(session, code="P", name="Tỉnh")
    district = make_unit(session, code="H1", name="Huyện 1", parent=root)
    commune = make_unit(session, code="X1", name="Xã 1", parent=district)
    other = make_unit(session, code="S1", name="Sở 1", parent=root)
    owner = person(session, unit=commune)
    reader = person(session, unit=other)
    return {"root": root, "district": district, "commune": commune, "other": other, "owner": owner,
            "reader": reader}


@pytest.mark.parametrize("query", ["cai cach", "Cải cách", "CẢI CÁCH", "cải  CACH", "cach cai", "  cai   "])
def test_search_ignores_diacritics_and_case(session, world, query):
    hit = make_idea(session, owner=world["owner"], title="Cải cách thủ tục một cửa")
    make_idea(session, owner=world["owner"], title="Số hoá hồ sơ lưu trữ")
    frame, total = browse.browse(session, actor=world["reader"], text=query)
    assert total == 1 and list(frame.id) == [hit.id]


def test_all_words_must_match_and_like_wildcards_are_literal(session, world):
    make_idea(session, owner=world["owner"], title="Cải cách thủ tục")
    assert browse.browse(session, actor=world["reader"], text="cai cach dat dai")[1] == 0
    assert browse.browse(session, actor=world["reader"], text="%")[1] == 0
    assert browse.browse(session, actor=world["reader"], text="_")[1] == 0
    assert browse.browse(session, actor=world["reader"], text="")[1] == 1


def test_filters(session, world):
    c2025 = make_campaign(session, year=2025)
    a = make_idea(session, owner=world["owner"], unit=world["commune"], par_codes=["PAR3"], status="submitted",
                  submitted_at=dt.datetime(2026, 3, 1))
    b = make_idea(session, owner=world["owner"], unit=world["district"], par_codes=["PAR7"], status="recognised",
                  campaign=c2025, submitted_at=dt.datetime(2026, 1, 5))
    c = make_idea(session, owner=world["owner"], unit=world["other"], status="under_review",
                  submitted_at=dt.datetime(2025, 6, 1))
    make_idea(session, owner=world["owner"], unit=world["commune"], status="draft")
    make_idea(session, owner=world["owner"], unit=world["commune"], status="withdrawn")
    actor = world["reader"]

    def ids(**kw):
        return set(browse.browse(session, actor=actor, **kw)[0].id)

    assert ids() == {a.id, b.id, c.id}
    assert ids(unit_id=world["district"].id) == {a.id, b.id}
    assert ids(unit_id=world["commune"].id) == {a.id}
    assert ids(unit_id=world["root"].id) == {a.id, b.id, c.id}
    assert ids(par_code="PAR7") == {b.id}
    assert ids(status="recognised") == {b.id}
    assert ids(status="draft") == set() and ids(status="withdrawn") == set()
    assert ids(campaign_id=c2025.id) == {b.id}
    assert ids(year=2025) == {c.id}  # the submission year
    assert ids(year=2026) == {a.id, b.id}


def test_sort_and_pagination(session, world):
    made = [make_idea(session, owner=world["owner"], submitted_at=dt.datetime(2026, 1, 1 + i)) for i in range(7)]
    for n, idea in enumerate(made):
        session.execute(update(Idea.__table__).where(Idea.__table__.c.id == idea.id).values(support_count=n % 3))
    actor = world["reader"]
    page1, total = browse.browse(session, actor=actor, limit=3, offset=0)
    page3, _ = browse.browse(session, actor=actor, limit=3, offset=6)
    assert total == 7
    assert list(page1.id) == [made[6].id, made[5].id, made[4].id]
    assert list(page3.id) == [made[0].id]
    by_support, _ = browse.browse(session, actor=actor, sort="supports", limit=10)
    assert list(by_support.support_count) == sorted(by_support.support_count, reverse=True)
    assert list(by_support.id[:2]) == [made[5].id, made[2].id]  # count 2, newest first
    assert list(page1.columns) == browse.COLUMNS


def test_signed_out_or_inactive_refused(session, world):
    world["reader"].active = False
    with pytest.raises(PermissionDenied):
        browse.browse(session, actor=world["reader"])
    with pytest.raises(TypeError):  # a missing reader is a programming error, never "everyone" nor "no one"
        browse.browse(session, actor=None)


def test_the_command_line_sees_the_public_ideas_only(session, world):
    public = make_idea(session, owner=world["owner"], title="Công khai")
    make_idea(session, owner=world["owner"], title="Bản nháp", status="draft")
    frame, total = browse.browse(session, actor=SYSTEM, limit=500)
    assert total == len(frame) > 0
    assert list(frame.id) == [public.id] and set(frame.status) <= set(PUBLIC_STATUSES)
