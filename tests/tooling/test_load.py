"""Load harness in CI: 20 simulated people over Streamlit's WebSocket protocol for 30 s; no error, no lost write."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.load.client import widget_key
from benchmarks.load.runner import LoadConfig, Writes, format_report, percentile, run_load, verify_writes
from ideas.core.db import Database
from ideas.core.migrate import upgrade
from ideas.tooling import demo
from tests.support import launch
from tests.support.database import create_database


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A real `streamlit run app.py` on its own fresh database holding the demo province."""
    tmp = tmp_path_factory.mktemp("load")
    url, drop = create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), tmp)
    database = Database(url)
    upgrade(database)
    try:
        with database.session() as session:
            demo.load_demo(session=session)
        with launch.streamlit(url, tmp / "streamlit.log") as server:
            yield database, server
    finally:
        database.dispose()
        drop()


def test_twenty_people_for_thirty_seconds_make_no_error_and_lose_no_write(demo_server):
    database, server = demo_server
    config = LoadConfig(url=server.url, users=20, duration=30, ramp=5, think=3, seed=7, server_pids=(server.pid,))
    with ThreadPoolExecutor(1) as own_thread:  # the harness's asyncio.run needs a thread with no running loop,
        report = own_thread.submit(run_load, database, config).result()  # and sync Playwright keeps one here
    text = format_report(report)
    print(text)
    assert report.errors == [], text
    assert report.lost == [], text
    assert report.actions >= config.users, text  # everyone opened the app and did something
    assert report.writes.count() > 0, text
    assert set(report.people) == {"staff", "reviewer", "leader"}
    assert report.server["samples"] > 0 and report.server["rss_peak_mb"] > 0


def test_the_write_check_finds_what_is_missing(db):
    missing = Writes(supports={(999_999, 999_998)}, comments=[(1, 2, "never posted")],
                     drafts={"never saved": 1}, scores={(5, 6): "never scored"})
    lost = verify_writes(db, missing)
    assert len(lost) == 4
    assert any("support of idea 999998" in item for item in lost)


def test_percentiles_are_nearest_rank_and_widget_keys_are_read_from_ids():
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([0.2], 99) == 0.2 and percentile([], 50) is None
    assert widget_key("$$ID-0f3a9c-browse_text") == "browse_text"
    assert widget_key("$$ID-0f3a9c-score_12_novelty") == "score_12_novelty"
    assert widget_key("$$ID-0f3a9c-None") is None and widget_key("plain") is None


def _browse_tab(database, server):
    """A staff member of the demo on the browse page, in a tab of the load client."""
    from sqlalchemy import select

    from benchmarks.load.client import Tab
    from ideas.accounts import sessions
    from ideas.core.models import RoleAssignment, User

    with database.session() as session:
        staff = session.scalar(select(User).where(User.active.is_(True), User.must_change_password.is_(False),
                                                  ~User.id.in_(select(RoleAssignment.user_id).where(
                                                      RoleAssignment.role != "staff"))).order_by(User.id).limit(1))
        token = sessions.open_session(session=session, user=staff, nonce=None).session_token
    return Tab(server.url, cookies={"sk_session": token}), token


def test_a_search_reruns_only_its_section_and_a_revoked_session_then_sees_the_login(demo_server):
    import asyncio

    from sqlalchemy import update

    from ideas.accounts.sessions import token_hash
    from ideas.core.models import AuthSession, utcnow

    database, server = demo_server
    tab, token = _browse_tab(database, server)

    async def scenario() -> tuple:
        await tab.connect()
        try:
            await tab.run(None, keep_page=False)
            await tab.run("ideas_browse")
            whole = len(tab.elements)
            searched = await tab.run(widgets={"browse_text": "mot cua"})
            kept = tab.has_widget("lang") and len(tab.elements) == whole  # the sidebar was not drawn again
            in_section = bool(tab.fragment_of) and searched.ok
            with database.session() as session:  # signed out in another tab
                session.execute(update(AuthSession).where(AuthSession.token_hash == token_hash(token))
                                .values(revoked_at=utcnow()))
            after = await tab.run(widgets={"browse_text": "so hoa"})
            return kept, in_section, after, tab.texts(), tab.has_widget("browse_text")
        finally:
            await tab.close()

    with ThreadPoolExecutor(1) as own_thread:
        kept, in_section, after, texts, still_searching = own_thread.submit(asyncio.run, scenario()).result()
    assert in_section and kept
    assert after.ok
    assert "Đăng nhập" in texts and not still_searching  # the whole app ran again: the login page, no results
