"""One simulated browser tab over Streamlit's own WebSocket protocol (the BackMsg/ForwardMsg protobufs).

What the browser does, and what this client does the same way:
- GET /_stcore/health first (the browser's server ping; its answer plants the `_streamlit_xsrf` cookie);
- open `ws(s)://host/_stcore/stream` with the subprotocols `["streamlit", <xsrf cookie>]`, an `Origin`
  header of the app's own origin (auth_routes refuses any other) and the cookies (`sk_session` signs in);
- send `BackMsg.rerun_script` (a ClientState: page_script_hash, query string, widget states, and the fragment id
  when every widget set lies inside one `st.fragment`, which then reruns alone) and read
  ForwardMsgs until `script_finished`: a run stopped early for `st.rerun`/`st.switch_page` is followed by
  the next run, so only a final status ends an action.
Widgets are addressed by their `key` (the tail of the element id `$$ID-<hash>-<key>`); a value is sent
in the form Streamlit's serde expects (selectbox/radio: the shown label, multiselect: a list of labels,
number input: a double, button: a trigger).

streamlit is imported lazily, when the first tab connects.
"""
from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

FINAL_STATUSES = {0, 1, 3}  # FINISHED_SUCCESSFULLY, _WITH_COMPILE_ERROR, FRAGMENT_RUN_SUCCESSFULLY
EARLY_FOR_RERUN = 2
WIDGET_TYPES = ("button", "text_input", "text_area", "selectbox", "radio", "multiselect", "number_input",
                "checkbox", "dataframe", "download_button", "date_input")


def _proto():  # the generated modules, imported on first use
    from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2, WidgetStates_pb2

    return BackMsg_pb2, ForwardMsg_pb2, WidgetStates_pb2


def widget_key(element_id: str) -> str | None:
    """The user key inside a widget id `$$ID-<hash>-<key>` (None for widgets without a key)."""
    if not element_id.startswith("$$ID-"):
        return None
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else None


@dataclass
class RunResult:
    """What one action (a rerun until the final script_finished) produced."""

    seconds: float
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)
    messages: int = 0
    bytes: int = 0
    page_not_found: bool = False

    @property
    def ok(self) -> bool:
        return not (self.exceptions or self.error_alerts or self.page_not_found)

    def problems(self) -> list[str]:
        found = [f"exception: {m}" for m in self.exceptions] + [f"error: {m}" for m in self.error_alerts]
        return found + (["page not found"] if self.page_not_found else [])


class ProtocolError(Exception):
    """The server closed the connection or did not finish a run in time."""


