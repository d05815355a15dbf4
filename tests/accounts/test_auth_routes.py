"""The HTTP side against a running server: claim bound to its browser, security headers, metrics, uploads, origins."""
from __future__ import annotations

import asyncio
import secrets
import socket
import tomllib
from pathlib import Path

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

import auth_routes
from ideas.accounts import sessions, users
from ideas.core import settings
from ideas.core.errors import AccountLocked, AuthenticationError
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
def test_websockets_only_from_this_origin(server, origin, allowed):  # no IDEAS_BASE_URL: development on loopback
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
    assert server["corsAllowedOrigins"] == [] and server["maxUploadSize"] == settings.UPLOAD_LIMIT_MB
    assert server["enableStaticServing"] is False and server["enableAgentApi"] is False


def test_dns_rebinding_is_refused_although_origin_and_host_agree(server):
    """A page of evil.example whose name resolves to this server: Origin and Host both say evil.example."""
    port = server.rsplit(":", 1)[1]
    with socket.create_connection(("127.0.0.1", int(port))) as sock, pytest.raises(InvalidStatus) as refused:
        with connect(f"ws://evil.example:{port}/_stcore/stream", sock=sock, origin=f"http://evil.example:{port}",
                     open_timeout=5):
            pass
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://sangkien.tinh.gov.vn", True), ("https://SANGKIEN.tinh.gov.vn:443/", True),
    ("http://sangkien.tinh.gov.vn", False), ("https://sangkien.tinh.gov.vn:8443", False),
    ("https://other.tinh.gov.vn", True), ("http://127.0.0.1:8501", False), ("null", False)])
def test_websocket_origins_are_the_configured_public_ones(monkeypatch, origin, allowed):
    monkeypatch.setenv("IDEAS_BASE_URL", "https://sangkien.tinh.gov.vn/")
    monkeypatch.setenv("IDEAS_ALLOWED_ORIGINS", "https://other.tinh.gov.vn")
    host = origin.split("://")[-1].rstrip("/")
    scope = {"type": "websocket", "server": ("127.0.0.1", 8501),
             "headers": [(b"host", host.encode()), (b"origin", origin.encode())]}
    assert auth_routes._origin_allowed(scope) is allowed


def test_a_claim_gives_the_browser_an_httponly_device_cookie_that_exempts_it(server, db):
    client = browser(server)
    result = start_login(db, client)
    answer = claim(client, server, result.claim_token)
    device = next(c for c in client.cookies if c.name == "sk_device")
    assert device.has_nonstandard_attr("HttpOnly") and device.path == "/" and not device.domain_specified
    assert "samesite=lax" in answer.headers["set-cookie"].lower()
    name = result.user.username
    for i in range(20):  # the browser's address is resting: someone there sprayed names
        with pytest.raises(AuthenticationError), db.session() as s:
            users.login(session=s, username=f"ten.{i}", password="sai-mat-khau-1", client="203.0.113.77")
    with pytest.raises(AccountLocked), db.session() as s:  # another browser at that address
        users.login(session=s, username=name, password=PASSWORD, client="203.0.113.77")
    with db.session() as s:  # this one, as pages/login.py passes its cookie
        assert users.login(session=s, username=name, password=PASSWORD, client="203.0.113.77",
                           device=client.cookies.get("sk_device")).user.id == result.user.id


def test_on_https_every_cookie_is_host_prefixed_and_secure(db, monkeypatch):
    """IDEAS_BASE_URL says HTTPS: /auth/claim sets __Host- cookies (Secure, Path=/, no Domain), reads __Host- ones."""
    from starlette.requests import Request

    monkeypatch.setenv("IDEAS_BASE_URL", "https://sangkien.tinh.gov.vn")
    monkeypatch.setenv("DATABASE_URL", db.url)
    nonce = secrets.token_urlsafe(32)
    with db.session() as s:
        user = make_user(s)
    with db.session() as s:
        result = users.login(session=s, username=user.username, password=PASSWORD, nonce=nonce)

    def request(cookie_header: str) -> Request:  # as uvicorn hands it behind the TLS-terminating proxy
        return Request({"type": "http", "method": "GET", "path": "/auth/claim", "scheme": "http",
                        "query_string": f"t={result.claim_token}".encode(), "server": ("127.0.0.1", 8501),
                        "headers": [(b"host", b"sangkien.tinh.gov.vn"), (b"cookie", cookie_header.encode())]})

    refused = asyncio.run(auth_routes.claim(request(f"sk_prelogin={nonce}")))  # a bare name is not ours
    assert b"set-cookie" not in dict(refused.raw_headers)
    answer = asyncio.run(auth_routes.claim(request(f"__Host-sk_prelogin={nonce}")))
    cookies = [value.decode() for name, value in answer.raw_headers if name == b"set-cookie"]
    assert {c.split("=", 1)[0] for c in cookies} == {"__Host-sk_session", "__Host-sk_device", "__Host-sk_prelogin"}
    for cookie in cookies:
        attributes = [part.strip().lower() for part in cookie.split(";")]
        assert "secure" in attributes and "path=/" in attributes
        assert not any(part.startswith("domain") for part in attributes)
    assert all("httponly" in c.lower() for c in cookies if not c.startswith("__Host-sk_prelogin"))
    assert sessions.cookie_name("sk_session") == "__Host-sk_session"
    monkeypatch.setenv("IDEAS_BASE_URL", "http://localhost:8501")
    assert sessions.cookie_name("sk_session") == "sk_session"  # plain HTTP: browsers refuse the prefix there


@pytest.mark.parametrize(("host", "origin", "allowed"), [
    ("127.0.0.1:7000", "http://127.0.0.1:7000", True),  # a local proxy (nginx) in front, passing its Host
    ("127.0.0.1:9000", "http://localhost:9000", True),
    ("127.0.0.1:9000", "http://localhost:7000", False),  # another local port's page
    ("evil.example:9000", "http://evil.example:9000", False),
    ("10.0.0.5:9000", "http://10.0.0.5:9000", False)])  # a real name needs IDEAS_BASE_URL
def test_without_a_public_address_only_loopback_origins_are_accepted(monkeypatch, host, origin, allowed):
    monkeypatch.delenv("IDEAS_BASE_URL", raising=False)
    monkeypatch.delenv("IDEAS_ALLOWED_ORIGINS", raising=False)
    scope = {"type": "websocket", "server": ("127.0.0.1", 9000),
             "headers": [(b"host", host.encode()), (b"origin", origin.encode())]}
    assert auth_routes._origin_allowed(scope) is allowed
