"""Browser stories: Playwright for Python driving Debian's chromium against pytest-django's live_server.

For page authors:
    browser_page(viewport)      a fresh page in its own context; viewport is DESKTOP or PHONE
    sign_in(page, live_server, username)   signs in through /login/ as a persona (tests/conftest.py), password
                                the factories' PASSWORD
    screenshot(page, name)      saves var/screenshots/<name>.png (to look at)
A failing test leaves var/screenshots/<test>.png of each page it opened.

Never `playwright install`: its browser download does not work on these machines; apt's chromium does.
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.workspace.conftest import waiting  # noqa: F401  (the workspace stories' data, for the browser too)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402  (only once chromium is known to be there)


@pytest.fixture(scope="module")
def chromium():
    # Playwright's sync API keeps an asyncio event loop running in this thread while the browser is open, and
    # Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). The tests' setup,
    # checks and database teardown run in this thread between browser calls, never concurrently with them, so
    # the check is lifted exactly while the browser is open (one module); the live server still has it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_data(transactional_db):
    """The live server answers from another thread, which must see what the test wrote: every browser test's
    database is transactional (autouse, so it is set up before any fixture asking for `db` and wins)."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


def _file_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_file_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def browser_page(chromium, live_server, request):
    """Opens pages (one browser context each, so sessions do not mix); on failure each is saved as a screenshot."""
    opened = []

    def open_page(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.set_default_timeout(10_000)
        opened.append(page)
        return page

    yield open_page
    for number, page in enumerate(opened):
        if getattr(request.node, "browser_test_failed", False):
            screenshot(page, f"{request.node.name}{'' if number == 0 else f'-{number}'}")
        page.context.close()


def sign_in(page, live_server, username: str, *, next_url: str = "/") -> None:
    """Signs in through /login/ as a user would (typing, then the button), and waits for the page after it."""
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{next_url}")
