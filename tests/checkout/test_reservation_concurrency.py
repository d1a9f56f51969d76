"""Twenty shoppers open their order summary at the same moment for the last five units: five get a hold."""

import functools

import pytest

from inventory.models import Stock
from marketplace.checkout.models import Checkout, Reservation
from marketplace.checkout.services import add_to_checkout, create_checkout, reserve_checkout
from marketplace.core.errors import DomainError
from tests.checkout.concurrency import race

# serialized_rollback restores the locations, channels, VAT rates and delivery methods a flush would empty.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_reservations_never_hold_more_than_there_is(make_variant, channel, fill_details):
    variant = make_variant("Yến sào Đất Quảng", sku="YEN-LAST", price=900_000, stock=5)
    checkouts = []
    for number in range(20):
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=variant, quantity=1)
        fill_details(checkout, email=f"khach{number}@example.com")
        checkouts.append(checkout)

    results = race([functools.partial(reserve_checkout, checkout) for checkout in checkouts])

    held = [result for result in results if isinstance(result, Checkout)]
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(held) == 5
    assert len(refused) == 15 and {error.code for error in refused} == {"insufficient_stock"}
    assert sum(Reservation.objects.values_list("quantity_reserved", flat=True)) == 5
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0  # a hold is not an allocation
