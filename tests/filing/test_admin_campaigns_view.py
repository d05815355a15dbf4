"""The campaigns page's view (formatted rows, each campaign's form values) and the page editing a campaign."""
import pytest

from ideas.core.errors import PermissionDenied
from ideas.core.models import Campaign
from ideas.filing import admin_campaigns_view
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import make_campaign, person


def test_rows_are_formatted_and_forms_hold_the_values(session):
    admin = person(session, roles=[("admin", None)])
    campaign = make_campaign(session, name="Đợt 2026", admin=admin)
    view = admin_campaigns_view.admin_campaigns_view(session=session, actor=admin, lang="vi")
    row = view.shown.iloc[0]
    assert list(view.shown.columns) == list(admin_campaigns_view.COLUMNS)
    assert row["unit_name"] == view.units[None] != "ideas.campaign.whole_province"
    assert row["opens_on"] == campaign.opens_on.strftime("%d/%m/%Y") and row["reviewers_per_idea"] == 0
    form = view.campaigns[campaign.id]
    assert (form.label, form.unit_id, form.active) == (f"Đợt 2026 ({campaign.year})", None, True)
    assert form.rubric_id == campaign.rubric_id and form.rubric_id in view.rubrics
    with pytest.raises(PermissionDenied):
        admin_campaigns_view.admin_campaigns_view(session=session, actor=person(session))


def test_the_page_closes_a_campaign(app_env):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)])
        campaign_id = make_campaign(s, admin=admin).id
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_campaigns.py").run()
    assert not at.exception and at.selectbox(key="camp_pick").value == campaign_id
    at.button(key="camp_close").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert not s.get(Campaign, campaign_id).active
