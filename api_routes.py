"""The read-only JSON API, mounted under /api/v1/ beside the Streamlit app (st.App routes).

GET only (anything else: 405); `Authorization: Bearer <token>`; errors as {"error": {"code", "message"}};
each call, refused ones included, is logged in api_calls. The rules live in ideas/api/; this module only
turns HTTP into calls and answers into JSON. Reference and examples: docs/API.md.
"""
from __future__ import annotations

import logging
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Match, Mount, NoMatchFound, Route

from ideas.accounts.throttle import client_address
from ideas.api import queries, tokens
from ideas.core.db import shared_database
from ideas.core.errors import DomainError, NotFound
from ideas.core.i18n import t

logger = logging.getLogger(__name__)
PREFIX = "/api/v1"
READ_METHODS = ("GET", "HEAD")
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
MESSAGES = {"unauthorized": "api.http.unauthorized", "rate_limited": "api.http.rate_limited",
            "method_not_allowed": "api.http.method_not_allowed", "not_found": "api.http.not_found"}


def _lang(request: Request) -> str:
    return "vi" if request.headers.get("accept-language", "").lower().startswith("vi") else "en"


def _error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers={"cache-control": "no-store", **(headers or {})})


def _page_links(request: Request, meta: dict) -> dict:
    pages = -(-meta["total"] // meta["per_page"])
    meta["pages"] = pages
    nxt = str(request.url.include_query_params(page=meta["page"] + 1)) if meta["page"] < pages else None
    prev = str(request.url.include_query_params(page=meta["page"] - 1)) if meta["page"] > 1 else None
    return {"next": nxt, "prev": prev}


def _listing(query, *filters: str):
    """A paged list view: ?page, ?per_page and the named filters passed on to `query`."""
    def view(session, caller, request):
        q = request.query_params
        data, meta = query(session=session, unit_ids=caller.unit_ids, **{name: q.get(name) for name in filters},
                           paging=queries.paging(q.get("page"), q.get("per_page")))
        return {"data": data, "meta": meta, "links": _page_links(request, meta)}

    return view


def _item(query, id_name: str):
    def view(session, caller, request):
        return {"data": query(session=session, unit_ids=caller.unit_ids, **{id_name: request.path_params["item_id"]})}

    return view


def _participation(session, caller, request):
    q = request.query_params
    return {"data": queries.participation(session=session, unit_ids=caller.unit_ids,
                                          stored_scope=caller.stored_scope, year=q.get("year"), unit=q.get("unit"),
                                          structure=q.get("structure"))}


def _unknown(session, caller, request):
    raise NotFound("api.http.not_found")


def _answer(view, request: Request) -> JSONResponse:
    """Authenticate and charge the quota (one short transaction), read, then log the call."""
    started = time.monotonic()
    database = shared_database()
    authorization = request.headers.get("authorization")
    client = client_address(request.client.host if request.client else None,
                            request.headers.get("x-forwarded-for"))
    lang = _lang(request)
    with database.session() as session:
        caller = tokens.authenticate(session=session, authorization=authorization)
        if isinstance(caller, tokens.Refusal):
            tokens.record_call(session=session, token_id=caller.token_id, method=request.method,
                               path=request.url.path, status=caller.status, client=client,
                               duration_ms=int((time.monotonic() - started) * 1000))
    if isinstance(caller, tokens.Refusal):
        headers = {"retry-after": str(caller.retry_after)} if caller.retry_after else \
            {"www-authenticate": 'Bearer realm="api"'}
        return _error(caller.status, caller.code, t(MESSAGES[caller.code], lang), headers)
    try:
        with database.read_session() as session:
            response = JSONResponse(view(session, caller, request), headers={"cache-control": "no-store"})
    except NotFound as error:
        response = _error(404, "not_found", t(error.key, lang, **error.params))
    except DomainError as error:
        response = _error(400, "bad_request", t(error.key, lang, **error.params))
    except Exception:
        logger.exception("API %s %s failed", request.method, request.url.path)
        response = _error(500, "internal_error", t("security_surface.api.internal", lang))
    with database.session() as session:
        tokens.record_call(session=session, token_id=caller.token_id, method=request.method,
                           path=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
                           status=response.status_code, client=client,
                           duration_ms=int((time.monotonic() - started) * 1000))
    return response


def _endpoint(view, name: str):
    async def endpoint(request: Request) -> JSONResponse:
        if request.method not in READ_METHODS:
            return _error(405, "method_not_allowed", t(MESSAGES["method_not_allowed"], _lang(request)),
                          {"allow": ", ".join(READ_METHODS)})
        return await run_in_threadpool(_answer, view, request)

    endpoint.__name__ = name
    return endpoint


class _Rest(BaseRoute):
    """Anything else under /api/v1 as the JSON 404 (with its api_calls row): Starlette's `{rest:path}` does not
    match a path holding a newline, which would otherwise fall through to Streamlit's plain-text 404."""

    def __init__(self) -> None:
        self.endpoint = _endpoint(_unknown, "unknown_rest")

    def matches(self, scope):
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == PREFIX or path.startswith(PREFIX + "/")):
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params):
        raise NoMatchFound(name, path_params)

    async def handle(self, scope, receive, send) -> None:
        response = await self.endpoint(Request(scope, receive))
        await response(scope, receive, send)


ROUTES = [Mount(PREFIX, routes=[
    Route("/initiatives", _endpoint(_listing(queries.initiatives, "unit", "year", "scope", "structure"), "initiatives"),
          methods=EVERY_METHOD),
    Route("/initiatives/{item_id:int}", _endpoint(_item(queries.initiative, "initiative_id"), "initiative"),
          methods=EVERY_METHOD),
    Route("/award-lists", _endpoint(_listing(queries.award_lists, "unit", "year"), "award_lists"),
          methods=EVERY_METHOD),
    Route("/award-lists/{item_id:int}", _endpoint(_item(queries.award_list, "list_id"), "award_list"),
          methods=EVERY_METHOD),
    Route("/participation", _endpoint(_participation, "participation"), methods=EVERY_METHOD),
    Route("/{rest:path}", _endpoint(_unknown, "unknown"), methods=EVERY_METHOD),
]), _Rest()]
