"""Each script run resolves the sign-in read-only; activity (once a minute) and idle timeouts are still written."""
import datetime as dt

from sqlalchemy import event, select, update

from ideas.core.models import AuthSession, utcnow
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_user


def writes_during(run) -> list[str]:
    """Write statements and committed transactions of the app's own engine while `run()` ran."""
    import ui

    engine, seen = ui.db().engine, []

    def statement(_conn, _cursor, text, *_args) -> None:
        if text.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE") or "IMMEDIATE" in text:
            seen.append(text)

    def commit(_conn) -> None:  # a read-only unit of work never commits
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    return seen


def signed_in_person(database):
    """A staff member signed in to the app (an administrator exists, so the app is past its first-run setup)."""
    with database.session() as s:
        make_user(s, roles=[("admin", None)])
        user = make_user(s)
    return user, signed_in_app(database, user)


def set_last_seen(database, user_id: int, minutes_ago: float) -> None:
    with database.session() as s:
        s.execute(update(AuthSession).where(AuthSession.user_id == user_id)
                  .values(last_seen_at=utcnow() - dt.timedelta(minutes=minutes_ago)))


def last_seen(database, user_id: int) -> dt.datetime:
    with database.read_session() as s:
        return s.scalar(select(AuthSession.last_seen_at).where(AuthSession.user_id == user_id))


def test_a_rerun_within_the_minute_writes_nothing(app_env):
    _, at = signed_in_person(app_env)
    assert writes_during(at.run) == []
    assert [title.value for title in at.title] == ["Trang chủ"]


def test_activity_is_recorded_once_a_minute_and_idleness_ends_the_session(app_env):
    user, at = signed_in_person(app_env)
    set_last_seen(app_env, user.id, minutes_ago=2)
    at.run()
    assert utcnow() - last_seen(app_env, user.id) < dt.timedelta(seconds=30)
    set_last_seen(app_env, user.id, minutes_ago=31)
    at.run()
    assert [title.value for title in at.title] == ["Đăng nhập"]
    with app_env.read_session() as s:
        assert s.scalar(select(AuthSession.revoked_at).where(AuthSession.user_id == user.id)) is not None
