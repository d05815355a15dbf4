"""Blind means blind: a reviewer assigned in a blind campaign opens every page of their menu, the idea's detail
page, browse and search, the inbox and their downloads, and never sees the authors, positions, shares or unit."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ideas.accounts import inbox, personal_data
from ideas.core.models import IdeaAuthor, Notification, User
from ideas.core.navigation import menu
from ideas.core.text import fold
from ideas.filing import browse, similar, social, visibility
from ideas.review import scoring
from tests.support.apptest import app_test, open_tab, sign_in
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea

SECRETS = ("Vũ Thị Tác Giả", "Đồng Tác Giả Hai", "Phó Giám đốc Bí Danh", "Sở Kín Đáo", "60", "40")
TITLE = "Một cửa điện tử liên thông kín"


def _blind_world(db, *, blind: bool = True) -> dict:
    with db.session() as s:
        if not s.scalar(select(User.id).where(User.username == "blind-admin")):
            make_user(s, roles=[("admin", None)], username="blind-admin", password=None)
        council_unit = make_unit(s, name="Hội đồng tỉnh thử")
        unit = make_unit(s, name="Sở Kín Đáo")
        campaign = make_campaign(s, unit=None, blind=blind)
        _council, people = make_council(s, campaign=campaign, unit=council_unit, reviewers=2, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Vũ Thị Tác Giả", password=PASSWORD)
        author.position = "Phó Giám đốc Bí Danh"
        co = make_user(s, unit=unit, full_name="Đồng Tác Giả Hai", password=None)
        idea = make_idea(s, campaign=campaign, unit=unit, owner=author, co_authors=[co], title=TITLE)
        for row in s.scalars(select(IdeaAuthor).where(IdeaAuthor.idea_id == idea.id)):
            row.share = Decimal(60) if row.user_id == author.id else Decimal(40)
        idea.search_text = fold(f"{TITLE} Vũ Thị Tác Giả Sở Kín Đáo")
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=s, actor=people["chair"][0], idea_id=idea.id, mode="all")
        social.add_comment(session=s, actor=author, idea_id=idea.id, body="Tác giả xin bổ sung số liệu.")
        staff = make_user(s, unit=council_unit, password=PASSWORD)
        return {"idea_id": idea.id, "reviewer": people["member"][0], "author": author, "staff": staff}


def _shown(at, *, options: bool = True) -> str:
    """Every text the reader sees on the page: elements, labels, options, tables, metrics, toasts."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "toast", "code", "json", "latex", "exception"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind, [])]
    for kind in ("selectbox", "multiselect", "radio", "text_input", "text_area", "number_input", "checkbox",
                 "button", "toggle", "date_input", "slider", "select_slider"):
        for widget in getattr(at, kind, []):
            parts += [str(getattr(widget, "label", "")), str(getattr(widget, "help", "") or "")]
            parts += [str(o) for o in getattr(widget, "options", []) or []] if options else []
    for metric in at.metric:
        parts += [str(metric.label), str(metric.value)]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        parts += [str(c) for c in value.columns] + [str(v) for v in value.to_numpy().ravel()]
    for block in (*at.tabs, *at.expander):
        parts.append(str(getattr(block, "label", "")))
    return "\n".join(parts)


def _leaks(text: str) -> list[str]:
    words = [w for w in SECRETS if not w.isdigit()]
    return [w for w in words if w in text]


def test_every_page_the_reviewer_opens_hides_authors_positions_shares_and_unit(app_env):
    world = _blind_world(app_env)
    reviewer = world["reviewer"]
    with app_env.read_session() as s:
        pages = [page.path for page in menu(session=s, actor=s.get(User, reviewer.id))]
    assert "pages/review_queue.py" in pages and "pages/ideas_detail.py" in pages
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, s.get(User, reviewer.id))
    at.run()
    opened = []
    for path in pages:
        at.session_state["view_idea_id"] = world["idea_id"]
        at.switch_page(path).run()
        assert not at.exception, (path, at.exception)
        # (option lists are left out: the co-author picker and the unit filter list every colleague and unit,
        # which names no author; the review pages' options are file labels, checked on the queue below)
        text = _shown(at, options=False)
        assert not _leaks(text), (path, _leaks(text))
        opened.append(path)
    at.session_state["view_idea_id"] = world["idea_id"]
    at.switch_page("pages/ideas_detail.py").run()
    detail = _shown(at)
    for tab in ("Nội dung sáng kiến", "Lợi ích", "Quá trình xử lý", "Bình luận", "Sáng kiến tương tự", "Nhân rộng"):
        detail += "\n" + _shown(open_tab(at, tab))  # each tab is drawn when opened
    assert TITLE in detail and "Tác giả xin bổ sung số liệu." in detail  # the file itself is there to read
    assert "chấm kín" in detail.lower() and not _leaks(detail)
    at.switch_page("pages/ideas_browse.py").run()
    for query in ("Vũ Thị Tác Giả", "Sở Kín Đáo", "liên thông kín"):
        at.text_input(key="browse_text").input(query).run()
        assert not at.exception and TITLE not in _shown(at), query  # not found: finding it would name them
    at.switch_page("pages/review_queue.py").run()
    assert TITLE in _shown(at) and not _leaks(_shown(at))
    assert len(opened) == len(pages)


def test_the_services_behind_the_pages_and_the_downloads_keep_it_blind(db):
    world = _blind_world(db)
    with db.session() as s:
        reviewer, staff = s.get(User, world["reviewer"].id), s.get(User, world["staff"].id)
        record = visibility.idea_record(s, actor=reviewer, idea_id=world["idea_id"])
        assert record["blind"] and record["authors"] == [] and record["unit_name"] is None
        assert record["owner_name"] is None and not _leaks(str(record))
        assert TITLE not in set(browse.browse(s, actor=reviewer, text="kin", limit=100)[0].title)
        assert TITLE in set(browse.browse(s, actor=staff, text="kin", limit=100)[0].title)  # not blind to others
        assert world["idea_id"] not in set(similar.similar_to_text(s, actor=reviewer, text=TITLE).id)
        messages = s.scalars(select(Notification).where(Notification.user_id == reviewer.id)).all()
        assert messages and not _leaks(" ".join(inbox.render(n, "vi") if hasattr(inbox, "render") else
                                                str(n.__dict__) for n in messages))
        exported = personal_data.export_json(session=s, user=reviewer).decode("utf-8")
        assert not _leaks(exported) and not _leaks(exported.encode().decode("unicode_escape", "ignore"))
        # the author still sees everything about their own file
        own = visibility.idea_record(s, actor=s.get(User, world["author"].id), idea_id=world["idea_id"])
        assert not own["blind"] and {a["full_name"] for a in own["authors"]} == {"Vũ Thị Tác Giả", "Đồng Tác Giả Hai"}


@pytest.mark.parametrize("blind", [False])
def test_an_open_campaign_shows_the_authors_to_its_reviewers(db, blind):
    world = _blind_world(db, blind=blind)
    with db.session() as s:
        record = visibility.idea_record(s, actor=s.get(User, world["reviewer"].id), idea_id=world["idea_id"])
    assert not record["blind"] and record["unit_name"] == "Sở Kín Đáo" and len(record["authors"]) == 2