class Tab:
    """One browser tab: a WebSocket session that runs pages and sets widgets, like the Streamlit frontend."""

    def __init__(self, base_url: str, *, cookies: dict[str, str] | None = None, timeout: float = 60.0,
                 timezone: str = "Asia/Ho_Chi_Minh", locale: str = "vi-VN") -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.timezone, self.locale = timezone, locale
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.page_hash = ""
        self.elements: dict[tuple[int, ...], Any] = {}  # delta path -> Element of the current run
        self.fragment_of: dict[tuple[int, ...], str] = {}  # delta path -> id of the st.fragment that drew it
        self.tab_bars: dict[str, str] = {}  # key -> id of a keyed st.tabs of the current run (its value: a label)
        self._fragment_run = ""  # the fragment the pending run reruns ("" for the whole page)
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._done: asyncio.Future | None = None
        self._result: RunResult | None = None

    # ------------------------------------------------------------ connection

    def _xsrf_cookie(self) -> None:
        """Ping /_stcore/health like the browser: the answer sets `_streamlit_xsrf` (sent in the handshake)."""
        request = urllib.request.Request(self.base_url + "/_stcore/health", headers={"Cookie": self._cookie_header()})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == "_streamlit_xsrf":
                    self.cookies["_streamlit_xsrf"] = rest.split(";", 1)[0]

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        await asyncio.to_thread(self._xsrf_cookie)
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        protocols = ["streamlit", self.cookies.get("_streamlit_xsrf") or "PLACEHOLDER_AUTH_TOKEN"]  # as the browser
        self._ws = await connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream", subprotocols=protocols,
            additional_headers={"Cookie": self._cookie_header(), "Origin": f"{parts.scheme}://{parts.netloc}"},
            max_size=None, ping_interval=None, open_timeout=self.timeout, close_timeout=5)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing anyway
                pass
        self._ws = self._reader = None

    # ------------------------------------------------------------ runs

    async def run(self, page: str | None = None, *, query: str = "", widgets: dict[str, Any] | None = None,
                  keep_page: bool = True) -> RunResult:
        """One rerun like a click or a page load: send the widget values, wait for the final script_finished.

        `page` is the page's url path name ("ideas_browse"); None stays on the current page.
        """
        back_msg_pb2, _, _ = _proto()
        msg = back_msg_pb2.BackMsg()
        state = msg.rerun_script
        state.query_string = query
        if page is not None:
            if page not in self.pages:
                raise ProtocolError(f"unknown page {page!r}; known: {sorted(self.pages)}")
            state.page_script_hash = self.pages[page]
        elif keep_page:
            state.page_script_hash = self.page_hash
        for widget_state in self._widget_states(widgets or {}):
            state.widget_states.widgets.append(widget_state)
        fragment = self._fragment_of_widgets(widgets or {}) if page is None and keep_page else ""
        if fragment:  # as the browser does: a widget inside an st.fragment reruns only that fragment
            state.fragment_id = fragment
        self._fragment_run = fragment
        info = state.context_info
        info.timezone, info.locale = self.timezone, self.locale
        info.url = f"{self.base_url}/{page or ''}" + (f"?{query}" if query else "")
        loop = asyncio.get_running_loop()
        self._done = loop.create_future()
        self._result = RunResult(seconds=0.0)
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(asyncio.shield(self._done), timeout=self.timeout)
        except TimeoutError as error:
            raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from error
        result = self._result
        result.seconds = time.perf_counter() - started
        return result

    def _fragment_of_widgets(self, values: dict[str, Any]) -> str:
        """The fragment id shared by every widget set, or "" (a widget outside any fragment reruns the page)."""
        found = set()
        for key in values:
            path = next((p for p, element in self.elements.items()
                         if (kind := element.WhichOneof("type")) in WIDGET_TYPES
                         and widget_key(getattr(element, kind).id) == key), None)
            found.add(self.fragment_of.get(path, "") if path is not None else "")
        return found.pop() if len(found) == 1 else ""

    def _widget_states(self, values: dict[str, Any]) -> list:
        _, _, widget_states_pb2 = _proto()
        states = []
        for key, value in values.items():
            kind, element = self.widget(key)
            if kind == "tabs":  # the label of the tab to open
                states.append(widget_states_pb2.WidgetState(id=element, string_value=str(value)))
                continue
            proto = getattr(element, kind)
            state = widget_states_pb2.WidgetState(id=proto.id)
            if kind in ("button", "download_button"):
                state.trigger_value = bool(value)
            elif kind in ("text_input", "text_area"):
                state.string_value = str(value)
            elif kind in ("selectbox", "radio"):
                state.string_value = proto.options[value] if isinstance(value, int) else str(value)
            elif kind == "multiselect":
                state.string_array_value.data.extend(proto.options[v] if isinstance(v, int) else str(v) for v in value)
            elif kind == "number_input":
                if proto.data_type == proto.INT:
                    state.int_value = int(value)
                else:
                    state.double_value = float(value)
            elif kind == "checkbox":
                state.bool_value = bool(value)
            elif kind == "dataframe":
                state.string_value = json.dumps(value)
            else:
                raise ProtocolError(f"cannot set a {kind} widget ({key})")
            states.append(state)
        return states

    # ------------------------------------------------------------ what the page shows

    def widget(self, key: str) -> tuple[str, Any]:
        """(element kind, Element) of the widget with this user key on the current page; ("tabs", id) for tabs
        whose open tab is a widget value (its label)."""
        if key in self.tab_bars:
            return "tabs", self.tab_bars[key]
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in WIDGET_TYPES and widget_key(getattr(element, kind).id) == key:
                return kind, element
        raise ProtocolError(f"no widget with key {key!r} on page {self.current_page!r}")

    def has_widget(self, key: str) -> bool:
        try:
            self.widget(key)
        except ProtocolError:
            return False
        return True

    def widgets(self, prefix: str = "") -> dict[str, Any]:
        """Every keyed widget proto on the current page whose key starts with `prefix`."""
        found = {}
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in WIDGET_TYPES:
                key = widget_key(getattr(element, kind).id)
                if key and key.startswith(prefix):
                    found[key] = getattr(element, kind)
        return found

    def texts(self) -> list[str]:
        """Text shown by st.text, markdown, alerts and headings (to check what a page says)."""
        shown = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in ("text", "markdown", "alert", "heading"):
                shown.append(getattr(element, kind).body)
        return shown

    @property
    def current_page(self) -> str:
        return next((name for name, h in self.pages.items() if h == self.page_hash), self.page_hash)

    # ------------------------------------------------------------ reading ForwardMsgs

    async def _read(self) -> None:
        _, forward_msg_pb2, _ = _proto()
        try:
            async for data in self._ws:
                msg = forward_msg_pb2.ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, len(data))
        except Exception as error:  # noqa: BLE001 - any failure ends the pending run with it
            self._fail(ProtocolError(f"connection lost: {error!r}"))
            return
        self._fail(ProtocolError("connection closed by the server"))

    def _fail(self, error: Exception) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_exception(error)

    def _handle(self, msg, size: int) -> None:  # one branch per message kind
        result = self._result
        if result is not None:
            result.messages += 1
            result.bytes += size
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            rerun = {self._fragment_run} if self._fragment_run else set()
            self._fragment_run = ""  # a fragment that calls st.rerun() is followed by a run of the whole page
            if rerun:  # a fragment's run draws that fragment again; the rest of the page stays
                for path in [p for p, f in self.fragment_of.items() if f in rerun]:
                    self.elements.pop(path, None)
                    self.fragment_of.pop(path, None)
            else:  # every run of the page sends all its elements again
                self.elements, self.fragment_of, self.tab_bars = {}, {}, {}
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self.pages = {page.url_pathname or "": page.page_script_hash for page in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            self.elements[tuple(msg.metadata.delta_path)] = element
            if msg.delta.fragment_id:
                self.fragment_of[tuple(msg.metadata.delta_path)] = msg.delta.fragment_id
            if result is not None:
                what = element.WhichOneof("type")
                if what == "exception":
                    result.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
                elif what == "alert" and element.alert.format == element.alert.ERROR:
                    result.error_alerts.append(element.alert.body[:300])
                elif what == "toast":
                    result.toasts.append(element.toast.body[:300])
        elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
            block = msg.delta.add_block
            if block.WhichOneof("type") == "tab_container" and (key := widget_key(block.tab_container.id)):
                self.tab_bars[key] = block.tab_container.id  # st.tabs(key=..., on_change="rerun"): a widget
        elif kind == "page_not_found" and result is not None:
            result.page_not_found = True
        elif kind == "script_finished":
            status = msg.script_finished
            if status in FINAL_STATUSES and self._done is not None and not self._done.done():
                self._done.set_result(status)
