"""Scale-out on loopback: two replicas behind nginx share one database; a session opened on one works on the other."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, _free_port, _tail
from st_helpers import click, expect_cell, expect_text, expect_title, fill, goto, login, nav, new_context, shot

pytestmark = pytest.mark.e2e
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream replicas {{
        ip_hash;
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;  # with the port: the app checks WebSocket origins against it
            proxy_read_timeout 3600;
        }}
    }}
}}
"""


def _wait_healthy(url: str, process: subprocess.Popen, log_path, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{what} did not start:\n{_tail(log_path)}")
        time.sleep(0.3)


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
    _wait_healthy(url, process, log_path, "replica B")
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def proxy(base_url, replica_b, tmp_path_factory):
    """nginx in front of both replicas: WebSocket upgrade, ip_hash stickiness (as in docs/DEPLOY.md)."""
    if not os.path.exists(NGINX):
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("E2E_REQUIRED=1 but nginx is missing: apt-get install -y --no-install-recommends nginx-light")
        pytest.skip("nginx not found; install it with `apt-get install -y --no-install-recommends nginx-light`")
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, port_a=base_url.rsplit(":", 1)[1],
                                      port_b=replica_b.rsplit(":", 1)[1]), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process, tmp / "error.log", "nginx")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_session_through_the_proxy_works_on_replica_b_and_writes_are_shared(browser, proxy, replica_b,
                                                                           admin_account):
    context_a = new_context(browser, proxy)
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
