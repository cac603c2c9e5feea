"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage, viewport) per test.
Every test runs twice through the ``viewport`` fixture: on a desktop and on a 360 px phone.

Chromium comes from Debian (``apt install chromium``), not from ``playwright install``. Where
it is missing the tests are skipped, except in CI (the ``CI`` variable is set): there they
fail, so that a broken image can never pass by quietly skipping every browser test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
# the ORM calls that the tests make while it runs (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI must run the browser tests, so this is an error here.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements/test.txt).")
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)  # two busy CI cores can be slow to answer
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """The name of the screen the test runs on: "desktop" or "phone"."""
    return request.param


@pytest.fixture
def context(browser: Any, live_server: Any, viewport: str) -> Iterator[Any]:
    # A Swedish browser, as most users have: LocaleMiddleware reads its Accept-Language.
    ctx = browser.new_context(base_url=live_server.url, locale="sv-SE", **VIEWPORTS[viewport])
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    """A page that remembers uncaught script errors in ``page.script_errors``."""
    pg = context.new_page()
    pg.script_errors = []
    pg.on("pageerror", lambda error: pg.script_errors.append(str(error)))
    yield pg
    pg.close()


@pytest.fixture
def open_as(page: Any, live_server: Any) -> Callable[[Any, str], Any]:
    """Open a path signed in as a user; answers the navigation's response. It sets a session
    cookie rather than filling in the form: for tests about a page, not about signing in
    (those sign in through the form, see ``helpers.sign_in``)."""
    from django.conf import settings
    from django.test import Client

    def _open(user: Any, path: str) -> Any:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return page.goto(path)

    return _open
