"""Simultaneous requests: twenty shoppers holding the last five units, one shopper ordering in six tabs."""

import functools

import pytest

from inventory.models import Reservation, Stock
from marketplace.checkout.models import Checkout
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, reserve_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order
from tests.concurrency import race

# serialized_rollback restores the locations, channels, VAT rates and delivery methods a flush would empty.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _carts(variant, count: int, channel, fill_details) -> list[Checkout]:
    """`count` shoppers' carts, each holding one unit of `variant`, ready to order."""
    checkouts = []
    for number in range(count):
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=variant, quantity=1)
        fill_details(checkout, email=f"khach{number}@example.com")
        checkouts.append(checkout)
    return checkouts


def test_simultaneous_reservations_never_hold_more_than_there_is(make_variant, channel, fill_details):
    variant = make_variant("Yến sào Đất Quảng", sku="YEN-LAST", price=900_000, stock=5)
    checkouts = _carts(variant, 20, channel, fill_details)

    results = race([functools.partial(reserve_checkout, checkout) for checkout in checkouts])

    held = [result for result in results if isinstance(result, Checkout)]
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(held) == 5
    assert len(refused) == 15 and {error.code for error in refused} == {"insufficient_stock"}
    assert sum(Reservation.objects.values_list("quantity_reserved", flat=True)) == 5
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0  # a hold is not an allocation


def test_one_customer_checking_out_twice_at_once_stays_within_the_limit(make_variant, channel, fill_details):
    ginseng = make_variant("Sâm Ngọc Linh", sku="SAM-LIMIT", price=2_500_000, stock=10, limit=1)
    checkouts = []
    for _tab in range(6):  # the same shopper, six browser tabs
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=ginseng, quantity=1)
        fill_details(checkout, email="lan@example.com")
        checkouts.append(checkout)

    results = race([functools.partial(complete_checkout, checkout) for checkout in checkouts])

    assert sum(isinstance(result, Order) for result in results) == 1
    assert {result.code for result in results if not isinstance(result, Order)} == {"quantity_greater_than_limit"}


def test_a_hundred_shoppers_racing_for_the_last_ten_units(make_variant, channel, fill_details):
    """Issue 9: exactly ten orders, ninety clear out-of-stock answers, no other outcome. Ten threads (ten
    connections, as a server's pool would bound them) place the hundred orders as fast as they can."""
    last = make_variant("Trà Sâm Dứa Trà My", sku="TRA-LAST", price=150_000, stock=10)
    checkouts = _carts(last, 100, channel, fill_details)

    def place(batch):
        outcomes = []
        for checkout in batch:
            try:
                outcomes.append(complete_checkout(checkout))
            except DomainError as refused:
                outcomes.append(refused)
        return outcomes

    batches = race([functools.partial(place, checkouts[start::10]) for start in range(10)])

    assert not [batch for batch in batches if isinstance(batch, Exception)]
    outcomes = [outcome for batch in batches for outcome in batch]
    orders = [outcome for outcome in outcomes if isinstance(outcome, Order)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert (len(orders), len(refused)) == (10, 90)
    assert {error.code for error in refused} == {"insufficient_stock"}
    assert all("Trà Sâm Dứa Trà My" in error.message for error in refused)
    stock = Stock.objects.get(product_variant=last)
    assert (stock.quantity, stock.quantity_allocated) == (10, 10)
    assert not Reservation.objects.exists()
