"""A shopper on a phone: home → search without diacritics → product page with price and OCOP badge."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import landed
from tests.storefront import catalogue_data

pytestmark = pytest.mark.e2e


def test_search_without_diacritics_then_product_page(phone_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = phone_page

    page.goto("/")
    expect(page).to_have_title(re.compile("Xứ Quảng Market"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="OCOP 5 sao – tầm quốc gia")).to_be_visible()
    screenshot(page, "home")

    page.get_by_label("Tìm sản phẩm").fill("nuoc mam")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=nuoc\+mam"))
    cards = page.locator(".card__name")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Nước mắm")
    screenshot(page, "search")

    page.get_by_role("link", name="Nước mắm Cửa Khe Hai Hiền").click()
    expect(page).to_have_url(re.compile(r"/san-pham/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nước mắm Cửa Khe Hai Hiền")
    expect(page.locator(".product__price")).to_contain_text("95.000 ₫")
    expect(page.get_by_role("button", name="Thêm vào giỏ")).to_be_in_viewport()
    expect(page.locator(".product__summary .ocop-badge")).to_be_visible()
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    screenshot(page, "product")

    page.goto("/nhom/thuc-pham/")
    expect(page.locator(".card")).to_have_count(6)
    screenshot(page, "listing")

    page.get_by_text("Bộ lọc và sắp xếp").click()
    page.get_by_label("Hạng sao OCOP").select_option("4")
    page.get_by_label("Sắp xếp").select_option("price_asc")
    screenshot(page, "listing-filters")
    page.get_by_role("button", name="Áp dụng").click()
    landed(page)
    expect(page.locator(".card__price")).to_have_text(["60.000 ₫", "95.000 ₫", "130.000 ₫"])


def test_language_switch_without_javascript(open_page):
    catalogue_data.shopper_catalogue()
    page = open_page(java_script_enabled=False)
    page.goto("/nhom/do-uong/")
    page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    landed(page)
    expect(page).to_have_url(re.compile(r"/nhom/do-uong/$"))
