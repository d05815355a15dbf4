"""The text search's index (migration 0016) finds exactly what the LIKE conditions alone found: same rows, same total,
same order, on tricky words (accents, LIKE and FTS5 syntax characters, words of 1-2 letters), after updates and
deletes of ideas and for merged and withdrawn files. On SQLite the FTS5 table is also checked against the ideas."""
import pytest
from sqlalchemy import delete, func, insert, select, text, update

from ideas.core.models import Idea
from ideas.core.text import fold
from ideas.filing import browse, lifecycle
from ideas.filing.visibility import PRIVATE_STATUSES, PUBLIC_STATUSES
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person

TITLES = [
    "Cải cách thủ tục một cửa cấp xã", "Số hoá hồ sơ lưu trữ", "Giảm 50% thời gian_xử lý", "Tỷ lệ 100%_đạt",
    'Mẫu "đơn" A*B (NEAR) AND OR NOT ^x', "Đường dây nóng 1022 - phản ánh", "Hộ tịch: khai sinh, khai tử",
    "Ứng dụng chữ ký số", "ĐĂNG KÝ ĐẤT ĐAI", "a b c", "ho so", "Thủ tục\\đặc biệt", "x", "Cắt giảm báo cáo định kỳ",
]
QUERIES = [
    "", "cai", "cai cach", "CẢI  CÁCH", "cach cai", "so", "ho so", "hồ sơ", "o", "a", "a b", "ho", "%", "_", "50%",
    "50% thoi", "%_", "100%_dat", "100", "gian_xu", '"don"', 'don"', '"', "a*b", "(near)", "and", "or not", "^x",
    "1022", "- phan", "-", "tich:", ":", "khai", "thu tuc", "\\", "tuc\\dac", "dang ky", "DANG", "ky so",
    "x", "xyz", "cat giam bao cao", "cao dinh", "so ho", "sơ hồ", "ung dung chu", "nhung",
]


@pytest.fixture
def world(session):
    unit = make_unit(session, code="S", name="Sở")
    owner = person(session, unit=unit)
    reader = person(session, unit=make_unit(session, code="R", name="Sở khác"))
    ideas = [make_idea(session, owner=owner, title=title) for title in TITLES]
    for status, idea in zip(["draft", "withdrawn", "recognised", "under_review", "returned", "not_recognised"],
                            ideas[:6], strict=True):
        idea.status = status
    session.flush()
    return {"owner": owner, "reader": reader, "ideas": ideas}


def like_only(session, text_query, *, status=None, sort="newest", limit=20, offset=0):
    """The search as it was before the index: LIKE for every word, the count and the page the same way."""
    hidden = PRIVATE_STATUSES if status else PRIVATE_STATUSES | {lifecycle.MERGED}
    conditions = [Idea.search_text.like(f"%{browse._like_escape(w)}%", escape="\\")
                  for w in browse.search_words(text_query)]
    if status:
        conditions.append(Idea.status == status)
    total = session.scalar(select(func.count()).select_from(Idea).where(
        Idea.status.in_([s for s in PUBLIC_STATUSES if s not in hidden]), *conditions))
    query = browse._ordered(select(Idea.id).where(Idea.status.notin_(hidden), *conditions), sort)
    return list(session.scalars(query.limit(limit).offset(offset))), total


def assert_same(session, queries=QUERIES, **kw):
    for query in queries:
        frame, total = browse.search_ideas(session, text=query, **kw)
        assert (list(frame.id), total) == like_only(session, query, **kw), query


def assert_index_matches_ideas(session):
    if session.get_bind().dialect.name == "sqlite":
        # with rank 1, FTS5 also compares its index with the content table (the ideas) and raises on any difference
        session.execute(text("INSERT INTO ideas_search (ideas_search, rank) VALUES ('integrity-check', 1)"))


def test_same_rows_total_and_order_as_like(session, world):
    assert_same(session)
    assert_same(session, sort="supports")
    assert_same(session, limit=2, offset=1)
    assert_same(session, status="recognised")
    assert_index_matches_ideas(session)


def test_like_and_fts_syntax_characters_are_literal(session, world):
    def found(query):
        return {title for title, in session.execute(select(Idea.title).where(
            Idea.id.in_([int(i) for i in browse.search_ideas(session, text=query)[0].id])))}

    assert found("50%") == {"Giảm 50% thời gian_xử lý"}
    assert found("100%_dat") == {"Tỷ lệ 100%_đạt"}
    assert found('"don"') == {'Mẫu "đơn" A*B (NEAR) AND OR NOT ^x'}
    assert found("a*b") == {'Mẫu "đơn" A*B (NEAR) AND OR NOT ^x'}
    assert found("tuc\\dac") == {"Thủ tục\\đặc biệt"}
    assert found("%_") == {"Tỷ lệ 100%_đạt"}
    assert found("0%t") == set()


def test_updates_and_deletes_follow(session, world):
    ideas = world["ideas"]
    target = ideas[8]
    target.title = "Liên thông điện tử hộ tịch"
    target.search_text = fold(target.title)
    session.flush()
    assert browse.search_ideas(session, text="dang ky dat")[1] == 0
    assert list(browse.search_ideas(session, text="lien thong")[0].id) == [target.id]
    # a bulk update and a bulk delete, as the tooling does, bypassing the ORM
    session.execute(update(Idea).where(Idea.id == ideas[7].id).values(search_text="chu ky dien tu moi"))
    session.execute(delete(Idea).where(Idea.id == ideas[13].id).execution_options(synchronize_session=False))
    assert browse.search_ideas(session, text="cat giam")[1] == 0
    assert browse.search_ideas(session, text="dien tu moi")[1] == 1
    # a change that leaves the text alone (a status) does not touch the index
    session.execute(update(Idea).where(Idea.id == ideas[10].id).values(status=lifecycle.MERGED))
    assert_same(session)
    assert_same(session, status=lifecycle.MERGED)
    assert_index_matches_ideas(session)


def test_merged_and_withdrawn_files_are_found_only_as_before(session, world):
    ideas = world["ideas"]
    session.execute(update(Idea).where(Idea.id == ideas[6].id).values(status=lifecycle.MERGED))
    assert browse.search_ideas(session, text="khai sinh")[1] == 0
    assert list(browse.search_ideas(session, text="khai sinh", status=lifecycle.MERGED)[0].id) == [ideas[6].id]
    assert browse.search_ideas(session, text="so hoa")[1] == 0  # withdrawn
    assert browse.search_ideas(session, text="cai cach")[1] == 0  # draft
    assert_same(session)


def test_rows_inserted_without_the_orm_are_indexed(session, world):
    row = {c: getattr(world["ideas"][9], c) for c in ("unit_id", "owner_id", "title", "status", "submitted_at")}
    new_id = session.execute(insert(Idea).values(**row, search_text="bulk loaded words zzyzx")
                             .returning(Idea.id)).scalar_one()
    assert list(browse.search_ideas(session, text="zzyzx loaded")[0].id) == [new_id]
    assert_same(session)
    assert_index_matches_ideas(session)


def test_many_matches_walk_the_order_and_few_are_sorted(session, world, monkeypatch):
    # the page takes the other plan above FEW_MATCHES; both give the same rows in the same order
    monkeypatch.setattr(browse, "FEW_MATCHES", 0)
    assert_same(session)
    assert_same(session, sort="supports", limit=3, offset=2)


def test_trigram_query_quotes_every_word():
    assert browse.trigram_query(["ho", "so"]) is None
    assert browse.trigram_query(["cai", "ho", 'a"b*']) == '"cai" AND "a""b*"'
