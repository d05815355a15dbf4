"""The HTTP side against a running server: claim bound to its browser, security headers, metrics, uploads, origins."""
from __future__ import annotations

import secrets
import tomllib
from pathlib import Path

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

import auth_routes
from ideas.accounts import sessions, users
from tests.support.factories.accounts import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]


def browser(base: str) -> requests.Session:
    """A browser of its own that opened the login page, which planted its pre-login nonce."""
    client = requests.Session()
    client.cookies.set("sk_prelogin", secrets.token_urlsafe(32), domain="127.0.0.1", path="/")
    return client


def start_login(db, client: requests.Session) -> sessions.LoginResult:
    """What pages/login.py does when this browser submits the right password."""
    with db.session() as s:
        user = make_user(s)
    with db.session() as s:
        return users.login(session=s, username=user.username, password=PASSWORD,
                           nonce=client.cookies.get("sk_prelogin"))


def claim(client: requests.Session, base: str, token: str, **headers: str) -> requests.Response:
    return client.get(f"{base}/auth/claim", params={"t": token}, headers=headers, allow_redirects=False)


def test_a_claim_token_replayed_in_another_browser_signs_nobody_in(server, db):
    attacker, victim = browser(server), browser(server)
    result = start_login(db, attacker)
    answer = claim(victim, server, result.claim_token, **{"Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 303 and "sk_session" not in victim.cookies
    bare = requests.Session()  # a browser that never opened the login page
    assert "sk_session" not in claim(bare, server, result.claim_token).cookies
    # The browser that logged in still can (the failed replays did not burn its token).
    assert claim(attacker, server, result.claim_token).status_code == 303
    with db.session() as s:
        assert sessions.resolve_session(session=s, token=attacker.cookies.get("sk_session")).id == result.user.id
    assert "sk_prelogin" not in attacker.cookies  # the next login gets a fresh nonce


def test_a_claim_sent_from_another_site_is_refused_even_in_the_right_browser(server, db):
    client = browser(server)
    result = start_login(db, client)
    claim(client, server, result.claim_token, **{"Sec-Fetch-Site": "cross-site"})
    assert "sk_session" not in client.cookies


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/auth/claim?t=x"])
def test_security_headers_on_every_answer(server, path):
    answer = requests.get(f"{server}{path}", allow_redirects=False)
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"


def test_metrics_are_not_served(server):
    assert requests.get(f"{server}/_stcore/metrics").status_code == 404


def test_uploads_need_a_signed_in_browser(server, db):
    files = {"file": ("a.pdf", b"%PDF-1.4 test", "application/pdf")}
    anonymous = browser(server)
    refused = anonymous.put(f"{server}/_stcore/upload_file/s/f", files=files)
    assert (refused.status_code, refused.text) == (403, auth_routes.UPLOAD_REFUSED)
    signed_in = browser(server)
    claim(signed_in, server, start_login(db, signed_in).claim_token)
    # Past our gate Streamlit itself answers (here: no XSRF token and no such Streamlit session).
    assert signed_in.put(f"{server}/_stcore/upload_file/s/f", files=files).text != auth_routes.UPLOAD_REFUSED


@pytest.mark.parametrize(("origin", "allowed"), [
    (None, True), ("same", True), ("http://localhost:1", False), ("http://127.0.0.1:1", False),
    ("https://evil.example", False)])
def test_websockets_only_from_this_origin(server, origin, allowed):
    url = server.replace("http", "ws") + "/_stcore/stream"
    origin = server if origin == "same" else origin
    try:
        with connect(url, origin=origin, open_timeout=5):
            opened = True
    except InvalidStatus as refused:
        assert refused.response.status_code == 403
        opened = False
    assert opened is allowed


def test_streamlit_settings_are_tight():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["corsAllowedOrigins"] == [] and server["maxUploadSize"] == 10
    assert server["enableStaticServing"] is False and server["enableAgentApi"] is False
