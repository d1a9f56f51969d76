"""What a sold gift set was made of is recorded with the sale: changing the set afterwards changes neither what a
return puts back or a parcel ships, nor how the takings are shared (figures of tests/giftsets/test_statements.py).
"""

import importlib
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from inventory.models import StockMovement
from inventory.pos.models import SaleLineGiftSetPart
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from marketplace.catalogue.models import GiftSetComponent
from marketplace.catalogue.services import remove_gift_set_component, set_variant_price, update_gift_set_component
from marketplace.orders.models import OrderLineGiftSetPart
from marketplace.orders.services import fulfill_order
from marketplace.producers.statements import compute_statements
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


def _recompose(gift_set, parts, manager, kiosk_channel, online):
    """The box changes after it sold: one bottle of fish sauce instead of two, no rice paper, and the tea's list
    prices go up."""
    for entry in GiftSetComponent.objects.filter(gift_set=gift_set.product):
        if entry.component == parts["fish"]:
            update_gift_set_component(entry=entry, quantity=1, user=manager)
        elif entry.component == parts["paper"]:
            remove_gift_set_component(entry=entry, user=manager)
    for channel in (kiosk_channel, online):
        set_variant_price(variant=parts["tea"], channel=channel, price_amount=500_000)


def _shares(month, producers) -> dict[str, tuple]:
    chosen = [producers[name] for name in ("tea", "fish", "paper")]
    statements = compute_statements(month, chosen)
    return {
        entry.sku: (entry.kiosk_units, entry.returned_units, entry.online_units, entry.revenue, entry.vat)
        for producer in chosen
        for entry in statements[producer.pk].lines
    }


def test_a_kiosk_set_line_keeps_its_parts_for_the_return_and_the_statement(
    gift_set, parts, producers, stocked, hoi_an, staff_hoi_an, manager, kiosk_channel, online
):
    sale = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(gift_set, 2)], payments=[cash(560_000)]
    )
    set_line = sale.lines.get()
    # Kiosk list prices × units per box: tea 90.000, fish sauce 2 × 85.000, rice paper 30.000.
    assert list(
        SaleLineGiftSetPart.objects.filter(sale_line=set_line).values_list("variant__sku", "quantity", "weight")
    ) == [("CLC-TRA", 1, 90_000), ("CT-NM", 2, 170_000), ("HA-BT", 1, 30_000)]
    month = timezone.localdate().replace(day=1)
    before = _shares(month, producers)
    assert before["QT-TET/CT-NM"] == (4, 0, 0, 328_276, 24_317)

    _recompose(gift_set, parts, manager, kiosk_channel, online)
    assert _shares(month, producers) == before

    record_return(
        sale=sale,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=set_line.pk, quantity=1)],
        reason="Khách đổi ý",
    )
    back = StockMovement.objects.filter(reason=StockMovement.Reason.RETURN)
    assert sorted(back.values_list("product_variant__sku", "quantity")) == [("CLC-TRA", 1), ("CT-NM", 2), ("HA-BT", 1)]
    after = _shares(month, producers)
    # The refund of one box (280.000) is shared by the recorded weights: −86.896, −164.139, −28.965.
    assert after["QT-TET/CLC-TRA"] == (2, 1, 0, 173_793 - 86_896, 12_873 - 6_436)
    assert after["QT-TET/CT-NM"] == (4, 2, 0, 328_276 - 164_139, 24_317 - 12_160)
    assert after["QT-TET/HA-BT"] == (2, 1, 0, 57_931 - 28_965, 4_291 - 2_145)


def test_an_order_line_ships_and_shares_the_parts_it_recorded(
    place_order, gift_set, parts, producers, stocked, manager, kiosk_channel, online
):
    order = place_order([(gift_set, 2)])
    # Online list prices × units per box: tea 95.000, fish sauce 2 × 120.000, rice paper 45.000.
    assert list(
        OrderLineGiftSetPart.objects.filter(order_line__order=order).values_list("variant__sku", "quantity", "weight")
    ) == [("CLC-TRA", 1, 95_000), ("CT-NM", 2, 240_000), ("HA-BT", 1, 45_000)]
    _recompose(gift_set, parts, manager, kiosk_channel, online)
    fulfill_order(order)
    shipped = StockMovement.objects.filter(reason=StockMovement.Reason.FULFILMENT)
    assert sorted(shipped.values_list("product_variant__sku", "quantity")) == [
        ("CLC-TRA", 2),
        ("CT-NM", 4),
        ("HA-BT", 2),
    ]
    shares = _shares(timezone.localdate().replace(day=1), producers)
    assert shares["QT-TET/CLC-TRA"] == (0, 0, 2, 175_000, 12_963)
    assert shares["QT-TET/CT-NM"] == (0, 0, 4, 442_106, 32_749)
    assert shares["QT-TET/HA-BT"] == (0, 0, 2, 82_894, 6_140)


def test_the_migration_records_the_sets_sold_before_it(gift_set, stocked, hoi_an, staff_hoi_an, place_order):
    """pos/0005 and orders/0008 record earlier set lines from the composition and list prices of the day."""
    record_migration_sql = {
        name: importlib.import_module(module).RECORD_SETS_SOLD
        for name, module in (
            ("pos", "inventory.pos.migrations.0005_gift_set_parts_sold"),
            ("orders", "marketplace.orders.migrations.0008_gift_set_parts_sold"),
        )
    }
    record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(gift_set, 1)], payments=[cash(280_000)]
    )
    place_order([(gift_set, 1)])
    recorded = {
        model: sorted(model.objects.values_list("variant__sku", "quantity", "weight"))
        for model in (SaleLineGiftSetPart, OrderLineGiftSetPart)
    }
    SaleLineGiftSetPart.objects.all().delete()
    OrderLineGiftSetPart.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(record_migration_sql["pos"])
        cursor.execute(record_migration_sql["orders"])
    for model, rows in recorded.items():
        assert sorted(model.objects.values_list("variant__sku", "quantity", "weight")) == rows
