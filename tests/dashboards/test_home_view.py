"""The home page's counts: my files by status, files waiting for screening, scores due, open award lists."""
from ideas.core import events
from ideas.core.models import Campaign, Idea, IdeaAuthor, ReviewAssignment
from ideas.dashboards import home_view
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def _idea(session, owner, unit, status, **extra):
    idea = Idea(unit_id=unit.id, owner_id=owner.id, title=f"Sáng kiến {status}", status=status, **extra)
    session.add(idea)
    session.flush()
    session.add(IdeaAuthor(idea_id=idea.id, user_id=owner.id, share=100))
    session.flush()
    return idea


def test_summary_counts_what_waits_for_each_role(session):
    district, other = make_unit(session, kind="district"), make_unit(session, kind="district")
    author = make_user(session, unit=district)
    secretary = make_user(session, unit=district, roles=[("secretary", district)])
    reviewer = make_user(session, unit=district, roles=[("reviewer", district)])
    coauthor = make_user(session, unit=district)
    for status in ("draft", "returned", "submitted", "submitted", "under_review", "recognised"):
        idea = _idea(session, author, district, status)
    session.add(IdeaAuthor(idea_id=idea.id, user_id=coauthor.id, share=0.5))
    _idea(session, make_user(session, unit=other), other, "submitted")  # outside the secretary's scope
    reviewed = session.query(Idea).filter_by(status="under_review").one()
    session.add(ReviewAssignment(idea_id=reviewed.id, reviewer_id=reviewer.id))
    events.notify(session=session, user_id=author.id, kind="status", message_key="home.open")
    session.flush()

    mine = home_view.summary(session, user=author)
    assert mine["mine"] == {"draft": 1, "returned": 1, "submitted": 2, "under_review": 1, "recognised": 1}
    assert mine["unread"] == 1
    assert mine["screening"] is None and mine["scores_due"] is None and mine["award_lists"] is None
    assert home_view.summary(session, user=coauthor)["mine"] == {"recognised": 1}
    assert home_view.waiting_for_screening(session, user=secretary) == 2
    assert home_view.scores_due(session, user=reviewer) == 1

    home = home_view.home_view(session=session, actor=secretary, lang="vi")
    assert [m.value for m in home.metrics] == [0, 0, 0, 0]
    assert home.returned is None and [link.page for _, link in home.tasks] == ["pages/review_screening.py"]
    assert "Thư ký hội đồng" in home.roles
    assert [m.value for m in home_view.home_view(session=session, actor=author).metrics] == [1, 2, 4, 1]


def test_home_page_renders_for_staff(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        user = make_user(s, unit=unit, full_name="Võ Thị Hồng")
        s.add(Campaign(name="Đợt 2026", year=2026, opens_on=__import__("datetime").date(2026, 1, 1),
                       closes_on=__import__("datetime").date(2026, 12, 31)))
        _idea(s, user, unit, "returned")
    at = signed_in_app(app_env, user)
    assert not at.exception
    assert at.title[0].value == "Trang chủ", [e.value for e in at.error]
    assert "Xin chào Võ Thị Hồng." in [m.value for m in at.text]
    assert [w.value for w in at.warning][0].startswith("Có 1 hồ sơ bị trả lại")
