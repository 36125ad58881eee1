"""Fixtures of the end-to-end tests: Debian's Chromium driven by Playwright against
pytest-django's live server.

Playwright's own browser download is never used: the tests launch /usr/bin/chromium
(`apt-get install chromium`; `make test` installs it when run as root). A missing Chromium
fails the tests with a message instead of skipping them, so that CI cannot pass without it.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Fail fast: every page of the live server answers in well under a second.
TIMEOUT_MS = 10_000


@pytest.fixture
def live_settings(settings, tmp_path):
    """The live server speaks plain HTTP: cookies must not be marked Secure. Uploaded evidence
    goes to a throwaway folder."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def browse(live_server, live_settings):
    """`with browse() as new_page:` starts Chromium; `new_page()` opens a page in a fresh browser
    context (its own cookies, so each user has their own session) on the live server.

    Playwright's sync API keeps an asyncio loop running in this thread, so Django refuses ORM
    calls inside the block (SynchronousOnlyOperation), and a connection opened there anyway
    would be a second, context-local one left open (PostgreSQL then cannot drop the test
    database). Create data before the block and check the database after it.
    """

    @contextmanager
    def session():
        if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
            pytest.fail(
                f"{CHROMIUM} not found: the end-to-end tests drive Debian's Chromium. Install it "
                "with `apt-get install chromium` (`make test` does so when run as root).",
                pytrace=False,
            )
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )

            def new_page():
                context = browser.new_context(
                    base_url=live_server.url,
                    locale="vi-VN",
                    viewport={"width": 1280, "height": 900},
                )
                context.set_default_timeout(TIMEOUT_MS)
                return context.new_page()

            try:
                yield new_page
            finally:
                browser.close()

    return session
