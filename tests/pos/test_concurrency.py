"""Tills racing each other, each on its own database connection: replays, returns and four kiosks at once.

These tests commit for real (transaction=True): row locks and unique constraints only matter between transactions.
"""

import uuid

import pytest
from django.conf import settings
from django.db.models import Sum

from inventory import locations
from inventory.models import Allocation, Stock, StockMovement, StockTransfer, Warehouse
from inventory.pos.models import KioskProfile, Sale, SaleLine
from inventory.pos.selectors import expected_cash
from inventory.pos.services import (
    ReturnLineInput,
    close_cash_session,
    open_cash_session,
    record_return,
    record_sale,
)
from inventory.selectors import ledger_discrepancies
from inventory.services import receive_goods, ship_transfer
from marketplace.accounts.models import User
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel
from marketplace.checkout.models import ShippingMethod
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout, set_checkout_details
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order
from tests.checkout.fixtures import SAIGON_WARD
from tests.concurrency import run_together
from tests.pos.builders import cash, line

# serialized_rollback restores the locations, channels and till settings of the data migrations after a flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 8


def test_the_same_sale_sent_by_many_connections_at_once_is_recorded_once(hoi_an, staff_hoi_an, fish_sauce, stocked):
    client_uuid = uuid.uuid4()
    lines = [line(fish_sauce, 2)]
    payments = [cash(170_000)]
    outcomes = run_together(
        lambda i: record_sale(
            kiosk=hoi_an, staff=staff_hoi_an, client_uuid=client_uuid, lines=lines, payments=payments
        ),
        THREADS,
    )
    assert all(isinstance(outcome, Sale) for outcome in outcomes), outcomes
    assert len({outcome.pk for outcome in outcomes}) == 1
    assert Sale.objects.count() == 1
    assert StockMovement.objects.filter(reason="sale").count() == 1
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 8
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 1


def test_concurrent_returns_of_one_line_never_exceed_what_was_sold(hoi_an, staff_hoi_an, fish_sauce, stocked):
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 3)],
        payments=[cash(255_000)],
    )
    sold = sale.lines.get()
    outcomes = run_together(
        lambda i: record_return(
            sale=sale,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[ReturnLineInput(sale_line_id=sold.pk, quantity=1)],
            reason="Khách đổi ý",
        ),
        THREADS,
    )
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(refused) == THREADS - 3
    assert {error.code for error in refused} == {"return_exceeds_sold"}
    assert SaleLine.objects.get(pk=sold.pk).quantity_returned == 3
    assert StockMovement.objects.filter(reason="return").count() == 3
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 10


def test_four_kiosks_selling_the_same_item_at_once_keep_the_ledger_whole(producer, fish_sauce):
    kiosks = list(Warehouse.objects.filter(pos_profile__isnull=False).order_by("pk"))
    assert len(kiosks) == 4
    staff = []
    for kiosk in kiosks:
        receive_goods(warehouse=kiosk, producer=producer, lines=[(fish_sauce, 2)])
        set_variant_price(variant=fish_sauce, channel=Channel.objects.get(slug=kiosk.slug), price_amount=85_000)
        staff.append(
            User.objects.create_user(
                username=f"nv-{kiosk.slug}", email=f"{kiosk.slug}@xuquang.test", role="kiosk_staff", kiosk=kiosk
            )
        )

    def sell(i):
        kiosk = kiosks[i % 4]
        return record_sale(
            kiosk=kiosk,
            staff=staff[i % 4],
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce, 1)],
            payments=[cash(85_000)],
        )

    outcomes = run_together(sell, 12)
    assert all(isinstance(outcome, Sale) for outcome in outcomes), outcomes
    for kiosk in kiosks:
        # Three sales each against two received: every kiosk is at −1, none was refused, numbers 1..3.
        assert Stock.objects.get(warehouse=kiosk, product_variant=fish_sauce).quantity == -1
        numbers = sorted(Sale.objects.filter(kiosk=kiosk).values_list("receipt_number", flat=True))
        prefix = kiosk.pos_profile.receipt_prefix
        assert numbers == [f"{prefix}-000001", f"{prefix}-000002", f"{prefix}-000003"]
    assert ledger_discrepancies() == []


