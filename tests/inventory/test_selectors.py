"""Stock reads: balances per place, availability per channel in one query, and the ledger check."""

from django.db import connection

from inventory.ledger import move_stock
from inventory.models import Stock, StockMovement, Warehouse
from inventory.selectors import (
    Discrepancy,
    available_quantity_for_channel,
    in_transit_quantity,
    ledger_discrepancies,
    stock_by_location,
)
from inventory.services import receive_goods
from marketplace.channels.models import Channel

Reason = StockMovement.Reason


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_stock_by_location_lists_every_physical_place(producer, variant, fulfilment, kiosk, django_assert_num_queries):
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 4)])
    with django_assert_num_queries(2):
        stocks = stock_by_location(variant)
        names = [stock.warehouse.name for stock in stocks]
    physical = Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS).order_by("pk")
    assert names == [place.name for place in physical]
    assert {stock.warehouse_id: stock.quantity for stock in stocks}[kiosk.pk] == 4
    assert {stock.warehouse_id: stock.quantity for stock in stocks}[fulfilment.pk] == 0


def test_available_quantity_for_channel(
    producer, variant, second_variant, foreign_variant, fulfilment, kiosk, customer, django_assert_num_queries
):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10), (second_variant, 3)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 7)])
    Stock.objects.filter(warehouse=fulfilment, product_variant=variant).update(quantity_allocated=4)
    online = Channel.objects.get(warehouses=fulfilment)
    with django_assert_num_queries(1):
        result = available_quantity_for_channel([variant, second_variant, foreign_variant], online)
    assert result == {variant.pk: 6, second_variant.pk: 3, foreign_variant.pk: 0}

    # A kiosk gone negative offers nothing, rather than a negative quantity.
    move_stock(variant=second_variant, source=kiosk, destination=customer, quantity=2, reason=Reason.SALE)
    kiosk_channel = Channel.objects.get(warehouses=kiosk)
    assert available_quantity_for_channel([variant.pk, second_variant.pk], kiosk_channel) == {
        variant.pk: 7,
        second_variant.pk: 0,
    }


def test_availability_sums_over_every_warehouse_of_the_channel(producer, variant, fulfilment, kiosk, customer):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 5)])
    channel = Channel.objects.create(name="Kênh thử", slug="kenh-thu", kind=Channel.Kind.ONLINE)
    channel.warehouses.set([fulfilment, kiosk])
    assert available_quantity_for_channel([variant], channel) == {variant.pk: 15}


def test_in_transit_quantity(producer, variant, fulfilment, kiosk, transit):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    move_stock(variant=variant, source=fulfilment, destination=transit, quantity=6, reason=Reason.TRANSFER)
    move_stock(variant=variant, source=transit, destination=kiosk, quantity=4, reason=Reason.TRANSFER)
    assert in_transit_quantity(variant) == 2


def test_ledger_discrepancies_finds_each_kind_of_fault(
    producer, variant, second_variant, fulfilment, kiosk, loss, django_assert_num_queries
):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10), (second_variant, 2)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 3)])
    with django_assert_num_queries(1):
        assert ledger_discrepancies() == []

    table = Stock._meta.db_table
    one_row = "WHERE warehouse_id = %s AND product_variant_id = %s"
    raw(f"UPDATE {table} SET quantity = 12 {one_row}", [fulfilment.pk, variant.pk])
    raw(f"DELETE FROM {table} {one_row}", [kiosk.pk, variant.pk])
    raw(
        f"INSERT INTO {table} (warehouse_id, product_variant_id, quantity, quantity_allocated, allow_negative)"
        " VALUES (%s, %s, 0, 0, false)",
        [loss.pk, second_variant.pk],
    )
    with django_assert_num_queries(1):
        found = ledger_discrepancies()
    assert sorted(found) == sorted(
        [
            Discrepancy(fulfilment.pk, variant.pk, 12, 10),
            Discrepancy(kiosk.pk, variant.pk, None, 3),
            Discrepancy(loss.pk, second_variant.pk, 0, 0),
        ]
    )


def test_a_closed_warehouse_offers_nothing(producer, variant, fulfilment, kiosk, django_assert_num_queries):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 5)])
    channel = Channel.objects.create(name="Kênh thử", slug="kenh-thu", kind=Channel.Kind.ONLINE)
    channel.warehouses.set([fulfilment, kiosk])
    kiosk.is_active = False
    kiosk.save()
    with django_assert_num_queries(1):
        assert available_quantity_for_channel([variant], channel) == {variant.pk: 10}
