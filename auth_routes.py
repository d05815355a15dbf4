"""HTTP routes served beside the Streamlit app (st.App): they turn a login into an HttpOnly cookie."""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from functools import lru_cache

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ideas.accounts import users
from ideas.core import settings
from ideas.core.db import Database, database_url

SESSION_COOKIE = "sk_session"


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return Database(url)


def _db() -> Database:
    return _database(database_url(os.environ.get("DATABASE_URL")))


def _claim(token: str) -> tuple[str | None, int]:
    with _db().session() as session:
        cookie = users.claim_session(session=session, claim_token=token)
        days = settings.get_int(session, "auth.session_days")
    return cookie, days


async def claim(request: Request) -> RedirectResponse:
    """GET /auth/claim?t=<one-time token>: set the session cookie and go to the app."""
    token = request.query_params.get("t", "")
    cookie, days = await run_in_threadpool(_claim, token) if token else (None, 0)
    response = RedirectResponse("/", status_code=303)
    if cookie:
        response.set_cookie(SESSION_COOKIE, cookie, max_age=days * 86400, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")
    return response


def _logout(token: str | None) -> None:
    with _db().session() as session:
        users.logout(session=session, token=token)


async def logout(request: Request) -> RedirectResponse:
    """GET /auth/logout: end the server-side session and drop the cookie."""
    await run_in_threadpool(_logout, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [Route("/auth/claim", claim), Route("/auth/logout", logout)]


@asynccontextmanager
async def lifespan(_app):  # noqa: ANN001
    """Upgrade the schema with Alembic before the server answers anything."""
    from ideas.core.migrate import upgrade

    await run_in_threadpool(upgrade, _db())
    yield
