"""The inbox page's view: one page of messages in the reader's language, counts."""
from __future__ import annotations

from ideas.accounts import inbox_view
from ideas.core import events
from tests.support.factories.accounts import make_unit, make_user


def test_inbox_view_pages_messages_in_the_readers_language(session):
    reader = make_user(session, unit=make_unit(session), password=None)
    for _ in range(3):
        events.notify(session=session, user_id=reader.id, kind="status", message_key="home.open")
    session.flush()
    page = inbox_view.inbox_view(session=session, actor=reader, limit=2, offset=0, lang="vi")
    assert (page.unread, page.total, page.pages, len(page.messages)) == (3, 3, 2, 2)
    assert page.messages[0].text.startswith("● ") and "home.open" not in page.messages[0].text
    assert len(page.messages[0].when) == len("dd/mm/yyyy HH:MM")
