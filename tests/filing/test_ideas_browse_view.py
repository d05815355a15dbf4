"""The browse page's view: filters with "all" first, one page of ideas translated and formatted."""
from ideas.filing import ideas_browse_view
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_campaign, make_idea, person


def test_options_offer_all_first_in_the_language(session):
    unit = make_unit(session, code="H1", name="Huyện 1")
    make_campaign(session, year=2025)
    options = ideas_browse_view.browse_options(session=session, actor=person(session, unit=unit), lang="vi")
    for labels in (options.units, options.pars, options.statuses, options.campaigns, options.years):
        assert next(iter(labels)) is None and labels[None] == "Tất cả"
    assert options.years[2025] == "2025" and unit.id in options.units
    assert "draft" not in options.statuses and set(options.sorts) == {"newest", "supports"}


def test_a_page_is_ready_to_show(session):
    unit = make_unit(session)
    owner = person(session, unit=unit)
    idea = make_idea(session, owner=owner, unit=unit, title="Một cửa điện tử")
    page = ideas_browse_view.browse_page(session=session, actor=owner, lang="vi", text="mot cua")
    assert page.total == 1 and page.ids == [idea.id]
    assert list(page.rows.columns) == list(ideas_browse_view.COLUMNS)
    row = page.rows.iloc[0]
    assert row["status"] == "Đã nộp"
    assert page.labels[idea.id].endswith(" · Một cửa điện tử")
