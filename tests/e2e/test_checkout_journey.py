"""A shopper on a phone, JavaScript off: search → product → cart → delivery details → summary → cash on delivery
→ the private order page; as a guest, and signing up or in on the way, when the order then shows in their
account and, to the demo manager, in the back office. Every step is a plain form post."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.accounts.services import create_user, save_address, sign_up_shopper
from marketplace.demo import data as demo
from marketplace.orders.models import Order, OrderStatus
from tests.e2e.pages import landed
from tests.storefront import catalogue_data

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "java_script_enabled": False}
PASSWORD = "Ca-phe-sua-da-2026"

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
    landed(page, "Giỏ hàng")
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
    landed(page, "Xác nhận đơn hàng")
    expect(page.locator(".totals")).to_contain_text("330.000 ₫")  # 300.000 ₫ + 30.000 ₫ delivery
    expect(page.locator("body")).to_contain_text("Phường Sài Gòn")
    screenshot(page, "summary")
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/da-dat/$"))
    landed(page, "Đặt hàng thành công")
    expect(page.locator(".next-steps")).to_contain_text("Bạn trả 330.000 ₫ tiền mặt cho người giao hàng")
    screenshot(page, "order-placed-cod")
    page.get_by_role("link", name="Xem đơn hàng").click()
    landed(page, f"Đơn hàng #{order.number}")
    expect(page.locator("body")).to_contain_text("Chờ giao")
    screenshot(page, "order")
    assert (order.status, order.total_amount, order.user_email) == (OrderStatus.UNFULFILLED, 330_000, "lan@example.com")

    # Changing their mind: the cancel form posts (it once met a CSRF refusal) and lands on the order, canceled.
    page.get_by_role("button", name="Hủy đơn hàng").click()
    landed(page, f"Đơn hàng #{order.number}")
    expect(page.locator(".messages")).to_contain_text(f"Đã hủy đơn hàng #{order.number}")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED


def test_guest_pays_by_vietqr_and_sees_the_qr(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    catalogue_data.bank_account()
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
    landed(page, "Xác nhận đơn hàng")
    page.get_by_label("Chuyển khoản VietQR").check()
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/da-dat/$"))
    landed(page, "Đặt hàng thành công")
    expect(page.get_by_role("img", name="Mã VietQR để chuyển khoản")).to_be_visible()
    expect(page.locator(".transfer-facts")).to_contain_text(f"DH{order.number}")
    expect(page.locator(".transfer-facts")).to_contain_text("205.000 ₫")  # 150.000 ₫ + 55.000 ₫ express
    screenshot(page, "order-vietqr")
    assert order.status == OrderStatus.UNCONFIRMED


def _demo_manager() -> User:
    """The back-office account the demo data creates, with the demo's password."""
    spec = next(account for account in demo.DEMO_ACCOUNTS if account.role == User.Role.MANAGER)
    return create_user(
        email=spec.email,
        password=demo.DEMO_PASSWORD,
        role=spec.role,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )


def _add_fish_sauce(page, quantity: int) -> None:
    page.goto("/")
    page.get_by_label("Tìm sản phẩm").fill("nuoc mam")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Nước mắm Cửa Khe Hai Hiền").click()
    page.get_by_label("Số lượng").fill(str(quantity))
    page.get_by_role("button", name="Thêm vào giỏ").click()
    expect(page).to_have_url(re.compile(r"/gio-hang/$"))
    landed(page, "Giỏ hàng")


def _manager_sees_the_order_in_the_back_office(open_page, screenshot, order: Order) -> None:
    manager = _demo_manager()
    admin = open_page()
    admin.goto("/admin/orders/order/")
    expect(admin).to_have_url(re.compile(r"/admin/login/"))
    admin.get_by_label(re.compile("^Email")).fill(manager.email)
    admin.get_by_label(re.compile("Mật khẩu|Password")).fill(demo.DEMO_PASSWORD)
    admin.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()
    expect(admin).to_have_url(re.compile(r"/admin/orders/order/$"))
    landed(admin)
    row = admin.locator("#result_list tbody tr").filter(has_text=order.user_email)
    expect(row).to_contain_text(str(order.number))
    row.get_by_role("link", name=str(order.number)).click()
    expect(admin.locator("body")).to_contain_text(order.shipping_street_address)
    screenshot(admin, "account-backoffice-order")


