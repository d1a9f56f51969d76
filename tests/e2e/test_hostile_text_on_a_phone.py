"""Text typed as one long run, with markup, emoji and "²", on a phone: it breaks inside the screen and stays text.

A name and address without spaces once made the order summary 2,663 px wide on a 390 px phone, the order button
behind the panel beside it."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.orders.models import Order
from tests.e2e.pages import landed
from tests.storefront import catalogue_data

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LONG_RUN = "Nguyễn" * 40 + "<script>alert(1)</script>²😀"


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_long_unbroken_name_and_address_stay_inside_a_phone_from_checkout_to_the_order(phone_page):
    fish_sauce = catalogue_data.shopper_catalogue()["cua_khe"]
    page = phone_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/san-pham/{fish_sauce.slug}/")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/thanh-toan/")
    page.get_by_label("Số điện thoại").fill("0901 234 567")
    page.get_by_label("Họ tên người nhận").fill(LONG_RUN)
    page.get_by_label("Số nhà, tên đường").fill(LONG_RUN)
    page.get_by_label("Phường/xã (TP. Hồ Chí Minh)").select_option(label="Phường Sài Gòn")
    page.get_by_label("Ghi chú cho người giao").fill(LONG_RUN)
    page.get_by_label(re.compile("Giao tiêu chuẩn")).check()
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()

    landed(page, "Xác nhận đơn hàng")
    assert page_width(page) <= PHONE["width"]
    # Tapped, not forced: a covered button fails here as it failed the shopper.
    page.get_by_role("button", name=re.compile("Đặt hàng")).tap()

    landed(page, "Đặt hàng thành công")
    assert page_width(page) <= PHONE["width"]
    page.get_by_role("link", name="Xem đơn hàng").click()
    order = Order.objects.get()
    landed(page, f"Đơn hàng #{order.number}")
    assert page_width(page) <= PHONE["width"]
    expect(page.locator("body")).to_contain_text("NguyễnNguyễn")
    assert not dialogs  # the markup was shown as text, never run
