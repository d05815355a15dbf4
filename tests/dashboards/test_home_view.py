"""Home: one work list per person across all roles, each item a link to the exact file and action, flat in queries."""
import datetime as dt

from sqlalchemy import event
from sqlalchemy.engine import Engine

from ideas.core import clock, events
from ideas.core.models import AwardList, Campaign, Idea, IdeaAuthor, ReviewAssignment, Unit
from ideas.dashboards import home_view
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import make_campaign as open_campaign
from tests.support.factories.filing import make_draft, person
from tests.support.factories.review import make_campaign, make_idea
from tests.support.factories.rewards import make_recognised_idea

TODAY = clock.today()


def _idea(session, owner, unit, status, **extra):
    idea = Idea(unit_id=unit.id, owner_id=owner.id, title=f"Sáng kiến {status}", status=status, **extra)
    session.add(idea)
    session.flush()
    session.add(IdeaAuthor(idea_id=idea.id, user_id=owner.id, share=100))
    session.flush()
    return idea


def _world(session, *, ideas_each: int = 1):
    """A district with a person in every council and reward role, and `ideas_each` files at every step."""
    district, other = make_unit(session, kind="district"), make_unit(session, kind="district")
    worker = person(session, unit=district, roles=[(role, district) for role in
                                                   ("secretary", "reviewer", "chair", "reward_officer", "leader")],
                    full_name="Hà Thị Việc")
    author, coauthor = person(session, unit=district), person(session, unit=district)
    campaign = make_campaign(session, unit=district)
    filing = open_campaign(session)
    made = {}
    for n in range(ideas_each):
        made.setdefault("draft", []).append(make_draft(session, owner=author, campaign=filing,
                                                       authors=[(author.id, 60), (coauthor.id, 40)],
                                                       title=f"Bản nháp {n}"))
        late = make_idea(session, campaign=campaign, unit=district, owner=author, title=f"Chờ thẩm định {n}")
        late.decision_due_on = TODAY - dt.timedelta(days=3)  # past its legal deadline
        made.setdefault("screen", []).append(late)
        made.setdefault("assign", []).append(make_idea(session, campaign=campaign, unit=district, owner=author,
                                                       status="under_review", title=f"Chờ phân công {n}"))
        scored = make_idea(session, campaign=campaign, unit=district, owner=author, status="under_review",
                           title=f"Chờ chấm {n}")
        session.add(ReviewAssignment(idea_id=scored.id, reviewer_id=worker.id, status="active",
                                     due_on=TODAY + dt.timedelta(days=5)))
        made.setdefault("score", []).append(scored)
        decided = make_idea(session, campaign=campaign, unit=district, owner=author, status="under_review",
                            title=f"Chờ quyết định {n}")
        decided.review_stage = "scored"
        session.add(ReviewAssignment(idea_id=decided.id, reviewer_id=author.id, status="active", due_on=TODAY))
        made.setdefault("decide", []).append(decided)
        made.setdefault("award", []).append(make_recognised_idea(session, authors=[author], unit=district,
                                                                 title=f"Chờ khen thưởng {n}"))
        session.add(AwardList(title=f"Danh sách {n}", year=TODAY.year, unit_id=district.id, status="submitted"))
        make_idea(session, campaign=make_campaign(session, unit=other), unit=other, owner=person(session, unit=other))
    session.flush()
    return worker, author, coauthor, made


