"""The shopper's order pages: the private page with its cancel button, and a signed-in shopper's order list."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse

from inventory.models import Stock
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import fulfill_order
from marketplace.payments.models import BankTransferAccount, PaymentMethod

pytestmark = pytest.mark.django_db

# The session with its user (one statement: marketplace/accounts/sessions.py), the orders: the same for one order
# or many.
QUERIES = 2


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user(username="lan", email="lan@example.com", password="x-pass-123")


def test_the_private_link_lets_a_guest_cancel_before_shipping(client, place_order, variant):
    order = place_order([(variant, 3)])
    page = client.get(reverse("orders:detail", kwargs={"token": order.token})).content.decode()
    assert reverse("orders:cancel", kwargs={"token": order.token}) in page

    response = client.post(reverse("orders:cancel", kwargs={"token": order.token}), follow=True)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0
    assert f"Đã hủy đơn hàng #{order.number}." in response.content.decode()
    assert "Hủy đơn hàng</button>" not in response.content.decode()


def test_a_shipped_order_cannot_be_canceled_by_the_shopper(client, place_order, variant):
    order = place_order([(variant, 1)])
    fulfill_order(order)
    response = client.post(reverse("orders:cancel", kwargs={"token": order.token}), follow=True)
    assert "Không thể hủy đơn" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED


def test_a_signed_in_shopper_sees_only_their_orders(client, place_order, variant, shopper, django_user_model):
    mine = place_order([(variant, 1)], email="lan@example.com", user=shopper)
    other = django_user_model.objects.create_user(username="binh", email="binh@example.com", password="x-pass-123")
    theirs = place_order([(variant, 1)], email="binh@example.com", user=other)

    assert client.get(reverse("orders:list")).status_code == 302  # sign in first
    client.force_login(shopper)
    page = client.get(reverse("orders:list")).content.decode()
    assert f"#{mine.number}" in page
    assert f"#{theirs.number}" not in page


def test_the_order_list_takes_the_same_queries_for_any_number_of_orders(
    client, place_order, variant, shopper, django_assert_num_queries
):
    client.force_login(shopper)
    place_order([(variant, 1)], email="lan@example.com", user=shopper)
    with django_assert_num_queries(QUERIES):
        client.get(reverse("orders:list"))
    for _more in range(3):
        place_order([(variant, 1)], email="lan@example.com", user=shopper)
    with django_assert_num_queries(QUERIES):
        client.get(reverse("orders:list"))


@pytest.fixture
def transfer_order(channel, variant, fill_details):
    """An order to pay by VietQR transfer, with the shop's bank account set up."""
    BankTransferAccount.objects.create(
        channel=channel,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="1234567890",
        account_holder="CONG TY XU QUANG MARKET",
    )
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=1)
    fill_details(checkout)
    return complete_checkout(checkout, payment_method=PaymentMethod.VIETQR)


def test_the_placed_page_puts_the_transfer_first_with_copy_buttons_and_the_qr_to_save(client, transfer_order):
    order = transfer_order
    response = client.get(reverse("orders:placed", kwargs={"token": order.token}))
    page = response.content.decode()

    assert "Đặt hàng thành công" in page and f"#{order.number}" in page
    # The transfer comes before what happens next and before the items.
    assert page.index('class="panel transfer"') < page.index('class="panel next-steps"') < page.index("Sản phẩm đã đặt")
    for value in ("1234567890", str(order.total_amount), f"DH{order.number}"):
        assert f'data-copy="{value}"' in page
    assert "orders/copy.js" in page
    qr_url = reverse("orders:transfer_qr", kwargs={"token": order.token})
    assert f'href="{qr_url}" download="vietqr-DH{order.number}.png"' in page
    assert "Lưu ảnh QR" in page
    assert response["X-Robots-Tag"] == "noindex"

    image = client.get(qr_url)
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert image["Content-Disposition"] == f'attachment; filename="vietqr-DH{order.number}.png"'


def test_there_is_no_qr_to_save_for_an_order_paid_in_cash(client, place_order, variant):
    order = place_order([(variant, 1)])
    assert client.get(reverse("orders:transfer_qr", kwargs={"token": order.token})).status_code == 404
    page = client.get(reverse("orders:placed", kwargs={"token": order.token})).content.decode()
    assert "Lưu ảnh QR" not in page and "tiền mặt" in page


def test_the_order_page_also_shows_the_transfer_before_the_items(client, transfer_order):
    page = client.get(reverse("orders:detail", kwargs={"token": transfer_order.token})).content.decode()
    assert page.index('class="panel transfer"') < page.index('class="lines"')


def test_english_order_pages_name_the_delivery_method_in_english(
    client, place_order, variant, shopper, standard_delivery, settings
):
    order = place_order([(variant, 1)], email="lan@example.com", user=shopper)
    assert (order.shipping_method_name, order.shipping_method_name_en) == ("Giao tiêu chuẩn", "Standard delivery")
    # A later change of the method's names leaves the order with the names it was placed under.
    type(standard_delivery).objects.filter(pk=standard_delivery.pk).update(name="Giao thường", name_en="Regular")
    client.force_login(shopper)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    placed = client.get(reverse("orders:placed", kwargs={"token": order.token})).content.decode()
    assert "delivered (Standard delivery) within" in placed and "Delivery (Standard delivery)" in placed
    for url in (
        reverse("orders:detail", kwargs={"token": order.token}),
        reverse("accounts:order", args=[order.number]),
    ):
        page = client.get(url).content.decode()
        assert "Delivery (Standard delivery)" in page and "Giao tiêu chuẩn" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(reverse("orders:detail", kwargs={"token": order.token})).content.decode()
    assert "Phí giao hàng (Giao tiêu chuẩn)" in page


def test_a_method_without_english_shows_its_vietnamese_name_on_english_pages(
    client, place_order, variant, standard_delivery, settings
):
    type(standard_delivery).objects.filter(pk=standard_delivery.pk).update(name_en="")
    order = place_order([(variant, 1)])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("orders:detail", kwargs={"token": order.token})).content.decode()
    assert "Delivery (Giao tiêu chuẩn)" in page


def test_the_migration_gives_earlier_orders_the_english_name_of_their_unchanged_method(
    place_order, variant, standard_delivery
):
    backfill = importlib.import_module("marketplace.orders.migrations.0011_order_shipping_method_name_en").BACKFILL
    kept, renamed = place_order([(variant, 1)]), place_order([(variant, 1)])
    Order.objects.update(shipping_method_name_en="")  # as orders placed before the migration
    Order.objects.filter(pk=renamed.pk).update(shipping_method_name="Giao thường")  # the method renamed since

    with connection.cursor() as cursor:
        cursor.execute(backfill)

    assert dict(Order.objects.values_list("pk", "shipping_method_name_en")) == {
        kept.pk: "Standard delivery",
        renamed.pk: "",
    }
