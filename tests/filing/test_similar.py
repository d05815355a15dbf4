"""Similar ideas: accent-insensitive TF-IDF ranking, index upkeep, drafts and confidential text never used."""
import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied
from ideas.core.models import IdeaTerm, IdeaTermStat
from ideas.filing import similar
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person

CORPUS = [
    ("Cải cách thủ tục hành chính một cửa liên thông", "Tiếp nhận hồ sơ một cửa liên thông tại xã"),
    ("Số hoá hồ sơ lưu trữ", "Quét và số hoá hồ sơ lưu trữ của phòng nội vụ"),
    ("Giảm báo cáo định kỳ", "Gộp các báo cáo định kỳ trùng lặp"),
    ("Chữ ký số cho văn bản đi", "Dùng chữ ký số cho văn bản điện tử"),
    ("Họp trực tuyến", "Tổ chức họp trực tuyến thay họp trực tiếp"),
    ("Dịch vụ công trực tuyến toàn trình", "Đưa dịch vụ công lên cổng trực tuyến toàn trình"),
]


@pytest.fixture
def world(session):
    unit = make_unit(session)
    owner = person(session, unit=unit)
    reader = person(session, unit=unit)
    ideas = [make_idea(session, owner=owner, title=t, essence=e) for t, e in CORPUS]
    return {"unit": unit, "owner": owner, "reader": reader, "ideas": ideas}


@pytest.mark.parametrize("text", ["cai cach thu tuc mot cua lien thong", "CẢI CÁCH THỦ TỤC MỘT CỬA",
                                  "thu tuc hanh chinh mot cua"])
def test_found_without_diacritics(session, world, text):
    found = similar.similar_to_text(session, actor=world["reader"], text=text)
    assert found.id[0] == world["ideas"][0].id
    assert 0 < found.similarity[0] <= 1
    assert list(found.similarity) == sorted(found.similarity, reverse=True)


def test_similar_to_idea_excludes_itself_and_limits(session, world):
    dup = make_idea(session, owner=world["owner"], title="Một cửa liên thông cải cách thủ tục",
                    essence="Tiếp nhận hồ sơ một cửa liên thông cấp xã")
    found = similar.similar_to_idea(session, actor=world["reader"], idea_id=dup.id, limit=5)
    assert dup.id not in set(found.id)
    assert found.id[0] == world["ideas"][0].id
    assert len(found) <= 5
    assert similar.similar_to_text(session, actor=world["reader"], text="họp trực tuyến", limit=1).shape[0] == 1


def test_drafts_withdrawn_and_confidential_never_used(session, world):
    make_idea(session, owner=world["owner"], title="Kiosk tra cứu hồ sơ", status="draft")
    withdrawn = make_idea(session, owner=world["owner"], title="Robot trả lời tự động", status="withdrawn")
    make_idea(session, owner=world["owner"], title="Ứng dụng bản đồ", confidential="thuật toán quyluatbimat")
    reader = world["reader"]
    assert similar.similar_to_text(session, actor=reader, text="kiosk tra cuu").empty
    assert similar.similar_to_text(session, actor=reader, text="robot tra loi tu dong").empty
    assert similar.similar_to_text(session, actor=reader, text="quyluatbimat").empty
    assert session.scalar(select(IdeaTerm).where(IdeaTerm.term == "quyluatbimat")) is None
    assert session.scalar(select(IdeaTerm).where(IdeaTerm.idea_id == withdrawn.id)) is None
    with pytest.raises(PermissionDenied):
        draft = make_idea(session, owner=world["owner"], title="Bản nháp", status="draft")
        similar.similar_to_idea(session, actor=reader, idea_id=draft.id)


def test_index_follows_status_and_reindex_all_matches(session, world):
    from ideas.filing import lifecycle

    idea = world["ideas"][4]
    before = dict(session.execute(select(IdeaTermStat.term, IdeaTermStat.df)).all())
    lifecycle.transition(session=session, idea=idea, to="withdrawn", actor=world["owner"])
    similar.index_idea(session, idea)
    found = similar.similar_to_text(session, actor=world["reader"], text="họp trực tuyến thay trực tiếp")
    assert idea.id not in set(found.id)
    incremental = {t: n for t, n in session.execute(select(IdeaTermStat.term, IdeaTermStat.df)).all() if n}
    assert incremental[similar.DOCS] == before[similar.DOCS] - 1
    assert similar.reindex_all(session) == len(CORPUS) - 1
    rebuilt = dict(session.execute(select(IdeaTermStat.term, IdeaTermStat.df)).all())
    assert rebuilt.pop(similar.VERSION) != incremental.pop(similar.VERSION)  # the index's token: a new one
    assert rebuilt == incremental
    assert not similar.similar_to_text(session, actor=world["reader"], text="dịch vụ công toàn trình").empty


