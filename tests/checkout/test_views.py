"""The cart and checkout pages, driven like a browser without JavaScript: plain form posts and redirects."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.checkout.models import Checkout, ShippingMethod
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import BankTransferAccount
from tests.checkout.fixtures import SAIGON_WARD

pytestmark = pytest.mark.django_db


def _details(standard_delivery, **overrides):
    return {
        "email": "lan@example.com",
        "phone": "0901234567",
        "full_name": "Nguyễn Thị Lan",
        "street_address": "12 Lê Lợi",
        "ward_code": SAIGON_WARD,
        "shipping_method": standard_delivery.pk,
        "customer_note": "",
    } | overrides


def test_guest_journey_from_cart_to_order_page(client, variant, standard_delivery):
    response = client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2}, follow=True)
    page = response.content.decode()
    assert "Nước mắm làng Bích Họa" in page
    assert "240.000 ₫" in page
    assert "<title>Giỏ hàng – Xứ Quảng Market</title>" in page

    response = client.post(reverse("checkout:details"), _details(standard_delivery, ward_code=""))
    assert response.status_code == 400  # stays on the form, with the error next to the field
    assert "field__error" in response.content.decode()

    response = client.post(reverse("checkout:details"), _details(standard_delivery))
    assert response.headers["Location"] == reverse("checkout:summary")

    summary = client.get(reverse("checkout:summary"))
    page = summary.content.decode()
    assert "270.000 ₫" in page and "Phường Sài Gòn" in page and "Đã gồm thuế GTGT 8%" in page
    response = client.post(reverse("checkout:summary"), {"expected_total": 270_000, "payment_method": "cod"})

    order = Order.objects.get()
    # Placing the order lands on "Đặt hàng thành công", which says what happens next.
    assert response.headers["Location"] == reverse("orders:placed", kwargs={"token": order.token})
    assert order.status == OrderStatus.UNFULFILLED
    placed = client.get(response.headers["Location"])
    page = placed.content.decode()
    assert '<h1 id="placed-title">Đặt hàng thành công</h1>' in page
    assert f"#{order.number}" in page
    assert "Chúng tôi gọi hoặc nhắn Zalo số 0901234567" in page
    assert "Bạn trả 270.000 ₫ tiền mặt cho người giao hàng" in page
    assert "trong 2–3 ngày" in page
    assert placed["X-Robots-Tag"] == "noindex"
    detail = client.get(reverse("orders:detail", kwargs={"token": order.token}))
    assert f"Đơn hàng #{detail.context['order'].number}" in detail.content.decode()
    assert detail["X-Robots-Tag"] == "noindex"
    # The cart is empty again.
    assert "Giỏ hàng đang trống" in client.get(reverse("checkout:cart")).content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_adding_more_than_is_left_puts_what_is_left_in_the_cart_and_says_so(client, make_variant):
    scarce = make_variant("Trà rừng Cù Lao Chàm", sku="CLC-TRA", price=90_000, stock=36)
    response = client.post(reverse("checkout:add"), {"variant_id": scarce.pk, "quantity": 500}, follow=True)
    assert _messages(response) == ["Chỉ còn 36 Trà rừng Cù Lao Chàm: giỏ hàng của bạn có 36 (bạn chọn 500)."]
    assert Checkout.objects.get().lines.get().quantity == 36
    assert 'class="messages__warning"' in response.content.decode()

    # Asking for more again keeps the 36 and says so again; setting the line to 40 on the cart does the same.
    response = client.post(reverse("checkout:add"), {"variant_id": scarce.pk, "quantity": 1}, follow=True)
    assert _messages(response) == ["Chỉ còn 36 Trà rừng Cù Lao Chàm: giỏ hàng của bạn có 36 (bạn chọn 37)."]
    response = client.post(reverse("checkout:update_line", args=[scarce.pk]), {"quantity": 40}, follow=True)
    assert _messages(response) == ["Chỉ còn 36 Trà rừng Cù Lao Chàm: giỏ hàng của bạn có 36 (bạn chọn 40)."]
    assert Checkout.objects.get().lines.get().quantity == 36


def test_adding_what_is_sold_out_adds_nothing_and_says_so(client, make_variant):
    gone = make_variant("Trà rừng Cù Lao Chàm", sku="CLC-TRA", price=90_000, stock=0)
    response = client.post(reverse("checkout:add"), {"variant_id": gone.pk, "quantity": 2}, follow=True)
    assert _messages(response) == ["Hết hàng: Trà rừng Cù Lao Chàm đã được mua hết."]
    assert not Checkout.objects.get().lines.exists()


def test_quantity_zero_removes_the_line_with_a_message(client, variant):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2}, follow=True)
    response = client.post(reverse("checkout:update_line", args=[variant.pk]), {"quantity": 0}, follow=True)
    assert _messages(response) == ["Đã bỏ Nước mắm làng Bích Họa khỏi giỏ hàng."]
    assert "Giỏ hàng đang trống" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("99999", "Mỗi sản phẩm đặt tối đa 999; cần số lượng lớn hơn, vui lòng gọi hotline."),
        ("abc", "Số lượng phải là một số nguyên, ví dụ 2."),
        ("-1", "Số lượng phải từ 0 trở lên."),
        ("", "Vui lòng nhập số lượng."),
    ],
)
def test_a_quantity_that_cannot_be_says_why(client, variant, typed, said):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1}, follow=True)
    response = client.post(reverse("checkout:update_line", args=[variant.pk]), {"quantity": typed}, follow=True)
    assert _messages(response) == [said]
    assert Checkout.objects.get().lines.get().quantity == 1
    response = client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": typed}, follow=True)
    assert _messages(response) == [said.replace("từ 0", "từ 1")]


def test_the_cart_shows_photos_and_plus_minus_buttons(client, variant):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2})
    page = client.get(reverse("checkout:cart")).content.decode()
    assert 'class="line-product__photo"' in page
    assert 'name="quantity" value="1"' in page and 'name="quantity" value="3"' in page  # − and +
    client.post(reverse("checkout:update_line", args=[variant.pk]), {"quantity": ["2", "3"]})
    assert Checkout.objects.get().lines.get().quantity == 3  # the + button's value, sent after the field's


def test_the_header_counts_the_items_in_the_cart(client, variant, second_variant):
    assert 'class="cart-link__count"' not in client.get(reverse("storefront:home")).content.decode()
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2})
    client.post(reverse("checkout:add"), {"variant_id": second_variant.pk, "quantity": 1})
    page = client.get(reverse("storefront:home")).content.decode()
    assert '<span class="cart-link__count" aria-hidden="true">3</span>' in page
    assert "Giỏ hàng (3 sản phẩm)" in page
    client.post(reverse("checkout:update_line", args=[variant.pk]), {"quantity": 0})
    assert '<span class="cart-link__count" aria-hidden="true">1</span>' in client.get("/").content.decode()


def test_double_clicked_order_button_lands_on_the_order_it_made(client, variant, standard_delivery):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    client.post(reverse("checkout:details"), _details(standard_delivery))
    token = Checkout.objects.get().pk
    post = {"expected_total": 150_000, "payment_method": "cod", "checkout_token": str(token)}
    first = client.post(reverse("checkout:summary"), post)
    second = client.post(reverse("checkout:summary"), post)

    order = Order.objects.get()
    placed = reverse("orders:placed", kwargs={"token": order.token})
    assert first.headers["Location"] == second.headers["Location"] == placed
    # Another visitor who learns the cart's token finds nothing.
    client.cookies.clear()
    assert client.post(reverse("checkout:summary"), post).headers["Location"] == reverse("checkout:cart")


def test_checkout_asks_the_phone_first_and_the_email_only_for_paying_online(
    client, variant, standard_delivery, channel
):
    BankTransferAccount.objects.create(
        channel=channel, bank_bin="970436", bank_name="Vietcombank", account_number="1234567890", account_holder="XQ"
    )
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    page = client.get(reverse("checkout:details")).content.decode()
    assert page.index('name="phone"') < page.index('name="email"')
    assert f'value="{standard_delivery.pk}" checked' in page  # standard delivery chosen already
    assert 'class="summary-lines"' in page and "Nước mắm làng Bích Họa" in page  # the items, beside the form
    assert "checkout/details.js" in page

    response = client.post(reverse("checkout:details"), _details(standard_delivery, email=""))
    assert response.headers["Location"] == reverse("checkout:summary")
    summary = client.get(reverse("checkout:summary")).content.decode()
    assert "Nguyễn Thị Lan · 0901234567" in summary and " ·  · " not in summary

    response = client.post(reverse("checkout:summary"), {"expected_total": 150_000, "payment_method": "vietqr"})
    assert "cần email" in response.content.decode()
    assert not Order.objects.exists()
    response = client.post(reverse("checkout:summary"), {"expected_total": 150_000, "payment_method": "cod"})
    order = Order.objects.get()
    assert (order.user_email, order.user_phone) == ("", "0901234567")
    placed = client.get(response.headers["Location"]).content.decode()
    assert "Chúng tôi gửi xác nhận" not in placed  # no email to send to


def test_a_changed_total_is_shown_before_ordering(client, variant, standard_delivery):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    client.post(reverse("checkout:details"), _details(standard_delivery))
    response = client.post(reverse("checkout:summary"), {"expected_total": 1, "payment_method": "cod"})
    assert response.status_code == 400  # the summary again, with the reason the order was not placed
    assert "Tổng tiền đã thay đổi" in response.content.decode()
    assert not Order.objects.exists()


def test_signing_in_merges_the_guest_cart(client, django_user_model, variant):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 3})
    user = django_user_model.objects.create_user(username="lan", email="lan@example.com", password="x-pass-123")

    client.force_login(user)

    checkout = Checkout.objects.get()
    assert checkout.user == user
    assert checkout.lines.get().quantity == 3
    assert "Nước mắm làng Bích Họa" in client.get(reverse("checkout:cart")).content.decode()


def test_an_unknown_order_link_is_not_found(client):
    assert client.get("/don-hang/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_returning_shopper_starts_from_their_last_address(client, django_user_model, variant, place_order):
    user = django_user_model.objects.create_user(username="lan", email="lan@example.com", password="x-pass-123")
    place_order([(variant, 1)], email="lan@example.com", user=user)
    client.force_login(user)
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})

    form = client.get(reverse("checkout:details")).context["form"]

    assert form.initial["street_address"] == "12 Lê Lợi"
    assert form.initial["ward_code"] == SAIGON_WARD
    assert form.initial["phone"] == "0901234567"


def test_a_checkout_posted_with_origin_null_gets_the_403_page_and_changes_nothing(variant, standard_delivery):
    """Chromium sends `Origin: null` when a policy hides the page's origin: CSRF refuses it with the shop's page."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("checkout:cart"))
    token = browser.cookies["csrftoken"].value
    same_site = {"origin": "http://testserver"}
    browser.post(
        reverse("checkout:add"),
        {"csrfmiddlewaretoken": token, "variant_id": variant.pk, "quantity": 1},
        headers=same_site,
    )
    browser.post(reverse("checkout:details"), _details(standard_delivery, csrfmiddlewaretoken=token), headers=same_site)
    order = {"csrfmiddlewaretoken": token, "expected_total": 150_000, "payment_method": "cod"}

    for path, data in (
        (reverse("checkout:add"), {"csrfmiddlewaretoken": token, "variant_id": variant.pk, "quantity": 5}),
        (reverse("checkout:summary"), order),
    ):
        refused = browser.post(path, data, headers={"origin": "null"})
        assert refused.status_code == 403
        assert "Biểu mẫu đã cũ hoặc trình duyệt đang chặn cookie" in refused.content.decode()
    assert Checkout.objects.get().lines.get().quantity == 1
    assert not Order.objects.exists()

    placed = browser.post(reverse("checkout:summary"), order, headers=same_site)
    assert placed.headers["Location"] == reverse("orders:placed", kwargs={"token": Order.objects.get().token})


