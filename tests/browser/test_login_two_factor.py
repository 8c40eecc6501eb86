import pytest
from playwright.sync_api import Page, expect

from tsunagu.accounts.tests.clients import confirmed_device
from tsunagu.accounts.tests.factories import PASSWORD
from tsunagu.accounts.tests.helpers import current_code, wrong_code

pytestmark = pytest.mark.browser


def test_staff_log_in_with_password_and_authenticator_code(page: Page, caseworker):
    # given the caseworker has an authenticator app set up
    device = confirmed_device(caseworker)
    # when they give their password
    response = page.goto(page.base_url + "/people/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("ユーザー名").fill(caseworker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    # then they are asked for the code, and a wrong code is refused at the field
    expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
    page.get_by_label("確認コード").fill(wrong_code(device))
    page.get_by_role("button", name="確認").click()
    expect(page.locator("#id_token_error")).to_contain_text("確認コードが正しくありません")
    # when they wait out the short throttle and type the current code
    device.refresh_from_db()
    device.throttle_reset()
    page.get_by_label("確認コード").fill(current_code(device))
    page.get_by_role("button", name="確認").click()
    # then they reach the page they asked for
    page.wait_for_url(page.base_url + "/people/")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_visible()
