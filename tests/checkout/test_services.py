"""Cart and checkout services: quantities, limits, address and delivery, totals with VAT, placing the order."""

import datetime
from decimal import Decimal

import pytest

from marketplace.catalogue.models import Product
from marketplace.checkout.models import Checkout
from marketplace.checkout.selectors import checkout_totals, local_today
from marketplace.checkout.services import (
    add_to_checkout,
    complete_checkout,
    create_checkout,
    merge_guest_checkout,
    reserve_checkout,
    set_line_quantity,
)
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order, OrderChargeStatus, OrderEvent, OrderStatus
from marketplace.payments.models import PaymentMethod
from marketplace.taxes.selectors import vat_rate_on
from tests.jobs import run_deferred_jobs

pytestmark = pytest.mark.django_db

DURING_REDUCED_VAT = datetime.date(2026, 11, 26)


@pytest.fixture
def checkout(channel):
    return create_checkout(channel=channel)


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user(username="lan", email="lan@example.com", password="x-pass-123")


def _refusal(call) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value


def test_adding_twice_adds_up_and_zero_removes(checkout, variant):
    add_to_checkout(checkout, variant=variant, quantity=2)
    line = add_to_checkout(checkout, variant=variant, quantity=3)
    assert line.quantity == 5
    assert set_line_quantity(checkout, variant=variant, quantity=0) is None
    assert not checkout.lines.exists()


def test_cannot_hold_more_than_the_channel_can_sell(checkout, variant):
    add_to_checkout(checkout, variant=variant, quantity=15)
    error = _refusal(lambda: add_to_checkout(checkout, variant=variant, quantity=6))
    assert (error.code, error.field) == ("insufficient_stock", "quantity")
    assert "còn 20" in error.message
    assert checkout.lines.get().quantity == 15


def test_products_not_published_cannot_be_added(checkout, variant):
    Product.objects.filter(pk=variant.product_id).update(status=Product.Status.DRAFT)
    assert _refusal(lambda: add_to_checkout(checkout, variant=variant)).code == "not_available"


def test_quantity_limit_per_customer_counts_earlier_orders(make_variant, checkout, place_order, fill_details):
    ginseng = make_variant("Sâm Ngọc Linh", sku="SAM-01", price=2_500_000, stock=10, limit=2)
    assert _refusal(lambda: add_to_checkout(checkout, variant=ginseng, quantity=3)).code == (
        "quantity_greater_than_limit"
    )

    place_order([(ginseng, 2)], email="lan@example.com")
    add_to_checkout(checkout, variant=ginseng, quantity=1)  # a new guest: not yet known
    fill_details(checkout, email="LAN@example.com")

    error = _refusal(lambda: complete_checkout(checkout))
    assert error.code == "quantity_greater_than_limit"
    assert "bạn đã mua 2" in error.message
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"ward_code": "20410"}, "ward_code", "invalid_ward"),  # Phường Hội An is in Đà Nẵng, not HCMC
        ({"phone": "12345"}, "phone", "invalid"),
        ({"email": "lan@"}, "email", "invalid"),
        ({"street_address": "   "}, "street_address", "required"),
    ],
)
def test_details_are_validated(checkout, fill_details, overrides, field, code):
    error = _refusal(lambda: fill_details(checkout, **overrides))
    assert (error.field, error.code) == (field, code)


def test_details_are_normalised(checkout, fill_details):
    fill_details(checkout, phone="+84 901-234-567", full_name="  Nguye\u0302\u0303n  Lan ")
    checkout.refresh_from_db()
    assert checkout.phone == "0901234567"
    assert checkout.shipping_full_name == "Nguyễn Lan"
    assert checkout.shipping_address_line == "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"


def test_totals_include_vat_rounded_once_per_line(checkout, variant, fill_details):
    add_to_checkout(checkout, variant=variant, quantity=2)
    fill_details(checkout)

    totals = checkout_totals(checkout, day=DURING_REDUCED_VAT)

    assert totals.vat_rate == Decimal("8")
    assert (totals.subtotal, totals.shipping_price, totals.total) == (240_000, 30_000, 270_000)
    # 240 000 × 8/108 = 17 777.8 → 17 778; 30 000 × 8/108 = 2 222.2 → 2 222.
    assert totals.vat == 17_778 + 2_222
    assert checkout_totals(checkout, day=datetime.date(2027, 1, 1)).vat_rate == Decimal("10")


def test_standard_delivery_is_free_from_the_threshold(checkout, variant, fill_details):
    add_to_checkout(checkout, variant=variant, quantity=5)  # 600 000 ₫
    fill_details(checkout)
    totals = checkout_totals(checkout)
    assert (totals.shipping_price, totals.shipping_vat, totals.total) == (0, 0, 600_000)


