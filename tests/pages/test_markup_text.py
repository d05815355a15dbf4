"""Admin-entered rubric texts reach the reviewer's score form as plain text: band labels in the tooltip escaped,
and bare URLs and e-mail addresses in user-written labels kept from becoming links."""
from __future__ import annotations

import json

from sqlalchemy import select

import ui
from ideas.core.models import RubricCriterion
from ideas.core.text import unlink
from ideas.review import scoring
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea

HOSTILE_BAND = '![x](https://evil.example/t.png) **ĐỎ** <b>x</b> [bấm](https://evil.example) :red[đỏ]'
WJ = "\u2060"


def test_unlink_breaks_urls_www_and_e_mail_addresses_and_leaves_the_rest():
    assert unlink("Xem https://evil.vn/a và www.evil.vn, gửi cv@so.gov.vn") == (
        f"Xem https:{WJ}//evil.vn/a và www{WJ}.evil.vn, gửi cv@{WJ}so.gov.vn")
    assert unlink("Họp lúc 10:30, tỷ lệ 3/4, @ hội đồng") == "Họp lúc 10:30, tỷ lệ 3/4, @ hội đồng"
    escaped = ui.plain("https://evil.vn a@b.vn")
    assert "://" not in escaped.replace("\\", "") and "@b" not in escaped.replace("\\", "")
    assert escaped.replace("\\", "").replace(WJ, "") == "https://evil.vn a@b.vn"  # reads the same


def test_band_labels_and_criterion_names_are_plain_on_the_score_form(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=1, password=PASSWORD)
        if not s.scalar(select(RubricCriterion.id).limit(1)):
            raise AssertionError("the migrated database has no default rubric")
        for criterion in s.scalars(select(RubricCriterion)):
            criterion.bands = json.dumps([{"min": 0, "max": criterion.max_points, "label_vi": HOSTILE_BAND,
                                           "label_en": HOSTILE_BAND}])
            criterion.name_vi = criterion.name_en = "Tiêu chí xem https://evil.example hoặc hỏi a@evil.example"
        idea = make_idea(s, campaign=campaign, unit=unit, owner=make_user(s, unit=unit), title="Hồ sơ chấm")
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=s, actor=people["chair"][0], idea_id=idea.id, mode="all")
        make_user(s, roles=[("admin", None)], password=None)
    at = signed_in_app(app_env, people["member"][0])
    at.switch_page("pages/review_queue.py").run()
    assert not at.exception, at.exception
    inputs = [n for n in at.number_input if n.key and n.key.startswith(f"score_{idea.id}_")]
    assert inputs
    for field in inputs:
        assert "![" not in field.help and "](" not in field.help and "**" not in field.help and "<b>" not in field.help
        assert field.help.replace("\\", "").startswith("0–")  # the band, escaped, reads as written
        assert "https://" not in field.label.replace("\\", "") and f"@{WJ}evil" in field.label.replace("\\", "")
