"""record_return: refunds point at the sold line, move goods back to the kiosk, never exceed what was sold."""

import uuid

import pytest
from django.db import IntegrityError

from inventory.models import Stock, StockMovement
from inventory.pos.models import SaleLine, SaleReturn
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line


@pytest.fixture
def sale(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    # 3 × 85.000, 5 % off the line then 5 % off the sale: 255.000 − 12.750 − 12.113 = 230.137 ₫, which does not
    # split into three whole đồng; plus one sesame oil at 114.000 ₫.
    return record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 3, discount_percent=5), line(sesame_oil, 1)],
        payments=[cash(400_000)],
        discount=5,
    )


def give_back(sale, staff, quantities, *, client_uuid=None, refund_method="cash"):
    return record_return(
        sale=sale,
        staff=staff,
        client_uuid=client_uuid or uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=sale_line.pk, quantity=q) for sale_line, q in quantities],
        reason="Chai bị nứt",
        refund_method=refund_method,
    )


def test_a_return_refunds_and_moves_goods_back(sale, hoi_an, customer, staff_hoi_an, fish_sauce):
    fish = sale.lines.get(variant=fish_sauce)
    sale_return = give_back(sale, staff_hoi_an, [(fish, 2)])
    assert sale_return.refund_amount == 153_425  # 230.137 × 2 / 3 = 153.424,67, half up
    fish.refresh_from_db()
    assert fish.quantity_returned == 2
    movement = StockMovement.objects.get(reason="return")
    assert (movement.source_id, movement.destination_id, movement.quantity) == (customer.pk, hoi_an.pk, 2)
    assert movement.reference == sale.receipt_number
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 10 - 3 + 2


def test_partial_returns_refund_exactly_the_line_total(sale, staff_hoi_an, fish_sauce):
    fish = sale.lines.get(variant=fish_sauce)
    refunds = [give_back(sale, staff_hoi_an, [(fish, 1)]).refund_amount for _unit in range(3)]
    assert refunds == [76_712, 76_713, 76_712]
    assert sum(refunds) == fish.total_amount == 230_137


def test_returns_never_exceed_what_was_sold(sale, staff_hoi_an, fish_sauce):
    fish = sale.lines.get(variant=fish_sauce)
    give_back(sale, staff_hoi_an, [(fish, 2)])
    with pytest.raises(DomainError) as refused:
        give_back(sale, staff_hoi_an, [(fish, 2)])
    assert refused.value.code == "return_exceeds_sold"
    # The same line twice in one return counts as one request for the sum.
    with pytest.raises(DomainError):
        give_back(sale, staff_hoi_an, [(fish, 1), (fish, 1)])
    assert SaleReturn.objects.count() == 1
    assert StockMovement.objects.filter(reason="return").count() == 1


def test_the_database_refuses_returned_above_sold(sale):
    with pytest.raises(IntegrityError):
        SaleLine.objects.filter(sale=sale).update(quantity_returned=5)


def test_a_replayed_return_is_recorded_once(sale, staff_hoi_an, fish_sauce):
    fish = sale.lines.get(variant=fish_sauce)
    client_uuid = uuid.uuid4()
    first = give_back(sale, staff_hoi_an, [(fish, 1)], client_uuid=client_uuid)
    again = give_back(sale, staff_hoi_an, [(fish, 1)], client_uuid=client_uuid)
    assert first.pk == again.pk
    fish.refresh_from_db()
    assert fish.quantity_returned == 1
    assert StockMovement.objects.filter(reason="return").count() == 1


def test_a_line_of_another_sale_is_refused(sale, hoi_an, staff_hoi_an, fish_sauce):
    other = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    with pytest.raises(DomainError) as refused:
        give_back(sale, staff_hoi_an, [(other.lines.get(), 1)])
    assert refused.value.code == "not_found"


def test_staff_of_another_kiosk_cannot_take_a_return(sale, staff_tam_ky, fish_sauce):
    with pytest.raises(DomainError) as refused:
        give_back(sale, staff_tam_ky, [(sale.lines.get(variant=fish_sauce), 1)])
    assert refused.value.code == "wrong_kiosk"
    assert not SaleReturn.objects.exists()


def test_a_reason_is_required(sale, staff_hoi_an, fish_sauce):
    with pytest.raises(DomainError) as refused:
        record_return(
            sale=sale,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[ReturnLineInput(sale_line_id=sale.lines.get(variant=fish_sauce).pk, quantity=1)],
            reason="   ",
        )
    assert refused.value.code == "required"