@pytest.mark.parametrize(
    "wrong",
    [{"phone": "12"}, {"full_name": ""}, {"ward_code": "99999"}, {"shipping_method": "0"}, {"email": "lan@"}],
)
def test_the_delivery_form_shown_again_with_its_errors_answers_400(client, variant, standard_delivery, wrong):
    """As the portal's and the till's forms: a form with errors answers 400, the form itself (200 when shown)."""
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    assert client.get(reverse("checkout:details")).status_code == 200

    response = client.post(reverse("checkout:details"), _details(standard_delivery, **wrong))

    assert response.status_code == 400
    page = response.content.decode()
    assert "field__error" in page and "<title>" in page and 'name="phone"' in page
    assert Checkout.objects.get().shipping_method is None  # nothing saved


def test_english_pages_show_delivery_methods_in_english_where_they_have_it(client, variant, standard_delivery):
    express = ShippingMethod.objects.get(channel=standard_delivery.channel, slug="nhanh")
    ShippingMethod.objects.filter(pk=express.pk).update(name_en="", description_en="")  # not translated yet
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get(reverse("checkout:details")).content.decode()
    assert "<strong>Standard delivery</strong>" in page
    assert "Delivered within 2–3 days in Ho Chi Minh City" in page
    assert "Giao tiêu chuẩn" not in page
    assert f"<strong>{express.name}</strong>" in page and express.description in page  # the Vietnamese, as is

    client.post(reverse("checkout:details"), _details(standard_delivery))
    assert "(Standard delivery)" in client.get(reverse("checkout:summary")).content.decode()

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "(Giao tiêu chuẩn)" in client.get(reverse("checkout:summary")).content.decode()
