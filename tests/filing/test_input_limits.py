"""Input is never lost: one upload limit everywhere, each refused file named, every widget limit judged by a
service (issue 27, criterion 4)."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from ideas.accounts import import_files
from ideas.core import settings
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text, t
from ideas.filing import attachments
from ideas.rewards import eligibility
from tests.support import launch
from tests.support.files import excel_unicode_text

ROOT = Path(__file__).resolve().parents[2]
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _calls(name: str) -> list[tuple[str, ast.Call]]:
    """Every call of `st.<name>` / `<column>.<name>` in pages/*.py, with its file."""
    found = []
    for path in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name:
                found.append((path.name, node))
    return found


def test_the_upload_limit_is_one_number_in_service_widget_server_label_and_nginx():
    limit = settings.UPLOAD_MAX_BYTES
    # A megabyte as the upload widget counts it in the browser (1,000,000 bytes): the widget and the services
    # refuse the same files.
    assert limit == settings.UPLOAD_LIMIT_MB * 1_000_000 == 10_000_000
    assert attachments.MAX_BYTES == import_files.MAX_BYTES == eligibility.MAX_IMPORT_BYTES == limit
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == settings.UPLOAD_LIMIT_MB == 10
    # nginx and Streamlit's server count the same 10 in MiB: a 10 MB file and its multipart framing fit.
    nginx = launch.NGINX_CONF.format(tmp="/t", port=1, servers="", balance="", body_mb=settings.UPLOAD_LIMIT_MB)
    assert "client_max_body_size 10m;" in nginx
    assert "client_max_body_size 10m;" in (ROOT / "docs" / "DEPLOY.md").read_text("utf-8")
    assert limit + 64 * 1024 < 10 * 1024 * 1024
    # Every uploader states the same limit, and the labels say it.
    uploaders = _calls("file_uploader")
    assert len(uploaders) >= 4
    for page, call in uploaders:
        sizes = [ast.unparse(k.value) for k in call.keywords if k.arg == "max_upload_size"]
        assert sizes == ["settings.UPLOAD_LIMIT_MB"], page
    assert "tối đa 10 MB mỗi tệp" in t("ideas.submit.files", "vi", limit_mb=settings.UPLOAD_LIMIT_MB,
                                         per_idea=attachments.MAX_PER_IDEA)
    assert "tối đa 10 MB" in t("import.file", "vi", limit_mb=settings.UPLOAD_LIMIT_MB)
    assert error_text(ValidationError("import.error.too_large", megabytes=settings.UPLOAD_LIMIT_MB), "vi") == \
        "Tệp quá lớn (tối đa 10 MB)."


def test_no_widget_cuts_text_or_refuses_a_date_on_its_own():
    """No `max_chars` (Streamlit drops a longer paste without a word); every date widget has the wide bounds."""
    for name in ("text_input", "text_area"):
        for page, call in _calls(name):
            assert "max_chars" not in {k.arg for k in call.keywords}, (page, call.lineno)
    dates = _calls("date_input")
    assert len(dates) >= 19
    for page, call in dates:
        spread = {ast.unparse(k.value) for k in call.keywords if k.arg is None}
        assert spread & {"settings.DATE_INPUT", "settings.DATE_BOUNDS"}, (page, call.lineno)
        assert not {"min_value", "max_value"} & {k.arg for k in call.keywords}, (page, call.lineno)
    assert settings.DATE_BOUNDS["min_value"].year <= 1900 and settings.DATE_BOUNDS["max_value"].year >= 2100


def test_a_file_over_the_limit_is_refused_naming_it_and_one_at_the_limit_is_taken():
    at_limit = PDF + b"0" * (settings.UPLOAD_MAX_BYTES - len(PDF))
    assert attachments.check_file("đúng-hạn.pdf", at_limit) == "pdf"
    with pytest.raises(ValidationError) as caught:
        attachments.check_file("Báo cáo lớn.pdf", at_limit + b"0")
    assert error_text(caught.value, "vi") == "Tệp «Báo cáo lớn.pdf» vượt quá 10 MB."


def test_each_refused_file_of_an_upload_is_named():
    exe = b"MZ\x90\x00" + b"\x00" * 200
    files = [("tốt.pdf", PDF), ("to.pdf", PDF + b"0" * settings.UPLOAD_MAX_BYTES), ("virus.pdf", exe),
             ("rỗng.png", b"")]
    messages = [error_text(error, "vi") for error in attachments.file_problems(files)]
    assert messages == [
        "Tệp «to.pdf» vượt quá 10 MB.",
        "Tệp «virus.pdf» không đúng định dạng cho phép (pdf, docx, xlsx, png, jpg); định dạng được kiểm tra "
        "theo nội dung tệp, không theo tên.",
        "Tệp «rỗng.png» rỗng."]


UNITS_ROWS = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế"],
              ["T", "UBND tỉnh", "", "3"], ["S", 'Sở Nội vụ "mới"', "T", "20"]]


def test_excels_unicode_text_is_read_like_a_csv():
    data = excel_unicode_text(UNITS_ROWS)
    assert data[:2] == b"\xff\xfe"
    assert import_files.read_rows(data, "don-vi.txt") == UNITS_ROWS
    assert "txt" in import_files.FILE_TYPES and "csv" in import_files.FILE_TYPES
    with pytest.raises(ValidationError) as caught:
        import_files.read_rows(data, "don-vi.pdf")
    assert caught.value.key == "import.error.file_type"


# Pagers and filters keep their bounds: a refused page number or filter year loses nothing typed.
BOUNDED_NUMBERS = {("admin_accounts.py", "common.page"), ("admin_audit.py", "audit.page"),
                   ("ideas_browse.py", "common.page"), ("inbox.py", "common.page"), ("dashboard.py", "annual.year"),
                   ("review_deadlines.py", "review.deadlines.within"), ("rewards_eligibility.py", "rewards.year"),
                   ("rewards_ledger.py", "rewards.year"), ("review_screening.py", "review.assign.count")}


def test_no_number_widget_of_a_form_refuses_a_value_on_its_own():
    """Streamlit refuses an out-of-range number in English and keeps the old value: forms leave it to services."""
    bounded = set()
    for name in ("number_input", "NumberColumn"):
        for page, call in _calls(name):
            if {"min_value", "max_value"} & {k.arg for k in call.keywords}:
                label = call.args[0]
                bounded.add((page, label.args[0].value if isinstance(label, ast.Call) else ast.unparse(label)))
    assert bounded <= BOUNDED_NUMBERS, bounded - BOUNDED_NUMBERS


def test_a_whole_number_setting_out_of_range_is_refused_naming_it(session):
    from tests.support.factories.accounts import make_user

    admin = make_user(session, roles=[("admin", None)])
    with pytest.raises(ValidationError) as caught:
        settings.set_value(session=session, actor=admin, key="auth.lockout_minutes", value=0)
    assert error_text(caught.value, "vi").endswith("phải từ 1 đến 100.000.")
    assert error_text(caught.value, "vi").startswith("«")
    settings.set_value(session=session, actor=admin, key="auth.lockout_minutes", value=1)


def test_text_for_sized_columns_is_refused_naming_the_field_not_failing_in_the_database(session):
    """Council name, decision number and award-form names: no widget limit, the services name the field."""
    import datetime as dt

    from sqlalchemy import select

    from ideas.core.models import CouncilMember
    from ideas.review import councils, decisions, scoring
    from ideas.review.votes import record_votes
    from ideas.rewards import rules
    from tests.support.factories.accounts import make_unit, make_user
    from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea

    admin = make_user(session, roles=[("admin", None)])
    with pytest.raises(ValidationError) as caught:
        councils.create_council(session=session, actor=admin, campaign_id=make_campaign(session).id,
                                name="Hội đồng sáng kiến " * 20)
    assert error_text(caught.value, "vi").startswith("Trường «Tên Hội đồng» dài ")
    with pytest.raises(ValidationError) as caught:
        rules.add_award_form(session=session, actor=admin, code="BK", name_vi="Bằng khen " * 30, name_en="Merit",
                             kind=rules.KINDS[0], level="province", allows_individual=True, allows_collective=False,
                             coefficient="1", effective_from=dt.date(2026, 1, 1), legal_basis="Luật 06/2022/QH15")
    assert error_text(caught.value, "vi").startswith("Trường «Tên (tiếng Việt)» dài")
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=2)
    idea = make_idea(session, campaign=campaign, unit=unit, owner=make_user(session, unit=unit), title="Một cửa")
    chair = people["chair"][0]
    scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=session, actor=chair, idea_id=idea.id, mode="all")
    for reviewer in [chair, *people["member"]]:
        scoring.score(session=session, actor=reviewer, idea_id=idea.id, points=full_scores((25, 15, 25, 15)),
                      verdict="meets")
    members = session.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)).all()
    record_votes(session=session, actor=chair, idea_id=idea.id, votes={m.id: "for" for m in members})
    with pytest.raises(ValidationError) as caught:
        decisions.decide(session=session, actor=chair, idea_id=idea.id, number="125/QĐ-HĐSK " * 6)
    assert error_text(caught.value, "vi").startswith("Trường «Số quyết định» dài")
    assert decisions.decide(session=session, actor=chair, idea_id=idea.id, number="125/QĐ-HĐSK").number == "125/QĐ-HĐSK"
