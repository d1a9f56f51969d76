"""Allocation of stock to online orders (inventory/allocation.py), through the order services that use it."""

import pytest

from inventory import locations
from inventory.models import Allocation, Stock, StockMovement, Warehouse
from inventory.selectors import available_quantity_for_channel, ledger_discrepancies
from inventory.services import receive_goods
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import cancel_order, fulfill_order

pytestmark = pytest.mark.django_db


def _stock(variant, slug=locations.FULFILMENT_HCM) -> Stock:
    return Stock.objects.get(product_variant=variant, warehouse__slug=slug)


def test_placing_an_order_allocates_its_lines(place_order, variant, second_variant, channel):
    order = place_order([(variant, 3), (second_variant, 2)])

    assert _stock(variant).quantity_allocated == 3
    assert _stock(second_variant).quantity_allocated == 2
    assert _stock(variant).quantity == 20  # nothing has left the warehouse yet
    assert sorted(Allocation.objects.filter(order_line__order=order).values_list("quantity_allocated", flat=True)) == [
        2,
        3,
    ]
    assert available_quantity_for_channel([variant], channel)[variant.pk] == 17


def test_an_order_for_more_than_is_left_is_refused_and_holds_nothing(
    place_order, make_variant, second_variant, channel, fill_details
):
    scarce = make_variant("Trà rừng Cù Lao Chàm", sku="CLC-TRA", price=90_000, stock=5)
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=second_variant, quantity=4)
    add_to_checkout(checkout, variant=scarce, quantity=5)
    fill_details(checkout)
    place_order([(scarce, 3)], email="nhanh-tay@example.com")  # someone else was quicker

    with pytest.raises(DomainError) as refused:
        complete_checkout(checkout)

    assert refused.value.code == "insufficient_stock"
    assert "Trà rừng Cù Lao Chàm" in refused.value.message and "còn 2" in refused.value.message
    # All or nothing: the line that could be covered holds nothing either, and the cart is intact.
    assert _stock(second_variant).quantity_allocated == 0
    assert _stock(scarce).quantity_allocated == 3
    assert Order.objects.count() == 1
    assert checkout.lines.count() == 2


def test_cancel_releases_the_allocation_once(place_order, variant):
    order = place_order([(variant, 4)])

    cancel_order(order)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert _stock(variant).quantity_allocated == 0
    with pytest.raises(DomainError) as refused:
        cancel_order(order)
    assert refused.value.code == "cannot_cancel_order"
    assert _stock(variant).quantity_allocated == 0


def test_fulfilment_moves_the_goods_out_through_the_ledger(place_order, variant, second_variant):
    order = place_order([(variant, 3), (second_variant, 1)])

    fulfillment = fulfill_order(order, tracking_number="GHN123456")

    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert all(line.quantity_fulfilled == line.quantity for line in order.lines.all())
    stock = _stock(variant)
    assert (stock.quantity, stock.quantity_allocated) == (17, 0)
    movement = StockMovement.objects.get(product_variant=variant, reason=StockMovement.Reason.FULFILMENT)
    assert movement.destination.slug == locations.CUSTOMER
    assert movement.quantity == 3
    assert movement.reference == f"DH{order.number}"
    assert sorted(line.quantity for line in fulfillment.lines.all()) == [1, 3]
    assert ledger_discrepancies() == []
    with pytest.raises(DomainError) as refused:
        cancel_order(order)
    assert refused.value.code == "cannot_cancel_order"


def test_a_line_is_split_across_the_channels_warehouses_and_shipped_from_both(
    place_order, make_variant, producer, channel
):
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    channel.warehouses.add(kiosk)
    lantern = make_variant("Đèn lồng Hội An", sku="HA-DEN", price=150_000, stock=2)
    receive_goods(warehouse=kiosk, producer=producer, lines=[(lantern, 3)])

    order = place_order([(lantern, 4)])

    held = dict(
        Allocation.objects.filter(order_line__order=order).values_list("stock__warehouse__slug", "quantity_allocated")
    )
    assert held == {locations.KIOSK_HOI_AN: 3, locations.FULFILMENT_HCM: 1}
    fulfill_order(order)
    assert _stock(lantern, locations.KIOSK_HOI_AN).quantity == 0
    assert _stock(lantern).quantity == 1
    assert ledger_discrepancies() == []
