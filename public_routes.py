"""Public pages served beside the Streamlit app (no sign-in): /verify/<code>, POST /verify/file and /registry.

Server-rendered HTML: every text from the database goes through html.escape; the one inline style is
allowed by its hash in this page's own Content-Security-Policy (the middleware keeps a policy a response
already has and adds the other security headers).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import logging
from html import escape
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from ideas.accounts.throttle import client_address
from ideas.core.db import shared_database
from ideas.core.errors import DomainError
from ideas.core.i18n import fmt_date, fmt_datetime, fmt_number, t
from ideas.core.models import Unit
from ideas.core.text import clean
from ideas.core.words import SCOPES
from ideas.papers import verification

STYLE = """
body{font-family:"Times New Roman",Georgia,serif;margin:0;background:#f6f7f9;color:#1d2430}
header{background:#a31d24;color:#fff;padding:.8rem 1.5rem}header a{color:#fff;text-decoration:none;font-weight:bold}
main{max-width:64rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.6rem}
.card{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:1rem 1.5rem;margin-bottom:1rem}
.ok{border-left:6px solid #1b7f3b}.bad{border-left:6px solid #a31d24}
dl{display:grid;grid-template-columns:14rem 1fr;gap:.4rem 1rem}dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d9dde3;padding:.4rem;
text-align:left;vertical-align:top}th{background:#eef0f3}
form{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.9rem}input,select,button{font-size:1rem;padding:.3rem}
nav.pager{display:flex;gap:1rem;margin:1rem 0}footer{margin:2rem 0;font-size:.9rem}
input,select{max-width:100%;box-sizing:border-box}
td{overflow-wrap:anywhere}
@media (max-width:40rem){header{padding:.8rem 1rem}main{padding:0 .75rem}
dl{grid-template-columns:1fr;gap:.1rem}dd{margin-bottom:.5rem}.card{padding:.75rem 1rem}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.cards tr{border:1px solid #d9dde3;border-radius:6px;margin-bottom:.75rem;padding:.4rem .6rem;background:#fff}
table.cards td{border:0;padding:.2rem 0}table.cards td::before{content:attr(data-label);display:block;
font-size:.85rem;font-weight:bold;color:#3d4756}}
"""
logger = logging.getLogger(__name__)
CSP = ("default-src 'none'; style-src 'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
       + "'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"content-security-policy": CSP, "cache-control": "no-store"}


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _page(lang: str, title: str, body: str, status: int = 200, **headers: str) -> HTMLResponse:
    html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer"><title>{escape(title)} · {escape(t("verify.site", lang))}'
            f'</title><style>{STYLE}</style></head><body><header><a href="/registry">'
            f'{escape(t("verify.site", lang))}</a></header><main>{body}'
            f'<footer><a href="/registry">{escape(t("verify.to_registry", lang))}</a> · '
            f'<a href="/">{escape(t("verify.to_app", lang))}</a></footer></main></body></html>')
    return HTMLResponse(html, status_code=status, headers={**HEADERS, **headers})


def _lookup_form(lang: str, code: str = "") -> str:
    return (f'<form method="get" action="/verify"><label>{escape(t("verify.form.code", lang))}'
            f'<input name="code" value="{escape(code)}" maxlength="20" autocomplete="off"></label>'
            f'<button type="submit">{escape(t("verify.form.submit", lang))}</button></form>')


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in pairs
                            if value) + "</dl>"


def _table(heads: list[str], rows: list[list[str]]) -> str:
    """A table of escaped headings and cells (cells already HTML: escaped text or our links). On a phone each row
    is a card whose cells carry their heading (data-label), so that nothing scrolls sideways."""
    head = "".join(f"<th>{escape(text)}</th>" for text in heads)
    body = "".join("<tr>" + "".join(f'<td data-label="{escape(label)}">{cell}</td>'
                                    for label, cell in zip(heads, cells, strict=True)) + "</tr>" for cells in rows)
    return f'<table class="cards"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _people_table(lang: str, found: verification.Verified) -> str:
    award = found.kind == "award_decision"
    heads = ["verify.col.name", "verify.col.unit"] + (["verify.col.form"] if award else [])
    rows = [[escape(cell) for cell in [p.name, p.unit] + ([p.detail] if award else [])] for p in found.people]
    caption = t("verify.recipients" if award else "verify.authors", lang)
    return f"<h2>{escape(caption)}</h2>" + _table([t(key, lang) for key in heads], rows)


def _verified_body(lang: str, found: verification.Verified) -> str:
    scope = t(f"verify.scope.{found.scope}", lang) if found.scope else ""
    pairs = [(t("verify.field.code", lang), found.code),
             (t("verify.field.number", lang), found.number),
             (t("verify.field.issued_on", lang), fmt_date(found.issued_on, lang)),
             (t("verify.field.decision_no", lang), found.decision_no),
             (t("verify.field.decision_date", lang), fmt_date(found.decision_date, lang)),
             (t("verify.field.agency", lang), found.agency),
             (t("verify.field.title" if found.kind == "certificate" else "verify.field.list_title", lang), found.title),
             (t("verify.field.scope", lang), scope),
             (t("verify.field.unit", lang), found.unit),
             (t("verify.field.signer_title", lang), found.signer_title)]
    return (f'<h1>{escape(t(f"verify.kind.{found.kind}", lang))}</h1>'
            f'<div class="card ok"><p><strong>{escape(t("verify.valid", lang))}</strong></p>{_rows(pairs)}</div>'
            + _people_table(lang, found))


def _verify(code: str, client: str) -> tuple[verification.Verified | None, DomainError | None]:
    # A miss is counted by the service; return (not raise) so that the session commits the count.
    with shared_database().session() as session:
        try:
            return verification.verify(session=session, code=code, client=client), None
        except DomainError as error:
            return None, error


async def verify_form(request: Request) -> HTMLResponse | RedirectResponse:
    """GET /verify[?code=...]: the lookup form, or on to the code's page."""
    lang = _lang(request)
    code = clean(request.query_params.get("code", ""))
    if code:
        target = verification.normalise(code) or code
        suffix = "?lang=en" if lang == "en" else ""
        return RedirectResponse(f"/verify/{quote(target[:40], safe='')}{suffix}", status_code=303)
    body = (f'<h1>{escape(t("verify.title", lang))}</h1><div class="card"><p>{escape(t("verify.lead", lang))}</p>'
            f'{_lookup_form(lang)}</div>{_file_form(lang)}')
    return _page(lang, t("verify.title", lang), body)


# ---------------------------------------------------------------- verification by file


def _file_form(lang: str) -> str:
    action = "/verify/file" + ("?lang=en" if lang == "en" else "")
    return (f'<div class="card"><p>{escape(t("papers_trust.verify.file_lead", lang))}</p>'
            f'<form method="post" action="{action}" enctype="multipart/form-data">'
            f'<label>{escape(t("papers_trust.verify.file_label", lang))}'
            '<input type="file" name="file" accept="application/pdf,.pdf" required></label>'
            f'<button type="submit">{escape(t("papers_trust.verify.file_submit", lang))}</button></form></div>')


def _yes_no(flag: bool, lang: str) -> str:
    return t("papers_trust.verify.yes" if flag else "papers_trust.verify.no", lang)


def _signatures_table(lang: str, checks: list) -> str:
    if not checks:
        return f'<div class="card"><p>{escape(t("papers_trust.verify.no_signatures", lang))}</p></div>'
    heads = [t(f"papers_trust.verify.col.{key}", lang) for key in ("signer", "intact", "valid", "trusted", "after",
                                                                     "time")]
    rows = []
    for check in checks:
        when = fmt_datetime(check.signed_at, lang) if check.signed_at else t("verify.none", lang)
        if check.timestamped:
            when += " " + t("papers_trust.verify.timestamped", lang)
        cells = [check.signer, _yes_no(check.intact, lang), _yes_no(check.valid, lang), _yes_no(check.trusted, lang),
                 _yes_no(check.unchanged_after, lang), when]
        rows.append([escape(cell) for cell in cells])
    return f'<h2>{escape(t("papers_trust.verify.signatures", lang))}</h2>' + _table(heads, rows)


def _file_body(lang: str, check: verification.FileCheck) -> str:
    good = check.verdict == "exact" and check.signatures and all(s.good for s in check.signatures)
    verdict = t(f"papers_trust.verify.verdict.{check.verdict}", lang)
    if check.verdict == "exact" and not good:
        verdict = t("papers_trust.verify.verdict.exact_unverified", lang)
    parts = [f'<h1>{escape(t("papers_trust.verify.file_title", lang))}</h1>',
             f'<div class="card {"ok" if good else "bad"}"><p><strong>{escape(verdict)}</strong></p>'
             + _rows([(t("papers_trust.verify.sha256", lang), check.sha256)]) + "</div>"]
    parts.append(_signatures_table(lang, check.signatures))
    if check.found is not None:
        parts.append(f'<h2>{escape(t("papers_trust.verify.record", lang))}</h2>'
                     + _verified_body(lang, check.found).replace("<h1>", "<h3>").replace("</h1>", "</h3>"))
    parts.append(_file_form(lang))
    return "".join(parts)


def _verify_file(data: bytes, client: str) -> tuple[verification.FileCheck | None, DomainError | None]:
    with shared_database().session() as session:
        try:
            return verification.verify_file(session=session, data=data, client=client), None
        except DomainError as error:
            return None, error


async def verify_upload(request: Request) -> HTMLResponse:
    """POST /verify/file: is this PDF exactly an issued paper, are its signatures intact and valid, whose is it."""
    lang = _lang(request)
    client = client_address(request.client.host if request.client else None, request.headers.get("x-forwarded-for"))
    limit = verification.MAX_UPLOAD_BYTES
    data = b""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared <= limit + 64 * 1024:
        try:
            form = await request.form(max_files=1, max_fields=2)
            upload = form.get("file")
            if upload is not None and hasattr(upload, "read"):
                data = await upload.read(limit + 1)
            await form.close()
        except Exception:  # noqa: BLE001 (a malformed multipart body is an unreadable upload)
            data = b""
    else:
        data = b"\0" * (limit + 1)  # too large: refused without reading it
    check, error = await run_in_threadpool(_verify_file, data, client)
    if check is not None:
        return _page(lang, t("papers_trust.verify.file_title", lang), _file_body(lang, check))
    resting = isinstance(error, verification.TooManyLookups)
    title = t("verify.error.too_many_title" if resting else "papers_trust.verify.bad_title", lang)
    body = (f'<h1>{escape(title)}</h1><div class="card bad"><p>{escape(t(error.key, lang, **error.params))}</p>'
            f'</div>{_file_form(lang)}')
    if resting:
        return _page(lang, title, body, status=429, **{"retry-after": str(error.params["seconds"])})
    return _page(lang, title, body, status=400)


async def verify_code(request: Request) -> HTMLResponse:
    """GET /verify/<code>: what the certificate or award decision says, 404 for an unknown code, 429 when resting."""
    lang = _lang(request)
    code = clean(request.path_params["code"])[:40]
    client = client_address(request.client.host if request.client else None, request.headers.get("x-forwarded-for"))
    found, error = await run_in_threadpool(_verify, code, client)
    if found is not None:
        return _page(lang, t(f"verify.kind.{found.kind}", lang), _verified_body(lang, found))
    resting = isinstance(error, verification.TooManyLookups)
    title = t("verify.error.too_many_title" if resting else "verify.error.not_found_title", lang)
    body = (f'<h1>{escape(title)}</h1><div class="card bad"><p>{escape(t(error.key, lang, **error.params))}</p>'
            f'</div><div class="card">{_lookup_form(lang, code)}</div>')
    if resting:
        return _page(lang, title, body, status=429, **{"retry-after": str(error.params["seconds"])})
    return _page(lang, title, body, status=404)


MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger number names nothing (and overflows on PostgreSQL)
YEARS = range(1900, 2101)  # outside, a year names no decision (and year 0 or 9999 overflows a date)
MAX_PAGE = 1_000_000


class BadParameter(Exception):
    """A query parameter the page cannot mean: answered 400 with the form (`label` names the field)."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.label = label


def _int(query, name: str, allowed: range, label: str) -> int | None:
    """?name as a whole number in `allowed`, None when absent or empty; anything else is BadParameter."""
    value = query.get(name, "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadParameter(label) from None
    if number not in allowed:
        raise BadParameter(label)
    return number


def _registry_data(filters: dict) -> tuple | None:
    """The page's rows, units and years; None when ?unit names no unit."""
    with shared_database().read_session() as session:
        if filters["unit_id"] is not None and session.get(Unit, filters["unit_id"]) is None:
            return None
        return (verification.registry(session, **filters), verification.registry_units(session),
                verification.registry_years(session))


def _guarded(endpoint):
    """An unforeseen error still answers a page of ours (so the middleware adds the security headers) and is
    logged; Starlette's own 500 would bypass the middleware."""
    @functools.wraps(endpoint)
    async def guarded(request: Request):
        try:
            return await endpoint(request)
        except Exception:
            logger.exception("public page %s failed", request.url.path)
            lang = _lang(request)
            title = t("security_surface.public.error_title", lang)
            message = escape(t("security_surface.public.error", lang))
            body = f'<h1>{escape(title)}</h1><div class="card bad"><p>{message}</p></div>'
            return _page(lang, title, body, status=500)

    return guarded


def _select(name: str, label: str, options: list[tuple[object, str]], chosen: object, lang: str) -> str:
    items = f'<option value="">{escape(t("registry.all", lang))}</option>' + "".join(
        f'<option value="{escape(str(value))}"{" selected" if value == chosen else ""}>{escape(text)}</option>'
        for value, text in options)
    return f'<label>{escape(label)}<select name="{name}">{items}</select></label>'


def _registry_table(lang: str, result: verification.RegistryPage) -> str:
    if not result.rows:
        return f'<div class="card"><p>{escape(t("registry.empty", lang))}</p></div>'
    heads = [t(f"registry.col.{key}", lang) for key in ("title", "authors", "unit", "scope", "decision", "verify")]
    lines = []
    for row in result.rows:
        decision = " ".join(part for part in (row.decision_no, fmt_date(row.decision_date, lang)) if part)
        link = (f'<a href="/verify/{quote(row.code)}">{escape(t("registry.verify_link", lang))}</a>'
                if row.code else escape(t("verify.none", lang)))
        cells = [escape(row.title), escape(", ".join(row.authors)), escape(row.unit),
                 escape(t(f"verify.scope.{row.scope}", lang)), escape(decision or t("verify.none", lang)), link]
        lines.append(cells)
    return _table(heads, lines)


def _pager(lang: str, result: verification.RegistryPage, params: dict) -> str:
    def link(page: int, key: str) -> str:
        query = urlencode({k: v for k, v in {**params, "page": page}.items() if v not in (None, "")})
        return f'<a href="/registry?{escape(query)}">{escape(t(key, lang))}</a>'

    parts = [link(result.page - 1, "registry.prev")] if result.page > 1 else []
    parts.append(f"<span>{escape(t('registry.page', lang, page=result.page, pages=result.pages))}</span>")
    if result.page < result.pages:
        parts.append(link(result.page + 1, "registry.next"))
    return f'<nav class="pager">{"".join(parts)}</nav>'


async def registry(request: Request) -> HTMLResponse:
    """GET /registry?q=&unit=&year=&scope=&page=: recognised, non-confidential initiatives, paged in SQL."""
    lang = _lang(request)
    query = request.query_params
    text = clean(query.get("q", ""))[:200]
    scope = query.get("scope") or None
    try:
        if scope is not None and scope not in SCOPES:
            raise BadParameter(t("registry.scope", lang))
        filters = {"text": text, "unit_id": _int(query, "unit", range(1, MAX_ID + 1), t("registry.unit", lang)),
                   "year": _int(query, "year", YEARS, t("registry.year", lang)), "scope": scope,
                   "page": _int(query, "page", range(1, MAX_PAGE + 1), t("security_surface.registry.page", lang)) or 1}
    except BadParameter as bad:
        title = t("security_surface.registry.bad_title", lang)
        body = (f'<h1>{escape(title)}</h1><div class="card bad"><p>'
                f'{escape(t("security_surface.registry.bad", lang, field=bad.label))}</p></div>')
        return _page(lang, title, body + '<p><a href="/registry">' + escape(t("registry.title", lang)) + "</a></p>",
                     status=400)
    found = await run_in_threadpool(_registry_data, filters)
    if found is None:
        title = t("security_surface.registry.unit_title", lang)
        body = (f'<h1>{escape(title)}</h1><div class="card bad"><p>{escape(t("security_surface.registry.unit", lang))}'
                f'</p></div><p><a href="/registry">{escape(t("registry.title", lang))}</a></p>')
        return _page(lang, title, body, status=404)
    result, units, years = found
    form = (f'<form method="get" action="/registry"><label>{escape(t("registry.search", lang))}'
            f'<input name="q" value="{escape(text)}" maxlength="200"></label>'
            + _select("unit", t("registry.unit", lang), units, filters["unit_id"], lang)
            + _select("year", t("registry.year", lang), [(y, str(y)) for y in years], filters["year"], lang)
            + _select("scope", t("registry.scope", lang),
                      [(s, t(f"verify.scope.{s}", lang)) for s in SCOPES], scope, lang)
            + ('<input type="hidden" name="lang" value="en">' if lang == "en" else "")
            + f'<button type="submit">{escape(t("registry.submit", lang))}</button></form>')
    params = {"q": text, "unit": filters["unit_id"], "year": filters["year"], "scope": scope,
              "lang": "en" if lang == "en" else None}
    body = (f'<h1>{escape(t("registry.title", lang))}</h1><p>{escape(t("registry.lead", lang))}</p>{form}'
            f'<p>{escape(t("registry.total", lang, count=fmt_number(result.total, lang)))}</p>'
            + _registry_table(lang, result) + _pager(lang, result, params)
            + f'<div class="card">{_lookup_form(lang)}</div>')
    return _page(lang, t("registry.title", lang), body)


ROUTES = [Route("/verify", _guarded(verify_form)), Route("/verify/file", _guarded(verify_upload), methods=["POST"]),
          Route("/verify/{code:path}", _guarded(verify_code)), Route("/registry", _guarded(registry))]
