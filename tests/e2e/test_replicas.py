"""Scale-out on loopback: two app replicas share one database; a session opened on A works on B and back."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, _free_port, _tail
from st_helpers import click, expect_cell, expect_text, expect_title, fill, goto, login, nav, new_context, shot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def replica_b(e2e_database_url, tmp_path_factory):
    """A second `streamlit run app.py` on another port and the same DATABASE_URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("replica-b") / "streamlit.log"
    log = log_path.open("w", encoding="utf-8")
    env = dict(os.environ, DATABASE_URL=e2e_database_url, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"replica B did not start:\n{_tail(log_path)}")
        time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_session_from_replica_a_works_on_replica_b_and_writes_are_shared(browser, base_url, replica_b,
                                                                         admin_account):
    context_a = new_context(browser, base_url)
    page_a = context_a.new_page()
    login(page_a, admin_account["username"], admin_account["password"])
    expect_title(page_a, "Trang chủ")
    cookie = next(c for c in context_a.cookies() if c["name"] == "sk_session")

    context_b = new_context(browser, replica_b)
    context_b.add_cookies([{"name": "sk_session", "value": cookie["value"], "url": replica_b}])
    page_b = context_b.new_page()
    goto(page_b, "/")
    expect_text(page_b, f"Xin chào {admin_account['full_name']}.")
    nav(page_b, "Đơn vị")
    fill(page_b, "Mã đơn vị", "REPLICA-B")
    fill(page_b, "Tên đơn vị", "Đơn vị tạo trên bản sao B")
    click(page_b, "Thêm đơn vị")
    expect_text(page_b, "Đã lưu.")
    shot(page_b, "replica-b-units")

    nav(page_a, "Đơn vị")
    expect_cell(page_a, "REPLICA-B")
    context_a.close()
    context_b.close()
