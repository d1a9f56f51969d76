"""The stock services: balances follow movements, and bad input is refused before anything is written."""

import pytest

from inventory.ledger import move_stock
from inventory.models import Stock, StockMovement
from inventory.selectors import in_transit_quantity, ledger_discrepancies
from inventory.services import adjust_stock, receive_goods
from marketplace.core.errors import DomainError

Reason = StockMovement.Reason


def balance(variant, place):
    return Stock.objects.get(product_variant=variant, warehouse=place).quantity


def refused(code, field=None):
    """Assert that the block raises a DomainError with this code (and field), and writes no movement."""

    class Refusal:
        def __enter__(self):
            self.count = StockMovement.objects.count()
            self.raises = pytest.raises(DomainError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.code == code
            if field is not None:
                assert self.info.value.field == field
            assert StockMovement.objects.count() == self.count
            return handled

    return Refusal()


def test_receive_goods_creates_stock_and_movements(producer, variant, second_variant, fulfilment, supplier):
    movements = receive_goods(
        warehouse=fulfilment, producer=producer, lines=[(variant, 10), (second_variant, 4)], reference="PN-001"
    )
    assert [m.quantity for m in movements] == [10, 4]
    assert all(m.source == supplier and m.destination == fulfilment for m in movements)
    assert all(m.producer == producer and m.reason == Reason.RECEIPT and m.reference == "PN-001" for m in movements)
    assert balance(variant, fulfilment) == 10
    assert balance(second_variant, fulfilment) == 4
    assert not Stock.objects.filter(warehouse=supplier).exists()


def test_stock_rows_know_whether_they_may_go_negative(producer, variant, fulfilment, kiosk):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 1)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 1)])
    assert Stock.objects.get(warehouse=fulfilment, product_variant=variant).allow_negative is False
    assert Stock.objects.get(warehouse=kiosk, product_variant=variant).allow_negative is True


def test_balances_equal_movements_after_mixed_operations(
    admin_user, producer, variant, second_variant, fulfilment, kiosk, other_kiosk, customer, transit, loss
):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 50), (second_variant, 20)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 12)], user=admin_user)
    move_stock(variant=variant, source=fulfilment, destination=transit, quantity=15, reason=Reason.TRANSFER)
    move_stock(variant=variant, source=transit, destination=other_kiosk, quantity=9, reason=Reason.TRANSFER)
    assert in_transit_quantity(variant) == 6
    move_stock(variant=variant, source=kiosk, destination=customer, quantity=14, reason=Reason.SALE)
    move_stock(variant=variant, source=customer, destination=kiosk, quantity=1, reason=Reason.RETURN)
    move_stock(variant=second_variant, source=fulfilment, destination=customer, quantity=7, reason=Reason.FULFILMENT)
    adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=-2, reason_note="Vỡ chai khi xếp kệ")
    adjust_stock(warehouse=other_kiosk, variant=variant, quantity_delta=3, reason_note="Tìm thấy trong kho phụ")

    assert balance(variant, fulfilment) == 50 - 15 - 2
    assert balance(variant, other_kiosk) == 9 + 3
    assert balance(variant, kiosk) == 12 - 14 + 1  # a kiosk sells what is on the counter, even unrecorded
    assert balance(second_variant, fulfilment) == 13
    assert not Stock.objects.filter(warehouse__in=[customer, transit, loss]).exists()
    assert ledger_discrepancies() == []
    assert StockMovement.objects.filter(created_by=admin_user).count() == 1


def test_adjust_stock_moves_to_and_from_the_loss_location(producer, variant, fulfilment, loss):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5)])
    out = adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=-2, reason_note="  Hết  hạn  ")
    back = adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=1, reason_note="Đếm lại")
    assert (out.source, out.destination, out.quantity, out.note) == (fulfilment, loss, 2, "Hết hạn")
    assert (back.source, back.destination, back.quantity) == (loss, fulfilment, 1)
    assert out.reason == back.reason == Reason.ADJUSTMENT
    assert balance(variant, fulfilment) == 4


@pytest.mark.parametrize("quantity", [0, -3, 2.5, "4", True, None, 1_000_001])
def test_move_refuses_a_quantity_that_is_not_a_positive_whole_number(quantity, variant, supplier, fulfilment):
    with refused("invalid", "quantity"):
        move_stock(variant=variant, source=supplier, destination=fulfilment, quantity=quantity, reason=Reason.RECEIPT)


def test_move_refuses_the_same_source_and_destination(producer, variant, fulfilment):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5)])
    with refused("invalid", "destination"):
        move_stock(variant=variant, source=fulfilment, destination=fulfilment, quantity=1, reason=Reason.TRANSFER)


