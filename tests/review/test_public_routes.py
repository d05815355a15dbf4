"""/verify/<code> and /registry over HTTP against a running server: content, escaping, 404, lookup limit, paging."""
from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path

import pytest
import requests

from ideas.core.models import AwardList
from ideas.core.models.review import new_verification_code
from ideas.papers import verification
from tests.support import launch
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import certified
from tests.support.factories.rewards import make_approved_title

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<script>alert("x")</script> & "><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    """The deployed app behind one trusted proxy, so tests choose clients."""
    log = tmp_path_factory.mktemp("public") / "server.log"
    with launch.deployed_app(database_url, log, IDEAS_TRUSTED_PROXIES="1") as app:
        yield app.url


def get(base: str, path: str, client: str = "203.0.113.10", **params: object) -> requests.Response:
    return requests.get(f"{base}{path}", params=params, headers={"X-Forwarded-For": client}, timeout=30,
                        allow_redirects=False)


def test_a_certificate_code_shows_the_decision_in_vietnamese_and_nothing_confidential(server, db):
    with db.session() as s:
        unit = make_unit(s, name="UBND phường Thuận Hòa")
        author = make_user(s, unit=unit, full_name="Nguyễn Thị Lan")
        idea, decision, certificate = certified(s, title="Tiếp nhận hồ sơ qua Zalo", unit=unit, authors=[author],
                                                decided_on=dt.date(2026, 4, 9), scope="provincial",
                                                confidential="Mật khẩu tài khoản Zalo OA")
        idea.essence = "Quy trình bí mật từng bước"
        code, number, email = certificate.verification_code, certificate.number, author.email
    answer = get(server, f"/verify/{code}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert '<html lang="vi">' in page
    for shown in ("Giấy chứng nhận sáng kiến", "Văn bản hợp lệ", number, decision.number, "09/04/2026",
                  "Cấp tỉnh", "Tiếp nhận hồ sơ qua Zalo", "Nguyễn Thị Lan", "UBND phường Thuận Hòa", code):
        assert shown in page, shown
    for hidden in ("Mật khẩu", "bí mật", "2026-04-09", "None"):
        assert hidden not in page, hidden
    assert not email or email not in page
    policy = answer.headers["content-security-policy"]
    assert "style-src 'sha256-" in policy and "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert "<script" not in page
    # the code as typed from paper works too, through the form
    typed = get(server, "/verify", code=code.lower().replace("-", " "))
    assert typed.status_code == 303 and typed.headers["location"] == f"/verify/{code}"


def test_an_approved_award_decision_verifies_and_a_draft_does_not(server, db):
    with db.session() as s:
        item = make_approved_title(s, user=make_user(s, full_name="Phan Văn Khải"), code="CSTD_CS", year=2025)
        award_list = s.get(AwardList, item.list_id)
        code, number = award_list.verification_code, award_list.decision_no
    page = get(server, f"/verify/{code}").text
    assert "Quyết định khen thưởng" in page and number in page and "01/12/2025" in page and "Phan Văn Khải" in page
    with db.session() as s:
        s.get(AwardList, item.list_id).status = "draft"
    assert get(server, f"/verify/{code}").status_code == 404


def test_hostile_titles_and_names_are_escaped_on_both_pages(server, db):
    with db.session() as s:
        unit = make_unit(s, name=HOSTILE)
        _, _, certificate = certified(s, title=HOSTILE, unit=unit, authors=[make_user(s, unit=unit,
                                                                                   full_name=HOSTILE)])
        code = certificate.verification_code
    for page in (get(server, f"/verify/{code}").text, get(server, "/registry", q="script").text):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert escape(HOSTILE) in page
    reflected = get(server, "/registry", q='"><script>alert(2)</script>').text
    assert "<script>alert(2)" not in reflected and escape('"><script>alert(2)</script>') in reflected


def test_unknown_codes_get_a_clear_404_then_the_client_waits_even_for_a_real_code(server, db):
    with db.session() as s:
        _, _, certificate = certified(s)
        code = certificate.verification_code
    missing = get(server, f"/verify/{new_verification_code()}", client="198.51.100.20")
    assert missing.status_code == 404 and "Không tìm thấy văn bản nào có mã xác thực này" in missing.text
    assert '<html lang="vi">' in missing.text
    for _ in range(verification.FREE_MISSES - 1):
        assert get(server, "/verify/AAAA-BBBB-CC", client="198.51.100.20").status_code == 404
    resting = get(server, f"/verify/{code}", client="198.51.100.20")
    assert resting.status_code == 429 and int(resting.headers["retry-after"]) > 0
    assert "Vui lòng thử lại sau" in resting.text and code not in resting.text.split("<form")[0]
    assert get(server, f"/verify/{code}", client="198.51.100.21").status_code == 200


def test_registry_searches_filters_and_pages_with_links_to_verify(server, db):
    with db.session() as s:
        district = make_unit(s, name="UBND huyện A Lưới")
        codes = {}
        for n in range(23):
            _, _, certificate = certified(s, title=f"Sáng kiến cải cách số {n:02d}", unit=district,
                                          decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
            codes[n] = certificate.verification_code
        certified(s, title="Sáng kiến có thông tin mật", confidential="Không công khai")
    first = get(server, "/registry").text
    assert "23 sáng kiến" in first and "Trang 1/2" in first and "Sáng kiến cải cách số 22" in first
    assert f'href="/verify/{codes[22]}"' in first and "thông tin mật" not in first
    assert "Sáng kiến cải cách số 02" not in first
    second = get(server, "/registry", page=2).text
    assert "Sáng kiến cải cách số 02" in second and "Sáng kiến cải cách số 00" in second and "Trang 2/2" in second
    found = get(server, "/registry", q="CAI CACH SO 07").text
    assert "1 sáng kiến" in found and "Sáng kiến cải cách số 07" in found
    assert "0 sáng kiến" in get(server, "/registry", year=2020).text
    assert "Không có sáng kiến nào phù hợp." in get(server, "/registry", scope="national").text
    assert get(server, "/registry", page="x", unit="y", year="z").status_code == 400  # issue 25: odd filters are 400
    assert re.search(r"\d{2}/\d{2}/2026", first)
