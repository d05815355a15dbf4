"""AppTest: the settings page's digital-signing section, and the certificate PDF offered on "Sáng kiến của tôi"."""
from __future__ import annotations

import datetime as dt

from ideas.core import signing_settings
from ideas.review import decisions
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity, ready_for_decision


def test_admin_sets_the_time_stamp_server_and_a_bad_address_is_refused_in_vietnamese(app_env):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s, code="SNV", name="Sở Nội vụ"), roles=[("admin", None)],
                          full_name="Lê Quản Trị")
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, admin)
    at.run()
    at.switch_page("pages/admin_settings.py").run()
    assert not at.exception
    assert any(h.value == "Ký số văn bản" for h in at.subheader)
    at.text_input(key="sign_signing.tsa_url").set_value("ftp://tsa.example")
    _save_signing(at)
    assert not at.exception
    assert any("http://" in e.value for e in at.error)
    at.text_input(key="sign_signing.tsa_url").set_value("http://tsa.example.vn")
    at.selectbox(key="sign_signing.tsa_policy").set_value("continue")
    _save_signing(at)
    assert not at.exception
    with app_env.read_session() as s:
        config = signing_settings.load(s)
    assert config.tsa_url == "http://tsa.example.vn" and config.tsa_policy == "continue"


def test_the_author_is_offered_the_certificate_pdf_as_kept_a_draft_without_a_key(app_env):
    with app_env.session() as s:
        make_user(s, unit=make_unit(s, code="SNV", name="Sở Nội vụ"), roles=[("admin", None)])  # past first run
        complete_identity(s)
        case = ready_for_decision(s)
        decisions.decide(session=s, actor=case["chair"], idea_id=case["idea"].id, number="7/QĐ-HĐSK",
                         decided_on=dt.date(2026, 11, 20))
        author = case["author"]
        s.commit()
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, author)
    at.run()
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Tải giấy chứng nhận (PDF bản nháp, chưa ký số)" in labels


def _save_signing(at) -> None:
    next(button for button in at.button if button.proto.form_id == "signing_settings").click().run()
