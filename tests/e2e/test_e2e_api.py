"""Browser: an administrator creates an API token on its page, copies the secret once, and a system reads the API."""
from __future__ import annotations

import pytest
import requests
from st_helpers import click, expect_cell, expect_text, expect_title, fill, login, main, nav, new_context, shot

pytestmark = pytest.mark.e2e


def test_admin_creates_a_token_and_another_system_reads_with_it(browser, base_url, admin_account):
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, admin_account["username"], admin_account["password"])
    nav(page, "API và webhook")
    expect_title(page, "API cho hệ thống khác")
    token_form = main(page).locator('[data-testid="stForm"]').first
    fill(page, "Tên hệ thống", "Cổng dịch vụ công tỉnh", scope=token_form)
    click(page, "Tạo mã")
    expect_text(page, "Sao chép mã này ngay: nó chỉ hiện một lần và không thể xem lại.")
    secret = main(page).locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert secret.startswith("skapi_")
    expect_cell(page, "Cổng dịch vụ công tỉnh")
    shot(page, "api-token-created")

    answer = requests.get(f"{base_url}/api/v1/initiatives", headers={"Authorization": f"Bearer {secret}"},
                          timeout=30)
    assert answer.status_code == 200 and answer.json()["meta"]["page"] == 1
    assert requests.get(f"{base_url}/api/v1/initiatives", timeout=30).status_code == 401

    click(page, "Đã sao chép, ẩn mã")
    assert main(page).locator('[data-testid="stCode"]').count() == 0  # shown once
    context.close()