def test_closing_a_session_while_sales_run_counts_each_sale_or_none(hoi_an, staff_hoi_an, fish_sauce, stocked):
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=100_000)

    def work(i):
        if i == THREADS // 2:
            return close_cash_session(session=session, staff=staff_hoi_an, counted_cash=0)
        return record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce)],
            payments=[cash(85_000)],
        )

    outcomes = run_together(work, THREADS)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    session.refresh_from_db()
    # What the session expected when it closed is what its sales add up to now: no sale joined it afterwards.
    assert session.expected_cash == expected_cash(session) == 100_000 + 85_000 * session.sales.count()
    assert Sale.objects.count() == THREADS - 1


def test_four_kiosks_an_online_shop_and_a_transfer_racing_for_one_item(producer, fish_sauce):
    """Issue 4 §7: the same item sold at the four kiosks, ordered online and shipped out of the HCMC warehouse,
    all at once on separate connections. Kiosks are never refused; the online side never takes more than the
    warehouse holds; afterwards every balance equals its movements.
    """
    kiosks = list(Warehouse.objects.filter(pos_profile__isnull=False).order_by("pk"))
    hcm = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    set_variant_price(variant=fish_sauce, channel=online, price_amount=90_000)
    receive_goods(warehouse=hcm, producer=producer, lines=[(fish_sauce, 5)])
    staff = []
    for kiosk in kiosks:
        receive_goods(warehouse=kiosk, producer=producer, lines=[(fish_sauce, 3)])
        set_variant_price(variant=fish_sauce, channel=Channel.objects.get(slug=kiosk.slug), price_amount=85_000)
        staff.append(
            User.objects.create_user(
                username=f"nv-{kiosk.slug}", email=f"{kiosk.slug}@xuquang.test", role="kiosk_staff", kiosk=kiosk
            )
        )
    manager = User.objects.create_user(username="quanly", email="ql@xuquang.test", role="manager")
    delivery = ShippingMethod.objects.get(channel=online, slug="tieu-chuan")
    kiosk_sales, online_orders = 8, 8

    def work(i):
        if i < kiosk_sales:  # two sales of 2 at each kiosk: 4 sold against 3 received
            return record_sale(
                kiosk=kiosks[i % 4],
                staff=staff[i % 4],
                client_uuid=uuid.uuid4(),
                lines=[line(fish_sauce, 2)],
                payments=[cash(170_000)],
            )
        if i < kiosk_sales + online_orders:
            checkout = create_checkout(channel=online)
            add_to_checkout(checkout, variant=fish_sauce, quantity=1)
            set_checkout_details(
                checkout,
                email=f"khach{i}@example.com",
                phone="0901 234 567",
                full_name="Nguyễn Thị Lan",
                street_address="12 Lê Lợi",
                ward_code=SAIGON_WARD,
                shipping_method_id=delivery.pk,
            )
            return complete_checkout(checkout)
        return ship_transfer(origin=hcm, destination=kiosks[0], lines=[(fish_sauce, 2)], user=manager)

    outcomes = run_together(work, kiosk_sales + online_orders + 1)
    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, DomainError)]
    assert not unexpected, unexpected
    assert all(isinstance(o, Sale) for o in outcomes[:kiosk_sales]), outcomes[:kiosk_sales]
    orders = [o for o in outcomes[kiosk_sales:-1] if isinstance(o, Order)]
    refused = [o for o in outcomes[kiosk_sales:] if isinstance(o, DomainError)]
    assert {error.code for error in refused} <= {"insufficient_stock"}, refused
    shipped = 2 if isinstance(outcomes[-1], StockTransfer) else 0
    stock = Stock.objects.get(warehouse=hcm, product_variant=fish_sauce)
    # The online side never oversold: what is held for orders is at most what is on the shelf, and every unit
    # left the warehouse exactly once, to an order or into transit.
    assert len(orders) >= 3 and len(orders) + shipped <= 5
    assert (
        stock.quantity_allocated
        == len(orders)
        == Allocation.objects.aggregate(total=Sum("quantity_allocated"))["total"]
    )
    assert stock.quantity == 5 - shipped >= stock.quantity_allocated
    for kiosk in kiosks:
        assert Stock.objects.get(warehouse=kiosk, product_variant=fish_sauce).quantity == -1
    assert ledger_discrepancies() == []
