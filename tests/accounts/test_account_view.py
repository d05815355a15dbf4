"""The account page's view: my personal data download, my e-mail choices labelled."""
from __future__ import annotations

import json

from ideas.accounts import account_view
from tests.support.factories.accounts import make_unit, make_user


def test_account_view_labels_every_mail_choice(session):
    me = make_user(session, unit=make_unit(session), password=None)
    account = account_view.account_view(session=session, actor=me, lang="vi")
    assert json.loads(account.personal_data)
    assert set(account.modes) == {"immediate", "digest", "none"} and all(account.modes.values())
    assert account.choices and all(c.label and not c.label.startswith("mail.kind.") for c in account.choices)