def test_move_refuses_two_virtual_places(variant, supplier, customer):
    with refused("invalid", "source"):
        move_stock(variant=variant, source=supplier, destination=customer, quantity=1, reason=Reason.SALE)


def test_move_refuses_an_unknown_reason(variant, supplier, fulfilment):
    with refused("invalid", "reason"):
        move_stock(variant=variant, source=supplier, destination=fulfilment, quantity=1, reason="gift")


def test_move_refuses_an_over_long_note(variant, supplier, fulfilment):
    with refused("too_long", "note"):
        move_stock(
            variant=variant, source=supplier, destination=fulfilment, quantity=1, reason=Reason.RECEIPT, note="x" * 256
        )


def test_move_refuses_a_variant_without_inventory_tracking(variant, supplier, fulfilment):
    variant.track_inventory = False
    variant.save()
    with refused("not_tracked", "variant"):
        move_stock(variant=variant, source=supplier, destination=fulfilment, quantity=1, reason=Reason.RECEIPT)


def test_move_refuses_an_inactive_physical_place(variant, supplier, kiosk):
    kiosk.is_active = False
    kiosk.save()
    with refused("inactive_location", "destination"):
        move_stock(variant=variant, source=supplier, destination=kiosk, quantity=1, reason=Reason.RECEIPT)


def test_receive_refuses_a_virtual_location(producer, variant, transit, loss):
    for place in (transit, loss):
        with refused("invalid", "warehouse"):
            receive_goods(warehouse=place, producer=producer, lines=[(variant, 1)])


def test_receive_refuses_an_empty_delivery(producer, fulfilment):
    with refused("required", "lines"):
        receive_goods(warehouse=fulfilment, producer=producer, lines=[])


def test_receive_refuses_another_producers_goods(producer, variant, foreign_variant, fulfilment):
    with refused("wrong_producer", "lines"):
        receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 1), (foreign_variant, 1)])


def test_receive_is_all_or_nothing(producer, variant, second_variant, fulfilment):
    with refused("invalid", "quantity"):
        receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 3), (second_variant, 0)])
    assert not Stock.objects.filter(product_variant=variant, quantity__gt=0).exists()


@pytest.mark.parametrize("note", ["", "   ", "\t\n"])
def test_adjust_requires_a_reason(note, producer, variant, fulfilment):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5)])
    with refused("required", "reason_note"):
        adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=-1, reason_note=note)
    assert balance(variant, fulfilment) == 5


@pytest.mark.parametrize("delta", [0, 1.0, "2", False])
def test_adjust_refuses_a_delta_that_is_not_a_non_zero_whole_number(delta, variant, fulfilment):
    with refused("invalid", "quantity_delta"):
        adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=delta, reason_note="Kiểm kê")


def test_adjust_refuses_a_virtual_location(variant, customer):
    with refused("invalid", "warehouse"):
        adjust_stock(warehouse=customer, variant=variant, quantity_delta=1, reason_note="Kiểm kê")


def test_fulfilment_warehouse_never_goes_below_zero(producer, variant, fulfilment, customer):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 3)])
    with refused("insufficient_stock", "quantity") as info:
        move_stock(variant=variant, source=fulfilment, destination=customer, quantity=4, reason=Reason.FULFILMENT)
    assert "còn 3" in info.value.message
    with refused("insufficient_stock"):
        adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=-4, reason_note="Mất hàng")
    move_stock(variant=variant, source=fulfilment, destination=customer, quantity=3, reason=Reason.FULFILMENT)
    assert balance(variant, fulfilment) == 0


def test_fulfilment_warehouse_keeps_what_orders_have_allocated(producer, variant, fulfilment, customer):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    Stock.objects.filter(warehouse=fulfilment, product_variant=variant).update(quantity_allocated=8)
    with refused("insufficient_stock"):
        move_stock(variant=variant, source=fulfilment, destination=customer, quantity=3, reason=Reason.SALE)
    move_stock(variant=variant, source=fulfilment, destination=customer, quantity=2, reason=Reason.SALE)
    assert balance(variant, fulfilment) == 8


def test_fulfilment_warehouse_with_no_stock_row_refuses_and_writes_nothing(variant, fulfilment, customer):
    with refused("insufficient_stock"):
        move_stock(variant=variant, source=fulfilment, destination=customer, quantity=1, reason=Reason.SALE)
    assert not Stock.objects.filter(product_variant=variant).exists()


def test_kiosk_may_go_negative(variant, kiosk, customer):
    move_stock(variant=variant, source=kiosk, destination=customer, quantity=2, reason=Reason.SALE)
    assert balance(variant, kiosk) == -2
    assert ledger_discrepancies() == []
