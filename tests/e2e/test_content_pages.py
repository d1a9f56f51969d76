"""A shopper on a phone reads a policy page and switches it to English."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.content import services
from tests.content.conftest import make_demo_page

pytestmark = pytest.mark.e2e


def test_a_policy_page_on_a_phone(phone_page, screenshot):
    policies = services.create_page_type(name="Chính sách", slug="chinh-sach")
    make_demo_page("doi-tra", policies)
    make_demo_page("giao-hang", policies)
    page = phone_page

    page.goto("/trang/giao-hang/")
    expect(page).to_have_title(re.compile("Chính sách giao hàng"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chính sách giao hàng")
    expect(page.get_by_role("heading", level=2, name="Cách giao và phí")).to_be_visible()
    # The text fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "page-giao-hang")

    page.get_by_role("link", name="chính sách đổi trả", exact=True).click()
    expect(page).to_have_url(re.compile(r"/trang/doi-tra/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chính sách đổi trả")
    screenshot(page, "page-doi-tra")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns policy")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "page-doi-tra-en")
