"""A shopper on a phone, JavaScript off: search → product → cart → delivery details → summary → cash on delivery
→ the private order page. Every step is a plain form post."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import BankTransferAccount
from tests.storefront import catalogue_data

pytestmark = pytest.mark.e2e


def test_guest_orders_with_cash_on_delivery_without_javascript(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False)

    page.goto("/")
    page.get_by_label("Tìm sản phẩm").fill("nuoc mam")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Nước mắm Cửa Khe Hai Hiền").click()
    page.get_by_label("Số lượng").fill("2")
    page.get_by_role("button", name="Thêm vào giỏ").click()

    expect(page).to_have_url(re.compile(r"/gio-hang/$"))
    expect(page.locator(".totals")).to_contain_text("300.000 ₫")
    screenshot(page, "cart")
    page.get_by_role("link", name="Tiến hành đặt hàng").click()

    page.get_by_label("Email").fill("lan@example.com")
    page.get_by_label("Số điện thoại").fill("0901 234 567")
    page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    page.get_by_label("Số nhà, tên đường").fill("12 Lê Lợi")
    page.get_by_label("Phường/xã (TP. Hồ Chí Minh)").select_option(label="Phường Sài Gòn")
    page.get_by_label(re.compile("Giao tiêu chuẩn")).check()
    screenshot(page, "details")
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()

    expect(page).to_have_url(re.compile(r"/thanh-toan/xac-nhan/$"))
    expect(page.locator(".totals")).to_contain_text("330.000 ₫")  # 300.000 ₫ + 30.000 ₫ delivery
    expect(page.locator("body")).to_contain_text("Phường Sài Gòn")
    screenshot(page, "summary")
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đơn hàng #{order.number}")
    expect(page.locator("body")).to_contain_text("Chờ giao")
    screenshot(page, "order")
    assert (order.status, order.total_amount, order.user_email) == (OrderStatus.UNFULFILLED, 330_000, "lan@example.com")


def test_guest_pays_by_vietqr_and_sees_the_qr(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    BankTransferAccount.objects.create(
        channel=catalogue_data.online_channel(),
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="1234567890",
        account_holder="CONG TY XU QUANG MARKET",
    )
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False)

    page.goto("/tim-kiem/?q=nuoc+mam")
    page.get_by_role("link", name="Nước mắm Cửa Khe Hai Hiền").click()
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.get_by_label("Email").fill("lan@example.com")
    page.get_by_label("Số điện thoại").fill("0901234567")
    page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    page.get_by_label("Số nhà, tên đường").fill("12 Lê Lợi")
    page.get_by_label("Phường/xã (TP. Hồ Chí Minh)").select_option(label="Phường Bến Thành")
    page.get_by_label(re.compile("Giao nhanh")).check()
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    page.get_by_label("Chuyển khoản VietQR").check()
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/$"))
    expect(page.locator("body")).to_contain_text("Chờ xác nhận")
    expect(page.get_by_role("img", name="Mã VietQR để chuyển khoản")).to_be_visible()
    expect(page.locator(".transfer-facts")).to_contain_text(f"DH{order.number}")
    expect(page.locator(".transfer-facts")).to_contain_text("205.000 ₫")  # 150.000 ₫ + 55.000 ₫ express
    screenshot(page, "order-vietqr")
    assert order.status == OrderStatus.UNCONFIRMED
