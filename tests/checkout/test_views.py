"""The cart and checkout pages, driven like a browser without JavaScript: plain form posts and redirects."""

import pytest
from django.urls import reverse

from marketplace.checkout.models import Checkout
from marketplace.orders.models import Order, OrderStatus
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
    assert response.status_code == 200  # stays on the form, with the error next to the field
    assert "field__error" in response.content.decode()

    response = client.post(reverse("checkout:details"), _details(standard_delivery))
    assert response.headers["Location"] == reverse("checkout:summary")

    summary = client.get(reverse("checkout:summary"))
    page = summary.content.decode()
    assert "270.000 ₫" in page and "Phường Sài Gòn" in page and "Đã gồm thuế GTGT 8%" in page
    response = client.post(reverse("checkout:summary"), {"expected_total": 270_000, "payment_method": "cod"})

    order = Order.objects.get()
    assert response.headers["Location"] == reverse("orders:detail", kwargs={"token": order.token})
    assert order.status == OrderStatus.UNFULFILLED
    detail = client.get(response.headers["Location"])
    assert f"Đơn hàng #{detail.context['order'].number}" in detail.content.decode()
    assert detail["X-Robots-Tag"] == "noindex"
    # The cart is empty again.
    assert "Giỏ hàng đang trống" in client.get(reverse("checkout:cart")).content.decode()


def test_adding_more_than_is_left_says_so_on_the_cart(client, make_variant):
    scarce = make_variant("Trà rừng Cù Lao Chàm", sku="CLC-TRA", price=90_000, stock=1)
    response = client.post(reverse("checkout:add"), {"variant_id": scarce.pk, "quantity": 2}, follow=True)
    assert "Hết hàng: Trà rừng Cù Lao Chàm chỉ còn 1." in response.content.decode()


def test_a_changed_total_is_shown_before_ordering(client, variant, standard_delivery):
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})
    client.post(reverse("checkout:details"), _details(standard_delivery))
    response = client.post(reverse("checkout:summary"), {"expected_total": 1, "payment_method": "cod"})
    assert response.status_code == 200
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
