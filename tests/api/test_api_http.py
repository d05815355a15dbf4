"""The JSON API over HTTP against a running server: auth, scope, paging, fields, rate limit, call log, methods."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from ideas.api import tokens
from ideas.core.models import ApiCall, ApiToken, AuditLog
from ideas.core.permissions import SYSTEM
from tests.support.database import wipe
from tests.support.factories.api import build_province, make_token


@pytest.fixture(scope="module")
def world(database):
    with database.session() as s:
        built = build_province(s)
        built["ids"] = {key: value.id for key, value in built.items() if hasattr(value, "id")}
        built["east_idea_ids"] = [idea.id for idea in built["east_ideas"]]
        built["province_token"] = make_token(s)
        built["east_token"] = make_token(s, units=[built["east"]], name="Hệ thống huyện Đông")
    yield built
    wipe(database)


def get(base: str, path: str, token: str | None, **params) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(f"{base}/api/v1{path}", headers=headers, params=params, timeout=30)


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(server, world, database):
    for token in (None, "skapi_not-a-real-token"):
        answer = get(server, "/initiatives", token)
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["www-authenticate"].startswith("Bearer")
    answer = requests.get(f"{server}/api/v1/initiatives", headers={"Authorization": world["province_token"]})
    assert answer.status_code == 401  # the secret without the Bearer scheme
    with database.session() as s:
        secret = make_token(s, name="Sắp thu hồi")
        token_id = s.scalar(select(ApiToken.id).where(ApiToken.token_hash == tokens.hash_secret(secret)))
    assert get(server, "/initiatives", secret).status_code == 200
    with database.session() as s:
        tokens.revoke_token(session=s, actor=SYSTEM, token_id=token_id)
    assert get(server, "/initiatives", secret).status_code == 401
    with database.read_session() as s:
        statuses = s.scalars(select(ApiCall.status).where(ApiCall.token_id == token_id).order_by(ApiCall.id)).all()
        assert statuses == [200, 401]
        assert s.scalar(select(ApiCall).where(ApiCall.token_id.is_(None), ApiCall.status == 401)) is not None


def test_only_get_is_allowed(server, world):
    for method in ("post", "put", "delete", "patch"):
        answer = getattr(requests, method)(f"{server}/api/v1/initiatives", timeout=30,
                                           headers={"Authorization": f"Bearer {world['province_token']}"})
        assert answer.status_code == 405, method
        assert answer.json()["error"]["code"] == "method_not_allowed" and answer.headers["allow"] == "GET, HEAD"
    missing = get(server, "/no-such-thing", world["province_token"])
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_district_token_sees_only_its_subtree(server, world):
    east, west_idea = world["east_token"], world["ids"]["west_idea"]
    listed = get(server, "/initiatives", east, per_page=100).json()
    assert sorted(item["id"] for item in listed["data"]) == sorted(world["east_idea_ids"])
    assert get(server, f"/initiatives/{west_idea}", east).status_code == 404
    assert get(server, f"/initiatives/{west_idea}", world["province_token"]).status_code == 200
    outside = get(server, "/initiatives", east, unit=world["ids"]["west"])
    assert outside.status_code == 404 and outside.json()["error"]["message"]
    commune = get(server, "/initiatives", east, unit=world["ids"]["commune"]).json()
    assert commune["meta"]["total"] == 3
    lists = get(server, "/award-lists", east).json()["data"]
    assert [item["id"] for item in lists] == [world["lists"]["east"].id]
    assert get(server, f"/award-lists/{world['lists']['west'].id}", east).status_code == 404
    units = {row["unit"]["id"] for row in get(server, "/participation", east, year=2026).json()["data"]["units"]}
    assert units == {world["ids"]["east"], world["ids"]["commune"]}


def test_paging_and_filters(server, world):
    token = world["province_token"]
    first = get(server, "/initiatives", token, per_page=2).json()
    assert first["meta"] == {"page": 1, "per_page": 2, "total": 6, "pages": 3}
    assert first["links"]["prev"] is None and "page=2" in first["links"]["next"]
    last = requests.get(get(server, "/initiatives", token, per_page=2, page=2).json()["links"]["next"],
                        headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    assert len(last["data"]) == 2 and last["links"]["next"] is None
    seen = [item["id"] for page in (1, 2, 3) for item in get(server, "/initiatives", token, per_page=2,
                                                                  page=page).json()["data"]]
    assert len(set(seen)) == 6
    for bad in ({"per_page": 500}, {"page": 0}, {"page": "x"}, {"year": "abc"}, {"scope": "galaxy"}):
        answer = get(server, "/initiatives", token, **bad)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_request", bad
    assert get(server, "/initiatives", token, year=2024).json()["meta"]["total"] == 1
    assert [i["id"] for i in get(server, "/initiatives", token, scope="provincial").json()["data"]] == [
        world["ids"]["west_idea"]]


def test_fields_are_public_dates_iso_and_money_integer(server, world):
    token = world["province_token"]
    data = get(server, f"/initiatives/{world['east_idea_ids'][0]}", token).json()["data"]
    assert "confidential_info" not in data and "BÍ MẬT" not in str(data)
    assert data["benefits"]["vnd_saved"] == 12_500_000 and data["decisions"][0]["decided_on"] == "2025-06-01"
    assert data["authors"] == [{"name": "Phạm Văn Đông", "unit_id": world["ids"]["commune"], "share": 100.0}]
    assert data["decided_at"].endswith("+00:00") and data["unit"]["name"] == "UBND huyện Đông"
    lists = get(server, "/award-lists", token).json()
    assert {item["id"] for item in lists["data"]} == {world["lists"]["east"].id, world["lists"]["west"].id}
    detail = get(server, f"/award-lists/{world['lists']['east'].id}", token).json()["data"]
    assert detail["status"] == "approved" and detail["decision_date"] == "2025-08-05"
    assert detail["items"][0]["amount"] == 710_000 and detail["total_amount"] == 710_000
    assert isinstance(detail["items"][0]["base_salary"], int)
    assert get(server, f"/award-lists/{world['draft'].id}", token).status_code == 404


def test_participation_reuses_the_dashboard_figures(server, world):
    from ideas.dashboards import reports

    answer = get(server, "/participation", world["province_token"], year=2026).json()["data"]
    assert answer["year"] == 2026
    rows = {row["unit"]["id"]: row for row in answer["units"]}
    assert rows[world["ids"]["east"]]["headcount"] == 60  # the district and its commune
    assert rows[world["ids"]["province"]]["headcount"] == 100
    assert set(rows[world["ids"]["east"]]) >= {"submitters", "participation_pct", "ideas", "recognised"}
    assert reports.participation  # the same function the dashboard calls (ideas.api.queries.participation)


def test_rate_limit_answers_429_with_retry_after(server, database):
    with database.session() as s:
        secret = make_token(s, rate=3, name="Hệ thống gọi nhiều")
    codes = [get(server, "/award-lists", secret).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    answer = get(server, "/award-lists", secret)
    assert answer.status_code == 429 and answer.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(answer.headers["retry-after"]) <= 60


def test_every_call_is_logged_and_token_changes_are_audited(server, world, database):
    get(server, "/initiatives", world["east_token"], per_page=1)
    with database.read_session() as s:
        token = s.scalar(select(ApiToken).where(ApiToken.token_hash == tokens.hash_secret(world["east_token"])))
        call = s.scalars(select(ApiCall).where(ApiCall.token_id == token.id).order_by(ApiCall.id.desc())).first()
        assert (call.method, call.status, call.path) == ("GET", 200, "/api/v1/initiatives?per_page=1")
        assert call.client == "127.0.0.1" and token.last_used_at is not None
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "api.token.create",
                                                 AuditLog.entity_id == str(token.id))).one()
        assert "Hệ thống huyện Đông" in audit.details and token.token_hash not in audit.details
