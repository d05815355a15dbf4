"""Streamlit's own strings and the page's language (frontend_locale, served by auth_routes.SecurityMiddleware)."""
from __future__ import annotations

import asyncio
import gzip
import shutil
import subprocess

import pytest

import auth_routes
import frontend_locale

INDEX = (frontend_locale.STATIC / "index.html").read_bytes()


def test_every_english_string_is_still_in_the_installed_streamlit():
    """An upgrade of Streamlit that changes one of these strings fails here: update STRINGS from the new bundle."""
    assert frontend_locale.unmatched() == []


def test_each_swap_makes_the_string_follow_the_page_language():
    swap = next(s for s in frontend_locale.STRINGS if s.english == "`Drag and drop files here`")
    text, used = frontend_locale.rewrite("children:l?x:t?`Drag and drop files here`:y")
    assert used == {swap}
    assert text == ("children:l?x:t?(document.documentElement.lang===`en`?`Drag and drop files here`"
                    ":`Kéo và thả tệp vào đây`):y")


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the rewritten JavaScript's syntax")
def test_the_rewritten_bundle_files_are_valid_javascript(tmp_path):
    for name, (body, _zipped, _etag) in frontend_locale._rewritten().items():
        module = tmp_path / name.replace(".js", ".mjs")
        module.write_bytes(body)
        checked = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, f"{name}: {checked.stderr[-500:]}"


def test_the_page_shell_is_vietnamese_and_reads_aria_labels_plainly():
    html = frontend_locale.page_html(INDEX).decode()
    assert '<html lang="vi">' in html and 'lang="en"' not in html
    assert f"<title>{frontend_locale.APP_TITLE}</title>" in html
    assert html.index("MutationObserver") < html.index('type="module"')  # before Streamlit's code runs


def _serve(app, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[bytes, bytes], bytes]:
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()], "server": ("t", 80),
             "scheme": "http", "client": ("127.0.0.1", 1)}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(auth_routes.SecurityMiddleware(app)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


async def _streamlit_index(scope, receive, send):
    """What Streamlit answers for a page: its index.html, in two parts."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/html"), (b"content-length", str(len(INDEX)).encode())]})
    await send({"type": "http.response.body", "body": INDEX[:500], "more_body": True})
    await send({"type": "http.response.body", "body": INDEX[500:]})


def test_the_middleware_serves_the_page_shell_in_vietnamese_with_its_security_headers():
    status, headers, body = _serve(_streamlit_index, "/ideas_submit")
    assert status == 200 and b'<html lang="vi">' in body
    assert int(headers[b"content-length"]) == len(body)
    assert headers[b"x-frame-options"] == b"DENY"


def test_the_middleware_serves_the_bundle_bilingual_gzipped_and_revalidated():
    name = next(n for n in frontend_locale._rewritten() if n.startswith("FileUploader."))

    async def untouched(scope, receive, send):
        raise AssertionError("a rewritten file is served by the middleware, not by Streamlit")

    status, headers, body = _serve(untouched, f"/static/js/{name}", {"accept-encoding": "gzip, br"})
    assert status == 200 and headers[b"content-encoding"] == b"gzip"
    text = gzip.decompress(body).decode()
    assert "Kéo và thả tệp vào đây" in text and "`Drag and drop files here`" in text
    status, _headers, body = _serve(untouched, f"/static/js/{name}", {"if-none-match": headers[b"etag"].decode()})
    assert status == 304 and body == b""


def test_other_files_and_our_own_pages_are_left_to_streamlit_and_the_routes():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/html"), (b"content-security-policy", b"default-src 'none'")]})
        await send({"type": "http.response.body", "body": b'<html lang="en"><title>Streamlit</title>'})

    assert frontend_locale.bundle("/static/js/rolldown-runtime.BCiCTKAo.js") is None
    assert frontend_locale.bundle("/static/js/../../secret.js") is None
    _status, _headers, body = _serve(app, "/registry")  # a public page in English keeps its own language
    assert body == b'<html lang="en"><title>Streamlit</title>'


def test_the_generic_crash_message_is_vietnamese():
    """The constant is private to Streamlit: an upgrade that renames it fails here, not silently in English."""
    from streamlit.elements import exception

    assert exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT.startswith(("This app has encountered an error",
                                                                  frontend_locale.CRASH_TEXT))
    frontend_locale.translate_server_texts()
    assert exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT == frontend_locale.CRASH_TEXT


def test_a_gzipped_page_shell_is_rewritten_and_stays_gzipped():
    zipped = gzip.compress(INDEX)

    async def app(scope, receive, send):  # Streamlit gzips the shell for a page's address
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/html; charset=UTF-8"), (b"content-encoding", b"gzip"),
            (b"content-length", str(len(zipped)).encode())]})
        await send({"type": "http.response.body", "body": zipped})

    _status, headers, body = _serve(app, "/inbox")
    assert headers[b"content-encoding"] == b"gzip" and int(headers[b"content-length"]) == len(body)
    assert b'<html lang="vi">' in gzip.decompress(body)
