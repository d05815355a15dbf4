"""Streamlit's own browser strings in Vietnamese, and the page's language, served by auth_routes' middleware.

Streamlit's frontend has no translations: the file uploader says "Drag and drop files here", the multiselect
"Select all", the table toolbar "Download as CSV", the sidebar button "Collapse sidebar"... and its index.html
says <html lang="en">. Two things fix that without forking the frontend:

- `page_html`: the HTML shell Streamlit serves for every page gets lang="vi" (and the app's title); the app
  then keeps <html lang> equal to the reader's language on every run (`ui.page_shell`).
- `bundle`: each JavaScript file of Streamlit's bundle that holds a string of `STRINGS` is served with that string
  replaced by `(document.documentElement.lang==="en" ? english : vietnamese)`, so the same file shows English
  to a reader who chose English and Vietnamese to everyone else. Files are rewritten once per process and
  kept in memory (a few MB); the others are served by Streamlit untouched.

Every source string must still occur in the installed Streamlit (tests/core/test_frontend_locale.py): an upgrade
that changes one fails that test, and the table is then updated from the new bundle.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"
JS_DIR = STATIC / "static" / "js"
APP_TITLE = "Sáng kiến CCHC"
LANG_ATTRIBUTE = 'lang="en"'


@dataclass(frozen=True)
class Swap:
    """In Streamlit's bundle, `before + english` becomes `before + (lang is en ? english : vietnamese)`.

    `english` is a JavaScript expression exactly as in the minified source (mostly a template literal, whose
    ${...} parts use the minified names) and `vietnamese` the expression to show instead; `before` is the code
    just before it where the expression alone would also match something that is not shown (a component's
    displayName) or where it is the other branch of a conditional that an earlier swap rewrote. Strings read by
    a component already on screen change language when it next renders."""

    english: str
    vietnamese: str
    before: str = ""

    @property
    def source(self) -> str:
        return self.before + self.english

    @property
    def target(self) -> str:
        return f"{self.before}(document.documentElement.lang===`en`?{self.english}:{self.vietnamese})"


STRINGS: tuple[Swap, ...] = (
    # file uploader
    Swap("`Drag and drop directories here`", "`Kéo và thả thư mục vào đây`"),
    Swap("`Drag and drop files here`", "`Kéo và thả tệp vào đây`"),
    Swap("`Drag and drop a file here`", "`Kéo và thả tệp vào đây`"),
    Swap("`${T(t,D.Byte,0)} per file`", "`Tối đa ${T(t,D.Byte,0).replace(`.`,`,`)} mỗi tệp`"),
    Swap("`Upload directories`", "`Tải thư mục lên`", before="label:l?"),
    Swap("`Upload`", "`Tải lên`", before="`Tải thư mục lên`):"),  # the other branch of the one above
    Swap("`Add files`", "`Thêm tệp`"),
    Swap("`File must be ${$(n,`b`)} or smaller.`", "`Tệp phải không quá ${$(n,`b`).replace(`.`,`,`)}.`"),
    Swap("`${t.type} files are not allowed.`", "`Không nhận tệp loại ${t.type}.`"),
    Swap("`${e.type} files are not allowed.`", "`Không nhận tệp loại ${e.type}.`"),
    Swap("`File size is too small.`", "`Tệp quá nhỏ.`"),
    Swap("`Only one file is allowed.`", "`Chỉ được chọn một tệp.`"),
    Swap("`Unexpected error. Please try again.`", "`Lỗi không mong muốn. Vui lòng thử lại.`"),
    Swap("`Upload failed`", "`Tải lên không thành công`"),
    Swap("`Cancel upload of ${e.name}`", "`Hủy tải lên ${e.name}`"),
    Swap("`Remove ${e.name}`", "`Bỏ ${e.name}`"),
    Swap("`Click to retry upload`", "`Bấm để tải lên lại`"),
    Swap("`Too many files`", "`Quá nhiều tệp`"),
    Swap("$(e.size,ot.Byte)", "$(e.size,ot.Byte).replace(`.`,`,`)", before="x="),  # a chosen file's size: 280,0B
    # under a chosen file's name: its size, or for a refused file the reason (Streamlit shows it only in a tooltip)
    Swap("$(e.size,ot.Byte)", "(s?h:$(e.size,ot.Byte).replace(`.`,`,`))", before="i(rt,{children:"),
    Swap("`Error: `", "`Lỗi: `", before="role:`alert`,children:["),
    Swap("`File is larger than ${q(e)}`", "`Tệp lớn hơn ${q(e)}`"),
    Swap("`File is smaller than ${q(e)}`", "`Tệp nhỏ hơn ${q(e)}`"),
    Swap("`File type must be ${t.length>1?`one of ${t.join(`, `)}`:t[0]}`",
         "`Loại tệp phải là ${t.length>1?`một trong ${t.join(`, `)}`:t[0]}`"),
    # selectbox and multiselect
    Swap("`Select all`", "`Chọn tất cả`", before="label:"),
    Swap("`Select ${p.length} matches`", "`Chọn ${p.length} kết quả`"),
    Swap("`No results`", "`Không có kết quả`"),
    Swap("`Clear all`", "`Bỏ chọn tất cả`"),
    Swap("`Clear value`", "`Bỏ chọn`"),
    Swap("`Remove ${e}`", "`Bỏ ${e}`"),
    Swap("`Selected values`", "`Đã chọn`"),
    Swap("`Multiselect options`", "`Các lựa chọn`"),
    Swap("`Selectbox options`", "`Các lựa chọn`"),
    Swap("`You can only select up to ${t.maxSelections} ${e}. Remove an option first.`",
         "`Chỉ được chọn tối đa ${t.maxSelections} mục. Hãy bỏ bớt một mục trước.`"),
    Swap("`Open`", "`Mở danh sách`", before='"aria-label":'),
    Swap("`Dismiss`", "`Đóng`", before="{dismiss:"),  # react-aria's hidden close button of an open list
    Swap("`Dismiss`", "`Đóng`", before="typeof f==`string`?f:"),
    # help icons, heading anchors, the sidebar, tabs, the uploader's hidden input
    Swap("`Help`", "`Trợ giúp`", before="m(t)?"),
    Swap(r"`Help for ${t.replaceAll(/\s+/g,` `)}`", r"`Trợ giúp: ${t.replaceAll(/\s+/g,` `)}`",
         before="`Trợ giúp`):"),  # the other branch of the one above
    Swap("`Link to heading`", "`Liên kết tới mục này`", before='"aria-label":'),
    Swap("`Sidebar`", "`Thanh bên`", before='"data-testid":`stSidebar`,"aria-label":'),
    Swap("`Skip to main content`", "`Chuyển đến nội dung chính`", before="children:"),  # the first Tab stop
    Swap("`Scroll tabs left`", "`Cuộn các thẻ sang trái`", before='"aria-label":'),
    Swap("`Scroll tabs right`", "`Cuộn các thẻ sang phải`", before='"aria-label":'),
    Swap("`file upload`", "`chọn tệp để tải lên`", before='"aria-label":'),
    # text and number inputs
    Swap("`submit form`", "`gửi biểu mẫu`", before="a?"),
    Swap("`apply`", "`áp dụng`", before="`gửi biểu mẫu`):"),  # the other branch of the one above
    Swap("`Press ${r()?`⌘`:`Ctrl`}+Enter to ${e}`", "`Nhấn ${r()?`⌘`:`Ctrl`}+Enter để ${e}`"),
    Swap("`Press Enter to ${e}`", "`Nhấn Enter để ${e}`"),
    Swap("`Hide password`", "`Ẩn mật khẩu`", before='"aria-label":O?'),
    Swap("`Show password`", "`Hiện mật khẩu`", before="`Ẩn mật khẩu`):"),  # the other branch of the one above
    # a number typed outside a widget's bounds (the pagers keep theirs: nothing typed there is lost)
    Swap("`Number is outside the allowed range. Please enter a value between ${n} and ${r}.`",
         "`Số nằm ngoài khoảng cho phép. Hãy nhập một số từ ${n} đến ${r}.`"),
    Swap("`Number is below the allowed range. Please enter a value greater than or equal to ${n}.`",
         "`Số nhỏ hơn mức cho phép. Hãy nhập một số không nhỏ hơn ${n}.`"),
    Swap("`Number is below the allowed range.`", "`Số nhỏ hơn mức cho phép.`"),
    Swap("`Number is above the allowed range. Please enter a value less than or equal to ${r}.`",
         "`Số lớn hơn mức cho phép. Hãy nhập một số không lớn hơn ${r}.`"),
    Swap("`Number is above the allowed range.`", "`Số lớn hơn mức cho phép.`"),
    Swap("`Error: ${M}`", "`Lỗi: ${M}`"),
    Swap("`**Error**: ${M}`", "`**Lỗi**: ${M}`"),
    Swap("`This field is required.`", "`Trường này là bắt buộc.`"),
    Swap("`Decrement`", "`Giảm`", before='"aria-label":'),
    Swap("`Increment`", "`Tăng`", before='"aria-label":'),
    # table toolbar and full screen
    Swap("`Show/hide columns`", "`Ẩn/hiện cột`", before="label:"),
    Swap("`Download as CSV`", "`Tải xuống CSV`", before="label:"),
    Swap("`Search`", "`Tìm trong bảng`", before="label:"),
    Swap("`Fullscreen`", "`Toàn màn hình`", before="label:"),
    Swap("`Close fullscreen`", "`Thoát toàn màn hình`", before="label:"),
    Swap("`Add row`", "`Thêm dòng`", before="label:"),
    Swap("`Delete row(s)`", "`Xoá dòng`", before="label:"),
    Swap("`Clear selection`", "`Bỏ chọn`", before="label:"),
    Swap("`Close Search`", "`Đóng tìm kiếm`", before='"aria-label":'),
    Swap("`Next Result`", "`Kết quả sau`", before='"aria-label":'),
    Swap("`Previous Result`", "`Kết quả trước`", before='"aria-label":'),
    Swap("`Dataframe column menu`", "`Trình đơn cột`", before='"aria-label":'),
    Swap("`Copy column name`", "`Chép tên cột`", before='"aria-label":'),
    Swap("`Copy column name`", "`Chép tên cột`", before="title:"),
    Swap("`No data`", "`Không có dữ liệu`", before="children:"),
    Swap("`Sort ascending`", "`Sắp xếp tăng dần`"),
    Swap("`Sort descending`", "`Sắp xếp giảm dần`"),
    Swap("`Autosize`", "`Tự điều chỉnh độ rộng`"),
    Swap("`Pin column`", "`Ghim cột`"),
    Swap("`Unpin column`", "`Bỏ ghim cột`"),
    Swap("`Hide column`", "`Ẩn cột`"),
    Swap("`Values`", "`Số giá trị`", before="label:"),
    Swap("`Empty`", "`Trống`", before="label:"),
    Swap("`Distinct`", "`Khác nhau`", before="label:"),
    Swap("`Minimum`", "`Nhỏ nhất`", before="label:"),
    Swap("`Maximum`", "`Lớn nhất`", before="label:"),
    Swap("`Average`", "`Trung bình`", before="label:"),
    Swap("`Median`", "`Trung vị`", before="label:"),
    Swap("`Sum`", "`Tổng`", before="label:"),
    # charts
    Swap("`Copied!`", "`Đã chép!`", before="label:Te?"),
    Swap("`Copy Vega-Lite spec`", "`Chép đặc tả Vega-Lite`", before="`Đã chép!`):"),
    Swap("`Download as PNG`", "`Tải xuống PNG`", before="label:"),
    Swap("`Show data`", "`Xem dữ liệu`", before="label:"),
    Swap("`Show chart`", "`Xem biểu đồ`", before="label:"),
    # the app's frame: sidebar buttons, the running indicator, the main menu, toasts
    Swap("`Collapse sidebar`", "`Thu gọn thanh bên`", before='"aria-label":'),
    Swap("`Expand sidebar`", "`Mở thanh bên`", before='"aria-label":'),
    Swap("`Running...`", "`Đang chạy...`", before='"aria-label":'),
    Swap("`Stopping...`", "`Đang dừng...`", before="title:e?"),
    Swap("`Stop`", "`Dừng`", before="`Đang dừng...`):"),  # the other branch of the one above
    Swap("`Main menu`", "`Trình đơn`", before='"aria-label":'),
    Swap("`Print`", "`In`", before="label:"),
    Swap("`Record screen`", "`Quay màn hình`", before="||"),
    Swap("`view less`", "`thu gọn`", before="children:r?"),
    Swap("`view more`", "`xem thêm`", before="`thu gọn`):"),  # the other branch of the one above
    Swap("`Close`", "`Đóng`", before='"aria-label":'),
    # the connection: status while connecting, the dialog when the server does not answer
    Swap("`Connecting`", "`Đang kết nối`", before="var _O="),
    Swap("`Connecting to Streamlit server`", "`Đang kết nối tới máy chủ`", before=",vO="),
    Swap("`Error`", "`Lỗi`", before=",bO="),
    Swap("`Unable to connect to Streamlit server`", "`Không kết nối được tới máy chủ`", before=",xO="),
    Swap("`Connection error`", "`Lỗi kết nối`", before="this.showError("),
    Swap("`Streamlit server is not responding. Are you connected to the internet?`",
         "`Máy chủ không trả lời. Vui lòng kiểm tra kết nối mạng rồi tải lại trang.`", before="g({message:"),
    Swap("`Please wait...`", "`Vui lòng chờ...`"),
    # date fields: Streamlit gives react-aria the locale en-US (it keeps the fields' order), which names the
    # fields "day, month, year" for screen readers; the names (only) come from Vietnamese
    Swap("new Intl.DisplayNames(e,{type:`dateTimeField`})", "new Intl.DisplayNames(`vi`,{type:`dateTimeField`})"),
    Swap("new Intl.DisplayNames(a,{type:`dateTimeField`})", "new Intl.DisplayNames(`vi`,{type:`dateTimeField`})"),
    Swap("new Intl.DisplayNames(l,{type:`dateTimeField`})", "new Intl.DisplayNames(`vi`,{type:`dateTimeField`})"),
    # react-aria's own words for en-US, the locale Streamlit gives it
    Swap("`Start Date`", "`Ngày bắt đầu`", before="startDate:"),
    Swap("`End Date`", "`Ngày kết thúc`", before="endDate:"),
    Swap("`Selected Date: ${e.date}`", "`Ngày đã chọn: ${e.date}`", before="selectedDateDescription:e=>"),
    Swap("`Selected Range: ${e.startDate} to ${e.endDate}`", "`Khoảng đã chọn: ${e.startDate} đến ${e.endDate}`",
         before="selectedRangeDescription:e=>"),
    # the calendar of a date input: Streamlit gives it the browser's language (navigator.language, en-US in an
    # English browser: "December", S M T W T F S, Sunday first); a Vietnamese page gets vi-VN ("tháng 12", T2..CN,
    # Monday first) whatever the browser's language
    Swap("window.navigator.language", "`vi-VN`", before="scriptRunFinishedFragmentIds,locale:"),
    Swap("`Use arrow keys to navigate dates. Enter to select. Escape to close.`",
         "`Dùng phím mũi tên để chuyển ngày, Enter để chọn, Esc để đóng.`", before="children:"),
    Swap("`Choose date range`", "`Chọn khoảng ngày`", before='"aria-label":V?'),
    Swap("`Choose date`", "`Chọn ngày`", before='"aria-label":k?'),
    Swap("`Date range`", "`Khoảng ngày`", before="children:"),
    Swap("`Previous month`", "`Tháng trước`", before='"aria-label":'),
    Swap("`Next month`", "`Tháng sau`", before='"aria-label":'),
    # react-aria's calendar words: it has no Vietnamese, so vi-VN falls back to these en-US ones
    Swap("`Previous`", "`Trước`", before="previous:"),
    Swap("`Next`", "`Sau`", before="next:"),
    Swap("`Selected Range: ${e.dateRange}`", "`Khoảng đã chọn: ${e.dateRange}`", before="selectedRangeDescription:e=>"),
    Swap("`Today, ${e.date}`", "`Hôm nay, ${e.date}`", before="todayDate:e=>"),
    Swap("`Today, ${e.date} selected`", "`Hôm nay, ${e.date}, đã chọn`", before="todayDateSelected:e=>"),
    Swap("`${e.date} selected`", "`${e.date}, đã chọn`", before="dateSelected:e=>"),
    Swap("`Click to start selecting date range`", "`Bấm để bắt đầu chọn khoảng ngày`",
         before="startRangeSelectionPrompt:"),
    Swap("`Click to finish selecting date range`", "`Bấm để kết thúc chọn khoảng ngày`",
         before="finishRangeSelectionPrompt:"),
    Swap("`First available date`", "`Ngày sớm nhất được chọn`", before="minimumDate:"),
    Swap("`Last available date`", "`Ngày muộn nhất được chọn`", before="maximumDate:"),
    Swap("`${e.startDate} to ${e.endDate}`", "`${e.startDate} đến ${e.endDate}`", before="dateRange:e=>"),
    # date input
    Swap("`Choose date range`", "`Chọn khoảng ngày`", before='"aria-label":'),
    Swap("`Choose date`", "`Chọn ngày`", before='"aria-label":'),
    Swap("`Clear dates`", "`Xoá các ngày`", before='"aria-label":'),
    Swap("`Clear date`", "`Xoá ngày`", before='"aria-label":'),
    Swap("`Quick select a date range`", "`Chọn nhanh khoảng ngày`", before='"aria-label":'),
    Swap("`${ce} start date`", "`${ce}: ngày bắt đầu`", before='"aria-label":'),
    Swap("`${ce} end date`", "`${ce}: ngày kết thúc`", before='"aria-label":'),
    Swap("`**Error**: Date set outside allowed range. Please select a date between ${n} and ${r}.`",
         "`**Lỗi**: Ngày nằm ngoài khoảng cho phép. Hãy chọn một ngày từ ${n} đến ${r}.`"),
    Swap("`**Error**: Date set outside allowed range. Please select a date on or after ${n}.`",
         "`**Lỗi**: Ngày nằm ngoài khoảng cho phép. Hãy chọn một ngày từ ${n} trở đi.`"),
    Swap("`**Error**: Date set outside allowed range. Please select a date on or before ${r}.`",
         "`**Lỗi**: Ngày nằm ngoài khoảng cho phép. Hãy chọn một ngày không sau ${r}.`"),
)
_FILE_NAME = re.compile(r"^[A-Za-z0-9_.\-]+\.js$")


def rewrite(text: str) -> tuple[str, set[Swap]]:
    """`text` with every swap applied in order (a swap may name the result of an earlier one), and the swaps used."""
    used = set()
    for swap in STRINGS:
        if swap.source in text:
            used.add(swap)
            text = text.replace(swap.source, swap.target)
    return text, used


@functools.cache
def _rewritten() -> dict[str, tuple[bytes, bytes, str]]:
    """{file name: (body, gzipped body, etag)} for every bundle file that holds at least one of STRINGS."""
    files: dict[str, tuple[bytes, bytes, str]] = {}
    for path in sorted(JS_DIR.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        changed, _used = rewrite(text)
        if changed != text:
            body = changed.encode("utf-8")
            files[path.name] = (body, gzip.compress(body, 6), '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
    return files


def bundle(path: str) -> tuple[bytes, bytes, str] | None:
    """The rewritten bundle file for a request path ending in /static/js/<name>.js, or None (serve as is)."""
    _head, separator, name = path.rpartition("/static/js/")
    if not separator or not _FILE_NAME.match(name):
        return None
    return _rewritten().get(name)


# Widget labels are markdown, so the pages escape user text in them (ui.plain: "Lê Văn A \(Sở Nội vụ\)"). The label
# shows "Lê Văn A (Sở Nội vụ)", but Streamlit copies the raw label into aria-label, and a screen reader read the
# backslashes. This script, first in the page, removes markdown escapes from every aria-label as it appears.
PLAIN_ARIA_LABELS = r"""<script>(() => {
  const escaped = /\\([!-\/:-@\[-`{-~])/g;
  const fix = (element) => {
    const label = element.getAttribute("aria-label");
    if (label && label.includes("\\")) {
      const plain = label.replace(escaped, "$1");
      if (plain !== label) element.setAttribute("aria-label", plain);
    }
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") { fix(change.target); continue; }
      for (const node of change.addedNodes) {
        if (node.nodeType !== 1) continue;
        fix(node);
        node.querySelectorAll("[aria-label]").forEach(fix);
      }
    }
  }).observe(document.documentElement,
             {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]});
})();</script>"""


def page_html(body: bytes) -> bytes:
    """Streamlit's HTML shell in Vietnamese: <html lang="vi">, the app's title before the first run, and aria-labels
    without markdown escapes (PLAIN_ARIA_LABELS)."""
    text = body.decode("utf-8")
    text = text.replace(f"<html {LANG_ATTRIBUTE}>", '<html lang="vi">', 1)
    text = text.replace("<title>Streamlit</title>", f"<title>{APP_TITLE}</title>", 1)
    text = text.replace("<head>", "<head>\n    " + PLAIN_ARIA_LABELS, 1)
    return text.encode("utf-8")


# What Streamlit shows instead of an uncaught exception's details (client.showErrorDetails = "none"), in English
# unless replaced; a private constant of streamlit.elements.exception, read each time an exception is shown.
CRASH_TEXT = ("Đã xảy ra lỗi. Nội dung lỗi được ẩn để bảo vệ dữ liệu và đã được ghi vào nhật ký của máy chủ. "
              "Vui lòng tải lại trang; nếu lỗi vẫn còn, hãy báo quản trị viên.")


def translate_server_texts() -> None:
    """Streamlit's texts built on the server: the generic message of an uncaught exception."""
    from streamlit.elements import exception

    exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT = CRASH_TEXT


def unmatched() -> list[str]:
    """The sources of STRINGS that no file of the installed bundle holds (an upgrade changed them)."""
    used = set()
    for path in JS_DIR.glob("*.js"):
        used |= rewrite(path.read_text(encoding="utf-8"))[1]
    return [swap.source for swap in STRINGS if swap not in used]
