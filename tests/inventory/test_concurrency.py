"""Movements running at the same time, each on its own database connection, never oversell nor deadlock.

These tests commit for real (transaction=True): row locks only matter between separate transactions.
"""

import pytest

from inventory.ledger import move_stock
from inventory.models import Stock, StockCount, StockMovement, StockTransfer
from inventory.selectors import ledger_discrepancies
from inventory.services import receive_goods, receive_transfer, ship_transfer, start_stock_count
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from tests.concurrency import run_together

Reason = StockMovement.Reason
THREADS = 12

# serialized_rollback restores the locations and channels of the data migrations, which a flush empties.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_only_the_available_quantity_leaves_the_fulfilment_warehouse(producer, variant, fulfilment, customer):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 7)])
    Stock.objects.filter(warehouse=fulfilment, product_variant=variant).update(quantity_allocated=2)

    outcomes = run_together(
        lambda i: move_stock(variant=variant, source=fulfilment, destination=customer, quantity=1, reason=Reason.SALE),
        THREADS,
    )

    sold = [o for o in outcomes if isinstance(o, StockMovement)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(sold) == 5
    assert len(refused) == THREADS - 5
    assert all(error.code == "insufficient_stock" for error in refused)
    stock = Stock.objects.get(warehouse=fulfilment, product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (2, 2)
    assert not Stock.objects.filter(quantity__lt=0).exists()
    assert ledger_discrepancies() == []


def test_opposite_transfers_do_not_deadlock(producer, variant, fulfilment, kiosk):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 100)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 100)])

    def transfer(i):
        source, destination = (fulfilment, kiosk) if i % 2 else (kiosk, fulfilment)
        return move_stock(variant=variant, source=source, destination=destination, quantity=i + 1, reason="transfer")

    outcomes = run_together(transfer, THREADS)

    assert all(isinstance(o, StockMovement) for o in outcomes), outcomes
    out_of_fulfilment = sum(i + 1 for i in range(THREADS) if i % 2)
    into_fulfilment = sum(i + 1 for i in range(THREADS) if not i % 2)
    assert Stock.objects.get(warehouse=fulfilment, product_variant=variant).quantity == (
        100 - out_of_fulfilment + into_fulfilment
    )
    assert ledger_discrepancies() == []


def test_first_receipts_racing_create_one_stock_row(producer, variant, kiosk):
    outcomes = run_together(lambda i: receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 2)]), THREADS)

    assert all(isinstance(o, list) for o in outcomes), outcomes
    assert Stock.objects.filter(product_variant=variant).count() == 1
    assert Stock.objects.get(warehouse=kiosk, product_variant=variant).quantity == 2 * THREADS
    assert ledger_discrepancies() == []


def test_receipts_listing_the_same_goods_in_opposite_orders_do_not_deadlock(
    producer, variant, second_variant, fulfilment
):
    # Each receipt holds the locks of its earlier lines while it takes the next: without a fixed order, one
    # listing A then B and another B then A would wait for each other.
    def receive(i):
        lines = [(variant, 1), (second_variant, 1)]
        return receive_goods(warehouse=fulfilment, producer=producer, lines=lines if i % 2 else lines[::-1])

    outcomes = run_together(receive, THREADS)

    assert all(isinstance(o, list) for o in outcomes), outcomes
    for item in (variant, second_variant):
        assert Stock.objects.get(warehouse=fulfilment, product_variant=item).quantity == THREADS
    assert ledger_discrepancies() == []


def test_transfers_shipped_at_once_are_numbered_without_gaps_and_received_once(producer, variant, fulfilment, kiosk):
    manager = User.objects.create_user(username="ql", email="ql@xuquang.test", role="manager")
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 8)])
    # Twelve shipments of one unit race for eight: eight leave, four are refused and take no number.
    outcomes = run_together(
        lambda i: ship_transfer(origin=fulfilment, destination=kiosk, lines=[(variant, 1)], user=manager), THREADS
    )
    shipped = [o for o in outcomes if isinstance(o, StockTransfer)]
    assert len(shipped) == 8 and all(isinstance(o, DomainError) for o in outcomes if o not in shipped)
    assert sorted(t.number for t in shipped) == [f"CK-HCM-{n:04d}" for n in range(1, 9)]
    transfer = shipped[0]
    received = {transfer.lines.get().pk: 1}
    outcomes = run_together(lambda i: receive_transfer(transfer=transfer, received=received, user=manager), THREADS)
    assert sum(isinstance(o, StockTransfer) for o in outcomes) == 1
    assert {o.code for o in outcomes if isinstance(o, DomainError)} == {"already_received"}
    assert Stock.objects.get(warehouse=kiosk, product_variant=variant).quantity == 1
    assert ledger_discrepancies() == []


def test_counts_started_at_once_open_one(producer, variant, kiosk):
    manager = User.objects.create_user(username="ql", email="ql@xuquang.test", role="manager")
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 3)])
    outcomes = run_together(lambda i: start_stock_count(warehouse=kiosk, user=manager), THREADS)
    opened = [o for o in outcomes if isinstance(o, StockCount)]
    assert len(opened) == 1 and opened[0].number == "KK-HA-0001"
    assert {o.code for o in outcomes if isinstance(o, DomainError)} == {"count_open"}
