"""Property-based: any sequence of receipts, kiosk sales, returns, transfers, counts, online orders and their
fulfilment, across two kiosks and the HCMC warehouse, keeps every invariant of the stock ledger:

- every balance equals the sum of its movements, and equals what the operations say it should be;
- what is in transit is exactly what was shipped and not yet received;
- the fulfilment warehouse never holds less than it has allocated to orders (the online shop never oversells);
- a sale line's returns never exceed what was sold.

Each example runs in one transaction rolled back at the end, so examples do not see each other.
"""

import uuid
from collections import Counter

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory import locations
from inventory.allocation import ship_allocated
from inventory.models import Allocation, Stock, StockTransfer, Warehouse
from inventory.pos.models import SaleLine
from inventory.pos.services import PaymentInput, ReturnLineInput, record_return, record_sale
from inventory.selectors import in_transit_quantity, ledger_discrepancies
from inventory.services import (
    post_stock_count,
    receive_goods,
    receive_transfer,
    record_counted_quantity,
    ship_transfer,
    start_stock_count,
)
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel
from marketplace.checkout.models import ShippingMethod
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, set_checkout_details
from marketplace.core.errors import DomainError
from tests.checkout.fixtures import SAIGON_WARD
from tests.pos.builders import line

PLACES = (locations.KIOSK_HOI_AN, locations.KIOSK_TAM_KY, locations.FULFILMENT_HCM)
place = st.integers(0, 2)
kiosk = st.integers(0, 1)
item = st.integers(0, 1)
quantity = st.integers(1, 5)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), place, item, quantity),
        st.tuples(st.just("sell"), kiosk, item, quantity),
        st.tuples(st.just("return"), st.integers(0, 20), quantity),
        st.tuples(st.just("ship"), place, st.integers(1, 2), item, quantity),
        st.tuples(st.just("arrive"), st.integers(0, 20), st.integers(-2, 1)),
        st.tuples(st.just("count"), place, item, st.integers(0, 8)),
        st.tuples(st.just("order"), item, st.integers(1, 3)),
        st.tuples(st.just("fulfil"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_any_sequence_of_stock_operations_keeps_every_invariant(operations, manager, producer, fish_sauce, sesame_oil):
    variants = [fish_sauce, sesame_oil]
    places = [Warehouse.objects.get(slug=slug) for slug in PLACES]
    hcm = places[2]
    online = Channel.objects.get(slug=django_settings.STOREFRONT_CHANNEL_SLUG)
    delivery = ShippingMethod.objects.get(channel=online, slug="tieu-chuan")
    with transaction.atomic():
        for variant in variants:
            set_variant_price(variant=variant, channel=online, price_amount=100_000)
        balance = Counter()  # (place index, variant index) -> what the operations say is there
        allocated = Counter()  # variant index -> held at the HCMC warehouse for orders
        sales, transfers, orders = [], [], []
        open_counts = {}  # place index -> (count, expected snapshot, counted so far)

        def available(v):
            return balance[2, v] - allocated[v]

        for operation in operations:
            kind, *args = operation
            if kind == "receive":
                p, v, q = args
                receive_goods(warehouse=places[p], producer=producer, lines=[(variants[v], q)])
                balance[p, v] += q
            elif kind == "sell":
                k, v, q = args
                sale = record_sale(
                    kiosk=places[k],
                    staff=manager,
                    client_uuid=uuid.uuid4(),
                    lines=[line(variants[v], q)],
                    payments=[PaymentInput(client_uuid=uuid.uuid4(), method="cash", amount=1_000_000)],
                )
                balance[k, v] -= q  # a kiosk is never refused, even below zero
                sales.append((sale, k, v))
            elif kind == "return" and sales:
                index, q = args
                sale, k, v = sales[index % len(sales)]
                sold = sale.lines.get()
                left = sold.quantity - SaleLine.objects.get(pk=sold.pk).quantity_returned
                try:
                    record_return(
                        sale=sale,
                        staff=manager,
                        client_uuid=uuid.uuid4(),
                        lines=[ReturnLineInput(sale_line_id=sold.pk, quantity=q)],
                        reason="Khách trả",
                    )
                except DomainError as refused:
                    assert refused.code == "return_exceeds_sold" and q > left
                else:
                    assert q <= left
                    balance[k, v] += q
            elif kind == "ship":
                origin, step, v, q = args
                destination = (origin + step) % 3
                try:
                    transfer = ship_transfer(
                        origin=places[origin], destination=places[destination], lines=[(variants[v], q)], user=manager
                    )
                except DomainError as refused:
                    # Only the fulfilment warehouse refuses, and only what it cannot spare from its orders.
                    assert refused.code == "insufficient_stock" and origin == 2 and q > available(v)
                else:
                    assert origin != 2 or q <= available(v)
                    balance[origin, v] -= q
                    transfers.append((transfer, destination, v, q))
            elif kind == "arrive" and transfers:
                index, delta = args
                transfer, destination, v, q = transfers[index % len(transfers)]
                transfer.refresh_from_db()
                if transfer.status == StockTransfer.Status.RECEIVED:
                    continue
                got = max(0, q + delta)
                receive_transfer(
                    transfer=transfer, received={transfer.lines.get().pk: got}, user=manager, reason_note="Chênh"
                )
                balance[destination, v] += got
            elif kind == "count":
                p, v, counted = args
                if p not in open_counts:
                    # Expected quantities are those of the moment the count starts: the model's balances.
                    count = start_stock_count(warehouse=places[p], user=manager)
                    open_counts[p] = (count, {w: balance[p, w] for w in range(len(variants))}, {})
                count, snapshot, found = open_counts[p]
                record_counted_quantity(count=count, variant=variants[v], quantity=counted, user=manager)
                found[v] = counted
                differences = {w: found[w] - snapshot[w] for w in found}
                try:
                    post_stock_count(count=count, user=manager, reason="Kiểm kê định kỳ")
                except DomainError as refused:
                    # Only a shortage that would leave the HCMC warehouse below its orders; the count stays open.
                    assert refused.code == "insufficient_stock" and p == 2
                    assert any(d < 0 and balance[2, w] + d < allocated[w] for w, d in differences.items())
                else:
                    del open_counts[p]
                    for w, difference in differences.items():
                        balance[p, w] += difference
            elif kind == "order":
                v, q = args
                try:
                    with transaction.atomic():
                        checkout = create_checkout(channel=online)
                        add_to_checkout(checkout, variant=variants[v], quantity=q)
                        set_checkout_details(
                            checkout,
                            email="khach@example.com",
                            phone="0901 234 567",
                            full_name="Nguyễn Thị Lan",
                            street_address="12 Lê Lợi",
                            ward_code=SAIGON_WARD,
                            shipping_method_id=delivery.pk,
                        )
                        order = complete_checkout(checkout)
                except DomainError:
                    assert q > available(v)
                else:
                    assert q <= available(v)
                    allocated[v] += q
                    orders.append((order, v, q))
            elif kind == "fulfil" and orders:
                order, v, q = orders.pop(args[0] % len(orders))
                ship_allocated([(order.lines.get(), q)], reference=f"DH{order.number}")
                allocated[v] -= q
                balance[2, v] -= q

        assert ledger_discrepancies() == []
        for p, place_row in enumerate(places):
            for v, variant in enumerate(variants):
                stock = Stock.objects.filter(warehouse=place_row, product_variant=variant).first()
                assert (stock.quantity if stock else 0) == balance[p, v], (PLACES[p], variant.sku)
        for v, variant in enumerate(variants):
            for transfer, *_rest in transfers:
                transfer.refresh_from_db()
            in_transit = sum(q for t, _d, tv, q in transfers if tv == v and t.status == StockTransfer.Status.SHIPPED)
            assert in_transit_quantity(variant) == in_transit
            held = Stock.objects.filter(warehouse=hcm, product_variant=variant).first()
            assert (held.quantity_allocated if held else 0) == allocated[v]
            assert (
                Allocation.objects.filter(stock__product_variant=variant).aggregate(t=Sum("quantity_allocated"))["t"]
                or 0
            ) == allocated[v]
        assert not Stock.objects.filter(warehouse=hcm, quantity__lt=F("quantity_allocated")).exists()
        assert not SaleLine.objects.filter(quantity_returned__gt=F("quantity")).exists()
        transaction.set_rollback(True)
