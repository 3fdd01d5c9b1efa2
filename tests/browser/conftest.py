"""Pages in a real browser: Debian's Chromium driven by Playwright against pytest-django's live server.

`browser_page` is a fresh page that records what a person would not see but should never happen: a console
message about the Content-Security-Policy, a script error, a request to another host. `signed_in_page(persona)`
gives such a page signed in as one of the personas of tests/conftest.py. When a test fails, a screenshot of its
page is saved in var/screenshots/<test name>.png.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install -e '.[dev]')")

# Playwright's sync API runs an event loop in the test's thread, and Django then refuses database calls there
# (SynchronousOnlyOperation) though nothing here is async: the tests set up their data while no page is waiting.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(request, browser, live_server, settings):
    # The live server speaks plain http on localhost; production cookies are https-only.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.watch = Watch(origin=live_server.url)
    page.on("console", page.watch.console)
    page.on("pageerror", lambda error: page.watch.errors.append(str(error)))
    page.on("request", page.watch.request)
    page.on("response", page.watch.response)
    yield page
    if getattr(request.node, "failed_in_call", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def signed_in_page(bureau, browser_page):
    """signed_in_page("hr_officer"): the page, signed in as that persona through the back office's login."""

    def sign_in(persona: str):
        user = bureau.users[persona]
        user.is_staff = True
        user.save()
        browser_page.goto("/admin/login/")
        browser_page.fill("#id_username", user.get_username())
        browser_page.fill("#id_password", PASSWORD)
        browser_page.click("input[type=submit]")
        browser_page.wait_for_url("**/admin/")
        return browser_page

    return sign_in
