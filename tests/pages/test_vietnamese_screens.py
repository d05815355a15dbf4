"""Every screen, chart and download, as each demo role, in Vietnamese formats: separators, decimal commas,
dd/mm/yyyy, "quá hạn N ngày", no codes or None/NaN (the wrong patterns are kept in tests/support/formats.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.accounts import users
from ideas.core.models import User
from ideas.core.navigation import PAGES, menu
from ideas.tooling import demo
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import PASSWORD
from tests.support.formats import Download, download_problems, problems, record_downloads, shown_texts

ROLES = ("demo.quantri", "demo.canbo", "demo.lanhdao", "demo.thuky", "demo.chutich", "demo.giamkhao1",
         "demo.thidua")

# Problems whose fix belongs to another piece of work, each with who owns it. The test fails when one of them is
# gone (remove it here) as much as when a new one appears: nothing is excluded silently.
KNOWN: dict[str, str] = {}  # page -> the start of a problem it is known to show (none now)


# Further states of a page the scan opens after its landing view (sections, a file opened): (kind, key, value).
STATES = {
    "pages/review_council.py": [("radio", "council_section", section)
                                for section in ("members", "assign", "decide", "documents")],
    "pages/dashboard.py": [("segmented_control", "dash_section", section)
                           for section in ("time", "funnel", "fields", "impact", "followup", "commitments", "review",
                                           "rewards")],
    "pages/ideas_detail.py": [("button", "detail_landing_open", None)],
}


def _states(at, path):
    """The page's landing view, then each further state of STATES (a widget set or a button clicked)."""
    yield "landing"
    for kind, key, value in STATES.get(path, []):
        widget = getattr(at, kind)(key=key)
        if kind == "button":
            widget.click().run()
        else:
            widget.set_value(value).run()
        yield f"{key}={value}"


@pytest.fixture
def demo_province(app_env):
    with app_env.session() as s:
        demo.load_demo(session=s)
        for username in ROLES:
            users.by_username(s, username).password_hash = users.PASSWORD_CONTEXT.hash(PASSWORD)
    return app_env


def test_every_screen_and_download_reads_vietnamese(demo_province, monkeypatch):
    downloads = record_downloads(monkeypatch)
    failures: dict[str, list[str]] = {}
    known_seen: set[str] = set()
    files: dict[str, Download] = {}
    for username in ROLES:
        at = app_test()
        with demo_province.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            sign_in(at, s, user)
            paths = [page.path for page in menu(session=s, actor=user)]
        at.run()
        for path in paths:
            at.switch_page(path).run()
            for state in _states(at, path):
                where = f"{path} ({state}) as {username}"
                if at.exception:
                    failures[where] = [f"exception: {at.exception[0].message[:80]}"]
                    break
                found = problems(shown_texts(at))
                offered = downloads.of(at)
                files.update({download.file_name: download for download in offered.values()})
                found += [problem for download in offered.values() for problem in download_problems(download)]
                if path in KNOWN:
                    known_seen |= {path for problem in found if problem.startswith(KNOWN[path])}
                    found = [problem for problem in found if not problem.startswith(KNOWN[path])]
                if found:
                    failures[where] = sorted(set(found))[:5]
    assert failures == {}, "\n".join(f"{where}: {found}" for where, found in failures.items())
    assert known_seen == set(KNOWN), "fixed: remove from KNOWN " + str(sorted(set(KNOWN) - known_seen))
    csv_files = sorted(name for name in files if name.endswith(".csv"))
    assert "tham-gia-theo-don-vi.csv" in csv_files and len(csv_files) >= 3, csv_files  # the scan read real files


def test_the_checks_catch_what_they_should():
    wrong = ["2,340,000 đ", "Hệ số 0.3", "300.00 giờ", "None", "auth.login", "PAR3", "reward_officer",
             "hạn trả lời: 2027-06-07", "25000000", "Số ngày còn lại −202 ngày", "100,0"]
    assert [problem.split(":")[0] for problem in problems(wrong)] == [
        "thousands comma", "decimal dot", "decimal dot", "not a value", "raw code", "raw code", "raw code",
        "ISO date", "number without separators", "negative days", "trailing zero decimal"]
    right = ["2.340.000 đ", "78,2", "05/11/2026 08:30", "Đăng nhập", "Cán bộ, công chức", "SK-2026-0001",
             "215/QĐ-UBND", "năm 2026", "0912345678", "quá hạn 202 ngày", "100,0%", "62,5 %", "Nghị định 13/2012/NĐ-CP",
             "vinhbh@anhoa.example.org"]
    assert problems(right) == []
    assert len(PAGES) > 20


def test_the_download_check_reads_the_files():
    good = Download("tham-gia-theo-don-vi.csv", "text/csv", "\ufeffĐơn vị;Tỷ lệ (%)\r\nSở A;21,4\r\n".encode())
    assert download_problems(good) == []
    bad = Download("participation.csv", "text/csv", "Đơn vị,Tỷ lệ (%)\r\nSở A,21.4\r\n".encode())
    assert download_problems(bad) == ["English file name: participation.csv", "participation.csv: no BOM",
                                      "participation.csv: comma-separated ('Đơn vị,Tỷ lệ (%)')"]