def test_totals_take_the_same_queries_for_any_number_of_lines(
    checkout, variant, second_variant, make_variant, fill_details, django_assert_num_queries
):
    fill_details(checkout)
    add_to_checkout(checkout, variant=variant)
    loaded = Checkout.objects.select_related("channel", "shipping_method").get(pk=checkout.pk)
    with django_assert_num_queries(3):  # VAT rate, lines with their prices, availability
        assert len(checkout_totals(loaded).lines) == 1
    add_to_checkout(checkout, variant=second_variant)
    add_to_checkout(checkout, variant=make_variant("Tiêu Tiên Phước", sku="TP-01", price=80_000, stock=5))
    loaded = Checkout.objects.select_related("channel", "shipping_method").get(pk=checkout.pk)
    with django_assert_num_queries(3):  # VAT rate, lines with their prices, availability
        assert len(checkout_totals(loaded).lines) == 3


def test_placing_the_order_confirms_it_unpaid_with_cash_on_delivery(checkout, variant, fill_details, mailoutbox):
    add_to_checkout(checkout, variant=variant, quantity=2)
    fill_details(checkout)
    total = checkout_totals(checkout).total

    order = complete_checkout(checkout, expected_total=total)
    run_deferred_jobs()

    assert (order.status, order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.NONE)
    assert order.total_amount == total
    line = order.lines.get()
    assert (line.unit_price_amount, line.vat_rate, line.quantity) == (120_000, vat_rate_on(local_today()), 2)
    transaction = order.transactions.get()
    assert (transaction.method, transaction.charged_amount) == (PaymentMethod.CASH_ON_DELIVERY, 0)
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert list(order.events.values_list("type", flat=True)) == [OrderEvent.Type.PLACED, OrderEvent.Type.EMAIL_SENT]
    # The email is in Vietnamese and carries the private link.
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["khach@example.com"]
    assert f"#{order.number}" in email.subject
    assert "Cảm ơn bạn đã đặt hàng" in email.body
    assert "270.000 ₫" in email.body
    assert f"/don-hang/{order.token}/" in email.body


def test_completing_twice_gives_the_same_order(checkout, variant, fill_details):
    add_to_checkout(checkout, variant=variant)
    fill_details(checkout)
    first = complete_checkout(checkout)
    assert complete_checkout(checkout) == first
    assert Order.objects.count() == 1


def test_order_numbers_are_sequential(place_order, variant):
    first = place_order([(variant, 1)])
    second = place_order([(variant, 1)], email="b@example.com")
    assert second.number == first.number + 1


def test_a_changed_total_stops_the_order(checkout, variant, fill_details):
    add_to_checkout(checkout, variant=variant)
    fill_details(checkout)
    shown = checkout_totals(checkout).total
    variant.channel_listings.update(price_amount=130_000)

    error = _refusal(lambda: complete_checkout(checkout, expected_total=shown))

    assert error.code == "total_changed"
    assert not Order.objects.exists()


def test_incomplete_checkouts_are_refused(checkout, variant):
    assert _refusal(lambda: complete_checkout(checkout)).code == "empty_checkout"
    add_to_checkout(checkout, variant=variant)
    assert _refusal(lambda: complete_checkout(checkout)).code == "shipping_address_not_set"


def test_guest_cart_merges_into_the_account_cart_within_availability(channel, shopper, variant, second_variant):
    account_cart = create_checkout(channel=channel, user=shopper)
    add_to_checkout(account_cart, variant=variant, quantity=15, user=shopper)
    guest = create_checkout(channel=channel)
    add_to_checkout(guest, variant=variant, quantity=10)
    add_to_checkout(guest, variant=second_variant, quantity=2)

    merged = merge_guest_checkout(guest=guest, user=shopper)

    assert merged.pk == account_cart.pk
    assert dict(merged.lines.values_list("variant__sku", "quantity")) == {"CT-NM-500": 20, "HA-BT-01": 2}
    assert merged.email == "lan@example.com"
    assert not Checkout.objects.filter(pk=guest.pk).exists()


@pytest.mark.parametrize("line_count", [2, 3])
def test_placing_an_order_takes_at_most_twenty_statements(
    checkout, variant, second_variant, make_variant, fill_details, django_assert_num_queries, line_count
):
    """Issue 9: placing an order costs the same 20 SQL statements whatever the number of lines (the test's
    SAVEPOINT and RELEASE included, a server's BEGIN and COMMIT otherwise)."""
    third = make_variant("Tiêu Tiên Phước", sku="TP-01", price=80_000, stock=5)
    for item in [variant, second_variant, third][:line_count]:
        add_to_checkout(checkout, variant=item, quantity=2)
    fill_details(checkout)
    reserve_checkout(checkout)  # as the summary page does before the shopper confirms
    loaded = Checkout.objects.get(pk=checkout.pk)
    with django_assert_num_queries(20):
        order = complete_checkout(loaded)
    assert order.lines.count() == line_count
