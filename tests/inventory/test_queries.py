"""move_stock costs a fixed number of queries, whatever the catalogue or ledger size.

Inside the test transaction, atomic() shows up as SAVEPOINT and RELEASE SAVEPOINT (plus ROLLBACK TO on error).
"""

import pytest

from inventory.ledger import move_stock
from inventory.models import StockMovement
from inventory.services import receive_goods
from marketplace.core.errors import DomainError

Reason = StockMovement.Reason


@pytest.fixture
def stocked(producer, variant, fulfilment, kiosk):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 10)])
    return variant


def test_one_physical_end(stocked, fulfilment, customer, django_assert_num_queries):
    # savepoint, lock the row, insert the movement, update the balance, release
    with django_assert_num_queries(5):
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=1, reason=Reason.FULFILMENT)


def test_two_physical_ends(stocked, fulfilment, kiosk, django_assert_num_queries):
    # savepoint, lock both rows in one query, insert the movement, update two balances, release
    with django_assert_num_queries(6):
        move_stock(variant=stocked, source=fulfilment, destination=kiosk, quantity=1, reason=Reason.TRANSFER)


def test_first_movement_into_a_place_creates_its_row(stocked, fulfilment, other_kiosk, django_assert_num_queries):
    # as above, plus the insert of the missing row and the second lock that takes it
    with django_assert_num_queries(8):
        move_stock(variant=stocked, source=fulfilment, destination=other_kiosk, quantity=1, reason=Reason.TRANSFER)


def test_refusal_reads_and_rolls_back(stocked, fulfilment, customer, django_assert_num_queries):
    # savepoint, lock the row, roll back to and release the savepoint: nothing is written
    with django_assert_num_queries(4), pytest.raises(DomainError):
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=11, reason=Reason.SALE)


def test_invalid_input_costs_no_query(stocked, fulfilment, customer, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(DomainError):
        move_stock(variant=stocked, source=fulfilment, destination=customer, quantity=0, reason=Reason.SALE)


@pytest.mark.parametrize("line_count", [1, 2])
def test_receipt_cost_grows_by_one_movement_per_line(
    line_count, stocked, second_variant, producer, fulfilment, django_assert_num_queries
):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(second_variant, 1)])
    lines = [(stocked, 1), (second_variant, 1)][:line_count]
    # the producer check, the supplier location, savepoint, lock every line's row, then per line the five
    # queries of a movement, and the release
    with django_assert_num_queries(5 + 5 * line_count):
        receive_goods(warehouse=fulfilment, producer=producer, lines=lines)
