"""Browser tests: pip's Playwright driving Debian's Chromium against pytest-django's live server.

Every test under tests/e2e/ is marked `e2e` and runs on a transactional database that the live server
shares (SQLite in memory: the same connection is handed to the server thread; PostgreSQL: committed
rows). Every page opened through `new_page`/`page` records JavaScript console errors, uncaught page
errors and any request to a host other than 127.0.0.1/localhost (police intranets are offline; such
requests are also blocked); a test that produced any of them fails when it ends.

Usage:

    def test_officer_sees_their_village(world, new_page, login_as, live_url):
        page = new_page("phone")
        login_as(page, "t_officer_a1")
        page.goto(live_url("/people/residents/"))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False},
}
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class BrowserProblems:
    """What the pages of one test did wrong, reported together when the test ends."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def settle(self) -> None:
        """Let events still in flight (a late console error) reach the lists before they are read."""
        for page in self.pages:
            if not page.is_closed():
                page.evaluate("0")

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.outside_requests)

    def report(self) -> str:
        lines = [f"console error: {m}" for m in self.console_errors]
        lines += [f"request leaving the machine: {u}" for u in self.outside_requests]
        return "\n".join(lines)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db: None, django_db_serialized_rollback: None) -> None:
    """The live server runs in another thread, so tests cannot hide their rows in a transaction.
    Serialized rollback puts back what migrations seeded (key groups) after each flush."""


@pytest.fixture(scope="session")
def playwright_driver(django_db_setup: None) -> Iterator[Playwright]:
    """Playwright's sync API keeps an asyncio loop marked as running on the test thread from start to
    stop. Two things in Django notice: it refuses ORM calls "from an async context" (the guard is lifted
    while the driver lives: nothing here is async code), and it keeps a second, context-local set of
    database connections while a loop runs. The connections made before the start are put into that
    set, so the test, its fixtures and the database flush keep using the very connection that holds
    the test database (SQLite in memory) and its serialized seed data."""
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    driver = sync_playwright().start()
    for alias, wrapper in before.items():
        connections[alias] = wrapper
    yield driver
    driver.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """One Chromium per test process. Never `playwright install`: Debian's Chromium is used."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium fonts-noto-cjk)")
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def live_url(live_server: Any) -> Callable[[str], str]:
    """live_url("/people/residents/") → http://localhost:PORT/people/residents/"""
    base = live_server.url.rstrip("/")

    def _url(path: str = "/") -> str:
        return base + (path if path.startswith("/") else "/" + path)

    return _url


@pytest.fixture
def browser_problems(request: pytest.FixtureRequest) -> BrowserProblems:
    problems = BrowserProblems()
    request.node._browser_problems = problems
    return problems


@pytest.fixture
def new_page(
    browser: Browser, live_url: Callable[[str], str], browser_problems: BrowserProblems
) -> Generator[Callable[..., Page]]:
    """new_page("phone") or new_page("desktop"): a page in a fresh context (own cookies), zh-CN."""
    contexts: list[BrowserContext] = []

    def _watch_route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            browser_problems.outside_requests.append(url)
            route.abort("blockedbyclient")

    def _new_page(viewport: str = "desktop", *, locale: str = "zh-CN") -> Page:
        context = browser.new_context(locale=locale, timezone_id="Asia/Shanghai", **VIEWPORTS[viewport])
        context.set_default_timeout(15_000)
        context.route("**/*", _watch_route)
        contexts.append(context)
        page = context.new_page()
        browser_problems.pages.append(page)
        page.on(
            "console",
            lambda msg: (
                browser_problems.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda exc: browser_problems.console_errors.append(f"{page.url}: {exc}"))
        page.on(
            "websocket",
            lambda ws: None if is_local(ws.url) else browser_problems.outside_requests.append(ws.url),
        )
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop page; use `new_page("phone")` for the phone viewport."""
    return new_page("desktop")


@pytest.fixture
def login_as(live_url: Callable[[str], str]) -> Callable[..., Page]:
    """Fill the real login form; returns the page on the first page after login (or after 2FA)."""

    def _login_as(page: Page, username: str, password: str = PASSWORD) -> Page:
        response = page.goto(live_url("/accounts/login/"))
        if response is None or response.status != 200:
            raise AssertionError(f"the login page answered {response.status if response else 'nothing'}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("form", has=page.locator("#id_password")).locator("button[type=submit]").click()
        if "/accounts/login/" in page.url:
            raise AssertionError(f"login as {username} failed: still on {page.url}")
        return page

    return _login_as


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    result = yield
    problems: BrowserProblems | None = getattr(item, "_browser_problems", None)
    if problems is not None:
        problems.settle()
    if problems:
        pytest.fail("the browser saw problems:\n" + problems.report(), pytrace=False)
    return result
