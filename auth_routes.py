"""HTTP routes and middleware served beside the Streamlit app (st.App).

Routes turn a login into an HttpOnly cookie; the middleware adds security headers, hides the metrics
endpoint and refuses uploads from browsers that are not signed in.
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from ideas.accounts import sessions
from ideas.core import settings
from ideas.core.db import shared_database

SESSION_COOKIE = "sk_session"
NONCE_COOKIE = "sk_prelogin"  # planted by pages/login.py before the password is checked
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
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _claim(token: str, nonce: str | None) -> tuple[str | None, int]:
    with shared_database().session() as session:
        cookie = sessions.claim_session(session=session, claim_token=token, nonce=nonce)
        days = settings.get_int(session, "auth.session_days")
    return cookie, days


async def claim(request: Request) -> RedirectResponse:
    """GET /auth/claim?t=<one-time token>: set the session cookie and go to the app.

    Refused when another site sent the browser here or when the browser is not the one that logged in.
    """
    token = request.query_params.get("t", "")
    cross_site = request.headers.get("sec-fetch-site") == "cross-site"
    nonce = request.cookies.get(NONCE_COOKIE)
    cookie, days = await run_in_threadpool(_claim, token, nonce) if token and not cross_site else (None, 0)
    response = RedirectResponse("/", status_code=303)
    if cookie:
        response.set_cookie(SESSION_COOKIE, cookie, max_age=days * 86400, httponly=True, samesite="lax",
                            secure=_secure(request), path="/")
        response.delete_cookie(NONCE_COOKIE, path="/")  # the next login gets a fresh one
    return response


def _logout(token: str | None) -> None:
    with shared_database().session() as session:
        sessions.logout(session=session, token=token)


async def logout(request: Request) -> RedirectResponse:
    """GET /auth/logout: end the server-side session and drop the cookie."""
    await run_in_threadpool(_logout, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [Route("/auth/claim", claim), Route("/auth/logout", logout)]


def _signed_in(token: str | None) -> bool:
    with shared_database().session() as session:
        return sessions.resolve_session(session=session, token=token) is not None


def _origin_allowed(scope) -> bool:
    """Same origin, or listed in IDEAS_ALLOWED_ORIGINS; Streamlit alone also admits any localhost port."""
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
    origin = headers.get("origin")
    if not origin:
        return True  # not a browser: browsers always send Origin on a WebSocket
    listed = {item.strip().rstrip("/") for item in os.environ.get(ALLOWED_ORIGINS_ENV, "").split(",") if item.strip()}
    return urlsplit(origin).netloc == headers.get("host") or origin.rstrip("/") in listed


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
        if path in HIDDEN_PATHS:
            await PlainTextResponse("Not Found", status_code=404, headers=SECURITY_HEADERS)(scope, receive, send)
            return
        if path.startswith(UPLOAD_PREFIX) and scope.get("method") in ("PUT", "POST"):
            token = Request(scope).cookies.get(SESSION_COOKIE)
            if not token or not await run_in_threadpool(_signed_in, token):
                refused = PlainTextResponse(UPLOAD_REFUSED, status_code=403, headers=SECURITY_HEADERS)
                await refused(scope, receive, send)
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                         if name.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


MIDDLEWARE = [Middleware(SecurityMiddleware)]


@asynccontextmanager
async def lifespan(_app):
    """Upgrade the schema with Alembic before the server answers anything."""
    from ideas.core.migrate import upgrade

    await run_in_threadpool(upgrade, shared_database())
    yield
