"""Browser fixtures: a live Django server and a headless Chromium driven by Playwright's sync API.

Use them from any test marked @pytest.mark.e2e:
    def test_x(page): page.goto("/")                     # relative URLs resolve against the live server
    def test_y(phone_page, screenshot): ...; screenshot(phone_page, "home")  # 390×844 touch, full-page PNG
    def test_z(open_page): page = open_page(java_script_enabled=False)       # any other browser context
    landed(page, "Giỏ hàng")  # tests/e2e/pages.py: after a form post, the page it reached (its h1, no refusal)

Every page a journey opens is watched: a form post, or the page a post redirects to, that answers 4xx/5xx fails
the test (a CSRF refusal once hid behind a "200 OK" check of the wrong page); a form shown again with its errors
(400, 422) passes, and landed() tells it from an error page. A test that means to reach an error page says so
with @pytest.mark.error_pages_expected.

Live-server tests run in a transaction-less database that Django empties after each test; the data made by
migrations (channels, locations, wards, VAT rates) is restored through serialized rollback, requested here.

The Debian Chromium is used (never `playwright install`); XQ_CHROMIUM overrides its path. Screenshots go to
XQ_SCREENSHOT_DIR when set (to look at them), else to the test's temporary folder.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse database access from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("XQ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


# Other folders import these fixtures into their own conftest (tests/pos does), which makes pytest set up
# `browser` once per importing folder; Playwright's sync API cannot run twice at once, so all share the first.
_running: dict = {}


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    if "browser" in _running:
        yield _running["browser"]
        return
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps connections per context (asgiref Local), and starting Playwright switches this thread to a new
    # context: the connections seen from then on lack the snapshot serialized rollback restores from, when the
    # test database was set up before the browser (a run mixing plain and browser tests). Carry it over.
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _running["browser"] = chromium
        try:
            yield chromium
        finally:
            del _running["browser"]
            chromium.close()


@pytest.fixture(autouse=True)
def e2e_media_root(settings, tmp_path):
    """Photos uploaded while building test data go to this test's folder; the live server runs in-process."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback):
    """The live server, with the migrations' data present in the database for the test."""
    return live_server


def _is_page_load(response) -> bool:
    return response.request.resource_type == "document" and response.frame.parent_frame is None


@pytest.fixture
def open_page(request, browser, live_site):
    """open_page(**context_options) opens a page in a new browser context (own cookies), closed after the test.

    Every journey also checks the content security policy: a script, style or frame it blocked fails the test;
    and the pages it loads: a form post, or any page, answered with 4xx/5xx fails it too (see the module's note).
    """
    contexts = []
    blocked = []
    error_pages = []
    errors_expected = request.node.get_closest_marker("error_pages_expected") is not None

    def note_error_page(response):
        # 400 and 422 are forms shown again with their errors (the portal answers an invalid form with 400);
        # landed() tells those from the 400 error page by its content.
        if _is_page_load(response) and response.status >= 400 and response.status not in (400, 422):
            method = response.request.method
            error_pages.append(f"{method} {response.url} answered {response.status}")

    def note_policy_violation(message):
        if "Content Security Policy" in message.text:
            blocked.append(f"{message.location.get('url')}: {message.text}")

    def open_(**context_options):
        context_options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_site.url, locale="vi-VN", **context_options)
        context.set_default_timeout(15_000)
        context.on("console", note_policy_violation)
        context.on("response", note_error_page)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
    assert not blocked, "The content security policy blocked:\n" + "\n".join(blocked)
    if not errors_expected:
        assert not error_pages, "Pages answered with an error:\n" + "\n".join(error_pages)


@pytest.fixture
def page(open_page):
    """A desktop-sized page."""
    return open_page()


@pytest.fixture
def phone_page(open_page):
    """A 390×844 touch page, the size of a common phone."""
    return open_page(viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def screenshot(request, tmp_path):
    """screenshot(page, "name") saves a full-page PNG and returns its path."""
    folder = Path(os.environ.get("XQ_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(target_page, name: str) -> Path:
        # Thumbnails are rendered on first request; wait for them so the picture shows the page as a shopper does.
        target_page.wait_for_load_state("networkidle")
        path = folder / f"{name}.png"
        target_page.screenshot(path=str(path), full_page=True)
        return path

    return take