def test_terms_fold_and_bigrams():
    counts = similar.terms("Cải cách của các xã")
    assert {"cai", "cach", "cai_cach", "xa", "cac_xa"} <= set(counts)
    assert "cua" not in counts and "cua_cac" not in counts
    assert len(similar.terms(" ".join(f"w{i}" for i in range(1000)))) == similar.MAX_TERMS


def _ranked_calls(monkeypatch) -> list:
    calls = []
    compute = similar._compute_ranked

    def counted(*args):
        calls.append(args[1])
        return compute(*args)

    monkeypatch.setattr(similar, "_compute_ranked", counted)
    return calls


def test_a_ranking_is_reused_until_the_index_changes(session, world, monkeypatch):
    """The same text twice ranks once; an edit of an indexed idea (terms, not only their set) ranks again."""
    calls = _ranked_calls(monkeypatch)
    reader, text = world["reader"], "chữ ký số văn bản điện tử"
    first = similar.similar_to_text(session, actor=reader, text=text)
    again = similar.similar_to_text(session, actor=reader, text=text)
    assert first.equals(again) and len(calls) == 1
    signed = world["ideas"][3]
    signed.essence = "Dùng chữ ký số cho văn bản điện tử, văn bản điện tử, văn bản điện tử"  # more of the same terms
    similar.index_idea(session, signed)
    changed = similar.similar_to_text(session, actor=reader, text=text)
    assert len(calls) == 2 and changed.similarity[0] != first.similarity[0]
    signed.title, signed.essence = "Họp trực tuyến hằng tuần", "Họp trực tuyến hằng tuần"
    similar.index_idea(session, signed)
    assert signed.id not in set(similar.similar_to_text(session, actor=reader, text=text).id)


def test_what_a_cached_ranking_shows_is_read_afresh(session, world, monkeypatch):
    """Status, title and unit of a ranked idea, and whether it is still public, are those of now."""
    from ideas.filing import lifecycle

    calls = _ranked_calls(monkeypatch)
    reader, text = world["reader"], "họp trực tuyến thay họp trực tiếp"
    meeting = world["ideas"][4]
    assert similar.similar_to_text(session, actor=reader, text=text).id[0] == meeting.id
    world["unit"].name = "Phòng đã đổi tên"
    meeting.title = "Tên mới (chưa lập chỉ mục)"
    lifecycle.transition(session=session, idea=meeting, to="under_review", actor=world["owner"])
    session.flush()
    found = similar.similar_to_text(session, actor=reader, text=text)
    assert (found.title[0], found.unit_name[0], found.status[0]) == (meeting.title, "Phòng đã đổi tên", "under_review")
    lifecycle.transition(session=session, idea=meeting, to="recognised", actor=world["owner"])
    gone = make_idea(session, owner=world["owner"], title="Họp trực tuyến thay họp trực tiếp", status="submitted")
    gone.status = "draft"  # not public any more (as no lifecycle step does), its postings still in the index
    session.flush()
    assert gone.id not in set(similar.similar_to_text(session, actor=reader, text=text).id)
    assert len(calls) == 2  # once, then once more after the new idea was indexed


def test_a_rolled_back_index_change_leaves_no_ranking_behind(db):
    """A ranking made inside a transaction that is rolled back is never served, even after another change of the
    same size is committed (a counter would come back to the same value; the token does not)."""
    from ideas.core.models import Idea, User

    text = "kiosk tra cứu thông minh"
    with db.session() as s:
        owner = person(s, unit=make_unit(s))
        make_idea(s, owner=owner, title="Kiosk tra cứu hồ sơ", essence="Kiosk tra cứu tại bộ phận một cửa")
        make_idea(s, owner=owner, title="Kiosk tra cứu", essence="Kiosk đặt tại sảnh")
        owner_id = owner.id

    def edit(s, essence: str) -> None:
        idea = s.scalar(select(Idea).where(Idea.title == "Kiosk tra cứu hồ sơ"))
        idea.essence = essence
        similar.index_idea(s, idea)

    def shown(s):
        return similar.similar_to_text(s, actor=s.get(User, owner_id), text=text)

    with db.session() as s:
        edit(s, "Kiosk tra cứu thông minh tại bộ phận một cửa")
        inside = shown(s)
        s.rollback()
    with db.session() as s:
        edit(s, "Kiosk tra cứu thông minh, thông minh hơn, tại một cửa")
    with db.read_session() as s:
        served = shown(s)
        similar._CACHE.clear()
        assert served.equals(shown(s)) and not served.equals(inside)
