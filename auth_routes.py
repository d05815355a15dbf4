"""HTTP routes and middleware served beside the Streamlit app (st.App).

Routes turn a login into an HttpOnly cookie (and the browser's device cookie); the middleware refuses
WebSockets from origins other than the configured public ones, adds security headers, hides the metrics
endpoint and refuses uploads from browsers that are not signed in.
"""
from __future__ import annotations

import gzip
import os
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

import frontend_locale
from ideas.accounts import devices, sessions
from ideas.core import settings
from ideas.core.db import shared_database

# Base names; `sessions.cookie_name` adds the __Host- prefix where the deployment is HTTPS.
SESSION_COOKIE = sessions.SESSION_COOKIE
NONCE_COOKIE = sessions.NONCE_COOKIE  # planted by pages/login.py before the password is checked
DEVICE_COOKIE = sessions.DEVICE_COOKIE
SECURITY_HEADERS = {
    "content-security-policy": "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
HIDDEN_PATHS = ("/_stcore/metrics",)
UPLOAD_PREFIX = "/_stcore/upload_file"
ALLOWED_ORIGINS_ENV = "IDEAS_ALLOWED_ORIGINS"
UPLOAD_REFUSED = "Sign in before uploading."


def _secure(request: Request) -> bool:
    """Secure cookies: always on an HTTPS deployment (IDEAS_BASE_URL), else when this request came over TLS.

    (A forged X-Forwarded-Proto can only add Secure, which costs the forger their own cookie.)
    """
    return (sessions.https_deployment() or request.url.scheme == "https"
            or request.headers.get("x-forwarded-proto") == "https")


def _claim(token: str, nonce: str | None, device: str | None) -> tuple[str | None, int, str | None]:
    """(session cookie, its days, the browser's new device cookie) or (None, 0, None) for a refused claim."""
    with shared_database().session() as session:
        cookie = sessions.claim_session(session=session, claim_token=token, nonce=nonce)
        days = settings.get_int(session, "auth.session_days")
        user = sessions.resolve_session(session=session, token=cookie) if cookie else None
        known = devices.remember(session, user_id=user.id, cookie=device) if user else None
    return cookie, days, known


async def claim(request: Request) -> RedirectResponse:
    """GET /auth/claim?t=<one-time token>: set the session and device cookies and go to the app.

    Refused when another site sent the browser here or when the browser is not the one that logged in.
    """
    name = sessions.cookie_name
    token = request.query_params.get("t", "")
    cross_site = request.headers.get("sec-fetch-site") == "cross-site"
    nonce = request.cookies.get(name(NONCE_COOKIE))
    device = request.cookies.get(name(DEVICE_COOKIE))
    cookie, days, known = (await run_in_threadpool(_claim, token, nonce, device) if token and not cross_site
                           else (None, 0, None))
    response = RedirectResponse("/", status_code=303)
    if cookie:
        secure = _secure(request)
        response.set_cookie(name(SESSION_COOKIE), cookie, max_age=days * 86400, httponly=True, samesite="lax",
                            secure=secure, path="/")
        response.set_cookie(name(DEVICE_COOKIE), known, max_age=devices.DEVICE_DAYS * 86400, httponly=True,
                            samesite="lax", secure=secure, path="/")
        response.delete_cookie(name(NONCE_COOKIE), path="/", secure=secure)  # the next login gets a fresh one
    return response


def _logout(token: str | None) -> None:
    with shared_database().session() as session:
        sessions.logout(session=session, token=token)


async def logout(request: Request) -> RedirectResponse:
    """GET /auth/logout: end the server-side session and drop the cookie."""
    name = sessions.cookie_name(SESSION_COOKIE)
    await run_in_threadpool(_logout, request.cookies.get(name))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(name, path="/", secure=_secure(request))  # the device cookie stays: a known browser
    return response


ROUTES = [Route("/auth/claim", claim), Route("/auth/logout", logout)]


def _signed_in(token: str | None) -> bool:
    with shared_database().session() as session:
        return sessions.resolve_session(session=session, token=token) is not None


def _origin(value: str) -> str:
    """scheme://host[:port] in lower case, default ports dropped; "" for anything else."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def public_origins(headers: dict[str, str], scope) -> set[str]:
    """The origins allowed to open the WebSocket: configured, never any name taken from the request.

    IDEAS_BASE_URL's origin plus IDEAS_ALLOWED_ORIGINS. Without IDEAS_BASE_URL (development on one machine):
    the loopback names at the port this server listens on, or at the Host header's port when that header names
    loopback too (a local proxy in front) — never another name, so DNS rebinding finds nothing.
    """
    listed = {_origin(item) for item in os.environ.get(ALLOWED_ORIGINS_ENV, "").split(",") if item.strip()}
    if os.environ.get(sessions.PUBLIC_ADDRESS_ENV, "").strip():
        return (listed | {_origin(sessions.public_address())}) - {""}
    ports = {str((scope.get("server") or (None, 8501))[1])}
    host = _origin(f"http://{headers.get('host', '')}")
    if host and urlsplit(host).netloc.rsplit(":", 1)[0] in LOOPBACK_NAMES:
        ports.add(str(urlsplit(host).port or 80))
    listed |= {_origin(f"http://{name}:{port}") for name in LOOPBACK_NAMES for port in ports}
    return listed - {""}


def _origin_allowed(scope) -> bool:
    """Origin is one of the configured public origins (Streamlit alone also admits any localhost port).

    Comparing with the request's own Host admitted DNS rebinding: a page of evil.example whose name resolves
    to this server sends Origin http://evil.example and Host evil.example alike.
    """
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser: browsers always send Origin on a WebSocket
    return _origin(origin) in public_origins(headers, scope)


class SecurityMiddleware:
    """Pure ASGI: foreign WebSocket origins refused; headers on every HTTP answer; metrics hidden; uploads gated."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not _origin_allowed(scope):
            await receive()  # the connect event; closing before accepting answers the handshake with 403
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if scope.get("method") in ("GET", "HEAD") and (rewritten := frontend_locale.bundle(path)):
            await _bundle_response(scope, rewritten)(scope, receive, send)
            return
        if path in HIDDEN_PATHS:
            await PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)(scope, receive, send)
            return
        if path.startswith(UPLOAD_PREFIX) and scope.get("method") in ("PUT", "POST"):
            token = Request(scope).cookies.get(sessions.cookie_name(SESSION_COOKIE))
            if not token or not await run_in_threadpool(_signed_in, token):
                refused = PlainTextResponse(UPLOAD_REFUSED, status_code=403, headers=SECURITY_HEADERS)
                await refused(scope, receive, send)
                return

        held: dict = {}  # Streamlit's HTML shell, held until its last part to set the document's language

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                shell = _page_shell(message)
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                         if name.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
                if shell:
                    held.update(start=message, body=b"")
                    return
            elif message["type"] == "http.response.body" and held:
                held["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                start, body = _vietnamese_shell(held["start"], held["body"])
                await send(start)
                message = {"type": "http.response.body", "body": body}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page_shell(start: dict) -> bool:
    """An HTML answer without its own policy: Streamlit's page shell (our public pages set their own language),
    plain or gzipped (Streamlit gzips it for a page's address, not for /)."""
    headers = {name.lower(): value for name, value in start.get("headers", [])}
    return (headers.get(b"content-type", b"").startswith(b"text/html")
            and headers.get(b"content-encoding", b"gzip") == b"gzip" and b"content-security-policy" not in headers)


def _vietnamese_shell(start: dict, body: bytes) -> tuple[dict, bytes]:
    """The shell with frontend_locale.page_html applied, encoded as it came, its length updated."""
    headers = start["headers"]
    zipped = any(name.lower() == b"content-encoding" for name, _ in headers)
    page = frontend_locale.page_html(gzip.decompress(body) if zipped else body)
    body = gzip.compress(page, 6) if zipped else page
    headers = [(name, str(len(body)).encode() if name.lower() == b"content-length" else value)
               for name, value in headers]
    return {**start, "headers": headers}, body


def _bundle_response(scope, rewritten: tuple[bytes, bytes, str]) -> Response:
    """A file of Streamlit's bundle with its English strings made bilingual (frontend_locale), gzipped when the
    browser takes it; revalidated by its ETag."""
    body, zipped, etag = rewritten
    request = Request(scope)
    headers = {**SECURITY_HEADERS, "etag": etag, "cache-control": "no-cache", "vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(zipped, media_type="application/javascript", headers={**headers, "content-encoding": "gzip"})
    return Response(body, media_type="application/javascript", headers=headers)


MIDDLEWARE = [Middleware(SecurityMiddleware)]


@asynccontextmanager
async def lifespan(_app):
    """Upgrade the schema with Alembic before the server answers anything."""
    from ideas.core.migrate import upgrade

    await run_in_threadpool(upgrade, shared_database())
    yield
