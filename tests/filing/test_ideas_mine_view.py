"""The "my initiatives" page's view: my files translated, and per file what I may do with it."""
from __future__ import annotations

from ideas.filing import ideas_mine_view
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import make_campaign, make_draft, make_filed, person


def test_my_files_are_translated_and_say_what_i_may_do(session):
    owner = person(session, unit=make_unit(session))
    campaign = make_campaign(session)
    draft = make_draft(session, owner=owner, campaign=campaign, title="Bản nháp")
    filed = make_filed(session, owner=owner, campaign=campaign)
    page = ideas_mine_view.my_files_view(session=session, actor=owner, lang="vi")
    assert set(page.files) == {draft.id, filed.id} and page.labels[draft.id] == "— · Bản nháp"
    assert page.files[draft.id].editable and page.files[draft.id].receipt_no is None
    assert page.files[filed.id].receipt_no == filed.receipt_no and page.files[filed.id].withdrawable
    assert not page.files[filed.id].recognised and page.files[filed.id].return_reason == ""
    assert "ideas.mine." not in " ".join(page.table.columns) and not page.table.isna().any().any()
