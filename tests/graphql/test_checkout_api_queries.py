"""The checkout query costs a fixed number of SQL queries whatever the number of lines; checkoutComplete one more
per line, the allocation's guarded UPDATE of each stock row (inventory.allocation, the oversell guarantee). The
order it answers is read back through orders.selectors.with_details (lines, photos, parcels prefetched)."""

import pytest

from marketplace.orders.models import Order
from tests.graphql.checkout_api import create, ready_for_delivery, send

pytestmark = pytest.mark.django_db

CHECKOUT_QUERY_SQL = 9
COMPLETE_SQL_BASE = 34


@pytest.mark.parametrize("size", [1, 6])
def test_query_counts(client, make_variant, standard_delivery, size, django_assert_num_queries):
    variants = [make_variant(f"Đặc sản {n}", sku=f"DS-{n}", price=50_000 + n, stock=10) for n in range(size)]
    checkout = ready_for_delivery(client, create(client, *[(variant, 1) for variant in variants]), standard_delivery)

    with django_assert_num_queries(CHECKOUT_QUERY_SQL):
        data = send(client, "Checkout", id=checkout["id"])
    assert len(data["checkout"]["lines"]) == size

    with django_assert_num_queries(COMPLETE_SQL_BASE + size):
        data = send(client, "CheckoutComplete", id=checkout["id"])
    assert len(data["checkoutComplete"]["order"]["lines"]) == size == Order.objects.get().lines.count()
