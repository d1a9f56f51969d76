"""What a shopper on a phone meets around an order (issue 14): the cart that caps at what is left, the delivery
form with its ward search and remembered details, "Đặt hàng thành công" with the transfer to make first, and a
double-clicked order button. Every form post checks the page it lands on (tests/e2e/pages.py)."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.orders.models import Order
from tests.e2e.conftest import PHONE
from tests.e2e.pages import landed
from tests.storefront import catalogue_data

pytestmark = pytest.mark.e2e

FISH_SAUCE = "Nước mắm Cửa Khe Hai Hiền"  # 10 in stock, 150.000 ₫


def _phone(open_page, **options):
    return open_page(viewport=PHONE, is_mobile=True, has_touch=True, **options)


def _to_cart(page, quantity: int) -> None:
    page.goto("/tim-kiem/?q=nuoc+mam")
    page.get_by_role("link", name=FISH_SAUCE).click()
    page.get_by_label("Số lượng").fill(str(quantity))
    page.get_by_role("button", name="Thêm vào giỏ").click()
    landed(page, "Giỏ hàng")


def _fill_delivery(page, *, email="") -> None:
    page.get_by_label("Số điện thoại").fill("0901234567")
    if email:
        page.get_by_label(re.compile("^Email")).fill(email)
    page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    page.get_by_label("Số nhà, tên đường").fill("12 Lê Lợi")
    page.get_by_label("Phường/xã (TP. Hồ Chí Minh)").select_option(label="Phường Bến Thành")


def test_the_cart_caps_at_what_is_left_and_says_what_it_did(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = _phone(open_page)

    _to_cart(page, 500)
    capped = f"Chỉ còn 10 {FISH_SAUCE}: giỏ hàng của bạn có 10 (bạn chọn 500)."
    expect(page.locator(".messages")).to_contain_text(capped)
    expect(page.get_by_label(f"Số lượng {FISH_SAUCE}")).to_have_value("10")
    expect(page.locator(".cart-link__count")).to_have_text("10")
    expect(page.locator(".line-product__photo")).to_be_visible()
    screenshot(page, "shop-cart-capped")

    page.get_by_role("button", name=f"Bớt một {FISH_SAUCE}").click()
    landed(page, "Giỏ hàng")
    expect(page.get_by_label(f"Số lượng {FISH_SAUCE}")).to_have_value("9")
    expect(page.locator(".cart-link__count")).to_have_text("9")
    page.get_by_role("button", name=f"Thêm một {FISH_SAUCE}").click()
    landed(page, "Giỏ hàng")
    expect(page.get_by_label(f"Số lượng {FISH_SAUCE}")).to_have_value("10")

    page.get_by_label(f"Số lượng {FISH_SAUCE}").fill("99999")
    page.get_by_label(f"Số lượng {FISH_SAUCE}").press("Enter")  # Enter presses "Cập nhật"
    landed(page, "Giỏ hàng")
    expect(page.locator(".messages")).to_contain_text("Mỗi sản phẩm đặt tối đa 999")
    screenshot(page, "shop-cart-too-many")

    page.get_by_label(f"Số lượng {FISH_SAUCE}").fill("0")
    page.get_by_role("button", name="Cập nhật").click()
    landed(page, "Giỏ hàng")
    expect(page.locator(".messages")).to_contain_text(f"Đã bỏ {FISH_SAUCE} khỏi giỏ hàng.")
    expect(page.locator(".empty-state")).to_contain_text("Giỏ hàng đang trống")
    expect(page.locator(".cart-link__count")).to_have_count(0)
    screenshot(page, "shop-cart-removed")


def test_vietqr_on_a_phone_puts_the_transfer_first_with_copy_buttons_and_a_qr_to_save(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    catalogue_data.bank_account()
    page = _phone(open_page, permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    _to_cart(page, 1)
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    _fill_delivery(page, email="lan@example.com")
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    landed(page, "Xác nhận đơn hàng")
    page.get_by_label("Chuyển khoản VietQR").check()
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()

    order = Order.objects.get()
    landed(page, "Đặt hàng thành công")
    # On the first screen: the account number with its copy button; the amount and transfer text follow at once.
    expect(page.get_by_role("button", name="Chép số tài khoản")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Chép số tiền")).to_be_visible()
    expect(page.locator(".transfer-facts")).to_contain_text(f"DH{order.number}")
    full_page = screenshot(page, "shop-placed-vietqr")
    page.screenshot(path=str(full_page.with_name("shop-placed-vietqr-first-screen.png")))  # what the phone shows

    page.get_by_role("button", name="Chép nội dung").click()
    expect(page.locator(".copy-status")).to_have_text(f"Đã chép: DH{order.number}")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"DH{order.number}"
    page.get_by_role("button", name="Chép số tiền").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == str(order.total_amount)

    with page.expect_download() as download:
        page.get_by_role("link", name="Lưu ảnh QR").click()
    assert download.value.suggested_filename == f"vietqr-DH{order.number}.png"
    with open(download.value.path(), "rb") as image:
        assert image.read(4) == b"\x89PNG"


def test_delivery_form_searches_wards_and_remembers_a_guest_who_asks(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = _phone(open_page)
    _to_cart(page, 1)
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    landed(page, "Thông tin giao hàng")

    # Phone first, standard delivery already chosen, the items beside the form.
    fields = page.locator("#checkout-details input[name=phone], #checkout-details input[name=email]")
    expect(fields.first).to_have_attribute("name", "phone")
    expect(page.get_by_label(re.compile("Giao tiêu chuẩn"))).to_be_checked()
    expect(page.locator(".summary-lines")).to_contain_text(FISH_SAUCE)

    page.get_by_label("Số điện thoại").fill("0901234567")
    page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    page.get_by_label("Số nhà, tên đường").fill("12 Lê Lợi")
    page.get_by_label("Tìm phường/xã").fill("ben thanh")  # without diacritics
    expect(page.get_by_label("Phường/xã (TP. Hồ Chí Minh)")).to_have_value("26743")
    page.get_by_label("Ghi nhớ thông tin giao hàng trên thiết bị này").check()
    screenshot(page, "shop-details")
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    landed(page, "Xác nhận đơn hàng")
    expect(page.locator("body")).to_contain_text("Phường Bến Thành")
    page.get_by_role("button", name=re.compile("Đặt hàng")).click()  # cash on delivery, no email asked
    landed(page, "Đặt hàng thành công")
    order = Order.objects.get()
    assert (order.user_email, order.user_phone, order.shipping_ward) == ("", "0901234567", "Phường Bến Thành")

    # Next time on this phone the details are there already.
    _to_cart(page, 1)
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    expect(page.get_by_label("Số điện thoại")).to_have_value("0901234567")
    expect(page.get_by_label("Số nhà, tên đường")).to_have_value("12 Lê Lợi")
    expect(page.get_by_label("Phường/xã (TP. Hồ Chí Minh)")).to_have_value("26743")


def test_a_double_clicked_order_button_lands_on_the_order_it_made(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    page = _phone(open_page, java_script_enabled=False)
    _to_cart(page, 1)
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    _fill_delivery(page)
    page.get_by_role("button", name="Tiếp tục: xem lại đơn hàng").click()
    landed(page, "Xác nhận đơn hàng")

    page.get_by_role("button", name=re.compile("Đặt hàng")).dblclick()

    landed(page, "Đặt hàng thành công")
    order = Order.objects.get()
    expect(page).to_have_url(re.compile(rf"/don-hang/{order.token}/da-dat/$"))
    screenshot(page, "shop-placed-cod")


def test_home_and_footer_on_a_phone_and_a_desktop(open_page, screenshot):
    catalogue_data.shopper_catalogue()
    for name, page in (("phone", _phone(open_page)), ("desktop", open_page())):
        page.goto("/")
        # The shop's name is whole: not cut by the language button, the cart and the account.
        logo = page.locator(".logo span")
        assert logo.evaluate("(node) => node.scrollWidth <= node.clientWidth"), f"shop name cut on the {name}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        footer = page.locator(".site-footer")
        expect(footer).to_contain_text("Mã số thuế")
        expect(footer.get_by_role("link", name="Chính sách đổi trả")).to_be_visible()
        expect(footer.get_by_role("img", name="Đã thông báo Bộ Công Thương")).to_be_visible()
        # The first row of cards is loaded on arrival, not left as empty boxes.
        first = page.locator(".card__image img").first
        expect(first).to_have_js_property("complete", True)
        assert first.evaluate("(image) => image.naturalWidth") > 0
        screenshot(page, f"shop-home-{name}")
