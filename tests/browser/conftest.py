"""Browser tests drive Debian's chromium through Playwright against a live test server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tsunagu.accounts.models import User
from tsunagu.accounts.tests.clients import confirmed_device
from tsunagu.accounts.tests.factories import PASSWORD
from tsunagu.accounts.totp import usable_code
from tsunagu.consultations.catalogue import catalogue_ensure
from tsunagu.consultations.models import IssueCategory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server, transactional_db, request) -> Page:
    # Transactional tests flush tables between tests, the catalogue migration's rows too.
    catalogue_ensure(IssueCategory)
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def login(page: Page, username: str) -> None:
    """Both login steps as a person does them: the password, then the authenticator's code
    (computed from the user's device, which is created if the test has none yet)."""
    device = confirmed_device(User.objects.get(username=username))
    page.goto(page.base_url + "/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/accounts/otp/verify/**")
    device.refresh_from_db()
    page.get_by_label("確認コード").fill(usable_code(device))
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(page.base_url + "/")  # type: ignore[attr-defined]


def logout(page: Page) -> None:
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/accounts/login/**")
