"""The checkout query and checkoutComplete each cost a fixed number of SQL queries whatever the number of lines:
the allocation changes every stock row of the order in one guarded statement (inventory.ledger.move_stocks, the
oversell guarantee). The order it answers is read back through orders.selectors.with_details (lines, photos,
parcels prefetched)."""

import pytest

from marketplace.orders.models import Order
from tests.graphql.checkout_api import create, ready_for_delivery, send

pytestmark = pytest.mark.django_db

CHECKOUT_QUERY_SQL = 8
COMPLETE_SQL = 25


@pytest.mark.parametrize("size", [1, 6])
def test_query_counts(client, make_variant, standard_delivery, size, django_assert_num_queries):
    variants = [make_variant(f"Đặc sản {n}", sku=f"DS-{n}", price=50_000 + n, stock=10) for n in range(size)]
    checkout = ready_for_delivery(client, create(client, *[(variant, 1) for variant in variants]), standard_delivery)

    with django_assert_num_queries(CHECKOUT_QUERY_SQL):
        data = send(client, "Checkout", id=checkout["id"])
    assert len(data["checkout"]["lines"]) == size

    with django_assert_num_queries(COMPLETE_SQL):
        data = send(client, "CheckoutComplete", id=checkout["id"])
    assert len(data["checkoutComplete"]["order"]["lines"]) == size == Order.objects.get().lines.count()