def test_one_work_list_across_roles_links_each_file_at_its_action_overdue_first(session):
    worker, author, coauthor, made = _world(session)
    home = home_view.home_view(session=session, actor=worker, lang="vi")
    steps = [(link.page, link.params.get("step"), link.params.get("idea") or link.params.get("list"))
             for link in home.work]
    assert steps[0] == ("pages/review_screening.py", "screen", str(made["screen"][0].id))  # overdue first
    assert home.work[0].overdue and home.work[0].due == (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert {step for _, step, _ in steps} == {"screen", "assign", "score", "decide", "award", "approve"}
    pages = {step: page for page, step, _ in steps}
    assert pages == {"screen": "pages/review_screening.py", "assign": "pages/review_screening.py",
                     "score": "pages/review_queue.py", "decide": "pages/review_council.py",
                     "award": "pages/rewards_lists.py", "approve": "pages/rewards_lists.py"}
    score = next(link for link in home.work if link.params["step"] == "score")
    assert score.params["idea"] == str(made["score"][0].id) and not score.overdue and score.due
    assert "Chờ chấm 0" in score.label and made["score"][0].receipt_no in score.label
    decide = next(link for link in home.work if link.params["step"] == "decide")
    assert decide.params == {"idea": str(made["decide"][0].id), "campaign": str(made["decide"][0].campaign_id),
                             "step": "decide"}
    assert home.alerts == ["1 hồ sơ chờ thẩm định đã quá hạn quyết định."]
    assert [m.value for m in home.headline] == [4, 4, 1, 0]  # filed this year, waiting, overdue, recognised
    assert home.dashboard.page == "pages/dashboard.py"

    invited = home_view.home_view(session=session, actor=coauthor, lang="vi")
    assert [(link.page, link.params) for link in invited.work] == [
        ("pages/ideas_detail.py", {"step": "consent", "idea": str(made["draft"][0].id)})]
    assert invited.headline == [] and invited.dashboard is None
    owner = home_view.home_view(session=session, actor=author, lang="vi")
    draft = next(link for link in owner.work if link.params["step"] == "submit")
    assert draft.page == "pages/ideas_submit.py" and "còn 1 đồng tác giả chưa đồng ý" in draft.label
    assert [link.params["step"] for link in owner.work] == ["submit"]


def test_a_chair_assigns_on_the_council_page_the_only_one_of_the_two_in_their_menu(session):
    _worker, _author, _coauthor, made = _world(session)
    district = session.get(Unit, made["assign"][0].unit_id)
    chair = person(session, unit=district, roles=[("chair", district)])
    home = home_view.home_view(session=session, actor=chair, lang="vi")
    assign = [link for link in home.work if link.params["step"] == "assign"]
    assert [(link.page, link.params["idea"]) for link in assign] == [
        ("pages/review_council.py", str(made["assign"][0].id))]
    assert "pages/review_screening.py" not in {link.page for link in home.work + home.more}


def test_home_lists_are_cut_and_counted_and_scoped(session):
    worker, *_ = _world(session, ideas_each=home_view.SHOWN + 2)
    home = home_view.home_view(session=session, actor=worker, lang="en")
    screens = [link for link in home.work if link.params["step"] == "screen"]
    assert len(screens) == home_view.SHOWN and all(link.overdue for link in screens)
    assert "… and 2 more of the same kind" in [link.label for link in home.more]
    assert home.alerts[0] == f"{home_view.SHOWN + 2} files waiting for screening are past their decision deadline."


class Statements:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def _statements(session, user) -> int:
    session.expire_all()
    session.info.pop("permission_grants", None)
    counter = Statements()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        home_view.home_view(session=session, actor=user, lang="vi")
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
    return counter.count


def test_the_work_list_takes_a_bounded_number_of_queries_flat_in_data_size(session):
    worker, author, coauthor, _ = _world(session)
    small = {name: _statements(session, user) for name, user in
             (("worker", worker), ("author", author), ("coauthor", coauthor))}
    _world(session, ideas_each=40)  # about 300 more files at every step, in another district and this one
    worker2, *_ = _world(session, ideas_each=1)
    large = {name: _statements(session, user) for name, user in
             (("worker", worker), ("author", author), ("coauthor", coauthor))}
    assert large == small
    assert small["worker"] <= 32 and small["author"] <= 14, small  # two or three per kind of work, whatever the size
    assert _statements(session, worker2) == small["worker"]


def test_home_page_renders_the_work_list_as_links(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        user = make_user(s, unit=unit, full_name="Võ Thị Hồng")
        s.add(Campaign(name="Đợt 2026", year=2026, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31)))
        returned = _idea(s, user, unit, "returned").id
        events.notify(session=s, user_id=user.id, kind="status", message_key="home.open")
    at = signed_in_app(app_env, user)
    assert not at.exception
    assert at.title[0].value == "Trang chủ", [e.value for e in at.error]
    assert "Xin chào Võ Thị Hồng." in [m.value for m in at.text]
    assert [w.value for w in at.warning][0].startswith("Có 1 hồ sơ bị trả lại")
    links = [(e.proto.page, e.proto.label, e.proto.query_string) for e in at.get("page_link")]
    assert ("ideas_submit", "Bổ sung và nộp lại hồ sơ bị trả lại\\: Sáng kiến returned",
            f"idea={returned}&step=submit") in links, links
