"""Scale-out on loopback: two replicas behind nginx share one database; a session opened on one works on the other."""
from __future__ import annotations

import os

import pytest
from st_helpers import (
    click,
    eventually,
    expect_cell,
    expect_text,
    expect_title,
    fill,
    goto,
    login,
    nav,
    new_context,
    shot,
)

from tests.support import launch

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def replica_b(e2e_database_url, tmp_path_factory):
    """A second `streamlit run app.py` on another port and the same DATABASE_URL."""
    with launch.streamlit(e2e_database_url, tmp_path_factory.mktemp("replica-b") / "streamlit.log") as server:
        yield server.url


@pytest.fixture(scope="module")
def proxy(app_server, replica_b, tmp_path_factory):
    """nginx in front of both replicas: WebSocket upgrade, ip_hash stickiness (as in docs/DEPLOY.md)."""
    if not os.path.exists(launch.NGINX):
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but nginx is missing: {launch.NGINX_HINT}")
        pytest.skip(f"nginx not found; install it with `{launch.NGINX_HINT}`")
    upstreams = [app_server.address, replica_b.removeprefix("http://")]
    with launch.nginx(upstreams, tmp_path_factory.mktemp("nginx"), balance=launch.BY_CLIENT_ADDRESS) as server:
        yield server.url


def test_session_through_the_proxy_works_on_replica_b_and_writes_are_shared(browser, proxy, replica_b,
                                                                           admin_account, e2e_db):
    from sqlalchemy import select

    from ideas.core.models import Unit

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

    def saved() -> bool:
        with e2e_db.read_session() as session:
            return session.scalar(select(Unit.id).where(Unit.code == "REPLICA-B")) is not None

    eventually(saved)  # the confirmation is a toast: the row is what lasts
    shot(page_b, "replica-b-units")

    nav(page_a, "Đơn vị")
    expect_cell(page_a, "REPLICA-B")
    context_a.close()
    context_b.close()
