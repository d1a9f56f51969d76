"""The ledger costs a fixed number of queries, whatever the number of lines, the catalogue or the ledger size.

A batch (inventory.ledger.move_stocks) is one statement inside a caller's transaction: it locks every Stock row of
the batch in primary-key order, checks the balances and changes them all or none (creating missing rows), and
inserts the movements only if every balance changed. Inside a transaction (these tests run inside one) no
SAVEPOINT is added.
"""

import pytest

from inventory.ledger import Move, move_stock, move_stocks
from inventory.models import Stock, StockMovement
from inventory.services import receive_goods
from marketplace.catalogue.services import create_product, create_variant
from marketplace.core.errors import DomainError

Reason = StockMovement.Reason


@pytest.fixture
def stocked(producer, variant, fulfilment, kiosk):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 10)])
    return variant


def _balance(place, variant) -> int:
    return Stock.objects.get(warehouse=place, product_variant=variant).quantity


def test_one_physical_end(stocked, fulfilment, customer, django_assert_num_queries):
    with django_assert_num_queries(1):
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=1, reason=Reason.FULFILMENT)
    assert _balance(fulfilment, stocked) == 9


def test_two_physical_ends(stocked, fulfilment, kiosk, django_assert_num_queries):
    with django_assert_num_queries(1):
        move_stock(variant=stocked, source=fulfilment, destination=kiosk, quantity=1, reason=Reason.TRANSFER)
    assert (_balance(fulfilment, stocked), _balance(kiosk, stocked)) == (9, 11)


def test_first_movement_into_a_place_creates_its_row(stocked, fulfilment, other_kiosk, django_assert_num_queries):
    # the missing row is created by the same statement, with the movement's quantity
    with django_assert_num_queries(1):
        move_stock(variant=stocked, source=fulfilment, destination=other_kiosk, quantity=3, reason=Reason.TRANSFER)
    assert _balance(other_kiosk, stocked) == 3
    assert Stock.objects.get(warehouse=other_kiosk, product_variant=stocked).allow_negative


def test_refusal_reads_and_writes_nothing(stocked, fulfilment, customer, django_assert_num_queries):
    with django_assert_num_queries(1), pytest.raises(DomainError) as refused:
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=11, reason=Reason.SALE)
    assert refused.value.code == "insufficient_stock"
    assert "còn 10 có thể xuất, cần 11" in refused.value.message
    assert _balance(fulfilment, stocked) == 10


def test_a_batch_is_all_or_nothing(stocked, second_variant, producer, fulfilment, kiosk, customer):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(second_variant, 2)])
    movements_before = StockMovement.objects.count()
    with pytest.raises(DomainError):
        move_stocks(
            [
                Move(stocked, fulfilment, kiosk, 4),  # fine on its own
                Move(second_variant, fulfilment, customer, 3),  # only 2 there
            ],
            reason=Reason.TRANSFER,
        )
    assert (_balance(fulfilment, stocked), _balance(kiosk, stocked), _balance(fulfilment, second_variant)) == (
        10,
        10,
        2,
    )
    assert StockMovement.objects.count() == movements_before


def test_invalid_input_costs_no_query(stocked, fulfilment, customer, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(DomainError):
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=0, reason=Reason.SALE)


@pytest.mark.parametrize("line_count", [1, 2, 50])
def test_receipt_cost_does_not_grow_with_its_lines(
    line_count, stocked, producer, category, fulfilment, django_assert_num_queries
):
    variants = [stocked] + [
        create_variant(product=create_product(producer=producer, category=category, name=f"Mắm {i}"), sku=f"M-{i}")
        for i in range(line_count - 1)
    ]
    # the producer check, then the batch (missing rows created)
    with django_assert_num_queries(2):
        receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5) for variant in variants])
    assert [_balance(fulfilment, variant) for variant in variants] == [15] + [5] * (line_count - 1)
