"""Pages in a real browser: Playwright for Python driving Debian's chromium against pytest-django's live server.

For page authors:
    browser_page(viewport)      a fresh page in its own context (DESKTOP or PHONE), its base URL the live server;
                                page.watch records what a person would not see but should never happen: a console
                                message about the Content-Security-Policy, a script error, a failed load, a
                                request to another host (page.watch.assert_clean())
    sign_in(page, live_server, username)   signs in through /login/ as a persona (tests/conftest.py)
    screenshot(page, name)      saves var/screenshots/<name>.png (to look at)
A failing test leaves var/screenshots/<test>.png of each page it opened.

Never `playwright install`: its browser download does not work on these machines; apt's chromium does.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install -e '.[dev]')")


@dataclass
class Watch:
    """What went wrong on a page without showing."""

    origin: str
    csp_violations: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    failed_loads: list = field(default_factory=list)

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)  # failed loads are told apart, by address, in response()

    def response(self, response) -> None:
        # The browser asks for /favicon.ico on its own; no page of ours links it.
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            self.failed_loads.append(f"{response.status} {response.url}")

    def request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def assert_clean(self) -> None:
        assert self.csp_violations == []
        assert self.foreign_requests == []
        assert self.errors == []
        assert self.failed_loads == []


@pytest.fixture(scope="module")
def chromium():
    # Playwright's sync API keeps an asyncio event loop running in this thread while the browser is open, and
    # Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation). The tests' setup,
    # checks and database teardown run in this thread between browser calls, never concurrently with them, so
    # the check is lifted exactly while the browser is open (one module); the live server still has it.
    with pytest.MonkeyPatch.context() as patch, sync_api.sync_playwright() as playwright:
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
def browser_page(chromium, live_server, request, settings):
    """Opens pages (one browser context each, so sessions do not mix); on failure each is saved as a screenshot."""
    # The live server speaks plain http on localhost; production cookies are https-only.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    opened = []

    def open_page(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                       base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.watch = Watch(origin=live_server.url)
        page.on("console", page.watch.console)
        page.on("pageerror", lambda error: page.watch.errors.append(str(error)))
        page.on("request", page.watch.request)
        page.on("response", page.watch.response)
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