def test_shopper_signs_up_during_checkout_and_finds_the_order_in_their_account(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = open_page(**PHONE)
    _add_fish_sauce(page, 2)

    # The guest signs up from the header; the cart they filled follows them into the new account.
    page.get_by_role("link", name="Đăng nhập").click()
    screenshot(page, "account-sign-in")
    page.get_by_role("link", name="Đăng ký").click()
    page.get_by_label("Số điện thoại").fill("0901 234 567")
    page.get_by_label("Họ tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Email").fill("Lan@Example.com")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    screenshot(page, "account-sign-up")
    page.get_by_role("button", name="Tạo tài khoản").click()
    landed(page, "Tài khoản của tôi")
    expect(page.locator(".messages")).to_contain_text("Chào mừng Nguyễn Thị Lan")

    page.get_by_role("link", name="Giỏ hàng").click()
    expect(page.locator(".totals")).to_contain_text("300.000 ₫")
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    # Contact comes from the account: only the address is left to type.
    expect(page.get_by_label("Email")).to_have_value("lan@example.com")
    expect(page.get_by_label("Số điện thoại")).to_have_value("0901234567")
    expect(page.get_by_label("Họ tên người nhận")).to_have_value("Nguyễn Thị Lan")
    page.get_by_label("Số nhà, tên đường").fill("12 Lê Lợi")
    page.get_by_label("Phường/xã (TP. Hồ Chí Minh)").select_option(label="Phường Sài Gòn")
    page.get_by_label(re.compile("Giao tiêu chuẩn")).check()
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    landed(page, "Xác nhận đơn hàng")
    page.get_by_label("Thanh toán khi nhận hàng").check()
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    landed(page, "Đặt hàng thành công")
    assert (order.user.email, order.status, order.total_amount) == ("lan@example.com", OrderStatus.UNFULFILLED, 330_000)

    page.get_by_role("link", name="Tài khoản của tôi").click()
    expect(page.locator(".account-orders")).to_contain_text(f"Đơn hàng #{order.number}")
    expect(page.locator(".account-orders")).to_contain_text("330.000 ₫")
    screenshot(page, "account-home")
    page.get_by_role("link", name=f"Đơn hàng #{order.number}").click()
    expect(page).to_have_url(re.compile(rf"/tai-khoan/don-hang/{order.number}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đơn hàng #{order.number}")
    expect(page.locator("body")).to_contain_text("12 Lê Lợi")
    screenshot(page, "account-order")

    _manager_sees_the_order_in_the_back_office(open_page, screenshot, order)


def test_returning_shopper_signs_in_at_checkout_and_delivers_to_their_saved_address(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    lan = sign_up_shopper(email="lan@example.com", full_name="Nguyễn Thị Lan", phone="0901234567", password=PASSWORD)
    save_address(
        user=lan, full_name="Nguyễn Thị Lan", phone="0901234567", street_address="12 Lê Lợi", ward_code="26740"
    )
    save_address(
        user=lan, full_name="Lan (cơ quan)", phone="0901234567", street_address="5 Nguyễn Huệ", ward_code="26743"
    )
    page = open_page(**PHONE)
    _add_fish_sauce(page, 1)

    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Email hoặc số điện thoại").fill("LAN@example.com")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    landed(page, "Tài khoản của tôi")
    page.get_by_role("link", name="Giỏ hàng").click()
    expect(page.locator(".totals")).to_contain_text("150.000 ₫")  # the guest cart joined the account
    page.get_by_role("link", name="Tiến hành đặt hàng").click()

    expect(page.get_by_label("Số nhà, tên đường")).to_have_value("12 Lê Lợi")  # the default address
    page.get_by_role("link", name=re.compile("5 Nguyễn Huệ")).click()
    expect(page.get_by_label("Số nhà, tên đường")).to_have_value("5 Nguyễn Huệ")
    expect(page.get_by_label("Họ tên người nhận")).to_have_value("Lan (cơ quan)")
    page.get_by_label(re.compile("Giao tiêu chuẩn")).check()
    screenshot(page, "account-checkout-saved-address")
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    landed(page, "Xác nhận đơn hàng")
    expect(page.locator("body")).to_contain_text("Phường Bến Thành")
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    landed(page, "Đặt hàng thành công")
    assert (order.user, order.shipping_street_address, order.shipping_ward) == (lan, "5 Nguyễn Huệ", "Phường Bến Thành")
    page.get_by_role("link", name="Tài khoản của tôi").click()
    page.get_by_role("link", name="Sổ địa chỉ").click()
    expect(page.locator(".address-book li")).to_have_count(2)
    screenshot(page, "account-addresses")
