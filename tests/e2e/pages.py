"""What every browser journey checks after a form post: the page it landed on (docs in tests/e2e/conftest.py)."""

import re

from playwright.sync_api import expect

# What a refusal or an error page says, in Django's English or in our own error pages' words ("Mã lỗi 403"):
# none of it may show on the page a form post lands on.
REFUSAL_TEXTS = ("Forbidden", "CSRF", "Server Error", "Not Found", "Bad Request", "Traceback", "Mã lỗi", "Error code")


def landed(page, heading=None) -> None:
    """The page a form post led to is in the site's language, not a refusal, and has `heading` as its h1."""
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^(vi|en)$"))
    text = page.locator("body").inner_text()
    refused = [word for word in REFUSAL_TEXTS if word in text]
    assert not refused, f"{page.url} looks like an error page ({refused}):\n{text[:500]}"
    if heading is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
