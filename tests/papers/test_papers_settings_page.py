"""AppTest of the settings page's identity section: the warning while placeholders remain, then a saved identity."""
from __future__ import annotations

from ideas.papers import identity
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import SIGNERS

FILLED = {"parent_body": "Ủy ban nhân dân tỉnh An Hòa", "issuing_body": "Hội đồng sáng kiến tỉnh", "place": "An Hòa",
          "public_url": "https://sangkien.anhoa.gov.vn"}


def test_the_admin_sees_what_is_missing_fills_it_in_and_the_warning_goes(app_env):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s, name="Sở Nội vụ"), roles=[("admin", None)])
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_settings.py").run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Cơ quan ban hành" in warning and "Địa danh" in warning and "Họ tên người ký" in warning
    for key, value in FILLED.items():
        at.text_input(key=f"id_0_{key}").input(value)
    for kind, signer in SIGNERS.items():
        for part, value in signer.items():
            at.text_input(key=f"id_0_signers.{kind}.{part}").input(value)
    next(b for b in at.button if b.label == "Lưu thông tin cơ quan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        saved = identity.identity_for(s)
        assert (saved.issuing_body, saved.place, saved.signer("award").name) == (
            "Hội đồng sáng kiến tỉnh", "An Hòa", SIGNERS["award"]["name"])
        assert [identity.missing(saved, kind) for kind in identity.KINDS] == [[]] * len(identity.KINDS)
    assert not at.warning and any("Đã điền đủ" in m.value for m in at.success)


def test_the_author_is_told_why_no_certificate_yet_then_gets_the_pdf_beside_the_docx(app_env):
    from tests.support.factories.papers import complete_identity
    from tests.support.factories.review import certified

    with app_env.session() as s:
        make_user(s, unit=make_unit(s), roles=[("admin", None)])  # past the first-run setup page
        idea, _, _ = certified(s)
        author = idea.owner
    at = signed_in_app(app_env, author)
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    assert at.get("download_button") == [] and any("/admin_settings" in w.value for w in at.warning)
    with app_env.session() as s:
        complete_identity(s)
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải giấy chứng nhận (.pdf)" in labels and len(labels) >= 2 and not at.warning
