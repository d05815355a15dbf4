"""The submit form's read model and value helpers without AppTest: labels, authors, shares, input, choices."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ideas.filing import ideas_submit_view, submissions
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import make_campaign, person


def test_required_fields_are_marked_and_choices_are_labelled():
    labels = ideas_submit_view.field_labels("vi")
    assert labels["title"] == "Tên sáng kiến *"
    assert labels["investor"] == "Chủ đầu tư tạo ra sáng kiến (nếu không phải tác giả)"
    assert set(ideas_submit_view.LABELLED_FIELDS) <= set(labels)


def test_authors_shares_and_the_total_come_from_widget_values():
    values = {"owner_id": 1, "coauthors": [3, 1, 2], "share_1": 50.0, "share_3": 33.5}
    assert ideas_submit_view.author_ids(values) == [1, 3, 2]
    assert ideas_submit_view.even_share_values(values) == {"share_1": 33.34, "share_3": 33.33, "share_2": 33.33}
    assert ideas_submit_view.share_text(Decimal("83.50"), "vi") == "83,5"
    assert ideas_submit_view.share_text(Decimal("100"), "en") == "100"


def test_form_input_keeps_only_what_was_filled_in():
    values = {"owner_id": 7, "coauthors": [8], "share_7": 60.0, "share_8": None, "title": "Một cửa",
              "problem": None, "par": ["PAR1"], "campaign": None, "vnd_saved": "", "hours_saved": 2.5,
              "first_applied_on": dt.date(2026, 1, 2), "files_0": [], "people_search": "an"}
    data = ideas_submit_view.form_input(values)
    assert data.authors == [(7, Decimal("60.0")), (8, Decimal("0"))]
    assert (data.title, data.par_codes, data.vnd_saved, data.hours_saved) == ("Một cửa", ["PAR1"], None, 2.5)
    assert data.first_applied_on == dt.date(2026, 1, 2) and not data.problem
    assert ideas_submit_view.draft_text(values) == "Một cửa\n\n\n"


def test_view_offers_campaigns_coauthors_and_the_share_total(session):
    unit = make_unit(session)
    owner = person(session, unit=unit, full_name="Trần Chủ")
    other = person(session, unit=unit, full_name="Lê Đồng")
    campaign = make_campaign(session, name="Đợt 2026")
    fresh = ideas_submit_view.submit_form_view(session=session, actor=owner, values={"owner_id": owner.id}, lang="vi")
    assert fresh.campaign == campaign.id  # a new form starts in the first open campaign
    assert fresh.authors == [owner.id] and fresh.share_total == "0"
    assert fresh.options["solution_type"]["technical"] == "Giải pháp kỹ thuật"
    values = {"owner_id": owner.id, "coauthors": [other.id], "campaign": None, "people_search": "Lê",
              f"share_{owner.id}": 70.0, f"share_{other.id}": 30.5}
    view = ideas_submit_view.submit_form_view(session=session, actor=owner, values=values, lang="vi")
    assert view.campaign == (None if None in view.campaigns else campaign.id)
    assert view.coauthor_options[0] == other.id and owner.id not in view.coauthor_options
    assert view.authors == [owner.id, other.id] and view.share_total == "100,5"
    assert view.name_of(other.id).startswith("Lê Đồng") and view.name_of(999_999) == "999999"


def test_after_a_save_a_draft_stays_open_and_a_filed_form_starts_afresh():
    saved = submissions.Saved(idea_id=5, version=3, receipt_no="SK-2026-0005", due=None)
    assert ideas_submit_view.after_save(saved, False, {"upload_round": 2}) == {"idea_id": 5, "version": 3,
                                                                              "upload_round": 3}
    assert ideas_submit_view.after_save(saved, False, {})["upload_round"] == 1
    assert ideas_submit_view.after_save(saved, True, {"upload_round": 2}) == {"done": saved, "reset": True}
