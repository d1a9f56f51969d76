"""A shopper on a phone: home → "Sản phẩm khởi nghiệp" → a startup's product → the startup's story."""

import re

import pytest
from playwright.sync_api import expect

from tests.storefront import catalogue_data as data

pytestmark = pytest.mark.e2e


def _catalogue():
    drinks = data.category("Đồ uống", "do-uong", sort_order=1)
    crafts = data.category("Thủ công mỹ nghệ", "thu-cong-my-nghe", sort_order=2)
    mitri = data.producer("Công ty TNHH Minh Triết", legal_form="company", ward="Xã Phú Ninh", province="TP. Đà Nẵng")
    tre = data.producer("Công ty TNHH Tre Xanh Hội An", legal_form="company")
    plain = data.producer("Cơ sở Nước mắm Hà Quảng", legal_form="household")
    data.startup(
        mitri,
        name="MITRI TEA – trà sâm thảo mộc",
        status="flagship",
        founded_year=2018,
        founders_story="Anh Phạm Minh Triết rời Thành phố Hồ Chí Minh về Phú Ninh, pha trà sâm trong bếp của mẹ.",
        innovation="Lá sâm – phần trước đây bị bỏ đi – thành trà túi lọc.",
        support_received="Giải Nhì cuộc thi Ý tưởng khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam",
    )
    data.startup(tre, name="Tre Xanh Hội An", status="graduated", founded_year=2017)
    mitri_tea = data.product(name="MITRI TEA trà sâm", group=drinks, maker=mitri, price=120_000, stars=3)
    data.rural_industry(mitri_tea, level=2)
    data.product(name="Ống hút tre Hội An", group=crafts, maker=tre, price=75_000)
    data.product(name="Nước mắm Hà Quảng", group=drinks, maker=plain, price=70_000, stars=3)


def test_browse_startup_products_and_read_a_startups_story_on_a_phone(phone_page, screenshot):
    _catalogue()
    page = phone_page

    page.goto("/")
    entry = page.locator(".startup-entry")
    expect(entry.get_by_role("heading", name="Sản phẩm khởi nghiệp")).to_be_visible()
    expect(entry.locator(".card")).to_have_count(2)
    screenshot(page, "startups-home")

    # The header's link, on its own row under the search box, within the first screen.
    link = page.locator(".site-header").get_by_role("link", name="Sản phẩm khởi nghiệp")
    expect(link).to_be_in_viewport()
    link.click()
    expect(page).to_have_url(re.compile(r"/khoi-nghiep/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sản phẩm khởi nghiệp")
    expect(page.locator(".startup-projects li")).to_have_count(2)
    expect(page.locator(".card__name")).to_have_text(["MITRI TEA trà sâm", "Ống hút tre Hội An"])
    expect(page.locator(".card").first.locator(".kind-badge--startup")).to_be_visible()
    screenshot(page, "startups-page")

    page.get_by_role("link", name="MITRI TEA trà sâm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MITRI TEA trà sâm")
    badges = page.locator(".product__summary .kind-badges")
    expect(badges.locator(".ocop-badge")).to_be_visible()
    expect(badges.locator(".kind-badge--startup")).to_have_text("Khởi nghiệp")
    expect(badges.locator(".kind-badge--cnnt")).to_contain_text("CNNT tiêu biểu")
    story = page.locator("#khoi-nghiep")
    story.scroll_into_view_if_needed()
    expect(story.get_by_role("heading")).to_have_text("Câu chuyện khởi nghiệp: MITRI TEA – trà sâm thảo mộc")
    expect(story).to_contain_text("pha trà sâm trong bếp của mẹ")
    expect(story).to_contain_text("Giải Nhì cuộc thi Ý tưởng khởi nghiệp")
    expect(story).to_contain_text("Dự án tiêu biểu")
    screenshot(page, "startups-story")

    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
