"""Sixty shoppers press "Đặt hàng" at the same moment for the last ten units: exactly ten orders are placed.

The buyers run in threads, each with its own database connection and its own committed transaction, so the
row locks and the guarded UPDATE of inventory/allocation.py are what stands between them and overselling.
"""

import functools

import pytest

from inventory.models import Allocation, Stock
from inventory.selectors import available_quantity_for_channel, ledger_discrepancies
from marketplace.checkout.models import Checkout
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order, OrderReturn
from marketplace.orders.services import fulfill_order
from marketplace.payments.services import return_order
from tests.concurrency import race
from tests.jobs import deferred

# serialized_rollback restores the locations, channels, VAT rates and delivery methods a flush would empty.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BUYERS = 60
UNITS = 10


def test_sixty_simultaneous_checkouts_for_ten_units_place_exactly_ten_orders(make_variant, channel, fill_details):
    variant = make_variant("Sâm Ngọc Linh SAPHRATON", sku="SAM-LAST", price=1_200_000, stock=UNITS)
    checkouts = []
    for number in range(BUYERS):
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=variant, quantity=1)
        fill_details(checkout, email=f"khach{number}@example.com")
        checkouts.append(checkout)

    results = race([functools.partial(complete_checkout, checkout) for checkout in checkouts])

    orders = [result for result in results if isinstance(result, Order)]
    refusals = [result for result in results if isinstance(result, DomainError)]
    others = [result for result in results if not isinstance(result, Order | DomainError)]
    assert others == []
    assert len(orders) == UNITS
    assert len(refusals) == BUYERS - UNITS
    assert {error.code for error in refusals} == {"insufficient_stock"}
    assert all("Hết hàng" in error.message for error in refusals)

    assert Order.objects.count() == UNITS
    assert len({order.number for order in orders}) == UNITS
    stock = Stock.objects.get(product_variant=variant, warehouse__channels=channel)
    assert (stock.quantity, stock.quantity_allocated) == (UNITS, UNITS)
    assert sum(Allocation.objects.values_list("quantity_allocated", flat=True)) == UNITS
    assert available_quantity_for_channel([variant], channel)[variant.pk] == 0
    assert ledger_discrepancies() == []
    # The refused buyers keep their carts for another try; the winners' carts are gone.
    assert Checkout.objects.count() == BUYERS - UNITS
    # One confirmation email job per placed order; a refused order's rolled-back transaction deferred none.
    emails = deferred("marketplace.orders.tasks.send_order_email")
    assert sorted(job["order_id"] for job in emails) == sorted(order.pk for order in orders)
    assert {job["kind"] for job in emails} == {"confirmation"}


def test_simultaneous_returns_of_one_line_never_take_back_more_than_was_delivered(
    place_order, variant, django_user_model
):
    order = place_order([(variant, 2)])
    fulfill_order(order)
    line = order.lines.get()
    manager = django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager"
    )
    before = Stock.objects.get(product_variant=variant).quantity

    results = race(
        [
            functools.partial(
                return_order, order, lines={line.pk: 1}, restock=True, reason=f"Trả {number}", user=manager
            )
            for number in range(5)
        ]
    )

    assert sum(isinstance(result, OrderReturn) for result in results) == 2
    # The losers were refused (the order already wholly returned, or the line's units already back), none crashed.
    refused = [result.code for result in results if isinstance(result, DomainError)]
    assert len(refused) == 3 and set(refused) <= {"cannot_return_order", "return_exceeds_delivered"}, results
    line.refresh_from_db()
    assert line.quantity_returned == 2
    assert Stock.objects.get(product_variant=variant).quantity == before + 2
    assert ledger_discrepancies() == []
